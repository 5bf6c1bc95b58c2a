/**
 * The daily run: started by the hourly tick at the Daily run hour (src/jobs/clockTick.ts), continued by the
 * next tick when it stops for time, and run at once from the menu ("Run daily notices now").
 *
 * 1. Shop lock: a second run while one is running exits without sending (the tick tries again next hour).
 *    Until the run finishes the schedule says "continue", so a run stopped part-way (from the menu too) is
 *    resumed by the next tick.
 * 2. `refreshStockStatus` (stock alerts) in try/catch.
 * 3. `syncShipments` (src/engines/shipments.ts): Orders follow the Shipments tab before anything is planned.
 * 4. The mail batches (`mailBatches`), highest tier first (src/core/mailPriority.ts): first delay notices
 *    and the consent flow (src/engines/consentFlow.ts: consent requests, cancellations at the deadline),
 *    shipment and good-news (`Back in stock`, src/engines/goodNews.ts) emails, later delay notices
 *    (src/engines/dayNotices.ts). Each folds its own send journal of a run that was stopped
 *    (src/engines/sending.ts) first, and sends within the mail quota and the time budget (4.5 minutes of
 *    the 6). Out of time: progress is saved and the next hourly tick continues. Out of quota: the rest waits
 *    for the next daily run, each with a Notice log row saying why.
 * 5. `continueExtendedUpdates` (queued extended stock-out updates) in try/catch, then the last writes.
 *
 * Spreadsheet calls do not grow with the number of order lines: each tab is read once (Workbook) and
 * written back as one block per changed column, log rows in one `setValues` per checkpoint.
 */
import { inSendingOrder, type MailTier, waitDetail } from '../core/mailPriority';
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import { requestContinuation, updateSchedule } from '../gas/schedule';
import { Workbook } from '../sheet/workbook';
import { dueConsentMail, runConsentFlow } from './consentFlow';
import { dailyNotices, dueDayNotices, emptyReport, type DailyReport } from './dayNotices';
import { continueExtendedUpdates } from './extendedUpdates';
import { runDeadline, SENDING_LOCK } from './sending';
import { sendShipmentEmails, syncShipments, type BatchResult, type SendOptions } from './shipments';
import { refreshStockStatus } from './stockPass';
import { reportFailure } from './failures';
import { dueGoodNewsCount, sendGoodNews } from './goodNews';

export type { DailyReport };

export interface DailyOptions {
  /** Clock ms after the start when no new send starts; default: `runDeadline` (src/engines/sending.ts). */
  budgetMs?: number;
  /** The workbook the caller already read (the hourly tick read Settings to decide): its tabs are not read again. */
  workbook?: Workbook;
}

/**
 * One kind of customer mail the daily run sends. When the quota cannot cover everything, batches go in tier
 * order (src/core/mailPriority.ts), and each logs what it could not send with `options.waitDetail`.
 */
export interface MailBatch {
  tier: MailTier;
  name: string;
  send(deadline: number, options: SendOptions): BatchResult;
}

/**
 * The daily run's mail: one entry per kind, in any order (`inSendingOrder` sorts by tier). A new kind of mail
 * adds its entry here.
 */
function mailBatches(services: Services, wb: Workbook, report: DailyReport): MailBatch[] {
  const notices = (only: 'first' | 'later') => (deadline: number, options: SendOptions) => {
    const r = dailyNotices(services, wb, deadline, { only, ...options });
    mergeReport(report, r);
    return { sent: r.sent, failed: r.failed, waiting: r.waiting, stoppedBecause: r.stoppedBecause };
  };
  return [
    { tier: 'required', name: 'First delay notices', send: notices('first') },
    {
      tier: 'required',
      name: 'Consent requests and cancellations',
      send: (deadline) => {
        const before = services.mail.remainingQuota();
        const c = runConsentFlow(services, wb, deadline);
        report.messages.push(...c.messages);
        return { sent: Math.max(0, before - services.mail.remainingQuota()), failed: 0, waiting: 0, stoppedBecause: c.continuation ? 'time' : null };
      },
    },
    { tier: 'news', name: 'Shipment emails', send: (deadline, options) => sendShipmentEmails(services, wb, deadline, options) },
    {
      tier: 'news',
      name: 'Back in stock emails',
      send: (deadline) => {
        const r = sendGoodNews(services, wb, deadline);
        report.messages.push(...r.messages);
        return { sent: r.sent, failed: r.failed, waiting: Math.max(0, r.planned - r.sent - r.failed), stoppedBecause: r.stoppedBecause };
      },
    },
    { tier: 'routine', name: 'Later delay notices', send: notices('later') },
  ];
}

function mergeReport(into: DailyReport, r: DailyReport): void {
  into.testMode = r.testMode;
  into.planned += r.planned;
  into.sent += r.sent;
  into.failed += r.failed;
  into.skipped += r.skipped;
  into.badRows += r.badRows;
  into.waiting += r.waiting;
  into.stoppedBecause ??= r.stoppedBecause;
  into.recovered += r.recovered;
  into.continuation ||= r.continuation;
  for (const m of r.messages) if (!into.messages.includes(m)) into.messages.push(m);
}

/** The entry point's body: lock, hooks of the other features, then the mail batches by priority. Null when another run holds the lock. */
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
      const report = emptyReport(false, []);
      try {
        // Before any notice: a line that shipped is no longer on backorder.
        syncShipments(services, wb, 'daily run');
      } catch (e) {
        report.messages.push(`Shipments could not be read: ${(e as Error).message}`);
      }
      let quotaGone = false;
      // A batch that throws does not hold back the others; the run still fails with its error (reported).
      let failure: unknown = null;
      for (const batch of inSendingOrder(mailBatches(services, wb, report))) {
        let r: BatchResult;
        try {
          r = batch.send(deadline, { waitDetail, higherTierTookQuota: quotaGone });
        } catch (e) {
          if (/Exceeded maximum execution time/i.test((e as Error)?.message ?? '')) throw e;
          failure ??= e;
          report.messages.push(`${batch.name} could not be sent: ${(e as Error)?.message ?? String(e)}`);
          continue;
        }
        if (r.sent + r.failed + r.waiting > 0) report.messages.push(`${batch.name}: ${r.sent} sent, ${r.failed} failed, ${r.waiting} waiting${r.stoppedBecause ? ` (${r.stoppedBecause})` : ''}.`);
        // A batch that stopped for the quota, or used the last of it: what comes after waited for it.
        if (r.stoppedBecause === 'quota' || (!quotaGone && services.mail.remainingQuota() < 1)) quotaGone = true;
        if (r.stoppedBecause === 'time') {
          if (!report.continuation) requestContinuation(services.props);
          report.continuation = true;
          report.stoppedBecause = 'time';
          break;
        }
      }
      // Where the owner looks, once per run: mail the quota could not cover (the run log alone is not read).
      if (quotaGone && report.waiting > 0) {
        reportFailure(services, 'Daily notices stopped: no email quota left', `the daily email quota is used up; ${report.waiting} notice(s) wait for the next run`);
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
      if (failure !== null) throw failure;
      return report;
    },
    SENDING_LOCK,
  );
}

/** The customer mail a daily run now would send, by kind (read only), for *Go live…* and *Run daily notices now*. */
export interface DueMail {
  /** Day notices (first and later). */
  dayNotices: number;
  consentRequests: number;
  /** `Cancelled` emails at the consent deadline. */
  cancellations: number;
  /** `Back in stock` emails. */
  goodNews: number;
  total: number;
}

/**
 * What the next daily run would email customers today, planned the way the run goes (read only: nothing is written
 * or sent): the first delay notices, then the consent flow (a line emailed by a first notice waits the minimum gap
 * for its consent request), the good news, then the later notices (an order asked for consent today gets none: its
 * milestones are passed over). Shipment emails are not counted (they follow the Shipments tab as parcels are recorded).
 */
export function dueMail(services: Services, wb: Workbook): DueMail {
  const notices = dueDayNotices(services, wb);
  const first = notices.filter((n) => n.first);
  const consent = dueConsentMail(services, wb, new Set(first.flatMap((n) => n.lines)));
  const asked = new Set(consent.requests.flatMap((e) => e.lines));
  const askedOrders = new Set(consent.requests.map((e) => `${e.orderId}|${e.email}`));
  const later = notices.filter((n) => !n.first && !askedOrders.has(`${n.orderId}|${n.email}`) && !n.lines.some((i) => asked.has(i)));
  const goodNews = dueGoodNewsCount(services, wb);
  const dayNotices = first.length + later.length;
  const total = dayNotices + consent.requests.length + consent.cancel.length + goodNews;
  return { dayNotices, consentRequests: consent.requests.length, cancellations: consent.cancel.length, goodNews, total };
}

/** "59 emails" and, when there is more than one kind, "27 delay notices and 32 consent requests (…)". */
export function dueMailText(d: DueMail): { count: string; kinds: string } {
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  const kinds = [
    d.dayNotices > 0 ? n(d.dayNotices, 'delay notice', 'delay notices') : '',
    d.consentRequests > 0 ? n(d.consentRequests, 'consent request', 'consent requests') + ' (asking whether to keep waiting)' : '',
    d.cancellations > 0 ? n(d.cancellations, 'cancellation', 'cancellations') + ' at the consent deadline' : '',
    d.goodNews > 0 ? n(d.goodNews, 'back-in-stock email', 'back-in-stock emails') : '',
  ].filter((k) => k !== '');
  return { count: n(d.total, 'email', 'emails'), kinds: kinds.length <= 1 ? '' : `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` };
}
