/**
 * Shipments, the truth for what left the warehouse (pure: no sheet, no clock).
 *
 * Where the truth lives. Each row of the Shipments tab is units that left. For each order line (matched
 * by Order ID and SKU, case-insensitively; with several lines of the same pair, a row goes to the first line
 * whose hand value below already covers it, else to the first with room up to its Qty):
 *
 *   Shipped = max(H, S)
 *
 * S is the sum of the line's Shipments rows, H the units recorded in `Shipped` without a Shipments row
 * (typed by a person or written by an import). H is the `Shipped` cell itself, unless the cell still holds
 * the value the add-on last wrote there: then H is the value the cell had before (kept per line in
 * Document Properties, `LineMemory`). So a shipment typed into Shipments and also counted by hand in
 * `Shipped` is counted once; a Shipments row corrected from 2 to 1, or deleted, takes `Shipped` back down,
 * never below what was there by hand; and `Shipped` never goes above `Qty` (a row that would take it there
 * is a problem of its own, not counted).
 *
 * Status follows: `Shipped` when every unit left, `Partial` when some did; back to the line's status before
 * the first shipment when a correction leaves none. `Allocated` (units set aside, not yet shipped) drops by
 * the units that newly shipped. `Available` never changes: a shipped unit was already off the shelf.
 * Cancelled lines are never changed. A cancellation keeps the line's `Shipped`, so the rows that left before it
 * (up to that `Shipped`) still count, silently; a row for units it never shipped is a row problem.
 */
import { addDays, daysBetween, type LocalDate } from './dates';
import { isBackorderStatus, parseOrderStatus, skuKey, type OrderStatus } from './model';

/** A Shipments row as read. `qty`: null blank, NaN unreadable. `shippedOn`: null blank, 'bad' unreadable. */
export interface ShipmentRow {
  index: number;
  orderId: string;
  sku: string;
  qty: number | null;
  shippedOn: LocalDate | null | 'bad';
  carrier: string;
  tracking: string;
}

/** What reconciling needs of an Orders line. `qty`/`shipped`/`allocated`: null blank, NaN unreadable. */
export interface ShipLine {
  index: number;
  orderId: string;
  sku: string;
  email: string;
  customer: string;
  /** Upper case. */
  segment: string;
  qty: number | null;
  shipped: number | null;
  allocated: number | null;
  status: OrderStatus | undefined;
  statusCell: string;
  /** `Backordered since` is filled in. */
  backorderedSince: boolean;
}

/** Per line: `w` the Shipped value the add-on last wrote, `h` the hand part then, `o` the Status before the first shipment. */
export interface LineMemory {
  w: number;
  h: number;
  o?: string;
  /** The latest Shipped on day of the line's rows (the oldest memories go first when it grows too large). */
  d?: LocalDate;
}

/**
 * At most this much memory (JSON characters) is kept in Document Properties (a 500 KB store shared with
 * everything else): past it, the lines whose last shipment is oldest are forgotten. A forgotten line keeps
 * its Shipped; a later correction of its rows is then not taken below it.
 */
export const MEMORY_BUDGET_CHARS = 120_000;

/** The memory within `budget` characters of JSON, keeping the lines shipped most recently. */
export function trimMemory(memory: ShipMemory, budget = MEMORY_BUDGET_CHARS): ShipMemory {
  const entries = Object.entries(memory);
  let size = JSON.stringify(memory).length;
  if (size <= budget) return memory;
  entries.sort((a, b) => ((a[1].d ?? '') < (b[1].d ?? '') ? -1 : (a[1].d ?? '') > (b[1].d ?? '') ? 1 : 0));
  let drop = 0;
  while (size > budget && drop < entries.length) size -= JSON.stringify({ [entries[drop][0]]: entries[drop++][1] }).length - 1;
  return Object.fromEntries(entries.slice(drop));
}

export type ShipMemory = Record<string, LineMemory>;

/** The Shipments column a row problem is noted on. */
export type ShipmentColumn = 'Order ID' | 'SKU' | 'Qty' | 'Shipped on';

export interface ShipmentProblem {
  index: number;
  column: ShipmentColumn;
  message: string;
  /** A blank Order ID, SKU or Qty: perhaps a row someone is still typing. */
  incomplete?: boolean;
}

export interface LineChange {
  index: number;
  orderId: string;
  sku: string;
  before: { shipped: number; status: string; allocated: number | null };
  after: { shipped: number; status: string; allocated: number | null };
}

export interface Reconciled {
  changes: LineChange[];
  memory: ShipMemory;
  problems: ShipmentProblem[];
  /** Shipments row index -> Orders line index, for the rows that count. */
  counted: Map<number, number>;
  /** Orders line index -> Shipped after reconciling (every line with a readable Qty that is not Cancelled). */
  shippedNow: Map<number, number>;
  /**
   * Lines that are or were on backorder: a BackOrder / INVHOLD / Partial status now or before the add-on
   * changed it (a Partial the add-on wrote on a line that was Open is not one), or a `Backordered since`.
   * Only their orders get shipment emails.
   */
  backordered: Set<number>;
}

/** Order IDs compare like SKUs: trimmed, upper case. */
const norm = skuKey;
export const lineKey = (orderId: string, sku: string, n: number): string => `${norm(orderId)}|${skuKey(sku)}|${n}`;

function whole(n: number | null): n is number {
  return n !== null && Number.isInteger(n) && n >= 0;
}

/** What a Cancelled line had shipped when it was cancelled: its `Shipped` (0 when blank or unreadable). */
function shippedBeforeCancel(l: ShipLine): number {
  return whole(l.shipped) ? l.shipped : 0;
}

export function reconcileShipments(lines: readonly ShipLine[], rows: readonly ShipmentRow[], memory: ShipMemory): Reconciled {
  const problems: ShipmentProblem[] = [];
  const counted = new Map<number, number>();
  const byPair = new Map<string, ShipLine[]>();
  const cancelledByPair = new Map<string, ShipLine[]>();
  const orderIds = new Set<string>();
  for (const l of lines) {
    if (l.orderId.trim() === '') continue;
    orderIds.add(norm(l.orderId));
    const pair = `${norm(l.orderId)}|${skuKey(l.sku)}`;
    const into = l.status === 'Cancelled' ? cancelledByPair : byPair;
    const list = into.get(pair);
    if (list) list.push(l);
    else into.set(pair, [l]);
  }
  // The part of each line's Shipped that did not come from Shipments (see the top of this file).
  const hand = new Map<number, number>();
  for (const list of byPair.values()) {
    list.forEach((l, n) => {
      if (!whole(l.qty) || (l.shipped !== null && !whole(l.shipped))) return;
      const cell = l.shipped ?? 0;
      const m = memory[lineKey(l.orderId, l.sku, n)];
      hand.set(l.index, m && m.w === cell ? m.h : cell);
    });
  }
  const handOf = (l: ShipLine) => hand.get(l.index) ?? 0;
  const fill = new Map<number, number>();
  const lastDay = new Map<number, LocalDate>();
  for (const r of rows) {
    const where = (column: ShipmentColumn, message: string, incomplete = false) => problems.push({ index: r.index, column, message, ...(incomplete ? { incomplete } : {}) });
    if (r.orderId === '') {
      where('Order ID', 'No Order ID: this shipment is not counted.', true);
      continue;
    }
    if (r.sku === '') {
      where('SKU', 'No SKU: this shipment is not counted.', true);
      continue;
    }
    if (r.qty === null) {
      where('Qty', 'Qty is blank: this shipment is not counted.', true);
      continue;
    }
    if (!whole(r.qty) || r.qty === 0) {
      where('Qty', 'Qty is not a whole number of units above 0: this shipment is not counted.');
      continue;
    }
    if (r.shippedOn === 'bad') {
      where('Shipped on', 'Shipped on is not a date: this shipment is not counted.');
      continue;
    }
    if (!orderIds.has(norm(r.orderId))) {
      where('Order ID', `Order ${r.orderId} is not in Orders: this shipment is not counted.`);
      continue;
    }
    const pair = `${norm(r.orderId)}|${skuKey(r.sku)}`;
    const candidates = byPair.get(pair) ?? [];
    const cancelled = cancelledByPair.get(pair) ?? [];
    if (candidates.length === 0 && cancelled.length === 0) {
      where('SKU', `Order ${r.orderId} has no line for SKU ${r.sku}: this shipment is not counted.`);
      continue;
    }
    const bad = candidates.find((l) => !whole(l.qty) || (l.shipped !== null && !whole(l.shipped)));
    // A row goes to a line whose hand value already covers it (the same units), else to a Cancelled line whose
    // Shipped covers it (it left before the rest was cancelled), else to the first line with room.
    const room = (l: ShipLine, cap: number) => (fill.get(l.index) ?? 0) + (r.qty as number) <= cap;
    const line = (bad ? undefined : candidates.find((l) => room(l, handOf(l)))) ?? cancelled.find((l) => room(l, shippedBeforeCancel(l))) ?? (bad ? undefined : candidates.find((l) => room(l, l.qty as number)));
    if (!line && bad) {
      where('Qty', `Orders row ${bad.index + 2} (order ${bad.orderId}, ${bad.sku}) has a Qty or Shipped that is not a whole number: fix it so this shipment counts.`);
      continue;
    }
    if (!line && candidates.length === 0) {
      const had = cancelled.reduce((s, l) => s + shippedBeforeCancel(l), 0);
      where('SKU', had === 0 ? `Order ${r.orderId}'s line for ${r.sku} is Cancelled: this shipment is not counted.` : `Order ${r.orderId}'s line for ${r.sku} is Cancelled and had shipped ${had} before; ${r.qty === 1 ? 'this unit is' : `these ${r.qty} are`} not counted.`);
      continue;
    }
    if (!line) {
      const ordered = candidates.reduce((s, l) => s + (l.qty as number), 0);
      const already = candidates.reduce((s, l) => s + (fill.get(l.index) ?? 0), 0);
      where('Qty', `More shipped than ordered: order ${r.orderId} has ${ordered} of ${r.sku} and ${already} already in Shipments; these ${r.qty} are not counted.`);
      continue;
    }
    fill.set(line.index, (fill.get(line.index) ?? 0) + r.qty);
    counted.set(r.index, line.index);
    if (r.shippedOn !== null && r.shippedOn > (lastDay.get(line.index) ?? '')) lastDay.set(line.index, r.shippedOn);
  }

  const next: ShipMemory = {};
  const changes: LineChange[] = [];
  const shippedNow = new Map<number, number>();
  const backordered = new Set<number>();
  for (const [, list] of byPair) {
    list.forEach((l, n) => {
      const key = lineKey(l.orderId, l.sku, n);
      const m = memory[key];
      // A Partial the add-on wrote (a shipment of a line that was Open) is not a wait: the status before it counts.
      const waitedAs = l.status === 'Partial' && m?.o !== undefined ? parseOrderStatus(m.o) : l.status;
      if (l.backorderedSince || isBackorderStatus(waitedAs) || isBackorderStatus(parseOrderStatus(m?.o))) backordered.add(l.index);
      if (!whole(l.qty) || (l.shipped !== null && !whole(l.shipped))) return;
      const cell = l.shipped ?? 0;
      const hand = handOf(l);
      const s = fill.get(l.index) ?? 0;
      const shipped = Math.min(l.qty, Math.max(hand, s));
      shippedNow.set(l.index, shipped);
      if (s <= hand && !m) return; // Shipments adds nothing to what is there by hand
      const status = s === 0 && shipped === hand && m ? m.o ?? l.statusCell : shipped >= l.qty && l.qty > 0 ? 'Shipped' : shipped > 0 ? 'Partial' : l.statusCell;
      const rose = Math.max(0, shipped - cell);
      const owed = Math.max(0, l.qty - shipped);
      const allocated = l.allocated === null || !whole(l.allocated) ? l.allocated : Math.min(owed, Math.max(0, l.allocated - rose));
      const d = lastDay.get(l.index);
      if (s > hand) next[key] = { w: shipped, h: hand, ...(m?.o !== undefined || status !== l.statusCell ? { o: m?.o ?? l.statusCell } : {}), ...(d ? { d } : {}) };
      if (shipped !== cell || status !== l.statusCell || allocated !== l.allocated) {
        changes.push({
          index: l.index,
          orderId: l.orderId,
          sku: l.sku,
          before: { shipped: cell, status: l.statusCell, allocated: l.allocated },
          after: { shipped, status, allocated },
        });
      }
    });
  }
  changes.sort((a, b) => a.index - b.index);
  return { changes, memory: trimMemory(next), problems, counted, shippedNow, backordered };
}

// ------------------------------------------------------------------ tracking links

const CARRIERS: ReadonlyArray<[RegExp, (n: string) => string]> = [
  [/^\s*ups\b/i, (n) => `https://www.ups.com/track?tracknum=${n}`],
  [/^\s*(usps|us postal|united states postal)/i, (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`],
  [/^\s*fed\s*ex/i, (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`],
  [/^\s*dhl/i, (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}`],
];

/**
 * The carrier's tracking page for a number (UPS, USPS, FedEx, DHL), or '' for another carrier or a number that
 * is not plain letters and digits (spaces and dashes are dropped). The number is URL-encoded; the page escapes
 * the whole link as HTML like every other value.
 */
export function trackingUrl(carrier: string, tracking: string): string {
  const n = tracking.replace(/[\s-]+/g, '');
  if (!/^[A-Za-z0-9]{6,40}$/.test(n)) return '';
  const c = CARRIERS.find(([re]) => re.test(carrier));
  return c ? c[1](encodeURIComponent(n)) : '';
}

// ------------------------------------------------------------------ shipment emails

/** Parcels shipped longer ago than this are never emailed (a first run on a sheet with a history of shipments). */
export const RECENT_SHIPMENT_DAYS = 7;

export interface ParcelItem {
  lineIndex: number;
  sku: string;
  quantity: number;
  carrier: string;
  tracking: string;
}

export interface LineUnits {
  lineIndex: number;
  sku: string;
  quantity: number;
}

export interface ParcelEmail {
  /** `orderId|email|day`: one email per order, customer and day, never sent twice. */
  key: string;
  orderId: string;
  email: string;
  customer: string;
  /** The customer's segment (the order's first line). */
  segment: string;
  day: LocalDate;
  /** This day's shipment rows, one item per line, carrier and tracking. */
  parcel: ParcelItem[];
  /** Units of the order's lines that left before this parcel (by hand or earlier rows). */
  earlier: LineUnits[];
  /**
   * Units still to come after this parcel of the lines that are delayed: on backorder now or before, or short of
   * stock (the cadence goes on for these). Only these get the hedged arrival wording and the delay reason.
   */
  toCome: LineUnits[];
  /**
   * Units still to come of the lines that never waited and are not short of stock: they are not delayed, so
   * they get no arrival guess and no delay reason (the shop's store confirms them when they ship).
   */
  followsSeparately: LineUnits[];
  /** Nothing is left to come: the short "all items are on their way" version. */
  complete: boolean;
}

export interface ParcelPlanInput {
  lines: readonly ShipLine[];
  rows: readonly ShipmentRow[];
  reconciled: Pick<Reconciled, 'counted' | 'shippedNow' | 'backordered'>;
  today: LocalDate;
  /** Keys already sent (Live) or sent today in Test mode. */
  sent: ReadonlySet<string>;
  /**
   * True when the item cannot cover `units` now (Inventory `Available` below them): a line that never waited is
   * delayed then. Asked only of such lines still to come; none given: never short.
   */
  shortOfStock?: (sku: string, units: number) => boolean;
}

export const parcelKey = (orderId: string, email: string, day: LocalDate): string => `${norm(orderId)}|${email.trim().toLowerCase()}|${day}`;

/**
 * The shipment emails due: one per order (with a line that is or was on backorder), customer and Shipped on
 * day with counted rows, shipped in the last
 * RECENT_SHIPMENT_DAYS days (and not in the future), not sent yet; oldest parcel first. What shipped earlier
 * and what is still to come are as of that parcel: rows of later days count as still to come. What is still to
 * come is split: the delayed lines (`toCome`) and those that are not (`followsSeparately`).
 */
export function planParcelEmails(input: ParcelPlanInput): ParcelEmail[] {
  const lineByIndex = new Map(input.lines.map((l) => [l.index, l]));
  const oldest = addDays(input.today, -RECENT_SHIPMENT_DAYS);
  // Rows counted, by order+email.
  const groups = new Map<string, { orderId: string; email: string; customer: string; segment: string; days: Map<LocalDate, ShipmentRow[]>; rows: ShipmentRow[] }>();
  for (const r of input.rows) {
    const li = input.reconciled.counted.get(r.index);
    if (li === undefined || typeof r.shippedOn !== 'string' || r.shippedOn === 'bad') continue;
    const l = lineByIndex.get(li)!;
    const g = `${norm(l.orderId)}|${l.email}`;
    let grp = groups.get(g);
    if (!grp) groups.set(g, (grp = { orderId: l.orderId, email: l.email, customer: l.customer, segment: l.segment, days: new Map(), rows: [] }));
    grp.rows.push(r);
    const d = grp.days.get(r.shippedOn);
    if (d) d.push(r);
    else grp.days.set(r.shippedOn, [r]);
  }
  const out: ParcelEmail[] = [];
  // The order's lines, found once per order and customer (not once per group: a sheet holds years of rows).
  const linesOf = new Map<string, ShipLine[]>();
  for (const l of input.lines) {
    if (l.status === 'Cancelled') continue;
    const g = `${norm(l.orderId)}|${l.email}`;
    const list = linesOf.get(g);
    if (list) list.push(l);
    else linesOf.set(g, [l]);
  }
  for (const [g, grp] of groups) {
    const orderLines = linesOf.get(g) ?? [];
    // An order that never waited gets its shipping confirmation from the shop's store, not from here.
    if (!orderLines.some((l) => input.reconciled.backordered.has(l.index))) continue;
    for (const [day, dayRows] of grp.days) {
      const key = parcelKey(grp.orderId, grp.email, day);
      if (input.sent.has(key) || day < oldest || daysBetween(input.today, day) > 0) continue;
      const parcel = new Map<string, ParcelItem>();
      for (const r of dayRows) {
        const li = input.reconciled.counted.get(r.index)!;
        const k = `${li}|${r.carrier}|${r.tracking}`;
        const p = parcel.get(k);
        if (p) p.quantity += r.qty as number;
        else parcel.set(k, { lineIndex: li, sku: lineByIndex.get(li)!.sku, quantity: r.qty as number, carrier: r.carrier, tracking: r.tracking });
      }
      const earlier: LineUnits[] = [];
      const toCome: LineUnits[] = [];
      const followsSeparately: LineUnits[] = [];
      for (const l of orderLines) {
        const now = input.reconciled.shippedNow.get(l.index);
        if (now === undefined || l.qty === null) continue;
        const sumOf = (keep: (d: LocalDate) => boolean) =>
          grp.rows.filter((r) => input.reconciled.counted.get(r.index) === l.index && keep(r.shippedOn as LocalDate)).reduce((s, r) => s + (r.qty as number), 0);
        const inParcel = sumOf((d) => d === day);
        const asOfParcel = Math.max(0, now - sumOf((d) => d > day));
        const before = Math.max(0, asOfParcel - inParcel);
        if (before > 0) earlier.push({ lineIndex: l.index, sku: l.sku, quantity: before });
        const left = l.qty - asOfParcel;
        if (left <= 0) continue;
        const delayed = input.reconciled.backordered.has(l.index) || (input.shortOfStock?.(l.sku, left) ?? false);
        (delayed ? toCome : followsSeparately).push({ lineIndex: l.index, sku: l.sku, quantity: left });
      }
      const complete = toCome.length === 0 && followsSeparately.length === 0;
      out.push({ key, orderId: grp.orderId, email: grp.email, customer: grp.customer, segment: grp.segment, day, parcel: [...parcel.values()], earlier, toCome, followsSeparately, complete });
    }
  }
  return out.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.orderId < b.orderId ? -1 : 1));
}
