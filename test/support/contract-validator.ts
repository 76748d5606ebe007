import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Checks real responses against the committed contract (openapi.yaml): the status is declared
 * for the operation, the content type is one it declares, the body matches its schema (objects
 * are closed: an undeclared field is a violation too) and declared headers are present when
 * required and match their schemas. Hooked once into the e2e HTTP clients (ApiClient and the
 * SDK's fetch), so every test checks the contract without a line of its own.
 *
 * Schemas are judged by the strict reading of the document's own OpenAPI version, as an
 * independent validator (a contract-testing proxy) reads them: 3.1 schemas are JSON Schema
 * 2020-12 (Ajv 2020, every unknown keyword an error, so a 3.0 `nullable` is refused, not
 * tolerated); 3.0 schemas follow 3.0.3's rule that `nullable: true` only adds null to a `type`
 * in the same schema (beside `allOf: [$ref]` without a type it allows nothing, and an `enum`
 * still refuses null unless it lists it). Formats are asserted. Other versions are refused.
 *
 * Set CONTRACT_OPENAPI to validate against another rendering of the contract.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

interface MediaTypeObject {
  schema?: Schema;
}
interface ReferenceObject {
  $ref: string;
}
interface HeaderObject {
  required?: boolean;
  schema?: Schema;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, HeaderObject | ReferenceObject>;
}
interface OperationObject {
  operationId?: string;
  responses?: Record<string, ResponseObject | ReferenceObject>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, ResponseObject | ReferenceObject>;
    headers?: Record<string, HeaderObject | ReferenceObject>;
  };
}

/** What the validator needs to know about one exchange, whatever client made it. */
export interface ObservedResponse {
  method: string;
  /** The request URL or path (query string and origin are ignored). */
  url: string;
  status: number;
  /** Response headers, any case. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw response body ('' when none). */
  text: string;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const COMPONENTS_ID = 'https://contract.invalid/openapi';
/** Where `#/components/schemas/<name>` is registered: `${COMPONENTS_ID}/components/schemas/<name>`. */
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Routes served outside the contract: the documentation itself. */
const UNDOCUMENTED_PATHS = [/^\/docs(?:[/-]|$)/];

/** The OpenAPI versions whose schema rules the validator knows. */
export type OpenApiDialect = '3.0' | '3.1';

export function dialectOf(document: { openapi?: unknown }): OpenApiDialect {
  const version = typeof document.openapi === 'string' ? document.openapi : '';
  if (/^3\.0\.\d+$/.test(version)) return '3.0';
  if (/^3\.1\.\d+$/.test(version)) return '3.1';
  throw new Error(`The contract validator knows OpenAPI 3.0.x and 3.1.x, not "${version}"`);
}

/** Keywords the OpenAPI Schema Object adds to JSON Schema that annotate and never constrain. */
const OPENAPI_ANNOTATIONS: Record<OpenApiDialect, string[]> = {
  '3.0': ['discriminator', 'xml', 'externalDocs', 'example'],
  '3.1': ['discriminator', 'xml', 'externalDocs', 'example'],
};

/**
 * A schema of the document as the JSON Schema its OpenAPI version means, with objects closed
 * (`additionalProperties: false` where the schema sets none and combines nothing), so a field
 * the contract does not declare is a violation. 3.1 schemas already are JSON Schema; in 3.0
 * `nullable` is read strictly (see the class comment).
 */
export function toJsonSchema(
  schema: unknown,
  dialect: OpenApiDialect,
  closeObjects = true,
): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, dialect, closeObjects));
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable') {
      // Ajv would honour `nullable` beside a `type` (its OpenAPI 3.0 leniency) even in a 2020-12
      // schema, where the keyword does not exist: refuse it there.
      if (dialect === '3.1') throw new Error('`nullable` is not an OpenAPI 3.1 keyword');
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [
          name,
          toJsonSchema(property, dialect, closeObjects),
        ]),
      );
    } else if (
      ['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(
        key,
      ) &&
      typeof value === 'object'
    ) {
      out[key] = toJsonSchema(value, dialect, closeObjects);
    } else {
      out[key] = value;
    }
  }
  if (
    closeObjects &&
    out.properties !== undefined &&
    out.additionalProperties === undefined &&
    !out.allOf &&
    !out.anyOf &&
    !out.oneOf
  ) {
    out.additionalProperties = false;
  }
  if (dialect === '3.0' && source.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  }
  return out;
}

function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((item) => rewriteRefs(item));
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')
        ? [key, `${COMPONENTS_ID}${value.slice(1)}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  return mediaType || undefined;
}

function isJsonMediaType(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

function formatErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((error) => {
    const where = `${root}${error.instancePath}`;
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      return `${where} has a field "${extra}" the contract does not declare`;
    }
    const got =
      error.keyword === 'type' || error.keyword === 'format' || error.keyword === 'enum'
        ? ` (got ${JSON.stringify(error.data)})`
        : '';
    return `${where} ${error.message ?? 'is invalid'}${got}`;
  });
}

interface MatchedPath {
  template: string;
  params: number;
  pattern: RegExp;
}

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly dialect: OpenApiDialect;
  private readonly paths: MatchedPath[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.dialect = dialectOf(document);
    // Strict: an unknown keyword, format or malformed schema is an error, not ignored. Union
    // types (`type: [string, 'null']`) are how both versions say null here.
    const options: Options = {
      allErrors: true,
      verbose: true,
      strict: true,
      allowUnionTypes: true,
    };
    this.ajv = this.dialect === '3.1' ? new Ajv2020(options) : new Ajv(options);
    this.ajv.addVocabulary(OPENAPI_ANNOTATIONS[this.dialect]);
    addFormats(this.ajv);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('binary', { type: 'string', validate: () => true });
    // Each component schema on its own, under the URL its `#/components/schemas/...` refs are
    // rewritten to (a wrapper document would be an unknown `components` keyword to strict Ajv).
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      this.ajv.addSchema(
        rewriteRefs(toJsonSchema(schema, this.dialect)) as Schema,
        `${COMPONENTS_ID}/components/schemas/${name}`,
      );
    }
    // Literal segments win over templates: /customers/export.csv before /customers/{id}.
    this.paths = Object.keys(document.paths)
      .map((template) => {
        const params = (template.match(/\{[^}]+\}/g) ?? []).length;
        const pattern = new RegExp(
          `^${template
            .split(/\{[^}]+\}/)
            .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
            .join('[^/]+')}/?$`,
        );
        return { template, params, pattern };
      })
      .sort((a, b) => a.params - b.params || b.template.length - a.template.length);
  }

  static fromFile(
    path = process.env.CONTRACT_OPENAPI ?? join(__dirname, '..', '..', 'openapi.yaml'),
  ): ContractValidator {
    return new ContractValidator(parse(readFileSync(path, 'utf8')) as OpenApiDocument);
  }

  /** The violations of one response; empty when it honours the contract. */
  violations(observed: ObservedResponse): string[] {
    const path = new URL(observed.url, 'http://localhost').pathname;
    const method = observed.method.toLowerCase();
    const headers = Object.fromEntries(
      Object.entries(observed.headers).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
    const mediaType = mediaTypeOf(headers['content-type']);
    const problemSchema = this.document.components?.schemas?.ProblemDetailsDto
      ? { $ref: '#/components/schemas/ProblemDetailsDto' }
      : undefined;

    const matched = this.paths.find((candidate) => candidate.pattern.test(path));
    const operation = matched ? this.document.paths[matched.template][method] : undefined;
    if (!matched || !operation || !HTTP_METHODS.includes(method)) {
      if (UNDOCUMENTED_PATHS.some((pattern) => pattern.test(path))) return [];
      // Not in the contract: only the not-found (or method-not-allowed) problem is acceptable.
      const problems: string[] = [];
      if (observed.status !== 404 && observed.status !== 405) {
        problems.push(
          `${method.toUpperCase()} ${path} is not in the contract, yet it answered ${observed.status} ` +
            '(regenerate openapi.yaml if the route is new)',
        );
      }
      return [
        ...problems,
        ...this.bodyViolations(observed.text, mediaType, {
          'application/problem+json': { schema: problemSchema },
        }),
      ];
    }

    const responses = operation.responses ?? {};
    const statusKey = [String(observed.status), `${String(observed.status)[0]}XX`, 'default'].find(
      (key) => responses[key] !== undefined,
    );
    if (!statusKey) {
      return [
        `status ${observed.status} is not declared for ${operation.operationId ?? matched.template} ` +
          `(declared: ${Object.keys(responses).join(', ') || 'none'})`,
      ];
    }
    const declared = this.component('responses', responses[statusKey]);
    return [
      ...this.headerViolations(headers, declared.headers ?? {}),
      ...this.bodyViolations(observed.text, mediaType, declared.content ?? {}),
    ];
  }

  /** Throws a ContractViolation naming the exchange and every violation. */
  assertResponse(observed: ObservedResponse): void {
    const found = this.violations(observed);
    if (found.length === 0) return;
    const path = new URL(observed.url, 'http://localhost').pathname;
    const body = observed.text.length > 600 ? `${observed.text.slice(0, 600)}…` : observed.text;
    throw new ContractViolation(
      `The response to ${observed.method.toUpperCase()} ${path} (${observed.status}) breaks openapi.yaml:\n` +
        found.map((violation) => `  - ${violation}`).join('\n') +
        `\n  body: ${body || '(empty)'}`,
    );
  }

  private headerViolations(
    headers: Record<string, string | undefined>,
    declared: Record<string, HeaderObject | ReferenceObject>,
  ): string[] {
    return Object.entries(declared).flatMap(([name, declaredHeader]) => {
      const header = this.component('headers', declaredHeader);
      const value = headers[name.toLowerCase()];
      if (value === undefined) {
        return header.required ? [`required header ${name} is missing`] : [];
      }
      if (!header.schema) return [];
      const schema = header.schema;
      const typed: unknown =
        (schema.type === 'integer' || schema.type === 'number') &&
        /^-?\d+(?:\.\d+)?$/.test(value.trim())
          ? Number(value)
          : value;
      const validate = this.compile(`header:${JSON.stringify(schema)}`, schema);
      return validate(typed) ? [] : formatErrors(validate.errors, `header ${name}`);
    });
  }

  /** A response or header, through `$ref`s to `components` (a dangling one is an error). */
  private component<K extends 'responses' | 'headers'>(
    kind: K,
    node: ResponseObject | HeaderObject | ReferenceObject,
  ): K extends 'responses' ? ResponseObject : HeaderObject {
    let current = node;
    const seen = new Set<string>();
    while ('$ref' in current) {
      const { $ref } = current;
      const name = $ref.startsWith(`#/components/${kind}/`) ? $ref.split('/').pop()! : undefined;
      const target = name === undefined ? undefined : this.document.components?.[kind]?.[name];
      if (!target || seen.has($ref)) {
        throw new Error(`openapi.yaml: cannot resolve ${$ref} as one of components.${kind}`);
      }
      seen.add($ref);
      current = target;
    }
    return current as K extends 'responses' ? ResponseObject : HeaderObject;
  }

  private bodyViolations(
    text: string,
    mediaType: string | undefined,
    content: Record<string, MediaTypeObject>,
  ): string[] {
    const declaredTypes = Object.keys(content);
    if (text === '') {
      return declaredTypes.length > 0
        ? [`the contract declares a body (${declaredTypes.join(', ')}) but none was sent`]
        : [];
    }
    if (declaredTypes.length === 0) return ['a body was sent but the contract declares none'];
    if (!mediaType) return ['a body was sent without a Content-Type'];
    const declaredType = declaredTypes.find((type) => {
      const [kind, sub] = type.toLowerCase().split('/');
      const [actualKind, actualSub] = mediaType.split('/');
      return (kind === '*' || kind === actualKind) && (sub === '*' || sub === actualSub);
    });
    if (!declaredType) {
      return [`content type ${mediaType} is not declared (declared: ${declaredTypes.join(', ')})`];
    }
    const schema = content[declaredType].schema;
    if (!schema || !isJsonMediaType(mediaType)) return [];
    let body: unknown;
    try {
      body = JSON.parse(text) as Json;
    } catch {
      return [`the body is not valid JSON although the content type is ${mediaType}`];
    }
    const validate = this.compile(`body:${JSON.stringify(schema)}`, schema);
    return validate(body) ? [] : formatErrors(validate.errors, 'body');
  }

  private compile(cacheKey: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(toJsonSchema(schema, this.dialect)) as Schema);
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }
}

let shared: ContractValidator | undefined;

/** The validator for the committed contract, loaded once per test file. */
export function contractValidator(): ContractValidator {
  shared ??= ContractValidator.fromFile();
  return shared;
}

/** Any response to check, however it was obtained (raw node:http, supertest, fetch, a log). */
export interface ResponseToCheck {
  method: string;
  /** A path template of openapi.yaml (`/api/v1/customers/{id}`), a path or a full URL. */
  path: string;
  status: number;
  /** Response headers, any case; a fetch `Headers` works too. */
  headers?: Headers | Record<string, string | string[] | number | undefined>;
  /** The body: its raw text or bytes, a parsed JSON value, or undefined/'' for none. */
  body?: unknown;
}

/**
 * Throws a ContractViolation unless the response honours openapi.yaml (declared status,
 * headers, content type and body schema): for tests that do not go through ApiClient or the
 * SDK, e.g. `assertMatchesContract({ method: 'GET', path: '/health/ready', status: res.statusCode,
 * headers: res.headers, body: text })`.
 */
export function assertMatchesContract(
  response: ResponseToCheck,
  validator: ContractValidator = contractValidator(),
): void {
  const headers: Record<string, string | string[] | undefined> = {};
  const entries =
    response.headers instanceof Headers
      ? [...response.headers.entries()]
      : Object.entries(response.headers ?? {});
  for (const [name, value] of entries) {
    headers[name.toLowerCase()] = typeof value === 'number' ? String(value) : value;
  }
  const { body } = response;
  const text =
    body === undefined || body === null
      ? ''
      : typeof body === 'string'
        ? body
        : Buffer.isBuffer(body) || body instanceof Uint8Array
          ? Buffer.from(body).toString('utf8')
          : JSON.stringify(body);
  validator.assertResponse({
    method: response.method,
    url: response.path,
    status: response.status,
    headers,
    text,
  });
}

/**
 * A fetch that checks every response against the contract (for the generated SDK): a violation
 * rejects the call with a ContractViolation.
 */
export function contractCheckedFetch(
  validator: ContractValidator = contractValidator(),
  inner: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await inner(request);
    const text = await response.clone().text();
    validator.assertResponse({
      method: request.method,
      url: request.url,
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      text,
    });
    return response;
  };
}
