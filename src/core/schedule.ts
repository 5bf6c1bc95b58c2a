/**
 * The notice schedule (docs/design.md): automatic notices at the configured days of a backorder
 * (default 3, 10, 17, 23, 30), never twice. When several milestones were missed (a late import,
 * days without the trigger), only the latest reached one is sent and the earlier ones are skipped;
 * after the last milestone nothing automatic is sent.
 */

export interface MilestoneDecision {
  /** The milestone to send now, or null. */
  send: number | null;
  /** Milestones reached but passed over (to be recorded as Skipped, never sent). */
  skip: number[];
}

export function decideMilestone(daysWaiting: number, handled: readonly number[], noticeDays: readonly number[]): MilestoneDecision {
  if (noticeDays.length === 0 || !Number.isFinite(daysWaiting)) return { send: null, skip: [] };
  const last = Math.max(...noticeDays);
  const done = new Set(handled);
  const reached = [...noticeDays].filter((d) => d <= daysWaiting && !done.has(d)).sort((a, b) => a - b);
  if (reached.length === 0) return { send: null, skip: [] };
  const latest = reached[reached.length - 1];
  const highestHandled = handled.length ? Math.max(...handled) : -Infinity;
  if (daysWaiting > last || latest < highestHandled) return { send: null, skip: reached };
  return { send: latest, skip: reached.slice(0, -1) };
}

export interface NextNotice {
  /** The milestone day. */
  day: number;
  /** Days from today until it is due (0: due today). */
  inDays: number;
}

/** The next automatic notice for a line waiting `daysWaiting` days, or null when none will come. */
export function nextNotice(daysWaiting: number, handled: readonly number[], noticeDays: readonly number[]): NextNotice | null {
  const now = decideMilestone(daysWaiting, handled, noticeDays);
  if (now.send !== null) return { day: now.send, inDays: 0 };
  const done = new Set(handled);
  const upcoming = [...noticeDays].sort((a, b) => a - b).find((d) => d > daysWaiting && !done.has(d));
  return upcoming === undefined ? null : { day: upcoming, inDays: upcoming - daysWaiting };
}
