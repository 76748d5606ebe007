import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import type PgBoss from 'pg-boss';
import type { AuditChanges } from '../audit/audit-entry.entity';
import { AuditService, type AuditRecord } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { customerChanges } from '../customers/customer-changes';
import { customerFieldsFrom } from '../customers/customer-rules';
import { CustomersBulkRepository } from '../customers/customers-bulk.repository';
import type { CustomerFields } from '../customers/customers.repository';
import { JobQueue } from '../jobs/job-queue';
import { RequestContext, type Actor } from '../request-context/request-context';
import type { CsvDelimiter, CsvRecord } from './csv-reader';
import { CustomerImport, FINISHED_STATUSES, UPLOADING } from './customer-import.entity';
import { BatchGates, type BatchWrite } from './batch-gates';
import { columnForField, recordToCustomerInput } from './import-row';
import { validateCustomerInput } from './import-row-validator';
import { readStoredFile } from './import-upload';
import { ImportsRepository } from './imports.repository';
import { IMPORT_QUEUE, type ImportJobData } from './imports.service';

/** This run no longer owns the import (cancelled, or presumed dead and taken over). */
class LostRun extends Error {}
/** The instance is shutting down: hand the import over at a batch boundary. */
class Stopping extends Error {}

interface RowProblem {
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** How long an upload may store nothing before it is presumed abandoned (its process died). */
const UPLOAD_ABANDONED_AFTER_SECONDS = 15 * 60;

interface RowOutcome {
  record: CsvRecord;
  customer?: CustomerFields;
  /** Lower-cased email of a valid row. */
  email?: string;
  problems: RowProblem[];
}

type BatchCounts = { created: number; updated: number; skipped: number };

/** Fails a valid row on its email (the problem points at the file's email column). */
function failEmail(job: CustomerImport, outcome: RowOutcome, code: string, message: string): void {
  const column = columnForField('email', job.header, job.columnFields);
  outcome.problems.push({ column, value: outcome.email ?? null, code, message });
}

function failEmailTaken(job: CustomerImport, outcome: RowOutcome): void {
  failEmail(
    job,
    outcome,
    'customer_email_taken',
    `A customer with the email ${outcome.email} already exists.`,
  );
}

/** The audit entry of a customer an import created (no changes) or updated. */
function importedEntry(
  job: CustomerImport,
  outcome: RowOutcome,
  customerId: string,
  changes?: AuditChanges,
): AuditRecord {
  return {
    entityType: 'customer',
    entityId: customerId,
    action: 'imported',
    changes,
    metadata: { importId: job.id, row: outcome.record.row },
  };
}

/** The customer fields the file has a column for: an update by import changes only those. */
function fileFields(job: CustomerImport): (keyof CustomerFields)[] {
  const fields = job.columnFields.flatMap((field) => (field ? [field.split('.')[0]] : []));
  return [...new Set(fields)] as (keyof CustomerFields)[];
}

const SYSTEM: Actor = { keyId: null, name: 'system', role: 'admin' };

/**
 * Rows validated between two turns of the event loop (well under a millisecond of CPU): the
 * replies to the previous batch's queries wait at most that long for this thread.
 */
const VALIDATE_ROWS_PER_TURN = 25;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs import jobs: streams the stored file, validates each row as POST /customers would, and
 * writes each batch (customers, audit entries, row errors, counters) in one transaction, so
 * a crash loses nothing reported and a resumed run continues after the last committed row.
 */
@Injectable()
export class ImportRunner implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ImportRunner.name);
  private stopping = false;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly customers: CustomersBulkRepository,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly requestContext: RequestContext,
  ) {}

  onModuleInit(): void {
    this.jobs.register<ImportJobData>(
      IMPORT_QUEUE,
      { retryLimit: this.config.importMaxAttempts - 1, retryDelay: 1 },
      (job) => this.run(job),
      this.config.importWorkers,
    );
    this.jobs.onStopping(() => {
      this.stopping = true;
      clearInterval(this.sweepTimer);
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.importWorkers === 0) return;
    void this.jobs.started.then(() => {
      if (this.stopping) return;
      void this.sweep();
      const everyMs = Math.max(1000, (this.config.importStaleAfterSeconds * 1000) / 2);
      this.sweepTimer = setInterval(() => void this.sweep(), everyMs);
      this.sweepTimer.unref();
    });
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  async run(job: PgBoss.JobWithMetadata<ImportJobData>): Promise<void> {
    const { importId } = job.data;
    const runToken = randomUUID();
    const claimed = await this.requestContext.runAs(SYSTEM, () => this.claim(importId, runToken));
    if (!claimed) return;
    const actor: Actor = {
      keyId: claimed.startedByKeyId,
      name: claimed.startedByName,
      role: 'admin',
    };
    await this.requestContext.runAs(
      actor,
      async () => {
        try {
          await this.process(claimed, runToken);
        } catch (error) {
          if (error instanceof LostRun) return;
          if (error instanceof Stopping) {
            await this.handOver(importId, runToken);
            return;
          }
          const lastAttempt = job.retryCount >= job.retryLimit;
          this.logger.error({ err: error, importId, lastAttempt }, 'Import run failed');
          await this.release(
            importId,
            runToken,
            lastAttempt ? `The import failed: ${(error as Error).message}` : null,
          );
          throw error;
        }
      },
      claimed.requestId,
    );
  }

  /** Takes the import for this run, unless it is finished or a live run has it. */
  @Transactional()
  async claim(importId: string, runToken: string): Promise<CustomerImport | null> {
    const found = await this.imports.lockById(importId);
    if (!found || found.status === UPLOADING || FINISHED_STATUSES.includes(found.status)) {
      return null;
    }
    const heartbeatAgeMs = found.heartbeatAt ? Date.now() - found.heartbeatAt.getTime() : Infinity;
    if (found.runToken && heartbeatAgeMs < this.config.importStaleAfterSeconds * 1000) return null;
    await this.imports.claimRun(importId, runToken);
    return this.imports.findById(importId);
  }

  /**
   * Streams the file in batches. Batch N+1 is read and validated while batch N is written, and
   * on a PostgreSQL server two batches are written at once on two connections: the service's
   * CPU (parsing, validation) and the database's (indexes, WAL) overlap instead of taking
   * turns. Each batch's transaction follows the previous one's at every step that could
   * conflict, and commits after it (see writeBatch), so commits stay in file order.
   */
  private async process(started: CustomerImport, runToken: string): Promise<void> {
    const records = readStoredFile(
      (seq) => this.imports.readChunk(started.id, seq),
      started.delimiter as CsvDelimiter,
    );
    // The embedded database has one session: a second transaction would only queue behind it.
    const writers = this.config.databaseUrl ? 2 : 1;
    const inFlight: BatchWrite[] = [];
    const write = async (batch: CsvRecord[]) => {
      const outcomes = await this.validateBatch(started, batch);
      if (inFlight.length >= writers) await inFlight.shift()!.committed;
      if (this.stopping) {
        await Promise.all(inFlight.map((earlier) => earlier.committed));
        throw new Stopping();
      }
      const previous = inFlight[inFlight.length - 1] ?? null;
      const gates = new BatchGates();
      const committed = this.writeBatch(started, runToken, outcomes, previous, gates);
      // A failure is raised where the loop next awaits this batch; until then it is handled.
      committed.catch((error: unknown) => gates.fail(error));
      inFlight.push({ ...gates.points, committed });
    };
    let header = true;
    let batch: CsvRecord[] = [];
    for await (const record of records) {
      if (header) {
        header = false;
        continue;
      }
      // A resumed run: these rows were committed (their emails are in import_seen_emails).
      if (record.row <= started.lastRow) continue;
      batch.push(record);
      if (batch.length >= this.config.importBatchSize) {
        await write(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await write(batch);
    for (const earlier of inFlight) await earlier.committed;
    await this.complete(started.id, runToken);
  }

  /**
   * Validates a batch, giving the event loop a turn every few rows: the previous batch's
   * queries get their replies handled promptly, and on the embedded database (every query in
   * this thread) waiting API requests get in.
   */
  private async validateBatch(job: CustomerImport, records: CsvRecord[]): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = [];
    for (const record of records) {
      outcomes.push(this.validate(job, record));
      if (outcomes.length % VALIDATE_ROWS_PER_TURN === 0) await yieldToEventLoop();
    }
    return outcomes;
  }

  /** A row checked as POST /customers would check it (in-file duplicates come later). */
  private validate(job: CustomerImport, record: CsvRecord): RowOutcome {
    const input = recordToCustomerInput(record.cells, job.columnFields);
    const { customer, problems } = validateCustomerInput(input);
    const cellOf = (column: string | null): string | null => {
      const index = column === null ? -1 : job.header.indexOf(column);
      return index === -1 ? null : (record.cells[index] ?? null);
    };
    if (!customer) {
      return {
        record,
        problems: problems.map((problem) => {
          const column = columnForField(problem.field, job.header, job.columnFields);
          return { column, value: cellOf(column), code: problem.code, message: problem.message };
        }),
      };
    }
    const email = String(customer.email).toLowerCase();
    return { record, customer: customerFieldsFrom(customer), email, problems: [] };
  }

  /**
   * Fails each valid row whose email an earlier row of the file had (`duplicate_in_file`),
   * and records the others' emails, in the batch's transaction. The emails seen live in the
   * database, not in memory: bounded memory at any file size, and exact after a resume.
   */
  private async failInFileDuplicates(job: CustomerImport, outcomes: RowOutcome[]): Promise<void> {
    const valid = outcomes.filter((outcome) => outcome.customer);
    const firstInBatch = new Map<string, number>();
    for (const { email, record } of valid) {
      if (!firstInBatch.has(email!)) firstInBatch.set(email!, record.row);
    }
    const earlier = await this.imports.recordSeenEmails(
      job.id,
      [...firstInBatch].map(([email, row]) => ({ email, row })),
    );
    const column = columnForField('email', job.header, job.columnFields);
    const index = column === null ? -1 : job.header.indexOf(column);
    for (const outcome of valid) {
      const email = outcome.email!;
      const firstRow = earlier.get(email) ?? firstInBatch.get(email)!;
      if (firstRow === outcome.record.row) continue;
      outcome.customer = undefined;
      outcome.problems.push({
        column,
        value: index === -1 ? null : (outcome.record.cells[index] ?? null),
        code: 'duplicate_in_file',
        message: `The email ${email} is already on row ${firstRow} of this file.`,
      });
    }
  }

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
  async writeBatch(
    job: CustomerImport,
    runToken: string,
    outcomes: RowOutcome[],
    previous: BatchWrite | null = null,
    gates: BatchGates = new BatchGates(),
  ): Promise<void> {
    await previous?.emailsRecorded;
    await this.failInFileDuplicates(job, outcomes);
    gates.pass('emailsRecorded');
    await previous?.customersWritten;
    const valid = outcomes.filter((outcome) => outcome.customer);
    const counts = job.dryRun
      ? await this.countWithoutWriting(job, valid)
      : await this.writeCustomers(job, valid);
    gates.pass('customersWritten');

    const failedRows = outcomes.filter((outcome) => outcome.problems.length > 0);
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
    await this.assertOwned(job.id, runToken);
    await this.imports.recordBatch(job.id, {
      processedRows: outcomes.length,
      lastRow: outcomes[outcomes.length - 1].record.row,
      ...counts,
      failed: failedRows.length,
    });
  }

  /**
   * Creates the batch's new customers and, per `onDuplicate`, skips, fails or updates the rows
   * whose email exists. Inserts first (ON CONFLICT DO NOTHING): a file of new customers, the
   * usual case, costs one statement, and a customer created by someone else meanwhile is
   * simply a conflict. Only `update` needs to look the conflicting customers up.
   */
  private async writeCustomers(job: CustomerImport, valid: RowOutcome[]): Promise<BatchCounts> {
    const counts: BatchCounts = { created: 0, updated: 0, skipped: 0 };
    const inserted = await this.customers.insertMany(valid.map((o) => o.customer!));
    const insertedIds = new Map(inserted.map((customer) => [customer.email, customer.id]));
    const audits: AuditRecord[] = [];
    const conflicting: RowOutcome[] = [];
    for (const outcome of valid) {
      const id = insertedIds.get(outcome.email!);
      if (!id) {
        conflicting.push(outcome);
        continue;
      }
      counts.created += 1;
      audits.push(importedEntry(job, outcome, id));
    }

    if (job.onDuplicate === 'skip') counts.skipped += conflicting.length;
    if (job.onDuplicate === 'error')
      for (const outcome of conflicting) failEmailTaken(job, outcome);
    if (job.onDuplicate === 'update' && conflicting.length > 0) {
      const toUpdate = await this.updatableCustomers(job, conflicting);
      const updates = toUpdate.map(({ outcome, id }) => ({ id, customer: outcome.customer! }));
      const current = await this.customers.findByIds(
        updates.map((update) => update.id),
        { lock: true },
      );
      const changed = customerChanges(current, updates, fileFields(job));
      await this.customers.updateMany(changed, fileFields(job));
      const changes = new Map(changed.map((c) => [c.id, c.changes]));
      for (const { outcome, id } of toUpdate) {
        const customerChanges = changes.get(id);
        if (!customerChanges) {
          counts.skipped += 1; // already exactly as in the file
          continue;
        }
        counts.updated += 1;
        audits.push(importedEntry(job, outcome, id, customerChanges));
      }
    }
    await this.audit.recordMany(audits);
    return counts;
  }

  /** A dry run: the counts the real run would give, writing no customer. */
  private async countWithoutWriting(
    job: CustomerImport,
    valid: RowOutcome[],
  ): Promise<BatchCounts> {
    const existing = await this.customers.findByEmails(valid.map((o) => o.email!));
    const existingEmails = new Set(existing.map((customer) => customer.email));
    const conflicting = valid.filter((outcome) => existingEmails.has(outcome.email!));
    const counts: BatchCounts = {
      created: valid.length - conflicting.length,
      updated: 0,
      skipped: 0,
    };
    if (job.onDuplicate === 'skip') counts.skipped += conflicting.length;
    if (job.onDuplicate === 'error')
      for (const outcome of conflicting) failEmailTaken(job, outcome);
    if (job.onDuplicate === 'update') {
      const toUpdate = await this.updatableCustomers(job, conflicting);
      // Counted as the real run counts them: a customer already as in the file is skipped.
      const updates = toUpdate.map(({ outcome, id }) => ({ id, customer: outcome.customer! }));
      const current = await this.customers.findByIds(
        updates.map((update) => update.id),
        { lock: false },
      );
      const changed = customerChanges(current, updates, fileFields(job));
      counts.updated += changed.length;
      counts.skipped += toUpdate.length - changed.length;
    }
    return counts;
  }

  /** The existing customers an `update` import may update; archived ones fail their row. */
  private async updatableCustomers(
    job: CustomerImport,
    conflicting: RowOutcome[],
  ): Promise<{ outcome: RowOutcome; id: string }[]> {
    const existing = await this.customers.findByEmails(conflicting.map((o) => o.email!));
    const byEmail = new Map(existing.map((customer) => [customer.email, customer]));
    const updatable: { outcome: RowOutcome; id: string }[] = [];
    for (const outcome of conflicting) {
      const found = byEmail.get(outcome.email!);
      if (!found)
        failEmailTaken(job, outcome); // cannot happen: customers are never deleted
      else if (found.archived)
        failEmail(
          job,
          outcome,
          'customer_archived',
          `The customer with the email ${outcome.email} is archived; restore it to update it.`,
        );
      else updatable.push({ outcome, id: found.id });
    }
    return updatable;
  }

  private async assertOwned(importId: string, runToken: string): Promise<CustomerImport> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing' || current.runToken !== runToken) {
      throw new LostRun();
    }
    return current;
  }

  @Transactional()
  async complete(importId: string, runToken: string): Promise<void> {
    await this.assertOwned(importId, runToken);
    await this.imports.finish(importId, 'completed');
    await this.imports.deleteWorkingData(importId);
  }

  /** After a failed run: let the retry take it over, or (no attempts left) mark it failed. */
  @Transactional()
  async release(importId: string, runToken: string, failureReason: string | null): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.runToken !== runToken) return;
    if (failureReason) {
      await this.imports.finish(importId, 'failed', failureReason);
      await this.imports.deleteWorkingData(importId);
    } else {
      await this.imports.releaseRun(importId);
    }
  }

  /** Shutting down: a new job continues the import on whichever instance fetches it. */
  @Transactional()
  async handOver(importId: string, runToken: string): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.runToken !== runToken) return;
    await this.imports.releaseRun(importId);
    const jobId = await this.jobs.sendInTransaction(
      IMPORT_QUEUE,
      { importId } satisfies ImportJobData,
      { retryLimit: this.config.importMaxAttempts - 1, retryDelay: 1, expireInSeconds: 4 * 3600 },
    );
    await this.imports.setJob(importId, jobId);
  }

  /**
   * Deletes uploads abandoned by a process that died mid-upload. Finds imports whose worker
   * stopped reporting (its process died): fails their job back to
   * pg-boss, which retries it (the next run resumes after the last committed batch) or, out of
   * attempts, fails it; then the import is marked failed with its counters as they are.
   */
  async sweep(): Promise<void> {
    try {
      await this.imports.deleteAbandonedUploads(UPLOAD_ABANDONED_AFTER_SECONDS);
      const stale = await this.imports.findStale(this.config.importStaleAfterSeconds);
      for (const found of stale) {
        await this.requestContext.runAs(SYSTEM, () => this.recover(found.id));
      }
    } catch (error) {
      if (!this.stopping) this.logger.error({ err: error }, 'Import recovery sweep failed');
    }
  }

  private async recover(importId: string): Promise<void> {
    const abandoned = await this.abandonRun(importId);
    if (!abandoned) return;
    const { jobId } = abandoned;
    let job = jobId ? await this.jobs.getJob(IMPORT_QUEUE, jobId) : null;
    if (job && job.state === 'active' && abandoned.hadRun) {
      await this.jobs.fail(IMPORT_QUEUE, job.id, 'The worker stopped reporting (presumed dead).');
      job = await this.jobs.getJob(IMPORT_QUEUE, job.id);
      this.logger.warn({ importId, jobState: job?.state }, 'Import worker presumed dead');
    }
    if (!job || job.state === 'failed' || job.state === 'completed' || job.state === 'cancelled') {
      await this.failAbandoned(importId);
    }
  }

  /** Takes a stale import away from its (dead) run, so that run can never write again. */
  @Transactional()
  async abandonRun(importId: string): Promise<{ jobId: string | null; hadRun: boolean } | null> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing') return null;
    const ageMs = current.heartbeatAt ? Date.now() - current.heartbeatAt.getTime() : Infinity;
    if (ageMs < this.config.importStaleAfterSeconds * 1000) return null;
    if (current.runToken) await this.imports.releaseRun(importId);
    return { jobId: current.jobId, hadRun: current.runToken !== null };
  }

  @Transactional()
  async failAbandoned(importId: string): Promise<void> {
    const current = await this.imports.lockById(importId);
    if (!current || current.status !== 'processing' || current.runToken) return;
    await this.imports.finish(
      importId,
      'failed',
      // The job's own retry limit was fixed when it was queued (by whichever instance).
      `The import was interrupted and has no attempts left (${current.attempts} used); ` +
        `rows up to ${current.lastRow} were processed.`,
    );
    await this.imports.deleteWorkingData(importId);
  }
}
