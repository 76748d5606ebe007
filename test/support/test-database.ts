/**
 * How the test run reaches PostgreSQL, decided once by global-setup and passed to the workers
 * through the environment.
 */
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
