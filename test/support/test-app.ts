import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app-factory';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { loadAppConfig } from '../../src/config/app-config';
import type { ApiKeyRole } from '../../src/request-context/request-context';
import { contractValidator } from './contract-validator';
import type { ProblemDetailsDto } from '../../sdk/src/generated/types.gen';
import { freshDatabaseEnv } from './test-database';

export const TEST_ADMIN_KEY = 'csk_test_admin_key_0123456789abcdefghijklmnop';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Issues real HTTP requests to the listening test app, authenticated with one API key. Every
 * response is validated against the contract (test/support/contract-validator.ts).
 */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | null,
  ) {}

  private send(method: Method, path: string): request.Test {
    // Registered first, so every response is checked against openapi.yaml before any expect().
    const test = request(this.baseUrl)[method](path);
    test.expect((res) =>
      contractValidator().assertResponse({
        method,
        url: path,
        status: res.status,
        headers: res.headers,
        text: res.text ?? '',
      }),
    );
    return this.apiKey ? test.set('Authorization', `Bearer ${this.apiKey}`) : test;
  }

  get = (path: string) => this.send('get', path);
  post = (path: string) => this.send('post', path);
  put = (path: string) => this.send('put', path);
  patch = (path: string) => this.send('patch', path);
  delete = (path: string) => this.send('delete', path);
}

/**
 * A response's JSON body as the contract's type for it (`sdk/src/generated/types.gen.ts` has
 * one per operation and status). ApiClient has already checked every response against
 * openapi.yaml, so the type is what the contract promises, not a guess.
 */
export function json<T>(res: { body: unknown }): T {
  return res.body as T;
}

/** The problem+json body of an error response (checked against the contract like any other). */
export function problem(res: { body: unknown }): ProblemDetailsDto {
  return res.body as ProblemDetailsDto;
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  baseUrl: string;
  /** Unauthenticated client (health, docs, 401 checks). */
  anonymous: ApiClient;
  admin: ApiClient;
  manager: ApiClient;
  viewer: ApiClient;
  /** A client for any key, e.g. a revoked or made-up one. */
  withKey(apiKey: string): ApiClient;
  /** Creates a key with the given role; returns its plain value. */
  createKey(role: ApiKeyRole, name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Boots the whole service on its own fresh database (a clone of the run's migrated template,
 * or an in-memory embedded one on the fallback) and listens on a random local port.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseEnv = await freshDatabaseEnv();
  const config = loadAppConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
    RATE_LIMIT_PER_MINUTE: '1000000',
    DATABASE_POOL_SIZE: '20',
    ...databaseEnv,
    ...env,
  });
  const app = await createApp(config);
  await app.init();
  const apiKeys = app.get(ApiKeysService);
  await apiKeys.ensureInitialAdminKey();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string')
    throw new Error('test app is not listening on TCP');
  const baseUrl = `http://127.0.0.1:${address.port}`;

  let keyCounter = 0;
  const createKey = async (role: ApiKeyRole, name?: string): Promise<string> => {
    keyCounter += 1;
    return (await apiKeys.create(name ?? `test-${role}-${keyCounter}`, role)).plainKey;
  };

  return {
    app,
    dataSource: app.get(DataSource),
    baseUrl,
    anonymous: new ApiClient(baseUrl, null),
    admin: new ApiClient(baseUrl, TEST_ADMIN_KEY),
    manager: new ApiClient(baseUrl, await createKey('manager')),
    viewer: new ApiClient(baseUrl, await createKey('viewer')),
    withKey: (apiKey) => new ApiClient(baseUrl, apiKey),
    createKey,
    close: () => app.close(),
  };
}
