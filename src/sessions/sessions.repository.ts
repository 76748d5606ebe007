import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { MoreThan, Not } from 'typeorm';
import { User } from '../users/user.entity';
import { Session } from './session.entity';

/** A live session and its (enabled) user. */
export interface LiveSession {
  session: Session;
  user: User;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get sessions() {
    return this.txHost.tx.getRepository(Session);
  }

  insert(session: Omit<Session, 'id' | 'user'>): Promise<Session> {
    return this.sessions.save(this.sessions.create(session));
  }

  /**
   * The session with this token hash if it is still live at `now`: before its absolute end,
   * used within `idleMs`, and its user not disabled. One indexed lookup with its user.
   */
  async findLive(tokenHash: string, now: Date, idleMs: number): Promise<LiveSession | null> {
    const session = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.user', 'u')
      .where('s.token_hash = :tokenHash', { tokenHash })
      .andWhere('s.expires_at > :now', { now })
      .andWhere(`s.last_seen_at > :idleSince`, { idleSince: new Date(now.getTime() - idleMs) })
      .andWhere('u.disabled_at IS NULL')
      .getOne();
    if (!session?.user) return null;
    return { session, user: session.user };
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.sessions.update({ id }, { lastSeenAt: now });
  }

  listLiveOfUser(userId: string, now: Date): Promise<Session[]> {
    return this.sessions.find({
      where: { userId, expiresAt: MoreThan(now) },
      order: { lastSeenAt: 'DESC' },
    });
  }

  /** Deletes the user's session `id`; false when it is not one of theirs. */
  async deleteOfUser(userId: string, id: string): Promise<boolean> {
    const result = await this.sessions.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  /** Ends every session of the user, but `keepId` when given. */
  async deleteAllOfUser(userId: string, keepId?: string): Promise<void> {
    await this.sessions.delete(keepId ? { userId, id: Not(keepId) } : { userId });
  }
}
