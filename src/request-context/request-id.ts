import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's X-Request-Id when it is a sane token, else a new UUID. Stored on the raw
 * request so Fastify, the logger and the request context all see the same id.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const withId = raw as IncomingMessage & { id?: unknown };
  if (typeof withId.id === 'string') return withId.id;
  const offered = raw.headers[REQUEST_ID_HEADER];
  const id =
    typeof offered === 'string' && ACCEPTABLE_REQUEST_ID.test(offered) ? offered : randomUUID();
  withId.id = id;
  return id;
}
