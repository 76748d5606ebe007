// Fails when the committed SDK (sdk/src/generated) is not what openapi.yaml generates, when its
// version is not the contract's (scripts/sdk-version.mjs), when the SDK does not type-check, or
// when sdk/README.md's program is not sdk/examples/quickstart.ts (the example is type-checked, so
// the README cannot rot). `npm run sdk:check`; fix with `npm run sdk`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { versionMismatches } from './sdk-version.mjs';

const root = join(import.meta.dirname, '..');
const committed = join(root, 'sdk', 'src', 'generated');
const bin = (name) => join(root, 'node_modules', '.bin', name);

class CheckFailed extends Error {}

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
  if (result.error) throw new CheckFailed(`${command}: ${result.error.message}`);
  if (result.status !== 0) throw new CheckFailed(result.stdout + result.stderr);
}

function checkGenerated(fresh) {
  run(bin('openapi-ts'), ['-f', 'sdk/openapi-ts.config.mjs', '--silent', '--no-log-file'], {
    SDK_OUTPUT: fresh,
  });
  const names = new Set([
    ...filesUnder(committed).map((f) => relative(committed, f)),
    ...filesUnder(fresh).map((f) => relative(fresh, f)),
  ]);
  const read = (dir, name) => {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      return undefined;
    }
  };
  const stale = [...names].sort().filter((name) => read(committed, name) !== read(fresh, name));
  if (stale.length > 0) {
    throw new CheckFailed(
      `sdk/ is stale: these generated files differ from what openapi.yaml generates:\n${stale
        .map((name) => `  sdk/src/generated/${name}`)
        .join('\n')}\nRun \`npm run sdk\` and commit sdk/.`,
    );
  }
}

function checkVersion() {
  const mismatches = versionMismatches();
  if (mismatches.length > 0) {
    throw new CheckFailed(
      `The SDK's version must be the contract's:\n${mismatches
        .map((line) => `  ${line}`)
        .join('\n')}\nRun \`npm run sdk\` and commit.`,
    );
  }
}

/** The README's first ```ts block must be the example, with the package name as import path. */
function checkReadme() {
  const readme = readFileSync(join(root, 'sdk', 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const example = readFileSync(join(root, 'sdk', 'examples', 'quickstart.ts'), 'utf8').replaceAll(
    "'../src/index.js'",
    "'@shop/customers-sdk'",
  );
  if (block === undefined) throw new CheckFailed('sdk/README.md has no ```ts code block.');
  if (block !== example) {
    const readmeLines = block.split('\n');
    const exampleLines = example.split('\n');
    const at = readmeLines.findIndex((line, i) => line !== exampleLines[i]);
    const line = at === -1 ? Math.min(readmeLines.length, exampleLines.length) : at;
    throw new CheckFailed(
      `sdk/README.md's program differs from sdk/examples/quickstart.ts (import path aside) at line ${line + 1}:\n` +
        `  README:  ${readmeLines[line] ?? '(end)'}\n  example: ${exampleLines[line] ?? '(end)'}\n` +
        'Change both: the example is the one that is type-checked.',
    );
  }
}

const fresh = mkdtempSync(join(tmpdir(), 'sdk-check-'));
try {
  checkGenerated(fresh);
  checkVersion();
  checkReadme();
  run(bin('tsc'), ['--noEmit', '-p', 'sdk/tsconfig.json']);
  console.log(
    'sdk/ is up to date with openapi.yaml (code and version), type-checks, and its README runs the example.',
  );
} catch (error) {
  if (!(error instanceof CheckFailed)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
