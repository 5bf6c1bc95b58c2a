/**
 * `onClockTick`: the one time-driven trigger, hourly. It runs whatever is due, in this order:
 *   0. the allocation of returning stock (src/engines/allocation.ts): imports and scripts fire no edit
 *      trigger, so every tick sets aside what came back since (it writes nothing when nothing changed);
 *   1. the daily notices, once a day at Settings › Daily run hour, or their continuation
 *      (src/core/clock.ts decides); that run also refreshes stock and continues queued updates;
 *   2. otherwise the stock pass (held and missed alerts, imports, failed posts) and, while quota is
 *      left, queued extended updates.
 * A tick that never finished (stopped by the 6-minute limit) is reported by the next one, after its work
 * (src/engines/failures.ts). A busy lock leaves the work due, so the next tick does it. Every error is
 * reported, never lost.
 */
import { dailyNoticesDue, stoppedPartWay } from '../core/clock';
import { reportFailure, reportingFailures } from '../engines/failures';
import { withShopLock } from '../gas/lock';
import { readSchedule, updateSchedule } from '../gas/schedule';
import type { Services } from '../gas/services';
import { TICK_HANDLER, type TriggerEvent, triggerMayRun } from '../gas/triggers';
import { Workbook } from '../sheet/workbook';
import { runDailyNoticesJob } from '../engines/dailyRun';
import { continueExtendedUpdates, hasQueuedUpdates } from '../engines/extendedUpdates';
import { refreshStockStatus } from '../engines/stockPass';
import { runAllocation } from '../engines/allocation';
import { runDeadline } from '../engines/sending';

export function runClockTick(services: Services, e?: TriggerEvent, handler = TICK_HANDLER): void {
  reportingFailures(services, 'The hourly run failed', () => {
    if (e && !triggerMayRun(services.props, services.log, handler, e)) return;
    const startMs = services.clock.now().getTime();
    const stopped = stoppedPartWay(readSchedule(services.props), startMs);
    updateSchedule(services.props, (s) => {
      s.running = startMs;
    });
    try {
      tick(services);
    } finally {
      updateSchedule(services.props, (s) => {
        delete s.running;
      });
      // Reported after this run's work: an email sent before the send journal is folded would blur its evidence.
      if (stopped) reportFailure(services, 'The hourly run stopped part-way', 'it was stopped before it finished (most likely the 6-minute limit); the next run went on from where it stopped');
    }
  });
}

function tick(services: Services): void {
  const now = services.clock.now();
  const wb = new Workbook(services.ss);
  const today = services.localDate(now);
  try {
    runAllocation(services, wb, 'hourly run');
  } catch (err) {
    // The notices and alerts still run; the failure is reported like any other.
    reportFailure(services, 'Allocation failed', (err as Error).message);
  }
  const due = dailyNoticesDue(readSchedule(services.props), {
    today,
    hour: Number(services.format(now, 'H')),
    runHour: wb.settings().settings.dailyRunHour,
  });
  if (due) {
    updateSchedule(services.props, (s) => {
      delete s.continueDaily;
    });
    const report = runDailyNoticesJob(services, { workbook: wb });
    updateSchedule(services.props, (s) => {
      if (report === null) s.continueDaily = true; // the lock was busy: the next tick tries again
      else if (!report.continuation) s.dailyDoneOn = today;
    });
    return;
  }
  refreshStockStatus(services, wb);
  if (hasQueuedUpdates(services) && services.mail.remainingQuota() > 0) {
    const deadline = runDeadline(services, now.getTime());
    withShopLock(services, () => {
      const r = continueExtendedUpdates(services, wb, deadline);
      for (const line of r.lines) services.log(line);
      wb.flush();
    });
  }
}
