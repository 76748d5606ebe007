import { InMemoryRateLimitCounters } from '../throttling/rate-limit-counters';
import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 10_000;
  });

  it('lets an address fail up to its limit, then refuses it until the window ends', async () => {
    const limiter = new FailedAuthLimiter(new InMemoryRateLimitCounters(10, now), 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(await limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
      await limiter.recordFailure('10.0.0.1');
    }
    expect(await limiter.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(await limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    clock += 59_001;
    expect(await limiter.retryAfterSeconds('10.0.0.1')).toBe(1);
    clock += 999;
    expect(await limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('keeps at most maxAddresses windows, dropping the oldest', async () => {
    const limiter = new FailedAuthLimiter(new InMemoryRateLimitCounters(2, now), 1, 60_000);
    await limiter.recordFailure('a');
    await limiter.recordFailure('b');
    await limiter.recordFailure('c');
    expect(await limiter.retryAfterSeconds('a')).toBe(0);
    expect(await limiter.retryAfterSeconds('b')).toBe(60);
    expect(await limiter.retryAfterSeconds('c')).toBe(60);
  });
});
