import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, mergeMap, type Observable, of } from 'rxjs';
import { RequestContext } from '../request-context/request-context';
import type { KeyClaim } from './idempotency-keys.repository';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
  pickReplayedHeaders,
  requestFingerprint,
} from './idempotency-rules';
import { IdempotencyService } from './idempotency.service';
import { IDEMPOTENT, type IdempotentOptions } from './idempotent.decorator';

/** Applies `@Idempotent()` (registered globally; handlers without the decorator pass through). */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
    private readonly requestContext: RequestContext,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.reflector.get<Required<IdempotentOptions> | undefined>(
      IDEMPOTENT,
      context.getHandler(),
    );
    if (!options || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();

    const idempotencyKey = parseIdempotencyKey(request.headers);
    // Keys are scoped per API key; decorated routes are protected, so there always is one.
    const apiKeyId = this.requestContext.actor?.keyId;
    if (idempotencyKey === undefined || !apiKeyId) return next.handle();

    const requestHash = requestFingerprint({
      method: request.method,
      url: request.url,
      contentType: request.headers['content-type'],
      contentLength: request.headers['content-length'],
      body: request.body,
    });
    const outcome = await this.idempotency.begin(
      apiKeyId,
      idempotencyKey,
      requestHash,
      options.pendingTimeoutSeconds,
    );
    if (outcome.kind === 'replay') {
      const { status, headers, body } = outcome.response;
      void reply.status(status).headers({ ...headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' });
      return of(body);
    }

    const { claim } = outcome;
    return next.handle().pipe(
      catchError(async (error: unknown) => {
        await this.release(claim);
        throw error;
      }),
      mergeMap(async (body: unknown) => {
        await this.store(claim, reply, body);
        return body;
      }),
    );
  }

  /** Keeps a 2xx response for replays; a failure to store it must not fail the request. */
  private async store(claim: KeyClaim, reply: FastifyReply, body: unknown): Promise<void> {
    const status = reply.statusCode;
    try {
      if (status < 200 || status > 299) {
        await this.idempotency.release(claim);
        return;
      }
      await this.idempotency.complete(claim, {
        status,
        headers: pickReplayedHeaders((name) => reply.getHeader(name)),
        body,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not store the response of an idempotent request');
      await this.release(claim);
    }
  }

  private async release(claim: KeyClaim): Promise<void> {
    try {
      await this.idempotency.release(claim);
    } catch (error) {
      // The key then stays pending until the pending timeout lets a retry take it over.
      this.logger.warn({ err: error }, 'Could not release an idempotency key');
    }
  }
}
