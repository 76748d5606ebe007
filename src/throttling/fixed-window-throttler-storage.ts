import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface KeyWindow {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/**
 * The rate limiter's counters: one fixed window per key, O(1) per request. The library's own
 * storage keeps every hit's expiry in an array that it filters on every request, so its cost
 * grows with the limit (60,000 entries per request at 1,000 requests/s under a high limit).
 * A key over its limit is refused for `blockDuration` (the library's default is the window),
 * and refused requests are not counted. Bounded in memory: the oldest keys are dropped first.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, KeyWindow>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.now();
    const window = this.currentWindow(key, ttl, now);
    if (window.blockedUntil <= now) {
      window.hits += 1;
      if (window.hits > limit) window.blockedUntil = now + Math.max(blockDuration, 1);
    }
    const isBlocked = window.blockedUntil > now;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: secondsUntil(window.endsAt, now),
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsUntil(window.blockedUntil, now) : 0,
    });
  }

  private currentWindow(key: string, ttl: number, now: number): KeyWindow {
    const window = this.windows.get(key);
    if (window && (window.endsAt > now || window.blockedUntil > now)) return window;
    if (window) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) {
      // Maps iterate in insertion order: drop the oldest window.
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    const fresh = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
    this.windows.set(key, fresh);
    return fresh;
  }
}

function secondsUntil(time: number, now: number): number {
  return Math.max(1, Math.ceil((time - now) / 1000));
}
