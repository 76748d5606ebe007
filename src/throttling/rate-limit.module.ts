import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RATE_LIMIT_COUNTERS } from './rate-limit-counters';
import { RateLimitStore } from './rate-limit-store';

/** The counters every limiter uses (per-key rate limit, failed authentications, sign-ins). */
@Global()
@Module({
  providers: [
    { provide: RateLimitStore, inject: [AppConfig], useFactory: RateLimitStore.forConfig },
    {
      provide: RATE_LIMIT_COUNTERS,
      inject: [RateLimitStore],
      useFactory: (store: RateLimitStore) => store.counters,
    },
  ],
  exports: [RateLimitStore, RATE_LIMIT_COUNTERS],
})
export class RateLimitModule {}
