import type { NewAuditEntry } from './audit.repository';

/**
 * The INSERT of the entries passed as JSON in `param`. A repository whose write must commit
 * with its entries can run it as a data-modifying WITH of that write: one statement, atomic
 * on its own, in one round trip.
 */
export function insertAuditEntriesSql(param: string): string {
  return `INSERT INTO audit_entries (entity_type, entity_id, action, customer_id, changes,
      actor_key_id, actor_user_id, actor_type, actor_name, request_id, metadata)
    SELECT e."entityType", e."entityId", e.action, e."customerId", e.changes,
      e."actorKeyId", e."actorUserId", e."actorType", e."actorName", e."requestId", e.metadata
    FROM jsonb_to_recordset(${param}::jsonb) AS e("entityType" text, "entityId" uuid,
      action text, "customerId" uuid, changes jsonb, "actorKeyId" uuid, "actorUserId" uuid,
      "actorType" text, "actorName" text, "requestId" text, metadata jsonb)`;
}

/** The value of the entries' parameter in `insertAuditEntriesSql`. */
export function auditEntriesParam(entries: NewAuditEntry[]): string {
  return JSON.stringify(entries);
}

/**
 * An entry as the customer page's recent activity reads it (`a` = audit_entries), as a JSON
 * object shaped like the entity.
 */
export const RECENT_ACTIVITY_COLUMNS = `a.id, a.seq::text AS seq, a.entity_type AS "entityType",
  a.entity_id AS "entityId", a.action, a.customer_id AS "customerId", a.changes,
  a.actor_key_id AS "actorKeyId", a.actor_user_id AS "actorUserId", a.actor_type AS "actorType",
  a.actor_name AS "actorName", a.request_id AS "requestId",
  a.metadata, a.occurred_at AS "occurredAt"`;
