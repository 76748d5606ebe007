// Fails when the committed SDK (sdk/src/generated) is not what openapi.yaml generates, or when
// the SDK does not type-check. `npm run sdk:check`; fix with `npm run sdk` and commit sdk/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const committed = join(root, 'sdk', 'src', 'generated');
const bin = (name) => join(root, 'node_modules', '.bin', name);

function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
}

const fresh = mkdtempSync(join(tmpdir(), 'sdk-check-'));
try {
  run(bin('openapi-ts'), ['-f', 'sdk/openapi-ts.config.mjs', '--silent', '--no-log-file'], {
    SDK_OUTPUT: fresh,
  });
  const names = new Set([
    ...filesUnder(committed).map((f) => relative(committed, f)),
    ...filesUnder(fresh).map((f) => relative(fresh, f)),
  ]);
  const stale = [...names].sort().filter((name) => {
    const read = (dir) => {
      try {
        return readFileSync(join(dir, name), 'utf8');
      } catch {
        return undefined;
      }
    };
    return read(committed) !== read(fresh);
  });
  if (stale.length > 0) {
    console.error(
      `sdk/ is stale: these generated files differ from what openapi.yaml generates:\n${stale
        .map((name) => `  sdk/src/generated/${name}`)
        .join('\n')}\nRun \`npm run sdk\` and commit sdk/.`,
    );
    process.exit(1);
  }
  run(bin('tsc'), ['--noEmit', '-p', 'sdk/tsconfig.json']);
  console.log('sdk/ is up to date with openapi.yaml and type-checks.');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
