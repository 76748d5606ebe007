import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IdempotencyKey } from './idempotency-key.entity';

export interface KeyClaim {
  apiKeyId: string;
  idempotencyKey: string;
  requestHash: string;
  lockToken: string;
}

@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get keys() {
    return this.txHost.tx.getRepository(IdempotencyKey);
  }

  /**
   * Claims the key with a pending row, in one statement (the primary key makes it race-safe).
   * An existing row is taken over only when it has expired, or when it is pending for the same
   * request and older than the pending timeout (its request crashed). True when claimed.
   */
  async claim(
    claim: KeyClaim,
    ttlSeconds: number,
    pendingTimeoutSeconds: number,
  ): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `INSERT INTO idempotency_keys AS k
         (api_key_id, idempotency_key, request_hash, lock_token, locked_at, created_at)
       VALUES ($1, $2, $3, $4, now(), now())
       ON CONFLICT ON CONSTRAINT pk_idempotency_keys DO UPDATE SET
         request_hash = EXCLUDED.request_hash,
         lock_token = EXCLUDED.lock_token,
         locked_at = now(),
         created_at = now(),
         response_status = NULL,
         response_headers = NULL,
         response_body = NULL
       WHERE k.created_at < now() - make_interval(secs => $5)
          OR (k.response_status IS NULL
              AND k.request_hash = EXCLUDED.request_hash
              AND k.locked_at < now() - make_interval(secs => $6))
       RETURNING k.lock_token`,
      [
        claim.apiKeyId,
        claim.idempotencyKey,
        claim.requestHash,
        claim.lockToken,
        ttlSeconds,
        pendingTimeoutSeconds,
      ],
    );
    return rows.length === 1;
  }

  find(apiKeyId: string, idempotencyKey: string): Promise<IdempotencyKey | null> {
    return this.keys.findOneBy({ apiKeyId, idempotencyKey });
  }

  /**
   * Stores the response, if this request still owns the key. False when it does not (another
   * request took the key over after the pending timeout).
   */
  async complete(
    claim: KeyClaim,
    response: { status: number; headers: Record<string, string>; body: unknown },
    requestHash?: string,
  ): Promise<boolean> {
    // An UPDATE through TypeORM answers [rows, affected row count].
    const [, affected] = await this.txHost.tx.query<[unknown[], number]>(
      `UPDATE idempotency_keys
       SET lock_token = NULL, response_status = $4, response_headers = $5, response_body = $6,
           request_hash = coalesce($7, request_hash)
       WHERE api_key_id = $1 AND idempotency_key = $2 AND lock_token = $3`,
      [
        claim.apiKeyId,
        claim.idempotencyKey,
        claim.lockToken,
        response.status,
        JSON.stringify(response.headers),
        response.body === undefined ? null : JSON.stringify(response.body),
        requestHash ?? null,
      ],
    );
    return affected === 1;
  }

  /** Frees the key after an error response, if this request still owns it. */
  async release(claim: KeyClaim): Promise<void> {
    await this.keys.delete({
      apiKeyId: claim.apiKeyId,
      idempotencyKey: claim.idempotencyKey,
      lockToken: claim.lockToken,
    });
  }

  async deleteExpired(ttlSeconds: number): Promise<number> {
    const result = await this.keys
      .createQueryBuilder()
      .delete()
      .where('created_at < now() - make_interval(secs => :ttl)', { ttl: ttlSeconds })
      .execute();
    return result.affected ?? 0;
  }
}
