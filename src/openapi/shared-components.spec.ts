import type { OpenAPIObject } from '@nestjs/swagger';
import { shareComponents } from './shared-components';

const requestId = { description: 'The request id.', required: true, schema: { type: 'string' } };
const limit = { description: 'Per minute.', required: true, schema: { type: 'integer' } };
const limitIfCounted = { description: 'Per minute, if counted.', schema: { type: 'integer' } };
const retryAfter = { description: 'Seconds.', schema: { type: 'integer' } };

function problem(status: number, codes: string[], headers: Record<string, object>) {
  return {
    description: `Problem ${status}: ${codes.join(', ')}`,
    headers,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        examples: Object.fromEntries(codes.map((code) => [code, { value: { code } }])),
      },
    },
  };
}

function contract(): OpenAPIObject {
  const metered = { 'X-RateLimit-Limit': limitIfCounted, 'X-Request-Id': requestId };
  const ok = {
    description: 'OK',
    headers: { 'X-RateLimit-Limit': limit, 'X-Request-Id': requestId },
  };
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/a': {
        get: {
          responses: {
            '200': ok,
            '404': problem(404, ['not_found'], metered),
            '500': problem(500, ['internal_error'], { 'X-Request-Id': requestId }),
          },
        },
        post: {
          responses: {
            '201': { description: 'Created', headers: { 'X-Request-Id': requestId } },
            '404': problem(404, ['a_not_found'], metered),
            '500': problem(500, ['internal_error'], { 'X-Request-Id': requestId }),
            '503': problem(503, ['service_unavailable'], { 'Retry-After': retryAfter }),
          },
        },
      },
      '/b': {
        get: {
          responses: {
            '200': ok,
            '404': problem(404, ['a_not_found'], metered),
            '500': problem(500, ['internal_error'], { 'X-Request-Id': requestId }),
          },
        },
        post: {
          responses: {
            '404': problem(404, ['not_found'], { 'X-Request-Id': requestId }),
            '500': problem(500, ['internal_error'], { 'X-Request-Id': requestId }),
          },
        },
        put: {
          responses: {
            '404': problem(404, ['not_found'], { 'X-Request-Id': requestId }),
            '503': problem(503, ['service_unavailable'], {
              'Retry-After': { ...retryAfter, required: true },
            }),
          },
        },
      },
    },
    components: { schemas: { Problem: { type: 'object' } } },
  };
}

type Ref = { $ref?: string };
type ResponseNode = Ref & { headers?: Record<string, Ref> };
/** What dereferenced() walks; every path item of these fixtures holds operations only. */
type Walked = {
  paths: Record<string, Record<string, { responses: Record<string, ResponseNode> }>>;
  components: { headers?: Record<string, Ref>; responses?: Record<string, ResponseNode> };
};

/** The document with every header and response `$ref` replaced by what it names. */
function dereferenced(document: OpenAPIObject): unknown {
  const copy = structuredClone(document) as unknown as Walked;
  const { headers = {}, responses = {} } = copy.components;
  const resolve = <T extends Ref>(node: T, kind: Record<string, T>): T =>
    node?.$ref ? structuredClone(kind[node.$ref.split('/').pop() ?? '']) : node;
  for (const item of Object.values(copy.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const resolved = resolve(response, responses);
        const resolvedHeaders = resolved.headers ?? {};
        for (const [name, header] of Object.entries(resolvedHeaders)) {
          resolvedHeaders[name] = resolve(header, headers);
        }
        operation.responses[status] = resolved;
      }
    }
  }
  delete copy.components.headers;
  delete copy.components.responses;
  return copy;
}

describe('shareComponents', () => {
  const share = () => {
    const document = contract();
    shareComponents(document, {
      namedHeaders: [
        { key: 'X-RateLimit-Limit.ifCounted', name: 'X-RateLimit-Limit', header: limitIfCounted },
      ],
      genericProblemCode: (status) =>
        (({ 404: 'not_found', 500: 'internal_error' }) as Record<number, string>)[status] ?? '',
    });
    return document;
  };

  it('says exactly what the inline document says once the references are followed', () => {
    expect(dereferenced(share())).toEqual(contract());
  });

  it('declares each repeated header once, named after the header or its given name', () => {
    const document = share();
    expect(document.components?.headers).toEqual({
      'X-Request-Id': requestId,
      'X-RateLimit-Limit': limit,
      'X-RateLimit-Limit.ifCounted': limitIfCounted,
    });
    expect(document.paths['/a'].get?.responses['200']).toEqual({
      description: 'OK',
      headers: {
        'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
        'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
      },
    });
  });

  it('shares only problem responses declared identically twice or more, named by status and codes', () => {
    const document = share();
    expect(Object.keys(document.components?.responses ?? {}).sort()).toEqual([
      'Problem404ANotFound',
      'Problem404Public',
      'Problem500',
    ]);
    expect(document.paths['/a'].post?.responses['404']).toEqual({
      $ref: '#/components/responses/Problem404ANotFound',
    });
    expect(document.paths['/b'].put?.responses['404']).toEqual({
      $ref: '#/components/responses/Problem404Public',
    });
    // Declared once: inline. The two 503s differ (one Retry-After is required): each stays inline, success ones too.
    expect(document.paths['/a'].get?.responses['404']).not.toHaveProperty('$ref');
    expect(document.paths['/a'].post?.responses['503']).not.toHaveProperty('$ref');
    expect(document.paths['/b'].put?.responses['503']).not.toHaveProperty('$ref');
    expect(document.paths['/a'].get?.responses['200']).not.toHaveProperty('$ref');
  });
});
