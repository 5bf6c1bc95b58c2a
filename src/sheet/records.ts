/**
 * Header-mapped codecs: rows of the Inventory, Orders and Shipments tabs as typed records.
 * A row that cannot be read is never an exception: it carries `problems` (human-readable reasons)
 * so a job can skip it, say why in the sheet or the log, and go on.
 */
import { LocalDate, parseDateCell } from '../core/dates';
import { stockStatus } from '../core/stock';
import { parseNoticeMarks } from '../core/notices';
import { parseOrderStatus } from './schema';
import { isValidEmail, normalizeEmail } from './settings';
import type { Item, OrderLine } from '../core/model';
import type { AllocationLine } from '../core/allocation';
import { type EntryLine, shippedSoFar } from '../core/shipmentEntry';
import type { ShipLine, ShipmentRow } from '../core/shipments';
import { Cell, isBlankRow, Table } from './table';

export type { Item, OrderLine } from '../core/model';

type ToLocal = (d: Date) => LocalDate;

function text(v: Cell): string {
  return v === null || v === undefined ? '' : String(v).trim();
}

/** Minus signs text pasted from documents carries instead of "-" (U+2212 minus, figure and en dashes, small and full-width hyphen-minus). */
export const TYPOGRAPHIC_MINUS = /^\s*[\u2212\u2012\u2013\uFE63\uFF0D]/;

/**
 * A whole number from a cell: numbers, or text like "12" (a pasted "−3" with a typographic minus reads as -3);
 * null for blank; NaN for anything else.
 */
export function readInteger(v: Cell): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const t = typeof v === 'string' ? v.replace(TYPOGRAPHIC_MINUS, '-') : v;
  const n = typeof t === 'number' ? t : typeof t === 'string' && /^\s*-?\d+(\.0+)?\s*$/.test(t) ? Number(t) : NaN;
  return Number.isInteger(n) ? n : NaN;
}

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

export interface Inventory {
  items: Item[];
  /** Upper-case SKU -> item (first row wins; duplicates are reported). */
  bySku: Map<string, Item>;
  problems: string[];
}

export { skuKey } from '../core/model';
import { skuKey } from '../core/model';

export function readInventory(t: Table, toLocal: ToLocal, lowDefault: number): Inventory {
  const items: Item[] = [];
  const bySku = new Map<string, Item>();
  const problems: string[] = t.missing.length ? [`Inventory is missing the column(s) ${t.missing.join(', ')}.`] : [];
  t.rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const sku = text(t.get(index, 'SKU'));
    if (sku === '') return;
    const itemProblems: string[] = [];
    let available = readInteger(t.get(index, 'Available'));
    if (available === null || Number.isNaN(available)) {
      itemProblems.push(`Available "${text(t.get(index, 'Available'))}" is not a whole number`);
      available = null;
    }
    let lowAt = readInteger(t.get(index, 'Low at'));
    if (lowAt !== null && (Number.isNaN(lowAt) || lowAt < 0)) {
      itemProblems.push(`Low at "${text(t.get(index, 'Low at'))}" is not a whole number; using the default`);
      lowAt = null;
    }
    const exp = parseDateCell(t.get(index, 'Expected restock'), toLocal);
    if (exp.ok === false) itemProblems.push(`Expected restock ${exp.reason}`);
    const item: Item = {
      index,
      sku,
      product: text(t.get(index, 'Product')) || sku,
      productLine: text(t.get(index, 'Product line')),
      available,
      lowAt,
      status: available === null ? null : stockStatus(available, lowAt, lowDefault),
      statusCell: text(t.get(index, 'Status')),
      expected: exp.ok === true ? exp.date : null,
      restockNote: text(t.get(index, 'Restock note')),
      alternatives: text(t.get(index, 'Alternatives'))
        .split(/[,;\s]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
      problems: itemProblems,
    };
    items.push(item);
    const key = skuKey(sku);
    const first = bySku.get(key);
    if (first) problems.push(`Inventory row ${t.rowNumber(index)} (${sku}): the SKU appears more than once (first on row ${t.rowNumber(first.index)}); only that first row is used for stock, colours and alerts.`);
    else bySku.set(key, item);
    for (const p of itemProblems) problems.push(`Inventory row ${t.rowNumber(index)} (${sku}): ${p}.`);
  });
  return { items, bySku, problems };
}

export { isBackorderStatus } from '../core/model';
import { isBackorderStatus } from '../core/model';

/** Milestones already handled on a line (sent or passed over), as src/core/notices.ts reads `Notices sent`. */
export function parseNoticesSent(v: Cell): number[] {
  const marks = parseNoticeMarks(v);
  return [...marks.sent, ...marks.skipped].sort((a, b) => a - b);
}

/** The milestones handled, the consent request's day and the `Consent` cell of a line (the last two only when there). */
function noticesOf(t: Table, index: number): Pick<OrderLine, 'noticesSent' | 'consentAsked' | 'consent'> {
  const cell = t.get(index, 'Notices sent');
  const asked = cell === '' ? undefined : parseNoticeMarks(cell).consentAsked;
  const consent = text(t.get(index, 'Consent'));
  return { noticesSent: parseNoticesSent(cell), ...(asked ? { consentAsked: asked } : {}), ...(consent ? { consent } : {}) };
}

/** `keep(index)`, when given, picks the rows worth reading (e.g. by Status); the others are not parsed. */
export function readOrderLines(t: Table, toLocal: ToLocal, keep?: (index: number) => boolean): { lines: OrderLine[]; problems: string[] } {
  const lines: OrderLine[] = [];
  const problems: string[] = t.missing.length ? [`Orders is missing the column(s) ${t.missing.join(', ')}.`] : [];
  t.rows.forEach((row, index) => {
    if ((keep && !keep(index)) || isBlankRow(row)) return;
    const p: string[] = [];
    const orderId = text(t.get(index, 'Order ID'));
    if (orderId === '') p.push('no Order ID');
    const rawEmail = text(t.get(index, 'Email'));
    const email = normalizeEmail(rawEmail);
    const emailValid = isValidEmail(email);
    if (!emailValid) p.push(email === '' ? 'no email' : `email "${rawEmail.slice(0, 80)}" is not a valid address`);
    const qty = readInteger(t.get(index, 'Qty'));
    if (qty === null || Number.isNaN(qty) || qty < 0) p.push(`Qty "${text(t.get(index, 'Qty'))}" is not a whole number`);
    let shipped = readInteger(t.get(index, 'Shipped'));
    if (shipped !== null && (Number.isNaN(shipped) || shipped < 0)) {
      p.push(`Shipped "${text(t.get(index, 'Shipped'))}" is not a whole number`);
      shipped = 0;
    }
    const statusCell = text(t.get(index, 'Status'));
    const status = parseOrderStatus(statusCell);
    if (statusCell !== '' && !status) p.push(`Status "${statusCell.slice(0, 40)}" is not one of Open, BackOrder, INVHOLD, Partial, Shipped, Cancelled`);
    const od = parseDateCell(t.get(index, 'Order date'), toLocal);
    if (od.ok === false) p.push(`Order date ${od.reason}`);
    const bs = parseDateCell(t.get(index, 'Backordered since'), toLocal);
    if (bs.ok === false) p.push(`Backordered since ${bs.reason}`);
    const orderDate = od.ok === true ? od.date : null;
    const since = bs.ok === true ? bs.date : bs.ok === 'blank' ? orderDate : null;
    const lastRaw = t.get(index, 'Last notice');
    const q = qty !== null && !Number.isNaN(qty) ? qty : null;
    const s = shipped ?? 0;
    lines.push({
      index,
      orderId,
      orderDate,
      customer: text(t.get(index, 'Customer')),
      email,
      emailValid,
      segment: text(t.get(index, 'Segment')).toUpperCase(),
      sku: text(t.get(index, 'SKU')),
      qty: q,
      shipped: s,
      status,
      statusCell,
      since,
      priority: text(t.get(index, 'Priority')),
      ...noticesOf(t, index),
      lastNotice: isDate(lastRaw) ? lastRaw : null,
      notes: text(t.get(index, 'Notes')),
      openQty: isBackorderStatus(status) && q !== null ? Math.max(0, q - s) : 0,
      problems: p,
    });
  });
  return { lines, problems };
}

/** An Orders line as the allocation planner reads it, with the SKU the customer ordered. */
export interface AllocationRow extends AllocationLine {
  /** The `SKU` cell (the line is planned against `sku`: its `Switched to` SKU when it holds one). */
  orderedSku: string;
  /** The `Flag` cell as read. */
  flag: string;
  /** The `Notices sent` cell as read. */
  noticesCell: string;
  segment: string;
}

/**
 * The Orders lines the allocation planner needs: every BackOrder / INVHOLD / Partial line, and every other line
 * whose `Allocated` cell is neither blank nor 0 (units to give back). The other rows (most of a big sheet) are not parsed.
 * A line whose `Switched to` cell holds a SKU is planned and owed against that SKU.
 */
export function readAllocationRows(t: Table, toLocal: ToLocal): { rows: AllocationRow[]; problems: string[] } {
  const rows: AllocationRow[] = [];
  const problems: string[] = [];
  const c = (h: string) => t.col.get(h) ?? -1;
  const [cStatus, cAlloc, cSku, cSwitch] = [c('Status'), c('Allocated'), c('SKU'), c('Switched to')];
  const at = (r: Cell[], i: number): Cell => (i < 0 ? '' : (r[i] ?? ''));
  t.rows.forEach((r, index) => {
    const statusCell = text(at(r, cStatus));
    const allocCell = at(r, cAlloc);
    const waiting = isBackorderStatus(parseOrderStatus(statusCell));
    if (!waiting && (allocCell === '' || allocCell === null || allocCell === 0)) return;
    let allocated = readInteger(allocCell);
    if (allocated !== null && (Number.isNaN(allocated) || allocated < 0)) {
      problems.push(`Orders row ${t.rowNumber(index)}: Allocated "${text(allocCell).slice(0, 40)}" is not a whole number; it is written again.`);
      allocated = null;
    }
    const qty = readInteger(t.get(index, 'Qty'));
    const shipped = readInteger(t.get(index, 'Shipped'));
    const od = waiting ? parseDateCell(t.get(index, 'Order date'), toLocal) : null;
    const bs = waiting ? parseDateCell(t.get(index, 'Backordered since'), toLocal) : null;
    const orderedSku = text(at(r, cSku));
    const switched = text(at(r, cSwitch));
    rows.push({
      index,
      orderId: text(t.get(index, 'Order ID')),
      customer: text(t.get(index, 'Customer')),
      email: normalizeEmail(t.get(index, 'Email')),
      sku: switched !== '' ? switched : orderedSku,
      orderedSku,
      qty: qty === null || Number.isNaN(qty) ? null : qty,
      shipped: shipped === null || Number.isNaN(shipped) ? 0 : shipped,
      status: statusCell,
      since: bs?.ok === true ? bs.date : null,
      orderDate: od?.ok === true ? od.date : null,
      priority: text(t.get(index, 'Priority')),
      shipPreference: text(t.get(index, 'Ship preference')),
      allocated: allocated !== null && Number.isNaN(allocated) ? null : allocated,
      flag: text(t.get(index, 'Flag')),
      noticesCell: text(t.get(index, 'Notices sent')),
      segment: text(t.get(index, 'Segment')).toUpperCase(),
    });
  });
  return { rows, problems };
}

export interface Shipment {
  index: number;
  orderId: string;
  sku: string;
  qty: number | null;
  shippedOn: LocalDate | null;
  carrier: string;
  tracking: string;
}

export function readShipments(t: Table, toLocal: ToLocal): Shipment[] {
  const out: Shipment[] = [];
  t.rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const d = parseDateCell(t.get(index, 'Shipped on'), toLocal);
    const qty = readInteger(t.get(index, 'Qty'));
    out.push({
      index,
      orderId: text(t.get(index, 'Order ID')),
      sku: text(t.get(index, 'SKU')),
      qty: qty === null || Number.isNaN(qty) ? null : qty,
      shippedOn: d.ok === true ? d.date : null,
      carrier: text(t.get(index, 'Carrier')),
      tracking: text(t.get(index, 'Tracking')),
    });
  });
  return out;
}

/** Shipments rows for reconciling (src/core/shipments.ts): unreadable Qty is NaN, an unreadable date 'bad'. */
export function readShipmentRows(t: Table, toLocal: ToLocal): ShipmentRow[] {
  const out: ShipmentRow[] = [];
  t.rows.forEach((row, index) => {
    if (isBlankRow(row)) return;
    const d = parseDateCell(t.get(index, 'Shipped on'), toLocal);
    out.push({
      index,
      orderId: text(t.get(index, 'Order ID')),
      sku: text(t.get(index, 'SKU')),
      qty: readInteger(t.get(index, 'Qty')),
      shippedOn: d.ok === true ? d.date : d.ok === 'blank' ? null : 'bad',
      carrier: text(t.get(index, 'Carrier')),
      tracking: text(t.get(index, 'Tracking')),
    });
  });
  return out;
}

/** Orders lines as the shipments reconciler sees them (every row with an Order ID, Cancelled ones too). */
export function readShipLines(t: Table): ShipLine[] {
  const out: ShipLine[] = [];
  t.rows.forEach((row, index) => {
    const orderId = text(t.get(index, 'Order ID'));
    if (orderId === '' || isBlankRow(row)) return;
    const statusCell = text(t.get(index, 'Status'));
    out.push({
      index,
      orderId,
      sku: text(t.get(index, 'SKU')),
      email: normalizeEmail(text(t.get(index, 'Email'))),
      customer: text(t.get(index, 'Customer')),
      segment: text(t.get(index, 'Segment')).toUpperCase(),
      qty: readInteger(t.get(index, 'Qty')),
      shipped: readInteger(t.get(index, 'Shipped')),
      allocated: t.has('Allocated') ? readInteger(t.get(index, 'Allocated')) : null,
      status: parseOrderStatus(statusCell),
      statusCell,
      backorderedSince: text(t.get(index, 'Backordered since')) !== '',
    });
  });
  return out;
}

/**
 * Orders lines as the allocation rules read them: with `Ship preference` and `Allocated` (read when the
 * columns are there; blank or unreadable Allocated is null). `t` is the table `lines` were read from.
 */
export function allocationLines(t: Table, lines: readonly OrderLine[]): AllocationLine[] {
  return lines.map((l) => {
    const allocated = readInteger(t.get(l.index, 'Allocated'));
    return {
      index: l.index,
      orderId: l.orderId,
      customer: l.customer,
      email: l.email,
      sku: l.sku,
      qty: l.qty,
      shipped: l.shipped,
      status: l.statusCell,
      since: l.since,
      orderDate: l.orderDate,
      priority: l.priority,
      shipPreference: text(t.get(l.index, 'Ship preference')),
      allocated: allocated === null || Number.isNaN(allocated) ? null : allocated,
    };
  });
}

/**
 * Orders lines (also as the allocation rules read them) with what has shipped so far, by row index: Shipped,
 * or more when Shipments rows say so (src/core/shipmentEntry.ts).
 */
export function readShippedLines(orders: Table, shipments: Table, toLocal: ToLocal): { allocation: AllocationLine[]; lines: EntryLine[]; shipped: Map<number, number> } {
  const allocation = allocationLines(orders, readOrderLines(orders, toLocal).lines);
  const lines = allocation.map((l) => ({ ...l, status: l.status ?? '', allocated: l.allocated ?? 0 }));
  return { allocation, lines, shipped: shippedSoFar(lines, readShipments(shipments, toLocal)) };
}
