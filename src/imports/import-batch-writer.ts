import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import { customerChanges, type CustomerChange } from '../customers/customer-changes';
import { CustomersBulkRepository } from '../customers/customers-bulk.repository';
import type { CustomerFields } from '../customers/customers.repository';
import { BatchGates, type BatchWrite } from './batch-gates';
import type { CustomerImport } from './customer-import.entity';
import {
  decideRow,
  looksUpExisting,
  type ExistingCustomer,
  type RowSituation,
} from './duplicate-policy';
import { ImportLifecycle } from './import-lifecycle';
import { failOnEmail, type FailedRow, type RowOutcome, type ValidRow } from './import-row-outcome';
import { ImportsRepository } from './imports.repository';

type BatchCounts = { created: number; updated: number; skipped: number };

/** The policy's decisions for a batch's valid rows, grouped by what is done with them. */
interface Decided<Created> {
  created: { row: ValidRow; created: Created }[];
  updated: { row: ValidRow; change: CustomerChange }[];
  skipped: number;
  failed: FailedRow[];
}

const isValid = (outcome: RowOutcome): outcome is ValidRow => outcome.kind === 'valid';

/** The audit entry of a customer an import created (no changes) or updated. */
function importedEntry(
  job: CustomerImport,
  row: ValidRow,
  customerId: string,
  change?: CustomerChange,
): AuditRecord {
  return {
    entityType: 'customer',
    entityId: customerId,
    action: 'imported',
    changes: change?.changes,
    metadata: { importId: job.id, row: row.record.row },
  };
}

/** The customer fields the file has a column for: an update by import changes only those. */
function fileFields(job: CustomerImport): (keyof CustomerFields)[] {
  const fields = job.columnFields.flatMap((field) => (field ? [field.split('.')[0]] : []));
  return [...new Set(fields)] as (keyof CustomerFields)[];
}

/**
 * Writes one batch of validated rows in one transaction: in-file duplicates, then the
 * duplicate policy (src/imports/duplicate-policy.ts) on the customers the rows' emails
 * already have, then the customers, audit entries, row errors and the import's counters.
 */
@Injectable()
export class ImportBatchWriter {
  constructor(
    private readonly imports: ImportsRepository,
    private readonly customers: CustomersBulkRepository,
    private readonly audit: AuditService,
    private readonly lifecycle: ImportLifecycle,
  ) {}

  /**
   * One batch, all or nothing: customers, audit entries, row errors and the counters. When the
   * previous batch is still being written (`previous`), this transaction records its emails
   * after that one recorded its own, writes customers after that one wrote its own, and
   * commits after it. So an email in both batches waits for the first batch's commit and
   * is then a duplicate, the two transactions' customers are different ones, and the only
   * wait between them that the database cannot see (this one's for the previous commit) never
   * has the previous transaction waiting for a lock this one holds.
   */
  @Transactional()
  async write(
    job: CustomerImport,
    runToken: string,
    validated: RowOutcome[],
    previous: BatchWrite | null = null,
    gates: BatchGates = new BatchGates(),
  ): Promise<void> {
    await previous?.emailsRecorded;
    const outcomes = await this.failInFileDuplicates(job, validated);
    gates.pass('emailsRecorded');
    await previous?.customersWritten;
    const valid = outcomes.filter(isValid);
    const { counts, failed } = job.dryRun
      ? await this.countWithoutWriting(job, valid)
      : await this.writeCustomers(job, valid);
    gates.pass('customersWritten');

    const failedByRow = new Map(failed.map((row) => [row.record.row, row]));
    const failedRows = outcomes.flatMap((outcome) => {
      const row = failedByRow.get(outcome.record.row) ?? outcome;
      return row.kind === 'failed' ? [row] : [];
    });
    await this.imports.insertRowErrors(
      failedRows.flatMap(({ record, problems }) =>
        problems.map((problem) => ({ importId: job.id, row: record.row, ...problem })),
      ),
    );
    await this.imports.insertFailedRows(
      failedRows.map(({ record, problems }) => ({
        importId: job.id,
        row: record.row,
        cells: record.cells,
        error: problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join('; '),
      })),
    );
    await previous?.committed;
    // Checked last, in this transaction: if the run was cancelled or taken over meanwhile,
    // everything above is rolled back.
    await this.lifecycle.assertOwned(job.id, runToken);
    await this.imports.recordBatch(job.id, {
      processedRows: outcomes.length,
      lastRow: outcomes[outcomes.length - 1].record.row,
      ...counts,
      failed: failedRows.length,
    });
  }

  /**
   * Fails each valid row whose email an earlier row of the file had (`duplicate_in_file`),
   * and records the others' emails, in the batch's transaction. The emails seen live in the
   * database, not in memory: bounded memory at any file size, and exact after a resume.
   */
  private async failInFileDuplicates(
    job: CustomerImport,
    outcomes: RowOutcome[],
  ): Promise<RowOutcome[]> {
    const firstInBatch = new Map<string, number>();
    for (const { email, record } of outcomes.filter(isValid)) {
      if (!firstInBatch.has(email)) firstInBatch.set(email, record.row);
    }
    const earlier = await this.imports.recordSeenEmails(
      job.id,
      [...firstInBatch].map(([email, row]) => ({ email, row })),
    );
    return outcomes.map((outcome) => {
      if (!isValid(outcome)) return outcome;
      const firstRow = earlier.get(outcome.email) ?? firstInBatch.get(outcome.email);
      if (firstRow === undefined || firstRow === outcome.record.row) return outcome;
      const situation = { kind: 'duplicateInFile', email: outcome.email, firstRow } as const;
      const decision = decideRow(job.onDuplicate, situation);
      return decision.action === 'fail' ? failOnEmail(job, outcome, decision, 'cell') : outcome;
    });
  }

  /**
   * Creates the batch's new customers and, per `onDuplicate`, skips, fails or updates the rows
   * whose email exists. Inserts first (ON CONFLICT DO NOTHING): a file of new customers, the
   * usual case, costs one statement, and a customer created by someone else meanwhile is
   * simply a conflict. Only `update` needs to look the conflicting customers up.
   */
  private async writeCustomers(
    job: CustomerImport,
    valid: ValidRow[],
  ): Promise<{ counts: BatchCounts; failed: FailedRow[] }> {
    const inserted = await this.customers.insertMany(valid.map((row) => row.customer));
    const insertedIds = new Map(inserted.map((customer) => [customer.email, customer.id]));
    const decided = await this.decide(job, valid, (row) => insertedIds.get(row.email), {
      lock: true,
    });
    await this.customers.updateMany(
      decided.updated.map(({ change }) => change),
      fileFields(job),
    );
    await this.audit.recordMany([
      ...decided.created.map(({ row, created }) => importedEntry(job, row, created)),
      ...decided.updated.map(({ row, change }) => importedEntry(job, row, change.id, change)),
    ]);
    return { counts: countsOf(decided), failed: decided.failed };
  }

  /** A dry run: the counts and row errors the real run would give, writing no customer. */
  private async countWithoutWriting(
    job: CustomerImport,
    valid: ValidRow[],
  ): Promise<{ counts: BatchCounts; failed: FailedRow[] }> {
    const existing = await this.customers.findByEmails(valid.map((row) => row.email));
    const existingEmails = new Set(existing.map((customer) => customer.email));
    const decided = await this.decide(
      job,
      valid,
      (row) => (existingEmails.has(row.email) ? undefined : null),
      { lock: false },
    );
    return { counts: countsOf(decided), failed: decided.failed };
  }

  /**
   * The duplicate policy over the valid rows: `newCustomer` gives what is known of a row's
   * new customer, or undefined when its email belongs to an existing one. Those are looked up
   * (locked in a real run) only when the policy needs them.
   */
  private async decide<Created>(
    job: CustomerImport,
    valid: ValidRow[],
    newCustomer: (row: ValidRow) => Created | undefined,
    { lock }: { lock: boolean },
  ): Promise<Decided<Created>> {
    const situations = valid.map((row) => ({ row, created: newCustomer(row) }));
    const conflicting = situations.flatMap(({ row, created }) =>
      created === undefined ? [row] : [],
    );
    const existing = looksUpExisting(job.onDuplicate)
      ? await this.existingCustomers(job, conflicting, lock)
      : new Map<ValidRow, ExistingCustomer<CustomerChange>>();
    const decided: Decided<Created> = { created: [], updated: [], skipped: 0, failed: [] };
    for (const { row, created } of situations) {
      const situation: RowSituation<Created, CustomerChange> =
        created === undefined
          ? {
              kind: 'existing',
              email: row.email,
              customer: existing.get(row) ?? { state: 'notLookedUp' },
            }
          : { kind: 'new', created };
      const decision = decideRow(job.onDuplicate, situation);
      switch (decision.action) {
        case 'create':
          decided.created.push({ row, created: decision.created });
          break;
        case 'update':
          decided.updated.push({ row, change: decision.change });
          break;
        case 'skip':
          decided.skipped += 1;
          break;
        case 'fail':
          decided.failed.push(failOnEmail(job, row, decision, 'email'));
          break;
      }
    }
    return decided;
  }

  /** The customers the conflicting rows' emails have, and what each row would change. */
  private async existingCustomers(
    job: CustomerImport,
    conflicting: ValidRow[],
    lock: boolean,
  ): Promise<Map<ValidRow, ExistingCustomer<CustomerChange>>> {
    const found = await this.customers.findByEmails(conflicting.map((row) => row.email));
    const byEmail = new Map(found.map((customer) => [customer.email, customer]));
    const states = new Map<ValidRow, ExistingCustomer<CustomerChange>>();
    const updatable: { row: ValidRow; id: string }[] = [];
    for (const row of conflicting) {
      const customer = byEmail.get(row.email);
      if (!customer) states.set(row, { state: 'missing' });
      else if (customer.archived) states.set(row, { state: 'archived' });
      else updatable.push({ row, id: customer.id });
    }
    const updates = updatable.map(({ row, id }) => ({ id, customer: row.customer }));
    const current = await this.customers.findByIds(
      updates.map((update) => update.id),
      { lock },
    );
    const changes = new Map(
      customerChanges(current, updates, fileFields(job)).map((change) => [change.id, change]),
    );
    for (const { row, id } of updatable) {
      const change = changes.get(id);
      states.set(row, change ? { state: 'changed', change } : { state: 'unchanged' });
    }
    return states;
  }
}

function countsOf(decided: Decided<unknown>): BatchCounts {
  return {
    created: decided.created.length,
    updated: decided.updated.length,
    skipped: decided.skipped,
  };
}
