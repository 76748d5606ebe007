import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { ApiProblemResponses } from '../problem/api-problem-responses.decorator';
import type { ApiKeyRole } from '../request-context/request-context';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_ROLE = 'auth:requiredRole';
export const API_KEY_SECURITY = 'apiKey';
export const SESSION_SECURITY = 'session';

/** Open route (health, docs): no API key needed, not rate limited. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The least role allowed to call the route (admin > manager > viewer). A protected route
 * without one is admin-only, so forgetting it fails closed.
 */
export const RequiresRole = (role: ApiKeyRole): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role));

/**
 * For routes under /api/v1: a bearer API key or a session cookie, and their error responses,
 * in the contract.
 */
export const ApiKeyProtected = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiBearerAuth(API_KEY_SECURITY),
    ApiCookieAuth(SESSION_SECURITY),
    ApiProblemResponses(401, 403, 429),
  );
