// `npm test`: every suite, one command: Jest's unit, medium and e2e projects, the web app's Vitest
// tests, then the browser suite (the built service and web app in Debian's Chromium). The
// browser suite runs last and alone: it starts its own service processes and a browser, which
// on two cores would slow the e2e workers down to their timeouts if run beside them.
// With arguments (`npm test -- test/foo.e2e-spec.ts`) only Jest runs, with them, as before.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const jestArgs = ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning'];
const jest = (...jestOptions) =>
  spawnSync(process.execPath, [...jestArgs, 'node_modules/jest/bin/jest.js', ...jestOptions], {
    stdio: 'inherit',
  }).status ?? 1;

if (args.length > 0) process.exit(jest(...args));

const steps = [
  () => jest('--selectProjects', 'unit', 'medium', 'e2e'),
  () => spawnSync('npm', ['run', '-s', '-w', 'web', 'test'], { stdio: 'inherit' }).status ?? 1,
  () => jest('--selectProjects', 'browser'),
];
for (const step of steps) {
  const status = step();
  if (status !== 0) process.exit(status);
}
