/**
 * What the customer emails of the daily run read from the sheet besides the order lines: the Templates tab and which
 * orders are only partly on backorder.
 */
import { ordersWithOtherParts } from '../core/notices';
import type { Template } from '../core/templates';
import { TAB } from './schema';
import type { Table } from './table';
import type { Workbook } from './workbook';

/** The Templates tab: lower-case kind -> template (the first complete row of a kind). */
export function readTemplates(wb: Workbook): Map<string, Template> {
  const t = wb.table(TAB.templates);
  const out = new Map<string, Template>();
  t.rows.forEach((_r, i) => {
    const kind = String(t.get(i, 'Kind')).trim().toLowerCase();
    const subject = String(t.get(i, 'Subject')).trim();
    const body = String(t.get(i, 'Body'));
    if (kind !== '' && subject !== '' && body.trim() !== '' && !out.has(kind)) out.set(kind, { subject, body });
  });
  return out;
}

/** Order IDs with a part not on backorder (src/core/notices.ts `ordersWithOtherParts`), from the Orders cells. */
export function partlyBackordered(orders: Table): Set<string> {
  return ordersWithOtherParts(
    orders.rows.map((_r, i) => ({ orderId: String(orders.get(i, 'Order ID')).trim(), status: String(orders.get(i, 'Status')), shipped: Number(orders.get(i, 'Shipped')) || 0 })),
  );
}
