import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { RequestContext } from '../request-context/request-context';
import type { KeyClaim } from './idempotency-keys.repository';
import {
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
  pickReplayedHeaders,
  requestFingerprint,
  withBodyDigest,
} from './idempotency-rules';
import { IdempotencyService } from './idempotency.service';
import type { IdempotentSettings } from './idempotent-settings';
import { bodyDigestOf } from './streamed-body';

let current: IdempotentHandler | undefined;

function register(handler: IdempotentHandler): void {
  current = handler;
}

/** The app's IdempotentHandler, for the handlers `@Idempotent()` wraps (as `@Transactional()` finds its host). */
export function idempotentHandler(): IdempotentHandler {
  if (!current) throw new Error('@Idempotent() needs IdempotencyModule in the application');
  return current;
}

/**
 * What `@Idempotent()` does around the handler it wraps. A method wrapper, not an
 * interceptor: Nest's interceptor chain (RxJS observables and an AsyncResource per request)
 * cost ~0.075 ms of CPU per create even without an Idempotency-Key.
 */
@Injectable()
export class IdempotentHandler {
  private readonly logger = new Logger(IdempotentHandler.name);

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly requestContext: RequestContext,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    register(this);
  }

  /** Runs `handler` (the decorated method) for this request, honouring its Idempotency-Key. */
  async handle(
    options: IdempotentSettings,
    request: FastifyRequest,
    reply: FastifyReply,
    handler: () => Promise<unknown>,
  ): Promise<unknown> {
    const idempotencyKey = parseIdempotencyKey(request.headers);
    // Keys are scoped per API key; decorated routes are protected, so there always is one.
    const apiKeyId = this.requestContext.actor?.keyId;
    if (idempotencyKey === undefined || !apiKeyId) return handler();

    const requestHash = requestFingerprint({
      method: request.method,
      url: request.url,
      contentType: request.headers['content-type'],
      contentLength: request.headers['content-length'],
      body: request.body,
      streamed: options.streamedBody !== null,
    });
    const { streamedBody } = options;
    const outcome = await this.idempotency.begin(
      apiKeyId,
      idempotencyKey,
      requestHash,
      options.pendingTimeoutSeconds,
      // A completed key is compared with this request's content: its body is read to the end.
      streamedBody
        ? async () => withBodyDigest(requestHash, await streamedBody(request))
        : undefined,
    );
    if (outcome.kind === 'replay') {
      const { status, headers, body } = outcome.response;
      void reply.status(status).headers({ ...headers, [IDEMPOTENT_REPLAYED_HEADER]: 'true' });
      return body;
    }

    const { claim } = outcome;
    try {
      return await this.handleAndStore(
        claim,
        reply,
        handler,
        options.sharedTransaction,
        streamedBody ? request : null,
      );
    } catch (error) {
      await this.release(claim);
      throw error;
    }
  }

  /**
   * Runs the handler and stores its 2xx response in one transaction (the handler's
   * `@Transactional()` services join it): the work and its stored response commit together,
   * or neither does and the key is freed, so a response that cannot be stored never leaves
   * behind work that a retry would repeat. A handler that commits in steps of its own
   * (`sharedTransaction: false`) stores afterwards; if that fails the key stays pending, so
   * retries get 409 in-progress instead of running the handler again.
   */
  private async handleAndStore(
    claim: KeyClaim,
    reply: FastifyReply,
    handler: () => Promise<unknown>,
    sharedTransaction: boolean,
    streamedRequest: FastifyRequest | null,
  ): Promise<unknown> {
    const run = async () => {
      const body = await handler();
      return { body, stored: await this.storeSuccess(claim, reply, body, streamedRequest) };
    };
    if (sharedTransaction) {
      const { body, stored } = await this.txHost.withTransaction(run);
      if (!stored) await this.release(claim);
      return body;
    }
    const body = await handler();
    try {
      if (!(await this.storeSuccess(claim, reply, body, streamedRequest))) {
        await this.release(claim);
      }
    } catch (error) {
      this.logger.error(
        { err: error },
        'Could not store the response of an idempotent request; its key stays pending',
      );
    }
    return body;
  }

  /**
   * Stores a 2xx response for replays; false (nothing stored) for any other status. A streamed
   * request's fingerprint gets the digest of the body its handler read.
   */
  private async storeSuccess(
    claim: KeyClaim,
    reply: FastifyReply,
    body: unknown,
    streamedRequest: FastifyRequest | null,
  ): Promise<boolean> {
    const status = reply.statusCode;
    if (status < 200 || status > 299) return false;
    const digest = streamedRequest ? bodyDigestOf(streamedRequest) : undefined;
    if (streamedRequest && !digest) {
      throw new Error('A streamed idempotent handler did not record its body digest');
    }
    await this.idempotency.complete(
      claim,
      { status, headers: pickReplayedHeaders((name) => reply.getHeader(name)), body },
      digest && withBodyDigest(claim.requestHash, digest),
    );
    return true;
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
