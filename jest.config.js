// Unit tests sit next to the code (src/**/*.spec.ts); service + repository tests on a real
// PostgreSQL in test/medium/; HTTP + real PostgreSQL tests in test/.
// NestJS 12 and a few of its dependencies are ESM-only packages. Node 24.9+ lets Jest require()
// them natively; on Node 20.19 Jest's own loader cannot, so @swc/jest compiles those packages to
// CommonJS (the exception in transformIgnorePatterns), as the app's own CommonJS build loads them.
const ESM_PACKAGES = ['@nestjs', 'cookie', 'path-to-regexp'];
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  '^.+\\.m?js$': [
    '@swc/jest',
    {
      swcrc: false,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022', keepClassNames: true },
      module: { type: 'commonjs', ignoreDynamic: true },
    },
  ],
};
// Judged by the innermost node_modules folder, so nested copies (a dependency's own
// path-to-regexp) are compiled too.
const transformIgnorePatterns = [
  `/node_modules/(?!.*/node_modules/)(?!(${ESM_PACKAGES.join('|')})/)`,
];
// The SDK (sdk/src) is written for ESM resolution (`./generated/index.js`): map to the .ts source.
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      // Services and repositories on a real PostgreSQL, no HTTP (test/support/medium-module.ts).
      displayName: 'medium',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
    {
      // The web app in Debian's Chromium against the built service (test/support/browser.ts).
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
