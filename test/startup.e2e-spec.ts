import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app-factory';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { loadAppConfig } from '../src/config/app-config';
import { DataFolderLockedError, lockDataFolder } from '../src/database/data-folder-lock';
import { createTestApp } from './support/test-app';

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
      expect(keys.body.data.map((k: { name: string }) => k.name).sort()).toEqual([
        'first-admin',
        'kept-across-restarts',
      ]);
    } finally {
      await second.app.close();
    }
  });

  it('takes over a lock left by a killed process', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cms-stale-lock-'));
    try {
      writeFileSync(join(folder, 'service.lock'), '2147483646');
      const release = lockDataFolder(folder);
      expect(() => lockDataFolder(folder)).toThrow(/in use by process/);
      release();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('Start-up on a PostgreSQL server (DATABASE_URL)', () => {
  it('runs the migrations, stores BOOTSTRAP_ADMIN_KEY as the first admin key and reports ready', async () => {
    const t = await createTestApp();
    try {
      const ready = await t.anonymous.get('/health/ready').expect(200);
      expect(ready.body.checks.database.status).toBe('up');
      const live = await t.anonymous.get('/health/live').expect(200);
      expect(live.body).toEqual({ status: 'ok', checks: {} });
      const migrations = await t.dataSource.query('SELECT name FROM schema_migrations ORDER BY id');
      expect(migrations.length).toBeGreaterThanOrEqual(2);
      const keys = await t.admin.get('/api/v1/api-keys').expect(200);
      expect(
        keys.body.data.find((k: { name: string }) => k.name === 'bootstrap-admin'),
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
      await expect(ds.query(`UPDATE audit_entries SET action = 'tampered'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(ds.query(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
      const rows = await ds.query(`SELECT action FROM audit_entries`);
      expect(rows).toEqual([{ action: 'created' }]);
    } finally {
      await t.close();
    }
  });
});
