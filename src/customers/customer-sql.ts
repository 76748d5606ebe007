/*
 * The customer statements' SQL, built by pure functions: the repository runs them, the unit
 * tests read them (customer-sql.spec.ts), and the benchmark's floor server
 * (scripts/bench-floor.mjs) runs the very same texts from the build.
 */
import { insertAuditEntriesSql, RECENT_ACTIVITY_COLUMNS } from '../audit/audit-sql';
import { RECENT_WORK_ORDER_COLUMNS } from '../work-orders/work-order-sql';
import type { CustomerStatus } from './customer.entity';
import { containsPattern } from './customer-rules';
import type { CustomerListFilter } from './customers.repository';
import type { CustomerSort, CustomerStatusFilter } from './dto/customer-query.dto';

/** A search counts its matches exactly up to here; above it the planner's estimate is reported. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * Rows of the sort index a dense search reads before it falls back to collecting every
 * match: ~80 ms at a million customers, and enough for any term matching more than ~0.2%.
 */
export const DENSE_SEARCH_WINDOW = 20_000;

/**
 * A common term (more than EXACT_COUNT_LIMIT matches) whose matches the planner expects to be
 * at most this many skips the window: the bounded collection (boundedMatchesStatement) costs
 * their trigram bitmap (~15 ms at 50,000) and the sort index up to the bound, wherever the
 * page lies, while a window that holds no page costs ~80 ms for nothing. Denser terms find
 * their page in the window's first rows for less than their bitmap costs (a 57,000-match
 * term: 23 ms through the window, 35 ms bounded).
 */
export const BOUNDED_SEARCH_MAX = 50_000;

/**
 * A search collects and sorts its matches when they are at most a hundredth of the customers,
 * but at least 1,000 and at most EXACT_COUNT_LIMIT: then a page read along the sort index
 * would cross ~2,500 index rows or more, while sorting them is cheap. Denser terms are only
 * counted and paged along the sort index: a term in every row no longer sorts every match.
 */
const COLLECTED_SEARCH_MIN = 1_000;
const COLLECTED_SEARCH_SHARE = 100;

export interface SortSpec {
  expression: string;
  /** The column the expression reads. */
  column: string;
  keyType: 'text' | 'timestamptz' | 'integer';
  direction: 'ASC' | 'DESC';
}

export const SORT_SPECS: Record<CustomerSort, SortSpec> = {
  companyName: {
    expression: 'lower(c.company_name)',
    column: 'company_name',
    keyType: 'text',
    direction: 'ASC',
  },
  '-companyName': {
    expression: 'lower(c.company_name)',
    column: 'company_name',
    keyType: 'text',
    direction: 'DESC',
  },
  createdAt: {
    expression: 'c.created_at',
    column: 'created_at',
    keyType: 'timestamptz',
    direction: 'ASC',
  },
  '-createdAt': {
    expression: 'c.created_at',
    column: 'created_at',
    keyType: 'timestamptz',
    direction: 'DESC',
  },
  activeOrdersCount: {
    expression: 'c.active_orders_count',
    column: 'active_orders_count',
    keyType: 'integer',
    direction: 'ASC',
  },
  '-activeOrdersCount': {
    expression: 'c.active_orders_count',
    column: 'active_orders_count',
    keyType: 'integer',
    direction: 'DESC',
  },
};

// Literals, not parameters, so the planner can match the partial indexes' predicate.
export const STATUS_CONDITIONS: Record<CustomerStatusFilter, string> = {
  active: `c.status = 'active'`,
  archived: `c.status = 'archived'`,
  all: 'TRUE',
};

/** Timestamps travel as text so their microseconds survive the cursor. */
export function keyText(sort: SortSpec): string {
  return sort.keyType === 'timestamptz' ? '::text' : '';
}

/** Every column of a customer. */
export const CUSTOMER_COLUMNS = `c.id, c.company_name, c.contact_name, c.email, c.phone, c.phone_digits,
  c.billing_address, c.shipping_address, c.tax_exempt, c.notes, c.tags, c.status, c.archived_at,
  c.active_orders_count, c.total_orders_count, c.created_at, c.updated_at, c.version`;

/** What a list row shows: half the columns and no addresses, notes or tags. */
export const SUMMARY_COLUMNS = `c.id, c.company_name, c.contact_name, c.email, c.phone, c.status,
    c.active_orders_count, c.total_orders_count, c.created_at`;

/**
 * The customer ($1) with its newest work orders (as the customer's work-order list orders
 * them) and its newest activity (as its activity feed does), $2 of each, in one statement:
 * one round trip and one plan instead of three. The lists travel as JSON arrays of
 * entity-shaped objects, their columns owned by their modules.
 */
export const DETAIL_SQL = `SELECT ${CUSTOMER_COLUMNS},
  (SELECT coalesce(json_agg(o), '[]') FROM (
     SELECT ${RECENT_WORK_ORDER_COLUMNS}
     FROM work_orders o WHERE o.customer_id = c.id
     ORDER BY o.created_at DESC, o.id DESC LIMIT $2) o) AS recent_work_orders,
  (SELECT coalesce(json_agg(a), '[]') FROM (
     SELECT ${RECENT_ACTIVITY_COLUMNS}
     FROM audit_entries a WHERE a.customer_id = c.id
     ORDER BY a.seq DESC LIMIT $2) a) AS recent_activity
FROM customers c WHERE c.id = $1`;

/** A new customer ($1-$10) and its audit entry (JSON in $11): one statement, atomic on its own. */
export const INSERT_SQL = `WITH recorded AS (${insertAuditEntriesSql('$11')})
  INSERT INTO customers AS c (id, company_name, contact_name, email, phone, billing_address,
    shipping_address, tax_exempt, notes, tags, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
  RETURNING ${CUSTOMER_COLUMNS}`;

/** The customer count that sizes a search's collection (the status counters' slots summed). */
export const CUSTOMER_COUNT_SQL =
  'SELECT coalesce(sum(customers), 0)::int AS customers FROM customer_status_counts';

/** A statement and its parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** The keyset condition "after the cursor's row", or nothing on the first page. */
export function afterSql(
  filter: CustomerListFilter,
  params: unknown[],
  keyExpression: string,
  keyword: 'AND' | 'WHERE',
  idExpression = 'c.id',
): string {
  if (!filter.after) return '';
  const sort = SORT_SPECS[filter.sort];
  const comparison = sort.direction === 'ASC' ? '>' : '<';
  params.push(filter.after.key, filter.after.id);
  return `${keyword} (${keyExpression}, ${idExpression}) ${comparison} ($${params.length - 1}::${sort.keyType}, $${params.length}::uuid)`;
}

/**
 * A two-character term of ASCII letters or digits (`ab`, `12`) has no trigram of its own, so
 * LIKE reads every row for it. Each of its occurrences has a trigram the index holds, though:
 * the one it ends (`xab`, or ` ab` at a word's start) when the character before it is ASCII,
 * or the one it starts (`abx`) when the character after it is. A row where both neighbours
 * are non-ASCII (or where a non-ASCII character is followed by the pair at the text's end) is
 * in the small partial index `ix_customers_search_pair_rare`, whose predicate this is (the
 * same text, so the planner can prove it uses it).
 */
const PAIR_TERM = /^[a-z0-9]{2}$/;
export const NON_ASCII_AROUND_PAIR = '[^\\x01-\\x7f][a-z0-9]{2}([^\\x01-\\x7f]|$)';

/**
 * A search with a two-character term takes the trigram candidates above when the planner
 * expects at most this many matches: at a million customers their bitmap costs ~40 ms at
 * 27,000 matches (`00`), while LIKE alone reads every row (150-180 ms) to find a rare pair,
 * and walks the sort index after that for a 1% one (`e0`, 150-200 ms). A common pair (`co`,
 * `ee` at 15%) is found sooner by LIKE alone, which stops at the sample's cap.
 */
export const RARE_PAIR_ESTIMATE_MAX = 60_000;

export function hasPairTerm(search: string[]): boolean {
  return search.some((term) => PAIR_TERM.test(term));
}

/**
 * "The search column contains one of the terms": as LIKE, which the trigram index serves,
 * or as strpos, which it cannot, so a walk along a sort index stays a walk. `rarePairs` is
 * LIKE with the trigram candidates of each two-character term (see PAIR_TERM).
 */
export function matchingSql(
  search: string[],
  params: unknown[],
  form: 'like' | 'strpos' | 'rarePairs',
  column = 'c.search_text',
): string {
  const tests = search.map((term) => {
    if (form === 'strpos') {
      params.push(term);
      return `strpos(${column}, $${params.length}) > 0`;
    }
    params.push(containsPattern(term));
    const like = `${column} LIKE $${params.length}`;
    if (form === 'like' || !PAIR_TERM.test(term)) return like;
    params.push(`(^|[\\x01-\\x7f])${term}`, `${term}[\\x01-\\x7f]`);
    return `(${like} AND (${column} ~ $${params.length - 1} OR ${column} ~ $${params.length}
             OR ${column} ~ '${NON_ASCII_AROUND_PAIR}'))`;
  });
  return `(${tests.join(' OR ')})`;
}

/** The statuses a filter reads: each has its own partial sort index. */
function statusesOf(filter: CustomerListFilter): CustomerStatus[] {
  return filter.status === 'all' ? ['active', 'archived'] : [filter.status];
}

/**
 * The customers of the status filter after the cursor, in sort order, at most `limit`, with
 * `order_key` and the `select` columns. Each status is read along its own partial sort index
 * (no whole-table one for every insert to maintain); `all` merges the two index scans.
 */
export function sortedScanSql(
  filter: CustomerListFilter,
  select: string,
  params: unknown[],
  limit: number,
): string {
  const sort = SORT_SPECS[filter.sort];
  const statuses = statusesOf(filter);
  const scans = statuses.map(
    (status) =>
      `(SELECT ${select}, ${sort.expression} AS order_key
        FROM customers c
        WHERE ${STATUS_CONDITIONS[status]} ${afterSql(filter, params, sort.expression, 'AND')}
        ORDER BY ${sort.expression} ${sort.direction}, c.id ${sort.direction}
        LIMIT ${limit})`,
  );
  if (scans.length === 1) return scans[0];
  return `${scans.join(' UNION ALL ')}
    ORDER BY order_key ${sort.direction}, id ${sort.direction}
    LIMIT ${limit}`;
}

/**
 * A page without a search and the exact number of customers with the filter's statuses (the
 * counters' slots summed, O(1) at any size), in one statement.
 */
export function unfilteredPageStatement(
  filter: CustomerListFilter,
  limit: number,
  columns: string,
): Statement {
  const sort = SORT_SPECS[filter.sort];
  const statuses = statusesOf(filter);
  const values: unknown[] = [statuses];
  const page = sortedScanSql(
    filter,
    `${columns}, ${sort.expression}${keyText(sort)} AS sort_key`,
    values,
    limit,
  );
  return {
    text: `SELECT counted.match_count, p.*
       FROM (SELECT coalesce(sum(customers), 0)::int AS match_count
             FROM customer_status_counts WHERE status = ANY($1)) counted
       LEFT JOIN (${page}) p ON TRUE
       ORDER BY p.order_key ${sort.direction}, p.id ${sort.direction}`,
    values,
  };
}

/**
 * Matches collected through the trigram index (a MATERIALIZED CTE, so the planner cannot
 * walk a sort index instead), counted, then sorted and cut. With `collectable`, at most
 * EXACT_COUNT_LIMIT + 1 matches are collected (id and sort column only), and sort keys are
 * computed and sorted only when there are at most `collectable` of them: otherwise no row
 * comes back, only the count.
 */
export function collectedMatchesStatement(
  filter: CustomerListFilter,
  search: string[],
  limit: number,
  collectable: number | null,
  columns: string,
  form: 'like' | 'rarePairs' = 'like',
): Statement {
  const sort = SORT_SPECS[filter.sort];
  const values: unknown[] = [];
  const matching = matchingSql(search, values, form);
  const after = afterSql(filter, values, 'm.sort_key', 'WHERE', 'm.id');
  // The `limit`-th key after the cursor among the collected matches (a subset of all of them):
  // no match beyond it can be on the page. Only wanted when the matches are too many to sort.
  const bound =
    collectable === null
      ? ''
      : `, bound AS (
         SELECT m.sort_key FROM (
           SELECT c.id, ${sort.expression} AS sort_key FROM found c
           WHERE (SELECT match_count FROM counted) > ${collectable}
         ) m ${after}
         ORDER BY m.sort_key ${sort.direction}, m.id ${sort.direction}
         OFFSET ${limit - 1} LIMIT 1
       )`;
  return {
    text: `WITH found AS MATERIALIZED (
         SELECT c.id, c.${sort.column} FROM customers c
         WHERE ${matching} AND ${STATUS_CONDITIONS[filter.status]}
         ${collectable === null ? '' : `LIMIT ${EXACT_COUNT_LIMIT + 1}`}
       ), counted AS (
         SELECT count(*)::int AS match_count FROM found
       )${bound}, page AS (
         SELECT m.id, m.sort_key FROM (
           SELECT c.id, ${sort.expression} AS sort_key FROM found c
           ${collectable === null ? '' : `WHERE (SELECT match_count FROM counted) <= ${collectable}`}
         ) m ${after}
         ORDER BY m.sort_key ${sort.direction}, m.id ${sort.direction}
         LIMIT ${limit}
       )
       SELECT counted.match_count, ${columns}, p.sort_key${keyText(sort)} AS sort_key
         ${
           collectable === null ? '' : `, (SELECT sort_key${keyText(sort)} FROM bound) AS bound_key`
         }
       FROM counted
       LEFT JOIN page p ON TRUE
       LEFT JOIN customers c ON c.id = p.id
       ORDER BY p.sort_key ${sort.direction}, p.id ${sort.direction}`,
    values,
  };
}

/**
 * The first `limit` matches after the cursor among those whose sort key is at most `boundKey`
 * (at least, descending): as a BitmapAnd of the trigram index and the status's sort index,
 * so only the rows within the bound are read from the heap, not every match's. The key's
 * range has both ends as sub-selects (the cursor's key, or the index's first key, on the
 * other side): with values it cannot see, the planner takes the range for 0.5% of the index
 * (its default for a two-sided range) and intersects the two bitmaps, where the values
 * themselves made it read every match to test the bound. The MATERIALIZED CTE hides the
 * order from it, so it never walks the sort index instead.
 */
export function boundedMatchesStatement(
  filter: CustomerListFilter,
  search: string[],
  limit: number,
  boundKey: string | number,
  columns: string,
): Statement {
  const sort = SORT_SPECS[filter.sort];
  const values: unknown[] = [];
  const matching = matchingSql(search, values, 'like');
  values.push(boundKey);
  const bound = `(SELECT $${values.length}::${sort.keyType})`;
  let start: string | undefined;
  if (filter.after) {
    values.push(filter.after.key);
    start = `(SELECT $${values.length}::${sort.keyType})`;
  }
  const statuses = statusesOf(filter);
  const scans = statuses.map((status) => {
    const first = `(SELECT ${sort.direction === 'ASC' ? 'min' : 'max'}(${sort.expression})
             FROM customers c WHERE ${STATUS_CONDITIONS[status]})`;
    const [low, high] =
      sort.direction === 'ASC' ? [start ?? first, bound] : [bound, start ?? first];
    return `SELECT c.id, ${sort.expression} AS sort_key FROM customers c
           WHERE ${matching} AND ${STATUS_CONDITIONS[status]}
             AND ${sort.expression} >= ${low} AND ${sort.expression} <= ${high}`;
  });
  const after = afterSql(filter, values, 'm.sort_key', 'WHERE', 'm.id');
  return {
    text: `WITH bounded AS MATERIALIZED (
         ${scans.join(' UNION ALL ')}
       ), page AS (
         SELECT m.id, m.sort_key FROM bounded m ${after}
         ORDER BY m.sort_key ${sort.direction}, m.id ${sort.direction}
         LIMIT ${limit}
       )
       SELECT ${columns}, p.sort_key${keyText(sort)} AS sort_key
       FROM page p JOIN customers c ON c.id = p.id
       ORDER BY p.sort_key ${sort.direction}, p.id ${sort.direction}`,
    values,
  };
}

/** The next matches among the next `window` rows of the sort index. */
export function windowMatchesStatement(
  filter: CustomerListFilter,
  search: string[],
  limit: number,
  window: number,
  columns: string,
): Statement {
  const sort = SORT_SPECS[filter.sort];
  const values: unknown[] = [];
  const scan = sortedScanSql(
    filter,
    `${columns}, c.search_text, ${sort.expression}${keyText(sort)} AS sort_key`,
    values,
    window,
  );
  const matching = matchingSql(search, values, 'strpos', 'w.search_text');
  return {
    text: `SELECT w.* FROM (${scan}) w
       WHERE ${matching}
       ORDER BY w.order_key ${sort.direction}, w.id ${sort.direction}
       LIMIT ${limit}`,
    values,
  };
}

/** The planner's estimate of how many customers a search matches (for large counts). */
export function estimateStatement(filter: CustomerListFilter): Statement {
  const values: unknown[] = [];
  const matching = matchingSql(filter.search ?? [], values, 'like');
  return {
    text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM customers c WHERE ${STATUS_CONDITIONS[filter.status]} AND ${matching}`,
    values,
  };
}

/** How many matches a search collects and sorts, among `customers` (see COLLECTED_SEARCH_SHARE). */
export function collectableMatchesAmong(customers: number): number {
  const share = Math.floor(customers / COLLECTED_SEARCH_SHARE);
  return Math.min(EXACT_COUNT_LIMIT, Math.max(COLLECTED_SEARCH_MIN, share));
}

type SqlRow = Record<string, unknown>;

/** Rows of a page and, when known exactly, how many match in all. */
export interface MatchedRows {
  rows: SqlRow[];
  matchCount?: number;
  /** The planner's estimate of the matches, when the search already asked for it. */
  estimatedCount?: number;
}

/** The row count of an `EXPLAIN (FORMAT JSON)` statement's plan. */
export function plannedRows(rows: SqlRow[]): number {
  const plan = rows[0]['QUERY PLAN'] as [{ Plan: { 'Plan Rows': number } }];
  return Math.round(plan[0].Plan['Plan Rows']);
}

/** The rows of a statement that reads `match_count` beside a page (a match-less row is null). */
export function countedRows(rows: SqlRow[]): Required<Omit<MatchedRows, 'estimatedCount'>> {
  return { rows: rows.filter((row) => row.id !== null), matchCount: rows[0].match_count as number };
}

/**
 * One keyset page (`limit` rows) of a search, in the filter's order. It never relies on the
 * planner's guess of how many customers match (a wrong guess walked the whole name index for
 * seconds); it decides on real counts:
 * 1. collect the matches through the trigram index, up to EXACT_COUNT_LIMIT + 1, and count
 *    them; when they are few (at most `collectable`), the same statement sorts them for the page;
 *    otherwise it returns the `limit`-th sort key among them after the cursor, a bound on the page;
 * 2. the term is common: walk the sort index, but only DENSE_SEARCH_WINDOW rows (skipped when
 *    the planner expects at most BOUNDED_SEARCH_MAX matches: step 3 is cheap for those);
 * 3. when the window holds no full page (the matches cluster further on), collect the matches
 *    within the bound and sort (every match when there is no bound): the cost grows with the
 *    matches and the sort index up to the bound, never with a full walk.
 * A two-character term the planner expects in few rows (RARE_PAIR_ESTIMATE_MAX) is collected
 * through its trigram candidates in steps 1 and 3; the estimate only picks how to collect,
 * every count and page is still exact.
 * `run` executes a statement (the repository's connection, or the benchmark floor's pool).
 */
export async function searchPage(
  filter: CustomerListFilter,
  search: string[],
  limit: number,
  collectable: number,
  columns: string,
  run: (statement: Statement) => Promise<SqlRow[]>,
): Promise<MatchedRows> {
  const form =
    hasPairTerm(search) &&
    plannedRows(await run(estimateStatement({ ...filter, search }))) <= RARE_PAIR_ESTIMATE_MAX
      ? 'rarePairs'
      : 'like';
  const sampled = await run(
    collectedMatchesStatement(filter, search, limit, collectable, columns, form),
  );
  const few = countedRows(sampled);
  if (few.matchCount <= collectable) return few;
  const boundKey = sampled[0].bound_key as string | number | null;
  // Terms of fewer than three characters have no trigram: no bitmap to intersect.
  const trigrams = search.every((term) => term.length >= 3);
  const counted: Omit<MatchedRows, 'rows'> =
    few.matchCount <= EXACT_COUNT_LIMIT
      ? { matchCount: few.matchCount }
      : boundKey !== null && trigrams
        ? { estimatedCount: plannedRows(await run(estimateStatement({ ...filter, search }))) }
        : {};
  const skipWindow =
    boundKey !== null && trigrams && (counted.estimatedCount ?? 0) <= BOUNDED_SEARCH_MAX;
  if (!skipWindow) {
    const walked = await run(
      windowMatchesStatement(filter, search, limit, DENSE_SEARCH_WINDOW, columns),
    );
    if (walked.length === limit) return { rows: walked, ...counted };
  }
  if (boundKey !== null) {
    const rows = await run(boundedMatchesStatement(filter, search, limit, boundKey, columns));
    return { rows, ...counted };
  }
  const all = countedRows(
    await run(collectedMatchesStatement(filter, search, limit, null, columns, form)),
  );
  return { rows: all.rows, ...counted };
}
