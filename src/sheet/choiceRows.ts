/**
 * Orders rows with the columns of the backorder's whole life, for the customer-choice actions and the
 * Refunds due view (src/core/choices.ts). Columns are found by header; a missing one reads as blank.
 */
import type { ChoiceLine } from '../core/choices';
import type { LocalDate } from '../core/dates';
import { readOrderLines } from './records';
import { UNIT_PRICE_HEADER } from './schema';
import type { Cell, Table } from './table';

type ToLocal = (d: Date) => LocalDate;

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

/** A cell as text: a date cell as 'YYYY-MM-DD' in the spreadsheet's zone. */
function cellText(v: Cell, toLocal: ToLocal): string {
  if (isDate(v)) return toLocal(v);
  return v === null || v === undefined ? '' : String(v).trim();
}

/** A price from a number cell or text such as "12.50" / "$12.50"; null when blank or unreadable. */
export function readPrice(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*\$?\s*(\d+(?:\.\d+)?)\s*$/.exec(v.replace(/,/g, ''));
  return m ? Number(m[1]) : null;
}

/** The rows `keep` picks (every row when omitted), blank rows left out. */
export function readChoiceLines(t: Table, toLocal: ToLocal, keep?: (index: number) => boolean): ChoiceLine[] {
  const { lines } = readOrderLines(t, toLocal, keep);
  const text = (i: number, h: string) => cellText(t.get(i, h), toLocal);
  const priced = t.has(UNIT_PRICE_HEADER);
  return lines.map((l) => ({
    index: l.index,
    orderId: l.orderId,
    customer: l.customer,
    email: l.email,
    sku: l.sku,
    qty: l.qty,
    shipped: l.shipped,
    status: l.status,
    statusCell: l.statusCell,
    openQty: l.openQty,
    priority: l.priority,
    notes: text(l.index, 'Notes'),
    shipPreference: text(l.index, 'Ship preference'),
    allocated: text(l.index, 'Allocated'),
    switchedTo: text(l.index, 'Switched to'),
    consent: text(l.index, 'Consent'),
    refundDue: text(l.index, 'Refund due'),
    refundedOn: text(l.index, 'Refunded on'),
    flag: text(l.index, 'Flag'),
    unitPrice: priced ? readPrice(t.get(l.index, UNIT_PRICE_HEADER)) : null,
  }));
}

/** Indices of the rows whose Order ID is `orderId` (any case). */
export function rowsOfOrder(t: Table, orderId: string): number[] {
  const want = orderId.trim().toUpperCase();
  const c = t.col.get('Order ID');
  const out: number[] = [];
  if (c === undefined) return out;
  for (let i = 0; i < t.rows.length; i++) if (String(t.rows[i][c] ?? '').trim().toUpperCase() === want) out.push(i);
  return out;
}
