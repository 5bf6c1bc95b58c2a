/**
 * A small workbook for the warehouse dialogs: Inventory, Orders (with the whole-life columns, so Allocated
 * can be filled in by the test, as the allocation engine would), Shipments and Settings. Rows are given by
 * header; what a row leaves out takes a plain default.
 */
import type { CellValue, WorkbookData } from '../../emulator';
import { HEADERS, SETTINGS_HEADERS, TAB } from '../../src/sheet/schema';
import { SETTING_DEFINITIONS } from '../../src/sheet/settings';

type Row = Record<string, CellValue>;

export const WAREHOUSE_ZONE = 'America/New_York';
/** The emulator's default start (2026-03-02T14:00Z) is this day in the workbook's zone. */
export const WAREHOUSE_TODAY = '2026-03-02';

const day = (iso: string) => new Date(`${iso}T05:00:00Z`); // local midnight in New York (EST)

function table(headers: readonly string[], rows: readonly Row[], defaults: Row = {}): CellValue[][] {
  for (const r of rows) for (const h of Object.keys(r)) if (!headers.includes(h)) throw new Error(`no column ${h}`);
  return [[...headers], ...rows.map((r) => headers.map((h) => r[h] ?? defaults[h] ?? ''))];
}

export interface WarehouseData {
  orders: Row[];
  inventory?: Row[];
  shipments?: Row[];
  settings?: Record<string, CellValue>;
}

export const DEFAULT_INVENTORY: Row[] = [
  { SKU: 'HS-30', Product: 'Hand Soap 30 ml', Available: 0 },
  { SKU: 'NC-50', Product: 'Night Cream 50 ml', Available: -2 },
  { SKU: 'LB-1', Product: 'Lip Balm', Available: 12 },
];

export function warehouseWorkbook(data: WarehouseData): WorkbookData {
  const settings = new Map<string, CellValue>(SETTING_DEFINITIONS.map((d) => [d.name, d.defaultValue]));
  for (const [k, v] of Object.entries(data.settings ?? {})) settings.set(k, v);
  return {
    name: 'Warehouse',
    timeZone: WAREHOUSE_ZONE,
    sheets: [
      { name: TAB.inventory, values: table(HEADERS[TAB.inventory], data.inventory ?? DEFAULT_INVENTORY) },
      {
        name: TAB.orders,
        values: table(HEADERS[TAB.orders], data.orders, {
          'Order date': day('2026-02-10'),
          Email: 'someone@example.com',
          Segment: 'DML',
          Qty: 1,
          Shipped: 0,
          Status: 'BackOrder',
        }),
      },
      { name: TAB.shipments, values: table(HEADERS[TAB.shipments], data.shipments ?? []) },
      { name: TAB.settings, values: [[...SETTINGS_HEADERS], ...[...settings].map(([k, v]) => [k, v, ''])] },
    ],
  };
}

/** `n` orders, each with one line of HS-30 with `units` allocated and one NC-50 line still waiting. */
export function allocatedOrders(n: number, customer: (i: number) => string = (i) => `Customer ${i + 1}`): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const id = `BW-${20001 + i}`;
    const email = `c${i + 1}@example.com`;
    rows.push({ 'Order ID': id, Customer: customer(i), Email: email, SKU: 'HS-30', Qty: 2, Allocated: 2 });
    rows.push({ 'Order ID': id, Customer: customer(i), Email: email, SKU: 'NC-50', Qty: 1 });
  }
  return rows;
}
