/**
 * What a new version of the contract breaks for clients written against the old one: a removed
 * path, operation or response status; a removed response field or one that is no longer
 * required; a removed response header or one that is no longer required; a request field (or
 * parameter, or body) that has become required; a removed request field or parameter (the
 * ValidationPipe refuses unknown fields, so a client still sending it gets a 400). Adding
 * anything (paths, fields, optional inputs, response headers) is compatible. Responses, headers,
 * parameters and request bodies may be `$ref`s to `components`: they are compared as resolved.
 * Pure (no imports): scripts/check-breaking-changes.mjs loads it from source.
 */

type Schema = {
  $ref?: string;
  /** OpenAPI 3.1 (JSON Schema) writes a nullable type as a list: `[string, 'null']`. */
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = { name: string; in: string; required?: boolean; $ref?: string };
type MediaType = { schema?: Schema };
type Header = { required?: boolean; $ref?: string };
type RequestBody = { required?: boolean; content?: Record<string, MediaType>; $ref?: string };
type Response = {
  content?: Record<string, MediaType>;
  headers?: Record<string, Header>;
  $ref?: string;
};
type Operation = {
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses?: Record<string, Response>;
};
export interface ContractDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, Response>;
    headers?: Record<string, Header>;
    parameters?: Record<string, Parameter>;
    requestBodies?: Record<string, RequestBody>;
  };
}
type ComponentKind = 'responses' | 'headers' | 'parameters' | 'requestBodies';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** A response, header, parameter or request body, through `$ref`s to its kind of component. */
function resolveComponent<T extends { $ref?: string }>(
  document: ContractDocument,
  kind: ComponentKind,
  node: T | undefined,
): T | undefined {
  let current = node;
  const seen = new Set<string>();
  while (current?.$ref) {
    const ref: string = current.$ref;
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const name = new RegExp(`^#/components/${kind}/(.+)$`).exec(ref)?.[1];
    current = name ? (document.components?.[kind]?.[name] as T | undefined) : undefined;
  }
  return current;
}

function resolve(document: ContractDocument, schema: Schema | undefined): Schema | undefined {
  let current = schema;
  const seen = new Set<string>();
  while (current?.$ref) {
    const ref: string = current.$ref;
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    current = name ? document.components?.schemas?.[name] : undefined;
  }
  return current;
}

/** Properties and required names of an object schema, through `allOf` and single-branch unions. */
function objectShape(
  document: ContractDocument,
  schema: Schema | undefined,
): { properties: Record<string, Schema>; required: Set<string> } {
  const resolved = resolve(document, schema);
  const shape = { properties: {} as Record<string, Schema>, required: new Set<string>() };
  if (!resolved) return shape;
  Object.assign(shape.properties, resolved.properties ?? {});
  for (const name of resolved.required ?? []) shape.required.add(name);
  // A union of one object and nothing else but null wraps that object: look through it
  // (3.0's `nullable: true, oneOf: [$ref]`, 3.1's `oneOf: [$ref, {type: 'null'}]`).
  const branches = (resolved.oneOf ?? resolved.anyOf ?? []).filter(
    (branch) => !isNullSchema(branch),
  );
  const parts = [...(resolved.allOf ?? []), ...(branches.length === 1 ? branches : [])];
  for (const part of parts) {
    const inner = objectShape(document, part);
    Object.assign(shape.properties, inner.properties);
    for (const name of inner.required) shape.required.add(name);
  }
  return shape;
}

function isNullSchema(schema: Schema): boolean {
  return schema.type === 'null' || (Array.isArray(schema.type) && schema.type.join() === 'null');
}

function arrayItems(document: ContractDocument, schema: Schema | undefined): Schema | undefined {
  const resolved = resolve(document, schema);
  const types = Array.isArray(resolved?.type) ? resolved.type : [resolved?.type];
  return types.includes('array') ? resolved?.items : undefined;
}

type ObjectShape = ReturnType<typeof objectShape>;

/** One way of comparing an old and a new schema field by field. */
interface FieldComparison {
  /** Whose fields are walked: the old version's (for removals) or the new one's (for additions). */
  walk: 'old' | 'new';
  /** Compare only when both versions have a schema; otherwise the walked side's is enough. */
  needsBoth: boolean;
  /** What a field present on the walked side reports, and whether to compare inside it. */
  field(name: string, path: string, oldShape: ObjectShape, newShape: ObjectShape): FieldVerdict;
}
type FieldVerdict = { found: string[]; descend: boolean };

/**
 * Response fields the old schema has and the new one lacks, or that the old one required and
 * the new one does not (a client may rely on them being there), as dotted paths (`data[].email`).
 */
const RESPONSE_FIELD_CHANGES: FieldComparison = {
  walk: 'old',
  needsBoth: true,
  field(name, path, oldShape, newShape) {
    if (!(name in newShape.properties)) {
      return { found: [`removed response field ${path}`], descend: false };
    }
    const loosened = oldShape.required.has(name) && !newShape.required.has(name);
    return {
      found: loosened ? [`response field ${path} is no longer required`] : [],
      descend: true,
    };
  },
};

/** Request fields the old schema accepts and the new one lacks (the new server would refuse them). */
const REMOVED_REQUEST_FIELDS: FieldComparison = {
  walk: 'old',
  needsBoth: false,
  field(name, path, _oldShape, newShape) {
    if (!(name in newShape.properties)) return { found: [path], descend: false };
    return { found: [], descend: true };
  },
};

/** Request fields required by the new schema that the old one did not require. */
const NEWLY_REQUIRED_REQUEST_FIELDS: FieldComparison = {
  walk: 'new',
  needsBoth: false,
  field(name, path, oldShape, newShape) {
    if (newShape.required.has(name) && !oldShape.required.has(name)) {
      return { found: [path], descend: false };
    }
    // Look inside fields the old version had; a new optional field binds no existing client.
    return { found: [], descend: name in oldShape.properties };
  },
};

/**
 * What `comparison` finds between two schemas, walking the fields of one side through arrays
 * (`path[]`) and nested objects (`path.field`), at most 12 levels deep.
 */
function compareFields(
  comparison: FieldComparison,
  before: ContractDocument,
  after: ContractDocument,
  oldSchema: Schema | undefined,
  newSchema: Schema | undefined,
  path = '',
  depth = 0,
): string[] {
  const walked = comparison.walk === 'old' ? oldSchema : newSchema;
  if (depth > 12 || !walked || (comparison.needsBoth && (!oldSchema || !newSchema))) return [];
  const oldItems = arrayItems(before, oldSchema);
  const newItems = arrayItems(after, newSchema);
  if (comparison.walk === 'old' ? oldItems : newItems) {
    return compareFields(comparison, before, after, oldItems, newItems, `${path}[]`, depth + 1);
  }
  const oldShape = objectShape(before, oldSchema);
  const newShape = objectShape(after, newSchema);
  const walkedShape = comparison.walk === 'old' ? oldShape : newShape;
  return Object.keys(walkedShape.properties).flatMap((name) => {
    const fieldPath = path ? `${path}.${name}` : name;
    const { found, descend } = comparison.field(name, fieldPath, oldShape, newShape);
    if (!descend) return found;
    return [
      ...found,
      ...compareFields(
        comparison,
        before,
        after,
        oldShape.properties[name],
        newShape.properties[name],
        fieldPath,
        depth + 1,
      ),
    ];
  });
}

function jsonSchemaOf(content: Record<string, MediaType> | undefined): Schema | undefined {
  const entry = Object.entries(content ?? {}).find(
    ([type]) =>
      type.includes('json') || type === 'multipart/form-data' || type.endsWith('urlencoded'),
  );
  return entry?.[1].schema;
}

/**
 * Response headers the old response declares and the new one lacks, or that the old one
 * required and the new one does not (a client may read them: `ETag`, `Location`). Header
 * names are compared case-insensitively, as HTTP does.
 */
function headerChanges(
  before: ContractDocument,
  after: ContractDocument,
  oldResponse: Response,
  newResponse: Response,
): string[] {
  const headers = (document: ContractDocument, response: Response) =>
    new Map(
      Object.entries(response.headers ?? {}).map(([name, header]) => [
        name.toLowerCase(),
        { name, header: resolveComponent(document, 'headers', header) ?? {} },
      ]),
    );
  const newHeaders = headers(after, newResponse);
  return [...headers(before, oldResponse).entries()].flatMap(([key, { name, header }]) => {
    const next = newHeaders.get(key);
    if (!next) return [`removed response header ${name}`];
    return header.required === true && next.header.required !== true
      ? [`response header ${name} is no longer required`]
      : [];
  });
}

/** Every breaking change from `before` to `after`, as one line each; empty when compatible. */
export function findBreakingChanges(before: ContractDocument, after: ContractDocument): string[] {
  const changes: string[] = [];
  for (const [path, oldItem] of Object.entries(before.paths ?? {})) {
    const newItem = after.paths?.[path];
    if (!newItem) {
      changes.push(`removed path ${path}`);
      continue;
    }
    for (const method of METHODS) {
      const oldOperation = oldItem[method] as Operation | undefined;
      if (!oldOperation) continue;
      const newOperation = newItem[method] as Operation | undefined;
      const name = `${method.toUpperCase()} ${path}`;
      if (!newOperation) {
        changes.push(`removed operation ${name}`);
        continue;
      }

      for (const [status, oldDeclared] of Object.entries(oldOperation.responses ?? {})) {
        const oldResponse = resolveComponent(before, 'responses', oldDeclared) ?? {};
        const newDeclared = newOperation.responses?.[status];
        if (!newDeclared) {
          changes.push(`${name}: removed response status ${status}`);
          continue;
        }
        const newResponse = resolveComponent(after, 'responses', newDeclared) ?? {};
        changes.push(
          ...headerChanges(before, after, oldResponse, newResponse).map(
            (change) => `${name} ${status}: ${change}`,
          ),
        );
        const responseChanges = compareFields(
          RESPONSE_FIELD_CHANGES,
          before,
          after,
          jsonSchemaOf(oldResponse.content),
          jsonSchemaOf(newResponse.content),
        );
        changes.push(...responseChanges.map((change) => `${name} ${status}: ${change}`));
      }

      const parametersOf = (document: ContractDocument, operation: Operation) =>
        (operation.parameters ?? []).flatMap(
          (parameter) => resolveComponent(document, 'parameters', parameter) ?? [],
        );
      const oldParameters = parametersOf(before, oldOperation);
      const newParameters = parametersOf(after, newOperation);
      for (const parameter of oldParameters) {
        if (parameter.in === 'path') continue;
        if (!newParameters.some((p) => p.name === parameter.name && p.in === parameter.in)) {
          changes.push(`${name}: removed ${parameter.in} parameter ${parameter.name}`);
        }
      }
      for (const parameter of newParameters) {
        if (!parameter.required || parameter.in === 'path') continue;
        const old = oldParameters.find((p) => p.name === parameter.name && p.in === parameter.in);
        if (!old?.required) {
          changes.push(`${name}: ${parameter.in} parameter ${parameter.name} is newly required`);
        }
      }

      const oldBody = resolveComponent(before, 'requestBodies', oldOperation.requestBody);
      const newBody = resolveComponent(after, 'requestBodies', newOperation.requestBody);
      if (newBody?.required && !oldBody?.required) {
        changes.push(`${name}: the request body is newly required`);
      }
      const oldBodySchema = jsonSchemaOf(oldBody?.content);
      const newBodySchema = jsonSchemaOf(newBody?.content);
      const required = compareFields(
        NEWLY_REQUIRED_REQUEST_FIELDS,
        before,
        after,
        oldBodySchema,
        newBodySchema,
      );
      changes.push(...required.map((field) => `${name}: request field ${field} is newly required`));
      const removed = compareFields(
        REMOVED_REQUEST_FIELDS,
        before,
        after,
        oldBodySchema,
        newBodySchema,
      );
      changes.push(...removed.map((field) => `${name}: removed request field ${field}`));
    }
  }
  return changes;
}

/**
 * Whether a commit message announces a breaking change the Conventional Commits way: a
 * `type!:` or `type(scope)!:` subject, or a `BREAKING CHANGE: ` / `BREAKING-CHANGE: ` footer
 * line after the subject. A mention elsewhere ("no BREAKING CHANGE here") does not count.
 */
export function announcesBreakingChange(message: string): boolean {
  const [subject = '', ...rest] = message.replace(/\r\n/g, '\n').split('\n');
  if (/^[A-Za-z][\w-]*(\([^()\r\n]*\))?!: \S/.test(subject)) return true;
  return rest.some((line) => /^BREAKING[ -]CHANGE: \S/.test(line));
}
