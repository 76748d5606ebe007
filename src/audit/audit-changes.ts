import type { AuditChanges } from './audit-entry.entity';

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) return null;
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/**
 * `{ field: { from, to } }` for the given fields whose values really differ between two
 * states (deep comparison for addresses and tag lists; dates compared as instants).
 */
export function diffChanges<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of fields) {
    if (!sameValue(before[field], after[field])) {
      changes[field] = { from: normalise(before[field]), to: normalise(after[field]) };
    }
  }
  return changes;
}
