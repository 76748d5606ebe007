#!/usr/bin/env node
// The benchmark's floor: a bare node:http + pg server with no framework, auth, validation or
// logging, answering the bench's search, list-page, detail and create requests with the
// service's own statements and search plan, imported from its build (dist/customers/customer-sql.js), so it can never drift
// from what the service runs. `npm run bench` starts it beside the service and measures both
// in the same run; the service's speed is stated as a ratio to this.
//
//   DATABASE_URL=postgres://... PORT=3001 node scripts/bench-floor.mjs    (after npm run build)
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';

const require = createRequire(import.meta.url);
const customerSql = require('../dist/customers/customer-sql.js');
const { auditEntriesParam } = require('../dist/audit/audit-sql.js');
const { searchTerms } = require('../dist/customers/customer-rules.js');

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('Set DATABASE_URL to the database the service runs on.');
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3001);
// The service's pool size and its per-page numbers (customers.service.ts: RECENT, limit + 1).
const pool = new pg.Pool({
  connectionString: databaseUrl,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const RECENT = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS = new Set(Object.keys(customerSql.SORT_SPECS));

// Named, as the service's PreparedStatements runs them: parsed and planned once per connection.
const query = (name, text, values) => pool.query({ name, text, values });

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function detail(res, id) {
  const { rows } = await query('floor_detail', customerSql.DETAIL_SQL, [id, RECENT]);
  if (rows.length === 0) return send(res, 404, { code: 'customer_not_found' });
  send(res, 200, rows[0]);
}

let customerCount = { value: 0, readAt: -Infinity };

/** A search as the service pages it (customer-sql.ts searchPage), with its total. */
async function search(res, filter, limit) {
  if (Date.now() - customerCount.readAt > 10_000) {
    const { rows } = await query('floor_count', customerSql.CUSTOMER_COUNT_SQL, []);
    customerCount = { value: rows[0].customers, readAt: Date.now() };
  }
  const found = await customerSql.searchPage(
    filter,
    filter.search,
    limit + 1,
    customerSql.collectableMatchesAmong(customerCount.value),
    customerSql.SUMMARY_COLUMNS,
    async ({ text, values }) => (await pool.query(text, values)).rows,
  );
  let total = found.matchCount;
  if (total === undefined) {
    const { text, values } = customerSql.estimateStatement(filter);
    const { rows } = await pool.query(text, values);
    total = Math.max(rows[0]['QUERY PLAN'][0].Plan['Plan Rows'], customerSql.EXACT_COUNT_LIMIT + 1);
  }
  send(res, 200, { data: found.rows.slice(0, limit), total });
}

async function listPage(res, params) {
  const sort = params.get('sort') ?? 'companyName';
  const limit = Number(params.get('limit') ?? 25);
  if (!SORTS.has(sort) || !Number.isInteger(limit)) return send(res, 400, { code: 'bad_query' });
  const terms = params.get('search') ? searchTerms(params.get('search')) : null;
  if (terms) return search(res, { status: 'active', sort, search: terms }, limit);
  const { text, values } = customerSql.unfilteredPageStatement(
    { status: 'active', sort },
    limit + 1,
    customerSql.SUMMARY_COLUMNS,
  );
  // One name per text, as PreparedStatements names them (the text differs per sort).
  const { rows } = await query(`floor_list_${sort}_${limit}`, text, values);
  const data = rows.filter((row) => row.id !== null);
  send(res, 200, { data: data.slice(0, limit), total: rows[0].match_count });
}

async function create(req, res) {
  const input = await readJson(req);
  const id = randomUUID();
  const entry = {
    entityType: 'customer',
    entityId: id,
    action: 'created',
    customerId: id,
    changes: null,
    metadata: null,
    actorKeyId: null,
    actorUserId: null,
    actorType: 'system',
    actorName: 'floor',
    requestId: randomUUID(),
  };
  const { rows } = await query('floor_insert', customerSql.INSERT_SQL, [
    id,
    input.companyName,
    input.contactName,
    input.email.toLowerCase(),
    input.phone ?? null,
    null,
    null,
    false,
    null,
    input.tags ?? [],
    auditEntriesParam([entry]),
  ]);
  send(res, 201, rows[0]);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://floor');
  const path = url.pathname;
  let work;
  if (req.method === 'GET' && path === '/api/v1/customers') work = listPage(res, url.searchParams);
  else if (req.method === 'POST' && path === '/api/v1/customers') work = create(req, res);
  else if (req.method === 'GET' && path.startsWith('/api/v1/customers/')) {
    const id = path.slice('/api/v1/customers/'.length);
    work = UUID.test(id) ? detail(res, id) : Promise.resolve(send(res, 404, {}));
  } else work = Promise.resolve(send(res, 404, {}));
  work.catch((error) => send(res, 500, { error: error.message }));
});

server.keepAliveTimeout = 72_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`floor listening on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => pool.end().then(() => process.exit(0))));
}
