import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import type { ApiKeyRole } from '../request-context/request-context';
import { ApiKey } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get keys() {
    return this.txHost.tx.getRepository(ApiKey);
  }

  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({ id });
  }

  listNewestFirst(): Promise<ApiKey[]> {
    return this.keys.find({ order: { createdAt: 'DESC', id: 'DESC' } });
  }

  insert(key: {
    name: string;
    role: ApiKeyRole;
    keyHash: string;
    keyPrefix: string;
  }): Promise<ApiKey> {
    return this.keys.save(this.keys.create(key));
  }

  async markRevoked(id: string): Promise<void> {
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  countAll(): Promise<number> {
    return this.keys.count();
  }

  countActiveAdmins(): Promise<number> {
    return this.keys.countBy({ role: 'admin', revokedAt: IsNull() });
  }

  /** Serialises first-key creation across instances starting at once (inside a transaction). */
  async lockKeyCreation(): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock(727002)');
  }
}
