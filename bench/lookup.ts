/**
 * Lookup figures for `npm run bench` (bench/run.ts lists `lookupSection` in its SECTIONS), or alone:
 *   node build.mjs && npx tsx bench/lookup.ts            (BENCH_LINES=1000,10000,50000 by default)
 *
 * CPU is process.cpuUsage around one `lookup(query)` called as the sidebar calls it
 * (emulator.runFromBrowser: the script's work plus the emulated services, JSON copy included),
 * the best of a few runs, split into the part inside emulated service calls ("in services": the getValues
 * copies and the like, service time in Apps Script) and the script's own ("script CPU"); Spreadsheet calls
 * must not grow with the number of lines. The "script only, tables given"
 * figure leaves out the emulated reads (in Apps Script those are service time, not script CPU).
 */
import { createEmulator, type Emulator, type WorkbookData } from '../emulator';
import { serviceCpu } from '../emulator/support';
import { generateWorkbook } from '../examples/generate';
import { lookupIn } from '../src/core/lookup';
import { lookupContext } from '../src/jobs/lookup';
import { HEADERS, type TabName } from '../src/sheet/schema';
import { DEFAULT_SETTINGS } from '../src/sheet/settings';
import { type Cell, Table } from '../src/sheet/table';
import type { Figure, Section } from './run';

const NOW = '2026-03-02T14:30:00Z';
const RUNS = 5;

function spreadsheetCalls(emu: Emulator): number {
  return Object.entries(emu.calls())
    .filter(([k]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(k))
    .reduce((s, [, n]) => s + n, 0);
}

/**
 * Best CPU ms of RUNS lookups of `query` (with the part of that run spent inside emulated service calls,
 * e.g. the getValues copies), and the Spreadsheet calls of one.
 */
export function measureLookup(emu: Emulator, query: string): { cpuMs: number; serviceMs: number; calls: number; kind: string } {
  let best = Infinity;
  let bestService = 0;
  let calls = 0;
  let kind = '';
  for (let i = 0; i < RUNS; i++) {
    emu.resetCalls();
    const inServices = serviceCpu.ms;
    const cpu = process.cpuUsage();
    const result = emu.runFromBrowser('lookup', query) as { kind: string };
    const used = process.cpuUsage(cpu);
    const ms = (used.user + used.system) / 1000;
    if (ms < best) {
      best = ms;
      bestService = serviceCpu.ms - inServices;
    }
    calls = spreadsheetCalls(emu);
    kind = result.kind;
  }
  return { cpuMs: round1(best), serviceMs: round1(bestService), calls, kind };
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

/**
 * CPU of the lookup's own work (matching, records, views, reply) on tables already read: what the
 * script spends beyond the Spreadsheet reads, which the emulator's figures above include.
 */
export function measureScriptOnly(wb: WorkbookData, query: string): number {
  const tab = (name: TabName) => () => {
    const values = (wb.sheets.find((s) => s.name === name)?.values ?? [[]]) as Cell[][];
    return new Table(null, values[0] ?? [], values.slice(1), HEADERS[name]);
  };
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const ctx = lookupContext(
      { inventory: tab('Inventory'), orders: tab('Orders'), shipments: tab('Shipments'), noticeLog: tab('Notice log') },
      { today: NOW.slice(0, 10), settings: DEFAULT_SETTINGS, toLocal: (d) => d.toISOString().slice(0, 10), formatInstant: (d) => d.toISOString() },
    );
    const cpu = process.cpuUsage();
    lookupIn(ctx, query);
    const used = process.cpuUsage(cpu);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.round(best * 10) / 10;
}

/** A waiting order, an out-of-stock SKU and a customer's email taken from the workbook itself. */
function queries(wb: WorkbookData): { order: string; sku: string; email: string } {
  const orders = wb.sheets.find((s) => s.name === 'Orders')!.values;
  const inv = wb.sheets.find((s) => s.name === 'Inventory')!.values;
  const h = orders[0].map(String);
  const waiting = orders.find((r) => r[h.indexOf('Status')] === 'BackOrder') ?? orders[1];
  const red = inv.find((r) => typeof r[3] === 'number' && r[3] < 0) ?? inv[1];
  return { order: String(waiting[h.indexOf('Order ID')]), sku: String(red[0]), email: String(waiting[h.indexOf('Email')]) };
}

export const lookupSection: Section = {
  title: 'Lookup (one sidebar search, best of 5)',
  run(lines: number): Figure[] {
    const wb = generateWorkbook({ orderLines: lines });
    const emu = createEmulator({ workbook: wb, now: NOW });
    const q = queries(wb);
    const order = measureLookup(emu, q.order);
    const item = measureLookup(emu, q.sku);
    const customer = measureLookup(emu, q.email);
    const name = measureLookup(emu, 'smith');
    return [
      { label: 'Spreadsheet calls (order)', value: order.calls },
      { label: 'order CPU ms', value: order.cpuMs },
      { label: 'SKU CPU ms', value: item.cpuMs },
      { label: 'email CPU ms', value: customer.cpuMs },
      { label: 'name search: run CPU ms', value: name.cpuMs },
      { label: 'in services ms', value: name.serviceMs },
      { label: 'script CPU ms', value: round1(name.cpuMs - name.serviceMs) },
      { label: 'script only, tables given, CPU ms', value: measureScriptOnly(wb, 'smith') },
    ];
  },
};

if (require.main === module) {
  const sizes = (process.env.BENCH_LINES ?? '1000,10000,50000').split(',').map(Number);
  console.log(lookupSection.title);
  for (const lines of sizes) {
    const figures = lookupSection.run(lines);
    console.log(`${lines.toLocaleString('en-US').padStart(7)} lines  ${figures.map((f) => `${f.label}: ${f.value}`).join('  ')}`);
  }
}
