/**
 * Recording a shipment from the warehouse (pure): what an order still has to ship, and checking a
 * "Record shipment…" request before it becomes Shipments rows.
 *
 * Units shipped on a line = the larger of its `Shipped` cell and the units in Shipments rows for its Order ID
 * and SKU (a Shipped line counts its whole Qty), so a shipment recorded before the hourly run has updated
 * `Shipped` is never offered, or accepted, a second time. Several lines of one order with the same SKU share
 * their Shipments units in row order.
 */
import { parseOrderStatus, skuKey } from './model';

/** The carriers offered in the dialog; anything else is typed under "Other". */
export const COMMON_CARRIERS: readonly string[] = ['USPS', 'UPS', 'FedEx', 'DHL'];

/** Longest Carrier or Tracking text accepted. */
export const MAX_SHIPMENT_TEXT = 100;

/** The Orders fields read here (src/sheet/records.ts `OrderLine` plus `Allocated`). */
export interface EntryLine {
  index: number;
  orderId: string;
  customer: string;
  sku: string;
  qty: number | null;
  shipped: number;
  /** The Status cell. */
  status: string;
  /** The Allocated cell (blank or unreadable: 0). */
  allocated: number;
}

/** The Shipments fields read here. */
export interface ShippedRow {
  orderId: string;
  sku: string;
  qty: number | null;
}

const key = (orderId: string, sku: string) => `${orderId.trim().toUpperCase()}\u0001${skuKey(sku)}`;

/** True for a line that can still ship: not Cancelled, not Shipped. */
function shippable(l: EntryLine): boolean {
  const s = parseOrderStatus(l.status);
  return s !== 'Cancelled' && s !== 'Shipped';
}

/** Units shipped on each line (by `index`): its Shipped cell, or more when Shipments rows say so. */
export function shippedSoFar(lines: readonly EntryLine[], shipments: readonly ShippedRow[]): Map<number, number> {
  const recorded = new Map<string, number>();
  for (const s of shipments) {
    if (s.qty === null || !Number.isInteger(s.qty) || s.qty <= 0) continue;
    const k = key(s.orderId, s.sku);
    recorded.set(k, (recorded.get(k) ?? 0) + s.qty);
  }
  const done = new Map<number, number>();
  const byKey = new Map<string, EntryLine[]>();
  for (const l of lines) {
    const qty = l.qty ?? 0;
    const shipped = Math.max(0, l.shipped);
    done.set(l.index, parseOrderStatus(l.status) === 'Shipped' ? Math.max(qty, shipped) : shipped);
    const k = key(l.orderId, l.sku);
    const list = byKey.get(k);
    if (list) list.push(l);
    else byKey.set(k, [l]);
  }
  for (const [k, list] of byKey) {
    const inCells = list.reduce((n, l) => n + (done.get(l.index) ?? 0), 0);
    let extra = Math.max(0, (recorded.get(k) ?? 0) - inCells);
    for (const l of [...list].sort((a, b) => a.index - b.index)) {
      if (extra === 0) break;
      if (!shippable(l)) continue;
      const have = done.get(l.index) ?? 0;
      const add = Math.min(extra, Math.max(0, (l.qty ?? 0) - have));
      done.set(l.index, have + add);
      extra -= add;
    }
  }
  return done;
}

/** One SKU of an order as the dialog offers it. */
export interface OpenSku {
  sku: string;
  /** Units still to ship (all its shippable lines). */
  open: number;
  /** Units set aside for it (Allocated, never above `open`): the dialog's default. */
  allocated: number;
}

export interface OpenOrder {
  orderId: string;
  customer: string;
  /** In row order of each SKU's first line; SKUs with nothing left to ship are left out. */
  skus: OpenSku[];
}

const idKey = (orderId: string) => orderId.trim().toUpperCase();

/** The order's items from its own lines (`mine`, all with one Order ID). */
function orderOf(mine: readonly EntryLine[], shipped: ReadonlyMap<number, number>): OpenOrder {
  const skus = new Map<string, OpenSku>();
  for (const l of mine) {
    if (!shippable(l) || l.sku.trim() === '') continue;
    const open = Math.max(0, (l.qty ?? 0) - (shipped.get(l.index) ?? 0));
    const allocated = Math.min(open, Math.max(0, Math.floor(l.allocated)));
    const k = skuKey(l.sku);
    const s = skus.get(k);
    if (s) {
      s.open += open;
      s.allocated += allocated;
    } else {
      skus.set(k, { sku: l.sku.trim(), open, allocated });
    }
  }
  return { orderId: mine[0].orderId.trim(), customer: mine[0].customer.trim(), skus: [...skus.values()].filter((s) => s.open > 0) };
}

/** What an order (Order ID, any case) still has to ship, per SKU; null when no line has that Order ID. */
export function openOrder(orderId: string, lines: readonly EntryLine[], shipped: ReadonlyMap<number, number>): OpenOrder | null {
  const id = idKey(orderId);
  const mine = id === '' ? [] : lines.filter((l) => idKey(l.orderId) === id);
  return mine.length === 0 ? null : orderOf(mine, shipped);
}

/** Orders with units set aside (first line's row order), with how many units. */
export function ordersWithAllocated(lines: readonly EntryLine[], shipped: ReadonlyMap<number, number>): Array<{ orderId: string; customer: string; units: number }> {
  const byId = new Map<string, EntryLine[]>();
  for (const l of lines) {
    const id = idKey(l.orderId);
    if (id === '') continue;
    const list = byId.get(id);
    if (list) list.push(l);
    else byId.set(id, [l]);
  }
  const out: Array<{ orderId: string; customer: string; units: number }> = [];
  for (const mine of byId.values()) {
    if (!mine.some((l) => l.allocated > 0)) continue;
    const o = orderOf(mine, shipped);
    const units = o.skus.reduce((n, s) => n + s.allocated, 0);
    if (units > 0) out.push({ orderId: o.orderId, customer: o.customer, units });
  }
  return out;
}

/** A shipment as the dialog sends it. */
export interface ShipmentEntry {
  orderId: string;
  lines: Array<{ sku: string; units: number }>;
  carrier: string;
  tracking: string;
}

/** One Shipments row to append (Shipped on is added by the caller). */
export interface ShipmentRowDraft {
  orderId: string;
  sku: string;
  qty: number;
  carrier: string;
  tracking: string;
}

export type ShipmentCheck = { ok: true; rows: ShipmentRowDraft[] } | { ok: false; problems: string[] };

function textField(v: unknown): string | null {
  return typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : null;
}

/**
 * Checks a request against the order as it is now: a known Order ID, SKUs of that order, whole units from 1 to
 * what is still open (lines left at 0 are not shipped; at least one line must ship), a carrier, and short,
 * single-line Carrier and Tracking. Returns the rows to write, in the order's SKU order, or every problem.
 */
export function checkShipment(request: unknown, lines: readonly EntryLine[], shipped: ReadonlyMap<number, number>): ShipmentCheck {
  const r = (request ?? {}) as Partial<Record<keyof ShipmentEntry, unknown>>;
  const orderId = textField(r.orderId);
  if (orderId === null || orderId === '') return { ok: false, problems: ['Choose an order or type its Order ID.'] };
  const order = openOrder(orderId, lines, shipped);
  if (!order) return { ok: false, problems: [`Order ${orderId.slice(0, 60)} is not on the Orders tab.`] };
  const problems: string[] = [];
  const carrier = textField(r.carrier);
  const tracking = textField(r.tracking);
  if (carrier === null || carrier === '') problems.push('Choose a carrier (or type one under Other).');
  if (tracking === null) problems.push('Tracking must be text.');
  for (const [name, v] of [['Carrier', carrier], ['Tracking', tracking]] as const) {
    if (v && v.length > MAX_SHIPMENT_TEXT) problems.push(`${name} is longer than ${MAX_SHIPMENT_TEXT} characters.`);
    if (v && /[\r\n\t]/.test(v)) problems.push(`${name} must be one line.`);
  }
  const wanted = new Map<string, number>();
  const asked = Array.isArray(r.lines) ? (r.lines as unknown[]) : [];
  for (const raw of asked) {
    const l = (raw ?? {}) as { sku?: unknown; units?: unknown };
    const sku = typeof l.sku === 'string' ? l.sku.trim() : '';
    const units = typeof l.units === 'number' ? l.units : typeof l.units === 'string' && l.units.trim() !== '' ? Number(l.units) : NaN;
    if (units === 0) continue; // left out
    const k = skuKey(sku);
    const open = order.skus.find((s) => skuKey(s.sku) === k);
    if (sku === '' || !open) {
      const onOrder = k !== '' && lines.some((x) => idKey(x.orderId) === idKey(order.orderId) && skuKey(x.sku) === k);
      problems.push(onOrder ? `${sku.slice(0, 60)}: nothing left to ship on order ${order.orderId}.` : `${sku.slice(0, 60) || 'A line'}: not an item of order ${order.orderId}.`);
      continue;
    }
    if (wanted.has(k)) {
      problems.push(`${open.sku}: appears twice.`);
      continue;
    }
    if (!Number.isInteger(units) || units < 0) {
      problems.push(`${open.sku}: units must be a whole number from 1 to ${open.open} (or 0 to leave it out).`);
      continue;
    }
    if (units > open.open) {
      problems.push(`${open.sku}: ${units} is more than the ${open.open} still to ship.`);
      continue;
    }
    wanted.set(k, units);
  }
  if (problems.length === 0 && ![...wanted.values()].some((n) => n > 0)) problems.push('Enter the units shipped for at least one item.');
  if (problems.length > 0) return { ok: false, problems };
  const rows: ShipmentRowDraft[] = [];
  for (const s of order.skus) {
    const qty = wanted.get(skuKey(s.sku)) ?? 0;
    if (qty > 0) rows.push({ orderId: order.orderId, sku: s.sku, qty, carrier: carrier as string, tracking: tracking as string });
  }
  return { ok: true, rows };
}
