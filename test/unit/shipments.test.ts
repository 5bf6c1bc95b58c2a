import { inSendingOrder, MAIL_TIERS, waitDetail, type MailTier } from '../../src/core/mailPriority';
import { planParcelEmails, reconcileShipments, trackingUrl, trimMemory, type ShipLine, type ShipmentRow, type ShipMemory } from '../../src/core/shipments';

const line = (index: number, o: Partial<ShipLine> = {}): ShipLine => ({
  index,
  orderId: 'BW-1',
  sku: 'OIL',
  email: 'ann@example.com',
  customer: 'Ann',
  segment: 'DML',
  qty: 3,
  shipped: 0,
  allocated: 3,
  status: 'BackOrder',
  statusCell: 'BackOrder',
  backorderedSince: false,
  ...o,
});
const row = (index: number, o: Partial<ShipmentRow> = {}): ShipmentRow => ({
  index,
  orderId: 'BW-1',
  sku: 'OIL',
  qty: 2,
  shippedOn: '2026-03-02',
  carrier: 'UPS',
  tracking: '1Z999AA10123456784',
  ...o,
});

/** Runs the reconciler as the engine does: the sheet takes the changes, the memory is kept for the next run. */
function run(lines: ShipLine[], rows: ShipmentRow[], memory: ShipMemory) {
  const r = reconcileShipments(lines, rows, memory);
  const after = lines.map((l) => {
    const c = r.changes.find((x) => x.index === l.index);
    return c ? { ...l, shipped: c.after.shipped, statusCell: c.after.status, status: c.after.status as ShipLine['status'], allocated: c.after.allocated } : l;
  });
  return { r, after };
}

describe('reconcileShipments: Shipments is the truth for what left', () => {
  test('a shipment sets Shipped, Partial, and releases the allocated units', () => {
    const { r } = run([line(0)], [row(0)], {});
    expect(r.changes).toEqual([{ index: 0, orderId: 'BW-1', sku: 'OIL', before: { shipped: 0, status: 'BackOrder', allocated: 3 }, after: { shipped: 2, status: 'Partial', allocated: 1 } }]);
    expect(r.memory).toEqual({ 'BW-1|OIL|0': { w: 2, h: 0, o: 'BackOrder', d: '2026-03-02' } });
    expect(r.problems).toEqual([]);
  });

  test('every unit shipped: Status Shipped, Allocated 0', () => {
    const { r } = run([line(0)], [row(0), row(1, { qty: 1, shippedOn: '2026-03-03' })], {});
    expect(r.changes[0].after).toEqual({ shipped: 3, status: 'Shipped', allocated: 0 });
  });

  test('Shipped already updated by hand (or an import) is not counted twice', () => {
    const { r } = run([line(0, { shipped: 2, status: 'Partial', statusCell: 'Partial', allocated: 1 })], [row(0)], {});
    expect(r.changes).toEqual([]);
    expect(r.memory).toEqual({});
  });

  test('a row corrected from 2 to 1, then deleted: Orders follow, back to the status before', () => {
    let s = run([line(0)], [row(0)], {});
    s = run(s.after, [row(0, { qty: 1 })], s.r.memory);
    expect(s.r.changes.map((c) => c.after)).toEqual([{ shipped: 1, status: 'Partial', allocated: 1 }]);
    s = run(s.after, [], s.r.memory);
    expect(s.r.changes.map((c) => c.after)).toEqual([{ shipped: 0, status: 'BackOrder', allocated: 1 }]);
    expect(s.r.memory).toEqual({});
    // Nothing more to do afterwards.
    expect(run(s.after, [], s.r.memory).r.changes).toEqual([]);
  });

  test('a hand value is a floor: a correction never goes below it; a new hand value is taken as typed', () => {
    const l = line(0, { qty: 5, shipped: 3, allocated: null, status: 'Partial', statusCell: 'Partial' });
    let s = run([l], [row(0, { qty: 4 })], {});
    expect(s.r.changes[0].after.shipped).toBe(4);
    s = run(s.after, [row(0, { qty: 2 })], s.r.memory);
    expect(s.r.changes[0].after.shipped).toBe(3);
    // A person types 5 (the rest left without a row): their value and Status stay, the row adds nothing.
    const typed = s.after.map((x) => ({ ...x, shipped: 5 }));
    s = run(typed, [row(0, { qty: 2 })], s.r.memory);
    expect(s.r.changes).toEqual([]);
    expect(s.r.shippedNow.get(0)).toBe(5);
  });

  test('re-running with nothing new changes nothing', () => {
    const s = run([line(0)], [row(0)], {});
    expect(run(s.after, [row(0)], s.r.memory).r.changes).toEqual([]);
  });

  test('conflicts are problems of their row; the other rows still count', () => {
    const lines = [line(0), line(1, { sku: 'VIN', qty: 1 }), line(2, { orderId: 'BW-2', status: 'Cancelled', statusCell: 'Cancelled' })];
    const rows = [
      row(0, { orderId: 'BW-404' }),
      row(1, { sku: 'NOPE' }),
      row(2, { qty: null }),
      row(3, { qty: NaN }),
      row(4, { sku: 'VIN', qty: 2 }),
      row(5, { orderId: 'BW-2' }),
      row(6, { shippedOn: 'bad' }),
      row(7, { qty: 1 }),
      row(8, { orderId: '' }),
    ];
    const { r } = run(lines, rows, {});
    expect(r.problems.map((p) => [p.index, p.column])).toEqual([
      [0, 'Order ID'],
      [1, 'SKU'],
      [2, 'Qty'],
      [3, 'Qty'],
      [4, 'Qty'],
      [5, 'SKU'],
      [6, 'Shipped on'],
      [8, 'Order ID'],
    ]);
    expect(r.problems[0].message).toMatch(/BW-404 is not in Orders/);
    expect(r.problems[1].message).toMatch(/no line for SKU NOPE/);
    expect(r.problems[4].message).toMatch(/More shipped than ordered/);
    expect(r.problems[5].message).toMatch(/Cancelled/);
    expect(r.changes.map((c) => [c.index, c.after.shipped])).toEqual([[0, 1]]);
    expect([...r.counted]).toEqual([[7, 0]]);
  });

  test('a Cancelled line keeps counting the rows it shipped before it was cancelled; a row beyond that is a problem', () => {
    const cancelled = (index: number, o: Partial<ShipLine>) => line(index, { status: 'Cancelled', statusCell: 'Cancelled', allocated: null, ...o });
    const lines = [cancelled(0, { qty: 5, shipped: 4 }), cancelled(1, { orderId: 'BW-2', shipped: 0 })];
    const { r } = run(lines, [row(0, { qty: 4 }), row(1, { qty: 1 }), row(2, { orderId: 'BW-2', qty: 1 })], {});
    expect([...r.counted]).toEqual([[0, 0]]);
    expect(r.problems.map((p) => [p.index, p.message])).toEqual([
      [1, "Order BW-1's line for OIL is Cancelled and had shipped 4 before; this unit is not counted."],
      [2, "Order BW-2's line for OIL is Cancelled: this shipment is not counted."],
    ]);
    expect(r.changes).toEqual([]);
    expect(r.shippedNow.size).toBe(0);
  });

  test('two lines with the same Order ID and SKU fill in row order', () => {
    const { r } = run([line(0, { qty: 2 }), line(1, { qty: 2 })], [row(0, { qty: 2 }), row(1, { qty: 1 })], {});
    expect(r.changes.map((c) => [c.index, c.after.shipped, c.after.status])).toEqual([
      [0, 2, 'Shipped'],
      [1, 1, 'Partial'],
    ]);
  });

  test('with two lines of the same Order ID and SKU, a row goes to the line whose Shipped already counts it', () => {
    const lines = [line(0, { qty: 1 }), line(1, { qty: 2, shipped: 1, status: 'Partial', statusCell: 'Partial' })];
    const { r } = run(lines, [row(0, { qty: 1 })], {});
    expect(r.changes).toEqual([]);
    expect([...r.counted]).toEqual([[0, 1]]);
  });

  test('an unreadable Qty or Shipped on the order line: the shipment is a row problem and the line is left alone', () => {
    const { r } = run([line(0, { shipped: NaN })], [row(0)], {});
    expect(r.changes).toEqual([]);
    expect(r.problems[0].message).toMatch(/Orders row 2/);
  });
});

describe('the memory stays small', () => {
  test('past its budget, the lines shipped longest ago are forgotten first', () => {
    const memory: ShipMemory = {};
    for (let i = 0; i < 100; i++) memory[`BW-${1000 + i}|OIL|0`] = { w: 1, h: 0, d: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}` };
    const budget = JSON.stringify(memory).length / 2;
    const kept = trimMemory(memory, budget);
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(budget);
    expect(Object.keys(kept).length).toBeGreaterThan(40);
    const oldestKept = Math.min(...Object.values(kept).map((m) => Number(m.d!.slice(-2))));
    const newestDropped = Math.max(...Object.entries(memory).filter(([k]) => !(k in kept)).map(([, m]) => Number(m.d!.slice(-2))));
    expect(newestDropped).toBeLessThanOrEqual(oldestKept);
    expect(trimMemory(memory)).toBe(memory); // within the default budget: unchanged
  });
});

describe('tracking links', () => {
  test.each([
    ['UPS', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['usps', '9400 1000 0000 0000 0000 00', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000'],
    ['FedEx Ground', '123456789012', 'https://www.fedex.com/fedextrack/?trknbr=123456789012'],
    ['Fed Ex', '123456789012', 'https://www.fedex.com/fedextrack/?trknbr=123456789012'],
    ['DHL Express', 'JD014600006201234567', 'https://www.dhl.com/en/express/tracking.html?AWB=JD014600006201234567'],
    ['Royal Mail', 'AB123456789GB', ''],
    ['UPS', '"><script>', ''],
    ['UPS', '', ''],
  ])('%s %s', (carrier, number, url) => {
    expect(trackingUrl(carrier, number)).toBe(url);
  });
});

describe('planParcelEmails', () => {
  const lines = [line(0, { qty: 2 }), line(1, { sku: 'VIN', qty: 1 }), line(2, { sku: 'SALT', qty: 2 })];
  const rows = [row(0, { qty: 2 }), row(1, { sku: 'SALT', qty: 1 }), row(2, { sku: 'VIN', qty: 1, shippedOn: '2026-03-04', tracking: 'T2' }), row(3, { sku: 'SALT', qty: 1, shippedOn: '2026-03-04', tracking: 'T2' })];
  const reconciled = reconcileShipments(lines, rows, {});

  test('one email per order and day; what shipped earlier and what is still to come are as of that parcel', () => {
    const plan = planParcelEmails({ lines, rows, reconciled, today: '2026-03-04', sent: new Set() });
    expect(plan.map((p) => [p.key, p.complete])).toEqual([
      ['BW-1|ann@example.com|2026-03-02', false],
      ['BW-1|ann@example.com|2026-03-04', true],
    ]);
    const [first, second] = plan;
    expect(first.parcel.map((x) => [x.sku, x.quantity])).toEqual([
      ['OIL', 2],
      ['SALT', 1],
    ]);
    expect(first.earlier).toEqual([]);
    expect(first.toCome.map((x) => [x.sku, x.quantity])).toEqual([
      ['VIN', 1],
      ['SALT', 1],
    ]);
    expect(second.parcel.map((x) => [x.sku, x.quantity, x.tracking])).toEqual([
      ['VIN', 1, 'T2'],
      ['SALT', 1, 'T2'],
    ]);
    expect(second.earlier.map((x) => [x.sku, x.quantity])).toEqual([
      ['OIL', 2],
      ['SALT', 1],
    ]);
    expect(second.toCome).toEqual([]);
  });

  test('a row added to a day already emailed is listed as sent earlier in the next parcel email', () => {
    const late = [...rows, row(9, { sku: 'VIN', qty: 1, shippedOn: '2026-03-02' })].filter((r) => !(r.sku === 'VIN' && r.shippedOn === '2026-03-04'));
    const rec = reconcileShipments(lines, late, {});
    const plan = planParcelEmails({ lines, rows: late, reconciled: rec, today: '2026-03-04', sent: new Set(['BW-1|ann@example.com|2026-03-02']) });
    expect(plan.map((p) => p.day)).toEqual(['2026-03-04']);
    expect(plan[0].earlier.map((x) => [x.sku, x.quantity])).toEqual([
      ['OIL', 2],
      ['VIN', 1],
      ['SALT', 1],
    ]);
  });

  test('only orders that are or were on backorder get shipment emails', () => {
    const open = [line(0, { status: 'Open', statusCell: 'Open', qty: 1 })];
    const shipped = [row(0, { qty: 1 })];
    const plan = (ls: ShipLine[], memory: ShipMemory = {}) => planParcelEmails({ lines: ls, rows: shipped, reconciled: reconcileShipments(ls, shipped, memory), today: '2026-03-02', sent: new Set() }).length;
    expect(plan(open)).toBe(0);
    expect(plan([{ ...open[0], backorderedSince: true }])).toBe(1);
    // Already marked Shipped by an earlier run: the status before it was BackOrder.
    const done = [line(0, { status: 'Shipped', statusCell: 'Shipped', shipped: 1, qty: 1 })];
    expect(plan(done, { 'BW-1|OIL|0': { w: 1, h: 0, o: 'BackOrder' } })).toBe(1);
    expect(plan(done, { 'BW-1|OIL|0': { w: 1, h: 0, o: 'Open' } })).toBe(0);
  });

  test('what is still to come is split: delayed lines (on backorder, or short of stock) and lines that follow separately', () => {
    const ls = [
      line(0, { qty: 1 }), // on backorder: shipped in this parcel
      line(1, { sku: 'VIN', qty: 2 }), // on backorder, still waiting
      line(2, { sku: 'CHILI', qty: 2, status: 'Open', statusCell: 'Open' }), // never waited, in stock
      line(3, { sku: 'SALT', qty: 1, status: 'Open', statusCell: 'Open' }), // never waited, but none on the shelf
    ];
    const shipped = [row(0, { qty: 1 })];
    const asked: string[] = [];
    const [p] = planParcelEmails({
      lines: ls,
      rows: shipped,
      reconciled: reconcileShipments(ls, shipped, {}),
      today: '2026-03-02',
      sent: new Set(),
      shortOfStock: (sku, units) => (asked.push(`${sku} ${units}`), sku === 'SALT'),
    });
    expect(p.toCome.map((x) => [x.sku, x.quantity])).toEqual([
      ['VIN', 2],
      ['SALT', 1],
    ]);
    expect(p.followsSeparately.map((x) => [x.sku, x.quantity])).toEqual([['CHILI', 2]]);
    expect(p.complete).toBe(false);
    expect(asked).toEqual(['CHILI 2', 'SALT 1']); // only lines that never waited are looked up
    // Only lines that follow separately left: not complete either.
    const onlyInStock = [line(0, { qty: 1 }), line(2, { sku: 'CHILI', qty: 2, status: 'Open', statusCell: 'Open' })];
    const [q] = planParcelEmails({ lines: onlyInStock, rows: shipped, reconciled: reconcileShipments(onlyInStock, shipped, {}), today: '2026-03-02', sent: new Set() });
    expect([q.toCome, q.followsSeparately.map((x) => x.sku), q.complete]).toEqual([[], ['CHILI'], false]);
  });

  test('a Partial the add-on wrote on a line that was Open is not a wait', () => {
    const ls = [line(0, { qty: 1 }), line(1, { sku: 'CHILI', qty: 2, shipped: 1, status: 'Partial', statusCell: 'Partial' })];
    const shipped = [row(0, { qty: 1 }), row(1, { sku: 'CHILI', qty: 1, shippedOn: '2026-03-01' })];
    const plan = (memory: ShipMemory) => planParcelEmails({ lines: ls, rows: shipped, reconciled: reconcileShipments(ls, shipped, memory), today: '2026-03-02', sent: new Set(['BW-1|ann@example.com|2026-03-01']) })[0];
    expect(plan({ 'BW-1|CHILI|0': { w: 1, h: 0, o: 'Open' } }).followsSeparately.map((x) => [x.sku, x.quantity])).toEqual([['CHILI', 1]]);
    // A Partial the shop set itself (or one that was on backorder before) is a wait.
    expect(plan({}).toCome.map((x) => [x.sku, x.quantity])).toEqual([['CHILI', 1]]);
    expect(plan({ 'BW-1|CHILI|0': { w: 1, h: 0, o: 'BackOrder' } }).toCome.map((x) => [x.sku, x.quantity])).toEqual([['CHILI', 1]]);
  });

  test('sent parcels, parcels older than a week and future days are not planned', () => {
    expect(planParcelEmails({ lines, rows, reconciled, today: '2026-03-04', sent: new Set(['BW-1|ann@example.com|2026-03-02']) }).map((p) => p.day)).toEqual(['2026-03-04']);
    expect(planParcelEmails({ lines, rows, reconciled, today: '2026-03-03', sent: new Set() }).map((p) => p.day)).toEqual(['2026-03-02']);
    expect(planParcelEmails({ lines, rows, reconciled, today: '2026-03-10', sent: new Set() }).map((p) => p.day)).toEqual(['2026-03-04']);
  });
});

describe('mail priority', () => {
  test('batches go by tier (required, news, routine), keeping their order inside a tier', () => {
    const batches: Array<{ tier: MailTier; name: string }> = [
      { tier: 'routine', name: 'later notices' },
      { tier: 'news', name: 'shipments' },
      { tier: 'required', name: 'first notices' },
      { tier: 'news', name: 'back in stock' },
      { tier: 'required', name: 'consent requests' },
    ];
    expect(inSendingOrder(batches).map((b) => b.name)).toEqual(['first notices', 'consent requests', 'shipments', 'back in stock', 'later notices']);
    expect(MAIL_TIERS).toEqual(['required', 'news', 'routine']);
  });

  test('the Notice log says why an email waited', () => {
    expect(waitDetail(true)).toMatch(/^waited: the daily quota went to higher-priority mail/);
    expect(waitDetail(false)).toMatch(/^waited: the daily quota was used up/);
  });
});
