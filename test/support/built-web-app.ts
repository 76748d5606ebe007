import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { currentTestRun } from './test-database';

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'cms-test-build');
const run = promisify(execFile);

/**
 * The web app built as `npm run build` does (vite build), once per test run into a private
 * folder next to the private service build. Returns the folder to pass as WEB_APP_DIR.
 */
export async function builtWebApp(): Promise<string> {
  const dir = join(CACHE, `${currentTestRun().runId}-web`);
  const out = join(dir, 'dist');
  mkdirSync(CACHE, { recursive: true });
  let builder = false;
  try {
    mkdirSync(dir);
    builder = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (builder) {
    try {
      await run('npx', ['vite', 'build', '--logLevel', 'warn'], {
        cwd: join(ROOT, 'web'),
        env: { ...process.env, WEB_OUT_DIR: out },
      });
      writeFileSync(join(dir, 'done'), '');
    } catch (error) {
      writeFileSync(join(dir, 'failed'), (error as Error).message);
      throw error;
    }
  } else {
    const deadline = Date.now() + 240_000;
    while (!existsSync(join(dir, 'done'))) {
      if (existsSync(join(dir, 'failed'))) throw new Error(`The web app build in ${dir} failed`);
      if (Date.now() > deadline) throw new Error(`The web app build in ${dir} did not finish`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return out;
}
