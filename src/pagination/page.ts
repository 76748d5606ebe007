import { encodeCursor } from './cursor';

/** One page of a keyset-paged list: `nextCursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * The page from `limit + 1` rows read in list order: the extra row only tells that a next page
 * exists; the cursor is the position of the page's last row.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (last: T) => readonly unknown[],
): Page<T> {
  const data = rows.slice(0, limit);
  return {
    data,
    nextCursor: rows.length > limit ? encodeCursor(positionOf(data[data.length - 1])) : null,
  };
}
