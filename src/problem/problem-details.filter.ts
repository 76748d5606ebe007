import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorToProblem } from './error-to-problem';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from './problem-details';

const logger = new Logger('ProblemDetails');

/** Renders any error as application/problem+json on a Fastify reply. Never leaks a stack. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const problem = errorToProblem(error);
  if (problem.serverFault) {
    logger.error({ err: error, requestId: request.id }, 'Unhandled error while serving a request');
  } else if (problem.slippedPastValidation) {
    logger.warn(
      { err: error, requestId: request.id },
      `Input refused by the database, not by validation (${problem.code})`,
    );
  }
  const body: ProblemDetails = {
    type: problemType(problem.code),
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    requestId: request.id ?? null,
    instance: request.url?.split('?')[0],
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.extensions ?? {}),
  };
  if (reply.sent) return;
  void reply
    .status(problem.status)
    .headers(problem.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(body);
}

/** The one exception filter: every error the application raises leaves as a problem. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}
