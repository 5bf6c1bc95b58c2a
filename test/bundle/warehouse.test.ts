/**
 * The warehouse dialogs' server side, run from dist/Code.js in the emulator the way the pages call it
 * (google.script.run: plain JSON only; a Date anywhere would reach the page as null).
 * Print packing slips: one slip per order with units in Orders › Allocated, items marked shipping now /
 * shipped earlier (Shipped or Shipments rows) / still on backorder, with the shop's details; reads only.
 * Record shipment: appends the Shipments rows of one shipment in one block, text as text, Shipped on as a
 * date cell; refuses what is not open, unknown orders and SKUs, and writes nothing then.
 */
import { existsSync } from 'node:fs';
import { createEmulator, type CellValue, type Emulator } from '../../emulator';
import type { PackingSlipsResult } from '../../src/shared/packingTypes';
import type { RecordShipmentResult, ShipmentChoices, ShipmentOrderResult, ShipmentRequest } from '../../src/shared/shipmentTypes';
import { allocatedOrders, warehouseWorkbook, WAREHOUSE_TODAY } from './warehouseWorkbook';

beforeAll(() => {
  if (!existsSync('dist/Code.js')) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
});

const slipsOf = (emu: Emulator) => emu.runFromBrowser('getPackingSlips') as PackingSlipsResult;
const choicesOf = (emu: Emulator) => emu.runFromBrowser('getShipmentChoices') as ShipmentChoices;
const orderOf = (emu: Emulator, id: unknown) => emu.runFromBrowser('getShipmentOrder', id) as ShipmentOrderResult;
const record = (emu: Emulator, r: unknown) => emu.runFromBrowser('recordShipmentRows', r) as RecordShipmentResult;

/** Shipments data rows as header -> value records. */
function shipments(emu: Emulator): Array<Record<string, CellValue>> {
  const [header, ...rows] = emu.values('Shipments')!;
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

function writes(emu: Emulator): Record<string, number> {
  return Object.fromEntries(Object.entries(emu.calls()).filter(([k]) => /setValue|appendRow|insertRows|clear|deleteRow/.test(k)));
}

const SHOP = { 'Sender name': 'Brightwater Bottling Co.', 'Support phone': '(555) 010-4477', 'Reply-to': 'help@brightwater.example' };

describe('Print packing slips', () => {
  const orders = [
    ...allocatedOrders(3),
    // Not allocated: no slip.
    { 'Order ID': 'BW-30001', Customer: 'Dan Doe', Email: 'dan@example.com', SKU: 'NC-50', Qty: 1 },
    // Partly shipped: two Shipments rows of one unit each, only the first counted in Shipped so far; 1 allocated.
    { 'Order ID': 'BW-30002', Customer: 'Eve Egan', Email: 'eve@example.com', SKU: 'LB-1', Qty: 3, Shipped: 1, Status: 'Partial', Allocated: 1 },
    { 'Order ID': 'BW-30002', Customer: 'Eve Egan', Email: 'eve@example.com', SKU: 'HS-30', Qty: 1, Status: 'Shipped', Shipped: 1 },
    { 'Order ID': 'BW-30002', Customer: 'Eve Egan', Email: 'eve@example.com', SKU: 'NC-50', Qty: 2, Status: 'Cancelled' },
  ];
  const wb = () =>
    warehouseWorkbook({
      orders,
      shipments: [
        { 'Order ID': 'BW-30002', SKU: 'LB-1', Qty: 1, 'Shipped on': new Date('2026-02-20T05:00:00Z'), Carrier: 'UPS', Tracking: '1Z1' },
        { 'Order ID': 'bw-30002', SKU: 'lb-1', Qty: 1, 'Shipped on': new Date('2026-02-27T05:00:00Z'), Carrier: 'UPS', Tracking: '1Z2' },
      ],
      settings: SHOP,
    });

  test('the menu item opens the print dialog holding the built page', () => {
    const emu = createEmulator({ workbook: wb() });
    emu.open();
    emu.clickMenu('Print packing slips…');
    const shown = emu.ui.dialogs[emu.ui.dialogs.length - 1];
    expect(shown.title).toBe('Print packing slips');
    expect(shown.html).toContain('Print…');
  });

  test('one slip per order with units allocated, each item marked, with the shop’s details; plain JSON, and nothing written', () => {
    const emu = createEmulator({ workbook: wb() });
    emu.resetCalls();
    const r = slipsOf(emu);
    expect(r).not.toBeNull(); // a Date anywhere would have turned the whole result into null
    expect(writes(emu)).toEqual({});
    expect(r.message).toBe('');
    expect(r.slips.map((s) => [s.orderId, s.customer])).toEqual([
      ['BW-20001', 'Customer 1'],
      ['BW-20002', 'Customer 2'],
      ['BW-20003', 'Customer 3'],
      ['BW-30002', 'Eve Egan'],
    ]);
    expect(r.slips[0].items).toEqual([
      { product: 'Hand Soap 30 ml', sku: 'HS-30', units: 2, mark: 'shipping now' },
      { product: 'Night Cream 50 ml', sku: 'NC-50', units: 1, mark: 'still on backorder' },
    ]);
    expect(r.slips[0].note).toContain('still on backorder will follow');
    expect(r.slips[3].items).toEqual([
      { product: 'Lip Balm', sku: 'LB-1', units: 1, mark: 'shipping now' },
      { product: 'Lip Balm', sku: 'LB-1', units: 2, mark: 'shipped earlier' },
      { product: 'Hand Soap 30 ml', sku: 'HS-30', units: 1, mark: 'shipped earlier' },
    ]);
    expect(r.slips[3].note).toBe('');
    for (const s of r.slips) expect(s.shop).toEqual({ name: 'Brightwater Bottling Co.', phone: '(555) 010-4477', email: 'help@brightwater.example' });
  });

  test('Spreadsheet calls do not grow with the number of orders', () => {
    const count = (n: number) => {
      const emu = createEmulator({ workbook: warehouseWorkbook({ orders: allocatedOrders(n) }) });
      emu.resetCalls();
      expect(slipsOf(emu).slips).toHaveLength(n);
      return emu.callCount('Spreadsheet') + emu.callCount('Sheet') + emu.callCount('Range');
    };
    expect(count(200)).toBe(count(2));
  });

  test('at most 500 slips at once, the first in pick-list order, and the dialog says how many wait', () => {
    const emu = createEmulator({ workbook: warehouseWorkbook({ orders: allocatedOrders(503) }) });
    const r = slipsOf(emu);
    expect(r.slips).toHaveLength(500);
    expect([r.slips[0].orderId, r.slips[499].orderId]).toEqual(['BW-20001', 'BW-20500']);
    expect(r.message).toBe('The first 500 of 503 orders, in pick-list order: the others are shown once these have shipped.');
  });

  test('no units allocated, or no Allocated column yet: no slips, and a sentence that says why', () => {
    const none = createEmulator({ workbook: warehouseWorkbook({ orders: [{ 'Order ID': 'BW-1', SKU: 'HS-30' }] }) });
    expect(slipsOf(none)).toEqual({ slips: [], message: 'No order has units allocated right now, so there is nothing to pack.' });
    const old = warehouseWorkbook({ orders: [{ 'Order ID': 'BW-1', SKU: 'HS-30', Allocated: 1 }] });
    const o = old.sheets.find((s) => s.name === 'Orders')!;
    const col = o.values[0].indexOf('Allocated');
    o.values = o.values.map((r) => r.filter((_v, i) => i !== col));
    expect(slipsOf(createEmulator({ workbook: old })).message).toBe('Orders has no Allocated column yet: run Backorder Desk › Set up sheet.');
  });
});

describe('Record shipment', () => {
  const base = () =>
    warehouseWorkbook({
      orders: [
        ...allocatedOrders(2),
        { 'Order ID': '10231', Customer: 'Fay Fox', Email: 'fay@example.com', SKU: 'LB-1', Qty: 2, Status: 'Open' },
        { 'Order ID': 'BW-30003', Customer: 'Gus Gray', Email: 'gus@example.com', SKU: 'NC-50', Qty: 1, Status: 'Cancelled' },
      ],
    });
  const request = (over: Partial<ShipmentRequest> = {}): ShipmentRequest => ({
    orderId: 'BW-20001',
    lines: [
      { sku: 'HS-30', units: 2 },
      { sku: 'NC-50', units: 0 },
    ],
    carrier: 'UPS',
    tracking: '1Z999AA10123456784',
    ...over,
  });

  test('the menu item opens the dialog at its size', () => {
    const emu = createEmulator({ workbook: base() });
    emu.open();
    emu.clickMenu('Record shipment…');
    const shown = emu.ui.dialogs[emu.ui.dialogs.length - 1];
    expect([shown.title, shown.width, shown.height, shown.modal]).toEqual(['Record shipment', 560, 600, true]);
  });

  test('the orders with units allocated, the carriers, and an order’s items with units to ship and allocated', () => {
    const emu = createEmulator({ workbook: base() });
    expect(choicesOf(emu)).toEqual({
      orders: [
        { orderId: 'BW-20001', customer: 'Customer 1', units: 2 },
        { orderId: 'BW-20002', customer: 'Customer 2', units: 2 },
      ],
      carriers: ['USPS', 'UPS', 'FedEx', 'DHL'],
      message: '',
    });
    expect(orderOf(emu, ' bw-20001 ')).toEqual({
      ok: true,
      orderId: 'BW-20001',
      customer: 'Customer 1',
      items: [
        { sku: 'HS-30', product: 'Hand Soap 30 ml', open: 2, allocated: 2 },
        { sku: 'NC-50', product: 'Night Cream 50 ml', open: 1, allocated: 0 },
      ],
      message: '',
    });
    // Any order can be typed; an Order ID the sheet holds as a number is found as typed.
    expect(orderOf(emu, '10231')).toMatchObject({ ok: true, orderId: '10231', items: [{ sku: 'LB-1', open: 2, allocated: 0 }] });
    expect(orderOf(emu, 'BW-30003')).toMatchObject({ ok: true, items: [], message: 'Every item of order BW-30003 has shipped or is cancelled.' });
    expect(orderOf(emu, 'NOPE-1')).toEqual({ ok: false, message: 'Order NOPE-1 is not on the Orders tab.' });
    expect(orderOf(emu, 42)).toEqual({ ok: false, message: 'Type an Order ID.' });
  });

  test('appends the rows in one block: text as text, Qty a number, Shipped on today as a date cell; the units are then no longer open', () => {
    const emu = createEmulator({ workbook: base() });
    emu.resetCalls();
    const r = record(emu, request({ lines: [{ sku: 'HS-30', units: 2 }, { sku: 'NC-50', units: 1 }], carrier: 'Canada Post', tracking: '9400111899223197428490' }));
    expect(r).toEqual({
      ok: true,
      message: "Recorded 3 units of order BW-20001 (2 Shipments rows). Orders and the Pick list are up to date. The customer's shipment email goes with the next daily run (or the next hourly run, once today's daily run is done).",
      problems: [],
      rows: 2,
    });
    // Whole blocks only (Shipments, then Orders, the Activity log), never a row at a time.
    expect(Object.keys(writes(emu))).toEqual(['Range.setValues']);
    const rows = shipments(emu);
    expect(rows.map((s) => [s['Order ID'], s.SKU, s.Qty, s.Carrier, s.Tracking])).toEqual([
      ['BW-20001', 'HS-30', 2, 'Canada Post', '9400111899223197428490'],
      ['BW-20001', 'NC-50', 1, 'Canada Post', '9400111899223197428490'],
    ]);
    const shippedOn = rows[0]['Shipped on'] as Date;
    expect(Object.prototype.toString.call(shippedOn)).toBe('[object Date]');
    expect(shippedOn.toISOString()).toBe(`${WAREHOUSE_TODAY}T05:00:00.000Z`); // midnight in the sheet's zone
    // Orders followed at once: the order is neither offered again nor open for the same units.
    const [head, ...lines] = emu.values('Orders')!;
    const col = (h: string) => head.indexOf(h);
    expect(lines.filter((l) => l[0] === 'BW-20001').map((l) => [l[col('SKU')], l[col('Shipped')], l[col('Status')], l[col('Allocated')]])).toEqual([
      ['HS-30', 2, 'Shipped', 0],
      ['NC-50', 1, 'Shipped', ''],
    ]);
    expect(choicesOf(emu).orders.map((o) => o.orderId)).toEqual(['BW-20002']);
    expect(orderOf(emu, 'BW-20001')).toMatchObject({ ok: true, items: [] });
    expect(record(emu, request())).toMatchObject({ ok: false, problems: ['HS-30: nothing left to ship on order BW-20001.'] });
    expect(shipments(emu)).toHaveLength(2);
  });

  test('a carrier or tracking that looks like a formula, a number or a date is written as text', () => {
    const emu = createEmulator({ workbook: base() });
    expect(record(emu, request({ orderId: '10231', lines: [{ sku: 'LB-1', units: 1 }], carrier: '=1+1', tracking: '3/14' })).ok).toBe(true);
    expect(record(emu, request({ orderId: '10231', lines: [{ sku: 'LB-1', units: 1 }], carrier: '+15', tracking: '00123' })).ok).toBe(true);
    expect(shipments(emu).map((s) => [s['Order ID'], s.Carrier, s.Tracking])).toEqual([
      ['10231', '=1+1', '3/14'],
      ['10231', '+15', '00123'],
    ]);
  });

  test('what cannot be recorded is refused with every reason, and nothing is written', () => {
    const emu = createEmulator({ workbook: base() });
    emu.resetCalls();
    const r = record(emu, request({ lines: [{ sku: 'HS-30', units: 3 }, { sku: 'XX-1', units: 1 }], carrier: '' }));
    expect(r).toEqual({
      ok: false,
      message: 'Nothing was recorded. Please fix:',
      problems: ['Choose a carrier (or type one under Other).', 'HS-30: 3 is more than the 2 still to ship.', 'XX-1: not an item of order BW-20001.'],
      rows: 0,
    });
    expect(record(emu, request({ orderId: 'NOPE-1' })).problems).toEqual(['Order NOPE-1 is not on the Orders tab.']);
    expect(record(emu, 'not a request').ok).toBe(false);
    expect(writes(emu)).toEqual({});
    expect(shipments(emu)).toEqual([]);
  });

  test('while another run holds the sheet, nothing is recorded and the person is told to try again', () => {
    const emu = createEmulator({ workbook: base() });
    const release = emu.holdDocumentLock();
    expect(record(emu, request())).toMatchObject({ ok: false, message: 'Another run is updating the sheet; nothing was recorded. Try again in a minute.' });
    release();
    expect(shipments(emu)).toEqual([]);
    expect(record(emu, request()).ok).toBe(true);
    expect(shipments(emu)).toHaveLength(1);
  });

  test('a sheet without the Shipments tab is told to run set-up', () => {
    const wb = base();
    wb.sheets = wb.sheets.filter((s) => s.name !== 'Shipments');
    const emu = createEmulator({ workbook: wb });
    expect(record(emu, request())).toMatchObject({ ok: false, message: 'The Orders and Shipments tabs need their headers: run Backorder Desk › Set up sheet first.' });
    expect(choicesOf(emu).message).toBe('The Orders and Shipments tabs need their headers: run Backorder Desk › Set up sheet first.');
  });
});

describe('as an Editor add-on', () => {
  test('both menu items are under Extensions, and the dialogs work the same', () => {
    const emu = createEmulator({ workbook: warehouseWorkbook({ orders: allocatedOrders(2) }), mode: 'addon', addOnName: 'Backorder Desk' });
    emu.install();
    emu.clickMenu('Print packing slips…', 'Backorder Desk');
    emu.clickMenu('Record shipment…', 'Backorder Desk');
    expect(emu.ui.dialogs.map((d) => d.title)).toEqual(['Print packing slips', 'Record shipment']);
    expect(slipsOf(emu).slips).toHaveLength(2);
    expect(record(emu, { orderId: 'BW-20002', lines: [{ sku: 'HS-30', units: 2 }], carrier: 'DHL', tracking: 'JD0146' }).ok).toBe(true);
    expect(shipments(emu).map((s) => [s['Order ID'], s.SKU, s.Qty, s.Carrier, s.Tracking])).toEqual([['BW-20002', 'HS-30', 2, 'DHL', 'JD0146']]);
    expect(slipsOf(emu).slips.map((s) => s.orderId)).toEqual(['BW-20001']);
  });
});

describe('with the allocation engine', () => {
  test('after returning stock is set aside, the slips and the shipment dialog list exactly the Pick list’s orders, in its order', () => {
    const orders: Array<Record<string, CellValue>> = [
      { 'Order ID': 'BW-1', Customer: 'Ann', Email: 'ann@example.com', SKU: 'NC-50', Qty: 1, 'Backordered since': new Date('2026-02-20T05:00:00Z') },
      { 'Order ID': 'BW-2', Customer: 'Ben', Email: 'ben@example.com', SKU: 'NC-50', Qty: 1, Priority: 'High', 'Backordered since': new Date('2026-02-25T05:00:00Z') },
      { 'Order ID': 'BW-3', Customer: 'Cat', Email: 'cat@example.com', SKU: 'NC-50', Qty: 1, 'Backordered since': new Date('2026-02-10T05:00:00Z') },
    ];
    const wb = warehouseWorkbook({ orders, inventory: [{ SKU: 'NC-50', Product: 'Night Cream 50 ml', Available: -1 }] }); // 3 owed, 2 on hand
    wb.sheets.push({ name: 'Pick list', values: [['Order ID', 'Customer', 'SKU', 'Product', 'Units to pick', 'Ship preference', 'Allocated at', 'Why']] });
    const emu = createEmulator({ workbook: wb });
    emu.open();
    emu.clickMenu('Allocate returning stock now');
    const picked = emu.values('Pick list')!.slice(1).map((r) => String(r[0]));
    expect(picked).toEqual(['BW-2', 'BW-3']);
    expect(slipsOf(emu).slips.map((s) => s.orderId)).toEqual(picked);
    expect(choicesOf(emu).orders.map((o) => o.orderId)).toEqual(['BW-2', 'BW-3']);
  });

  test('a recorded shipment is applied at once: Orders follow, the Pick list drops it, the Activity log names the person; the email waits for the run that sends mail', () => {
    const orders: Array<Record<string, CellValue>> = [
      { 'Order ID': 'BW-1', Customer: 'Ann', Email: 'ann@example.com', SKU: 'NC-50', Qty: 1, 'Backordered since': new Date('2026-02-20T05:00:00Z') },
      { 'Order ID': 'BW-2', Customer: 'Ben', Email: 'ben@example.com', SKU: 'NC-50', Qty: 2, Priority: 'High', 'Backordered since': new Date('2026-02-25T05:00:00Z') },
      { 'Order ID': 'BW-3', Customer: 'Cat', Email: 'cat@example.com', SKU: 'NC-50', Qty: 1, 'Backordered since': new Date('2026-02-10T05:00:00Z') },
    ];
    const wb = warehouseWorkbook({ orders, inventory: [{ SKU: 'NC-50', Product: 'Night Cream 50 ml', Available: -1 }] }); // 4 owed, 3 on hand
    wb.sheets.push({ name: 'Pick list', values: [['Order ID', 'Customer', 'SKU', 'Product', 'Units to pick', 'Ship preference', 'Allocated at', 'Why']] });
    const emu = createEmulator({ workbook: wb, activeUserEmail: 'wes@example.com' });
    emu.open();
    emu.clickMenu('Allocate returning stock now');
    const pickList = () => emu.values('Pick list')!.slice(1).filter((r) => r[0] !== '').map((r) => [r[0], r[4]]);
    expect(pickList()).toEqual([
      ['BW-2', 2],
      ['BW-3', 1],
    ]);
    const r = record(emu, { orderId: 'BW-2', lines: [{ sku: 'NC-50', units: 2 }], carrier: 'UPS', tracking: '1Z999AA10123456784' });
    expect(r).toEqual({
      ok: true,
      message: "Recorded 2 units of order BW-2 (1 Shipments row). Orders and the Pick list are up to date. The customer's shipment email goes with the next daily run (or the next hourly run, once today's daily run is done).",
      problems: [],
      rows: 1,
    });
    const line = (id: string) => emu.values('Orders')!.find((row) => row[0] === id)!;
    const [head] = emu.values('Orders')!;
    const cells = (id: string) => ['Shipped', 'Status', 'Allocated'].map((h) => line(id)[head.indexOf(h)]);
    expect(cells('BW-2')).toEqual([2, 'Shipped', 0]);
    expect(cells('BW-3')).toEqual([0, 'BackOrder', 1]);
    expect(pickList()).toEqual([['BW-3', 1]]);
    expect(slipsOf(emu).slips.map((s) => s.orderId)).toEqual(['BW-3']);
    const activity = emu.values('Activity log')!;
    const who = activity[0].indexOf('Who');
    const what = activity[0].indexOf('What');
    expect(activity.slice(1).filter((row) => row[what] === 'Shipped').map((row) => [row[who], row[activity[0].indexOf('Order ID')], row[activity[0].indexOf('Detail')]])).toEqual([['wes@example.com', 'BW-2', 'Recorded with Record shipment…']]);
    expect(emu.outbox).toEqual([]);
    // The next hourly run finds nothing left to do for Orders.
    const before = activity.length;
    emu.clock.advance(3_600_000);
    expect(emu.values('Activity log')!.slice(before).filter((row) => row[what] === 'Shipped')).toEqual([]);
    expect(cells('BW-2')).toEqual([2, 'Shipped', 0]);
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });

  test('a line switched to another item packs the item it was switched to', () => {
    const wb = warehouseWorkbook({
      orders: [{ 'Order ID': 'BW-9', Customer: 'Dee', Email: 'dee@example.com', SKU: 'NC-50', 'Switched to': 'LB-1', Qty: 2, Allocated: 2 }],
    });
    const emu = createEmulator({ workbook: wb });
    expect(slipsOf(emu).slips[0].items).toEqual([{ product: 'Lip Balm', sku: 'LB-1', units: 2, mark: 'shipping now' }]);
  });
});
