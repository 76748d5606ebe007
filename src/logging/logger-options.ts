import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdSerializers } from 'pino';
import type { AppConfig } from '../config/app-config';
import { assignRequestId } from '../request-context/request-id';

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

/** Structured JSON logs (pino); every line of a request carries its request id. */
export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => assignRequestId(req),
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // One-time links carry their secret in the query (/setup?token=…): never logged.
          url: req.url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]'),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      // Every line logged while serving a request (pino-http's and the app's) carries reqId.
      customProps: (req: IncomingMessage & { actor?: { keyId: string | null; name: string } }) => ({
        reqId: (req as IncomingMessage & { id?: unknown }).id,
        ...(req.actor ? { actor: { keyId: req.actor.keyId, name: req.actor.name } } : {}),
      }),
      autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/health') ?? false },
    },
  };
}
