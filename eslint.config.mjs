// @ts-check
import { readdirSync } from 'node:fs';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Import boundaries: a module's repository and entity files (`src/<folder>/*.repository.ts`,
 * `*.entity.ts`) are reached from another folder only where its module exports them, or where
 * listed below with the reason. Everything else goes through the module's exported services.
 */
const MODULE_EXPORTS = {
  // CustomersModule exports both repositories (customers.module.ts `exports`).
  'customers/customers.repository': 'exported by CustomersModule',
  'customers/customers-bulk.repository': 'exported by CustomersModule',
};
/** Per importing folder: the other folders' internals it may reach, and why. */
const BOUNDARY_EXCEPTIONS = {
  users: {
    'sessions/sessions.repository': 'sessions/ has no module: UsersModule provides its classes',
  },
  sessions: {
    'users/users.repository': 'sessions/ has no module: UsersModule provides its classes',
    'users/user.entity': "Session's TypeORM relation to User",
  },
  'work-orders': {
    'customers/customer.entity': "WorkOrder's TypeORM relation to Customer",
  },
  customers: {
    'work-orders/work-order.entity':
      "the customer detail reads its recent orders in the detail's one query and hydrates them",
    'audit/audit-entry.entity':
      "the customer detail reads its recent activity in the detail's one query and hydrates it",
    'audit/audit.repository':
      "NewAuditEntry: a customer's writes insert their audit row in the same statement",
  },
  imports: {
    'customers/customer.entity': 'the CSV export writes the rows CustomersRepository reads',
  },
};
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** no-restricted-imports for the files of one src/ folder. */
function importBoundary(folder) {
  const allowed = [
    folder,
    ...Object.keys(MODULE_EXPORTS),
    ...Object.keys(BOUNDARY_EXCEPTIONS[folder] ?? {}),
  ];
  // Up one or more levels, then into a folder that is neither this one nor an allowed target.
  const allowedTarget = allowed.map((target) => `${escape(target)}(?:$|/)`).join('|');
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?:\\.\\./)+(?!(?:${allowedTarget}))[a-z0-9-]+/(?:[^/]+/)*[^/]+\\.(?:repository|entity)$`,
              message:
                "Another module's repository or entity: use what its module exports, or add a reasoned exception in eslint.config.mjs (BOUNDARY_EXCEPTIONS).",
            },
          ],
        },
      ],
    },
  };
}
const SRC_FOLDERS = readdirSync(new URL('./src', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'sdk/src/generated/**',
      'coverage/**',
      'data/**',
      'web/dist/**',
      'sdk/dist/**',
      'test-results/**',
      '*.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  ...SRC_FOLDERS.map(importBoundary),
  {
    // Plain Node scripts (benchmarks, CI checks) and the SDK's config: linted without type info.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, program: null },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        performance: 'readonly',
      },
    },
  },
);
