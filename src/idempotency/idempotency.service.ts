import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { IdempotencyKeysRepository, type KeyClaim } from './idempotency-keys.repository';
import { IDEMPOTENCY_KEY_TTL_SECONDS } from './idempotency-rules';
import { idempotencyProblems } from './idempotency-problems';

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type IdempotencyOutcome =
  { kind: 'proceed'; claim: KeyClaim } | { kind: 'replay'; response: StoredResponse };

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/** Stripe-style idempotency keys: claim, then store the 2xx response or free the key. */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyService.name);
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(private readonly keys: IdempotencyKeysRepository) {}

  /**
   * Claims the key for this request, or tells what to answer instead: the stored response
   * (same request, completed), 422 (the key was used for another request) or 409 (the first
   * request with this key is still in flight).
   */
  async begin(
    apiKeyId: string,
    idempotencyKey: string,
    requestHash: string,
    pendingTimeoutSeconds: number,
    /** Streamed bodies: this request's full fingerprint, content included (reads the body). */
    contentHash?: () => Promise<string>,
  ): Promise<IdempotencyOutcome> {
    // Twice at most: the row can vanish between the claim and the read when its request fails.
    for (let attempt = 0; attempt < 2; attempt++) {
      const claim: KeyClaim = { apiKeyId, idempotencyKey, requestHash, lockToken: randomUUID() };
      if (await this.keys.claim(claim, IDEMPOTENCY_KEY_TTL_SECONDS, pendingTimeoutSeconds)) {
        return { kind: 'proceed', claim };
      }
      const existing = await this.keys.find(apiKeyId, idempotencyKey);
      if (!existing) continue;
      if (existing.responseStatus === null) {
        // Pending: a streamed request's row still holds the fingerprint without its content.
        if (existing.requestHash !== requestHash) throw idempotencyProblems.keyReused.exception();
        throw idempotencyProblems.inProgress.exception();
      }
      const hash = contentHash ? await contentHash() : requestHash;
      if (existing.requestHash !== hash) throw idempotencyProblems.keyReused.exception();
      return {
        kind: 'replay',
        response: {
          status: existing.responseStatus,
          headers: existing.responseHeaders ?? {},
          body: existing.responseBody,
        },
      };
    }
    throw idempotencyProblems.inProgress.exception();
  }

  /**
   * Stores the response for replays. Throws 409 in-progress when the key was taken over by
   * another request meanwhile (this one outlived the pending timeout): the caller's
   * transaction then rolls back, so only the request that owns the key does the work.
   */
  async complete(
    claim: KeyClaim,
    response: StoredResponse,
    /** A streamed request's fingerprint with its content, now that the body is read. */
    requestHash?: string,
  ): Promise<void> {
    if (!(await this.keys.complete(claim, response, requestHash)))
      throw idempotencyProblems.inProgress.exception();
  }

  release(claim: KeyClaim): Promise<void> {
    return this.keys.release(claim);
  }

  deleteExpired(): Promise<number> {
    return this.keys.deleteExpired(IDEMPOTENCY_KEY_TTL_SECONDS);
  }

  onApplicationBootstrap(): void {
    this.cleanupTimer = setInterval(() => {
      this.deleteExpired().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Could not delete expired idempotency keys'),
      );
    }, CLEANUP_INTERVAL_MS);
    this.cleanupTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanupTimer);
  }
}
