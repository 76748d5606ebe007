import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { createAppLogger, registerRequestLog } from './logging/logger-options';
import {
  buildOpenApiDocument,
  readCommittedContract,
  setupOpenApiDocs,
} from './openapi/openapi-document';
import { registerResponseSerializers } from './openapi/response-serializers';
import { refuseWhileClosing } from './problem/closing';
import { registerBodyParsers } from './request-body/body-parsers';
import { sendProblem } from './problem/problem-details.filter';
import { mountRequestContext } from './request-context/request-context';
import { assignRequestId, REQUEST_ID_HEADER } from './request-context/request-id';
import { registerSecurityHeaders } from './security-headers/security-headers';
import { registerWebApp } from './web-app/web-app';

export interface CreateAppOptions {
  /** Build the module graph without instantiating providers (no database): for the OpenAPI CLI. */
  preview?: boolean;
}

/** Builds the configured application (not yet listening): used by main, tests and the OpenAPI CLI. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    requestIdHeader: false,
    genReqId: (raw: IncomingMessage) => assignRequestId(raw),
    // Keep-alive connections that are idle are closed at shutdown; in-flight requests finish.
    forceCloseConnections: 'idle',
    // Fastify's own 503 while closing is plain JSON: refuseWhileClosing below sends a problem.
    return503OnClosing: false,
    // Errors raised while routing (bad percent-encoding, an over-long path parameter) bypass
    // Nest and its filter: render them as problems too, with the request id.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
      sendProblem(request, reply, error);
    },
  });
  const logger = createAppLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    adapter,
    {
      bufferLogs: true,
      abortOnError: false,
      preview: options.preview ?? false,
    },
  );
  if (!options.preview) app.useLogger(app.get(Logger));

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  if (!options.preview) mountRequestContext(fastify, app.get(ClsService));
  registerRequestLog(fastify, logger);
  refuseWhileClosing(fastify);

  registerSecurityHeaders(fastify);
  registerBodyParsers(app, config.bodyLimitBytes);
  // Uploads are streamed (CSV imports), never buffered; the file size limit answers 413.
  await app.register(multipart, {
    limits: { fileSize: config.importMaxFileBytes, files: 1, fields: 10, fieldSize: 65_536 },
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id'],
    });
  }

  if (!options.preview) registerResponseSerializers(fastify, readCommittedContract());
  setupOpenApiDocs(app, buildOpenApiDocument(app));
  if (!options.preview) await registerWebApp(app, config.webAppDir);
  return app;
}

/**
 * Fastify 5.12 treats a numeric `trustProxy` as "trust nothing" and no longer types it, so a
 * configured hop count is passed as the function proxy-addr used to build for it: the `n`
 * nearest hops (the peer and the proxies in front of it) are trusted, as `TRUST_PROXY` documents.
 */
function fastifyTrustProxy(
  trustProxy: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  const hops = trustProxy;
  return (_address, hop) => hop < hops;
}
