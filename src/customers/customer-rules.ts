/**
 * Pure rules for customer input: normalisation of email, phone and tags, and the search
 * pattern. Shared by the API and the CSV import, so both store the same values.
 */

export const PHONE_MAX_LENGTH = 40;
const PHONE_MIN_DIGITS = 3;
const PHONE_MAX_DIGITS = 20;
export const TAGS_MAX = 20;
export const TAG_MAX_LENGTH = 50;
export const SEARCH_MAX_LENGTH = 100;

/** Trimmed and lower-cased: emails compare case-insensitively everywhere. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// The number: digits and the punctuation people write around them; then an optional
// extension ("ext. 7", "x12", "extension 3").
const PHONE = /^\+?[0-9 ()./-]+?(?:\s*(?:ext\.?|extension|x|#)\s*[0-9]{1,6})?$/i;

/**
 * Why a phone number as written is unacceptable, or null when it is fine. Letters are
 * refused except an extension marker; lengths must be plausible.
 */
export function phoneProblem(phone: string): string | null {
  const value = phone.trim();
  if (value.length === 0) return 'phone must not be empty (omit it or send null)';
  if (value.length > PHONE_MAX_LENGTH)
    return `phone must be at most ${PHONE_MAX_LENGTH} characters`;
  if (!PHONE.test(value))
    return 'phone may contain only digits, spaces, + ( ) . / - and an extension such as "ext. 7"';
  const digits = value.replace(/[^0-9]/g, '').length;
  if (digits < PHONE_MIN_DIGITS || digits > PHONE_MAX_DIGITS)
    return `phone must have between ${PHONE_MIN_DIGITS} and ${PHONE_MAX_DIGITS} digits`;
  return null;
}

export function phoneDigits(phone: string): string {
  return phone.replace(/[^0-9]/g, '');
}

/** Trimmed, empties dropped, duplicates (case-insensitive) removed keeping the first spelling. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    const key = tag.toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      result.push(tag);
    }
  }
  return result;
}

/** Escapes LIKE wildcards so `%`, `_` and `\` in a search are literal (default escape `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * What a search looks for in the lower-cased search column: the term itself and, when it
 * looks like a phone number ("555-0123", "(555) 0123"), also its digits, which is how phones
 * are stored for search ("7-11" still finds "7-11 Signs"). Null when the term is blank.
 */
export function searchTerms(term: string): string[] | null {
  const text = term.trim().toLowerCase();
  if (!text) return null;
  if (/^[+()0-9 .-]+$/.test(text) && /[0-9]/.test(text)) {
    const digits = phoneDigits(text);
    if (digits !== text) return [text, digits];
  }
  return [text];
}

/** The LIKE pattern matching a search term anywhere (its `%`, `_` and `\` literal). */
export function containsPattern(term: string): string {
  return `%${escapeLike(term)}%`;
}

export interface AddressInput {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

export interface CustomerInput {
  companyName: string;
  contactName: string;
  email: string;
  phone?: string | null;
  billingAddress?: AddressInput | null;
  shippingAddress?: AddressInput | null;
  taxExempt?: boolean;
  notes?: string | null;
  tags?: string[];
}

const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;

/** All six parts (missing ones null), or null when every part is blank. */
export function normaliseAddress(
  address: AddressInput | null | undefined,
): Required<AddressInput> | null {
  if (!address) return null;
  const parts = Object.fromEntries(
    ADDRESS_PARTS.map((part) => [part, address[part]?.trim() || null]),
  ) as Required<AddressInput>;
  return ADDRESS_PARTS.some((part) => parts[part] !== null) ? parts : null;
}

/**
 * The stored form of a validated customer input (a full state: what is absent is cleared).
 * Pure, so the CSV import stores exactly what the API would.
 */
export function customerFieldsFrom(input: CustomerInput) {
  return {
    companyName: input.companyName.trim(),
    contactName: input.contactName.trim(),
    email: normaliseEmail(input.email),
    phone: input.phone?.trim() || null,
    billingAddress: normaliseAddress(input.billingAddress),
    shippingAddress: normaliseAddress(input.shippingAddress),
    taxExempt: input.taxExempt ?? false,
    notes: input.notes?.trim() || null,
    tags: normaliseTags(input.tags ?? []),
  };
}

/** The ETag of a version: a strong validator. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Whether an If-Match header allows writing over `version`. No header: yes (the client opted
 * out of the check). `*` matches any; otherwise one of the listed tags must be this version.
 * If-Match uses the strong comparison (RFC 9110 §13.1.1): a weak tag `W/"3"` never matches.
 */
export function ifMatchAllows(header: string | undefined, version: number): boolean {
  if (header === undefined) return true;
  const tags = header.split(',').map((tag) => tag.trim());
  if (tags.includes('*')) return true;
  return tags.includes(etagOf(version));
}
