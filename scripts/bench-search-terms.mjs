// The search term table (`npm run bench:search`; a script, not a timed test): every term of a
// broad list searched through the API by one client, best of BENCH_RUNS (3), with its total.
// Terms: common and rare words, no-match strings, 2- and 3-letter fragments, digits and phone
// fragments, email fragments and domains, terms matching ~1%, 5%, 20% and 100% of the seeded
// customers, clustered in the sort order (an adjective starts the company name) and spread.
//   npm run seed -- --customers 1000000      # on BENCH's DATABASE_URL, then npm start
//   BENCH_URL=http://127.0.0.1:3000 BENCH_API_KEY=<key> npm run bench:search
const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const apiKey = process.env.BENCH_API_KEY;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const limitMs = Number(process.env.BENCH_SEARCH_LIMIT_MS ?? 150);
if (!apiKey) {
  console.error('Set BENCH_API_KEY to an API key (and BENCH_URL if not :3000).');
  process.exit(2);
}

/** [term, what it stands for]: the seed's vocabulary (src/database/seed-cli.ts) decides shares. */
const TERMS = [
  ['lantern', 'word, 5%, clustered mid-alphabet'],
  ['coffee', 'word, 4%, spread'],
  ['smith', 'contact surname, 7%, spread'],
  ['john', 'first name + Johnson, ~15%'],
  ['llc', 'suffix, 12.5%'],
  ['co', '2 letters, most rows'],
  ['ab', '2 letters, no match'],
  ['zq', '2 letters, no match'],
  ['ee', '2 letters, some rows'],
  ['e0', '2 characters, 1%'],
  ['00', '2 digits, ~3%'],
  ['cof', '3 letters, 4%'],
  ['zqx', '3 letters, no match'],
  ['example', 'email domain, 100%'],
  ['.test', 'email suffix, 100%'],
  ['example42.test', 'email domain, 1%'],
  ['contact12345.', 'email fragment, 1 row'],
  ['contact1234', 'email fragment, ~11 rows'],
  ['555', 'phone digits, 80%'],
  ['555-01', 'phone fragment, 0.8%'],
  ['0123', 'digits, phone and numbers'],
  ['12345', 'digits, a few rows'],
  ['pioneer pets', 'two words, 0.2%'],
  ['blue sig', 'two words (one partial), 0.2%'],
  ['zzqxv', 'no match'],
  ['müller', 'non-ASCII surname, 7%'],
];

async function search(term) {
  const url = `${baseUrl}/api/v1/customers?search=${encodeURIComponent(term)}`;
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  const body = await response.json();
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`${term}: ${response.status} ${JSON.stringify(body)}`);
  return { ms, total: body.total, totalExact: body.totalExact, rows: body.data.length };
}

const results = [];
for (const [term, kind] of TERMS) {
  let best;
  for (let i = 0; i < runs; i++) {
    const result = await search(term);
    if (!best || result.ms < best.ms) best = result;
  }
  results.push({ term, kind, ...best });
}
console.log(`| term | what | ms (best of ${runs}) | total | exact | rows |`);
console.log('|---|---|---:|---:|---|---:|');
for (const r of results)
  console.log(
    `| ${r.term} | ${r.kind} | ${r.ms.toFixed(0)} | ${r.total} | ${r.totalExact} | ${r.rows} |`,
  );
const slow = results.filter((r) => r.ms > limitMs);
console.log(
  slow.length === 0
    ? `Every term answered in ≤ ${limitMs} ms (slowest: ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms).`
    : `${slow.length} term(s) over ${limitMs} ms: ${slow.map((r) => `${r.term} (${r.ms.toFixed(0)} ms)`).join(', ')}.`,
);
