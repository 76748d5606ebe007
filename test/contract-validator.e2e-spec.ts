import type { ApiKeyListDto } from '../sdk/src/generated/types.gen';
import { ApiKeysService } from '../src/auth/api-keys.service';
import type { ApiKeyRole } from '../src/request-context/request-context';
import { ProblemException } from '../src/problem/problem.exception';
import {
  assertMatchesContract,
  ContractValidator,
  ContractViolation,
  contractCheckedFetch,
  type ObservedResponse,
} from './support/contract-validator';
import { createTestApp, json, type TestApp } from './support/test-app';

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  additionalProperties: true,
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'number' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: ['string', 'null'] },
    instance: { type: 'string' },
  },
};

/** A small contract of its own, so these cases do not move with the real one. */
const validator = new ContractValidator({
  openapi: '3.1.0',
  paths: {
    '/things/{id}': {
      get: {
        operationId: 'getThing',
        responses: {
          '200': {
            headers: {
              ETag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } },
              'X-Count': { schema: { type: 'integer', minimum: 0 } },
            },
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } },
            },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } },
    },
    '/things/export.csv': {
      get: {
        operationId: 'exportThings',
        responses: { '200': { content: { 'text/csv': { schema: { type: 'string' } } } } },
      },
    },
  },
  components: {
    headers: {
      'X-Request-Id': { $ref: '#/components/headers/RequestId' },
      RequestId: { required: true, schema: { type: 'string', maxLength: 8 } },
    },
    responses: {
      NotFound: { $ref: '#/components/responses/Problem404' },
      Problem404: {
        headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } },
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
          },
        },
      },
    },
    schemas: {
      ProblemDetailsDto: problem,
      ThingDto: {
        type: 'object',
        required: ['id', 'createdAt', 'note', 'status'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          createdAt: { type: 'string', format: 'date-time' },
          note: { type: ['string', 'null'] },
          status: { type: 'string', enum: ['active', 'archived'] },
          owner: { oneOf: [{ $ref: '#/components/schemas/OwnerDto' }, { type: 'null' }] },
        },
      },
      OwnerDto: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', maxLength: 10 } },
      },
    },
  },
});

const thing = {
  id: '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001',
  createdAt: '2026-11-22T08:00:00.000Z',
  note: null,
  status: 'active',
  owner: { name: 'Sarah' },
};

function observed(overrides: Partial<ObservedResponse> & { body?: unknown }): ObservedResponse {
  const { body, ...rest } = overrides;
  return {
    method: 'GET',
    url: `/things/${thing.id}?expand=owner`,
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', etag: '"3"' },
    text: JSON.stringify(body ?? thing),
    ...rest,
  };
}

describe('ContractValidator', () => {
  it('accepts a response that honours the contract (nullable values, $ref, headers, query)', () => {
    expect(validator.violations(observed({}))).toEqual([]);
    expect(validator.violations(observed({ body: { ...thing, owner: null, note: 'x' } }))).toEqual(
      [],
    );
  });

  it('rejects a date sent as a number', () => {
    const found = validator.violations(observed({ body: { ...thing, createdAt: 1795334334651 } }));
    expect(found).toEqual(['body/createdAt must be string (got 1795334334651)']);
    expect(() =>
      validator.assertResponse(observed({ body: { ...thing, createdAt: 1795334334651 } })),
    ).toThrow(ContractViolation);
  });

  it('rejects a malformed date-time, uuid and enum value', () => {
    const found = validator.violations(
      observed({ body: { ...thing, createdAt: '22/11/2026', id: 'x', status: 'deleted' } }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^body\/createdAt must match format "date-time"/),
        expect.stringMatching(/^body\/id must match format "uuid"/),
        expect.stringMatching(/^body\/status must be equal to one of the allowed values/),
      ]),
    );
  });

  it('rejects an undeclared status with the declared ones in the message', () => {
    expect(validator.violations(observed({ status: 418 }))).toEqual([
      'status 418 is not declared for getThing (declared: 200, 404)',
    ]);
  });

  it('rejects an undeclared field, a missing required field and null where null is not allowed', () => {
    const { note: _note, ...withoutNote } = thing;
    expect(validator.violations(observed({ body: { ...thing, secret: 'hash' } }))).toEqual([
      'body has a field "secret" the contract does not declare',
    ]);
    expect(validator.violations(observed({ body: withoutNote }))).toEqual([
      "body must have required property 'note'",
    ]);
    expect(validator.violations(observed({ body: { ...thing, status: null } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^body\/status must be string/)]),
    );
    expect(
      validator.violations(observed({ body: { ...thing, owner: { name: 'x'.repeat(11) } } })),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^body\/owner\/name must NOT have/)]));
  });

  it('checks declared headers: required ones present, values of the declared type', () => {
    expect(
      validator.violations(observed({ headers: { 'content-type': 'application/json' } })),
    ).toEqual(['required header ETag is missing']);
    expect(
      validator.violations(
        observed({
          headers: { 'content-type': 'application/json', etag: 'W/"x"', 'x-count': 'many' },
        }),
      ),
    ).toEqual([
      'header ETag must match pattern "^"\\d+"$"',
      'header X-Count must be integer (got "many")',
    ]);
  });

  it('follows $refs to shared responses and headers, through chains of them', () => {
    const notFound = {
      type: 'urn:problem-type:not_found',
      title: 'Not found',
      status: 404,
      detail: 'No such thing.',
      code: 'not_found',
      requestId: 'r1',
    };
    const problemHeaders = { 'content-type': 'application/problem+json', 'x-request-id': 'r1' };
    const notFoundResponse = (headers: Record<string, string>, body: object) =>
      observed({ status: 404, headers, body });
    expect(validator.violations(notFoundResponse(problemHeaders, notFound))).toEqual([]);
    expect(
      validator.violations(
        notFoundResponse({ 'content-type': 'application/problem+json' }, { message: 'nope' }),
      ),
    ).toEqual([
      'required header X-Request-Id is missing',
      "body must have required property 'type'",
      "body must have required property 'title'",
      "body must have required property 'status'",
      "body must have required property 'detail'",
      "body must have required property 'code'",
      "body must have required property 'requestId'",
    ]);
    expect(
      validator.violations(
        notFoundResponse({ ...problemHeaders, 'x-request-id': 'much-too-long' }, notFound),
      ),
    ).toEqual(['header X-Request-Id must NOT have more than 8 characters']);
  });

  it('rejects an undeclared content type, a body where none is declared and a missing body', () => {
    expect(
      validator.violations(observed({ headers: { 'content-type': 'text/html', etag: '"1"' } })),
    ).toEqual(['content type text/html is not declared (declared: application/json)']);
    expect(
      validator.violations(observed({ method: 'DELETE', status: 204, text: '{"ok":true}' })),
    ).toEqual(['a body was sent but the contract declares none']);
    expect(validator.violations(observed({ method: 'DELETE', status: 204, text: '' }))).toEqual([]);
    expect(validator.violations(observed({ text: '' }))).toEqual([
      'the contract declares a body (application/json) but none was sent',
    ]);
  });

  it('prefers a literal path over a template and accepts a declared non-JSON body', () => {
    expect(
      validator.violations({
        method: 'GET',
        url: 'http://127.0.0.1:3000/things/export.csv',
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        text: 'id,note\n1,x\n',
      }),
    ).toEqual([]);
  });

  it('lets a route outside the contract answer only a 404 or 405 problem', () => {
    const notFound = {
      type: 'urn:problem-type:not_found',
      title: 'Not found',
      status: 404,
      detail: 'Route GET:/nope not found',
      code: 'not_found',
      requestId: 'r1',
      instance: '/nope',
    };
    const base = {
      method: 'GET',
      url: '/nope',
      headers: { 'content-type': 'application/problem+json' },
    };
    expect(validator.violations({ ...base, status: 404, text: JSON.stringify(notFound) })).toEqual(
      [],
    );
    expect(validator.violations({ ...base, status: 200, text: JSON.stringify(notFound) })).toEqual([
      'GET /nope is not in the contract, yet it answered 200 (regenerate openapi.yaml if the route is new)',
    ]);
    expect(
      validator.violations({
        ...base,
        method: 'POST',
        url: `/things/${thing.id}`,
        status: 404,
        text: JSON.stringify(notFound),
      }),
    ).toEqual([]);
    expect(
      validator.violations({ ...base, status: 404, text: JSON.stringify({ message: 'nope' }) }),
    ).toEqual(expect.arrayContaining(["body must have required property 'code'"]));
  });
});

/** A customer with a nullable address, as the contract said it before and says it now. */
function customerContract(openapi: string, address: object): ContractValidator {
  return new ContractValidator({
    openapi,
    paths: {
      '/customers/{id}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/CustomerDto' } },
              },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        AddressDto: {
          type: 'object',
          required: ['line1', 'city'],
          properties: { line1: { type: 'string' }, city: { type: 'string' } },
        },
        CustomerDto: {
          type: 'object',
          required: ['id', 'billingAddress'],
          properties: { id: { type: 'string' }, billingAddress: address },
        },
      },
    },
  });
}

describe('ContractValidator: the strict reading of each OpenAPI version', () => {
  const customer = (billingAddress: unknown) =>
    observed({ url: '/customers/c1', headers: json, body: { id: 'c1', billingAddress } });
  const address = { line1: '12 Bean Street', city: 'Portland' };
  const json = { 'content-type': 'application/json' };
  const addressRef = { $ref: '#/components/schemas/AddressDto' };

  it('3.1: a null address is valid, an address of the wrong type or shape is not', () => {
    const v31 = customerContract('3.1.0', { oneOf: [addressRef, { type: 'null' }] });
    expect(v31.violations(customer(null))).toEqual([]);
    expect(v31.violations(customer(address))).toEqual([]);
    expect(v31.violations(customer('12 Bean Street, Portland'))).toEqual(
      expect.arrayContaining([
        'body/billingAddress must be object (got "12 Bean Street, Portland")',
      ]),
    );
    expect(v31.violations(customer({ line1: 12, city: 'Portland' }))).toEqual(
      expect.arrayContaining(['body/billingAddress/line1 must be string (got 12)']),
    );
  });

  it('3.0: the old contract form, allOf [$ref] beside nullable, does not allow null', () => {
    // What openapi.yaml said before it moved to 3.1, judged by 3.0.3's own rule: `nullable`
    // widens only a `type` in the same schema, and the referenced object refuses null.
    const oldForm = customerContract('3.0.0', { nullable: true, allOf: [addressRef] });
    expect(oldForm.violations(customer(address))).toEqual([]);
    expect(oldForm.violations(customer(null))).toEqual(
      expect.arrayContaining(['body/billingAddress must be object (got null)']),
    );
    // With `type: object` beside it, the schema allows null but the allOf still refuses it.
    const withType = customerContract('3.0.3', {
      type: 'object',
      nullable: true,
      allOf: [addressRef],
    });
    expect(withType.violations(customer(null))).toEqual(
      expect.arrayContaining(['body/billingAddress must be object (got null)']),
    );
  });

  it('3.0: nullable widens a type beside it, and an enum still refuses null unless it lists it', () => {
    const v30 = (schema: Record<string, unknown>) =>
      new ContractValidator({
        openapi: '3.0.3',
        paths: {
          '/x': {
            get: {
              responses: {
                '200': { content: { 'application/json': { schema } } },
              },
            },
          },
        },
      });
    const response = (body: unknown) =>
      observed({ url: '/x', headers: json, text: JSON.stringify(body) });
    expect(v30({ type: 'string', nullable: true }).violations(response(null))).toEqual([]);
    expect(v30({ type: 'string' }).violations(response(null))).toEqual([
      'body must be string (got null)',
    ]);
    expect(v30({ type: 'string', nullable: true, enum: ['a'] }).violations(response(null))).toEqual(
      [expect.stringMatching(/^body must be equal to one of the allowed values/)],
    );
  });

  it('refuses a keyword its version does not have, and a version it does not know', () => {
    expect(() => customerContract('3.1.0', { nullable: true, oneOf: [addressRef] })).toThrow(
      /`nullable` is not an OpenAPI 3.1 keyword/,
    );
    const unknownKeyword = customerContract('3.1.0', { oneOf: [addressRef], x: 1 });
    expect(() => unknownKeyword.violations(customer(address))).toThrow(/unknown keyword: "x"/);
    expect(() => customerContract('2.0', {})).toThrow(/not "2.0"/);
  });
});

describe('assertMatchesContract (any response, however it was fetched)', () => {
  const base = { method: 'GET', path: '/things/{id}', status: 200 };

  it('takes a path template, a Headers object or plain headers, and a text, bytes or parsed body', () => {
    const headers = { 'Content-Type': 'application/json', ETag: '"3"' };
    expect(() =>
      assertMatchesContract({ ...base, headers: new Headers(headers), body: thing }, validator),
    ).not.toThrow();
    expect(() =>
      assertMatchesContract(
        {
          ...base,
          path: `http://127.0.0.1:1/things/${thing.id}`,
          headers,
          body: JSON.stringify(thing),
        },
        validator,
      ),
    ).not.toThrow();
    expect(() =>
      assertMatchesContract(
        { ...base, headers, body: Buffer.from(JSON.stringify(thing)) },
        validator,
      ),
    ).not.toThrow();
    expect(() =>
      assertMatchesContract({ method: 'DELETE', path: '/things/{id}', status: 204 }, validator),
    ).not.toThrow();
  });

  it('throws naming every violation: a missing required header, a wrong field, an undeclared status', () => {
    expect(() =>
      assertMatchesContract(
        {
          ...base,
          headers: { 'content-type': 'application/json' },
          body: { ...thing, createdAt: 1795334334651 },
        },
        validator,
      ),
    ).toThrow(
      /required header ETag is missing\n {2}- body\/createdAt must be string \(got 1795334334651\)/,
    );
    expect(() =>
      assertMatchesContract({ ...base, status: 500, headers: {}, body: '' }, validator),
    ).toThrow(/status 500 is not declared for getThing/);
  });
});

describe('Contract checks in the e2e HTTP clients (against openapi.yaml)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('passes responses that honour the contract', async () => {
    const res = await t.admin.get('/api/v1/api-keys').expect(200);
    expect(json<ApiKeyListDto>(res).data.length).toBeGreaterThan(0);
  });

  it('fails a test whose response carries a value the contract does not allow, without any code in the test', async () => {
    const [key] = await t.app.get(ApiKeysService).list();
    jest
      .spyOn(ApiKeysService.prototype, 'list')
      .mockResolvedValueOnce([{ ...key, role: 'owner' as unknown as ApiKeyRole }]);
    await expect(t.admin.get('/api/v1/api-keys').expect(200)).rejects.toThrow(
      /GET \/api\/v1\/api-keys \(200\) breaks openapi\.yaml:\n {2}- body\/data\/0\/role must be equal to one of the allowed values/,
    );
  });

  it('answers a problem, never a body of the wrong type, when the code returns a date as a number', async () => {
    const [key] = await t.app.get(ApiKeysService).list();
    jest
      .spyOn(ApiKeysService.prototype, 'list')
      .mockResolvedValueOnce([{ ...key, createdAt: 1795334334651 as unknown as Date }]);
    const res = await t.admin.get('/api/v1/api-keys').expect(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 500, code: 'internal_error' });
  });

  it('fails a test whose response has a status the operation does not declare', async () => {
    jest
      .spyOn(ApiKeysService.prototype, 'list')
      .mockRejectedValueOnce(new ProblemException({ status: 418, code: 'teapot', detail: 'no' }));
    await expect(t.admin.get('/api/v1/api-keys')).rejects.toThrow(
      /status 418 is not declared for listApiKeys/,
    );
  });

  it('requires X-Request-Id on every response, and checks raw responses with assertMatchesContract', async () => {
    const res = await fetch(`${t.baseUrl}/health/live`);
    const response = {
      method: 'GET',
      path: '/health/live',
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: await res.text(),
    };
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(() => assertMatchesContract(response)).not.toThrow();
    const { 'x-request-id': _dropped, ...withoutRequestId } = response.headers;
    expect(() => assertMatchesContract({ ...response, headers: withoutRequestId })).toThrow(
      /required header X-Request-Id is missing/,
    );
  });

  it('requires Location, ETag and Content-Disposition where the contract says they are always sent', async () => {
    const created = await t.manager
      .post('/api/v1/customers')
      .send({ companyName: 'Headers Inc', contactName: 'Ann Lee', email: 'ann@headers.example' })
      .expect(201);
    const observed = {
      method: 'POST',
      path: '/api/v1/customers',
      status: 201,
      headers: created.headers as Record<string, string>,
      body: created.text,
    };
    expect(() => assertMatchesContract(observed)).not.toThrow();
    for (const name of ['location', 'etag', 'x-request-id']) {
      const { [name]: _dropped, ...rest } = observed.headers;
      expect(() => assertMatchesContract({ ...observed, headers: rest })).toThrow(
        /required header (Location|ETag|X-Request-Id) is missing/,
      );
    }
    const csv = await t.admin.get('/api/v1/customers/export.csv').expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    const { 'content-disposition': _cd, ...csvHeaders } = csv.headers as Record<string, string>;
    expect(() =>
      assertMatchesContract({
        method: 'GET',
        path: '/api/v1/customers/export.csv',
        status: 200,
        headers: csvHeaders,
        body: csv.text,
      }),
    ).toThrow(/required header Content-Disposition is missing/);
  });

  it('checks responses fetched by the SDK too (contractCheckedFetch)', async () => {
    const checkedFetch = contractCheckedFetch();
    const headers = { authorization: `Bearer csk_test_admin_key_0123456789abcdefghijklmnop` };
    const ok = await checkedFetch(`${t.baseUrl}/api/v1/api-keys`, { headers });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);

    const [key] = await t.app.get(ApiKeysService).list();
    jest
      .spyOn(ApiKeysService.prototype, 'list')
      .mockResolvedValueOnce([{ ...key, role: 'owner' as never }]);
    await expect(checkedFetch(`${t.baseUrl}/api/v1/api-keys`, { headers })).rejects.toThrow(
      /body\/data\/0\/role must be equal to one of the allowed values/,
    );
  });
});
