/**
 * Stock status from available units (docs/design.md): negative stock means units owed to backorders.
 * Green (In stock) above the low mark, yellow (Low) from 1 up to it, red (Out of stock) at 0 or below.
 */
import { normalizeEmail, skuKey, type OrderLine, type StockStatus } from './model';

export type StockColour = 'green' | 'yellow' | 'red';

export const COLOUR_OF: Record<StockStatus, StockColour> = {
  'In stock': 'green',
  Low: 'yellow',
  'Out of stock': 'red',
};

/** The low mark of an item: its own `Low at`, or the Settings default when blank. */
export function lowMark(lowAt: number | null, lowDefault: number): number {
  return lowAt ?? lowDefault;
}

export function stockStatus(available: number, lowAt: number | null, lowDefault: number): StockStatus {
  if (available <= 0) return 'Out of stock';
  if (available <= lowMark(lowAt, lowDefault)) return 'Low';
  return 'In stock';
}

/** Units owed to backorders (the red cell's count): -available when negative, else 0. */
export function backorderedUnits(available: number): number {
  return available < 0 ? -available : 0;
}

/** Who waits for a SKU: customers (by email; a line without one counts by its order), orders and open units. */
export interface Waiting {
  customers: number;
  orders: number;
  units: number;
  /** Of those: customers with units set aside for them (Orders › Allocated), and the units. */
  setAsideCustomers?: number;
  setAsideUnits?: number;
}

/**
 * Who waits for each SKU (upper-case key): every open backorder line (`openQty` > 0), whether or not it can be
 * emailed (the manager's dialog counts the customers an update reaches: src/core/stockOut.ts).
 */
export function waitingBySku(
  lines: ReadonlyArray<Pick<OrderLine, 'sku' | 'email' | 'orderId' | 'openQty'> & { allocated?: number }>,
): Map<string, Waiting> {
  const acc = new Map<string, { customers: Set<string>; orders: Set<string>; units: number; setAside: Set<string>; allocated: number }>();
  for (const l of lines) {
    if (l.openQty <= 0 || l.sku.trim() === '') continue;
    const k = skuKey(l.sku);
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { customers: new Set(), orders: new Set(), units: 0, setAside: new Set(), allocated: 0 }));
    const who = normalizeEmail(l.email) || `order:${l.orderId}`;
    a.customers.add(who);
    a.orders.add(l.orderId);
    a.units += l.openQty;
    const set = Math.min(l.openQty, l.allocated ?? 0);
    if (set > 0) {
      a.setAside.add(who);
      a.allocated += set;
    }
  }
  const out = new Map<string, Waiting>();
  for (const [k, a] of acc) {
    const w: Waiting = { customers: a.customers.size, orders: a.orders.size, units: a.units };
    if (a.allocated > 0) Object.assign(w, { setAsideCustomers: a.setAside.size, setAsideUnits: a.allocated });
    out.set(k, w);
  }
  return out;
}
