import { dropDatabases } from '../../src/database/server-databases';
import { currentTestRun } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const run = currentTestRun();
  if (run.mode === 'server') await dropDatabases(run.serverUrl, run.runId);
}
