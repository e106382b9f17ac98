import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The browser apps (packages/widget, packages/web) are Preact with the automatic JSX runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Builds the browser apps once per run (browser tests and the widget size budget need them).
    globalSetup: ['packages/server/test/global-setup.ts'],
  },
});
