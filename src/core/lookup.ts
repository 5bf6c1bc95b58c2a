/**
 * The agent lookup: one search box that finds an order, a customer or an item, and the views the
 * sidebar shows for them, including the customer-safe reply an agent can paste.
 *
 * Pure: the caller (src/jobs/lookup.ts) reads each tab once and hands over the Orders tab as raw
 * text for matching (`OrderRows`) plus typed lines for just the rows a view needs, so a lookup stays
 * fast on tens of thousands of order lines.
 *
 * Query language (what a picked match sends back is always precise):
 *   order:BW-10231   an order by Order ID (case-insensitive)
 *   email:a@b.c      a customer by email (trimmed, any case)
 *   name:Jo Smith    a customer by full name (used for customers with no email)
 *   sku:OIL-EVO-500  an item by SKU (case-insensitive)
 * Without a prefix: an exact Order ID, then an exact SKU, then an exact email; otherwise every
 * order whose ID contains the text, every customer whose name holds all its words (or whose email
 * holds it) and every item whose product or SKU holds all its words. One match opens directly.
 */
import { addDays, daysBetween, LocalDate } from './dates';
import { eta, etaSentence } from './eta';
import { customerSenderName, dateFree, findExactDates, greetingName } from './customerText';
import { backorderedUnits, COLOUR_OF } from './stock';
import { firstNoticeDueBy, ordersStillWaiting, parseNoticeMarks } from './notices';
import { nextNotice } from './schedule';
import { consentStepForAgents } from './consent';
import { beingPreparedPhrase } from './packing';
import type { Item, OrderLine } from './model';
import type { OrderStatus } from './model';
import { isBackorder, normalizeEmail, skuKey, type Settings } from './model';
import { REFUND_WORKING_DAYS } from './refunds';
import type {
  AlternativeView,
  Badge,
  CustomerView,
  ItemView,
  LookupResult,
  MatchView,
  NextNoticeView,
  NoticeView,
  OrderLineView,
  OrderSummaryView,
  OrderView,
  ShipmentView,
  Tone,
  WaitingView,
} from '../shared/lookupTypes';

// ---------------------------------------------------------------------------------------------
// What the lookup reads (structurally the records of src/sheet/records.ts; the job adapts the tabs)

/** An Inventory item (src/sheet/records.ts). */
export type LookupItem = Pick<
  Item,
  'index' | 'sku' | 'product' | 'productLine' | 'available' | 'lowAt' | 'status' | 'expected' | 'restockNote' | 'alternatives' | 'problems'
>;

export interface LookupInventory {
  items: LookupItem[];
  /** Upper-case SKU -> item. */
  bySku: ReadonlyMap<string, LookupItem>;
}

/**
 * An Orders line (src/sheet/records.ts), with its raw `Notices sent` cell (what went out and what was passed
 * over: src/core/notices.ts `parseNoticeMarks`) and its `Switched to` cell ('' when the column is missing).
 */
export type LookupOrderLine = Pick<
  OrderLine,
  | 'index'
  | 'orderId'
  | 'orderDate'
  | 'customer'
  | 'email'
  | 'emailValid'
  | 'segment'
  | 'sku'
  | 'qty'
  | 'shipped'
  | 'status'
  | 'statusCell'
  | 'since'
  | 'noticesSent'
  | 'consentAsked'
  | 'consent'
  | 'lastNotice'
  | 'openQty'
  | 'problems'
> & { noticesCell: string; switchedTo: string };

export type OrderField = 'Order ID' | 'Customer' | 'Email' | 'SKU' | 'Switched to';

/** The Orders tab as read once: raw text for matching, typed lines only for the rows a view needs. */
export interface OrderRows {
  readonly size: number;
  /** Trimmed text of a column, one entry per row ('' when blank or the column is missing); built once. */
  column(field: OrderField): readonly string[];
  hasColumn(field: OrderField): boolean;
  /** Typed lines of these rows (blank rows left out), in the same order. */
  lines(rows: readonly number[]): LookupOrderLine[];
}

export interface LookupShipment {
  sku: string;
  qty: number | null;
  shippedOn: LocalDate | null;
  carrier: string;
  tracking: string;
}

export interface LookupNotice {
  sentAt: Date | string;
  kind: string;
  skus: string;
  result: string;
  detail: string;
}

/** Longest query accepted (an email is at most 254 characters). */
export const MAX_QUERY_LENGTH = 254;
/** Longest list of matches, customer orders or waiting lines returned. */
export const MAX_MATCHES = 25;
export const MAX_LIST = 100;
export const MAX_ALTERNATIVES = 5;

export const HOW_TO_SEARCH = 'Type an order number, an email, part of a name, or a SKU.';

export interface LookupContext {
  /** Today in the spreadsheet's time zone. */
  today: LocalDate;
  settings: Settings;
  /** An instant as 'YYYY-MM-DD HH:mm' in the spreadsheet's time zone. */
  formatInstant(d: Date): string;
  /** Each tab is read at most once by the caller; these are called lazily, so a view reads only what it needs. */
  inventory(): LookupInventory;
  orders(): OrderRows;
  /** Shipments rows of an order (Order ID compared case-insensitively; given upper case). */
  shipments(orderIdUpper: string): LookupShipment[];
  /** Notice log rows of an order, in the log's order. */
  notices(orderIdUpper: string): LookupNotice[];
  /** Units set aside for an Orders row (its `Allocated` cell; 0 when blank). */
  allocated?(index: number): number;
  /** Why, in plain words, from the allocation plan of the sheet as it is now ('' when there is none). */
  why?(index: number): string;
  /** A cancelled line's refund: 'due' (`Refund due` filled in), 'refunded' (`Refunded on` too), or '' (none). */
  refund?(index: number): 'due' | 'refunded' | '';
}

// ---------------------------------------------------------------------------------------------
// Queries

export type QueryPrefix = 'order' | 'email' | 'name' | 'sku';

export type ParsedQuery = { ok: true; prefix: QueryPrefix | null; text: string } | { ok: false; message: string };

export const queryFor = {
  order: (orderId: string): string => `order:${orderId}`,
  email: (email: string): string => `email:${email}`,
  name: (name: string): string => `name:${name}`,
  sku: (sku: string): string => `sku:${sku}`,
  /** The precise query of a customer: by email, or by name when the rows have no email. */
  customer: (name: string, email: string): string => (email !== '' ? `email:${email}` : `name:${name}`),
};

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Cleans and classifies what the agent typed. Never throws. */
export function parseQuery(raw: unknown): ParsedQuery {
  if (typeof raw !== 'string') return { ok: false, message: `Nothing to search for. ${HOW_TO_SEARCH}` };
  // Control characters and runs of spaces (a pasted cell, a tab) count as one space.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  const text = raw.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (text === '') return { ok: false, message: `Nothing to search for. ${HOW_TO_SEARCH}` };
  if (text.length > MAX_QUERY_LENGTH) {
    return {
      ok: false,
      message: `That search is too long (${thousands(text.length)} characters). Use at most ${MAX_QUERY_LENGTH}: ${HOW_TO_SEARCH.charAt(0).toLowerCase()}${HOW_TO_SEARCH.slice(1, -1)}.`,
    };
  }
  const m = /^(order|email|name|sku)\s*:\s*(.*)$/i.exec(text);
  if (m) {
    const prefix = m[1].toLowerCase() as QueryPrefix;
    const rest = m[2].trim();
    if (rest === '') return { ok: false, message: `Type what to look for after "${prefix}:".` };
    return { ok: true, prefix, text: rest };
  }
  return { ok: true, prefix: null, text };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export { skuKey } from './model';

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

const foldCache = new Map<string, string>();
/** Lower case, no accents, single spaces: "Jalapeño  Sauce" -> "jalapeno sauce". */
export function fold(s: string): string {
  let f = foldCache.get(s);
  if (f === undefined) {
    f = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
    if (foldCache.size > 20000) foldCache.clear();
    foldCache.set(s, f);
  }
  return f;
}

function hasAllWords(haystack: string, words: readonly string[]): boolean {
  for (const w of words) if (!haystack.includes(w)) return false;
  return true;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Rows whose `field` text satisfies `test`. */
function rowsWhere(rows: OrderRows, field: OrderField, test: (text: string) => boolean): number[] {
  const out: number[] = [];
  if (!rows.hasColumn(field)) return out;
  const col = rows.column(field);
  for (let i = 0; i < col.length; i++) if (test(col[i])) out.push(i);
  return out;
}

const STATUS_TONE: Record<OrderStatus, Tone> = {
  Open: 'blue',
  BackOrder: 'red',
  INVHOLD: 'amber',
  Partial: 'yellow',
  Shipped: 'green',
  Cancelled: 'grey',
};

/** Order line status as text and colour; an unknown word is shown as written, in grey. */
export function statusBadge(status: OrderStatus | undefined, cell: string): Badge {
  if (status) return { text: status, tone: STATUS_TONE[status] };
  return { text: cell === '' ? 'No status' : cell, tone: 'grey' };
}

export function stockBadge(item: LookupItem): Badge {
  if (item.status === null) return { text: 'Unknown', tone: 'grey' };
  return { text: item.status, tone: COLOUR_OF[item.status] };
}

function hasStock(item: LookupItem): boolean {
  return item.available !== null && item.available > 0;
}

// ---------------------------------------------------------------------------------------------
// Alternatives

/**
 * In-stock alternatives for an item: its `Alternatives` column first (in the order listed), then
 * other items of the same `Product line` with stock (most available first). Never an item without
 * stock, never the item itself, no duplicates.
 */
export function alternativesFor(inv: LookupInventory, item: LookupItem, limit = MAX_ALTERNATIVES): AlternativeView[] {
  const seen = new Set<string>([skuKey(item.sku)]);
  const out: AlternativeView[] = [];
  const add = (alt: LookupItem, source: AlternativeView['source']) => {
    if (alt.available === null) return;
    out.push({ sku: alt.sku, product: alt.product, available: alt.available, stock: stockBadge(alt), source, query: queryFor.sku(alt.sku) });
  };
  for (const sku of item.alternatives) {
    const key = skuKey(sku);
    const alt = inv.bySku.get(key);
    if (!alt || seen.has(key)) continue;
    seen.add(key);
    if (hasStock(alt)) add(alt, 'listed');
  }
  const line = fold(item.productLine);
  if (line !== '') {
    const sameLine = inv.items
      .filter((i) => fold(i.productLine) === line && hasStock(i) && !seen.has(skuKey(i.sku)))
      .sort((a, b) => (b.available ?? 0) - (a.available ?? 0));
    for (const alt of sameLine) {
      const key = skuKey(alt.sku);
      if (seen.has(key)) continue;
      seen.add(key);
      add(alt, 'same line');
    }
  }
  return out.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Notices

export function nextNoticeView(line: LookupOrderLine, daysWaiting: number | null, settings: Settings, today: LocalDate): NextNoticeView {
  const none = (text: string): NextNoticeView => ({ text, day: null, due: null });
  if (!settings.notifySegments.includes(line.segment)) {
    return none(`No automatic notices for segment ${line.segment === '' ? '(blank)' : line.segment}.`);
  }
  if (!line.emailValid) return none('No automatic notices: the email is not valid.');
  if (daysWaiting === null) return none('No automatic notices until the row has a readable "Backordered since" or "Order date".');
  if (line.problems.length > 0) return none('No automatic notices until the row is fixed (see the problems listed).');
  if (settings.noticeDays.length === 0) return none('No automatic notices: Settings › Notice days is empty.');
  const consent = consentStepForAgents(line, settings, today);
  if (consent?.asked) return none(consent.text);
  const next = nextNotice(daysWaiting, line.noticesSent, settings.noticeDays, { firstDueBy: firstNoticeDueBy(line, settings.promisedShipDays) });
  if (next) {
    const when = next.inDays === 0 ? 'due today' : `due in ${plural(next.inDays, 'day')}`;
    return { text: `Day ${next.day} notice ${when}.`, day: next.day, due: addDays(today, next.inDays) };
  }
  const last = Math.max(...settings.noticeDays);
  if (daysWaiting > last) {
    return none(
      `Past day ${last}: no more day notices; the customer is asked to agree to wait, and without Consent the line is ${settings.consentExpiry === 'Flag for a manager' ? 'flagged for a manager' : 'cancelled with a refund'} at the consent deadline.`,
    );
  }
  return none(consent?.text ?? 'No further automatic notices.');
}

/** A line whose whole open quantity is set aside, as is every other waiting line of the order: no more delay notices. */
const ALL_SET_ASIDE: NextNoticeView = {
  text: 'No more delay notices: every unit is set aside (the customer gets one Back in stock email)',
  day: null,
  due: null,
};
/** A line wholly set aside while another line of the order still waits: it rides along in the order's notices. */
const SET_ASIDE_REST_WAITS: NextNoticeView = {
  text: "Every unit is set aside: the order's notices say it is being prepared (the Back in stock email comes once the rest of the order is set aside too)",
  day: null,
  due: null,
};

// ---------------------------------------------------------------------------------------------
// The customer-safe reply


export interface ReplyLine {
  sku: string;
  product: string;
  status: OrderStatus | undefined;
  qty: number | null;
  shipped: number;
  openQty: number;
  /** Units set aside for the line: "being prepared to ship" instead of an arrival guess. */
  allocated?: number;
  /** INTERNAL expected restock of the item (turned into a hedged phrase, never shown as a date). */
  expected: LocalDate | null;
  /** First in-stock alternative's product name, if any (none for a line already switched). */
  alternative: string | null;
  /** The product ordered, when the customer switched this line to `product` (src/core/choices.ts). */
  switchedFrom?: string | null;
  /** The item has stock now (Available above 0). */
  inStock?: boolean;
  /** A cancelled line's refund, as the reply may tell it (never its date). */
  refund?: 'due' | 'refunded' | '';
  shipments: Array<{ carrier: string; tracking: string }>;
}

export interface ReplyInput {
  customer: string;
  orderId: string;
  lines: ReplyLine[];
  today: LocalDate;
  prepDays: number;
  /** Settings › Restock grace days (src/core/eta.ts). */
  graceDays?: number;
  senderName: string;
}

function trackingClause(shipments: ReplyLine['shipments']): string {
  const parts = shipments
    .map((s) => {
      const carrier = dateFree(s.carrier, '');
      const tracking = dateFree(s.tracking, '');
      if (carrier === '' && tracking === '') return '';
      if (tracking === '') return `with ${carrier}`;
      return carrier === '' ? `tracking number ${tracking}` : `with ${carrier}, tracking number ${tracking}`;
    })
    .filter((p) => p !== '');
  return parts.length === 0 ? '' : ` ${parts.join('; and ')}`;
}

/**
 * The reply an agent can paste: greeting by first name, one sentence per line (a hedged arrival
 * phrase for what is still to come, carrier and tracking for what shipped) and the customer's
 * options (wait, an in-stock alternative by name, or cancel for a full refund). Never an exact date:
 * every piece taken from the sheet is checked, and the whole text is checked again at the end.
 */
export function buildReply(input: ReplyInput): string {
  const greeting = `Hi ${greetingName(input.customer)},`;
  const orderRef = dateFree(input.orderId, 'your order');
  const name = (l: ReplyLine) => dateFree(l.product, dateFree(l.sku, 'One item'));
  const waiting = input.lines.filter((l) => l.openQty > 0);
  const out: string[] = [greeting, '', `Thank you for checking in about order ${orderRef}. Here is where things stand:`, ''];
  for (const l of input.lines) {
    if (l.openQty > 0) {
      const done = l.shipped > 0 ? `, ${l.shipped} already shipped${trackingClause(l.shipments)}` : '';
      const arrival = () => etaSentence(eta({ expected: l.expected, today: input.today, prepDays: input.prepDays, graceDays: input.graceDays }));
      const set = Math.min(l.openQty, l.allocated ?? 0);
      const prepared = beingPreparedPhrase(set, l.openQty);
      const from = l.switchedFrom ? dateFree(l.switchedFrom, '') : '';
      // A line switched to an in-stock item waits only for the warehouse, not for a restock.
      const rest = () => (from !== '' && l.inStock ? 'It is in stock and will be prepared to ship shortly.' : arrival());
      const phrase = set === 0 ? rest() : set >= l.openQty ? `${capitalise(prepared)}.` : `${capitalise(prepared)}. For the rest: ${rest()}`;
      const switched = from !== '' ? `switched from ${from}, ` : '';
      out.push(`- ${name(l)} (${switched}${l.openQty} still to come${done}): ${phrase}`);
    } else if (l.status === 'Shipped' || (l.shipped > 0 && l.status !== 'Cancelled')) {
      out.push(`- ${name(l)}: shipped${trackingClause(l.shipments)}.`);
    } else if (l.status === 'Open') {
      out.push(`- ${name(l)}: being prepared for shipping.`);
    } else if (l.status === 'Cancelled') {
      const refund =
        l.refund === 'refunded'
          ? ' and refunded in full'
          : l.refund === 'due'
            ? `; your full refund is on its way (within ${REFUND_WORKING_DAYS} working days of the cancellation)`
            : '';
      out.push(`- ${name(l)}: cancelled${refund}.`);
    } else {
      out.push(`- ${name(l)}: we are checking on this item and will update you shortly.`);
    }
  }
  if (waiting.length > 0) {
    const many = waiting.length > 1;
    out.push('', 'While you wait, you have a few options:');
    out.push(`- Wait for ${many ? 'them' : 'it'}: we will ship ${many ? 'each one' : 'it'} as soon as it is ready.`);
    for (const l of waiting) {
      if (l.alternative === null) continue;
      const alt = dateFree(l.alternative, '');
      if (alt === '') continue;
      out.push(`- Switch ${many ? `the ${name(l)} ` : ''}to ${alt}, which is in stock now.`);
    }
    out.push(`- Cancel the backordered ${many ? 'items' : 'item'} for a full refund.`);
    out.push('', "Just reply and let me know what you'd prefer.");
  } else {
    out.push('', 'If there is anything else I can help with, just let me know.');
  }
  out.push('', 'Kind regards,', customerSenderName(input.senderName));
  return scrubDates(out.join('\n'));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Last line of defence: removes anything that still reads as an exact date. */
function scrubDates(text: string): string {
  let safe = text;
  for (let guard = 0; guard < 5; guard++) {
    const found = findExactDates(safe);
    if (found.length === 0) return safe;
    for (const f of found) safe = safe.split(f.text).join('…');
  }
  return safe;
}

// ---------------------------------------------------------------------------------------------
// Views

class Lookup {
  private inv: LookupInventory | null = null;

  constructor(private readonly ctx: LookupContext) {}

  inventory(): LookupInventory {
    if (!this.inv) this.inv = this.ctx.inventory();
    return this.inv;
  }

  private linesAt(indices: readonly number[]): LookupOrderLine[] {
    return indices.length === 0 ? [] : this.ctx.orders().lines(indices);
  }

  private daysWaiting(l: LookupOrderLine): number | null {
    return l.openQty > 0 && l.since ? daysBetween(l.since, this.ctx.today) : null;
  }

  private productOf(sku: string): string {
    return this.inventory().bySku.get(skuKey(sku))?.product ?? sku;
  }

  run(query: unknown): LookupResult {
    const q = parseQuery(query);
    if (q.ok === false) return { kind: 'error', message: q.message };
    const orders = this.ctx.orders();
    if (!orders.hasColumn('Order ID')) {
      return { kind: 'error', message: 'The Orders tab has no "Order ID" column. Run "Set up sheet" from the Backorder Desk menu.' };
    }
    switch (q.prefix) {
      case 'order':
        return this.order(q.text) ?? { kind: 'none', query: q.text, message: `No order with Order ID ${q.text}.` };
      case 'email':
        return this.customerByEmail(q.text) ?? { kind: 'none', query: q.text, message: `No orders from ${q.text}.` };
      case 'name':
        return this.customerByName(q.text) ?? { kind: 'none', query: q.text, message: `No customer named ${q.text}.` };
      case 'sku':
        return this.item(q.text) ?? { kind: 'none', query: q.text, message: `No item with SKU ${q.text} on the Inventory tab.` };
      default:
        return this.search(q.text);
    }
  }

  /** An unprefixed query: exact Order ID, SKU or email first, then partial matches. */
  private search(text: string): LookupResult {
    const exactOrder = this.order(text);
    if (exactOrder) return exactOrder;
    const exactItem = this.item(text);
    if (exactItem) return exactItem;
    if (text.includes('@')) {
      const exactCustomer = this.customerByEmail(text);
      if (exactCustomer) return exactCustomer;
    }
    const { total, shown } = this.partialMatches(text);
    if (total === 0) {
      return { kind: 'none', query: text, message: `Nothing matches "${text}". ${HOW_TO_SEARCH}` };
    }
    if (total === 1) {
      const only = this.run(shown[0].query);
      if (only.kind !== 'none' && only.kind !== 'error') return only;
    }
    return { kind: 'matches', query: text, matches: shown, more: total - shown.length };
  }

  private partialMatches(text: string): { total: number; shown: MatchView[] } {
    const rows = this.ctx.orders();
    const upper = text.toUpperCase();
    const folded = fold(text);
    const words = folded.split(' ');
    const idSearch = /\d/.test(text);
    const emailSearch = !text.includes(' ') && text.length >= 3;
    const skuExact = skuKey(text);
    // A SKU-like text that is not on the Inventory tab may still be on order lines (a typo, a removed item).
    const skuLike = /^[a-z0-9][\w.\-/]*$/i.test(text) && /[\d-]/.test(text);
    const skuUnknown = skuLike && !this.inventory().bySku.has(skuExact);
    const hasId = rows.hasColumn('Order ID');

    // Orders: first row of each matching Order ID; whether the hit is an unknown SKU on that order.
    const orders = new Map<string, { row: number; unknownSku: string }>();
    const customers = new Map<string, { name: string; email: string; orders: Set<string> }>();
    const ids = rows.column('Order ID');
    const names = rows.column('Customer');
    const emails = rows.column('Email');
    const skus = skuUnknown ? rows.column('SKU') : null;
    // Names and emails repeat: each distinct one is tested once.
    const nameHits = new Map<string, boolean>();
    const emailHits = new Map<string, boolean>();
    const normalized = new Map<string, string>();
    const norm = (raw: string): string => {
      let e = normalized.get(raw);
      if (e === undefined) {
        e = normalizeEmail(raw);
        normalized.set(raw, e);
      }
      return e;
    };
    const customerKey = (name: string, email: string) => (email !== '' ? `e:${email}` : `n:${fold(name)}`);
    for (let i = 0; i < rows.size; i++) {
      const id = hasId ? ids[i] : '';
      if (id === '') continue;
      if (idSearch || skus) {
        const idKey = id.toUpperCase();
        if (!orders.has(idKey)) {
          const idHit = idSearch && idKey.includes(upper);
          const sku = skus ? skus[i] : '';
          const skuHit = sku.length === skuExact.length && sku !== '' && skuKey(sku) === skuExact;
          if (idHit || skuHit) orders.set(idKey, { row: i, unknownSku: skuHit ? sku : '' });
        }
      }
      const name = names[i];
      const rawEmail = emails[i];
      if (name === '' && rawEmail === '') continue;
      let nameHit = nameHits.get(name);
      if (nameHit === undefined) {
        nameHit = name !== '' && hasAllWords(fold(name), words);
        nameHits.set(name, nameHit);
      }
      let emailHit = false;
      if (emailSearch && !nameHit) {
        const known = emailHits.get(rawEmail);
        emailHit = known ?? norm(rawEmail).includes(folded);
        if (known === undefined) emailHits.set(rawEmail, emailHit);
      }
      if (!nameHit && !emailHit) continue;
      const email = norm(rawEmail);
      const key = customerKey(name, email);
      if (!customers.has(key)) customers.set(key, { name, email, orders: new Set() });
    }
    if (customers.size > 0) {
      // A customer's rows may spell the name differently: count their orders from every row.
      for (let i = 0; i < rows.size; i++) {
        const c = customers.get(customerKey(names[i], norm(emails[i])));
        if (c) c.orders.add(ids[i].toUpperCase());
      }
    }

    const items = this.inventory().items.filter((item) => hasAllWords(fold(`${item.product} ${item.sku}`), words));
    const people = [...customers.values()].sort((a, b) => a.name.localeCompare(b.name));
    const total = orders.size + people.length + items.length;

    // Details only for what is shown (typed lines for at most MAX_MATCHES orders).
    const shown: MatchView[] = [];
    const orderHits = [...orders.values()].slice(0, MAX_MATCHES);
    const orderLines = this.linesAt(orderHits.map((o) => o.row));
    orderHits.forEach((o, n) => {
      const l = orderLines.find((x) => x.index === o.row) ?? orderLines[n];
      const parts = [l?.customer ?? '', l?.orderDate ?? ''].filter((p) => p !== '');
      if (o.unknownSku !== '') parts.push(`SKU ${o.unknownSku} is not on the Inventory tab`);
      const id = ids[o.row];
      shown.push({ kind: 'order', label: id, detail: parts.join(' · '), query: queryFor.order(id) });
    });
    for (const c of people) {
      if (shown.length >= MAX_MATCHES) break;
      shown.push({
        kind: 'customer',
        label: c.name === '' ? c.email : c.name,
        detail: `${c.email === '' ? 'no email' : c.email} · ${plural(c.orders.size, 'order')}`,
        query: queryFor.customer(c.name, c.email),
      });
    }
    for (const item of items) {
      if (shown.length >= MAX_MATCHES) break;
      shown.push({
        kind: 'item',
        label: item.product,
        detail: `${item.sku} · ${stockBadge(item).text}${item.available !== null ? ` · ${item.available} available` : ''}`,
        query: queryFor.sku(item.sku),
      });
    }
    return { total, shown };
  }

  // --- Order

  order(orderId: string): OrderView | null {
    const want = orderId.trim().toUpperCase();
    const indices = rowsWhere(this.ctx.orders(), 'Order ID', (id) => id.toUpperCase() === want);
    if (indices.length === 0) return null;
    const lines = this.linesAt(indices);
    const { settings, today } = this.ctx;
    const inv = this.inventory();
    const pick = (f: (l: LookupOrderLine) => string) => lines.map(f).find((v) => v !== '') ?? '';
    const id = pick((l) => l.orderId);
    const customer = pick((l) => l.customer);
    const email = pick((l) => l.email);
    const segment = pick((l) => l.segment);
    const orderDate = lines.map((l) => l.orderDate).find((d) => d !== null) ?? null;

    const shipments = this.shipmentsOf(want);
    const problems: string[] = [];
    const views: OrderLineView[] = [];
    const replyLines: ReplyLine[] = [];
    // The Back in stock email waits until every waiting line of the customer's order is wholly set aside.
    const stillWaiting = ordersStillWaiting(
      lines.filter((l) => isBackorder(l.status)).map((l) => ({ email: l.email, openQty: l.openQty, allocated: this.ctx.allocated?.(l.index) ?? 0 })),
      (l) => l.email,
    );
    for (const l of lines) {
      // A switched line is owed by the item switched to (src/core/choices.ts `owedSku`): that is the item the
      // customer now gets, its stock and its arrival; the `SKU` cell keeps what was ordered.
      const sku = l.switchedTo !== '' ? l.switchedTo : l.sku;
      const item = inv.bySku.get(skuKey(sku));
      const switchedFrom = l.switchedTo !== '' ? { sku: l.sku, product: this.productOf(l.sku) } : null;
      const days = this.daysWaiting(l);
      const waiting = l.openQty > 0;
      // A line is switched once (src/core/choices.ts refuses a second switch): no alternative is offered again.
      const alternatives = waiting && item && !switchedFrom ? alternativesFor(inv, item) : [];
      const lineProblems = [...l.problems];
      if (sku !== '' && !item) lineProblems.push(`SKU ${sku} is not on the Inventory tab`);
      if (l.sku === '') lineProblems.push('no SKU');
      for (const p of lineProblems) problems.push(`Orders row ${l.index + 2}: ${p}.`);
      const allocated = waiting ? Math.min(l.openQty, this.ctx.allocated?.(l.index) ?? 0) : 0;
      const marks = parseNoticeMarks(l.noticesCell);
      views.push({
        sku,
        product: item?.product ?? sku,
        switchedFrom,
        qty: l.qty,
        shipped: l.shipped,
        openQty: l.openQty,
        allocated,
        // Only waiting lines ask (the plan reads the whole Orders tab; an order with nothing waiting needs none).
        why: waiting ? (this.ctx.why?.(l.index) ?? '') : '',
        status: statusBadge(l.status, l.statusCell),
        stock: item ? stockBadge(item) : null,
        daysWaiting: days,
        noticesSent: marks.sent,
        noticesPassedOver: marks.skipped,
        consentAsked: marks.consentAsked ?? null,
        backInStock: marks.backInStock === true,
        lastNotice: l.lastNotice ? this.ctx.formatInstant(l.lastNotice) : '',
        nextNotice: !waiting ? null : allocated >= l.openQty ? (stillWaiting.has(l.email) ? SET_ASIDE_REST_WAITS : ALL_SET_ASIDE) : nextNoticeView(l, days, settings, today),
        internalRestock: waiting ? { expected: item?.expected ?? null, note: item?.restockNote ?? '' } : null,
        alternatives,
        problems: lineProblems,
      });
      replyLines.push({
        sku,
        product: item?.product ?? sku,
        switchedFrom: switchedFrom?.product ?? null,
        inStock: item ? hasStock(item) : false,
        status: l.status,
        qty: l.qty,
        shipped: l.shipped,
        openQty: l.openQty,
        allocated,
        refund: l.status === 'Cancelled' ? (this.ctx.refund?.(l.index) ?? '') : '',
        expected: item?.expected ?? null,
        alternative: alternatives.length > 0 ? alternatives[0].product : null,
        shipments: shipments
          .filter((s) => skuKey(s.sku) === skuKey(sku) || skuKey(s.sku) === skuKey(l.sku))
          .map((s) => ({ carrier: s.carrier, tracking: s.tracking })),
      });
    }
    const reply = buildReply({
      customer,
      orderId: id,
      lines: replyLines,
      today,
      prepDays: settings.warehousePrepDays,
      graceDays: settings.restockGraceDays,
      senderName: settings.senderName,
    });
    return {
      kind: 'order',
      orderId: id,
      customer,
      email,
      segment,
      orderDate,
      notifiedSegment: settings.notifySegments.includes(segment),
      lines: views,
      shipments: shipments.map(
        (s): ShipmentView => ({ sku: s.sku, product: this.productOf(s.sku), qty: s.qty, shippedOn: s.shippedOn, carrier: s.carrier, tracking: s.tracking }),
      ),
      notices: this.noticesOf(want),
      reply,
      customerQuery: queryFor.customer(customer, email),
      today,
      problems,
    };
  }

  private shipmentsOf(orderIdUpper: string): LookupShipment[] {
    return [...this.ctx.shipments(orderIdUpper)].sort((a, b) => (a.shippedOn ?? '').localeCompare(b.shippedOn ?? ''));
  }

  /** The order's Notice log rows, newest first (the log is append-only). */
  private noticesOf(orderIdUpper: string): NoticeView[] {
    return this.ctx
      .notices(orderIdUpper)
      .map((n) => ({
        sentAt: isDate(n.sentAt) ? this.ctx.formatInstant(n.sentAt) : String(n.sentAt).trim(),
        kind: n.kind,
        skus: n.skus,
        result: n.result,
        detail: n.detail,
      }))
      .reverse();
  }

  // --- Customer

  customerByEmail(email: string): CustomerView | null {
    const want = normalizeEmail(email);
    if (want === '') return null;
    return this.customer(rowsWhere(this.ctx.orders(), 'Email', (e) => normalizeEmail(e) === want));
  }

  customerByName(name: string): CustomerView | null {
    const want = fold(name);
    return this.customer(rowsWhere(this.ctx.orders(), 'Customer', (n) => n !== '' && fold(n) === want));
  }

  private customer(indices: readonly number[]): CustomerView | null {
    if (indices.length === 0) return null;
    const lines = this.linesAt(indices);
    const byOrder = new Map<string, LookupOrderLine[]>();
    for (const l of lines) {
      const key = l.orderId.toUpperCase();
      const list = byOrder.get(key);
      if (list) list.push(l);
      else byOrder.set(key, [l]);
    }
    const orders: OrderSummaryView[] = [...byOrder.values()].map((ls) => {
      const badges = new Map<string, Badge>();
      for (const l of ls) {
        const b = statusBadge(l.status, l.statusCell);
        badges.set(b.text, b);
      }
      const id = ls[0].orderId;
      return {
        orderId: id === '' ? '(no Order ID)' : id,
        orderDate: ls.map((l) => l.orderDate).find((d) => d !== null) ?? null,
        lines: ls.length,
        openQty: ls.reduce((s, l) => s + l.openQty, 0),
        statuses: [...badges.values()],
        query: queryFor.order(id),
      };
    });
    orders.sort((a, b) => (b.orderDate ?? '').localeCompare(a.orderDate ?? '') || b.orderId.localeCompare(a.orderId));
    const name = lines.map((l) => l.customer).find((n) => n !== '') ?? '';
    const email = lines.map((l) => l.email).find((e) => e !== '') ?? '';
    return {
      kind: 'customer',
      name,
      email,
      segments: [...new Set(lines.map((l) => l.segment).filter((s) => s !== ''))],
      orders: orders.slice(0, MAX_LIST),
      more: Math.max(0, orders.length - MAX_LIST),
    };
  }

  // --- Item

  /** Rows whose units are owed by the SKU (upper case): its `Switched to` SKU when the line was switched, else its `SKU`. */
  private rowsOwedBy(key: string): number[] {
    const rows = this.ctx.orders();
    if (!rows.hasColumn('SKU')) return [];
    const ordered = rows.column('SKU');
    const switched = rows.hasColumn('Switched to') ? rows.column('Switched to') : null;
    const out: number[] = [];
    for (let i = 0; i < ordered.length; i++) {
      const owed = switched && switched[i] !== '' ? switched[i] : ordered[i];
      if (owed !== '' && skuKey(owed) === key) out.push(i);
    }
    return out;
  }

  item(sku: string): ItemView | null {
    const inv = this.inventory();
    const key = skuKey(sku);
    const item = inv.bySku.get(key);
    if (!item) return null;
    const { today, settings } = this.ctx;
    const lines = this.linesAt(this.rowsOwedBy(key)).filter((l) => l.openQty > 0);
    const waiting: WaitingView[] = lines.map((l) => ({
      orderId: l.orderId,
      customer: l.customer,
      email: l.email,
      segment: l.segment,
      openQty: l.openQty,
      allocated: Math.min(l.openQty, this.ctx.allocated?.(l.index) ?? 0),
      status: statusBadge(l.status, l.statusCell),
      daysWaiting: this.daysWaiting(l),
      query: queryFor.order(l.orderId),
    }));
    waiting.sort((a, b) => (b.daysWaiting ?? -Infinity) - (a.daysWaiting ?? -Infinity) || a.orderId.localeCompare(b.orderId));
    const inStock = hasStock(item);
    return {
      kind: 'item',
      sku: item.sku,
      product: item.product,
      productLine: item.productLine,
      stock: stockBadge(item),
      available: item.available,
      lowAt: item.lowAt,
      internalRestock: { expected: item.expected, note: item.restockNote },
      backorderedUnits: item.available === null ? 0 : backorderedUnits(item.available),
      waitingUnits: lines.reduce((s, l) => s + l.openQty, 0),
      waiting: waiting.slice(0, MAX_LIST),
      more: Math.max(0, waiting.length - MAX_LIST),
      alternatives: alternativesFor(inv, item),
      customerEta: inStock
        ? 'It is in stock and ready to ship.'
        : etaSentence(eta({ expected: item.expected, today, prepDays: settings.warehousePrepDays, graceDays: settings.restockGraceDays })),
      problems: item.problems.map((p) => `Inventory row ${item.index + 2}: ${p}.`),
    };
  }
}

/** Runs one lookup. Never throws for bad input: an unusable query gives `{kind: 'error'}`. */
export function lookupIn(ctx: LookupContext, query: unknown): LookupResult {
  return new Lookup(ctx).run(query);
}
