import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import {
  BUILD_TIMEOUT_MS,
  startServiceProcess,
  type ServiceProcess,
} from './support/built-service';
import { freshDatabaseEnv } from './support/test-database';
import { describeWithServer } from './support/test-database';

describeWithServer('Secrets in the log', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cms-log-'));
  let service: ServiceProcess;
  let databaseUrl: string;
  beforeAll(async () => {
    const env = await freshDatabaseEnv(join(workDir, 'data'));
    databaseUrl = env.DATABASE_URL;
    service = await startServiceProcess({ ...env, LOG_LEVEL: 'trace' }, workDir);
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => {
    service.child.kill('SIGTERM');
    await service.exited;
    rmSync(workDir, { recursive: true, force: true });
  });

  it('never shows a password, its hash, a session id, a cookie or a one-time token', async () => {
    const setupToken = /\/setup\?token=([A-Za-z0-9_-]{43})/.exec(service.stdout())?.[1] ?? '';
    expect(setupToken).toHaveLength(43);
    const http = request(service.baseUrl);
    const password = 'logged nowhere at all 9431';
    const newPassword = 'also logged nowhere 7712';
    // The setup page's URL carries the token (served by the web app or answered 404).
    await http.get(`/setup?token=${setupToken}`);
    const setup = await http
      .post('/api/v1/setup')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ token: setupToken, email: 'log@shop.example', name: 'Log Tester', password })
      .expect(201);
    const cookie = (setup.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    await http
      .post('/api/v1/session')
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ email: 'log@shop.example', password: 'a wrong one here' })
      .expect(401);
    await http.get('/api/v1/session').set('Cookie', cookie).expect(200);
    await http
      .put('/api/v1/users/me/password')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'same-origin')
      .send({ currentPassword: password, newPassword })
      .expect(204);
    await http
      .get('/api/v1/session')
      .set('Cookie', 'cms_session=not-a-real-session-id-at-all')
      .set('X-Request-Id', 'log-check-last')
      .expect(401);
    // The log is written in batches: once the last request's line is out, all of them are.
    await service.untilStdoutContains('log-check-last');

    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ password_hash: string; token_hash: string }>(
      'SELECT u.password_hash, s.token_hash FROM users u JOIN sessions s ON s.user_id = u.id',
    );
    await db.end();
    // The log lines (JSON); the start-up banner shows the setup link on purpose, once.
    const output = service.stdout() + service.stderr();
    const log = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .join('\n');
    expect(output.split(setupToken)).toHaveLength(2);
    // The log did record these requests...
    expect(log).toContain('/api/v1/users/me/password');
    expect(log).toContain('[redacted]');
    // ...and none of their secrets.
    for (const secret of [
      password,
      newPassword,
      'a wrong one here',
      setupToken,
      cookie.split('=')[1],
      rows[0].password_hash,
      rows[0].token_hash,
      'not-a-real-session-id-at-all',
    ]) {
      expect(log).not.toContain(secret);
    }
    expect(log).not.toContain('$argon2id$');
  });
});
