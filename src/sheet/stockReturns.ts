/**
 * Units given back to stock (a cancelled backorder line is no longer owed): `Available` rises by them. The Inventory
 * tab is read again just before the write (one `getValues`) so a person's edit made during the run is added to, never
 * overwritten, and only the `Available` cells of the SKUs concerned change (one `setValues` for the column block,
 * written with the values just read for the rows in between).
 */
import { skuKey } from './records';
import { TAB } from './schema';

export interface StockReturn {
  sku: string;
  before: number;
  after: number;
}

/** Adds `units` (upper-case SKU -> units) to `Available`; returns what changed. SKUs not found, or whose Available is not a number, are left out. */
export function returnUnitsToStock(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, units: ReadonlyMap<string, number>): StockReturn[] {
  if (units.size === 0) return [];
  const sheet = ss.getSheetByName(TAB.inventory);
  if (!sheet) return [];
  const values = sheet.getDataRange().getValues();
  const head = (values[0] ?? []).map((h) => String(h).trim());
  const skuCol = head.indexOf('SKU');
  const availCol = head.indexOf('Available');
  if (skuCol < 0 || availCol < 0) return [];
  const done = new Set<string>();
  const changes: Array<{ row: number; value: number; change: StockReturn }> = [];
  for (let r = 1; r < values.length; r++) {
    const key = skuKey(String(values[r][skuCol] ?? ''));
    const add = units.get(key);
    if (add === undefined || done.has(key)) continue;
    const before = values[r][availCol];
    if (typeof before !== 'number' || !Number.isFinite(before)) continue;
    done.add(key);
    changes.push({ row: r, value: before + add, change: { sku: String(values[r][skuCol]).trim(), before, after: before + add } });
  }
  if (changes.length === 0) return [];
  const min = Math.min(...changes.map((c) => c.row));
  const max = Math.max(...changes.map((c) => c.row));
  const block = values.slice(min, max + 1).map((row) => [row[availCol]]);
  for (const c of changes) block[c.row - min][0] = c.value;
  sheet.getRange(min + 1, availCol + 1, block.length, 1).setValues(block);
  return changes.map((c) => c.change);
}
