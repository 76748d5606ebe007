import { Column, Entity, PrimaryColumn } from 'typeorm';

export const USER_TOKEN_PURPOSES = ['setup', 'password'] as const;
export type UserTokenPurpose = (typeof USER_TOKEN_PURPOSES)[number];

/**
 * A one-time link's token (stored as its SHA-256): `setup` creates the first admin,
 * `password` lets one user set a password. Used once, or expired, it is refused.
 */
@Entity('user_tokens')
export class UserToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: UserTokenPurpose;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
