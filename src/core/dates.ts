/**
 * Calendar dates without a time zone ("local dates", `YYYY-MM-DD`), as seen in the spreadsheet's
 * time zone. The Apps Script edge turns instants into local dates with `Utilities.formatDate`;
 * everything here is plain arithmetic on those, so it is pure and testable.
 */

export type LocalDate = string; // 'YYYY-MM-DD'

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

function toUtc(d: LocalDate): number {
  const m = ISO.exec(d);
  if (!m) throw new Error(`Not a local date: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtc(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isLocalDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  return fromUtc(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) === value;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
}

export function addDays(d: LocalDate, days: number): LocalDate {
  return fromUtc(toUtc(d) + days * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(toUtc(d)).getUTCDay();
  return w === 0 ? 7 : w;
}

/** True on Monday to Friday. */
export function isWorkingDay(d: LocalDate): boolean {
  return isoWeekday(d) <= 5;
}

/** The date `n` working days after `d` (Saturdays and Sundays skipped). */
export function addWorkingDays(d: LocalDate, n: number): LocalDate {
  let day = d;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}

/** Working days from `from` to `to`: positive when `to` is later, negative when it has passed, 0 the same day. */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  const sign = daysBetween(from, to) >= 0 ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  for (let day = addDays(a, 1); daysBetween(day, b) >= 0; day = addDays(day, 1)) if (isWorkingDay(day)) n++;
  return sign * n;
}

/** Monday of the week that holds `d`. */
export function startOfWeek(d: LocalDate): LocalDate {
  return addDays(d, 1 - isoWeekday(d));
}

/** Months from the month of `from` to the month of `to` (0 = same month). */
export function monthsBetween(from: LocalDate, to: LocalDate): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

export function dayOfMonth(d: LocalDate): number {
  return Number(d.slice(8, 10));
}

export type DateParse = { ok: true; date: LocalDate } | { ok: false; reason: string } | { ok: 'blank' };

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * `toLocal` remembered per instant: date cells repeat a few days many times, and at the Apps Script
 * edge each conversion is a `Utilities.formatDate` call.
 */
export function memoToLocal(toLocal: (d: Date) => LocalDate): (d: Date) => LocalDate {
  const memo = new Map<number, LocalDate>();
  return (d) => {
    const ms = d.getTime();
    let v = memo.get(ms);
    if (v === undefined) {
      v = toLocal(d);
      memo.set(ms, v);
    }
    return v;
  };
}

/**
 * Reads a date cell. `Date` values (real date cells) are turned into local dates by `toLocal`,
 * which the edge supplies (the spreadsheet's time zone). Text is accepted as `YYYY-MM-DD` or
 * `M/D/YYYY`; anything else is a readable problem, never an exception.
 */
export function parseDateCell(value: unknown, toLocal: (d: Date) => LocalDate): DateParse {
  if (value === '' || value === null || value === undefined) return { ok: 'blank' };
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    const d = value as Date;
    if (Number.isNaN(d.getTime())) return { ok: false, reason: 'an invalid date' };
    return { ok: true, date: toLocal(d) };
  }
  const text = String(value).trim();
  if (text === '') return { ok: 'blank' };
  if (isLocalDate(text)) return { ok: true, date: text };
  const m = MDY.exec(text);
  if (m) {
    const iso = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
    if (isLocalDate(iso)) return { ok: true, date: iso };
  }
  return { ok: false, reason: `"${text.slice(0, 40)}" is not a date` };
}
