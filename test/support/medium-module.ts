import { randomBytes } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { IN_MEMORY } from '../../src/database/embedded-database';
import { createDatabase, withDatabase } from '../../src/database/server-databases';
import { RequestContextModule } from '../../src/request-context/request-context.module';
import { currentTestRun } from './test-database';

export interface MediumModule {
  moduleRef: TestingModule;
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * The medium tier: the given feature modules with the real configuration, database (a fresh
 * clone of the run's migrated template, or an in-memory embedded one on the fallback) and
 * request context (transactions), but no HTTP server: tests call services and repositories.
 */
export async function createMediumModule(
  imports: NonNullable<ModuleMetadata['imports']>,
  env: Record<string, string> = {},
): Promise<MediumModule> {
  const run = currentTestRun();
  let databaseEnv: Record<string, string>;
  if (run.mode === 'server') {
    const name = `${run.runId}_${randomBytes(5).toString('hex')}`;
    await createDatabase(run.serverUrl, name, run.template);
    databaseEnv = { DATABASE_URL: withDatabase(run.serverUrl, name) };
  } else {
    databaseEnv = { DATA_DIR: IN_MEMORY };
  }
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    IMPORT_WORKERS: '0',
    ...databaseEnv,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(config),
      DatabaseModule.forRoot(config),
      RequestContextModule,
      ...imports,
    ],
  }).compile();
  await moduleRef.init();
  return { moduleRef, dataSource: moduleRef.get(DataSource), close: () => moduleRef.close() };
}
