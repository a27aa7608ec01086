import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that start the real CLI or a real browser take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The summary reporter ends the run with a plain "N passed, N failed" line for CI logs.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
