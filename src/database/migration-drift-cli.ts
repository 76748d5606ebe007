import { randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from './data-source-options';
import { createDatabase, dropDatabases, testServerUrl, withDatabase } from './server-databases';

/**
 * Fails when the entities and the migrations disagree: migrates a scratch database, then asks
 * TypeORM what it would change to match the entities. Anything at all is drift.
 */
async function main(): Promise<void> {
  const serverUrl = testServerUrl();
  const name = `drift_check_${randomBytes(4).toString('hex')}`;
  await createDatabase(serverUrl, name);
  try {
    const dataSource = await createDataSource({
      kind: 'server',
      url: withDatabase(serverUrl, name),
      poolSize: 2,
      statementTimeoutMs: 60_000,
    });
    await dataSource.initialize();
    try {
      await runMigrations(dataSource);
      const sql = await dataSource.driver.createSchemaBuilder().log();
      if (sql.upQueries.length > 0) {
        console.error('Migration drift: the entities need these changes that no migration makes:');
        for (const query of sql.upQueries) console.error(`  ${query.query};`);
        console.error(
          'Write a migration (npm run migration:generate -- migrations/<timestamp>-<Name>).',
        );
        process.exitCode = 1;
      } else {
        console.log(
          'No migration drift: the migrations produce exactly the schema the entities describe.',
        );
      }
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await dropDatabases(serverUrl, name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
