import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The browser apps (packages/widget, packages/web) are Preact with the automatic JSX runtime.
const oxc = { jsx: { runtime: 'automatic', importSource: 'preact' } } as const;
const common = { pool: 'forks', testTimeout: 30_000, hookTimeout: 60_000 } as const;
const serverSuites = 'packages/server/test/**/*.test.{ts,tsx}';
const consoleSuites = 'packages/console/{src,test}/**/*.test.{ts,tsx}';

export default defineConfig({
  oxc,
  test: {
    // Vitest's default is one worker fewer than the cores: a single worker on a two-core machine.
    // Two workers there measured as fast as three or four, with less contention.
    maxWorkers: Math.max(2, availableParallelism()),
    // Run once for the whole run (the projects below don't repeat them): build the browser apps
    // (browser tests and the widget size budget need them), and migrate the database that every
    // test database is copied from.
    globalSetup: ['packages/server/test/global-setup.ts', 'packages/server/test/setup/migrated-databases.ts'],
    // Projects run in name order: the apps' browser suites, the longest files, start first.
    projects: [
      {
        oxc,
        test: {
          name: 'apps-and-units',
          include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}'],
          exclude: [serverSuites, consoleSuites, '**/node_modules/**'],
          ...common,
        },
      },
      {
        // The admin console is React, not Preact.
        oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
        test: {
          name: 'console',
          include: [consoleSuites],
          exclude: ['**/node_modules/**'],
          ...common,
          // The browser suites poll the page after server round trips; on a loaded two-core CI
          // machine a publish or a reload takes more than expect.poll's default second.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        oxc,
        test: {
          name: 'server',
          include: [serverSuites],
          ...common,
          // These suites reach the server through the harness (each file starts and closes its own
          // servers and databases) and mock no modules, so a worker keeps the server's modules (about
          // 3 s of imports) and a warmed-up PGlite from one file to the next instead of starting
          // afresh for each of the ~80 files. A suite that needs vi.mock belongs in the isolated
          // project above (as src/**/*.test.ts do).
          isolate: false,
        },
      },
    ],
  },
});
