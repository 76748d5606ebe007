/**
 * A work order as the customer page's recent work orders read it (`o` = work_orders), as a
 * JSON object shaped like the entity.
 */
export const RECENT_WORK_ORDER_COLUMNS = `o.id, o.number::text AS number, o.customer_id AS "customerId",
  o.title, o.quantity, o.due_date AS "dueDate", o.status, o.created_at AS "createdAt",
  o.updated_at AS "updatedAt", o.version`;
