/**
 * What the daily notices should do, computed in the tests independently of the product's planner,
 * straight from the workbook's cells (the demo's settings: segments DML and SCS, notice days 3–30).
 */
import { DateTime } from 'luxon';
import type { SentMail, WorkbookData } from '../../emulator';

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

const SUBJECT_KIND: Array<[RegExp, number]> = [
  [/an update on the items? still to come/, 3],
  [/still on its way to us/, 10],
  [/the latest on your backorder/, 17],
  [/thank you for bearing with us/, 23],
  [/do you still want to wait/, 30],
];

/**
 * Day by day: the milestone each order is sent. An order first seen today gets the latest milestone reached (earlier
 * ones passed over; none when it is already past day 30); an order already known gets each later milestone, the
 * earliest first, never sooner than `minGap` days after its last notice (Settings › Minimum notice gap).
 */
export function expectedByDay(orders: ExpectedOrder[], firstDay: string, days: number, minGap = 4): Array<Set<string>> {
  const handled = new Map<string, Set<number>>(orders.map((o) => [o.id, new Set<number>()]));
  const lastSent = new Map<string, number>();
  const out: Array<Set<string>> = [];
  for (let d = 0; d < days; d++) {
    const today = DateTime.fromISO(firstDay).plus({ days: d }).toISODate()!;
    const sent = new Set<string>();
    for (const o of orders) {
      const age = daysFrom(o.since, today);
      const h = handled.get(o.id)!;
      const reached = MILESTONES.filter((m) => m <= age && !h.has(m));
      if (reached.length === 0) continue;
      let send: number;
      if (h.size === 0) {
        reached.slice(0, -1).forEach((m) => h.add(m));
        if (age > 30) {
          h.add(reached[reached.length - 1]);
          continue;
        }
        send = reached[reached.length - 1];
      } else send = reached[0];
      const last = lastSent.get(o.id);
      if (last !== undefined && d - last < minGap) continue;
      h.add(send);
      lastSent.set(o.id, d);
      sent.add(`${o.id}|${send}`);
    }
    out.push(sent);
  }
  return out;
}

/** The notices in a list of mails, as "orderId|milestone" (other mails, e.g. stock alerts, are ignored). */
export function notices(mails: SentMail[]): string[] {
  const out: string[] = [];
  for (const m of mails) {
    const order = /Your order (BW-\d+)/.exec(m.subject);
    if (!order) continue;
    // The consent flow's emails (src/engines/consentFlow.ts) are not day notices.
    if (/please tell us whether to keep waiting|we have cancelled the backordered/.test(m.subject)) continue;
    const kind = SUBJECT_KIND.find(([re]) => re.test(m.subject));
    if (!kind) throw new Error(`unknown notice subject: ${m.subject}`);
    out.push(`${order[1]}|${kind[1]}`);
  }
  return out;
}

