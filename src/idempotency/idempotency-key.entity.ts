import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One `Idempotency-Key` a client sent with an idempotent POST. The primary key (API key, idempotency
 * key) is what makes claiming a key race-safe. While `responseStatus` is null the first request is
 * still in flight (pending); afterwards the row holds the 2xx response to replay for 24 hours.
 */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created_at', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_idempotency_keys' })
  apiKeyId: string;

  @PrimaryColumn({
    type: 'varchar',
    length: 255,
    primaryKeyConstraintName: 'pk_idempotency_keys',
  })
  idempotencyKey: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  requestHash: string;

  /** Set while pending: identifies the request that owns the key (a takeover replaces it). */
  @Column({ type: 'uuid', nullable: true })
  lockToken: string | null;

  /** When the current owner claimed the key; a pending row older than the timeout is abandoned. */
  @Column({ type: 'timestamptz' })
  lockedAt: Date;

  @Column({ type: 'smallint', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'jsonb', nullable: true })
  responseHeaders: Record<string, string> | null;

  /** `json`, not `jsonb`: a replay sends the body with its keys in the original order. */
  @Column({ type: 'json', nullable: true })
  responseBody: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
