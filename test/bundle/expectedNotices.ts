/**
 * What the daily notices should do, computed in the tests independently of the product's planner,
 * straight from the workbook's cells (the demo's settings: segments DML and SCS, notice days 3–30).
 */
import { DateTime } from 'luxon';
import type { WorkbookData } from '../../emulator';

export const ZONE = 'America/New_York';
export const MILESTONES = [3, 10, 17, 23, 30];
export const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

export type Row = Record<string, unknown>;

export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
export const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toISODate()!;
export const daysFrom = (from: string, to: string) => Math.round(DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days);

/** A tab's data rows as header -> value records. */
export function rowsOf(wb: WorkbookData, tab: string): Row[] {
  const [head, ...rows] = wb.sheets.find((s) => s.name === tab)!.values;
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? ''])));
}

export interface ExpectedOrder {
  id: string;
  email: string;
  /** The oldest open line's date (it drives the order's milestone). */
  since: string;
  lines: Row[];
}

/** Orders that should get notices: open, notified, readable lines only; the oldest line's date drives. */
export function eligibleOrders(wb: WorkbookData): ExpectedOrder[] {
  const skus = new Set(rowsOf(wb, 'Inventory').map((r) => String(r.SKU).toUpperCase()));
  const byOrder = new Map<string, ExpectedOrder>();
  for (const r of rowsOf(wb, 'Orders')) {
    if (!['backorder', 'invhold', 'partial'].includes(String(r.Status).toLowerCase())) continue;
    if (!['DML', 'SCS'].includes(String(r.Segment).toUpperCase())) continue;
    if (typeof r.Qty !== 'number' || r.Qty - Number(r.Shipped || 0) <= 0) continue;
    if (!EMAIL.test(String(r.Email)) || !skus.has(String(r.SKU).toUpperCase())) continue;
    const cell = r['Backordered since'] === '' ? r['Order date'] : r['Backordered since'];
    if (!isDate(cell)) continue;
    const since = local(cell);
    const id = String(r['Order ID']);
    const o = byOrder.get(id);
    if (!o) byOrder.set(id, { id, email: String(r.Email).toLowerCase(), since, lines: [r] });
    else {
      o.lines.push(r);
      if (since < o.since) o.since = since;
    }
  }
  return [...byOrder.values()];
}
