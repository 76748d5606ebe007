import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { currentTestRun } from './test-database';

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'cms-test-build');
const run = promisify(execFile);

/** For the beforeAll that calls builtService() first. */
export const BUILD_TIMEOUT_MS = 240_000;

async function build(dir: string): Promise<void> {
  const relative = `node_modules/.cache/cms-test-build/${currentTestRun().runId}`;
  const up = '../../../..';
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: `${up}/tsconfig.build.json`,
      compilerOptions: { outDir: './dist', rootDir: `${up}/src`, tsBuildInfoFile: './tsbuildinfo' },
      include: [`${up}/src/**/*.ts`],
      exclude: [`${up}/src/**/*.spec.ts`],
    }),
  );
  // nest build (not bare tsc): the swagger CLI plugin is part of what runs in production.
  await run('npx', ['nest', 'build', '-p', `${relative}/tsconfig.json`], { cwd: ROOT });
  await run(
    'npx',
    ['tsc', '-p', 'tsconfig.migrations.json', '--outDir', `${relative}/dist/migrations`],
    {
      cwd: ROOT,
    },
  );
  // Read at start-up from beside dist/, as in the repository.
  copyFileSync(join(ROOT, 'openapi.yaml'), join(dir, 'openapi.yaml'));
  writeFileSync(join(dir, 'done'), '');
}

/**
 * The service compiled as `npm run build` does, for the suites that start it as a process
 * (node dist/main.js, the API key CLI). Built once per test run into a private folder: the
 * shared dist/ may be rebuilt by someone else at any moment. Returns the dist folder.
 */
export async function builtService(): Promise<string> {
  // Call it from a beforeAll with BUILD_TIMEOUT_MS: the first call builds (about 30 s).
  const dir = join(CACHE, currentTestRun().runId);
  mkdirSync(CACHE, { recursive: true });
  let builder = false;
  try {
    mkdirSync(dir);
    builder = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (builder) {
    // Builds of earlier runs (an hour old) are left-overs.
    for (const old of readdirSync(CACHE)) {
      const path = join(CACHE, old);
      if (old !== currentTestRun().runId && Date.now() - statSync(path).mtimeMs > 3_600_000)
        rmSync(path, { recursive: true, force: true });
    }
    try {
      await build(dir);
    } catch (error) {
      writeFileSync(join(dir, 'failed'), (error as Error).message);
      throw error;
    }
  } else {
    // Another test file of this run is building it.
    const deadline = Date.now() + 240_000;
    while (!existsSync(join(dir, 'done'))) {
      if (existsSync(join(dir, 'failed'))) throw new Error(`The service build in ${dir} failed`);
      if (Date.now() > deadline) throw new Error(`The service build in ${dir} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return join(dir, 'dist');
}

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves once standard output contains `text`, or after `timeoutMs` (the service writes its
   * log in batches, at least every 250 ms): the caller then asserts on what was written.
   */
  untilStdoutContains(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A free local TCP port (for a child process that must be told its port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `node dist/main.js` (the private build) with only the given environment, from an empty
 * working folder (no developer's .env is read). Resolves once it prints that it listens.
 */
export async function startServiceProcess(
  env: Record<string, string>,
  cwd: string,
): Promise<ServiceProcess> {
  const dist = await builtService();
  const port = await freePort();
  const child = spawn(process.execPath, [join(dist, 'main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const listening = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (out.includes('listening on')) resolve();
    };
    child.stdout?.on('data', check);
    void exited.then(({ code }) =>
      reject(new Error(`the service exited (${code}) before listening:\n${err}${out}`)),
    );
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 90_000);
  try {
    await listening;
  } finally {
    clearTimeout(timeout);
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    untilStdoutContains: async (text, timeoutMs = 5_000) => {
      for (const start = Date.now(); !out.includes(text) && Date.now() - start < timeoutMs;) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
  };
}

/** Runs `node dist/main.js` to its end (for start-ups that must fail). */
export async function runServiceProcess(
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dist = await builtService();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(dist, 'main.js')],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
