/**
 * Resolves the browser for the e2e tests once per run, before any test starts (unpacking the packaged
 * Chromium on its first use on this machine), prints which one it is, and hands it to the test
 * processes through the environment.
 */
import { BROWSER_ENV, resolveBrowser } from './browser';

export default function globalSetup(): void {
  const browser = resolveBrowser({ fresh: true });
  process.env[BROWSER_ENV] = JSON.stringify(browser);
  process.stdout.write(`\nBrowser for e2e tests: ${browser.label}\n`);
}
