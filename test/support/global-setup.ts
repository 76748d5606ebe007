import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createDataSource, runMigrations } from '../../src/database/data-source-options';
import {
  canReachServer,
  createDatabase,
  testServerUrl,
  withDatabase,
} from '../../src/database/server-databases';
import { canReachRedis, testRedisUrl } from './test-redis';

const ROOT = join(__dirname, '..', '..');

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function filesUnder(folder: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

/** The suites declared with `declaredBy` (describeWithServer, describeWithRedis), as `"name" (file)`. */
export function serverOnlySuites(
  testDir = join(ROOT, 'test'),
  declaredBy = 'describeWithServer',
): string[] {
  const declaration = new RegExp(`${declaredBy}\\(\\s*(['"\`])(.+?)\\1`, 'g');
  return filesUnder(testDir, (name) => name.endsWith('.e2e-spec.ts')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(declaration)].map(
      (match) => `"${match[2]}" (${relative(ROOT, file)})`,
    ),
  );
}

/** Decides whether the Redis suites run; with CI=true an unreachable Redis fails the run. */
async function checkRedis(): Promise<void> {
  const url = testRedisUrl();
  if (await canReachRedis(url)) {
    process.env.TEST_REDIS_MODE = 'up';
    return;
  }
  process.env.TEST_REDIS_MODE = 'down';
  const skipped = serverOnlySuites(join(ROOT, 'test'), 'describeWithRedis');
  const reason = `No Redis reachable at ${url} (set TEST_REDIS_URL)`;
  if (process.env.CI === 'true') {
    throw new Error(
      `${reason}; CI=true, so the run fails instead of skipping ${skipped.length} suites.`,
    );
  }
  console.log(`\n${reason}: these suites are skipped: ${skipped.join(', ') || 'none'}.\n`);
}

/** One fresh, migrated template database per run; every test file works in its own clone. */
export default async function globalSetup(): Promise<void> {
  const serverUrl = testServerUrl();
  const runId = `cms_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  process.env.TEST_DB_RUN_ID = runId;
  process.env.TEST_DB_SERVER_URL = serverUrl;
  await checkRedis();

  if (!(await canReachServer(serverUrl))) {
    const skipped = serverOnlySuites();
    const reason = `No PostgreSQL server reachable at ${redacted(serverUrl)} (set TEST_DATABASE_URL)`;
    if (process.env.CI === 'true') {
      // CI must never pass by skipping the suites that need concurrent connections.
      throw new Error(
        `${reason}; CI=true, so the run fails instead of skipping ${skipped.length} suites.`,
      );
    }
    process.env.TEST_DB_MODE = 'embedded';
    console.log(
      `\n${reason}: running on the embedded database (one session), so these suites that need ` +
        `concurrent connections are skipped: ${skipped.join(', ') || 'none'}.\n`,
    );
    return;
  }

  const template = `${runId}_template`;
  await createDatabase(serverUrl, template);
  const dataSource = await createDataSource({
    kind: 'server',
    url: withDatabase(serverUrl, template),
    poolSize: 1,
    statementTimeoutMs: 60_000,
  });
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  process.env.TEST_DB_MODE = 'server';
  process.env.TEST_DB_TEMPLATE = template;
}
