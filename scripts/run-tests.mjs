// `npm test`: Jest (unit and e2e projects), then the web app's Vitest tests: one command.
// With arguments (`npm test -- test/foo.e2e-spec.ts`) only Jest runs, with them, as before.
// The browser suite (`npm run test:browser`) is not part of it yet: it does not pass (see
// issue 14's note), and a red suite in CI would block everything else from landing.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    ...(args.length > 0 ? args : ['--selectProjects', 'unit', 'e2e']),
  ],
  { stdio: 'inherit' },
);
if (jest.status !== 0 || args.length > 0) process.exit(jest.status ?? 1);

const vitest = spawnSync('npm', ['run', '-s', '-w', 'web', 'test'], { stdio: 'inherit' });
process.exit(vitest.status ?? 1);
