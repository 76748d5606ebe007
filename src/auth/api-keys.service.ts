import { hash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import type { Actor, ApiKeyRole } from '../request-context/request-context';
import { ApiKeyCache } from './api-key-cache';
import { apiKeyProblems } from './api-key-problems';
import { ApiKey } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';

const KEY_PREFIX = 'csk_';

export function hashApiKey(plainKey: string): string {
  // The one-shot hash: no Hash object per request (every request authenticates).
  return hash('sha256', plainKey, 'hex');
}

/** A new random key: 256 bits, so a fast hash (SHA-256) is enough to store it safely. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** Shown to the caller once; only its hash is kept. */
  plainKey: string;
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly recentKeys: ApiKeyCache;

  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.recentKeys = new ApiKeyCache(config.apiKeyCacheTtlMs);
  }

  async authenticate(plainKey: string): Promise<Actor | undefined> {
    if (plainKey.length > 200) return undefined;
    const keyHash = hashApiKey(plainKey);
    const cached = this.recentKeys.get(keyHash);
    if (cached) return cached;
    const generation = this.recentKeys.generation;
    const key = await this.apiKeys.findActiveByHash(keyHash);
    if (!key) return undefined;
    const actor: Actor = { keyId: key.id, name: key.name, role: key.role };
    this.recentKeys.set(keyHash, actor, generation);
    return actor;
  }

  @Transactional()
  async create(
    name: string,
    role: ApiKeyRole,
    plainKey = generateApiKey(),
  ): Promise<CreatedApiKey> {
    const apiKey = await this.apiKeys.insert({
      name,
      role,
      keyHash: hashApiKey(plainKey),
      keyPrefix: plainKey.slice(0, 12),
    });
    await this.audit.record({
      entityType: 'api_key',
      entityId: apiKey.id,
      action: 'created',
      metadata: { name, role, keyPrefix: apiKey.keyPrefix },
    });
    return { apiKey, plainKey };
  }

  list(): Promise<ApiKey[]> {
    return this.apiKeys.listNewestFirst();
  }

  /**
   * Revokes a key and forgets it from this instance's cache once the revocation is committed:
   * forgetting it earlier would let a concurrent request re-read the still-active row and
   * cache it again (authenticate() also drops lookups that overlap a revocation).
   */
  async revoke(id: string): Promise<ApiKey> {
    try {
      return await this.revokeInTransaction(id);
    } finally {
      this.recentKeys.forgetKey(id);
    }
  }

  @Transactional()
  private async revokeInTransaction(id: string): Promise<ApiKey> {
    await this.apiKeys.lockKeyCreation();
    const key = await this.apiKeys.findById(id);
    if (!key) throw apiKeyProblems.notFound.exception(id);
    if (key.revokedAt) return key;
    if (key.role === 'admin' && (await this.apiKeys.countActiveAdmins()) <= 1)
      throw apiKeyProblems.lastAdminKey.exception();
    await this.apiKeys.markRevoked(id);
    await this.audit.record({
      entityType: 'api_key',
      entityId: id,
      action: 'revoked',
      metadata: { name: key.name, role: key.role, keyPrefix: key.keyPrefix },
    });
    return (await this.apiKeys.findById(id)) as ApiKey;
  }

  /**
   * On an empty key table: store BOOTSTRAP_ADMIN_KEY as the first admin key, or (embedded
   * database only, i.e. a first local start) create one. Returns a generated key to show once.
   */
  @Transactional()
  async ensureInitialAdminKey(): Promise<string | undefined> {
    await this.apiKeys.lockKeyCreation();
    if ((await this.apiKeys.countAll()) > 0) return undefined;
    if (this.config.bootstrapAdminKey) {
      await this.create('bootstrap-admin', 'admin', this.config.bootstrapAdminKey);
      this.logger.log('Stored BOOTSTRAP_ADMIN_KEY as the first admin API key');
      return undefined;
    }
    if (this.config.databaseUrl) return undefined;
    const { plainKey } = await this.create('first-admin', 'admin');
    return plainKey;
  }
}
