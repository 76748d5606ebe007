import react from '@vitejs/plugin-react';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// The workspace SDK is imported as TypeScript source (its `@shop/source` export condition; also in
// tsconfig.json's customConditions), so the app needs no SDK build and edits to it hot-reload.
const sdkSource = '@shop/source';

// `npm run dev:web`: hot reload on 5174, /api proxied to a running service (WEB_API_TARGET).
const apiTarget = process.env.WEB_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: [sdkSource, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sdkSource, ...defaultServerConditions] } },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    // The CSP allows no inline script: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2022',
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5174),
    strictPort: true,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
  },
});
