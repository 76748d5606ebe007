import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 10_000;
  });

  it('lets an address fail up to its limit, then refuses it until the window ends', () => {
    const limiter = new FailedAuthLimiter(3, 60_000, 10, now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    clock += 59_001;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(1);
    clock += 999;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('keeps at most maxAddresses windows, dropping the oldest', () => {
    const limiter = new FailedAuthLimiter(1, 60_000, 2, now);
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('b')).toBe(60);
    expect(limiter.retryAfterSeconds('c')).toBe(60);
  });
});
