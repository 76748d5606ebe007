import { randomUUID } from 'node:crypto';
import { assertMatchesContract } from './support/contract-validator';
import { createTestApp, TEST_ADMIN_KEY, type TestApp } from './support/test-app';

/**
 * Clients that send `Content-Type: application/json` (or any other type) on every request,
 * bodiless ones included, as generated SDKs and fetch wrappers do (issue 15.1). Sent with fetch,
 * as those clients send them: an empty body framed by `Content-Length: 0`, or chunked with no
 * chunk at all. Every answer is checked against the contract.
 */

/** How the empty body goes on the wire. */
type Framing = 'no body' | 'content-length: 0' | 'chunked, empty';
const FRAMINGS: Framing[] = ['no body', 'content-length: 0', 'chunked, empty'];
/** undefined: no Content-Type header at all. */
const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/xml',
];

interface Answer {
  status: number;
  body: { code?: string; errors?: unknown[]; [key: string]: unknown } | null;
}

describe('Empty bodies, whatever their Content-Type', () => {
  let t: TestApp;
  let managerKey: string;
  beforeAll(async () => {
    t = await createTestApp();
    managerKey = await t.createKey('manager', 'empty-bodies-manager');
  });
  afterAll(() => t.close());

  const send = async (
    method: string,
    path: string,
    options: { key?: string; contentType?: string; framing?: Framing; body?: string } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${options.key ?? TEST_ADMIN_KEY}`,
    };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (options.body !== undefined) init.body = options.body;
    else if (options.framing === 'content-length: 0') init.body = '';
    else if (options.framing === 'chunked, empty') {
      init.body = new ReadableStream({ start: (controller) => controller.close() });
      init.duplex = 'half';
    }
    const response = await fetch(`${t.baseUrl}${path}`, init);
    const text = await response.text();
    assertMatchesContract({
      method,
      path,
      status: response.status,
      headers: response.headers,
      body: text,
    });
    return { status: response.status, body: text ? (JSON.parse(text) as Answer['body']) : null };
  };

  const newCustomer = async (): Promise<string> => {
    const res = await t.manager
      .post('/api/v1/customers')
      .send({
        companyName: 'Empty Body Embroidery',
        contactName: 'Eve Empty',
        email: `eve-${randomUUID()}@example.com`,
      })
      .expect(201);
    return (res.body as { id: string }).id;
  };

  const variants = CONTENT_TYPES.flatMap((contentType) =>
    FRAMINGS.map((framing) => ({ contentType, framing })),
  );
  const label = (v: { contentType?: string; framing: Framing }) =>
    `${v.contentType ?? 'no Content-Type'}, ${v.framing}`;

  describe.each(variants)('bodiless operations ($contentType, $framing)', (variant) => {
    const { contentType, framing } = variant;

    it(`archives and restores a customer (${label(variant)})`, async () => {
      const id = await newCustomer();
      const archived = await send('DELETE', `/api/v1/customers/${id}`, {
        key: managerKey,
        contentType,
        framing,
      });
      expect(archived).toMatchObject({ status: 200, body: { id, status: 'archived' } });
      const restored = await send('POST', `/api/v1/customers/${id}/restore`, {
        key: managerKey,
        contentType,
        framing,
      });
      expect(restored).toMatchObject({ status: 200, body: { id, status: 'active' } });
    });

    it(`revokes an API key (${label(variant)})`, async () => {
      const key = await t.createKey('viewer');
      const listed = await t.admin.get('/api/v1/api-keys').expect(200);
      const { id } = (listed.body as { data: { id: string; keyPrefix: string }[] }).data.find(
        (item) => key.startsWith(item.keyPrefix),
      )!;
      const revoked = await send('DELETE', `/api/v1/api-keys/${id}`, { contentType, framing });
      expect(revoked).toMatchObject({ status: 200, body: { id } });
      expect(revoked.body?.revokedAt).toEqual(expect.any(String));
    });

    it(`reaches the import cancel handler (${label(variant)})`, async () => {
      const answer = await send('POST', `/api/v1/imports/${randomUUID()}/cancel`, {
        contentType,
        framing,
      });
      expect(answer).toMatchObject({ status: 404, body: { code: 'import_not_found' } });
    });
  });

  // A GET cannot carry a body in fetch: only the header varies.
  it.each(CONTENT_TYPES.map((contentType) => [contentType ?? 'no Content-Type', contentType]))(
    'reads (GET) as usual with %s',
    async (_name, contentType) => {
      const id = await newCustomer();
      expect(await send('GET', `/api/v1/customers/${id}`, { contentType })).toMatchObject({
        status: 200,
        body: { id },
      });
      expect(await send('GET', '/api/v1/customers?limit=1', { contentType })).toMatchObject({
        status: 200,
      });
      expect(await send('GET', '/api/v1/api-keys', { contentType })).toMatchObject({
        status: 200,
      });
    },
  );

  describe('operations that take a body answer an empty one as they answer {}', () => {
    const BODY_TAKING = [
      { method: 'POST', path: '/api/v1/customers' },
      { method: 'POST', path: '/api/v1/api-keys' },
      { method: 'POST', path: '/api/v1/work-orders' },
      { method: 'PUT', path: '/api/v1/customers/{id}' },
    ];
    let customerId = '';
    beforeAll(async () => {
      customerId = await newCustomer();
    });

    it.each(BODY_TAKING.map((op) => [`${op.method} ${op.path}`, op] as const))(
      '%s: 400 validation_failed naming the missing fields, as for {}',
      async (_name, op) => {
        const path = op.path.replace('{id}', customerId);
        const asEmptyObject = await send(op.method, path, {
          contentType: 'application/json',
          body: '{}',
        });
        expect(asEmptyObject.status).toBe(400);
        expect(asEmptyObject.body?.code).toBe('validation_failed');
        expect(asEmptyObject.body?.errors?.length).toBeGreaterThan(0);
        for (const variant of variants) {
          const empty = await send(op.method, path, variant);
          expect({ variant: label(variant), status: empty.status, code: empty.body?.code }).toEqual(
            { variant: label(variant), status: 400, code: 'validation_failed' },
          );
          expect(empty.body?.errors).toEqual(asEmptyObject.body?.errors);
        }
      },
    );

    it('PATCH answers an empty body as it answers {}', async () => {
      const path = `/api/v1/customers/${customerId}`;
      const asEmptyObject = await send('PATCH', path, {
        key: managerKey,
        contentType: 'application/json',
        body: '{}',
      });
      for (const variant of variants) {
        const empty = await send('PATCH', path, { key: managerKey, ...variant });
        expect({ variant: label(variant), status: empty.status, code: empty.body?.code }).toEqual({
          variant: label(variant),
          status: asEmptyObject.status,
          code: asEmptyObject.body?.code,
        });
      }
    });

    it('still refuses malformed JSON and a non-empty body of an unknown type', async () => {
      const malformed = await send('POST', '/api/v1/customers', {
        contentType: 'application/json',
        body: '{"companyName":',
      });
      expect(malformed).toMatchObject({ status: 400, body: { code: 'malformed_json' } });
      const xml = await send('POST', '/api/v1/customers', {
        contentType: 'application/xml',
        body: '<customer/>',
      });
      expect(xml).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
      const archive = await send('DELETE', `/api/v1/customers/${customerId}`, {
        key: managerKey,
        contentType: 'application/xml',
        body: '<why/>',
      });
      expect(archive).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
    });
  });
});
