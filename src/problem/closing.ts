import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem.exception';
import { sendProblem } from './problem-details.filter';

/**
 * Once the server starts closing, a request that still arrives (on a kept-alive connection)
 * is answered 503 problem+json with `Connection: close`, so the client retries elsewhere.
 * Registered before any other onRequest hook work, it costs one boolean check per request.
 */
export function refuseWhileClosing(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    sendProblem(
      request,
      reply,
      new ProblemException({
        status: 503,
        code: 'shutting_down',
        detail: 'This instance is shutting down. Retry the request.',
        headers: { 'retry-after': '1' },
      }),
    );
    return reply;
  });
}
