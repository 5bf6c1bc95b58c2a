import {
  AllocationItem,
  AllocationLine,
  AllocationPlan,
  AllocationSettings,
  ordinal,
  parsePriority,
  parseShipPreference,
  planAllocation,
  SHIP_WHATS_READY,
  WAIT_FOR_ALL,
} from '../../src/core/allocation';
import { Rng } from '../../examples/generate';
import { orderLine } from './allocationLines';

const TODAY = '2026-03-20';
const SETTINGS: AllocationSettings = { defaultShipPreference: SHIP_WHATS_READY, backorderLimit: null };

let next = 0;
function line(over: Partial<AllocationLine> = {}): AllocationLine {
  return orderLine(over.index ?? next++, over);
}

function item(sku: string, available: number | null): AllocationItem {
  return { sku, available };
}

function plan(items: AllocationItem[], lines: AllocationLine[], settings: Partial<AllocationSettings> = {}): AllocationPlan {
  return planAllocation({ items, lines, settings: { ...SETTINGS, ...settings }, today: TODAY });
}

/** index -> new Allocated */
function allocations(p: AllocationPlan): Record<number, number> {
  return Object.fromEntries(p.lines.map((l) => [l.index, l.allocated]));
}

/** The lines with their Allocated cell set to the plan's result (what the job writes back). */
function applied(lines: AllocationLine[], p: AllocationPlan): AllocationLine[] {
  const a = allocations(p);
  return lines.map((l) => ({ ...l, allocated: a[l.index] }));
}

function lineOf(p: AllocationPlan, index: number) {
  const l = p.lines.find((x) => x.index === index);
  if (!l) throw new Error(`no line ${index}`);
  return l;
}

beforeEach(() => {
  next = 0;
});

describe('reading the cells', () => {
  test('priority and ship preference are read case-insensitively; blank priority is Normal', () => {
    expect(parsePriority(' high ')).toBe('High');
    expect(parsePriority('')).toBe('Normal');
    expect(parsePriority('LOW')).toBe('Low');
    expect(parsePriority('urgent')).toBeUndefined();
    expect(parseShipPreference('ship what\u2019s ready')).toBe(SHIP_WHATS_READY);
    expect(parseShipPreference(' WAIT  FOR ALL ')).toBe(WAIT_FOR_ALL);
    expect(parseShipPreference('')).toBeNull();
    expect(parseShipPreference('whenever')).toBeUndefined();
  });

  test('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(
      ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th'],
    );
  });
});

describe('on hand and owed', () => {
  test('on hand = Available + open quantity of BackOrder / INVHOLD / Partial lines (any case); other statuses owe nothing', () => {
    const lines = [
      line({ status: 'backorder', qty: 3 }),
      line({ status: 'INVHOLD', qty: 2 }),
      line({ status: 'partial', qty: 5, shipped: 2 }),
      line({ status: 'Open', qty: 4 }),
      line({ status: 'Shipped', qty: 4, shipped: 4 }),
      line({ status: 'Cancelled', qty: 9 }),
    ];
    const p = plan([item('HS-30', -8)], lines);
    expect(p.skus).toEqual([{ sku: 'HS-30', onHand: 0, owed: 8, allocatedBefore: 0, allocated: 0, free: 0, remainingOwed: 8, lines: 3 }]);
    expect(p.lines.map((l) => l.open)).toEqual([3, 2, 3, 0, 0, 0]);
    expect(p.changes).toEqual([]);
  });

  test('raising an item from −15 to +20 sets aside exactly the 15 owed units; the rest stays free', () => {
    const lines = [line({ qty: 5 }), line({ qty: 4 }), line({ qty: 6 })];
    expect(plan([item('HS-30', -15)], lines).changes).toEqual([]);
    const p = plan([item('HS-30', 20)], lines);
    expect(allocations(p)).toEqual({ 0: 5, 1: 4, 2: 6 });
    expect(p.skus[0]).toMatchObject({ onHand: 35, owed: 15, allocated: 15, free: 20, remainingOwed: 0 });
    expect(p.changes).toEqual([
      { index: 0, orderId: 'O-0', sku: 'HS-30', before: 0, after: 5 },
      { index: 1, orderId: 'O-1', sku: 'HS-30', before: 0, after: 4 },
      { index: 2, orderId: 'O-2', sku: 'HS-30', before: 0, after: 6 },
    ]);
  });

  test('a second raise sets aside only the new units, for the next in line', () => {
    const lines = [line({ qty: 5 }), line({ qty: 5, since: '2026-03-02' }), line({ qty: 5, since: '2026-03-03' }), line({ qty: 5, since: '2026-03-04' })];
    const first = plan([item('HS-30', -12)], lines); // 8 arrived
    expect(allocations(first)).toEqual({ 0: 5, 1: 3, 2: 0, 3: 0 });
    const second = plan([item('HS-30', -5)], applied(lines, first)); // 7 more
    expect(allocations(second)).toEqual({ 0: 5, 1: 5, 2: 5, 3: 0 });
    expect(second.changes.map((c) => [c.index, c.before, c.after])).toEqual([
      [1, 3, 5],
      [2, 0, 5],
    ]);
    expect(second.skus[0]).toMatchObject({ onHand: 15, allocatedBefore: 8, allocated: 15, free: 0, remainingOwed: 5 });
  });

  test('SKUs match case-insensitively and ignoring spaces; the first Inventory row of a SKU wins', () => {
    const p = plan([item(' hs-30 ', 1), item('HS-30', 50)], [line({ sku: 'Hs-30', qty: 3 })]);
    expect(p.skus).toHaveLength(1);
    expect(p.skus[0]).toMatchObject({ sku: 'hs-30', onHand: 4 });
    expect(lineOf(p, 0).allocated).toBe(3);
  });
});

describe('service order', () => {
  test('Priority (High, Normal or blank, Low), then Backordered since, then Order date, then row order', () => {
    const lines = [
      line({ priority: 'Low', since: '2026-01-01' }), // 0: oldest but Low
      line({ priority: '', since: '2026-03-05' }), // 1
      line({ priority: 'Normal', since: '2026-03-02' }), // 2
      line({ priority: 'HIGH', since: '2026-03-08' }), // 3: newest but High
      line({ priority: 'normal', since: null, orderDate: '2026-03-01' }), // 4: blank since -> order date
      line({ priority: '', since: '2026-03-05', orderDate: '2026-02-20' }), // 5: same since as 1, older order date
      line({ priority: '', since: '2026-03-05' }), // 6: same as 1 in every date: row order
    ];
    const p = plan([item('HS-30', -7 + 6)], lines); // 6 units on hand
    expect(p.lines.map((l) => l.rank)).toEqual([7, 5, 3, 1, 2, 4, 6]);
    expect(allocations(p)).toEqual({ 0: 0, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1 });
    expect(lineOf(p, 3).why).toBe('1st of 7 for HS-30: priority High, waiting 12 days');
    expect(lineOf(p, 4).why).toBe('2nd of 7 for HS-30: priority Normal, waiting 19 days');
    expect(lineOf(p, 0).why).toBe('7th of 7 for HS-30: priority Low, waiting 78 days; none free yet');
  });

  test('partial lines: a Ship-what\u2019s-ready line takes what there is, the next gets nothing', () => {
    const lines = [line({ status: 'Partial', qty: 5, shipped: 1 }), line({ qty: 2, since: '2026-03-10' })];
    const p = plan([item('HS-30', -3)], lines); // owed 6, on hand 3
    expect(allocations(p)).toEqual({ 0: 3, 1: 0 });
    expect(lineOf(p, 0).why).toBe('1st of 2 for HS-30: priority Normal, waiting 19 days; 3 of 4 set aside');
    expect(lineOf(p, 1).why).toBe('2nd of 2 for HS-30: priority Normal, waiting 10 days; none free yet');
    expect(p.skus[0]).toMatchObject({ onHand: 3, allocated: 3, free: 0, remainingOwed: 3 });
  });

  test('a line with no readable date is served after the dated ones of its priority', () => {
    const lines = [line({ since: null, orderDate: null }), line({ since: '2026-03-19' })];
    const p = plan([item('HS-30', -1)], lines);
    expect(allocations(p)).toEqual({ 0: 0, 1: 1 });
    expect(lineOf(p, 0).why).toBe('2nd of 2 for HS-30: priority Normal, waiting since an unknown date; none free yet');
    expect(lineOf(p, 1).why).toBe('1st of 2 for HS-30: priority Normal, waiting 1 day');
  });
});

describe('Wait for all', () => {
  // Order W (oldest) waits for all: HS-30 ×2 and NC-50 ×1. Order S (newer) ships what is ready: HS-30 ×2.
  const orderW = () => [
    line({ index: 0, orderId: 'W', email: 'w@example.com', sku: 'HS-30', qty: 2, shipPreference: 'Wait for all' }),
    line({ index: 1, orderId: 'W', email: 'w@example.com', sku: 'NC-50', qty: 1, since: '2026-03-02' }),
  ];
  const orderS = () => [line({ index: 2, orderId: 'S', email: 's@example.com', qty: 2, since: '2026-03-10' })];

  test('passed over while an item is still out; its units go to the next in line', () => {
    const p = plan([item('HS-30', -4 + 2), item('NC-50', -1)], [...orderW(), ...orderS()]);
    expect(allocations(p)).toEqual({ 0: 0, 1: 0, 2: 2 });
    expect(lineOf(p, 0)).toMatchObject({ passedOver: true, shipPreference: WAIT_FOR_ALL, why: 'passed over: waits for all items, NC-50 still out' });
    expect(lineOf(p, 1)).toMatchObject({ passedOver: true, shipPreference: WAIT_FOR_ALL, why: 'passed over: waits for all items, NC-50 still out' });
    expect(lineOf(p, 2).why).toBe('2nd of 2 for HS-30: priority Normal, waiting 10 days');
    expect(p.skus.find((s) => s.sku === 'HS-30')).toMatchObject({ onHand: 2, allocated: 2, free: 0 });
  });

  test('served, whole, once every line can be covered at once', () => {
    const lines = [...orderW(), ...orderS()];
    const first = plan([item('HS-30', -2), item('NC-50', -1)], lines);
    // NC-50 arrives, but the HS-30 units already went to S, who keeps them: W still waits.
    const second = plan([item('HS-30', -2), item('NC-50', 0)], applied(lines, first));
    expect(allocations(second)).toEqual({ 0: 0, 1: 0, 2: 2 });
    expect(lineOf(second, 0).why).toBe('passed over: waits for all items, HS-30 still out');
    // Two more HS-30 arrive: W is complete and gets every line.
    const third = plan([item('HS-30', 0), item('NC-50', 0)], applied(lines, second));
    expect(allocations(third)).toEqual({ 0: 2, 1: 1, 2: 2 });
    // S's units were set aside first, so S keeps its place ahead of W.
    expect(lineOf(third, 0).why).toBe('2nd of 2 for HS-30: priority Normal, waiting 19 days');
    expect(lineOf(third, 1).why).toBe('1st of 1 for NC-50: priority Normal, waiting 18 days');
  });

  test('the same stock all at once: the older Wait-for-all order is served first', () => {
    const p = plan([item('HS-30', -4 + 2), item('NC-50', 0)], [...orderW(), ...orderS()]);
    expect(allocations(p)).toEqual({ 0: 2, 1: 1, 2: 0 });
  });

  test('blank follows the Settings default; a value on any line counts for the order; Wait for all wins a disagreement', () => {
    const mk = (a: string, b: string) => [
      line({ index: 0, orderId: 'A', email: 'a@example.com', qty: 2, shipPreference: a }),
      line({ index: 1, orderId: 'A', email: 'a@example.com', sku: 'NC-50', shipPreference: b }),
    ];
    const items = [item('HS-30', -1), item('NC-50', -1)]; // 1 HS-30 on hand, no NC-50
    expect(allocations(plan(items, mk('', '')))).toEqual({ 0: 1, 1: 0 });
    expect(allocations(plan(items, mk('', ''), { defaultShipPreference: WAIT_FOR_ALL }))).toEqual({ 0: 0, 1: 0 });
    expect(allocations(plan(items, mk('', "Ship what's ready"), { defaultShipPreference: WAIT_FOR_ALL }))).toEqual({ 0: 1, 1: 0 });
    expect(allocations(plan(items, mk('wait for all', "Ship what's ready")))).toEqual({ 0: 0, 1: 0 });
    expect(lineOf(plan(items, mk('wait for all', "Ship what's ready")), 1).shipPreference).toBe(WAIT_FOR_ALL);
  });

  test('the same Order ID of another customer is another order', () => {
    const lines = [
      line({ index: 0, orderId: 'X', email: 'a@example.com', shipPreference: 'Wait for all' }),
      line({ index: 1, orderId: 'x', email: 'b@example.com', sku: 'NC-50' }),
    ];
    const p = plan([item('HS-30', 0), item('NC-50', -1)], lines);
    expect(allocations(p)).toEqual({ 0: 1, 1: 0 });
    expect(lineOf(p, 1).shipPreference).toBe(SHIP_WHATS_READY);
  });
});

describe('backorder limit per customer', () => {
  test('units beyond the limit are served after everyone else of the same priority, and flagged', () => {
    const lines = [
      line({ email: 'big@example.com', qty: 2, since: '2026-03-01' }), // 0: within
      line({ email: 'BIG@example.com ', qty: 2, since: '2026-03-02' }), // 1: beyond the limit of 2
      line({ email: 'y@example.com', qty: 2, since: '2026-03-09' }), // 2
      line({ email: 'z@example.com', qty: 1, since: '2026-01-01', priority: 'Low' }), // 3: Low comes after
    ];
    const p = plan([item('HS-30', -7 + 5)], lines, { backorderLimit: 2 });
    expect(allocations(p)).toEqual({ 0: 2, 1: 1, 2: 2, 3: 0 });
    expect(lineOf(p, 1)).toMatchObject({ overLimit: true, rank: 3 });
    expect(lineOf(p, 1).why).toBe('over the per-customer limit: served after others; 3rd of 4 for HS-30: priority Normal, waiting 18 days; 1 of 2 set aside');
    expect(p.lines.filter((l) => l.overLimit).map((l) => l.index)).toEqual([1]);
    // With no limit, the same customer is simply served in date order.
    expect(allocations(plan([item('HS-30', -7 + 5)], lines))).toEqual({ 0: 2, 1: 2, 2: 1, 3: 0 });
  });

  test('the limit counts across SKUs and splits a line', () => {
    const lines = [line({ email: 'big@example.com', sku: 'NC-50', qty: 2 }), line({ email: 'big@example.com', qty: 3, since: '2026-03-02' }), line({ qty: 1, since: '2026-03-15' })];
    const p = plan([item('HS-30', -4 + 2), item('NC-50', 0)], lines, { backorderLimit: 3 });
    expect(allocations(p)).toEqual({ 0: 2, 1: 1, 2: 1 });
    expect(lineOf(p, 1).overLimit).toBe(true);
    expect(lineOf(p, 0).overLimit).toBe(false);
  });

  test('a High customer over the limit still comes before Normal lines', () => {
    const lines = [line({ email: 'vip@example.com', priority: 'High', qty: 3 }), line({ qty: 1, since: '2026-02-01' })];
    expect(allocations(plan([item('HS-30', -4 + 3)], lines, { backorderLimit: 1 }))).toEqual({ 0: 3, 1: 0 });
  });
});

describe('re-planning and stability', () => {
  test('running again with nothing changed changes nothing', () => {
    const lines = [line({ qty: 3 }), line({ qty: 2, priority: 'High', since: '2026-03-12' }), line({ qty: 4, since: '2026-02-10' })];
    const first = plan([item('HS-30', -9 + 6)], lines);
    const again = plan([item('HS-30', -9 + 6)], applied(lines, first));
    expect(again.changes).toEqual([]);
    expect(allocations(again)).toEqual(allocations(first));
  });

  test('units set aside stay with their line when an older line of the same priority appears', () => {
    const held = [line({ index: 0, qty: 2, since: '2026-03-10', allocated: 2 })];
    const late = line({ index: 1, qty: 2, since: '2026-02-01' });
    const p = plan([item('HS-30', -4 + 2)], [...held, late]);
    expect(allocations(p)).toEqual({ 0: 2, 1: 0 });
    expect(lineOf(p, 0).rank).toBe(1);
    expect(lineOf(p, 1).why).toBe('2nd of 2 for HS-30: priority Normal, waiting 47 days; none free yet');
    expect(p.changes).toEqual([]);
  });

  test('a complete Wait-for-all order keeps its units when an older line of the same priority appears', () => {
    const lines = [
      line({ index: 0, orderId: 'W', email: 'w@example.com', qty: 2, allocated: 2, since: '2026-03-10', shipPreference: 'Wait for all' }),
      line({ index: 1, orderId: 'W', email: 'w@example.com', sku: 'NC-50', allocated: 1, since: '2026-03-10' }),
      line({ index: 2, qty: 2, since: '2026-02-01' }),
    ];
    const p = plan([item('HS-30', -4 + 2), item('NC-50', -1 + 1)], lines);
    expect(allocations(p)).toEqual({ 0: 2, 1: 1, 2: 0 });
    expect(p.changes).toEqual([]);
  });

  test('raising a waiting line to High moves units from a Normal line; nothing shipped moves', () => {
    const lines = [
      line({ index: 0, status: 'Partial', qty: 5, shipped: 3, allocated: 2, since: '2026-03-01' }),
      line({ index: 1, qty: 2, since: '2026-03-05', priority: 'High' }),
    ];
    const p = plan([item('HS-30', -4 + 2)], lines); // owed 4 (the 3 shipped are gone), on hand 2
    expect(p.skus[0]).toMatchObject({ onHand: 2, owed: 4 });
    expect(allocations(p)).toEqual({ 0: 0, 1: 2 });
    expect(p.changes.map((c) => [c.index, c.before, c.after])).toEqual([
      [0, 2, 0],
      [1, 0, 2],
    ]);
  });

  test('lowering a holder to Low lets a waiting Normal line take its units', () => {
    const lines = [line({ index: 0, qty: 2, allocated: 2, priority: 'Low' }), line({ index: 1, qty: 1, since: '2026-03-15' })];
    expect(allocations(plan([item('HS-30', -3 + 2)], lines))).toEqual({ 0: 1, 1: 1 });
  });

  test('a holder switched to Wait for all that cannot be completed gives its units to the next in line', () => {
    const lines = [
      line({ index: 0, orderId: 'A', email: 'a@example.com', qty: 2, allocated: 2, shipPreference: 'Wait for all' }),
      line({ index: 1, orderId: 'A', email: 'a@example.com', sku: 'NC-50' }),
      line({ index: 2, qty: 2, since: '2026-03-15' }),
    ];
    const p = plan([item('HS-30', -4 + 2), item('NC-50', -1)], lines);
    expect(allocations(p)).toEqual({ 0: 0, 1: 0, 2: 2 });
    expect(lineOf(p, 0).why).toBe('passed over: waits for all items, NC-50 still out');
  });

  test('a line added to a complete Wait-for-all order that cannot be covered sends the whole order back to waiting', () => {
    const lines = [
      line({ index: 0, orderId: 'W', email: 'w@example.com', qty: 2, allocated: 2, shipPreference: 'Wait for all' }),
      line({ index: 1, orderId: 'W', email: 'w@example.com', sku: 'NC-50', allocated: 1 }),
      line({ index: 2, orderId: 'W', email: 'w@example.com', sku: 'LB-1', since: '2026-03-18' }),
      line({ index: 3, qty: 3, since: '2026-03-15' }),
    ];
    const p = plan([item('HS-30', -5 + 3), item('NC-50', -1 + 1), item('LB-1', -1)], lines);
    expect(allocations(p)).toEqual({ 0: 0, 1: 0, 2: 0, 3: 3 });
    expect(p.lines.slice(0, 3).map((l) => l.why)).toEqual(Array(3).fill('passed over: waits for all items, LB-1 still out'));
    expect(p.skus.find((s) => s.sku === 'NC-50')).toMatchObject({ onHand: 1, allocated: 0, free: 1 });
  });

  test('when on hand falls below what is set aside, the last in line give back first', () => {
    const lines = [line({ qty: 2, allocated: 2 }), line({ qty: 2, allocated: 2, since: '2026-03-05' }), line({ qty: 2, allocated: 2, since: '2026-03-09' })];
    const p = plan([item('HS-30', -6 + 3)], lines);
    expect(allocations(p)).toEqual({ 0: 2, 1: 1, 2: 0 });
  });

  test('an Allocated above what a line still needs is brought down; a finished line keeps nothing', () => {
    const lines = [
      line({ status: 'Partial', qty: 4, shipped: 3, allocated: 3 }),
      line({ status: 'Shipped', qty: 2, shipped: 2, allocated: 2 }),
      line({ status: 'Cancelled', qty: 2, allocated: 1 }),
    ];
    const p = plan([item('HS-30', 10)], lines);
    expect(allocations(p)).toEqual({ 0: 1, 1: 0, 2: 0 });
    expect(lineOf(p, 1).why).toBe('nothing left to ship on this line');
    expect(lineOf(p, 1).rank).toBeNull();
  });

  test('a SKU not on Inventory, or with an unreadable Available, is not planned: its lines keep what they have', () => {
    const lines = [line({ sku: 'GONE-1', qty: 3, allocated: 2 }), line({ sku: 'ODD-2', qty: 3, allocated: 5 }), line({ sku: 'ODD-2', qty: 1 })];
    const p = plan([item('ODD-2', null)], lines);
    expect(allocations(p)).toEqual({ 0: 2, 1: 3, 2: 0 });
    expect(lineOf(p, 0).why).toBe('not planned: GONE-1 is not on the Inventory tab');
    expect(lineOf(p, 2).why).toBe('not planned: Available for ODD-2 cannot be read');
    expect(p.problems).toEqual(['ODD-2: Available cannot be read, so it was not allocated.', 'GONE-1: not on the Inventory tab, so it was not allocated.']);
    expect(p.skus.find((s) => s.sku === 'GONE-1')).toMatchObject({ onHand: null, free: null, owed: 3, allocated: 2 });
  });

  test('unknown Priority and Ship preference words are reported once and read as Normal / blank', () => {
    const p = plan([item('HS-30', 5)], [line({ priority: 'urgent' }), line({ priority: 'urgent', shipPreference: 'asap' })]);
    expect(p.lines.map((l) => [l.priority, l.shipPreference])).toEqual([
      ['Normal', SHIP_WHATS_READY],
      ['Normal', SHIP_WHATS_READY],
    ]);
    expect(p.problems).toEqual([
      'Priority "urgent" is not High, Normal or Low; read as Normal.',
      `Ship preference "asap" is not ${SHIP_WHATS_READY} or ${WAIT_FOR_ALL}; read as blank.`,
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Random shops

function randomShop(seed: number): { items: AllocationItem[]; lines: AllocationLine[]; settings: AllocationSettings } {
  const rng = new Rng(seed);
  const r = () => rng.float();
  const int = (lo: number, hi: number) => rng.int(lo, hi);
  const pick = <T>(xs: readonly T[]): T => rng.pick(xs);
  const skus = Array.from({ length: int(1, 4) }, (_, i) => `S-${i}`);
  const items = skus.map((sku) => item(sku, r() < 0.05 ? null : int(-12, 12)));
  const customers = Array.from({ length: int(1, 6) }, (_, i) => `k${i}@example.com`);
  const dates = ['2026-01-05', '2026-02-01', '2026-02-01', '2026-03-01', '2026-03-19', null];
  const lines: AllocationLine[] = Array.from({ length: int(0, 14) }, (_, index) => {
    const qty = r() < 0.03 ? null : int(0, 6);
    const shipped = qty === null ? 0 : int(0, qty);
    return {
      index,
      orderId: `O-${int(1, 5)}`,
      customer: '',
      email: pick(customers),
      sku: r() < 0.03 ? 'NOPE' : pick(skus),
      qty,
      shipped,
      status: pick(['BackOrder', 'backorder', 'INVHOLD', 'Partial', 'Open', 'Shipped', 'Cancelled', undefined]),
      since: pick(dates),
      orderDate: pick(dates),
      priority: pick(['', 'High', 'low', 'Normal', 'Low', 'x']),
      shipPreference: pick(['', '', "Ship what's ready", 'Wait for all', 'wait for all']),
      allocated: r() < 0.5 ? null : int(-1, 8),
    };
  });
  const settings: AllocationSettings = {
    defaultShipPreference: pick([SHIP_WHATS_READY, WAIT_FOR_ALL]),
    backorderLimit: r() < 0.5 ? null : int(0, 6),
  };
  return { items, lines, settings };
}

describe('1,000 random shops', () => {
  const shops = Array.from({ length: 1000 }, (_, i) => randomShop(1000 + i));
  const run = (s: ReturnType<typeof randomShop>, lines = s.lines) => planAllocation({ items: s.items, lines, settings: s.settings, today: TODAY });

  test('the shops are varied enough to mean something', () => {
    const plans = shops.map((s) => run(s));
    const count = (f: (p: AllocationPlan) => boolean) => plans.filter(f).length;
    expect(count((p) => p.lines.some((l) => l.allocated > 0 && l.allocated < l.open))).toBeGreaterThan(50);
    expect(count((p) => p.lines.some((l) => l.passedOver))).toBeGreaterThan(50);
    expect(count((p) => p.lines.some((l) => l.overLimit))).toBeGreaterThan(50);
    expect(count((p) => p.changes.some((c) => c.after < c.before && c.after > 0))).toBeGreaterThan(20);
  });

  test('Σ allocated ≤ on hand per SKU, no line above its open quantity, nothing negative', () => {
    let checkedSkus = 0;
    for (const s of shops) {
      const p = run(s);
      for (const l of p.lines) {
        expect(Number.isInteger(l.allocated)).toBe(true);
        expect(l.allocated).toBeGreaterThanOrEqual(0);
        expect(l.allocated).toBeLessThanOrEqual(l.open);
      }
      for (const f of p.skus) {
        const sum = p.lines.filter((l) => l.sku.trim().toUpperCase() === f.sku.toUpperCase()).reduce((n, l) => n + l.allocated, 0);
        expect(sum).toBe(f.allocated);
        if (f.onHand === null) continue;
        checkedSkus++;
        expect(f.onHand).toBeGreaterThanOrEqual(0);
        expect(f.allocated).toBeLessThanOrEqual(f.onHand);
        expect(f.free).toBeGreaterThanOrEqual(0);
        expect(f.remainingOwed).toBeGreaterThanOrEqual(0);
      }
    }
    expect(checkedSkus).toBeGreaterThan(1500);
  });

  test('a Wait-for-all order gets every open line in full or nothing', () => {
    for (const s of shops) {
      const p = run(s);
      const planned = new Set(p.skus.filter((f) => f.onHand !== null).map((f) => f.sku.toUpperCase()));
      const byOrder = new Map<string, typeof p.lines>();
      for (const l of p.lines) {
        if (l.open === 0 || l.shipPreference !== WAIT_FOR_ALL) continue;
        const k = `${l.orderId}|${s.lines[l.index].email}`;
        byOrder.set(k, [...(byOrder.get(k) ?? []), l]);
      }
      for (const ls of byOrder.values()) {
        if (!ls.every((l) => planned.has(l.sku.toUpperCase()))) continue;
        const full = ls.every((l) => l.allocated === l.open);
        const none = ls.every((l) => l.allocated === 0);
        expect(full || none).toBe(true);
      }
    }
  });

  test('deterministic: the same shop in any row order gives the same plan, and writing the plan back changes nothing', () => {
    for (const s of shops) {
      const p = run(s);
      const shuffled = [...s.lines].reverse();
      const q = run(s, shuffled);
      expect(allocations(q)).toEqual(allocations(p));
      expect(Object.fromEntries(q.lines.map((l) => [l.index, l.why]))).toEqual(Object.fromEntries(p.lines.map((l) => [l.index, l.why])));
      expect(run(s, applied(s.lines, p)).changes).toEqual([]);
    }
  });
});
