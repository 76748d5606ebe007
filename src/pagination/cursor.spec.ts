import { ProblemException } from '../problem/problem.exception';
import { cursorPart, decodeCursor, encodeCursor } from './cursor';
import { pageOf } from './page';

const ID = '0b6f4bde-8a5e-4f43-9a39-6c1f1d6f1a2b';
const AT = '2026-03-01 10:00:00.000123+00';
const PARTS = [cursorPart.timestamp, cursorPart.uuid] as const;

function problemOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error instanceof ProblemException ? error.problem : error;
  }
  throw new Error('expected a problem');
}

describe('keyset cursors', () => {
  it('give back the position they were made from, microseconds included', () => {
    expect(decodeCursor(encodeCursor([AT, ID]), PARTS)).toEqual([AT, ID]);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['not an array', encodeCursor({ at: AT } as unknown as unknown[])],
    ['too short', encodeCursor([AT])],
    ['too long', encodeCursor([AT, ID, 1])],
    ['a millisecond Date in place of the timestamp text', encodeCursor([Date.parse(AT), ID])],
    ['a malformed id', encodeCursor([AT, 'not-a-uuid'])],
  ])('refuse %s with a 400 naming the field', (_, cursor) => {
    expect(problemOf(() => decodeCursor(cursor, PARTS, 'cursor'))).toMatchObject({
      status: 400,
      code: 'validation_failed',
      errors: [{ field: 'cursor' }],
    });
  });

  it('are bound to their list: another sort or filter is refused', () => {
    const parts = [cursorPart.exactly('companyName'), cursorPart.uuid] as const;
    expect(decodeCursor(encodeCursor(['companyName', ID]), parts)).toEqual(['companyName', ID]);
    expect(problemOf(() => decodeCursor(encodeCursor(['-companyName', ID]), parts))).toMatchObject({
      status: 400,
    });
  });

  it('check integers, bigint text and bounded text', () => {
    expect(cursorPart.integer(3)).toBe(true);
    expect(cursorPart.integer(3.5)).toBe(false);
    expect(cursorPart.bigintText('9223372036854775807')).toBe(true);
    expect(cursorPart.bigintText(42)).toBe(false);
    expect(cursorPart.text(3)('abc')).toBe(true);
    expect(cursorPart.text(3)('abcd')).toBe(false);
  });
});

describe('a page from limit + 1 rows', () => {
  it('has a cursor at its last row when the extra row exists', () => {
    const page = pageOf([1, 2, 3], 2, (last) => [last]);
    expect(page.data).toEqual([1, 2]);
    expect(page.nextCursor).toBe(encodeCursor([2]));
  });

  it('has no cursor on the last page', () => {
    expect(pageOf([1, 2], 2, (last) => [last])).toEqual({ data: [1, 2], nextCursor: null });
  });
});
