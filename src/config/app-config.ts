import { existsSync } from 'node:fs';
import { isIP } from 'node:net';

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Every setting the service reads, typed and validated once at start-up.
 * Nothing else in the code reads process.env: inject AppConfig instead.
 */
export class AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** A PostgreSQL server; when absent the service runs on the embedded database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  databasePoolSize: number;
  statementTimeoutMs: number;
  bootstrapAdminKey: string | undefined;
  rateLimitPerMinute: number;
  /** Redis for the limiters' counters, shared by every instance; unset = in this process. */
  redisUrl: string | undefined;
  /** Prefix of every Redis key the limiters write (several deployments can share one Redis). */
  redisKeyPrefix: string;
  /** A Redis command slower than this counts as a failure of the store. */
  redisCommandTimeoutMs: number;
  /** While Redis cannot be reached: `open` lets requests through uncounted, `closed` answers 503. */
  rateLimitStoreFailure: 'open' | 'closed';
  /** With BOOTSTRAP_ADMIN_PASSWORD: the first admin person, created when there are no users. */
  bootstrapAdminEmail: string | undefined;
  bootstrapAdminPassword: string | undefined;
  bootstrapAdminName: string;
  /** A session unused for this long ends (sign in again). */
  sessionIdleTimeoutMinutes: number;
  /** A session ends this long after sign-in, however active. */
  sessionLifetimeHours: number;
  /** Failed sign-ins an account may have per 15 minutes before sign-in is refused (429). */
  signInFailuresPerAccount: number;
  /** Failed sign-ins a client address may have per 15 minutes before it is refused (429). */
  signInFailuresPerAddress: number;
  /** Failed authentications a client address may make per minute before it gets 429s. */
  authFailuresPerMinute: number;
  /**
   * Which proxies may set X-Forwarded-For (Fastify's `trustProxy`): false, true, a hop
   * count, or their addresses / CIDR ranges. Rate limits per client address need it behind
   * a load balancer, or every client is the balancer.
   */
  trustProxy: boolean | number | string[];
  /** How long an authenticated key is trusted without asking the database (0 = always ask). */
  apiKeyCacheTtlMs: number;
  bodyLimitBytes: number;
  corsOrigins: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  shutdownTimeoutMs: number;
  importMaxFileBytes: number;
  importMaxRows: number;
  /** Rows per import transaction: 5,000 on a PostgreSQL server, 1,000 on the embedded one. */
  importBatchSize: number;
  /** Import jobs this instance runs at once (0: this instance only enqueues). */
  importWorkers: number;
  /** A processing import whose worker has not reported for this long is presumed dead. */
  importStaleAfterSeconds: number;
  /** Runs an import gets (the first and its retries) before it is marked failed. */
  importMaxAttempts: number;
  /** The built web app (web/dist) served at `/`; unset = the one next to this build. */
  webAppDir: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return value as T;
  }

  /** An IP address or a host name to listen on. */
  host(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (isIP(value) === 0 && !HOST_NAME.test(value)) {
      this.problems.push(`${name} must be an IP address or a host name (got "${value}")`);
      return fallback;
    }
    return value;
  }

  /** Comma-separated origins (`https://shop.example[:port]`): scheme and host, nothing more. */
  origins(name: string): string[] {
    const entries = (this.raw(name) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    return entries.filter((entry) => {
      let origin: string | undefined;
      try {
        const url = new URL(entry);
        if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
      } catch {
        origin = undefined;
      }
      if (origin !== entry) {
        this.problems.push(
          `${name} entries must be origins like https://shop.example or http://localhost:5173 ` +
            `(scheme and host, no path or trailing slash; got "${entry}")`,
        );
        return false;
      }
      return true;
    });
  }

  /** `false` (default), `true`, a hop count, or comma-separated addresses / CIDR ranges. */
  trustProxy(name: string): boolean | number | string[] {
    const value = this.raw(name);
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value) && Number(value) <= 100) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const valid = entries.every((entry) => {
      const [address, bits, extra] = entry.split('/');
      const family = isIP(address ?? '');
      if (family === 0 || extra !== undefined) return false;
      return (
        bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128))
      );
    });
    if (!valid) {
      this.problems.push(
        `${name} must be false, true, a hop count or comma-separated proxy addresses / CIDR ranges (got "${value}")`,
      );
      return false;
    }
    return entries;
  }

  redisUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error();
    } catch {
      this.problems.push(`${name} must be a redis:// or rediss:// URL`);
      return undefined;
    }
    return value;
  }

  postgresUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new Error();
    } catch {
      this.problems.push(`${name} must be a postgres:// or postgresql:// URL`);
      return undefined;
    }
    return value;
  }
}

/** Reads `.env` (if present) into process.env without overriding variables already set. */
export function loadDotEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

export const LOCAL_TEST_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * The PostgreSQL server the tests and the database tooling (migration drift check, TypeORM CLI)
 * work on: TEST_DATABASE_URL, else the local server. Not part of AppConfig: the service never
 * uses it.
 */
export function loadTestServerUrl(env: Env = process.env): string {
  const read = new EnvReader(env);
  const url = read.postgresUrl('TEST_DATABASE_URL');
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return url ?? LOCAL_TEST_SERVER_URL;
}

export function loadAppConfig(env: Env = process.env): AppConfig {
  const read = new EnvReader(env);
  const databaseUrl = read.postgresUrl('DATABASE_URL');
  const config: AppConfig = {
    nodeEnv: read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development'),
    host: read.host('HOST', '0.0.0.0'),
    port: read.int('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: read.string('DATA_DIR', './data'),
    databasePoolSize: read.int('DATABASE_POOL_SIZE', 10, 1, 200),
    statementTimeoutMs: read.int('DATABASE_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
    bootstrapAdminKey: read.optionalString('BOOTSTRAP_ADMIN_KEY'),
    rateLimitPerMinute: read.int('RATE_LIMIT_PER_MINUTE', 1200, 1, 10_000_000),
    redisUrl: read.redisUrl('REDIS_URL'),
    redisKeyPrefix: read.string('REDIS_KEY_PREFIX', 'cms:'),
    redisCommandTimeoutMs: read.int('REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000),
    rateLimitStoreFailure: read.oneOf(
      'RATE_LIMIT_STORE_FAILURE',
      ['open', 'closed'] as const,
      'open',
    ),
    bootstrapAdminEmail: read.optionalString('BOOTSTRAP_ADMIN_EMAIL'),
    bootstrapAdminPassword: read.optionalString('BOOTSTRAP_ADMIN_PASSWORD'),
    bootstrapAdminName: read.string('BOOTSTRAP_ADMIN_NAME', 'Administrator'),
    sessionIdleTimeoutMinutes: read.int('SESSION_IDLE_TIMEOUT_MINUTES', 480, 1, 525_600),
    sessionLifetimeHours: read.int('SESSION_LIFETIME_HOURS', 168, 1, 8_760),
    signInFailuresPerAccount: read.int('SIGN_IN_FAILURES_PER_ACCOUNT', 10, 1, 1_000_000),
    signInFailuresPerAddress: read.int('SIGN_IN_FAILURES_PER_ADDRESS', 50, 1, 1_000_000),
    authFailuresPerMinute: read.int('AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    apiKeyCacheTtlMs: read.int('API_KEY_CACHE_TTL_MS', 2000, 0, 60_000),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    corsOrigins: read.origins('CORS_ORIGINS'),
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    importMaxFileBytes: read.int('IMPORT_MAX_FILE_BYTES', 52_428_800, 1024, 2_147_483_647),
    importMaxRows: read.int('IMPORT_MAX_ROWS', 1_000_000, 1, 100_000_000),
    // Bigger batches amortise each transaction's fixed work (100,000 rows: 10.2 s at 1,000,
    // 7.7 s at 5,000); on the embedded database a batch's transaction holds its one session,
    // so smaller ones keep the API answering during an import.
    importBatchSize: read.int('IMPORT_BATCH_SIZE', databaseUrl ? 5000 : 1000, 1, 50_000),
    importWorkers: read.int('IMPORT_WORKERS', 1, 0, 16),
    importStaleAfterSeconds: read.int('IMPORT_STALE_AFTER_SECONDS', 60, 1, 86_400),
    importMaxAttempts: read.int('IMPORT_MAX_ATTEMPTS', 3, 1, 100),
    webAppDir: read.optionalString('WEB_APP_DIR'),
  };
  if (config.bootstrapAdminKey !== undefined && config.bootstrapAdminKey.length < 24) {
    read.problems.push('BOOTSTRAP_ADMIN_KEY must be at least 24 characters long');
  }
  if (
    (config.bootstrapAdminEmail === undefined) !==
    (config.bootstrapAdminPassword === undefined)
  ) {
    read.problems.push(
      'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD go together: set both or neither',
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}
