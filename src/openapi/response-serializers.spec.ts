import type { OpenAPIObject } from '@nestjs/swagger';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { registerResponseSerializers, serializationSchema } from './response-serializers';

const components = {
  Address: {
    type: 'object',
    properties: { city: { type: ['string', 'null'], maxLength: 80 }, line1: { type: 'string' } },
    required: ['city', 'line1'],
  },
  Customer: {
    type: 'object',
    properties: {
      createdAt: { type: 'string', format: 'date-time', example: '2026-01-01T00:00:00Z' },
      id: { type: 'string', format: 'uuid' },
      billingAddress: { oneOf: [{ $ref: '#/components/schemas/Address' }, { type: 'null' }] },
      meta: { type: 'object', description: 'free-form' },
      tags: { type: 'array', items: { type: 'string' } },
      change: {
        oneOf: [{ type: ['string', 'null'] }, { type: 'number' }, { type: 'boolean' }],
      },
    },
    required: ['id', 'createdAt'],
  },
} as const;

function contract(): OpenAPIObject {
  const json = (schema: object) => ({
    description: 'OK',
    content: { 'application/json': { schema } },
  });
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/customers/{id}': {
        get: {
          responses: {
            '200': json({ $ref: '#/components/schemas/Customer' }),
            '404': {
              description: 'Not found',
              content: { 'application/problem+json': { schema: { type: 'object' } } },
            },
          },
        },
      },
    },
    components: { schemas: components as never },
  };
}

describe('serializationSchema', () => {
  const schemas = components as never;

  it('resolves references, keeps types and date formats, and drops what only validates', () => {
    expect(serializationSchema({ $ref: '#/components/schemas/Address' }, schemas)).toEqual({
      type: 'object',
      properties: { city: { type: ['string', 'null'] }, line1: { type: 'string' } },
    });
  });

  it('writes a nullable reference as a nullable object, the id first, and leaves the rest to JSON', () => {
    const schema = serializationSchema({ $ref: '#/components/schemas/Customer' }, schemas);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'id',
      'createdAt',
      'billingAddress',
      'meta',
      'tags',
      'change',
    ]);
    expect(schema.properties).toEqual({
      id: { type: 'string', format: 'uuid' },
      createdAt: { type: 'string', format: 'date-time' },
      billingAddress: {
        type: ['object', 'null'],
        properties: { city: { type: ['string', 'null'] }, line1: { type: 'string' } },
      },
      meta: {},
      tags: { type: 'array', items: { type: 'string' } },
      change: {},
    });
  });

  it('writes a schema that contains itself as it is, instead of recursing forever', () => {
    const looping = {
      Node: {
        type: 'object',
        properties: { next: { $ref: '#/components/schemas/Node' } },
      },
    } as never;
    expect(serializationSchema({ $ref: '#/components/schemas/Node' }, looping)).toEqual({
      type: 'object',
      properties: { next: {} },
    });
  });
});

describe('registerResponseSerializers', () => {
  async function server() {
    const fastify = new FastifyAdapter().getInstance();
    registerResponseSerializers(fastify, contract());
    fastify.get('/customers/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      if (id === 'missing') return reply.code(404).send({ code: 'not_found', extra: 1 });
      return {
        secret: 'not in the contract',
        id,
        createdAt: new Date('2026-12-07T04:00:00.123Z'),
        billingAddress: id === 'with-address' ? { line1: '12 Bean St', city: null } : null,
        meta: { any: ['thing', 1] },
        tags: ['a'],
        change: 42,
      };
    });
    await fastify.ready();
    return fastify;
  }

  it('writes a success body as the contract declares it, and nothing it does not declare', async () => {
    const fastify = await server();
    const plain = await fastify.inject({ url: '/customers/c1' });
    expect(plain.body).toBe(
      '{"id":"c1","createdAt":"2026-12-07T04:00:00.123Z","billingAddress":null,"meta":{"any":["thing",1]},"tags":["a"],"change":42}',
    );
    const withAddress = await fastify.inject({ url: '/customers/with-address' });
    expect((JSON.parse(withAddress.body) as { billingAddress: unknown }).billingAddress).toEqual({
      city: null,
      line1: '12 Bean St',
    });
    await fastify.close();
  });

  it('leaves problem bodies to JSON.stringify, extension members included', async () => {
    const fastify = await server();
    const missing = await fastify.inject({ url: '/customers/missing' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toBe('{"code":"not_found","extra":1}');
    await fastify.close();
  });
});
