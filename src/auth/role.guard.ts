import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RequestContext, type ApiKeyRole } from '../request-context/request-context';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { roleSatisfies } from './roles';
import { authProblems } from './auth-problems';

/**
 * Checks the authenticated key's role against the route's `@RequiresRole` (admin when absent).
 * Runs after authentication and rate limiting, so refused requests still count against the key.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly requestContext: RequestContext,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const actor = this.requestContext.actor;
    const required =
      this.reflector.getAllAndOverride<ApiKeyRole>(REQUIRED_ROLE, targets) ?? 'admin';
    if (!actor || !roleSatisfies(actor.role, required)) {
      throw authProblems.roleTooLow.exception(required, actor);
    }
    return true;
  }
}
