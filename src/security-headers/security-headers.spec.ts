import Fastify from 'fastify';
import { registerSecurityHeaders, securityHeaders } from './security-headers';

describe('security headers', () => {
  it("replays helmet's headers on every response", async () => {
    const app = Fastify();
    registerSecurityHeaders(app);
    app.get('/', async () => ({ ok: true }));
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
    await app.close();
  });

  it('are constants: helmet sets the same list every time', () => {
    expect(securityHeaders()).toEqual(securityHeaders());
    expect(securityHeaders().set.map(([name]) => name)).toHaveLength(12);
    expect(securityHeaders().removed).toEqual(['X-Powered-By']);
  });
});
