import { type SdkResult, unwrap } from './problem.js';

/** A page of a cursor-paginated list. */
export interface Page<TItem> {
  data: TItem[];
  nextCursor?: string | null;
}

/**
 * A generated list operation (`listCustomers`, `listImports`, ...). `never`: any options type
 * fits, and `Parameters<TList>[0]` still gives the operation's own.
 */
type ListOperation = (options: never) => Promise<{ data?: unknown; response: Response }>;

/** What paginate needs of a list operation's options: the query it adds the cursor to. */
type ListOptions = { query?: object };

/** The item type of a list operation's pages. */
export type ItemOf<TList extends ListOperation> =
  NonNullable<Awaited<ReturnType<TList>>['data']> extends Page<infer TItem> ? TItem : never;

/**
 * Every item of a cursor-paginated list, fetching pages as the loop needs them. Either a
 * generated list operation and its options:
 *
 *   for await (const customer of paginate(listCustomers, { client, query: { search: 'Coffee' } }))
 *
 * or any function from a cursor to a page. A problem response throws a ProblemError; a cursor
 * the server already returned (a loop that would never end) throws an Error.
 */
export function paginate<TList extends ListOperation>(
  list: TList,
  options: Parameters<TList>[0],
): AsyncGenerator<ItemOf<TList>, void, undefined>;
export function paginate<TItem>(
  fetchPage: (cursor: string | undefined) => Promise<Page<TItem>>,
): AsyncGenerator<TItem, void, undefined>;
export async function* paginate(
  list: (argument: never) => Promise<unknown>,
  options?: unknown,
): AsyncGenerator<unknown, void, undefined> {
  const fetchPage = (cursor: string | undefined): Promise<Page<unknown>> =>
    options === undefined
      ? (list as (cursor: string | undefined) => Promise<Page<unknown>>)(cursor)
      : unwrap(
          (list as (options: ListOptions) => Promise<SdkResult<Page<unknown>>>)({
            ...(options as ListOptions),
            query: { ...(options as ListOptions).query, cursor },
          }),
        );
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield* page.data;
    cursor = page.nextCursor ?? undefined;
    // A server that hands back a cursor it gave before would make this loop endless.
    if (cursor !== undefined) {
      if (seen.has(cursor)) {
        throw new Error(`paginate: the server returned the cursor "${cursor}" twice; stopping.`);
      }
      seen.add(cursor);
    }
  } while (cursor !== undefined);
}
