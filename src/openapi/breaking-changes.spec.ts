import {
  announcesBreakingChange,
  type ContractDocument,
  findBreakingChanges,
} from './breaking-changes';

/** A small contract; each test derives the next version from it. */
function contract(): ContractDocument {
  return {
    paths: {
      '/customers': {
        get: {
          parameters: [{ name: 'search', in: 'query', required: false }],
          responses: {
            '200': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/CustomerPage' } },
              },
            },
          },
        },
        post: {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/CreateCustomer' } },
            },
          },
          responses: {
            '201': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Customer' } },
              },
            },
          },
        },
      },
      '/customers/{id}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Customer' } },
              },
            },
          },
        },
        delete: { responses: { '200': {} } },
      },
    },
    components: {
      schemas: {
        Customer: {
          type: 'object',
          required: ['id', 'email'],
          properties: {
            id: { type: 'string' },
            email: { type: 'string' },
            address: { nullable: true, oneOf: [{ $ref: '#/components/schemas/Address' }] },
          } as never,
        },
        Address: {
          type: 'object',
          required: ['city'],
          properties: { city: { type: 'string' }, postalCode: { type: 'string' } },
        },
        CustomerPage: {
          type: 'object',
          properties: {
            data: { type: 'array', items: { $ref: '#/components/schemas/Customer' } },
            nextCursor: { type: 'string' },
          },
        },
        CreateCustomer: {
          type: 'object',
          required: ['email'],
          properties: {
            email: { type: 'string' },
            phone: { type: 'string' },
            address: { $ref: '#/components/schemas/AddressInput' },
          },
        },
        AddressInput: {
          type: 'object',
          properties: { city: { type: 'string' }, country: { type: 'string' } },
        },
      },
    },
  };
}

/** The fixture's shape, as the edits below reach into it (a loose ContractDocument). */
interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  oneOf?: Schema[];
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
}
type Parameter = { name?: string; in?: string; required?: boolean; $ref?: string };
type Header = { required?: boolean; schema?: Schema; $ref?: string };
type Content = Record<string, { schema?: Schema }>;
type Response = { content?: Content; headers?: Record<string, Header>; $ref?: string };
type RequestBody = { required?: boolean; content?: Content; $ref?: string };
type Operation = {
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, Response>;
};
interface Mutable {
  openapi?: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses?: Record<string, Response>;
    headers?: Record<string, Header>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
  };
}

/** A part of the fixture an edit changes; it fails the test at once if the fixture lacks it. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the fixture has no ${what}`);
  return value;
}
const propertiesOf = (doc: Mutable, name: string) =>
  present(doc.components.schemas[name].properties, `${name}.properties`);
const requiredOf = (doc: Mutable, name: string) =>
  present(doc.components.schemas[name].required, `${name}.required`);
const parametersOf = (doc: Mutable, path: string) =>
  present(doc.paths[path].get.parameters, `GET ${path} parameters`);
/**
 * The checker's own view of the fixture. The only difference: a `$ref` parameter has no name
 * of its own, which ContractDocument's Parameter does not spell out.
 */
const asContract = (doc: Mutable) => doc as ContractDocument;

function changed(edit: (next: Mutable) => void): string[] {
  const next = contract() as Mutable;
  edit(next);
  return findBreakingChanges(contract(), asContract(next));
}

describe('findBreakingChanges', () => {
  it('finds nothing between identical contracts', () => {
    expect(findBreakingChanges(contract(), contract())).toEqual([]);
  });

  it('allows additions: a path, an operation, a response field, an optional request field', () => {
    expect(
      changed((next) => {
        next.paths['/imports'] = { get: { responses: {} } };
        next.paths['/customers/{id}'].put = { responses: {} };
        propertiesOf(next, 'Customer').tags = { type: 'array' };
        propertiesOf(next, 'CreateCustomer').notes = { type: 'string' };
        parametersOf(next, '/customers').push({ name: 'sort', in: 'query' });
      }),
    ).toEqual([]);
  });

  it('reports a removed path and a removed operation', () => {
    expect(
      changed((next) => {
        delete next.paths['/customers/{id}'].delete;
      }),
    ).toEqual(['removed operation DELETE /customers/{id}']);
    expect(
      changed((next) => {
        delete next.paths['/customers/{id}'];
      }),
    ).toEqual(['removed path /customers/{id}']);
  });

  it('reports a removed response field wherever the schema is used, through $ref, arrays and nullable wrappers', () => {
    expect(
      changed((next) => {
        delete propertiesOf(next, 'Customer').email;
      }),
    ).toEqual([
      'GET /customers 200: removed response field data[].email',
      'POST /customers 201: removed response field email',
      'GET /customers/{id} 200: removed response field email',
    ]);
    expect(
      changed((next) => {
        delete propertiesOf(next, 'Address').postalCode;
      }),
    ).toEqual([
      'GET /customers 200: removed response field data[].address.postalCode',
      'POST /customers 201: removed response field address.postalCode',
      'GET /customers/{id} 200: removed response field address.postalCode',
    ]);
  });

  it('reads the OpenAPI 3.1 null forms as the 3.0 ones: null unions and type lists', () => {
    const as31 = (next: Mutable) => {
      next.openapi = '3.1.0';
      propertiesOf(next, 'Customer').address = {
        oneOf: [{ $ref: '#/components/schemas/Address' }, { type: 'null' }],
      };
      propertiesOf(next, 'CustomerPage').data.type = ['array', 'null'];
    };
    expect(changed(as31)).toEqual([]);
    expect(
      changed((next) => {
        as31(next);
        delete propertiesOf(next, 'Address').postalCode;
      }),
    ).toEqual([
      'GET /customers 200: removed response field data[].address.postalCode',
      'POST /customers 201: removed response field address.postalCode',
      'GET /customers/{id} 200: removed response field address.postalCode',
    ]);
  });

  it('reports a request field, parameter or body that has become required', () => {
    expect(
      changed((next) => {
        requiredOf(next, 'CreateCustomer').push('phone');
      }),
    ).toEqual(['POST /customers: request field phone is newly required']);
    expect(
      changed((next) => {
        propertiesOf(next, 'CreateCustomer').companyName = { type: 'string' };
        requiredOf(next, 'CreateCustomer').push('companyName');
      }),
    ).toEqual(['POST /customers: request field companyName is newly required']);
    expect(
      changed((next) => {
        next.components.schemas.AddressInput.required = ['country'];
      }),
    ).toEqual(['POST /customers: request field address.country is newly required']);
    expect(
      changed((next) => {
        parametersOf(next, '/customers')[0].required = true;
      }),
    ).toEqual(['GET /customers: query parameter search is newly required']);
  });

  it('does not count a field that was required before staying required', () => {
    expect(
      changed((next) => {
        next.components.schemas.CreateCustomer.required = ['email'];
        next.components.schemas.Customer.required = ['id', 'email'];
      }),
    ).toEqual([]);
  });

  it('reports a removed request field or query parameter: the server now refuses them', () => {
    expect(
      changed((next) => {
        delete propertiesOf(next, 'CreateCustomer').phone;
      }),
    ).toEqual(['POST /customers: removed request field phone']);
    expect(
      changed((next) => {
        delete propertiesOf(next, 'AddressInput').country;
      }),
    ).toEqual(['POST /customers: removed request field address.country']);
    expect(
      changed((next) => {
        next.paths['/customers'].get.parameters = [];
      }),
    ).toEqual(['GET /customers: removed query parameter search']);
  });

  it('reports a removed response status', () => {
    expect(
      changed((next) => {
        delete next.paths['/customers/{id}'].delete.responses['200'];
        next.paths['/customers/{id}'].delete.responses['204'] = {};
      }),
    ).toEqual(['DELETE /customers/{id}: removed response status 200']);
  });

  it('reports a response field that is no longer required, wherever the schema is used', () => {
    expect(
      changed((next) => {
        next.components.schemas.Customer.required = ['id'];
      }),
    ).toEqual([
      'GET /customers 200: response field data[].email is no longer required',
      'POST /customers 201: response field email is no longer required',
      'GET /customers/{id} 200: response field email is no longer required',
    ]);
  });

  it('lets a response field become required and adds nothing for new response headers', () => {
    expect(
      changed((next) => {
        requiredOf(next, 'Customer').push('address');
        next.paths['/customers/{id}'].get.responses['200'].headers = {
          ETag: { required: true, schema: { type: 'string' } },
        };
      }),
    ).toEqual([]);
  });

  it('reports a removed response header or one no longer required, in any letter case', () => {
    const withHeaders = (next: Mutable, etag: object | undefined) => {
      next.paths['/customers/{id}'].get.responses['200'].headers = {
        'X-Request-Id': { required: true, schema: { type: 'string' } },
        ...(etag ? { ETag: etag } : {}),
      };
    };
    const before = contract() as Mutable;
    withHeaders(before, { required: true, schema: { type: 'string' } });
    const after = (edit: (next: Mutable) => void) => {
      const next = contract() as Mutable;
      edit(next);
      return findBreakingChanges(asContract(before), asContract(next));
    };
    expect(after((next) => withHeaders(next, undefined))).toEqual([
      'GET /customers/{id} 200: removed response header ETag',
    ]);
    expect(after((next) => withHeaders(next, { schema: { type: 'string' } }))).toEqual([
      'GET /customers/{id} 200: response header ETag is no longer required',
    ]);
    expect(
      after((next) => {
        withHeaders(next, { required: true, schema: { type: 'string' } });
        const headers = present(
          next.paths['/customers/{id}'].get.responses['200'].headers,
          'GET /customers/{id} 200 headers',
        );
        headers.etag = headers.ETag;
        delete headers.ETag;
      }),
    ).toEqual([]);
  });

  it('compares responses, headers, parameters and bodies through $refs to components', () => {
    const shared = (next: Mutable) => {
      const get = next.paths['/customers/{id}'].get;
      next.components.responses = {
        CustomerOk: {
          ...get.responses['200'],
          headers: { ETag: { $ref: '#/components/headers/ETag' } },
        },
      };
      next.components.headers = { ETag: { required: true, schema: { type: 'string' } } };
      get.responses['200'] = { $ref: '#/components/responses/CustomerOk' };
      const list = next.paths['/customers'].get;
      next.components.parameters = { Search: parametersOf(next, '/customers')[0] };
      list.parameters = [{ $ref: '#/components/parameters/Search' }];
      const post = next.paths['/customers'].post;
      next.components.requestBodies = {
        CreateCustomer: present(post.requestBody, 'POST /customers requestBody'),
      };
      post.requestBody = { $ref: '#/components/requestBodies/CreateCustomer' };
    };
    const inline = contract() as Mutable;
    inline.paths['/customers/{id}'].get.responses['200'].headers = {
      ETag: { required: true, schema: { type: 'string' } },
    };
    const referenced = contract() as Mutable;
    shared(referenced);
    expect(findBreakingChanges(asContract(inline), asContract(referenced))).toEqual([]);
    expect(findBreakingChanges(asContract(referenced), asContract(inline))).toEqual([]);

    const broken = contract() as Mutable;
    shared(broken);
    delete propertiesOf(broken, 'Customer').email;
    present(broken.components.headers, 'headers').ETag.required = false;
    present(broken.components.parameters, 'parameters').Search.required = true;
    present(
      present(broken.components.requestBodies, 'requestBodies').CreateCustomer.content,
      'CreateCustomer content',
    )['application/json'].schema = {
      type: 'object',
      required: ['email', 'phone'],
      properties: { email: { type: 'string' }, phone: { type: 'string' } },
    };
    expect(findBreakingChanges(asContract(inline), asContract(broken))).toEqual([
      'GET /customers 200: removed response field data[].email',
      'GET /customers: query parameter search is newly required',
      'POST /customers 201: removed response field email',
      'POST /customers: request field phone is newly required',
      'POST /customers: removed request field address',
      'GET /customers/{id} 200: response header ETag is no longer required',
      'GET /customers/{id} 200: removed response field email',
    ]);
  });
});

describe('announcesBreakingChange', () => {
  it.each([
    'feat(customers)!: drop the fax field',
    'feat!: drop the fax field',
    'refactor(api)!: rename paths\n\nMoves everything under /api/v2.',
    'feat(customers): drop the fax field\n\nNobody used it.\n\nBREAKING CHANGE: fax is gone',
    'feat: drop fax\n\nBREAKING-CHANGE: fax is gone',
    'feat: drop fax\r\n\r\nBREAKING CHANGE: fax is gone\r\n',
  ])('accepts the Conventional Commits marker in %j', (message) => {
    expect(announcesBreakingChange(message)).toBe(true);
  });

  it.each([
    'docs(contract): no BREAKING CHANGE here',
    'feat: drop fax\n\nThis is not a BREAKING CHANGE: really',
    'feat: drop fax\n\nBREAKING CHANGE:',
    'feat: drop fax\n\nbreaking change: lower case',
    'BREAKING CHANGE: in the subject',
    'feat: subject with ! inside!: oops',
    'feat !: space before the bang',
  ])('refuses a mere mention in %j', (message) => {
    expect(announcesBreakingChange(message)).toBe(false);
  });
});
