import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from '../problem/problem.exception';
import type { UploadedCsv } from './imports.service';

/**
 * The `file` part of a multipart upload, as a stream (never buffered), and the form fields
 * sent before it.
 */
export async function readCsvUpload(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ file: UploadedCsv; fields: Record<string, string> }> {
  if (!request.isMultipart()) {
    throw new ProblemException({
      status: 415,
      code: 'unsupported_media_type',
      detail: 'Upload the CSV as multipart/form-data with the file in a field named "file".',
    });
  }
  const part: MultipartFile | undefined = await request.file();
  if (!part || part.fieldname !== 'file') {
    throw ProblemException.validation([
      { field: 'file', message: 'a file in the multipart field "file" is required' },
    ]);
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(part.fields)) {
    const field = Array.isArray(value) ? value[0] : value;
    if (field && field.type === 'field' && typeof field.value === 'string') {
      fields[name] = field.value;
    }
  }
  return {
    file: { fileName: part.filename || 'upload.csv', content: limited(part, maxBytes) },
    fields,
  };
}

/** The file's bytes; a file cut off at the size limit ends in a 413 instead of looking complete. */
async function* limited(part: MultipartFile, maxBytes: number): AsyncGenerator<Buffer> {
  for await (const chunk of part.file) yield chunk as Buffer;
  if (part.file.truncated) {
    throw new ProblemException({
      status: 413,
      code: 'payload_too_large',
      detail: `The file is over the size limit of ${maxBytes} bytes.`,
      extensions: { maxBytes },
    });
  }
}
