import { ApplicationConfig } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  CreatedApiKeyDto,
  CustomerDetailDto,
  CustomerDto,
  WorkOrderDto,
} from '../sdk/src/generated/types.gen';
import { requestFingerprint } from '../src/idempotency/idempotency-rules';
import { createTestApp, json, problem, type TestApp } from './support/test-app';
import { describeWithServer } from './support/test-database';

const PATH = '/api/v1/api-keys';

describe('Idempotency-Key on POST /api/v1/api-keys', () => {
  let t: TestApp;
  let adminKeyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const rows = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM api_keys WHERE name = 'bootstrap-admin'`,
    );
    adminKeyId = rows[0].id;
  });
  afterAll(() => t.close());

  const countKeysNamed = async (name: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query<{ n: string }[]>(
          'SELECT count(*) AS n FROM api_keys WHERE name = $1',
          [name],
        )
      )[0].n,
    );

  it('runs on the decorated handlers only: no request passes a global interceptor', () => {
    // A global interceptor, even a no-op, costs every request Nest's interceptor chain.
    const config = t.app.get(ApplicationConfig);
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalRequestInterceptors()).toEqual([]);
    expect(config.getGlobalGuards().map((guard) => guard.constructor.name)).toEqual([
      'AccessGuard',
    ]);
  });

  it('replays the first response to a retry with the same key and body, creating one key', async () => {
    const first = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-1')
      .send({ name: 'idem-a', role: 'viewer' })
      .expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // Same request with its keys in another order: still the same request.
    const retry = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-1')
      .send({ role: 'viewer', name: 'idem-a' })
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
    expect(json<CreatedApiKeyDto>(retry)).toEqual(json<CreatedApiKeyDto>(first));
    expect(retry.text).toBe(first.text);
    expect(await countKeysNamed('idem-a')).toBe(1);
  });

  it('validates the body before the key is claimed: a corrected retry with the key runs', async () => {
    await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'corrected-1')
      .send({ name: 'idem-corrected', role: 'emperor' })
      .expect(400);
    const corrected = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'corrected-1')
      .send({ name: 'idem-corrected', role: 'viewer' })
      .expect(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
    expect(await countKeysNamed('idem-corrected')).toBe(1);
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM idempotency_keys WHERE idempotency_key = 'corrected-1'",
    );
    expect(n).toBe(1);
  });

  it('refuses the same key with a different body with 422 idempotency_key_reused', async () => {
    await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-2')
      .send({ name: 'idem-b', role: 'viewer' })
      .expect(201);
    const reused = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-2')
      .send({ name: 'idem-b2', role: 'viewer' })
      .expect(422);
    expect(reused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem(reused)).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    expect(await countKeysNamed('idem-b2')).toBe(0);
  });

  it('does not store error responses: the key can be used again after a 400 or a 409', async () => {
    const invalid = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-3')
      .send({ name: 'idem-c', role: 'emperor' })
      .expect(400);
    expect(problem(invalid).code).toBe('validation_failed');
    await t.admin.post(PATH).send({ name: 'idem-taken', role: 'viewer' }).expect(201);
    const conflict = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-3')
      .send({ name: 'idem-taken', role: 'viewer' })
      .expect(409);
    expect(problem(conflict).code).toBe('api_key_name_taken');

    const fixed = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'retry-3')
      .send({ name: 'idem-c', role: 'viewer' })
      .expect(201);
    expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    expect(await countKeysNamed('idem-c')).toBe(1);
  });

  it.each([
    ['empty', ''],
    ['256 characters long', 'k'.repeat(256)],
    ['not printable ASCII', 'clé-ü'],
  ])('refuses a key that is %s with 400 invalid_idempotency_key', async (_case, key) => {
    const res = await t.admin
      .post(PATH)
      .set('Idempotency-Key', key)
      .send({ name: 'idem-bad-key', role: 'viewer' })
      .expect(400);
    expect(problem(res)).toMatchObject({
      code: 'invalid_idempotency_key',
      errors: [{ field: 'Idempotency-Key' }],
    });
    expect(await countKeysNamed('idem-bad-key')).toBe(0);
  });

  it('scopes keys per API key: two callers may use the same key value', async () => {
    const otherAdmin = t.withKey(await t.createKey('admin', 'second-admin'));
    const mine = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'shared-value')
      .send({ name: 'idem-d1', role: 'viewer' })
      .expect(201);
    const theirs = await otherAdmin
      .post(PATH)
      .set('Idempotency-Key', 'shared-value')
      .send({ name: 'idem-d2', role: 'viewer' })
      .expect(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(json<CreatedApiKeyDto>(theirs).id).not.toBe(json<CreatedApiKeyDto>(mine).id);
  });

  describe('with a pending key', () => {
    const body = { name: 'idem-e', role: 'viewer' };
    const hash = requestFingerprint({
      method: 'POST',
      url: PATH,
      contentType: 'application/json',
      contentLength: undefined,
      body,
    });

    it('answers 409 idempotency_request_in_progress while the first request is in flight', async () => {
      await t.dataSource.query(
        `INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, lock_token, locked_at)
         VALUES ($1, 'in-flight', $2, gen_random_uuid(), now())`,
        [adminKeyId, hash],
      );
      const res = await t.admin
        .post(PATH)
        .set('Idempotency-Key', 'in-flight')
        .send(body)
        .expect(409);
      expect(problem(res)).toMatchObject({ status: 409, code: 'idempotency_request_in_progress' });
      expect(res.headers['retry-after']).toBe('1');
      expect(await countKeysNamed('idem-e')).toBe(0);
    });

    it('lets a retry take over a key left pending by a crashed request', async () => {
      await t.dataSource.query(
        `UPDATE idempotency_keys SET locked_at = now() - interval '5 minutes'
         WHERE api_key_id = $1 AND idempotency_key = 'in-flight'`,
        [adminKeyId],
      );
      const res = await t.admin
        .post(PATH)
        .set('Idempotency-Key', 'in-flight')
        .send(body)
        .expect(201);
      expect(json<CreatedApiKeyDto>(res).name).toBe('idem-e');
      const replay = await t.admin
        .post(PATH)
        .set('Idempotency-Key', 'in-flight')
        .send(body)
        .expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(json<CreatedApiKeyDto>(replay).id).toBe(json<CreatedApiKeyDto>(res).id);
      expect(await countKeysNamed('idem-e')).toBe(1);
    });

    it('still refuses a stale pending key for a different request (422)', async () => {
      await t.dataSource.query(
        `INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, lock_token, locked_at)
         VALUES ($1, 'stale-other', $2, gen_random_uuid(), now() - interval '1 hour')`,
        [adminKeyId, 'f'.repeat(64)],
      );
      const res = await t.admin
        .post(PATH)
        .set('Idempotency-Key', 'stale-other')
        .send(body)
        .expect(422);
      expect(problem(res).code).toBe('idempotency_key_reused');
    });
  });

  it('forgets a key after 24 hours: the same key then starts a new request', async () => {
    await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'old-key')
      .send({ name: 'idem-f1', role: 'viewer' })
      .expect(201);
    await t.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours'
       WHERE api_key_id = $1 AND idempotency_key = 'old-key'`,
      [adminKeyId],
    );
    const again = await t.admin
      .post(PATH)
      .set('Idempotency-Key', 'old-key')
      .send({ name: 'idem-f2', role: 'viewer' })
      .expect(201);
    expect(json<CreatedApiKeyDto>(again).name).toBe('idem-f2');
  });

  it('documents the header and its problems in the contract', async () => {
    const doc = await t.anonymous.get('/docs-json').expect(200);
    const operation = json<OpenAPIObject>(doc).paths[PATH].post;
    expect(operation?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['400', '409', '422']),
    );
  });
});

describeWithServer('Idempotency-Key under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates exactly one key from 12 simultaneous requests with one idempotency key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.admin
          .post(PATH)
          .set('Idempotency-Key', 'burst')
          .send({ name: 'idem-burst', role: 'viewer' }),
      ),
    );
    const statuses = responses.map((res) => res.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const firsts = responses.filter(
      (res) => res.status === 201 && res.headers['idempotent-replayed'] === undefined,
    );
    expect(firsts).toHaveLength(1);
    for (const res of responses.filter((r) => r.status === 201)) {
      expect(json<CreatedApiKeyDto>(res).id).toBe(json<CreatedApiKeyDto>(firsts[0]).id);
    }
    for (const res of responses.filter((r) => r.status === 409)) {
      expect(problem(res).code).toBe('idempotency_request_in_progress');
    }
    const rows = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM api_keys WHERE name = 'idem-burst'`,
    );
    expect(Number(rows[0].n)).toBe(1);
  });
});

describe('Idempotency-Key when the response cannot be stored', () => {
  let t: TestApp;
  let customerId: string;
  const ORDERS = '/api/v1/work-orders';
  beforeAll(async () => {
    t = await createTestApp();
    customerId = json<CustomerDto>(
      await t.manager
        .post('/api/v1/customers')
        .send({ companyName: 'Store Fails', contactName: 'S', email: 'store@fails.test' })
        .expect(201),
    ).id;
    // Makes storing the response of one key fail, as a full disk or a lost connection would.
    await t.dataSource.query(`
      CREATE FUNCTION test_refuse_stored_response() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.response_status IS NOT NULL AND NEW.idempotency_key = 'store-fails' THEN
          RAISE EXCEPTION 'cannot store the response';
        END IF;
        RETURN NEW;
      END
      $$`);
    await t.dataSource.query(`
      CREATE TRIGGER test_refuse_stored_response BEFORE UPDATE ON idempotency_keys
      FOR EACH ROW EXECUTE FUNCTION test_refuse_stored_response()`);
  });
  afterAll(() => t.close());

  const ordersTitled = async (title: string): Promise<number> =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM work_orders WHERE title = $1',
        [title],
      )
    )[0].n;

  it('rolls the work back with the failed store, so a retry creates exactly one work order', async () => {
    const body = { customerId, title: 'Stored once', quantity: 1 };
    const failed = await t.manager.post(ORDERS).set('Idempotency-Key', 'store-fails').send(body);
    expect(failed.status).toBe(500);
    expect(problem(failed).code).toBe('internal_error');
    // Neither the order nor its audit entry nor its counter survived the failed request.
    expect(await ordersTitled('Stored once')).toBe(0);
    const customer = await t.viewer.get(`/api/v1/customers/${customerId}`).expect(200);
    expect(json<CustomerDetailDto>(customer)).toMatchObject({
      activeOrdersCount: 0,
      totalOrdersCount: 0,
    });
    expect(json<CustomerDetailDto>(customer).recentActivity.map((e) => e.action)).toEqual([
      'created',
    ]);

    await t.dataSource.query('DROP TRIGGER test_refuse_stored_response ON idempotency_keys');
    const retry = await t.manager
      .post(ORDERS)
      .set('Idempotency-Key', 'store-fails')
      .send(body)
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const replay = await t.manager
      .post(ORDERS)
      .set('Idempotency-Key', 'store-fails')
      .send(body)
      .expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(json<WorkOrderDto>(replay).id).toBe(json<WorkOrderDto>(retry).id);
    expect(await ordersTitled('Stored once')).toBe(1);
  });

  it('refuses to store when another request took the key over, and keeps only its work', async () => {
    const body = { customerId, title: 'Taken over', quantity: 1 };
    // While this request runs, its key is handed to another owner (as after the pending timeout).
    await t.dataSource.query(`
      CREATE FUNCTION test_take_over_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE idempotency_keys SET lock_token = gen_random_uuid() WHERE idempotency_key = 'taken-over';
        RETURN NULL;
      END
      $$`);
    await t.dataSource.query(`
      CREATE TRIGGER test_take_over_key AFTER INSERT ON work_orders
      FOR EACH STATEMENT EXECUTE FUNCTION test_take_over_key()`);
    try {
      const res = await t.manager.post(ORDERS).set('Idempotency-Key', 'taken-over').send(body);
      expect(res.status).toBe(409);
      expect(problem(res).code).toBe('idempotency_request_in_progress');
      expect(await ordersTitled('Taken over')).toBe(0);
    } finally {
      await t.dataSource.query('DROP TRIGGER test_take_over_key ON work_orders');
    }
  });
});
