/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build lands in dist/app, which the Go package in this folder embeds
// (see client.go). `npm run dev` proxies the API to a server on :8080, its
// WebSocket (the live feed) included.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // GraphiQL and its editor are large; they load only on /playground.
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      onwarn(warning, warn) {
        // GraphiQL's packages carry React Compiler directives ("use no
        // memo") that a bundle cannot keep; they are harmless.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
  server: {
    proxy: { '/graphql': { target: 'http://localhost:8080', ws: true } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // A component test types and clicks through jsdom: under a loaded
    // machine (CI shares its cores) one can take several seconds, and the
    // default 5 s failed tests that were right. A hang still fails.
    testTimeout: 20_000,
  },
});
