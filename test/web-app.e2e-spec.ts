import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/test-app';

// A stand-in for web/dist (what vite build writes): the serving rules, not the app itself, are
// under test here; the browser suite runs the real build.
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-AbC123.js"></script></head><body><div id="root"></div></body></html>';

describe('The web app served at / (src/web-app)', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'cms-web-dist-'));

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1);');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ WEB_APP_DIR: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every app route (SPA fallback), never cached, under the strict CSP', async () => {
    for (const path of [
      '/',
      '/customers',
      '/customers/0b9c-anything/edit?x=1',
      '/imports/new',
      '/admin/people',
      '/sign-in',
      '/setup?token=abc',
    ]) {
      const response = await fetch(`${t.baseUrl}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets for a year (immutable) and other files uncached', async () => {
    const asset = await fetch(`${t.baseUrl}/assets/index-AbC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toBe('console.log(1);');
    const icon = await fetch(`${t.baseUrl}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves /api, /docs and /health alone: an unknown /api path is still a problem+json 404', async () => {
    const missing = await fetch(`${t.baseUrl}/api/v1/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await missing.json()) as { code: string }).code).toBe('not_found');

    const unknownAsset = await fetch(`${t.baseUrl}/assets/missing-123.js`);
    expect(unknownAsset.status).toBe(404);
    expect(unknownAsset.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    const docs = await fetch(`${t.baseUrl}/docs-json`);
    expect(docs.status).toBe(200);
    expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    expect((await t.admin.get('/api/v1/customers')).status).toBe(200);
  });
});

describe('A service built without the web app', () => {
  it('answers / with a 404 problem instead of failing to start', async () => {
    const t = await createTestApp({ WEB_APP_DIR: join(tmpdir(), 'cms-no-web-app-here') });
    try {
      const response = await fetch(`${t.baseUrl}/customers`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await t.close();
    }
  });
});
