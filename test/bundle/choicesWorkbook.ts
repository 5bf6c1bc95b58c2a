/**
 * A small shop for the customer-choice tests (bundle and browser): the demo's Settings (Live) and Templates,
 * three items (HON-500 is an in-stock alternative to HON-350), one two-line order (BW-40000) and one
 * one-line order (BW-40001), with every Orders column of the backorder's whole life.
 */
import type { CellValue, WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { HEADERS, TAB } from '../../src/sheet/schema';

const local = (iso: string) => new Date(`${iso}T05:00:00Z`); // local midnight, New York (EST)

/** The demo's Settings and Templates with a small shop: one two-line order and one one-line order. */
export function choicesWorkbook(): WorkbookData {
  const wb = generateWorkbook({ sendMode: 'Live' });
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
  const invHead = inv.values[0].map(String);
  const item = (v: Record<string, CellValue>) => invHead.map((h) => v[h] ?? '');
  inv.values = [
    inv.values[0],
    item({ SKU: 'HON-350', Product: 'Clover Honey 350 g', 'Product line': 'Honey', Available: -3, 'Low at': 5, Status: 'Out of stock', Alternatives: 'HON-500' }),
    item({ SKU: 'HON-500', Product: 'Clover Honey 500 g', 'Product line': 'Honey', Available: 10, 'Low at': 5, Status: 'In stock' }),
    item({ SKU: 'SYR-250', Product: 'Maple Syrup 250 ml', 'Product line': 'Syrup', Available: -1, 'Low at': 5, Status: 'Out of stock' }),
  ];
  const orders = wb.sheets.find((s) => s.name === TAB.orders)!;
  const head = [...HEADERS[TAB.orders]];
  const line = (v: Record<string, CellValue>) => head.map((h) => v[h] ?? '');
  const ann = { Customer: 'Ann Lee', Email: 'ann@example.com', Segment: 'DML', Shipped: 0, Status: 'BackOrder', 'Order date': local('2026-02-19') };
  orders.values = [
    head,
    // Two lines: the older one (day 10 today) is cancelled; the other (day 3 today) keeps its own cadence.
    line({ ...ann, 'Order ID': 'BW-40000', SKU: 'HON-350', Qty: 2, 'Backordered since': local('2026-02-20'), Allocated: 1 }),
    line({ ...ann, 'Order ID': 'BW-40000', SKU: 'SYR-250', Qty: 1, 'Backordered since': local('2026-02-27'), Priority: 'High', Notes: 'Gift wrap' }),
    line({ Customer: 'Bo Chen', Email: 'bo@example.com', Segment: 'SCS', Shipped: 0, Status: 'BackOrder', 'Order ID': 'BW-40001', SKU: 'HON-350', Qty: 1, 'Order date': local('2026-02-25') }),
  ];
  return wb;
}

