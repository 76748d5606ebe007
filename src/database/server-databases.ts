import { Client } from 'pg';
import { loadTestServerUrl } from '../config/app-config';

/** The PostgreSQL server used by tests and tooling: TEST_DATABASE_URL, else the local server. */
export function testServerUrl(): string {
  return loadTestServerUrl();
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onMaintenanceConnection<T>(
  serverUrl: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function canReachServer(serverUrl: string): Promise<boolean> {
  return onMaintenanceConnection(serverUrl, async (client) => {
    await client.query('SELECT 1');
    return true;
  }).catch(() => false);
}

const SAFE_NAME = /^[a-z0-9_]+$/;

export function createDatabase(serverUrl: string, name: string, template?: string): Promise<void> {
  if (!SAFE_NAME.test(name) || (template && !SAFE_NAME.test(template)))
    throw new Error(`Unsafe database name ${name}`);
  return onMaintenanceConnection(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });
}

export function dropDatabases(serverUrl: string, namePrefix: string): Promise<string[]> {
  if (!SAFE_NAME.test(namePrefix)) throw new Error(`Unsafe database prefix ${namePrefix}`);
  return onMaintenanceConnection(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 || '%' ORDER BY datname`,
      [namePrefix],
    );
    for (const { datname } of rows)
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    return rows.map((row) => row.datname);
  });
}
