import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The emails an import has met so far and the row of each first occurrence: in-file duplicate
 * detection held in the database (bounded memory at any file size) and written in each batch's
 * transaction (a resumed run sees exactly the committed rows). Deleted when the import ends.
 * No foreign key to imports: checking it on every row cost more than writing the row.
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
}
