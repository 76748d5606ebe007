import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CustomerImport } from './customer-import.entity';

/**
 * The uploaded file, in ~1 MB pieces, so any instance can read it and a resumed job finds it
 * after a crash. Deleted with its import.
 */
@Entity('import_file_chunks')
export class ImportFileChunk {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_import_file_chunks' })
  importId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_import_file_chunks' })
  seq: number;

  @Column({ type: 'bytea' })
  data: Buffer;

  @ManyToOne(() => CustomerImport, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_import_file_chunks_import' })
  import?: CustomerImport;
}
