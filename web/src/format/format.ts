/** Dates, counts and audit entries as people read them. */
import type { AddressDto, AuditEntryDto, FieldChangeDto } from '@shop/customers-sdk';

const count = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => count.format(n);

const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
/** A calendar date (`2026-03-01`), shown as that day everywhere. */
export const formatDate = (isoDate: string): string =>
  dateOnly.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`));

const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "2 minutes ago", "yesterday", "just now". */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute')
      return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

export const FIELD_LABELS: Record<string, string> = {
  companyName: 'company name',
  contactName: 'contact',
  email: 'email',
  phone: 'phone',
  billingAddress: 'billing address',
  shippingAddress: 'shipping address',
  tags: 'tags',
  taxExempt: 'tax exemption',
  notes: 'notes',
  status: 'status',
  title: 'title',
  quantity: 'quantity',
  dueDate: 'due date',
};

export const WORK_ORDER_STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  in_production: 'In production',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** A changed value in words: text as is, empties as "(empty)", addresses joined. */
export function valueText(value: FieldChangeDto['from']): string {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return WORK_ORDER_STATUS_LABELS[value] ?? value;
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '(none)';
  const parts = Object.values(value).filter((part) => typeof part === 'string' && part);
  return parts.length ? parts.join(', ') : '(empty)';
}

/** What an audit entry is about, in words: "the customer", "work order #WO-000012", … */
function subjectOf(entry: AuditEntryDto): string {
  const name = (key: string): string | undefined =>
    typeof entry.metadata?.[key] === 'string' ? entry.metadata[key] : undefined;
  switch (entry.entityType) {
    case 'customer':
      return 'the customer';
    case 'work_order': {
      const number = name('number');
      return number ? `work order #${number}` : 'a work order';
    }
    case 'api_key': {
      const keyName = name('name');
      return keyName ? `the API key “${keyName}”` : 'an API key';
    }
    case 'user':
      return 'a person’s account';
    case 'import':
      return 'an import';
  }
}

/** Countries that write "City, Region Postal" on one line (the others: "Postal City"). */
const CITY_REGION_POSTAL = new Set([
  'US',
  'USA',
  'CA',
  'AU',
  'UNITED STATES',
  'CANADA',
  'AUSTRALIA',
]);

/** An address as it is written on an envelope in its country, one line per entry. */
export function addressLines(address: Partial<AddressDto>): string[] {
  const join = (parts: (string | null | undefined)[], separator: string) =>
    parts.filter((part): part is string => Boolean(part)).join(separator);
  const country = (address.country ?? '').trim().toUpperCase();
  const place = CITY_REGION_POSTAL.has(country)
    ? [join([address.city, join([address.region, address.postalCode], ' ')], ', ')]
    : [join([address.postalCode, address.city], ' '), address.region];
  return [address.line1, address.line2, ...place, address.country].filter((line): line is string =>
    Boolean(line),
  );
}

/** One timeline line: "Ana changed contact from John Smith to Sarah Johnson". */
export function describeAuditEntry(entry: AuditEntryDto): string {
  const who = entry.actor.name || 'Someone';
  const subject = subjectOf(entry);
  if (entry.action === 'updated' && entry.changes) {
    const parts = Object.entries(entry.changes).map(
      ([field, change]) =>
        `${FIELD_LABELS[field] ?? field} from ${valueText(change.from)} to ${valueText(change.to)}`,
    );
    const of = entry.entityType === 'customer' ? '' : ` of ${subject}`;
    return `${who} changed ${parts.join('; ')}${of}`;
  }
  if (entry.action.startsWith('status_')) {
    const status = WORK_ORDER_STATUS_LABELS[entry.action.slice('status_'.length)] ?? entry.action;
    return `${who} moved ${subject} to ${status}`;
  }
  switch (entry.action) {
    case 'created':
    case 'archived':
    case 'restored':
    case 'revoked':
    case 'disabled':
    case 'enabled':
      return `${who} ${entry.action} ${subject}`;
    case 'imported':
      return `${who} imported the customer from a CSV file`;
    default:
      return `${who}: ${entry.action.replace(/_/g, ' ')} (${entry.entityType.replace(/_/g, ' ')})`;
  }
}
