import { DataSource } from 'typeorm';
import { CustomersModule } from '../../src/customers/customers.module';
import { searchTerms } from '../../src/customers/customer-rules';
import { searchPage, SUMMARY_COLUMNS } from '../../src/customers/customer-sql';
import {
  CustomersRepository,
  type CustomerListFilter,
} from '../../src/customers/customers.repository';
import type {
  CustomerSort,
  CustomerStatusFilter,
} from '../../src/customers/dto/customer-query.dto';
import { createMediumModule, type MediumModule } from '../support/medium-module';

/**
 * ~200 customers shaped so each search strategy has work: a dense term (120 "Stitch" shops),
 * a sparse one, one- and two-letter terms, phone numbers (two terms: as typed and its digits),
 * LIKE's own characters, non-ASCII letters, and archived customers in every group.
 */
function seedRows() {
  const rows: { company: string; contact: string; email: string; phone: string | null }[] = [];
  const contacts = ['Ann Lee', 'Bo Park', 'Cy Young', 'Di Ruiz', 'Ed Moss'];
  for (let i = 0; i < 120; i++) {
    rows.push({
      company: `Stitch Works ${String(i).padStart(3, '0')}`,
      contact: contacts[i % contacts.length],
      email: `stitch${i}@needle.example`,
      phone: i % 10 === 0 ? `(512) 555-01${String(i / 10).padStart(2, '0')}` : null,
    });
  }
  for (let i = 0; i < 60; i++) {
    rows.push({
      company: `Sign Shop ${i}`,
      contact: i % 2 === 0 ? 'Sarah Johnson' : 'Tom Otto',
      email: `signs${i}@vinyl.example`,
      phone: `555-02${String(i).padStart(2, '0')}`,
    });
  }
  const odd = [
    ['100% Cotton Tees', 'Pat Kim'],
    ['Under_Score Prints', 'Lou Chan'],
    ['Back\\slash Graphics', 'Max Bell'],
    ['Müller Druck', 'Jörg Müller'],
    ['Ærø Tryk', 'Søren Lund'],
    ['7-11 Signs', 'Raj Patel'],
    ['Quilt Corner', 'Stitch Adams'],
    ['Embroidery Plus', 'Nina West'],
  ];
  odd.forEach(([company, contact], i) =>
    rows.push({ company, contact, email: `odd${i}@misc.example`, phone: null }),
  );
  return rows;
}

const TERMS = [
  'stitch', // dense: 121 matches, in the name, the email and a contact
  'works 01', // sparse, two words
  'a', // one letter: no trigram
  'st', // two letters
  'ann lee', // a contact
  '555-0103', // phone: as typed and as digits
  '5550205', // digits only
  '(512) 555-0110',
  '100%', // LIKE's wildcard, literal
  'under_score',
  'back\\slash',
  'müller',
  'ÆRØ',
  '7-11',
  'vinyl.example', // email
  'zzz', // nothing
];

/** The same search as the plainest SQL: ILIKE over the four searched columns, any term. */
async function plainSearch(
  dataSource: DataSource,
  terms: string[],
  status: CustomerStatusFilter,
  sort: CustomerSort,
): Promise<string[]> {
  const patterns = terms.map((term) => `%${term.replace(/[\\%_]/g, '\\$&')}%`);
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  const rows: { id: string }[] = await dataSource.query(
    `SELECT id FROM customers
     WHERE ($2 = 'all' OR status = $2)
       AND EXISTS (SELECT 1 FROM unnest($1::text[]) p
                   WHERE company_name ILIKE p OR contact_name ILIKE p OR email ILIKE p
                      OR coalesce(phone_digits, '') ILIKE p)
     ORDER BY lower(company_name) ${direction}, id ${direction}`,
    [patterns, status],
  );
  return rows.map((row) => row.id);
}

describe('Customer search strategies on PostgreSQL (medium)', () => {
  let medium: MediumModule;
  let repository: CustomersRepository;

  beforeAll(async () => {
    medium = await createMediumModule([CustomersModule]);
    repository = medium.moduleRef.get(CustomersRepository);
    const rows = seedRows();
    await medium.dataSource.query(
      `INSERT INTO customers (company_name, contact_name, email, phone, status, archived_at, version)
       SELECT r.company, r.contact, r.email, r.phone,
         CASE WHEN r.n % 7 = 3 THEN 'archived' ELSE 'active' END,
         CASE WHEN r.n % 7 = 3 THEN now() END, 1
       FROM jsonb_to_recordset($1::jsonb)
         AS r(company text, contact text, email text, phone text, n int)`,
      [JSON.stringify(rows.map((row, n) => ({ ...row, n })))],
    );
    await medium.dataSource.query('ANALYZE customers');
  });

  afterAll(() => medium?.close());

  it('seeds 188 customers, some archived', async () => {
    const [counts] = await medium.dataSource.query<{ total: number; archived: number }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'archived')::int AS archived
       FROM customers`,
    );
    expect(counts).toEqual({ total: 188, archived: 27 });
  });

  /** Every page of the repository's search, following its keyset cursor. */
  async function everyPage(filter: Omit<CustomerListFilter, 'after'>, limit: number) {
    const ids: string[] = [];
    const counts = new Set<number | undefined>();
    let after: CustomerListFilter['after'];
    for (let page = 0; page < 100; page++) {
      const found = await repository.findSummaryPage({ ...filter, after }, limit);
      counts.add(found.matchCount);
      ids.push(...found.rows.map((row) => row.customer.id));
      const last = found.rows[found.rows.length - 1];
      if (found.rows.length < limit || !last) break;
      after = { key: last.sortKey, id: last.customer.id };
    }
    return { ids, counts: [...counts] };
  }

  const statuses: CustomerStatusFilter[] = ['active', 'archived', 'all'];
  const sorts: CustomerSort[] = ['companyName', '-companyName'];
  it.each(TERMS)('finds exactly what a plain ILIKE finds for %p, page by page', async (term) => {
    const search = searchTerms(term);
    expect(search).not.toBeNull();
    for (const status of statuses) {
      for (const sort of sorts) {
        const expected = await plainSearch(medium.dataSource, search ?? [], status, sort);
        const { ids, counts } = await everyPage({ status, sort, search: search ?? [] }, 25);
        expect({ status, sort, ids }).toEqual({ status, sort, ids: expected });
        // Few matches among few customers: every page counts them exactly.
        expect(counts).toEqual([expected.length]);
      }
    }
  });

  it('has terms with no match, one match, and more than a page of matches', async () => {
    const sizes = await Promise.all(
      TERMS.map(
        async (term) =>
          (await plainSearch(medium.dataSource, searchTerms(term) ?? [], 'all', 'companyName'))
            .length,
      ),
    );
    expect(sizes).toContain(0);
    expect(sizes).toContain(1);
    expect(Math.max(...sizes)).toBeGreaterThan(100);
  });

  /**
   * `searchPage` on the same database with a small collection limit, so the dense strategies
   * run on 188 customers: which one ran shows in how many statements it needed.
   */
  async function pageWith(term: string, limit: number, collectable: number) {
    const search = searchTerms(term) ?? [];
    const filter: CustomerListFilter = { status: 'all', sort: 'companyName', search };
    let statements = 0;
    const found = await searchPage(filter, search, limit, collectable, SUMMARY_COLUMNS, (s) => {
      statements += 1;
      return medium.dataSource.query(s.text, s.values);
    });
    const expected = await plainSearch(medium.dataSource, search, 'all', 'companyName');
    return { found, statements, expected };
  }

  it('collects and sorts few matches in one statement, counted exactly', async () => {
    const { found, statements, expected } = await pageWith('sign shop', 10, 100);
    expect(statements).toBe(1);
    expect(expected.length).toBe(60);
    expect(found.rows.map((row) => row.id)).toEqual(expected.slice(0, 10));
    expect(found.matchCount).toBe(60);
  });

  it('walks the sort index for a dense term whose page is in the window', async () => {
    const { found, statements, expected } = await pageWith('stitch', 10, 5);
    expect(statements).toBe(2);
    expect(found.rows.map((row) => row.id)).toEqual(expected.slice(0, 10));
    expect(found.matchCount).toBe(121);
  });

  it('collects every match when the window holds less than a page', async () => {
    const { found, statements, expected } = await pageWith('stitch', 150, 5);
    expect(statements).toBe(3);
    expect(found.rows.map((row) => row.id)).toEqual(expected);
    expect(found.matchCount).toBe(121);
  });
});
