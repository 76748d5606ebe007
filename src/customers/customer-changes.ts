import { diffChanges } from '../audit/audit-changes';
import type { AuditChanges } from '../audit/audit-entry.entity';
import { customerFieldsFrom, type CustomerInput } from './customer-rules';
import type { CustomerFields } from './customers.repository';

/** Every field a person (or an import) may change, in the order the audit trail lists them. */
export const EDITABLE_CUSTOMER_FIELDS = [
  'companyName',
  'contactName',
  'email',
  'phone',
  'billingAddress',
  'shippingAddress',
  'taxExempt',
  'notes',
  'tags',
] as const satisfies readonly (keyof CustomerFields)[];

/** An update asked for: the customer's new fields (from an import row). */
export interface CustomerUpdate {
  id: string;
  customer: CustomerFields;
}

/** An update that really changes its customer, with the audit entry's changes. */
export interface CustomerChange extends CustomerUpdate {
  changes: AuditChanges;
}

/**
 * What overwriting `fields` of each customer with its update would change, as the audit
 * trail records it (`{ field: { from, to } }`, the stored customer normalised as the API
 * stores it first). Updates that change nothing, or whose customer is not in `current`, are
 * left out; the rest keep their order.
 */
export function customerChanges(
  current: readonly (CustomerInput & { id: string })[],
  updates: readonly CustomerUpdate[],
  fields: readonly (keyof CustomerFields)[],
): CustomerChange[] {
  const byId = new Map(current.map((customer) => [customer.id, customerFieldsFrom(customer)]));
  return updates.flatMap((update) => {
    const before = byId.get(update.id);
    if (!before) return [];
    const changes = diffChanges(before, update.customer, fields);
    return Object.keys(changes).length > 0 ? [{ ...update, changes }] : [];
  });
}
