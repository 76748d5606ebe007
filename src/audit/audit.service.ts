import { Injectable } from '@nestjs/common';
import { cursorPart, decodeCursor } from '../pagination/cursor';
import { type Page, pageOf } from '../pagination/page';
import { RequestContext, type Actor } from '../request-context/request-context';
import type { AuditChanges, AuditEntityType, AuditEntry } from './audit-entry.entity';
import { AuditRepository, type AuditFilter, type NewAuditEntry } from './audit.repository';

export interface AuditRecord {
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  /** For a work order: its customer, so the entry shows in the customer's activity. */
  customerId?: string;
  changes?: AuditChanges | null;
  metadata?: Record<string, unknown> | null;
  /** Who acted, when it is not the request's actor (a person signing in, or setting a password). */
  actor?: Actor;
}

export type AuditPage = Page<AuditEntry>;

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
    return this.audit.insertMany(entries.map((entry) => this.entryFor(entry)));
  }

  /**
   * The entry to store for a record, by the current request's actor: for a repository that
   * writes it in the same statement as the change (see `insertAuditEntriesSql`).
   */
  entryFor(record: AuditRecord): NewAuditEntry {
    const actor = record.actor ?? this.requestContext.actor;
    return {
      entityType: record.entityType,
      entityId: record.entityId,
      action: record.action,
      customerId: record.entityType === 'customer' ? record.entityId : (record.customerId ?? null),
      changes: record.changes ?? null,
      metadata: record.metadata ?? null,
      actorKeyId: actor?.keyId ?? null,
      actorUserId: actor?.userId ?? null,
      actorType: actor?.userId ? 'user' : actor?.keyId ? 'api_key' : 'system',
      actorName: actor?.name ?? 'system',
      requestId: this.requestContext.requestId,
    };
  }

  async list(
    filter: Omit<AuditFilter, 'beforeSeq'>,
    limit: number,
    cursor?: string,
  ): Promise<AuditPage> {
    const [beforeSeq] = cursor ? decodeCursor(cursor, [cursorPart.bigintText]) : [undefined];
    const rows = await this.audit.findPage({ ...filter, beforeSeq }, limit + 1);
    return pageOf(rows, limit, (last) => [last.seq]);
  }
}
