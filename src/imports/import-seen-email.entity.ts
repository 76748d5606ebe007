import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerImport } from './customer-import.entity';

/**
 * The emails an import has met so far and the row of each first occurrence: in-file duplicate
 * detection held in the database (bounded memory at any file size) and written in each batch's
 * transaction (a resumed run sees exactly the committed rows). Deleted when the import ends.
 */
@Entity('import_seen_emails')
export class ImportSeenEmail {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_seen_emails' })
  importId: string;

  /** Lower-cased. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_import_seen_emails' })
  email: string;

  @Column({ type: 'int' })
  row: number;

  @ManyToOne(() => CustomerImport, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_import_seen_emails_import' })
  import?: CustomerImport;
}
