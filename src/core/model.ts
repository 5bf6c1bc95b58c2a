/**
 * The domain's vocabulary, owned by the rules: order and stock statuses, notice kinds and results, the
 * records the sheet is read into, the settings they run with, and how emails compare. src/sheet maps rows
 * to these; nothing here knows a spreadsheet.
 */
import type { ShipPreference } from './allocation';
import type { LocalDate } from './dates';

/** Order line status words, as written in the sheet (read case-insensitively). */
export const ORDER_STATUSES = ['Open', 'BackOrder', 'INVHOLD', 'Partial', 'Shipped', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses whose open quantity (Qty - Shipped) is owed to the customer. */
export const BACKORDER_STATUSES: readonly OrderStatus[] = ['BackOrder', 'INVHOLD', 'Partial'];

export const STOCK_STATUSES = ['In stock', 'Low', 'Out of stock'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

/** Unconfirmed: a run stopped while the email was being sent and whether it went out cannot be told (never sent again). */
export const NOTICE_RESULTS = ['Sent', 'Failed', 'Skipped', 'Unconfirmed'] as const;
export type NoticeResult = (typeof NOTICE_RESULTS)[number];

export const EXTENDED_KIND = 'Extended stock-out';
/** Good news: every open unit of the line is set aside and being prepared; tracking follows. */
export const BACK_IN_STOCK_KIND = 'Back in stock';
/** A parcel left: what is in it (carrier, tracking), what shipped earlier, what is still to come. */
export const SHIPPED_KIND = 'Shipped';
/** Asks the customer to agree expressly to keep waiting (US mail-order rule), else cancel and refund. */
export const CONSENT_KIND = 'Consent request';
/** Confirms a cancellation and the refund due. */
export const CANCELLED_KIND = 'Cancelled';
export const DAY_KIND = (day: number): string => `Day ${day}`;

const STATUS_BY_LOWER: ReadonlyMap<string, OrderStatus> = new Map(ORDER_STATUSES.map((s) => [s.toLowerCase(), s]));

/**
 * Spellings imports use for our words, compared without spaces, hyphens and underscores: `Back Order`,
 * `back-order`, `Backordered`, `INV HOLD`, `Canceled`.
 */
const STATUS_BY_KEY: ReadonlyMap<string, OrderStatus> = new Map([
  ...ORDER_STATUSES.map((s) => [s.toLowerCase(), s] as [string, OrderStatus]),
  ['backordered', 'BackOrder'],
  ['canceled', 'Cancelled'],
]);

/** Parses an order status case-insensitively (and the spellings above); undefined when the word is not one of ours. */
export function parseOrderStatus(value: unknown): OrderStatus | undefined {
  const lower = String(value ?? '').trim().toLowerCase();
  return STATUS_BY_LOWER.get(lower) ?? STATUS_BY_KEY.get(lower.replace(/[\s_-]+/g, ''));
}

/** True for the statuses whose open quantity is owed to the customer (BackOrder, INVHOLD, Partial). */
export function isBackorderStatus(s: OrderStatus | undefined): boolean {
  return s !== undefined && BACKORDER_STATUSES.includes(s);
}

/** A BackOrder / INVHOLD / Partial status word (read case-insensitively): the line's open quantity is owed. */
export function isBackorder(status: string | undefined): boolean {
  return isBackorderStatus(parseOrderStatus(status));
}

/** How SKUs compare everywhere (Inventory, Orders, Shipments, lookups): trimmed, upper case. */
export function skuKey(sku: string): string {
  return sku.trim().toUpperCase();
}

/**
 * Local part: runs of characters other than spaces, `@`, brackets and separators (quoted local parts are not
 * accepted), joined by single dots, so no leading, trailing or double dot.
 */
const LOCAL = /^[^\s@<>(),;:"[\]\\.]+(?:\.[^\s@<>(),;:"[\]\\.]+)*$/;
/** A domain label: no dot, no leading or trailing hyphen. */
const LABEL = /^[^\s@<>(),;:"[\]\\.\-_](?:[^\s@<>(),;:"[\]\\._]*[^\s@<>(),;:"[\]\\.\-_])?$/;

/**
 * True for one plain address (no display name, no list): one `@`; a local part of at most 64 characters
 * with no leading, trailing or double dot; a domain of at least two labels, none empty (so no leading,
 * trailing or double dot), none over 63 characters or starting or ending with a hyphen, and a top-level
 * label of at least two characters that is not all digits; 254 characters at most in all.
 */
export function isValidEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  const local = value.slice(0, at);
  const labels = value.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL.test(local) || labels.length < 2) return false;
  if (!labels.every((l) => l.length <= 63 && LABEL.test(l))) return false;
  const top = labels[labels.length - 1];
  return top.length >= 2 && !/^\d+$/.test(top);
}

/** Normalises an email for comparison: trimmed, lower case. */
export function normalizeEmail(value: unknown): string {
  return String(value ?? '').trim().toLowerCase();
}

export type SendMode = 'Live' | 'Test';

/** What happens when a delay passes the consent deadline without the customer's agreement. */
export type ConsentExpiry = 'Cancel and refund' | 'Flag for a manager';

export interface Settings {
  noticeDays: number[];
  notifySegments: string[];
  dailyRunHour: number;
  lowStockDefault: number;
  warehousePrepDays: number;
  managers: string[];
  alertEmails: string[];
  senderName: string;
  replyTo: string;
  supportPhone: string;
  sendMode: SendMode;
  testRecipient: string;
  /** `Ship what's ready` or `Wait for all` (src/core/allocation.ts), for lines whose Ship preference is blank. */
  defaultShipPreference: ShipPreference;
  /** Units one customer may have served before everyone else of the same priority; null = no limit. */
  backorderLimitPerCustomer: number | null;
  /** Days after the order the shop promises to ship (US mail-order rule: 30 when the shop states none). */
  promisedShipDays: number;
  /** Fewest days between two notices to one line when milestones are caught up. */
  minimumNoticeGapDays: number;
  /** At the consent deadline: cancel with a refund due (US rule), or flag the line for a manager. */
  consentExpiry: ConsentExpiry;
  /** Days an `Expected restock` may be overdue before customers get the no-date wording. */
  restockGraceDays: number;
}

export interface Item {
  /** Index in the table's data rows (sheet row = index + 2). */
  index: number;
  sku: string;
  product: string;
  productLine: string;
  /** null when blank or not a whole number (see problems). */
  available: number | null;
  lowAt: number | null;
  /** Computed from Available / Low at (null when Available is unreadable). */
  status: StockStatus | null;
  /** What the Status cell says now. */
  statusCell: string;
  expected: LocalDate | null;
  restockNote: string;
  alternatives: string[];
  problems: string[];
}

export interface OrderLine {
  index: number;
  orderId: string;
  orderDate: LocalDate | null;
  customer: string;
  /** Trimmed, lower case. */
  email: string;
  emailValid: boolean;
  /** Upper case. */
  segment: string;
  sku: string;
  qty: number | null;
  shipped: number;
  status: OrderStatus | undefined;
  statusCell: string;
  /** `Backordered since`, or `Order date` when blank. */
  since: LocalDate | null;
  priority: string;
  /** Milestones already sent, e.g. [3, 10]. */
  noticesSent: number[];
  /** The day the consent request went out (`consent asked <day>` in `Notices sent`), when it did. */
  consentAsked?: LocalDate;
  /** The `Consent` cell (non-blank: the customer agreed to keep waiting); '' when blank or no such column. */
  consent?: string;
  lastNotice: Date | null;
  notes: string;
  /** Qty − Shipped on BackOrder / INVHOLD / Partial lines with a readable quantity; 0 otherwise. */
  openQty: number;
  /** Reasons this line cannot be processed (bad email, text in Qty, unreadable date…). */
  problems: string[];
}

/** `text` cut to at most `max` characters; a cut text ends in "…". */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
