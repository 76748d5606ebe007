#!/usr/bin/env node
// API benchmark against a running service on 127.0.0.1: search, list page, detail and create
// at 16 concurrent connections (autocannon), printing p50/p95/p99 latency, requests/s and,
// with BENCH_DATABASE_URL, the service's speed as a ratio to the floor: a bare node:http + pg
// server (scripts/bench-floor.mjs) running the service's own statements on the same database,
// started here and measured in the same run, alternating with the service round by round
// (this machine's speed drifts by a third within minutes; a ratio measured this way does not).
//
//   BENCH_URL=http://127.0.0.1:3000 BENCH_API_KEY=<manager or admin key> \
//     BENCH_DATABASE_URL=<the service's DATABASE_URL> BENCH_PID=<service pid> npm run bench
//   options (env): BENCH_DURATION seconds per scenario (10), BENCH_CONNECTIONS (16),
//                  BENCH_SCENARIOS comma-separated names to run (all: search,list page,detail,create),
//                  BENCH_WARMUP seconds of unrecorded load before each scenario (5), so a
//                  freshly started service is measured warm (its JIT compiled the path),
//                  BENCH_PID the service's process id: adds the CPU per request the service and
//                  the local PostgreSQL server spent, from /proc (same machine only),
//                  BENCH_DATABASE_URL the service's database: starts the floor beside it,
//                  BENCH_ROUNDS alternating rounds of service and floor per scenario (3),
//                  BENCH_FLOOR_PORT where the floor listens (3001)
//
// Start the service with a rate limit above the load (e.g. RATE_LIMIT_PER_MINUTE=10000000),
// on a seeded database (npm run seed -- --customers 10000 --orders 1000000). Any non-2xx
// response is counted and reported: a run with errors is not a valid measurement.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import autocannon from 'autocannon';

const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const apiKey = process.env.BENCH_API_KEY ?? process.env.API_KEY;
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const warmup = Number(process.env.BENCH_WARMUP ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const floorDatabaseUrl = process.env.BENCH_DATABASE_URL;
const floorPort = Number(process.env.BENCH_FLOOR_PORT ?? 3001);
const only = process.env.BENCH_SCENARIOS
  ? process.env.BENCH_SCENARIOS.split(',').map((name) => name.trim())
  : undefined;
if (!apiKey) {
  console.error('Set BENCH_API_KEY to a manager or admin API key (and BENCH_URL if not :3000).');
  process.exit(2);
}
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
const servicePid = process.env.BENCH_PID;
const TICKS_PER_SECOND = 100; // USER_HZ, the unit of /proc/<pid>/stat's times on Linux

/** User + system CPU seconds a process has used (0 if it is gone). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used so far by the process `pid`, and by each PostgreSQL server process (by pid:
 * other sessions' backends come and go, so a sum over all of them could even shrink).
 */
function cpuSample(pid) {
  const postgres = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') {
        postgres.set(pid, cpuSeconds(pid));
      }
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { service: pid ? cpuSeconds(pid) : 0, postgres };
}

/** PostgreSQL CPU seconds between two samples: what each server process alive at the end used. */
function postgresSeconds(before, after) {
  let seconds = 0;
  for (const [pid, used] of after.postgres) seconds += used - (before.postgres.get(pid) ?? 0);
  return seconds;
}

async function getJson(path) {
  const res = await fetch(`${baseUrl}${path}`, { headers });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Customer ids spread over the list (a few pages of each sort), for the detail scenario. */
async function sampleCustomerIds() {
  const ids = [];
  for (const sort of ['companyName', '-companyName', '-createdAt', '-activeOrdersCount']) {
    const page = await getJson(`/api/v1/customers?limit=100&sort=${sort}`);
    ids.push(...page.data.map((c) => c.id));
  }
  if (ids.length === 0) throw new Error('No customers: seed the database first (npm run seed).');
  return ids;
}

/**
 * Common words, a word whose matches cluster mid-alphabet, a phone fragment, an email
 * fragment, a term in every row, a two-letter term (no trigram) and one that matches nothing.
 */
const SEARCH_TERMS = [
  'coffee',
  'print',
  'lantern',
  'smith',
  '555-01',
  'example3',
  'example',
  'ab',
  'zzqxv',
  'blue sig',
];
const LIST_SORTS = ['companyName', '-createdAt', '-activeOrdersCount', '-companyName'];

function rotating(items, build) {
  let i = 0;
  return (request) => build(request, items[i++ % items.length]);
}

function scenarios(ids) {
  const run = randomBytes(3).toString('hex');
  let created = 0;
  return [
    {
      name: 'search',
      method: 'GET',
      setupRequest: rotating(SEARCH_TERMS, (req, term) => ({
        ...req,
        path: `/api/v1/customers?search=${encodeURIComponent(term)}`,
      })),
    },
    {
      name: 'list page',
      method: 'GET',
      setupRequest: rotating(LIST_SORTS, (req, sort) => ({
        ...req,
        path: `/api/v1/customers?limit=25&sort=${sort}`,
      })),
    },
    {
      name: 'detail',
      method: 'GET',
      setupRequest: rotating(ids, (req, id) => ({ ...req, path: `/api/v1/customers/${id}` })),
    },
    {
      name: 'create',
      method: 'POST',
      path: '/api/v1/customers',
      setupRequest: (req) => {
        created += 1;
        return {
          ...req,
          body: JSON.stringify({
            companyName: `Bench ${run} ${created}`,
            contactName: 'Bench Runner',
            email: `bench-${run}-${created}@bench.test`,
            phone: '555-0199',
            tags: ['bench'],
          }),
        };
      },
    },
  ];
}

/** Exact percentile of the recorded response times (autocannon itself reports no p95). */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return Math.round(value * 10) / 10;
}

function runScenario(scenario, seconds = duration, url = baseUrl) {
  return new Promise((resolve, reject) => {
    const { name, ...request } = scenario;
    const times = [];
    const instance = autocannon(
      { url, connections, duration: seconds, headers, requests: [request] },
      (error, result) => {
        if (error) return reject(error);
        times.sort((x, y) => x - y);
        resolve({ name, result, times });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

/**
 * The floor runs on this script's Node (process.execPath). Node's own cost differs by half
 * between majors (20 to 24: AsyncLocalStorage without promise hooks, a newer V8), so a ratio
 * is only meaningful when the service runs on the same executable; false when it does not.
 */
function serviceOnFloorRuntime(pid) {
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/exe`)) === realpathSync(process.execPath);
  } catch {
    return undefined;
  }
}

/** Starts the floor server on the service's database; resolves once it listens. */
function startFloor() {
  const child = spawn(process.execPath, [new URL('./bench-floor.mjs', import.meta.url).pathname], {
    env: { ...process.env, DATABASE_URL: floorDatabaseUrl, PORT: String(floorPort) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      if (chunk.toString().includes('floor listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((x, y) => x - y);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round2 = (value) => (value === null ? null : Math.round(value * 100) / 100);
const range = (values) => `${Math.round(Math.min(...values))}-${Math.round(Math.max(...values))}`;

/** One measured run of a scenario against `url`, with the CPU `pid` and PostgreSQL spent. */
async function measure(scenario, url, pid) {
  const before = cpuSample(pid);
  const { result, times } = await runScenario(scenario, duration, url);
  const after = cpuSample(pid);
  const errors = result.non2xx + result.errors + result.timeouts;
  if (errors > 0) {
    console.warn(`${scenario.name} at ${url}: ${errors} non-2xx/errors/timeouts (not a valid run)`);
  }
  const perRequest = (seconds) => (seconds * 1000) / Math.max(1, result.requests.total);
  return {
    reqs: result.requests.average,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    errors,
    cpu: pid ? perRequest(after.service - before.service) : null,
    pgCpu: perRequest(postgresSeconds(before, after)),
  };
}

function summary(runs) {
  return {
    'req/s': Math.round(median(runs.map((r) => r.reqs))),
    'req/s range': range(runs.map((r) => r.reqs)),
    'p50 ms': median(runs.map((r) => r.p50)),
    'p95 ms': median(runs.map((r) => r.p95)),
    'p99 ms': median(runs.map((r) => r.p99)),
    'CPU ms/req': round2(median(runs.map((r) => r.cpu))),
    'PG CPU ms/req': round2(median(runs.map((r) => r.pgCpu))),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

const known = scenarios([]).map((s) => s.name);
const unknown = (only ?? []).filter((name) => !known.includes(name));
if (unknown.length > 0) {
  // A mistyped name would otherwise measure nothing for it, silently.
  console.error(`Unknown BENCH_SCENARIOS: ${unknown.join(', ')} (known: ${known.join(', ')}).`);
  process.exit(2);
}
const ids = await sampleCustomerIds();
const floor = floorDatabaseUrl ? await startFloor() : undefined;
if (floorDatabaseUrl && servicePid && serviceOnFloorRuntime(servicePid) === false) {
  console.error(
    `Warning: the service (pid ${servicePid}) runs on another Node than the floor ` +
      `(${process.execPath}, ${process.version}): run this script with the service's node.`,
  );
}
const floorUrl = `http://127.0.0.1:${floorPort}`;
if (!floor) {
  console.warn('BENCH_DATABASE_URL is not set: measuring the service alone, with no floor ratio.');
}
const rows = [];
try {
  for (const scenario of scenarios(ids).filter((s) => !only || only.includes(s.name))) {
    if (warmup > 0) {
      await runScenario(scenario, warmup);
      if (floor) await runScenario(scenario, warmup, floorUrl);
    }
    const service = [];
    const bare = [];
    for (let round = 0; round < (floor ? rounds : 1); round++) {
      service.push(await measure(scenario, baseUrl, servicePid));
      if (floor) bare.push(await measure(scenario, floorUrl, floor.pid));
    }
    rows.push({ scenario: scenario.name, target: 'service', ...summary(service) });
    if (floor) {
      const ratios = service.map((run, i) => run.reqs / bare[i].reqs);
      rows.push({ scenario: scenario.name, target: 'floor', ...summary(bare) });
      rows.push({
        scenario: scenario.name,
        target: 'ratio',
        'req/s': round2(median(ratios)),
        'req/s range': ratios.map((r) => r.toFixed(2)).join(' '),
      });
    }
  }
} finally {
  floor?.kill('SIGTERM');
}

console.log(
  `\n${baseUrl}: ${connections} connections, ${duration} s per run after ${warmup} s of warm-up` +
    (floor
      ? `, ${rounds} alternating rounds of service and floor (medians; ratio = service req/s / floor req/s per round), floor on Node ${process.version}`
      : '') +
    '\n',
);
const columns = [
  'scenario',
  'target',
  'req/s',
  'req/s range',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'CPU ms/req',
  'PG CPU ms/req',
  'errors',
];
console.log(`| ${columns.join(' | ')} |`);
console.log(
  `|---|---|${columns
    .slice(2)
    .map(() => '---:|')
    .join('')}`,
);
for (const row of rows)
  console.log(`| ${columns.map((column) => row[column] ?? '').join(' | ')} |`);
