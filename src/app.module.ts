import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { AccessGuard } from './auth/access.guard';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { CustomersModule } from './customers/customers.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { JobsModule } from './jobs/jobs.module';
import { createAppLogger, loggerOptions } from './logging/logger-options';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { createValidationPipe } from './problem/validation-pipe';
import { RequestContextModule } from './request-context/request-context.module';
import { RateLimitModule } from './throttling/rate-limit.module';
import { UsersModule } from './users/users.module';
import { WorkOrdersModule } from './work-orders/work-orders.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger = createAppLogger(config)): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(logger)),
        DatabaseModule.forRoot(config),
        RequestContextModule,
        RateLimitModule,
        AuthModule,
        UsersModule,
        HealthModule,
        AuditModule,
        CustomersModule,
        WorkOrdersModule,
        JobsModule,
        ImportsModule,
      ],
      providers: [
        // Authenticates, rate-limits by the key, then checks its role.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
