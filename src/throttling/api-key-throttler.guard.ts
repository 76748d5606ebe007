import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { PUBLIC_ROUTE } from '../auth/auth.decorators';
import type { RequestStore } from '../request-context/request-context';

/**
 * Rate limit per API key, across all its requests (runs after ApiKeyGuard, so the actor is
 * known). Its counters are the app's (RateLimitModule): shared by every instance when
 * REDIS_URL is set, else per instance.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? false
    );
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const actor = (request as { actor?: RequestStore['actor'] }).actor;
    if (actor?.keyId) return actor.keyId;
    return actor?.userId ? `user:${actor.userId}` : String(request.ip);
  }

  /** One budget per key: the library's default key is per route handler (and hashed). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `${throttlerName}:${tracker}`;
  }
}
