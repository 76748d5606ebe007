import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { RequestContext, type Actor, type ApiKeyRole } from '../request-context/request-context';
import { isSameSiteRequest, readSessionToken } from '../sessions/session-cookie';
import { SessionsService } from '../sessions/sessions.service';
import { ApiKeyRateLimit } from '../throttling/api-key-rate-limit';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from '../throttling/rate-limit-counters';
import { ApiKeysService } from './api-keys.service';
import { authProblems } from './auth-problems';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { roleSatisfies } from './roles';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a route asks of its callers, read once from its decorators. */
interface RoutePolicy {
  /** `@Public()`: no credentials, no rate limit. */
  open: boolean;
  /** `@RequiresRole`, admin when absent (fail closed). */
  role: ApiKeyRole;
}

/**
 * The one global guard, in this order: authenticate every non-public route by its bearer API
 * key or, without an Authorization header, by the session cookie of a signed-in person; count
 * the request against the actor's rate limit; then check the actor's role against the route's.
 * Refused requests (a role too low) still count against the key. A cookie-authenticated
 * request that changes state must come from our own pages (CSRF).
 *
 * One guard rather than three, each reading the route's metadata again on every request: the
 * route's policy is read once per handler (see decisions.md, issue 16).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly failures: FailedAuthLimiter;
  /** By controller class, then handler: a handler's metadata is read with its class's. */
  private readonly policies = new WeakMap<object, Map<object, RoutePolicy>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: SessionsService,
    private readonly requestContext: RequestContext,
    private readonly rateLimit: ApiKeyRateLimit,
    private readonly config: AppConfig,
    @Inject(RATE_LIMIT_COUNTERS) counters: RateLimitCounters,
  ) {
    this.failures = new FailedAuthLimiter(counters, config.authFailuresPerMinute);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.policyOf(context);
    if (policy.open) return true;

    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const actor = await this.authenticate(request);
    this.requestContext.setActor(actor);
    // The request line names the actor (logging/logger-options.ts).
    (request as FastifyRequest & { actor?: Actor }).actor = actor;

    await this.rateLimit.hit(actor, http.getResponse<FastifyReply>());

    if (!roleSatisfies(actor.role, policy.role)) {
      throw authProblems.roleTooLow.exception(policy.role, actor);
    }
    return true;
  }

  private policyOf(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byHandler = this.policies.get(controller);
    if (!byHandler) this.policies.set(controller, (byHandler = new Map<object, RoutePolicy>()));
    let policy = byHandler.get(handler);
    if (!policy) {
      const targets = [handler, controller];
      policy = {
        open: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        role: this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets) ?? 'admin',
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }

  private async authenticate(request: FastifyRequest): Promise<Actor> {
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
    return actor;
  }

  private async authenticateSession(request: FastifyRequest, token: string): Promise<Actor> {
    const actor = await this.sessions.authenticate(token);
    if (!actor) {
      await this.failures.recordFailure(request.ip);
      throw authProblems.sessionEnded.exception();
    }
    if (!SAFE_METHODS.has(request.method) && !isSameSiteRequest(request, this.config.corsOrigins)) {
      throw authProblems.crossSite.exception();
    }
    return actor;
  }
}
