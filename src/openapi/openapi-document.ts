import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type HeaderObject,
  type OpenAPIObject,
  type ParameterObject,
  type ReferenceObject,
  type ResponseObject,
  type SchemaObject,
  type ServerObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { parse } from 'yaml';
import { API_KEY_SECURITY, SESSION_SECURITY } from '../auth/auth.decorators';
import { mergeProblemResponse } from '../problem/api-problem-responses.decorator';
import { statusDefaults } from '../problem/problem-details';
import { toOpenApi31 } from './openapi-31';
import { type NamedHeader, shareComponents } from './shared-components';

const DESCRIPTION = `Customers, their work orders and the audit trail, for production shops
(embroidery, screen-print and sign shops).

Every \`/api/v1\` route needs \`Authorization: Bearer <api key>\` or a signed-in person's session cookie
(\`POST /api/v1/session\`). Roles: **admin** (everything,
incl. imports and API keys), **manager** (customers, work orders, archive), **viewer** (read).

Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\` and the request's
\`requestId\` (also in the \`X-Request-Id\` response header).`;

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return (value as unknown[]).map((item) => sortKeys(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  ) as T;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Tags in the order Swagger UI shows them, each with what it groups. */
const TAGS: Array<{ name: string; description: string }> = [
  {
    name: 'Customers',
    description: 'Customers of the shop: create, find, edit, archive, restore.',
  },
  { name: 'Work orders', description: "A customer's work orders and their status moves." },
  {
    name: 'Imports',
    description: 'Bulk customer import from CSV as a tracked job, and CSV export.',
  },
  { name: 'Audit', description: 'The append-only trail of every change (admin only).' },
  {
    name: 'API keys',
    description: 'Keys that authenticate callers, with their role (admin only).',
  },
  { name: 'Health', description: 'Liveness and readiness probes (no API key needed).' },
];

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': 'Requests this API key may make per minute.',
  'X-RateLimit-Remaining': 'Requests left in the current minute.',
  'X-RateLimit-Reset': 'Seconds until the current minute ends.',
};

/** The rate-limit headers of API-key routes: always on success; on an error once the key was counted. */
function rateLimitHeaders(required: boolean): Record<string, HeaderObject> {
  return Object.fromEntries(
    Object.entries(RATE_LIMIT_HEADERS).map(([name, description]) => [
      name,
      {
        description: required
          ? description
          : `${description} Absent when the request was refused before it was counted (unknown key, rate limited, unreadable body).`,
        required,
        schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
      },
    ]),
  );
}

const REQUEST_ID_HEADER: HeaderObject = {
  description:
    "The request's id: the caller's `X-Request-Id` when it is a sane token, else a new UUID. Quote it when reporting a problem; errors carry it as `requestId` too.",
  required: true,
  schema: {
    type: 'string',
    minLength: 1,
    maxLength: 128,
    pattern: '^[A-Za-z0-9._:-]{1,128}$',
    example: '5f0c6f3e-2b1d-4a7e-9a51-0f1c3b0c9d11',
  },
};

const IDEMPOTENT_REPLAYED_HEADER: HeaderObject = {
  description:
    '`true` when this is the stored response of an earlier request with the same `Idempotency-Key` (nothing was done again); absent otherwise.',
  required: false,
  schema: { type: 'string', enum: ['true'] },
};

const IN_PROGRESS_RETRY_AFTER: HeaderObject = {
  description:
    'With `idempotency_request_in_progress`: seconds to wait before retrying with the same `Idempotency-Key`.',
  required: false,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
};

const CONTENT_DISPOSITION_HEADER: HeaderObject = {
  description: 'An attachment with a file name, so browsers save the CSV as a file.',
  required: true,
  schema: { type: 'string', maxLength: 255, example: 'attachment; filename="customers.csv"' },
};

/**
 * Component names for the header variants that share a header name with another: the rate-limit
 * headers of a refused request (optional) and the in-progress idempotency `Retry-After`.
 */
const NAMED_HEADERS: NamedHeader[] = [
  ...Object.entries(rateLimitHeaders(false)).map(([name, header]) => ({
    key: `${name}.ifCounted`,
    name,
    header,
  })),
  {
    key: 'Retry-After.idempotencyInProgress',
    name: 'Retry-After',
    header: IN_PROGRESS_RETRY_AFTER,
  },
];

/** What a success response carries, by the name of its schema: shown in Swagger UI under the status. */
const SUCCESS_BODIES: Record<string, string> = {
  ApiKeyDto: 'The API key as it is now (never the key itself).',
  ApiKeyListDto: 'Every API key (never the keys themselves).',
  AuditPageDto:
    'One page of audit entries, newest first; `nextCursor` fetches the next (null on the last page).',
  CreatedApiKeyDto:
    'The new API key, with the key itself in `key`: shown only this once, store it now.',
  CustomerDetailDto:
    'The customer with its counts, latest work orders and latest activity; `ETag` is its version.',
  CustomerDto: 'The customer as it is now; `ETag` is its version.',
  CustomerPageDto: 'One page of customers; `nextCursor` fetches the next (null on the last page).',
  HealthStatusDto: 'The service is up; `checks` lists what was checked.',
  ImportDto: 'The import job as it is now: status and row counters.',
  ImportErrorPageDto:
    'One page of row errors, in row order; `nextCursor` fetches the next (null on the last page).',
  ImportPageDto:
    'One page of import jobs, newest first; `nextCursor` fetches the next (null on the last page).',
  WorkOrderDto: 'The work order as it is now.',
  WorkOrderPageDto:
    'One page of work orders, newest first; `nextCursor` fetches the next (null on the last page).',
};
const SUCCESS_STATUS: Record<string, string> = { '200': 'OK', '201': 'Created', '202': 'Accepted' };

/** A success response without a description gets one from its schema (the decorators rarely say). */
function successDescription(status: string, response: ResponseObject): string {
  const schema = Object.values(response.content ?? {})[0]?.schema;
  const name = schema && '$ref' in schema ? schema.$ref.split('/').pop() : undefined;
  const body = name
    ? (SUCCESS_BODIES[name] ??
      `The ${name
        .replace(/Dto$/, '')
        .replace(/\B([A-Z])/g, ' $1')
        .toLowerCase()}.`)
    : '';
  return `${SUCCESS_STATUS[status] ?? 'Success'}${body ? `: ${body}` : '.'}`;
}

/**
 * Response headers the code sends outside the handlers, declared on every response they can be
 * on: the request id always; on operations that take an `Idempotency-Key`, `Idempotent-Replayed`
 * on success and `Retry-After` on the 409 a request still in progress gets; on CSV downloads,
 * `Content-Disposition`. Success responses without a description get one.
 */
function addStandardHeaders(paths: OpenAPIObject['paths']): void {
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const idempotent = (operation.parameters ?? []).some(
        (parameter) =>
          !('$ref' in parameter) &&
          parameter.in === 'header' &&
          parameter.name.toLowerCase() === 'idempotency-key',
      );
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || '$ref' in response) continue;
        const headers: Record<string, HeaderObject> = { 'X-Request-Id': REQUEST_ID_HEADER };
        if (idempotent && status.startsWith('2')) {
          headers['Idempotent-Replayed'] = IDEMPOTENT_REPLAYED_HEADER;
        }
        if (idempotent && status === '409') headers['Retry-After'] = IN_PROGRESS_RETRY_AFTER;
        if (status.startsWith('2') && response.content?.['text/csv']) {
          headers['Content-Disposition'] = CONTENT_DISPOSITION_HEADER;
        }
        response.headers = { ...headers, ...response.headers };
        if (status.startsWith('2') && !response.description) {
          response.description = successDescription(status, response);
        }
      }
    }
  }
}

/**
 * What every operation answers whatever its handler does, declared centrally so none forgets
 * it: problems (500 everywhere; 400, 413 and 415 where a body can be read, i.e. on every
 * method but GET and HEAD; 400 where parameters are validated; 503 where the API key is
 * checked, as that reads the database) and, on API-key routes, the rate-limit headers.
 */
function addStandardResponses(paths: OpenAPIObject['paths']): void {
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const secured = (operation.security ?? []).length > 0;
      const statuses = [500];
      if (operation.requestBody) statuses.push(400, 413, 415);
      // A bodiless operation ignores an empty body of any type, but still reads (and may
      // refuse) a body sent on a method that can carry one.
      else if (method !== 'get' && method !== 'head') statuses.push(400, 413, 415);
      if ((operation.parameters ?? []).length > 0) statuses.push(400);
      if (secured) statuses.push(503);
      for (const status of statuses) {
        operation.responses[status] ??= mergeProblemResponse(undefined, status);
      }
      if (!secured) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || '$ref' in response || !/^[24]/.test(status)) continue;
        response.headers = { ...rateLimitHeaders(status.startsWith('2')), ...response.headers };
      }
    }
  }
}

/**
 * Schema details the code cannot say per field: integers without a format are int32 (no count
 * or size here comes near 2^31); a oneOf field is not also an object; a string carries no
 * `additionalProperties`; path parameters named `id`/`...Id` are UUIDs.
 */
function refineSchemas(document: OpenAPIObject): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const schema = node as SchemaObject;
    if (schema.type === 'integer' && !schema.format) schema.format = 'int32';
    // The plugin types an `unknown` field as object even when its oneOf says what it may be.
    if (schema.type === 'object' && schema.oneOf && !schema.properties) delete schema.type;
    // Since swagger 12 the plugin adds `additionalProperties` for a `Record` field even when its
    // decorator says it travels as a string (a JSON-encoded query parameter).
    if (schema.type === 'string') delete schema.additionalProperties;
    Object.values(schema).forEach(visit);
  };
  visit(document.paths);
  visit(document.components);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      for (const parameter of item[method]?.parameters ?? []) {
        if ('$ref' in parameter || parameter.in !== 'path' || !/(^i|I)d$/.test(parameter.name)) {
          continue;
        }
        const schema = parameter.schema as SchemaObject | undefined;
        if (schema?.type === 'string' && !schema.format) schema.format = 'uuid';
        if (parameter.name === 'id' && schema?.format === 'uuid') describePathId(path, parameter);
      }
    }
  }
}

/** The resource a path's `{id}` names, by the collection before it, with an example id. */
const PATH_IDS: Record<string, { noun: string; example: string }> = {
  'api-keys': { noun: 'API key', example: '0b6f3c1e-8f7a-4b8e-9a43-2f1f6d1b7c55' },
  customers: { noun: 'customer', example: '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001' },
  imports: { noun: 'import job', example: '5b0e2c4e-0a7d-4a43-b7c9-1f0f4b8f6a21' },
  'work-orders': { noun: 'work order', example: 'c3a1f9e0-6b2d-4f1a-8e77-0d9b5a4c2e10' },
};

function describePathId(path: string, parameter: ParameterObject): void {
  const collection = /\/([^/]+)\/\{id\}/.exec(path)?.[1] ?? '';
  const known = PATH_IDS[collection];
  parameter.description ??= known ? `The ${known.noun}'s id.` : 'The id (a UUID).';
  parameter.example ??= known?.example ?? '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001';
}

/**
 * Request bodies refuse unknown fields (the ValidationPipe and the import options use
 * `forbidNonWhitelisted`): say so in every object schema a request body reaches, so clients and
 * linters know. Objects combined with others in an `allOf` stay open (closing them would make
 * the combination refuse every value).
 */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components?.schemas ?? {};
  const seen = new Set<object>();
  const close = (node: SchemaObject | ReferenceObject | undefined, inAllOf = false): void => {
    if (!node) return;
    if ('$ref' in node) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(node.$ref)?.[1];
      return close(name ? schemas[name] : undefined, inAllOf);
    }
    if (seen.has(node)) return;
    seen.add(node);
    if (node.properties && node.additionalProperties === undefined && !inAllOf) {
      node.additionalProperties = false;
    }
    Object.values(node.properties ?? {}).forEach((property) => close(property));
    close(node.items);
    node.allOf?.forEach((part) => close(part, node.allOf!.length > 1));
    [...(node.oneOf ?? []), ...(node.anyOf ?? [])].forEach((part) => close(part));
  };
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const body = item[method]?.requestBody;
      if (!body || '$ref' in body) continue;
      Object.values(body.content).forEach((media) => close(media.schema));
    }
  }
}

/**
 * A multipart body's file parts after its fields, in the sorted document too: the import reads
 * the form in order and refuses an option after the file, and Swagger UI sends the parts in the
 * order the schema lists them.
 */
function filePartsLast(paths: OpenAPIObject['paths']): OpenAPIObject['paths'] {
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const body = item[method]?.requestBody;
      const schema =
        body && !('$ref' in body) ? body.content['multipart/form-data']?.schema : undefined;
      if (!schema || '$ref' in schema || !schema.properties) continue;
      const isFile = (property: SchemaObject | ReferenceObject) =>
        !('$ref' in property) && property.format === 'binary';
      const entries = Object.entries(schema.properties);
      schema.properties = Object.fromEntries([
        ...entries.filter(([, property]) => !isFile(property)),
        ...entries.filter(([, property]) => isFile(property)),
      ]);
    }
  }
  return paths;
}

/** The committed contract, at the repository's root (the same path from src/ and from dist/). */
export const COMMITTED_CONTRACT_PATH = join(__dirname, '..', '..', 'openapi.yaml');

/**
 * The committed openapi.yaml, which CI holds equal to what buildOpenApiDocument generates. The
 * running service reads it rather than its own document because tests run the sources without
 * the Swagger CLI plugin, whose properties their generated document then lacks.
 */
export function readCommittedContract(): OpenAPIObject {
  return parse(readFileSync(COMMITTED_CONTRACT_PATH, 'utf8')) as OpenAPIObject;
}

/**
 * The contract, generated from the code. Paths and component schemas are sorted so the
 * committed openapi.yaml only changes when the API does.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Shop customers API')
    .setDescription(DESCRIPTION)
    .setVersion('1.0.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: 'An API key: `csk_...`',
      },
      API_KEY_SECURITY,
    )
    .addCookieAuth(
      'cms_session',
      {
        type: 'apiKey',
        in: 'cookie',
        description:
          "The session cookie set by `POST /api/v1/session` (`__Host-cms_session` over HTTPS). State-changing requests with it must come from the service's own pages (`Sec-Fetch-Site` / `Origin`), else 403 `csrf_rejected`.",
      },
      SESSION_SECURITY,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  addStandardResponses(document.paths);
  addStandardHeaders(document.paths);
  refineSchemas(document);
  closeRequestBodies(document);
  const schemas = document.components?.schemas ?? {};
  // RFC 9457 lets a problem carry extension members (e.g. `activeOrdersCount`).
  if (schemas.ProblemDetailsDto && !('$ref' in schemas.ProblemDetailsDto)) {
    schemas.ProblemDetailsDto.additionalProperties = true;
  }
  const contract = toOpenApi31(document);
  const usedTags = new Set(
    Object.values(document.paths).flatMap((item) =>
      HTTP_METHODS.flatMap((method) => item[method]?.tags ?? []),
    ),
  );
  const tags = [
    ...TAGS.filter((tag) => usedTags.has(tag.name)),
    ...[...usedTags]
      .filter((name) => !TAGS.some((tag) => tag.name === name))
      .map((name) => ({ name })),
  ];
  const shared: OpenAPIObject = {
    ...contract,
    servers: [
      {
        url: '/',
        description:
          'The host serving this document (local, staging or production alike: the API is the same).',
        'x-internal': false,
      } as ServerObject,
    ],
    tags,
    paths: filePartsLast(sortKeys(contract.paths)),
    components: sortKeys(contract.components ?? {}),
  };
  shareComponents(shared, {
    namedHeaders: NAMED_HEADERS,
    genericProblemCode: (status) => statusDefaults(status).code,
  });
  return { ...shared, components: sortKeys(shared.components ?? {}) };
}

/** Swagger UI at /docs, the live document at /docs-json. */
export function setupOpenApiDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
