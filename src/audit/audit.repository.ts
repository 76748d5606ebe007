import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditEntry } from './audit-entry.entity';

export interface AuditFilter {
  /** A customer's activity: its own entries and its work orders'. */
  customerId?: string;
  entityType?: string;
  entityId?: string;
  actorKeyId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Only entries older than this seq (keyset pagination, newest first). */
  beforeSeq?: string;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'seq' | 'occurredAt'>;

/**
 * The INSERT of the entries passed as JSON in `param`. A repository whose write must commit
 * with its entries can run it as a data-modifying WITH of that write: one statement, atomic
 * on its own, in one round trip.
 */
export function insertAuditEntriesSql(param: string): string {
  return `INSERT INTO audit_entries (entity_type, entity_id, action, customer_id, changes,
      actor_key_id, actor_name, request_id, metadata)
    SELECT e."entityType", e."entityId", e.action, e."customerId", e.changes,
      e."actorKeyId", e."actorName", e."requestId", e.metadata
    FROM jsonb_to_recordset(${param}::jsonb) AS e("entityType" text, "entityId" uuid,
      action text, "customerId" uuid, changes jsonb, "actorKeyId" uuid, "actorName" text,
      "requestId" text, metadata jsonb)`;
}

/** The value of the entries' parameter in `insertAuditEntriesSql`. */
export function auditEntriesParam(entries: NewAuditEntry[]): string {
  return JSON.stringify(entries);
}

@Injectable()
export class AuditRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get entries() {
    return this.txHost.tx.getRepository(AuditEntry);
  }

  /**
   * Many entries in one INSERT, as one JSON parameter (an import writes a thousand a batch;
   * TypeORM's multi-row insert builder cost more CPU than the insert itself).
   */
  async insertMany(entries: NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.txHost.tx.query(insertAuditEntriesSql('$1'), [auditEntriesParam(entries)]);
  }

  /** Newest first; `limit` rows (the caller asks for one extra to know if a next page exists). */
  findPage(filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    const query = this.entries
      .createQueryBuilder('entry')
      .orderBy('entry.seq', 'DESC')
      .limit(limit);
    if (filter.customerId)
      query.andWhere('entry.customerId = :customerId', { customerId: filter.customerId });
    if (filter.entityType)
      query.andWhere('entry.entityType = :entityType', { entityType: filter.entityType });
    if (filter.entityId)
      query.andWhere('entry.entityId = :entityId', { entityId: filter.entityId });
    if (filter.actorKeyId)
      query.andWhere('entry.actorKeyId = :actorKeyId', { actorKeyId: filter.actorKeyId });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('entry.occurredAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.occurredAt < :to', { to: filter.to });
    if (filter.beforeSeq) query.andWhere('entry.seq < :beforeSeq', { beforeSeq: filter.beforeSeq });
    return query.getMany();
  }
}
