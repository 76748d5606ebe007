import { HttpException, HttpStatus } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { ProblemException, type ProblemInit } from './problem.exception';
import { statusDefaults } from './problem-details';
import { UNIQUE_CONSTRAINT_PROBLEMS } from './unique-constraints';

export interface MappedProblem extends ProblemInit {
  title: string;
  /** Whether the server is at fault: logged as an error with its stack. */
  serverFault: boolean;
  /** A client error that validation should have caught first: logged as a warning. */
  slippedPastValidation?: boolean;
}

const FASTIFY_CODES: Record<string, { status: number; code: string; detail?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    detail: 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'malformed_json',
    detail: 'The request body is empty but declared as JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request' },
  // Framework errors (routing, before any hook runs); see frameworkErrors in app-factory.ts.
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'malformed_url',
    detail: 'The URL is not validly percent-encoded.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri_too_long',
    detail: 'A path parameter is longer than this service accepts.',
  },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    detail: 'The uploaded file is over the size limit.',
  },
};

/**
 * Nest re-throws Fastify's own errors (body parsing, limits) as a bare HttpException with
 * Fastify's message, dropping its code; the message is how we recognise them.
 */
const FASTIFY_PROBLEMS_BY_MESSAGE = new Map(
  Object.entries(FASTIFY_CODES).flatMap(([name, problem]) => {
    const FastifyError = (errorCodes as Record<string, new () => Error>)[name];
    return FastifyError ? [[new FastifyError().message, problem] as const] : [];
  }),
);

const DATABASE_UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
]);

function mapped(init: ProblemInit & { title?: string }, serverFault = false): MappedProblem {
  return { ...init, title: init.title ?? statusDefaults(init.status).title, serverFault };
}

function fromDatabaseError(error: Error): MappedProblem | undefined {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as {
    code?: string;
    constraint?: string;
  };
  const sqlState = driverError?.code;
  if (typeof sqlState !== 'string') return undefined;
  if (sqlState === '23505') {
    const known = driverError.constraint
      ? UNIQUE_CONSTRAINT_PROBLEMS[driverError.constraint]
      : undefined;
    return mapped({
      status: HttpStatus.CONFLICT,
      code: known?.code ?? 'conflict',
      detail: known?.detail ?? 'The request conflicts with an existing record.',
      errors: known?.field ? [{ field: known.field, message: known.detail }] : undefined,
    });
  }
  if (sqlState === '57014') {
    return mapped({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'query_timeout',
      detail: 'The database took too long to answer. Narrow the request or try again.',
      headers: { 'retry-after': '1' },
    });
  }
  if (sqlState === '40001' || sqlState === '40P01' || sqlState === '55P03') {
    return mapped({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'concurrent_update',
      detail: 'The record was being changed by another request at the same moment. Try again.',
      headers: { 'retry-after': '1' },
    });
  }
  if (sqlState.startsWith('22')) {
    // Class 22 (data exception: 22001 too long, 22021 bad character, 22P02 bad text
    // representation, 22003 out of range...) is a value the database refused: the client's
    // input. Validation should refuse it first; this is the safety net, never a 500.
    return {
      ...mapped({
        status: HttpStatus.BAD_REQUEST,
        code: 'invalid_value',
        detail: 'A value in the request cannot be stored (too long, out of range or malformed).',
      }),
      slippedPastValidation: true,
    };
  }
  if (DATABASE_UNAVAILABLE_CODES.has(sqlState) || sqlState.startsWith('08')) {
    return mapped({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: 'database_unavailable',
      detail: 'The database is not reachable right now. Try again shortly.',
      headers: { 'retry-after': '2' },
    });
  }
  return undefined;
}

/** Turns anything thrown while handling a request into the problem to send. */
export function errorToProblem(error: unknown): MappedProblem {
  if (error instanceof ProblemException) return mapped(error.problem);

  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : response;
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    const fromFastify = FASTIFY_PROBLEMS_BY_MESSAGE.get(detail);
    if (fromFastify) {
      return mapped({
        status: fromFastify.status,
        code: fromFastify.code,
        detail: fromFastify.detail ?? detail,
      });
    }
    const defaults = statusDefaults(status);
    return mapped(
      { status, code: defaults.code, detail: status >= 500 ? defaults.title : detail },
      status >= 500,
    );
  }

  if (error instanceof QueryFailedError || (error instanceof Error && 'code' in error)) {
    const fromDatabase = fromDatabaseError(error);
    if (fromDatabase) return fromDatabase;
  }

  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  if (fastifyError && typeof fastifyError.code === 'string' && FASTIFY_CODES[fastifyError.code]) {
    const known = FASTIFY_CODES[fastifyError.code];
    return mapped({
      status: known.status,
      code: known.code,
      detail: known.detail ?? String(fastifyError.message),
    });
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return mapped({
      status: 400,
      code: 'malformed_json',
      detail: 'The request body is not valid JSON.',
    });
  }
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const defaults = statusDefaults(fastifyError.statusCode);
    return mapped({
      status: fastifyError.statusCode,
      code: defaults.code,
      detail: String(fastifyError.message),
    });
  }

  return mapped(
    {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: 'internal_error',
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
    },
    true,
  );
}
