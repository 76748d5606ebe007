/**
 * What a new version of the contract breaks for clients written against the old one: a removed
 * path, operation or response status; a removed response field or one that is no longer
 * required; a request field (or parameter, or body) that has become required; a removed request
 * field or parameter (the ValidationPipe refuses unknown fields, so a client still sending it
 * gets a 400). Adding anything (paths, fields, optional inputs, response headers) is compatible.
 * Pure (no imports): scripts/check-breaking-changes.mjs loads it from source.
 */

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};
type Parameter = { name: string; in: string; required?: boolean; $ref?: string };
type MediaType = { schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType>; $ref?: string };
  responses?: Record<string, { content?: Record<string, MediaType>; $ref?: string }>;
};
export interface ContractDocument {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

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
  const parts = [
    ...(resolved.allOf ?? []),
    // `nullable: true, oneOf: [$ref]` wraps one object: look through it.
    ...((resolved.oneOf ?? resolved.anyOf ?? []).length === 1
      ? (resolved.oneOf ?? resolved.anyOf ?? [])
      : []),
  ];
  for (const part of parts) {
    const inner = objectShape(document, part);
    Object.assign(shape.properties, inner.properties);
    for (const name of inner.required) shape.required.add(name);
  }
  return shape;
}

function arrayItems(document: ContractDocument, schema: Schema | undefined): Schema | undefined {
  const resolved = resolve(document, schema);
  return resolved?.type === 'array' ? resolved.items : undefined;
}

/**
 * Response fields the old schema has and the new one lacks, or that the old one required and
 * the new one does not (a client may rely on them being there), as dotted paths (`data[].email`).
 */
function responseFieldChanges(
  before: ContractDocument,
  after: ContractDocument,
  oldSchema: Schema | undefined,
  newSchema: Schema | undefined,
  path: string,
  depth = 0,
): string[] {
  if (depth > 12 || !oldSchema || !newSchema) return [];
  const oldItems = arrayItems(before, oldSchema);
  if (oldItems) {
    return responseFieldChanges(
      before,
      after,
      oldItems,
      arrayItems(after, newSchema),
      `${path}[]`,
      depth + 1,
    );
  }
  const oldShape = objectShape(before, oldSchema);
  const newShape = objectShape(after, newSchema);
  return Object.keys(oldShape.properties).flatMap((name) => {
    const fieldPath = path ? `${path}.${name}` : name;
    if (!(name in newShape.properties)) return [`removed response field ${fieldPath}`];
    const changes =
      oldShape.required.has(name) && !newShape.required.has(name)
        ? [`response field ${fieldPath} is no longer required`]
        : [];
    return [
      ...changes,
      ...responseFieldChanges(
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

/** Request fields the old schema accepts and the new one lacks (the new server would refuse them). */
function removedRequestFields(
  before: ContractDocument,
  after: ContractDocument,
  oldSchema: Schema | undefined,
  newSchema: Schema | undefined,
  path: string,
  depth = 0,
): string[] {
  if (depth > 12 || !oldSchema) return [];
  const oldItems = arrayItems(before, oldSchema);
  if (oldItems) {
    return removedRequestFields(
      before,
      after,
      oldItems,
      arrayItems(after, newSchema),
      `${path}[]`,
      depth + 1,
    );
  }
  const oldShape = objectShape(before, oldSchema);
  const newShape = objectShape(after, newSchema);
  return Object.keys(oldShape.properties).flatMap((name) => {
    const fieldPath = path ? `${path}.${name}` : name;
    if (!(name in newShape.properties)) return [fieldPath];
    return removedRequestFields(
      before,
      after,
      oldShape.properties[name],
      newShape.properties[name],
      fieldPath,
      depth + 1,
    );
  });
}

/** Request fields required by the new schema that the old one did not require. */
function newlyRequired(
  before: ContractDocument,
  after: ContractDocument,
  oldSchema: Schema | undefined,
  newSchema: Schema | undefined,
  path: string,
  depth = 0,
): string[] {
  if (depth > 12 || !newSchema) return [];
  const newItems = arrayItems(after, newSchema);
  if (newItems) {
    return newlyRequired(
      before,
      after,
      arrayItems(before, oldSchema),
      newItems,
      `${path}[]`,
      depth + 1,
    );
  }
  const oldShape = objectShape(before, oldSchema);
  const newShape = objectShape(after, newSchema);
  return Object.keys(newShape.properties).flatMap((name) => {
    const fieldPath = path ? `${path}.${name}` : name;
    if (newShape.required.has(name) && !oldShape.required.has(name)) return [fieldPath];
    // Look inside fields the old version had; a new optional field binds no existing client.
    return name in oldShape.properties
      ? newlyRequired(
          before,
          after,
          oldShape.properties[name],
          newShape.properties[name],
          fieldPath,
          depth + 1,
        )
      : [];
  });
}

function jsonSchemaOf(content: Record<string, MediaType> | undefined): Schema | undefined {
  const entry = Object.entries(content ?? {}).find(
    ([type]) =>
      type.includes('json') || type === 'multipart/form-data' || type.endsWith('urlencoded'),
  );
  return entry?.[1].schema;
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

      for (const [status, oldResponse] of Object.entries(oldOperation.responses ?? {})) {
        const newResponse = newOperation.responses?.[status];
        if (!newResponse) {
          changes.push(`${name}: removed response status ${status}`);
          continue;
        }
        for (const change of responseFieldChanges(
          before,
          after,
          jsonSchemaOf(oldResponse.content),
          jsonSchemaOf(newResponse.content),
          '',
        )) {
          changes.push(`${name} ${status}: ${change}`);
        }
      }

      const oldParameters = oldOperation.parameters ?? [];
      const newParameters = newOperation.parameters ?? [];
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

      const oldBody = oldOperation.requestBody;
      const newBody = newOperation.requestBody;
      if (newBody?.required && !oldBody?.required) {
        changes.push(`${name}: the request body is newly required`);
      }
      for (const field of newlyRequired(
        before,
        after,
        jsonSchemaOf(oldBody?.content),
        jsonSchemaOf(newBody?.content),
        '',
      )) {
        changes.push(`${name}: request field ${field} is newly required`);
      }
      for (const field of removedRequestFields(
        before,
        after,
        jsonSchemaOf(oldBody?.content),
        jsonSchemaOf(newBody?.content),
        '',
      )) {
        changes.push(`${name}: removed request field ${field}`);
      }
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
