import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ENTITY_TYPES = ['customer', 'work_order', 'api_key', 'import', 'user'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export type AuditChanges = Record<string, { from: unknown; to: unknown }>;

/** One change to one record, written in the same transaction as the change. Append-only. */
@Entity('audit_entries')
// (customer_id, seq DESC) WHERE customer_id IS NOT NULL: a customer's activity, newest first.
@Index('ix_audit_entries_customer', { synchronize: false })
// (entity_id, seq) WHERE customer_id IS DISTINCT FROM entity_id: the entries of anything but a
// customer (a customer's own are in the customer index). Ids are unique across entity types:
// it serves entityId with or without entityType.
@Index('ix_audit_entries_entity_id', { synchronize: false })
@Index('ix_audit_entries_actor', ['actorKeyId', 'seq'])
@Index('ix_audit_entries_action', ['action', 'seq'])
// BRIN (occurred_at): entries arrive in time order (migration AuditEntriesFewerIndexesPerRow).
@Index('ix_audit_entries_occurred_at', { synchronize: false })
export class AuditEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: the stable sort key for "newest first". */
  @Index('uq_audit_entries_seq', { unique: true })
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS', generated: 'identity', insert: false })
  seq: string;

  @Column({ type: 'varchar', length: 32 })
  entityType: AuditEntityType;

  @Column({ type: 'uuid' })
  entityId: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  /**
   * The customer whose activity this entry belongs to: the customer itself, or the customer
   * of a work order; null for other entities.
   */
  @Column({ type: 'uuid', nullable: true })
  customerId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  changes: AuditChanges | null;

  /** The API key that acted; no foreign key, so entries outlive the key. */
  @Column({ type: 'uuid', nullable: true })
  actorKeyId: string | null;

  /** The person who acted (signed in); no foreign key, so entries outlive the account. */
  @Column({ type: 'uuid', nullable: true })
  actorUserId: string | null;

  /** Which kind of actor: an API key, a signed-in person, or the system itself. */
  @Column({ type: 'varchar', length: 16, default: 'api_key' })
  actorType: 'api_key' | 'user' | 'system';

  /** The key's or the person's name when it acted (a snapshot). */
  @Column({ type: 'varchar', length: 100 })
  actorName: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  /** Extra context, e.g. `{ "importId": "..." }`. */
  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
