import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createDatabase, withDatabase } from '../src/database/server-databases';
import { BUILD_TIMEOUT_MS, builtService } from './support/built-service';
import { currentTestRun } from './support/test-database';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('npm run apikey (the API key CLI as a process)', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cms-apikey-cli-'));
  let env: Record<string, string>;
  let databaseUrl: string | undefined;
  let cliPath: string;

  beforeAll(async () => {
    cliPath = join(await builtService(), 'auth', 'api-key-cli.js');
    const run = currentTestRun();
    if (run.mode === 'server') {
      const name = `${run.runId}_${randomBytes(5).toString('hex')}`;
      await createDatabase(run.serverUrl, name, run.template);
      databaseUrl = withDatabase(run.serverUrl, name);
      env = { DATABASE_URL: databaseUrl };
    } else {
      env = { DATA_DIR: join(workDir, 'data') };
    }
  }, BUILD_TIMEOUT_MS);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  function cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [cliPath, ...args],
        // Its own folder: no .env of the developer's is read.
        { cwd: workDir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  it('creates, lists and revokes keys', async () => {
    const created = await cli('create', '--name', ' ci-bot ', '--role', 'manager');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const match = /Created manager key "ci-bot" \(id ([0-9a-f-]{36})\)[^]*\n {2}(csk_\S+)\n/.exec(
      created.stdout,
    );
    expect(match).not.toBeNull();
    const [, id, plainKey] = match!;
    expect(plainKey).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${id}  manager  ${plainKey.slice(0, 12)}…  ci-bot  (active)`);
    expect(listed.stdout).not.toContain(plainKey);

    const revoked = await cli('revoke', '--id', id.toUpperCase());
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked key "ci-bot" (id ${id}).\n` });
    const after = await cli('list');
    expect(after.stdout).toMatch(new RegExp(`${id} .* ci-bot {2}\\(revoked \\d{4}-`));
  });

  it('refuses bad input with a clear message before touching the database', async () => {
    const role = await cli('create', '--name', 'x', '--role', 'owner');
    expect(role.code).toBe(2);
    expect(role.stderr).toContain(
      '--role must be one of the following values: admin, manager, viewer',
    );
    const long = await cli('create', '--name', 'n'.repeat(101), '--role', 'viewer');
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('--name must be shorter than or equal to 100 characters');
    const blank = await cli('create', '--name', '   ', '--role', 'viewer');
    expect(blank.code).toBe(2);
    expect(blank.stderr).toContain('--name should not be empty');
    const id = await cli('revoke', '--id', 'not-a-uuid');
    expect(id.code).toBe(2);
    expect(id.stderr).toContain('--id must be a UUID (got "not-a-uuid")');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain('usage:');
  });

  it('reports a refused operation by its problem code, not a raw database error', async () => {
    const missing = await cli('revoke', '--id', '7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'api_key_not_found: No API key with id 7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001.\n',
    );
    expect((await cli('create', '--name', 'twice', '--role', 'viewer')).code).toBe(0);
    const taken = await cli('create', '--name', 'TWICE', '--role', 'viewer');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe('api_key_name_taken: An API key with this name already exists.\n');
  });

  it('never starts the job queue (no pg-boss schema appears)', async () => {
    if (!databaseUrl) {
      // Embedded: the schema check needs a second connection; the folder lock was released.
      expect((await cli('list')).code).toBe(0);
      return;
    }
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'pgboss'`,
      );
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });
});
