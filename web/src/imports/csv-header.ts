/**
 * The header row of a picked CSV, read in the browser before upload, so unknown columns can
 * be mapped. The aliases are the service's own (src/imports/import-columns.ts): one home.
 */
import {
  fieldForHeader,
  IMPORT_FIELDS,
  type ImportField,
  REQUIRED_FIELDS,
} from '../../../src/imports/import-columns';

export { IMPORT_FIELDS, REQUIRED_FIELDS, type ImportField };

/** The first record's cells: quotes handled, the delimiter guessed as the service does (, ; tab). */
export function parseHeaderLine(text: string): string[] {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let end = start;
  let quoted = false;
  for (; end < text.length; end++) {
    const char = text[end];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
  }
  const line = text.slice(start, end);
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0][0];
  const cells: string[] = [];
  let cell = '';
  quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells.filter((c, i) => c !== '' || i < cells.length - 1);
}

export interface HeaderColumn {
  header: string;
  /** What the service recognises it as, or undefined. */
  known: ImportField | undefined;
}

export function resolveColumns(headers: string[]): HeaderColumn[] {
  return headers.map((header) => ({ header, known: fieldForHeader(header) }));
}

/** Required fields neither recognised nor mapped. */
export function missingRequired(
  columns: HeaderColumn[],
  mapping: Record<string, ImportField>,
): ImportField[] {
  const covered = new Set<ImportField>([
    ...columns.flatMap((c) => (c.known ? [c.known] : [])),
    ...Object.values(mapping),
  ]);
  return REQUIRED_FIELDS.filter((field) => !covered.has(field));
}

export const FIELD_LABELS: Record<string, string> = {
  companyName: 'Company name',
  contactName: 'Contact person',
  email: 'Email',
  phone: 'Phone',
  taxExempt: 'Tax exempt',
  tags: 'Tags',
  notes: 'Notes',
};

export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const [kind, part] = field.split('.');
  return `${kind === 'billingAddress' ? 'Billing' : 'Shipping'} ${part.replace(/([A-Z])/g, ' $1').toLowerCase()}`;
}
