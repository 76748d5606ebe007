import { decodeUtf8, detectDelimiter, readCsvRecords, type CsvDelimiter } from './csv-reader';

/** Bytes of the file as stored: ~1 MB pieces. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Passes the upload through unchanged while saving it in ~CHUNK_BYTES pieces (awaiting each
 * save: the upload is read no faster than it is stored). Reports the total size at the end.
 */
export async function* storeInChunks(
  source: AsyncIterable<Buffer>,
  save: (seq: number, data: Buffer) => Promise<void>,
  onEnd: (totalBytes: number) => void,
): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let pending = 0;
  let total = 0;
  let seq = 0;
  for await (const part of source) {
    parts.push(part);
    pending += part.length;
    total += part.length;
    yield part;
    if (pending >= CHUNK_BYTES) {
      await save(seq++, Buffer.concat(parts));
      parts = [];
      pending = 0;
    }
  }
  if (pending > 0) await save(seq, Buffer.concat(parts));
  onEnd(total);
}

/** Text of a CSV with its delimiter detected from the start (the header line). */
export async function detectThenRead(text: AsyncIterable<string>) {
  const iterator = text[Symbol.asyncIterator]();
  let head = '';
  let done = false;
  while (!done && !/[\r\n]/.test(head) && head.length < 65_536) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head += next.value;
  }
  const delimiter: CsvDelimiter = detectDelimiter(head);
  async function* all(): AsyncGenerator<string> {
    if (head) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      yield next.value;
    }
  }
  return { delimiter, records: readCsvRecords(all(), delimiter) };
}

/** The stored file read back, chunk by chunk, as CSV records. */
export function readStoredFile(
  readChunk: (seq: number) => Promise<Buffer | undefined>,
  delimiter: CsvDelimiter,
) {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const data = await readChunk(seq);
      if (!data) return;
      yield data;
    }
  }
  return readCsvRecords(decodeUtf8(chunks()), delimiter);
}
