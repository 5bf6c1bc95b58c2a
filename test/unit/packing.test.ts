import { AllocationLine, AllocationSettings, planAllocation, SHIP_WHATS_READY, WAIT_FOR_ALL } from '../../src/core/allocation';
import { findExactDates } from '../../src/core/customerText';
import { allocatedAsRead, beingPreparedPhrase, buildPackingSlips, buildPickList, ProductItem, TRACKING_PROMISE } from '../../src/core/packing';
import type { PackingSlip } from '../../src/shared/packingTypes';
import { orderLine } from './allocationLines';

const TODAY = '2026-03-20';

const line = orderLine;

const PRODUCTS: ProductItem[] = [
  { sku: 'HS-30', product: 'Hand Soap 30 ml' },
  { sku: 'NC-50', product: 'Night Cream 50 ml' },
  { sku: 'LB-1', product: '' },
];

const SHOP = { name: 'Brightwater Bottling Co.', phone: '(555) 010-4477', email: ' help@example.com ' };

/** Every string anywhere in a value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v !== null && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

// Ann: HS-30 ×3 (1 shipped earlier, Partial), NC-50 ×2 (nothing free), a Shipped lip balm, a cancelled line.
// Ben (B-7, older, High): HS-30 ×1. Cat (C-3): waits for all of HS-30 ×1 and NC-50 ×1: passed over.
const LINES: AllocationLine[] = [
  line(0, { orderId: 'A-1', customer: 'Ann Archer', email: 'ann@example.com', status: 'Partial', qty: 3, shipped: 1 }),
  line(1, { orderId: 'A-1', customer: 'Ann Archer', email: 'ann@example.com', sku: 'NC-50', qty: 2 }),
  line(2, { orderId: 'A-1', customer: 'Ann Archer', email: 'ann@example.com', sku: 'LB-1', status: 'Shipped', qty: 2, shipped: 0 }),
  line(3, { orderId: 'A-1', customer: 'Ann Archer', email: 'ann@example.com', sku: 'LB-1', status: 'Cancelled', qty: 4, shipped: 1 }),
  line(4, { orderId: 'B-7', customer: 'Ben Bell', email: 'ben@example.com', priority: 'High', since: '2026-03-10' }),
  line(5, { orderId: 'C-3', customer: 'Cat Cole', email: 'cat@example.com', shipPreference: 'Wait for all', since: '2026-02-01' }),
  line(6, { orderId: 'C-3', customer: 'Cat Cole', email: 'cat@example.com', sku: 'NC-50', since: '2026-02-01' }),
  line(7, { orderId: 'A-1', customer: 'Another Ann', email: 'other@example.com', sku: 'NC-50', status: 'Open', qty: 1 }),
];
// HS-30: owed 2 + 1 + 1 = 4, Available −1 -> 3 on hand. NC-50: owed 3, Available −3 -> none.
const ITEMS = [
  { sku: 'HS-30', available: -1 },
  { sku: 'NC-50', available: -3 },
  { sku: 'LB-1', available: 5 },
];
const settings: AllocationSettings = { defaultShipPreference: SHIP_WHATS_READY, backorderLimit: null };
const PLAN = planAllocation({ items: ITEMS, lines: LINES, settings, today: TODAY });

describe('pick list', () => {
  test('one row per line with units set aside, grouped by order, first served first; product from Inventory', () => {
    expect(PLAN.lines.map((l) => l.allocated)).toEqual([2, 0, 0, 0, 1, 0, 0, 0]);
    expect(buildPickList(PLAN, PRODUCTS)).toEqual([
      {
        orderId: 'B-7',
        customer: 'Ben Bell',
        sku: 'HS-30',
        product: 'Hand Soap 30 ml',
        units: 1,
        shipPreference: SHIP_WHATS_READY,
        why: '1st of 3 for HS-30: priority High, waiting 10 days',
        index: 4,
      },
      {
        orderId: 'A-1',
        customer: 'Ann Archer',
        sku: 'HS-30',
        product: 'Hand Soap 30 ml',
        units: 2,
        shipPreference: SHIP_WHATS_READY,
        why: '3rd of 3 for HS-30: priority Normal, waiting 19 days',
        index: 0,
      },
    ]);
  });

  test('an order of several picked lines stays together, even when another order is served in between', () => {
    const lines = [
      line(0, { orderId: 'X', email: 'x@example.com', since: '2026-03-01' }),
      line(1, { orderId: 'Y', email: 'y@example.com', since: '2026-03-02' }),
      line(2, { orderId: 'X', email: 'x@example.com', sku: 'LB-1', since: '2026-03-03' }),
    ];
    const plan = planAllocation({ items: [{ sku: 'HS-30', available: 5 }, { sku: 'LB-1', available: 5 }], lines, settings, today: TODAY });
    const rows = buildPickList(plan, PRODUCTS);
    expect(rows.map((r) => [r.orderId, r.sku, r.product])).toEqual([
      ['X', 'HS-30', 'Hand Soap 30 ml'],
      ['X', 'LB-1', 'LB-1'],
      ['Y', 'HS-30', 'Hand Soap 30 ml'],
    ]);
  });

  test('nothing set aside, nothing to pick', () => {
    const plan = planAllocation({ items: [{ sku: 'HS-30', available: -1 }], lines: [line(0, {})], settings, today: TODAY });
    expect(buildPickList(plan, PRODUCTS)).toEqual([]);
    expect(buildPackingSlips({ plan, lines: [line(0, {})], items: PRODUCTS, shop: SHOP })).toEqual([]);
  });
});

describe('packing slips', () => {
  const slips = buildPackingSlips({ plan: PLAN, lines: LINES, items: PRODUCTS, shop: SHOP });

  test('one per order on the pick list, in the same order', () => {
    expect(slips.map((s) => [s.orderId, s.customer])).toEqual([
      ['B-7', 'Ben Bell'],
      ['A-1', 'Ann Archer'],
    ]);
  });

  test('each item marked shipping now, shipped earlier or still on backorder; cancelled units and another customer\u2019s lines left out', () => {
    const ann = slips[1];
    expect(ann.items).toEqual([
      { product: 'Hand Soap 30 ml', sku: 'HS-30', units: 2, mark: 'shipping now' },
      { product: 'Hand Soap 30 ml', sku: 'HS-30', units: 1, mark: 'shipped earlier' },
      { product: 'LB-1', sku: 'LB-1', units: 2, mark: 'shipped earlier' },
      { product: 'LB-1', sku: 'LB-1', units: 1, mark: 'shipped earlier' },
      { product: 'Night Cream 50 ml', sku: 'NC-50', units: 2, mark: 'still on backorder' },
    ]);
    expect(ann.note).toBe('The items still on backorder will follow as soon as they are ready, and we will send their tracking number then.');
    expect(slips[0].items).toEqual([{ product: 'Hand Soap 30 ml', sku: 'HS-30', units: 1, mark: 'shipping now' }]);
    expect(slips[0].note).toBe('');
  });

  test('the shop\u2019s name and support details', () => {
    expect(slips[0].shop).toEqual({ name: 'Brightwater Bottling Co.', phone: '(555) 010-4477', email: 'help@example.com' });
  });

  test('a Wait-for-all order, once complete, is one slip with everything shipping now', () => {
    const lines = LINES.map((l) => (l.orderId === 'C-3' ? l : { ...l, status: 'Cancelled' }));
    const plan = planAllocation({ items: [{ sku: 'HS-30', available: 0 }, { sku: 'NC-50', available: 0 }], lines, settings, today: TODAY });
    const [slip, ...rest] = buildPackingSlips({ plan, lines, items: PRODUCTS, shop: SHOP });
    expect(rest).toEqual([]);
    expect(plan.lines[5].shipPreference).toBe(WAIT_FOR_ALL);
    expect(slip.items.map((i) => [i.sku, i.units, i.mark])).toEqual([
      ['HS-30', 1, 'shipping now'],
      ['NC-50', 1, 'shipping now'],
    ]);
  });

  test('no dates: sheet values that would show one are replaced, and the slip is plain JSON', () => {
    const hostile = LINES.map((l) => (l.orderId === 'A-1' && l.email === 'ann@example.com' ? { ...l, customer: 'May 5 Archer', orderId: '3/14' } : l));
    const plan = planAllocation({ items: ITEMS, lines: hostile, settings, today: TODAY });
    const products = [{ sku: 'HS-30', product: 'Black Friday Soap' }, { sku: 'NC-50', product: 'March 3rd Cream' }];
    const out: PackingSlip[] = buildPackingSlips({
      plan,
      lines: hostile,
      items: products,
      shop: { name: 'Sunday Soap Co.', phone: '555-0100 Mon.-Fri.', email: 'help-3/14@example.com' },
    });
    const ann = out.find((s) => s.items.some((i) => i.mark === 'still on backorder'))!;
    expect(ann.customer).toBe('');
    expect(ann.orderId).toBe('');
    expect(ann.items[0].product).toBe('HS-30');
    expect(ann.shop).toEqual({ name: 'Customer Care', phone: '', email: '' });
    for (const s of [...out, ...slips]) expect(strings(s).flatMap(findExactDates)).toEqual([]);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });
});

describe('slips from Orders › Allocated as read', () => {
  test('the Allocated cells decide what ships now (whole units, never above what a line still needs), in service order', () => {
    // Nothing is free for HS-30 (Available −3), yet the sheet says units are set aside: the slips follow the sheet.
    const lines = [
      line(0, { orderId: 'X', allocated: 1 }),
      line(1, { orderId: 'Y', qty: 2, allocated: 5, priority: 'High' }),
      line(2, { orderId: 'Z', allocated: -2 }),
    ];
    const planned = planAllocation({ items: [{ sku: 'HS-30', available: -4 }], lines, settings, today: TODAY });
    expect(planned.lines.map((l) => l.allocated)).toEqual([0, 0, 0]);
    const plan = allocatedAsRead(planned);
    expect(plan.lines.map((l) => l.allocated)).toEqual([1, 2, 0]);
    const slips = buildPackingSlips({ plan, lines, items: PRODUCTS, shop: SHOP });
    expect(slips.map((s) => [s.orderId, s.items.map((i) => [i.units, i.mark])])).toEqual([
      ['Y', [[2, 'shipping now']]],
      ['X', [[1, 'shipping now']]],
    ]);
  });
});

describe('being prepared (sidebar reply)', () => {
  test('all, part, or nothing of a line', () => {
    expect(beingPreparedPhrase(3, 3)).toBe(`it is being prepared to ship, and ${TRACKING_PROMISE}`);
    expect(beingPreparedPhrase(2, 4)).toBe(`2 of the 4 are being prepared to ship, and ${TRACKING_PROMISE}`);
    expect(beingPreparedPhrase(1, 4)).toBe(`1 of the 4 is being prepared to ship, and ${TRACKING_PROMISE}`);
    expect(beingPreparedPhrase(0, 4)).toBe('');
  });

  test('passes the exact-date screen for every count', () => {
    let checked = 0;
    for (let open = 1; open <= 60; open++) {
      for (let allocated = 1; allocated <= open; allocated++) {
        const phrase = beingPreparedPhrase(allocated, open);
        expect(findExactDates(phrase)).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(1830);
  });
});
