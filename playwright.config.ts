import os from 'node:os';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium; Playwright never downloads a browser here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  // Builds out/ (CLI + serve) and out/renderer once before any spec.
  globalSetup: './test/e2e/global-setup.ts',
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/playwright',
  // Each spec runs a Chromium, a serve process, a redis-server and a workload: one worker per two
  // cores keeps them from starving each other (and the other runners) on a busy machine.
  workers: Math.max(1, Math.floor(os.availableParallelism() / 2)),
  // No retries: a flake is a bug to fix, not to hide. The timeouts are sized for a loaded 2-core
  // machine; they bound a hang, they are not what a test measures.
  retries: 0,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'serve',
      testDir: 'test/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
      },
    },
    {
      // Skips itself, saying why, when ELECTRON_PATH is not set.
      name: 'electron',
      testDir: 'test/e2e-electron',
    },
  ],
});
