import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportField } from './import-columns';

export const IMPORT_STATUSES = [
  'queued',
  'processing',
  'completed',
  'failed',
  'cancelled',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/**
 * An import whose file is still arriving: its chunks are stored in short transactions, and
 * it becomes `queued` (or is deleted, when refused) at the end of the upload. Never shown.
 */
export const UPLOADING = 'uploading';
export type StoredImportStatus = ImportStatus | typeof UPLOADING;
export const FINISHED_STATUSES: readonly ImportStatus[] = ['completed', 'failed', 'cancelled'];

export const ON_DUPLICATE = ['skip', 'update', 'error'] as const;
export type OnDuplicate = (typeof ON_DUPLICATE)[number];

/** A customer CSV import job: its options, its progress counters and who started it. */
@Entity('imports')
@Check(
  'ck_imports_status',
  `"status" IN ('uploading', 'queued', 'processing', 'completed', 'failed', 'cancelled')`,
)
@Check('ck_imports_on_duplicate', `"on_duplicate" IN ('skip', 'update', 'error')`)
@Index('ix_imports_created_at', ['createdAt', 'id'])
@Index('ix_imports_status_heartbeat', ['status', 'heartbeatAt'])
export class CustomerImport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: StoredImportStatus;

  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  fileSize: number;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'varchar', length: 8 })
  onDuplicate: OnDuplicate;

  /** `,` `;` or a tab, detected on upload. */
  @Column({ type: 'varchar', length: 1 })
  delimiter: string;

  /** The header row as uploaded (the errors CSV repeats it). */
  @Column({ type: 'jsonb' })
  header: string[];

  /** For each column: the customer field it fills, or null when ignored. */
  @Column({ type: 'jsonb' })
  columnFields: (ImportField | null)[];

  @Column({ type: 'jsonb' })
  unknownColumns: string[];

  @Column({ type: 'int' })
  totalRows: number;

  @Column({ type: 'int', default: 0 })
  processedRows: number;

  /** The spreadsheet row number of the last row processed: a resumed job starts after it. */
  @Column({ type: 'int', default: 1 })
  lastRow: number;

  @Column({ type: 'int', default: 0 })
  created: number;

  @Column({ type: 'int', default: 0 })
  updated: number;

  @Column({ type: 'int', default: 0 })
  skipped: number;

  @Column({ type: 'int', default: 0 })
  failed: number;

  /** Why the job failed as a whole (rows that fail are in import_row_errors). */
  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  /** The pg-boss job that runs the import. */
  @Column({ type: 'uuid', nullable: true })
  jobId: string | null;

  /** The run that owns the import now; a run that lost it (presumed dead) may not write. */
  @Column({ type: 'uuid', nullable: true })
  runToken: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Set at every batch while processing; an old one means the worker died. */
  @Column({ type: 'timestamptz', nullable: true })
  heartbeatAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  startedByKeyId: string | null;

  @Column({ type: 'varchar', length: 100 })
  startedByName: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** An import the API shows: its upload is complete. */
export type VisibleImport = CustomerImport & { status: ImportStatus };

export function isVisible(found: CustomerImport | null): found is VisibleImport {
  return found !== null && found.status !== UPLOADING;
}
