import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, invalidCursor } from '../pagination/cursor';
import { RequestContext } from '../request-context/request-context';
import type { AuditChanges, AuditEntityType, AuditEntry } from './audit-entry.entity';
import { AuditRepository, type AuditFilter } from './audit.repository';

export interface AuditRecord {
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  /** For a work order: its customer, so the entry shows in the customer's activity. */
  customerId?: string;
  changes?: AuditChanges | null;
  metadata?: Record<string, unknown> | null;
}

export interface AuditPage {
  data: AuditEntry[];
  nextCursor: string | null;
}

/**
 * The audit trail. `record` joins the caller's transaction (call it inside the service's
 * `@Transactional()` method), so a change and its entry commit or roll back together.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly requestContext: RequestContext,
  ) {}

  record(entry: AuditRecord): Promise<void> {
    return this.recordMany([entry]);
  }

  /** Several entries in one INSERT (bulk operations such as imports). */
  recordMany(entries: AuditRecord[]): Promise<void> {
    const actor = this.requestContext.actor;
    const requestId = this.requestContext.requestId;
    return this.audit.insertMany(
      entries.map((entry) => ({
        entityType: entry.entityType,
        entityId: entry.entityId,
        action: entry.action,
        customerId: entry.entityType === 'customer' ? entry.entityId : (entry.customerId ?? null),
        changes: entry.changes ?? null,
        metadata: entry.metadata ?? null,
        actorKeyId: actor?.keyId ?? null,
        actorName: actor?.name ?? 'system',
        requestId,
      })),
    );
  }

  async list(
    filter: Omit<AuditFilter, 'beforeSeq'>,
    limit: number,
    cursor?: string,
  ): Promise<AuditPage> {
    const beforeSeq = cursor ? String(decodeCursor(cursor, 1)[0]) : undefined;
    if (beforeSeq !== undefined && !/^\d{1,19}$/.test(beforeSeq)) throw invalidCursor();
    const rows = await this.audit.findPage({ ...filter, beforeSeq }, limit + 1);
    const data = rows.slice(0, limit);
    return {
      data,
      nextCursor: rows.length > limit ? encodeCursor([data[data.length - 1].seq]) : null,
    };
  }
}
