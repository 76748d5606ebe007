import { connect } from 'node:net';

/** The Redis the suites that need one use: TEST_REDIS_URL, else the local server. */
export function testRedisUrl(env: Record<string, string | undefined> = process.env): string {
  return env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** Whether a Redis answers PING at `url` within a second (no client library needed). */
export function canReachRedis(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve(reachable);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * `describe` for suites that need a Redis server. Where none is reachable they are skipped and
 * global-setup has said so (with CI=true the run fails instead).
 */
export function describeWithRedis(name: string, suite: () => void): void {
  if (process.env.TEST_REDIS_MODE === 'up') {
    describe(name, suite);
  } else {
    describe.skip(`${name} [skipped: needs a Redis server, none at ${testRedisUrl()}]`, suite);
  }
}
