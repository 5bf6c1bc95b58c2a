import { waitingBySku } from '../../src/core/stock';

describe('waitingBySku', () => {
  it('counts customers by email (any spelling), a line without one by its order, and only open units', () => {
    const w = waitingBySku([
      { sku: 'ab-1', email: 'Ann@X.com ', orderId: 'O1', openQty: 2 },
      { sku: 'AB-1', email: 'ann@x.com', orderId: 'O2', openQty: 1 },
      { sku: 'AB-1', email: '', orderId: 'O3', openQty: 4 },
      { sku: 'AB-1', email: 'bo@x.com', orderId: 'O4', openQty: 0 },
      { sku: 'CD-2', email: 'bo@x.com', orderId: 'O4', openQty: 3 },
      { sku: ' ', email: 'cy@x.com', orderId: 'O5', openQty: 3 },
    ]);
    expect(w).toEqual(
      new Map([
        ['AB-1', { customers: 2, orders: 3, units: 7 }],
        ['CD-2', { customers: 1, orders: 1, units: 3 }],
      ]),
    );
  });

  it('counts the customers with units set aside and the units (never more than a line still owes)', () => {
    const w = waitingBySku([
      { sku: 'AB-1', email: 'ann@x.com', orderId: 'O1', openQty: 2, allocated: 2 },
      { sku: 'AB-1', email: 'ann@x.com', orderId: 'O2', openQty: 1, allocated: 5 },
      { sku: 'AB-1', email: 'bo@x.com', orderId: 'O3', openQty: 4, allocated: 1 },
      { sku: 'AB-1', email: 'cy@x.com', orderId: 'O4', openQty: 3, allocated: 0 },
    ]);
    expect(w.get('AB-1')).toEqual({ customers: 3, orders: 4, units: 10, setAsideCustomers: 2, setAsideUnits: 4 });
  });
});
