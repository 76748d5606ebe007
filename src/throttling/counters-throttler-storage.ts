import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { RateLimitCounters } from './rate-limit-counters';

/**
 * The rate limiter's storage on the app's counters (in-process, or Redis when configured, so
 * every instance shares one budget per key): one fixed window per key, O(1) per request. The
 * library's own storage keeps every hit's expiry in an array that it filters on every request,
 * so its cost grows with the limit. A key over its limit is refused for `blockDuration` (the
 * library's default is the window), and refused requests are not counted.
 */
export class CountersThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: RateLimitCounters) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const hit = await this.counters.limitedHit(`throttle:${key}`, ttl, limit, blockDuration);
    const isBlocked = hit.blockedForMs > 0;
    return {
      totalHits: hit.hits,
      timeToExpire: seconds(hit.resetInMs),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(hit.blockedForMs) : 0,
    };
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
