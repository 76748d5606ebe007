import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { isUUID, validateSync } from 'class-validator';
import { parseArgs } from 'node:util';
import { runCli } from '../cli/run-cli';
import { loadAppConfig, loadDotEnvFile } from '../config/app-config';
import { fieldsWithNul, flattenValidationErrors } from '../problem/validation-pipe';
import { RequestContext } from '../request-context/request-context';
import { ApiKeyCliModule } from './api-key-cli.module';
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const USAGE = `usage:
  npm run apikey -- create --name NAME --role admin|manager|viewer
  npm run apikey -- list
  npm run apikey -- revoke --id KEY_ID`;

class UsageError extends Error {}

type Command =
  { kind: 'create'; input: CreateApiKeyDto } | { kind: 'list' } | { kind: 'revoke'; id: string };

/** The command line, checked by the same rules as the API (CreateApiKeyDto) before any I/O. */
function parseCommand(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'create') {
    const input = plainToInstance(CreateApiKeyDto, { name: values.name, role: values.role });
    const problems = [
      ...fieldsWithNul(input).map((field) => `${field} must not contain a NUL character`),
      ...flattenValidationErrors(validateSync(input, { forbidUnknownValues: true })).map(
        (error) => error.message,
      ),
    ];
    if (problems.length > 0) throw new UsageError(`--${problems.join('; --')}`);
    return { kind: 'create', input };
  }
  if (command === 'list') return { kind: 'list' };
  if (command === 'revoke') {
    if (!values.id) throw new UsageError('revoke needs --id KEY_ID');
    if (!isUUID(values.id, 'all')) throw new UsageError(`--id must be a UUID (got "${values.id}")`);
    return { kind: 'revoke', id: values.id.toLowerCase() };
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed');
}

/** Manages API keys on the configured database (DATABASE_URL, else the embedded one in DATA_DIR). */
async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }

  loadDotEnvFile();
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.createApplicationContext(ApiKeyCliModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    const apiKeys = app.get(ApiKeysService);
    const cli = { keyId: null, name: 'cli', role: 'admin' as const };
    await app.get(RequestContext).runAs(cli, async () => {
      if (command.kind === 'create') {
        const { apiKey, plainKey } = await apiKeys.create(command.input.name, command.input.role);
        console.log(
          `Created ${apiKey.role} key "${apiKey.name}" (id ${apiKey.id}). It is shown only this once:\n\n  ${plainKey}\n`,
        );
      } else if (command.kind === 'list') {
        for (const key of await apiKeys.list()) {
          const state = key.revokedAt ? `revoked ${key.revokedAt.toISOString()}` : 'active';
          console.log(
            `${key.id}  ${key.role.padEnd(7)}  ${key.keyPrefix}…  ${key.name}  (${state})`,
          );
        }
      } else {
        const key = await apiKeys.revoke(command.id);
        console.log(`Revoked key "${key.name}" (id ${key.id}).`);
      }
    });
    return 0;
  } finally {
    await app.close();
  }
}

runCli(main);
