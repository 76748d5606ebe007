import { problemCatalogue } from '../problem/problem-catalogue';

/** `import_row_errors.column` is varchar(255); a longer "header" is not a header anyway. */
export const MAX_HEADER_CELL_CHARS = 255;

const listOf = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(', ');

/**
 * Every problem the customer import answers for a file it refuses (or a job it cannot cancel),
 * thrown by its services and shown in its contract. Problems of single rows are row errors
 * (see duplicate-policy.ts and import-row.ts), not these.
 */
export const importProblems = problemCatalogue({
  notFound: {
    status: 404,
    code: 'import_not_found',
    example: 'No import with this id.',
    occurrence: (id: string) => ({ detail: `No import with id ${id}.` }),
  },
  tooManyRows: {
    status: 413,
    code: 'too_many_rows',
    example:
      'The file has more than 100000 rows, the most one import takes. Split it into several files.',
    occurrence: (maxRows: number) => ({
      detail: `The file has more than ${maxRows} rows, the most one import takes. Split it into several files.`,
      extensions: { maxRows },
    }),
  },
  notACsv: {
    status: 415,
    code: 'not_a_csv',
    example:
      'The file is not text. Upload a CSV file saved as UTF-8 (comma, semicolon or tab separated).',
    occurrence: (why: string) => ({
      detail: `${why} Upload a CSV file saved as UTF-8 (comma, semicolon or tab separated).`,
    }),
  },
  malformedCsv: {
    status: 400,
    code: 'malformed_csv',
    example: 'Row 3 opens a quoted cell that is never closed: a " is missing.',
    occurrence: (message: string, row: number) => ({
      detail: message,
      errors: [{ field: `row ${row}`, message }],
    }),
  },
  emptyFile: {
    status: 400,
    code: 'empty_file',
    example: 'The file has a header row but no customer rows.',
    occurrence: (hasHeader: boolean) => ({
      detail: hasHeader
        ? 'The file has a header row but no customer rows.'
        : 'The file is empty: expected a header row and at least one customer row.',
    }),
  },
  headerCellTooLong: {
    status: 400,
    code: 'header_cell_too_long',
    example: 'The header row has a cell over 255 characters: is the first row really the header?',
    occurrence: (header: readonly string[], tooLong: readonly string[]) => ({
      detail: `The header row has ${tooLong.length === 1 ? 'a cell' : `${tooLong.length} cells`} over ${MAX_HEADER_CELL_CHARS} characters: is the first row really the header?`,
      errors: tooLong.map((cell) => ({
        field: `column ${header.indexOf(cell) + 1}`,
        message: `header "${cell.slice(0, 40)}…" is ${cell.length} characters long; at most ${MAX_HEADER_CELL_CHARS}`,
      })),
    }),
  },
  mappingUnknownHeader: {
    status: 400,
    code: 'mapping_unknown_header',
    example: 'The mapping names a column the file does not have: "Firma".',
    occurrence: (unmatched: readonly string[], header: readonly string[]) => ({
      detail: `The mapping names ${unmatched.length === 1 ? 'a column' : 'columns'} the file does not have: ${listOf(unmatched)}. Found: ${listOf(header)}.`,
      errors: unmatched.map((name) => ({
        field: `mapping.${name}`,
        message: `no column "${name}" in the header row`,
      })),
    }),
  },
  missingRequiredColumns: {
    status: 400,
    code: 'missing_required_columns',
    example: 'The header row lacks required columns: "email". Found: "Company", "Contact".',
    occurrence: (
      missing: readonly { field: string; aliases: readonly string[] }[],
      header: readonly string[],
    ) => ({
      detail: `The header row lacks required columns: ${listOf(missing.map((m) => m.field))}. Found: ${listOf(header)}.`,
      errors: missing.map(({ field, aliases }) => ({
        field,
        message: `no column for ${field}; name one ${listOf(aliases)} (any case), or map it with "mapping"`,
      })),
    }),
  },
  duplicateColumns: {
    status: 400,
    code: 'duplicate_columns',
    example: 'Several columns fill the same customer field.',
    occurrence: (duplicated: readonly { field: string; columns: readonly string[] }[]) => ({
      detail: 'Several columns fill the same customer field.',
      errors: duplicated.map(({ field, columns }) => ({
        field,
        message: `columns ${listOf(columns)} all fill ${field}; keep one or map them explicitly`,
      })),
    }),
  },
  optionAfterFile: {
    status: 400,
    code: 'import_option_after_file',
    example: 'The form field "dryRun" comes after the file; send options before the file part.',
    occurrence: (name: string) => ({
      detail:
        `The form field "${name}" comes after the file, where it would be read too late to apply. ` +
        'Send options as form fields before the file part, or in the query string.',
      errors: [{ field: name, message: 'must come before the "file" part' }],
    }),
  },
  finished: {
    status: 409,
    code: 'import_finished',
    example:
      'The import is already completed; only a queued or processing import can be cancelled.',
    occurrence: (status: string) => ({
      detail: `The import is already ${status}; only a queued or processing import can be cancelled.`,
      extensions: { importStatus: status },
    }),
  },
});
