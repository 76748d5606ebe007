import request from 'supertest';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { CustomersService } from '../src/customers/customers.service';
import { createTestApp, problem, type TestApp } from './support/test-app';
import { describeWithServer } from './support/test-database';

const PROBLEM_KEYS = ['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type'];

describe('Errors are RFC 9457 problem+json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('names each invalid and unknown field on validation failure', async () => {
    const res = await t.admin
      .post('/api/v1/api-keys')
      .send({ name: '', role: 'owner', colour: 'red' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      title: 'Validation failed',
    });
    expect(problem(res).errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'unknown field colour' },
        { field: 'name', message: 'name should not be empty' },
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
        { field: 'role', message: expect.stringContaining('role must be one of') },
      ]),
    );
    expect(problem(res).errors).toHaveLength(3);
  });

  it('turns a malformed JSON body into a 400, not a 500', async () => {
    const res = await t.admin
      .post('/api/v1/api-keys')
      .set('Content-Type', 'application/json')
      .send('{"name": "x",')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(problem(res).requestId).toBe(res.headers['x-request-id']);
  });

  it('answers 413 for a body over the limit and 415 for an unsupported content type', async () => {
    const big = await t.admin
      .post('/api/v1/api-keys')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(2_000_000), role: 'viewer' }))
      .expect(413);
    expect(problem(big).code).toBe('payload_too_large');
    const xml = await t.admin
      .post('/api/v1/api-keys')
      .set('Content-Type', 'application/xml')
      .send('<a/>')
      .expect(415);
    expect(problem(xml).code).toBe('unsupported_media_type');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.admin.get('/api/v1/no-such-thing').expect(404);
    expect(Object.keys(problem(res)).sort()).toEqual(PROBLEM_KEYS);
    expect(res.body).toMatchObject({
      status: 404,
      code: 'not_found',
      instance: '/api/v1/no-such-thing',
    });
  });

  it('hides the cause of an unexpected error behind a 500 with the request id', async () => {
    const spy = jest
      .spyOn(ApiKeysService.prototype, 'list')
      .mockRejectedValueOnce(new Error('secret internals at /srv/app/db.ts:42'));
    try {
      const res = await t.admin
        .get('/api/v1/api-keys')
        .set('X-Request-Id', 'trace-500-check')
        .expect(500);
      expect(Object.keys(problem(res)).sort()).toEqual(PROBLEM_KEYS);
      expect(res.body).toMatchObject({
        status: 500,
        code: 'internal_error',
        requestId: 'trace-500-check',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/secret internals|db\.ts|at /);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('NUL characters in input', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a NUL in an API key name with 400 validation_failed naming the field', async () => {
    const res = await t.admin
      .post('/api/v1/api-keys')
      .set('Content-Type', 'application/json')
      .send('{"name":"a\\u0000b","role":"viewer"}')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: '1 field is invalid: name',
      errors: [{ field: 'name', message: 'name must not contain a NUL character' }],
    });
    const stored = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM api_keys WHERE name LIKE 'a%b'`,
    );
    expect(stored).toEqual([{ n: 0 }]);
  });

  it('refuses a NUL in a nested customer field with 400 naming its path', async () => {
    const res = await t.manager
      .post('/api/v1/customers')
      .send({
        companyName: 'Nul Shop',
        contactName: 'Nul Contact',
        email: 'nul@example.com',
        notes: 'fine',
        billingAddress: { line1: 'Main\u0000 Street', city: 'Springfield', country: 'US' },
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'validation_failed',
      errors: [
        {
          field: 'billingAddress.line1',
          message: 'billingAddress.line1 must not contain a NUL character',
        },
      ],
    });
  });

  it('refuses a NUL in a query parameter with 400', async () => {
    const res = await t.viewer.get('/api/v1/customers?search=coffee%00').expect(400);
    expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field: 'search' }] });
  });
});

describe('Errors raised while routing (Fastify framework errors)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers a badly percent-encoded URL with a 400 problem carrying the request id', async () => {
    const res = await request(t.baseUrl)
      .get('/api/v1/api-keys/%E0%A4%A')
      .set('X-Request-Id', 'bad-url-check')
      .expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toBe('bad-url-check');
    expect(Object.keys(problem(res)).sort()).toEqual(PROBLEM_KEYS);
    expect(res.body).toMatchObject({
      status: 400,
      code: 'malformed_url',
      type: 'urn:problem-type:malformed_url',
      requestId: 'bad-url-check',
    });
  });

  it('answers a path parameter over the length limit with a 414 problem', async () => {
    const res = await request(t.baseUrl)
      .delete(`/api/v1/api-keys/${'a'.repeat(500)}`)
      .set('Authorization', 'Bearer whatever')
      .expect(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(problem(res)).sort()).toEqual(PROBLEM_KEYS);
    expect(res.body).toMatchObject({
      status: 414,
      code: 'uri_too_long',
      requestId: res.headers['x-request-id'],
    });
  });
});

describeWithServer('A query over DATABASE_STATEMENT_TIMEOUT_MS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: '100' });
  });
  afterAll(() => t.close());

  it('is cancelled by PostgreSQL and answered 503 query_timeout with Retry-After', async () => {
    // The listing's work replaced by a query slower than the timeout, on the app's own pool.
    const spy = jest
      .spyOn(CustomersService.prototype, 'list')
      .mockImplementationOnce(() => t.dataSource.query('SELECT pg_sleep(1)'));
    try {
      const res = await t.viewer.get('/api/v1/customers').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ status: 503, code: 'query_timeout' });
      expect(spy).toHaveBeenCalledTimes(1);
      // The pool is fine afterwards.
      await t.viewer.get('/api/v1/customers').expect(200);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Request ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('echoes a caller-supplied X-Request-Id, on success and in problems', async () => {
    const ok = await t.admin
      .get('/api/v1/api-keys')
      .set('X-Request-Id', 'client-abc-123')
      .expect(200);
    expect(ok.headers['x-request-id']).toBe('client-abc-123');
    const failed = await t.anonymous
      .get('/api/v1/api-keys')
      .set('X-Request-Id', 'client-def-456')
      .expect(401);
    expect(failed.headers['x-request-id']).toBe('client-def-456');
    expect(problem(failed).requestId).toBe('client-def-456');
  });

  it('generates a UUID when none (or an unusable one) is sent', async () => {
    const none = await t.anonymous.get('/health/live').expect(200);
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const junk = await t.anonymous
      .get('/health/live')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(junk.headers['x-request-id']).not.toBe(none.headers['x-request-id']);
  });
});

describe('Security headers and CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://shop.example' });
  });
  afterAll(() => t.close());

  it('sends security headers', async () => {
    const res = await t.anonymous.get('/health/live').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('allows only the configured origins', async () => {
    const allowed = await t.anonymous
      .get('/health/live')
      .set('Origin', 'https://shop.example')
      .expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    const other = await t.anonymous
      .get('/health/live')
      .set('Origin', 'https://evil.example')
      .expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
