/**
 * What the sidebar's customer-choice actions and the Refunds due view exchange with the server
 * (`recordChoice`, `listRefundsDue`, `markRefunded`). JSON-safe only: dates travel as text.
 */
import type { Json } from './json';
import type { LookupResult } from './lookupTypes';

/**
 * - `consent`: the customer keeps waiting (writes `Consent`: who and when).
 * - `switch`: the customer takes an in-stock alternative (writes `Switched to`; `value` is its SKU).
 * - `cancel`: the line is cancelled with a refund due.
 * - `shipPreference`: `Ship what's ready` or `Wait for all` (`value`), for the whole order.
 * - `escalate`: a flag for a manager (`value` is the reason).
 * - `note`: free text appended to `Notes` (`value`).
 */
export type ChoiceAction = 'consent' | 'switch' | 'cancel' | 'shipPreference' | 'escalate' | 'note';

export type ChoiceRequest = {
  action: ChoiceAction;
  orderId: string;
  /** The line's ordered SKU (`SKU`); '' for the whole order. */
  sku: string;
  /** The sheet row the line was on when the sidebar showed it (tells apart two lines with the same SKU). */
  row?: number;
  value?: string;
};

/** One order line as the actions see it. */
export type LineChoicesView = {
  /** Sheet row when the lookup ran (a hint: the server finds the line again by Order ID + SKU). */
  row: number;
  sku: string;
  product: string;
  statusText: string;
  /** Units still owed (0 when the line is not waiting). */
  openQty: number;
  priority: string;
  notes: string;
  consent: string;
  switchedTo: string;
  flag: string;
  refundDue: string;
  refundedOn: string;
  shipPreference: string;
  /** What the agent may do with this line, and in-stock alternatives to switch to (each with enough stock). */
  canConsent: boolean;
  canCancel: boolean;
  switchTo: Array<{ sku: string; product: string; available: number }>;
};

export type OrderChoicesView = {
  orderId: string;
  customer: string;
  /** `Ship what's ready` / `Wait for all` as the allocation reads it (blank cells: the Settings default). */
  shipPreference: string;
  /** True when the order's lines have no Ship preference of their own. */
  shipPreferenceIsDefault: boolean;
  lines: LineChoicesView[];
  /** True when the Orders tab has the columns the actions write (set-up adds them). */
  ready: boolean;
  /** Why actions are unavailable (missing columns), or ''. */
  notReady: string;
};

export type ChoiceResult = {
  ok: boolean;
  /** What was done (or why nothing was), in plain words. */
  message: string;
  /** The order as it is now (null when it could not be read). */
  lookup: LookupResult | null;
};

export type RefundDueView = {
  orderId: string;
  customer: string;
  email: string;
  sku: string;
  product: string;
  row: number;
  /** The `Refund due` cell as written, e.g. "24.00 for 2 units, by 2026-12-10". */
  due: string;
  /** What is owed without the date (shown once, from `by`): "24.00 for 2 units", "2 units". */
  what: string;
  /** False when the cell gives units only (the sheet has no unit price): the amount is on the order. */
  amount: boolean;
  /** 'YYYY-MM-DD' it is due by, or null when the cell has no date. */
  by: string | null;
  /** Working days left until `by` (negative: overdue); null without a date. */
  daysLeft: number | null;
  overdue: boolean;
};

export type RefundsDueView = {
  today: string;
  refunds: RefundDueView[];
  /** Empty, or why the list cannot be shown. */
  message: string;
};

export type MarkRefundedRequest = { orderId: string; sku: string; row?: number };

export type MarkRefundedResult = { ok: boolean; message: string; view: RefundsDueView };

/** Compile-time proof that every value sent to the page is plain JSON. */
type AssertJson<T extends Json> = T;
export type ChoicesTypesAreJson = [
  AssertJson<ChoiceRequest>,
  AssertJson<OrderChoicesView>,
  AssertJson<RefundsDueView>,
  AssertJson<MarkRefundedResult>,
  AssertJson<ChoiceResult>,
];
