/**
 * A 412 on save: someone saved the customer after this edit began. What they changed (base →
 * latest), what this person changed (base → mine), and the person's edit replayed on the
 * latest version, so it can be reviewed and saved again: never a silent overwrite.
 */
import type { CustomerFormValues } from './customer-form-model';
import { ADDRESS_FIELDS, ADDRESS_LABELS } from './customer-form-model';

export interface FieldDifference {
  /** The form's field path: `contactName`, `billingAddress.city`. */
  field: string;
  label: string;
  from: string;
  to: string;
}

const LABELS: Record<string, string> = {
  companyName: 'Company name',
  contactName: 'Contact person',
  email: 'Email',
  phone: 'Phone',
  tags: 'Tags',
  taxExempt: 'Tax exempt',
  notes: 'Notes',
};

type Flat = Record<string, { label: string; value: string }>;

function flatten(values: CustomerFormValues): Flat {
  const flat: Flat = {};
  for (const key of ['companyName', 'contactName', 'email', 'phone', 'tags', 'notes'] as const)
    flat[key] = { label: LABELS[key], value: values[key].trim() };
  flat.taxExempt = { label: LABELS.taxExempt, value: values.taxExempt ? 'Yes' : 'No' };
  for (const kind of ['billingAddress', 'shippingAddress'] as const)
    for (const field of ADDRESS_FIELDS)
      flat[`${kind}.${field}`] = {
        label: `${kind === 'billingAddress' ? 'Billing' : 'Shipping'}: ${ADDRESS_LABELS[field]}`,
        value: values[kind][field].trim(),
      };
  return flat;
}

export function differences(
  before: CustomerFormValues,
  after: CustomerFormValues,
): FieldDifference[] {
  const a = flatten(before);
  const b = flatten(after);
  return Object.keys(a)
    .filter((field) => a[field].value !== b[field].value)
    .map((field) => ({ field, label: a[field].label, from: a[field].value, to: b[field].value }));
}

function setField(
  values: CustomerFormValues,
  field: string,
  from: CustomerFormValues,
): CustomerFormValues {
  const [head, tail] = field.split('.') as [keyof CustomerFormValues, string | undefined];
  if (tail && (head === 'billingAddress' || head === 'shippingAddress')) {
    const address = {
      ...values[head],
      [tail]: from[head][tail as keyof CustomerFormValues['billingAddress']],
    };
    return { ...values, [head]: address };
  }
  return { ...values, [head]: from[head] };
}

/** The latest version with this person's own changes (base → mine) applied on top. */
export function reapply(
  base: CustomerFormValues,
  mine: CustomerFormValues,
  latest: CustomerFormValues,
): CustomerFormValues {
  let result = latest;
  for (const change of differences(base, mine)) result = setField(result, change.field, mine);
  return result;
}

/** Fields both changed, to different values: the person should look at these first. */
export function collisions(
  base: CustomerFormValues,
  mine: CustomerFormValues,
  latest: CustomerFormValues,
): string[] {
  const theirs = new Map(differences(base, latest).map((d) => [d.field, d.to]));
  return differences(base, mine)
    .filter((d) => theirs.has(d.field) && theirs.get(d.field) !== d.to)
    .map((d) => d.field);
}
