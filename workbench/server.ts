/**
 * The local workbench: Backorder Desk in a browser, on a workbook file, driven by the emulator running
 * dist/Code.js. `npm start` builds the bundle and runs this file.
 *
 *   npm start -- [--port 8080] [--workbook PATH(.json|.xlsx)] [--now 2026-03-02T08:00]
 *
 * - no --workbook: a fresh copy of examples/demo.workbook.json under .workbench/;
 * - .json: our workbook format, saved back after every change (a path that does not exist yet starts as a
 *   fresh copy of the demo);
 * - .xlsx: a Google Sheets export, imported, then saved under .workbench/ (NAME.xlsx.json; the export is left as it is).
 * State the add-on keeps outside the cells (Script Properties, the clock) is saved in the same file
 * under "workbench". The Slack webhook points at a local stand-in (workbench/slack.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { build } from 'esbuild';
import { DateTime } from 'luxon';
import { createEmulator } from '../emulator';
import type { Emulator } from '../emulator/api';
import { handleRunRequest, injectBridge } from '../emulator/browserBridge';
import { loadWorkbook, workbookToJson, type CellValue, type WorkbookData } from '../emulator/workbook';
import { readXlsxWorkbook } from '../emulator/xlsx';
import { columnToLetters } from '../emulator/spreadsheet/a1';
import { displayValue } from '../emulator/spreadsheet/format';
import { DEMO_DEFAULTS } from '../examples/generate';
import { startSlackStandIn, type SlackStandIn } from './slack';

export const ROOT = resolve(__dirname, '..');
const SLACK_WEBHOOK_PROPERTY = 'SLACK_WEBHOOK_URL';
/** Rows of one sheet sent to the page at most (the rest is summarised). */
export const MAX_GRID_ROWS = 1000;

export interface WorkbenchOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 8080. */
  port?: number;
  /** Workbook file (.json or .xlsx); default a fresh copy of the demo under stateDir. */
  workbook?: string;
  /** Start of the clock (ISO; a local time is read in the workbook's time zone). */
  now?: string;
  /** Where the default demo copy goes; default <repo>/.workbench. */
  stateDir?: string;
  /** Time zone for an imported .xlsx (the file carries none); default America/New_York. */
  timeZone?: string;
  /** Built bundle and pages; default <repo>/dist. */
  distDir?: string;
  /** Progress lines (default: console.log). */
  log?: (line: string) => void;
}

export interface Workbench {
  url: string;
  port: number;
  emulator: Emulator;
  /** The file the workbook is saved to after every change. */
  workbookPath: string;
  slack: SlackStandIn;
  close(): Promise<void>;
}

interface SavedExtras {
  now?: string;
  /** The spreadsheet's Document Properties (the add-on's state). */
  documentProperties?: Record<string, string>;
  /** Saved by an earlier version: moved to the document by the add-on's first run. */
  scriptProperties?: Record<string, string>;
}

interface Panel {
  kind: 'sidebar' | 'dialog';
  /** Index in emulator.ui.sidebars / dialogs. */
  index: number;
}

// ---------------------------------------------------------------------------------------------
// Loading and saving

async function openWorkbook(options: WorkbenchOptions): Promise<{ data: WorkbookData; savePath: string; fresh: boolean; extras: SavedExtras }> {
  if (!options.workbook) {
    const dir = options.stateDir ?? join(ROOT, '.workbench');
    mkdirSync(dir, { recursive: true });
    const savePath = join(dir, 'demo.workbook.json');
    copyFileSync(join(ROOT, 'examples', 'demo.workbook.json'), savePath);
    return { data: loadWorkbook(savePath), savePath, fresh: true, extras: {} };
  }
  const path = resolve(options.workbook);
  if (/\.json$/i.test(path) && !existsSync(path)) {
    // A new .json path: start it as a fresh copy of the demo; from then on the state is kept there.
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(join(ROOT, 'examples', 'demo.workbook.json'), path);
    return { data: loadWorkbook(path), savePath: path, fresh: true, extras: {} };
  }
  if (!existsSync(path)) throw new Error(`No workbook at ${path}`);
  if (/\.xlsx$/i.test(path)) {
    // The export stays as it was downloaded: the workbench's state goes under .workbench/, not beside it.
    const data = await readXlsxWorkbook(path, { timeZone: options.timeZone });
    const dir = options.stateDir ?? join(ROOT, '.workbench');
    mkdirSync(dir, { recursive: true });
    return { data, savePath: join(dir, `${basename(path)}.json`), fresh: true, extras: {} };
  }
  if (!/\.json$/i.test(path)) throw new Error(`--workbook must be a .json workbook or an .xlsx export, got ${path}`);
  let data: WorkbookData;
  try {
    data = loadWorkbook(path);
  } catch (e) {
    throw new Error(`Could not read ${path} as a workbook: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(data.sheets)) throw new Error(`${path} is not a workbook (no "sheets")`);
  const extras = (data.workbench ?? {}) as SavedExtras;
  delete data.workbench;
  return { data, savePath: path, fresh: false, extras };
}

function saveAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function startTime(options: WorkbenchOptions, extras: SavedExtras, zone: string): Date {
  const text = options.now ?? extras.now;
  if (text) {
    // An ISO instant with an offset is taken as is; a local date-time is read in the workbook's zone.
    const dt = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? DateTime.fromISO(text) : DateTime.fromISO(text, { zone });
    if (!dt.isValid) throw new Error(`--now must be an ISO date-time such as 2026-03-02T08:00, got "${text}"`);
    return dt.toJSDate();
  }
  return DateTime.fromISO(`${DEMO_DEFAULTS.today}T08:00`, { zone }).toJSDate();
}

// ---------------------------------------------------------------------------------------------
// What the page sees

export const a1 = (row: number, col: number): string => `${columnToLetters(col)}${row}`;

/** A cell as the page shows it: the emulator's own display value (what Sheets shows under the default format). */
function formatCell(v: CellValue, zone: string): { text: string; edit: string; type: string } {
  const text = displayValue(v, undefined, zone);
  const type = v instanceof Date ? 'date' : typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : text === '' ? 'empty' : 'text';
  return { text, edit: text, type };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------
// The page

async function buildPage(): Promise<{ js: string; css: string }> {
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

// ---------------------------------------------------------------------------------------------
// The server

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const log = options.log ?? ((line: string) => console.log(line));
  const distDir = options.distDir ?? join(ROOT, 'dist');
  const bundlePath = join(distDir, 'Code.js');
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run "node build.mjs" first (npm start does).`);

  const { data, savePath, fresh, extras } = await openWorkbook(options);
  const zone = data.timeZone || DEMO_DEFAULTS.timeZone;
  const slack = await startSlackStandIn();
  const page = await buildPage();
  // The add-on's pages reach the server only with this token (it is in the bridge script they get).
  const token = randomBytes(16).toString('hex');

  const emulator = createEmulator({
    bundlePath,
    htmlDir: distDir,
    workbook: data,
    now: startTime(options, extras, zone),
    scriptTimeZone: zone,
    scriptProperties: extras.scriptProperties ?? {},
    documentProperties: { ...(extras.documentProperties ?? {}), [SLACK_WEBHOOK_PROPERTY]: slack.url },
    // A question (Yes / No) is declined until the person answers it in the page, which then runs the item again.
    unansweredAlerts: 'safe',
  });

  let version = 1;
  let sidebar: Panel | null = null;
  let dialog: Panel | null = null;
  let lastError: { message: string; at: number } | null = null;

  const save = (): void => {
    const wb = emulator.workbook();
    const withExtras: WorkbookData = {
      ...wb,
      workbench: { now: emulator.clock.now().toISOString(), documentProperties: emulator.documentProperties(), scriptProperties: emulator.scriptProperties() } satisfies SavedExtras,
    };
    saveAtomic(savePath, workbookToJson(withExtras));
  };

  const snapshot = () => ({ sidebars: emulator.ui.sidebars.length, dialogs: emulator.ui.dialogs.length });

  /** After anything that may change state: note panels opened, save the workbook, bump the version. */
  const settle = (before: { sidebars: number; dialogs: number }): string | undefined => {
    if (emulator.ui.sidebars.length > before.sidebars) sidebar = { kind: 'sidebar', index: emulator.ui.sidebars.length - 1 };
    if (emulator.ui.dialogs.length > before.dialogs) dialog = { kind: 'dialog', index: emulator.ui.dialogs.length - 1 };
    version++;
    try {
      save();
      return undefined;
    } catch (e) {
      return `The workbook could not be saved to ${savePath}: ${messageOf(e)}`;
    }
  };

  /** Runs one user action and reports its error instead of throwing. */
  const act = (what: () => void): { ok: boolean; error?: string } => {
    const before = snapshot();
    let error: string | undefined;
    try {
      what();
    } catch (e) {
      error = messageOf(e);
      lastError = { message: error, at: Date.now() };
    }
    const saveError = settle(before);
    if (saveError) error = error ? `${error}; ${saveError}` : saveError;
    return error === undefined ? { ok: true } : { ok: false, error };
  };

  // Start as a person would: open the file (onOpen builds the menu), then set up a fresh workbook.
  act(() => emulator.open());
  if (emulator.functionNames.includes('setUpSheet') && (fresh || emulator.triggers().length === 0)) {
    act(() => emulator.run('setUpSheet'));
  }

  const sheetNames = (): string[] => emulator.spreadsheet.getSheets().map((s) => s.getName());

  const sheetJson = (name: string) => {
    const values = emulator.values(name) ?? [];
    const shown = values.slice(0, MAX_GRID_ROWS);
    const width = values.reduce((w, r) => Math.max(w, r.length), 0);
    const rows = shown.map((row, r) =>
      Array.from({ length: width }, (_, c) => {
        const cell = formatCell(row[c] ?? '', zone);
        let format: { background: string | null; fontColor: string | null; bold: boolean } = { background: null, fontColor: null, bold: false };
        try {
          format = emulator.model.cellFormat(name, r + 1, c + 1);
        } catch {
          // No formats from the model: the cell is shown plain.
        }
        return { ...cell, bg: format.background, fg: format.fontColor, bold: format.bold };
      }),
    );
    return { name, rows, totalRows: values.length, width };
  };

  const menus = () => {
    // The latest menu of each title (onOpen may run more than once).
    const byTitle = new Map<string, (typeof emulator.ui.menus)[number]>();
    for (const m of emulator.ui.menus) byTitle.set(m.title, m);
    return [...byTitle.values()];
  };

  const panelJson = (p: Panel | null) => {
    if (!p) return null;
    const src = p.kind === 'sidebar' ? emulator.ui.sidebars[p.index] : emulator.ui.dialogs[p.index];
    if (!src) return null;
    const d = p.kind === 'dialog' ? emulator.ui.dialogs[p.index] : undefined;
    return { kind: p.kind, index: p.index, title: src.title, width: d?.width ?? null, height: d?.height ?? null, url: `/panel/${p.kind}/${p.index}?t=${token}` };
  };

  const state = async (sheet: string | null) => {
    await slack.sync();
    const names = sheetNames();
    const current = sheet && names.includes(sheet) ? sheet : names[0];
    const now = emulator.clock.now();
    return {
      version,
      workbook: { name: emulator.spreadsheet.getName(), path: savePath, timeZone: zone },
      sheets: names,
      sheet: current ? sheetJson(current) : null,
      menus: menus(),
      clock: { iso: now.toISOString(), label: DateTime.fromJSDate(now, { zone }).toFormat('ccc LLL d, yyyy HH:mm ZZZZ'), date: DateTime.fromJSDate(now, { zone }).toISODate() },
      sidebar: panelJson(sidebar),
      dialog: panelJson(dialog),
      outbox: emulator.outbox.map((m, i) => ({
        id: i,
        fromName: m.name ?? '',
        to: m.to,
        cc: m.cc ?? '',
        bcc: m.bcc ?? '',
        replyTo: m.replyTo ?? '',
        subject: m.subject,
        at: DateTime.fromJSDate(m.at, { zone }).toFormat('LLL d HH:mm'),
        html: m.htmlBody ?? null,
        text: m.body,
      })),
      slack: slack.messages.map((m, i) => ({ id: i, text: m.text })),
      executions: emulator.executions.map((e, i) => ({
        id: i,
        functionName: e.functionName,
        via: e.via,
        at: DateTime.fromJSDate(e.startedAt, { zone }).toFormat('LLL d HH:mm:ss'),
        ms: e.endedAt.getTime() - e.startedAt.getTime(),
        error: e.error ?? null,
        logs: e.logs,
      })),
      alerts: emulator.ui.alerts.map((a) => ({ title: a.title, prompt: a.prompt, question: a.buttons === 'YES_NO' || a.buttons === 'YES_NO_CANCEL' ? 'YES' : a.buttons === 'OK_CANCEL' ? 'OK' : null })),
      toasts: emulator.ui.toasts.map((t) => ({ title: t.title, message: t.message })),
      triggers: emulator.triggers().map((t) => ({
        handler: t.handler,
        kind: t.kind,
        due: t.due ? DateTime.fromJSDate(t.due, { zone }).toFormat('LLL d HH:mm') : null,
      })),
      lastError,
    };
  };

  const send = (res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };

  const readJson = (req: IncomingMessage): Promise<Record<string, unknown>> =>
    new Promise((ok, fail) => {
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

  const routes = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';

    if (method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store' });
      res.end(INDEX_HTML);
      return;
    }
    if (method === 'GET' && url.pathname === '/app.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page.js);
      return;
    }
    if (method === 'GET' && url.pathname === '/app.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page.css);
      return;
    }
    if (method === 'GET' && url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (method === 'GET' && url.pathname === '/api/state') {
      send(res, 200, await state(url.searchParams.get('sheet')));
      return;
    }
    if (method === 'GET' && url.pathname === '/api/version') {
      await slack.sync();
      send(res, 200, { version, slack: slack.messages.length });
      return;
    }

    // The add-on's own pages (sidebars, dialogs), with google.script bridged to /api/run.
    const panel = /^\/panel\/(sidebar|dialog)\/(\d+)$/.exec(url.pathname);
    if (method === 'GET' && panel) {
      if (url.searchParams.get('t') !== token) return send(res, 403, { error: 'Unknown page' });
      const list = panel[1] === 'sidebar' ? emulator.ui.sidebars : emulator.ui.dialogs;
      const item = list[Number(panel[2])];
      if (!item) return send(res, 404, { error: 'No such page' });
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(injectBridge(item.html, `/api/run?t=${token}`, emulator.functionNames));
      return;
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
        const before = snapshot();
        await handleRunRequest(emulator, req, res);
        settle(before);
        return;
      }
    }

    if (method !== 'POST') return send(res, 404, { error: 'Not found' });
    let body: Record<string, unknown>;
    try {
      body = await readJson(req);
    } catch (e) {
      return send(res, 400, { ok: false, error: messageOf(e) });
    }

    if (url.pathname === '/api/edit') {
      const sheet = String(body.sheet ?? '');
      const row = Number(body.row);
      const col = Number(body.col);
      if (!sheetNames().includes(sheet) || !Number.isInteger(row) || row < 1 || !Number.isInteger(col) || col < 1) {
        return send(res, 400, { ok: false, error: 'Bad cell' });
      }
      // What a person typed goes in as text: the emulator reads it as Sheets does (numbers, dates, '@' cells stay text).
      const value = String(body.value ?? '');
      let invalid: string | null;
      try {
        invalid = emulator.model.validationError(sheet, row, col, value);
      } catch {
        invalid = null;
      }
      if (invalid) return send(res, 200, { ok: false, error: invalid });
      return send(res, 200, act(() => emulator.user.setValue(sheet, a1(row, col), value)));
    }
    if (url.pathname === '/api/paste') {
      // A paste: a block of cells from the clipboard, written as one edit (one edit trigger), as in Sheets.
      const sheet = String(body.sheet ?? '');
      const row = Number(body.row);
      const col = Number(body.col);
      const raw = body.values;
      const ok =
        Array.isArray(raw) &&
        raw.length > 0 &&
        raw.length <= MAX_GRID_ROWS &&
        raw.every((r) => Array.isArray(r) && r.length > 0 && r.length === (raw[0] as unknown[]).length && r.length <= 100);
      if (!sheetNames().includes(sheet) || !Number.isInteger(row) || row < 1 || !Number.isInteger(col) || col < 1 || !ok) {
        return send(res, 400, { ok: false, error: 'Bad paste' });
      }
      const values = (raw as unknown[][]).map((r) => r.map((v) => String(v ?? '')));
      for (let r = 0; r < values.length; r++) {
        for (let c = 0; c < values[r].length; c++) {
          let invalid: string | null;
          try {
            invalid = emulator.model.validationError(sheet, row + r, col + c, values[r][c]);
          } catch {
            invalid = null;
          }
          if (invalid) return send(res, 200, { ok: false, error: `${a1(row + r, col + c)}: ${invalid} Nothing was pasted.` });
        }
      }
      const range = `${a1(row, col)}:${a1(row + values.length - 1, col + values[0].length - 1)}`;
      return send(res, 200, act(() => emulator.user.setValues(sheet, range, values)));
    }
    if (url.pathname === '/api/menu') {
      // Chosen as a person would: by label in the add-on's menu, run via 'menu'.
      const label = String(body.label ?? '');
      const title = body.title === undefined ? undefined : String(body.title);
      // The person's answer to the question the item asked the first time (it declined then: nothing changed).
      const answer = body.answer === 'YES' || body.answer === 'OK' ? body.answer : null;
      return send(
        res,
        200,
        act(() => {
          if (answer) emulator.ui.queueAlertResponse(answer);
          try {
            emulator.clickMenu(label, title);
          } finally {
            emulator.ui.clearQueuedResponses();
          }
        }),
      );
    }
    /** Settings › Daily run hour as the sheet says it now (9 when missing or unreadable, as the add-on reads it). */
    const dailyRunHour = (): number => {
      const rows = (emulator.values('Settings') ?? []) as CellValue[][];
      const v = Number(rows.find((r) => String(r[0]).trim().toLowerCase() === 'daily run hour')?.[1]);
      return Number.isInteger(v) && v >= 0 && v <= 23 ? v : 9;
    };
    if (url.pathname === '/api/clock') {
      const action = String(body.action ?? '');
      const HOUR = 3_600_000;
      return send(
        res,
        200,
        act(() => {
          if (action === 'hour') emulator.clock.advance(HOUR);
          else if (action === 'day') emulator.clock.advance(24 * HOUR);
          else if (action === '3days') emulator.clock.advance(72 * HOUR);
          else if (action === 'to') {
            const to = String(body.to ?? '');
            // A day: the hour after Settings › Daily run hour, so that day's due triggers (the daily notices) have run.
            const dt = /^\d{4}-\d{2}-\d{2}$/.test(to) ? DateTime.fromISO(to, { zone }).set({ hour: Math.min(23, dailyRunHour() + 1) }) : DateTime.fromISO(to, { zone });
            if (!dt.isValid) throw new Error(`Not a date: "${to}"`);
            if (dt.toMillis() <= emulator.clock.now().getTime()) throw new Error('The clock only moves forward: pick a later date.');
            emulator.clock.advanceTo(dt.toJSDate());
          } else throw new Error(`Unknown clock action "${action}"`);
        }),
      );
    }
    if (url.pathname === '/api/panel/close') {
      const kind = String(body.kind ?? '');
      if (kind === 'sidebar') sidebar = null;
      else if (kind === 'dialog') dialog = null;
      version++;
      return send(res, 200, { ok: true });
    }
    if (url.pathname === '/api/open') {
      // Reopening the file runs onOpen again, as a reload of Sheets does.
      return send(res, 200, act(() => emulator.open()));
    }
    send(res, 404, { error: 'Not found' });
  };

  const server: Server = createServer((req, res) => {
    routes(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: messageOf(e) });
      else res.end();
    });
  });
  const port = options.port ?? 8080;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const actual = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actual}/`;
  log(`Backorder Desk workbench: ${url}`);
  log(`  workbook: ${savePath}${fresh ? ' (fresh)' : ''}`);
  log(`  clock: ${DateTime.fromJSDate(emulator.clock.now(), { zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ')}; Slack stand-in: ${slack.url}`);

  return {
    url,
    port: actual,
    emulator,
    workbookPath: savePath,
    slack,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await slack.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): WorkbenchOptions {
  const options: WorkbenchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error('--port needs a port number');
      options.port = p;
    } else if (flag === '--workbook') options.workbook = value();
    else if (flag === '--now') options.now = value();
    else if (flag === '--tz') options.timeZone = value();
    else throw new Error(`Unknown option ${a}. Options: --port N --workbook PATH(.json|.xlsx) --now ISO --tz ZONE`);
  }
  if (options.port === undefined && process.env.PORT) options.port = Number(process.env.PORT);
  return options;
}

if (require.main === module) {
  (async () => {
    const wb = await startWorkbench(parseArgs(process.argv.slice(2)));
    const stop = () => void wb.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((e) => {
    console.error(messageOf(e));
    process.exitCode = 1;
  });
}
