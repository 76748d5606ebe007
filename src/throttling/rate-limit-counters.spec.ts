import { InMemoryRateLimitCounters } from './rate-limit-counters';

describe('InMemoryRateLimitCounters', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 5_000;
  });

  it('counts hits in a fixed window and forgets it when it ends', async () => {
    const counters = new InMemoryRateLimitCounters(10, now);
    expect(await counters.peek('k')).toEqual({ hits: 0, resetInMs: 0 });
    expect(await counters.increment('k', 1_000)).toEqual({ hits: 1, resetInMs: 1_000 });
    clock += 400;
    expect(await counters.increment('k', 1_000)).toEqual({ hits: 2, resetInMs: 600 });
    expect(await counters.peek('k')).toEqual({ hits: 2, resetInMs: 600 });
    clock += 600;
    expect(await counters.peek('k')).toEqual({ hits: 0, resetInMs: 0 });
    expect(await counters.increment('k', 1_000)).toEqual({ hits: 1, resetInMs: 1_000 });
  });

  it('blocks past the limit without counting refused hits, for at least the block', async () => {
    const counters = new InMemoryRateLimitCounters(10, now);
    await counters.limitedHit('k', 1_000, 1, 5_000);
    expect(await counters.limitedHit('k', 1_000, 1, 5_000)).toEqual({
      hits: 2,
      resetInMs: 5_000,
      blockedForMs: 5_000,
    });
    clock += 2_000;
    expect(await counters.limitedHit('k', 1_000, 1, 5_000)).toEqual({
      hits: 2,
      resetInMs: 3_000,
      blockedForMs: 3_000,
    });
  });
});
