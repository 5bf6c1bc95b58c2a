/**
 * Stock alerts to customer care: which state changes are announced, and their text (pure).
 *
 * What is announced (per SKU):
 * - going out of stock (Available at 0 or below);
 * - a new `Expected restock` while it is out of stock (and the out-of-stock alert was sent);
 * - coming back (from out of stock to Low or In stock);
 * - the first drop to low (from In stock to Low). Going from Low back up to In stock is recorded
 *   silently, so the next drop to Low is a new crossing and is announced again.
 *
 * Once per crossing, and the flap rule:
 * - The last announced state of every SKU is remembered, so the same state is never announced twice
 *   in a row (typing the same value again sends nothing).
 * - A change of state is announced at once, unless the SKU had a state alert less than
 *   QUIET_PERIOD_MS (10 minutes) ago. Then the change is held until the quiet period ends (`heldUntil`):
 *   the first hourly run after that looks at the SKU again, and only the net change is announced.
 *   An item that flips back to its last announced state within the quiet period therefore sends
 *   nothing, and one SKU produces at most one state alert per 10 minutes.
 * - A new expected restock date is announced at once (it is news, not a flap), once per distinct date.
 * - A SKU seen for the first time is recorded silently, except that an item which first appears
 *   already out of stock is announced. When nothing is remembered at all (the first set-up or run),
 *   every SKU is recorded silently: installing the add-on never floods the channel.
 */
import { daysBetween, type LocalDate } from './dates';
import type { RestockDateIssue } from './eta';
import type { StockStatus } from './model';
import { backorderedUnits } from './stock';

export const QUIET_PERIOD_MS = 10 * 60 * 1000;

/** What is remembered per SKU (stored compactly in Script Properties). */
export interface SkuMemory {
  /** Last announced (or silently recorded) state. */
  s: StockStatus;
  /** Expected restock announced with the out-of-stock state ('' when none). */
  e: LocalDate | '';
  /** When a state alert was last sent (ms since epoch; 0 = never / recorded silently). */
  t: number;
  /**
   * The `Expected restock` issue last told (and noted on the cell), e.g. `stale:2026-02-20`, `text:soon`,
   * `back:2026-03-20` (a date left after the item came back); '' or missing: none.
   */
  x?: string;
}

export type AlertKind = 'out' | 'restock' | 'back' | 'low' | 'date';

export interface ItemNow {
  sku: string;
  product: string;
  available: number;
  lowMark: number;
  state: StockStatus;
  expected: LocalDate | null;
}

export interface AlertEvent {
  kind: AlertKind;
  item: ItemNow;
  /** The expected restock announced before (restock changes only). */
  previousExpected: LocalDate | '';
  /** What customers are told of its arrival (src/core/eta.ts): the words agents may say. Out-of-stock alerts only. */
  say?: string;
  /** Kind 'date': what is wrong with the Expected restock cell (`restockIssueText`). */
  issue?: string;
}

export interface Decision {
  event: AlertEvent | null;
  /** The memory to store (undefined: keep the old one). */
  next: SkuMemory;
  /** True when a change is held by the quiet period. */
  held: boolean;
  /** When held: the instant (ms since epoch) the quiet period ends and the change can be announced. */
  heldUntil?: number;
}

/**
 * Decides what to announce for one SKU.
 * `silent`: record the current state without announcing (first set-up / nothing remembered yet).
 */
export function decideAlert(prev: SkuMemory | undefined, item: ItemNow, nowMs: number, silent: boolean): Decision {
  const expected = item.expected ?? '';
  if (!prev || silent) {
    if (prev && silent) return { event: null, next: prev, held: false };
    if (!silent && item.state === 'Out of stock') {
      return { event: { kind: 'out', item, previousExpected: '' }, next: { s: item.state, e: expected, t: nowMs }, held: false };
    }
    return { event: null, next: { s: item.state, e: item.state === 'Out of stock' ? expected : '', t: 0 }, held: false };
  }

  if (item.state === prev.s) {
    if (item.state === 'Out of stock' && expected !== prev.e && expected !== '') {
      return { event: { kind: 'restock', item, previousExpected: prev.e }, next: { ...prev, e: expected }, held: false };
    }
    if (item.state === 'Out of stock' && expected !== prev.e) {
      // The date was cleared: remember it silently, announce the next real date.
      return { event: null, next: { ...prev, e: expected }, held: false };
    }
    return { event: null, next: prev, held: false };
  }

  // Low -> In stock is recorded silently: the next drop to Low is a new crossing.
  if (prev.s === 'Low' && item.state === 'In stock') {
    return { event: null, next: { s: item.state, e: '', t: prev.t }, held: false };
  }

  if (prev.t > 0 && nowMs - prev.t < QUIET_PERIOD_MS) {
    return { event: null, next: prev, held: true, heldUntil: prev.t + QUIET_PERIOD_MS };
  }

  const kind: AlertKind = item.state === 'Out of stock' ? 'out' : prev.s === 'Out of stock' ? 'back' : 'low';
  return {
    event: { kind, item, previousExpected: prev.e },
    next: { s: item.state, e: item.state === 'Out of stock' ? expected : '', t: nowMs },
    held: false,
  };
}

// ------------------------------------------------------------------ compact storage

const CODE: Record<StockStatus, string> = { 'In stock': 'I', Low: 'L', 'Out of stock': 'O' };
const STATE_OF: Record<string, StockStatus> = { I: 'In stock', L: 'Low', O: 'Out of stock' };

/**
 * The remembered form of a restock-date issue (`SkuMemory.x`): short and without the separator, so what is
 * compared is what is stored (a long free-text cell is told once, not at every pass).
 */
export function issueMark(text: string): string {
  return text.replace(/\|/g, '/').slice(0, 40);
}

/** SKU -> memory, as compact JSON: {"SKU":"O|2026-03-20|29541234"} (time in minutes). */
export function encodeMemory(memory: ReadonlyMap<string, SkuMemory>): string {
  const out: Record<string, string> = {};
  for (const [sku, m] of memory) out[sku] = `${CODE[m.s]}|${m.e}|${m.t ? Math.round(m.t / 60000) : ''}${m.x ? `|${issueMark(m.x)}` : ''}`;
  return JSON.stringify(out);
}

/** Reverses `encodeMemory`; unreadable text or entries are dropped (they are recorded again silently). */
export function decodeMemory(text: string | null): Map<string, SkuMemory> {
  const memory = new Map<string, SkuMemory>();
  if (!text) return memory;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return memory;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return memory;
  for (const [sku, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'string') continue;
    const [code, e, t, x] = v.split('|');
    const s = STATE_OF[code];
    if (!s) continue;
    memory.set(sku, { s, e: /^\d{4}-\d{2}-\d{2}$/.test(e ?? '') ? e : '', t: t ? Number(t) * 60000 || 0 : 0, ...(x ? { x } : {}) });
  }
  return memory;
}

/**
 * Splits text into pieces that each fit one Script Property value (9 KB in UTF-8): at most
 * `maxChars` UTF-16 units, which is at most 3 bytes each.
 */
export function chunkText(text: string, maxChars = 2800): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + maxChars);
    // Never split a surrogate pair.
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out.length ? out : [''];
}

// ------------------------------------------------------------------ text

/** Escapes text for a Slack message (&, <, >). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type { Waiting } from './stock';
import type { Waiting } from './stock';

/** For a return: how many customers' units were set aside and how many units are still owed ('' when nobody waits). */
export function setAsideText(waiting: Waiting): string {
  if (waiting.units === 0 && !waiting.setAsideUnits) return '';
  const units = waiting.setAsideUnits ?? 0;
  const customers = waiting.setAsideCustomers ?? 0;
  const left = Math.max(0, waiting.units - units);
  const set = units === 0 ? 'Nothing set aside yet' : `Set aside ${units} unit${units === 1 ? '' : 's'} for ${customers} customer${customers === 1 ? '' : 's'}`;
  return `${set}; ${left} unit${left === 1 ? '' : 's'} still owed`;
}

const HEAD: Record<AlertKind, string> = {
  out: 'Out of stock',
  restock: 'New expected restock',
  back: 'Back in stock',
  low: 'Low stock',
  date: 'Restock date needs a look',
};

/**
 * The `Expected restock` issue of an out-of-stock item as the team reads it (alert and cell note): what is wrong,
 * what customers hear meanwhile, and what to do.
 */
export function restockIssueText(issue: RestockDateIssue, cell: { expected: LocalDate | null; raw: string; today: LocalDate; graceDays: number }): string {
  if (issue === 'text' || cell.expected === null) {
    return `Expected restock "${cell.raw}" is not a date, so customers get the no-date wording ("we don't have a confirmed restock date yet"). Type a date (yyyy-mm-dd) or clear it; reasons go in Restock note.`;
  }
  const late = daysBetween(cell.expected, cell.today);
  if (issue === 'past') {
    return `Expected restock ${cell.expected} has already passed (${late} day${late === 1 ? '' : 's'} ago): customers hear "running a little behind", and after ${cell.graceDays} day${cell.graceDays === 1 ? '' : 's'} (Settings › Restock grace days) the no-date wording. Set the new date.`;
  }
  return `Expected restock ${cell.expected} is stale: ${late} days overdue, more than Settings › Restock grace days (${cell.graceDays}). Customers now get the no-date wording instead of "soon". Set a new date or clear it.`;
}

/** The cell note for a date left on an item that came back in stock (flagged, never cleared for the team). */
export function backInStockDateNote(raw: string): string {
  return `Back in stock: this Expected restock (${raw}) is no longer used. Clear it, or set the next date when the item runs out again.`;
}

/** One alert as plain text (internal: exact dates are fine here). */
export function alertText(event: AlertEvent, waiting: Waiting): string {
  const { item } = event;
  // What agents may tell customers comes first; the exact date after it is for the team only.
  const say = event.say ? `Say: "${event.say}"` : '';
  const owed = backorderedUnits(item.available);
  const units =
    item.available < 0
      ? `Available ${item.available} (${owed} unit${owed === 1 ? '' : 's'} backordered)`
      : `Available ${item.available}${event.kind === 'low' || item.state === 'Low' ? ` (low at ${item.lowMark})` : ''}`;
  const wait =
    waiting.customers === 0
      ? // Units owed with nobody's line to owe them to: the count and Orders disagree, which the team should know.
        item.available < 0
        ? 'No open backorder lines on Orders for it (check Available, or the lines owing it)'
        : 'No customers waiting'
      : `${waiting.customers} customer${waiting.customers === 1 ? '' : 's'} waiting (${waiting.orders} order${waiting.orders === 1 ? '' : 's'}, ${waiting.units} unit${waiting.units === 1 ? '' : 's'} open)`;
  const exp =
    event.kind === 'date'
      ? ''
      : event.kind === 'restock'
        ? `Expected restock ${item.expected ?? 'not set'} (was ${event.previousExpected || 'not set'})`
        : item.state === 'Out of stock'
          ? `Expected restock ${item.expected ?? 'not set'}`
          : '';
  const parts = [`${HEAD[event.kind]}: ${item.sku} ${item.product === item.sku ? '' : `(${item.product}) `}`.trimEnd()];
  if (event.issue) parts.push(event.issue);
  if (say) parts.push(say);
  parts.push(units, wait);
  if (exp) parts.push(exp);
  const setAside = event.kind === 'back' ? setAsideText(waiting) : '';
  if (setAside) parts.push(setAside);
  return parts.join(' · ');
}

/** Alerts listed one by one in one message; the rest are counted (an import can change every SKU at once). */
export const MAX_LISTED_ALERTS = 100;

/**
 * The lines of one message: the first MAX_LISTED_ALERTS alerts, then one line counting the rest by kind,
 * so a message stays within the email body and Slack text limits whatever the number of SKUs.
 */
export function listAlerts(events: readonly AlertEvent[], line: (e: AlertEvent) => string): string[] {
  const lines = events.slice(0, MAX_LISTED_ALERTS).map(line);
  const rest = events.slice(MAX_LISTED_ALERTS);
  if (rest.length > 0) {
    const byKind = new Map<AlertKind, number>();
    for (const e of rest) byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
    const kinds = [...byKind].map(([k, n]) => `${n} ${HEAD[k].toLowerCase()}`).join(', ');
    lines.push(`…and ${rest.length} more (${kinds}); see the Inventory tab.`);
  }
  return lines;
}

const ICON: Record<AlertKind, string> = { out: ':red_circle:', restock: ':date:', back: ':large_green_circle:', low: ':large_yellow_circle:', date: ':warning:' };

/** One alert line for Slack (escaped; the icon shows the colour). */
export function slackLine(event: AlertEvent, waiting: Waiting): string {
  return `${ICON[event.kind]} ${slackEscape(alertText(event, waiting))}`;
}

/** Subject of the alert email of one run. */
export function alertSubject(events: readonly AlertEvent[]): string {
  if (events.length === 1) return `Stock alert: ${HEAD[events[0].kind]} — ${events[0].item.sku}`;
  return `Stock alerts: ${events.length} changes`;
}
