import type { OpenAPIObject } from '@nestjs/swagger';
import { toOpenApi31 } from './openapi-31';

const address = { $ref: '#/components/schemas/AddressDto' };

function convert(schemas: Record<string, unknown>): Record<string, unknown> {
  const document = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { Thing: { type: 'object', properties: schemas } } },
  } as unknown as OpenAPIObject;
  const converted = toOpenApi31(document);
  expect(converted.openapi).toBe('3.1.0');
  return (converted.components!.schemas!.Thing as { properties: Record<string, unknown> })
    .properties;
}

describe('toOpenApi31', () => {
  it('turns a nullable type into a type list, and lets a nullable enum list null', () => {
    expect(
      convert({
        note: { type: 'string', nullable: true, maxLength: 10, example: null },
        tags: { type: 'array', nullable: true, items: { type: 'string' } },
        status: { type: 'string', nullable: true, enum: ['a', 'b'] },
        name: { type: 'string', nullable: false },
      }),
    ).toEqual({
      note: { type: ['string', 'null'], maxLength: 10, example: null },
      tags: { type: ['array', 'null'], items: { type: 'string' } },
      status: { type: ['string', 'null'], enum: ['a', 'b', null] },
      name: { type: 'string' },
    });
  });

  it('turns every nullable reference form into oneOf [$ref, null], keeping its annotations', () => {
    const expected = { oneOf: [address, { type: 'null' }], description: 'Where.' };
    expect(
      convert({
        plugin: { allOf: [address], type: 'object', nullable: true, description: 'Where.' },
        decorator: { oneOf: [address], nullable: true, description: 'Where.' },
        both: { allOf: [address], oneOf: [address], nullable: true, description: 'Where.' },
      }),
    ).toEqual({ plugin: expected, decorator: expected, both: expected });
  });

  it('adds a null branch to a nullable union and wraps any other nullable schema', () => {
    expect(
      convert({
        union: { oneOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
        mixed: { allOf: [address, { required: ['city'] }], nullable: true },
      }),
    ).toEqual({
      union: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] },
      mixed: { oneOf: [{ allOf: [address, { required: ['city'] }] }, { type: 'null' }] },
    });
  });

  it('leaves examples alone, even one holding a field named nullable', () => {
    expect(
      convert({ flag: { type: 'object', example: { nullable: true }, properties: {} } }),
    ).toEqual({ flag: { type: 'object', example: { nullable: true }, properties: {} } });
  });
});
