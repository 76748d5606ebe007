/**
 * The browser suite's harness: the real built service (node dist/main.js) with the built web
 * app, on a fresh migrated PostgreSQL database, driven by Debian's Chromium through
 * playwright-core (no browser download).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { builtWebApp } from './built-web-app';
import { builtService, type ServiceProcess, startServiceProcess } from './built-service';
import { freshDatabaseEnv } from './test-database';
import { TEST_ADMIN_KEY } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const ADMIN_EMAIL = 'ana@shop.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';
export const ADMIN_NAME = 'Ana';

/** Screenshots land here (gitignored); look at them. */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-results', 'screenshots');

export const VIEWPORTS = {
  phone: { width: 360, height: 800 },
  tablet: { width: 768, height: 1024 },
  desktop: { width: 1440, height: 900 },
} as const;

/** For the beforeAll that starts everything (both builds on a cold cache). */
export const BROWSER_SETUP_TIMEOUT_MS = 300_000;

export interface BrowserRig {
  service: ServiceProcess;
  baseUrl: string;
  browser: Browser;
  /** An API call as the bootstrap admin key (to arrange data quickly). */
  api(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  close(): Promise<void>;
}

export async function startBrowserRig(env: Record<string, string> = {}): Promise<BrowserRig> {
  const [webDir] = await Promise.all([builtWebApp(), builtService()]);
  const workDir = mkdtempSync(join(tmpdir(), 'cms-browser-'));
  const service = await startServiceProcess(
    {
      ...(await freshDatabaseEnv(join(workDir, 'data'))),
      BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BOOTSTRAP_ADMIN_NAME: ADMIN_NAME,
      WEB_APP_DIR: webDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    workDir,
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    service,
    baseUrl: service.baseUrl,
    browser,
    api: (method, path, body, headers = {}) =>
      fetch(`${service.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${TEST_ADMIN_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      await browser.close();
      service.child.kill('SIGTERM');
      await service.exited;
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** A fresh context (cookies, storage) and page; errors in the page fail the test. */
export async function newPage(
  rig: BrowserRig,
  options: { viewport?: { width: number; height: number }; theme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await rig.browser.newContext({
    baseURL: rig.baseUrl,
    viewport: options.viewport ?? VIEWPORTS.desktop,
    colorScheme: options.theme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // CSP violations and React errors surface as console errors.
    if (message.type() === 'error' && !/status of (401|404|409|412|400)/.test(message.text()))
      errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

export async function signIn(
  page: Page,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
}

/** WCAG 2.2 A/AA violations on the page as it is now (dialogs included when open). */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Whether the page scrolls sideways (it must not, at any size). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // A string: this project's Node type-check has no DOM types.
  return Number(
    await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    ),
  );
}

/** Polls until the value read equals the expected one (the UI updates asynchronously). */
export async function expectEventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 5000;
  let value = await read();
  while (!isDeepStrictEqual(value, expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toEqual(expected);
}
