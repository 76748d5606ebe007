import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { RequestContext, type Actor } from '../request-context/request-context';
import { isSameSiteRequest, readSessionToken } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { ApiKeysService } from './api-keys.service';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from '../throttling/rate-limit-counters';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { PUBLIC_ROUTE } from './auth.decorators';
import { authProblems } from './auth-problems';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates every non-public route by its bearer API key or, without an Authorization
 * header, by the session cookie of a signed-in person (authorisation is RoleGuard's). A
 * cookie-authenticated request that changes state must come from our own pages (CSRF).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly failures: FailedAuthLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly requestContext: RequestContext,
    private readonly config: AppConfig,
    @Inject(RATE_LIMIT_COUNTERS) counters: RateLimitCounters,
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
      throw authProblems.tooManyFailures.exception(retryAfter);
    }
    const header = request.headers.authorization;
    const sessionToken = header === undefined ? readSessionToken(request) : undefined;
    if (sessionToken !== undefined) return this.authenticateSession(request, sessionToken);
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      await this.failures.recordFailure(request.ip);
      throw authProblems.noCredentials.exception();
    }
    const actor = await this.apiKeys.authenticate(match[1]);
    if (!actor) {
      await this.failures.recordFailure(request.ip);
      throw authProblems.unknownKey.exception();
    }
    this.admit(request, actor);
    return true;
  }

  private async authenticateSession(request: FastifyRequest, token: string): Promise<boolean> {
    const actor = await this.sessions.authenticate(token);
    if (!actor) {
      await this.failures.recordFailure(request.ip);
      throw authProblems.sessionEnded.exception();
    }
    if (!SAFE_METHODS.has(request.method) && !isSameSiteRequest(request, this.config.corsOrigins)) {
      throw authProblems.crossSite.exception();
    }
    this.admit(request, actor);
    return true;
  }

  private admit(request: FastifyRequest, actor: Actor): void {
    this.requestContext.setActor(actor);
    // The rate limiter (a guard after this one) keys its buckets by the actor.
    (request as FastifyRequest & { actor?: Actor }).actor = actor;
  }
}
