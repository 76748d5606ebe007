import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { createDataSource, databaseTargetFrom, runMigrations } from './data-source-options';
import { PreparedStatements } from './prepared-statements';

/**
 * The one DataSource (a PostgreSQL server, or embedded PGlite when DATABASE_URL is unset),
 * migrated before the app listens, and the prepared statements run on it.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [PreparedStatements],
      exports: [PreparedStatements],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', retryAttempts: 2, retryDelay: 1000 }),
          dataSourceFactory: async () => {
            const dataSource = await createDataSource(databaseTargetFrom(config));
            try {
              await dataSource.initialize();
              await runMigrations(dataSource);
            } catch (error) {
              await dataSource.destroy();
              throw error;
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
