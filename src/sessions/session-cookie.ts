import { parseCookie, stringifySetCookie } from 'cookie';
import type { FastifyRequest } from 'fastify';

/**
 * The session cookie: HttpOnly (no script can read it), SameSite=Lax, Path=/, and over HTTPS
 * (directly or behind a TRUST_PROXY proxy) Secure with the `__Host-` prefix, which browsers
 * only accept from a secure origin without a Domain: no subdomain can plant or read it.
 */
const PLAIN_NAME = 'cms_session';
const SECURE_NAME = '__Host-cms_session';

function isSecure(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The session token the request carries, if any. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  return cookies[SECURE_NAME] ?? cookies[PLAIN_NAME] ?? undefined;
}

export function sessionCookie(
  request: FastifyRequest,
  token: string,
  maxAgeSeconds: number,
): string {
  const secure = isSecure(request);
  return stringifySetCookie({
    name: secure ? SECURE_NAME : PLAIN_NAME,
    value: token,
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge: maxAgeSeconds,
  });
}

export function clearedSessionCookie(request: FastifyRequest): string {
  const secure = isSecure(request);
  return stringifySetCookie({
    name: secure ? SECURE_NAME : PLAIN_NAME,
    value: '',
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge: 0,
  });
}

/** The service's own origin as the request reached it (through TRUST_PROXY's view). */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Whether a cookie-authenticated request that changes state came from our own pages (OWASP's
 * "verifying origin with standard headers"): Sec-Fetch-Site, sent by every current browser,
 * else Origin. A request with neither is refused: browsers send one of them on every POST.
 */
export function isSameSiteRequest(request: FastifyRequest, allowedOrigins: string[]): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') {
    if (site === 'same-origin' || site === 'none') return true;
    if (site === 'cross-site' || site === 'same-site') {
      const origin = request.headers.origin;
      return typeof origin === 'string' && allowedOrigins.includes(origin);
    }
  }
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  return origin === ownOrigin(request) || allowedOrigins.includes(origin);
}
