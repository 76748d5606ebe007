import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { ConfigError, loadAppConfig, loadDotEnvFile } from '../config/app-config';
import { RequestContext } from '../request-context/request-context';
import { API_KEY_ROLES } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';

const USAGE = `usage:
  npm run apikey -- create --name NAME --role admin|manager|viewer
  npm run apikey -- list
  npm run apikey -- revoke --id KEY_ID`;

/** Manages API keys on the configured database (DATABASE_URL, else the embedded one in DATA_DIR). */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' } },
  });
  const command = positionals[0];
  if (command === 'create' && (!values.name || !API_KEY_ROLES.includes(values.role as never))) {
    console.error(`create needs --name and --role (one of ${API_KEY_ROLES.join(', ')})\n${USAGE}`);
    return 2;
  }
  if (
    (command === 'revoke' && !values.id) ||
    !['create', 'list', 'revoke'].includes(command ?? '')
  ) {
    console.error(USAGE);
    return 2;
  }

  loadDotEnvFile();
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: false,
  });
  try {
    const apiKeys = app.get(ApiKeysService);
    const cli = { keyId: null, name: 'cli', role: 'admin' as const };
    await app.get(RequestContext).runAs(cli, async () => {
      if (command === 'create') {
        const { apiKey, plainKey } = await apiKeys.create(
          values.name!.trim(),
          values.role as never,
        );
        console.log(
          `Created ${apiKey.role} key "${apiKey.name}" (id ${apiKey.id}). It is shown only this once:\n\n  ${plainKey}\n`,
        );
      } else if (command === 'list') {
        for (const key of await apiKeys.list()) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          console.log(
            `${key.id}  ${key.role.padEnd(7)}  ${key.keyPrefix}…  ${key.name}  (${state})`,
          );
        }
      } else {
        const key = await apiKeys.revoke(values.id!);
        console.log(`Revoked key "${key.name}" (id ${key.id}).`);
      }
    });
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(message);
    process.exit(1);
  },
);
