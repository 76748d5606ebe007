import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Papa from 'papaparse';
import type { DataSource } from 'typeorm';
import type { ImportDto, ImportErrorPageDto, ImportPageDto } from '../sdk/src/generated/types.gen';
import { createApp } from '../src/app-factory';
import { loadAppConfig } from '../src/config/app-config';
import { ImportBatchWriter } from '../src/imports/import-batch-writer';
import { ImportLifecycle } from '../src/imports/import-lifecycle';
import { describeWithServer } from './support/test-database';
import {
  type ApiClient,
  createTestApp,
  json,
  problem,
  TEST_ADMIN_KEY,
  type TestApp,
} from './support/test-app';

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
    if (until(json<ImportDto>(res))) return json<ImportDto>(res);
    if (Date.now() > deadline)
      throw new Error(`import ${id} still ${JSON.stringify(json<ImportDto>(res))}`);
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
  expect(res.headers.location).toBe(`/api/v1/imports/${json<ImportDto>(res).id}`);
  return waitFor(client, json<ImportDto>(res).id);
}

async function count(dataSource: DataSource, sql: string, params: unknown[] = []) {
  const rows: { n: string }[] = await dataSource.query(sql, params);
  return Number(rows[0].n);
}

const customerCount = (dataSource: DataSource) =>
  count(dataSource, 'SELECT count(*) AS n FROM customers');
/** Every `imported` audit entry of the import, and how many customers got more than one. */
async function auditEntries(dataSource: DataSource, importId: string) {
  const [row]: { entries: string; twice: string }[] = await dataSource.query(
    `SELECT count(*) AS entries,
            count(*) - count(DISTINCT entity_id) AS twice
     FROM audit_entries WHERE action = 'imported' AND metadata->>'importId' = $1`,
    [importId],
  );
  return { entries: Number(row.entries), twice: Number(row.twice) };
}

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
    expect(json<ImportDto>(res)).toMatchObject({
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
    const done = await waitFor(t.admin, json<ImportDto>(res).id);
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
    const [seventh] = await t.dataSource.query<Record<string, unknown>[]>(
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
    expect(json<ImportPageDto>(list).data.map((job) => job.id)).toEqual([done.id]);
  });

  it('reads BOM, semicolons, CRLF, tabs, quotes, multi-line cells, aliases and unicode', async () => {
    const semicolons = await importFile(t.admin, fixture('ok/semicolon-bom-crlf.csv'), 'a.csv');
    expect(semicolons).toMatchObject({ status: 'completed', totalRows: 3, created: 3, failed: 0 });
    expect(semicolons.unknownColumns).toEqual(['Fax']);
    const tabs = await importFile(t.admin, fixture('ok/tabs-lf.csv'), 'b.csv');
    expect(tabs).toMatchObject({ status: 'completed', totalRows: 3, created: 3, failed: 0 });
    const stored = await t.dataSource.query<Record<string, unknown>[]>(
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
      {
        row: 3,
        column: 'Email',
        value: 'not-an-email',
        code: 'invalid_email',
        message: 'email must be a valid email address',
      },
      {
        row: 4,
        column: 'Company',
        value: '',
        code: 'required',
        message: 'companyName is required',
      },
      {
        row: 5,
        column: 'Contact',
        value: '',
        code: 'required',
        message: 'contactName is required',
      },
      {
        row: 6,
        column: 'Email',
        value: 'ANN@good.example',
        code: 'duplicate_in_file',
        message: 'The email ann@good.example is already on row 2 of this file.',
      },
      {
        row: 8,
        column: 'Phone',
        value: 'call me maybe',
        code: 'invalid_phone',
        message:
          'phone may contain only digits, spaces, + ( ) . / - and an extension such as "ext. 7"',
      },
      {
        row: 12,
        column: 'Contact',
        value: '',
        code: 'required',
        message: 'contactName is required',
      },
      {
        row: 12,
        column: 'Email',
        value: 'bad@@x',
        code: 'invalid_email',
        message: 'email must be a valid email address',
      },
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
      const emails = await t.dataSource.query<{ email: string }[]>(
        'SELECT email FROM customers ORDER BY email',
      );
      expect(emails.map((row) => row.email)).toEqual([
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
      expect(errors).toEqual(expectedErrors);

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
      expect(
        json<ImportErrorPageDto>(res).data.find((e: { row: number }) => e.row === 7),
      ).toMatchObject({
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
      const [row] = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT company_name, version FROM customers WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ company_name: 'Existing Co', version: 2 });
      const [entry] = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT changes, metadata FROM audit_entries WHERE entity_id = $1 AND action = 'imported'`,
        [id],
      );
      expect(entry).toEqual({
        changes: { companyName: { from: 'Old Name', to: 'Existing Co' } },
        metadata: { importId: done.id, row: 7 },
      });
    });

    it('fails the row of an archived customer with onDuplicate=update, in a real and a dry run', async () => {
      const id = await insertCustomer(t.dataSource, 'existing@shop.example');
      await t.dataSource.query(
        `UPDATE customers SET status = 'archived', archived_at = now() WHERE id = $1`,
        [id],
      );
      for (const dryRun of ['false', 'true']) {
        const done = await importFile(t.admin, file, 'mixed.csv', {
          onDuplicate: 'update',
          dryRun,
        });
        expect(done).toMatchObject({ created: 3, updated: 0, skipped: 0, failed: 7 });
        const res = await t.admin.get(`/api/v1/imports/${done.id}/errors`).query({ limit: 100 });
        expect(
          json<ImportErrorPageDto>(res).data.filter((e: { row: number }) => e.row === 7),
        ).toEqual([
          {
            row: 7,
            column: 'Email',
            value: 'existing@shop.example',
            code: 'customer_archived',
            message:
              'The customer with the email existing@shop.example is archived; restore it to update it.',
          },
        ]);
        await t.dataSource.query(`DELETE FROM customers WHERE email <> 'existing@shop.example'`);
      }
      const [row] = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT version, status FROM customers WHERE id = $1',
        [id],
      );
      expect(row).toEqual({ version: 1, status: 'archived' });
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
      expect(json<ImportErrorPageDto>(res).data).toHaveLength(expectedErrors.length);
    });
  });

  it('counts a dry run with onDuplicate=update exactly as the real run: unchanged rows skipped', async () => {
    const file = fixture('not-ok/mixed-errors.csv');
    // Exactly as in the file (row 7): an update would change nothing.
    await insertCustomer(t.dataSource, 'existing@shop.example');
    const changed = await insertCustomer(t.dataSource, 'gus@fine.example');
    const dry = await importFile(t.admin, file, 'mixed.csv', {
      dryRun: 'true',
      onDuplicate: 'update',
    });
    expect(dry).toMatchObject({
      status: 'completed',
      created: 2,
      updated: 1,
      skipped: 1,
      failed: 6,
    });
    const [untouched] = await t.dataSource.query<Record<string, unknown>[]>(
      'SELECT company_name, version FROM customers WHERE id = $1',
      [changed],
    );
    expect(untouched).toEqual({ company_name: 'Existing Co', version: 1 });
    const real = await importFile(t.admin, file, 'mixed.csv', { onDuplicate: 'update' });
    expect(real).toMatchObject({
      status: 'completed',
      created: 2,
      updated: 1,
      skipped: 1,
      failed: 6,
    });
    const [updated] = await t.dataSource.query<Record<string, unknown>[]>(
      'SELECT company_name, version FROM customers WHERE id = $1',
      [changed],
    );
    expect(updated).toEqual({ company_name: 'Fine Co', version: 2 });
  });

  it('finds every in-file duplicate of the batch before, while both batches are being written', async () => {
    // Batches of 7, two written at once: row i repeats the email of row i - 11, which sits
    // in the batch before or the one before that, often not yet committed.
    const lines = [['Company', 'Contact', 'Email']];
    const expected: { row: number; code: string; message: string }[] = [];
    const email = (i: number) => `person${i}@pairs.example`;
    let skipped = 0;
    for (let i = 1; i <= 300; i++) {
      if (i % 3 === 0 && i > 11) {
        lines.push([`Repeat Co ${i}`, `Person ${i}`, email(i - 11)]);
        expected.push({
          row: i + 1,
          code: 'duplicate_in_file',
          message: `The email ${email(i - 11)} is already on row ${i - 10} of this file.`,
        });
        continue;
      }
      if (i % 50 === 1) {
        await insertCustomer(t.dataSource, email(i));
        skipped += 1;
      }
      lines.push([`Pair Co ${i}`, `Person ${i}`, email(i)]);
    }
    const done = await importFile(t.admin, csv(lines), 'pairs.csv');
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: 300,
      created: 300 - expected.length - skipped,
      skipped,
      failed: expected.length,
    });
    expect({ expected: expected.length, skipped }).toEqual({ expected: 97, skipped: 4 });
    const res = await t.admin.get(`/api/v1/imports/${done.id}/errors`).query({ limit: 100 });
    expect(
      json<ImportErrorPageDto>(res).data.map(
        ({ row, code, message }: { row: number; code: string; message: string }) => ({
          row,
          code,
          message,
        }),
      ),
    ).toEqual(expected);
    expect(await customerCount(t.dataSource)).toBe(300 - expected.length);
    expect(await auditEntries(t.dataSource, done.id)).toEqual({
      entries: 300 - expected.length - skipped,
      twice: 0,
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
    await waitFor(t.admin, json<ImportDto>(res).id, (job) => job.processedRows > 0);
    const cancelled = await t.admin
      .post(`/api/v1/imports/${json<ImportDto>(res).id}/cancel`)
      .expect(200);
    expect(json<ImportDto>(cancelled).status).toBe('cancelled');
    const atCancel: number = json<ImportDto>(cancelled).processedRows;
    expect(atCancel).toBeGreaterThan(0);
    expect(atCancel).toBeLessThan(20_000);
    // Long enough for dozens more batches of 7 rows: none may be processed or written.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await t.admin.get(`/api/v1/imports/${json<ImportDto>(res).id}`).expect(200);
    expect(json<ImportDto>(after)).toMatchObject({
      status: 'cancelled',
      processedRows: atCancel,
      created: atCancel,
      failed: 0,
    });
    expect(await customerCount(t.dataSource)).toBe(atCancel);
    expect(await importedAuditCount(t.dataSource, json<ImportDto>(res).id)).toBe(atCancel);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);

    const again = await t.admin
      .post(`/api/v1/imports/${json<ImportDto>(res).id}/cancel`)
      .expect(409);
    expect(problem(again).code).toBe('import_finished');
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
    expect(problem(missing).errors).toEqual([
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
      { field: 'contactName', message: expect.stringContaining('"Contact"') },
    ]);

    const notMultipart = await t.admin
      .post('/api/v1/customers/import')
      .set('content-type', 'text/csv')
      .send('Company,Contact,Email\n')
      .expect(415);
    expect(problem(notMultipart).code).toBe('unsupported_media_type');
    const badOption = await upload(t.admin, fixture('ok/customers-50.csv'), 'x.csv', {
      onDuplicate: 'replace',
    }).expect(400);
    expect(problem(badOption).code).toBe('validation_failed');
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
  });

  it('is for admins only: a manager or viewer key gets 403 on every import route', async () => {
    const done = await importFile(t.admin, fixture('not-ok/mixed-errors.csv'), 'mixed.csv');
    const queued = await upload(t.admin, generated(5, 'forbidden'), 'f.csv', { dryRun: 'true' });
    for (const client of [t.manager, t.viewer]) {
      const res = await upload(client, fixture('ok/customers-50.csv'), 'c.csv').expect(403);
      expect(problem(res).code).toBe('forbidden');
      const requests = [
        client.get('/api/v1/imports'),
        client.get(`/api/v1/imports/${done.id}`),
        client.get(`/api/v1/imports/${done.id}/errors`),
        client.get(`/api/v1/imports/${done.id}/errors.csv`),
        client.post(`/api/v1/imports/${json<ImportDto>(queued).id}/cancel`),
        client.get('/api/v1/customers/export.csv'),
      ];
      for (const request of requests) {
        const refused = await request.expect(403);
        expect(refused.body).toMatchObject({ status: 403, code: 'forbidden' });
      }
    }
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(2);
    expect((await waitFor(t.admin, json<ImportDto>(queued).id)).status).toBe('completed');
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
      t.dataSource.query<Record<string, unknown>[]>(
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

  it('neutralises export cells starting with -, tab or CR too', async () => {
    await t.dataSource.query(
      `INSERT INTO customers (company_name, contact_name, email, notes, version)
       VALUES ($1, $2, 'minus@evil.example', $3, 1)`,
      ['\t=cmd|calc', '-2+3', '\r=1+1'],
    );
    const res = await t.admin.get('/api/v1/customers/export.csv').expect(200);
    const rows = Papa.parse<string[]>(res.text.replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 3)).toEqual(["'\t=cmd|calc", "'-2+3", 'minus@evil.example']);
    expect(rows[1][6]).toBe("'\r=1+1");
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
    expect(json<ImportDto>(retry).id).toBe(json<ImportDto>(first).id);
    const other = await send(multipart(fixture('ok/tabs-lf.csv'))).expect(422);
    expect(problem(other).code).toBe('idempotency_key_reused');
    // A different file of exactly the same size is another request too.
    const original = fixture('ok/customers-50.csv');
    const sameSize = Buffer.from(original.toString('utf8').replace('Sarah', 'Sarai'), 'utf8');
    expect(sameSize.length).toBe(original.length);
    expect(sameSize.equals(original)).toBe(false);
    const impostor = await send(multipart(sameSize)).expect(422);
    expect(problem(impostor).code).toBe('idempotency_key_reused');
    expect(impostor.headers['idempotent-replayed']).toBeUndefined();
    await waitFor(t.admin, json<ImportDto>(first).id);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(1);
    expect(await customerCount(t.dataSource)).toBe(50);
  });

  describe('options as multipart form fields', () => {
    it('honours options sent before the file', async () => {
      await insertCustomer(t.dataSource, 'existing@shop.example');
      const res = await t.admin
        .post('/api/v1/customers/import')
        .field('dryRun', 'true')
        .field('onDuplicate', 'error')
        .attach('file', fixture('not-ok/mixed-errors.csv'), 'mixed.csv')
        .expect(202);
      expect(json<ImportDto>(res)).toMatchObject({ dryRun: true, onDuplicate: 'error' });
      const done = await waitFor(t.admin, json<ImportDto>(res).id);
      expect(done).toMatchObject({ status: 'completed', created: 3, skipped: 0, failed: 7 });
      expect(await customerCount(t.dataSource)).toBe(1);
    });

    it('refuses an option sent after the file with 400 import_option_after_file, writing nothing', async () => {
      const res = await t.admin
        .post('/api/v1/customers/import')
        .attach('file', fixture('ok/customers-50.csv'), 'c.csv')
        .field('dryRun', 'true')
        .expect(400);
      expect(problem(res)).toMatchObject({
        status: 400,
        code: 'import_option_after_file',
        errors: [{ field: 'dryRun', message: 'must come before the "file" part' }],
      });
      expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
      expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
      expect(await customerCount(t.dataSource)).toBe(0);
      const list = await t.admin.get('/api/v1/imports').expect(200);
      expect(json<ImportPageDto>(list).data).toEqual([]);
    });
  });

  describe('an explicit column mapping', () => {
    const file = Buffer.from(
      'Firma;Ansprechpartner;E-Mail-Adresse;Telefon;Stadt\n' +
        'Stickerei Weber;Jonas Weber;jonas@weber.example;+49 30 1234567;Berlin\n',
      'utf8',
    );
    const mapping = JSON.stringify({
      Firma: 'companyName',
      ansprechpartner: 'contactName',
      'E-Mail-Adresse': 'email',
      Telefon: 'phone',
    });

    it('fills the mapped fields (headers compared like aliases) and lists the rest as unknown', async () => {
      const done = await importFile(t.admin, file, 'de.csv', { mapping });
      expect(done).toMatchObject({ status: 'completed', totalRows: 1, created: 1, failed: 0 });
      expect(done.unknownColumns).toEqual(['Stadt']);
      const stored = await t.dataSource.query<Record<string, unknown>[]>(
        'SELECT company_name, contact_name, email, phone, billing_address FROM customers',
      );
      expect(stored).toEqual([
        {
          company_name: 'Stickerei Weber',
          contact_name: 'Jonas Weber',
          email: 'jonas@weber.example',
          phone: '+49 30 1234567',
          billing_address: null,
        },
      ]);
    });

    it('refuses a mapping entry for a header the file lacks with 400 mapping_unknown_header', async () => {
      const res = await upload(t.admin, file, 'de.csv', {
        mapping: JSON.stringify({ Firma: 'companyName', Kontakt: 'contactName' }),
      }).expect(400);
      expect(res.body).toMatchObject({
        code: 'mapping_unknown_header',
        errors: [{ field: 'mapping.Kontakt', message: 'no column "Kontakt" in the header row' }],
      });
      const badField = await upload(t.admin, file, 'de.csv', {
        mapping: JSON.stringify({ Firma: 'company' }),
      }).expect(400);
      expect(badField.body).toMatchObject({
        code: 'validation_failed',
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
        errors: [{ field: 'mapping', message: expect.stringMatching(/^mapping values must be/) }],
      });
      expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
    });
  });

  it('refuses broken quoting with 400 malformed_csv and the row, instead of swallowing the rest', async () => {
    const file = Buffer.from(
      'Company,Contact,Email\nGood Co,Ann,ann@good.example\n"Open Co,Bob,bob@open.example\n' +
        'Later Co,Cy,cy@later.example\n',
    );
    const res = await upload(t.admin, file, 'open.csv').expect(400);
    expect(res.body).toMatchObject({
      code: 'malformed_csv',
      detail: 'Row 3 opens a quoted cell that is never closed: a " is missing.',
      errors: [{ field: 'row 3' }],
    });
    const invalid = Buffer.from('Company,Contact,Email\n"Bad" Co,Bob,bob@x.example\n');
    const res2 = await upload(t.admin, invalid, 'bad.csv').expect(400);
    expect(res2.body).toMatchObject({ code: 'malformed_csv', errors: [{ field: 'row 2' }] });
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(0);
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
  });

  it('refuses a header cell over 255 characters with 400 header_cell_too_long', async () => {
    const long = 'H'.repeat(256);
    const file = Buffer.from(`Company,Contact,Email,${long}\nA,B,a@b.example,x\n`);
    const res = await upload(t.admin, file, 'long.csv').expect(400);
    expect(res.body).toMatchObject({
      code: 'header_cell_too_long',
      errors: [{ field: 'column 4' }],
    });
    const fits = Buffer.from(`Company,Contact,Email,${'H'.repeat(255)}\nA,B,bad-email,x\n`);
    const done = await importFile(t.admin, fits, 'fits.csv');
    expect(done).toMatchObject({ status: 'completed', failed: 1 });
    expect(await count(t.dataSource, 'SELECT count(*) AS n FROM imports')).toBe(1);
  });

  it('writes failed rows wider than the header in errors.csv as uploaded', async () => {
    const file = Buffer.from(
      'Company,Contact,Email\nWide Co,,wide@x.example,extra 1,extra 2\nOk Co,Ok,ok@x.example\n',
    );
    const done = await importFile(t.admin, file, 'wide.csv');
    expect(done).toMatchObject({ created: 1, failed: 1 });
    const res = await t.admin.get(`/api/v1/imports/${done.id}/errors.csv`).expect(200);
    const rows = Papa.parse<string[]>(res.text.replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(rows).toEqual([
      ['Company', 'Contact', 'Email', '', '', 'error'],
      ['Wide Co', '', 'wide@x.example', 'extra 1', 'extra 2', 'Contact: contactName is required'],
    ]);
  });

  it('never shows an upload still in progress, and sweeps away one abandoned mid-upload', async () => {
    const insertUploading = async (heartbeat: string) => {
      const [row]: { id: string }[] = await t.dataSource.query(
        `INSERT INTO imports (status, file_name, file_size, dry_run, on_duplicate, delimiter, header,
           column_fields, unknown_columns, total_rows, started_by_name, heartbeat_at)
         VALUES ('uploading', 'x.csv', 0, false, 'skip', ',', '[]', '[]', '[]', 0, 'test',
           now() - $1::interval)
         RETURNING id`,
        [heartbeat],
      );
      await t.dataSource.query(
        `INSERT INTO import_file_chunks (import_id, seq, data) VALUES ($1, 0, 'Company')`,
        [row.id],
      );
      return row.id;
    };
    const live = await insertUploading('1 second');
    const abandoned = await insertUploading('1 hour');
    for (const id of [live, abandoned]) {
      const missing = await t.admin.get(`/api/v1/imports/${id}`).expect(404);
      expect(problem(missing).code).toBe('import_not_found');
      await t.admin.post(`/api/v1/imports/${id}/cancel`).expect(404);
      await t.admin.get(`/api/v1/imports/${id}/errors`).expect(404);
    }
    expect(json<ImportPageDto>(await t.admin.get('/api/v1/imports').expect(200)).data).toEqual([]);

    await t.app.get(ImportLifecycle).sweep();
    const left: { id: string }[] = await t.dataSource.query('SELECT id FROM imports');
    expect(left).toEqual([{ id: live }]);
    const chunks: { import_id: string }[] = await t.dataSource.query(
      'SELECT import_id FROM import_file_chunks',
    );
    expect(chunks).toEqual([{ import_id: live }]);
  });

  it('pages the list of imports without skipping any created in the same millisecond', async () => {
    const small = Buffer.from('Company,Contact,Email\nA Co,Ann,ann@a.example\n');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await importFile(t.admin, small, `same-ms-${i}.csv`)).id);
    // Three imports 100 µs apart: one millisecond, three distinct timestamps.
    for (const [i, id] of ids.entries()) {
      await t.dataSource.query(`UPDATE imports SET created_at = $1::timestamptz WHERE id = $2`, [
        `2026-03-01T10:00:00.000${i + 1}00Z`,
        id,
      ]);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.admin
        .get('/api/v1/imports')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...json<ImportPageDto>(page).data.map((job: { id: string }) => job.id));
      cursor = json<ImportPageDto>(page).nextCursor ?? undefined;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([...ids].reverse());
  });

  it('answers 404 for an unknown import and 400 for a malformed id', async () => {
    const missing = await t.admin
      .get('/api/v1/imports/7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001')
      .expect(404);
    expect(problem(missing).code).toBe('import_not_found');
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
    expect(problem(res).code).toBe('payload_too_large');
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

describeWithServer('Two imports at once', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ IMPORT_WORKERS: '2', IMPORT_BATCH_SIZE: '2000' });
  });
  afterAll(() => t.close());

  it('share new emails without a deadlock or a retry: each email created once', async () => {
    // Each batch of the second file holds the same emails as the first's, in the opposite
    // order: without a common insert order the two inserts would deadlock.
    const shared = Array.from({ length: 4000 }, (_, i) => `shared${i}@both.example`);
    const reversedPerBatch = (emails: string[]) =>
      [0, 2000].flatMap((start) => emails.slice(start, start + 2000).reverse());
    const files = [0, 1].map((n) => {
      const own = Array.from({ length: 1000 }, (_, i) => `only${n}-${i}@both.example`);
      const emails = [...(n === 0 ? shared : reversedPerBatch(shared)), ...own];
      return csv([
        ['Company', 'Contact', 'Email'],
        ...emails.map((email, i) => [`Co ${n}-${i}`, `Person ${i}`, email]),
      ]);
    });
    const [first, second] = await Promise.all(
      files.map((file, n) => importFile(t.admin, file, `both-${n}.csv`)),
    );
    for (const done of [first, second]) {
      expect(done).toMatchObject({ status: 'completed', processedRows: 5000, failed: 0 });
      expect(done.created + done.skipped).toBe(5000);
    }
    expect(first.created + second.created).toBe(6000);
    expect(await customerCount(t.dataSource)).toBe(6000);
    const attempts: { attempts: number }[] = await t.dataSource.query(
      'SELECT attempts FROM imports ORDER BY attempts',
    );
    expect(attempts).toEqual([{ attempts: 1 }, { attempts: 1 }]);
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
  /**
   * Instance A runs the import and freezes (like a killed process) after two committed batches:
   * batch 3 never starts its transaction, and batch 4 (two batches are written at once on a
   * server) opens its transaction and waits behind batch 3.
   */
  async function crashAfterTwoBatches(env: Record<string, string>) {
    const a = await createTestApp({
      IMPORT_BATCH_SIZE: '10',
      IMPORT_STALE_AFTER_SECONDS: '3600',
      ...env,
    });
    const batches = a.app.get(ImportBatchWriter);
    const original = batches.write.bind(batches);
    let calls = 0;
    let thaw: () => void = () => undefined;
    const frozen = new Promise<void>((resolve) => (thaw = resolve));
    jest.spyOn(batches, 'write').mockImplementation(async (...args) => {
      calls += 1;
      if (calls === 3) await frozen;
      return original(...args);
    });
    const res = await upload(a.admin, fixture('ok/customers-50.csv'), 'crash.csv').expect(202);
    const frozenState = await waitFor(
      a.admin,
      json<ImportDto>(res).id,
      (job) => job.processedRows === 20,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(4);
    expect(frozenState).toMatchObject({ status: 'processing', created: 20 });
    expect(await customerCount(a.dataSource)).toBe(20);
    const url = (a.dataSource.options as { url: string }).url;
    return { a, url, importId: json<ImportDto>(res).id, thaw };
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
      // Every row written exactly once: one audit entry per customer, none twice.
      expect(await auditEntries(a.dataSource, importId)).toEqual({ entries: 50, twice: 0 });
      const [{ attempts, last_row }] = await a.dataSource.query<
        { attempts: number; last_row: number }[]
      >('SELECT attempts, last_row FROM imports WHERE id = $1', [importId]);
      expect({ attempts, last_row }).toEqual({ attempts: 2, last_row: 51 });
      expect(await count(a.dataSource, 'SELECT count(*) AS n FROM import_row_errors')).toBe(0);
      expect(await count(a.dataSource, 'SELECT count(*) AS n FROM import_seen_emails')).toBe(0);
      expect(await count(a.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
      // The frozen worker wakes up: it no longer owns the import and writes nothing.
      thaw();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await customerCount(a.dataSource)).toBe(50);
      expect(await auditEntries(a.dataSource, importId)).toEqual({ entries: 50, twice: 0 });
      expect(await waitFor(a.admin, importId)).toMatchObject({
        status: 'completed',
        processedRows: 50,
        created: 50,
      });
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
      expect(done.failureReason).toBe(
        'The import was interrupted and has no attempts left (1 used); rows up to 21 were processed.',
      );
      expect(await customerCount(a.dataSource)).toBe(20);
      expect(await auditEntries(a.dataSource, importId)).toEqual({ entries: 20, twice: 0 });
      expect(await count(a.dataSource, 'SELECT count(*) AS n FROM import_file_chunks')).toBe(0);
      // The frozen worker wakes up: the import is no longer its own, it writes nothing.
      thaw();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await customerCount(a.dataSource)).toBe(20);
      expect(await waitFor(a.admin, importId)).toMatchObject({
        status: 'failed',
        processedRows: 20,
      });
    } finally {
      thaw();
      await b.close();
      await a.close();
    }
  });
});
