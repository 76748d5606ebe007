import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadAppConfig, loadDotEnvFile } from '../config/app-config';
import { createDataSource, databaseTargetFrom, runMigrations } from './data-source-options';

const USAGE = 'usage: npm run seed -- --customers N [--orders M]';
const BATCH = 50_000;

// Word lists give realistic search terms: common ("coffee"), rarer ("lantern") and digits.
const FIRST = [
  'Blue',
  'Golden',
  'Red',
  'Northern',
  'Urban',
  'Rapid',
  'Silver',
  'Green',
  'Old Town',
  'Bright',
  'Coastal',
  'Summit',
  'Prairie',
  'Harbor',
  'Maple',
  'Cedar',
  'Lantern',
  'Iron',
  'Velvet',
  'Pioneer',
];
const SECOND = [
  'Coffee',
  'Print',
  'Signs',
  'Threads',
  'Apparel',
  'Brewing',
  'Bakery',
  'Fitness',
  'Dental',
  'Motors',
  'Garden',
  'Studio',
  'Books',
  'Outfitters',
  'Roasters',
  'Tattoo',
  'Cycles',
  'Pets',
  'Realty',
  'Events',
  'Academy',
  'Kitchen',
  'Florist',
  'Hardware',
  'Vineyard',
];
const SUFFIX = ['Co', 'LLC', 'Inc', 'House', 'Shop', 'Works', 'Group', 'Ltd'];
const PEOPLE = [
  'John',
  'Sarah',
  'Maria',
  'David',
  'Aisha',
  'Wei',
  'Olga',
  'Carlos',
  'Priya',
  'Tom',
  'Fatima',
  'Lars',
];
const SURNAMES = [
  'Smith',
  'Johnson',
  'Garcia',
  'Chen',
  'Müller',
  'Okafor',
  'Novak',
  'Silva',
  'Patel',
  'Kim',
  'Rossi',
  'Dubois',
  'Haddad',
  'Nguyen',
];

function sqlArray(values: string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
}

/**
 * Fills the configured database (DATABASE_URL, else the embedded one) with synthetic customers
 * and work orders for benchmarks: set-based INSERT ... SELECT generate_series in batches (the
 * tables' triggers keep search text and order counters right), then VACUUM ANALYZE.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { customers: { type: 'string' }, orders: { type: 'string', default: '0' } },
  });
  const customers = Number(values.customers);
  const orders = Number(values.orders);
  if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(orders) || orders < 0) {
    console.error(USAGE);
    return 2;
  }
  loadDotEnvFile();
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const target = databaseTargetFrom(config);
  const dataSource = await createDataSource(
    target.kind === 'server' ? { ...target, poolSize: 1, statementTimeoutMs: 0 } : target,
  );
  await dataSource.initialize();
  const started = Date.now();
  try {
    await runMigrations(dataSource);
    const tag = randomBytes(3).toString('hex');
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

    for (let from = 1; from <= customers; from += BATCH) {
      const to = Math.min(customers, from + BATCH - 1);
      await dataSource.query(
        `INSERT INTO customers (company_name, contact_name, email, phone, tags, tax_exempt, created_at, updated_at, version)
         SELECT
           (${sqlArray(FIRST)})[1 + g % ${FIRST.length}] || ' ' || (${sqlArray(SECOND)})[1 + (g / ${FIRST.length}) % ${SECOND.length}]
             || ' ' || (${sqlArray(SUFFIX)})[1 + (g / 7) % ${SUFFIX.length}] || ' ' || g,
           (${sqlArray(PEOPLE)})[1 + g % ${PEOPLE.length}] || ' ' || (${sqlArray(SURNAMES)})[1 + (g / 3) % ${SURNAMES.length}],
           'contact' || g || '.' || $3 || '@example' || (g % 97) || '.test',
           CASE WHEN g % 5 = 0 THEN NULL ELSE '555-' || lpad((g % 10000)::text, 4, '0') END,
           CASE WHEN g % 3 = 0 THEN ARRAY['wholesale'] ELSE '{}' END,
           g % 17 = 0,
           now() - (g % 730) * interval '1 day' - (g % 86400) * interval '1 second',
           now(),
           1
         FROM generate_series($1::int, $2::int) g`,
        [from, to, tag],
      );
      console.log(`customers ${to}/${customers} (${elapsed()})`);
    }
    if (orders > 0) {
      await dataSource.query(
        `CREATE TEMP TABLE seed_customers AS
         SELECT id, (row_number() OVER (ORDER BY id)) - 1 AS rn FROM customers WHERE email LIKE $1`,
        [`%.${tag}@%`],
      );
      await dataSource.query('CREATE UNIQUE INDEX ON seed_customers (rn)');
      for (let from = 1; from <= orders; from += BATCH) {
        const to = Math.min(orders, from + BATCH - 1);
        // Most orders are history (completed/cancelled); about 1 in 5 is active.
        await dataSource.query(
          `INSERT INTO work_orders (customer_id, title, quantity, due_date, status, created_at, updated_at, version)
           SELECT s.id,
             (${sqlArray(['Embroidered polos', 'Screen-printed tees', 'Vinyl banner', 'Window decals', 'Trucker caps', 'Aprons', 'Yard signs', 'Hoodies'])})[1 + g % 8],
             1 + g % 250,
             CASE WHEN g % 4 = 0 THEN NULL ELSE current_date + (g % 60 - 20) END,
             -- (g / 7), not g: g decides the customer, and each customer needs a mix.
             CASE WHEN (g / 7) % 10 = 0 THEN 'pending' WHEN (g / 7) % 10 = 1 THEN 'in_production'
                  WHEN (g / 7) % 10 = 2 THEN 'cancelled' ELSE 'completed' END,
             now() - (g % 700) * interval '1 day' - (g % 86400) * interval '1 second',
             now(),
             1
           FROM generate_series($1::int, $2::int) g
           JOIN seed_customers s ON s.rn = (g::bigint * 7919) % $3`,
          [from, to, customers],
        );
        console.log(`work orders ${to}/${orders} (${elapsed()})`);
      }
    }
    // About 1 in 20 customers without active orders is archived, so status filters have data.
    await dataSource.query(
      `UPDATE customers SET status = 'archived', archived_at = now(), version = version + 1
       WHERE email LIKE $1 AND active_orders_count = 0 AND abs(hashtext(id::text)) % 20 = 0`,
      [`%.${tag}@%`],
    );
    // The counter trigger rewrote each customer row once per batch, and a plain VACUUM does
    // not give that space back: the table and its indexes would stay several times their size
    // (a seek over 10,000 customers read 56 MB). Rewrite them compactly, as a database whose
    // autovacuum kept up with the order history would be, then plan.
    await dataSource.query('VACUUM (FULL, ANALYZE) customers');
    await dataSource.query('VACUUM ANALYZE work_orders');
    console.log(
      `Seeded ${customers} customers and ${orders} work orders (emails contact<N>.${tag}@...) in ${elapsed()}.`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exitCode = 1;
  },
);
