import type { ModuleMetadata } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { RequestContextModule } from '../../src/request-context/request-context.module';
import { freshDatabaseEnv } from './test-database';

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
  const databaseEnv = await freshDatabaseEnv();
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
