/**
 * A small shop for the reliability tests (test/bundle/faultMatrix.test.ts, reliability.test.ts): two items, one
 * out of stock, four customers: Ann at day 10, Bob and Cy at day 3, Di at day 4 (her day 3 was yesterday).
 * "Today" is 2026-03-02 in New York; the owner (a manager) runs the hourly tick.
 */
import { createEmulator, type CellValue, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const OWNER = 'manager@example.com'; // the shop's owner: set it up, runs the hourly tick, may send updates
export const CLERK = 'clerk@example.com';
const TODAY = Date.parse('2026-03-02T05:00:00Z'); // local midnight in New York
export const at = (day: number, hour: number, minute = 0) => new Date(TODAY + day * DAY + (hour * 60 + minute) * 60_000);
export const since = (daysAgo: number) => new Date(TODAY - daysAgo * DAY);

export type Row = Record<string, CellValue>;
export function rowsOf(emu: Emulator, tab: string): Row[] {
  const [head, ...rows] = emu.values(tab) ?? [[]];
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? ''])));
}

/** Two items (one out of stock), four customers: Ann at day 10, Bob and Cy at day 3, Di at day 4 (her day 3 was yesterday). */
export function shop(): { wb: WorkbookData; outSku: string } {
  const wb = generateWorkbook({ sendMode: 'Live' });
  const inv = wb.sheets.find((s) => s.name === 'Inventory')!;
  const available = inv.values[0].map(String).indexOf('Available');
  const out = inv.values.find((r) => typeof r[available] === 'number' && (r[available] as number) < 0)!;
  const ok = inv.values.find((r) => typeof r[available] === 'number' && (r[available] as number) > 20)!;
  inv.values = [inv.values[0], out, ok];
  const orders = wb.sheets.find((s) => s.name === 'Orders')!;
  const head = orders.values[0].map(String);
  const line = (v: Row) => head.map((h) => v[h] ?? '');
  const base = { Segment: 'DML', Qty: 1, Shipped: 0, Status: 'BackOrder' };
  orders.values = [
    orders.values[0],
    line({ ...base, 'Order ID': 'BW-1', 'Order date': since(10), Customer: 'Ann', Email: 'ann@example.com', SKU: out[0] }),
    line({ ...base, 'Order ID': 'BW-2', 'Order date': since(3), Customer: 'Bob', Email: 'bob@example.com', SKU: out[0] }),
    line({ ...base, 'Order ID': 'BW-3', 'Order date': since(3), Customer: 'Cy', Email: 'cy@example.com', SKU: ok[0], Segment: 'SCS' }),
    line({ ...base, 'Order ID': 'BW-4', 'Order date': since(4), Customer: 'Di', Email: 'di@example.com', SKU: out[0] }),
  ];
  const shipments = wb.sheets.find((s) => s.name === 'Shipments')!;
  shipments.values = shipments.values.slice(0, 1);
  return { wb, outSku: String(out[0]) };
}
export const SHOP = shop();

export function emulator(now: Date, options: Partial<EmulatorOptions> = {}, wb: WorkbookData = SHOP.wb): Emulator {
  // cpuTimeScale 0: the clock moves only when the test moves it, so every run of the sweep is the same run.
  return createEmulator({ workbook: copy(wb), now, activeUserEmail: OWNER, cpuTimeScale: 0, ...options });
}
export function copy(wb: WorkbookData): WorkbookData {
  return JSON.parse(JSON.stringify(wb), revive) as WorkbookData;
}
function revive(_k: string, v: unknown): unknown {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v;
}

/** An hourly tick of the owner (as the trigger would run it). */
export function tick(emu: Emulator, when: Date): void {
  emu.clock.advanceTo(when);
  emu.setActiveUser(OWNER);
  emu.run('onClockTick');
}

/** Runs `fn`, stopped at call k when k is given; true when the stop happened. */
export function stopped(emu: Emulator, k: number, functionName: string, fn: () => void): boolean {
  emu.stopAtCall(k, functionName);
  try {
    fn();
  } catch (e) {
    if (!/Exceeded maximum execution time/.test((e as Error).message)) throw e;
  }
  return emu.executions.at(-1)!.error !== undefined;
}


/** Sets cells of a tab by header (rows matched by `where`), or appends a row when `where` is omitted. */
export function editTab(wb: WorkbookData, tab: string, values: Row, where?: (r: Row) => boolean): void {
  const sheet = wb.sheets.find((x) => x.name === tab)!;
  const head = sheet.values[0].map(String);
  if (!where) {
    sheet.values.push(head.map((h) => values[h] ?? ''));
    return;
  }
  for (const r of sheet.values.slice(1)) {
    const rec = Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])) as Row;
    if (where(rec)) for (const [h, v] of Object.entries(values)) r[head.indexOf(h)] = v;
  }
}

/** A new order line in the shop's style (BackOrder, DML, one unit). */
export function orderLine(values: Row): Row {
  return { Segment: 'DML', Qty: 1, Shipped: 0, Status: 'BackOrder', ...values };
}
