/**
 * The consent deadline (US mail-order rule, 16 CFR 435; README "The US mail-order rule"). Our notices can never give
 * a date, so every delay is the rule's indefinite kind: unless the customer expressly agrees to keep waiting, the
 * backordered line is cancelled with a prompt refund 30 days after the promised ship time. Silence is not consent.
 *
 * For each waiting line (BackOrder / INVHOLD / Partial with open units, a notified segment, a readable row, not
 * wholly set aside for shipping) whose `Consent` cell is blank:
 * - once the promised ship time (`Order date` + Settings › Promised ship days) has passed, the customer gets one
 *   consent request (kind `Consent request`), at least the minimum notice gap after the last email about the line;
 *   the day it went out is recorded in `Notices sent` ("consent asked 2026-03-05");
 * - at the consent deadline, 30 days after the promised ship time but never sooner than MIN_ANSWER_DAYS after the
 *   request (a backorder already old when the add-on first saw it is asked first, then given time to answer), the
 *   line is cancelled with a refund due and the customer gets one `Cancelled` email per order, or, with Settings ›
 *   At consent deadline = `Flag for a manager` (shops outside the US), the line is flagged instead.
 * A non-blank `Consent` cell (an agent recorded the customer's agreement) stops both. All dates are local dates in
 * the spreadsheet's time zone. Pure: the engine (src/engines/consentFlow.ts) reads, writes and sends.
 */
import { addDays, daysBetween, type LocalDate } from './dates';
import { eta } from './eta';
import { isBackorderStatus, type ConsentExpiry, type OrderLine } from './model';
import { itemName, parseNoticeMarks } from './notices';
import type { TemplateItem } from './templates';

/** Days after the promised ship time by which the customer must have agreed to wait (16 CFR 435.2(b)(1)). */
export const CONSENT_WINDOW_DAYS = 30;
/** The fewest days a customer has to answer a consent request before the line can be cancelled. */
export const MIN_ANSWER_DAYS = 14;
/** What the `Flag` cell says when a line reaches its deadline and the shop flags instead of cancelling. */
/** Why the lines were cancelled, first in the `Cancelled` email (its `{{message}}`). */
export const CANCELLED_AT_DEADLINE = 'We did not hear that you wanted to keep waiting, so, as we wrote we would, we are cancelling what is still on backorder.';
export const CONSENT_FLAG = 'Consent deadline passed without the customer agreeing to wait: cancel and refund, or record their consent';

export interface ConsentLine
  extends Pick<OrderLine, 'index' | 'orderId' | 'orderDate' | 'customer' | 'email' | 'segment' | 'sku' | 'status' | 'statusCell' | 'since' | 'openQty' | 'problems'> {
  /** The raw `Notices sent` cell (holds the consent-asked mark). */
  noticesCell: string;
  /** The `Consent` cell: non-blank when the customer agreed to keep waiting. */
  consent: string;
  /** Units set aside for shipping (`Allocated`). */
  allocated: number;
  /** The `Flag` cell. */
  flag: string;
  /** The local day of `Last notice`, or null. */
  lastNoticeDay: LocalDate | null;
}

export interface ConsentItemInfo {
  product: string;
  productLine?: string;
  expected: LocalDate | null;
  delayReason?: string;
}

export interface ConsentInput {
  lines: readonly ConsentLine[];
  today: LocalDate;
  promisedShipDays: number;
  minGapDays: number;
  consentExpiry: ConsentExpiry;
  notifySegments: readonly string[];
  prepDays: number;
  /** Upper-case SKU -> item. */
  inventory: ReadonlyMap<string, ConsentItemInfo>;
  /** Order IDs with a part not on backorder. */
  partOfOrder?: ReadonlySet<string>;
  /** Keys already sent today in Test mode. */
  alreadySentToday?: ReadonlySet<string>;
}

export interface ConsentEmail {
  key: string;
  orderId: string;
  email: string;
  customer: string;
  /** Table indexes of the lines concerned. */
  lines: number[];
  skus: string[];
  items: TemplateItem[];
  partOfOrder: boolean;
  /** A consent request: when its lines are cancelled without an answer, in words ("in about two weeks"). */
  cancelIn?: string;
}

export interface ConsentPlan {
  /** Consent requests to send (one per order and email). */
  requests: ConsentEmail[];
  /** Lines past their deadline, to cancel (one `Cancelled` email per order and email). */
  cancel: ConsentEmail[];
  /** Lines past their deadline to flag for a manager (Settings › At consent deadline = Flag for a manager). */
  flag: ConsentEmail[];
}

/** The promised ship date: `Order date` (else `Backordered since`) + Promised ship days; null when neither is known. */
export function promisedShipDate(line: Pick<ConsentLine, 'orderDate' | 'since'>, promisedShipDays: number): LocalDate | null {
  const from = line.orderDate ?? line.since;
  return from === null ? null : addDays(from, promisedShipDays);
}

/** The day a line is cancelled without consent: 30 days after the promise, and never sooner than MIN_ANSWER_DAYS after the request. */
export function consentDeadline(promised: LocalDate, asked: LocalDate): LocalDate {
  const legal = addDays(promised, CONSENT_WINDOW_DAYS);
  const answer = addDays(asked, MIN_ANSWER_DAYS);
  return legal > answer ? legal : answer;
}

const WEEKS = ['a week', 'two weeks', 'three weeks', 'four weeks', 'five weeks', 'six weeks', 'seven weeks', 'eight weeks'];

/**
 * When a consent request's lines are cancelled without an answer, as the customer reads it: "in about two weeks"
 * (whole weeks to the deadline, in words, never more than a day beyond it: 14 to 20 days read "two weeks"). Never
 * a date.
 */
export function cancelInWords(days: number): string {
  if (days <= 5) return 'in a few days';
  const weeks = Math.max(1, Math.floor((days + 1) / 7));
  return weeks <= WEEKS.length ? `in about ${WEEKS[weeks - 1]}` : 'in a couple of months';
}

/** True for a line the consent flow looks at (whatever its dates). */
function inFlow(line: ConsentLine, segments: ReadonlySet<string>): boolean {
  return (
    isBackorderStatus(line.status) &&
    line.openQty > 0 &&
    line.allocated < line.openQty &&
    line.problems.length === 0 &&
    line.orderId !== '' &&
    line.sku !== '' &&
    segments.has(line.segment.trim().toUpperCase()) &&
    line.consent.trim() === ''
  );
}

export function planConsent(input: ConsentInput): ConsentPlan {
  const segments = new Set(input.notifySegments.map((s) => s.trim().toUpperCase()));
  type Step = 'request' | 'expired';
  const groups = new Map<string, { step: Step; lines: ConsentLine[]; promised: LocalDate }>();
  for (const line of input.lines) {
    // A SKU missing from Inventory is a bad row (the day notices report it): not asked, not cancelled.
    if (!inFlow(line, segments) || !input.inventory.has(line.sku.trim().toUpperCase())) continue;
    const promised = promisedShipDate(line, input.promisedShipDays);
    if (promised === null || input.today <= promised) continue;
    const asked = parseNoticeMarks(line.noticesCell).consentAsked;
    let step: Step;
    if (asked === undefined) step = 'request';
    else if (input.today >= consentDeadline(promised, asked)) step = 'expired';
    else continue;
    const key = `${step}\u0001${line.orderId}\u0001${line.email}`;
    const g = groups.get(key);
    if (g) {
      g.lines.push(line);
      if (promised < g.promised) g.promised = promised;
    } else groups.set(key, { step, lines: [line], promised });
  }

  const plan: ConsentPlan = { requests: [], cancel: [], flag: [] };
  for (const { step, lines, promised } of groups.values()) {
    const first = lines[0];
    if (step === 'request') {
      // One email per order; it waits for the minimum gap after the last email about any of its lines.
      const last = lines.reduce<LocalDate | null>((m, l) => (l.lastNoticeDay && (!m || l.lastNoticeDay > m) ? l.lastNoticeDay : m), null);
      if (last !== null && daysBetween(last, input.today) < input.minGapDays) continue;
    }
    const kind = step === 'request' ? 'consent' : 'cancelled';
    const key = `${first.orderId}|${kind}|${first.email}`;
    if (input.alreadySentToday?.has(key)) continue;
    const email: ConsentEmail = {
      key,
      orderId: first.orderId,
      email: first.email,
      customer: first.customer,
      lines: lines.map((l) => l.index),
      skus: lines.map((l) => l.sku),
      items: lines.map((l) => item(l, input)),
      partOfOrder: input.partOfOrder?.has(first.orderId) ?? false,
    };
    // The earliest promise of the order's lines asked today gives the first deadline: never later than we say.
    if (step === 'request') plan.requests.push({ ...email, cancelIn: cancelInWords(daysBetween(input.today, consentDeadline(promised, input.today))) });
    else if (input.consentExpiry === 'Flag for a manager') {
      const unflagged = lines.filter((l) => !l.flag.includes(CONSENT_FLAG));
      if (unflagged.length > 0) plan.flag.push({ ...email, lines: unflagged.map((l) => l.index), skus: unflagged.map((l) => l.sku), items: unflagged.map((l) => item(l, input)) });
    } else plan.cancel.push(email);
  }
  return plan;
}

function item(line: ConsentLine, input: ConsentInput): TemplateItem {
  const info = input.inventory.get(line.sku.trim().toUpperCase());
  return {
    product: itemName(info?.product ?? '', line.sku, info?.productLine),
    sku: line.sku,
    quantity: line.openQty,
    eta: eta({ expected: info?.expected ?? null, today: input.today, prepDays: input.prepDays }).phrase,
    ...(info?.delayReason ? { reason: info.delayReason } : {}),
  };
}

/**
 * Where the consent flow stands for a waiting line, for agents (the sidebar's "Next:"; dates are fine there, never in
 * customer text), or null when it does not speak for the line (the customer's consent is recorded, or no promise is
 * known). `asked`: the consent request went out and no answer is recorded, so no day notice comes until one is.
 */
export function consentStepForAgents(
  line: { orderDate: LocalDate | null; since: LocalDate | null; consentAsked?: LocalDate; consent?: string },
  settings: { promisedShipDays: number; consentExpiry: ConsentExpiry },
  today: LocalDate,
): { asked: boolean; text: string } | null {
  if ((line.consent ?? '').trim() !== '') return null;
  const promised = promisedShipDate(line, settings.promisedShipDays);
  if (promised === null) return null;
  const flag = settings.consentExpiry === 'Flag for a manager';
  const outcome = flag ? 'flagged for a manager' : 'cancelled with a refund';
  const asked = line.consentAsked;
  if (asked !== undefined) {
    const deadline = consentDeadline(promised, asked);
    if (today >= deadline) return { asked: true, text: `Consent asked on ${asked}; the consent deadline (${deadline}) passed with no answer recorded: the line is ${flag ? 'flagged for a manager' : 'cancelled with a refund by the daily run'}.` };
    return { asked: true, text: `Consent asked on ${asked}, no answer recorded yet: no day notices until then. Without Consent the line is ${outcome} on ${deadline} (the consent deadline).` };
  }
  const askOn = today > promised ? today : addDays(promised, 1);
  return {
    asked: false,
    text: `No more day notices. ${today > promised ? 'The consent request is due now' : `The consent request goes out after the promised ship time (${promised})`}; without Consent the line is ${outcome} at the consent deadline (${consentDeadline(promised, askOn)} at the earliest).`,
  };
}
