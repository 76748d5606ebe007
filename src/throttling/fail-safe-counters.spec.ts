import { ProblemException } from '../problem/problem.exception';
import { FailSafeCounters, type OutageLogger } from './fail-safe-counters';
import { InMemoryRateLimitCounters, type RateLimitCounters } from './rate-limit-counters';

/** A store that fails while `down` is true and otherwise counts in memory. */
function flakyStore(now: () => number): { store: RateLimitCounters; setDown(down: boolean): void } {
  const inner = new InMemoryRateLimitCounters(100, now);
  let down = false;
  const fail = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
  return {
    setDown: (value) => (down = value),
    store: {
      increment: (key, windowMs) => (down ? fail() : inner.increment(key, windowMs)),
      peek: (key) => (down ? fail() : inner.peek(key)),
      limitedHit: (key, windowMs, limit, blockMs) =>
        down ? fail() : inner.limitedHit(key, windowMs, limit, blockMs),
    },
  };
}

function recordingLogger(): OutageLogger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (m) => warnings.push(m), log: (m) => infos.push(m) };
}

describe('FailSafeCounters', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  it('fails open: lets hits through uncounted and logs the outage once per interval', async () => {
    const { store, setDown } = flakyStore(now);
    const logger = recordingLogger();
    const counters = new FailSafeCounters(store, 'open', logger, 60_000, now);
    expect(await counters.increment('k', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });

    setDown(true);
    for (let i = 0; i < 100; i++) {
      expect(await counters.limitedHit('k', 60_000, 1, 60_000)).toEqual({
        hits: 0,
        resetInMs: 0,
        blockedForMs: 0,
      });
      expect(await counters.peek('k')).toEqual({ hits: 0, resetInMs: 0 });
    }
    expect(logger.warnings).toEqual([
      'Rate-limit store unreachable; failing open (requests are not counted)',
    ]);
    clock += 60_000;
    await counters.increment('k', 60_000);
    expect(logger.warnings).toHaveLength(2);

    setDown(false);
    expect(await counters.increment('k', 60_000)).toEqual({ hits: 1, resetInMs: 60_000 });
    expect(await counters.increment('k', 60_000)).toEqual({ hits: 2, resetInMs: 60_000 });
    expect(logger.infos).toEqual(['Rate-limit store reachable again']);
  });

  it('fails closed: refuses with a 503 rate_limit_unavailable problem and Retry-After', async () => {
    const { store, setDown } = flakyStore(now);
    const logger = recordingLogger();
    const counters = new FailSafeCounters(store, 'closed', logger, 60_000, now);
    setDown(true);
    const refusal = await counters.peek('k').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).problem).toMatchObject({
      status: 503,
      code: 'rate_limit_unavailable',
      headers: { 'retry-after': '5' },
    });
    await expect(counters.increment('k', 1000)).rejects.toBeInstanceOf(ProblemException);
    expect(logger.warnings).toEqual([
      'Rate-limit store unreachable; failing closed (requests get 503)',
    ]);
  });
});
