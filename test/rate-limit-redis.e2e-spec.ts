import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type { HealthStatusDto } from '../sdk/src/generated/types.gen';
import { createApp } from '../src/app-factory';
import { AppConfig, loadAppConfig } from '../src/config/app-config';
import { RedisRateLimitCounters } from '../src/throttling/redis-rate-limit-counters';
import { freePort } from './support/built-service';
import { ApiClient, createTestApp, json, problem, type TestApp } from './support/test-app';
import { describeWithServer } from './support/test-database';
import { describeWithRedis, testRedisUrl } from './support/test-redis';

const REDIS_URL = testRedisUrl();
const prefix = () => `cms-test-${randomBytes(6).toString('hex')}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis('Redis rate-limit counters', () => {
  const clients: Redis[] = [];
  const counters = (keyPrefix: string) => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return new RedisRateLimitCounters(redis, keyPrefix);
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('counts concurrent increments from several clients exactly, once each', async () => {
    const keyPrefix = prefix();
    const [a, b] = [counters(keyPrefix), counters(keyPrefix)];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).increment('shared', 60_000)),
    );
    expect(results.map((r) => r.hits).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
    for (const result of results) {
      expect(result.resetInMs).toBeGreaterThan(0);
      expect(result.resetInMs).toBeLessThanOrEqual(60_000);
    }
    expect((await a.peek('shared')).hits).toBe(200);
  });

  it('ends the window after windowMs; peek adds no hit', async () => {
    const c = counters(prefix());
    expect(await c.peek('k')).toEqual({ hits: 0, resetInMs: 0 });
    expect((await c.increment('k', 300)).hits).toBe(1);
    expect((await c.peek('k')).hits).toBe(1);
    expect((await c.peek('k')).hits).toBe(1);
    await sleep(400);
    expect(await c.peek('k')).toEqual({ hits: 0, resetInMs: 0 });
    expect((await c.increment('k', 300)).hits).toBe(1);
  });

  it('lets exactly `limit` concurrent hits through, blocks the rest and does not count them', async () => {
    const keyPrefix = prefix();
    const [a, b] = [counters(keyPrefix), counters(keyPrefix)];
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) => (i % 2 ? a : b).limitedHit('k', 60_000, 50, 800)),
    );
    expect(results.filter((r) => r.blockedForMs === 0)).toHaveLength(50);
    const blocked = results.filter((r) => r.blockedForMs > 0);
    expect(blocked).toHaveLength(70);
    for (const r of blocked) expect(r.blockedForMs).toBeLessThanOrEqual(800);
    // Only the hit that went past the limit was counted: refused hits are not.
    expect((await a.peek('k')).hits).toBe(51);
    await sleep(900);
    expect((await a.limitedHit('k', 60_000, 50, 800)).blockedForMs).toBeGreaterThan(0);
  });
});

/** A second instance of the service on the first one's database, as another process would be. */
async function secondInstance(
  first: TestApp,
  env: Record<string, string>,
): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: first.app.get(AppConfig).databaseUrl ?? '',
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}

async function alternate(clients: ApiClient[], requests: number) {
  const statuses: number[] = [];
  const retryAfters: number[] = [];
  for (let i = 0; i < requests; i++) {
    const res = await clients[i % clients.length].get('/api/v1/customers?limit=1');
    statuses.push(res.status);
    if (res.status === 429) retryAfters.push(Number(res.headers['retry-after']));
  }
  return { ok: statuses.filter((s) => s === 200).length, statuses, retryAfters };
}

describeWithRedis('Rate limits across instances', () => {
  describeWithServer('two instances on one database', () => {
    const apps: Array<{ close(): Promise<void> }> = [];
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    it('share one budget per key through Redis: 60 a minute in total, then 429 with Retry-After', async () => {
      const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix(), RATE_LIMIT_PER_MINUTE: '60' };
      const first = await createTestApp(env);
      apps.push(first);
      const second = await secondInstance(first, env);
      apps.push(second.app);
      const key = await first.createKey('viewer');

      const result = await alternate([first.withKey(key), new ApiClient(second.baseUrl, key)], 80);
      expect(result.ok).toBe(60);
      expect(result.statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
      expect(result.statuses.slice(60).every((s) => s === 429)).toBe(true);
      for (const seconds of result.retryAfters) {
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(60);
      }
    });

    it('without REDIS_URL keep a budget per instance (the in-process default)', async () => {
      const env = { RATE_LIMIT_PER_MINUTE: '30' };
      const first = await createTestApp(env);
      apps.push(first);
      const second = await secondInstance(first, env);
      apps.push(second.app);
      const key = await first.createKey('viewer');

      const result = await alternate([first.withKey(key), new ApiClient(second.baseUrl, key)], 70);
      expect(result.ok).toBe(60);
    });
  });
});

/** A TCP proxy to Redis that the test can take down and bring back on the same port. */
class RedisProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(readonly port: number) {}

  async up(): Promise<void> {
    const target = new URL(REDIS_URL);
    this.server = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describeWithRedis('A Redis outage', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('fails open by default: requests go through uncounted and readiness reports redis down', async () => {
    t = await createTestApp({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_KEY_PREFIX: prefix(),
      RATE_LIMIT_PER_MINUTE: '2',
    });
    for (let i = 0; i < 5; i++) await t.viewer.get('/api/v1/customers?limit=1').expect(200);
    const ready = await t.anonymous.get('/health/ready').expect(200);
    expect(ready.body).toEqual({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
  });

  it('fails closed when set: 503 rate_limit_unavailable with Retry-After, and not ready', async () => {
    t = await createTestApp({
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_KEY_PREFIX: prefix(),
      RATE_LIMIT_STORE_FAILURE: 'closed',
    });
    const refused = await t.viewer.get('/api/v1/customers?limit=1').expect(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(problem(refused).code).toBe('rate_limit_unavailable');
    const ready = await t.anonymous.get('/health/ready').expect(503);
    expect(problem(ready).code).toBe('not_ready');
    expect(problem(ready).checks).toEqual({
      database: { status: 'up' },
      redis: { status: 'down' },
    });
    await t.anonymous.get('/health/live').expect(200);
  });

  it('going away mid-run and coming back: uncounted while down, counted again after', async () => {
    const proxy = new RedisProxy(await freePort());
    await proxy.up();
    try {
      t = await createTestApp({
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        REDIS_KEY_PREFIX: prefix(),
        RATE_LIMIT_PER_MINUTE: '100',
      });
      const remaining = async () =>
        Number(
          (await t!.viewer.get('/api/v1/customers?limit=1').expect(200)).headers[
            'x-ratelimit-remaining'
          ],
        );
      expect(await remaining()).toBe(99);
      expect(await remaining()).toBe(98);

      await proxy.down();
      await t.anonymous.get('/health/ready').expect(200);
      expect(await remaining()).toBe(100);
      expect(
        json<HealthStatusDto>(await t.anonymous.get('/health/ready').expect(200)).checks.redis,
      ).toEqual({
        status: 'down',
      });

      await proxy.up();
      const deadline = Date.now() + 10_000;
      while (
        json<HealthStatusDto>(await t.anonymous.get('/health/ready')).checks.redis.status !== 'up'
      ) {
        if (Date.now() > deadline) throw new Error('the service did not reconnect to Redis');
        await sleep(100);
      }
      expect(await remaining()).toBe(97);
    } finally {
      await proxy.down();
    }
  });
});
