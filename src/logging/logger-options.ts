import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';
import { type Actor, requestLogFields } from '../request-context/request-context';

/** Longest SQL text kept in a logged error. */
const LOGGED_QUERY_CHARS = 500;

/**
 * An error as logged: pino's standard fields, without the query's parameters (a failed
 * import batch carries 5,000 customers' names and emails in them) and with a long query cut.
 * pino-http hands it the standard serialization already; an Error is serialized first.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  const standard = error instanceof Error ? stdSerializers.err(error) : error;
  const {
    parameters: _parameters,
    driverError,
    query,
    ...serialized
  } = standard as Record<string, unknown>;
  if (typeof query === 'string') {
    serialized.query =
      query.length > LOGGED_QUERY_CHARS ? `${query.slice(0, LOGGED_QUERY_CHARS)}…` : query;
  }
  if (driverError && typeof driverError === 'object') {
    const { code, detail, where, routine } = driverError as Record<string, unknown>;
    serialized.driverError = { code, detail, where, routine };
  }
  return serialized;
}

/** What a request line says about the request: never its headers, never a one-time token. */
function serializeRequest(req: { id: string; method: string; url: string }) {
  return {
    id: req.id,
    method: req.method,
    // One-time links carry their secret in the query (/setup?token=…): never logged.
    url: req.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'),
  };
}

/** How much of the log is gathered before one write, and the longest a line waits. */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 250;

let stdoutDestination: DestinationStream | undefined;

/**
 * Standard output, written in batches of ~4 KB (eight to ten request lines) and at least every
 * 250 ms, and flushed on exit: one write(2) per request line cost the detail request ~15% of
 * its CPU (issue 16). A process killed with SIGKILL can lose its last quarter second of lines;
 * the audit trail is in the database, not here. One per process, whatever the apps it builds.
 */
function bufferedStdout(): DestinationStream {
  if (!stdoutDestination) {
    const destination = pino.destination({ dest: 1, minLength: LOG_BUFFER_BYTES, sync: true });
    setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();
    process.on('exit', () => destination.flushSync());
    stdoutDestination = destination;
  }
  return stdoutDestination;
}

/**
 * The app's pino logger: structured JSON lines; every line logged while serving a request
 * carries its request id (`reqId`) and the request (`req`), read from the request context.
 */
export function createAppLogger(config: AppConfig): Logger {
  return pino(
    {
      level: config.logLevel,
      // No `redact` of credentials: the `req` serializer writes no header at all, and redacting
      // paths that never exist cost every line a copy-and-restore pass (issue 16).
      serializers: {
        req: serializeRequest,
        res: (res: { statusCode: number | null }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      mixin: requestLogFields,
    },
    // A silent logger (the in-process tests') writes nothing: it keeps pino's own destination.
    config.logLevel === 'silent' ? undefined : bufferedStdout(),
  );
}

/**
 * nestjs-pino as the Nest logger over the app's logger, without its per-request middleware
 * (pino-http): that built two or three child loggers per request, serialising the request
 * into each, through middie. The line per request is written by `registerRequestLog`.
 */
export function loggerOptions(logger: Logger): Params {
  return { pinoHttp: { logger }, forRoutes: [] };
}

/**
 * One line per request, as pino-http wrote it (`request completed`, `request errored` with
 * an error for a 5xx, `request aborted` when the client left first), except for /health;
 * with the actor once authenticated.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('info')) return;
  const logged = (request: FastifyRequest) => !request.raw.url?.startsWith('/health');
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logged(request)) {
      const line = {
        req: requestOf(request),
        reqId: request.id,
        ...actorOf(request),
        res: reply.raw,
        responseTime: Math.round(reply.elapsedTime),
      };
      if (reply.statusCode >= 500) {
        logger.info(
          { ...line, err: new Error(`failed with status code ${reply.statusCode}`) },
          'request errored',
        );
      } else logger.info(line, 'request completed');
    }
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    if (logged(request)) {
      logger.info(
        {
          req: requestOf(request),
          reqId: request.id,
          ...actorOf(request),
          res: { statusCode: null },
        },
        'request aborted',
      );
    }
    done();
  });
}

function actorOf(request: FastifyRequest): { actor?: { keyId: string | null; name: string } } {
  const actor = (request as FastifyRequest & { actor?: Actor }).actor;
  return actor ? { actor: { keyId: actor.keyId, name: actor.name } } : {};
}

function requestOf(request: FastifyRequest): { id: string; method: string; url: string } {
  return { id: request.id, method: request.raw.method ?? '', url: request.raw.url ?? '' };
}
