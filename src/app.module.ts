import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from './audit/audit.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { RoleGuard } from './auth/role.guard';
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
import { ApiKeyThrottlerGuard } from './throttling/api-key-throttler.guard';
import { CountersThrottlerStorage } from './throttling/counters-throttler-storage';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from './throttling/rate-limit-counters';
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
        ThrottlerModule.forRootAsync({
          inject: [RATE_LIMIT_COUNTERS],
          useFactory: (counters: RateLimitCounters) => ({
            throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
            storage: new CountersThrottlerStorage(counters),
          }),
        }),
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
        // Guards run in this order: authenticate, rate-limit by the key, then check its role.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        { provide: APP_GUARD, useClass: RoleGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
