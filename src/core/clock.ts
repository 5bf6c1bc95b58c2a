/**
 * The one clock's decisions (pure). An Editor add-on may have one time-driven trigger, at most hourly, so
 * one hourly tick runs whatever is due; what is due follows from the schedule the jobs keep (src/gas/schedule.ts)
 * and the time of day in the spreadsheet's time zone.
 */
import type { LocalDate } from './dates';

export interface Schedule {
  /** The local day the daily notices last finished (their continuations included). */
  dailyDoneOn?: LocalDate;
  /** A sending run stopped for time (or found the lock busy): the next tick continues it. */
  continueDaily?: boolean;
  /** A tick in progress: when it started (ms). Still there at the next tick: that run stopped part-way. */
  running?: number;
}

export interface TickMoment {
  today: LocalDate;
  /** Hour of day, 0–23, in the spreadsheet's time zone. */
  hour: number;
  /** Settings › Daily run hour. */
  runHour: number;
}

/**
 * Why the daily notices run on this tick, or null: a continuation is always due; otherwise once a day, on
 * the first tick at or after the run hour (a tick missed at that hour is made up later the same day).
 */
export function dailyNoticesDue(s: Schedule, m: TickMoment): 'continuation' | 'daily' | null {
  if (s.continueDaily) return 'continuation';
  if (m.hour >= m.runHour && s.dailyDoneOn !== m.today) return 'daily';
  return null;
}

/** Longest a tick can run (Apps Script's 6 minutes), with a margin: a marker older than this is a stopped run. */
export const STOPPED_AFTER_MS = 7 * 60_000;

/** True when the schedule shows a tick that started and never finished. */
export function stoppedPartWay(s: Schedule, nowMs: number): boolean {
  return typeof s.running === 'number' && nowMs - s.running >= STOPPED_AFTER_MS;
}
