import type { FastifyRequest } from 'fastify';

/** Metadata key of the settings `@Idempotent()` puts on a handler. */
export const IDEMPOTENT = 'idempotency:options';

export interface IdempotentSettings {
  pendingTimeoutSeconds: number;
  streamedBody: ((request: FastifyRequest) => Promise<string>) | null;
  sharedTransaction: boolean;
}
