/**
 * Fixed-window hit counters: the one place every limiter keeps its counts (the per-key rate
 * limit, failed authentications, failed sign-ins). In-process by default; a shared store
 * (Redis) implements the same interface so that several instances share one budget.
 */
export interface CounterWindow {
  /** Hits in the current window (0 when there is none). */
  hits: number;
  /** Milliseconds until the window ends (0 when there is none). */
  resetInMs: number;
}

/** A hit against a limit: refused hits are not counted, the first hit past the limit blocks. */
export interface LimitedHit extends CounterWindow {
  /** Milliseconds the key stays refused (0 when it is not blocked). */
  blockedForMs: number;
}

export interface RateLimitCounters {
  /** Adds one hit to `key`'s window, opening one of `windowMs` if none is open; the window after the hit. */
  increment(key: string, windowMs: number): Promise<CounterWindow>;
  /** `key`'s current window without adding a hit. */
  peek(key: string): Promise<CounterWindow>;
  /**
   * A hit against `limit` hits per `windowMs`: counted unless the key is blocked; the hit that
   * goes past the limit blocks the key for `blockMs` (its window lasts at least as long).
   */
  limitedHit(key: string, windowMs: number, limit: number, blockMs: number): Promise<LimitedHit>;
}

/** The injection token for the counters the app is configured with. */
export const RATE_LIMIT_COUNTERS = Symbol('RateLimitCounters');

/** One process's counters, bounded in memory: the oldest windows are dropped first. */
interface KeyWindow {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

export class InMemoryRateLimitCounters implements RateLimitCounters {
  private readonly windows = new Map<string, KeyWindow>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string, windowMs: number): Promise<CounterWindow> {
    const now = this.now();
    const window = this.open(key, now) ?? this.fresh(key, windowMs, now);
    window.hits += 1;
    return Promise.resolve({ hits: window.hits, resetInMs: window.endsAt - now });
  }

  limitedHit(key: string, windowMs: number, limit: number, blockMs: number): Promise<LimitedHit> {
    const now = this.now();
    const window = this.open(key, now) ?? this.fresh(key, windowMs, now);
    if (window.blockedUntil <= now) {
      window.hits += 1;
      if (window.hits > limit) {
        window.blockedUntil = now + Math.max(blockMs, 1);
        window.endsAt = Math.max(window.endsAt, window.blockedUntil);
      }
    }
    return Promise.resolve({
      hits: window.hits,
      resetInMs: window.endsAt - now,
      blockedForMs: Math.max(window.blockedUntil - now, 0),
    });
  }

  peek(key: string): Promise<CounterWindow> {
    const now = this.now();
    const window = this.open(key, now);
    return Promise.resolve(
      window ? { hits: window.hits, resetInMs: window.endsAt - now } : { hits: 0, resetInMs: 0 },
    );
  }

  private fresh(key: string, windowMs: number, now: number): KeyWindow {
    if (this.windows.size >= this.maxKeys) {
      // Maps iterate in insertion order: drop the oldest window.
      const oldest = this.windows.keys().next().value;
      if (oldest !== undefined) this.windows.delete(oldest);
    }
    const window = { hits: 0, endsAt: now + windowMs, blockedUntil: 0 };
    this.windows.set(key, window);
    return window;
  }

  private open(key: string, now: number): KeyWindow | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
