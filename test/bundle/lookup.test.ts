/**
 * The agent lookup, run from dist/Code.js in the emulator the way the sidebar calls it
 * (google.script.run: JSON only, a Date anywhere would fail the call). Expected values are taken
 * straight from the demo workbook's cells.
 */
import { existsSync } from 'node:fs';
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import type { CustomerView, ItemView, LookupResult, MatchesView, OrderView } from '../../src/shared/lookupTypes';

type Row = Array<string | number | boolean | Date>;

function sheet(wb: WorkbookData, name: string): { header: string[]; rows: Row[] } {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name} sheet`);
  return { header: s.values[0].map((h) => String(h).trim()), rows: s.values.slice(1) as Row[] };
}

function cell(wb: WorkbookData, tab: string, row: Row, header: string): Row[number] {
  return row[sheet(wb, tab).header.indexOf(header)];
}

/** First order line with this status whose Backordered since is a date. */
function backorderRow(wb: WorkbookData): Row {
  const o = sheet(wb, 'Orders');
  const row = o.rows.find(
    (r) => cell(wb, 'Orders', r, 'Status') === 'BackOrder' && ['DML', 'SCS'].includes(String(cell(wb, 'Orders', r, 'Segment'))) && cell(wb, 'Orders', r, 'Backordered since') instanceof Date,
  );
  if (!row) throw new Error('no backorder line in the workbook');
  return row;
}

const lookup = (emu: Emulator, query: unknown) => emu.runFromBrowser('lookup', query) as LookupResult;

/** Spreadsheet service calls (reads) of one lookup. */
function sheetCalls(emu: Emulator, query: string): Record<string, number> {
  emu.resetCalls();
  lookup(emu, query);
  return Object.fromEntries(Object.entries(emu.calls()).filter(([k]) => /^(Spreadsheet|Sheet|Range)/.test(k)));
}

beforeAll(() => {
  if (!existsSync('dist/Code.js')) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
});

describe('lookup(query) in the built bundle on the demo workbook', () => {
  const wb = generateWorkbook();
  let emu: Emulator;
  beforeAll(() => {
    emu = createEmulator({ workbook: wb });
  });

  test('the menu item opens the sidebar titled "Look up" holding the built page', () => {
    emu.run('showLookupSidebar');
    const shown = emu.ui.sidebars[emu.ui.sidebars.length - 1];
    expect(shown.title).toBe('Look up');
    expect(shown.html).toContain('Order, email, name or SKU');
  });

  test('an order by Order ID, in any case', () => {
    const row = backorderRow(wb);
    const id = String(row[0]);
    const r = lookup(emu, `  ${id.toLowerCase()} `) as OrderView;
    expect(r.kind).toBe('order');
    expect(r.orderId).toBe(id);
    expect(r.customer).toBe(cell(wb, 'Orders', row, 'Customer'));
    expect(r.segment).toBe(cell(wb, 'Orders', row, 'Segment'));
    const line = r.lines.find((l) => l.sku === cell(wb, 'Orders', row, 'SKU'))!;
    expect(line.status).toEqual({ text: 'BackOrder', tone: 'red' });
    expect(line.stock?.tone).toBe('red');
    expect(line.daysWaiting).toBeGreaterThanOrEqual(0);
    expect(line.nextNotice?.text).toMatch(/notice|No (automatic|further)|Past day/);
    expect(line.internalRestock).not.toBeNull();
    expect(findExactDates(r.reply)).toEqual([]);
    expect(r.reply.startsWith(`Hi ${String(cell(wb, 'Orders', row, 'Customer')).split(' ')[0]},`)).toBe(true);
    // The precise query a pick sends back opens the same order.
    expect((lookup(emu, `order:${id}`) as OrderView).orderId).toBe(id);
  });

  test('a shipped order shows its shipments with carrier and tracking, and the reply may quote them', () => {
    const ship = sheet(wb, 'Shipments').rows[0];
    const id = String(ship[0]);
    const r = lookup(emu, id) as OrderView;
    expect(r.shipments).toContainEqual(expect.objectContaining({ carrier: ship[4], tracking: ship[5] }));
    expect(r.reply).toContain(String(ship[5]));
    expect(findExactDates(r.reply)).toEqual([]);
  });

  test('a customer by email, trimmed and in any case, with all their orders', () => {
    const row = sheet(wb, 'Orders').rows[30];
    const email = String(cell(wb, 'Orders', row, 'Email'));
    const r = lookup(emu, `   ${email.toUpperCase()}  `) as CustomerView;
    expect(r.kind).toBe('customer');
    expect(r.email).toBe(email.toLowerCase());
    const expected = new Set(sheet(wb, 'Orders').rows.filter((x) => String(cell(wb, 'Orders', x, 'Email')).trim().toLowerCase() === email.toLowerCase()).map((x) => String(x[0])));
    expect(new Set(r.orders.map((o) => o.orderId))).toEqual(expected);
    expect(r.orders.every((o) => o.query === `order:${o.orderId}`)).toBe(true);
  });

  test('a customer by part of the name: a short list to pick from, each pick a precise query', () => {
    const r = lookup(emu, 'smith') as MatchesView;
    expect(r.kind).toBe('matches');
    expect(r.matches.length).toBeGreaterThan(1);
    for (const m of r.matches) {
      expect(m.kind).toBe('customer');
      expect(m.label.toLowerCase()).toContain('smith');
      expect(m.query).toMatch(/^(email|name):/);
    }
    const jo = r.matches.find((m) => m.label === 'Jo Smith')!; // the demo's row with a broken email
    expect(lookup(emu, jo.query)).toMatchObject({ kind: 'customer', name: 'Jo Smith' });
  });

  test('an item by SKU: status, available, internal restock, backordered units, customers waiting', () => {
    const inv = sheet(wb, 'Inventory');
    const red = inv.rows.find((r) => typeof r[3] === 'number' && (r[3] as number) < 0)!;
    const r = lookup(emu, String(red[0]).toLowerCase()) as ItemView;
    expect(r.kind).toBe('item');
    expect(r).toMatchObject({ sku: red[0], available: red[3], backorderedUnits: -(red[3] as number), stock: { text: 'Out of stock', tone: 'red' } });
    expect(r.waiting.length).toBeGreaterThan(0);
    expect(r.waiting.every((w) => w.query === `order:${w.orderId}`)).toBe(true);
    expect(r.alternatives.every((a) => a.available > 0)).toBe(true);
    expect(findExactDates(r.customerEta)).toEqual([]);
  });

  test('an item by part of the product name', () => {
    const r = lookup(emu, 'ghost pepper');
    expect(r).toMatchObject({ kind: 'item', sku: 'HOT-GHO-150' });
  });

  test('no match, and bad input: empty, only spaces, 5,000 characters, not text', () => {
    expect(lookup(emu, 'no such thing anywhere')).toMatchObject({ kind: 'none', message: expect.stringContaining('Nothing matches') });
    expect(lookup(emu, 'order:BW-00000')).toMatchObject({ kind: 'none' });
    for (const bad of ['', '          ', 'x'.repeat(5000), 42, null]) {
      emu.resetCalls();
      const r = lookup(emu, bad);
      expect(r.kind).toBe('error');
      if (r.kind === 'error') expect(r.message).toMatch(/Nothing to search for|too long \(5,000 characters\)/);
      expect(emu.callCount('Range.')).toBe(0); // refused before reading the sheet
    }
  });

  test('an edit shows in the very next lookup (nothing is cached)', () => {
    const inv = sheet(wb, 'Inventory');
    const i = inv.rows.findIndex((r) => typeof r[3] === 'number' && (r[3] as number) > 20);
    const sku = String(inv.rows[i][0]);
    emu.user.setValues('Inventory', `D${i + 2}`, [[3]]);
    expect(lookup(emu, `sku:${sku}`)).toMatchObject({ kind: 'item', available: 3, stock: { text: 'Low' } });
  });

  test('notices already sent are listed from the Notice log', () => {
    const id = String(backorderRow(wb)[0]);
    emu.user.setValues('Notice log', 'A2:H2', [[new Date('2026-02-27T14:05:00Z'), id, 'x@example.com', 'Day 3', 'SKU', 'Subject', 'Sent', '']]);
    const r = lookup(emu, id) as OrderView;
    expect(r.notices).toEqual([{ sentAt: '2026-02-27 09:05', kind: 'Day 3', skus: 'SKU', result: 'Sent', detail: '' }]);
  });
});

describe('lookup reads each tab once, whatever the size of the sheet', () => {
  const small = generateWorkbook();
  const big = generateWorkbook({ orderLines: 3000 });
  const emuSmall = createEmulator({ workbook: small });
  const emuBig = createEmulator({ workbook: big });

  test.each([
    ['an order', (wb: WorkbookData) => String(backorderRow(wb)[0])],
    ['an item', () => 'sku:OIL-EVO-500'],
    ['a customer', (wb: WorkbookData) => `email:${String(cell(wb, 'Orders', sheet(wb, 'Orders').rows[5], 'Email'))}`],
    ['a name search', () => 'olivia'],
  ])('%s: the same Spreadsheet calls on the demo and on a 10x workbook', (_kind, query) => {
    const a = sheetCalls(emuSmall, query(small));
    const b = sheetCalls(emuBig, query(big));
    expect(b).toEqual(a);
    expect(a['Range.getValues']).toBeLessThanOrEqual(5);
    expect(Object.keys(a).filter((k) => k.startsWith('Range.') && k !== 'Range.getValues')).toEqual([]);
  });
});
