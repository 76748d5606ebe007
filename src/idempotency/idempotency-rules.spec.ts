import { createHash } from 'node:crypto';
import { ProblemException } from '../problem/problem.exception';
import {
  canonicalJson,
  parseIdempotencyKey,
  pickReplayedHeaders,
  requestFingerprint,
  withBodyDigest,
} from './idempotency-rules';

describe('parseIdempotencyKey', () => {
  it('is undefined when the header is absent', () => {
    expect(parseIdempotencyKey({})).toBeUndefined();
  });

  it('accepts 1 to 255 printable ASCII characters, trimmed', () => {
    expect(parseIdempotencyKey({ 'idempotency-key': ' abc-123 ' })).toBe('abc-123');
    expect(parseIdempotencyKey({ 'idempotency-key': 'x' })).toBe('x');
    expect(parseIdempotencyKey({ 'idempotency-key': '~'.repeat(255) })).toBe('~'.repeat(255));
    expect(parseIdempotencyKey({ 'idempotency-key': 'order 42: retry!' })).toBe('order 42: retry!');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', 'a'.repeat(256)],
    ['non-ASCII', 'clé'],
    ['a control character', 'a\u0001b'],
  ])('refuses a key that is %s with a 400 invalid_idempotency_key', (_case, value) => {
    let thrown: unknown;
    try {
      parseIdempotencyKey({ 'idempotency-key': value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect((thrown as ProblemException).problem).toMatchObject({
      status: 400,
      code: 'invalid_idempotency_key',
      errors: [{ field: 'Idempotency-Key' }],
    });
  });

  it('refuses a header sent twice', () => {
    expect(() => parseIdempotencyKey({ 'idempotency-key': ['a', 'b'] })).toThrow(ProblemException);
  });
});

describe('canonicalJson', () => {
  it('sorts object keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('renders scalars and a missing body', () => {
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([1, 'a'])).toBe('[1,"a"]');
  });
});

describe('requestFingerprint', () => {
  const base = {
    method: 'POST',
    url: '/api/v1/customers',
    contentType: 'application/json',
    contentLength: '40',
    body: { companyName: 'The Coffee House', tags: ['a', 'b'] },
  };

  it('is a SHA-256 hex digest that ignores key order and content length of JSON bodies', () => {
    const fingerprint = requestFingerprint(base);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(
      requestFingerprint({
        ...base,
        contentType: 'application/json; charset=utf-8',
        contentLength: '55',
        body: { tags: ['a', 'b'], companyName: 'The Coffee House' },
      }),
    ).toBe(fingerprint);
  });

  it('changes with the method, the path, the query or the body', () => {
    const fingerprint = requestFingerprint(base);
    expect(requestFingerprint({ ...base, method: 'PUT' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, url: '/api/v1/work-orders' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, url: '/api/v1/customers?dryRun=true' })).not.toBe(
      fingerprint,
    );
    expect(requestFingerprint({ ...base, body: { ...base.body, tags: ['b', 'a'] } })).not.toBe(
      fingerprint,
    );
  });

  it('fingerprints a streamed upload by its media type, not its boundary or length', () => {
    const upload = {
      ...base,
      url: '/api/v1/customers/import',
      contentType: 'multipart/form-data; boundary=----a',
      contentLength: '1234',
      body: undefined,
      streamed: true,
    };
    const fingerprint = requestFingerprint(upload);
    expect(
      requestFingerprint({ ...upload, contentType: 'multipart/form-data; boundary=----b' }),
    ).toBe(fingerprint);
    expect(requestFingerprint({ ...upload, contentLength: undefined })).toBe(fingerprint);
    expect(requestFingerprint({ ...upload, url: '/api/v1/customers/import?dryRun=true' })).not.toBe(
      fingerprint,
    );
  });

  it('adds the content of a streamed body once read: same bytes, same fingerprint', () => {
    const prefix = requestFingerprint({ ...base, body: undefined, streamed: true });
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const full = withBodyDigest(prefix, sha('file one'));
    expect(full).toMatch(/^[0-9a-f]{64}$/);
    expect(full).not.toBe(prefix);
    expect(withBodyDigest(prefix, sha('file one'))).toBe(full);
    expect(withBodyDigest(prefix, sha('file two'))).not.toBe(full);
  });

  it('counts other non-JSON bodies by media type and length', () => {
    const text = { ...base, contentType: 'text/plain', body: undefined };
    expect(requestFingerprint({ ...text, contentLength: '41' })).not.toBe(requestFingerprint(text));
  });
});

describe('pickReplayedHeaders', () => {
  it('keeps Location, ETag and Content-Location only', () => {
    const headers: Record<string, unknown> = {
      location: '/api/v1/customers/1',
      etag: '"3"',
      'x-request-id': 'r1',
      'x-ratelimit-remaining': 5,
    };
    expect(pickReplayedHeaders((name) => headers[name])).toEqual({
      location: '/api/v1/customers/1',
      etag: '"3"',
    });
  });
});
