import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { RequestContextModule } from '../request-context/request-context.module';
import { AuthModule } from './auth.module';

/**
 * Just what `npm run apikey` needs: configuration, the (migrated) database, the request
 * context for transactions, and the API key service. No HTTP, no job queue, no workers.
 */
@Module({})
export class ApiKeyCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiKeyCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        RequestContextModule,
        AuthModule,
      ],
    };
  }
}
