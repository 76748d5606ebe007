/* global document, location, HTMLInputElement, Event, MutationObserver, requestAnimationFrame */
// The web app's front-end benchmark (`npm run bench:web`; a script, not a timed test):
//   1. initial JS and CSS of the first screen, gzipped (what index.html loads; lazy screens apart);
//   2. time from pressing "Sign in" to the first customer rows on screen;
//   3. search-as-you-type: from the last keystroke to the updated rows, p50/p95 over the terms.
// Against a running service that serves the built app, on a seeded database, e.g.
//   npm run seed -- --customers 10000 --orders 1000000 && npm start
//   BENCH_URL=http://127.0.0.1:3000 BENCH_EMAIL=... BENCH_PASSWORD=... npm run bench:web
// Chromium: Debian's /usr/bin/chromium through playwright-core (as the browser suite).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const baseUrl = (process.env.BENCH_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const email = process.env.BENCH_EMAIL;
const password = process.env.BENCH_PASSWORD;
const dist = process.env.WEB_DIST ?? join(import.meta.dirname, '..', 'web', 'dist');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const TERMS = [
  'coffee',
  'print',
  'lantern',
  'smith',
  '555-01',
  'example3',
  'blue sig',
  'zzqxv',
  'cedar',
  'harbor',
];
// Typing speed of a quick typist (ms between keys).
const KEY_DELAY_MS = Number(process.env.BENCH_KEY_DELAY_MS ?? 80);

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

function bundleSizes() {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1],
  );
  const size = { js: 0, css: 0, jsRaw: 0, cssRaw: 0 };
  for (const file of new Set(files)) {
    const bytes = readFileSync(join(dist, file));
    const kind = file.endsWith('.css') ? 'css' : 'js';
    size[kind] += gzipSync(bytes).length;
    size[`${kind}Raw`] += bytes.length;
  }
  return { ...size, files: [...new Set(files)] };
}

const sizes = bundleSizes();
console.log(
  `First screen: JS ${kb(sizes.js)} gzip (${kb(sizes.jsRaw)} raw), CSS ${kb(sizes.css)} gzip (${kb(sizes.cssRaw)} raw)`,
);
console.log(`  files: ${sizes.files.join(', ')}`);

if (!email || !password) {
  console.log(
    'BENCH_EMAIL / BENCH_PASSWORD not set: skipping the timings (they need a signed-in person).',
  );
  process.exit(0);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const firstList = [];
  let page;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1440, height: 900 },
    });
    page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    const button = page.getByRole('button', { name: 'Sign in' });
    const start = await page.evaluate(() => performance.now());
    await button.click();
    await page.getByRole('table', { name: 'Customers' }).getByRole('link').first().waitFor();
    firstList.push((await page.evaluate(() => performance.now())) - start);
    if (i < runs - 1) await context.close();
  }
  console.log(
    `First list after sign-in: p50 ${pct(firstList, 50).toFixed(0)} ms, max ${Math.max(...firstList).toFixed(0)} ms (${runs} runs)`,
  );

  // Search: type each term as a person does, then time last keystroke → rows for that term.
  const search = page.getByLabel('Search');
  const latencies = [];
  for (let round = 0; round < 3; round++) {
    for (const term of TERMS) {
      await search.fill('');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
      await page
        .getByRole('status')
        .filter({ hasText: /^\d[\d,]* customers?$/ })
        .waitFor();
      await search.pressSequentially(term.slice(0, -1), { delay: KEY_DELAY_MS });
      await page.waitForTimeout(KEY_DELAY_MS);
      const elapsed = await page.evaluate(
        ([term, last]) =>
          new Promise((resolve) => {
            const box = document.querySelector('input[type=search]');
            const status = () =>
              document.querySelector('.list-summary [role=status]')?.textContent ?? '';
            const done = () =>
              status().includes(`matching “${term}”`) && !status().includes('updating');
            const start = performance.now();
            // What a keystroke does for React: the native value setter, then an input event.
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
            setter.call(box, box.value + last);
            box.dispatchEvent(new Event('input', { bubbles: true }));
            const observer = new MutationObserver(() => {
              if (done()) {
                observer.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - start));
              }
            });
            observer.observe(document.body, {
              subtree: true,
              childList: true,
              characterData: true,
            });
          }),
        [term, term.slice(-1)],
      );
      latencies.push(elapsed);
    }
  }
  console.log(
    `Search as you type (last keystroke → updated rows, ${latencies.length} searches): p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`,
  );
} finally {
  await browser.close();
}
