/**
 * The daily run: started by the hourly tick at the Daily run hour (src/jobs/clockTick.ts), continued by the
 * next tick when it stops for time, and run at once from the menu ("Run daily notices now").
 *
 * 1. Shop lock: a second run while one is running exits without sending (the tick tries again next hour).
 *    Until the run finishes the schedule says "continue", so a run stopped part-way (from the menu too) is
 *    resumed by the next tick.
 * 2. `refreshStockStatus` (stock alerts) in try/catch.
 * 3. Folds the send journal of a run that was killed (src/engines/sending.ts) into the Orders tab.
 * 4. Plans today's notices (src/core/notices.ts), records skipped milestones and bad rows, then sends
 *    oldest backorders first within the mail quota and the time budget (4.5 minutes of the 6). After each
 *    checkpoint the Orders lines are read again: an order cancelled or removed meanwhile is not emailed.
 *    Out of time: progress is saved and the next hourly tick continues. Out of quota: the rest
 *    waits for the next daily run.
 * 5. `sendGoodNews` (src/engines/goodNews.ts): one `Back in stock` email per order whose waiting lines are
 *    wholly set aside (they get no day notice), in try/catch.
 * 6. `continueExtendedUpdates` (queued extended stock-out updates) in try/catch, then the last writes.
 *
 * Spreadsheet calls do not grow with the number of order lines: each tab is read once (Workbook) and
 * written back as one block per changed column, log rows in one `setValues` per checkpoint.
 *
 * People keep editing Orders during a run: marks are written with the Orders table anchored by Order ID
 * and SKU (src/sheet/table.ts), so a sort or an inserted row never moves a mark to another line. A sent
 * notice whose line cannot be found any more is kept in `BD_UNMARKED_daily` (Document Properties) and
 * marked on the order's open lines by the next run, before it plans: never sent twice.
 */
import { finishedEmailDates } from '../core/customerText';
import { liveRefusedText } from '../core/goLive';
import { memoToLocal } from '../core/dates';
import { brokenColumn, brokenColumnText } from '../core/sheetChecks';
import { alternativesFor } from '../core/lookup';
import { addMarks, BadRow, NoticeItemInfo, NoticeLine, PlannedNotice, planNotices, SkippedNotice } from '../core/notices';
import { defaultTemplate, emailSizeProblem, renderTemplate, Template } from '../core/templates';
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import { requestContinuation, updateSchedule } from '../gas/schedule';
import { ChunkedList, KEYS } from '../gas/store';
import { isBackorderStatus, readInteger, readInventory, readOrderLines, type OrderLine } from '../sheet/records';
import { DAY_KIND, parseOrderStatus, TAB } from '../sheet/schema';
import type { Table } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { readTemplates } from '../sheet/templatesTab';
import { continueExtendedUpdates } from './extendedUpdates';
import { runDeadline, sameJournalId, Sender, SENDING_LOCK, type JournalEntry, type Notice } from '../engines/sending';
import { refreshStockStatus } from '../engines/stockPass';
import { reportFailure } from './failures';
import { reportOrderProblems } from './sheetProblems';
import { sendGoodNews } from '../engines/goodNews';

/** After this many failed sends in a row the mail service looks down: the rest waits for the next run. */
const MAX_FAILURES_IN_A_ROW = 5;

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


export interface DailyOptions {
  /** Clock ms after the start when no new send starts; default: `runDeadline` (src/engines/sending.ts). */
  budgetMs?: number;
  /** The workbook the caller already read (the hourly tick read Settings to decide): its tabs are not read again. */
  workbook?: Workbook;
}

/** The entry point's body: lock, hooks of the other features, notices. Null when another run holds the lock. */
export function runDailyNoticesJob(services: Services, options: DailyOptions = {}): DailyReport | null {
  const start = services.clock.now().getTime();
  const deadline = options.budgetMs !== undefined ? start + options.budgetMs : runDeadline(services, start);
  return withShopLock(
    services,
    () => {
      // Until this run finishes, the next hourly tick continues it (a run stopped part-way, from the menu too).
      updateSchedule(services.props, (s) => {
        s.continueDaily = true;
      });
      const wb = options.workbook ?? new Workbook(services.ss);
      try {
        refreshStockStatus(services, wb);
      } catch (e) {
        services.log(`Stock status refresh failed: ${(e as Error).message}`);
      }
      const report = dailyNotices(services, wb, deadline);
      try {
        report.messages.push(...sendGoodNews(services, wb, deadline).messages);
      } catch (e) {
        report.messages.push(`Back in stock emails could not be sent: ${(e as Error).message}`);
      }
      try {
        const r = continueExtendedUpdates(services, wb, deadline);
        for (const line of r.lines) report.messages.push(line);
      } catch (e) {
        report.messages.push(`Extended stock-out updates could not continue: ${(e as Error).message}`);
      }
      wb.flush();
      if (!report.continuation) {
        updateSchedule(services.props, (s) => {
          delete s.continueDaily;
        });
      }
      for (const m of report.messages) services.log(m);
      services.log(
        `Daily notices${report.testMode ? ' (Test mode)' : ''}: ${report.planned} planned, ${report.sent} sent, ${report.failed} failed, ` +
          `${report.skipped} skipped, ${report.waiting} waiting${report.stoppedBecause ? ` (${report.stoppedBecause})` : ''}.`,
      );
      return report;
    },
    SENDING_LOCK,
  );
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
  const lines = readOrderLines(orders, toLocal, waiting).lines as Array<OrderLine & { noticesCell?: string; allocated?: number }>;
  for (const l of lines) {
    l.noticesCell = String(orders.get(l.index, 'Notices sent'));
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
function noticeInventory(inventory: ReturnType<typeof readInventory>): Map<string, NoticeItemInfo> {
  const info = (item: (typeof inventory.items)[number]): NoticeItemInfo => {
    let alternative: string | undefined;
    return {
      product: item.product,
      productLine: item.productLine,
      expected: item.expected,
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
 * How many notices a run now would send (read only: nothing is written or sent), for the confirmation of
 * *Run daily notices now*. Bad rows and passed-over milestones are not counted; a continuation's journal is.
 */
export function dueNoticeCount(services: Services, wb: Workbook): number {
  const { settings } = wb.settings();
  const orders = wb.table(TAB.orders);
  if (!orders.sheet) return 0;
  const toLocal = memoToLocal((d) => services.localDate(d));
  const invTable = wb.table(TAB.inventory);
  const inventory = invTable.sheet ? readInventory(invTable, toLocal, settings.lowStockDefault) : null;
  const invMap = inventory ? noticeInventory(inventory) : null;
  const plan = planNotices({
    lines: toNoticeLines(orders, toLocal),
    inventory: invMap,
    today: services.localDate(services.clock.now()),
    noticeDays: settings.noticeDays,
    notifySegments: settings.notifySegments,
    prepDays: settings.warehousePrepDays,
    graceDays: settings.restockGraceDays,
  });
  return plan.notices.length;
}

/** Sent notices whose marks could not be written (their line moved out of reach during the run). */
export const UNMARKED_LIST = KEYS.unmarked.key;

/** The notices part of the daily run (the caller holds the lock). */
export function dailyNotices(services: Services, wb: Workbook, deadline: number): DailyReport {
  const { settings, problems, liveRefused } = wb.settings();
  const report: DailyReport = {
    testMode: settings.sendMode === 'Test',
    planned: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    badRows: 0,
    waiting: 0,
    stoppedBecause: null,
    recovered: 0,
    continuation: false,
    messages: [...problems],
  };
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  const needed = ['Order ID', 'Email', 'SKU', 'Qty', 'Status', 'Notices sent', 'Last notice'].filter((h) => !orders.has(h));
  if (!orders.sheet || needed.length > 0) {
    const why = orders.sheet ? `the Orders tab is missing the column(s) ${needed.join(', ')}` : 'there is no Orders tab (was it renamed?)';
    report.messages.push(`Daily notices did not run: ${why}. Run "Set up sheet".`);
    reportFailure(services, 'Daily notices did not run', `${why}. Run "Set up sheet" (it renames a near match back).`);
    return report;
  }

  const mark = (indexes: readonly number[], add: { sent?: number[]; skipped?: number[]; badRow?: boolean }, at: Date | null) => {
    for (const i of indexes) {
      orders.set(i, 'Notices sent', addMarks(orders.get(i, 'Notices sent'), add));
      if (at) orders.set(i, 'Last notice', at);
    }
  };
  // Sent marks by row (as read), so a mark whose row cannot be found is carried to the next run.
  interface SentMark {
    o: string;
    /** The customer's email (lines of one Order ID with another email are another customer's). */
    e?: string;
    m: number;
    s: number[];
    at: number;
  }
  const sentOn = new Map<number, SentMark>();
  const markSent = (indexes: readonly number[], n: SentMark) => {
    mark(indexes, { sent: [n.m], skipped: n.s }, new Date(n.at));
    for (const i of indexes) sentOn.set(i, n);
  };
  const unmarked = new ChunkedList(services.props, UNMARKED_LIST, services.log);
  const carried = new Set<string>();
  const saveMarks = () => {
    orders.flush();
    for (const i of orders.unmatched.splice(0)) {
      const n = sentOn.get(i);
      const what = `Orders row ${i + 2} as read (order ${String(orders.get(i, 'Order ID'))}, SKU ${String(orders.get(i, 'SKU'))})`;
      if (n && !carried.has(`${n.o}|${n.m}|${n.e}`)) {
        carried.add(`${n.o}|${n.m}|${n.e}`);
        unmarked.push(JSON.stringify(n));
        report.messages.push(`${what} moved or changed while the run was writing; its Notices sent mark (day ${n.m}) will be put on the order's open lines by the next run.`);
      } else if (!n) {
        report.messages.push(`${what} moved or changed while the run was writing; its Notices sent mark was not written and is recorded again on a later run.`);
      }
    }
  };
  const planned = new Map<string, PlannedNotice>();
  // People edit Orders during a run: at each checkpoint the lines are read again, and a notice whose order
  // no longer has an open line for that customer (cancelled, shipped, deleted) is not sent.
  let linesChanged = false;
  let openNow: Set<string> | null = null;
  const stillOpen = (p: PlannedNotice): boolean => {
    if (linesChanged) {
      linesChanged = false;
      const fresh = new Workbook(services.ss).table(TAB.orders);
      openNow = new Set(toNoticeLines(fresh, toLocal).filter((l) => l.openQty > 0).map((l) => `${l.orderId}|${l.email}`));
    }
    return !openNow || openNow.has(`${p.orderId}|${p.email}`);
  };
  const sender = new Sender({
    services,
    wb,
    journal: 'daily',
    deadlineMs: deadline,
    onSent: (n, at) => {
      const p = planned.get(n.key);
      if (p) markSent(p.lines, { o: p.orderId, e: p.email, m: p.milestone, s: p.skipped, at: at.getTime() });
    },
    saveProgress: () => {
      saveMarks();
      linesChanged = true;
    },
  });
  // Settings problems reach the shop once per run where it looks: the Notice log.
  if (problems.length > 0) {
    sender.skip({ orderId: '', email: '', kind: '', skus: '', detail: `Settings need attention (notices still go out with the values noted): ${problems.join(' ')}` });
  }
  sayLiveRefused(services, liveRefused, sender, report.messages);

  const toLocal = memoToLocal((d) => services.localDate(d));
  // A killed run's sends first (and sends whose marks a run could not write): every open line of the
  // order gets the milestone.
  let lines = toNoticeLines(orders, toLocal);
  const applySent = (orderId: string, email: string | undefined, m: number, skipped: number[], at: number) => {
    if (!Number.isInteger(m)) return;
    const covered = lines.filter((l) => (l.orderId === orderId || sameJournalId(l.orderId, orderId)) && l.openQty > 0 && (email === undefined || l.email === email)).map((l) => l.index);
    markSent(covered, { o: orderId, e: email, m, s: skipped, at });
  };
  const recovered = sender.recover((e: JournalEntry) => {
    applySent(e.orderId, e.to, Number(e.data?.m), Array.isArray(e.data?.s) ? (e.data?.s as number[]).map(Number) : [], e.at);
  });
  report.recovered = recovered.length;
  const carriedOver = unmarked.items();
  for (const item of carriedOver) {
    try {
      const n = JSON.parse(item) as SentMark;
      applySent(String(n.o), typeof n.e === 'string' ? n.e : undefined, Number(n.m), Array.isArray(n.s) ? n.s.map(Number) : [], Number(n.at));
    } catch {
      report.messages.push(`${UNMARKED_LIST}: an unreadable entry was ignored.`);
    }
  }
  if (carriedOver.length > 0) unmarked.clear();
  if (recovered.length > 0 || carriedOver.length > 0) {
    saveMarks();
    lines = toNoticeLines(orders, toLocal);
  }

  // A column broken on most lines is the sheet's problem, not each row's: mark nothing, say so where the owner looks.
  const broken = brokenColumn(lines, settings.notifySegments);
  if (broken) {
    report.stoppedBecause = `Orders › ${broken.column} is broken`;
    report.messages.push(`Daily notices did not run: ${brokenColumnText(broken)}`);
    sender.finish();
    reportFailure(services, 'Daily notices did not run', brokenColumnText(broken));
    return report;
  }
  reportOrderProblems(services, orders, lines, settings.notifySegments, services.localDate(services.clock.now()));

  const invTable = wb.table(TAB.inventory);
  const inventory = invTable.sheet ? readInventory(invTable, toLocal, settings.lowStockDefault) : null;
  const invMap = inventory ? noticeInventory(inventory) : null;
  const today = services.localDate(services.clock.now());
  const plan = planNotices({
    lines,
    inventory: invMap,
    today,
    noticeDays: settings.noticeDays,
    notifySegments: settings.notifySegments,
    prepDays: settings.warehousePrepDays,
    graceDays: settings.restockGraceDays,
    alreadySentToday: report.testMode ? sender.sentTodayInTest() : undefined,
  });
  report.planned = plan.notices.length;

  // Missed milestones and bad rows: every milestone is recorded on the rows (so none is considered again),
  // and the log gets one row per order (a backlog import must not flood the log) and one per bad row.
  for (const s of plan.skipped) recordSkip(s);
  function recordSkip(s: SkippedNotice): void {
    mark(s.lines, { skipped: s.milestones }, null);
    sender.skip({ orderId: s.orderId, email: s.email, kind: DAY_KIND(Math.max(...s.milestones)), skus: s.skus.join(', '), detail: passedOver(s.milestones, s.reason) });
  }
  for (const b of plan.badRows) recordBad(b);
  function recordBad(b: BadRow): void {
    report.badRows++;
    mark([b.index], b.milestones.length ? { skipped: b.milestones } : { badRow: true }, null);
    const kind = b.milestones.length ? DAY_KIND(Math.max(...b.milestones)) : '';
    sender.skip({ orderId: b.orderId, email: b.email, kind, skus: b.sku, detail: `${b.reason}. Fix the row; it joins the schedule again at its next notice.` });
  }

  // Send, oldest backorders first.
  const templates = readTemplates(wb);
  // Custom templates that could not be used: one Notice log row per kind and run.
  const rejected = new Map<string, { why: string; count: number }>();
  let failuresInARow = 0;
  let index = 0;
  for (; index < plan.notices.length; index++) {
    const p = plan.notices[index];
    if (sender.isHeld(p.key)) continue;
    if (!stillOpen(p)) {
      sender.skip({ orderId: p.orderId, email: p.email, kind: DAY_KIND(p.milestone), skus: p.skus.join(', '), detail: 'Not sent: the order was cancelled, shipped or removed from Orders while the run was sending.' });
      continue;
    }
    const notice = compose(p);
    if (!notice) continue;
    planned.set(p.key, p);
    const result = sender.send(notice);
    if (result === 'sent') {
      report.sent++;
      failuresInARow = 0;
    } else if (result === 'failed') {
      report.failed++;
      if (++failuresInARow >= MAX_FAILURES_IN_A_ROW || sender.stoppedBecause) {
        report.stoppedBecause = sender.stoppedBecause ?? 'the mail service failed repeatedly';
        index++;
        break;
      }
    } else {
      report.stoppedBecause = result;
      break;
    }
  }
  report.waiting = plan.notices.length - index;
  for (const [kind, r] of rejected) {
    const detail = `Templates › ${kind}: ${r.why}; the default text was used instead (${r.count} notice${r.count === 1 ? '' : 's'} this run). Fix the template to use it again.`;
    sender.skip({ orderId: '', email: '', kind, skus: '', detail });
    report.messages.push(detail);
  }

  if (report.stoppedBecause === 'time') {
    requestContinuation(services.props);
    report.continuation = true;
    report.messages.push(`Daily notices: out of time with ${report.waiting} still to send; the next hourly run continues.`);
  } else if (report.stoppedBecause === 'quota') {
    report.messages.push(`Daily notices: the daily email quota is used up; ${report.waiting} notice(s) wait for the next run.`);
    reportFailure(services, 'Daily notices stopped: no email quota left', `the daily email quota is used up; ${report.waiting} notice(s) wait for the next run`);
  } else if (report.stoppedBecause === 'no-test-recipient') {
    const detail = `Send mode is Test but Settings › Test recipient is blank or not a valid email: ${report.waiting} notice(s) were not sent. Set a Test recipient, or set Send mode to Live.`;
    sender.skip({ orderId: '', email: '', kind: '', skus: '', detail });
    report.messages.push(detail);
  }
  report.skipped = sender.counts.skipped;
  sender.finish();
  return report;

  function compose(p: PlannedNotice): Notice | null {
    const kind = DAY_KIND(p.milestone);
    // Every sheet value is screened for dates by renderTemplate (product -> SKU -> "one of your items", …).
    const data = { customer: p.customer, orderId: p.orderId, items: p.items, supportPhone: settings.supportPhone, senderName: settings.senderName };
    const fallback = defaultTemplate(kind) ?? { subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update', body: defaultTemplate('Day 3')!.body };
    const custom = templates.get(kind.toLowerCase());
    const candidates: Template[] = custom ? [custom, fallback] : [fallback];
    const reject = (why: string) => {
      const r = rejected.get(kind);
      if (r) r.count++;
      else rejected.set(kind, { why, count: 1 });
    };
    for (const t of candidates) {
      let r;
      try {
        r = renderTemplate(t, data);
      } catch (e) {
        reject((e as Error).message.replace(/\.$/, ''));
        continue;
      }
      // A custom text the mail service would refuse (too large) must not fail every day: the default goes instead.
      const tooLarge = t === custom ? emailSizeProblem(r) : null;
      if (tooLarge) {
        reject(tooLarge);
        continue;
      }
      // The last guard: nothing with a date reaches a customer.
      const shown = finishedEmailDates(r);
      if (shown !== null) {
        if (t === custom) {
          reject(`contains an exact date or weekday (${shown})`);
          continue;
        }
        // Recorded as skipped on the lines, so it is logged once, never again every day.
        mark(p.lines, { skipped: [...p.skipped, p.milestone] }, null);
        sender.skip({ orderId: p.orderId, email: p.email, kind, skus: p.skus.join(', '), detail: `Not sent: the email would show an exact date (${shown}).` });
        return null;
      }
      return {
        key: p.key,
        orderId: p.orderId,
        to: p.email,
        kind,
        skus: p.skus.join(', '),
        subject: r.subject,
        text: r.text,
        html: r.html,
        data: { m: p.milestone, s: p.skipped },
      };
    }
    return null;
  }
}
