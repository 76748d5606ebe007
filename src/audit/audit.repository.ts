import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditEntry } from './audit-entry.entity';
import { auditEntriesParam, insertAuditEntriesSql } from './audit-sql';

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
      // A customer's own entries are in the customer index, the others' in the entity index
      // (partial: customer_id IS DISTINCT FROM entity_id); the OR lets the planner read both.
      query
        .andWhere(
          '(entry.customerId = :entityId OR entry.customerId IS DISTINCT FROM entry.entityId)',
          { entityId: filter.entityId },
        )
        .andWhere('entry.entityId = :entityId');
    if (filter.actorKeyId)
      query.andWhere('entry.actorKeyId = :actorKeyId', { actorKeyId: filter.actorKeyId });
    if (filter.action) query.andWhere('entry.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('entry.occurredAt >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.occurredAt < :to', { to: filter.to });
    if (filter.beforeSeq) query.andWhere('entry.seq < :beforeSeq', { beforeSeq: filter.beforeSeq });
    return query.getMany();
  }
}
