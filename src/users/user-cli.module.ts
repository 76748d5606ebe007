import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { RequestContextModule } from '../request-context/request-context.module';
import { RateLimitModule } from '../throttling/rate-limit.module';
import { UsersModule } from './users.module';

/** Just what `npm run user` needs: configuration, the (migrated) database and the users service. */
@Module({})
export class UserCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UserCliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        RequestContextModule,
        RateLimitModule,
        UsersModule,
      ],
    };
  }
}
