import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { QueryFailedError } from 'typeorm';
import { PreparedStatements } from '../src/database/prepared-statements';
import { createTestApp, type TestApp } from './support/test-app';

describe('PreparedStatements', () => {
  let t: TestApp;
  let prepared: PreparedStatements;
  let txHost: TransactionHost<TransactionalAdapterTypeOrm>;
  let cls: ClsService;
  beforeAll(async () => {
    t = await createTestApp();
    prepared = t.app.get(PreparedStatements);
    txHost = t.app.get(TransactionHost);
    cls = t.app.get(ClsService);
  });
  afterAll(() => t.close());

  it('runs inside the current transaction, on its connection, and rolls back with it', async () => {
    const seen = await cls.run(() =>
      txHost
        .withTransaction(async () => {
          await prepared.query(`SELECT set_config('app.probe', 'inside', true)`, []);
          const [{ probe }] = await txHost.tx.query<{ probe: string }[]>(
            `SELECT current_setting('app.probe', true) AS probe`,
          );
          await prepared.query(
            `INSERT INTO customers (id, company_name, contact_name, email, tags, version)
             VALUES ($1, 'Rolled Back', 'R', 'rolled-back@x.test', '{}', 1)`,
            ['5d0f3a4e-9a3c-4b8e-8f1a-0c2b7e6d5a41'],
          );
          throw Object.assign(new Error('roll back'), { probe });
        })
        .catch((error: { probe?: string }) => error.probe),
    );
    expect(seen).toBe('inside');
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM customers WHERE email = 'rolled-back@x.test'`,
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('names each statement text once, so a connection plans it once', async () => {
    const marker = 'prepared-statements-e2e-marker';
    const names = await cls.run(() =>
      txHost.withTransaction(async () => {
        await prepared.query(`SELECT $1::text AS marker`, [marker]);
        await prepared.query(`SELECT $1::text AS marker`, [marker]);
        return prepared.query<{ name: string }>(
          `SELECT name FROM pg_prepared_statements WHERE statement = 'SELECT $1::text AS marker'`,
          [],
        );
      }),
    );
    expect(names).toHaveLength(1);
    expect(names[0].name).toMatch(/^s_[A-Za-z0-9_-]{24}$/);
  });

  it('reports errors as TypeORM does (QueryFailedError with the driver error)', async () => {
    const error: unknown = await prepared.query(`SELECT 1 / $1::int`, [0]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '22012' });
  });
});
