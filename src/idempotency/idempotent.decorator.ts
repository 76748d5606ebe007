import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { copyMethodMetadata } from 'nestjs-cls';
import { ApiProblem } from '../problem/api-problem-responses.decorator';
import { currentHttpExchange } from '../request-context/request-context';
import { DEFAULT_PENDING_TIMEOUT_SECONDS } from './idempotency-rules';
import { idempotentHandler } from './idempotent-handler';
import { IDEMPOTENT, type IdempotentSettings } from './idempotent-settings';

export interface IdempotentOptions {
  /**
   * How long a request may hold the key before another request with it may take over (the
   * first one is presumed crashed). Longer than the handler can ever take.
   */
  pendingTimeoutSeconds?: number;
  /**
   * For a handler that streams its body (a multipart upload): reads a retry's body to the end
   * and returns its digest (a `BodyDigest`), to compare it with the digest the first request's
   * handler recorded with `recordBodyDigest`. Same content: replay; other content: 422.
   */
  streamedBody?: (request: FastifyRequest) => Promise<string>;
  /**
   * Run the handler and the storing of its response in one transaction (default): they commit
   * together or not at all. Turn off only for a handler that commits in steps of its own.
   */
  sharedTransaction?: boolean;
}

/**
 * Makes a POST handler honour an `Idempotency-Key` header (Stripe semantics): a retry with the
 * same key and request replays the first 2xx response with `Idempotent-Replayed: true`; the
 * same key with another request is a 422 `idempotency_key_reused`; while the first request is
 * in flight, a 409 `idempotency_request_in_progress`. Keys are per API key and kept 24 hours.
 * The handler must return its body (a `@Res({ passthrough: true })` reply is fine).
 */
export function Idempotent(options: IdempotentOptions = {}): MethodDecorator {
  const settings: IdempotentSettings = {
    pendingTimeoutSeconds: options.pendingTimeoutSeconds ?? DEFAULT_PENDING_TIMEOUT_SECONDS,
    streamedBody: options.streamedBody ?? null,
    sharedTransaction: options.sharedTransaction ?? true,
  };
  return applyDecorators(
    SetMetadata(IDEMPOTENT, settings),
    wrapIdempotent(settings),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: send a unique value (a UUID) per operation and the same value when retrying it. ' +
        'A retry with the same key and request within 24 hours replays the first successful response with ' +
        'the header `Idempotent-Replayed: true`; the same key with a different request is a 422 ' +
        '`idempotency_key_reused`; a retry while the first request is still running is a 409 ' +
        '`idempotency_request_in_progress`. Error responses are not stored, so a failed request can be retried with its key.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        pattern: '^[\\x20-\\x7E]+$',
        example: '9b2f7c1e-4d5a-4f8e-b1c3-2a6d9e0f7b14',
      },
    }),
    ApiProblem(400, {
      code: 'invalid_idempotency_key',
      detail: 'The Idempotency-Key header is not 1 to 255 printable ASCII characters.',
    }),
    ApiProblem(409, {
      code: 'idempotency_request_in_progress',
      detail: 'A request with this Idempotency-Key is still running; retry after `Retry-After`.',
    }),
    ApiProblem(422, {
      code: 'idempotency_key_reused',
      detail: 'This Idempotency-Key was used with a different request.',
    }),
  );
}

/**
 * Wraps the handler itself (as `@Transactional()` wraps a method), not through an interceptor:
 * it runs after the guards and pipes, inside the request context that holds the request and
 * its reply. The wrapper keeps the handler's metadata (route, params, swagger).
 */
function wrapIdempotent(settings: IdempotentSettings): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const exchange = currentHttpExchange();
      const run = () => handler.apply(this, args);
      if (!exchange) return run();
      return idempotentHandler().handle(settings, exchange.request, exchange.reply, run);
    };
    copyMethodMetadata(handler, wrapped);
    Object.defineProperty(wrapped, 'name', { value: handler.name });
    descriptor.value = wrapped;
    return descriptor;
  };
}
