import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  HeaderObject,
  SchemaObject,
  ServerObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { API_KEY_SECURITY } from '../auth/auth.decorators';
import { mergeProblemResponse } from '../problem/api-problem-responses.decorator';

const DESCRIPTION = `Customers, their work orders and the audit trail, for production shops
(embroidery, screen-print and sign shops).

Every \`/api/v1\` route needs \`Authorization: Bearer <api key>\`. Roles: **admin** (everything,
incl. imports and API keys), **manager** (customers, work orders, archive), **viewer** (read).

Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\` and the request's
\`requestId\` (also in the \`X-Request-Id\` response header).`;

function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item)) as T;
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

/**
 * What every operation answers whatever its handler does, declared centrally so none forgets
 * it: problems (500 everywhere; 400, 413 and 415 where a body is read; 400 where parameters
 * are validated; 503 where the API key is checked, as that reads the database) and, on API-key
 * routes, the rate-limit headers.
 */
function addStandardResponses(paths: OpenAPIObject['paths']): void {
  for (const item of Object.values(paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const secured = (operation.security ?? []).length > 0;
      const statuses = [500];
      if (operation.requestBody) statuses.push(400, 413, 415);
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
 * or size here comes near 2^31); a oneOf field is not also an object; path parameters named
 * `id`/`...Id` are UUIDs.
 */
function refineSchemas(document: OpenAPIObject): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const schema = node as SchemaObject;
    if (schema.type === 'integer' && !schema.format) schema.format = 'int32';
    // The plugin types an `unknown` field as object even when its oneOf says what it may be.
    if (schema.type === 'object' && schema.oneOf && !schema.properties) delete schema.type;
    Object.values(schema).forEach(visit);
  };
  visit(document.paths);
  visit(document.components);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      for (const parameter of item[method]?.parameters ?? []) {
        if ('$ref' in parameter || parameter.in !== 'path' || !/(^i|I)d$/.test(parameter.name)) {
          continue;
        }
        const schema = parameter.schema as SchemaObject | undefined;
        if (schema?.type === 'string' && !schema.format) schema.format = 'uuid';
      }
    }
  }
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
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
  addStandardResponses(document.paths);
  refineSchemas(document);
  const schemas = document.components?.schemas ?? {};
  // RFC 9457 lets a problem carry extension members (e.g. `activeOrdersCount`).
  if (schemas.ProblemDetailsDto && !('$ref' in schemas.ProblemDetailsDto)) {
    schemas.ProblemDetailsDto.additionalProperties = true;
  }
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
  return {
    ...document,
    servers: [
      {
        url: '/',
        description:
          'The host serving this document (local, staging or production alike: the API is the same).',
        'x-internal': false,
      } as ServerObject,
    ],
    tags,
    paths: sortKeys(document.paths),
    components: sortKeys(document.components ?? {}),
  };
}

/** Swagger UI at /docs, the live document at /docs-json. */
export function setupOpenApiDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
