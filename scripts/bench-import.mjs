#!/usr/bin/env node
// Import benchmark: generates a CSV of N customers, uploads it to a running service, follows the
// job to the end, and prints rows/s, the service's peak RSS and the customer list's latency
// while the import runs.
//
//   npm run bench:import -- --rows 100000 --key <admin key> [--url http://127.0.0.1:3000]
//                           [--pid <service pid>] [--probe true|false] [--shape lean|wide]
//
// --pid: the service's process id; its peak RSS is read from /proc/<pid>/status (VmHWM) and
// its current RSS sampled every 100 ms. Without it no memory figure is printed.
// --probe: request the customer list back to back while the import runs (default true).
// --shape: lean (default: company, contact, email; ~40 bytes a row, so 1,000,000 rows stay
// under the default 50 MB IMPORT_MAX_FILE_BYTES) or wide (also phone, tags and a quoted
// company with a comma; ~100 bytes a row). The script prints the IMPORT_MAX_FILE_BYTES a
// file needs when it is over the default.
// rowsPerSecond counts from the upload to the end; processingRowsPerSecond from the job's
// startedAt to its finishedAt (the worker alone, without the upload and its checks).
import { createWriteStream, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    url: { type: 'string', default: process.env.BENCH_URL ?? 'http://127.0.0.1:3000' },
    key: { type: 'string', default: process.env.API_KEY },
    pid: { type: 'string' },
    probe: { type: 'string', default: 'true' },
    shape: { type: 'string', default: 'lean' },
  },
});
const DEFAULT_MAX_FILE_BYTES = 52_428_800;
const rows = Number(values.rows);
if (
  !values.key ||
  !Number.isInteger(rows) ||
  rows < 1 ||
  !['lean', 'wide'].includes(values.shape)
) {
  console.error(
    'usage: npm run bench:import -- --rows N --key ADMIN_KEY [--url URL] [--pid PID] [--probe true|false] [--shape lean|wide]',
  );
  process.exit(2);
}
const headers = { authorization: `Bearer ${values.key}` };

function memoryKb(field) {
  if (!values.pid) return undefined;
  const status = readFileSync(`/proc/${values.pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : undefined;
}

async function generate(path) {
  const out = createWriteStream(path);
  // Unique per run (a re-run creates, not skips); short, for the lean shape.
  const run = Date.now().toString(36).slice(-5);
  const write = (text) =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve));
  if (values.shape === 'lean') {
    await write('Company,Contact,Email\n');
    for (let i = 1; i <= rows; i++) await write(`Shop ${i},P${i},${run}.${i}@b.example\n`);
  } else {
    await write('Company Name,Contact Name,Email,Phone,Tags,Billing City\n');
    for (let i = 1; i <= rows; i++) {
      await write(
        `"Shop ${i}, Ltd.",Person ${i},bench-${run}-${i}@example.com,555-${String(i % 10000).padStart(4, '0')},"embroidery, vip",City ${i % 100}\n`,
      );
    }
  }
  await new Promise((resolve) => out.end(resolve));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const file = join(tmpdir(), `bench-import-${process.pid}.csv`);
try {
  let started = Date.now();
  await generate(file);
  const blob = await openAsBlob(file, { type: 'text/csv' });
  console.log(
    `generated ${rows} rows, ${(blob.size / 1048576).toFixed(1)} MB in ${Date.now() - started} ms`,
  );
  const neededLimit = `start the service with IMPORT_MAX_FILE_BYTES=${blob.size} (or more)`;
  if (blob.size > DEFAULT_MAX_FILE_BYTES) {
    console.log(`the file is over the default 50 MB upload limit: ${neededLimit}`);
  }

  let peakRss = memoryKb('VmRSS') ?? 0;
  const sampler = setInterval(() => {
    const rss = memoryKb('VmRSS');
    if (rss !== undefined && rss > peakRss) peakRss = rss;
  }, 100);

  const form = new FormData();
  form.append('file', blob, 'bench.csv');
  started = Date.now();
  const res = await fetch(`${values.url}/api/v1/customers/import`, {
    method: 'POST',
    headers,
    body: form,
  });
  const body = await res.json();
  if (res.status !== 202) {
    console.error(`upload answered ${res.status}:`, body);
    if (res.status === 413 && body.code === 'payload_too_large') console.error(neededLimit);
    process.exit(1);
  }
  const uploadedMs = Date.now() - started;
  console.log(`uploaded in ${uploadedMs} ms; import ${body.id}`);

  // The customer list, one request after another, while the import runs.
  const latencies = [];
  let importing = true;
  const probe = (async () => {
    if (values.probe !== 'true') return;
    while (importing) {
      const t0 = performance.now();
      const list = await fetch(`${values.url}/api/v1/customers?limit=25`, { headers });
      await list.arrayBuffer();
      latencies.push(performance.now() - t0);
    }
  })();

  let job = body;
  while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    job = await (await fetch(`${values.url}/api/v1/imports/${body.id}`, { headers })).json();
  }
  const totalMs = Date.now() - started;
  importing = false;
  await probe;
  clearInterval(sampler);

  const seconds = totalMs / 1000;
  // The worker alone, by the service's own clock.
  const processingMs =
    job.startedAt && job.finishedAt ? Date.parse(job.finishedAt) - Date.parse(job.startedAt) : NaN;
  const sorted = [...latencies].sort((a, b) => a - b);
  const hwm = memoryKb('VmHWM');
  console.log(
    JSON.stringify(
      {
        rows,
        status: job.status,
        created: job.created,
        failed: job.failed,
        uploadMs: uploadedMs,
        totalMs,
        processingMs,
        rowsPerSecond: Math.round(rows / seconds),
        processingRowsPerSecond:
          processingMs > 0 ? Math.round(job.processedRows / (processingMs / 1000)) : undefined,
        peakRssMb: hwm !== undefined ? Math.round(Math.max(hwm, peakRss) / 1024) : undefined,
        listWhileImporting:
          sorted.length > 0
            ? {
                requests: sorted.length,
                p50Ms: Number(percentile(sorted, 50).toFixed(1)),
                p95Ms: Number(percentile(sorted, 95).toFixed(1)),
                p99Ms: Number(percentile(sorted, 99).toFixed(1)),
              }
            : undefined,
      },
      null,
      2,
    ),
  );
  if (job.status !== 'completed') process.exitCode = 1;
} finally {
  rmSync(file, { force: true });
}
