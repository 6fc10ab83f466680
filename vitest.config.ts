import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Finds the PostgreSQL server for the PostgreSQL suites once, and says so when there is none.
    // Compiles the bot once for the tests that start it as `npm start` does (test/e2e/processes.ts).
    globalSetup: ['test/support/postgresSetup.ts', 'test/support/buildBot.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'var/test-results.json' }]],
  },
});
