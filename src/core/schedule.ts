/**
 * The notice schedule (docs/notices.md): automatic notices at the configured days of a backorder (default 3, 10,
 * 17, 23, 30), never twice, never lost.
 *
 * - A line the add-on already knew (it has a milestone recorded, sent or passed over) gets every later milestone,
 *   even one the add-on itself delayed (quota 0 that day, a mail error, a busy lock, a run stopped and recovered
 *   the next day): the earliest one still due goes out, one per day.
 * - Only milestones that passed before the line was known (a late import, a first install, a backorder already
 *   old) are passed over: the latest one reached is sent, the earlier ones are recorded as skipped. A line first
 *   seen past the last milestone gets none of them: the consent flow (src/core/consent.ts) takes over.
 * - The first notice goes out no later than the promised ship time, even when that comes before its day.
 * - Catching up never puts two notices to one customer closer than the minimum gap (Settings › Minimum notice gap):
 *   a due milestone waits until that many days have passed since the last email about the line.
 */

export interface MilestoneDecision {
  /** The milestone to send now, or null. */
  send: number | null;
  /** Milestones reached but passed over (to be recorded as Skipped, never sent). */
  skip: number[];
  /** A milestone that is due but waits for the minimum gap, or null. */
  waiting?: number | null;
}

export interface ScheduleOptions {
  /**
   * Days on the backorder clock by which the first notice is due: the promised ship time (it may be before the
   * first notice day, or 0 when the promise had already passed when the line went on backorder). Default: none.
   */
  firstDueBy?: number | null;
  /** Days since the last email about the line (`Last notice`), or null when there was none. */
  daysSinceLastNotice?: number | null;
  /** Fewest days between two notices (Settings › Minimum notice gap); default 0. */
  minGapDays?: number;
}

/** The day a milestone is due on the backorder clock: its own day, the first one no later than the promise. */
function dueDay(sortedDays: readonly number[], options: ScheduleOptions): (m: number) => number {
  const first = sortedDays[0];
  return (m) => (m === first && options.firstDueBy != null ? Math.min(m, Math.max(0, options.firstDueBy)) : m);
}

export function decideMilestone(daysWaiting: number, handled: readonly number[], noticeDays: readonly number[], options: ScheduleOptions = {}): MilestoneDecision {
  if (noticeDays.length === 0 || !Number.isFinite(daysWaiting)) return { send: null, skip: [] };
  const days = [...new Set(noticeDays)].sort((a, b) => a - b);
  const last = days[days.length - 1];
  const dueOn = dueDay(days, options);
  const done = new Set(handled);
  const due = days.filter((m) => dueOn(m) <= daysWaiting && !done.has(m));
  if (due.length === 0) return { send: null, skip: [] };
  const highestHandled = handled.length ? Math.max(...handled) : -Infinity;
  // Below a later recorded milestone (the notice days were changed): never sent.
  const stale = due.filter((m) => m < highestHandled);
  const open = due.filter((m) => m > highestHandled);
  if (open.length === 0) return { send: null, skip: stale };
  let send: number;
  let skip: number[];
  if (handled.length > 0) {
    // Known before: every later milestone goes out, the earliest first (the add-on delayed them, not the past).
    send = open[0];
    skip = stale;
  } else if (daysWaiting > last) {
    // First seen past the last milestone: the consent flow takes over.
    return { send: null, skip: open };
  } else {
    // First seen today: the latest milestone reached; the earlier ones passed before the line was known.
    send = open[open.length - 1];
    skip = open.slice(0, -1);
  }
  // The minimum gap spaces the notices out; it never holds a line's first notice past the promised ship time
  // (the last email may have been a manager's extended update, which is not a delay notice).
  const gap = options.daysSinceLastNotice;
  const promiseReached = handled.length === 0 && options.firstDueBy != null && daysWaiting >= options.firstDueBy;
  if (!promiseReached && gap != null && gap < (options.minGapDays ?? 0)) return { send: null, skip, waiting: send };
  return { send, skip };
}

export interface NextNotice {
  /** The milestone day. */
  day: number;
  /** Days from today until it is due (0: due today). */
  inDays: number;
}

/** The next automatic notice for a line waiting `daysWaiting` days, or null when none will come. */
export function nextNotice(daysWaiting: number, handled: readonly number[], noticeDays: readonly number[], options: ScheduleOptions = {}): NextNotice | null {
  const now = decideMilestone(daysWaiting, handled, noticeDays, options);
  if (now.send !== null) return { day: now.send, inDays: 0 };
  if (now.waiting != null) return { day: now.waiting, inDays: Math.max(1, (options.minGapDays ?? 0) - (options.daysSinceLastNotice ?? 0)) };
  const done = new Set([...handled, ...now.skip]);
  const days = [...noticeDays].sort((a, b) => a - b);
  const dueOn = dueDay(days, options);
  const upcoming = days.find((d) => dueOn(d) > daysWaiting && !done.has(d));
  return upcoming === undefined ? null : { day: upcoming, inDays: dueOn(upcoming) - daysWaiting };
}
