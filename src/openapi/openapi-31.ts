import type { OpenAPIObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';

type Schema = SchemaObject & { $ref?: string };

/** Keywords that say something about a value without constraining it: they stay on the outside. */
const ANNOTATIONS = [
  'description',
  'example',
  'title',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
];

/**
 * The one schema a nullable field wraps, when all it says is "this $ref": the plugin writes
 * `allOf: [$ref]` (plus `type: object`), a decorator `oneOf: [$ref]`, sometimes both.
 */
function singleReference(schema: Schema): ReferenceObject | undefined {
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  const refs = new Set(parts.map((part) => ('$ref' in part ? part.$ref : undefined)));
  const rest = Object.keys(schema).filter(
    (key) =>
      !['allOf', 'oneOf', 'anyOf'].includes(key) && !(key === 'type' && schema.type === 'object'),
  );
  if (parts.length === 0 || refs.size !== 1 || refs.has(undefined) || rest.length > 0) {
    return undefined;
  }
  return { $ref: [...refs][0]! };
}

/**
 * One schema from OpenAPI 3.0's `nullable` to JSON Schema 2020-12 (OpenAPI 3.1), where
 * `nullable` does not exist and null is a type like any other:
 * - `type: T, nullable: true` becomes `type: [T, 'null']` (an enum gains `null`, else it would
 *   refuse it);
 * - a nullable reference (`allOf`/`oneOf: [$ref]`) becomes `oneOf: [$ref, {type: 'null'}]`,
 *   which under 3.0's own rules it never meant (there `nullable` only widens a `type` beside it);
 * - a nullable `oneOf` of several gains a null branch.
 */
function convertSchema(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(convertSchema);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Schema;
  for (const [key, value] of Object.entries(schema)) {
    if (key !== 'example' && key !== 'examples') convertSchema(value);
  }
  if (typeof schema.nullable !== 'boolean') return;
  const nullable = schema.nullable === true;
  delete schema.nullable;
  if (!nullable) return;
  if (typeof schema.type === 'string' && !schema.allOf && !schema.oneOf && !schema.anyOf) {
    schema.type = [schema.type, 'null'];
    if (schema.enum && !schema.enum.includes(null))
      schema.enum = [...(schema.enum as unknown[]), null];
    return;
  }
  const annotations = Object.fromEntries(
    ANNOTATIONS.filter((key) => key in schema).map((key) => [key, schema[key as keyof Schema]]),
  );
  for (const key of ANNOTATIONS) delete schema[key as keyof Schema];
  const reference = singleReference(schema);
  if (!reference && schema.oneOf && Object.keys(schema).length === 1) {
    schema.oneOf = [...schema.oneOf, { type: 'null' }];
  } else {
    const inner = reference ?? { ...schema };
    for (const key of Object.keys(schema)) delete schema[key as keyof Schema];
    schema.oneOf = [inner, { type: 'null' }];
  }
  Object.assign(schema, annotations);
}

/**
 * The document as OpenAPI 3.1.0: @nestjs/swagger writes 3.0 with `nullable`; every schema
 * (components, parameters, bodies, headers) is rewritten to say null the JSON Schema way.
 */
export function toOpenApi31(document: OpenAPIObject): OpenAPIObject {
  convertSchema(document.paths);
  convertSchema(document.components);
  return { ...document, openapi: '3.1.0' };
}
