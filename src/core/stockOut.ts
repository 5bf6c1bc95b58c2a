/**
 * The manager's extended stock-out update, as pure rules shared by the server and the dialog:
 * which items are out of stock and who waits for them, the recipients of one update (one per
 * customer, oldest backorder first), request checks (including the no-exact-date rule on the
 * edited text), the permission rule, the preview, and the compact record of handled request ids.
 */
import { dateFree, exactDateProblem, finishedEmailProblem } from './customerText';
import { eta } from './eta';
import type { LocalDate } from './dates';
import { renderTemplate, RenderedTemplate, Template, TemplateData, utf8Bytes } from './templates';
import type { ExtendedStockOutRequest, StockOutItem, WaitingLine } from '../shared/stockOutTypes';
import type { Item, OrderLine } from './model';
import { normalizeEmail } from './model';

/** Bytes of a text in UTF-8 (what Script Properties count); kept in templates.ts, where email sizes are checked too. */
export { utf8Bytes };

/** The fields of an inventory item this module reads (src/sheet/records.ts). */
export type StockItemLike = Pick<Item, 'sku' | 'product' | 'productLine' | 'available' | 'expected'>;

/** The fields of an order line this module reads (src/sheet/records.ts). */
export type OrderLineLike = Pick<
  OrderLine,
  'index' | 'orderId' | 'customer' | 'email' | 'emailValid' | 'segment' | 'sku' | 'qty' | 'openQty' | 'since' | 'status'
>;

const BACKORDER = new Set(['BackOrder', 'INVHOLD', 'Partial']);

export function skuKey(sku: string): string {
  return sku.trim().toUpperCase();
}

/** Sorts waiting lines oldest backorder first; unreadable dates last; then by order id. */
function byAge(a: { since: string | null; orderId: string }, b: { since: string | null; orderId: string }): number {
  if (a.since !== b.since) {
    if (a.since === null) return 1;
    if (b.since === null) return -1;
    return a.since < b.since ? -1 : 1;
  }
  return a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
}

export interface StockOutInput {
  items: readonly StockItemLike[];
  lines: readonly OrderLineLike[];
  today: LocalDate;
  prepDays: number;
  /** Settings › Restock grace days (src/core/eta.ts). */
  graceDays?: number;
  /** Upper-case SKU -> customers an extended update already went to today. */
  sentToday: ReadonlyMap<string, number>;
  /** Sheet row number of an order line, for messages. */
  rowOf?: (line: OrderLineLike) => number;
  /**
   * Units set aside for a line (Orders › Allocated). They are being prepared to ship, so they are not waiting:
   * a line wholly set aside gets no extended update (its customer had, or will have, the good news).
   */
  setAside?: (line: OrderLineLike) => number;
}

/**
 * Out-of-stock items (Available ≤ 0) with the customers and units waiting for each (open backorder
 * lines of every segment, less what is set aside for them). Most-waited-for items first.
 */
export function stockOutItems(input: StockOutInput): StockOutItem[] {
  const out: StockOutItem[] = [];
  const bySku = new Map<string, StockOutItem>();
  for (const item of input.items) {
    if (item.available === null || item.available > 0) continue;
    const key = skuKey(item.sku);
    if (bySku.has(key)) continue;
    const entry: StockOutItem = {
      sku: item.sku,
      product: item.product,
      productLine: item.productLine,
      available: item.available,
      customers: 0,
      units: 0,
      segments: [],
      etaPhrase: eta({ expected: item.expected, today: input.today, prepDays: input.prepDays, graceDays: input.graceDays }).phrase,
      sentToday: input.sentToday.get(key) ?? 0,
      waiting: [],
      unreachable: [],
    };
    bySku.set(key, entry);
    out.push(entry);
  }
  for (const line of input.lines) {
    if (line.status === undefined || !BACKORDER.has(line.status)) continue;
    const entry = bySku.get(skuKey(line.sku));
    if (!entry) continue;
    const where = input.rowOf ? `Orders row ${input.rowOf(line)}` : `Order ${line.orderId || '(no id)'}`;
    if (line.qty === null) {
      entry.unreachable.push(`${where}: the quantity cannot be read`);
      continue;
    }
    const owed = line.openQty - Math.min(line.openQty, Math.max(0, input.setAside?.(line) ?? 0));
    if (owed <= 0) continue;
    if (!line.emailValid) {
      entry.unreachable.push(`${where}: ${line.email === '' ? 'no email' : `"${line.email}" is not a valid email`}`);
      continue;
    }
    entry.waiting.push({
      orderId: line.orderId,
      customer: line.customer,
      email: normalizeEmail(line.email),
      segment: line.segment,
      units: owed,
      since: line.since,
    });
  }
  for (const entry of out) {
    entry.waiting.sort(byAge);
    entry.customers = new Set(entry.waiting.map((w) => w.email)).size;
    entry.units = entry.waiting.reduce((n, w) => n + w.units, 0);
    entry.segments = [...new Set(entry.waiting.map((w) => w.segment))].sort();
  }
  out.sort((a, b) => b.customers - a.customers || b.units - a.units || (a.sku < b.sku ? -1 : 1));
  return out;
}

/** One personal email of an update: a customer and everything they wait for of this item. */
export interface Recipient {
  email: string;
  /** The name on their oldest waiting line. */
  customer: string;
  orderIds: string[];
  units: number;
  /** Oldest backorder date among their lines. */
  since: string | null;
}

/** Normalised segment choice: upper case, unique; empty means all segments. */
export function normalizeSegments(segments: readonly string[] | undefined | null): string[] {
  return [...new Set((segments ?? []).map((s) => String(s).trim().toUpperCase()).filter((s) => s !== ''))].sort();
}

/**
 * The recipients of an update: one per customer email (trimmed, lower case: "Ann@x.com" and "ann@x.com "
 * are one customer) with an open backorder line for the item in the chosen segments (all when none
 * chosen), oldest backorder first.
 */
export function recipientsOf(waiting: readonly WaitingLine[], segments?: readonly string[] | null): Recipient[] {
  const chosen = normalizeSegments(segments);
  const byEmail = new Map<string, Recipient>();
  const sorted = [...waiting].sort(byAge);
  for (const w of sorted) {
    if (chosen.length > 0 && !chosen.includes(w.segment.toUpperCase())) continue;
    const email = normalizeEmail(w.email);
    let r = byEmail.get(email);
    if (!r) {
      r = { email, customer: w.customer, orderIds: [], units: 0, since: w.since };
      byEmail.set(email, r);
    }
    if (!r.orderIds.includes(w.orderId)) r.orderIds.push(w.orderId);
    r.units += w.units;
  }
  return [...byEmail.values()];
}

/** Null when `user` may send extended updates, otherwise the reason shown to them. */
export function permissionProblem(user: string, managers: readonly string[]): string | null {
  const email = user.trim().toLowerCase();
  if (email === '') {
    return 'Your email address is not visible to this spreadsheet, so you cannot be recognised as a manager. Only the managers listed in Settings › Managers can send an extended stock-out update.';
  }
  if (!managers.map((m) => m.trim().toLowerCase()).includes(email)) {
    return `Only the managers listed in Settings › Managers can send an extended stock-out update; ${email} is not one of them.`;
  }
  return null;
}

/**
 * A queued update (subject, message and the job's other fields, as JSON) is kept in one Script Property,
 * 9 KB per value: `textBytes` bounds the subject and message as stored (UTF-8: "é" takes two bytes, "€"
 * three), which leaves room for the other fields (`jobBytes` for the whole job, checked again at send time).
 * At most `queuedUpdates` updates wait for quota at once (about 80 KB of the 500 KB property store, which
 * the send journals, stock memory and handled ids share).
 */
export const LIMITS = { id: 100, subject: 250, body: 4_000, message: 2_000, segments: 20, sku: 100, textBytes: 7_000, jobBytes: 8_000, queuedUpdates: 10 } as const;

/** Bytes the subject, body and message take when stored (as JSON strings, escapes included). */
export function storedTextBytes(subject: string, body: string, message = ''): number {
  return utf8Bytes(JSON.stringify(subject)) + utf8Bytes(JSON.stringify(body)) + (message ? utf8Bytes(JSON.stringify(message)) : 0);
}

export type RequestCheck =
  | { ok: true; request: Required<ExtendedStockOutRequest> }
  | { ok: false; message: string };

/** Checks the shape of a request from the page (anything may arrive) and normalises it. */
export function checkRequestShape(raw: unknown): RequestCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: 'The request is not readable.' };
  const r = raw as Record<string, unknown>;
  const id = typeof r.id === 'string' ? r.id.trim() : '';
  if (!/^[A-Za-z0-9_-]{8,}$/.test(id) || id.length > LIMITS.id) return { ok: false, message: 'The request has no valid id; reopen the dialog and try again.' };
  const sku = typeof r.sku === 'string' ? r.sku.trim() : '';
  if (sku === '') return { ok: false, message: 'Choose an item first.' };
  if (sku.length > LIMITS.sku) return { ok: false, message: 'The item is not readable; choose it again.' };
  if (typeof r.subject !== 'string' || typeof r.body !== 'string') return { ok: false, message: 'The subject and the message must be text.' };
  if (r.message !== undefined && r.message !== null && typeof r.message !== 'string') return { ok: false, message: 'Your message must be text.' };
  if (r.segments !== undefined && r.segments !== null && (!Array.isArray(r.segments) || r.segments.some((s) => typeof s !== 'string') || r.segments.length > LIMITS.segments)) {
    return { ok: false, message: 'The segment choice is not readable.' };
  }
  return {
    ok: true,
    request: {
      id,
      sku,
      subject: r.subject,
      body: r.body,
      message: typeof r.message === 'string' ? r.message : '',
      segments: normalizeSegments(r.segments as string[] | undefined),
      confirmResend: r.confirmResend === true,
    },
  };
}

/**
 * Checks the edited text as every customer text is checked: not blank, not too long, and no exact date
 * (day of month, numeric date, weekday). `message` is the manager's own words ("Your message"), put into the
 * email where the template says `{{message}}`. Returns the reason it is refused, or null.
 */
export function textProblem(subject: string, body: string, message = ''): string | null {
  if (subject.trim() === '') return 'The subject is empty.';
  if (body.trim() === '') return 'The message is empty.';
  if (subject.length > LIMITS.subject) return `The subject is longer than ${LIMITS.subject} characters.`;
  if (body.length > LIMITS.body) return `The message is longer than ${LIMITS.body} characters.`;
  if (message.length > LIMITS.message) return `Your message is longer than ${LIMITS.message} characters.`;
  if (/[\r\n]/.test(subject)) return 'The subject must be a single line.';
  const bytes = storedTextBytes(subject, body, message);
  if (bytes > LIMITS.textBytes) {
    return `The subject and message are too long to keep safely: ${bytes.toLocaleString('en-US')} of ${LIMITS.textBytes.toLocaleString('en-US')} bytes (letters such as "é" count as two, symbols such as "€" as three). Please shorten the message.`;
  }
  return exactDateProblem(`${subject}\n${body}\n${message}`);
}

// ---------------------------------------------------------------------------------------------
// Handled request ids, kept compactly in one Script Property (9 KB per value).

/** id -> [expires (epoch seconds), recipients, sent, failed, waiting] */
export type HandledIds = Record<string, [number, number, number, number, number]>;

export const HANDLED_TTL_SECONDS = 3 * 24 * 3600;
export const HANDLED_MAX = 100;

/** The record of handled ids stays under this many bytes (one Script Property holds 9 KB). */
export const HANDLED_MAX_BYTES = 8_000;

/** Drops expired entries and keeps the newest `HANDLED_MAX` (fewer if long ids would not fit one property). */
export function pruneHandled(ids: HandledIds | null, nowMs: number): HandledIds {
  const now = Math.floor(nowMs / 1000);
  const entries = Object.entries(ids ?? {}).filter(
    ([, v]) => Array.isArray(v) && v.length === 5 && v.every((n) => typeof n === 'number') && v[0] > now,
  );
  entries.sort((a, b) => b[1][0] - a[1][0]);
  const kept: Array<[string, HandledIds[string]]> = [];
  let bytes = 2;
  for (const e of entries.slice(0, HANDLED_MAX)) {
    bytes += utf8Bytes(JSON.stringify(e[0])) + JSON.stringify(e[1]).length + 2;
    if (bytes > HANDLED_MAX_BYTES) break;
    kept.push(e);
  }
  return Object.fromEntries(kept);
}

/** `ids` without `id` (a request that sent nothing may be sent again). */
export function forgetHandled(ids: HandledIds | null, id: string, nowMs: number): HandledIds {
  const pruned = pruneHandled(ids, nowMs);
  delete pruned[id];
  return pruned;
}

export function rememberHandled(
  ids: HandledIds | null,
  id: string,
  nowMs: number,
  counts: { recipients: number; sent: number; failed: number; waiting: number },
): HandledIds {
  const pruned = pruneHandled(ids, nowMs);
  const kept = pruneHandled({ ...pruned, [id]: [Math.floor(nowMs / 1000) + HANDLED_TTL_SECONDS, counts.recipients, counts.sent, counts.failed, counts.waiting] }, nowMs);
  return kept;
}

// ---------------------------------------------------------------------------------------------
// The email itself: the same rendering on the server (sending) and in the dialog (preview).

export interface ShopDetails {
  senderName: string;
  supportPhone: string;
}

/** The item fields an update's email uses. */
export type ExtendedItem = Pick<StockOutItem, 'sku' | 'product' | 'productLine' | 'etaPhrase' | 'waiting'>;

/** Settings › Sender name as customers see it (also the email's From name): "Customer Care" if it holds a date. */
export function customerSenderName(name: string): string {
  return dateFree(name.trim(), 'Customer Care');
}

/**
 * Settings › Support phone as customers see it: digits with the usual phone punctuation (and an optional
 * extension), never a date; '' otherwise, so `{{#supportPhone}}` sentences drop out.
 */
export function customerSupportPhone(phone: string): string {
  const p = phone.trim();
  if (!/^\+?[\d\s().-]+(?:\s*(?:ext\.?|x)\s*\d{1,6})?$/i.test(p)) return '';
  if ((p.match(/\d/g) ?? []).length < 5) return '';
  return dateFree(p, '');
}

/**
 * The sheet values of an update's email, screened: sheet data is free text, so a value that would put an
 * exact date in front of a customer ("Black Friday Roast", "Mar 3 Blend") is replaced, never sent.
 */
export function extendedTemplateData(r: Recipient, item: ExtendedItem, shop: ShopDetails, message = ''): TemplateData {
  const mine = item.waiting.filter((w) => normalizeEmail(w.email) === normalizeEmail(r.email) && r.orderIds.includes(w.orderId));
  const units = mine.reduce((n, w) => n + w.units, 0) || r.units;
  const sku = dateFree(item.sku.trim(), 'the item');
  const product = dateFree(item.product.trim(), dateFree(sku === 'the item' ? '' : sku, dateFree(item.productLine.trim(), 'the item')));
  const orderIds = r.orderIds.filter((id) => dateFree(id, '') !== '');
  return {
    customer: dateFree(r.customer.trim(), 'there'),
    orderId: orderIds.length > 0 ? orderIds.join(', ') : 'placed with us',
    items: [{ product, sku, quantity: units, eta: item.etaPhrase }],
    supportPhone: customerSupportPhone(shop.supportPhone),
    senderName: customerSenderName(shop.senderName),
    message: message.trim(),
  };
}

/**
 * The template with a place for the manager's message: a template (from the Templates tab) that never says
 * `{{message}}` gets it as its own paragraph after the greeting, so "Your message" is never dropped silently.
 */
export function withMessagePlace(template: Template): Template {
  if (/\{\{\s*[#^&{]?\s*message\b/.test(template.body)) return template;
  const block = '{{#message}}\n{{message}}\n\n{{/message}}';
  const gap = template.body.indexOf('\n\n');
  const body = gap < 0 ? `${block}${template.body}` : `${template.body.slice(0, gap + 2)}${block}${template.body.slice(gap + 2)}`;
  return { subject: template.subject, body };
}

/** The email `r` gets for this update, with the manager's `message` where the template says `{{message}}`. */
export function renderExtended(template: Template, r: Recipient, item: ExtendedItem, shop: ShopDetails, message = ''): RenderedTemplate {
  return renderTemplate(withMessagePlace(template), extendedTemplateData(r, item, shop, message));
}

/** The last guard before an email goes out: the one in src/core/customerText.ts, shared with the daily notices. */
export { finishedEmailProblem };

/** Null when the edited template renders; otherwise why it cannot be read (an unclosed section, say). */
export function templateProblem(template: Template): string | null {
  try {
    renderTemplate(template, {
      customer: 'Sam',
      orderId: 'BW-1',
      items: [{ product: 'Item', sku: 'SKU', quantity: 1, eta: 'soon' }],
      supportPhone: '',
      senderName: '',
      message: '',
    });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
