import type { ImportField } from './import-columns';

const TRUE = new Set(['true', 'yes', 'y', '1', 'x']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** Undoes the export's formula neutralisation (`'=1+2` was exported for `=1+2`). */
export function unneutralise(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

function cellValue(field: ImportField, raw: string): unknown {
  const cell = unneutralise(raw);
  if (field === 'taxExempt') {
    const word = cell.trim().toLowerCase();
    if (TRUE.has(word)) return true;
    if (FALSE.has(word)) return false;
    return cell; // left as text: validation reports it
  }
  if (field === 'tags') {
    return cell
      .split(/[,;|]/)
      .map((tag) => tag.trim())
      .filter(Boolean);
  }
  return cell;
}

/**
 * A CSV record as the request body POST /customers would receive: empty cells are absent,
 * address columns fill nested objects, "yes"/"no" become booleans, tags are split on , ; or |.
 */
export function recordToCustomerInput(
  cells: readonly string[],
  fields: readonly (ImportField | null)[],
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const nested: Record<string, Record<string, string>> = {};
  fields.forEach((field, i) => {
    const cell = cells[i];
    if (!field || cell === undefined || cell.trim() === '') return;
    const dot = field.indexOf('.');
    if (dot === -1) {
      input[field] = cellValue(field, cell);
    } else {
      const parent = field.slice(0, dot);
      const group = (nested[parent] ??= {});
      group[field.slice(dot + 1)] = unneutralise(cell);
      input[parent] = group;
    }
  });
  return input;
}

/** The column (as uploaded) a validation error's field path points at. */
export function columnForField(
  fieldPath: string,
  header: readonly string[],
  fields: readonly (ImportField | null)[],
): string | null {
  const exact = fields.indexOf(fieldPath as ImportField);
  if (exact !== -1) return header[exact];
  // `tags.0` → the tags column; `billingAddress` → its first column.
  const prefix = fields.findIndex(
    (field) =>
      field !== null && (fieldPath.startsWith(`${field}.`) || field.startsWith(`${fieldPath}.`)),
  );
  return prefix === -1 ? null : header[prefix];
}
