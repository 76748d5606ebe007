/**
 * The CSV columns an import understands (and an export writes), their header aliases, and how
 * an uploaded header row resolves to them.
 */
export const ADDRESS_PARTS = ['line1', 'line2', 'city', 'region', 'postalCode', 'country'] as const;
type AddressPart = (typeof ADDRESS_PARTS)[number];

export type ImportField =
  | 'companyName'
  | 'contactName'
  | 'email'
  | 'phone'
  | 'taxExempt'
  | 'tags'
  | 'notes'
  | `billingAddress.${AddressPart}`
  | `shippingAddress.${AddressPart}`;

export const REQUIRED_FIELDS: readonly ImportField[] = ['companyName', 'contactName', 'email'];

const ADDRESS_LABELS: Record<AddressPart, string> = {
  line1: 'Line 1',
  line2: 'Line 2',
  city: 'City',
  region: 'Region',
  postalCode: 'Postal Code',
  country: 'Country',
};

/** Column order and header of an export: importing an export gives back the same customers. */
export const EXPORT_COLUMNS: readonly { field: ImportField; header: string }[] = [
  { field: 'companyName', header: 'Company Name' },
  { field: 'contactName', header: 'Contact Name' },
  { field: 'email', header: 'Email' },
  { field: 'phone', header: 'Phone' },
  { field: 'taxExempt', header: 'Tax Exempt' },
  { field: 'tags', header: 'Tags' },
  { field: 'notes', header: 'Notes' },
  ...(['billing', 'shipping'] as const).flatMap((kind) =>
    ADDRESS_PARTS.map((part) => ({
      field: `${kind}Address.${part}` as ImportField,
      header: `${kind === 'billing' ? 'Billing' : 'Shipping'} ${ADDRESS_LABELS[part]}`,
    })),
  ),
];

export const IMPORT_FIELDS: readonly ImportField[] = EXPORT_COLUMNS.map((c) => c.field);

/** Header text reduced to letters and digits, lower-cased: "E-mail" and "e_mail" both → "email". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const ALIASES: Record<string, ImportField> = {};
function alias(field: ImportField, ...headers: string[]): void {
  for (const header of headers) ALIASES[headerKey(header)] = field;
}
alias('companyName', 'Company', 'Company Name', 'company_name', 'Business', 'Business Name');
alias('contactName', 'Contact', 'Contact Person', 'Contact Name', 'Name');
alias('email', 'Email', 'E-mail', 'Email Address', 'E-mail Address', 'Mail');
alias('phone', 'Phone', 'Phone Number', 'Tel', 'Telephone');
alias('taxExempt', 'Tax Exempt', 'Tax-exempt');
alias('tags', 'Tags', 'Tag');
alias('notes', 'Notes', 'Note', 'Comments');
for (const kind of ['billing', 'shipping'] as const) {
  for (const part of ADDRESS_PARTS) {
    const field = `${kind}Address.${part}` as ImportField;
    alias(field, `${kind} ${ADDRESS_LABELS[part]}`, `${kind}Address.${part}`);
  }
  alias(`${kind}Address.line1`, `${kind} Address`, `${kind} Street`);
  alias(`${kind}Address.postalCode`, `${kind} Zip`, `${kind} Postcode`, `${kind} Postal`);
  alias(`${kind}Address.region`, `${kind} State`);
}
for (const field of IMPORT_FIELDS) ALIASES[headerKey(field)] = field;

export function fieldForHeader(header: string): ImportField | undefined {
  return ALIASES[headerKey(header)];
}

export interface ResolvedHeader {
  /** For each column index: the field it fills, or null (ignored). */
  fields: (ImportField | null)[];
  /** Header cells that match no field (blank trailing headers are not listed). */
  unknownColumns: string[];
  missingRequired: ImportField[];
  /** Fields that two or more columns claim. */
  duplicated: { field: ImportField; columns: string[] }[];
}

/**
 * Resolves an uploaded header row: an explicit mapping (header text → field, compared like
 * aliases) wins over the built-in aliases.
 */
export function resolveHeader(
  header: readonly string[],
  mapping: Readonly<Record<string, ImportField>> = {},
): ResolvedHeader {
  const explicit = new Map(Object.entries(mapping).map(([h, f]) => [headerKey(h), f]));
  const fields = header.map(
    (cell) => explicit.get(headerKey(cell)) ?? fieldForHeader(cell) ?? null,
  );
  const unknownColumns = header.filter((cell, i) => fields[i] === null && cell.trim() !== '');
  const columnsByField = new Map<ImportField, string[]>();
  fields.forEach((field, i) => {
    if (field) columnsByField.set(field, [...(columnsByField.get(field) ?? []), header[i]]);
  });
  return {
    fields,
    unknownColumns,
    missingRequired: REQUIRED_FIELDS.filter((field) => !columnsByField.has(field)),
    duplicated: [...columnsByField]
      .filter(([, columns]) => columns.length > 1)
      .map(([field, columns]) => ({ field, columns })),
  };
}
