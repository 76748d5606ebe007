import { ProblemException } from '../problem/problem.exception';
import type { CounterWindow, LimitedHit, RateLimitCounters } from './rate-limit-counters';

/** What the limiters do while their shared store cannot be reached (`RATE_LIMIT_STORE_FAILURE`). */
export type StoreFailureMode = 'open' | 'closed';

export interface OutageLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  log(message: string): void;
}

/**
 * Counters in a store that can go away (Redis). Fail open: a hit is let through uncounted, so
 * an outage costs the limit, not the API. Fail closed: the request is answered 503
 * `rate_limit_unavailable` with Retry-After. Either way the outage is logged once per
 * `logIntervalMs` (not once per request), and its end once.
 */
export class FailSafeCounters implements RateLimitCounters {
  private failing = false;
  private lastLoggedAt = Number.NEGATIVE_INFINITY;
  private suppressed = 0;

  constructor(
    private readonly store: RateLimitCounters,
    readonly mode: StoreFailureMode,
    private readonly logger: OutageLogger,
    private readonly logIntervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string, windowMs: number): Promise<CounterWindow> {
    return this.guard(() => this.store.increment(key, windowMs), { hits: 0, resetInMs: 0 });
  }

  peek(key: string): Promise<CounterWindow> {
    return this.guard(() => this.store.peek(key), { hits: 0, resetInMs: 0 });
  }

  limitedHit(key: string, windowMs: number, limit: number, blockMs: number): Promise<LimitedHit> {
    return this.guard(() => this.store.limitedHit(key, windowMs, limit, blockMs), {
      hits: 0,
      resetInMs: 0,
      blockedForMs: 0,
    });
  }

  /** Records that the store failed (also called by the client's own error events). */
  noteFailure(error: unknown): void {
    this.failing = true;
    const now = this.now();
    if (now - this.lastLoggedAt < this.logIntervalMs) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn(
      `Rate-limit store unreachable; failing ${this.mode}` +
        (this.mode === 'open' ? ' (requests are not counted)' : ' (requests get 503)'),
      {
        err: error instanceof Error ? error.message : String(error),
        failuresSinceLastLog: this.suppressed,
      },
    );
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }

  private async guard<T>(operation: () => Promise<T>, uncounted: T): Promise<T> {
    let result: T;
    try {
      result = await operation();
    } catch (error) {
      this.noteFailure(error);
      if (this.mode === 'open') return uncounted;
      throw new ProblemException({
        status: 503,
        code: 'rate_limit_unavailable',
        detail: 'The rate limiter cannot reach its store. Retry after the Retry-After delay.',
        headers: { 'retry-after': '5' },
      });
    }
    if (this.failing) {
      this.failing = false;
      this.lastLoggedAt = Number.NEGATIVE_INFINITY;
      this.logger.log('Rate-limit store reachable again');
    }
    return result;
  }
}
