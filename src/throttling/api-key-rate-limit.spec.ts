import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { ProblemException } from '../problem/problem.exception';
import type { Actor } from '../request-context/request-context';
import { ApiKeyRateLimit } from './api-key-rate-limit';
import { InMemoryRateLimitCounters } from './rate-limit-counters';

/** A reply that only records the headers it was given. */
function recordingReply(): { reply: FastifyReply; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const reply = {
    headers(values: Record<string, string>) {
      Object.assign(headers, values);
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, headers };
}

const key = (keyId: string): Actor => ({ keyId, name: keyId, role: 'viewer' });

describe('ApiKeyRateLimit', () => {
  let clock: number;
  let counters: InMemoryRateLimitCounters;
  let limit: ApiKeyRateLimit;
  beforeEach(() => {
    clock = 10_000;
    counters = new InMemoryRateLimitCounters(100, () => clock);
    limit = new ApiKeyRateLimit(counters, { rateLimitPerMinute: 3 } as AppConfig);
  });

  const refusal = async (actor: Actor): Promise<ProblemException> => {
    const error: unknown = await limit.hit(actor, recordingReply().reply).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof ProblemException)) throw new Error('the request was not refused');
    return error;
  };

  it('counts a key up to its limit and says what is left in the window', async () => {
    for (const remaining of ['2', '1', '0']) {
      const { reply, headers } = recordingReply();
      await limit.hit(key('a'), reply);
      expect(headers).toEqual({
        'x-ratelimit-limit': '3',
        'x-ratelimit-remaining': remaining,
        'x-ratelimit-reset': '60',
      });
    }
  });

  it('refuses the key for a whole window once past the limit, without counting refusals', async () => {
    for (let hit = 0; hit < 3; hit++) await limit.hit(key('a'), recordingReply().reply);
    const first = await refusal(key('a'));
    expect(first.problem).toMatchObject({
      status: 429,
      code: 'rate_limited',
      headers: { 'retry-after': '60' },
    });
    clock += 45_500;
    expect((await refusal(key('a'))).problem.headers).toEqual({ 'retry-after': '15' });
    // Another key keeps its own budget.
    await expect(limit.hit(key('b'), recordingReply().reply)).resolves.toBeUndefined();

    clock += 14_500;
    const { reply, headers } = recordingReply();
    await limit.hit(key('a'), reply);
    expect(headers['x-ratelimit-remaining']).toBe('2');
  });

  it('keys a signed-in person by user, apart from API keys, under the throttler names', async () => {
    const person: Actor = { keyId: null, userId: 'u-1', name: 'Ana', role: 'manager' };
    await limit.hit(person, recordingReply().reply);
    await limit.hit(key('u-1'), recordingReply().reply);
    expect((await counters.peek('throttle:default:user:u-1')).hits).toBe(1);
    expect((await counters.peek('throttle:default:u-1')).hits).toBe(1);
  });
});
