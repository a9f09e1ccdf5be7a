import { defineConfig } from 'vitest/config';

/** Unit + integration tests run in Node against real redis-servers; Playwright owns test/e2e*. */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'test/e2e/**', 'test/e2e-electron/**'],
    environment: 'node',
    // Bounds for a hang, sized for a loaded 2-core machine; no test measures time with them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Compile electron/ once per run (2–3 s) so files that spawn the built CLI don't race to build it.
    globalSetup: ['test/helpers/build-node.ts'],
  },
});
