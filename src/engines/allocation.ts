/**
 * The allocation runner: sets returning stock aside for the customers who waited (the rule is in
 * src/core/allocation.ts), and shows it.
 *
 * One run, under the shop lock: read Inventory and Orders once (Workbook) → `planAllocation` → write
 * Orders › `Allocated` (one block per column, anchored by Order ID and SKU so a sort during the run never
 * moves a value) and the backorder-limit `Flag`s → rewrite the **Pick list** tab (one block) → append one
 * row per SKU whose allocations changed to the **Activity log** (who or what triggered it, units set aside
 * before → after, and which orders moved). Re-running with nothing changed writes nothing.
 *
 * Who calls it: the edit trigger when Inventory › Available (or a SKU) changes, every hourly tick (imports and
 * scripts fire no trigger), the menu *Allocate returning stock now*, and the jobs that change Orders
 * (shipments, cancellations), after they wrote: `runAllocation(services, wb, trigger)`.
 *
 * A line whose `Switched to` cell holds a SKU is planned and owed against that SKU (it keeps the ordered SKU
 * in `SKU`).
 */
import { type AllocationInput, type AllocationPlan, type LinePlan, planAllocation } from '../core/allocation';
import { memoToLocal } from '../core/dates';
import { buildPickList } from '../core/packing';
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import { type Activity, logActivities } from '../sheet/activityLog';
import { type AllocationRow, readAllocationRows, readInventory, skuKey } from '../sheet/records';
import { TAB } from '../sheet/schema';
import { type Cell, growGrid, safeText } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';

/** What a run did (also logged). */
export interface AllocationReport {
  /** False when another run held the lock or the tabs cannot be read: nothing changed (the next hourly tick tries again). */
  ran: boolean;
  /** Lines whose Allocated changed. */
  changed: number;
  /** Units newly set aside, and units given back, by this run. */
  setAside: number;
  released: number;
  /** Rows on the Pick list after the run. */
  pickList: number;
  /** Lines flagged for a manager by the backorder limit. */
  flagged: number;
  /** Things to fix in the sheet (unknown SKUs, unreadable cells), each once. */
  problems: string[];
}

/** The start of the Flag this runner writes (and may clear); another flag in the cell is left alone. */
export const LIMIT_FLAG = 'Backorder limit:';
/** Orders a row of the Activity log names before it counts the rest. */
const MAX_NAMED = 40;

export interface AllocationState {
  plan: AllocationPlan;
  rows: AllocationRow[];
  /** Row index -> the line's plan. */
  byIndex: Map<number, LinePlan>;
  problems: string[];
  input: AllocationInput;
}

/**
 * The plan as the next run will see it once this one's Allocated values are written: same allocations (the
 * planner is stable), but units already set aside are served first within their priority, which can change
 * the service turns and so the Pick list order and the Why. Shown from this one, so the Pick list and the
 * sidebar read the same and a run with nothing changed rewrites nothing.
 */
function settled(state: AllocationState): AllocationState {
  if (state.plan.changes.length === 0) return state;
  const lines = state.rows.map((r) => ({ ...r, allocated: state.byIndex.get(r.index)!.allocated }));
  const plan = planAllocation({ ...state.input, lines });
  return { ...state, plan, byIndex: new Map(plan.lines.map((l) => [l.index, l] as const)) };
}

/** Reads Inventory and Orders (once, through the workbook) and plans. Null when a tab cannot be read. */
export function planFromSheet(services: Services, wb: Workbook): AllocationState | null {
  const orders = wb.table(TAB.orders);
  const inv = wb.table(TAB.inventory);
  if (!orders.sheet || !inv.sheet || !orders.has('Allocated') || !inv.has('Available')) return null;
  const { settings } = wb.settings();
  const toLocal = memoToLocal((d) => services.localDate(d));
  const inventory = readInventory(inv, toLocal, settings.lowStockDefault);
  const read = readAllocationRows(orders, toLocal);
  const input: AllocationInput = {
    items: inventory.items,
    lines: read.rows,
    settings: { defaultShipPreference: settings.defaultShipPreference, backorderLimit: settings.backorderLimitPerCustomer },
    today: services.localDate(services.clock.now()),
  };
  const plan = planAllocation(input);
  const byIndex = new Map(plan.lines.map((l) => [l.index, l] as const));
  return { plan, rows: read.rows, byIndex, problems: [...read.problems, ...plan.problems], input };
}

/**
 * Plans and writes (see the top of this module). `trigger` says who or what asked ("hourly run",
 * "edit by ann@example.com", "menu by …", "shipment recorded"); it is the Activity log's `Who`.
 */
export function runAllocation(services: Services, wb: Workbook, trigger: string): AllocationReport {
  const idle: AllocationReport = { ran: false, changed: 0, setAside: 0, released: 0, pickList: 0, flagged: 0, problems: [] };
  const report = withShopLock(services, () => allocate(services, wb, trigger), {
    busyMessage: 'Allocation: another run holds the lock; the next hourly run allocates.',
  });
  return report ?? idle;
}

function allocate(services: Services, wb: Workbook, trigger: string): AllocationReport {
  const state = planFromSheet(services, wb);
  if (!state) {
    const orders = wb.table(TAB.orders);
    const inventory = wb.table(TAB.inventory);
    const missing = [
      !orders.sheet ? 'there is no Orders tab' : !orders.has('Allocated') ? 'Orders has no "Allocated" column' : '',
      !inventory.sheet ? 'there is no Inventory tab' : !inventory.has('Available') ? 'Inventory has no "Available" column' : '',
    ].filter((m) => m !== '');
    const problem = `Allocation did not run: ${missing.join(' and ') || 'Orders or Inventory cannot be read'}. Run "Set up sheet" (it adds the column).`;
    services.log(problem);
    return { ran: false, changed: 0, setAside: 0, released: 0, pickList: 0, flagged: 0, problems: [problem] };
  }
  const { plan, rows } = state;
  const now = services.clock.now();
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  const report: AllocationReport = { ran: true, changed: 0, setAside: 0, released: 0, pickList: 0, flagged: 0, problems: [...state.problems] };

  // Allocated: every line whose cell differs from the plan (a blank cell stands for 0).
  const limit = wb.settings().settings.backorderLimitPerCustomer;
  for (const row of rows) {
    const l = state.byIndex.get(row.index)!;
    const cell = orders.get(row.index, 'Allocated');
    const blankOk = l.allocated === 0 && (cell === '' || cell === null);
    if (!blankOk && cell !== l.allocated) orders.set(row.index, 'Allocated', l.allocated);
    const flag = l.overLimit ? `${LIMIT_FLAG} ${row.customer || row.email || 'this customer'} has more than ${limit ?? 0} unit(s) waiting; the units beyond it are served after everyone else of the same priority.` : '';
    if (l.overLimit) report.flagged++;
    if (flag !== '' && (row.flag === '' || row.flag.startsWith(LIMIT_FLAG))) orders.set(row.index, 'Flag', safeText(flag));
    else if (flag === '' && row.flag.startsWith(LIMIT_FLAG)) orders.set(row.index, 'Flag', '');
  }
  for (const c of plan.changes) {
    report.changed++;
    if (c.after > c.before) report.setAside += c.after - c.before;
    else report.released += c.before - c.after;
  }
  orders.flush();
  for (const i of orders.unmatched.splice(0)) {
    report.problems.push(`Orders row ${i + 2} moved or changed while allocation was writing; the next run allocates it again.`);
  }

  report.pickList = writePickList(wb, state, settled(state), now);
  logActivities(wb.ss, activities(plan, now, trigger));
  services.log(
    `Allocation (${trigger}): ${report.changed} line(s) changed, ${report.setAside} unit(s) set aside, ${report.released} given back; ` +
      `${report.pickList} on the pick list${report.flagged ? `, ${report.flagged} flagged by the backorder limit` : ''}.`,
  );
  for (const p of report.problems) services.log(`Allocation: ${p}`);
  return report;
}

/** One Activity log row per SKU whose allocations changed: units set aside before → after, and which orders moved. */
function activities(plan: AllocationPlan, when: Date, who: string): Activity[] {
  const bySku = new Map<string, { sku: string; before: number; after: number; moves: string[]; orders: Set<string> }>();
  for (const c of plan.changes) {
    const k = skuKey(c.sku);
    let a = bySku.get(k);
    if (!a) bySku.set(k, (a = { sku: c.sku.trim(), before: 0, after: 0, moves: [], orders: new Set() }));
    a.moves.push(`${c.orderId} ${Math.max(0, c.before)} → ${c.after}`);
    a.orders.add(c.orderId);
  }
  const out: Activity[] = [];
  for (const f of plan.skus) {
    const a = bySku.get(skuKey(f.sku));
    if (!a) continue;
    const named = a.moves.slice(0, MAX_NAMED).join('; ');
    const more = a.moves.length > MAX_NAMED ? `; and ${a.moves.length - MAX_NAMED} more` : '';
    const onHand = f.onHand === null ? 'not planned' : `on hand ${f.onHand}`;
    const ids = [...a.orders];
    out.push({
      when,
      who,
      what: 'Allocated',
      orderId: ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`,
      sku: a.sku,
      before: f.allocatedBefore,
      after: f.allocated,
      detail: `${onHand}, ${f.remainingOwed} unit(s) still owed. ${named}${more}.`,
    });
  }
  return out;
}

function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  const time = (v: unknown) => (Object.prototype.toString.call(v) === '[object Date]' ? (v as Date).getTime() : null);
  const ta = time(a);
  const tb = time(b);
  if (ta !== null || tb !== null) return ta === tb;
  return (a ?? '') === (b ?? '') || String(a ?? '') === String(b ?? '');
}

/**
 * Rewrites the Pick list from the plan in one block (and blanks the rows left below it); writes nothing when
 * it already says the same. `Allocated at` is when the line last got more units; kept from the tab otherwise.
 */
function writePickList(wb: Workbook, state: AllocationState, shown: AllocationState, now: Date): number {
  const t = wb.table(TAB.pickList);
  const items = wb.table(TAB.inventory);
  const names = items.rows.map((_r, i) => ({ sku: String(items.get(i, 'SKU')), product: String(items.get(i, 'Product')) }));
  const picks = buildPickList(shown.plan, names);
  if (!t.sheet || t.missing.length > 0) return picks.length;
  const key = (orderId: string, sku: string) => `${orderId.trim().toUpperCase()}|${skuKey(sku)}`;
  const stamped = new Map<string, Cell>();
  t.rows.forEach((_r, i) => {
    const k = key(String(t.get(i, 'Order ID')), String(t.get(i, 'SKU')));
    if (!stamped.has(k)) stamped.set(k, t.get(i, 'Allocated at'));
  });
  const width = t.headerRow.length;
  const want: Cell[][] = picks.map((p) => {
    const l = state.byIndex.get(p.index)!;
    const before = stamped.get(key(p.orderId, p.sku));
    const at = l.allocated > Math.max(0, l.before) || before === undefined || before === '' ? now : before;
    const record: Record<string, Cell> = {
      'Order ID': p.orderId,
      Customer: p.customer,
      SKU: p.sku,
      Product: p.product,
      'Units to pick': p.units,
      'Ship preference': p.shipPreference,
      'Allocated at': at,
      Why: p.why,
    };
    const row: Cell[] = new Array<Cell>(width).fill('');
    for (const [h, v] of Object.entries(record)) {
      const c = t.col.get(h);
      if (c !== undefined) row[c] = v;
    }
    return row;
  });
  const old = t.rows.filter((r) => r.some((v) => v !== '' && v !== null));
  const same = old.length === want.length && want.every((r, i) => r.every((v, c) => sameCell(v, t.rows[i][c])));
  if (same) return picks.length;
  const height = Math.max(want.length, t.rows.length);
  const block: Cell[][] = [];
  for (let i = 0; i < height; i++) block.push(i < want.length ? want[i].map((v) => (typeof v === 'string' ? safeText(v) : v)) : new Array<Cell>(width).fill(''));
  if (height > 0) {
    growGrid(t.sheet, height + 1);
    t.sheet.getRange(2, 1, height, width).setValues(block);
  }
  t.rows.length = 0;
  for (const r of want) t.rows.push(r);
  return picks.length;
}
