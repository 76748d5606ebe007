import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app-config';
import type { Actor } from '../request-context/request-context';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from './rate-limit-counters';
import { rateLimitProblems } from './rate-limit-problems';

const WINDOW_MS = 60_000;

/**
 * The rate limit per API key (or signed-in person), across all its requests: one fixed
 * one-minute window per actor in the app's counters (shared by every instance when REDIS_URL
 * is set). A key past its limit is refused for a whole window and its refused requests are not
 * counted. Answers carry `X-RateLimit-Limit`, `-Remaining` and `-Reset` (seconds), a refusal
 * `Retry-After`, as @nestjs/throttler wrote them before this replaced it (see decisions.md).
 */
@Injectable()
export class ApiKeyRateLimit {
  private readonly limit: number;
  private readonly limitHeader: string;

  constructor(
    @Inject(RATE_LIMIT_COUNTERS) private readonly counters: RateLimitCounters,
    config: AppConfig,
  ) {
    this.limit = config.rateLimitPerMinute;
    this.limitHeader = String(this.limit);
  }

  /** Counts one request of the actor; throws `rate_limited` once its budget is spent. */
  async hit(actor: Actor, reply: FastifyReply): Promise<void> {
    const hit = await this.counters.limitedHit(counterKey(actor), WINDOW_MS, this.limit, WINDOW_MS);
    if (hit.blockedForMs > 0) throw rateLimitProblems.limited.exception(seconds(hit.blockedForMs));
    void reply.headers({
      'x-ratelimit-limit': this.limitHeader,
      'x-ratelimit-remaining': String(Math.max(0, this.limit - hit.hits)),
      'x-ratelimit-reset': String(seconds(hit.resetInMs)),
    });
  }
}

/** The counter's key, as the throttler named it (`throttle:default:…`), so counts carry over. */
function counterKey(actor: Actor): string {
  return `throttle:default:${actor.keyId ?? `user:${actor.userId ?? ''}`}`;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
