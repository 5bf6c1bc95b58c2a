/**
 * Browser-test harness: serves a built page (dist/<Page>.html) on 127.0.0.1 with `google.script.run`
 * bridged to an emulator running dist/Code.js, and launches Chromium (chosen by browser.ts) through playwright-core.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, Browser } from 'playwright-core';
import type { Emulator } from '../../emulator/api';
import { handleRunRequest, injectBridge } from '../../emulator/browserBridge';
import { launchOptions, resolveBrowser } from './browser';

export const ROOT = join(__dirname, '..', '..');

export interface ServedPage {
  url: string;
  close(): Promise<void>;
}

/** Serves `html` (or dist/<page>.html) at / with the bridge; POST /run calls the emulator. */
export async function servePage(emulator: Emulator, page: string, html?: string): Promise<ServedPage> {
  const source = html ?? readFileSync(join(ROOT, 'dist', `${page}.html`), 'utf8');
  const served = injectBridge(source, '/run', emulator.functionNames);
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/run') {
      void handleRunRequest(emulator, req, res);
      return;
    }
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(served);
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Launches the browser that browser.ts chose (CHROMIUM_PATH, a system Chromium, or the packaged one). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(launchOptions(resolveBrowser()));
}
