/**
 * The day notices, one mail batch of the daily run (src/engines/dailyRun.ts) per tier: first notices (no
 * milestone sent yet on one of their lines) and later ones. A short script: read Orders and Inventory →
 * fold a stopped run's sends and carried marks (src/engines/noticeMarks.ts) → plan today's milestones
 * (src/core/notices.ts) → record passed-over milestones and bad rows → send oldest backorders first within
 * the quota and the time budget (src/engines/sending.ts). People edit Orders during a run: at each
 * checkpoint the lines are read again, and a notice whose order has no open line for that customer any more
 * (cancelled, shipped, deleted) is not sent.
 */
import { liveRefusedText } from '../core/goLive';
import { memoToLocal } from '../core/dates';
import { brokenColumn, brokenColumnText } from '../core/sheetChecks';
import { alternativesFor } from '../core/lookup';
import { DAY_KIND } from '../core/model';
import { dayNoticeEmail, type BadRow, type NoticeItemInfo, type NoticeLine, type NoticePlan, type PlanInput, type PlannedNotice, planNotices, type SkippedNotice } from '../core/notices';
import type { Settings } from '../core/model';
import type { Services } from '../gas/services';
import { requestContinuation } from '../gas/schedule';
import { KEYS } from '../gas/store';
import { isBackorderStatus, readInteger, readInventory, readOrderLines, type OrderLine } from '../sheet/records';
import { parseOrderStatus, TAB } from '../sheet/schema';
import type { Table } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { partlyBackordered } from '../sheet/orderParts';
import { NoticeMarks } from './noticeMarks';
import { TemplateUse } from './templateUse';
import { sendAll, Sender, type Notice } from './sending';
import type { SendOptions } from './shipments';
import { reportFailure } from './failures';
import { reportOrderProblems } from './sheetProblems';

/** What a run (or one tier of it) did. */
export interface DailyReport {
  testMode: boolean;
  planned: number;
  sent: number;
  failed: number;
  /** Skipped log rows written (missed milestones, bad rows, unsafe texts). */
  skipped: number;
  badRows: number;
  /** Notices planned but not sent this run (quota, time, no test recipient, mail service down). */
  waiting: number;
  stoppedBecause: string | null;
  recovered: number;
  continuation: boolean;
  messages: string[];
}


/** Orders columns the notices read and write. */
const NOTICE_COLUMNS = ['Order ID', 'Email', 'SKU', 'Qty', 'Status', 'Notices sent', 'Last notice'];

/**
 * One tier of the day notices (the caller holds the lock). `part.only`: 'first' sends only first notices,
 * 'later' only the others; the first tier also reports what concerns both (the sheet's problems, once).
 * Waiting notices are logged with `part.waitDetail` when the quota stops.
 */
export function dailyNotices(services: Services, wb: Workbook, deadline: number, part: { only?: 'first' | 'later' } & SendOptions = {}): DailyReport {
  const { settings, problems, liveRefused } = wb.settings();
  const report = emptyReport(settings.sendMode === 'Test', problems);
  const firstPart = part.only !== 'later';
  const stop = (why: string, detail: string) => {
    report.messages.push(`Daily notices did not run: ${why}`);
    if (firstPart) reportFailure(services, 'Daily notices did not run', detail);
    return report;
  };

  // Read.
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  const needed = NOTICE_COLUMNS.filter((h) => !orders.has(h));
  if (!orders.sheet || needed.length > 0) {
    const why = orders.sheet ? `the Orders tab is missing the column(s) ${needed.join(', ')}` : 'there is no Orders tab (was it renamed?)';
    return stop(`${why}. Run "Set up sheet".`, `${why}. Run "Set up sheet" (it renames a near match back).`);
  }
  const toLocal = memoToLocal((d) => services.localDate(d));
  const marks = new NoticeMarks(services, orders, report.messages);
  const planned = new Map<string, PlannedNotice>();
  const open = openOrders(services, toLocal);
  const sender = new Sender({
    services,
    wb,
    journal: 'daily',
    deadlineMs: deadline,
    onSent: (n, at) => {
      const p = planned.get(n.key);
      if (p) marks.sent(p.lines, p.orderId, p.email, p.milestone, p.skipped, at.getTime());
    },
    saveProgress: () => {
      marks.save();
      open.readAgain();
    },
  });
  if (firstPart) {
    // Settings problems reach the shop once per run where it looks: the Notice log.
    if (problems.length > 0) sender.skip({ orderId: '', email: '', kind: '', skus: '', detail: `Settings need attention (notices still go out with the values noted): ${problems.join(' ')}` });
    sayLiveRefused(services, liveRefused, sender, report.messages);
  }
  // A stopped run's sends, and marks a run could not write, go on the rows before anything is planned.
  let lines = toNoticeLines(orders, toLocal);
  const recovered = sender.recover((e) => marks.recovered(lines, e));
  report.recovered = recovered.length;
  if (marks.carryOver(lines) > 0 || recovered.length > 0) {
    marks.save();
    lines = toNoticeLines(orders, toLocal);
  }
  // A column broken on most lines is the sheet's problem, not each row's: mark nothing, say so where the owner looks.
  const broken = brokenColumn(lines, settings.notifySegments);
  if (broken) {
    report.stoppedBecause = `Orders › ${broken.column} is broken`;
    sender.finish();
    return stop(brokenColumnText(broken), brokenColumnText(broken));
  }
  const today = services.localDate(services.clock.now());
  if (firstPart) reportOrderProblems(services, orders, lines, settings.notifySegments, today);

  // Decide.
  const plan = planDayNotices(wb, settings, lines, today, toLocal, {
    alreadySentToday: report.testMode ? sender.sentTodayInTest() : undefined,
    partOfOrder: partlyBackordered(orders),
  });
  const todo = part.only === undefined ? plan.notices : plan.notices.filter((p) => p.first === (part.only === 'first'));
  report.planned = todo.length;

  // Write: every passed-over milestone and bad row is recorded on its rows, so none is considered again.
  for (const s of plan.skipped) recordPassedOver(s, marks, sender);
  for (const b of plan.badRows) recordBadRow(b, marks, sender);
  report.badRows = plan.badRows.length;

  // Send, oldest backorders first.
  const templates = new TemplateUse(wb, 'notice');
  const compose = (p: PlannedNotice): Notice | null => {
    const kind = DAY_KIND(p.milestone);
    if (!open.has(p)) {
      sender.skip({ orderId: p.orderId, email: p.email, kind, skus: p.skus.join(', '), detail: 'Not sent: the order was cancelled, shipped or removed from Orders while the run was sending.' });
      return null;
    }
    const chosen = templates.noted(kind, dayNoticeEmail(p, templates.custom(kind), settings));
    if (chosen.unsafe !== null) {
      // Recorded as skipped on the lines, so it is logged once, never again every day.
      marks.mark(p.lines, { skipped: [...p.skipped, p.milestone] }, null);
      sender.skip({ orderId: p.orderId, email: p.email, kind, skus: p.skus.join(', '), detail: `Not sent: the email would show an exact date (${chosen.unsafe}).` });
      return null;
    }
    const r = chosen.email;
    if (!r) return null;
    planned.set(p.key, p);
    return { key: p.key, orderId: p.orderId, to: p.email, kind, skus: p.skus.join(', '), subject: r.subject, text: r.text, html: r.html, data: { m: p.milestone, s: p.skipped } };
  };
  const waitRow = (p: PlannedNotice) => ({ orderId: p.orderId, email: p.email, kind: DAY_KIND(p.milestone), skus: p.skus.join(', ') });
  const sent = sendAll(sender, todo, compose, part.waitDetail && { detail: part.waitDetail(part.higherTierTookQuota === true), row: waitRow });
  Object.assign(report, { sent: sent.sent, failed: sent.failed, waiting: sent.waiting, stoppedBecause: sent.stoppedBecause });
  templates.report(sender, report.messages);
  reportStop(services, sender, report);
  report.skipped = sender.counts.skipped;
  sender.finish();
  return report;
}

/** A report of a run (or a tier of it) that has done nothing yet; `problems`: the Settings problems it starts with. */
export function emptyReport(testMode: boolean, problems: readonly string[]): DailyReport {
  return { testMode, planned: 0, sent: 0, failed: 0, skipped: 0, badRows: 0, waiting: 0, stoppedBecause: null, recovered: 0, continuation: false, messages: [...problems] };
}

/**
 * Which orders still have an open line for the customer. Nothing is read until the first checkpoint
 * (`readAgain`); from then on the lines are read again once after each checkpoint.
 */
function openOrders(services: Services, toLocal: (d: Date) => string) {
  let stale = false;
  let openNow: Set<string> | null = null;
  return {
    readAgain(): void {
      stale = true;
    },
    has(p: PlannedNotice): boolean {
      if (stale) {
        stale = false;
        const fresh = new Workbook(services.ss).table(TAB.orders);
        openNow = new Set(toNoticeLines(fresh, toLocal).filter((l) => l.openQty > 0).map((l) => `${l.orderId}|${l.email}`));
      }
      return !openNow || openNow.has(`${p.orderId}|${p.email}`);
    },
  };
}

/** A run that stopped before sending everything says why: in the run log, and in the Notice log for a missing Test recipient. */
function reportStop(services: Services, sender: Sender, report: DailyReport): void {
  if (report.stoppedBecause === 'time') {
    requestContinuation(services.props);
    report.continuation = true;
    report.messages.push(`Daily notices: out of time with ${report.waiting} still to send; the next hourly run continues.`);
  } else if (report.stoppedBecause === 'quota') {
    report.messages.push(`Daily notices: the daily email quota is used up; ${report.waiting} notice(s) wait for the next run.`);
  } else if (report.stoppedBecause === 'no-test-recipient') {
    const detail = `Send mode is Test but Settings › Test recipient is blank or not a valid email: ${report.waiting} notice(s) were not sent. Set a Test recipient, or set Send mode to Live.`;
    sender.skip({ orderId: '', email: '', kind: '', skus: '', detail });
    report.messages.push(detail);
  }
}

/** Missed milestones: recorded on the rows, one Notice log row per order (a backlog import must not flood the log). */
function recordPassedOver(s: SkippedNotice, marks: NoticeMarks, sender: Sender): void {
  marks.mark(s.lines, { skipped: s.milestones }, null);
  sender.skip({ orderId: s.orderId, email: s.email, kind: DAY_KIND(Math.max(...s.milestones)), skus: s.skus.join(', '), detail: passedOver(s.milestones, s.reason) });
}

/** A bad row: its milestone (or the bad-row flag) on the row, one Notice log row; fixing the row lets it join again. */
function recordBadRow(b: BadRow, marks: NoticeMarks, sender: Sender): void {
  marks.mark([b.index], b.milestones.length ? { skipped: b.milestones } : { badRow: true }, null);
  const kind = b.milestones.length ? DAY_KIND(Math.max(...b.milestones)) : '';
  sender.skip({ orderId: b.orderId, email: b.email, kind, skus: b.sku, detail: `${b.reason}. Fix the row; it joins the schedule again at its next notice.` });
}

/** Notice log Detail of an order's skipped milestones: "Days 3, 10, 17 passed over (not sent): the backorder was already at day 45, …". */
function passedOver(milestones: readonly number[], reason: string): string {
  const days = milestones.length === 1 ? `Day ${milestones[0]}` : `Days ${milestones.join(', ')}`;
  return `${days} passed over (not sent): ${reason}.`;
}

/**
 * The lines a notice or a recovered send can concern: BackOrder, INVHOLD and Partial (the planner and the
 * journal fold look at no other), so Shipped, Cancelled and Open lines (most of a big sheet) are not parsed.
 */
function toNoticeLines(orders: Table, toLocal: (d: Date) => string): NoticeLine[] {
  const waiting = (i: number) => isBackorderStatus(parseOrderStatus(orders.get(i, 'Status')));
  const lines = readOrderLines(orders, toLocal, waiting).lines as Array<OrderLine & { noticesCell?: string; allocated?: number; lastNoticeDay?: string | null; consent?: string }>;
  const hasConsent = orders.has('Consent');
  for (const l of lines) {
    l.noticesCell = String(orders.get(l.index, 'Notices sent'));
    // A customer asked whether to keep waiting gets no day notice until their consent is recorded here.
    l.consent = hasConsent ? String(orders.get(l.index, 'Consent')) : '';
    l.lastNoticeDay = l.lastNotice ? toLocal(l.lastNotice) : null;
    // Units set aside (src/engines/allocation.ts): a line with all of them gets the good news instead.
    l.allocated = Math.max(0, readInteger(orders.get(l.index, 'Allocated')) || 0);
  }
  return lines as NoticeLine[];
}

/**
 * Send mode Live with an incomplete go-live checklist runs as Test: every run's log says why, and the Notice log
 * once (again only when the gaps change).
 */
function sayLiveRefused(services: Services, gaps: readonly string[], sender: Sender, messages: string[]): void {
  const said = services.props.get(KEYS.liveRefusedSaid.key);
  if (gaps.length === 0) {
    if (said !== null) services.props.delete(KEYS.liveRefusedSaid.key);
    return;
  }
  const text = liveRefusedText(gaps);
  messages.push(text);
  if (said === gaps.join(', ')) return;
  sender.skip({ orderId: '', email: '', kind: '', skus: '', detail: text });
  services.props.set(KEYS.liveRefusedSaid.key, gaps.join(', '));
}

/**
 * What a notice needs of each item: its names, its expected date, and the first real in-stock alternative (its
 * Alternatives, else the same Product line) for items that are not in stock.
 */
function noticeInventory(inventory: ReturnType<typeof readInventory>, invTable: Table): Map<string, NoticeItemInfo> {
  const info = (item: (typeof inventory.items)[number]): NoticeItemInfo => {
    let alternative: string | undefined;
    return {
      product: item.product,
      productLine: item.productLine,
      expected: item.expected,
      delayReason: String(invTable.get(item.index, 'Delay reason')),
      // Looked up only for the items a notice lists (a big catalogue has thousands the run never mentions).
      get alternative() {
        if (alternative === undefined) alternative = item.status === 'In stock' ? '' : (alternativesFor(inventory, item, 1)[0]?.product ?? '');
        return alternative;
      },
    };
  };
  return new Map([...inventory.bySku].map(([k, item]) => [k, info(item)]));
}

/**
 * The day notices a run now would send (read only: nothing is written or sent), for the questions of *Go live…*
 * and *Run daily notices now* (src/engines/dailyRun.ts `dueMail`). Bad rows and passed-over milestones are not
 * counted.
 */
export function dueDayNotices(services: Services, wb: Workbook): PlannedNotice[] {
  const { settings } = wb.settings();
  const orders = wb.table(TAB.orders);
  if (!orders.sheet) return [];
  const toLocal = memoToLocal((d) => services.localDate(d));
  return planDayNotices(wb, settings, toNoticeLines(orders, toLocal), services.localDate(services.clock.now()), toLocal).notices;
}

/** Today's day-notice plan of these lines, with the items as Inventory describes them and the shop's settings. */
function planDayNotices(
  wb: Workbook,
  settings: Settings,
  lines: NoticeLine[],
  today: string,
  toLocal: (d: Date) => string,
  extra: Pick<PlanInput, 'alreadySentToday' | 'partOfOrder'> = {},
): NoticePlan {
  const invTable = wb.table(TAB.inventory);
  const inventory = invTable.sheet ? readInventory(invTable, toLocal, settings.lowStockDefault) : null;
  return planNotices({
    lines,
    inventory: inventory ? noticeInventory(inventory, invTable) : null,
    today,
    noticeDays: settings.noticeDays,
    notifySegments: settings.notifySegments,
    prepDays: settings.warehousePrepDays,
    graceDays: settings.restockGraceDays,
    promisedShipDays: settings.promisedShipDays,
    minGapDays: settings.minimumNoticeGapDays,
    ...extra,
  });
}
