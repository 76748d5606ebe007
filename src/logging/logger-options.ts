import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { assignRequestId } from '../request-context/request-id';

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
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
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
