import { defineConfig } from 'vitest/config';

/**
 * Tests by cost (the spirit of Starlight's __tests__/, __e2e__/):
 * - `fast`: core, schemas, real flows, CLI: no Chromium, no site build, seconds;
 * - `e2e`: diagrams in Chromium, the built site, the PDFs, the build itself. Its global setup
 *   builds the site once (into .cache/test-site), and only when an e2e file is selected.
 * `npm test` runs both; `npx vitest run --project fast` the cheap half.
 */
const FAST = ['test/unit/**/*.test.ts', 'test/schema/**/*.test.ts', 'test/flows/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/editor/**/*.test.ts'];
const E2E = ['test/render/**/*.test.ts', 'test/site/**/*.test.ts', 'test/pdf/**/*.test.ts', 'test/build/**/*.test.ts', 'test/package/**/*.test.ts'];

export default defineConfig({
  test: {
    // The summary reporter ends the run with a plain "N passed, N failed" line for CI logs.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    projects: [
      // Temporary folders in one folder per run, removed at its end (test/helpers/temporary.ts).
      { test: { name: 'fast', include: FAST, globalSetup: ['./test/helpers/temporary.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'e2e',
          include: E2E,
          globalSetup: ['./test/helpers/temporary.ts', './test/helpers/build-site.ts'],
          // Tests that start the real CLI or a real browser take seconds, not milliseconds.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
