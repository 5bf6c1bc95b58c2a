import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { readXlsxWorkbook } from '../../emulator/xlsx';
import { workbookFromJson, workbookToJson, type CellValue, type WorkbookData } from '../../emulator/workbook';
import { FIXTURE_INVENTORY_HEADERS, FIXTURE_ITEMS, FIXTURE_ORDERS, writeFixture } from '../../examples/make-xlsx-fixture';
import { INVENTORY_HEADERS, ORDERS_HEADERS } from '../../src/sheet/schema';

const FIXTURE = join(__dirname, '../../examples/fixtures/exported-inventory.xlsx');

function values(wb: WorkbookData, name: string): CellValue[][] {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s.values;
}

const wall = (d: CellValue, zone: string) => {
  expect(d).toBeInstanceOf(Date);
  return DateTime.fromJSDate(d as Date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
};

describe('readXlsxWorkbook (a workbook exported from Google Sheets)', () => {
  let wb: WorkbookData;
  beforeAll(async () => {
    wb = await readXlsxWorkbook(FIXTURE);
  });

  it('reads every sheet in tab order, named as in the file', () => {
    expect(wb.sheets.map((s) => s.name)).toEqual(['Inventory', 'Orders', 'Summary']);
    expect(wb.name).toBe('exported-inventory');
    expect(wb.timeZone).toBe('America/New_York');
  });

  it("keeps the team's column order and their own columns; every contract header is there", () => {
    const head = values(wb, 'Inventory')[0];
    expect(head).toEqual([...FIXTURE_INVENTORY_HEADERS]);
    expect(head).toContain('Supplier');
    for (const h of INVENTORY_HEADERS) expect(head).toContain(h);
    expect(head).not.toEqual([...INVENTORY_HEADERS]);
    expect(values(wb, 'Orders')[0]).toEqual([...ORDERS_HEADERS]);
  });

  it('gives numbers, strings and "" for empty cells, every row padded to the sheet width', () => {
    const inv = values(wb, 'Inventory');
    expect(inv).toHaveLength(FIXTURE_ITEMS.length + 1);
    for (const row of inv) expect(row).toHaveLength(FIXTURE_INVENTORY_HEADERS.length);
    const col = (h: string) => FIXTURE_INVENTORY_HEADERS.indexOf(h as (typeof FIXTURE_INVENTORY_HEADERS)[number]);
    FIXTURE_ITEMS.forEach((it, i) => {
      const row = inv[i + 1];
      expect(row[col('SKU')]).toBe(it.sku);
      expect(row[col('Available')]).toBe(it.available);
      expect(row[col('Low at')]).toBe(it.lowAt);
      expect(row[col('Alternatives')]).toBe(it.alternatives ?? '');
      if (!it.restock) expect(row[col('Expected restock')]).toBe('');
    });
    const orders = values(wb, 'Orders');
    expect(orders).toHaveLength(FIXTURE_ORDERS.length + 1);
    expect(orders[1][ORDERS_HEADERS.indexOf('Priority')]).toBe('');
    expect(orders[2][ORDERS_HEADERS.indexOf('Notices sent')]).toBe(3);
    expect(orders[7][ORDERS_HEADERS.indexOf('Status')]).toBe('backorder');
  });

  it('turns date cells into Dates at local midnight of the time zone, date-times at the same wall-clock time', async () => {
    const inv = values(wb, 'Inventory');
    const restock = inv[2][FIXTURE_INVENTORY_HEADERS.indexOf('Expected restock')];
    expect(wall(restock, 'America/New_York')).toBe('2026-03-20T00:00:00');
    const orders = values(wb, 'Orders');
    expect(wall(orders[1][ORDERS_HEADERS.indexOf('Order date')], 'America/New_York')).toBe('2026-02-10T00:00:00');
    expect(wall(orders[2][ORDERS_HEADERS.indexOf('Last notice')], 'America/New_York')).toBe('2026-02-23T09:14:00');

    const tokyo = await readXlsxWorkbook(FIXTURE, { timeZone: 'Asia/Tokyo' });
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    expect(wall(values(tokyo, 'Inventory')[2][FIXTURE_INVENTORY_HEADERS.indexOf('Expected restock')], 'Asia/Tokyo')).toBe('2026-03-20T00:00:00');
    expect((values(tokyo, 'Inventory')[2][8] as Date).getTime()).not.toBe((restock as Date).getTime());
  });

  it('gives formula results, error text, booleans, and the plain text of links and rich text', () => {
    const summary = values(wb, 'Summary');
    expect(summary[0]).toEqual(['Items', FIXTURE_ITEMS.length]);
    expect(summary[1]).toEqual(['Out of stock', FIXTURE_ITEMS.filter((i) => i.available <= 0).length]);
    expect(wall(summary[2][1], 'America/New_York')).toBe('2026-03-02T00:00:00');
    expect(summary[3]).toEqual(['Units per order', '#DIV/0!']);
    expect(summary[4]).toEqual(['Reviewed', true]);
    const inv = values(wb, 'Inventory');
    expect(inv[1][FIXTURE_INVENTORY_HEADERS.indexOf('Supplier')]).toBe('Oliveto Farms');
    expect(inv[6][FIXTURE_INVENTORY_HEADERS.indexOf('Restock note')]).toBe('Overdue: chase the co-packer');
  });

  it('round-trips through our workbook JSON format', () => {
    const again = workbookFromJson(workbookToJson(wb));
    expect(workbookToJson(again)).toBe(workbookToJson(wb));
    expect(values(again, 'Orders')[1][1]).toBeInstanceOf(Date);
  });

  it('trims trailing empty rows and columns and keeps empty cells inside the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    const path = join(dir, 'sparse.xlsx');
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('Sheet1');
    ws.getCell('A1').value = 'SKU';
    ws.getCell('C3').value = 7;
    ws.getCell('F9').value = ''; // an empty string is an empty cell
    await x.xlsx.writeFile(path);
    const got = await readXlsxWorkbook(path);
    expect(values(got, 'Sheet1')).toEqual([
      ['SKU', '', ''],
      ['', '', ''],
      ['', '', 7],
    ]);
  });

  it('refuses a file that is not an xlsx workbook with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    const path = join(dir, 'notes.xlsx');
    writeFileSync(path, 'SKU,Available\nOIL-EVO-500,3\n');
    await expect(readXlsxWorkbook(path)).rejects.toThrow(/Could not read .*notes\.xlsx as an Excel workbook/);
    await expect(readXlsxWorkbook(FIXTURE, { timeZone: 'Mars/Olympus' })).rejects.toThrow(/Unknown time zone/);
  });

  it('is what make-xlsx-fixture writes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    const path = join(dir, 'again.xlsx');
    await writeFixture(path);
    const fresh = await readXlsxWorkbook(path);
    expect(workbookToJson({ ...fresh, name: wb.name })).toBe(workbookToJson(wb));
  });
});
