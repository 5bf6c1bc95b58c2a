/**
 * The consent flow of the daily run (src/core/consent.ts decides): consent requests to customers whose backorder
 * passed the promised ship time, and at the consent deadline the cancellation (or a manager's flag) of the lines
 * nobody agreed to keep waiting for. Called once per daily run, after the day notices (so a day notice sent today
 * counts for the minimum gap), under the same lock.
 *
 * Emails go through the Sender (journal `consent`): a line is marked as asked, or cancelled, only once its email has
 * gone out (Live mode), so a run stopped part-way is folded in by the next one and nothing is done twice or lost.
 * A cancellation writes Status `Cancelled`, clears `Allocated`, writes `Refund due`, gives the open units back to
 * `Available` and adds Activity log rows; a mail failure leaves the line to the next run. Test mode sends to the Test
 * recipient and changes nothing.
 */
import { CANCELLED_AT_DEADLINE, CONSENT_FLAG, planConsent, type ConsentEmail, type ConsentInput, type ConsentLine, type ConsentPlan } from '../core/consent';
import { refundDueDate, refundDueText } from '../core/refunds';
import { memoToLocal } from '../core/dates';
import { brokenColumn, brokenColumnText } from '../core/sheetChecks';
import { addMarks } from '../core/notices';
import type { TemplateData } from '../core/templates';
import { MAX_FAILURES_IN_A_ROW, Sender, type JournalEntry, type Notice } from './sending';
import type { Services } from '../gas/services';
import { logActivities, type Activity } from '../sheet/activityLog';
import { isBackorderStatus, readInteger, readInventory, readOrderLines, skuKey, type OrderLine } from '../sheet/records';
import { CANCELLED_KIND, CONSENT_KIND, parseOrderStatus, TAB, UNIT_PRICE_HEADER } from '../sheet/schema';
import { returnUnitsToStock } from '../sheet/stockReturns';
import type { Table } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';
import { partlyBackordered } from '../sheet/orderParts';
import { TemplateUse } from './templateUse';

const WHO = 'daily run';

export interface ConsentFlowReport {
  /** Lines for the run log. */
  messages: string[];
  /** Out of time with emails still to send: the next hourly tick continues the daily run. */
  continuation: boolean;
}

/** Runs the consent flow. The caller holds the lock and flushes the workbook. */
export function runConsentFlow(services: Services, wb: Workbook, deadlineMs: number): ConsentFlowReport {
  const { settings } = wb.settings();
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  const needed = ['Order ID', 'Email', 'SKU', 'Qty', 'Status', 'Notices sent', 'Last notice', 'Consent', 'Refund due', 'Flag'].filter((h) => !orders.has(h));
  if (!orders.sheet || needed.length > 0) return { messages: [`Consent flow did not run: the Orders tab is missing the column(s) ${needed.join(', ')}. Run "Set up sheet".`], continuation: false };

  const toLocal = memoToLocal((d) => services.localDate(d));
  const today = services.localDate(services.clock.now());
  const readLines = () => readConsentLines(orders, toLocal);

  const activities: Activity[] = [];
  /** Units of lines cancelled since the last write, by table index. */
  const giveBack = new Map<number, { sku: string; units: number; activity: Activity }>();
  const messages: string[] = [];
  const planned = new Map<string, { kind: string; email: ConsentEmail }>();

  /** The customer was asked: "consent asked <day>" on each line, and Last notice. */
  const markAsked = (indexes: readonly number[], day: string, at: Date) => {
    for (const i of indexes) {
      orders.set(i, 'Notices sent', addMarks(orders.get(i, 'Notices sent'), { consentAsked: day }));
      orders.set(i, 'Last notice', at);
    }
  };
  /** Cancels waiting lines: Status, Allocated, Refund due, units back to stock, Activity log. */
  const cancel = (indexes: readonly number[], at: Date) => {
    const by = refundDueDate(services.localDate(at));
    const hasPrice = orders.has(UNIT_PRICE_HEADER);
    for (const i of indexes) {
      const l = waitingLine.get(i);
      if (!l || l.openQty <= 0) continue;
      waitingLine.delete(i);
      const rawPrice = hasPrice ? orders.get(l.index, UNIT_PRICE_HEADER) : '';
      const price = rawPrice === '' ? NaN : Number(rawPrice);
      const due = refundDueText(l.openQty, Number.isFinite(price) ? price : null, by);
      orders.set(l.index, 'Status', 'Cancelled');
      orders.set(l.index, 'Allocated', '');
      orders.set(l.index, 'Refund due', due);
      orders.set(l.index, 'Last notice', at);
      giveBack.set(l.index, {
        sku: skuKey(l.sku),
        units: l.openQty,
        activity: {
          when: at,
          who: WHO,
          what: 'Cancelled at consent deadline',
          orderId: l.orderId,
          sku: l.sku,
          before: l.statusCell,
          after: 'Cancelled',
          detail: `The customer did not agree to keep waiting within 30 days of the promised ship time; ${l.openQty} unit(s) back to Available; refund due ${due}.`,
        },
      });
    }
  };
  const saveProgress = () => {
    orders.flush();
    // A line that moved out of reach while the run was writing kept its status: its units stay owed.
    for (const i of orders.unmatched.splice(0)) {
      giveBack.delete(i);
      messages.push(`Orders row ${i + 2} as read (order ${String(orders.get(i, 'Order ID'))}) moved or changed while the consent flow was writing; it was not changed.`);
    }
    const units = new Map<string, number>();
    for (const g of giveBack.values()) {
      units.set(g.sku, (units.get(g.sku) ?? 0) + g.units);
      activities.push(g.activity);
    }
    for (const c of returnUnitsToStock(wb.ss, units)) {
      activities.push({ when: services.clock.now(), who: WHO, what: 'Available', sku: c.sku, before: c.before, after: c.after, detail: 'Units of lines cancelled at the consent deadline, no longer owed.' });
    }
    giveBack.clear();
    logActivities(wb.ss, activities.splice(0));
  };
  const sender = new Sender({
    services,
    wb,
    journal: 'consent',
    deadlineMs,
    onSent: (n, at) => {
      const p = planned.get(n.key);
      if (!p) return;
      if (p.kind === CONSENT_KIND) markAsked(p.email.lines, services.localDate(at), at);
      else cancel(p.email.lines, at);
    },
    saveProgress,
  });

  // A stopped run's sends first: the lines of that order and email still waiting get what the email said.
  let lines = readLines();
  /** Lines still waiting, by table index (a cancelled one is taken out). */
  const waitingLine = new Map(lines.map((l) => [l.index, l]));
  const recovered = sender.recover((e: JournalEntry) => {
    const skus = Array.isArray(e.data?.k) ? (e.data?.k as string[]).map(skuKey) : [];
    const covered = lines.filter((l) => l.orderId === e.orderId && l.email === e.to && skus.includes(skuKey(l.sku))).map((l) => l.index);
    if (e.kind === CONSENT_KIND) markAsked(covered, e.day, new Date(e.at));
    else if (e.kind === CANCELLED_KIND) cancel(covered, new Date(e.at));
  });
  if (recovered.length > 0) {
    lines = readLines();
    waitingLine.clear();
    for (const l of lines) waitingLine.set(l.index, l);
  }
  // A column broken on most waiting lines (the day notices reported it): nothing is asked, cancelled or flagged.
  const broken = brokenColumn(lines, settings.notifySegments);
  if (broken) {
    sender.finish();
    return { messages: [`Consent flow did not run: ${brokenColumnText(broken)}`], continuation: false };
  }

  const plan = planConsent(consentInput(wb, orders, toLocal, lines, today, sender.testMode ? sender.sentTodayInTest() : undefined));

  // Flags change no customer's order: written at once.
  if (!sender.testMode) {
    for (const f of plan.flag) {
      for (const i of f.lines) {
        const before = String(orders.get(i, 'Flag'));
        const after = before.trim() === '' ? CONSENT_FLAG : `${before}; ${CONSENT_FLAG}`;
        orders.set(i, 'Flag', after);
        activities.push({ when: services.clock.now(), who: WHO, what: 'Flagged at consent deadline', orderId: f.orderId, sku: String(orders.get(i, 'SKU')), before, after, detail: 'Settings › At consent deadline is "Flag for a manager" (for shops outside the US).' });
      }
    }
  }

  const templates = new TemplateUse(wb);
  const compose = (kind: string, e: ConsentEmail): Notice | null => {
    const data: TemplateData = { customer: e.customer, orderId: e.orderId, items: e.items, supportPhone: settings.supportPhone, senderName: settings.senderName, partOfOrder: e.partOfOrder, ...(e.cancelIn ? { cancelIn: e.cancelIn } : {}), ...(kind === CANCELLED_KIND ? { message: CANCELLED_AT_DEADLINE } : {}) };
    const chosen = templates.render(kind, data);
    if (chosen.unsafe !== null) sender.skip({ orderId: e.orderId, email: e.email, kind, skus: e.skus.join(', '), detail: `Not sent: the email would show an exact date (${chosen.unsafe}).` });
    const r = chosen.email;
    if (!r) return null;
    return { key: e.key, orderId: e.orderId, to: e.email, kind, skus: e.skus.join(', '), subject: r.subject, text: r.text, html: r.html, data: { k: e.skus } };
  };

  let sent = 0;
  let waiting = 0;
  let failuresInARow = 0;
  const queue: Array<[string, ConsentEmail]> = [...plan.cancel.map((e): [string, ConsentEmail] => [CANCELLED_KIND, e]), ...plan.requests.map((e): [string, ConsentEmail] => [CONSENT_KIND, e])];
  for (const [kind, e] of queue) {
    // Stopped (time, quota), or the mail service looks down: the rest waits for the next run.
    if (sender.stoppedBecause || failuresInARow >= MAX_FAILURES_IN_A_ROW) {
      waiting++;
      continue;
    }
    // A stopped run's send only its own account can judge: not sent meanwhile (src/engines/sending.ts).
    if (sender.isHeld(e.key)) continue;
    const n = compose(kind, e);
    if (!n) continue;
    planned.set(n.key, { kind, email: e });
    const result = sender.send(n);
    if (result === 'sent') sent++;
    else if (result !== 'failed') waiting++;
    failuresInARow = result === 'failed' ? failuresInARow + 1 : 0;
  }
  templates.report(sender, messages);
  sender.finish();
  messages.push(
    `Consent flow${sender.testMode ? ' (Test mode)' : ''}: ${plan.requests.length} consent request(s), ${plan.cancel.length} order(s) to cancel, ${plan.flag.length} flagged; ${sent} sent, ${waiting} waiting${sender.stoppedBecause ? ` (${sender.stoppedBecause})` : ''}.`,
  );
  // Out of time: the next hourly tick continues the daily run (the day notices plan nothing twice).
  return { messages, continuation: sender.stoppedBecause === 'time' };
}

/** The waiting lines as the consent flow reads them (BackOrder / INVHOLD / Partial only). */
function readConsentLines(orders: Table, toLocal: (d: Date) => string): Array<OrderLine & ConsentLine> {
  return readOrderLines(orders, toLocal, (i) => isBackorderStatus(parseOrderStatus(orders.get(i, 'Status')))).lines.map((l) => ({
    ...l,
    noticesCell: String(orders.get(l.index, 'Notices sent')),
    consent: String(orders.get(l.index, 'Consent')).trim(),
    allocated: Math.max(0, readInteger(orders.get(l.index, 'Allocated')) || 0),
    flag: String(orders.get(l.index, 'Flag')),
    lastNoticeDay: l.lastNotice ? toLocal(l.lastNotice) : null,
  }));
}

function consentInput(wb: Workbook, orders: Table, toLocal: (d: Date) => string, lines: readonly ConsentLine[], today: string, alreadySentToday: ReadonlySet<string> | undefined): ConsentInput {
  const { settings } = wb.settings();
  const invTable = wb.table(TAB.inventory);
  const inventory = invTable.sheet ? readInventory(invTable, toLocal, settings.lowStockDefault) : null;
  return {
    lines,
    today,
    promisedShipDays: settings.promisedShipDays,
    minGapDays: settings.minimumNoticeGapDays,
    consentExpiry: settings.consentExpiry,
    notifySegments: settings.notifySegments,
    prepDays: settings.warehousePrepDays,
    inventory: new Map(
      [...(inventory?.bySku ?? new Map())].map(([k, item]) => [k, { product: item.product, productLine: item.productLine, expected: item.expected, delayReason: String(invTable.get(item.index, 'Delay reason')) }]),
    ),
    partOfOrder: withSetAsideParts(partlyBackordered(orders), lines),
    ...(alreadySentToday ? { alreadySentToday } : {}),
  };
}

/** A line wholly set aside is being prepared to ship, not waiting: its order's emails say "part of your order". */
function withSetAsideParts(parts: Set<string>, lines: readonly ConsentLine[]): Set<string> {
  for (const l of lines) if (l.openQty > 0 && l.allocated >= l.openQty && l.orderId !== '') parts.add(l.orderId);
  return parts;
}

/**
 * The consent requests and cancellation emails a daily run now would send (read only: nothing is written or sent),
 * for the questions of *Go live…* and *Run daily notices now*. `emailedToday`: table indexes of lines the run's first
 * delay notices email first (their minimum notice gap then holds a consent request back, as in the run).
 */
export function dueConsentMail(services: Services, wb: Workbook, emailedToday: ReadonlySet<number> = new Set()): ConsentPlan {
  const orders = wb.table(TAB.orders);
  const needed = ['Order ID', 'Email', 'SKU', 'Qty', 'Status', 'Notices sent', 'Consent'];
  if (!orders.sheet || needed.some((h) => !orders.has(h))) return { requests: [], cancel: [], flag: [] };
  const toLocal = memoToLocal((d) => services.localDate(d));
  const today = services.localDate(services.clock.now());
  const lines = readConsentLines(orders, toLocal).map((l) => (emailedToday.has(l.index) ? { ...l, lastNoticeDay: today } : l));
  if (brokenColumn(lines, wb.settings().settings.notifySegments)) return { requests: [], cancel: [], flag: [] };
  return planConsent(consentInput(wb, orders, toLocal, lines, today, undefined));
}
