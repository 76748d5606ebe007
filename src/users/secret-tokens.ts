import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token (session ids, one-time links) and the SHA-256 that is stored. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
