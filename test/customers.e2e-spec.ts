import type {
  AuditPageDto,
  CustomerDetailDto,
  CustomerDto,
  CustomerPageDto,
  CustomerSummaryDto,
  WorkOrderDto,
  WorkOrderPageDto,
} from '../sdk/src/generated/types.gen';
import { createTestApp, json, problem, type TestApp } from './support/test-app';

const CUSTOMERS = '/api/v1/customers';

describe('Customers (US1-US6)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  let seq = 0;
  const newCustomer = async (overrides: Record<string, unknown> = {}): Promise<CustomerDto> => {
    seq += 1;
    const res = await t.manager
      .post(CUSTOMERS)
      .send({
        companyName: `Company ${String(seq).padStart(3, '0')}`,
        contactName: `Contact ${seq}`,
        email: `contact${seq}@example.com`,
        ...overrides,
      })
      .expect(201);
    return json<CustomerDto>(res);
  };
  const newOrder = async (customerId: string, title = 'Aprons') =>
    json<WorkOrderDto>(
      await t.manager
        .post('/api/v1/work-orders')
        .send({ customerId, title, quantity: 5 })
        .expect(201),
    ) as { id: string; number: string; status: string };

  describe('US1 create', () => {
    it('creates "The Coffee House" with a Location and sees it in the list', async () => {
      const res = await t.manager
        .post(CUSTOMERS)
        .send({
          companyName: '  The Coffee House ',
          contactName: 'John Smith',
          email: ' John@CoffeeHouse.com ',
          phone: '555-0123',
          billingAddress: { line1: '12 Bean Street', city: 'Portland', country: 'US' },
          tags: ['wholesale', ' wholesale ', 'Wholesale', 'cafe'],
        })
        .expect(201);
      expect(res.headers.location).toBe(`${CUSTOMERS}/${json<CustomerDto>(res).id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(json<CustomerDto>(res)).toMatchObject({
        companyName: 'The Coffee House',
        contactName: 'John Smith',
        email: 'john@coffeehouse.com',
        phone: '555-0123',
        status: 'active',
        taxExempt: false,
        tags: ['wholesale', 'cafe'],
        activeOrdersCount: 0,
        totalOrdersCount: 0,
        archivedAt: null,
        version: 1,
        billingAddress: {
          line1: '12 Bean Street',
          line2: null,
          city: 'Portland',
          region: null,
          postalCode: null,
          country: 'US',
        },
        shippingAddress: null,
      });
      const list = await t.viewer.get(`${CUSTOMERS}?search=coffee`).expect(200);
      expect(json<CustomerPageDto>(list).data.map((c) => c.id)).toEqual([
        json<CustomerDto>(res).id,
      ]);
      expect(json<CustomerPageDto>(list)).toMatchObject({
        total: 1,
        totalExact: true,
        nextCursor: null,
      });
    });

    it('names each invalid field in a 400', async () => {
      const res = await t.manager
        .post(CUSTOMERS)
        .send({
          companyName: '',
          email: 'not-an-email',
          phone: 'call me maybe',
          tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
          billingAddress: { postalCode: 'x'.repeat(21) },
          extra: 1,
        })
        .expect(400);
      const fields = (problem(res).errors as { field: string }[]).map((e) => e.field);
      expect(problem(res).code).toBe('validation_failed');
      expect(new Set(fields)).toEqual(
        new Set([
          'companyName',
          'contactName',
          'email',
          'phone',
          'tags',
          'billingAddress.postalCode',
          'extra',
        ]),
      );
    });

    it('accepts phones as people write them, refuses letters and absurd lengths', async () => {
      const ok = await newCustomer({ phone: '+1 (555) 010-1234 ext. 7' });
      expect(ok.phone).toBe('+1 (555) 010-1234 ext. 7');
      for (const phone of ['555-CALL-NOW', '12', '1'.repeat(41)]) {
        const res = await t.manager
          .post(CUSTOMERS)
          .send({ companyName: 'P', contactName: 'P', email: `p${phone.length}@x.com`, phone })
          .expect(400);
        expect(problem(res).errors?.[0].field).toBe('phone');
      }
    });

    it('refuses a duplicate email case-insensitively with 409 customer_email_taken', async () => {
      await newCustomer({ email: 'dup@example.com' });
      const res = await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'Other', contactName: 'Other', email: 'DUP@example.com' })
        .expect(409);
      expect(problem(res)).toMatchObject({
        code: 'customer_email_taken',
        errors: [{ field: 'email' }],
      });
    });

    it('lets viewers read but not write', async () => {
      const res = await t.viewer
        .post(CUSTOMERS)
        .send({ companyName: 'V', contactName: 'V', email: 'v@example.com' })
        .expect(403);
      expect(problem(res).code).toBe('forbidden');
    });
  });

  describe('US2/US3 list and search', () => {
    let coffee: string[];
    beforeAll(async () => {
      coffee = [];
      for (let i = 0; i < 55; i++) {
        const isCoffee = i % 11 === 0;
        const body = await newCustomer({
          companyName: isCoffee ? `Coffee Roasters ${i}` : `Print Shop ${i}`,
          contactName: `Person ${i}`,
          email: `list${i}@${isCoffee ? 'beans' : 'ink'}.test`,
          phone: `555-01${String(i).padStart(2, '0')}`,
        });
        if (isCoffee) coffee.push(body.id);
      }
    });

    it('lists customers with every column, sorted by company name with the id as tiebreaker', async () => {
      const res = await t.viewer.get(`${CUSTOMERS}?limit=10`).expect(200);
      expect(json<CustomerPageDto>(res).data).toHaveLength(10);
      for (const row of json<CustomerPageDto>(res).data) {
        expect(Object.keys(row).sort()).toEqual(
          [
            'activeOrdersCount',
            'companyName',
            'contactName',
            'createdAt',
            'email',
            'id',
            'phone',
            'status',
            'totalOrdersCount',
          ].sort(),
        );
      }
      const names = json<CustomerPageDto>(res).data.map((c) => c.companyName.toLowerCase());
      expect(names).toEqual([...names].sort());
      expect(json<CustomerPageDto>(res).totalExact).toBe(true);
      expect(json<CustomerPageDto>(res).total).toBeGreaterThanOrEqual(55);
      expect(json<CustomerPageDto>(res).nextCursor).toEqual(expect.any(String));
    });

    it('walks every page with the cursor without gaps or repeats, even with inserts in between', async () => {
      for (const sort of ['companyName', '-createdAt', '-activeOrdersCount', 'createdAt']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        const before = json<CustomerPageDto>(
          await t.viewer.get(`${CUSTOMERS}?limit=100&sort=${sort}`).expect(200),
        );
        do {
          const url: string = `${CUSTOMERS}?limit=7&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
          const res = await t.viewer.get(url).expect(200);
          seen.push(...json<CustomerPageDto>(res).data.map((c) => c.id));
          cursor = json<CustomerPageDto>(res).nextCursor;
          if (pages === 1) await newCustomer({ companyName: 'AAA inserted meanwhile' });
          pages += 1;
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        // Everything that existed before the walk was seen exactly once.
        for (const c of before.data) expect(seen).toContain(c.id);
      }
    });

    it('searches a case-insensitive substring of name, email or phone digits', async () => {
      const byName = await t.viewer
        .get(`${CUSTOMERS}?search=COFFEE%20roasters&limit=100`)
        .expect(200);
      expect(
        json<CustomerPageDto>(byName)
          .data.map((c) => c.id)
          .sort(),
      ).toEqual([...coffee].sort());
      expect(json<CustomerPageDto>(byName).total).toBe(coffee.length);
      const byEmail = await t.viewer.get(`${CUSTOMERS}?search=beans.test&limit=100`).expect(200);
      expect(json<CustomerPageDto>(byEmail).data).toHaveLength(coffee.length);
      const byPhone = await t.viewer.get(`${CUSTOMERS}?search=5550111`).expect(200);
      expect(json<CustomerPageDto>(byPhone).data.map((c) => c.companyName)).toEqual([
        'Coffee Roasters 11',
      ]);
      const byDashedPhone = await t.viewer.get(`${CUSTOMERS}?search=555-0111`).expect(200);
      expect(json<CustomerPageDto>(byDashedPhone).data).toHaveLength(1);
      const contact = await t.viewer.get(`${CUSTOMERS}?search=person%2022`).expect(200);
      expect(json<CustomerPageDto>(contact).data.map((c) => c.contactName)).toEqual(['Person 22']);
    });

    it('searching "Coffee" returns exactly the customers that contain it, and all of them', async () => {
      const all: CustomerSummaryDto[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `${CUSTOMERS}?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await t.viewer.get(url).expect(200);
        all.push(...json<CustomerPageDto>(page).data);
        cursor = json<CustomerPageDto>(page).nextCursor;
      } while (cursor);
      expect(all.length).toBeGreaterThanOrEqual(50);
      const expected = all
        .filter((c) =>
          [c.companyName, c.contactName, c.email].some((text) =>
            text.toLowerCase().includes('coffee'),
          ),
        )
        .map((c) => c.id)
        .sort();
      // The seeded coffee roasters are among them, and most customers are not.
      expect(expected).toEqual(expect.arrayContaining(coffee));
      expect(expected.length).toBeLessThan(all.length / 2);
      const found = await t.viewer.get(`${CUSTOMERS}?search=Coffee&limit=100`).expect(200);
      expect(
        json<CustomerPageDto>(found)
          .data.map((c) => c.id)
          .sort(),
      ).toEqual(expected);
      expect(json<CustomerPageDto>(found).total).toBe(expected.length);
    });

    it('paginates a search with its cursor', async () => {
      const first = await t.viewer.get(`${CUSTOMERS}?search=coffee%20roasters&limit=2`).expect(200);
      expect(json<CustomerPageDto>(first).data).toHaveLength(2);
      expect(json<CustomerPageDto>(first).total).toBe(coffee.length);
      const second = await t.viewer
        .get(
          `${CUSTOMERS}?search=coffee%20roasters&limit=100&cursor=${json<CustomerPageDto>(first).nextCursor}`,
        )
        .expect(200);
      const ids = [...json<CustomerPageDto>(first).data, ...json<CustomerPageDto>(second).data].map(
        (c) => c.id,
      );
      expect(ids.sort()).toEqual([...coffee].sort());
      expect(json<CustomerPageDto>(second).nextCursor).toBeNull();
    });

    it('treats % and _ literally', async () => {
      const percent = await newCustomer({ companyName: '100% Cotton_Co' });
      const res = await t.viewer
        .get(`${CUSTOMERS}?search=${encodeURIComponent('0% cotton_')}`)
        .expect(200);
      expect(json<CustomerPageDto>(res).data.map((c) => c.id)).toEqual([percent.id]);
      const wildcard = await t.viewer
        .get(`${CUSTOMERS}?search=${encodeURIComponent('%')}`)
        .expect(200);
      expect(json<CustomerPageDto>(wildcard).data.map((c) => c.id)).toEqual([percent.id]);
      const underscore = await t.viewer.get(`${CUSTOMERS}?search=_`).expect(200);
      expect(json<CustomerPageDto>(underscore).data.map((c) => c.id)).toEqual([percent.id]);
    });

    it('refuses bad list parameters and foreign cursors with 400', async () => {
      for (const query of ['limit=0', 'limit=101', 'sort=email', 'status=deleted', 'cursor=abc']) {
        const res = await t.viewer.get(`${CUSTOMERS}?${query}`).expect(400);
        expect(problem(res).code).toBe('validation_failed');
      }
      const page = await t.viewer.get(`${CUSTOMERS}?limit=1&sort=companyName`).expect(200);
      await t.viewer
        .get(`${CUSTOMERS}?sort=-createdAt&cursor=${json<CustomerPageDto>(page).nextCursor}`)
        .expect(400);
    });
  });

  describe('US4 detail', () => {
    it('shows counts, the 10 latest work orders and the 10 latest activity entries', async () => {
      const customer = await newCustomer();
      const orders = [];
      for (let i = 0; i < 12; i++) orders.push(await newOrder(customer.id, `Order ${i}`));
      await t.manager
        .patch(`/api/v1/work-orders/${orders[11].id}`)
        .send({ dueDate: '2027-03-31' })
        .expect(200);
      await t.manager
        .patch(`/api/v1/work-orders/${orders[0].id}`)
        .send({ status: 'completed' })
        .expect(409);
      await t.manager
        .patch(`/api/v1/work-orders/${orders[0].id}`)
        .send({ status: 'cancelled' })
        .expect(200);
      for (let i = 0; i < 11; i++) {
        await t.manager
          .patch(`${CUSTOMERS}/${customer.id}`)
          .send({ notes: `note ${i}` })
          .expect(200);
      }
      const res = await t.viewer.get(`${CUSTOMERS}/${customer.id}`).expect(200);
      expect(res.headers.etag).toBe('"12"');
      expect(json<CustomerDetailDto>(res)).toMatchObject({
        id: customer.id,
        activeOrdersCount: 11,
        totalOrdersCount: 12,
        notes: 'note 10',
        version: 12,
      });
      expect(json<CustomerDetailDto>(res).recentWorkOrders).toHaveLength(10);
      expect(json<CustomerDetailDto>(res).recentWorkOrders[0]).toMatchObject({
        title: 'Order 11',
        customerId: customer.id,
        dueDate: '2027-03-31',
      });
      expect(json<CustomerDetailDto>(res).recentWorkOrders[0].number).toMatch(/^WO-\d{6}$/);
      expect(json<CustomerDetailDto>(res).recentActivity).toHaveLength(10);
      expect(json<CustomerDetailDto>(res).recentActivity[0]).toMatchObject({
        action: 'updated',
        changes: { notes: { from: 'note 9', to: 'note 10' } },
      });
      const list = await t.viewer.get(`${CUSTOMERS}?search=${customer.email}`).expect(200);
      expect(json<CustomerPageDto>(list).data[0]).toMatchObject({
        activeOrdersCount: 11,
        totalOrdersCount: 12,
      });
      // The detail's lists are the first pages of the customer's work orders and activity.
      const ordersPage = await t.viewer.get(`${CUSTOMERS}/${customer.id}/work-orders?limit=10`);
      expect(json<CustomerDetailDto>(res).recentWorkOrders).toEqual(
        json<WorkOrderPageDto>(ordersPage).data,
      );
      const activityPage = await t.viewer.get(`${CUSTOMERS}/${customer.id}/activity?limit=10`);
      expect(json<CustomerDetailDto>(res).recentActivity).toEqual(
        json<AuditPageDto>(activityPage).data,
      );
    });

    it('404s an unknown id and 400s a malformed one', async () => {
      const missing = await t.viewer
        .get(`${CUSTOMERS}/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001`)
        .expect(404);
      expect(problem(missing).code).toBe('customer_not_found');
      const malformed = await t.viewer.get(`${CUSTOMERS}/nope`).expect(400);
      expect(problem(malformed).errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('US5 edit', () => {
    it('edits the contact from John Smith to Sarah Johnson with the change in the activity', async () => {
      const customer = await newCustomer({ contactName: 'John Smith', phone: '555-0199' });
      const res = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .set('If-Match', '"1"')
        .send({ contactName: 'Sarah Johnson', phone: '555-0199' })
        .expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(json<CustomerDto>(res)).toMatchObject({
        contactName: 'Sarah Johnson',
        phone: '555-0199',
        version: 2,
      });
      const activity = await t.viewer.get(`${CUSTOMERS}/${customer.id}/activity`).expect(200);
      expect(json<AuditPageDto>(activity).data.map((e) => e.action)).toEqual([
        'updated',
        'created',
      ]);
      expect(json<AuditPageDto>(activity).data[0].changes).toEqual({
        contactName: { from: 'John Smith', to: 'Sarah Johnson' },
      });
      expect(json<AuditPageDto>(activity).data[0].actor.name).toMatch(/^test-manager/);
    });

    it('PUT replaces every editable field; an unchanged PUT changes nothing', async () => {
      const customer = await newCustomer({ phone: '555-0100', notes: 'old', tags: ['a'] });
      const body = {
        companyName: 'Renamed',
        contactName: customer.contactName,
        email: customer.email,
      };
      const res = await t.manager.put(`${CUSTOMERS}/${customer.id}`).send(body).expect(200);
      expect(json<CustomerDto>(res)).toMatchObject({
        companyName: 'Renamed',
        phone: null,
        notes: null,
        tags: [],
        version: 2,
      });
      const again = await t.manager.put(`${CUSTOMERS}/${customer.id}`).send(body).expect(200);
      expect(json<CustomerDto>(again).version).toBe(2);
      const activity = await t.viewer.get(`${CUSTOMERS}/${customer.id}/activity`).expect(200);
      expect(json<AuditPageDto>(activity).data).toHaveLength(2);
      expect(Object.keys(json<AuditPageDto>(activity).data[0].changes ?? {}).sort()).toEqual(
        ['companyName', 'notes', 'phone', 'tags'].sort(),
      );
    });

    it('answers 412 to a stale If-Match and 409 to a taken email', async () => {
      const customer = await newCustomer();
      const other = await newCustomer();
      await t.manager.patch(`${CUSTOMERS}/${customer.id}`).send({ notes: 'x' }).expect(200);
      const stale = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .set('If-Match', '"1"')
        .send({ notes: 'y' })
        .expect(412);
      expect(problem(stale).code).toBe('precondition_failed');
      // If-Match compares strongly: a weak tag of the current version does not match.
      const weak = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .set('If-Match', 'W/"2"')
        .send({ notes: 'y' })
        .expect(412);
      expect(problem(weak).code).toBe('precondition_failed');
      await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .set('If-Match', '"2"')
        .send({ notes: 'y' })
        .expect(200);
      const taken = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .send({ email: other.email.toUpperCase() })
        .expect(409);
      expect(problem(taken).code).toBe('customer_email_taken');
    });

    it('refuses null for a required field in PATCH', async () => {
      const customer = await newCustomer();
      const res = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .send({ companyName: null })
        .expect(400);
      expect(problem(res).errors?.[0].field).toBe('companyName');
    });
  });

  describe('US6 archive', () => {
    it('refuses while orders are active, then archives once they are completed', async () => {
      const customer = await newCustomer({ companyName: 'Archivable Ltd' });
      const first = await newOrder(customer.id);
      const second = await newOrder(customer.id);
      const refused = await t.manager.delete(`${CUSTOMERS}/${customer.id}`).expect(409);
      expect(problem(refused)).toMatchObject({
        code: 'customer_has_active_orders',
        activeOrdersCount: 2,
      });

      for (const order of [first, second]) {
        await t.manager
          .patch(`/api/v1/work-orders/${order.id}`)
          .send({ status: 'in_production' })
          .expect(200);
        await t.manager
          .patch(`/api/v1/work-orders/${order.id}`)
          .send({ status: 'completed' })
          .expect(200);
      }
      const archived = await t.manager.delete(`${CUSTOMERS}/${customer.id}`).expect(200);
      expect(json<CustomerDto>(archived)).toMatchObject({
        status: 'archived',
        activeOrdersCount: 0,
        totalOrdersCount: 2,
      });
      expect(json<CustomerDto>(archived).archivedAt).not.toBeNull();

      const active = await t.viewer.get(`${CUSTOMERS}?search=archivable`).expect(200);
      expect(json<CustomerPageDto>(active).data).toEqual([]);
      const archivedList = await t.viewer
        .get(`${CUSTOMERS}?search=archivable&status=archived`)
        .expect(200);
      expect(json<CustomerPageDto>(archivedList).data.map((c) => c.id)).toEqual([customer.id]);
      const all = await t.viewer.get(`${CUSTOMERS}?search=archivable&status=all`).expect(200);
      expect(json<CustomerPageDto>(all).data).toHaveLength(1);

      const orders = await t.viewer.get(`${CUSTOMERS}/${customer.id}/work-orders`).expect(200);
      expect(json<WorkOrderPageDto>(orders).data.map((o) => o.customerId)).toEqual([
        customer.id,
        customer.id,
      ]);
      const detail = await t.viewer.get(`${CUSTOMERS}/${customer.id}`).expect(200);
      expect(json<CustomerDetailDto>(detail).status).toBe('archived');

      const edit = await t.manager
        .patch(`${CUSTOMERS}/${customer.id}`)
        .send({ notes: 'x' })
        .expect(409);
      expect(problem(edit).code).toBe('customer_archived');
      const order = await t.manager
        .post('/api/v1/work-orders')
        .send({ customerId: customer.id, title: 'More', quantity: 1 })
        .expect(409);
      expect(problem(order).code).toBe('customer_archived');
      const duplicate = await t.manager
        .post(CUSTOMERS)
        .send({ companyName: 'X', contactName: 'X', email: customer.email.toUpperCase() })
        .expect(409);
      expect(problem(duplicate).code).toBe('customer_email_taken');

      const restored = await t.manager.post(`${CUSTOMERS}/${customer.id}/restore`).expect(200);
      expect(json<CustomerDto>(restored)).toMatchObject({ status: 'active', archivedAt: null });
      const activity = await t.viewer
        .get(`${CUSTOMERS}/${customer.id}/activity?limit=2`)
        .expect(200);
      expect(json<AuditPageDto>(activity).data.map((e) => e.action)).toEqual([
        'restored',
        'archived',
      ]);
      expect(json<AuditPageDto>(activity).nextCursor).toEqual(expect.any(String));
      const rest = await t.viewer
        .get(
          `${CUSTOMERS}/${customer.id}/activity?cursor=${json<AuditPageDto>(activity).nextCursor}`,
        )
        .expect(200);
      // The customer's activity includes its work orders' events, newest first.
      expect(
        json<AuditPageDto>(rest).data.map((e) => [e.entityType, e.entityId, e.action]),
      ).toEqual([
        ['work_order', second.id, 'status_completed'],
        ['work_order', second.id, 'status_in_production'],
        ['work_order', first.id, 'status_completed'],
        ['work_order', first.id, 'status_in_production'],
        ['work_order', second.id, 'created'],
        ['work_order', first.id, 'created'],
        ['customer', customer.id, 'created'],
      ]);
      expect(json<CustomerDetailDto>(detail).recentActivity.map((e) => e.action)).toEqual([
        'archived',
        'status_completed',
        'status_in_production',
        'status_completed',
        'status_in_production',
        'created',
        'created',
        'created',
      ]);
    });

    it('404s archiving an unknown customer', async () => {
      const res = await t.manager
        .delete(`${CUSTOMERS}/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001`)
        .expect(404);
      expect(problem(res).code).toBe('customer_not_found');
    });
  });

  describe('Idempotency-Key on POST /customers', () => {
    it('replays the first response and refuses the key with another body', async () => {
      const body = { companyName: 'Idem', contactName: 'Idem', email: 'idem@example.com' };
      const first = await t.manager
        .post(CUSTOMERS)
        .set('Idempotency-Key', 'cust-1')
        .send(body)
        .expect(201);
      const retry = await t.manager
        .post(CUSTOMERS)
        .set('Idempotency-Key', 'cust-1')
        .send(body)
        .expect(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(json<CustomerDto>(retry)).toEqual(json<CustomerDto>(first));
      expect(retry.headers.location).toBe(first.headers.location);
      const rows = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM customers WHERE email = 'idem@example.com'`,
      );
      expect(rows[0].n).toBe(1);
      const reused = await t.manager
        .post(CUSTOMERS)
        .set('Idempotency-Key', 'cust-1')
        .send({ ...body, email: 'idem2@example.com' })
        .expect(422);
      expect(problem(reused).code).toBe('idempotency_key_reused');
    });
  });
});
