import {
  collectedMatchesStatement,
  DETAIL_SQL,
  estimateStatement,
  hasPairTerm,
  NON_ASCII_AROUND_PAIR,
  EXACT_COUNT_LIMIT,
  INSERT_SQL,
  SUMMARY_COLUMNS,
  unfilteredPageStatement,
  windowMatchesStatement,
} from './customer-sql';
import type { CustomerListFilter } from './customers.repository';

/** Whitespace-insensitive, so the snapshots (golden files) show the SQL as it reads. */
const oneLine = (sql: string) => sql.replace(/\s+/g, ' ').trim();

const after = { key: 'blue thread', id: '0f8fad5b-d9cb-469f-a165-70867728950e' };

describe('customer SQL', () => {
  it('reads a page without a search along one partial index per status, with the exact count', () => {
    const first = unfilteredPageStatement(
      { status: 'active', sort: 'companyName' },
      25,
      SUMMARY_COLUMNS,
    );
    expect(first.values).toEqual([['active']]);
    expect(oneLine(first.text)).toMatchSnapshot('active, by name, first page');
    expect(first.text).toContain(`WHERE c.status = 'active'`);

    const next = unfilteredPageStatement(
      {
        status: 'all',
        sort: '-createdAt',
        after: { key: '2026-01-01 10:00:00.123456+00', id: after.id },
      },
      10,
      SUMMARY_COLUMNS,
    );
    expect(next.values).toEqual([
      ['active', 'archived'],
      '2026-01-01 10:00:00.123456+00',
      after.id,
      '2026-01-01 10:00:00.123456+00',
      after.id,
    ]);
    expect(oneLine(next.text)).toMatchSnapshot('all, newest first, after a cursor');
    expect(next.text).toContain('UNION ALL');
    expect(next.text).toContain('c.created_at::text AS sort_key');
  });

  it('collects a search through the trigram index, bounded unless told to collect all', () => {
    const filter: CustomerListFilter = {
      status: 'active',
      sort: 'companyName',
      search: ['coffee', '555'],
    };
    const bounded = collectedMatchesStatement(
      filter,
      filter.search ?? [],
      25,
      1000,
      SUMMARY_COLUMNS,
    );
    expect(bounded.values).toEqual(['%coffee%', '%555%']);
    expect(bounded.text).toContain(`LIMIT ${EXACT_COUNT_LIMIT + 1}`);
    expect(bounded.text).toContain('WHERE (SELECT match_count FROM counted) <= 1000');
    expect(oneLine(bounded.text)).toMatchSnapshot('bounded collection');

    const all = collectedMatchesStatement(
      { ...filter, after },
      ['coffee'],
      25,
      null,
      SUMMARY_COLUMNS,
    );
    expect(all.values).toEqual(['%coffee%', after.key, after.id]);
    expect(all.text).not.toContain('LIMIT 10001');
    expect(oneLine(all.text)).toMatchSnapshot('every match, after a cursor');
  });

  it('collects a two-character term through its trigram candidates when told it is rare', () => {
    const filter: CustomerListFilter = { status: 'all', sort: 'createdAt', search: ['ab', 'cof'] };
    const statement = collectedMatchesStatement(
      filter,
      filter.search ?? [],
      25,
      1000,
      SUMMARY_COLUMNS,
      'rarePairs',
    );
    expect(statement.values).toEqual(['%ab%', '(^|[\\x01-\\x7f])ab', 'ab[\\x01-\\x7f]', '%cof%']);
    expect(statement.text).toContain(`c.search_text ~ '${NON_ASCII_AROUND_PAIR}'`);
    expect(oneLine(statement.text)).toMatchSnapshot('rare pair collection');
    expect(['ab', '12', 'a.', 'ü1', 'abc', 'a'].map((term) => hasPairTerm([term]))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('walks a window of the sort index matching with strpos, which the trigram index cannot serve', () => {
    const statement = windowMatchesStatement(
      { status: 'archived', sort: '-activeOrdersCount', search: ['print'] },
      ['print'],
      25,
      20_000,
      SUMMARY_COLUMNS,
    );
    expect(statement.values).toEqual(['print']);
    expect(statement.text).toContain('strpos(w.search_text, $1) > 0');
    expect(statement.text).toContain('LIMIT 20000');
    expect(oneLine(statement.text)).toMatchSnapshot('window walk');
  });

  it('escapes LIKE wildcards typed by a person', () => {
    const statement = estimateStatement({
      status: 'all',
      sort: 'companyName',
      search: ['50%_off'],
    });
    expect(statement.values).toEqual(['%50\\%\\_off%']);
    expect(oneLine(statement.text)).toBe(
      'EXPLAIN (FORMAT JSON) SELECT 1 FROM customers c WHERE TRUE AND (c.search_text LIKE $1)',
    );
  });

  it('keeps the customer page and the create in one statement each', () => {
    expect(oneLine(DETAIL_SQL)).toMatchSnapshot('detail');
    expect(oneLine(INSERT_SQL)).toMatchSnapshot('insert with its audit entry');
  });
});
