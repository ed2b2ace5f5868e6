import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests. The `web` project drives the real renderer in Chromium (Debian's, where
 * installed) against the loopback HTTP host with a temporary database per test. The `electron`
 * project runs the desktop app where an Electron binary exists and reports skipped elsewhere.
 */
const chromium = process.env.AWB_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./e2e/reporters/skipReasons.ts'], ...(process.env.CI ? [] : [['html', { open: 'never' }] as const])],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testIgnore: /electron\//,
      use: {
        browserName: 'chromium',
        viewport: { width: 1400, height: 900 },
        launchOptions: {
          ...(chromium ? { executablePath: chromium } : {}),
          // The machine has no network beyond registries: keep Chromium from phoning home.
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts/ },
  ],
});
