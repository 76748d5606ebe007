import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { currentTestRun } from './test-database';

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'cms-test-build');
const run = promisify(execFile);

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
  writeFileSync(join(dir, 'done'), '');
}

/**
 * The service compiled as `npm run build` does, for the suites that start it as a process
 * (node dist/main.js, the API key CLI). Built once per test run into a private folder: the
 * shared dist/ may be rebuilt by someone else at any moment. Returns the dist folder.
 */
export async function builtService(): Promise<string> {
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
    await build(dir);
  } else {
    // Another test file of this run is building it.
    const deadline = Date.now() + 240_000;
    while (!existsSync(join(dir, 'done'))) {
      if (Date.now() > deadline) throw new Error(`The service build in ${dir} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return join(dir, 'dist');
}
