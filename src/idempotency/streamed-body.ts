import { createHash, type Hash } from 'node:crypto';

/**
 * SHA-256 over a multipart body's parts in order, as a handler reads them: each field's name
 * and value, each file's field name, file name and the SHA-256 of its bytes.
 */
export class BodyDigest {
  private readonly hash: Hash = createHash('sha256');
  private file: Hash | undefined;

  addField(name: string, value: string): void {
    this.endFile();
    this.hash.update(`field ${JSON.stringify(name)} ${JSON.stringify(value)}\n`, 'utf8');
  }

  startFile(name: string, fileName: string): void {
    this.endFile();
    this.hash.update(`file ${JSON.stringify(name)} ${JSON.stringify(fileName)} `, 'utf8');
    this.file = createHash('sha256');
  }

  addBytes(chunk: Buffer): void {
    this.file?.update(chunk);
  }

  hex(): string {
    this.endFile();
    return this.hash.digest('hex');
  }

  private endFile(): void {
    if (!this.file) return;
    this.hash.update(`${this.file.digest('hex')}\n`, 'utf8');
    this.file = undefined;
  }
}

const digests = new WeakMap<object, string>();

/** Called by a handler that read a streamed body to the end: what its Idempotency-Key covers. */
export function recordBodyDigest(request: object, digest: string): void {
  digests.set(request, digest);
}

export function bodyDigestOf(request: object): string | undefined {
  return digests.get(request);
}
