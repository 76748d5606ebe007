import { join } from 'node:path';
import { DataSource, MigrationExecutor } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { openEmbeddedDatabase } from './embedded-database';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const sourceRoot = join(__dirname, '..');
// Compiled code runs from dist/ (migrations in dist/migrations); tests run the .ts sources.
const runningFromSources = __filename.endsWith('.ts');
const migrationsGlob = runningFromSources
  ? join(sourceRoot, '..', 'migrations', '*.ts')
  : join(sourceRoot, 'migrations', '*.js');

export type DatabaseTarget =
  | { kind: 'server'; url: string; poolSize: number; statementTimeoutMs: number }
  | { kind: 'embedded'; dataDir: string };

export function databaseTargetFrom(config: AppConfig): DatabaseTarget {
  return config.databaseUrl
    ? {
        kind: 'server',
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        statementTimeoutMs: config.statementTimeoutMs,
      }
    : { kind: 'embedded', dataDir: config.dataDir };
}

function baseOptions() {
  return {
    type: 'postgres' as const,
    namingStrategy: new SnakeNamingStrategy(),
    entities: [join(sourceRoot, '**', '*.entity.{ts,js}')],
    migrations: [migrationsGlob],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    migrationsRun: false,
    // Extensions are created by migrations, not at connect time.
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logging: false,
  };
}

/** A DataSource (not yet initialised) for a server or the embedded database. */
export async function createDataSource(target: DatabaseTarget): Promise<DataSource> {
  if (target.kind === 'server') {
    return new DataSource({
      ...baseOptions(),
      url: target.url,
      poolSize: target.poolSize,
      applicationName: 'shop-customers-service',
      extra: {
        // Last guard against a runaway query: it ends as a 503 problem, never a hang.
        statement_timeout: target.statementTimeoutMs,
        connectionTimeoutMillis: 5000,
      },
    });
  }
  const embedded = await openEmbeddedDatabase(target.dataDir);
  const dataSource = new DataSource({ ...baseOptions(), extra: embedded.poolOptions });
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    try {
      if (dataSource.isInitialized) await destroy();
    } finally {
      await embedded.close();
    }
  };
  return dataSource;
}

const MIGRATION_LOCK_KEY = 727_001;

/**
 * Runs pending migrations under an advisory lock, so several instances starting at once
 * apply each migration exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Same session as the lock: PGlite has only one, and the lock is per session anyway.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .catch(() => undefined);
    await runner.release();
  }
}
