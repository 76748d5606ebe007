import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull, MoreThan } from 'typeorm';
import type { ApiKeyRole } from '../request-context/request-context';
import { UserToken, type UserTokenPurpose } from './user-token.entity';
import { User } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  private get tokens() {
    return this.txHost.tx.getRepository(UserToken);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  /** By email, `limit` after `afterEmail` (keyset; emails are unique). */
  listByEmail(limit: number, afterEmail?: string): Promise<User[]> {
    return this.users.find({
      where: afterEmail ? { email: MoreThan(afterEmail) } : {},
      order: { email: 'ASC' },
      take: limit,
    });
  }

  countAll(): Promise<number> {
    return this.users.count();
  }

  countActiveAdmins(): Promise<number> {
    return this.users.countBy({ role: 'admin', disabledAt: IsNull() });
  }

  /**
   * Serialises the changes that must see every user (the first admin's setup, "not the last
   * active admin") across requests and instances, until the transaction ends.
   */
  async lockUserChanges(): Promise<void> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('cms:users'))`);
  }

  insert(user: {
    email: string;
    name: string;
    role: ApiKeyRole;
    passwordHash: string | null;
  }): Promise<User> {
    return this.users.save(this.users.create(user));
  }

  async update(
    id: string,
    changes: Partial<Pick<User, 'name' | 'role' | 'passwordHash' | 'disabledAt' | 'lastSignInAt'>>,
  ): Promise<void> {
    await this.users.update({ id }, changes);
  }

  async insertToken(token: {
    tokenHash: string;
    purpose: UserTokenPurpose;
    userId: string | null;
    expiresAt: Date;
  }): Promise<void> {
    await this.tokens.insert(token);
  }

  /** The unused, unexpired token with this hash and purpose, locked until the transaction ends. */
  findUsableToken(
    tokenHash: string,
    purpose: UserTokenPurpose,
    now: Date,
  ): Promise<UserToken | null> {
    return this.tokens
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.token_hash = :tokenHash AND t.purpose = :purpose', { tokenHash, purpose })
      .andWhere('t.used_at IS NULL AND t.expires_at > :now', { now })
      .getOne();
  }

  async markTokenUsed(tokenHash: string, now: Date): Promise<void> {
    await this.tokens.update({ tokenHash }, { usedAt: now });
  }
}
