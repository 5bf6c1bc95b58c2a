/**
 * Customer-safe arrival wording (docs/design.md, house rules): customers never get exact dates.
 * Every phrase is hedged and derived from the internal expected restock date, today, and the
 * days the warehouse needs to prepare stock. No day-of-month, numeric date or weekday name
 * can appear in what this module returns (see customerText.ts and its tests).
 */
import { addDays, daysBetween, dayOfMonth, LocalDate, monthsBetween, startOfWeek } from './dates';

export type EtaKind =
  | 'unknown'
  | 'overdue'
  | 'stale'
  | 'days'
  | 'this-week'
  | 'next-week'
  | 'this-month'
  | 'end-of-month'
  | 'early-next-month'
  | 'mid-next-month'
  | 'late-next-month'
  | 'weeks';

export interface EtaInput {
  /** Internal expected restock date, or null when unknown or unreadable. */
  expected: LocalDate | null;
  today: LocalDate;
  /** Days the warehouse needs after stock arrives before it can ship. */
  prepDays: number;
  /**
   * Settings › Restock grace days: an expected date overdue by more than this is stale, and customers get the
   * no-date wording instead of "running a little behind… soon" (default DEFAULT_RESTOCK_GRACE_DAYS).
   */
  graceDays?: number;
}

/** Settings › Restock grace days when the setting is missing. */
export const DEFAULT_RESTOCK_GRACE_DAYS = 7;

export interface Eta {
  kind: EtaKind;
  /** A hedged clause, lower-case, no final stop: "we are hoping it will be ready to ship out next week". */
  phrase: string;
  /** Internal: the day we expect to be able to ship (expected + prep days), or null. Never shown to customers. */
  readyBy: LocalDate | null;
}

const PHRASES: Record<EtaKind, (weeks: number) => string> = {
  unknown: () => "we don't have a confirmed restock date yet, but we will keep you updated as soon as we hear more",
  overdue: () => 'the delivery is running a little behind, and we are hoping it will be ready to ship out soon',
  // Past the grace days an old date says nothing any more: the no-date wording, never "soon" for ever.
  stale: () => "we don't have a confirmed restock date yet, but we will keep you updated as soon as we hear more",
  days: () => 'we are hoping it will be ready to ship out in the next few days',
  'this-week': () => 'we are hoping it will be ready to ship out later this week',
  'next-week': () => 'we are hoping it will be ready to ship out next week',
  'this-month': () => 'we are hoping it will be ready to ship out later this month',
  'end-of-month': () => 'we are hoping it will arrive around the end of the month',
  'early-next-month': () => 'we are hoping it will arrive early next month',
  'mid-next-month': () => 'we are hoping it will arrive around the middle of next month',
  'late-next-month': () => 'we are hoping it will arrive towards the end of next month',
  weeks: (w) => `we are hoping it will arrive within ${w}\u2013${w + 2} weeks, hopefully sooner`,
};

function classify(today: LocalDate, expected: LocalDate, ready: LocalDate, graceDays: number): { kind: EtaKind; weeks: number } {
  const d = daysBetween(today, ready);
  const late = daysBetween(expected, today);
  if (late > graceDays) return { kind: 'stale', weeks: 0 };
  if (late > 0) return { kind: 'overdue', weeks: 0 };
  if (d <= 2) return { kind: 'days', weeks: 0 };
  const weekDiff = daysBetween(startOfWeek(today), startOfWeek(ready)) / 7;
  if (weekDiff === 0) return { kind: 'this-week', weeks: 0 };
  if (weekDiff === 1) return { kind: 'next-week', weeks: 0 };
  const months = monthsBetween(today, ready);
  if (months === 0) return { kind: dayOfMonth(ready) > 20 ? 'end-of-month' : 'this-month', weeks: 0 };
  if (months === 1) {
    const dom = dayOfMonth(ready);
    return { kind: dom <= 10 ? 'early-next-month' : dom <= 20 ? 'mid-next-month' : 'late-next-month', weeks: 0 };
  }
  return { kind: 'weeks', weeks: Math.ceil(d / 7) };
}

export function eta(input: EtaInput): Eta {
  if (!input.expected) return { kind: 'unknown', phrase: PHRASES.unknown(0), readyBy: null };
  const prep = Math.max(0, Math.floor(input.prepDays));
  const ready = addDays(input.expected, prep);
  const grace = Math.max(0, Math.floor(input.graceDays ?? DEFAULT_RESTOCK_GRACE_DAYS));
  const { kind, weeks } = classify(input.today, input.expected, ready, grace);
  return { kind, phrase: PHRASES[kind](weeks), readyBy: kind === 'stale' ? null : ready };
}

/** The phrase as a sentence an agent can say: "I can't make any promises, but we are hoping …." */
export function etaSentence(e: Eta): string {
  if (e.kind === 'unknown' || e.kind === 'overdue' || e.kind === 'stale') {
    return e.phrase.charAt(0).toUpperCase() + e.phrase.slice(1) + '.';
  }
  return `I can't make any promises, but ${e.phrase}.`;
}

/**
 * What is wrong with an out-of-stock item's `Expected restock` for the team (null: nothing):
 * - 'text': the cell holds something that is not a date ("soon", "next shipment"): customers get the no-date wording;
 * - 'past': a date already past (typed in the past, or overdue within the grace days);
 * - 'stale': overdue by more than the grace days: customers now get the no-date wording.
 */
export type RestockDateIssue = 'text' | 'past' | 'stale';

export function restockDateIssue(input: { expected: LocalDate | null; unreadable: boolean; today: LocalDate; graceDays?: number }): RestockDateIssue | null {
  if (input.expected === null) return input.unreadable ? 'text' : null;
  const late = daysBetween(input.expected, input.today);
  if (late <= 0) return null;
  return late > Math.max(0, Math.floor(input.graceDays ?? DEFAULT_RESTOCK_GRACE_DAYS)) ? 'stale' : 'past';
}
