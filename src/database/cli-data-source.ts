import { DataSource } from 'typeorm';
import { loadAppConfig, loadTestServerUrl } from '../config/app-config';
import { createDataSource } from './data-source-options';

/** For the TypeORM CLI (migration:generate): DATABASE_URL, else the test server. */
const dataSource: Promise<DataSource> = createDataSource({
  kind: 'server',
  url: loadAppConfig().databaseUrl ?? loadTestServerUrl(),
  poolSize: 2,
  statementTimeoutMs: 60_000,
});
export default dataSource;
