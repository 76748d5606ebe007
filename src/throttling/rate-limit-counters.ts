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

export interface RateLimitCounters {
  /** Adds one hit to `key`'s window, opening one of `windowMs` if none is open; the window after the hit. */
  increment(key: string, windowMs: number): Promise<CounterWindow>;
  /** `key`'s current window without adding a hit. */
  peek(key: string): Promise<CounterWindow>;
}

/** The injection token for the counters the app is configured with. */
export const RATE_LIMIT_COUNTERS = Symbol('RateLimitCounters');

/** One process's counters, bounded in memory: the oldest windows are dropped first. */
export class InMemoryRateLimitCounters implements RateLimitCounters {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  increment(key: string, windowMs: number): Promise<CounterWindow> {
    const now = this.now();
    let window = this.open(key, now);
    if (!window) {
      if (this.windows.size >= this.maxKeys) {
        // Maps iterate in insertion order: drop the oldest window.
        const oldest = this.windows.keys().next().value;
        if (oldest !== undefined) this.windows.delete(oldest);
      }
      window = { hits: 0, endsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return Promise.resolve({ hits: window.hits, resetInMs: window.endsAt - now });
  }

  peek(key: string): Promise<CounterWindow> {
    const now = this.now();
    const window = this.open(key, now);
    return Promise.resolve(
      window ? { hits: window.hits, resetInMs: window.endsAt - now } : { hits: 0, resetInMs: 0 },
    );
  }

  private open(key: string, now: number): { hits: number; endsAt: number } | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }
}
