// Fails when openapi.yaml breaks clients of the previous commit's contract (removed path,
// operation or response field; newly required request field, parameter or body), unless a
// commit message in the range says `BREAKING CHANGE`. No previous contract: passes.
// usage: node scripts/check-breaking-changes.mjs [BASE_REVISION]   (default HEAD~1)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const base = process.argv[2] ?? 'HEAD~1';
const git = (...args) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** The comparison lives in src/openapi/breaking-changes.ts (unit-tested): load it without a build. */
function loadFindBreakingChanges() {
  const source = readFileSync(join(root, 'src', 'openapi', 'breaking-changes.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputText)(
    module,
    module.exports,
    createRequire(import.meta.url),
  );
  return module.exports.findBreakingChanges;
}

let previous;
try {
  previous = git('show', `${base}:openapi.yaml`);
} catch {
  console.log(`No openapi.yaml at ${base}: nothing to compare with.`);
  process.exit(0);
}

const changes = loadFindBreakingChanges()(
  parse(previous),
  parse(readFileSync(join(root, 'openapi.yaml'), 'utf8')),
);
if (changes.length === 0) {
  console.log(`openapi.yaml has no breaking change since ${base}.`);
  process.exit(0);
}
const list = changes.map((change) => `  - ${change}`).join('\n');
if (git('log', '--format=%B', `${base}..HEAD`).includes('BREAKING CHANGE')) {
  console.log(`Breaking changes since ${base}, announced by a BREAKING CHANGE commit:\n${list}`);
  process.exit(0);
}
console.error(
  `openapi.yaml breaks clients of ${base}'s contract:\n${list}\n` +
    'Keep the contract compatible, or say `BREAKING CHANGE: <what and why>` in the commit message.',
);
process.exit(1);
