import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ApiKeyRateLimit } from './api-key-rate-limit';
import { RATE_LIMIT_COUNTERS } from './rate-limit-counters';
import { RateLimitStore } from './rate-limit-store';

/**
 * The counters every limiter uses (per-key rate limit, failed authentications, sign-ins), and
 * the per-key rate limit itself.
 */
@Global()
@Module({
  providers: [
    { provide: RateLimitStore, inject: [AppConfig], useFactory: RateLimitStore.forConfig },
    {
      provide: RATE_LIMIT_COUNTERS,
      inject: [RateLimitStore],
      useFactory: (store: RateLimitStore) => store.counters,
    },
    ApiKeyRateLimit,
  ],
  exports: [RateLimitStore, RATE_LIMIT_COUNTERS, ApiKeyRateLimit],
})
export class RateLimitModule {}
