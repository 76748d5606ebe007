import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CustomerImport } from './customer-import.entity';

/** One reason one row failed (a row with two bad cells has two). */
@Entity('import_row_errors')
@Index('ix_import_row_errors_import_row', ['importId', 'row', 'id'])
export class ImportRowError {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  importId: string;

  /** The row number a spreadsheet shows (the header is row 1). */
  @Column({ type: 'int' })
  row: number;

  /** The column header as uploaded; null when the error is about the whole row. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  column: string | null;

  @Column({ type: 'text', nullable: true })
  value: string | null;

  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'text' })
  message: string;

  @ManyToOne(() => CustomerImport, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_import_row_errors_import' })
  import?: CustomerImport;
}
