// Fails when openapi.yaml breaks clients of the base revision's contract (see
// src/openapi/breaking-changes.ts for what counts), unless a commit in base..HEAD announces it the
// Conventional Commits way (`BREAKING CHANGE: ` footer or `type!:` subject).
// Base: OPENAPI_BASE_REF (e.g. the merge base of a pull request), else HEAD~1.
// Passes without comparing only when there is provably nothing to compare with: HEAD is the root
// commit, or the base exists and has no openapi.yaml. A shallow clone is deepened by one commit;
// any other git failure fails the check with git's own message.
// usage: OPENAPI_BASE_REF=<rev> node scripts/check-breaking-changes.mjs
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const explicitBase = process.env.OPENAPI_BASE_REF?.trim() || undefined;
const base = explicitBase ?? 'HEAD~1';

class GitError extends Error {}

/** Runs git; returns stdout, or throws with git's stderr unless `allowFailure`. */
function git(args, { allowFailure = false } = {}) {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (result.error) throw new GitError(`git ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    if (allowFailure) return undefined;
    throw new GitError(
      `git ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

const resolves = (revision) =>
  git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], { allowFailure: true }) !==
  undefined;

/** The comparison lives in src/openapi/breaking-changes.ts (unit-tested): load it without a build. */
function loadContractRules() {
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
  return module.exports;
}

/**
 * Makes sure `base` names a commit here, deepening a shallow clone once if needed; false when
 * HEAD is the root commit (no previous contract).
 */
function ensureBaseAvailable() {
  if (resolves(base)) return true;
  const shallow = git(['rev-parse', '--is-shallow-repository']).trim() === 'true';
  if (!explicitBase && !shallow) {
    // A full history where HEAD~1 does not resolve: HEAD is the root commit.
    const parents = git(['rev-list', '--parents', '-n', '1', 'HEAD']).trim().split(' ');
    if (parents.length === 1) return false;
  }
  if (shallow) {
    console.log(`${base} is not in this shallow clone: git fetch --deepen=1`);
    git(['fetch', '--deepen=1']);
    if (resolves(base)) return true;
  }
  throw new GitError(
    `Cannot resolve ${base} to a commit${shallow ? ' even after deepening the shallow clone' : ''}.` +
      (explicitBase
        ? ' Fetch it (e.g. `git fetch origin <branch>`) or unset OPENAPI_BASE_REF.'
        : ' Clone with full history (e.g. `fetch-depth: 0`) or set OPENAPI_BASE_REF.'),
  );
}

function main() {
  if (!ensureBaseAvailable()) {
    console.log('HEAD is the root commit: no previous contract to compare with.');
    return 0;
  }
  const listed = git(['ls-tree', '--name-only', base, '--', 'openapi.yaml']).trim();
  if (listed === '') {
    console.log(`${base} has no openapi.yaml: nothing to compare with.`);
    return 0;
  }
  const previous = git(['show', `${base}:openapi.yaml`]);
  const { findBreakingChanges, announcesBreakingChange } = loadContractRules();
  const changes = findBreakingChanges(
    parse(previous),
    parse(readFileSync(join(root, 'openapi.yaml'), 'utf8')),
  );
  if (changes.length === 0) {
    console.log(`openapi.yaml has no breaking change since ${base}.`);
    return 0;
  }
  const list = changes.map((change) => `  - ${change}`).join('\n');
  const messages = git(['log', '--format=%B%x00', `${base}..HEAD`])
    .split('\0')
    .map((message) => message.trim())
    .filter(Boolean);
  if (messages.some(announcesBreakingChange)) {
    console.log(`Breaking changes since ${base}, announced by a commit:\n${list}`);
    return 0;
  }
  console.error(
    `openapi.yaml breaks clients of ${base}'s contract:\n${list}\n` +
      'Keep the contract compatible, or announce it in the commit message: a `BREAKING CHANGE: ' +
      '<what and why>` footer line, or `type!:` in the subject (Conventional Commits).',
  );
  return 1;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof GitError)) throw error;
  console.error(`Breaking-change guard cannot compare the contract:\n${error.message}`);
  process.exitCode = 1;
}
