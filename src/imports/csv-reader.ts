import { Readable } from 'node:stream';
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

/**
 * Streams the records of a CSV text (never the whole file in memory), numbering them as a
 * spreadsheet would. Blank records (empty lines, or only empty cells) are counted but not
 * yielded.
 */
export async function* readCsvRecords(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    delimiter,
    quoteChar: '"',
    skipEmptyLines: false,
  }) as unknown as NodeJS.ReadWriteStream & AsyncIterable<string[]>;
  const source = Readable.from(text);
  source.on('error', (error) => (parser as unknown as Readable).destroy(error));
  source.pipe(parser);
  let row = 0;
  for await (const cells of parser) {
    row += 1;
    if (cells.every((cell) => cell === '')) continue;
    yield { row, cells };
  }
}
