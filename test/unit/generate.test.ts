import { DateTime } from 'luxon';
import { DEMO_BAD_ROWS, generateWorkbook, MAX_BACKORDER_AGE, type BadRowProblem } from '../../examples/generate';
import { workbookToJson, type CellValue, type WorkbookData } from '../../emulator/workbook';
import { REQUIRED_HEADERS, ORDER_STATUSES, parseOrderStatus, TAB, type TabName } from '../../src/sheet/schema';
import { isValidEmail, SETTING_DEFINITIONS } from '../../src/sheet/settings';
import { findExactDates } from '../../src/core/customerText';

const ZONE = 'America/New_York';
const TODAY = '2026-03-02';

function sheet(wb: WorkbookData, name: TabName): CellValue[][] {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s.values;
}

/** Rows as header -> value records. */
function records(wb: WorkbookData, name: TabName): Array<Record<string, CellValue>> {
  const [head, ...rows] = sheet(wb, name);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? ''])));
}

const localDate = (d: Date, zone = ZONE) => DateTime.fromJSDate(d, { zone }).toISODate() as string;
const age = (d: Date, today = TODAY) => Math.round(DateTime.fromISO(today).diff(DateTime.fromISO(localDate(d)), 'days').days);
const isOpen = (status: CellValue) => ['BackOrder', 'INVHOLD', 'Partial'].includes(parseOrderStatus(status) ?? '');

/** What is wrong with an order line, judged independently of the generator. */
function problemsOf(line: Record<string, CellValue>, skus: Set<string>): BadRowProblem[] {
  const out: BadRowProblem[] = [];
  if (!isValidEmail(String(line.Email))) out.push('email');
  const qty = line.Qty;
  if (typeof qty !== 'number' || !Number.isInteger(qty) || qty <= 0) out.push('qty');
  const since = line['Backordered since'];
  if (!(line['Order date'] instanceof Date) || !(since === '' || since instanceof Date)) out.push('date');
  if (!skus.has(String(line.SKU))) out.push('sku');
  return out;
}

describe('generateWorkbook', () => {
  const demo = generateWorkbook();

  it('is deterministic: same options give the identical workbook, another seed a different one', () => {
    expect(workbookToJson(generateWorkbook())).toBe(workbookToJson(demo));
    expect(workbookToJson(generateWorkbook({ seed: 7, orderLines: 500 }))).toBe(workbookToJson(generateWorkbook({ seed: 7, orderLines: 500 })));
    expect(workbookToJson(generateWorkbook({ seed: 2 }))).not.toBe(workbookToJson(demo));
  });

  it('writes the six tabs a shop starts with, with their required row-1 headers (set-up adds the rest)', () => {
    expect(demo.sheets.map((s) => s.name)).toEqual([TAB.inventory, TAB.orders, TAB.shipments, TAB.noticeLog, TAB.settings, TAB.templates]);
    for (const s of demo.sheets) expect(s.values[0]).toEqual([...REQUIRED_HEADERS[s.name as TabName]]);
    expect(sheet(demo, TAB.noticeLog)).toHaveLength(1);
    expect(sheet(demo, TAB.templates)).toHaveLength(1);
    expect(demo.timeZone).toBe(ZONE);
  });

  it('suggests as alternatives only in-stock items of the same product line', () => {
    const inv = records(demo, TAB.inventory);
    const bySku = new Map(inv.map((r) => [r.SKU, r]));
    const listed = inv.filter((r) => String(r.Alternatives) !== '');
    expect(listed.length).toBeGreaterThan(0);
    for (const r of listed) {
      for (const sku of String(r.Alternatives).split(/,\s*/)) {
        const alt = bySku.get(sku)!;
        expect(alt['Product line']).toBe(r['Product line']);
        expect(Number(alt.Available)).toBeGreaterThan(0);
      }
    }
  });

  it('starts in Test mode with the whole go-live checklist filled in; --live gives a Live demo', () => {
    const value = (wb: typeof demo) => records(wb, TAB.settings).find((r) => r.Setting === 'Send mode')?.Value;
    expect(value(demo)).toBe('Test');
    expect(value(generateWorkbook({ sendMode: 'Live' }))).toBe('Live');
  });

  it('writes every setting with its default, and the shop contact settings', () => {
    const settings = new Map(records(demo, TAB.settings).map((r) => [r.Setting, r]));
    expect([...settings.keys()]).toEqual(SETTING_DEFINITIONS.map((d) => d.name));
    const overrides: Record<string, string> = {
      Managers: 'manager@example.com',
      'Alert emails': 'care@example.com',
      'Support phone': '(555) 010-4477',
      'Reply-to': 'help@example.com',
      'Sender name': 'Brightwater Bottling Co.',
      'Test recipient': 'manager@example.com',
    };
    for (const d of SETTING_DEFINITIONS) {
      expect(settings.get(d.name)?.Value).toBe(overrides[d.name] ?? d.defaultValue);
      expect(settings.get(d.name)?.About).toBe(d.about);
    }
  });

  it('honours the requested sizes', () => {
    for (const [orderLines, skus] of [[300, 40], [1000, 75], [120, 12], [61, 5]] as const) {
      const wb = generateWorkbook({ orderLines, skus, seed: 3 });
      expect(sheet(wb, TAB.inventory)).toHaveLength(skus + 1);
      expect(sheet(wb, TAB.orders)).toHaveLength(orderLines + 1);
      expect(new Set(records(wb, TAB.inventory).map((r) => r.SKU)).size).toBe(skus);
    }
    const big = generateWorkbook({ orderLines: 50_000, skus: 400 });
    expect(sheet(big, TAB.orders)).toHaveLength(50_001);
    expect(sheet(big, TAB.inventory)).toHaveLength(401);
  });

  it('has every status (in mixed case too) and the DML, SCS and other segments', () => {
    const orders = records(demo, TAB.orders);
    const statuses = new Set(orders.map((o) => parseOrderStatus(o.Status)));
    expect([...statuses].sort()).toEqual([...ORDER_STATUSES].sort());
    expect(orders.some((o) => !(ORDER_STATUSES as readonly string[]).includes(String(o.Status)))).toBe(true);
    const segments = new Set(orders.map((o) => o.Segment));
    for (const s of ['DML', 'SCS', 'WHL', 'AMZ']) expect(segments).toContain(s);
    expect(orders.some((o) => o.Priority === 'High')).toBe(true);
    expect(orders.some((o) => o.Notes !== '')).toBe(true);
    expect(orders.every((o) => o['Notices sent'] === '' && o['Last notice'] === '')).toBe(true);
    expect(orders.every((o) => o.Priority === '' || o.Priority === 'High')).toBe(true);
    expect(orders.every((o) => /^BW-\d{5}$/.test(String(o['Order ID'])))).toBe(true);
  });

  it('spreads open backorders over every age from 0 to 60 days, some with a blank Backordered since', () => {
    const bad = new Set(DEMO_BAD_ROWS.map((b) => b.orderId));
    const open = records(demo, TAB.orders).filter((o) => isOpen(o.Status) && !bad.has(String(o['Order ID'])));
    const ages = open.map((o) => age((o['Backordered since'] === '' ? o['Order date'] : o['Backordered since']) as Date));
    const expected = Array.from({ length: MAX_BACKORDER_AGE + 1 }, (_, i) => i);
    expect([...new Set(ages)].sort((a, b) => a - b)).toEqual(expected);
    expect(open.some((o) => o['Backordered since'] === '')).toBe(true);
    expect(open.some((o) => o['Backordered since'] instanceof Date)).toBe(true);
    for (const o of open) {
      if (o['Backordered since'] instanceof Date) expect(age(o['Backordered since'])).toBeLessThanOrEqual(age(o['Order date'] as Date));
    }
  });

  it('contains exactly the exported bad rows, and nothing else is invalid', () => {
    const skus = new Set(records(demo, TAB.inventory).map((r) => String(r.SKU)));
    const found: Array<{ orderId: string; problem: BadRowProblem }> = [];
    for (const line of records(demo, TAB.orders)) {
      for (const p of problemsOf(line, skus)) found.push({ orderId: String(line['Order ID']), problem: p });
    }
    expect(found).toEqual(DEMO_BAD_ROWS);
    const byId = new Map(records(demo, TAB.orders).map((o) => [String(o['Order ID']), o]));
    for (const { orderId } of DEMO_BAD_ROWS) {
      expect(records(demo, TAB.orders).filter((o) => o['Order ID'] === orderId)).toHaveLength(1);
      expect(byId.get(orderId)).toMatchObject({ Status: 'BackOrder', Segment: 'DML' });
    }
    expect(byId.get(DEMO_BAD_ROWS.find((b) => b.problem === 'email')!.orderId)?.Email).toBe('jo.smith@@example');
    expect(byId.get(DEMO_BAD_ROWS.find((b) => b.problem === 'qty')!.orderId)?.Qty).toBe('two');
    expect(byId.get(DEMO_BAD_ROWS.find((b) => b.problem === 'date')!.orderId)?.['Backordered since']).toBe('soonish');
    expect(byId.get(DEMO_BAD_ROWS.find((b) => b.problem === 'sku')!.orderId)?.SKU).toBe('NOPE-000');

    const clean = generateWorkbook({ badRows: false });
    const cleanSkus = new Set(records(clean, TAB.inventory).map((r) => String(r.SKU)));
    expect(records(clean, TAB.orders).flatMap((l) => problemsOf(l, cleanSkus))).toEqual([]);
    expect(sheet(clean, TAB.orders)).toHaveLength(301);
  });

  it('keeps stock and orders consistent: negative stock is owed exactly to open backorder lines', () => {
    for (const wb of [demo, generateWorkbook({ orderLines: 3000, skus: 90, seed: 11 })]) {
      const items = records(wb, TAB.inventory);
      const owed = new Map<string, number>();
      for (const o of records(wb, TAB.orders)) {
        const qty = o.Qty;
        const shipped = o.Shipped as number;
        const status = parseOrderStatus(o.Status);
        if (typeof qty === 'number') {
          expect(shipped).toBeGreaterThanOrEqual(0);
          if (status === 'Partial') expect(shipped > 0 && shipped < qty).toBe(true);
          if (status === 'Shipped') expect(shipped).toBe(qty);
          if (status === 'BackOrder' || status === 'INVHOLD' || status === 'Open' || status === 'Cancelled') expect(shipped).toBe(0);
          if (isOpen(o.Status)) owed.set(String(o.SKU), (owed.get(String(o.SKU)) ?? 0) + qty - shipped);
        }
      }
      let negatives = 0;
      for (const item of items) {
        const available = item.Available as number;
        expect(Number.isInteger(available)).toBe(true);
        const low = item['Low at'] === '' ? 10 : (item['Low at'] as number);
        if (available < 0) {
          negatives++;
          expect(owed.get(String(item.SKU))).toBe(-available);
        } else {
          // Nobody waits for an item in stock.
          expect(owed.get(String(item.SKU)) ?? 0).toBe(0);
        }
        expect(item.Status).toBe(available <= 0 ? 'Out of stock' : available <= low ? 'Low' : 'In stock');
      }
      expect(negatives).toBeGreaterThan(0);
      const bands = new Set(items.map((i) => i.Status));
      expect(bands).toEqual(new Set(['In stock', 'Low', 'Out of stock']));
    }
  });

  it('describes the inventory as a shop would: product lines, some Low at, restock dates and alternatives', () => {
    const items = records(demo, TAB.inventory);
    const lines = new Map<string, number>();
    for (const i of items) lines.set(String(i['Product line']), (lines.get(String(i['Product line'])) ?? 0) + 1);
    expect([...lines.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(5);
    const withLow = items.filter((i) => i['Low at'] !== '').length;
    expect(withLow).toBeGreaterThan(0);
    expect(withLow).toBeLessThan(items.length / 2);
    const out = items.filter((i) => (i.Available as number) <= 0);
    const restock = out.filter((i) => i['Expected restock'] instanceof Date).map((i) => age(i['Expected restock'] as Date));
    expect(restock.length).toBeGreaterThan(out.length / 2);
    expect(restock.some((a) => a < 0)).toBe(true); // some weeks ahead
    expect(restock.some((a) => a > 0)).toBe(true); // some overdue
    expect(out.some((i) => i['Expected restock'] === '')).toBe(true);
    const skus = new Set(items.map((i) => String(i.SKU)));
    const alts = items.filter((i) => i.Alternatives !== '');
    expect(alts.length).toBeGreaterThan(0);
    for (const i of alts) for (const s of String(i.Alternatives).split(',')) expect(skus).toContain(s.trim());
    for (const i of items) expect(String(i.SKU)).toMatch(/^[A-Z]+(-[A-Z0-9]+)+$/);
  });

  it('puts no date or fraction in any product name, even for large catalogues', () => {
    const wb = generateWorkbook({ skus: 600, orderLines: 100 });
    for (const i of records(wb, TAB.inventory)) {
      for (const text of [String(i.Product), String(i['Product line'])]) {
        expect(findExactDates(text)).toEqual([]);
        expect(text).not.toMatch(/\d\s*[/]\s*\d|\d+\.\d+\.\d+/);
      }
    }
  });

  it('writes date cells as Dates at local midnight in the time zone', () => {
    for (const zone of [ZONE, 'Asia/Tokyo']) {
      const wb = generateWorkbook({ timeZone: zone, orderLines: 200 });
      const dates = wb.sheets.flatMap((s) => s.values.flat()).filter((v): v is Date => v instanceof Date);
      expect(dates.length).toBeGreaterThan(200);
      for (const d of dates) {
        const local = DateTime.fromJSDate(d, { zone });
        expect([local.hour, local.minute, local.second, local.millisecond]).toEqual([0, 0, 0, 0]);
      }
    }
  });

  it('ships what Shipped and Partial lines say, with carriers and tracking numbers', () => {
    const shipped = new Map<string, number>();
    for (const o of records(demo, TAB.orders)) {
      if ((o.Shipped as number) > 0) shipped.set(`${o['Order ID']} ${o.SKU}`, (shipped.get(`${o['Order ID']} ${o.SKU}`) ?? 0) + (o.Shipped as number));
    }
    const got = new Map<string, number>();
    for (const s of records(demo, TAB.shipments)) {
      expect(['USPS', 'UPS', 'FedEx']).toContain(s.Carrier);
      expect(String(s.Tracking)).toMatch(/^(9400\d{18}|1Z[A-Z0-9]{16}|\d{12})$/);
      expect(s['Shipped on']).toBeInstanceOf(Date);
      expect(age(s['Shipped on'] as Date)).toBeGreaterThanOrEqual(0);
      got.set(`${s['Order ID']} ${s.SKU}`, (got.get(`${s['Order ID']} ${s.SKU}`) ?? 0) + (s.Qty as number));
    }
    expect(got).toEqual(shipped);
    expect(new Set(records(demo, TAB.shipments).map((s) => s.Carrier))).toEqual(new Set(['USPS', 'UPS', 'FedEx']));
  });

  it('refuses an unreadable today with a clear message', () => {
    expect(() => generateWorkbook({ today: '03/02/2026' })).toThrow(/YYYY-MM-DD/);
  });
});
