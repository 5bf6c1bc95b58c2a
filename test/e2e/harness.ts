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

/**
 * Characters the page shows (its text, and the values of its fields) that no font of the browser can draw: they
 * would show as an empty box or nothing. Each is drawn in the page's font on a canvas and compared with
 * characters that are never in a font (a private-use one, an unassigned one).
 */
export function missingGlyphs(page: { evaluate(script: string): Promise<unknown> }): Promise<string[]> {
  // A script as text: the test runner's transpiler may add helpers a page does not have.
  return page.evaluate(`(() => {
    const fields = [...document.querySelectorAll('input, textarea, select')].map((e) => e.value).join('');
    const chars = [...new Set([...(document.body.innerText + fields)])].filter((c) => c.trim() !== '');
    const canvas = document.createElement('canvas');
    canvas.width = 48;
    canvas.height = 48;
    const g = canvas.getContext('2d');
    const family = getComputedStyle(document.body).fontFamily;
    function draw(c) {
      g.clearRect(0, 0, 48, 48);
      g.font = '32px ' + family;
      g.fillText(c, 4, 36);
      return g.getImageData(0, 0, 48, 48).data.join(',');
    }
    const none = new Set([draw('\\uE000'), draw('\\u{10FFFD}'), draw('\\u0378')]);
    return chars.filter((c) => none.has(draw(c)));
  })()`) as Promise<string[]>;
}
