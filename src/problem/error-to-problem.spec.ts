import { BadRequestException, NotFoundException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { errorToProblem } from './error-to-problem';
import { ProblemException } from './problem.exception';

function databaseError(code: string, constraint?: string): QueryFailedError {
  const driverError = Object.assign(new Error(`database says ${code}`), { code, constraint });
  return new QueryFailedError('SELECT 1', [], driverError);
}

describe('errorToProblem', () => {
  it('passes a ProblemException through as it is', () => {
    const problem = errorToProblem(ProblemException.notFound('customer_not_found', 'No such.'));
    expect(problem).toEqual({
      status: 404,
      code: 'customer_not_found',
      detail: 'No such.',
      title: 'Not found',
      serverFault: false,
    });
  });

  it('counts invalid fields, not messages, in a validation problem', () => {
    const problem = errorToProblem(
      ProblemException.validation([
        { field: 'name', message: 'name should not be empty' },
        { field: 'name', message: 'name must be a string' },
        { field: 'role', message: 'role must be one of admin, manager, viewer' },
      ]),
    );
    expect(problem.detail).toBe('2 fields are invalid: name, role');
    expect(problem.errors).toHaveLength(3);
  });

  it.each(['22021', '22001', '22P02', '22003', '22007', '22008'])(
    'maps data exception %s to a 400 invalid_value, not a 500',
    (sqlState) => {
      const problem = errorToProblem(databaseError(sqlState));
      expect(problem).toMatchObject({
        status: 400,
        code: 'invalid_value',
        serverFault: false,
        slippedPastValidation: true,
      });
      expect(problem.detail).not.toContain(sqlState);
    },
  );

  it('maps a known unique violation to its 409 code and field, an unknown one to conflict', () => {
    expect(errorToProblem(databaseError('23505', 'uq_customers_email'))).toMatchObject({
      status: 409,
      code: 'customer_email_taken',
      errors: [{ field: 'email' }],
    });
    expect(errorToProblem(databaseError('23505', 'uq_something_else'))).toMatchObject({
      status: 409,
      code: 'conflict',
      errors: undefined,
    });
  });

  it('maps timeouts, serialisation failures and lost connections to 503 with Retry-After', () => {
    expect(errorToProblem(databaseError('57014'))).toMatchObject({
      status: 503,
      code: 'query_timeout',
      headers: { 'retry-after': '1' },
    });
    for (const code of ['40001', '40P01', '55P03']) {
      expect(errorToProblem(databaseError(code))).toMatchObject({
        status: 503,
        code: 'concurrent_update',
      });
    }
    for (const code of ['57P01', '08006', '53300']) {
      expect(errorToProblem(databaseError(code))).toMatchObject({
        status: 503,
        code: 'database_unavailable',
        headers: { 'retry-after': '2' },
      });
    }
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(errorToProblem(refused)).toMatchObject({ status: 503, code: 'database_unavailable' });
  });

  it('maps Fastify errors by code, including the routing errors', () => {
    const { FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH, FST_ERR_CTP_INVALID_MEDIA_TYPE } =
      errorCodes;
    expect(errorToProblem(new FST_ERR_BAD_URL('/x/%E0'))).toMatchObject({
      status: 400,
      code: 'malformed_url',
    });
    expect(errorToProblem(new FST_ERR_MAX_PARAM_LENGTH('/x/aaa'))).toMatchObject({
      status: 414,
      code: 'uri_too_long',
    });
    expect(errorToProblem(new FST_ERR_CTP_INVALID_MEDIA_TYPE('text/xml'))).toMatchObject({
      status: 415,
      code: 'unsupported_media_type',
    });
  });

  it('recognises a Fastify error that Nest re-threw as a bare HttpException', () => {
    const message = new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY().message;
    expect(errorToProblem(new BadRequestException(message))).toMatchObject({
      status: 400,
      code: 'malformed_json',
    });
  });

  it('maps HttpExceptions by status', () => {
    expect(errorToProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'Cannot GET /nope',
    });
  });

  it('hides anything else behind a 500 internal_error flagged as a server fault', () => {
    const problem = errorToProblem(new Error('secret at /srv/app.ts:1'));
    expect(problem).toMatchObject({ status: 500, code: 'internal_error', serverFault: true });
    expect(problem.detail).not.toContain('secret');
    expect(errorToProblem(databaseError('XX000'))).toMatchObject({
      status: 500,
      serverFault: true,
    });
  });
});
