import 'reflect-metadata';
import { ConfigError, loadAppConfig, loadDotEnvFile } from './config/app-config';
import { createApp } from './app-factory';
import { ApiKeysService } from './auth/api-keys.service';
import { UsersService } from './users/users.service';

async function main(): Promise<void> {
  loadDotEnvFile();
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }

  const app = await createApp(config);
  const firstAdminKey = await app.get(ApiKeysService).ensureInitialAdminKey();
  const setupLink = await app.get(UsersService).ensureFirstAdmin();
  await app.listen({ port: config.port, host: config.host });

  // Shutdown, in order (app.close): stop accepting connections and finish in-flight requests
  // (HttpDrain), stop the job workers (JobQueue), close the database (and PGlite and its lock).
  // Each step has its share of SHUTDOWN_TIMEOUT_MS; a stuck one must not keep a terminating
  // instance alive forever. A second signal kills at once.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      setTimeout(() => {
        console.error(
          `Shutdown took longer than SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms)`,
        );
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('Shutdown failed:', error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
    });
  }

  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  const database = config.databaseUrl
    ? 'PostgreSQL server (DATABASE_URL)'
    : `embedded PostgreSQL in ${config.dataDir}`;
  const lines = [
    '',
    `Shop customers service listening on ${base} (${database})`,
    `  Swagger UI:  ${base}/docs    OpenAPI: ${base}/docs-json    Health: ${base}/health/ready`,
    '  API keys:    npm run apikey -- create --name NAME --role admin|manager|viewer',
    '               (or POST /api/v1/api-keys with an admin key)',
  ];
  if (firstAdminKey) {
    lines.push(
      '',
      '  No API key existed, so an admin key was created. It is shown only this once:',
      `      ${firstAdminKey}`,
      '  Use it as "Authorization: Bearer <key>" (Swagger UI: the Authorize button).',
    );
  }
  if (setupLink) {
    lines.push(
      '',
      '  No one can sign in yet (every start prints a new link until someone does):',
      `  Open ${base}/setup?token=${setupLink.token} to create the first admin (valid 24 h).`,
    );
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
