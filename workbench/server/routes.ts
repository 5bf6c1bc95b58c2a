/**
 * The workbench's HTTP routes, on 127.0.0.1: the page itself (built from workbench/page with esbuild), its
 * JSON API (state, version, and one POST per user action), and the add-on's own pages in frames with
 * google.script.run bridged to /api/run. The routes only read requests and answer; the work is the state's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handleRunRequest, injectBridge } from '../../emulator/browserBridge';
import { ROOT } from './files';
import { MAX_GRID_ROWS, messageOf, type WorkbenchState } from './state';
import { stateJson } from './view';

export interface PageAssets {
  js: string;
  css: string;
}

/** The workbench page (workbench/page/main.tsx and its components) as one script and its stylesheet. */
export async function buildPage(): Promise<PageAssets> {
  const out = await build({
    entryPoints: [join(ROOT, 'workbench', 'page', 'main.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: false,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const css = readFileSync(join(ROOT, 'workbench', 'page', 'style.css'), 'utf8');
  return { js: out.outputFiles[0].text, css };
}

const INDEX_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backorder Desk workbench</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body><div id="app"></div></body>
</html>
`;

const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "connect-src 'self'",
].join('; ');

const NO_STORE = { 'Cache-Control': 'no-store' };

export function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', ...NO_STORE, ...headers });
  res.end(JSON.stringify(body));
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((ok, fail) => {
    // JSON only: a cross-site form cannot post it without a preflight the server never allows.
    if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
      fail(new Error('Expected Content-Type: application/json'));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('Expected a JSON object');
        ok(v as Record<string, unknown>);
      } catch (e) {
        fail(e as Error);
      }
    });
    req.on('error', fail);
  });
}

/** A cell the request names: a sheet of the workbook and a row and column from 1, or null. */
function cellOf(wb: WorkbenchState, body: Record<string, unknown>): { sheet: string; row: number; col: number } | null {
  const sheet = String(body.sheet ?? '');
  const row = Number(body.row);
  const col = Number(body.col);
  const ok = wb.sheetNames().includes(sheet) && Number.isInteger(row) && row >= 1 && Number.isInteger(col) && col >= 1;
  return ok ? { sheet, row, col } : null;
}

/** A pasted block: a non-empty rectangle of at most MAX_GRID_ROWS rows of 1 to 100 cells, as text. */
function blockOf(raw: unknown): string[][] | null {
  const ok =
    Array.isArray(raw) &&
    raw.length > 0 &&
    raw.length <= MAX_GRID_ROWS &&
    raw.every((r) => Array.isArray(r) && r.length > 0 && r.length === (raw[0] as unknown[]).length && r.length <= 100);
  return ok ? (raw as unknown[][]).map((r) => r.map((v) => String(v ?? ''))) : null;
}

/** Serves the page, its API and the add-on's pages for one workbench. */
export function routes(wb: WorkbenchState, page: PageAssets) {
  const { emulator, slack, token } = wb;

  const asset = (res: ServerResponse, type: string, body: string, headers: Record<string, string> = {}): void => {
    res.writeHead(200, { 'Content-Type': `${type}; charset=utf-8`, ...headers, ...NO_STORE });
    res.end(body);
  };

  /** POST /api/<name>: one user action, answered with { ok, error? }. */
  const actions: Record<string, (body: Record<string, unknown>, res: ServerResponse) => void> = {
    '/api/edit': (body, res) => {
      const cell = cellOf(wb, body);
      if (!cell) return send(res, 400, { ok: false, error: 'Bad cell' });
      // What a person typed goes in as text: the emulator reads it as Sheets does (numbers, dates, '@' cells stay text).
      send(res, 200, wb.edit(cell.sheet, cell.row, cell.col, String(body.value ?? '')));
    },
    '/api/paste': (body, res) => {
      const cell = cellOf(wb, body);
      const values = blockOf(body.values);
      if (!cell || !values) return send(res, 400, { ok: false, error: 'Bad paste' });
      send(res, 200, wb.paste(cell.sheet, cell.row, cell.col, values));
    },
    '/api/menu': (body, res) => {
      const title = body.title === undefined ? undefined : String(body.title);
      // The person's answer to the question the item asked the first time (it declined then: nothing changed).
      const answer = body.answer === 'YES' || body.answer === 'OK' ? body.answer : null;
      send(res, 200, wb.menu(String(body.label ?? ''), title, answer));
    },
    '/api/clock': (body, res) => send(res, 200, wb.clock({ action: String(body.action ?? ''), to: String(body.to ?? '') })),
    '/api/panel/close': (body, res) => {
      wb.closePanel(String(body.kind ?? ''));
      send(res, 200, { ok: true });
    },
    '/api/open': (_body, res) => send(res, 200, wb.reopen()),
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';

    if (method === 'GET') {
      if (url.pathname === '/') return asset(res, 'text/html', INDEX_HTML, { 'Content-Security-Policy': PAGE_CSP });
      if (url.pathname === '/app.js') return asset(res, 'text/javascript', page.js);
      if (url.pathname === '/app.css') return asset(res, 'text/css', page.css);
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (url.pathname === '/api/state') return send(res, 200, await stateJson(wb, url.searchParams.get('sheet')));
      if (url.pathname === '/api/version') {
        await slack.sync();
        return send(res, 200, { version: wb.version, slack: slack.messages.length });
      }
      // The add-on's own pages (sidebars, dialogs), with google.script bridged to /api/run.
      const panel = /^\/panel\/(sidebar|dialog)\/(\d+)$/.exec(url.pathname);
      if (panel) {
        if (url.searchParams.get('t') !== token) return send(res, 403, { error: 'Unknown page' });
        const item = (panel[1] === 'sidebar' ? emulator.ui.sidebars : emulator.ui.dialogs)[Number(panel[2])];
        if (!item) return send(res, 404, { error: 'No such page' });
        return asset(res, 'text/html', injectBridge(item.html, `/api/run?t=${token}`, emulator.functionNames));
      }
    }
    if (url.pathname === '/api/run') {
      // Called from the sandboxed page frames (an opaque origin): CORS, guarded by the token.
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'Content-Type' };
      if (url.searchParams.get('t') !== token) return send(res, 403, { ok: false, error: 'Unknown page' });
      if (method === 'OPTIONS') {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      if (method === 'POST') {
        for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
        return wb.fromPage(() => handleRunRequest(emulator, req, res));
      }
    }

    if (method !== 'POST') return send(res, 404, { error: 'Not found' });
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (e) {
      return send(res, 400, { ok: false, error: messageOf(e) });
    }
    const action = Object.hasOwn(actions, url.pathname) ? actions[url.pathname] : undefined;
    if (!action) return send(res, 404, { error: 'Not found' });
    action(body, res);
  };
}
