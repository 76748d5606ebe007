import type {
  ApiKeyDto,
  ApiKeyListDto,
  AuditPageDto,
  CreatedApiKeyDto,
} from '../sdk/src/generated/types.gen';
import { createApp } from '../src/app-factory';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { loadAppConfig } from '../src/config/app-config';
import { createTestApp, json, problem, type TestApp } from './support/test-app';
import { describeWithServer } from './support/test-database';

describe('API key access control', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a request without a key with 401 problem+json', async () => {
    const res = await t.anonymous.get('/api/v1/api-keys').expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(problem(res)).toMatchObject({
      status: 401,
      code: 'unauthorized',
      type: 'urn:problem-type:unauthorized',
    });
  });

  it('refuses an unknown key and a malformed Authorization header with 401', async () => {
    const unknown = await t.withKey('csk_not_a_real_key').get('/api/v1/api-keys').expect(401);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(problem(unknown)).toMatchObject({
      status: 401,
      code: 'unauthorized',
      type: 'urn:problem-type:unauthorized',
      detail: 'The API key is unknown or has been revoked.',
      requestId: unknown.headers['x-request-id'],
    });
    const res = await t.anonymous
      .get('/api/v1/api-keys')
      .set('Authorization', 'Basic abc')
      .expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(problem(res).code).toBe('unauthorized');
  });

  it('refuses a revoked key with 401 from the next request on', async () => {
    const key = await t.createKey('manager', 'soon-revoked');
    // Used first, so the instance has it among its recently authenticated keys.
    await t.withKey(key).get('/api/v1/customers').expect(200);
    const listed = await t.admin.get('/api/v1/api-keys').expect(200);
    const entry = json<ApiKeyListDto>(listed).data.find((k) => k.name === 'soon-revoked');
    expect(entry).toMatchObject({ role: 'manager', revokedAt: null, keyPrefix: key.slice(0, 12) });
    if (!entry) throw new Error('the new key is not in the list');
    expect(JSON.stringify(json<ApiKeyListDto>(listed))).not.toContain(key);

    const revoked = await t.admin.delete(`/api/v1/api-keys/${entry.id}`).expect(200);
    expect(json<ApiKeyDto>(revoked).revokedAt).not.toBeNull();
    const res = await t.withKey(key).get('/api/v1/api-keys').expect(401);
    expect(problem(res).detail).toMatch(/revoked/);

    // Both the key's creation and its revocation are in the audit log, without the key itself.
    const audit = await t.admin
      .get('/api/v1/audit')
      .query({ entityType: 'api_key', entityId: entry.id })
      .expect(200);
    expect(json<AuditPageDto>(audit).data.map((e) => [e.action, e.metadata])).toEqual([
      ['revoked', { name: 'soon-revoked', role: 'manager', keyPrefix: key.slice(0, 12) }],
      ['created', { name: 'soon-revoked', role: 'manager', keyPrefix: key.slice(0, 12) }],
    ]);
    expect(JSON.stringify(json<AuditPageDto>(audit))).not.toContain(key);
  });

  it('refuses an under-privileged key with 403', async () => {
    for (const client of [t.manager, t.viewer]) {
      const res = await client.get('/api/v1/api-keys').expect(403);
      expect(problem(res)).toMatchObject({ status: 403, code: 'forbidden' });
      expect(problem(res).detail).toMatch(/admin role/);
    }
  });

  it('lets an admin create a key that works at once, shown only in the creation response', async () => {
    const created = await t.admin
      .post('/api/v1/api-keys')
      .send({ name: '  shop-floor-tablet ', role: 'viewer' })
      .expect(201);
    expect(json<CreatedApiKeyDto>(created)).toMatchObject({
      name: 'shop-floor-tablet',
      role: 'viewer',
      revokedAt: null,
    });
    expect(json<CreatedApiKeyDto>(created).key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    await t.withKey(json<CreatedApiKeyDto>(created).key).get('/api/v1/api-keys').expect(403);
    const stored = await t.dataSource.query<{ key_hash: string }[]>(
      'SELECT key_hash FROM api_keys WHERE id = $1',
      [json<CreatedApiKeyDto>(created).id],
    );
    expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].key_hash).not.toContain(json<CreatedApiKeyDto>(created).key);
  });

  it('answers 409 for a second key with a name in use', async () => {
    await t.admin.post('/api/v1/api-keys').send({ name: 'dup-name', role: 'viewer' }).expect(201);
    const res = await t.admin
      .post('/api/v1/api-keys')
      .send({ name: 'DUP-name', role: 'admin' })
      .expect(409);
    expect(problem(res)).toMatchObject({ code: 'api_key_name_taken', errors: [{ field: 'name' }] });
  });

  it('will not revoke the last active admin key', async () => {
    const keys = await t.admin.get('/api/v1/api-keys').expect(200);
    const admins = json<ApiKeyListDto>(keys).data.filter((k) => k.role === 'admin' && !k.revokedAt);
    expect(admins).toHaveLength(1);
    const res = await t.admin.delete(`/api/v1/api-keys/${admins[0].id}`).expect(409);
    expect(problem(res).code).toBe('last_admin_key');
  });

  it('404s an unknown key id and 400s a malformed one', async () => {
    const missing = await t.admin
      .delete('/api/v1/api-keys/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001')
      .expect(404);
    expect(problem(missing).code).toBe('api_key_not_found');
    const malformed = await t.admin.delete('/api/v1/api-keys/not-a-uuid').expect(400);
    expect(problem(malformed)).toMatchObject({
      code: 'validation_failed',
      errors: [{ field: 'id', message: 'id must be a UUID' }],
    });
  });

  it('leaves health and docs open', async () => {
    await t.anonymous.get('/health/live').expect(200);
    await t.anonymous.get('/docs-json').expect(200);
  });
});

describe('Rate limiting per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json once a key spends its budget, without touching other keys', async () => {
    for (let i = 0; i < 3; i++) await t.viewer.get('/api/v1/api-keys').expect(403);
    const limited = await t.viewer.get('/api/v1/api-keys').expect(429);
    expect(problem(limited)).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.manager.get('/api/v1/api-keys').expect(403);
  });

  it('counts every route against the same budget of the key', async () => {
    for (let i = 0; i < 2; i++) await t.admin.get('/api/v1/customers').expect(200);
    await t.admin.get('/api/v1/audit').expect(200);
    const limited = await t.admin.get('/api/v1/api-keys').expect(429);
    expect(problem(limited)).toMatchObject({ status: 429, code: 'rate_limited' });
  });
});

describe('Failed authentications per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ AUTH_FAILURES_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 once an address spends its failures, without checking even a right key', async () => {
    await t.admin.get('/api/v1/api-keys').expect(200);
    await t.withKey('csk_guess_1').get('/api/v1/api-keys').expect(401);
    await t.anonymous.get('/api/v1/customers').expect(401);
    await t.withKey('csk_guess_2').get('/api/v1/api-keys').expect(401);
    const limited = await t.withKey('csk_guess_3').get('/api/v1/api-keys').expect(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(limited)).toMatchObject({ status: 429, code: 'too_many_auth_failures' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The right key from the same address is refused too: a lucky guess cannot be told apart.
    const right = await t.admin.get('/api/v1/api-keys').expect(429);
    expect(problem(right).code).toBe('too_many_auth_failures');
    // Health stays open.
    await t.anonymous.get('/health/live').expect(200);
  });
});

describe('Failed authentications behind a trusted proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      AUTH_FAILURES_PER_MINUTE: '2',
      TRUST_PROXY: '127.0.0.1, ::1, ::ffff:127.0.0.1',
    });
  });
  afterAll(() => t.close());

  it('counts per forwarded client address, so one client cannot lock out the others', async () => {
    const from = (address: string, key: string) =>
      t.withKey(key).get('/api/v1/api-keys').set('x-forwarded-for', address);
    await from('203.0.113.7', 'csk_guess_a').expect(401);
    await from('203.0.113.7', 'csk_guess_b').expect(401);
    const limited = await from('203.0.113.7', 'csk_guess_c').expect(429);
    expect(problem(limited).code).toBe('too_many_auth_failures');
    // Another client behind the same balancer still gets in with its key.
    const admin = t.admin.get('/api/v1/api-keys').set('x-forwarded-for', '203.0.113.8');
    await admin.expect(200);
  });
});

describeWithServer('BOOTSTRAP_ADMIN_KEY once keys exist', () => {
  it('is ignored: it is not stored and does not authenticate', async () => {
    const t = await createTestApp();
    try {
      const later = 'csk_a_later_bootstrap_key_0123456789';
      const secondStart = await createApp(
        loadAppConfig({
          // A second instance on the same database (the test app's).
          DATABASE_URL: (t.dataSource.options as { url: string }).url,
          LOG_LEVEL: 'silent',
          BOOTSTRAP_ADMIN_KEY: later,
        }),
      );
      try {
        await secondStart.init();
        await expect(
          secondStart.get(ApiKeysService).ensureInitialAdminKey(),
        ).resolves.toBeUndefined();
      } finally {
        await secondStart.close();
      }
      const rows = await t.dataSource.query<{ name: string }[]>(
        `SELECT name FROM api_keys WHERE key_hash = encode(sha256($1::bytea), 'hex')`,
        [later],
      );
      expect(rows).toEqual([]);
      await t.withKey(later).get('/api/v1/api-keys').expect(401);
      const keys = await t.admin.get('/api/v1/api-keys').expect(200);
      expect(
        json<ApiKeyListDto>(keys).data.filter((k) => k.name === 'bootstrap-admin'),
      ).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
