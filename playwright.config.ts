import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './e2e/fixtures/chromium';
import { electronSkipReason } from './e2e/fixtures/electronNative';

// Say in the run's output why the Electron specs are skipped, not only in the report.
const electronSkip = electronSkipReason();
if (electronSkip && !process.env.TEST_WORKER_INDEX) console.log(`Electron specs will be skipped: ${electronSkip}`);

/**
 * Web specs run in Debian's Chromium against web mode; Electron specs run
 * where an Electron binary is installed and report a skip otherwise.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
