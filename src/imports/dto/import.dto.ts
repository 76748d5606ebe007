import { ApiProperty } from '@nestjs/swagger';
import {
  IMPORT_STATUSES,
  ON_DUPLICATE,
  type ImportStatus,
  type OnDuplicate,
  type VisibleImport,
} from '../customer-import.entity';

export class ImportStartedByDto {
  /** @example "0b6f3c1e-8f7a-4b8e-9a43-2f1f6d1b7c55" */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  keyId: string | null;
  /** @example "office-admin" */
  name: string;
}

export class ImportDto {
  /** @example "5b0e2c4e-0a7d-4a43-b7c9-1f0f4b8f6a21" */
  id: string;
  @ApiProperty({ enum: IMPORT_STATUSES, example: 'processing' })
  status: ImportStatus;
  /** @example "customers.csv" */
  fileName: string;
  /**
   * Bytes.
   * @example 5321
   */
  fileSize: number;
  /** @example false */
  dryRun: boolean;
  @ApiProperty({ enum: ON_DUPLICATE, example: 'skip' })
  onDuplicate: OnDuplicate;
  /**
   * Customer rows in the file (blank lines not counted).
   * @example 50
   */
  totalRows: number;
  /**
   * Rows done so far: created + updated + skipped + failed.
   * @example 20
   */
  processedRows: number;
  /** @example 18 */
  created: number;
  /** @example 0 */
  updated: number;
  /**
   * Rows whose email already exists (onDuplicate=skip), or whose customer already matched.
   * @example 1
   */
  skipped: number;
  /**
   * Rows refused; see the errors.
   * @example 1
   */
  failed: number;
  /**
   * Header cells that match no customer field and were ignored.
   * @example ["Fax"]
   */
  unknownColumns: string[];
  /** Why the whole import failed (rows that failed are listed under errors). */
  @ApiProperty({ type: String, nullable: true, example: null })
  failureReason: string | null;
  startedBy: ImportStartedByDto;
  /** @example "2026-11-22T08:00:00.000Z" */
  createdAt: Date;
  /** When a worker began importing rows; null while queued. */
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-11-22T08:00:01.250Z',
  })
  startedAt: Date | null;
  /** When the import completed, failed or was cancelled; null until then. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  finishedAt: Date | null;

  static from(found: VisibleImport): ImportDto {
    return {
      id: found.id,
      status: found.status,
      fileName: found.fileName,
      fileSize: found.fileSize,
      dryRun: found.dryRun,
      onDuplicate: found.onDuplicate,
      totalRows: found.totalRows,
      processedRows: found.processedRows,
      created: found.created,
      updated: found.updated,
      skipped: found.skipped,
      failed: found.failed,
      unknownColumns: found.unknownColumns,
      failureReason: found.failureReason,
      startedBy: { keyId: found.startedByKeyId, name: found.startedByName },
      createdAt: found.createdAt,
      startedAt: found.startedAt,
      finishedAt: found.finishedAt,
    };
  }
}

export class ImportPageDto {
  data: ImportDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;
}
