import { randomUUID } from 'node:crypto';
import { CustomerImport, type OnDuplicate } from '../../src/imports/customer-import.entity';
import { ImportBatchWriter } from '../../src/imports/import-batch-writer';
import { LostRun } from '../../src/imports/import-lifecycle';
import { validateRecords } from '../../src/imports/import-row-outcome';
import { ImportsModule } from '../../src/imports/imports.module';
import { ImportsRepository } from '../../src/imports/imports.repository';
import { JobsModule } from '../../src/jobs/jobs.module';
import { RequestContext } from '../../src/request-context/request-context';
import { createMediumModule, type MediumModule } from '../support/medium-module';

const HEADER = ['Company', 'Contact', 'Email', 'Phone'];
const ACTOR = { keyId: null, name: 'medium-test', role: 'admin' as const };

/**
 * The batch writer on a real database: customers that exist before the batch, one file batch
 * covering every case (new, unchanged, changed, archived, in-file duplicate, invalid).
 */
describe('Import batch writes on PostgreSQL (medium)', () => {
  let medium: MediumModule;
  let writer: ImportBatchWriter;

  // A fresh database per test (the audit trail is append-only: it cannot be emptied).
  beforeEach(async () => {
    medium = await createMediumModule([JobsModule, ImportsModule]);
    writer = medium.moduleRef.get(ImportBatchWriter);
    await medium.dataSource.query(
      `INSERT INTO customers (company_name, contact_name, email, phone, status, archived_at, version)
       VALUES ('Same Co', 'Sam Same', 'same@x.example', '555-0100', 'active', NULL, 1),
              ('Change Co', 'Cat Change', 'change@x.example', '555-0101', 'active', NULL, 1),
              ('Old Co', 'Oli Old', 'old@x.example', NULL, 'archived', now(), 1)`,
    );
  });

  afterEach(() => medium?.close());

  const FILE = [
    ['New Co', 'Nia New', 'New@X.example', '555-0102'], // row 2: new (email lower-cased)
    ['Same Co', 'Sam Same', 'same@x.example', '555-0100'], // row 3: exists, as in the file
    ['Change Co', 'Cat Change', 'change@x.example', '555-0199'], // row 4: exists, new phone
    ['Again Co', 'Ada Again', 'new@x.example', ''], // row 5: duplicate of row 2
    ['Old Co', 'Oli Old', 'old@x.example', ''], // row 6: archived
    ['', 'No Company', 'nocompany@x.example', ''], // row 7: invalid
    ['Fresh Co', 'Fay Fresh', 'fresh@x.example', ''], // row 8: new
  ];

  async function startImport(onDuplicate: OnDuplicate, dryRun = false) {
    const runToken = randomUUID();
    const saved = await medium.dataSource.getRepository(CustomerImport).save({
      status: 'processing',
      fileName: 'batch.csv',
      fileSize: 1,
      dryRun,
      onDuplicate,
      delimiter: ',',
      header: HEADER,
      columnFields: ['companyName', 'contactName', 'email', 'phone'],
      unknownColumns: [],
      totalRows: FILE.length,
      runToken,
      startedByKeyId: null,
      startedByName: ACTOR.name,
    });
    const job = await medium.dataSource.getRepository(CustomerImport).findOneByOrFail({
      id: saved.id,
    });
    return { job, runToken };
  }

  async function writeFile(job: CustomerImport, runToken: string) {
    const records = FILE.map((cells, i) => ({ row: i + 2, cells }));
    const outcomes = await validateRecords(job, records);
    await medium.moduleRef
      .get(RequestContext)
      .runAs(ACTOR, () => writer.write(job, runToken, outcomes));
  }

  const customers = () =>
    medium.dataSource.query<
      {
        email: string;
        company_name: string;
        phone: string | null;
        version: number;
        status: string;
      }[]
    >('SELECT email, company_name, phone, version, status FROM customers ORDER BY email');
  const audits = () =>
    medium.dataSource.query<
      {
        email: string;
        action: string;
        changes: unknown;
        metadata: unknown;
        row: string | null;
        actor_name: string;
      }[]
    >(
      `SELECT c.email, a.action, a.changes, a.metadata->>'row' AS row, a.actor_name
       FROM audit_entries a JOIN customers c ON c.id = a.entity_id ORDER BY c.email`,
    );
  const rowErrors = () =>
    medium.dataSource.query<
      { row: number; column: string | null; value: string | null; code: string }[]
    >('SELECT row, "column", value, code FROM import_row_errors ORDER BY row, code');
  const counters = async (id: string) =>
    (
      await medium.dataSource.query<Record<string, number>[]>(
        `SELECT processed_rows, last_row, created, updated, skipped, failed
         FROM imports WHERE id = $1`,
        [id],
      )
    )[0];

  const BEFORE = [
    {
      email: 'change@x.example',
      company_name: 'Change Co',
      phone: '555-0101',
      version: 1,
      status: 'active',
    },
    { email: 'old@x.example', company_name: 'Old Co', phone: null, version: 1, status: 'archived' },
    {
      email: 'same@x.example',
      company_name: 'Same Co',
      phone: '555-0100',
      version: 1,
      status: 'active',
    },
  ];
  const FILE_ERRORS = [
    { row: 5, column: 'Email', value: 'new@x.example', code: 'duplicate_in_file' },
    { row: 7, column: 'Company', value: '', code: 'required' },
  ];

  it('onDuplicate=update: inserts new, updates changed, skips unchanged, audits the changes', async () => {
    const { job, runToken } = await startImport('update');
    await writeFile(job, runToken);
    expect(await customers()).toEqual([
      {
        email: 'change@x.example',
        company_name: 'Change Co',
        phone: '555-0199',
        version: 2,
        status: 'active',
      },
      {
        email: 'fresh@x.example',
        company_name: 'Fresh Co',
        phone: null,
        version: 1,
        status: 'active',
      },
      {
        email: 'new@x.example',
        company_name: 'New Co',
        phone: '555-0102',
        version: 1,
        status: 'active',
      },
      BEFORE[1],
      BEFORE[2],
    ]);
    expect(await audits()).toEqual([
      {
        email: 'change@x.example',
        action: 'imported',
        changes: { phone: { from: '555-0101', to: '555-0199' } },
        row: '4',
        actor_name: 'medium-test',
      },
      {
        email: 'fresh@x.example',
        action: 'imported',
        changes: null,
        row: '8',
        actor_name: 'medium-test',
      },
      {
        email: 'new@x.example',
        action: 'imported',
        changes: null,
        row: '2',
        actor_name: 'medium-test',
      },
    ]);
    expect(await rowErrors()).toEqual([
      FILE_ERRORS[0],
      { row: 6, column: 'Email', value: 'old@x.example', code: 'customer_archived' },
      FILE_ERRORS[1],
    ]);
    expect(await counters(job.id)).toEqual({
      processed_rows: 7,
      last_row: 8,
      created: 2,
      updated: 1,
      skipped: 1,
      failed: 3,
    });
  });

  it('onDuplicate=skip: inserts new, leaves every existing customer as it was', async () => {
    const { job, runToken } = await startImport('skip');
    await writeFile(job, runToken);
    expect((await customers()).filter((c: { version: number }) => c.version !== 1)).toEqual([]);
    expect((await audits()).map((a: { email: string }) => a.email)).toEqual([
      'fresh@x.example',
      'new@x.example',
    ]);
    expect(await rowErrors()).toEqual(FILE_ERRORS);
    expect(await counters(job.id)).toMatchObject({ created: 2, updated: 0, skipped: 3, failed: 2 });
  });

  it('onDuplicate=error: fails each existing email, archived or not', async () => {
    const { job, runToken } = await startImport('error');
    await writeFile(job, runToken);
    expect(await rowErrors()).toEqual([
      { row: 3, column: 'Email', value: 'same@x.example', code: 'customer_email_taken' },
      { row: 4, column: 'Email', value: 'change@x.example', code: 'customer_email_taken' },
      FILE_ERRORS[0],
      { row: 6, column: 'Email', value: 'old@x.example', code: 'customer_email_taken' },
      FILE_ERRORS[1],
    ]);
    expect(await counters(job.id)).toMatchObject({ created: 2, updated: 0, skipped: 0, failed: 5 });
  });

  it('a dry run counts as the real run would and writes no customer or audit entry', async () => {
    const { job, runToken } = await startImport('update', true);
    await writeFile(job, runToken);
    expect(await customers()).toEqual(BEFORE);
    expect(await audits()).toEqual([]);
    expect(await counters(job.id)).toEqual({
      processed_rows: 7,
      last_row: 8,
      created: 2,
      updated: 1,
      skipped: 1,
      failed: 3,
    });
  });

  it('is one transaction: a failure after the customers were written leaves nothing', async () => {
    const { job, runToken } = await startImport('update');
    const failing = jest
      .spyOn(medium.moduleRef.get(ImportsRepository), 'insertFailedRows')
      .mockRejectedValueOnce(new Error('disk full'));
    await expect(writeFile(job, runToken)).rejects.toThrow('disk full');
    expect(failing).toHaveBeenCalledTimes(1);
    expect(await customers()).toEqual(BEFORE);
    expect(await audits()).toEqual([]);
    expect(await rowErrors()).toEqual([]);
    const [{ seen }] = await medium.dataSource.query<{ seen: number }[]>(
      'SELECT count(*)::int AS seen FROM import_seen_emails',
    );
    expect(seen).toBe(0);
    expect(await counters(job.id)).toEqual({
      processed_rows: 0,
      last_row: 1,
      created: 0,
      updated: 0,
      skipped: 0,
      failed: 0,
    });
  });

  it('writes nothing for a run that no longer owns the import', async () => {
    const { job } = await startImport('update');
    await expect(writeFile(job, randomUUID())).rejects.toBeInstanceOf(LostRun);
    expect(await customers()).toEqual(BEFORE);
    expect(await audits()).toEqual([]);
    expect(await counters(job.id)).toMatchObject({ processed_rows: 0, created: 0 });
  });
});
