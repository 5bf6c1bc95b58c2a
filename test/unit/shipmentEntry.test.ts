import { checkShipment, EntryLine, openOrder, ordersWithAllocated, shippedSoFar, ShippedRow } from '../../src/core/shipmentEntry';

function line(index: number, over: Partial<EntryLine> = {}): EntryLine {
  return { index, orderId: 'A-1', customer: 'Ann Archer', sku: 'HS-30', qty: 3, shipped: 0, status: 'BackOrder', allocated: 0, ...over };
}

// HS-30 ×3 (2 allocated), NC-50 ×2 (1 shipped by hand, Partial), a cancelled LB-1, a Shipped LB-2.
// B-7: HS-30 ×1, nothing allocated. C-3: two HS-30 lines of one order (1 + 2), 3 allocated.
const LINES: EntryLine[] = [
  line(0, { allocated: 2 }),
  line(1, { sku: 'NC-50', qty: 2, shipped: 1, status: 'Partial', allocated: 1 }),
  line(2, { sku: 'LB-1', qty: 4, status: 'Cancelled' }),
  line(3, { sku: 'LB-2', qty: 2, status: 'Shipped' }),
  line(4, { orderId: 'B-7', customer: 'Ben Bell', qty: 1 }),
  line(5, { orderId: 'C-3', customer: 'Cat Cole', qty: 1, allocated: 1 }),
  line(6, { orderId: 'C-3', customer: 'Cat Cole', qty: 2, allocated: 2 }),
];
const none: ShippedRow[] = [];

describe('units shipped so far', () => {
  test('the Shipped cell, or the Shipments rows when they say more; never counted twice', () => {
    const rows: ShippedRow[] = [
      { orderId: 'a-1', sku: 'nc-50', qty: 1 }, // the same unit Shipped already counts
      { orderId: 'A-1', sku: 'HS-30', qty: 2 },
      { orderId: 'C-3', sku: 'HS-30', qty: 2 }, // shared by C-3's two HS-30 lines in row order
      { orderId: 'C-3', sku: 'HS-30', qty: null },
      { orderId: 'X-9', sku: 'HS-30', qty: 5 }, // no such order: counts nowhere
    ];
    const done = shippedSoFar(LINES, rows);
    expect([...done.entries()]).toEqual([
      [0, 2],
      [1, 1],
      [2, 0],
      [3, 2],
      [4, 0],
      [5, 1],
      [6, 1],
    ]);
  });

  test('more shipped than a line holds goes to the next line of the same item, never above Qty', () => {
    const done = shippedSoFar(LINES, [{ orderId: 'C-3', sku: 'HS-30', qty: 9 }]);
    expect([done.get(5), done.get(6)]).toEqual([1, 2]);
  });
});

describe('an order as the dialog offers it', () => {
  test('per item: units still to ship and units allocated (never above what is open); shipped and cancelled items left out', () => {
    const done = shippedSoFar(LINES, [{ orderId: 'A-1', sku: 'HS-30', qty: 2 }]);
    expect(openOrder(' a-1 ', LINES, done)).toEqual({
      orderId: 'A-1',
      customer: 'Ann Archer',
      skus: [
        { sku: 'HS-30', open: 1, allocated: 1 },
        { sku: 'NC-50', open: 1, allocated: 1 },
      ],
    });
    expect(openOrder('C-3', LINES, shippedSoFar(LINES, none))?.skus).toEqual([{ sku: 'HS-30', open: 3, allocated: 3 }]);
    expect(openOrder('Z-0', LINES, done)).toBeNull();
    expect(openOrder('', LINES, done)).toBeNull();
  });

  test('the orders with units allocated, in row order, with their units', () => {
    expect(ordersWithAllocated(LINES, shippedSoFar(LINES, none))).toEqual([
      { orderId: 'A-1', customer: 'Ann Archer', units: 3 },
      { orderId: 'C-3', customer: 'Cat Cole', units: 3 },
    ]);
    // Once its allocated units are in Shipments, an order is not offered again.
    const done = shippedSoFar(LINES, [{ orderId: 'C-3', sku: 'HS-30', qty: 3 }]);
    expect(ordersWithAllocated(LINES, done).map((o) => o.orderId)).toEqual(['A-1']);
  });
});

describe('checking a shipment', () => {
  const done = shippedSoFar(LINES, none);
  const ok = { orderId: 'a-1', lines: [{ sku: 'HS-30', units: 2 }, { sku: 'nc-50', units: 0 }], carrier: ' UPS ', tracking: '1Z999AA10123456784' };

  test('gives the rows to write: the order as on Orders, SKUs with units, carrier and tracking trimmed', () => {
    expect(checkShipment(ok, LINES, done)).toEqual({
      ok: true,
      rows: [{ orderId: 'A-1', sku: 'HS-30', qty: 2, carrier: 'UPS', tracking: '1Z999AA10123456784' }],
    });
  });

  const refusals: Array<[unknown, string]> = [
    [{ ...ok, orderId: '  ' }, 'Choose an order or type its Order ID.'],
    [{ ...ok, orderId: 'Q-404' }, 'Order Q-404 is not on the Orders tab.'],
    [{ ...ok, carrier: '' }, 'Choose a carrier (or type one under Other).'],
    [{ ...ok, carrier: 'x'.repeat(101) }, 'Carrier is longer than 100 characters.'],
    [{ ...ok, tracking: 'a\nb' }, 'Tracking must be one line.'],
    [{ ...ok, tracking: 42 }, 'Tracking must be text.'],
    [{ ...ok, lines: [{ sku: 'HS-30', units: 4 }] }, 'HS-30: 4 is more than the 3 still to ship.'],
    [{ ...ok, lines: [{ sku: 'HS-30', units: 1.5 }] }, 'HS-30: units must be a whole number from 1 to 3 (or 0 to leave it out).'],
    [{ ...ok, lines: [{ sku: 'HS-30', units: -1 }] }, 'HS-30: units must be a whole number from 1 to 3 (or 0 to leave it out).'],
    [{ ...ok, lines: [{ sku: 'HS-30', units: 0 }] }, 'Enter the units shipped for at least one item.'],
    [{ ...ok, lines: [] }, 'Enter the units shipped for at least one item.'],
    [{ ...ok, lines: [{ sku: 'ZZ-1', units: 1 }] }, 'ZZ-1: not an item of order A-1.'],
    [{ ...ok, lines: [{ sku: 'LB-1', units: 1 }] }, 'LB-1: nothing left to ship on order A-1.'],
    [{ ...ok, lines: [{ sku: 'HS-30', units: 1 }, { sku: 'hs-30', units: 1 }] }, 'HS-30: appears twice.'],
    [null, 'Choose an order or type its Order ID.'],
  ];
  test.each(refusals.map(([request, problem]) => [problem, request] as const))('refuses with "%s"', (problem, request) => {
    const r = checkShipment(request, LINES, done);
    expect(r.ok).toBe(false);
    if (r.ok === false) expect(r.problems).toContain(problem);
  });

  test('units already in Shipments are not open any more', () => {
    const after = shippedSoFar(LINES, [{ orderId: 'A-1', sku: 'HS-30', qty: 2 }]);
    const r = checkShipment(ok, LINES, after);
    expect(r).toEqual({ ok: false, problems: ['HS-30: 2 is more than the 1 still to ship.'] });
  });
});
