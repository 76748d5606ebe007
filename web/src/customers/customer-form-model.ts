/**
 * The customer form's state, its client-side checks (the contract's rules, so most mistakes
 * are caught before a round trip; the server stays the judge) and its conversion to and from
 * the API's shapes.
 */
import type {
  AddressDto,
  AddressInputDto,
  CreateCustomerDto,
  CustomerDto,
} from '@shop/customers-sdk';

export const ADDRESS_FIELDS = [
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
export type AddressValues = Record<AddressField, string>;

export const ADDRESS_LABELS: Record<AddressField, string> = {
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  region: 'State / region',
  postalCode: 'Postal code',
  country: 'Country',
};

const ADDRESS_MAX: Record<AddressField, number> = {
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 100,
};

export interface CustomerFormValues {
  companyName: string;
  contactName: string;
  email: string;
  phone: string;
  billingAddress: AddressValues;
  shippingAddress: AddressValues;
  /** Comma-separated, as typed. */
  tags: string;
  taxExempt: boolean;
  notes: string;
}

/** Errors by the API's field paths (`email`, `billingAddress.city`, `tags`). */
export type FieldErrors = Record<string, string>;

const emptyAddress = (): AddressValues => ({
  line1: '',
  line2: '',
  city: '',
  region: '',
  postalCode: '',
  country: '',
});

export function emptyCustomerForm(): CustomerFormValues {
  return {
    companyName: '',
    contactName: '',
    email: '',
    phone: '',
    billingAddress: emptyAddress(),
    shippingAddress: emptyAddress(),
    tags: '',
    taxExempt: false,
    notes: '',
  };
}

function addressValues(address: AddressDto | null): AddressValues {
  const values = emptyAddress();
  if (address) for (const field of ADDRESS_FIELDS) values[field] = address[field] ?? '';
  return values;
}

export function customerToForm(customer: CustomerDto): CustomerFormValues {
  return {
    companyName: customer.companyName,
    contactName: customer.contactName,
    email: customer.email,
    phone: customer.phone ?? '',
    billingAddress: addressValues(customer.billingAddress),
    shippingAddress: addressValues(customer.shippingAddress),
    tags: customer.tags.join(', '),
    taxExempt: customer.taxExempt,
    notes: customer.notes ?? '',
  };
}

/** Tags as the API keeps them: trimmed, empties dropped, duplicates (any case) removed. */
export function parseTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const raw of text.split(',')) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  return tags;
}

function addressInput(values: AddressValues): AddressInputDto | null {
  const input: AddressInputDto = {};
  let any = false;
  for (const field of ADDRESS_FIELDS) {
    const value = values[field].trim();
    input[field] = value || null;
    if (value) any = true;
  }
  return any ? input : null;
}

/** The full state as the API takes it (POST, and PUT/PATCH with every field). */
export function formToCustomerInput(values: CustomerFormValues): CreateCustomerDto {
  return {
    companyName: values.companyName.trim(),
    contactName: values.contactName.trim(),
    email: values.email.trim().toLowerCase(),
    phone: values.phone.trim() || null,
    billingAddress: addressInput(values.billingAddress),
    shippingAddress: addressInput(values.shippingAddress),
    tags: parseTags(values.tags),
    taxExempt: values.taxExempt,
    notes: values.notes.trim() || null,
  };
}

// The service's own rule (customer-rules.ts): digits and the punctuation around them, then an
// optional extension.
const PHONE = /^\+?[0-9 ()./-]+?(?:\s*(?:ext\.?|extension|x|#)\s*[0-9]{1,6})?$/i;
// Deliberately loose (the server's check is the strict one): something@something.tld.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateCustomerForm(values: CustomerFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const required = (field: 'companyName' | 'contactName', label: string) => {
    const value = values[field].trim();
    if (!value) errors[field] = `Enter the ${label}.`;
    else if (value.length > 200)
      errors[field] = `Use at most 200 characters (now ${value.length}).`;
  };
  required('companyName', 'company name');
  required('contactName', 'contact person');

  const email = values.email.trim();
  if (!email) errors.email = 'Enter an email address.';
  else if (email.length > 254) errors.email = 'Use at most 254 characters.';
  else if (!EMAIL.test(email)) errors.email = 'Enter an email address like name@example.com.';

  const phone = values.phone.trim();
  if (phone) {
    const digits = phone.replace(/[^0-9]/g, '').length;
    if (phone.length > 40) errors.phone = 'Use at most 40 characters.';
    else if (!PHONE.test(phone))
      errors.phone = 'Use digits, spaces and + ( ) . / - only, and an extension such as "ext. 7".';
    else if (digits < 3 || digits > 20) errors.phone = 'A phone number has 3 to 20 digits.';
  }

  for (const kind of ['billingAddress', 'shippingAddress'] as const) {
    for (const field of ADDRESS_FIELDS) {
      const value = values[kind][field].trim();
      if (value.length > ADDRESS_MAX[field])
        errors[`${kind}.${field}`] = `Use at most ${ADDRESS_MAX[field]} characters.`;
    }
  }

  const tags = parseTags(values.tags);
  if (tags.length > 20) errors.tags = `Use at most 20 tags (now ${tags.length}).`;
  else {
    const long = tags.find((tag) => tag.length > 50);
    if (long)
      errors.tags = `Each tag has at most 50 characters ("${long.slice(0, 20)}…" is longer).`;
  }
  if (values.notes.trim().length > 10_000) errors.notes = 'Use at most 10,000 characters.';
  return errors;
}

/**
 * The API's field paths in a problem (`tags.3`, `billingAddress.line1`) onto the form's
 * fields: an error about one tag belongs to the tags field.
 */
export function formFieldOf(path: string): string {
  if (path.startsWith('tags')) return 'tags';
  return path;
}
