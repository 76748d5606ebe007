import type { CustomerDto } from '../sdk/src/generated/types.gen';
import { NON_ASCII_AROUND_PAIR } from '../src/customers/customer-sql';
import { createTestApp, json, problem, type TestApp } from './support/test-app';

const CUSTOMERS = '/api/v1/customers';

interface ListBody {
  data: { id: string; companyName: string }[];
  nextCursor: string | null;
  total: number;
  totalExact: boolean;
}

/**
 * The list's totals and the search strategies at sizes the user-story tests never reach:
 * more than 10,000 matches (estimated totals, the walk along the sort index) and common
 * matches that all sort after 20,000 others (the fallback that collects every match).
 */
describe('Customer search at scale', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // Bulk rows straight in SQL, as an import or the seed writes them: the triggers keep the
    // search column and the per-status counts right for every write path.
    await t.dataSource.query(`
      INSERT INTO customers (company_name, contact_name, email, status, archived_at, version)
      SELECT 'Aardvark Filler ' || lpad(g::text, 5, '0'), 'Filler Person', 'filler' || g || '@scale.test',
        CASE WHEN g % 10 = 0 THEN 'archived' ELSE 'active' END,
        CASE WHEN g % 10 = 0 THEN now() END, 1
      FROM generate_series(1, 24000) g`);
    await t.dataSource.query(`
      INSERT INTO customers (company_name, contact_name, email, version)
      SELECT 'Zebra Cluster ' || lpad(g::text, 5, '0'), 'Cluster Person', 'cluster' || g || '@scale.test', 1
      FROM generate_series(1, 10050) g`);
    await t.dataSource.query('ANALYZE customers');
  }, 120_000);
  afterAll(() => t.close());

  const list = async (query: string): Promise<ListBody> =>
    (await t.viewer.get(`${CUSTOMERS}?${query}`).expect(200)).body as ListBody;

  const expectedNames = async (where: string, order: string, limit: number) =>
    (
      await t.dataSource.query<{ company_name: string }[]>(
        `SELECT company_name FROM customers WHERE ${where} ORDER BY ${order} LIMIT ${limit}`,
      )
    ).map((row) => row.company_name);

  it('gives exact totals per status without a search, however many customers there are', async () => {
    const counts = await t.dataSource.query<{ status: string; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM customers GROUP BY status',
    );
    const count = (status: string) => counts.find((row) => row.status === status)?.n ?? 0;
    expect(count('active')).toBe(21600 + 10050);

    for (const status of ['active', 'archived', 'all'] as const) {
      const body = await list(`status=${status}&limit=1`);
      const expected = status === 'all' ? count('active') + count('archived') : count(status);
      expect({ status, total: body.total, exact: body.totalExact }).toEqual({
        status,
        total: expected,
        exact: true,
      });
    }
  });

  it('merges active and archived customers in every sort order for status=all, page after page', async () => {
    const orders: Record<string, string> = {
      companyName: 'lower(company_name), id',
      '-companyName': 'lower(company_name) DESC, id DESC',
      createdAt: 'created_at, id',
      '-createdAt': 'created_at DESC, id DESC',
      activeOrdersCount: 'active_orders_count, id',
    };
    for (const [sort, order] of Object.entries(orders)) {
      for (const status of ['all', 'archived']) {
        const where = status === 'all' ? 'TRUE' : `status = 'archived'`;
        const expected = (
          await t.dataSource.query<{ id: string; status: string }[]>(
            `SELECT id, status FROM customers WHERE ${where} ORDER BY ${order} LIMIT 300`,
          )
        ).map((row) => row.id);
        const ids: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page < 3; page++) {
          const body = await list(
            `status=${status}&sort=${sort}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          );
          ids.push(...body.data.map((customer) => customer.id));
          cursor = body.nextCursor;
        }
        expect({ sort, status, ids }).toEqual({ sort, status, ids: expected });
      }
    }
    // The merge is really exercised: ascending by name, archived fillers sit among active ones.
    const firstPage = await t.dataSource.query<{ status: string }[]>(
      'SELECT status FROM customers ORDER BY lower(company_name), id LIMIT 100',
    );
    expect(new Set(firstPage.map((row) => row.status))).toEqual(new Set(['active', 'archived']));
  });

  it('keeps the totals exact through archive, restore and bulk deletes', async () => {
    const before = await list('status=archived&limit=1');
    const created = await t.manager
      .post(CUSTOMERS)
      .send({ companyName: 'Counted Co', contactName: 'Ann Count', email: 'ann@counted.test' })
      .expect(201);
    await t.manager.delete(`${CUSTOMERS}/${json<CustomerDto>(created).id}`).expect(200);
    expect((await list('status=archived&limit=1')).total).toBe(before.total + 1);
    await t.manager.post(`${CUSTOMERS}/${json<CustomerDto>(created).id}/restore`).expect(200);
    expect((await list('status=archived&limit=1')).total).toBe(before.total);

    const all = await list('status=all&limit=1');
    await t.dataSource.query(`DELETE FROM customers WHERE email = 'ann@counted.test'`);
    expect((await list('status=all&limit=1')).total).toBe(all.total - 1);
  });

  it('counts a search exactly up to 10,000 matches', async () => {
    const body = await list('search=filler%2000&limit=5');
    // "filler 00001".."filler 00999" less the archived tenths: 999 - 99.
    expect(body.total).toBe(900);
    expect(body.totalExact).toBe(true);
    expect(body.data.map((c) => c.companyName)).toEqual([
      'Aardvark Filler 00001',
      'Aardvark Filler 00002',
      'Aardvark Filler 00003',
      'Aardvark Filler 00004',
      'Aardvark Filler 00005',
    ]);
  });

  it('counts a common term exactly up to 10,000 matches while paging it along the sort order', async () => {
    // "filler 00001".."filler 09999" less the archived tenths: 9,999 - 999, more than a
    // search collects and sorts here (1,000 of 34,050 customers), so it is paged by walking.
    const first = await list('search=filler%200&limit=25');
    expect({ total: first.total, totalExact: first.totalExact }).toEqual({
      total: 9000,
      totalExact: true,
    });
    const expected = await expectedNames(
      `status = 'active' AND search_text LIKE '%filler 0%'`,
      'lower(company_name), id',
      50,
    );
    expect(first.data.map((c) => c.companyName)).toEqual(expected.slice(0, 25));
    const second = await list(`search=filler%200&limit=25&cursor=${first.nextCursor}`);
    expect(second.data.map((c) => c.companyName)).toEqual(expected.slice(25, 50));
    expect(second.total).toBe(9000);
  });

  it('counts a common term exactly when its matches all sort after 20,000 others', async () => {
    // "cluster 00001".."cluster 09999": after 21,600 active fillers, beyond the walked window.
    const page = await list('search=cluster%200&limit=10');
    expect({ total: page.total, totalExact: page.totalExact }).toEqual({
      total: 9999,
      totalExact: true,
    });
    expect(page.data.map((c) => c.companyName)).toEqual(
      await expectedNames(`search_text LIKE '%cluster 0%'`, 'lower(company_name), id', 10),
    );
  });

  it('estimates the total above 10,000 matches and still pages in order (common term)', async () => {
    const first = await list('search=person&limit=25');
    expect(first.totalExact).toBe(false);
    expect(first.total).toBeGreaterThan(10_000);
    const expected = await expectedNames(
      `status = 'active' AND search_text LIKE '%person%'`,
      'lower(company_name), id',
      50,
    );
    expect(first.data.map((c) => c.companyName)).toEqual(expected.slice(0, 25));
    const second = await list(`search=person&limit=25&cursor=${first.nextCursor}`);
    expect(second.data.map((c) => c.companyName)).toEqual(expected.slice(25, 50));
  });

  it('finds common matches that all sort after 20,000 others (and in descending order)', async () => {
    const ascending = await list('search=cluster&limit=25');
    expect(ascending.totalExact).toBe(false);
    expect(ascending.data.map((c) => c.companyName)).toEqual(
      await expectedNames(`search_text LIKE '%cluster%'`, 'lower(company_name), id', 25),
    );
    const descending = await list('search=filler&sort=-companyName&limit=3');
    expect(descending.data.map((c) => c.companyName)).toEqual([
      'Aardvark Filler 23999',
      'Aardvark Filler 23998',
      'Aardvark Filler 23997',
    ]);
    const byDate = await list('search=cluster&sort=-createdAt&limit=10');
    expect(byDate.data).toHaveLength(10);
    expect(byDate.nextCursor).not.toBeNull();
  });

  it('walks every page of a search without gaps or repeats', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ListBody = await list(
        `search=filler%20000&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const customer of page.data) seen.add(customer.id);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    // "filler 00001".."filler 00099" less the archived tenths.
    expect({ pages, customers: seen.size }).toEqual({ pages: 1, customers: 90 });
  });

  it('refuses a cursor from another search or status filter', async () => {
    const first = await list('search=cluster&limit=2');
    expect(first.nextCursor).not.toBeNull();
    const other = await t.viewer
      .get(`${CUSTOMERS}?search=filler&limit=2&cursor=${first.nextCursor}`)
      .expect(400);
    expect(problem(other).code).toBe('validation_failed');
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
    expect(problem(other).errors).toEqual([{ field: 'cursor', message: expect.any(String) }]);
    await t.viewer
      .get(`${CUSTOMERS}?search=cluster&status=all&limit=2&cursor=${first.nextCursor}`)
      .expect(400);
  });

  it('finds a phone-looking term both as typed and as digits', async () => {
    const signs = await t.manager
      .post(CUSTOMERS)
      .send({
        companyName: '9-8-7-6-5 Signs',
        contactName: 'Sam Countdown',
        email: 'sam@countdown.test',
      })
      .expect(201);
    const phone = await t.manager
      .post(CUSTOMERS)
      .send({
        companyName: 'Elevenses Bakery',
        contactName: 'Eve Eleven',
        email: 'eve@elevenses.test',
        phone: '+1 (555) 98765',
      })
      .expect(201);
    const page = await list('search=9-8-7-6-5');
    expect(page.data.map((c) => c.id).sort()).toEqual(
      [json<CustomerDto>(signs).id, json<CustomerDto>(phone).id].sort(),
    );
    expect(page.total).toBe(2);
  });

  it('finds a two-character term wherever it stands, however rare, beside non-ASCII letters too', async () => {
    // `ab` is in none of the bulk rows. Each of these has it at a different kind of place:
    // the text's start, after an ASCII letter, after a non-ASCII letter and before a space,
    // between two non-ASCII letters, and after a non-ASCII letter at the end of a name.
    const names = ['Abzu Prints', 'Qzab Tools', 'Ñab Embroidery', 'Çabç Signs', 'Studio Ñab'];
    const created: string[] = [];
    for (const [i, companyName] of names.entries()) {
      const response = await t.manager
        .post(CUSTOMERS)
        .send({ companyName, contactName: 'Pat Pair', email: `pair${i}@pairs.test` })
        .expect(201);
      created.push(json<CustomerDto>(response).id);
    }
    const page = await list('search=ab&limit=100');
    expect(page.data.map((c) => c.id).sort()).toEqual([...created].sort());
    expect({ total: page.total, exact: page.totalExact }).toEqual({ total: 5, exact: true });

    // The rare rows' partial index is the one the search's predicate names: the same text.
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('SET LOCAL enable_seqscan = off');
      const [{ 'QUERY PLAN': plan }] = (await runner.query(
        `EXPLAIN (FORMAT JSON) SELECT 1 FROM customers c WHERE c.search_text ~ '${NON_ASCII_AROUND_PAIR}'`,
      )) as { 'QUERY PLAN': unknown }[];
      expect(JSON.stringify(plan)).toContain('ix_customers_search_pair_rare');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
