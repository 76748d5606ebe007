import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { RequestContext, type Actor } from '../request-context/request-context';
import { BatchGates, type BatchWrite } from './batch-gates';
import type { CsvDelimiter, CsvRecord } from './csv-reader';
import type { CustomerImport } from './customer-import.entity';
import { ImportBatchWriter } from './import-batch-writer';
import { ImportLifecycle, LostRun, SYSTEM } from './import-lifecycle';
import { validateRecords } from './import-row-outcome';
import { readStoredFile } from './import-upload';
import { ImportsRepository } from './imports.repository';
import { IMPORT_QUEUE, type ImportJobData } from './imports.service';

/** The instance is shutting down: hand the import over at a batch boundary. */
class Stopping extends Error {}

/**
 * Runs import jobs: streams the stored file, validates each row as POST /customers would, and
 * has each batch written (customers, audit entries, row errors, counters) in one transaction
 * (ImportBatchWriter), so a crash loses nothing reported and a resumed run continues after the
 * last committed row. The import's claim, release and recovery are ImportLifecycle's.
 */
@Injectable()
export class ImportRunner implements OnModuleInit {
  private readonly logger = new Logger(ImportRunner.name);
  private stopping = false;

  constructor(
    private readonly imports: ImportsRepository,
    private readonly lifecycle: ImportLifecycle,
    private readonly batches: ImportBatchWriter,
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
    this.jobs.onStopping(() => (this.stopping = true));
  }

  async run(job: PgBoss.JobWithMetadata<ImportJobData>): Promise<void> {
    const { importId } = job.data;
    const runToken = randomUUID();
    const claimed = await this.requestContext.runAs(SYSTEM, () =>
      this.lifecycle.claim(importId, runToken),
    );
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
            await this.lifecycle.handOver(importId, runToken);
            return;
          }
          const lastAttempt = job.retryCount >= job.retryLimit;
          this.logger.error({ err: error, importId, lastAttempt }, 'Import run failed');
          await this.lifecycle.release(
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

  /**
   * Streams the file in batches. Batch N+1 is read and validated while batch N is written, and
   * on a PostgreSQL server two batches are written at once on two connections: the service's
   * CPU (parsing, validation) and the database's (indexes, WAL) overlap instead of taking
   * turns. Each batch's transaction follows the previous one's at every step that could
   * conflict, and commits after it (see ImportBatchWriter.write), so commits stay in file order.
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
      const outcomes = await validateRecords(started, batch);
      const oldest = inFlight.length >= writers ? inFlight.shift() : undefined;
      await oldest?.committed;
      if (this.stopping) {
        await Promise.all(inFlight.map((earlier) => earlier.committed));
        throw new Stopping();
      }
      const previous = inFlight[inFlight.length - 1] ?? null;
      const gates = new BatchGates();
      const committed = this.batches.write(started, runToken, outcomes, previous, gates);
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
    await this.lifecycle.complete(started.id, runToken);
  }
}
