import type { MultipartFile, Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { BodyDigest, recordBodyDigest } from '../idempotency/streamed-body';
import { ProblemException } from '../problem/problem.exception';
import type { UploadedCsv } from './imports.service';
import { importProblems } from './import-problems';

function notMultipart(): ProblemException {
  return new ProblemException({
    status: 415,
    code: 'unsupported_media_type',
    detail: 'Upload the CSV as multipart/form-data with the file in a field named "file".',
  });
}

function fieldValue(part: Multipart): string {
  return typeof part.value === 'string' ? part.value : String(part.value);
}

/**
 * The `file` part of a multipart upload, as a stream (never buffered), and the form fields
 * sent before it. A part after the file (an option sent too late) is refused once the file is
 * read, so an option is never silently ignored. At the end the body's digest is recorded for
 * the Idempotency-Key.
 */
export async function readCsvUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ file: UploadedCsv; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw notMultipart();
  const parts = request.parts()[Symbol.asyncIterator]();
  const digest = new BodyDigest();
  const fields: Record<string, string> = {};
  for (let next = await parts.next(); !next.done; next = await parts.next()) {
    const part = next.value;
    if (part.type === 'field') {
      fields[part.fieldname] = fieldValue(part);
      digest.addField(part.fieldname, fields[part.fieldname]);
      continue;
    }
    if (part.fieldname !== 'file') break;
    digest.startFile(part.fieldname, part.filename);
    const content = fileThenEnd(part, parts, maxBytes, digest, request);
    return { file: { fileName: part.filename || 'upload.csv', content }, fields };
  }
  throw ProblemException.validation([
    { field: 'file', message: 'a file in the multipart field "file" is required' },
  ]);
}

/**
 * The file's bytes; a file cut off at the size limit ends in a 413 instead of looking
 * complete, and any part after it in a 400.
 */
async function* fileThenEnd(
  part: MultipartFile,
  parts: AsyncIterator<Multipart>,
  maxBytes: number,
  digest: BodyDigest,
  request: FastifyRequest,
): AsyncGenerator<Buffer> {
  for await (const chunk of part.file) {
    digest.addBytes(chunk as Buffer);
    yield chunk as Buffer;
  }
  if (part.file.truncated) {
    throw new ProblemException({
      status: 413,
      code: 'payload_too_large',
      detail: `The file is over the size limit of ${maxBytes} bytes.`,
      extensions: { maxBytes },
    });
  }
  const after = await parts.next();
  if (!after.done) {
    const name = after.value.fieldname;
    throw importProblems.optionAfterFile.exception(name);
  }
  recordBodyDigest(request, digest.hex());
}

/**
 * The digest of an upload's body, reading it to the end without storing it: a retry with an
 * Idempotency-Key is compared with the first request by it (see readCsvUpload).
 */
export async function digestCsvUpload(request: FastifyRequest): Promise<string> {
  if (!request.isMultipart()) throw notMultipart();
  const digest = new BodyDigest();
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      digest.addField(part.fieldname, fieldValue(part));
    } else {
      digest.startFile(part.fieldname, part.filename);
      for await (const chunk of part.file) digest.addBytes(chunk as Buffer);
    }
  }
  return digest.hex();
}
