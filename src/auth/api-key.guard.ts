import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { ProblemException } from '../problem/problem.exception';
import { RequestContext, type Actor } from '../request-context/request-context';
import { ApiKeysService } from './api-keys.service';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from '../throttling/rate-limit-counters';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { PUBLIC_ROUTE } from './auth.decorators';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Authenticates every non-public route by its bearer API key (authorisation is RoleGuard's). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly failures: FailedAuthLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly requestContext: RequestContext,
    @Inject(RATE_LIMIT_COUNTERS) counters: RateLimitCounters,
    config: AppConfig,
  ) {
    this.failures = new FailedAuthLimiter(counters, config.authFailuresPerMinute);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Refused before the key is even looked at: a right guess must not be told apart.
    const retryAfter = await this.failures.retryAfterSeconds(request.ip);
    if (retryAfter > 0) {
      throw new ProblemException({
        status: 429,
        code: 'too_many_auth_failures',
        detail:
          'Too many requests with a missing or unknown API key from this address. ' +
          'Retry after the Retry-After delay.',
        headers: { 'retry-after': String(retryAfter) },
      });
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      await this.failures.recordFailure(request.ip);
      throw new ProblemException({
        status: 401,
        code: 'unauthorized',
        detail: 'Send an API key as "Authorization: Bearer <key>".',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const actor = await this.apiKeys.authenticate(match[1]);
    if (!actor) {
      await this.failures.recordFailure(request.ip);
      throw new ProblemException({
        status: 401,
        code: 'unauthorized',
        detail: 'The API key is unknown or has been revoked.',
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    this.requestContext.setActor(actor);
    // The rate limiter (a guard after this one) keys its buckets by the actor.
    (request as FastifyRequest & { actor?: Actor }).actor = actor;

    return true;
  }
}
