import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ApiKeyRole } from '../request-context/request-context';

export const USER_ROLES = ['admin', 'manager', 'viewer'] as const;

/** A person who signs in to the web app; the same roles as API keys. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased and trimmed, so uniqueness is case-insensitive. */
  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: ApiKeyRole;

  /** argon2id, PHC-encoded; null until the person sets a password through a link. */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastSignInAt: Date | null;
}
