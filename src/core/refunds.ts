/**
 * The prompt refund of the US mail-order rule (16 CFR 435.1(c)): a cancelled backorder is refunded within 7
 * working days, and the Orders › `Refund due` cell says how much and by when, e.g. "24.00 for 2 units, by
 * 2026-12-10". Both ways a line gets cancelled (an agent's choice, src/core/choices.ts; the consent deadline,
 * src/core/consent.ts) write it with these.
 */
import { addWorkingDays, type LocalDate } from './dates';

/** Working days a refund is due within. */
export const REFUND_WORKING_DAYS = 7;

/** The day a refund for a line cancelled on `cancelled` is due by. */
export function refundDueDate(cancelled: LocalDate): LocalDate {
  return addWorkingDays(cancelled, REFUND_WORKING_DAYS);
}

/** The `Refund due` text: "24.00 for 2 units, by 2026-12-10" with a unit price, else "2 units, by 2026-12-10". */
export function refundDueText(units: number, unitPrice: number | null, by: LocalDate): string {
  const what = `${units} unit${units === 1 ? '' : 's'}`;
  return unitPrice !== null && Number.isFinite(unitPrice) ? `${(units * unitPrice).toFixed(2)} for ${what}, by ${by}` : `${what}, by ${by}`;
}

/** The date a `Refund due` cell is due by ('YYYY-MM-DD' at its end), or null. */
export function refundDueBy(text: string): LocalDate | null {
  const m = /\bby (\d{4}-\d{2}-\d{2})\s*$/.exec(text.trim());
  return m ? m[1] : null;
}

/**
 * What a `Refund due` cell says is owed, without its date: "24.00 for 2 units" or "2 units" (a hand-typed cell
 * as written). `amount` is false only for the units-only text written when the sheet has no unit price.
 */
export function refundDueWhat(text: string): { what: string; amount: boolean } {
  const what = text.trim().replace(/,?\s*\bby \d{4}-\d{2}-\d{2}\s*$/, '').trim() || text.trim();
  return { what, amount: !/^\d+ units?$/.test(what) };
}
