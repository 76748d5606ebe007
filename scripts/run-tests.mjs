// `npm test`: Jest (unit, e2e, browser projects), then the web app's Vitest tests: one command.
// With arguments (`npm test -- test/foo.e2e-spec.ts`) only Jest runs, with them, as before.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const jest = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    ...args,
  ],
  { stdio: 'inherit' },
);
if (jest.status !== 0 || args.length > 0) process.exit(jest.status ?? 1);

const vitest = spawnSync('npm', ['run', '-s', '-w', 'web', 'test'], { stdio: 'inherit' });
process.exit(vitest.status ?? 1);
