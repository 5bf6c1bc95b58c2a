/** Which orders are only partly on backorder ("Part of your order" in the customer emails). */
import { ordersWithOtherParts } from '../core/notices';
import type { Table } from './table';

/** Order IDs with a part not on backorder (src/core/notices.ts `ordersWithOtherParts`), from the Orders cells. */
export function partlyBackordered(orders: Table): Set<string> {
  return ordersWithOtherParts(
    orders.rows.map((_r, i) => ({ orderId: String(orders.get(i, 'Order ID')).trim(), status: String(orders.get(i, 'Status')), shipped: Number(orders.get(i, 'Shipped')) || 0 })),
  );
}
