import { ConfigError, loadAppConfig, loadTestServerUrl } from './app-config';

describe('loadAppConfig', () => {
  it('gives working defaults with an empty environment (embedded database in ./data, port 3000)', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './data',
      corsOrigins: [],
      rateLimitPerMinute: 1200,
      bodyLimitBytes: 1_048_576,
    });
  });

  it('writes imports in batches of 5,000 on a server and 1,000 on the embedded database', () => {
    expect(loadAppConfig({}).importBatchSize).toBe(1000);
    expect(loadAppConfig({ DATABASE_URL: 'postgres://db.internal/shop' }).importBatchSize).toBe(
      5000,
    );
    expect(
      loadAppConfig({ DATABASE_URL: 'postgres://db.internal/shop', IMPORT_BATCH_SIZE: '250' })
        .importBatchSize,
    ).toBe(250);
  });

  it('reads and types every setting given', () => {
    const config = loadAppConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db.internal:5432/shop',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_KEY: 'csk_bootstrap_key_long_enough_123',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://app:secret@db.internal:5432/shop',
      corsOrigins: ['https://a.example', 'https://b.example'],
      logLevel: 'warn',
      bootstrapAdminKey: 'csk_bootstrap_key_long_enough_123',
    });
  });

  it('refuses malformed settings, naming each one', () => {
    let caught: unknown;
    try {
      loadAppConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
        BOOTSTRAP_ADMIN_KEY: 'short',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres:\/\//);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of/);
    expect(problems.join('\n')).toMatch(/BOOTSTRAP_ADMIN_KEY must be at least 24/);
    expect((caught as ConfigError).message).toMatch(/^Invalid configuration:/);
  });

  it('accepts only bare origins in CORS_ORIGINS and a host name or IP in HOST', () => {
    expect(
      loadAppConfig({ CORS_ORIGINS: 'https://shop.example, http://localhost:5173', HOST: '::' }),
    ).toMatchObject({
      corsOrigins: ['https://shop.example', 'http://localhost:5173'],
      host: '::',
    });
    expect(loadAppConfig({ HOST: 'api.internal' }).host).toBe('api.internal');
    let caught: unknown;
    try {
      loadAppConfig({
        CORS_ORIGINS: 'https://shop.example/, https://a.example/app, shop.example, ftp://x.example',
        HOST: 'http://0.0.0.0',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    expect(problems).toHaveLength(5);
    for (const entry of [
      'https://shop.example/',
      'https://a.example/app',
      'shop.example',
      'ftp://x.example',
    ]) {
      expect(problems).toContain(
        'CORS_ORIGINS entries must be origins like https://shop.example or http://localhost:5173 ' +
          `(scheme and host, no path or trailing slash; got "${entry}")`,
      );
    }
    expect(problems).toContain('HOST must be an IP address or a host name (got "http://0.0.0.0")');
  });

  it('reads TRUST_PROXY as off, on, a hop count or proxy addresses', () => {
    expect(loadAppConfig({}).trustProxy).toBe(false);
    expect(loadAppConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadAppConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadAppConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7, ::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      '::1',
    ]);
    for (const bad of ['yes', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1']) {
      expect(() => loadAppConfig({ TRUST_PROXY: bad })).toThrow(
        `TRUST_PROXY must be false, true, a hop count or comma-separated proxy addresses / CIDR ranges (got "${bad}")`,
      );
    }
  });

  it('takes the test server from TEST_DATABASE_URL, else the local server', () => {
    expect(loadTestServerUrl({})).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(loadTestServerUrl({ TEST_DATABASE_URL: 'postgres://ci@db:5432/postgres' })).toBe(
      'postgres://ci@db:5432/postgres',
    );
    expect(() => loadTestServerUrl({ TEST_DATABASE_URL: 'mysql://x' })).toThrow(
      /TEST_DATABASE_URL must be a postgres/,
    );
  });
});
