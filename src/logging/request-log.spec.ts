import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { registerRequestLog } from './logger-options';

function capturedLogger(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino(
    {
      level,
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number | null }) => ({ statusCode: res.statusCode }),
      },
    },
    stream,
  );
  return { logger, lines };
}

async function appWith(level?: string) {
  const { logger, lines } = capturedLogger(level);
  const app = Fastify({ genReqId: () => 'req-1' });
  registerRequestLog(app, logger);
  app.get('/api/ok', async () => ({ ok: true }));
  app.get('/api/boom', async (_request, reply) => reply.status(503).send({ down: true }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  await app.ready();
  return { app, lines };
}

describe('the request log', () => {
  it('writes one line per request with its id, method, url, status and time', async () => {
    const { app, lines } = await appWith();
    await app.inject({ method: 'GET', url: '/api/ok?x=1' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        reqId: 'req-1',
        req: { id: 'req-1', method: 'GET', url: '/api/ok?x=1' },
        res: { statusCode: 200 },
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
        responseTime: expect.any(Number),
      }),
    ]);
    await app.close();
  });

  it('says a 5xx errored, with an error, and skips /health', async () => {
    const { app, lines } = await appWith();
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'GET', url: '/api/boom' });
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request errored',
        res: { statusCode: 503 },
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types its asymmetric matchers any
        err: expect.objectContaining({ message: 'failed with status code 503' }),
      }),
    ]);
    await app.close();
  });

  it('writes nothing below info', async () => {
    const { app, lines } = await appWith('warn');
    await app.inject({ method: 'GET', url: '/api/ok' });
    expect(lines).toEqual([]);
    await app.close();
  });
});
