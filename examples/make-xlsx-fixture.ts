/**
 * Writes examples/fixtures/exported-inventory.xlsx: a small shop's workbook shaped like a Google Sheets
 * export (File › Download › Microsoft Excel), as a team would bring it to the workbench before installing
 * Backorder Desk. Inventory has the contract's headers in the team's own column order plus a column of
 * their own ("Supplier"); a Summary tab holds formulas with cached results, as Sheets exports them.
 *
 *   npx tsx examples/make-xlsx-fixture.ts [--out PATH]
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import ExcelJS from 'exceljs';
import { ORDERS_HEADERS } from '../src/sheet/schema';

/** A date cell as Excel stores it: the wall-clock date, written through exceljs's UTC convention. */
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const at = (iso: string): Date => new Date(`${iso}Z`);

/** The team's column order: not the contract's, and with their own Supplier column. */
export const FIXTURE_INVENTORY_HEADERS = [
  'Product',
  'SKU',
  'Supplier',
  'Available',
  'Status',
  'Low at',
  'Product line',
  'Alternatives',
  'Expected restock',
  'Restock note',
] as const;

type Inv = { sku: string; product: string; line: string; available: number; lowAt: number | ''; supplier: string; restock?: string; note?: string; alternatives?: string };

export const FIXTURE_ITEMS: Inv[] = [
  { sku: 'OIL-EVO-250', product: 'Extra Virgin Olive Oil, 250 ml', line: 'Extra Virgin Olive Oil', available: 120, lowAt: '', supplier: 'Oliveto Farms' },
  { sku: 'OIL-EVO-500', product: 'Extra Virgin Olive Oil, 500 ml', line: 'Extra Virgin Olive Oil', available: -4, lowAt: '', supplier: 'Oliveto Farms', restock: '2026-03-20', note: 'Pallet confirmed by supplier', alternatives: 'OIL-EVO-250' },
  { sku: 'OIL-EVO-1L', product: 'Extra Virgin Olive Oil, 1 L', line: 'Extra Virgin Olive Oil', available: 6, lowAt: '', supplier: 'Oliveto Farms' },
  { sku: 'VIN-BAL-250', product: 'Aged Balsamic Vinegar, 250 ml', line: 'Aged Balsamic Vinegar', available: 80, lowAt: 15, supplier: 'Casa Modena' },
  { sku: 'VIN-BAL-500', product: 'Aged Balsamic Vinegar, 500 ml', line: 'Aged Balsamic Vinegar', available: 0, lowAt: 15, supplier: 'Casa Modena', restock: '2026-04-10' },
  { sku: 'HOT-HAB-150', product: 'Habanero Hot Sauce, 150 ml', line: 'Habanero Hot Sauce', available: -2, lowAt: '', supplier: 'Red Ember Sauces', restock: '2026-02-24', note: 'Overdue: chase the co-packer' },
  { sku: 'HOT-HAB-250', product: 'Habanero Hot Sauce, 250 ml', line: 'Habanero Hot Sauce', available: 45, lowAt: '', supplier: 'Red Ember Sauces' },
  { sku: 'SYR-MPL-AMB-250', product: 'Maple Syrup, Amber, 250 ml', line: 'Maple Syrup', available: 8, lowAt: 12, supplier: 'Sugarbush Co-op' },
  { sku: 'CBR-ORG-330', product: 'Cold Brew Coffee, Original, 330 ml', line: 'Cold Brew Coffee', available: 200, lowAt: 24, supplier: 'North Roast' },
  { sku: 'CBR-VAN-330', product: 'Cold Brew Coffee, Vanilla, 330 ml', line: 'Cold Brew Coffee', available: -1, lowAt: 24, supplier: 'North Roast', alternatives: 'CBR-ORG-330' },
  { sku: 'KMB-GIN', product: 'Kombucha, Ginger, 500 ml', line: 'Kombucha', available: 33, lowAt: '', supplier: 'Bright Ferments' },
  { sku: 'ACC-CRU-AMB', product: 'Glass Oil Cruet, Amber', line: 'Glass Oil Cruet', available: 3, lowAt: 5, supplier: 'Clearline Glass' },
];

type Line = [id: string, orderDate: string, customer: string, email: string, segment: string, sku: string, qty: number, shipped: number, status: string, since: string, priority: string, noticesSent: number | '', lastNotice: string, notes: string];

export const FIXTURE_ORDERS: Line[] = [
  ['SO-4410', '2026-02-10', 'Dana Whitfield', 'dana.whitfield@example.com', 'DML', 'OIL-EVO-250', 2, 2, 'Shipped', '', '', '', '', ''],
  ['SO-4418', '2026-02-12', 'Ruben Castillo', 'ruben.castillo@example.net', 'SCS', 'HOT-HAB-150', 1, 0, 'BackOrder', '2026-02-20', '', 3, '2026-02-23T09:14:00', ''],
  ['SO-4421', '2026-02-20', 'Mina Cho', 'mina.cho@example.org', 'WHL', 'HOT-HAB-150', 1, 0, 'INVHOLD', '', '', '', '', 'Wholesale, ships with next pallet'],
  ['SO-4425', '2026-02-26', 'Grace Obi', 'grace.obi@example.com', 'DML', 'OIL-EVO-500', 3, 0, 'BackOrder', '2026-02-27', 'High', '', '', ''],
  ['SO-4425', '2026-02-26', 'Grace Obi', 'grace.obi@example.com', 'DML', 'KMB-GIN', 2, 2, 'Shipped', '', '', '', '', ''],
  ['SO-4427', '2026-02-27', 'Tom Varga', 'tom.varga@example.net', 'SCS', 'OIL-EVO-500', 3, 2, 'Partial', '2026-02-28', '', '', '', ''],
  ['SO-4430', '2026-02-28', 'Lena Fischer', 'lena.fischer@example.com', 'DML', 'CBR-VAN-330', 1, 0, 'backorder', '', '', '', '', ''],
  ['SO-4431', '2026-03-01', 'Sam Ito', 'sam.ito@example.org', 'AMZ', 'VIN-BAL-250', 1, 0, 'Open', '', '', '', '', ''],
  ['SO-4432', '2026-03-01', 'Ada Mensah', 'ada.mensah@example.com', 'DML', 'VIN-BAL-500', 1, 0, 'Cancelled', '', '', '', '', 'Refunded in full'],
];

export async function writeFixture(out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  // Fixed metadata, so the file only changes when its content does.
  wb.creator = 'Brightwater Bottling Co.';
  wb.created = new Date('2026-03-02T12:00:00Z');
  wb.modified = new Date('2026-03-02T12:00:00Z');

  const inv = wb.addWorksheet('Inventory');
  inv.addRow([...FIXTURE_INVENTORY_HEADERS]);
  for (const it of FIXTURE_ITEMS) {
    const low = it.lowAt === '' ? 10 : it.lowAt;
    const status = it.available <= 0 ? 'Out of stock' : it.available <= low ? 'Low' : 'In stock';
    const byHeader: Record<string, ExcelJS.CellValue> = {
      Product: it.product,
      SKU: it.sku,
      Supplier: it.supplier,
      Available: it.available,
      Status: status,
      'Low at': it.lowAt === '' ? null : it.lowAt,
      'Product line': it.line,
      Alternatives: it.alternatives ?? null,
      'Expected restock': it.restock ? day(it.restock) : null,
      'Restock note': it.note ?? null,
    };
    const row = inv.addRow(FIXTURE_INVENTORY_HEADERS.map((h) => byHeader[h]));
    row.getCell(FIXTURE_INVENTORY_HEADERS.indexOf('Expected restock') + 1).numFmt = 'yyyy-mm-dd';
  }
  // A supplier cell with a link, and a note typed with mixed formatting: both export as rich values.
  const supplierCol = FIXTURE_INVENTORY_HEADERS.indexOf('Supplier') + 1;
  inv.getRow(2).getCell(supplierCol).value = { text: 'Oliveto Farms', hyperlink: 'https://oliveto.example.com/' };
  const noteCol = FIXTURE_INVENTORY_HEADERS.indexOf('Restock note') + 1;
  inv.getRow(7).getCell(noteCol).value = { richText: [{ text: 'Overdue: ', font: { bold: true } }, { text: 'chase the co-packer' }] };

  const orders = wb.addWorksheet('Orders');
  orders.addRow([...ORDERS_HEADERS]);
  for (const l of FIXTURE_ORDERS) {
    const [id, orderDate, customer, email, segment, sku, qty, shipped, status, since, priority, sent, last, notes] = l;
    const row = orders.addRow([id, day(orderDate), customer, email, segment, sku, qty, shipped, status, since ? day(since) : null, priority || null, sent === '' ? null : sent, last ? at(last) : null, notes || null]);
    row.getCell(2).numFmt = 'm/d/yyyy';
    row.getCell(10).numFmt = 'm/d/yyyy';
    row.getCell(13).numFmt = 'm/d/yyyy h:mm:ss';
  }

  const summary = wb.addWorksheet('Summary');
  const n = FIXTURE_ITEMS.length;
  summary.addRow(['Items', { formula: `COUNTA(Inventory!B2:B${n + 1})`, result: n }]);
  summary.addRow(['Out of stock', { formula: `COUNTIF(Inventory!D2:D${n + 1},"<=0")`, result: FIXTURE_ITEMS.filter((i) => i.available <= 0).length }]);
  summary.addRow(['Report date', { formula: 'DATE(2026,3,2)', result: day('2026-03-02') }]);
  summary.getCell('B3').numFmt = 'yyyy-mm-dd';
  summary.addRow(['Units per order', { formula: 'B1/0', result: { error: '#DIV/0!' } }]);
  summary.addRow(['Reviewed', true]);

  mkdirSync(dirname(out), { recursive: true });
  await wb.xlsx.writeFile(out);
}

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? process.argv[i + 1] : 'examples/fixtures/exported-inventory.xlsx';
  writeFixture(out).then(
    () => console.log(`${out}: Inventory (${FIXTURE_ITEMS.length} items), Orders (${FIXTURE_ORDERS.length} lines), Summary`),
    (err) => {
      console.error((err as Error).message);
      process.exitCode = 1;
    },
  );
}
