import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, DECORATORS, getSchemaPath } from '@nestjs/swagger';
import { ProblemDetailsDto } from './dto/problem-details.dto';
import type { CataloguedProblem } from './problem-catalogue';
import { PROBLEM_CONTENT_TYPE, problemType, statusDefaults } from './problem-details';

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (`validation_failed`, `malformed_json`, `malformed_url`, `invalid_value`).',
  401: 'Missing, unknown or revoked API key (`unauthorized`).',
  403: "The API key's role may not do this (`forbidden`).",
  404: 'No such resource (`not_found`).',
  409: 'The request conflicts with the current state (see `code`).',
  412: 'The `If-Match` ETag is stale: someone else changed the resource (`precondition_failed`).',
  413: 'The body or uploaded file is over the size limit (`payload_too_large`).',
  415: 'Unsupported content type (`unsupported_media_type`).',
  422: 'The request is well-formed but cannot be processed (see `code`).',
  429: 'Rate limit for this API key exceeded (`rate_limited`), or too many failed authentications from this address (`too_many_auth_failures`); retry after `Retry-After` seconds.',
  500: 'An unexpected error; quote the `requestId` when reporting it (`internal_error`).',
  503: 'The database is unavailable, the query timed out, or this instance is shutting down (`database_unavailable`, `query_timeout`, `concurrent_update`, `shutting_down`).',
};

const RETRY_AFTER = {
  description: 'Seconds to wait before retrying.',
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
};

/** Headers every problem of a status carries. */
const HEADERS: Record<number, Record<string, object>> = {
  401: {
    'WWW-Authenticate': {
      description: 'The authentication scheme to use: `Bearer`.',
      required: true,
      schema: { type: 'string', maxLength: 200 },
    },
  },
  429: { 'Retry-After': { ...RETRY_AFTER, required: true } },
  503: { 'Retry-After': RETRY_AFTER },
};

/** A specific problem an operation can answer, shown as a named example of its status. */
export interface ProblemExample {
  code: string;
  detail: string;
}

interface ResponseMetadata {
  description: string;
  headers?: Record<string, object>;
  content: Record<
    string,
    { schema: object; examples: Record<string, { summary: string; value: object }> }
  >;
}

function exampleOf(status: number, problem: ProblemExample) {
  return {
    summary: problem.code,
    value: {
      type: problemType(problem.code),
      title: statusDefaults(status).title,
      status,
      detail: problem.detail,
      code: problem.code,
      requestId: '5f0c6f3e-2b1d-4a7e-9a51-0f1c3b0c9d11',
    },
  };
}

/**
 * The OpenAPI response for a problem status, merged with what is already declared for it:
 * named examples accumulate (a specific code replaces the generic one) and so do description
 * lines, whatever order the decorators run in.
 */
export function mergeProblemResponse(
  existing: ResponseMetadata | undefined,
  status: number,
  specific?: ProblemExample,
): ResponseMetadata {
  const generic = statusDefaults(status);
  const baseDescription = DESCRIPTIONS[status] ?? generic.title;
  const examples = { ...existing?.content?.[PROBLEM_CONTENT_TYPE]?.examples };
  if (specific) {
    examples[specific.code] = exampleOf(status, specific);
    delete examples[generic.code];
  } else if (Object.keys(examples).length === 0) {
    examples[generic.code] = exampleOf(status, { code: generic.code, detail: baseDescription });
  }
  const lines = existing?.description ? existing.description.split('\n') : [baseDescription];
  const line = specific ? `- \`${specific.code}\`: ${specific.detail}` : undefined;
  if (line && !lines.includes(line)) lines.push(line);
  return {
    description: lines.join('\n'),
    ...(HEADERS[status] ? { headers: HEADERS[status] } : {}),
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) }, examples },
    },
  };
}

function problemResponseDecorator(
  status: number,
  specific?: ProblemExample,
): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor ? descriptor.value : target) as object;
    const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, holder) ?? {}) as Record<
      string,
      ResponseMetadata
    >;
    Reflect.defineMetadata(
      DECORATORS.API_RESPONSE,
      { ...responses, [status]: mergeProblemResponse(responses[status], status, specific) },
      holder,
    );
    return descriptor ?? target;
  }) as MethodDecorator & ClassDecorator;
}

/** Declares problem+json error responses for the given statuses in the OpenAPI document. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) => problemResponseDecorator(status)),
  );
}

/**
 * Declares one specific problem (its status, stable code and meaning) as a named example and a
 * description line of that status, e.g. `ApiProblem(409, { code: 'customer_email_taken', ... })`.
 */
export function ApiProblem(problem: CataloguedProblem): MethodDecorator & ClassDecorator;
export function ApiProblem(
  status: number,
  problem: ProblemExample,
): MethodDecorator & ClassDecorator;
export function ApiProblem(
  statusOrProblem: number | CataloguedProblem,
  example?: ProblemExample,
): MethodDecorator & ClassDecorator {
  const [status, problem] =
    typeof statusOrProblem === 'number'
      ? [statusOrProblem, example as ProblemExample]
      : [statusOrProblem.status, statusOrProblem.example];
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    problemResponseDecorator(status, problem),
  );
}
