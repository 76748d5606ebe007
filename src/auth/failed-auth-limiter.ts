import type { RateLimitCounters } from '../throttling/rate-limit-counters';

/**
 * Failed authentications per client address, in fixed one-minute windows. Once an address
 * spends its budget, it is refused (429) without its key being checked until the window ends:
 * that is what bounds key guessing (a guess that happened to be right would otherwise still
 * answer 200). Kept in the app's counters: shared by every instance when Redis is configured.
 */
export class FailedAuthLimiter {
  constructor(
    private readonly counters: RateLimitCounters,
    private readonly limitPerMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds until the address may try again, or 0 when it may try now. */
  async retryAfterSeconds(address: string): Promise<number> {
    const window = await this.counters.peek(key(address));
    if (window.hits < this.limitPerMinute) return 0;
    return Math.max(1, Math.ceil(window.resetInMs / 1000));
  }

  async recordFailure(address: string): Promise<void> {
    await this.counters.increment(key(address), this.windowMs);
  }
}

function key(address: string): string {
  return `auth-failures:${address}`;
}
