/**
 * How the test run reaches PostgreSQL, decided once by global-setup and passed to the workers
 * through the environment.
 */
import { randomBytes } from 'node:crypto';
import { IN_MEMORY } from '../../src/database/embedded-database';
import { createDatabase, withDatabase } from '../../src/database/server-databases';
export interface TestDatabaseRun {
  mode: 'server' | 'embedded';
  serverUrl: string;
  /** Prefix of every database this run creates; global-teardown drops them all. */
  runId: string;
  /** Migrated once per run; each test file clones it (CREATE DATABASE ... TEMPLATE). */
  template: string;
}

export function currentTestRun(): TestDatabaseRun {
  const mode = process.env.TEST_DB_MODE;
  if (mode !== 'server' && mode !== 'embedded') {
    throw new Error(
      'TEST_DB_MODE is not set: run the tests through jest (npm test), which runs global-setup',
    );
  }
  return {
    mode,
    serverUrl: process.env.TEST_DB_SERVER_URL ?? '',
    runId: process.env.TEST_DB_RUN_ID ?? '',
    template: process.env.TEST_DB_TEMPLATE ?? '',
  };
}

/**
 * `describe` for suites that need concurrent connections (a real server). On the embedded
 * fallback (one session) they are skipped, and global-setup has printed why.
 */
export function describeWithServer(name: string, suite: () => void): void {
  if (currentTestRun().mode === 'server') {
    describe(name, suite);
  } else {
    describe.skip(`${name} [skipped: needs a PostgreSQL server for concurrent connections]`, suite);
  }
}

/**
 * The environment of a fresh database for one suite or service process: a clone of the run's
 * migrated template on the server, or an embedded one on the fallback (in memory, or in
 * `embeddedDataDir` for a separate process).
 */
export async function freshDatabaseEnv(
  embeddedDataDir: string = IN_MEMORY,
): Promise<Record<string, string>> {
  const run = currentTestRun();
  if (run.mode !== 'server') return { DATA_DIR: embeddedDataDir };
  const name = `${run.runId}_${randomBytes(5).toString('hex')}`;
  await createDatabase(run.serverUrl, name, run.template);
  return { DATABASE_URL: withDatabase(run.serverUrl, name) };
}
