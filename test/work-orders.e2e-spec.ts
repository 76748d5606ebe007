import type { Response } from 'supertest';
import type { QueryRunner } from 'typeorm';
import type {
  AuditPageDto,
  CustomerDetailDto,
  CustomerDto,
  WorkOrderDto,
  WorkOrderPageDto,
} from '../sdk/src/generated/types.gen';
import { createTestApp, json, problem, type TestApp } from './support/test-app';
import { describeWithServer } from './support/test-database';

const ORDERS = '/api/v1/work-orders';
const CUSTOMERS = '/api/v1/customers';

describe('Work orders', () => {
  let t: TestApp;
  let customerId: string;
  beforeAll(async () => {
    t = await createTestApp();
    customerId = json<CustomerDto>(
      await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'Orders Inc', contactName: 'Olga', email: 'olga@orders.test' })
        .expect(201),
    ).id;
  });
  afterAll(() => t.close());

  it('creates a numbered order with a Location and counts it on the customer', async () => {
    const res = await t.manager
      .post(ORDERS)
      .send({ customerId, title: ' 200 aprons ', quantity: 200, dueDate: '2026-12-01' })
      .expect(201);
    expect(res.headers.location).toBe(`${ORDERS}/${json<WorkOrderDto>(res).id}`);
    expect(json<WorkOrderDto>(res)).toMatchObject({
      customerId,
      title: '200 aprons',
      quantity: 200,
      dueDate: '2026-12-01',
      status: 'pending',
    });
    expect(json<WorkOrderDto>(res).number).toMatch(/^WO-\d{6}$/);
    const next = await t.manager
      .post(ORDERS)
      .send({ customerId, title: 'Caps', quantity: 1 })
      .expect(201);
    expect(Number(json<WorkOrderDto>(next).number.slice(3))).toBe(
      Number(json<WorkOrderDto>(res).number.slice(3)) + 1,
    );
    expect(json<WorkOrderDto>(next).dueDate).toBeNull();
    const got = await t.viewer.get(`${ORDERS}/${json<WorkOrderDto>(res).id}`).expect(200);
    expect(json<WorkOrderDto>(got)).toEqual(json<WorkOrderDto>(res));
    const customer = await t.viewer.get(`${CUSTOMERS}/${customerId}`).expect(200);
    expect(json<CustomerDetailDto>(customer)).toMatchObject({
      activeOrdersCount: 2,
      totalOrdersCount: 2,
    });
    const audit = await t.admin
      .get(`/api/v1/audit?entityType=work_order&entityId=${json<WorkOrderDto>(res).id}`)
      .expect(200);
    expect(json<AuditPageDto>(audit).data[0]).toMatchObject({
      action: 'created',
      metadata: { customerId },
    });
  });

  it('validates the body and the customer', async () => {
    const bad = await t.manager
      .post(ORDERS)
      .send({ customerId: 'x', title: '', quantity: 0, dueDate: '2026-13-45' })
      .expect(400);
    expect(new Set(problem(bad).errors?.map((e: { field: string }) => e.field))).toEqual(
      new Set(['customerId', 'title', 'quantity', 'dueDate']),
    );
    const unknown = await t.manager
      .post(ORDERS)
      .send({ customerId: '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001', title: 'x', quantity: 1 })
      .expect(422);
    expect(problem(unknown)).toMatchObject({
      code: 'customer_not_found',
      errors: [{ field: 'customerId' }],
    });
    await t.viewer.post(ORDERS).send({ customerId, title: 'x', quantity: 1 }).expect(403);
    await t.viewer.get(`${ORDERS}/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001`).expect(404);
    await t.viewer.get(`${ORDERS}/nope`).expect(400);
  });

  it('moves status only forward, records each move, and keeps the counters exact', async () => {
    const order = json<WorkOrderDto>(
      await t.manager.post(ORDERS).send({ customerId, title: 'Mugs', quantity: 3 }).expect(201),
    );
    const before = json<CustomerDetailDto>(
      await t.viewer.get(`${CUSTOMERS}/${customerId}`).expect(200),
    );
    const skip = await t.manager
      .patch(`${ORDERS}/${order.id}`)
      .send({ status: 'completed' })
      .expect(409);
    expect(problem(skip)).toMatchObject({
      code: 'invalid_status_transition',
      currentStatus: 'pending',
      requestedStatus: 'completed',
    });
    await t.manager
      .patch(`${ORDERS}/${order.id}`)
      .send({ status: 'in_production', quantity: 4 })
      .expect(200);
    const done = await t.manager
      .patch(`${ORDERS}/${order.id}`)
      .send({ status: 'completed' })
      .expect(200);
    expect(json<WorkOrderDto>(done)).toMatchObject({ status: 'completed', quantity: 4 });
    for (const status of ['pending', 'in_production', 'cancelled']) {
      await t.manager.patch(`${ORDERS}/${order.id}`).send({ status }).expect(409);
    }
    await t.manager.patch(`${ORDERS}/${order.id}`).send({ status: 'shipped' }).expect(400);
    const after = json<CustomerDetailDto>(
      await t.viewer.get(`${CUSTOMERS}/${customerId}`).expect(200),
    );
    expect(after.activeOrdersCount).toBe(before.activeOrdersCount - 1);
    expect(after.totalOrdersCount).toBe(before.totalOrdersCount);

    const audit = await t.admin
      .get(`/api/v1/audit?entityType=work_order&entityId=${order.id}`)
      .expect(200);
    expect(json<AuditPageDto>(audit).data.map((e) => [e.action, e.changes])).toEqual([
      ['status_completed', { status: { from: 'in_production', to: 'completed' } }],
      ['status_in_production', { status: { from: 'pending', to: 'in_production' } }],
      ['updated', { quantity: { from: 3, to: 4 } }],
      ['created', null],
    ]);
    const [{ active, total }] = await t.dataSource.query<{ active: number; total: number }[]>(
      `SELECT count(*) FILTER (WHERE status IN ('pending','in_production'))::int AS active, count(*)::int AS total
       FROM work_orders WHERE customer_id = $1`,
      [customerId],
    );
    expect([after.activeOrdersCount, after.totalOrdersCount]).toEqual([active, total]);
  });

  const customerRow = async (id: string) =>
    (
      await t.dataSource.query<{ xmin: string; active: number; total: number }[]>(
        `SELECT xmin::text AS xmin, active_orders_count AS active, total_orders_count AS total
         FROM customers WHERE id = $1`,
        [id],
      )
    )[0];

  it('leaves the customer row alone when an edit changes no counter', async () => {
    const order = json<WorkOrderDto>(
      await t.manager.post(ORDERS).send({ customerId, title: 'Pens', quantity: 9 }).expect(201),
    );
    const before = await customerRow(customerId);
    await t.manager
      .patch(`${ORDERS}/${order.id}`)
      .send({ title: 'Blue pens', quantity: 10 })
      .expect(200);
    // pending → in_production: still active, no counter moves.
    await t.manager.patch(`${ORDERS}/${order.id}`).send({ status: 'in_production' }).expect(200);
    const after = await customerRow(customerId);
    // Same row version: the customer (and its indexes) were not rewritten at all.
    expect(after).toEqual(before);
  });

  it('moves the counters once when a status change ends an order', async () => {
    const order = json<WorkOrderDto>(
      await t.manager.post(ORDERS).send({ customerId, title: 'Cups', quantity: 2 }).expect(201),
    );
    const before = await customerRow(customerId);
    await t.manager.patch(`${ORDERS}/${order.id}`).send({ status: 'cancelled' }).expect(200);
    const after = await customerRow(customerId);
    expect(after.xmin).not.toBe(before.xmin);
    expect([after.active, after.total]).toEqual([before.active - 1, before.total]);
    const [{ active, total }] = await t.dataSource.query<{ active: number; total: number }[]>(
      `SELECT count(*) FILTER (WHERE status IN ('pending','in_production'))::int AS active, count(*)::int AS total
       FROM work_orders WHERE customer_id = $1`,
      [customerId],
    );
    expect([after.active, after.total]).toEqual([active, total]);
  });

  it('keeps both customers exact when an order moves to another customer', async () => {
    const other = json<CustomerDto>(
      await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'Moved To', contactName: 'M', email: 'moved@orders.test' })
        .expect(201),
    ).id;
    const order = json<WorkOrderDto>(
      await t.manager.post(ORDERS).send({ customerId, title: 'Moving', quantity: 1 }).expect(201),
    );
    const [from, to] = [await customerRow(customerId), await customerRow(other)];
    // No endpoint moves an order; the trigger still has to hold for any write path.
    await t.dataSource.query('UPDATE work_orders SET customer_id = $1 WHERE id = $2', [
      other,
      order.id,
    ]);
    const [fromAfter, toAfter] = [await customerRow(customerId), await customerRow(other)];
    expect([fromAfter.active, fromAfter.total]).toEqual([from.active - 1, from.total - 1]);
    expect([toAfter.active, toAfter.total]).toEqual([to.active + 1, to.total + 1]);
  });

  it("shows the work orders' events in the customer's activity and detail", async () => {
    const other = json<CustomerDto>(
      await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'Active Trail', contactName: 'A', email: 'trail@orders.test' })
        .expect(201),
    ).id;
    const order = json<WorkOrderDto>(
      await t.manager
        .post(ORDERS)
        .send({ customerId: other, title: 'Bags', quantity: 4 })
        .expect(201),
    );
    await t.manager.patch(`${ORDERS}/${order.id}`).send({ status: 'in_production' }).expect(200);
    await t.manager.patch(`${ORDERS}/${order.id}`).send({ title: 'Tote bags' }).expect(200);
    const expected = [
      ['work_order', order.id, 'updated'],
      ['work_order', order.id, 'status_in_production'],
      ['work_order', order.id, 'created'],
      ['customer', other, 'created'],
    ];
    const shape = (entries: { entityType: string; entityId: string; action: string }[]) =>
      entries.map((e) => [e.entityType, e.entityId, e.action]);
    const activity = await t.viewer.get(`${CUSTOMERS}/${other}/activity`).expect(200);
    expect(shape(json<AuditPageDto>(activity).data)).toEqual(expected);
    const detail = await t.viewer.get(`${CUSTOMERS}/${other}`).expect(200);
    expect(shape(json<CustomerDetailDto>(detail).recentActivity)).toEqual(expected);
    // Another customer's activity does not see them.
    const mine = await t.viewer.get(`${CUSTOMERS}/${customerId}/activity?limit=100`).expect(200);
    expect(json<AuditPageDto>(mine).data.map((e) => e.entityId)).not.toContain(order.id);
  });

  describe('GET /api/v1/audit', () => {
    interface Entry {
      id: string;
      entityType: string;
      entityId: string;
      action: string;
      actor: { keyId: string | null; name: string };
      occurredAt: string;
    }
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const keyIdNamed = async (name: string): Promise<string> =>
      (
        await t.dataSource.query<{ id: string }[]>('SELECT id FROM api_keys WHERE name = $1', [
          name,
        ])
      )[0].id;

    it('filters by actor, action, entityId and a [from, to) window; admins only', async () => {
      const other = t.withKey(await t.createKey('manager', 'audit-other-manager'));
      const otherId = await keyIdNamed('audit-other-manager');
      const mineId = json<CustomerDto>(
        await other
          .post(CUSTOMERS)
          .send({ companyName: 'Audit One', contactName: 'A', email: 'audit1@orders.test' })
          .expect(201),
      ).id;
      await sleep(5);
      const second = json<CustomerDto>(
        await t.manager
          .post(CUSTOMERS)
          .send({ companyName: 'Audit Two', contactName: 'A', email: 'audit2@orders.test' })
          .expect(201),
      ).id;
      await sleep(5);
      await other.delete(`${CUSTOMERS}/${mineId}`).expect(200);

      const byActor: Entry[] = json<AuditPageDto>(
        await t.admin.get(`/api/v1/audit?actor=${otherId}&limit=100`).expect(200),
      ).data;
      expect(byActor.map((e) => [e.entityId, e.action])).toEqual([
        [mineId, 'archived'],
        [mineId, 'created'],
      ]);
      expect(byActor.every((e) => e.actor.keyId === otherId)).toBe(true);
      expect(byActor[0].actor.name).toBe('audit-other-manager');

      const archived: Entry[] = json<AuditPageDto>(
        await t.admin.get('/api/v1/audit?action=archived&limit=100').expect(200),
      ).data;
      expect(archived.length).toBeGreaterThan(0);
      expect(archived.every((e) => e.action === 'archived')).toBe(true);
      expect(archived.map((e) => e.entityId)).toContain(mineId);

      // entityId alone (no entityType) finds the entity's entries.
      const byId = json<AuditPageDto>(
        await t.admin.get(`/api/v1/audit?entityId=${second}`).expect(200),
      ).data as Entry[];
      expect(byId.map((e) => [e.entityType, e.action])).toEqual([['customer', 'created']]);

      // from is inclusive, to exclusive: exactly the second customer's creation.
      const [secondCreated] = byId;
      const [archivedEntry] = byActor;
      const window = json<AuditPageDto>(
        await t.admin
          .get(
            `/api/v1/audit?from=${secondCreated.occurredAt}&to=${archivedEntry.occurredAt}&limit=100`,
          )
          .expect(200),
      ).data as Entry[];
      expect(window.map((e) => e.id)).toContain(secondCreated.id);
      expect(window.map((e) => e.id)).not.toContain(archivedEntry.id);
      expect(window.map((e) => e.entityId)).not.toContain(mineId);
      for (const entry of window) {
        expect(Date.parse(entry.occurredAt)).toBeGreaterThanOrEqual(
          Date.parse(secondCreated.occurredAt),
        );
        expect(Date.parse(entry.occurredAt)).toBeLessThanOrEqual(
          Date.parse(archivedEntry.occurredAt),
        );
      }
      const combined = json<AuditPageDto>(
        await t.admin.get(`/api/v1/audit?actor=${otherId}&action=created`).expect(200),
      ).data as Entry[];
      expect(combined.map((e) => e.entityId)).toEqual([mineId]);

      for (const client of [t.manager, t.viewer]) {
        const refused = await client.get('/api/v1/audit').expect(403);
        expect(problem(refused).code).toBe('forbidden');
      }
      await t.admin.get('/api/v1/audit?from=yesterday').expect(400);
    });
  });

  it("lists a customer's orders newest first, paginated, filtered by status", async () => {
    const other = json<CustomerDto>(
      await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'Many Orders', contactName: 'M', email: 'many@orders.test' })
        .expect(201),
    ).id;
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push(
        json<WorkOrderDto>(
          await t.manager
            .post(ORDERS)
            .send({ customerId: other, title: `#${i}`, quantity: 1 })
            .expect(201),
        ).id,
      );
    }
    await t.manager.patch(`${ORDERS}/${created[2]}`).send({ status: 'cancelled' }).expect(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${CUSTOMERS}/${other}/work-orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.viewer.get(url).expect(200);
      seen.push(...json<WorkOrderPageDto>(res).data.map((o) => o.id));
      cursor = json<WorkOrderPageDto>(res).nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
    const cancelled = await t.viewer
      .get(`${CUSTOMERS}/${other}/work-orders?status=cancelled`)
      .expect(200);
    expect(json<WorkOrderPageDto>(cancelled).data.map((o) => o.id)).toEqual([created[2]]);
    await t.viewer.get(`${CUSTOMERS}/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001/work-orders`).expect(404);
    await t.viewer.get(`${CUSTOMERS}/${other}/work-orders?cursor=bogus`).expect(400);
  });

  it('replays POST /work-orders with the same Idempotency-Key and refuses it with another body', async () => {
    const body = { customerId, title: 'Idem order', quantity: 2 };
    const first = await t.manager
      .post(ORDERS)
      .set('Idempotency-Key', 'wo-1')
      .send(body)
      .expect(201);
    const retry = await t.manager
      .post(ORDERS)
      .set('Idempotency-Key', 'wo-1')
      .send(body)
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(json<WorkOrderDto>(retry)).toEqual(json<WorkOrderDto>(first));
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM work_orders WHERE title = 'Idem order'`,
    );
    expect(rows[0].n).toBe(1);
    const reused = await t.manager
      .post(ORDERS)
      .set('Idempotency-Key', 'wo-1')
      .send({ ...body, quantity: 3 })
      .expect(422);
    expect(problem(reused).code).toBe('idempotency_key_reused');
  });
});

describeWithServer('Customers and work orders under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('50 simultaneous creates with one email: exactly one 201, 49 409s', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.manager.post(CUSTOMERS).send({
          companyName: `Racer ${i}`,
          contactName: 'R',
          email: i % 2 ? 'race@x.test' : 'RACE@x.test',
        }),
      ),
    );
    const statuses = results.map((res) => res.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const res of results.filter((r) => r.status === 409)) {
      expect(problem(res).code).toBe('customer_email_taken');
    }
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM customers WHERE email = 'race@x.test'`,
    );
    expect(rows[0].n).toBe(1);
    // The refused creates left no audit entry behind: only the winner's `created`.
    const refusedIds = results.filter((r) => r.status === 409).map((r) => problem(r).requestId);
    const created = await t.dataSource.query<{ entity_id: string }[]>(
      `SELECT entity_id FROM audit_entries WHERE action = 'created' AND request_id = ANY($1)`,
      [[...refusedIds, results.find((r) => r.status === 201)?.headers['x-request-id']]],
    );
    const winner = results.find((r) => r.status === 201);
    expect(created).toEqual([{ entity_id: winner && json<CustomerDto>(winner).id }]);
  });

  const newRacer = async (label: string): Promise<string> =>
    json<CustomerDto>(
      await t.manager
        .post(CUSTOMERS)
        .send({ companyName: `Race ${label}`, contactName: 'R', email: `race-${label}@x.test` })
        .expect(201),
    ).id;

  const archivedWithActiveOrders = (): Promise<{ id: string }[]> =>
    t.dataSource.query(
      `SELECT DISTINCT c.id FROM customers c JOIN work_orders o ON o.customer_id = c.id
       WHERE c.status = 'archived' AND o.status IN ('pending', 'in_production')`,
    );

  it('200 races of archive against work-order creation never leave an archived customer with an active order', async () => {
    let archived = 0;
    let ordered = 0;
    for (let round = 0; round < 200; round += 20) {
      const ids = await Promise.all(
        Array.from({ length: 20 }, (_, i) => newRacer(String(round + i))),
      );
      // Both requests of every race, sent in a shuffled order: sometimes the archive goes out
      // first, sometimes the work order, so both lock orders are exercised.
      const sends = ids.flatMap((id) => [
        { id, kind: 'archive' as const, send: () => t.manager.delete(`${CUSTOMERS}/${id}`) },
        {
          id,
          kind: 'order' as const,
          send: () => t.manager.post(ORDERS).send({ customerId: id, title: 'Race', quantity: 1 }),
        },
      ]);
      for (let i = sends.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [sends[i], sends[j]] = [sends[j], sends[i]];
      }
      const responses = await Promise.all(sends.map(({ send }) => send().then((res) => res)));
      for (const id of ids) {
        const archive = responses[sends.findIndex((s) => s.id === id && s.kind === 'archive')];
        const order = responses[sends.findIndex((s) => s.id === id && s.kind === 'order')];
        if (archive.status === 200) {
          archived += 1;
          expect(order.status).toBe(409);
          expect(problem(order).code).toBe('customer_archived');
        } else {
          ordered += 1;
          expect(order.status).toBe(201);
          expect(archive.status).toBe(409);
          expect(archive.body).toMatchObject({
            code: 'customer_has_active_orders',
            activeOrdersCount: 1,
          });
        }
      }
      expect(await archivedWithActiveOrders()).toEqual([]);
    }
    expect(archived + ordered).toBe(200);
    // Both outcomes really happened: each path of the guard ran under contention.
    expect(archived).toBeGreaterThan(0);
    expect(ordered).toBeGreaterThan(0);
    const drift = await t.dataSource.query<{ id: string }[]>(
      `SELECT c.id FROM customers c LEFT JOIN work_orders o ON o.customer_id = c.id
       GROUP BY c.id HAVING c.active_orders_count <> count(o.id) FILTER (WHERE o.status IN ('pending', 'in_production'))
         OR c.total_orders_count <> count(o.id)`,
    );
    expect(drift).toEqual([]);
  });

  /**
   * Holds a lock on the customer row in a transaction of our own, sends `request`, waits until
   * that request is blocked on the lock, commits, and returns the request's response.
   */
  async function whileLocked(
    lockAndWrite: (runner: QueryRunner) => Promise<void>,
    request: () => Promise<Response>,
  ): Promise<Response> {
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await lockAndWrite(runner);
      const response = request();
      await waitForLockWait(runner);
      await runner.commitTransaction();
      return await response;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  async function waitForLockWait(runner: QueryRunner): Promise<void> {
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    for (let attempt = 0; attempt < 250; attempt++) {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
        [pid],
      );
      if (n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the request never waited for the customer row lock');
  }

  it('archive waits for a work order that locked the customer first, then sees it (409)', async () => {
    const id = await newRacer('order-first');
    const archive = await whileLocked(
      async (runner) => {
        // What work-order creation does: lock the customer against archiving, insert.
        await runner.query('SELECT status FROM customers WHERE id = $1 FOR NO KEY UPDATE', [id]);
        await runner.query(
          `INSERT INTO work_orders (customer_id, title, quantity, version) VALUES ($1, 'Held', 1, 1)`,
          [id],
        );
      },
      () => t.manager.delete(`${CUSTOMERS}/${id}`).then((res) => res),
    );
    expect(archive.status).toBe(409);
    expect(archive.body).toMatchObject({
      code: 'customer_has_active_orders',
      activeOrdersCount: 1,
    });
    const customer = await t.viewer.get(`${CUSTOMERS}/${id}`).expect(200);
    expect(json<CustomerDetailDto>(customer)).toMatchObject({
      status: 'active',
      activeOrdersCount: 1,
    });
  });

  it('work-order creation waits for an archive that locked the customer first, then refuses (409)', async () => {
    const id = await newRacer('archive-first');
    const order = await whileLocked(
      async (runner) => {
        // What the archive does: lock the row for update, then mark it archived.
        await runner.query('SELECT id FROM customers WHERE id = $1 FOR UPDATE', [id]);
        await runner.query(
          `UPDATE customers SET status = 'archived', archived_at = now(), version = version + 1
           WHERE id = $1`,
          [id],
        );
      },
      () =>
        t.manager
          .post(ORDERS)
          .send({ customerId: id, title: 'Too late', quantity: 1 })
          .then((res) => res),
    );
    expect(order.status).toBe(409);
    expect(problem(order).code).toBe('customer_archived');
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM work_orders WHERE customer_id = $1',
      [id],
    );
    expect(n).toBe(0);
  });

  it('two PUTs with the same ETag: one 200, one 412', async () => {
    const created = await t.manager
      .post(CUSTOMERS)
      .send({ companyName: 'Etag Co', contactName: 'John Smith', email: 'etag@x.test' })
      .expect(201);
    const etag = created.headers.etag;
    const [a, b] = await Promise.all(
      ['Sarah Johnson', 'Maria Garcia'].map((contactName) =>
        t.manager
          .put(`${CUSTOMERS}/${json<CustomerDto>(created).id}`)
          .set('If-Match', etag)
          .send({ companyName: 'Etag Co', contactName, email: 'etag@x.test' }),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    const detail = await t.viewer.get(`${CUSTOMERS}/${json<CustomerDto>(created).id}`).expect(200);
    expect(json<CustomerDetailDto>(detail)).toMatchObject({
      contactName: json<CustomerDto>(winner).contactName,
      version: 2,
    });
    const activity = await t.viewer
      .get(`${CUSTOMERS}/${json<CustomerDto>(created).id}/activity`)
      .expect(200);
    expect(json<AuditPageDto>(activity).data.map((e) => e.action)).toEqual(['updated', 'created']);
  });
});
