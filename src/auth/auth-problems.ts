import { problemCatalogue } from '../problem/problem-catalogue';
import type { Actor, ApiKeyRole } from '../request-context/request-context';

/** Every problem authentication and roles answer, thrown by the API key and role guards. */
export const authProblems = problemCatalogue({
  noCredentials: {
    status: 401,
    code: 'unauthorized',
    example: 'Send an API key as "Authorization: Bearer <key>".',
    occurrence: () => ({
      detail: 'Send an API key as "Authorization: Bearer <key>".',
      headers: { 'www-authenticate': 'Bearer' },
    }),
  },
  unknownKey: {
    status: 401,
    code: 'unauthorized',
    example: 'The API key is unknown or has been revoked.',
    occurrence: () => ({
      detail: 'The API key is unknown or has been revoked.',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    }),
  },
  sessionEnded: {
    status: 401,
    code: 'unauthorized',
    example: 'Your session has ended (or the cookie is unknown): sign in again.',
    occurrence: () => ({
      detail: 'Your session has ended (or the cookie is unknown): sign in again.',
      headers: { 'www-authenticate': 'Bearer' },
    }),
  },
  tooManyFailures: {
    status: 429,
    code: 'too_many_auth_failures',
    example:
      'Too many requests with a missing or unknown API key from this address. Retry after the Retry-After delay.',
    occurrence: (retryAfterSeconds: number) => ({
      detail:
        'Too many requests with a missing or unknown API key from this address. ' +
        'Retry after the Retry-After delay.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  },
  crossSite: {
    status: 403,
    code: 'csrf_rejected',
    example:
      "This request came from another site (or did not say where from) and was refused: a signed-in browser changes data only from this service's own pages.",
  },
  roleTooLow: {
    status: 403,
    code: 'forbidden',
    example: 'This needs the manager role; the API key "shop-reader" has the viewer role.',
    occurrence: (required: ApiKeyRole, actor: Actor | undefined) => ({
      detail: `This needs the ${required} role; ${actor?.userId ? '' : 'the API key '}"${actor?.name ?? '?'}" has the ${actor?.role ?? 'no'} role.`,
    }),
  },
});
