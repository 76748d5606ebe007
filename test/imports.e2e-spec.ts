import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Papa from 'papaparse';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app-factory';
import { loadAppConfig } from '../src/config/app-config';
import { ImportRunner } from '../src/imports/import-runner.service';
import { describeWithServer } from './support/test-database';
import { createTestApp, TEST_ADMIN_KEY, type ApiClient, type TestApp } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'import');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

interface ImportJson {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  unknownColumns: string[];
  failureReason: string | null;
  [key: string]: unknown;
}

function upload(
  client: ApiClient,
  file: Buffer,
  fileName: string,
  query: Record<string, string> = {},
) {
  return client.post('/api/v1/customers/import').query(query).attach('file', file, fileName);
}

const FINISHED = ['completed', 'failed', 'cancelled'];

async function waitFor(
  client: ApiClient,
  id: string,
  until: (job: ImportJson) => boolean = (job) => FINISHED.includes(job.status),
  timeoutMs = 30_000,
): Promise<ImportJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/v1/imports/${id}`).expect(200);
    if (until(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function importFile(
  client: ApiClient,
  file: Buffer,
  fileName: string,
  query: Record<string, string> = {},
): Promise<ImportJson> {
  const res = await upload(client, file, fileName, query).expect(202);
  expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
  return waitFor(client, res.body.id);
}

async function count(dataSource: DataSource, sql: string, params: unknown[] = []) {
  const rows: { n: string }[] = await dataSource.query(sql, params);
  return Number(rows[0].n);
}

const customerCount = (dataSource: DataSource) =>
  count(dataSource, 'SELECT count(*) AS n FROM customers');
const importedAuditCount = (dataSource: DataSource, importId: string) =>
  count(
    dataSource,
    `SELECT count(DISTINCT entity_id) AS n FROM audit_entries
     WHERE action = 'imported' AND metadata->>'importId' = $1`,
    [importId],
  );

function csv(rows: string[][]): Buffer {
  return Buffer.from(rows.map((row) => row.join(',')).join('\n') + '\n', 'utf8');
}

function generated(rows: number, prefix: string): Buffer {
  const lines = [['Company', 'Contact', 'Email']];
  for (let i = 1; i <= rows; i++)
    lines.push([`${prefix} Co ${i}`, `Person ${i}`, `${prefix}${i}@gen.example`]);
  return csv(lines);
}

async function insertCustomer(dataSource: DataSource, email: string, archived = false) {
  const rows: { id: string }[] = await dataSource.query(
    `INSERT INTO customers (company_name, contact_name, email, status, archived_at, version)
     VALUES ('Existing Co', 'Eve Exists', $1, $2, $3, 1) RETURNING id`,
    [email, archived ? 'archived' : 'active', archived ? new Date() : null],
  );
  return rows[0].id;
}

describe('Customer CSV import', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ IMPORT_BATCH_SIZE: '7' });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM imports');
    await t.dataSource.query('DELETE FROM customers');
  });

  it("imports the plan's 50-row file: exactly 50 customers, each with an imported audit entry", async () => {
    const res = await upload(t.admin, fixture('ok/customers-50.csv'), 'customers-50.csv').expect(
      202,
    );
    expect(res.body).toMatchObject({
      status: 'queued',
      fileName: 'customers-50.csv',
      fileSize: fixture('ok/customers-50.csv').length,
      totalRows: 50,
      processedRows: 0,
      dryRun: false,
      onDuplicate: 'skip',
      unknownColumns: [],
      startedBy: { name: 'bootstrap-admin' },
    });
    const done = await waitFor(t.admin, res.body.id);
    expect(done).toMatchObject({
      status: 'completed',
      totalRows: 50,
      processedRows: 50,
      created: 50,
      updated: 0,
      skipped: 0,
      failed: 0,
      failureReason: null,
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(await customerCount(t.dataSource)).toBe(50);
    expect(await importedAuditCount(t.dataSource, done.id)).toBe(50);
    const [seventh] = await t.dataSource.query(
      `SELECT company_name, contact_name, phone, notes FROM customers WHERE email = 'contact07@shop07.example'`,
    );
    expect(seventh).toEqual({
      company_name: 'Northwind Traders',
      contact_name: 'Omar Johnson',
      phone: null,
      notes: 'Prefers pickup,\nrings twice',
    });
    const chunks = await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks');
    expect(chunks).toBe(0);

    const list = await t.admin.get('/api/v1/imports').expect(200);
    expect(list.body.data.map((job: ImportJson) => job.id)).toEqual([done.id]);
  });

  it('reads BOM, semicolons, CRLF, tabs, quotes, multi-line cells, aliases and unicode', async () => {
    const semicolons = await importFile(t.admin, fixture('ok/semicolon-bom-crlf.csv'), 'a.csv');
    expect(semicolons).toMatchObject({ status: 'completed', totalRows: 3, created: 3, failed: 0 });
    expect(semicolons.unknownColumns).toEqual(['Fax']);
    const tabs = await importFile(t.admin, fixture('ok/tabs-lf.csv'), 'b.csv');
    expect(tabs).toMatchObject({ status: 'completed', totalRows: 3, created: 3, failed: 0 });
    const stored = await t.dataSource.query(
      `SELECT company_name, contact_name, email, phone, tax_exempt, tags, billing_address
       FROM customers ORDER BY email`,
    );
    expect(stored).toEqual([
      {
        company_name: 'Blue Thread Embroidery',
        contact_name: 'Ana García',
        email: 'ana@bluethread.example',
        phone: '+34 600 000 000',
        tax_exempt: true,
        tags: ['vip', 'wholesale'],
        billing_address: {
          line1: null,
          line2: null,
          city: 'Sevilla',
          region: null,
          postalCode: null,
          country: null,
        },
      },
      expect.objectContaining({
        company_name: 'Multi\nLine Signs',
        email: 'lars@signs.example',
        tax_exempt: false,
      }),
      expect.objectContaining({ company_name: 'Northwind', email: 'priya@northwind.example' }),
      expect.objectContaining({
        company_name: '株式会社 サンプル',
        contact_name: '田中 博',
        phone: '03-1234-5678',
      }),
      expect.objectContaining({
        company_name: 'Acme; Inc.',
        contact_name: 'Wile E. "Genius" Coyote',
        phone: null,
      }),
      expect.objectContaining({
        company_name: "Zoë's Café",
        email: 'zoe@cafe.example',
        phone: '555-0199',
      }),
    ]);
  });

  describe('a file with bad rows', () => {
    const file = fixture('not-ok/mixed-errors.csv');
    const expectedErrors = [
      { row: 3, column: 'Email', value: 'not-an-email', code: 'invalid_email' },
      { row: 4, column: 'Company', value: '', code: 'required' },
      { row: 5, column: 'Contact', value: '', code: 'required' },
      {
        row: 6,
        column: 'Email',
        value: 'ANN@good.example',
        code: 'duplicate_in_file',
        message: 'The email ann@good.example is already on row 2 of this file.',
      },
      { row: 8, column: 'Phone', value: 'call me maybe', code: 'invalid_phone' },
      { row: 12, column: 'Contact', value: '', code: 'required' },
      { row: 12, column: 'Email', value: 'bad@@x', code: 'invalid_email' },
    ];

    it('imports the good rows and reports every bad one with its row, column and reason', async () => {
      await insertCustomer(t.dataSource, 'existing@shop.example');
      const done = await importFile(t.admin, file, 'mixed.csv');
      expect(done).toMatchObject({
        status: 'completed',
        totalRows: 10,
        processedRows: 10,
        created: 3,
        updated: 0,
        skipped: 1,
        failed: 6,
      });
      const emails = await t.dataSource.query('SELECT email FROM customers ORDER BY email');
      expect(emails.map((row: { email: string }) => row.email)).toEqual([
        'ann@good.example',
        'existing@shop.example',
        'gus@fine.example',
        'hal@multi.example',
      ]);

      const errors: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { data: Record<string, unknown>[]; nextCursor: string | null } } =
          await t.admin
            .get(`/api/v1/imports/${done.id}/errors`)
            .query({ limit: 3, ...(cursor ? { cursor } : {}) })
            .expect(200);
        errors.push(...res.body.data);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(errors).toHaveLength(expectedErrors.length);
      expectedErrors.forEach((expected, i) => expect(errors[i]).toMatchObject(expected));
      for (const error of errors) expect(typeof error.message).toBe('string');

      const errorsCsv = await t.admin.get(`/api/v1/imports/${done.id}/errors.csv`).expect(200);
      expect(errorsCsv.headers['content-type']).toMatch(/^text\/csv/);
      const parsed = Papa.parse<string[]>(errorsCsv.text.replace(/^\uFEFF/, ''), {
        skipEmptyLines: true,
      }).data;
      expect(parsed[0]).toEqual(['Company', 'Contact', 'Email', 'Phone', 'Notes', 'error']);
      expect(parsed.slice(1).map((row) => row.slice(0, 5))).toEqual([
        ['Bad Email Co', 'Bob Baker', 'not-an-email', '555-0101', ''],
        ['', 'Cy Missing', 'cy@missing.example', '', ''],
        ['No Contact Ltd', '', 'nocontact@example.com', '', ''],
        ['Dup Co', 'Dee Dup', 'ANN@good.example', '', ''],
        ['Phone Co', 'Fay Phone', 'fay@phone.example', 'call me maybe', ''],
        ['Two Errors', '', 'bad@@x', '', ''],
      ]);
      expect(parsed[4][5]).toBe(
        'Email: The email ann@good.example is already on row 2 of this file.',
      );
      expect(parsed[6][5]).toMatch(/^Contact: .+; Email: .+$/);

      // Fixed and uploaded again (the error column is ignored as unknown): every row goes in.
      const fixes: Record<string, [number, string]> = {
        'not-an-email': [2, 'bob@baker.example'],
        'cy@missing.example': [0, 'Cy Co'],
        'nocontact@example.com': [1, 'Nora Contact'],
        'ANN@good.example': [2, 'dee@dup.example'],
        'fay@phone.example': [3, '555-0177'],
        'bad@@x': [2, 'two@errors.example'],
      };
      const fixed = parsed.map((row, i) => {
        if (i === 0) return row;
        const copy = [...row];
        const [column, value] = fixes[row[2]];
        copy[column] = value;
        if (row[2] === 'bad@@x') copy[1] = 'Tess Two';
        return copy;
      });
      const again = await importFile(t.admin, Buffer.from(Papa.unparse(fixed)), 'fixed.csv');
      expect(again).toMatchObject({ status: 'completed', totalRows: 6, created: 6, failed: 0 });
      expect(again.unknownColumns).toEqual(['error']);
      expect(await customerCount(t.dataSource)).toBe(10);
    });

    it('fails existing emails with onDuplicate=error', async () => {
      await insertCustomer(t.dataSource, 'existing@shop.example');
      const done = await importFile(t.admin, file, 'mixed.csv', { onDuplicate: 'error' });
      expect(done).toMatchObject({ created: 3, updated: 0, skipped: 0, failed: 7 });
      const res = await t.admin.get(`/api/v1/imports/${done.id}/errors`).query({ limit: 100 });
      expect(res.body.data.find((e: { row: number }) => e.row === 7)).toMatchObject({
        column: 'Email',
        value: 'existing@shop.example',
        code: 'customer_email_taken',
      });
    });

    it('updates existing customers with onDuplicate=update, with the changes in the audit trail', async () => {
      const id = await insertCustomer(t.dataSource, 'existing@shop.example');
      await t.dataSource.query(`UPDATE customers SET company_name = 'Old Name' WHERE id = $1`, [
        id,
      ]);
      const done = await importFile(t.admin, file, 'mixed.csv', { onDuplicate: 'update' });
      expect(done).toMatchObject({ created: 3, updated: 1, skipped: 0, failed: 6 });
      const [row] = await t.dataSource.query(
        'SELECT company_name, version FROM customers WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ company_name: 'Existing Co', version: 2 });
      const [entry] = await t.dataSource.query(
        `SELECT changes, metadata FROM audit_entries WHERE entity_id = $1 AND action = 'imported'`,
        [id],
      );
      expect(entry).toEqual({
        changes: { companyName: { from: 'Old Name', to: 'Existing Co' } },
        metadata: { importId: done.id, row: 7 },
      });
    });

    it('with dryRun reports the same counts and errors but writes no customer and no audit entry', async () => {
      await insertCustomer(t.dataSource, 'existing@shop.example');
      const done = await importFile(t.admin, file, 'mixed.csv', { dryRun: 'true' });
      expect(done).toMatchObject({
        status: 'completed',
        dryRun: true,
        created: 3,
        skipped: 1,
        failed: 6,
      });
      expect(await customerCount(t.dataSource)).toBe(1);
      expect(
        await count(
          t.dataSource,
          `SELECT count(*) AS n FROM audit_entries WHERE action = 'imported' AND metadata->>'importId' = $1`,
          [done.id],
        ),
      ).toBe(0);
      const res = await t.admin.get(`/api/v1/imports/${done.id}/errors`).query({ limit: 100 });
      expect(res.body.data).toHaveLength(expectedErrors.length);
    });
  });

  it('creates nothing the second time the same file is imported with onDuplicate=skip', async () => {
    const first = await importFile(t.admin, fixture('ok/customers-50.csv'), 'c.csv');
    const second = await importFile(t.admin, fixture('ok/customers-50.csv'), 'c.csv');
    expect(first).toMatchObject({ created: 50, skipped: 0 });
    expect(second).toMatchObject({ status: 'completed', created: 0, skipped: 50, failed: 0 });
    expect(await customerCount(t.dataSource)).toBe(50);
  });

  it('cancels a running import between batches, and refuses to cancel a finished one', async () => {
    const res = await upload(t.admin, generated(20_000, 'cancel'), 'big.csv').expect(202);
    await waitFor(t.admin, res.body.id, (job) => job.processedRows > 0);
    const cancelled = await t.admin.post(`/api/v1/imports/${res.body.id}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await t.admin.get(`/api/v1/imports/${res.body.id}`).expect(200);
    expect(after.body.status).toBe('cancelled');
    expect(after.body.processedRows).toBeLessThan(20_000);
    expect(after.body.created).toBe(after.body.processedRows);
    expect(await customerCount(t.dataSource)).toBe(after.body.created);

    const again = await t.admin.post(`/api/v1/imports/${res.body.id}/cancel`).expect(409);
    expect(again.body.code).toBe('import_finished');
  });

  it('refuses files that cannot be imported, writing no job', async () => {
    const cases: [string, number, string][] = [
      ['not-ok/empty.csv', 400, 'empty_file'],
      ['not-ok/header-only.csv', 400, 'empty_file'],
      ['not-ok/missing-contact-column.csv', 400, 'missing_required_columns'],
      ['not-ok/customers.xlsx', 415, 'not_a_csv'],
      ['not-ok/latin1.csv', 415, 'not_a_csv'],
    ];
    for (const [name, status, code] of cases) {
      const res = await upload(t.admin, fixture(name), name.split('/')[1]).expect(status);
      expect(res.body).toMatchObject({ status, code });
    }
    const missing = await upload(t.admin, fixture('not-ok/missing-contact-column.csv'), 'm.csv');
    expect(missing.body.errors).toEqual([
      { field: 'contactName', message: expect.stringContaining('"Contact"') },
    ]);

    const notMultipart = await t.admin
      .post('/api/v1/customers/import')
      .set('content-type', 'text/csv')
      .send('Company,Contact,Email\n')
      .expect(415);
    expect(notMultipart.body.code).toBe('unsupported_media_type');
    const badOption = await upload(t.admin, fixture('ok/customers-50.csv'), 'x.csv', {
      onDuplicate: 'replace',
    }).expect(400);
    expect(badOption.body.code).toBe('validation_failed');
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
  });

  it('is for admins only: a manager or viewer key gets 403', async () => {
    for (const client of [t.manager, t.viewer]) {
      const res = await upload(client, fixture('ok/customers-50.csv'), 'c.csv').expect(403);
      expect(res.body.code).toBe('forbidden');
      await client.get('/api/v1/imports').expect(403);
    }
  });

  it('exports the list as CSV in the import format, neutralising formulas, and it re-imports as it was', async () => {
    await importFile(t.admin, fixture('ok/tabs-lf.csv'), 'tabs.csv');
    await t.dataSource.query(
      `INSERT INTO customers (company_name, contact_name, email, phone, notes, version)
       VALUES ('=HYPERLINK("http://evil.example","x")', '+Bob', 'formula@evil.example',
               '+1 555 0100', '@SUM(1)', 1)`,
    );
    const res = await t.admin.get('/api/v1/customers/export.csv').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    const rows = Papa.parse<string[]>(res.text.replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(rows[0].slice(0, 7)).toEqual([
      'Company Name',
      'Contact Name',
      'Email',
      'Phone',
      'Tax Exempt',
      'Tags',
      'Notes',
    ]);
    expect(rows).toHaveLength(5);
    const formula = rows.find((row) => row[2] === 'formula@evil.example')!;
    expect(formula.slice(0, 7)).toEqual([
      `'=HYPERLINK("http://evil.example","x")`,
      "'+Bob",
      'formula@evil.example',
      "'+1 555 0100",
      'no',
      '',
      "'@SUM(1)",
    ]);
    for (const row of rows) for (const value of row) expect(value).not.toMatch(/^[=+\-@\t\r]/);

    const filtered = await t.admin
      .get('/api/v1/customers/export.csv')
      .query({ search: 'northwind' });
    expect(
      Papa.parse<string[]>(filtered.text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data,
    ).toHaveLength(2);

    const snapshot = () =>
      t.dataSource.query(
        `SELECT company_name, contact_name, email, phone, billing_address, shipping_address,
           tax_exempt, notes, tags FROM customers ORDER BY email`,
      );
    const before = await snapshot();
    await t.dataSource.query('DELETE FROM customers');
    const reimported = await importFile(t.admin, Buffer.from(res.text, 'utf8'), 'customers.csv');
    expect(reimported).toMatchObject({ status: 'completed', created: 4, failed: 0 });
    expect(reimported.unknownColumns).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('honours Idempotency-Key: a retried upload replays the first job instead of starting another', async () => {
    const boundary = '----import-test-boundary';
    const multipart = (file: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.csv"\r\n` +
            'Content-Type: text/csv\r\n\r\n',
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const send = (body: Buffer) =>
      t.admin
        .post('/api/v1/customers/import')
        .set('content-type', `multipart/form-data; boundary=${boundary}`)
        .set('idempotency-key', 'import-retry-1')
        .send(body);
    const first = await send(multipart(fixture('ok/customers-50.csv'))).expect(202);
    const retry = await send(multipart(fixture('ok/customers-50.csv'))).expect(202);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const other = await send(multipart(fixture('ok/tabs-lf.csv'))).expect(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    await waitFor(t.admin, first.body.id);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(1);
    expect(await customerCount(t.dataSource)).toBe(50);
  });

  it('answers 404 for an unknown import and 400 for a malformed id', async () => {
    const missing = await t.admin
      .get('/api/v1/imports/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001')
      .expect(404);
    expect(missing.body.code).toBe('import_not_found');
    await t.admin.get('/api/v1/imports/nope/errors').expect(400);
  });
});

describe('Import limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ IMPORT_MAX_FILE_BYTES: String(1_500_000), IMPORT_MAX_ROWS: '20' });
  });
  afterAll(() => t.close());

  it('refuses a file over the size limit with 413 payload_too_large, keeping no chunk of it', async () => {
    const big = Buffer.from(
      `Company,Contact,Email,Notes\nA,B,a@b.example,${'x'.repeat(2_000_000)}\n`,
    );
    const res = await upload(t.admin, big, 'big.csv').expect(413);
    expect(res.body.code).toBe('payload_too_large');
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
  });

  it('refuses a file over the row limit with 413 too_many_rows', async () => {
    await upload(t.admin, generated(20, 'limit'), 'ok.csv').expect(202);
    const res = await upload(t.admin, generated(21, 'over'), 'over.csv').expect(413);
    expect(res.body).toMatchObject({ code: 'too_many_rows', maxRows: 20 });
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(1);
  });
});

/** A second service instance on the same database (as after a restart, or another node). */
async function startInstance(databaseUrl: string, env: Record<string, string>) {
  const app: NestFastifyApplication = await createApp(
    loadAppConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
      DATABASE_URL: databaseUrl,
      ...env,
    }),
  );
  await app.init();
  return app;
}

describeWithServer('Import after a worker crash', () => {
  /** Instance A runs the import and freezes (like a killed process) after two committed batches. */
  async function crashAfterTwoBatches(env: Record<string, string>) {
    const a = await createTestApp({
      IMPORT_BATCH_SIZE: '10',
      IMPORT_STALE_AFTER_SECONDS: '3600',
      ...env,
    });
    const runner = a.app.get(ImportRunner);
    const original = runner.writeBatch.bind(runner);
    let calls = 0;
    let thaw: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => (thaw = resolve));
    jest.spyOn(runner, 'writeBatch').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 3) await frozen;
      return original(...args);
    });
    const res = await upload(a.admin, fixture('ok/customers-50.csv'), 'crash.csv').expect(202);
    const frozenState = await waitFor(a.admin, res.body.id, (job) => job.processedRows === 20);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(3);
    expect(frozenState).toMatchObject({ status: 'processing', created: 20 });
    expect(await customerCount(a.dataSource)).toBe(20);
    const url = (a.dataSource.options as { url: string }).url;
    return { a, url, importId: res.body.id as string, thaw };
  }

  it('resumes an interrupted import after the last committed batch: 50 rows, none twice', async () => {
    const { a, url, importId, thaw } = await crashAfterTwoBatches({ IMPORT_MAX_ATTEMPTS: '3' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await startInstance(url, {
      IMPORT_BATCH_SIZE: '10',
      IMPORT_STALE_AFTER_SECONDS: '1',
    });
    try {
      const done = await waitFor(a.admin, importId);
      expect(done).toMatchObject({
        status: 'completed',
        totalRows: 50,
        processedRows: 50,
        created: 50,
        skipped: 0,
        failed: 0,
      });
      expect(await customerCount(a.dataSource)).toBe(50);
      expect(await importedAuditCount(a.dataSource, importId)).toBe(50);
      const [{ attempts }] = await a.dataSource.query(
        'SELECT attempts FROM imports WHERE id = $1',
        [importId],
      );
      expect(attempts).toBe(2);
      // The frozen worker wakes up: it no longer owns the import and writes nothing.
      thaw();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await customerCount(a.dataSource)).toBe(50);
      expect((await waitFor(a.admin, importId)).processedRows).toBe(50);
    } finally {
      thaw();
      await b.close();
      await a.close();
    }
  });

  it('marks the import failed with exact counts when it has no attempts left', async () => {
    const { a, url, importId, thaw } = await crashAfterTwoBatches({ IMPORT_MAX_ATTEMPTS: '1' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await startInstance(url, {
      IMPORT_BATCH_SIZE: '10',
      IMPORT_STALE_AFTER_SECONDS: '1',
    });
    try {
      const done = await waitFor(a.admin, importId);
      expect(done).toMatchObject({
        status: 'failed',
        totalRows: 50,
        processedRows: 20,
        created: 20,
        failed: 0,
      });
      expect(done.failureReason).toMatch(/interrupted/);
      expect(await customerCount(a.dataSource)).toBe(20);
      expect(await importedAuditCount(a.dataSource, importId)).toBe(20);
    } finally {
      thaw();
      await b.close();
      await a.close();
    }
  });
});
