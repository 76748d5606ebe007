import Papa from 'papaparse';

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The uploaded bytes are not UTF-8 text (a spreadsheet, an image, a Latin-1 file...). */
export class NotCsvError extends Error {}

/**
 * The delimiter of a CSV, from its first line (outside quotes): whichever of `,` `;` tab occurs
 * most; `,` when none does (a one-column file).
 */
export function detectDelimiter(start: string): CsvDelimiter {
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of start.startsWith('\uFEFF') ? start.slice(1) : start) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const delimiter of CSV_DELIMITERS) {
    if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  }
  return best;
}

/**
 * UTF-8 text from byte chunks, chunk boundaries inside a character handled, BOM dropped.
 * Throws NotCsvError on bytes that are not UTF-8 or on NUL bytes (binary files).
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const check = (text: string): string => {
    if (text.includes('\u0000')) throw new NotCsvError('The file contains binary data.');
    return text;
  };
  try {
    for await (const chunk of chunks) {
      const text = check(decoder.decode(chunk, { stream: true }));
      if (text) yield text;
    }
    const rest = check(decoder.decode());
    if (rest) yield rest;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA')
      throw new NotCsvError('The file is not UTF-8 text.');
    throw error;
  }
}

export interface CsvRecord {
  /** The row number a spreadsheet shows (the header is row 1; a multi-line cell is one row). */
  row: number;
  cells: string[];
}

/** Quoting papaparse could not make sense of: the rows after it would come out wrong. */
export class MalformedCsvError extends Error {
  constructor(
    readonly row: number,
    readonly reason: 'MissingQuotes' | 'InvalidQuotes',
    message: string,
  ) {
    super(message);
  }
}

/** Longer than any valid customer row: a longer quoted one is a quote eating the file. */
export const MAX_ROW_CHARS = 1024 * 1024;

/** Characters handed to the parser at a time (~1,600 short rows, ~2 ms). */
const PARSE_SLICE_CHARS = 64 * 1024;

/** papaparse's own guess: the line ending that occurs first outside quoted cells. */
function guessNewline(text: string): '\r\n' | '\n' | '\r' {
  const unquoted = text.slice(0, MAX_ROW_CHARS).replace(/"[^]*?"/g, '');
  const cr = unquoted.indexOf('\r');
  const lf = unquoted.indexOf('\n');
  if (cr === -1 || (lf !== -1 && lf < cr)) return '\n';
  return unquoted[cr + 1] === '\n' ? '\r\n' : '\r';
}

function quoteProblem(error: Papa.ParseError, row: number): MalformedCsvError {
  return error.code === 'MissingQuotes'
    ? new MalformedCsvError(
        row,
        'MissingQuotes',
        `Row ${row} opens a quoted cell that is never closed: a " is missing.`,
      )
    : new MalformedCsvError(
        row,
        'InvalidQuotes',
        `Row ${row} has a quoted cell with text after its closing quote; write a quote inside a quoted cell as "".`,
      );
}

/**
 * Streams the records of a CSV text (never the whole file in memory), numbering them as a
 * spreadsheet would. Blank records (empty lines, or only empty cells) are counted but not
 * yielded. papaparse's Parser runs on each piece of text plus the unfinished row before it
 * (as its own stream mode does, which however drops the parse errors): quoting errors throw
 * MalformedCsvError, so an unterminated quote never silently swallows the rest of the file.
 */
export async function* readCsvRecords(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  let parser: Papa.Parser | undefined;
  let partial = '';
  let row = 0;
  function* parse(input: string, last: boolean): Generator<CsvRecord> {
    parser ??= new Papa.Parser({ delimiter, quoteChar: '"', newline: guessNewline(input) });
    const result = parser.parse(input, 0, !last) as Papa.ParseResult<string[]>;
    const rows = result.data;
    // Errors in the unfinished last row are found again when the row is complete.
    const error = result.errors.find((e) => last || (e.row ?? 0) < rows.length);
    if (error) throw quoteProblem(error, row + (error.row ?? 0) + 1);
    partial = last ? '' : input.slice(result.meta.cursor);
    for (const cells of rows) {
      row += 1;
      if (cells.every((cell) => cell === '')) continue;
      yield { row, cells };
    }
    // An unfinished row this long is a quote that is never closed: stop rather than re-parse
    // the rest of the file as one growing cell. (A long unquoted line is bounded by the size limit.)
    if (partial.length > MAX_ROW_CHARS && partial.includes('"')) {
      throw new MalformedCsvError(
        row + 1,
        'MissingQuotes',
        `Row ${row + 1} is over ${MAX_ROW_CHARS} characters long: a quoted cell is never closed (a " is missing).`,
      );
    }
  }
  let pending = '';
  for await (const received of text) {
    // Parsed a slice at a time: one Parser call on a megabyte would hold the thread (and the
    // records of the whole megabyte) at once.
    for (let start = 0; start < received.length; start += PARSE_SLICE_CHARS) {
      pending += received.slice(start, start + PARSE_SLICE_CHARS);
      // The line ending is guessed once a line is complete, or the text ends
      // (a CR needs the character after it: CRLF or CR alone).
      if (!parser && !/\n|\r[^]/.test(pending) && pending.length < MAX_ROW_CHARS) continue;
      yield* parse(partial + pending, false);
      pending = '';
    }
  }
  if (partial + pending !== '') yield* parse(partial + pending, true);
}
