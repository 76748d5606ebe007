import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
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

@Injectable()
export class AuditRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get entries() {
    return this.txHost.tx.getRepository(AuditEntry);
  }

  async insertMany(entries: Omit<AuditEntry, 'id' | 'seq' | 'occurredAt'>[]): Promise<void> {
    if (entries.length === 0) return;
    await this.entries.insert(entries as QueryDeepPartialEntity<AuditEntry>[]);
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
