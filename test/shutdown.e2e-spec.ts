import { request as httpRequest } from 'node:http';
import { createTestApp, TEST_ADMIN_KEY } from './support/test-app';

describe('Graceful shutdown', () => {
  it('finishes a request that is in flight when shutdown starts, then closes the database', async () => {
    const t = await createTestApp();
    const body = JSON.stringify({ name: 'created-during-shutdown', role: 'viewer' });
    const url = new URL('/api/v1/api-keys', t.baseUrl);

    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
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
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after shutdown has begun: the request is in flight.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });

    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = t.app.close();
    const finished = await response;
    await closing;

    expect(finished.status).toBe(201);
    expect(JSON.parse(finished.body)).toMatchObject({
      name: 'created-during-shutdown',
      role: 'viewer',
    });
    expect(t.dataSource.isInitialized).toBe(false);
  });
});
