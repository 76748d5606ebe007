import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contractValidator } from './support/contract-validator';
import { BUILD_TIMEOUT_MS, builtService, startServiceProcess } from './support/built-service';
import { freshDatabaseEnv } from './support/test-database';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * POSTs a new API key, sending half the body now and the rest when `finish` resolves: the
 * request is in flight in between.
 */
function inFlightKeyCreation(baseUrl: string, name: string, finish: Promise<void>) {
  const body = JSON.stringify({ name, role: 'viewer' });
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      new URL('/api/v1/api-keys', baseUrl),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_KEY}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    void finish.then(() => req.end(body.slice(10)));
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkContract(method: string, url: string, answer: Answer): void {
  contractValidator().assertResponse({ method, url, ...answer });
}

describe('Graceful shutdown', () => {
  it('finishes a request that is in flight when shutdown starts, then closes the database', async () => {
    const t = await createTestApp();
    let finish!: () => void;
    const response = inFlightKeyCreation(
      t.baseUrl,
      'created-during-shutdown',
      new Promise((resolve) => (finish = resolve)),
    );
    await delay(100);
    const closing = t.app.close();
    await delay(200);
    finish();
    const finished = await response;
    await closing;

    checkContract('post', '/api/v1/api-keys', finished);
    expect(finished.status).toBe(201);
    expect(JSON.parse(finished.text)).toMatchObject({
      name: 'created-during-shutdown',
      role: 'viewer',
    });
    expect(t.dataSource.isInitialized).toBe(false);
  });

  it('answers a request arriving on a kept-alive connection while closing with a 503 problem', async () => {
    const t = await createTestApp();
    const body = JSON.stringify({ name: 'pipelined-first', role: 'viewer' });
    const socket = connect(Number(new URL(t.baseUrl).port), '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /api/v1/api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, 10),
    );
    await delay(100);
    const closing = t.app.close();
    await delay(200);
    // The rest of the first request, then a second one on the same connection.
    socket.write(
      `${body.slice(10)}GET /health/live HTTP/1.1\r\nHost: x\r\nX-Request-Id: late-comer\r\n\r\n`,
    );
    await ended;
    await closing;

    const responses = raw.split(/(?=HTTP\/1\.1 )/);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatch(/^HTTP\/1\.1 201 /);
    const [head, text] = responses[1].split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nx-request-id: late-comer/i);
    expect(head).toMatch(/\r\nretry-after: 1/i);
    expect(head).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(text)).toMatchObject({
      status: 503,
      code: 'shutting_down',
      requestId: 'late-comer',
    });
  });
});

describe('Graceful shutdown of the real process (node dist/main.js, SIGTERM)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cms-shutdown-'));
  beforeAll(() => builtService(), BUILD_TIMEOUT_MS);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('stops accepting, finishes the in-flight request, closes the database and exits 0', async () => {
    const databaseEnv = await freshDatabaseEnv(join(workDir, 'data'));
    const service = await startServiceProcess(
      {
        ...databaseEnv,
        BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
        LOG_LEVEL: 'warn',
        SHUTDOWN_TIMEOUT_MS: '10000',
      },
      workDir,
    );
    try {
      let finish!: () => void;
      const response = inFlightKeyCreation(
        service.baseUrl,
        'finished-after-sigterm',
        new Promise((resolve) => (finish = resolve)),
      );
      await delay(200);
      service.child.kill('SIGTERM');
      await delay(500);
      // No new connections once shutdown has begun.
      await expect(fetch(`${service.baseUrl}/health/live`)).rejects.toThrow();
      expect(service.child.exitCode).toBeNull();
      finish();
      const finished = await response;
      checkContract('post', '/api/v1/api-keys', finished);
      expect(finished.status).toBe(201);
      expect(JSON.parse(finished.text)).toMatchObject({ name: 'finished-after-sigterm' });

      const exit = await service.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.stderr()).toBe('');
      if (databaseEnv.DATA_DIR)
        expect(existsSync(join(databaseEnv.DATA_DIR, 'service.lock'))).toBe(false);
    } finally {
      service.child.kill('SIGKILL');
    }
  });
});
