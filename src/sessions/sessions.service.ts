import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { normaliseEmail } from '../customers/customer-rules';
import { RequestContext, type Actor } from '../request-context/request-context';
import { RATE_LIMIT_COUNTERS, type RateLimitCounters } from '../throttling/rate-limit-counters';
import { Clock } from '../users/clock';
import { verifyAgainstDummy, verifyPassword } from '../users/password-hasher';
import { hashSecretToken, newSecretToken } from '../users/secret-tokens';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { Session } from './session.entity';
import { sessionProblems } from './session-problems';
import { SessionsRepository } from './sessions.repository';

const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** lastSeenAt is written at most this often: a write per request would cost every request. */
const TOUCH_EVERY_MS = 60_000;

export interface SignedIn {
  /** The cookie's value: shown to the browser once, stored only as its hash. */
  token: string;
  session: Session;
  user: User;
}

/** A session as its owner sees it: the person, and when it ends. */
export interface SessionView {
  user: User;
  expiresAt: Date;
  idleExpiresAt: Date;
}

/** Signing in and out, and the session behind each cookie-authenticated request. */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  private readonly idleMs: number;
  private readonly lifetimeMs: number;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly requestContext: RequestContext,
    private readonly clock: Clock,
    @Inject(RATE_LIMIT_COUNTERS) private readonly counters: RateLimitCounters,
    private readonly config: AppConfig,
  ) {
    this.idleMs = config.sessionIdleTimeoutMinutes * 60_000;
    this.lifetimeMs = config.sessionLifetimeHours * 3_600_000;
  }

  /**
   * A new session for the right email and password. Every wrong answer is the same 401 after
   * the same work (an unknown email is verified against a dummy hash); failures are limited
   * per account and per client address.
   */
  async signIn(input: {
    email: string;
    password: string;
    address: string;
    userAgent: string | undefined;
  }): Promise<SignedIn> {
    const email = normaliseEmail(input.email);
    const keys = [`sign-in:account:${email}`, `sign-in:address:${input.address}`];
    await this.refuseWhileLimited(keys);
    const user = await this.users.findByEmail(email);
    const valid =
      user?.passwordHash && !user.disabledAt
        ? await verifyPassword(input.password, user.passwordHash)
        : await verifyAgainstDummy(input.password);
    if (!user || !valid) {
      await Promise.all(keys.map((key) => this.counters.increment(key, SIGN_IN_WINDOW_MS)));
      if (user) await this.recordAs(user, 'sign_in_failed');
      else this.logger.warn('Sign-in with an unknown email');
      throw sessionProblems.invalidCredentials.exception();
    }
    return this.startSession(user, input.userAgent);
  }

  /** A fresh session (a new random id every time: no session fixation). */
  @Transactional()
  async startSession(user: User, userAgent: string | undefined): Promise<SignedIn> {
    const now = this.clock.now();
    const token = newSecretToken();
    const session = await this.sessions.insert({
      tokenHash: hashSecretToken(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeMs),
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    await this.users.update(user.id, { lastSignInAt: now });
    await this.recordAs(user, 'signed_in', session.id);
    return { token, session, user: { ...user, lastSignInAt: now } };
  }

  /** The actor of a live session's cookie, or undefined (unknown, ended, user disabled). */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (token.length > 100) return undefined;
    const now = this.clock.now();
    const live = await this.sessions.findLive(hashSecretToken(token), now, this.idleMs);
    if (!live) return undefined;
    if (now.getTime() - live.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await this.sessions.touch(live.session.id, now);
    }
    return {
      keyId: null,
      userId: live.user.id,
      sessionId: live.session.id,
      name: live.user.name,
      role: live.user.role,
    };
  }

  /** The current request's session, as its owner sees it. */
  async current(): Promise<SessionView> {
    const actor = this.requestContext.actor;
    const user = actor?.userId ? await this.users.findById(actor.userId) : null;
    const session = user && actor?.sessionId ? await this.findOwn(user.id, actor.sessionId) : null;
    if (!user || !session) {
      throw sessionProblems.notSignedIn.exception();
    }
    return this.view(user, session);
  }

  view(user: User, session: Session): SessionView {
    const idleEnd = session.lastSeenAt.getTime() + this.idleMs;
    return {
      user,
      expiresAt: session.expiresAt,
      idleExpiresAt: new Date(Math.min(idleEnd, session.expiresAt.getTime())),
    };
  }

  @Transactional()
  async signOut(): Promise<void> {
    const actor = this.requestContext.actor;
    if (!actor?.userId || !actor.sessionId) return;
    await this.sessions.deleteOfUser(actor.userId, actor.sessionId);
    await this.audit.record({ entityType: 'user', entityId: actor.userId, action: 'signed_out' });
  }

  async listOwn(): Promise<Array<Session & { current: boolean }>> {
    const actor = this.ownActor();
    const sessions = await this.sessions.listLiveOfUser(actor.userId, this.clock.now());
    return sessions.map((session) => ({ ...session, current: session.id === actor.sessionId }));
  }

  async revokeOwn(id: string): Promise<void> {
    const actor = this.ownActor();
    if (!(await this.sessions.deleteOfUser(actor.userId, id))) {
      throw sessionProblems.notFound.exception(id);
    }
  }

  /** "Sign out everywhere else". */
  async revokeOtherOwn(): Promise<void> {
    const actor = this.ownActor();
    await this.sessions.deleteAllOfUser(actor.userId, actor.sessionId);
  }

  private ownActor(): { userId: string; sessionId: string } {
    const actor = this.requestContext.actor;
    if (!actor?.userId || !actor.sessionId) {
      throw sessionProblems.noSessions.exception();
    }
    return { userId: actor.userId, sessionId: actor.sessionId };
  }

  private async findOwn(userId: string, sessionId: string): Promise<Session | null> {
    const sessions = await this.sessions.listLiveOfUser(userId, this.clock.now());
    return sessions.find((session) => session.id === sessionId) ?? null;
  }

  private async refuseWhileLimited(keys: string[]): Promise<void> {
    const limits = [this.config.signInFailuresPerAccount, this.config.signInFailuresPerAddress];
    const windows = await Promise.all(keys.map((key) => this.counters.peek(key)));
    const blocked = windows
      .map((window, i) => (window.hits >= limits[i] ? window.resetInMs : 0))
      .reduce((a, b) => Math.max(a, b), 0);
    if (blocked > 0) {
      throw sessionProblems.tooManySignInAttempts.exception(blocked);
    }
  }

  private recordAs(user: User, action: string, sessionId?: string): Promise<void> {
    const actor: Actor = {
      keyId: null,
      userId: user.id,
      sessionId,
      name: user.name,
      role: user.role,
    };
    return this.audit.record({ entityType: 'user', entityId: user.id, action, actor });
  }
}
