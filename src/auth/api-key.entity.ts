import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiKeyRole } from '../request-context/request-context';

export const API_KEY_ROLES = ['admin', 'manager', 'viewer'] as const;

@Entity('api_keys')
@Check('ck_api_keys_role', `"role" IN ('admin', 'manager', 'viewer')`)
@Index('uq_api_keys_name', { synchronize: false })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: ApiKeyRole;

  /** SHA-256 of the key; the plain key is never stored. */
  @Index('uq_api_keys_key_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  keyHash: string;

  /** The first characters of the key, to recognise it in a list. */
  @Column({ type: 'varchar', length: 16 })
  keyPrefix: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
