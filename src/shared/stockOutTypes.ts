/**
 * What the extended stock-out dialog and the server exchange (listStockOuts, sendExtendedStockOut).
 * JSON-safe only: dates travel as text ('YYYY-MM-DD'), never as `Date` (checked at the bottom).
 */
import type { JsonSafe } from './json';

/** One open backorder line waiting for the item (Qty − Shipped > 0 on BackOrder / INVHOLD / Partial). */
export type WaitingLine = {
  orderId: string;
  customer: string;
  /** Trimmed, lower case. */
  email: string;
  /** Upper case. */
  segment: string;
  /** Open units on this line. */
  units: number;
  /** `Backordered since` (or the order date), 'YYYY-MM-DD'; null when unreadable. */
  since: string | null;
};

export type StockOutItem = {
  sku: string;
  product: string;
  productLine: string;
  /** Available units (0 or negative). */
  available: number;
  /** Distinct customers (emails) waiting, all segments. */
  customers: number;
  /** Open units waiting, all segments. */
  units: number;
  /** Segments of the waiting lines, sorted. */
  segments: string[];
  /** The customer-safe arrival clause (never an exact date). */
  etaPhrase: string;
  /** Customers an extended update about this item already went to today (0: none). */
  sentToday: number;
  /** Lines that can be emailed, oldest backorder first. Managers only: empty for anyone else. */
  waiting: WaitingLine[];
  /** Waiting lines that cannot be emailed (bad address, unreadable quantity), with the reason. Managers only. */
  unreachable: string[];
};

export type StockOutTemplate = {
  subject: string;
  body: string;
  /** 'sheet' when read from the Templates tab, 'default' when the built-in text is used. */
  source: 'sheet' | 'default';
};

export type StockOutList = {
  /** Today in the spreadsheet's time zone, 'YYYY-MM-DD'. */
  today: string;
  /** The signed-in user's email ('' when Apps Script hides it). */
  user: string;
  isManager: boolean;
  /** Why the user may not send (empty for a manager). */
  permissionNote: string;
  /** Email recipients still allowed today. */
  quotaRemaining: number;
  sendMode: 'Live' | 'Test';
  testRecipient: string;
  template: StockOutTemplate;
  /** Settings › Notify segments: the segments an update starts with (the manager may tick others). */
  notifySegments: string[];
  /** Settings › Send mode says Live but the go-live checklist has these gaps (so it runs as Test); empty otherwise. */
  liveRefused: string[];
  /** Shop details the template can use. */
  shop: { senderName: string; supportPhone: string; replyTo: string };
  items: StockOutItem[];
  /**
   * Updates waiting for quota: they go out with the next daily run (a Live update waits while Send mode
   * is Test; a Test update is dropped once Send mode is Live). `testMode`: it was sent in Test mode.
   */
  queued: Array<{ sku: string; product: string; customers: number; testMode: boolean }>;
  /** Sheet problems worth showing (missing columns, unreadable rows). */
  problems: string[];
};

export type ExtendedStockOutRequest = {
  /** Made by the dialog once per send (crypto.randomUUID): the same id is never sent twice. */
  id: string;
  sku: string;
  subject: string;
  /** The whole email's template (shown only under *Edit the whole email*). */
  body: string;
  /** "Your message": the manager's own words, put in where the template says {{message}} ('' or missing: none). */
  message?: string;
  /** Segments to write to; empty or missing means all segments. */
  segments?: string[];
  /** True when the manager confirmed sending the same item again on the same day. */
  confirmResend?: boolean;
};

/**
 * - 'done': the update was handled (see sent / failed / waiting);
 * - 'refused': the user may not send;
 * - 'invalid': the request cannot be sent as it is (message says why; nothing was sent);
 * - 'confirm': this item already got an update today; resend with confirmResend to go ahead;
 * - 'busy': another run is sending right now; try again shortly;
 * - 'error': the update could not be stored or sending stopped before any email went out; nothing was
 *   sent and the same request may be sent again;
 * - 'queueFull': the quota cannot cover everyone and the most updates that may wait for quota already
 *   do; nothing was sent and the same request may be sent again once the daily run has sent some.
 */
export type ExtendedStockOutOutcome = 'done' | 'refused' | 'invalid' | 'confirm' | 'busy' | 'error' | 'queueFull';

export type ExtendedStockOutReport = {
  id: string;
  sku: string;
  outcome: ExtendedStockOutOutcome;
  message: string;
  /** Customers the update is for. */
  recipients: number;
  sent: number;
  failed: number;
  /** Queued for lack of quota or time: the next daily run sends them. */
  waiting: number;
  /** True when this id was already handled: nothing more was sent, the counts are the first run's. */
  duplicate: boolean;
  /** Send mode Test: every email went to the Test recipient. */
  testMode: boolean;
  failures: Array<{ email: string; error: string }>;
};

// Compile-time checks: these types must survive google.script.run.
const _list: JsonSafe<StockOutList> = {} as StockOutList;
const _request: JsonSafe<ExtendedStockOutRequest> = {} as ExtendedStockOutRequest;
const _report: JsonSafe<ExtendedStockOutReport> = {} as ExtendedStockOutReport;
void _list;
void _request;
void _report;
