import { ProblemException } from '../problem/problem.exception';
import { UUID } from '../validation/uuid';

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

/** PostgreSQL's text form of a timestamptz, as cursors carry it (microseconds kept). */
export const TIMESTAMP_TEXT =
  /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/;

/** What one value of a cursor must be to be a position this list handed out. */
export type CursorPart<T> = (value: unknown) => value is T;

/** The checks cursors are built from. */
export const cursorPart = {
  /**
   * A timestamptz as PostgreSQL's text (read the column `::text`): a JavaScript Date keeps
   * milliseconds only, so a cursor made from one would skip rows later in the same millisecond.
   */
  timestamp: (value: unknown): value is string =>
    typeof value === 'string' && TIMESTAMP_TEXT.test(value),
  uuid: (value: unknown): value is string => typeof value === 'string' && UUID.test(value),
  /** A bigint (a sequence) carried as text, since JSON numbers lose precision past 2^53. */
  bigintText: (value: unknown): value is string =>
    typeof value === 'string' && /^\d{1,19}$/.test(value),
  integer: (value: unknown): value is number => Number.isSafeInteger(value),
  text:
    (maxLength: number) =>
    (value: unknown): value is string =>
      typeof value === 'string' && value.length <= maxLength,
  /** What the cursor is bound to (the sort, a hash of the filters): another list's is refused. */
  exactly:
    <const T extends string>(expected: T) =>
    (value: unknown): value is T =>
      value === expected,
} as const;

/**
 * Reads a cursor back into its typed position, checking every value, so a repository only
 * ever receives a position it could have handed out.
 */
export function decodeCursor<const T extends readonly unknown[]>(
  cursor: string,
  parts: { readonly [K in keyof T]: CursorPart<T[K]> },
  field = 'cursor',
): T {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor(field);
  }
  if (
    !Array.isArray(position) ||
    position.length !== parts.length ||
    !parts.every((isPart, i) => isPart(position[i]))
  )
    throw invalidCursor(field);
  return position as unknown as T;
}
