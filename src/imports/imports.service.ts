import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../jobs/job-queue';
import { cursorPart, decodeCursor } from '../pagination/cursor';
import { type Page, pageOf } from '../pagination/page';
import { ProblemException } from '../problem/problem.exception';
import { flattenValidationErrors } from '../problem/validation-pipe';
import { RequestContext } from '../request-context/request-context';
import { decodeUtf8, MalformedCsvError, NotCsvError } from './csv-reader';
import { csvLine, UTF8_BOM } from './csv-writer';
import { importProblems, MAX_HEADER_CELL_CHARS } from './import-problems';
import { ImportOptionsDto } from './dto/import-options.dto';
import {
  FINISHED_STATUSES,
  isVisible,
  type OnDuplicate,
  type VisibleImport,
} from './customer-import.entity';
import { fieldForHeader, headerKey, resolveHeader, type ImportField } from './import-columns';
import { ImportRowError } from './import-row-error.entity';
import { detectThenRead, storeInChunks } from './import-upload';
import { ImportsRepository } from './imports.repository';

export const IMPORT_QUEUE = 'customer-import';

export interface ImportJobData {
  importId: string;
}

export interface ImportOptions {
  dryRun: boolean;
  onDuplicate: OnDuplicate;
  /** Uploaded header → customer field, for headers the aliases do not know. */
  mapping: Record<string, ImportField>;
}

export interface UploadedCsv {
  fileName: string;
  content: AsyncIterable<Buffer>;
}

/** Starting, following and cancelling customer imports (the rows are processed by ImportRunner). */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly imports: ImportsRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly requestContext: RequestContext,
  ) {}

  /** Options from the query, overridden by form fields, checked by the same DTO. */
  async options(query: ImportOptionsDto, fields: Record<string, string>): Promise<ImportOptions> {
    const fromForm = plainToInstance(ImportOptionsDto, fields);
    const errors = await validate(fromForm, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    });
    if (errors.length > 0) throw ProblemException.validation(flattenValidationErrors(errors));
    return {
      dryRun: fromForm.dryRun ?? query.dryRun ?? false,
      onDuplicate: fromForm.onDuplicate ?? query.onDuplicate ?? 'skip',
      mapping: fromForm.mapping ?? query.mapping ?? {},
    };
  }

  /**
   * Stores the upload (streamed into ~1 MB chunks, each in its own short transaction: the
   * request never holds a transaction open while the network upload runs), checks its header
   * and size, then queues the job in one short transaction. Until then the import is
   * `uploading`, which the API never shows; a refused or failed upload is deleted with its
   * chunks before the error is answered (and an abandoned one by the runner's sweep).
   */
  async start(file: UploadedCsv, options: ImportOptions): Promise<VisibleImport> {
    const actor = this.requestContext.actor;
    const created = await this.imports.insert({
      fileName: file.fileName.slice(0, 255),
      dryRun: options.dryRun,
      onDuplicate: options.onDuplicate,
      startedByKeyId: actor?.keyId ?? null,
      startedByName: actor?.name ?? 'system',
      requestId: this.requestContext.requestId,
      columnFields: [],
    });
    try {
      const queued = await this.queue(
        created.id,
        await this.storeAndCheck(created.id, file, options),
      );
      // Committed: this instance's idle worker starts it now rather than at its next poll.
      this.jobs.wake(IMPORT_QUEUE);
      return queued;
    } catch (error) {
      try {
        await this.imports.deleteUpload(created.id);
      } catch (cleanup) {
        // The sweep deletes it later; the upload's own error is the one to answer.
        this.logger.warn(
          { err: cleanup, importId: created.id },
          'Could not delete a refused upload',
        );
      }
      throw error;
    }
  }

  private async storeAndCheck(importId: string, file: UploadedCsv, options: ImportOptions) {
    let fileSize = 0;
    const bytes = storeInChunks(
      file.content,
      (seq, data) => this.imports.insertChunk(importId, seq, data),
      (total) => (fileSize = total),
    );
    let header: string[] | undefined;
    let totalRows = 0;
    let resolved: ReturnType<typeof resolveHeader> | undefined;
    let delimiter: string;
    try {
      const read = await detectThenRead(decodeUtf8(bytes));
      delimiter = read.delimiter;
      for await (const record of read.records) {
        if (!header) {
          header = record.cells;
          resolved = this.checkHeader(header, options.mapping);
          continue;
        }
        totalRows += 1;
        if (totalRows > this.config.importMaxRows) {
          throw importProblems.tooManyRows.exception(this.config.importMaxRows);
        }
      }
    } catch (error) {
      if (error instanceof NotCsvError) {
        throw importProblems.notACsv.exception(error.message);
      }
      if (error instanceof MalformedCsvError) {
        throw importProblems.malformedCsv.exception(error.message, error.row);
      }
      throw error;
    }
    if (!header || !resolved || totalRows === 0) {
      throw importProblems.emptyFile.exception(Boolean(header));
    }
    return {
      fileSize,
      delimiter,
      header,
      columnFields: resolved.fields,
      unknownColumns: resolved.unknownColumns,
      totalRows,
    };
  }

  /** The upload is complete and good: queued and its job enqueued, atomically. */
  @Transactional()
  private async queue(
    importId: string,
    file: Awaited<ReturnType<ImportsService['storeAndCheck']>>,
  ): Promise<VisibleImport> {
    const jobId = await this.jobs.sendInTransaction(
      IMPORT_QUEUE,
      { importId } satisfies ImportJobData,
      {
        singletonKey: importId,
        retryLimit: this.config.importMaxAttempts - 1,
        retryDelay: 1,
        expireInSeconds: 4 * 3600,
      },
    );
    await this.imports.markQueued(importId, { ...file, jobId });
    return this.get(importId);
  }

  private checkHeader(header: string[], mapping: Record<string, ImportField>) {
    const tooLong = header.filter((cell) => cell.length > MAX_HEADER_CELL_CHARS);
    if (tooLong.length > 0) {
      throw importProblems.headerCellTooLong.exception(header, tooLong);
    }
    const keys = new Set(header.map((cell) => headerKey(cell)));
    const unmatched = Object.keys(mapping).filter((name) => !keys.has(headerKey(name)));
    if (unmatched.length > 0) {
      throw importProblems.mappingUnknownHeader.exception(unmatched, header);
    }
    const resolved = resolveHeader(header, mapping);
    if (resolved.missingRequired.length > 0) {
      throw importProblems.missingRequiredColumns.exception(
        resolved.missingRequired.map((field) => ({ field, aliases: this.aliasesOf(field) })),
        header,
      );
    }
    if (resolved.duplicated.length > 0) {
      throw importProblems.duplicateColumns.exception(resolved.duplicated);
    }
    return resolved;
  }

  private aliasesOf(field: ImportField): string[] {
    const examples: Record<string, string[]> = {
      companyName: ['Company', 'Company Name', 'Business'],
      contactName: ['Contact', 'Contact Person', 'Name'],
      email: ['Email', 'E-mail', 'Email Address'],
    };
    return (examples[field] ?? [field]).filter((alias) => fieldForHeader(alias) === field);
  }

  async get(id: string): Promise<VisibleImport> {
    const found = await this.imports.findById(id);
    if (!isVisible(found)) throw importProblems.notFound.exception(id);
    return found;
  }

  async list(limit: number, cursor?: string): Promise<Page<VisibleImport>> {
    const [createdAt, id] = cursor
      ? decodeCursor(cursor, [cursorPart.timestamp, cursorPart.uuid])
      : [];
    const before = createdAt && id ? { createdAt, id } : undefined;
    const rows = await this.imports.listPage(limit + 1, before);
    const page = pageOf(rows, limit, (last) => [last.position.createdAt, last.position.id]);
    return { ...page, data: page.data.map((row) => row.job).filter(isVisible) };
  }

  async errors(id: string, limit: number, cursor?: string): Promise<Page<ImportRowError>> {
    await this.get(id);
    const [row, errorId] = cursor
      ? decodeCursor(cursor, [cursorPart.integer, cursorPart.bigintText])
      : [];
    const after = row !== undefined && errorId ? { row, id: errorId } : undefined;
    const rows = await this.imports.errorsPage(id, limit + 1, after);
    return pageOf(rows, limit, (last) => [last.row, last.id]);
  }

  /** The failed rows as uploaded plus an `error` column, as CSV lines, 1,000 rows a query. */
  async failedRowsCsv(id: string): Promise<AsyncIterable<string>> {
    const found = await this.get(id);
    const imports = this.imports;
    const delimiter = found.delimiter;
    // Rows wider than the header keep their extra cells: the header gets blank cells (which a
    // re-import ignores) so that the error column stays last and aligned.
    const width = Math.max(found.header.length, await imports.failedRowsWidth(id));
    const pad = (cells: readonly string[]) => [
      ...cells,
      ...Array.from({ length: width - cells.length }, () => ''),
    ];
    async function* lines(): AsyncGenerator<string> {
      yield UTF8_BOM + csvLine([...pad(found.header), 'error'], delimiter);
      for (let afterRow = 0; ;) {
        const page = await imports.failedRowsPage(id, 1000, afterRow);
        for (const failed of page) yield csvLine([...pad(failed.cells), failed.error], delimiter);
        if (page.length < 1000) return;
        afterRow = page[page.length - 1].row;
      }
    }
    return lines();
  }

  /** Stops a queued or running import; the running batch (if any) is the last one. */
  @Transactional()
  async cancel(id: string): Promise<VisibleImport> {
    const found = await this.imports.lockById(id);
    if (!isVisible(found)) throw importProblems.notFound.exception(id);
    if (FINISHED_STATUSES.includes(found.status)) {
      throw importProblems.finished.exception(found.status);
    }
    await this.imports.finish(id, 'cancelled');
    await this.imports.deleteWorkingData(id);
    return this.get(id);
  }
}
