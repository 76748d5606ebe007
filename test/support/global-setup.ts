import { randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from '../../src/database/data-source-options';
import {
  canReachServer,
  createDatabase,
  testServerUrl,
  withDatabase,
} from '../../src/database/server-databases';

function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** One fresh, migrated template database per run; every test file works in its own clone. */
export default async function globalSetup(): Promise<void> {
  const serverUrl = testServerUrl();
  const runId = `cms_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  process.env.TEST_DB_RUN_ID = runId;
  process.env.TEST_DB_SERVER_URL = serverUrl;

  if (!(await canReachServer(serverUrl))) {
    process.env.TEST_DB_MODE = 'embedded';
    console.log(
      `\nNo PostgreSQL server reachable at ${redacted(serverUrl)} (set TEST_DATABASE_URL): ` +
        'running on the embedded database; suites marked "needs a PostgreSQL server" are skipped.\n',
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
