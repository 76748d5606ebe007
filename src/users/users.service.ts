import { Injectable, Logger } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { normaliseEmail } from '../customers/customer-rules';
import { cursorPart, decodeCursor } from '../pagination/cursor';
import { type Page, pageOf } from '../pagination/page';
import { ProblemException } from '../problem/problem.exception';
import { RequestContext, type ApiKeyRole } from '../request-context/request-context';
import { SessionsRepository } from '../sessions/sessions.repository';
import { Clock } from './clock';
import { hashPassword, verifyPassword } from './password-hasher';
import { passwordProblem, passwordProblemMessage } from './password-rules';
import { hashSecretToken, newSecretToken } from './secret-tokens';
import { userProblems } from './user-problems';
import type { UserTokenPurpose } from './user-token.entity';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

const SETUP_LINK_HOURS = 24;
const PASSWORD_LINK_HOURS = 72;

export interface OneTimeLink {
  token: string;
  expiresAt: Date;
}

/** People: accounts, roles, passwords, and the first admin's setup. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly requestContext: RequestContext,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** 400 with the password rule it breaks, at `field`. */
  static checkPassword(password: string, identity: { email: string; name: string }, field: string) {
    const problem = passwordProblem(password, identity);
    if (problem) {
      throw ProblemException.validation([{ field, message: passwordProblemMessage(problem) }]);
    }
  }

  /**
   * On a database with no users: the BOOTSTRAP_ADMIN_EMAIL/PASSWORD admin when set, else a
   * one-time setup link for the first admin (null once anyone exists).
   */
  @Transactional()
  async ensureFirstAdmin(): Promise<OneTimeLink | null> {
    await this.users.lockUserChanges();
    if ((await this.users.countAll()) > 0) return null;
    const { bootstrapAdminEmail: email, bootstrapAdminPassword: password } = this.config;
    if (email && password) {
      await this.insertUser({
        email,
        name: this.config.bootstrapAdminName,
        role: 'admin',
        password,
      });
      this.logger.log('Created the first admin from BOOTSTRAP_ADMIN_EMAIL');
      return null;
    }
    return this.issueToken('setup', null, SETUP_LINK_HOURS);
  }

  async setupNeeded(): Promise<boolean> {
    return (await this.users.countAll()) === 0;
  }

  /** The first admin, from a setup link; refused once used, expired, or once anyone exists. */
  @Transactional()
  async completeSetup(input: {
    token: string;
    email: string;
    name: string;
    password: string;
  }): Promise<User> {
    await this.users.lockUserChanges();
    const token = await this.users.findUsableToken(
      hashSecretToken(input.token),
      'setup',
      this.clock.now(),
    );
    if (!token || (await this.users.countAll()) > 0) {
      throw userProblems.setupTokenInvalid.exception();
    }
    await this.users.markTokenUsed(token.tokenHash, this.clock.now());
    return this.insertUser({ ...input, role: 'admin' });
  }

  async list(limit: number, cursor?: string): Promise<Page<User>> {
    const [after] = cursor ? decodeCursor(cursor, [cursorPart.text(320)]) : [undefined];
    const rows = await this.users.listByEmail(limit + 1, after);
    return pageOf(rows, limit, (last) => [last.email]);
  }

  async get(id: string): Promise<User> {
    return (await this.users.findById(id)) ?? Promise.reject(userProblems.notFound.exception(id));
  }

  /** A new person: with an initial password, or with a one-time set-password link. */
  @Transactional()
  async create(input: {
    email: string;
    name: string;
    role: ApiKeyRole;
    password?: string;
  }): Promise<{ user: User; link: OneTimeLink | null }> {
    const user = await this.insertUser(input);
    const link = input.password
      ? null
      : await this.issueToken('password', user.id, PASSWORD_LINK_HOURS);
    return { user, link };
  }

  @Transactional()
  async update(id: string, changes: { name?: string; role?: ApiKeyRole }): Promise<User> {
    await this.users.lockUserChanges();
    const before = await this.get(id);
    if (changes.role && changes.role !== 'admin' && before.role === 'admin') {
      await this.refuseLastAdmin(before, 'demoted');
    }
    const next = { name: changes.name ?? before.name, role: changes.role ?? before.role };
    const diff = Object.fromEntries(
      (['name', 'role'] as const)
        .filter((field) => next[field] !== before[field])
        .map((field) => [field, { from: before[field], to: next[field] }]),
    );
    if (Object.keys(diff).length === 0) return before;
    await this.users.update(id, next);
    await this.audit.record({ entityType: 'user', entityId: id, action: 'updated', changes: diff });
    return this.get(id);
  }

  /** Disabling ends every session of the person at once. */
  @Transactional()
  async disable(id: string): Promise<User> {
    await this.users.lockUserChanges();
    const user = await this.get(id);
    if (user.disabledAt) return user;
    if (user.role === 'admin') await this.refuseLastAdmin(user, 'disabled');
    await this.users.update(id, { disabledAt: this.clock.now() });
    await this.sessions.deleteAllOfUser(id);
    await this.audit.record({ entityType: 'user', entityId: id, action: 'disabled' });
    return this.get(id);
  }

  @Transactional()
  async enable(id: string): Promise<User> {
    const user = await this.get(id);
    if (!user.disabledAt) return user;
    await this.users.update(id, { disabledAt: null });
    await this.audit.record({ entityType: 'user', entityId: id, action: 'enabled' });
    return this.get(id);
  }

  /** A one-time link for the person to set a new password (an admin's reset). */
  @Transactional()
  async createPasswordLink(id: string): Promise<OneTimeLink> {
    await this.get(id);
    const link = await this.issueToken('password', id, PASSWORD_LINK_HOURS);
    await this.audit.record({ entityType: 'user', entityId: id, action: 'password_link_created' });
    return link;
  }

  /** Sets the password of a link's person; their sessions end (a reset is often a takeover). */
  @Transactional()
  async setPasswordWithToken(tokenText: string, password: string): Promise<void> {
    const token = await this.users.findUsableToken(
      hashSecretToken(tokenText),
      'password',
      this.clock.now(),
    );
    const user = token?.userId ? await this.users.findById(token.userId) : null;
    if (!token || !user) {
      throw userProblems.passwordTokenInvalid.exception();
    }
    UsersService.checkPassword(password, user, 'password');
    await this.users.markTokenUsed(token.tokenHash, this.clock.now());
    await this.users.update(user.id, { passwordHash: await hashPassword(password) });
    await this.sessions.deleteAllOfUser(user.id);
    await this.audit.record({
      entityType: 'user',
      entityId: user.id,
      action: 'password_set',
      actor: { keyId: null, userId: user.id, name: user.name, role: user.role },
    });
  }

  /** The signed-in person's own password; their other sessions end. */
  @Transactional()
  async changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
    const actor = this.requestContext.actor;
    const user = actor?.userId ? await this.users.findById(actor.userId) : null;
    if (!actor?.sessionId || !user) {
      throw userProblems.noPasswordToChange.exception();
    }
    if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw ProblemException.validation([
        { field: 'currentPassword', message: 'The current password is not right.' },
      ]);
    }
    UsersService.checkPassword(newPassword, user, 'newPassword');
    await this.users.update(user.id, { passwordHash: await hashPassword(newPassword) });
    await this.sessions.deleteAllOfUser(user.id, actor.sessionId);
    await this.audit.record({ entityType: 'user', entityId: user.id, action: 'password_changed' });
  }

  private async insertUser(input: {
    email: string;
    name: string;
    role: ApiKeyRole;
    password?: string;
  }): Promise<User> {
    const email = normaliseEmail(input.email);
    const name = input.name.trim();
    if (input.password) UsersService.checkPassword(input.password, { email, name }, 'password');
    if (await this.users.findByEmail(email)) throw userProblems.emailTaken.exception(email);
    const user = await this.users.insert({
      email,
      name,
      role: input.role,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    });
    await this.audit.record({
      entityType: 'user',
      entityId: user.id,
      action: 'created',
      changes: {
        email: { from: null, to: email },
        name: { from: null, to: name },
        role: { from: null, to: input.role },
      },
    });
    return user;
  }

  private async refuseLastAdmin(user: User, what: 'demoted' | 'disabled'): Promise<void> {
    if (!user.disabledAt && (await this.users.countActiveAdmins()) <= 1) {
      throw userProblems.lastAdmin.exception(user.name, what);
    }
  }

  private async issueToken(
    purpose: UserTokenPurpose,
    userId: string | null,
    hours: number,
  ): Promise<OneTimeLink> {
    const token = newSecretToken();
    const expiresAt = new Date(this.clock.now().getTime() + hours * 3_600_000);
    await this.users.insertToken({ tokenHash: hashSecretToken(token), purpose, userId, expiresAt });
    return { token, expiresAt };
  }
}
