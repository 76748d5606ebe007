import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseArgs } from 'node:util';
import { runCli } from '../cli/run-cli';
import { loadAppConfig, loadDotEnvFile } from '../config/app-config';
import { normaliseEmail } from '../customers/customer-rules';
import { flattenValidationErrors } from '../problem/validation-pipe';
import { RequestContext } from '../request-context/request-context';
import { CreateUserDto } from './dto/user.dto';
import { UserCliModule } from './user-cli.module';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const USAGE = `usage:
  npm run user -- create --email EMAIL --name NAME --role admin|manager|viewer
  npm run user -- list
  npm run user -- disable --email EMAIL
  npm run user -- reset --email EMAIL       (prints a one-time set-password link)
  options: --base-url URL  where the links point (default http://localhost:$PORT)`;

class UsageError extends Error {}

type Command =
  | { kind: 'create'; input: CreateUserDto }
  | { kind: 'list' }
  | { kind: 'disable' | 'reset'; email: string };

/** The command line, checked by the API's rules (CreateUserDto) before any I/O. */
function parseCommand(argv: string[]): { command: Command; baseUrl?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        'base-url': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positionals, values } = parsed;
  const [kind, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const baseUrl = values['base-url'];
  if (kind === 'create') {
    const input = plainToInstance(CreateUserDto, {
      email: values.email,
      name: values.name,
      role: values.role,
    });
    const problems = flattenValidationErrors(validateSync(input)).map((error) => error.message);
    if (problems.length > 0) throw new UsageError(`--${problems.join('; --')}`);
    return { command: { kind, input }, baseUrl };
  }
  if (kind === 'list') return { command: { kind }, baseUrl };
  if (kind === 'disable' || kind === 'reset') {
    if (!values.email) throw new UsageError(`${kind} needs --email EMAIL`);
    return { command: { kind, email: normaliseEmail(values.email) }, baseUrl };
  }
  throw new UsageError(kind ? `unknown command "${kind}"` : 'a command is needed');
}

/** Manages people on the configured database, as the API does (no passwords on the command line). */
async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommand>;
  try {
    parsed = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    return 2;
  }
  const { command } = parsed;
  loadDotEnvFile();
  const config = loadAppConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const baseUrl = (parsed.baseUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
  const app = await NestFactory.createApplicationContext(UserCliModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  const link = (token: string, expiresAt: Date) =>
    `${baseUrl}/set-password?token=${token}  (valid until ${expiresAt.toISOString()})`;
  try {
    const users = app.get(UsersService);
    const byEmail = async (email: string) => {
      const user = await app.get(UsersRepository).findByEmail(email);
      if (!user) throw new UsageError(`no user has the email ${email}`);
      return user;
    };
    const cli = { keyId: null, name: 'cli', role: 'admin' as const };
    await app.get(RequestContext).runAs(cli, async () => {
      if (command.kind === 'create') {
        const { user, link: created } = await users.create(command.input);
        console.log(`Created ${user.role} ${user.name} <${user.email}> (id ${user.id}).`);
        if (created)
          console.log(
            `Send them this one-time link to choose a password:\n  ${link(created.token, created.expiresAt)}`,
          );
      } else if (command.kind === 'list') {
        for (const user of (await users.list(100_000)).data) {
          const state = user.disabledAt ? `disabled ${user.disabledAt.toISOString()}` : 'active';
          console.log(
            `${user.id}  ${user.role.padEnd(7)}  ${user.email}  ${user.name}  (${state})`,
          );
        }
      } else if (command.kind === 'disable') {
        const user = await users.disable((await byEmail(command.email)).id);
        console.log(`Disabled ${user.email}; their sessions have ended.`);
      } else {
        const reset = await users.createPasswordLink((await byEmail(command.email)).id);
        console.log(
          `A one-time link for ${command.email} to set a new password:\n  ${link(reset.token, reset.expiresAt)}`,
        );
      }
    });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  } finally {
    await app.close();
  }
}

runCli(main);
