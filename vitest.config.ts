import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds the site once (into .cache/test-site) for the tests that read or browse it.
    globalSetup: ['./test/helpers/build-site.ts'],
    // Tests that start the real CLI or a real browser take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The summary reporter ends the run with a plain "N passed, N failed" line for CI logs.
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
