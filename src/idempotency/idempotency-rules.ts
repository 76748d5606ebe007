import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { idempotencyProblems } from './idempotency-problems';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';
/** Response headers worth replaying; the rest (request id, rate limit, security) are per request. */
export const REPLAYED_RESPONSE_HEADERS = ['location', 'etag', 'content-location'] as const;

/** A key is remembered for 24 hours, then the same key starts afresh. */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;
/** A pending key older than this belongs to a request that crashed: another may take it over. */
export const DEFAULT_PENDING_TIMEOUT_SECONDS = 60;

const PRINTABLE_ASCII = /^[\x20-\x7e]{1,255}$/;

/**
 * The key from the request headers: undefined when absent, else 1 to 255 printable ASCII
 * characters (leading and trailing blanks are not part of it). Anything else is a 400.
 */
export function parseIdempotencyKey(headers: IncomingHttpHeaders): string | undefined {
  const raw = headers[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) return undefined;
  const key = typeof raw === 'string' ? raw.trim() : undefined;
  if (key === undefined || !PRINTABLE_ASCII.test(key)) {
    throw idempotencyProblems.invalidKey.exception();
  }
  return key;
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` fingerprint the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const object = value as Record<string, unknown>;
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

export interface FingerprintedRequest {
  method: string;
  /** Path and query string as sent. */
  url: string;
  contentType: string | undefined;
  contentLength: string | undefined;
  /** The parsed body (JSON requests). */
  body: unknown;
  /**
   * The body is streamed to the handler (a multipart upload): it is not readable yet, and its
   * content is added with `withBodyDigest` once it has been read.
   */
  streamed?: boolean;
}

/**
 * SHA-256 over method, path + query and the request body. JSON bodies are compared by
 * content (key order and whitespace do not matter). A streamed body is not readable before the
 * handler consumes it: it counts by its media type here, and by its content through
 * `withBodyDigest`. Other bodies count by media type and length.
 */
export function requestFingerprint(request: FingerprintedRequest): string {
  const mediaType = (request.contentType ?? '').split(';')[0].trim().toLowerCase();
  const isJson = mediaType === 'application/json' || mediaType.endsWith('+json');
  const body = isJson
    ? canonicalJson(request.body)
    : request.streamed
      ? `${mediaType}:streamed`
      : `${mediaType}:${request.contentLength ?? ''}`;
  return createHash('sha256')
    .update(`${request.method.toUpperCase()}\n${request.url}\n${body}`, 'utf8')
    .digest('hex');
}

/** The fingerprint of a streamed request once its body is read: `requestFingerprint` + content. */
export function withBodyDigest(requestHash: string, bodyDigest: string): string {
  return createHash('sha256').update(`${requestHash}\n${bodyDigest}`, 'utf8').digest('hex');
}

/** The headers of a response to keep for a replay, by lower-case name. */
export function pickReplayedHeaders(getHeader: (name: string) => unknown): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of REPLAYED_RESPONSE_HEADERS) {
    const value = getHeader(name);
    if (typeof value === 'string' || typeof value === 'number') picked[name] = String(value);
  }
  return picked;
}
