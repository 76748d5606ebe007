import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * Most statement texts that get a name; further ones run unnamed. Each connection keeps a
 * plan for each name it has run, so the names must stay few.
 */
const MAX_NAMED_STATEMENTS = 200;

/**
 * Runs fixed-shape statements (the same text every time, values as parameters) as named
 * prepared statements: each connection parses and plans one once, then only binds and
 * executes it. Planning the customer page's statement took longer than running it.
 *
 * Only for statements whose best plan does not depend on the values (lookups by id, keyset
 * pages): after five runs PostgreSQL may keep one generic plan for all values. A search's
 * LIKE patterns are not such values. Inside a transaction the statement runs on the
 * transaction's connection.
 */
@Injectable()
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  async query<T>(text: string, values: unknown[]): Promise<T[]> {
    const statement: QueryConfig = { text, values, name: this.nameOf(text) };
    const queryRunner = this.txHost.isTransactionActive() ? this.txHost.tx.queryRunner : undefined;
    try {
      const result = queryRunner
        ? await ((await queryRunner.connect()) as PoolClient).query(statement)
        : await this.pool.query(statement);
      return result.rows as T[];
    } catch (error) {
      // As TypeORM reports it, so errors map to problems the same way on every path.
      throw new QueryFailedError(text, values, error as Error);
    }
  }

  private get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }

  private nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= MAX_NAMED_STATEMENTS) return known;
    const name = `s_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}
