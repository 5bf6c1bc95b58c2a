import { DateTime } from 'luxon';
import { findExactDates } from '../../src/core/customerText';
import { buildReply, lookupIn, MAX_MATCHES, MAX_QUERY_LENGTH, parseQuery, type LookupContext } from '../../src/core/lookup';
import { lookupContext } from '../../src/jobs/lookup';
import type { ItemView, LookupResult, OrderView } from '../../src/shared/lookupTypes';
import { HEADERS, TAB, TabName } from '../../src/sheet/schema';
import { parseSettings } from '../../src/sheet/settings';
import { Cell, Table } from '../../src/sheet/table';
import { generateWorkbook } from '../../examples/generate';
import type { WorkbookData } from '../../emulator/workbook';

const ZONE = 'America/New_York';
const TODAY = '2026-03-02';
const toLocal = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd');
const day = (offset: number) => DateTime.fromISO(TODAY, { zone: ZONE }).plus({ days: offset }).toJSDate();

function tablesOf(wb: WorkbookData) {
  const table = (tab: TabName): Table => {
    const sheet = wb.sheets.find((s) => s.name === tab);
    if (!sheet) return new Table(null, [], [], HEADERS[tab]);
    const [header = [], ...rows] = sheet.values as Cell[][];
    return new Table(null, header, rows, HEADERS[tab]);
  };
  return table;
}

/** Runs a lookup on a workbook as the job does, counting how often each tab is read. */
function run(wb: WorkbookData, query: unknown, reads?: Map<string, number>, extra: Partial<Pick<LookupContext, 'allocated' | 'refund'>> = {}): LookupResult {
  const table = tablesOf(wb);
  const cache = new Map<TabName, Table>();
  const read = (tab: TabName) => () => {
    let t = cache.get(tab);
    if (!t) {
      reads?.set(tab, (reads.get(tab) ?? 0) + 1);
      t = table(tab);
      cache.set(tab, t);
    }
    return t;
  };
  const settingsTable = table(TAB.settings);
  const raw = new Map<string, unknown>();
  settingsTable.rows.forEach((_r, i) => raw.set(String(settingsTable.get(i, 'Setting')), settingsTable.get(i, 'Value')));
  const ctx = lookupContext(
    { inventory: read(TAB.inventory), orders: read(TAB.orders), shipments: read(TAB.shipments), noticeLog: read(TAB.noticeLog) },
    {
      today: TODAY,
      settings: parseSettings(raw).settings,
      toLocal,
      formatInstant: (d) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'),
    },
  );
  return lookupIn({ ...ctx, ...extra }, query);
}

function sheet(wb: WorkbookData, tab: string): Cell[][] {
  return wb.sheets.find((s) => s.name === tab)!.values as Cell[][];
}

function col(wb: WorkbookData, tab: string, header: string): number {
  return sheet(wb, tab)[0].indexOf(header);
}

/** A tiny workbook built by hand: every value chosen by the test. */
function smallWorkbook(edit?: (wb: { inventory: Cell[][]; orders: Cell[][]; shipments: Cell[][]; log: Cell[][] }) => void): WorkbookData {
  const inv = (sku: string, product: string, line: string, available: number, expected: Cell = '', alternatives = '') => [
    sku, product, line, available, '', available <= 0 ? 'Out of stock' : 'In stock', expected, 'Supplier note', alternatives,
  ];
  const inventory: Cell[][] = [
    [...HEADERS[TAB.inventory]],
    inv('SYR-MPL-500', 'Maple Syrup, 500 ml', 'Maple Syrup', -3, day(9), 'OUT-1, HON-350, SYR-MPL-250, NOPE'),
    inv('SYR-MPL-250', 'Maple Syrup, 250 ml', 'Maple Syrup', 40),
    inv('SYR-MPL-1L', 'Maple Syrup, 1 L', 'Maple Syrup', 0),
    inv('SYR-MPL-DRK', 'Maple Syrup, Dark', 'Maple Syrup', 90),
    inv('HON-350', 'Wildflower Honey, 350 ml', 'Honey', 5),
    inv('OUT-1', 'Honey Dipper', 'Honey', -1),
  ];
  const order = (id: string, name: string, email: string, seg: string, sku: string, qty: number, shipped: number, status: string, since: Cell, sent = '') => [
    id, day(-20), name, email, seg, sku, qty, shipped, status, since, '', sent, sent === '' ? '' : day(-3), '',
  ];
  const orders: Cell[][] = [
    [...HEADERS[TAB.orders]],
    order('BW-1', 'Ann Lee', ' Ann.Lee@Example.com ', 'DML', 'SYR-MPL-500', 2, 0, 'BackOrder', day(-12), '3, 10'),
    order('BW-1', 'Ann Lee', 'ann.lee@example.com', 'DML', 'HON-350', 1, 1, 'Shipped', ''),
    order('BW-2', 'Bob Stone', 'bob@example.com', 'WHL', 'SYR-MPL-500', 1, 0, 'backorder', day(-4)),
    order('BW-3', 'Ann Lee', 'ann.lee@example.com', 'SCS', 'OUT-1', 1, 0, 'INVHOLD', day(-45)),
    order('BW-4', 'Cara Diaz', 'cara@example.com', 'DML', 'NOPE-000', 1, 0, 'BackOrder', day(-5)),
  ];
  const shipments: Cell[][] = [[...HEADERS[TAB.shipments]], ['BW-1', 'HON-350', 1, day(-15), 'UPS', '1Z999AA10123456784']];
  const log: Cell[][] = [
    [...HEADERS[TAB.noticeLog]],
    [day(-9), 'BW-1', 'ann.lee@example.com', 'Day 3', 'SYR-MPL-500', 'Update', 'Sent', ''],
    [day(-2), 'BW-1', 'ann.lee@example.com', 'Day 10', 'SYR-MPL-500', 'Update', 'Sent', ''],
  ];
  edit?.({ inventory, orders, shipments, log });
  const settings = generateWorkbook({ orderLines: 0, skus: 1 }).sheets.find((s) => s.name === TAB.settings)!;
  return {
    name: 'small',
    timeZone: ZONE,
    sheets: [
      { name: TAB.inventory, values: inventory },
      { name: TAB.orders, values: orders },
      { name: TAB.shipments, values: shipments },
      { name: TAB.noticeLog, values: log },
      settings,
    ],
  };
}

function hasDateOrUndefined(v: unknown): boolean {
  if (v instanceof Date || v === undefined || typeof v === 'function') return true;
  if (Array.isArray(v)) return v.some(hasDateOrUndefined);
  if (v && typeof v === 'object') return Object.values(v).some(hasDateOrUndefined);
  return false;
}

const demo = generateWorkbook();

describe('parseQuery', () => {
  test.each([
    ['empty', '', /Nothing to search for/],
    ['only spaces', '      ', /Nothing to search for/],
    ['only control characters', '\t\n  \u0007', /Nothing to search for/],
    ['5,000 characters', 'x'.repeat(5000), /too long \(5,000 characters\).*at most 254/],
    ['a bare prefix', 'order:', /after "order:"/],
    ['a prefix and spaces', 'SKU:   ', /after "sku:"/],
  ])('%s is refused with a clear message', (_what, q, message) => {
    const p = parseQuery(q);
    expect(p.ok).toBe(false);
    if (p.ok === false) expect(p.message).toMatch(message);
  });

  test('anything that is not text is refused', () => {
    for (const q of [undefined, null, 42, { query: 'BW-1' }, ['BW-1']]) expect(parseQuery(q).ok).toBe(false);
  });

  test('prefixes are read in any case; spaces are collapsed', () => {
    expect(parseQuery('  ORDER: bw-10231 ')).toEqual({ ok: true, prefix: 'order', text: 'bw-10231' });
    expect(parseQuery('email:a@b.co')).toEqual({ ok: true, prefix: 'email', text: 'a@b.co' });
    expect(parseQuery('Sku:OIL-EVO-500')).toEqual({ ok: true, prefix: 'sku', text: 'OIL-EVO-500' });
    expect(parseQuery('name:Jo   Smith')).toEqual({ ok: true, prefix: 'name', text: 'Jo Smith' });
    expect(parseQuery('olive\toil')).toEqual({ ok: true, prefix: null, text: 'olive oil' });
    expect(parseQuery('x'.repeat(MAX_QUERY_LENGTH)).ok).toBe(true);
    expect(parseQuery('x'.repeat(MAX_QUERY_LENGTH + 1)).ok).toBe(false);
  });
});

describe('lookup on a small workbook', () => {
  const wb = smallWorkbook();

  test('an order by Order ID, any case: customer, lines, notices, internal restock, alternatives', () => {
    const r = run(wb, 'bw-1') as OrderView;
    expect(r.kind).toBe('order');
    expect(r).toMatchObject({ orderId: 'BW-1', customer: 'Ann Lee', email: 'ann.lee@example.com', segment: 'DML', orderDate: '2026-02-10', notifiedSegment: true });
    const [waiting, shipped] = r.lines;
    expect(waiting).toMatchObject({
      sku: 'SYR-MPL-500',
      product: 'Maple Syrup, 500 ml',
      openQty: 2,
      status: { text: 'BackOrder', tone: 'red' },
      stock: { text: 'Out of stock', tone: 'red' },
      daysWaiting: 12,
      noticesSent: [3, 10],
      nextNotice: { text: 'Day 17 notice due in 5 days.', day: 17, due: '2026-03-07' },
      internalRestock: { expected: '2026-03-11', note: 'Supplier note' },
    });
    expect(shipped).toMatchObject({ status: { text: 'Shipped', tone: 'green' }, openQty: 0, nextNotice: null, internalRestock: null, alternatives: [] });
    expect(r.shipments).toEqual([{ sku: 'HON-350', product: 'Wildflower Honey, 350 ml', qty: 1, shippedOn: '2026-02-15', carrier: 'UPS', tracking: '1Z999AA10123456784' }]);
    expect(r.notices.map((n) => n.kind)).toEqual(['Day 10', 'Day 3']); // newest first
    expect(r.notices[0].sentAt).toBe('2026-02-28 00:00');
    expect(r.customerQuery).toBe('email:ann.lee@example.com');
    expect(hasDateOrUndefined(r)).toBe(false);
  });

  test('alternatives: the Alternatives column first (in order), then the same product line with stock; never out of stock', () => {
    const r = run(wb, 'order:BW-1') as OrderView;
    const alts = r.lines[0].alternatives;
    expect(alts.map((a) => [a.sku, a.source])).toEqual([
      ['HON-350', 'listed'],
      ['SYR-MPL-250', 'listed'],
      ['SYR-MPL-DRK', 'same line'],
    ]);
    expect(alts.every((a) => a.available > 0)).toBe(true);
    expect(alts.map((a) => a.query)).toContain('sku:SYR-MPL-DRK');
  });

  test('the reply: first name, hedged ETA, tracking of what shipped, options with an in-stock alternative by name, no date', () => {
    const { reply } = run(wb, 'BW-1') as OrderView;
    expect(reply).toMatch(/^Hi Ann,/);
    expect(reply).toContain("Maple Syrup, 500 ml (2 still to come): I can't make any promises, but we are hoping it will be ready to ship out next week.");
    expect(reply).toContain('Wildflower Honey, 350 ml: shipped with UPS, tracking number 1Z999AA10123456784.');
    expect(reply).toContain('Switch to Wildflower Honey, 350 ml, which is in stock now.');
    expect(reply).toContain('Cancel the backordered item for a full refund.');
    expect(reply).not.toContain('2026');
    expect(reply).not.toContain('Supplier note');
    expect(findExactDates(reply)).toEqual([]);
  });

  test('segments without automatic notices say so; past the last notice day the consent flow is pointed to', () => {
    const bob = run(wb, 'BW-2') as OrderView;
    expect(bob.notifiedSegment).toBe(false);
    expect(bob.lines[0].status).toEqual({ text: 'BackOrder', tone: 'red' }); // "backorder" read case-insensitively
    expect(bob.lines[0].nextNotice?.text).toBe('No automatic notices for segment WHL.');
    const late = run(wb, 'BW-3') as OrderView;
    expect(late.lines[0].status).toEqual({ text: 'INVHOLD', tone: 'amber' });
    expect(late.lines[0].nextNotice?.text).toBe('Past day 30: no more day notices; the customer is asked to agree to wait, and without Consent the line is cancelled with a refund at the consent deadline.');
    expect(late.lines[0].alternatives.map((a) => a.sku)).toEqual(['HON-350']);
  });

  test("a line wholly set aside: no Back in stock email promised while another line of the order still waits", () => {
    const allocatedCol = (HEADERS[TAB.orders] as readonly string[]).indexOf('Allocated');
    const setAside = (second: boolean) =>
      smallWorkbook(({ orders }) => {
        orders[1][allocatedCol] = 2;
        // The order's other line waits for an item that is out too, unless `second` sets it aside as well.
        const other = [...orders[1]];
        other[5] = 'OUT-1';
        other[6] = 1;
        other[allocatedCol] = second ? 1 : '';
        orders.push(other);
      });
    const first = (second: boolean) => {
      const wb = setAside(second);
      const orders = tablesOf(wb)(TAB.orders);
      return (run(wb, 'BW-1', undefined, { allocated: (i) => Number(orders.get(i, 'Allocated')) || 0 }) as OrderView).lines.find((l) => l.sku === 'SYR-MPL-500')!;
    };
    expect(first(false).nextNotice?.text).toMatch(/^Every unit is set aside: the order's notices say it is being prepared \(the Back in stock email comes once the rest of the order is set aside too\)$/);
    expect(first(true).nextNotice?.text).toBe('No more delay notices: every unit is set aside (the customer gets one Back in stock email)');
  });

  test("the reply for a cancelled line tells the customer where the refund stands, never its date", () => {
    const cancelled = smallWorkbook(({ orders }) => {
      orders[1][8] = 'Cancelled';
    });
    const reply = (refund: 'due' | 'refunded' | '') => (run(cancelled, 'BW-1', undefined, { refund: () => refund }) as OrderView).reply;
    expect(reply('due')).toContain('- Maple Syrup, 500 ml: cancelled; your full refund is on its way (within 7 working days of the cancellation).');
    expect(reply('refunded')).toContain('- Maple Syrup, 500 ml: cancelled and refunded in full.');
    expect(reply('')).toContain('- Maple Syrup, 500 ml: cancelled.');
    for (const r of ['due', 'refunded', ''] as const) expect(findExactDates(reply(r))).toEqual([]);
  });

  test('Notices sent holds only what went out: milestones passed over, the consent request and the Back in stock email are told apart', () => {
    const marked = smallWorkbook(({ orders }) => {
      orders[4][11] = '3 (skipped), 10 (skipped), 17 (skipped), 23 (skipped), 30 (skipped), consent asked 2026-03-02';
      orders[1][11] = '3, 10 (skipped), 17, back in stock';
    });
    expect((run(marked, 'BW-3') as OrderView).lines[0]).toMatchObject({
      noticesSent: [],
      noticesPassedOver: [3, 10, 17, 23, 30],
      consentAsked: '2026-03-02',
      backInStock: false,
    });
    const mixed = (run(marked, 'BW-1') as OrderView).lines[0];
    expect(mixed).toMatchObject({ noticesSent: [3, 17], noticesPassedOver: [10], consentAsked: null, backInStock: true });
    // Passed over still counts as handled for the schedule: the next one is day 23, not day 10.
    expect(mixed.nextNotice?.day).toBe(23);
    expect((run(wb, 'BW-1') as OrderView).lines[0]).toMatchObject({ noticesSent: [3, 10], noticesPassedOver: [], consentAsked: null, backInStock: false });
  });

  test('a switched line shows the item the customer now gets (name, stock), says what it replaced, and offers no switch again', () => {
    const switched = smallWorkbook(({ orders }) => {
      orders[1][orders[0].indexOf('Switched to')] = 'SYR-MPL-DRK';
    });
    const r = run(switched, 'BW-1') as OrderView;
    expect(r.lines[0]).toMatchObject({
      sku: 'SYR-MPL-DRK',
      product: 'Maple Syrup, Dark',
      switchedFrom: { sku: 'SYR-MPL-500', product: 'Maple Syrup, 500 ml' },
      stock: { text: 'In stock', tone: 'green' },
      alternatives: [],
      internalRestock: { expected: null },
    });
    expect(r.reply).toContain('- Maple Syrup, Dark (switched from Maple Syrup, 500 ml, 2 still to come): It is in stock and will be prepared to ship shortly.');
    expect(r.reply).not.toContain('Switch');
    expect(r.reply).not.toContain('hoping');
    expect(findExactDates(r.reply)).toEqual([]);
    // The item views follow what is owed: the line waits for the item switched to, no longer for the one ordered.
    expect((run(switched, 'sku:SYR-MPL-500') as ItemView).waiting.map((w) => w.orderId)).toEqual(['BW-2']);
    expect((run(switched, 'sku:SYR-MPL-DRK') as ItemView).waiting.map((w) => w.orderId)).toEqual(['BW-1']);
  });

  test('a line whose SKU is not on the Inventory tab is shown with a problem; searching that SKU finds the order', () => {
    const r = run(wb, 'BW-4') as OrderView;
    expect(r.lines[0]).toMatchObject({ product: 'NOPE-000', stock: null });
    expect(r.problems.join('\n')).toMatch(/Orders row 6: SKU NOPE-000 is not on the Inventory tab/);
    expect(findExactDates(r.reply)).toEqual([]);
    expect(r.reply).toContain("We don't have a confirmed restock date yet");
    const bySku = run(wb, 'nope-000');
    expect(bySku).toMatchObject({ kind: 'order', orderId: 'BW-4' });
  });

  test('a customer by email (trimmed, any case) shows all their orders, newest first', () => {
    const r = run(wb, '  ANN.LEE@example.COM ');
    expect(r).toMatchObject({ kind: 'customer', name: 'Ann Lee', email: 'ann.lee@example.com', segments: ['DML', 'SCS'] });
    if (r.kind !== 'customer') throw new Error('not a customer');
    expect(r.orders.map((o) => [o.orderId, o.query])).toEqual([
      ['BW-3', 'order:BW-3'],
      ['BW-1', 'order:BW-1'],
    ]);
    expect(r.orders[1].statuses.map((s) => s.text)).toEqual(['BackOrder', 'Shipped']);
    expect(r.orders[1].openQty).toBe(2);
  });

  test('a customer by part of the name; one match opens directly', () => {
    expect(run(wb, 'stone')).toMatchObject({ kind: 'customer', name: 'Bob Stone' });
    expect(run(wb, 'name:bob stone')).toMatchObject({ kind: 'customer', name: 'Bob Stone' });
  });

  test('a name written differently on a later row still finds the customer, with all their orders', () => {
    const renamed = smallWorkbook(({ orders }) => {
      orders[4][2] = 'Annabel Lee';
    });
    const r = run(renamed, 'annabel');
    expect(r).toMatchObject({ kind: 'customer', email: 'ann.lee@example.com' });
    if (r.kind === 'customer') expect(r.orders.map((o) => o.orderId).sort()).toEqual(['BW-1', 'BW-3']);
    const list = run(renamed, 'lee');
    expect(list).toMatchObject({ kind: 'customer', email: 'ann.lee@example.com' });
  });

  test('an item by SKU: stock, internal restock, backordered units, customers waiting (longest first), alternatives', () => {
    const r = run(wb, 'syr-mpl-500') as ItemView;
    expect(r).toMatchObject({
      kind: 'item',
      sku: 'SYR-MPL-500',
      stock: { text: 'Out of stock', tone: 'red' },
      available: -3,
      internalRestock: { expected: '2026-03-11', note: 'Supplier note' },
      backorderedUnits: 3,
      waitingUnits: 3,
      customerEta: "I can't make any promises, but we are hoping it will be ready to ship out next week.",
    });
    expect(r.waiting.map((w) => [w.orderId, w.daysWaiting, w.query])).toEqual([
      ['BW-1', 12, 'order:BW-1'],
      ['BW-2', 4, 'order:BW-2'],
    ]);
    expect(r.alternatives.every((a) => a.available > 0)).toBe(true);
  });

  test('several matches give a short list of precise queries to pick from', () => {
    const r = run(wb, 'maple');
    expect(r.kind).toBe('matches');
    if (r.kind !== 'matches') return;
    expect(r.matches.map((m) => m.query)).toEqual(['sku:SYR-MPL-500', 'sku:SYR-MPL-250', 'sku:SYR-MPL-1L', 'sku:SYR-MPL-DRK']);
    const ids = run(wb, 'BW-');
    expect(ids.kind).toBe('none'); // an ID search needs a digit; "BW-" alone is not a name or product either
    const all = run(wb, 'bw');
    expect(all.kind).toBe('none');
    const orders = run(wb, '1');
    expect(orders).toMatchObject({ kind: 'matches' });
  });

  test('no match and bad input', () => {
    expect(run(wb, 'zebra')).toMatchObject({ kind: 'none', message: expect.stringContaining('Nothing matches "zebra"') });
    expect(run(wb, 'order:BW-999')).toMatchObject({ kind: 'none', message: 'No order with Order ID BW-999.' });
    expect(run(wb, 'sku:XYZ')).toMatchObject({ kind: 'none' });
    expect(run(wb, 'email:nobody@example.com')).toMatchObject({ kind: 'none' });
    const reads = new Map<string, number>();
    expect(run(wb, ' '.repeat(40), reads)).toMatchObject({ kind: 'error' });
    expect(run(wb, 'q'.repeat(5000), reads)).toMatchObject({ kind: 'error', message: expect.stringContaining('too long') });
  });

  test('a missing Orders tab gives a clear message, not an exception', () => {
    const broken: WorkbookData = { ...wb, sheets: wb.sheets.filter((s) => s.name !== TAB.orders) };
    expect(run(broken, 'BW-1')).toMatchObject({ kind: 'error', message: expect.stringContaining('Set up sheet') });
  });

  test('sheet text that reads as a date never reaches the reply', () => {
    const risky = smallWorkbook(({ inventory, orders, shipments }) => {
      inventory[1][1] = 'Maple Syrup, March 3 harvest';
      inventory[2][1] = 'Maple Syrup 250, bottled 3/14/2026';
      orders[1][2] = 'Friday Lee';
      shipments[1][5] = '2026-03-01';
    });
    const { reply } = run(risky, 'BW-1') as OrderView;
    expect(findExactDates(reply)).toEqual([]);
    expect(reply).toMatch(/^Hi there,/);
    expect(reply).toContain('SYR-MPL-500 (2 still to come)');
  });
});

describe('lookup on the demo workbook', () => {
  const ids = [...new Set(sheet(demo, TAB.orders).slice(1).map((r) => String(r[0])))];

  test('every order opens, and no reply of any order holds an exact date', () => {
    expect(ids.length).toBeGreaterThan(100);
    for (const id of ids) {
      const r = run(demo, `order:${id}`);
      expect(r.kind).toBe('order');
      if (r.kind !== 'order') continue;
      expect({ id, found: findExactDates(r.reply) }).toEqual({ id, found: [] });
      expect(r.reply).toMatch(/^Hi /);
      expect(r.reply).not.toMatch(/\b20\d\d\b/);
      for (const l of r.lines) for (const a of l.alternatives) expect(a.available).toBeGreaterThan(0);
    }
  });

  test('backordered units of each red item equal the open quantity of its waiting lines (the demo is consistent)', () => {
    const inv = sheet(demo, TAB.inventory);
    const reds = inv.slice(1).filter((r) => typeof r[3] === 'number' && (r[3] as number) < 0);
    expect(reds.length).toBeGreaterThan(2);
    for (const row of reds) {
      const r = run(demo, `sku:${row[0]}`) as ItemView;
      expect(r.kind).toBe('item');
      // Bad rows with an unreadable Qty owe nothing readable, so open lines are at most the red count.
      expect(r.backorderedUnits).toBe(-(row[3] as number));
      expect(r.waitingUnits).toBeLessThanOrEqual(r.backorderedUnits);
      expect(r.waiting.length).toBeGreaterThan(0);
    }
  });

  test('days waiting count calendar days in the spreadsheet time zone', () => {
    const orders = sheet(demo, TAB.orders);
    const c = (h: string) => col(demo, TAB.orders, h);
    const row = orders.slice(1).find((r) => r[c('Status')] === 'BackOrder' && r[c('Backordered since')] instanceof Date && r[c('Qty')] === 1)!;
    const expected = Math.round(
      DateTime.fromISO(TODAY, { zone: ZONE }).diff(DateTime.fromJSDate(row[c('Backordered since')] as Date, { zone: ZONE }).startOf('day'), 'days').days,
    );
    const r = run(demo, `order:${row[0]}`) as OrderView;
    const line = r.lines.find((l) => l.sku === row[c('SKU')] && l.status.text === 'BackOrder')!;
    expect(line.daysWaiting).toBe(expected);
  });

  test('a customer by email and by part of the name; a product by part of its name', () => {
    const orders = sheet(demo, TAB.orders);
    const email = String(orders[10][col(demo, TAB.orders, 'Email')]);
    expect(run(demo, ` ${email.toUpperCase()} `)).toMatchObject({ kind: 'customer', email });
    const name = run(demo, 'olivia');
    expect(name.kind).toBe('matches');
    if (name.kind === 'matches') expect(name.matches.every((m) => m.kind === 'customer' && /olivia/i.test(m.label))).toBe(true);
    const product = run(demo, 'cold brew');
    expect(product.kind).toBe('matches');
    if (product.kind === 'matches') expect(product.matches.every((m) => m.kind === 'item')).toBe(true);
  });

  test('a very broad search lists at most MAX_MATCHES and says how many more', () => {
    const r = run(demo, '1');
    expect(r.kind).toBe('matches');
    if (r.kind !== 'matches') return;
    expect(r.matches.length).toBe(MAX_MATCHES);
    expect(r.more).toBeGreaterThan(50);
  });

  test('each lookup reads each tab at most once, and only the tabs its view needs', () => {
    const id = String(sheet(demo, TAB.orders)[20][0]);
    const reads = new Map<string, number>();
    run(demo, id, reads);
    expect(Object.fromEntries(reads)).toEqual({ [TAB.orders]: 1, [TAB.inventory]: 1, [TAB.shipments]: 1, [TAB.noticeLog]: 1 });
    const item = new Map<string, number>();
    run(demo, 'OIL-EVO-500', item);
    expect(Object.fromEntries(item)).toEqual({ [TAB.orders]: 1, [TAB.inventory]: 1 });
  });
});

describe('buildReply', () => {
  test('several backordered items: options in the plural, an alternative per item', () => {
    const base = { qty: 1, shipped: 0, openQty: 1, status: 'BackOrder' as const, shipments: [] };
    const reply = buildReply({
      customer: 'Mei Chen',
      orderId: 'BW-7',
      today: TODAY,
      prepDays: 2,
      senderName: 'Brightwater',
      lines: [
        { ...base, sku: 'A', product: 'Chili Oil', expected: null, alternative: 'Garlic Oil' },
        { ...base, sku: 'B', product: 'Fig Glaze', expected: '2026-05-20', alternative: null },
        { ...base, sku: 'C', product: 'Honey', status: 'Cancelled', openQty: 0, expected: null, alternative: null },
      ],
    });
    expect(reply).toContain('Hi Mei,');
    expect(reply).toContain('- Wait for them: we will ship each one as soon as it is ready.');
    expect(reply).toContain('- Switch the Chili Oil to Garlic Oil, which is in stock now.');
    expect(reply).toContain('- Cancel the backordered items for a full refund.');
    expect(reply).toContain('Fig Glaze (1 still to come): I can\'t make any promises, but we are hoping it will arrive within');
    expect(reply).toContain('- Honey: cancelled.');
    expect(reply.endsWith('Kind regards,\nBrightwater')).toBe(true);
    expect(findExactDates(reply)).toEqual([]);
  });

  test('units set aside are "being prepared to ship" instead of an arrival guess; a partly served line says which part', () => {
    const base = { qty: 4, shipped: 0, openQty: 4, status: 'BackOrder' as const, shipments: [], expected: '2026-05-20', alternative: null };
    const reply = buildReply({
      customer: 'Mei Chen',
      orderId: 'BW-9',
      today: TODAY,
      prepDays: 2,
      senderName: 'Brightwater',
      lines: [
        { ...base, sku: 'A', product: 'Chili Oil', allocated: 4 },
        { ...base, sku: 'B', product: 'Fig Glaze', allocated: 1 },
      ],
    });
    expect(reply).toContain("- Chili Oil (4 still to come): It is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.\n");
    expect(reply).toContain("- Fig Glaze (4 still to come): 1 of the 4 is being prepared to ship, and we'll send your tracking number as soon as your package is out the door. For the rest: I can't make any promises, but we are hoping it will arrive within");
    expect(reply).not.toMatch(/Chili Oil[^\n]*hoping/);
    expect(findExactDates(reply)).toEqual([]);
  });

  test('a switched line names the item switched to and the one it replaced; being prepared when set aside', () => {
    const base = { qty: 1, shipped: 0, openQty: 1, status: 'BackOrder' as const, shipments: [], expected: null, alternative: null };
    const reply = buildReply({
      customer: 'Ingrid Martinez',
      orderId: 'BW-10079',
      today: TODAY,
      prepDays: 2,
      senderName: 'Brightwater',
      lines: [{ ...base, sku: 'SYR-MPL-AMB-500', product: 'Maple Syrup, Amber, 500 ml', switchedFrom: 'Maple Syrup, Amber, 250 ml', inStock: true, allocated: 1 }],
    });
    expect(reply).toContain(
      "- Maple Syrup, Amber, 500 ml (switched from Maple Syrup, Amber, 250 ml, 1 still to come): It is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.\n",
    );
    expect(reply).not.toContain('Switch');
  });

  test('nothing waiting: no options paragraph', () => {
    const reply = buildReply({
      customer: '',
      orderId: 'BW-8',
      today: TODAY,
      prepDays: 2,
      senderName: '',
      lines: [{ sku: 'A', product: 'Chili Oil', qty: 1, shipped: 1, openQty: 0, status: 'Shipped', expected: null, alternative: null, shipments: [] }],
    });
    expect(reply).toMatch(/^Hi there,/);
    expect(reply).toContain('- Chili Oil: shipped.');
    expect(reply).not.toContain('options');
    expect(reply.endsWith('Customer Care')).toBe(true);
  });
});
