import { DataSource } from 'typeorm';
import { createDataSource } from './data-source-options';
import { testServerUrl } from './server-databases';

/** For the TypeORM CLI (migration:generate): DATABASE_URL, else the local test server. */
const dataSource: Promise<DataSource> = createDataSource({
  kind: 'server',
  url: process.env.DATABASE_URL || testServerUrl(),
  poolSize: 2,
  statementTimeoutMs: 60_000,
});
export default dataSource;
