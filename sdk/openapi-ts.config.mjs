// @ts-check
// Generates the SDK from the committed contract: `npm run sdk` (and `npm run sdk:check` in CI).
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  // SDK_INPUT: generate from another rendering (e.g. scripts/openapi-preview.sh) while developing.
  input: process.env.SDK_INPUT ?? 'openapi.yaml',
  output: {
    path: process.env.SDK_OUTPUT ?? 'sdk/src/generated',
    // Relative imports end in `.js`, so the compiled package runs as ESM in plain Node. Without
    // this the generator guesses from whichever tsconfig it finds (today the root's nodenext).
    module: { extension: '.js' },
  },
  plugins: [
    '@hey-api/client-fetch',
    { name: '@hey-api/typescript', enums: 'javascript' },
    { name: '@hey-api/sdk', auth: true },
  ],
});
