import { CountersThrottlerStorage } from './counters-throttler-storage';
import { InMemoryRateLimitCounters } from './rate-limit-counters';

describe('CountersThrottlerStorage on in-process counters', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 10_000;
  });

  it('counts hits up to the limit, then blocks for blockDuration without counting', async () => {
    const storage = new CountersThrottlerStorage(new InMemoryRateLimitCounters(10, now));
    for (let hit = 1; hit <= 3; hit++) {
      expect(await storage.increment('key-a', 60_000, 3, 30_000)).toEqual({
        totalHits: hit,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    expect(await storage.increment('key-a', 60_000, 3, 30_000)).toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    clock += 10_000;
    expect(await storage.increment('key-a', 60_000, 3, 30_000)).toEqual({
      totalHits: 4,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 20,
    });
    expect((await storage.increment('key-b', 60_000, 3, 30_000)).isBlocked).toBe(false);
  });

  it('starts a new window when the window and any block have ended', async () => {
    const storage = new CountersThrottlerStorage(new InMemoryRateLimitCounters(10, now));
    await storage.increment('key', 1_000, 1, 5_000);
    expect((await storage.increment('key', 1_000, 1, 5_000)).isBlocked).toBe(true);
    clock += 4_999;
    expect((await storage.increment('key', 1_000, 1, 5_000)).isBlocked).toBe(true);
    clock += 1;
    expect(await storage.increment('key', 1_000, 1, 5_000)).toEqual({
      totalHits: 1,
      timeToExpire: 1,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('keeps at most maxKeys windows, dropping the oldest', async () => {
    const storage = new CountersThrottlerStorage(new InMemoryRateLimitCounters(2, now));
    await storage.increment('a', 60_000, 5, 60_000);
    await storage.increment('b', 60_000, 5, 60_000);
    await storage.increment('c', 60_000, 5, 60_000);
    expect((await storage.increment('a', 60_000, 5, 60_000)).totalHits).toBe(1);
    expect((await storage.increment('c', 60_000, 5, 60_000)).totalHits).toBe(2);
  });
});
