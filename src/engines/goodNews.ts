/**
 * The good news: one `Back in stock` email per order (and customer) whose waiting lines now have their whole
 * open quantity set aside (Orders › Allocated), sent by the daily run through the Sender (its own journal,
 * `goodNews`: quota, time budget, checkpoints, recovery after a killed run, Test mode).
 *
 * Who: BackOrder / INVHOLD / Partial lines with open units, all of them allocated, a segment in
 * `Notify segments`, a valid email, and no `back in stock` mark in `Notices sent` yet, of an order (and
 * customer) whose waiting lines are ALL wholly set aside: "nothing more to do on your side" must be true, so an
 * order with a line still waiting (perhaps with a consent question open) gets no good news; its day notices
 * name the set-aside lines as being prepared instead (src/core/notices.ts). Each line covered gets the mark
 * (`addMarks`), so it is never sent twice; such lines get no day notice either (`isFullyAllocated`). A line with
 * only part of its units set aside keeps its day notices, which say which part is being prepared.
 *
 * The text: Templates › `Back in stock` (else the default), with each item's {{eta}} "it is being prepared to
 * ship, and we'll send your tracking number as soon as your package is out the door"; never a date (every
 * value is screened, and so is the finished email, as for every template).
 */
import { memoToLocal } from '../core/dates';
import { addMarks, itemName, ordersStillWaiting, parseNoticeMarks } from '../core/notices';
import { beingPreparedPhrase } from '../core/packing';
import type { TemplateItem } from '../core/templates';
import type { Services } from '../gas/services';
import { type AllocationRow, isBackorderStatus, readAllocationRows, readInventory, skuKey } from '../sheet/records';
import { BACK_IN_STOCK_KIND, parseOrderStatus, TAB } from '../sheet/schema';
import { isValidEmail } from '../sheet/settings';
import { TemplateUse } from './templateUse';
import type { Table } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';
import { type JournalEntry, type Notice, Sender } from './sending';

export const GOOD_NEWS_JOURNAL = 'goodNews';

export interface GoodNewsReport {
  planned: number;
  sent: number;
  failed: number;
  /** Why sending stopped ('time', 'quota', 'no-test-recipient'), or null. */
  stoppedBecause: string | null;
  messages: string[];
}

interface Planned {
  key: string;
  orderId: string;
  email: string;
  customer: string;
  lines: AllocationRow[];
}

/** An order and its customer: one good-news email each, once all their waiting lines are set aside. */
function orderOf(r: Pick<AllocationRow, 'orderId' | 'email'>): string {
  return `${r.orderId}\u0001${r.email}`;
}

function goodNewsKey(orderId: string, email: string): string {
  return `${orderId}|back in stock|${email}`;
}

/** Sends today's good news (the caller holds the shop lock and flushes the workbook). */
export function sendGoodNews(services: Services, wb: Workbook, deadline: number): GoodNewsReport {
  const report: GoodNewsReport = { planned: 0, sent: 0, failed: 0, stoppedBecause: null, messages: [] };
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  if (!orders.sheet || !orders.has('Allocated') || !orders.has('Notices sent')) return report;
  const { settings } = wb.settings();
  const toLocal = memoToLocal((d) => services.localDate(d));
  const segments = segmentSet(settings.notifySegments);
  const rows = () => goodNewsLines(orders, toLocal);

  const mark = (lines: readonly AllocationRow[], at: Date) => {
    for (const l of lines) {
      orders.set(l.index, 'Notices sent', addMarks(orders.get(l.index, 'Notices sent'), { backInStock: true }));
      orders.set(l.index, 'Last notice', at);
    }
  };
  const planned = new Map<string, Planned>();
  const sender = new Sender({
    services,
    wb,
    journal: GOOD_NEWS_JOURNAL,
    deadlineMs: deadline,
    onSent: (n, at) => {
      const p = planned.get(n.key);
      if (p) mark(p.lines, at);
    },
    saveProgress: () => {
      orders.flush();
      orders.unmatched.splice(0);
    },
  });
  // A killed run's sends: the order's lines that are still waiting for the mark get it.
  let candidates = rows();
  const recovered = sender.recover((e: JournalEntry) => {
    mark(
      candidates.filter((r) => r.orderId === e.orderId && r.email === e.to),
      new Date(e.at),
    );
  });
  if (recovered.length > 0) {
    orders.flush();
    candidates = rows();
  }

  const groups = goodNewsEmails(candidates, segments, sender.testMode ? sender.sentTodayInTest() : new Set<string>());
  report.planned = groups.size;
  if (groups.size === 0) {
    sender.finish();
    return report;
  }

  const inv = wb.table(TAB.inventory);
  const items = inv.sheet ? readInventory(inv, toLocal, settings.lowStockDefault).bySku : new Map();
  const templates = new TemplateUse(wb);
  for (const p of groups.values()) {
    const templateItems: TemplateItem[] = p.lines.map((l) => {
      const info = items.get(skuKey(l.sku));
      const open = (l.qty ?? 0) - l.shipped;
      return { product: itemName(info?.product ?? '', l.sku, info?.productLine), sku: l.sku, quantity: open, eta: beingPreparedPhrase(open, open) };
    });
    const data = { customer: p.customer, orderId: p.orderId, items: templateItems, supportPhone: settings.supportPhone, senderName: settings.senderName };
    const chosen = templates.render(BACK_IN_STOCK_KIND, data);
    const r = chosen.email;
    if (!r) {
      sender.skip({ orderId: p.orderId, email: p.email, kind: BACK_IN_STOCK_KIND, skus: p.lines.map((l) => l.sku).join(', '), detail: 'Not sent: the email would show an exact date.' });
      continue;
    }
    const notice: Notice = { key: p.key, orderId: p.orderId, to: p.email, kind: BACK_IN_STOCK_KIND, skus: p.lines.map((l) => l.sku).join(', '), subject: r.subject, text: r.text, html: r.html };
    planned.set(p.key, p);
    const result = sender.send(notice);
    if (result === 'sent') report.sent++;
    else if (result === 'failed') report.failed++;
    else {
      report.stoppedBecause = result;
      break;
    }
  }
  templates.report(sender, report.messages);
  sender.finish();
  report.messages.push(
    `Back in stock: ${report.planned} planned, ${report.sent} sent, ${report.failed} failed${report.stoppedBecause ? ` (stopped: ${report.stoppedBecause}; the rest goes with the next daily run)` : ''}.`,
  );
  return report;
}

function segmentSet(notifySegments: readonly string[]): Set<string> {
  return new Set(notifySegments.map((s) => s.trim().toUpperCase()));
}

/**
 * The lines due the good news: wholly set aside, not marked yet, of an order (and customer) whose waiting lines are
 * all wholly set aside.
 */
function goodNewsLines(orders: Table, toLocal: (d: Date) => string): AllocationRow[] {
  const waiting = readAllocationRows(orders, toLocal).rows.filter((r) => isBackorderStatus(parseOrderStatus(r.status)) && (r.qty === null || r.qty - r.shipped > 0));
  // A line whose Qty cannot be read counts as waiting, not set aside.
  const stillWaiting = ordersStillWaiting(
    waiting.map((r) => ({ orderOf: orderOf(r), openQty: r.qty === null ? Infinity : r.qty - r.shipped, allocated: r.qty === null ? 0 : (r.allocated ?? 0) })),
    (l) => l.orderOf,
  );
  return waiting.filter((r) => !stillWaiting.has(orderOf(r)) && !parseNoticeMarks(orders.get(r.index, 'Notices sent')).backInStock);
}

/** One email per order and customer, to the notified segments and valid addresses. */
function goodNewsEmails(lines: readonly AllocationRow[], segments: ReadonlySet<string>, sentToday: ReadonlySet<string>): Map<string, Planned> {
  const groups = new Map<string, Planned>();
  for (const r of lines) {
    if (!segments.has(r.segment) || !isValidEmail(r.email) || r.orderId === '') continue;
    const key = goodNewsKey(r.orderId, r.email);
    if (sentToday.has(key)) continue;
    const g = groups.get(key);
    if (g) g.lines.push(r);
    else groups.set(key, { key, orderId: r.orderId, email: r.email, customer: r.customer, lines: [r] });
  }
  return groups;
}

/** How many `Back in stock` emails a daily run now would send (read only), for *Go live…* and *Run daily notices now*. */
export function dueGoodNewsCount(services: Services, wb: Workbook): number {
  const orders = wb.table(TAB.orders);
  if (!orders.sheet || !orders.has('Allocated') || !orders.has('Notices sent')) return 0;
  const toLocal = memoToLocal((d) => services.localDate(d));
  return goodNewsEmails(goodNewsLines(orders, toLocal), segmentSet(wb.settings().settings.notifySegments), new Set()).size;
}
