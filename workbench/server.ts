/**
 * The local workbench: Backorder Desk in a browser, on a workbook file, driven by the emulator running
 * dist/Code.js. `npm start` builds the bundle and runs this file.
 *
 *   npm start -- [--port 8080] [--workbook PATH(.json|.xlsx)] [--now 2026-03-02T08:00] [--tz ZONE]
 *
 * This file starts one: the workbook file (server/files.ts), the live state around the emulator
 * (server/state.ts, shown to the page by server/view.ts), the Slack stand-in (server/slack.ts), and the
 * HTTP routes (server/routes.ts) on 127.0.0.1. The command line is server/cli.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Emulator } from '../emulator/api';
import { runCli } from './server/cli';
import { openWorkbook, ROOT, type WorkbookFileOptions } from './server/files';
import { buildPage, routes, send } from './server/routes';
import { startSlackStandIn, type SlackStandIn } from './server/slack';
import { messageOf, WorkbenchState } from './server/state';

export { ROOT } from './server/files';
export { MAX_GRID_ROWS, a1 } from './server/state';

export interface WorkbenchOptions extends WorkbookFileOptions {
  /** Port on 127.0.0.1; 0 picks a free one. Default 8080. */
  port?: number;
  /** Start of the clock (ISO; a local time is read in the workbook's time zone). */
  now?: string;
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

export async function startWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const log = options.log ?? ((line: string) => console.log(line));
  const distDir = options.distDir ?? join(ROOT, 'dist');
  const bundlePath = join(distDir, 'Code.js');
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run "node build.mjs" first (npm start does).`);

  const opened = await openWorkbook(options);
  const slack = await startSlackStandIn();
  const page = await buildPage();
  const wb = new WorkbenchState(opened, slack, { bundlePath, htmlDir: distDir, now: options.now });

  const handle = routes(wb, page);
  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: messageOf(e) });
      else res.end();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  log(`Backorder Desk workbench: ${url}`);
  log(`  workbook: ${opened.savePath}${opened.fresh ? ' (fresh)' : ''}`);
  log(`  clock: ${DateTime.fromJSDate(wb.emulator.clock.now(), { zone: wb.zone }).toFormat('yyyy-MM-dd HH:mm ZZZZ')}; Slack stand-in: ${slack.url}`);

  return {
    url,
    port,
    emulator: wb.emulator,
    workbookPath: opened.savePath,
    slack,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await slack.close();
    },
  };
}

if (require.main === module) runCli(process.argv.slice(2), startWorkbench);
