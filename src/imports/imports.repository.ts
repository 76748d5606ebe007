import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CustomerImport, UPLOADING, type ImportStatus } from './customer-import.entity';
import { ImportFailedRow } from './import-failed-row.entity';
import { ImportFileChunk } from './import-file-chunk.entity';
import { ImportRowError } from './import-row-error.entity';
import { ImportSeenEmail } from './import-seen-email.entity';

export type NewImport = Pick<
  CustomerImport,
  | 'fileName'
  | 'dryRun'
  | 'onDuplicate'
  | 'startedByKeyId'
  | 'startedByName'
  | 'requestId'
  | 'columnFields'
>;

export interface BatchProgress {
  processedRows: number;
  lastRow: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
}

/** Where a page of the imports list ends: `created_at` as PostgreSQL's text, and the id. */
export interface ImportListPosition {
  createdAt: string;
  id: string;
}

export interface ImportListRow {
  job: CustomerImport;
  position: ImportListPosition;
}

@Injectable()
export class ImportsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get imports() {
    return this.txHost.tx.getRepository(CustomerImport);
  }

  /** A new import, `uploading` (not shown) until its file is stored and checked. */
  insert(init: NewImport): Promise<CustomerImport> {
    return this.imports.save(
      this.imports.create({
        ...init,
        status: UPLOADING,
        fileSize: 0,
        delimiter: ',',
        header: [],
        unknownColumns: [],
        totalRows: 0,
      }),
    );
  }

  /** The upload is complete and checked: the import is queued. */
  async markQueued(
    id: string,
    file: Pick<
      CustomerImport,
      | 'fileSize'
      | 'delimiter'
      | 'header'
      | 'columnFields'
      | 'unknownColumns'
      | 'totalRows'
      | 'jobId'
    >,
  ): Promise<void> {
    await this.imports.update({ id }, { ...file, status: 'queued' });
  }

  /** Stores one piece of an upload and notes that the upload is alive. */
  async insertChunk(importId: string, seq: number, data: Buffer): Promise<void> {
    await this.txHost.tx.getRepository(ImportFileChunk).insert({ importId, seq, data });
    await this.imports.update({ id: importId }, { heartbeatAt: () => 'now()' });
  }

  /** A refused upload: the import and (by cascade) its chunks. */
  async deleteUpload(id: string): Promise<void> {
    await this.imports.delete({ id, status: UPLOADING });
  }

  /** Uploads whose request died (the process crashed) and stored nothing for `staleSeconds`. */
  async deleteAbandonedUploads(staleSeconds: number): Promise<number> {
    const result = await this.imports
      .createQueryBuilder()
      .delete()
      .where('status = :status', { status: UPLOADING })
      .andWhere(
        'coalesce(heartbeat_at, created_at) < now() - make_interval(secs => :staleSeconds)',
        {
          staleSeconds,
        },
      )
      .execute();
    return result.affected ?? 0;
  }

  async readChunk(importId: string, seq: number): Promise<Buffer | undefined> {
    const chunk = await this.txHost.tx
      .getRepository(ImportFileChunk)
      .findOne({ where: { importId, seq }, select: { data: true } });
    return chunk?.data;
  }

  /** What an import needs only while it runs: its file and the emails it has seen. */
  async deleteWorkingData(importId: string): Promise<void> {
    await this.txHost.tx.getRepository(ImportFileChunk).delete({ importId });
    await this.txHost.tx.getRepository(ImportSeenEmail).delete({ importId });
  }

  /**
   * Records the emails of a batch (lower-cased, each once, with its row) and returns those an
   * earlier batch already had, with the row they were first seen on. The INSERT reports what it
   * added, so only the emails it did not add (usually none) are looked up.
   */
  async recordSeenEmails(
    importId: string,
    seen: { email: string; row: number }[],
  ): Promise<Map<string, number>> {
    if (seen.length === 0) return new Map();
    const added: { email: string }[] = await this.txHost.tx.query(
      `INSERT INTO import_seen_emails (import_id, email, "row")
       SELECT $1, email, "row" FROM unnest($2::text[], $3::int[]) AS t(email, "row")
       ON CONFLICT ON CONSTRAINT pk_import_seen_emails DO NOTHING
       RETURNING email`,
      [importId, seen.map((entry) => entry.email), seen.map((entry) => entry.row)],
    );
    const addedEmails = new Set(added.map((row) => row.email));
    const earlier = seen.filter((entry) => !addedEmails.has(entry.email));
    if (earlier.length === 0) return new Map();
    const rows: { email: string; row: number }[] = await this.txHost.tx.query(
      `SELECT email, "row" FROM import_seen_emails WHERE import_id = $1 AND email = ANY($2::text[])`,
      [importId, earlier.map((entry) => entry.email)],
    );
    return new Map(rows.map((row) => [row.email, Number(row.row)]));
  }

  findById(id: string): Promise<CustomerImport | null> {
    return this.imports.findOneBy({ id });
  }

  /**
   * The import row, locked until the transaction ends (one writer of its state at a time).
   * FOR NO KEY UPDATE: it does not wait for, nor block, the key-share locks that inserting the
   * import's row errors takes, so two batch transactions cannot wait on each other through it.
   */
  lockById(id: string): Promise<CustomerImport | null> {
    return this.imports
      .createQueryBuilder('import')
      .setLock('for_no_key_update')
      .where('import.id = :id', { id })
      .getOne();
  }

  /** Newest first, keyset on (createdAt, id). */
  /**
   * Newest first, keyset on (created_at, id); `limit` rows. Each with its position, the
   * timestamp as PostgreSQL's text: a Date would cut the microseconds the column keeps.
   */
  async listPage(limit: number, before?: ImportListPosition): Promise<ImportListRow[]> {
    const query = this.imports
      .createQueryBuilder('import')
      .addSelect('import.created_at::text', 'position_created_at')
      .where('import.status <> :uploading', { uploading: UPLOADING })
      .orderBy('import.createdAt', 'DESC')
      .addOrderBy('import.id', 'DESC')
      .limit(limit);
    if (before) {
      query.andWhere('(import.createdAt, import.id) < (:createdAt::timestamptz, :id::uuid)', {
        createdAt: before.createdAt,
        id: before.id,
      });
    }
    const { entities, raw } = await query.getRawAndEntities<{ position_created_at: string }>();
    return entities.map((job, i) => ({
      job,
      position: { createdAt: raw[i].position_created_at, id: job.id },
    }));
  }

  async claimRun(id: string, runToken: string): Promise<void> {
    await this.imports.update(
      { id },
      {
        status: 'processing',
        runToken,
        heartbeatAt: () => 'now()',
        startedAt: () => 'coalesce(started_at, now())',
        attempts: () => 'attempts + 1',
      },
    );
  }

  /** The run gives the import up (it stays processing until a new run claims it). */
  async releaseRun(id: string): Promise<void> {
    await this.imports.update({ id }, { runToken: null });
  }

  async setJob(id: string, jobId: string | null): Promise<void> {
    await this.imports.update({ id }, { jobId });
  }

  async recordBatch(id: string, progress: BatchProgress): Promise<void> {
    await this.imports.update(
      { id },
      {
        processedRows: () => `processed_rows + ${Math.trunc(progress.processedRows)}`,
        created: () => `created + ${Math.trunc(progress.created)}`,
        updated: () => `updated + ${Math.trunc(progress.updated)}`,
        skipped: () => `skipped + ${Math.trunc(progress.skipped)}`,
        failed: () => `failed + ${Math.trunc(progress.failed)}`,
        lastRow: progress.lastRow,
        heartbeatAt: () => 'now()',
      },
    );
  }

  async finish(
    id: string,
    status: ImportStatus,
    failureReason: string | null = null,
  ): Promise<void> {
    await this.imports.update(
      { id },
      { status, failureReason, runToken: null, finishedAt: () => 'now()' },
    );
  }

  /** Processing imports whose worker has not reported for `staleSeconds`: presumed dead. */
  findStale(staleSeconds: number): Promise<CustomerImport[]> {
    return this.imports
      .createQueryBuilder('import')
      .where(`import.status = 'processing'`)
      .andWhere(`import.heartbeatAt < now() - make_interval(secs => :staleSeconds)`, {
        staleSeconds,
      })
      .orderBy('import.heartbeatAt')
      .limit(100)
      .getMany();
  }

  async insertRowErrors(errors: Omit<ImportRowError, 'id' | 'import'>[]): Promise<void> {
    if (errors.length > 0) await this.txHost.tx.getRepository(ImportRowError).insert(errors);
  }

  async insertFailedRows(rows: Omit<ImportFailedRow, 'import'>[]): Promise<void> {
    if (rows.length > 0) await this.txHost.tx.getRepository(ImportFailedRow).insert(rows);
  }

  /** Errors in row order, keyset on (row, id). */
  errorsPage(
    importId: string,
    limit: number,
    after?: { row: number; id: string },
  ): Promise<ImportRowError[]> {
    const query = this.txHost.tx
      .getRepository(ImportRowError)
      .createQueryBuilder('error')
      .where('error.importId = :importId', { importId })
      .orderBy('error.row')
      .addOrderBy('error.id')
      .limit(limit);
    if (after) query.andWhere('(error.row, error.id) > (:row, :id)', after);
    return query.getMany();
  }

  /** The most cells a failed row has (rows may be wider than the header). */
  async failedRowsWidth(importId: string): Promise<number> {
    const rows: { width: number | null }[] = await this.txHost.tx.query(
      'SELECT max(jsonb_array_length(cells)) AS width FROM import_failed_rows WHERE import_id = $1',
      [importId],
    );
    return Number(rows[0]?.width ?? 0);
  }

  failedRowsPage(importId: string, limit: number, afterRow: number): Promise<ImportFailedRow[]> {
    return this.txHost.tx
      .getRepository(ImportFailedRow)
      .createQueryBuilder('failed')
      .where('failed.importId = :importId AND failed.row > :afterRow', { importId, afterRow })
      .orderBy('failed.row')
      .limit(limit)
      .getMany();
  }
}
