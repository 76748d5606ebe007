import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerImport } from './customer-import.entity';

/** A failed row as it was uploaded, for the errors CSV (fix it and upload it again). */
@Entity('import_failed_rows')
export class ImportFailedRow {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_failed_rows' })
  importId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_import_failed_rows' })
  row: number;

  @Column({ type: 'jsonb' })
  cells: string[];

  /** Every reason the row failed, in one sentence per error. */
  @Column({ type: 'text' })
  error: string;

  @ManyToOne(() => CustomerImport, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_import_failed_rows_import' })
  import?: CustomerImport;
}
