import { customerFieldsFrom } from '../customers/customer-rules';
import type { CustomerFields } from '../customers/customers.repository';
import type { CsvRecord } from './csv-reader';
import type { CustomerImport } from './customer-import.entity';
import { columnForField, recordToCustomerInput } from './import-row';
import { validateCustomerInput } from './import-row-validator';

/** Why a row was not imported, pointing at the file's column and cell. */
export interface RowProblem {
  column: string | null;
  value: string | null;
  code: string;
  message: string;
}

/** A row that passed validation: the customer it describes. */
export interface ValidRow {
  kind: 'valid';
  record: CsvRecord;
  customer: CustomerFields;
  /** Lower-cased. */
  email: string;
}

export interface FailedRow {
  kind: 'failed';
  record: CsvRecord;
  problems: RowProblem[];
}

export type RowOutcome = ValidRow | FailedRow;

/** The part of an import that says how its file's columns map to customer fields. */
export type ImportColumns = Pick<CustomerImport, 'header' | 'columnFields'>;

function cellOf(job: ImportColumns, record: CsvRecord, column: string | null): string | null {
  const index = column === null ? -1 : job.header.indexOf(column);
  return index === -1 ? null : (record.cells[index] ?? null);
}

/** A row checked as POST /customers would check it (in-file duplicates come later). */
export function validateRecord(job: ImportColumns, record: CsvRecord): RowOutcome {
  const input = recordToCustomerInput(record.cells, job.columnFields);
  const { customer, problems } = validateCustomerInput(input);
  if (!customer) {
    return {
      kind: 'failed',
      record,
      problems: problems.map((problem) => {
        const column = columnForField(problem.field, job.header, job.columnFields);
        return {
          column,
          value: cellOf(job, record, column),
          code: problem.code,
          message: problem.message,
        };
      }),
    };
  }
  const fields = customerFieldsFrom(customer);
  return { kind: 'valid', record, customer: fields, email: String(customer.email).toLowerCase() };
}

/**
 * A valid row failed on its email: the problem points at the file's email column, and shows
 * the cell as uploaded (`cell`) or the email as compared (`email`, lower-cased).
 */
export function failOnEmail(
  job: ImportColumns,
  row: ValidRow,
  problem: { code: string; message: string },
  show: 'cell' | 'email',
): FailedRow {
  const column = columnForField('email', job.header, job.columnFields);
  const value = show === 'email' ? row.email : cellOf(job, row.record, column);
  return { kind: 'failed', record: row.record, problems: [{ column, value, ...problem }] };
}

/**
 * Rows validated between two turns of the event loop (well under a millisecond of CPU): the
 * replies to the previous batch's queries wait at most that long for this thread.
 */
const VALIDATE_ROWS_PER_TURN = 25;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Validates a batch, giving the event loop a turn every few rows: the previous batch's
 * queries get their replies handled promptly, and on the embedded database (every query in
 * this thread) waiting API requests get in.
 */
export async function validateRecords(
  job: ImportColumns,
  records: readonly CsvRecord[],
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const record of records) {
    outcomes.push(validateRecord(job, record));
    if (outcomes.length % VALIDATE_ROWS_PER_TURN === 0) await yieldToEventLoop();
  }
  return outcomes;
}
