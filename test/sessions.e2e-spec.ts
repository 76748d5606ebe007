import request from 'supertest';
import type {
  AuditPageDto,
  CreatedUserDto,
  CustomerDto,
  MySessionListDto,
  SessionDto,
  SetupStatusDto,
  UserDto,
  UserListDto,
} from '../sdk/src/generated/types.gen';
import { Clock } from '../src/users/clock';
import { UsersService } from '../src/users/users.service';
import { contractValidator } from './support/contract-validator';
import { createTestApp, json, problem, type TestApp } from './support/test-app';

const ADMIN = { email: 'owner@bluethread.example', password: 'thread reels and bobbins' };
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A browser: keeps the session cookie, says its requests are same-origin, checks the contract. */
class Browser {
  cookie: string | undefined;
  constructor(
    private readonly baseUrl: string,
    private readonly site: 'same-origin' | 'cross-site' | null = 'same-origin',
  ) {}

  send(method: Method, path: string, body?: object, headers: Record<string, string> = {}) {
    let test = request(this.baseUrl)[method](path);
    test.expect((res) => {
      contractValidator().assertResponse({
        method,
        url: path,
        status: res.status,
        headers: res.headers,
        text: res.text ?? '',
      });
      const set = res.headers['set-cookie'] as unknown as string[] | undefined;
      const session = set?.find((c) => /^(__Host-)?cms_session=/.test(c));
      if (session) {
        const value = session.split(';')[0];
        this.cookie = value.endsWith('=') ? undefined : value;
      }
    });
    if (this.cookie) test = test.set('Cookie', this.cookie);
    if (this.site) test = test.set('Sec-Fetch-Site', this.site);
    for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
    return body ? test.send(body) : test;
  }

  signIn(email: string, password: string) {
    return this.send('post', '/api/v1/session', { email, password });
  }
}

describe('People and sessions', () => {
  let t: TestApp;
  let clock: Clock;
  const browser = (site?: 'same-origin' | 'cross-site' | null) => new Browser(t.baseUrl, site);

  beforeAll(async () => {
    t = await createTestApp({
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      SESSION_IDLE_TIMEOUT_MINUTES: '30',
      SESSION_LIFETIME_HOURS: '24',
      SIGN_IN_FAILURES_PER_ACCOUNT: '5',
    });
    await t.app.get(UsersService).ensureFirstAdmin();
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  async function createPerson(role: 'admin' | 'manager' | 'viewer', name: string) {
    const admin = browser();
    await admin.signIn(ADMIN.email, ADMIN.password).expect(200);
    const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@shop.example`;
    const password = `bobbin and thimble ${Date.now()}`;
    const created = await admin
      .send('post', '/api/v1/users', { email, name, role, password })
      .expect(201);
    return { id: json<CreatedUserDto>(created).user.id, email, password, name };
  }

  it('signs in, says who is signed in, and signs out with cookie flags over plain HTTP', async () => {
    const b = browser();
    const signedIn = await b.signIn('  OWNER@bluethread.example ', ADMIN.password).expect(200);
    expect(json<SessionDto>(signedIn).user).toMatchObject({
      email: ADMIN.email,
      role: 'admin',
      disabledAt: null,
    });
    expect(json<SessionDto>(signedIn).user).not.toHaveProperty('passwordHash');
    const setCookie = (signedIn.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(
      /^cms_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(setCookie).not.toMatch(/Secure/);

    const me = await b.send('get', '/api/v1/session').expect(200);
    expect(json<SessionDto>(me).user.email).toBe(ADMIN.email);
    expect(new Date(json<SessionDto>(me).expiresAt).getTime()).toBeGreaterThan(
      Date.now() + 23 * 3_600_000,
    );
    expect(new Date(json<SessionDto>(me).idleExpiresAt).getTime()).toBeLessThanOrEqual(
      Date.now() + 30 * 60_000 + 1000,
    );
    // The session works wherever an API key does.
    await b.send('get', '/api/v1/customers').expect(200);

    const cookie = b.cookie;
    await b.send('delete', '/api/v1/session').expect(204);
    expect(b.cookie).toBeUndefined();
    await request(t.baseUrl)
      .get('/api/v1/session')
      .set('Cookie', cookie ?? '')
      .expect(401);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const b = browser();
    const wrong = await b.signIn(ADMIN.email, 'not the right password').expect(401);
    const unknown = await b.signIn('nobody@nowhere.example', 'not the right password').expect(401);
    expect(problem(unknown).code).toBe('invalid_credentials');
    const same = (body: Record<string, unknown>) => ({ ...body, requestId: '', instance: '' });
    expect(same(problem(unknown))).toEqual(same(problem(wrong)));
    expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
    // An unknown email is verified against a dummy argon2id hash (sessions.service.ts), so
    // its cost matches a wrong password's; no timed assertion here (the machine's speed varies).
  });

  it('limits failed sign-ins per account with 429 and Retry-After', async () => {
    const person = await createPerson('viewer', 'Guessed');
    const b = browser();
    for (let i = 0; i < 5; i++) await b.signIn(person.email, `wrong guess number ${i}`).expect(401);
    const limited = await b.signIn(person.email, person.password).expect(429);
    expect(problem(limited).code).toBe('too_many_sign_in_attempts');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const person = await createPerson('viewer', 'Idle');
    const b = browser();
    await b.signIn(person.email, person.password).expect(200);
    clock.advance(29 * 60_000);
    await b.send('get', '/api/v1/session').expect(200);
    clock.advance(31 * 60_000);
    const idle = await b.send('get', '/api/v1/session').expect(401);
    expect(problem(idle).code).toBe('unauthorized');

    await b.signIn(person.email, person.password).expect(200);
    // Active every 25 minutes (under the 30-minute idle timeout) for 23 h 45 min...
    for (let step = 0; step < 57; step++) {
      clock.advance(25 * 60_000);
      await b.send('get', '/api/v1/customers?limit=1').expect(200);
    }
    clock.advance(14 * 60_000);
    await b.send('get', '/api/v1/customers?limit=1').expect(200);
    // ...and still over at 24 h, the absolute lifetime.
    clock.advance(2 * 60_000);
    await b.send('get', '/api/v1/customers?limit=1').expect(401);
  });

  it("refuses a disabled person's live session on its next request", async () => {
    const person = await createPerson('manager', 'Leaving');
    const b = browser();
    await b.signIn(person.email, person.password).expect(200);
    await b.send('get', '/api/v1/customers').expect(200);
    const admin = browser();
    await admin.signIn(ADMIN.email, ADMIN.password).expect(200);
    const disabled = await admin.send('post', `/api/v1/users/${person.id}/disable`).expect(200);
    expect(json<UserDto>(disabled).disabledAt).not.toBeNull();
    await b.send('get', '/api/v1/customers').expect(401);
    await b.signIn(person.email, person.password).expect(401);
    await admin.send('post', `/api/v1/users/${person.id}/enable`).expect(200);
    await b.signIn(person.email, person.password).expect(200);
  });

  it('ends the other sessions when a person changes their password', async () => {
    const person = await createPerson('viewer', 'Changer');
    const desk = browser();
    const tablet = browser();
    await desk.signIn(person.email, person.password).expect(200);
    await tablet.signIn(person.email, person.password).expect(200);
    const listed = await desk.send('get', '/api/v1/users/me/sessions').expect(200);
    expect(json<MySessionListDto>(listed).data).toHaveLength(2);
    expect(
      json<MySessionListDto>(listed).data.filter((s: { current: boolean }) => s.current),
    ).toHaveLength(1);

    const wrong = await desk
      .send('put', '/api/v1/users/me/password', {
        currentPassword: 'not it at all',
        newPassword: 'a brand new phrase here',
      })
      .expect(400);
    expect(problem(wrong).errors).toEqual([
      { field: 'currentPassword', message: 'The current password is not right.' },
    ]);
    const weak = await desk
      .send('put', '/api/v1/users/me/password', {
        currentPassword: person.password,
        newPassword: 'password1234',
      })
      .expect(400);
    expect(problem(weak).errors?.[0].field).toBe('newPassword');

    await desk
      .send('put', '/api/v1/users/me/password', {
        currentPassword: person.password,
        newPassword: 'a brand new phrase here',
      })
      .expect(204);
    await desk.send('get', '/api/v1/session').expect(200);
    await tablet.send('get', '/api/v1/session').expect(401);
    await browser().signIn(person.email, 'a brand new phrase here').expect(200);
  });

  it('protects the last active admin from being disabled or demoted', async () => {
    const admin = browser();
    const signedIn = await admin.signIn(ADMIN.email, ADMIN.password).expect(200);
    const id = json<SessionDto>(signedIn).user.id;
    const users = await admin.send('get', '/api/v1/users?limit=100').expect(200);
    const otherAdmins = json<UserListDto>(users).data.filter(
      (u) => u.role === 'admin' && u.id !== id && !u.disabledAt,
    );
    expect(otherAdmins).toHaveLength(0);
    const demoted = await admin
      .send('patch', `/api/v1/users/${id}`, { role: 'manager' })
      .expect(409);
    expect(problem(demoted).code).toBe('last_admin');
    expect(problem(await admin.send('post', `/api/v1/users/${id}/disable`).expect(409)).code).toBe(
      'last_admin',
    );
  });

  it("gives a viewer's session 403 on writes", async () => {
    const person = await createPerson('viewer', 'Reader');
    const b = browser();
    await b.signIn(person.email, person.password).expect(200);
    await b.send('get', '/api/v1/customers').expect(200);
    const refused = await b
      .send('post', '/api/v1/customers', {
        companyName: 'Nope',
        contactName: 'No One',
        email: 'no@one.example',
      })
      .expect(403);
    expect(problem(refused).code).toBe('forbidden');
  });

  it('refuses a cross-site state-changing request with a valid cookie; a bearer key is unaffected', async () => {
    const person = await createPerson('manager', 'Targeted');
    const victim = browser('cross-site');
    await browser()
      .signIn(person.email, person.password)
      .then(() => undefined);
    const own = browser();
    await own.signIn(person.email, person.password).expect(200);
    victim.cookie = own.cookie;
    const body = { companyName: 'Forged Co', contactName: 'Mallory', email: 'forged@evil.example' };
    const forged = await victim
      .send('post', '/api/v1/customers', { Origin: 'https://evil.example' })
      .expect(403);
    expect(problem(forged).code).toBe('csrf_rejected');
    // A form post from an old browser: no Sec-Fetch-Site, a foreign Origin.
    const old = browser(null);
    old.cookie = own.cookie;
    await old.send('post', '/api/v1/customers', { Origin: 'https://evil.example' }).expect(403);
    // Reads are not state changes.
    await victim.send('get', '/api/v1/customers').expect(200);
    // Our own page, and a bearer key from anywhere, go through.
    await own
      .send('post', '/api/v1/customers', { ...body, email: 'real@shop.example' })
      .expect(201);
    await t.manager
      .post('/api/v1/customers')
      .set('Origin', 'https://evil.example')
      .send({ ...body, email: 'key@shop.example' })
      .expect(201);
  });

  it('records who did what: a person by id and name, and their sign-ins', async () => {
    const person = await createPerson('manager', 'Ana Audit');
    const b = browser();
    await b.signIn(person.email, 'a wrong password here').expect(401);
    await b.signIn(person.email, person.password).expect(200);
    const created = await b
      .send('post', '/api/v1/customers', {
        companyName: 'Audited Co',
        contactName: 'Sarah',
        email: `audited-${Date.now()}@shop.example`,
      })
      .expect(201);
    const trail = await t.admin
      .get(`/api/v1/audit?entityId=${json<CustomerDto>(created).id}`)
      .expect(200);
    expect(json<AuditPageDto>(trail).data[0].actor).toEqual({
      type: 'user',
      keyId: null,
      userId: person.id,
      name: 'Ana Audit',
    });
    const own = await t.admin.get(`/api/v1/audit?entityId=${person.id}`).expect(200);
    const actions = json<AuditPageDto>(own).data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['created', 'sign_in_failed', 'signed_in']));
    const keyEntry = await t.admin.get('/api/v1/audit?entityType=customer&limit=100').expect(200);
    expect(
      json<AuditPageDto>(keyEntry).data.some(
        (e: { actor: { type: string } }) => e.actor.type === 'api_key',
      ),
    ).toBe(true);
  });

  it.each([
    ['with Content-Type: application/json', { 'Content-Type': 'application/json' }],
    ['without a Content-Type', {}],
  ])(
    'takes the bodiless sign-in and people operations with an empty body %s',
    async (_label, headers) => {
      const person = await createPerson('viewer', 'Bodiless');
      const admin = browser();
      await admin.signIn(ADMIN.email, ADMIN.password).expect(200);
      await admin
        .send('post', `/api/v1/users/${person.id}/disable`, undefined, headers)
        .expect(200);
      await admin.send('post', `/api/v1/users/${person.id}/enable`, undefined, headers).expect(200);
      await admin
        .send('post', `/api/v1/users/${person.id}/password-link`, undefined, headers)
        .expect(201);
      const own = browser();
      await own.signIn(person.email, person.password).expect(200);
      await browser().signIn(person.email, person.password).expect(200);
      await own.send('delete', '/api/v1/users/me/sessions', undefined, headers).expect(204);
      const sessions = await own.send('get', '/api/v1/users/me/sessions').expect(200);
      expect(json<MySessionListDto>(sessions).data).toHaveLength(1);
      await own.send('delete', '/api/v1/session', undefined, headers).expect(204);
      await own.send('get', '/api/v1/session').expect(401);
    },
  );

  it('creates a person without a password with a one-time set-password link', async () => {
    const admin = browser();
    await admin.signIn(ADMIN.email, ADMIN.password).expect(200);
    const email = `invited-${Date.now()}@shop.example`;
    const created = await admin
      .send('post', '/api/v1/users', { email, name: 'Invited', role: 'viewer' })
      .expect(201);
    const url = new URL(json<CreatedUserDto>(created).setPasswordUrl ?? '');
    expect(url.pathname).toBe('/set-password');
    const token = url.searchParams.get('token') ?? '';
    await browser().signIn(email, 'anything at all here').expect(401);
    const short = await browser()
      .send('post', '/api/v1/password', { token, password: 'short' })
      .expect(400);
    expect(problem(short).errors).toEqual([
      { field: 'password', message: 'Use at least 12 characters.' },
    ]);
    await browser()
      .send('post', '/api/v1/password', { token, password: 'my first real phrase' })
      .expect(204);
    const reused = await browser()
      .send('post', '/api/v1/password', { token, password: 'my second real phrase' })
      .expect(400);
    expect(problem(reused).code).toBe('password_token_invalid');
    await browser().signIn(email, 'my first real phrase').expect(200);
    const taken = await admin
      .send('post', '/api/v1/users', { email, name: 'Again', role: 'viewer' })
      .expect(409);
    expect(problem(taken)).toMatchObject({
      code: 'user_email_taken',
      errors: [{ field: 'email' }],
    });
  });
});

describe('Sessions behind a proxy', () => {
  it('sets a Secure __Host- cookie when a trusted proxy says the request came over HTTPS', async () => {
    // Its own app, after the other suite's: @Transactional finds the newest app's data source.
    const proxied = await createTestApp({
      TRUST_PROXY: '127.0.0.1',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    });
    try {
      await proxied.app.get(UsersService).ensureFirstAdmin();
      const res = await request(proxied.baseUrl)
        .post('/api/v1/session')
        .set('X-Forwarded-Proto', 'https')
        .set('Sec-Fetch-Site', 'same-origin')
        .send(ADMIN)
        .expect(200);
      const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
      expect(setCookie).toMatch(
        /^__Host-cms_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      const cookie = setCookie.split(';')[0];
      await request(proxied.baseUrl).get('/api/v1/session').set('Cookie', cookie).expect(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('First start with no users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('uses the setup link once: it creates the first admin and signs them in; a second use is refused', async () => {
    const b = new Browser(t.baseUrl);
    expect((await b.send('get', '/api/v1/setup').expect(200)).body).toEqual({ needed: true });
    const link = await t.app.get(UsersService).ensureFirstAdmin();
    expect(link?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const body = {
      token: link?.token,
      email: 'first@shop.example',
      name: 'First Admin',
      password: 'bobbin thimble and reel',
    };
    const weak = await b
      .send('post', '/api/v1/setup', { ...body, password: 'too short' })
      .expect(400);
    expect(problem(weak).errors?.[0].field).toBe('password');
    const done = await b.send('post', '/api/v1/setup', body).expect(201);
    expect(json<SessionDto>(done).user).toMatchObject({
      email: 'first@shop.example',
      role: 'admin',
    });
    await b.send('get', '/api/v1/session').expect(200);
    expect(json<SetupStatusDto>(await b.send('get', '/api/v1/setup').expect(200))).toEqual({
      needed: false,
    });
    const again = await new Browser(t.baseUrl)
      .send('post', '/api/v1/setup', { ...body, email: 'second@shop.example' })
      .expect(400);
    expect(problem(again).code).toBe('setup_token_invalid');
    expect(await t.app.get(UsersService).ensureFirstAdmin()).toBeNull();
  });
});
