import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import {
  archiveCustomer,
  type Client,
  createCustomer,
  createShopClient,
  createWorkOrder,
  exportCustomers,
  getCustomer,
  getImport,
  type ImportDto,
  importCustomers,
  listCustomerActivity,
  listCustomers,
  listCustomerWorkOrders,
  listImportErrors,
  paginate,
  ProblemError,
  restoreCustomer,
  unwrap,
  updateCustomer,
  updateWorkOrder,
} from '../sdk/src';
import { contractCheckedFetch } from './support/contract-validator';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app';

/**
 * The production manager's and the administrator's journeys, through the generated SDK exactly
 * as a client would use it: a broken SDK (or a response outside the contract, which the fetch
 * below rejects) breaks this suite.
 */
describe('User journey through the generated SDK', () => {
  let t: TestApp;
  let manager: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const fetch = contractCheckedFetch();
    manager = createShopClient({ baseUrl: t.baseUrl, apiKey: await t.createKey('manager'), fetch });
    admin = createShopClient({ baseUrl: `${t.baseUrl}/`, apiKey: TEST_ADMIN_KEY, fetch });
  });
  afterAll(() => t.close());

  async function expectProblem(call: Promise<unknown>, status: number, code: string) {
    const error = await call.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect(error).toMatchObject({ status, code, problem: { status, code } });
    return error as ProblemError;
  }

  it('create → list → search → detail → edit → archive → restore', async () => {
    const coffee = await unwrap(
      createCustomer({
        client: manager,
        body: {
          companyName: 'The Coffee House',
          contactName: 'John Smith',
          email: 'John@CoffeeHouse.com',
          phone: '555-0123',
          tags: ['wholesale'],
        },
        headers: { 'Idempotency-Key': 'journey-create-coffee-house' },
      }),
    );
    expect(coffee).toMatchObject({
      companyName: 'The Coffee House',
      email: 'john@coffeehouse.com',
      status: 'active',
      version: 1,
      activeOrdersCount: 0,
      totalOrdersCount: 0,
    });

    // A duplicate email is a typed problem the client can switch on.
    await expectProblem(
      unwrap(
        createCustomer({
          client: manager,
          body: { companyName: 'Copycat', contactName: 'Jane', email: 'john@coffeehouse.com' },
        }),
      ),
      409,
      'customer_email_taken',
    );

    for (let i = 1; i <= 11; i++)
      await unwrap(
        createCustomer({
          client: manager,
          body: {
            companyName: `Print Shop ${String(i).padStart(2, '0')}`,
            contactName: `Owner ${i}`,
            email: `owner${i}@printshop.example`,
          },
        }),
      );

    // Every customer, page by page, with the SDK's cursor loop.
    const names: string[] = [];
    for await (const customer of paginate(listCustomers, {
      client: manager,
      query: { limit: 5, sort: 'companyName' },
    }))
      names.push(customer.companyName);
    expect(names).toHaveLength(12);
    expect(names[0]).toBe('Print Shop 01');
    expect(names[11]).toBe('The Coffee House');

    const found = await unwrap(listCustomers({ client: manager, query: { search: 'coffee' } }));
    expect(found).toMatchObject({ total: 1, totalExact: true, nextCursor: null });
    expect(found.data.map((customer) => customer.id)).toEqual([coffee.id]);
    const byPhone = await unwrap(listCustomers({ client: manager, query: { search: '5550123' } }));
    expect(byPhone.data.map((customer) => customer.id)).toEqual([coffee.id]);

    const order = await unwrap(
      createWorkOrder({
        client: manager,
        body: { customerId: coffee.id, title: '200 embroidered aprons', quantity: 200 },
      }),
    );
    expect(order).toMatchObject({ customerId: coffee.id, status: 'pending', quantity: 200 });
    expect(order.number).toMatch(/^WO-\d{6}$/);

    const detailResult = await getCustomer({ client: manager, path: { id: coffee.id } });
    const detail = await unwrap(detailResult);
    expect(detail).toMatchObject({ activeOrdersCount: 1, totalOrdersCount: 1 });
    expect(detail.recentWorkOrders.map((recent) => recent.id)).toEqual([order.id]);
    // A customer's activity includes its work orders' events, newest first.
    expect(
      detail.recentActivity.map((entry) => [entry.entityType, entry.entityId, entry.action]),
    ).toEqual([
      ['work_order', order.id, 'created'],
      ['customer', coffee.id, 'created'],
    ]);
    const etag = detailResult.response.headers.get('etag');
    expect(etag).toBe('"1"');

    const edited = await unwrap(
      updateCustomer({
        client: manager,
        path: { id: coffee.id },
        headers: { 'If-Match': etag! },
        body: { contactName: 'Sarah Johnson' },
      }),
    );
    expect(edited).toMatchObject({ contactName: 'Sarah Johnson', version: 2 });
    // The same stale ETag again: 412, nothing lost.
    await expectProblem(
      unwrap(
        updateCustomer({
          client: manager,
          path: { id: coffee.id },
          headers: { 'If-Match': etag! },
          body: { contactName: 'Someone Else' },
        }),
      ),
      412,
      'precondition_failed',
    );
    const activity = await unwrap(
      listCustomerActivity({ client: manager, path: { id: coffee.id } }),
    );
    expect(activity.data[0]).toMatchObject({
      action: 'updated',
      changes: { contactName: { from: 'John Smith', to: 'Sarah Johnson' } },
    });

    const refused = await expectProblem(
      unwrap(archiveCustomer({ client: manager, path: { id: coffee.id } })),
      409,
      'customer_has_active_orders',
    );
    expect(refused.problem).toMatchObject({ activeOrdersCount: 1 });

    await unwrap(
      updateWorkOrder({
        client: manager,
        path: { id: order.id },
        body: { status: 'in_production' },
      }),
    );
    await unwrap(
      updateWorkOrder({ client: manager, path: { id: order.id }, body: { status: 'completed' } }),
    );
    const archived = await unwrap(archiveCustomer({ client: manager, path: { id: coffee.id } }));
    expect(archived).toMatchObject({ status: 'archived', activeOrdersCount: 0 });
    expect(archived.archivedAt).toEqual(expect.any(String));

    const activeNow = await unwrap(listCustomers({ client: manager, query: { search: 'coffee' } }));
    expect(activeNow.data).toEqual([]);
    const orders = await unwrap(
      listCustomerWorkOrders({ client: manager, path: { id: coffee.id } }),
    );
    expect(orders.data).toEqual([
      expect.objectContaining({ id: order.id, customerId: coffee.id, status: 'completed' }),
    ]);

    const restored = await unwrap(restoreCustomer({ client: manager, path: { id: coffee.id } }));
    expect(restored).toMatchObject({ status: 'active', archivedAt: null });
  });

  it('import a CSV, read its errors, and export what is there', async () => {
    const file = readFileSync(join(__dirname, 'fixtures', 'import', 'ok', 'customers-50.csv'));
    const started = await unwrap(
      importCustomers({
        client: admin,
        // Options go before the file: the server reads the form in order and refuses a late option.
        body: { onDuplicate: 'skip', file: new Blob([file], { type: 'text/csv' }) },
        headers: { 'Idempotency-Key': 'journey-import-50' },
      }),
    );
    expect(started).toMatchObject({ fileName: 'blob', status: 'queued' });

    // A manager may not import.
    await expectProblem(
      unwrap(importCustomers({ client: manager, body: { file: new Blob([file]) } })),
      403,
      'forbidden',
    );

    let job: ImportDto = started;
    const deadline = Date.now() + 30_000;
    while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
      if (Date.now() > deadline) throw new Error(`import still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = await unwrap(getImport({ client: admin, path: { id: started.id } }));
    }
    expect(job).toMatchObject({
      status: 'completed',
      totalRows: 50,
      processedRows: 50,
      created: 50,
      updated: 0,
      skipped: 0,
      failed: 0,
    });
    const errors = await unwrap(listImportErrors({ client: admin, path: { id: job.id } }));
    expect(errors.data).toEqual([]);

    let imported = 0;
    for await (const customer of paginate(listCustomers, {
      client: manager,
      query: { search: 'shop', limit: 100 },
    }))
      if (/^contact\d+@shop\d+\.example$/.test(customer.email)) imported += 1;
    expect(imported).toBe(50);

    // Bulk export of personal data is for admins, like the import.
    await expectProblem(
      unwrap(exportCustomers({ client: manager, query: { search: 'Zoë' }, parseAs: 'text' })),
      403,
      'forbidden',
    );
    const exported = await exportCustomers({
      client: admin,
      query: { search: 'Zoë' },
      parseAs: 'text',
    });
    expect(exported.response.status).toBe(200);
    expect(exported.response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = Papa.parse<string[]>(String(exported.data), {
      skipEmptyLines: true,
    }).data;
    expect(header.slice(0, 4)).toEqual(['Company Name', 'Contact Name', 'Email', 'Phone']);
    const zoe = await unwrap(listCustomers({ client: admin, query: { search: 'Zoë' } }));
    expect(zoe.total).toBeGreaterThan(0);
    expect(rows.map((row) => row[2]).sort()).toEqual(zoe.data.map((c) => c.email).sort());
  });

  it('paginate stops with an error when the server hands back a cursor twice', async () => {
    const pages = [
      { data: [1, 2], nextCursor: 'a' },
      { data: [3], nextCursor: 'b' },
      { data: [4], nextCursor: 'a' },
    ];
    let calls = 0;
    const seen: number[] = [];
    const loop = async () => {
      for await (const item of paginate(async () => pages[calls++])) seen.push(item);
    };
    await expect(loop()).rejects.toThrow('paginate: the server returned the cursor "a" twice');
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(calls).toBe(3);
  });
});
