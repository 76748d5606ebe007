/** The customer list's filters, kept in the URL so a link or a reload shows the same list. */
export type StatusFilter = 'active' | 'archived' | 'all';
export type SortKey =
  | 'companyName'
  | '-companyName'
  | 'createdAt'
  | '-createdAt'
  | 'activeOrdersCount'
  | '-activeOrdersCount';

export interface ListParams {
  search: string;
  status: StatusFilter;
  sort: SortKey;
}

const STATUSES: readonly StatusFilter[] = ['active', 'archived', 'all'];
const SORTS: readonly SortKey[] = [
  'companyName',
  '-companyName',
  'createdAt',
  '-createdAt',
  'activeOrdersCount',
  '-activeOrdersCount',
];
export const DEFAULT_PARAMS: ListParams = { search: '', status: 'active', sort: 'companyName' };
/** The API's limit for a search term (customer-rules SEARCH_MAX_LENGTH). */
export const SEARCH_MAX_LENGTH = 100;

export function readListParams(params: URLSearchParams): ListParams {
  const status = params.get('status') as StatusFilter | null;
  const sort = params.get('sort') as SortKey | null;
  return {
    search: (params.get('q') ?? '').slice(0, SEARCH_MAX_LENGTH),
    status: status && STATUSES.includes(status) ? status : DEFAULT_PARAMS.status,
    sort: sort && SORTS.includes(sort) ? sort : DEFAULT_PARAMS.sort,
  };
}

/** Only what differs from the defaults, so the plain list has the plain URL. */
export function writeListParams(list: ListParams): URLSearchParams {
  const params = new URLSearchParams();
  if (list.search.trim()) params.set('q', list.search);
  if (list.status !== DEFAULT_PARAMS.status) params.set('status', list.status);
  if (list.sort !== DEFAULT_PARAMS.sort) params.set('sort', list.sort);
  return params;
}

/** What the API gets: the trimmed term, or none. */
export function apiQuery(list: ListParams) {
  const search = list.search.trim();
  return { status: list.status, sort: list.sort, ...(search ? { search } : {}) };
}

/** Clicking a column: sort by it ascending, or flip it when it is already the sort. */
export function toggleSort(
  current: SortKey,
  column: 'companyName' | 'createdAt' | 'activeOrdersCount',
): SortKey {
  if (current === column) return `-${column}`;
  if (current === `-${column}`) return column;
  // Counts and dates read best biggest / newest first.
  return column === 'companyName' ? column : `-${column}`;
}

export function sortDirection(
  current: SortKey,
  column: string,
): 'ascending' | 'descending' | 'none' {
  if (current === column) return 'ascending';
  if (current === `-${column}`) return 'descending';
  return 'none';
}
