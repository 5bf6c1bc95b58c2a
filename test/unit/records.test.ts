import { INVENTORY_HEADERS, ORDERS_HEADERS } from '../../src/sheet/schema';
import { readInventory, readOrderLines } from '../../src/sheet/records';
import { Cell, Table } from '../../src/sheet/table';

const toLocal = (d: Date) => d.toISOString().slice(0, 10);

function table(headers: readonly string[], rows: Record<string, Cell>[], order = headers): Table {
  const data = rows.map((r) => order.map((h) => (h in r ? r[h] : '')));
  return new Table(null, [...order], data, headers);
}

describe('readInventory', () => {
  test('columns are found by header text in any order, with extra user columns', () => {
    const order = ['Supplier', ...[...INVENTORY_HEADERS].reverse()];
    const t = table(INVENTORY_HEADERS, [{ SKU: 'OIL-1', Product: 'Olive oil 500 ml', Available: -3, 'Low at': '', Supplier: 'X' }], order);
    const inv = readInventory(t, toLocal, 10);
    expect(inv.items[0]).toMatchObject({ sku: 'OIL-1', available: -3, status: 'Out of stock' });
    expect(inv.bySku.get('oil-1'.toUpperCase())?.product).toBe('Olive oil 500 ml');
  });

  test('statuses follow Available and Low at (blank: the default)', () => {
    const t = table(INVENTORY_HEADERS, [
      { SKU: 'A', Available: 11 },
      { SKU: 'B', Available: 10 },
      { SKU: 'C', Available: 1, 'Low at': 0 },
      { SKU: 'D', Available: 0 },
    ]);
    expect(readInventory(t, toLocal, 10).items.map((i) => i.status)).toEqual(['In stock', 'Low', 'In stock', 'Out of stock']);
  });

  test('unreadable values are problems, not exceptions; duplicates are reported', () => {
    const t = table(INVENTORY_HEADERS, [
      { SKU: 'A', Available: 'lots', 'Expected restock': 'soonish' },
      { SKU: 'a', Available: 2 },
    ]);
    const inv = readInventory(t, toLocal, 10);
    expect(inv.items[0].available).toBeNull();
    expect(inv.items[0].status).toBeNull();
    expect(inv.problems.join('\n')).toMatch(/Available "lots"/);
    expect(inv.problems.join('\n')).toMatch(/soonish/);
    expect(inv.problems.join('\n')).toMatch(/more than once/);
  });
});

describe('readOrderLines', () => {
  const base = { 'Order ID': 'BW-1', Customer: 'Ann Lee', Email: ' Ann@Example.com ', Segment: 'dml', SKU: 'A', 'Order date': '2026-02-01' };

  test('open quantity counts only on backorder statuses, read case-insensitively', () => {
    const t = table(ORDERS_HEADERS, [
      { ...base, Qty: 3, Shipped: 1, Status: 'partial' },
      { ...base, Qty: 3, Shipped: '', Status: 'BACKORDER' },
      { ...base, Qty: 3, Shipped: 0, Status: 'Shipped' },
      { ...base, Qty: 2, Shipped: 0, Status: 'invhold' },
    ]);
    const { lines } = readOrderLines(t, toLocal);
    expect(lines.map((l) => l.openQty)).toEqual([2, 3, 0, 2]);
    expect(lines[0]).toMatchObject({ email: 'ann@example.com', emailValid: true, segment: 'DML', status: 'Partial', since: '2026-02-01' });
  });

  test('bad rows carry their reasons', () => {
    const t = table(ORDERS_HEADERS, [
      { ...base, Email: 'jo.smith@@example', Qty: 1, Status: 'BackOrder' },
      { ...base, Qty: 'two', Status: 'BackOrder' },
      { ...base, Qty: 1, Status: 'BackOrder', 'Backordered since': 'soonish' },
      { ...base, Qty: 1, Status: 'Lost' },
    ]);
    const { lines } = readOrderLines(t, toLocal);
    expect(lines[0].problems.join()).toMatch(/not a valid address/);
    expect(lines[1].problems.join()).toMatch(/Qty "two"/);
    expect(lines[2].problems.join()).toMatch(/soonish/);
    expect(lines[2].since).toBeNull();
    expect(lines[3].problems.join()).toMatch(/Status "Lost"/);
  });

  test('Notices sent keeps the numbers, including skipped ones', () => {
    const t = table(ORDERS_HEADERS, [{ ...base, Qty: 1, Status: 'BackOrder', 'Notices sent': '3, 10 (skipped), 17' }]);
    expect(readOrderLines(t, toLocal).lines[0].noticesSent).toEqual([3, 10, 17]);
  });
});
