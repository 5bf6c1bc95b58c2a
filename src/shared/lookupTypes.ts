/**
 * What `lookup(query)` returns to the sidebar: plain JSON only (dates as 'YYYY-MM-DD' text,
 * instants as 'YYYY-MM-DD HH:mm' in the spreadsheet's time zone), one variant per `kind`.
 *
 * Query prefixes (what a picked match sends back): `order:BW-10231`, `email:a@b.c`, `name:Jo Smith`
 * (a customer with no email), `sku:OIL-EVO-500`. Without a prefix the query is classified.
 *
 * Fields marked INTERNAL are for the agent only and are never part of `reply` / `customerEta`.
 */
import type { Json } from './json';
import type { OrderChoicesView } from './choicesTypes';

/** Colour of a badge; the badge always carries its text too (never colour alone). */
export type Tone = 'green' | 'yellow' | 'red' | 'amber' | 'blue' | 'grey';

export type Badge = { text: string; tone: Tone };

/** A query that opens one record: `order:…`, `email:…`, `name:…`, `sku:…`. */
export type PreciseQuery = string;

export type InternalRestock = {
  /** INTERNAL: expected restock date, 'YYYY-MM-DD', or null when unknown. */
  expected: string | null;
  /** INTERNAL: the Restock note. */
  note: string;
};

export type AlternativeView = {
  sku: string;
  product: string;
  available: number;
  stock: Badge;
  /** 'listed': from the item's Alternatives column; 'same line': same Product line with stock. */
  source: 'listed' | 'same line';
  query: PreciseQuery;
};

export type NextNoticeView = {
  /** e.g. "Day 10 notice due in 3 days", "No automatic notices for segment WHL". */
  text: string;
  day: number | null;
  /** 'YYYY-MM-DD' the notice falls due (agent view only), or null. */
  due: string | null;
};

export type OrderLineView = {
  /** The item the customer now gets: the `Switched to` SKU of a switched line, else the ordered SKU. */
  sku: string;
  product: string;
  /** A line switched to an in-stock alternative: the item ordered (the `SKU` cell keeps it); null otherwise. */
  switchedFrom: { sku: string; product: string } | null;
  qty: number | null;
  shipped: number;
  /** Units still owed (Qty − Shipped on BackOrder / INVHOLD / Partial lines). */
  openQty: number;
  /** Of those, units set aside for the line (Orders › Allocated, as the Pick list shows them); the rest still wait. */
  allocated: number;
  /** Why, in plain words ("2nd of 7 for HS-30: priority High, waiting 12 days"); '' when the line waits for nothing. */
  why: string;
  status: Badge;
  /** Stock colour of the item, or null when the SKU is not on the Inventory tab. */
  stock: Badge | null;
  /** Days on backorder (spreadsheet time zone), null when not backordered or unreadable. */
  daysWaiting: number | null;
  /** Day notices that really went out for this line, e.g. [3, 10] (never the passed-over ones). */
  noticesSent: number[];
  /** Day milestones passed over without an email ("17 (skipped)" in `Notices sent`), e.g. [17, 23]. */
  noticesPassedOver: number[];
  /** 'YYYY-MM-DD' the request to agree to keep waiting went out, or null. */
  consentAsked: string | null;
  /** The one Back in stock email went out. */
  backInStock: boolean;
  /** 'YYYY-MM-DD HH:mm' of the last email about the line, or ''. */
  lastNotice: string;
  /** null when the line is not waiting for stock. */
  nextNotice: NextNoticeView | null;
  /** INTERNAL, only for lines waiting for stock. */
  internalRestock: InternalRestock | null;
  alternatives: AlternativeView[];
  problems: string[];
};

export type ShipmentView = {
  sku: string;
  product: string;
  qty: number | null;
  shippedOn: string | null;
  carrier: string;
  tracking: string;
};

export type NoticeView = {
  sentAt: string;
  kind: string;
  skus: string;
  result: string;
  detail: string;
};

export type OrderView = {
  kind: 'order';
  orderId: string;
  customer: string;
  email: string;
  segment: string;
  orderDate: string | null;
  /** False when the segment gets no automatic notices. */
  notifiedSegment: boolean;
  lines: OrderLineView[];
  shipments: ShipmentView[];
  /** Rows of the Notice log for this order, newest first. */
  notices: NoticeView[];
  /** Customer-safe text to paste: no exact date, ever. */
  reply: string;
  customerQuery: PreciseQuery;
  today: string;
  problems: string[];
  /** The agent's actions on this order (src/core/choices.ts); added by the server after the lookup. */
  choices?: OrderChoicesView;
};

export type OrderSummaryView = {
  orderId: string;
  orderDate: string | null;
  lines: number;
  openQty: number;
  statuses: Badge[];
  query: PreciseQuery;
};

export type CustomerView = {
  kind: 'customer';
  name: string;
  email: string;
  segments: string[];
  orders: OrderSummaryView[];
  /** Orders not listed (the list is capped). */
  more: number;
};

export type WaitingView = {
  orderId: string;
  customer: string;
  email: string;
  segment: string;
  openQty: number;
  /** Of those, units set aside (Orders › Allocated). */
  allocated: number;
  status: Badge;
  daysWaiting: number | null;
  query: PreciseQuery;
};

export type ItemView = {
  kind: 'item';
  sku: string;
  product: string;
  productLine: string;
  stock: Badge;
  available: number | null;
  lowAt: number | null;
  internalRestock: InternalRestock;
  /** Units owed to backorders according to Available (the red cell's count). */
  backorderedUnits: number;
  /** Units owed according to the open order lines. */
  waitingUnits: number;
  waiting: WaitingView[];
  /** Waiting order lines not listed (the list is capped). */
  more: number;
  alternatives: AlternativeView[];
  /** Customer-safe arrival sentence for this item (hedged, no exact date). */
  customerEta: string;
  problems: string[];
};

export type MatchView = {
  kind: 'order' | 'customer' | 'item';
  label: string;
  detail: string;
  query: PreciseQuery;
};

export type MatchesView = {
  kind: 'matches';
  query: string;
  matches: MatchView[];
  /** Matches not listed. */
  more: number;
};

export type NoneView = { kind: 'none'; query: string; message: string };

export type ErrorView = { kind: 'error'; message: string };

export type LookupResult = OrderView | CustomerView | ItemView | MatchesView | NoneView | ErrorView;

/** Compile-time proof that every result is plain JSON. */
type AssertJson<T extends Json> = T;
export type LookupResultIsJson = AssertJson<LookupResult>;
