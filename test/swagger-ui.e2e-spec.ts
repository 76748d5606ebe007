import { createTestApp, type TestApp } from './support/test-app';

/**
 * Swagger UI under the helmet CSP (`script-src 'self'`): the page, every script and stylesheet
 * it loads, and the init script carrying the document (with the API key security scheme that
 * the Authorize button uses) are served, and the page has no inline script the CSP would block.
 */
describe('Swagger UI at /docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function get(path: string) {
    // Resolved as a browser on the page /docs resolves its links.
    const res = await fetch(new URL(path, `${t.baseUrl}/docs`));
    return { res, text: await res.text() };
  }

  it('serves the page with a CSP that allows only its own scripts, and no inline script', async () => {
    const { res, text } = await get('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'unsafe-eval'");
    const scripts = [...text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="[^"]+"/);
      expect(body.trim()).toBe('');
    }
  });

  it('serves every script and stylesheet the page references, from its own origin', async () => {
    const { text } = await get('/docs');
    const assets = [
      ...[...text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]),
      ...[...text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
    ];
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/swagger-ui-init\.js$/)]));
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const { res, text: body } = await get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers.get('content-type')).toMatch(
        asset.endsWith('.css') ? /^text\/css/ : /javascript/,
      );
      expect(body.length).toBeGreaterThan(0);
    }
  });

  it('initialises with the contract, its API key scheme and persisted authorization', async () => {
    const { res, text } = await get('/docs/swagger-ui-init.js');
    expect(res.status).toBe(200);
    expect(text).toContain('"title": "Shop customers API"');
    expect(text).toMatch(/"apiKey":\s*\{[^}]*"scheme":\s*"bearer"/);
    expect(text).toContain('"persistAuthorization": true');
    expect(text).toContain('"operationId": "createCustomer"');
  });
});
