import { ProblemException } from '../problem/problem.exception';

/**
 * Opaque keyset cursors: the sort key values of the last row of a page, base64url JSON.
 * Clients pass them back untouched; a tampered or foreign cursor is a 400, never a 500.
 */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The 400 for a cursor this list did not hand out (tampered, foreign, or from another sort). */
export function invalidCursor(field = 'cursor'): ProblemException {
  return ProblemException.validation([
    { field, message: `${field} is not a cursor returned by this list (or the sort has changed)` },
  ]);
}

export function decodeCursor(cursor: string, expectedLength: number, field = 'cursor'): unknown[] {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(position) && position.length === expectedLength) return position;
  } catch {
    // fall through to the problem below
  }
  throw invalidCursor(field);
}

/** PostgreSQL's text form of a timestamptz, as cursors carry it (microseconds kept). */
export const TIMESTAMP_TEXT =
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;
