import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformFileSync } from '@swc/core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { ApiKeyListDto, HealthStatusDto } from '../sdk/src/generated/types.gen';
import { createApp } from '../src/app-factory';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { loadAppConfig } from '../src/config/app-config';
import { DataFolderLockedError, lockDataFolder } from '../src/database/data-folder-lock';
import { contractValidator } from './support/contract-validator';
import {
  BUILD_TIMEOUT_MS,
  builtService,
  runServiceProcess,
  startServiceProcess,
} from './support/built-service';
import { createTestApp, json } from './support/test-app';
import { describeWithServer } from './support/test-database';

/** `<timestamp>-<Name>.ts` in migrations/ as TypeORM names them (`<Name><timestamp>`), in order. */
function migrationNamesOnDisk(): string[] {
  return readdirSync(join(__dirname, '..', 'migrations'))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => {
      const match = /^(\d+)-(\w+)\.ts$/.exec(file);
      if (!match) throw new Error(`migrations/${file} is not named <timestamp>-<Name>.ts`);
      return `${match[2]}${match[1]}`;
    });
}

async function startEmbedded(dataDir: string) {
  const app = await createApp(loadAppConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
  await app.init();
  const firstAdminKey = await app.get(ApiKeysService).ensureInitialAdminKey();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, firstAdminKey, http: request(`http://127.0.0.1:${port}`) };
}

describe('Start-up on the embedded database (no DATABASE_URL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cms-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, creates a first admin key once, keeps data across restarts and locks the folder', async () => {
    const first = await startEmbedded(dataDir);
    try {
      expect(first.firstAdminKey).toMatch(/^csk_/);
      const ready = await first.http.get('/health/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: { status: 'up' } } });
      await first.http
        .post('/api/v1/api-keys')
        .set('Authorization', `Bearer ${first.firstAdminKey}`)
        .send({ name: 'kept-across-restarts', role: 'viewer' })
        .expect(201);
      expect(() => lockDataFolder(dataDir)).toThrow(DataFolderLockedError);
    } finally {
      await first.app.close();
    }

    const second = await startEmbedded(dataDir);
    try {
      expect(second.firstAdminKey).toBeUndefined();
      const keys = await second.http
        .get('/api/v1/api-keys')
        .set('Authorization', `Bearer ${first.firstAdminKey}`)
        .expect(200);
      expect(
        json<ApiKeyListDto>(keys)
          .data.map((k) => k.name)
          .sort(),
      ).toEqual(['first-admin', 'kept-across-restarts']);
    } finally {
      await second.app.close();
    }
  });

  it('takes over a lock left by a killed process', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-stale-lock-'));
    try {
      writeFileSync(join(folder, 'service.lock'), '2147483646');
      const release = lockDataFolder(folder);
      expect(readFileSync(join(folder, 'service.lock'), 'utf8')).toBe(String(process.pid));
      expect(() => lockDataFolder(folder)).toThrow(/already open in this process/);
      release();
      expect(existsSync(join(folder, 'service.lock'))).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('takes over a lock holding its own pid that it does not hold (a previous life as PID 1)', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-own-pid-lock-'));
    try {
      writeFileSync(join(folder, 'service.lock'), String(process.pid));
      const release = lockDataFolder(folder);
      release();
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('against a second process', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'cms-lock-child-'));
    const childScript = join(scratch, 'take-lock.js');
    beforeAll(() => {
      // The real lock code, compiled for a plain node child (it imports only node built-ins).
      const { code } = transformFileSync(join(__dirname, '../src/database/data-folder-lock.ts'), {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      writeFileSync(join(scratch, 'data-folder-lock.js'), code);
      writeFileSync(
        childScript,
        `const { lockDataFolder } = require('./data-folder-lock.js');
         try { lockDataFolder(process.argv[2])(); console.log('locked and released'); }
         catch (error) { console.error(error.message); process.exit(3); }`,
      );
    });
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    function runChild(folder: string) {
      return spawnSync(process.execPath, [childScript, folder], { encoding: 'utf8' });
    }

    it('is refused while this process holds the folder, with a message naming it and the pid', () => {
      const folder = mkdtempSync(join(tmpdir(), 'cms-held-lock-'));
      const release = lockDataFolder(folder);
      try {
        const child = runChild(folder);
        expect(child.status).toBe(3);
        expect(child.stderr).toContain(
          `The embedded database in ${folder} is in use by process ${process.pid}`,
        );
      } finally {
        release();
      }
      const after = runChild(folder);
      expect(after.status).toBe(0);
      expect(after.stdout).toContain('locked and released');
      rmSync(folder, { recursive: true, force: true });
    });
  });
});

describeWithServer('Start-up on a PostgreSQL server (DATABASE_URL)', () => {
  it('runs the migrations, stores BOOTSTRAP_ADMIN_KEY as the first admin key and reports ready', async () => {
    const t = await createTestApp();
    try {
      const ready = await t.anonymous.get('/health/ready').expect(200);
      expect(json<HealthStatusDto>(ready).checks.database.status).toBe('up');
      const live = await t.anonymous.get('/health/live').expect(200);
      expect(live.body).toEqual({ status: 'ok', checks: {} });
      const applied = await t.dataSource.query<{ name: string }[]>(
        'SELECT name FROM schema_migrations ORDER BY id',
      );
      expect(applied.map((row) => row.name)).toEqual(migrationNamesOnDisk());
      const keys = await t.admin.get('/api/v1/api-keys').expect(200);
      expect(
        json<ApiKeyListDto>(keys).data.find((k) => k.name === 'bootstrap-admin'),
      ).toMatchObject({
        role: 'admin',
      });
    } finally {
      await t.close();
    }
    expect(t.dataSource.isInitialized).toBe(false);
  });

  it('reports not ready (503 problem) when the database is gone', async () => {
    const t = await createTestApp();
    try {
      await t.dataSource.destroy();
      const res = await t.anonymous.get('/health/ready').expect(503);
      expect(res.body).toMatchObject({
        status: 503,
        code: 'not_ready',
        checks: { database: { status: 'down' } },
      });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await t.app.close().catch(() => undefined);
    }
  });
});

describe('The audit table is append-only', () => {
  it('refuses UPDATE and DELETE at the database level', async () => {
    const t = await createTestApp();
    try {
      const ds: DataSource = t.dataSource;
      await ds.query(
        `INSERT INTO audit_entries (entity_type, entity_id, action, actor_name) VALUES ('customer', gen_random_uuid(), 'created', 'test')`,
      );
      // The test app's own API keys are audited too: every entry must survive as it was.
      const everything = `SELECT entity_type, action FROM audit_entries ORDER BY seq`;
      const before: unknown[] = await ds.query(everything);
      expect(before).toContainEqual({ entity_type: 'customer', action: 'created' });
      await expect(ds.query(`UPDATE audit_entries SET action = 'tampered'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(ds.query(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
      expect(await ds.query(everything)).toEqual(before);
    } finally {
      await t.close();
    }
  });
});

describe('The service process (node dist/main.js)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cms-main-'));
  beforeAll(() => builtService(), BUILD_TIMEOUT_MS);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('refuses a malformed setting with exit code 78 and a message naming it', async () => {
    const result = await runServiceProcess(
      { PORT: 'eighty', CORS_ORIGINS: 'https://x.example/' },
      workDir,
    );
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
    expect(result.stderr).toContain('CORS_ORIGINS entries must be origins');
    expect(result.stdout).toBe('');
  });

  it('starts on a fresh embedded database, prints the Swagger URL and a one-time admin key', async () => {
    const dataDir = join(workDir, 'fresh-data');
    const service = await startServiceProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, workDir);
    try {
      const out = service.stdout();
      expect(out).toContain(`Swagger UI:  ${service.baseUrl}/docs`);
      expect(out).toContain(`embedded PostgreSQL in ${dataDir}`);
      const key = /shown only this once:\n {6}(csk_[A-Za-z0-9_-]{43})\n/.exec(out)?.[1];
      expect(key).toBeDefined();

      const http = request(service.baseUrl);
      const res = await http
        .get('/api/v1/api-keys')
        .set('Authorization', `Bearer ${key}`)
        .set('X-Request-Id', 'main-log-check')
        .expect(200);
      contractValidator().assertResponse({
        method: 'get',
        url: '/api/v1/api-keys',
        status: res.status,
        headers: res.headers,
        text: res.text,
      });
      expect(json<ApiKeyListDto>(res).data).toEqual([
        expect.objectContaining({ name: 'first-admin', role: 'admin' }),
      ]);
      // Every request log line carries the request id as reqId (the log is written in batches).
      await service.untilStdoutContains('main-log-check');
      const requestLines = service
        .stdout()
        .split('\n')
        .filter((line) => line.startsWith('{') && line.includes('main-log-check'))
        .map((line) => JSON.parse(line) as { reqId?: string; msg?: string });
      expect(requestLines.map((line) => line.msg)).toContain('request completed');
      for (const line of requestLines) expect(line.reqId).toBe('main-log-check');
    } finally {
      service.child.kill('SIGTERM');
    }
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});

describe('CORS', () => {
  it('is off by default: no CORS headers, and a preflight is not answered as one', async () => {
    const t = await createTestApp();
    try {
      const res = await t.anonymous
        .get('/health/live')
        .set('Origin', 'https://shop.example')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.baseUrl)
        .options('/api/v1/customers')
        .set('Origin', 'https://shop.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('answers a preflight from a configured origin, and only from it', async () => {
    const t = await createTestApp({ CORS_ORIGINS: 'https://shop.example' });
    try {
      const preflight = await request(t.baseUrl)
        .options('/api/v1/customers')
        .set('Origin', 'https://shop.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(preflight.headers['access-control-allow-methods']).toContain('POST');
      expect(preflight.headers['access-control-allow-headers']).toBe('authorization,content-type');
      const other = await request(t.baseUrl)
        .options('/api/v1/customers')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
