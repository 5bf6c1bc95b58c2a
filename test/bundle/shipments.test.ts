/**
 * Shipments, run from dist/Code.js inside the emulator: Orders follow the Shipments tab (typed, pasted,
 * corrected, deleted), customers get one shipment email per order and day with tracking, the backorder
 * cadence stops when an order completed, and the daily quota goes to the most important mail first.
 */
import { createEmulator, type CellValue, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import { HEADERS, TAB } from '../../src/sheet/schema';
import { rowsOf } from './expectedNotices';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 8:30 in New York (the demo's zone), before the daily run hour (9). */
const MORNING = '2026-03-02T13:30:00Z';
const local = (iso: string) => new Date(`${iso}T05:00:00Z`); // local midnight in New York (winter)

const demo = generateWorkbook({ sendMode: 'Live' });
const SKUS = rowsOf(demo, TAB.inventory)
  .filter((r) => r['Expected restock'] !== '')
  .slice(0, 12)
  .map((r) => String(r.SKU));
const [A, B, C] = SKUS;

type Line = Record<string, CellValue>;

/**
 * The demo's Settings, Templates and Inventory with these Orders (every whole-life column) and Shipments rows.
 * The test SKUs have nothing on hand (Available = minus what these lines owe), so the allocation sets nothing
 * aside unless `onHand` says how many units of a SKU are on the shelf.
 */
function workbook(lines: Line[], shipments: CellValue[][] = [], onHand: Record<string, number> = {}): WorkbookData {
  const wb: WorkbookData = JSON.parse(JSON.stringify(demo), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v));
  const head = [...HEADERS[TAB.orders]];
  const base: Line = { 'Order date': local('2026-02-27'), Segment: 'DML', Shipped: 0, Status: 'BackOrder', 'Backordered since': local('2026-03-01') };
  const full = lines.map((l) => ({ ...base, ...l }));
  wb.sheets.find((s) => s.name === TAB.orders)!.values = [head, ...full.map((l) => head.map((h) => l[h] ?? ''))];
  wb.sheets.find((s) => s.name === TAB.shipments)!.values = [[...HEADERS[TAB.shipments]], ...shipments];
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!.values;
  const [skuCol, availableCol, statusCol] = ['SKU', 'Available', 'Status'].map((h) => inv[0].indexOf(h));
  for (const row of inv.slice(1)) {
    const sku = String(row[skuCol]);
    if (!SKUS.includes(sku)) continue;
    const owed = full.filter((l) => l.SKU === sku && /backorder|partial|invhold/i.test(String(l.Status))).reduce((n, l) => n + Number(l.Qty) - Number(l.Shipped || 0), 0);
    row[availableCol] = (onHand[sku] ?? 0) - owed;
    row[statusCol] = Number(row[availableCol]) > 0 ? 'Low' : 'Out of stock';
  }
  return wb;
}

/** Emails to customers (not the team's stock alerts). */
const customerMails = (emu: Emulator) => emu.outbox.filter((m) => m.to !== 'care@example.com');
/** Sets a SKU's Available as a person types it (fires the edit trigger: stock pass and allocation). */
function receive(emu: Emulator, sku: string, available: number): void {
  const inv = emu.values(TAB.inventory)!;
  const row = inv.findIndex((r) => r[inv[0].indexOf('SKU')] === sku);
  emu.user.setValue(TAB.inventory, `${String.fromCharCode(65 + inv[0].indexOf('Available'))}${row + 1}`, available);
}

const ann = (o: Line): Line => ({ 'Order ID': 'BW-50000', Customer: 'Ann Lee', Email: 'ann@example.com', ...o });
const orders = (emu: Emulator) => rowsOf(emu.workbook(), TAB.orders);
const line = (emu: Emulator, id: string, sku: string) => orders(emu).find((r) => r['Order ID'] === id && r.SKU === sku)!;
const state = (emu: Emulator, id: string, sku: string) => {
  const r = line(emu, id, sku);
  return [r.Shipped, r.Status, r.Allocated];
};
const log = (emu: Emulator) => rowsOf(emu.workbook(), TAB.noticeLog);
const shippedMails = (emu: Emulator) => emu.outbox.filter((m) => /is on its way/.test(m.subject));
/** Appends rows to Shipments as a person pastes them (one edit). */
function paste(emu: Emulator, rows: CellValue[][]): void {
  const at = emu.values(TAB.shipments)!.length + 1;
  emu.user.setValues(TAB.shipments, `A${at}:F${at + rows.length - 1}`, rows);
}

describe.each(['bound', 'addon'] as const)('a 3-line order shipped in two parcels (%s)', (mode) => {
  test('two emails with the right split and tracking; Partial then Shipped; Allocated released; no backorder notice after it completed', () => {
    const emu = createEmulator({
      // 2 of A and the B are on the shelf, set aside for this order; C is out.
      workbook: workbook([ann({ SKU: A, Qty: 3, Allocated: 2 }), ann({ SKU: B, Qty: 1, Allocated: 1 }), ann({ SKU: C, Qty: 2, Allocated: 0 })], [], { [A]: 2, [B]: 1 }),
      now: MORNING,
      mailQuota: 100,
      mode,
    });
    if (mode === 'addon') emu.install();
    emu.run('setUpSheet');
    emu.clock.advance(HOUR); // the day's run: no delay notice yet (day 1); no good news while C still waits
    expect(customerMails(emu).map((m) => m.subject)).toEqual([]);
    expect([A, B, C].map((s) => state(emu, 'BW-50000', s)[2])).toEqual([2, 1, 0]);

    // 10:30: the first parcel is typed in (one paste).
    paste(emu, [
      ['BW-50000', A, 2, '3/2/2026', 'UPS', '1Z999AA10123456784'],
      ['BW-50000', B, 1, '3/2/2026', 'UPS', '1Z999AA10123456784'],
    ]);
    expect(state(emu, 'BW-50000', A)).toEqual([2, 'Partial', 0]);
    expect(state(emu, 'BW-50000', B)).toEqual([1, 'Shipped', 0]);
    expect(state(emu, 'BW-50000', C)).toEqual([0, 'BackOrder', 0]);
    expect(shippedMails(emu)).toEqual([]); // the email goes with the next hourly run
    emu.clock.advance(HOUR);
    const [first] = shippedMails(emu);
    expect(shippedMails(emu)).toHaveLength(1);
    expect(first.to).toBe('ann@example.com');
    expect(first.subject).toBe('Your order BW-50000: a parcel is on its way');
    const [parcel, rest] = first.body.split('Still to come:');
    expect(parcel).toMatch(new RegExp(`\\(2\\), sent with UPS, tracking number 1Z999AA10123456784: https://www\\.ups\\.com/track\\?tracknum=1Z999AA10123456784`));
    expect(first.htmlBody).toContain('<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784">');
    expect(rest).toMatch(/\(1 still to come\): we/);
    expect(rest).toMatch(/\(2 still to come\): \w/);
    expect(findExactDates(`${first.subject}\n${first.body}`)).toEqual([]);

    // Next day: the rest comes in and is set aside, then leaves with FedEx.
    emu.clock.advanceTo('2026-03-03T15:30:00Z');
    receive(emu, A, 0);
    receive(emu, C, 0);
    expect([A, B, C].map((s) => state(emu, 'BW-50000', s)[2])).toEqual([1, 0, 2]);
    paste(emu, [
      ['BW-50000', A, 1, '3/3/2026', 'FedEx', '123456789012'],
      ['BW-50000', C, 2, '3/3/2026', 'FedEx', '123456789012'],
    ]);
    expect([A, B, C].map((s) => state(emu, 'BW-50000', s))).toEqual([
      [3, 'Shipped', 0],
      [1, 'Shipped', 0],
      [2, 'Shipped', 0],
    ]);
    emu.clock.advance(HOUR);
    expect(shippedMails(emu)).toHaveLength(2);
    const second = shippedMails(emu)[1];
    expect(second.subject).toBe('Your order BW-50000: everything is on its way');
    expect(second.body).toContain('all items are on their way');
    // The last parcel also lists what left before it, as the earlier ones did.
    expect(second.body).toMatch(/Already sent earlier:\n- [^\n]+ \(2\)\n- [^\n]+ \(1\)/);
    expect(second.body).toContain('https://www.fedex.com/fedextrack/?trknbr=123456789012');
    expect(second.body).not.toContain('still to come');
    // The day-3 notice would have come on Mar 4: none comes, for a month.
    const before = emu.outbox.length;
    emu.clock.advance(30 * DAY);
    expect(emu.outbox.slice(before).filter((m) => m.to === 'ann@example.com')).toEqual([]);
    expect(emu.outbox.filter((m) => m.to === 'ann@example.com')).toHaveLength(2); // two parcels
    expect(log(emu).filter((r) => r.Kind === 'Shipped' && r.Result === 'Sent')).toHaveLength(2);
    // Every change is in the Activity log; Available never moved.
    expect(rowsOf(emu.workbook(), TAB.activityLog).filter((r) => r.What === 'Shipped').map((r) => [r.SKU, r.Who])).toEqual([A, B, A, C].map((s) => [s, 'manager@example.com']));
    const available = (e: Emulator) => rowsOf(e.workbook(), TAB.inventory).filter((r) => [A, B, C].includes(String(r.SKU))).map((r) => Number(r.Available) + 0);
    expect(available(emu)).toEqual([0, 0, 0]); // as received: shipping never changed it
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });
});

describe('Orders follow Shipments', () => {
  const sheetOf = (emu: Emulator) => emu.spreadsheet.getSheetByName(TAB.shipments)!;

  test('a row edited from Qty 2 to 1 and another deleted: Shipped follows, never counted twice; one email only', () => {
    const emu = createEmulator({
      workbook: workbook([ann({ SKU: A, Qty: 3 }), ann({ SKU: B, Qty: 1 }), ann({ SKU: C, Qty: 1, Shipped: 1, Status: 'Shipped' })]),
      now: MORNING,
      mailQuota: 100,
    });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    // C was already marked shipped by hand; its row is the same unit.
    paste(emu, [
      ['BW-50000', A, 2, '3/2/2026', 'USPS', '9400100000000000000000'],
      ['BW-50000', B, 1, '3/2/2026', 'USPS', '9400100000000000000000'],
      ['BW-50000', C, 1, '3/2/2026', 'USPS', '9400100000000000000000'],
    ]);
    expect([A, B, C].map((s) => state(emu, 'BW-50000', s).slice(0, 2))).toEqual([
      [2, 'Partial'],
      [1, 'Shipped'],
      [1, 'Shipped'],
    ]);
    emu.clock.advance(HOUR);
    expect(shippedMails(emu)).toHaveLength(1);
    expect(shippedMails(emu)[0].body).toContain('https://tools.usps.com/go/TrackConfirmAction?tLabels=9400100000000000000000');

    emu.user.setValue(TAB.shipments, 'C2', 1); // a miscount: one unit, not two
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([1, 'Partial']);
    emu.user.setValue(TAB.shipments, 'C2', 1); // the same value again changes nothing
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([1, 'Partial']);
    // Deleting a row fires no edit trigger in Sheets: the next hourly run puts Orders right.
    sheetOf(emu).deleteRow(3);
    emu.clock.advance(HOUR);
    expect([A, B, C].map((s) => state(emu, 'BW-50000', s).slice(0, 2))).toEqual([
      [1, 'Partial'],
      [0, 'BackOrder'],
      [1, 'Shipped'],
    ]);
    emu.clock.advance(5 * HOUR);
    expect(shippedMails(emu)).toHaveLength(1);
    expect(rowsOf(emu.workbook(), TAB.activityLog).map((r) => [r.What, r.SKU, r.Before, r.After]).slice(-2)).toEqual([
      ['Shipment corrected', A, 'Shipped 2 · Partial', 'Shipped 1 · Partial'],
      ['Shipment corrected', B, 'Shipped 1 · Shipped', 'Shipped 0 · BackOrder'],
    ]);
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });

  test('conflicts are notes on their Shipments row and one Notice log row each; the other rows count', () => {
    const emu = createEmulator({ workbook: workbook([ann({ SKU: A, Qty: 1 }), ann({ SKU: B, Qty: 1 })]), now: MORNING, mailQuota: 100 });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    paste(emu, [
      ['BW-49999', A, 1, '3/2/2026', 'UPS', '1Z1'],
      ['BW-50000', 'NOPE-1', 1, '3/2/2026', 'UPS', '1Z1'],
      ['BW-50000', A, 'two', '3/2/2026', 'UPS', '1Z1'],
      ['BW-50000', A, 2, '3/2/2026', 'UPS', '1Z1'],
      ['BW-50000', B, 1, '3/2/2026', 'UPS', '1Z1'],
    ]);
    const notes = sheetOf(emu).getRange('A2:F6').getNotes();
    expect(notes[0][0]).toMatch(/^Backorder Desk: Order BW-49999 is not in Orders/);
    expect(notes[1][1]).toMatch(/no line for SKU NOPE-1/);
    expect(notes[2][2]).toMatch(/Qty is not a whole number/);
    expect(notes[3][2]).toMatch(/More shipped than ordered/);
    expect(notes[4].every((n) => n === '')).toBe(true);
    expect(state(emu, 'BW-50000', B).slice(0, 2)).toEqual([1, 'Shipped']);
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([0, 'BackOrder']);
    const problemRows = () => log(emu).filter((r) => /^Shipments row \d+:/.test(String(r.Detail)));
    expect(problemRows().map((r) => String(r.Detail).slice(0, 15))).toEqual(['Shipments row 2', 'Shipments row 3', 'Shipments row 4', 'Shipments row 5']);
    // Hourly runs do not log them again; fixing a row takes its note away and counts it.
    emu.clock.advance(3 * HOUR);
    expect(problemRows()).toHaveLength(4);
    emu.user.setValue(TAB.shipments, 'C5', 1);
    expect(sheetOf(emu).getRange('C5').getNote()).toBe('');
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([1, 'Shipped']);
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });
});

describe('typing a row cell by cell', () => {
  test('no note and no log row while a row is being typed; a row left incomplete is noted by the hourly run', () => {
    const emu = createEmulator({ workbook: workbook([ann({ SKU: A, Qty: 2 })]), now: MORNING, mailQuota: 100 });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    const notes = () => emu.spreadsheet.getSheetByName(TAB.shipments)!.getRange('A2:F3').getNotes().flat().filter((n) => n !== '');
    const problemRows = () => log(emu).filter((r) => /^Shipments row \d+:/.test(String(r.Detail)));
    for (const [cell, value] of [['A2', 'BW-50000'], ['B2', A], ['D2', '3/2/2026'], ['E2', 'UPS'], ['F2', '1Z999AA10123456784']] as const) {
      emu.user.setValue(TAB.shipments, cell, value);
      expect(notes()).toEqual([]);
    }
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([0, 'BackOrder']);
    emu.user.setValue(TAB.shipments, 'C2', 2);
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([2, 'Shipped']);
    emu.user.setValue(TAB.shipments, 'A3', 'BW-50000'); // started, then left
    expect([notes(), problemRows()]).toEqual([[], []]);
    emu.clock.advance(HOUR);
    expect(notes()).toEqual(['Backorder Desk: No SKU: this shipment is not counted.']);
    expect(problemRows()).toHaveLength(1);
  });
});

describe('many parcels at once', () => {
  test('20 rows pasted for 8 orders: 8 emails; re-running the day sends nothing new', () => {
    const lines: Line[] = [];
    const rows: CellValue[][] = [];
    for (let o = 0; o < 8; o++) {
      const id = `BW-6000${o}`;
      const n = o < 4 ? 3 : 2; // 4 × 3 + 4 × 2 = 20 rows
      for (let k = 0; k < n; k++) {
        lines.push({ 'Order ID': id, Customer: `Customer ${o}`, Email: `c${o}@example.com`, SKU: SKUS[k + o], Qty: 2 });
        rows.push([id, SKUS[k + o], k === 0 ? 2 : 1, '3/2/2026', o % 2 ? 'DHL Express' : 'UPS', `JD01460000${o}${k}1234567`]);
      }
    }
    const emu = createEmulator({ workbook: workbook(lines), now: MORNING, mailQuota: 100, mode: 'addon' });
    emu.install();
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    paste(emu, rows);
    emu.clock.advance(HOUR);
    const mails = shippedMails(emu);
    expect(mails.map((m) => m.to).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((o) => `c${o}@example.com`));
    for (const m of mails) {
      expect(m.subject).toBe(`Your order BW-6000${m.to[1]}: a parcel is on its way`);
      expect(m.body).toContain(Number(m.to[1]) % 2 ? 'https://www.dhl.com/en/express/tracking.html?AWB=' : 'https://www.ups.com/track?tracknum=');
    }
    // The rest of the day's ticks, the menu's run and the next day send nothing new.
    emu.clock.advance(6 * HOUR);
    emu.run('runDailyNotices');
    emu.clock.advance(DAY);
    expect(shippedMails(emu)).toHaveLength(8);
    expect(log(emu).filter((r) => r.Kind === 'Shipped' && r.Result === 'Sent')).toHaveLength(8);
  });
});

describe('who hears of a parcel', () => {
  test('parcels already there when the add-on starts watching, a segment outside Notify segments and an order never on backorder: no email', () => {
    const emu = createEmulator({
      workbook: workbook(
        [
          ann({ SKU: A, Qty: 3 }),
          { 'Order ID': 'BW-50001', Customer: 'Wholesale Co', Email: 'buyer@example.com', Segment: 'WHS', SKU: A, Qty: 2 },
          { 'Order ID': 'BW-50002', Customer: 'Bo', Email: 'bo@@example', SKU: A, Qty: 1 },
          { 'Order ID': 'BW-50003', Customer: 'Di', Email: 'di@example.com', SKU: A, Qty: 1, Status: 'Open', 'Backordered since': '' },
        ],
        [['BW-50000', A, 1, local('2026-03-02'), 'UPS', '1Z999AA10123456784']],
      ),
      now: MORNING,
      mailQuota: 100,
    });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    expect(state(emu, 'BW-50000', A).slice(0, 2)).toEqual([1, 'Partial']);
    expect(shippedMails(emu)).toEqual([]);
    // From now on a new parcel is news, for the customers who get automatic notices.
    emu.clock.advanceTo('2026-03-03T15:30:00Z');
    paste(emu, [
      ['BW-50000', A, 1, '3/3/2026', 'UPS', '1Z999AA10123456785'],
      ['BW-50001', A, 2, '3/3/2026', 'UPS', '1Z999AA10123456786'],
      ['BW-50002', A, 1, '3/3/2026', 'UPS', '1Z999AA10123456787'],
      ['BW-50003', A, 1, '3/3/2026', 'UPS', '1Z999AA10123456788'],
    ]);
    emu.clock.advance(3 * HOUR);
    expect(shippedMails(emu).map((m) => m.to)).toEqual(['ann@example.com']);
    expect(log(emu).filter((r) => r['Order ID'] === 'BW-50002').map((r) => [r.Kind, r.Result, r.Detail])).toEqual([['Shipped', 'Skipped', 'Not sent: "bo@@example" is not a valid email address.']]);
    // What left before is listed as shipped earlier, what is left as still to come.
    expect(shippedMails(emu)[0].body).toMatch(/In this parcel:\n- [^\n]+ \(1\), sent with UPS, tracking number 1Z999AA10123456785[^\n]*\n\nAlready sent earlier:\n- [^\n]+ \(1\)\n\nStill to come:\n- [^\n]+ \(1 still to come\)/);
    expect(state(emu, 'BW-50001', A).slice(0, 2)).toEqual([2, 'Shipped']);
    // An order that never waited gets its shipping confirmation from the shop's store, not from here.
    expect(state(emu, 'BW-50003', A).slice(0, 2)).toEqual([1, 'Shipped']);
    // The backorder cadence goes on for the unit still open: the day-3 notice lists only it.
    emu.clock.advanceTo('2026-03-04T15:30:00Z');
    const notice = emu.outbox.filter((m) => m.to === 'ann@example.com' && !/is on its way/.test(m.subject));
    expect(notice).toHaveLength(1);
    expect(notice[0].body).toMatch(/\(1 still to come\)/);
    expect(notice[0].body).not.toMatch(/\([23] still to come\)/);
  });
});

describe('a refused email', () => {
  test('is one Failed row and is tried again the next day, not every hour', () => {
    const emu = createEmulator({ workbook: workbook([ann({ SKU: A, Qty: 1 })]), now: MORNING, mailQuota: 100 });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    paste(emu, [['BW-50000', A, 1, '3/2/2026', 'UPS', '1Z999AA10123456784']]);
    emu.failNextMails(1, 'Mail service unavailable');
    emu.clock.advance(5 * HOUR);
    expect(shippedMails(emu)).toEqual([]);
    expect(log(emu).filter((r) => r.Kind === 'Shipped').map((r) => r.Result)).toEqual(['Failed']);
    emu.clock.advanceTo('2026-03-03T15:30:00Z');
    expect(shippedMails(emu).map((m) => m.to)).toEqual(['ann@example.com']);
    expect(log(emu).filter((r) => r.Kind === 'Shipped').map((r) => r.Result)).toEqual(['Failed', 'Sent']);
  });
});

describe('Test mode', () => {
  test('shipment emails go to the Test recipient, once a day, and nothing is marked as told', () => {
    const wb = workbook([ann({ SKU: A, Qty: 1 })], [['BW-50000', A, 1, local('2026-03-02'), 'UPS', '1Z999AA10123456784']]);
    const settings = wb.sheets.find((x) => x.name === TAB.settings)!.values;
    settings.find((r) => r[0] === 'Send mode')![1] = 'Test';
    settings.find((r) => r[0] === 'Test recipient')![1] = 'tester@example.com';
    const watching = { 'BD_SHIPMENT_MAILS.n': '1', 'BD_SHIPMENT_MAILS.0': JSON.stringify(['since:2026-03-01']) };
    const emu = createEmulator({ workbook: wb, now: '2026-03-02T14:30:00Z', mailQuota: 100, documentProperties: watching });
    emu.run('runDailyNotices');
    emu.run('runDailyNotices');
    expect(customerMails(emu).map((m) => [m.to, m.subject])).toEqual([['tester@example.com', '[TEST] Your order BW-50000: everything is on its way']]);
    expect(JSON.parse(emu.documentProperties()['BD_SHIPMENT_MAILS.0'])).toEqual(['since:2026-03-01']);
  });
});

describe('never twice, never lost', () => {
  test.each([1, 3, 6])('a run killed by the 6-minute limit while sending shipment email %i: the next run sends exactly the others', (k) => {
    const lines: Line[] = [];
    const rows: CellValue[][] = [];
    for (let o = 0; o < 6; o++) {
      lines.push({ 'Order ID': `BW-8000${o}`, Customer: 'Cal', Email: `c${o}@example.com`, SKU: A, Qty: 1 });
      rows.push([`BW-8000${o}`, A, 1, local('2026-03-02'), 'UPS', `1Z99900000000000${o}`]);
    }
    const watching = { 'BD_SHIPMENT_MAILS.n': '1', 'BD_SHIPMENT_MAILS.0': JSON.stringify(['since:2026-03-01']) };
    const emu = createEmulator({
      workbook: workbook(lines, rows),
      now: '2026-03-02T14:30:00Z',
      mailQuota: 100,
      callCostMs: { 'MailApp.sendEmail': Math.floor(360_000 / (k - 0.5)) },
      documentProperties: { ...watching, BD_TIME_BUDGET_MS: '600000' },
    });
    expect(() => emu.run('runDailyNotices')).toThrow('Exceeded maximum execution time');
    const before = shippedMails(emu).map((m) => m.to);
    expect(before).toHaveLength(k - 1);
    const props = { ...emu.documentProperties() };
    delete props.BD_TIME_BUDGET_MS;
    const next = createEmulator({ workbook: emu.workbook(), now: emu.clock.now(), mailQuota: emu.mailQuotaRemaining(), documentProperties: props });
    next.run('runDailyNotices');
    const after = shippedMails(next).map((m) => m.to);
    expect([...before, ...after].sort()).toEqual([0, 1, 2, 3, 4, 5].map((o) => `c${o}@example.com`));
    // Each email is in the Notice log once (the killed run's from the send journal).
    expect(log(next).filter((r) => r.Kind === 'Shipped' && r.Result === 'Sent').map((r) => r.Email).sort()).toEqual([...before, ...after].sort());
  });
});

describe('speed', () => {
  test('an edit of Shipments makes the same Spreadsheet calls for 300 or 3,000 order lines', () => {
    const count = (lines: number) => {
      const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live', orderLines: lines }), now: MORNING, mailQuota: 100 });
      emu.run('setUpSheet');
      const rows = emu.values(TAB.shipments)!.length;
      const { 'Order ID': id, SKU: sku } = orders(emu).find((r) => r.Status === 'BackOrder' && r.Shipped === 0 && typeof r.Qty === 'number' && r.Qty > 0 && /^BW-\d+$/.test(String(r['Order ID'])) && /^[A-Z0-9-]+$/.test(String(r.SKU)))!;
      emu.resetCalls();
      emu.user.setValues(TAB.shipments, `A${rows + 1}:F${rows + 1}`, [[String(id), String(sku), 1, '3/2/2026', 'UPS', '1Z999AA10123456784']]);
      expect(line(emu, String(id), String(sku)).Shipped).toBeGreaterThan(0);
      return Object.fromEntries(Object.entries(emu.calls()).filter(([k]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(k)));
    };
    const small = count(300);
    expect(count(3000)).toEqual(small);
  });
});

describe('quota priority', () => {
  /**
   * 12 mails due at the daily run: 3 first delay notices (day 3), 4 shipment emails, 5 later reminders (day 10,
   * day 3 sent). The add-on has been watching Shipments since yesterday.
   */
  function twelve(options: EmulatorOptions): Emulator {
    const lines: Line[] = [];
    const shipments: CellValue[][] = [];
    for (let i = 0; i < 3; i++) lines.push({ 'Order ID': `BW-7100${i}`, Customer: 'First', Email: `first${i}@example.com`, SKU: A, Qty: 1, 'Backordered since': local('2026-02-27') });
    for (let i = 0; i < 4; i++) {
      lines.push({ 'Order ID': `BW-7200${i}`, Customer: 'Parcel', Email: `parcel${i}@example.com`, SKU: B, Qty: 1 });
      shipments.push([`BW-7200${i}`, B, 1, local('2026-03-02'), 'UPS', `1Z99900000000000${i}`]);
    }
    for (let i = 0; i < 5; i++) lines.push({ 'Order ID': `BW-7300${i}`, Customer: 'Later', Email: `later${i}@example.com`, SKU: C, Qty: 1, 'Backordered since': local('2026-02-20'), 'Notices sent': '3' });
    return createEmulator({
      workbook: workbook(lines, shipments),
      now: '2026-03-02T14:30:00Z',
      documentProperties: { 'BD_SHIPMENT_MAILS.n': '1', 'BD_SHIPMENT_MAILS.0': JSON.stringify(['since:2026-03-01']) },
      ...options,
    });
  }
  const who = (emu: Emulator, from = 0) => customerMails(emu).slice(from).map((m) => m.to.replace(/\d@.*/, ''));

  test('quota 5 with 12 mails due: the 5 most important go first, the rest wait and go first next time', () => {
    const emu = twelve({ mailQuota: 5 });
    emu.run('runDailyNotices');
    expect(who(emu)).toEqual(['first', 'first', 'first', 'parcel', 'parcel']);
    const waited = log(emu).filter((r) => r.Result === 'Skipped' && /^waited:/.test(String(r.Detail)));
    expect(waited.map((r) => [r.Kind, String(r.Detail).slice(0, 50)])).toEqual([
      ['Shipped', 'waited: the daily quota was used up; it goes out o'],
      ['Shipped', 'waited: the daily quota was used up; it goes out o'],
      ...Array(5).fill(['Day 10', 'waited: the daily quota went to higher-priority ma']),
    ]);
    // The next day (the quota is back): the waiting parcels first, then the reminders.
    emu.clock.advanceTo('2026-03-03T14:31:00Z');
    emu.run('runDailyNotices');
    expect(who(emu, 5)).toEqual(['parcel', 'parcel', 'later', 'later', 'later']);
    emu.clock.advanceTo('2026-03-04T14:32:00Z');
    emu.run('runDailyNotices');
    expect(who(emu, 10)).toEqual(['later', 'later']);
    expect(new Set(customerMails(emu).map((m) => m.to)).size).toBe(12);
  });

  test('with quota for all 12 nothing waits, and the order is the same', () => {
    const emu = twelve({ mailQuota: 100 });
    emu.run('runDailyNotices');
    expect(who(emu)).toEqual([...Array(3).fill('first'), ...Array(4).fill('parcel'), ...Array(5).fill('later')]);
    expect(log(emu).filter((r) => /^waited:/.test(String(r.Detail)))).toEqual([]);
  });
});

describe('a line cancelled after part of it shipped', () => {
  test('the consent deadline cancels the rest: the parcel that left before still counts, silently; a row for units it never shipped is noted', () => {
    const parcel = ['BW-50010', A, 4, local('2026-02-10'), 'UPS', '1Z999AA10123456790'];
    const emu = createEmulator({
      workbook: workbook(
        [
          // 4 of 5 left in February; the last one waits. 45 days since the order: past its consent deadline soon.
          { 'Order ID': 'BW-50010', Customer: 'Sofia Wu', Email: 'sofia@example.com', 'Order date': local('2026-01-16'), SKU: A, Qty: 5, Shipped: 4, Status: 'Partial', 'Backordered since': local('2026-01-20') },
          // Nothing of this one shipped.
          { 'Order ID': 'BW-50011', Customer: 'Tom Ng', Email: 'tom@example.com', 'Order date': local('2026-01-16'), SKU: B, Qty: 2, 'Backordered since': local('2026-01-20') },
        ],
        [parcel],
      ),
      now: MORNING,
      mailQuota: 100,
    });
    emu.run('setUpSheet');
    const problemRows = () => log(emu).filter((r) => /^Shipments row \d+:/.test(String(r.Detail)));
    const notes = () => emu.spreadsheet.getSheetByName(TAB.shipments)!.getDataRange().getNotes().flat().filter((n) => n !== '');
    emu.clock.advanceTo('2026-03-18T15:30:00Z'); // past the deadline (2026-03-17): both lines are cancelled
    expect(state(emu, 'BW-50010', A).slice(0, 2)).toEqual([4, 'Cancelled']);
    expect(state(emu, 'BW-50011', B).slice(0, 2)).toEqual([0, 'Cancelled']);
    emu.clock.advance(3 * HOUR);
    expect([notes(), problemRows()]).toEqual([[], []]);
    expect(state(emu, 'BW-50010', A).slice(0, 2)).toEqual([4, 'Cancelled']);

    // A parcel recorded for what was cancelled (the fifth unit, or any of the other order) is a problem.
    paste(emu, [
      ['BW-50010', A, 1, '3/18/2026', 'UPS', '1Z999AA10123456791'],
      ['BW-50011', B, 1, '3/18/2026', 'UPS', '1Z999AA10123456792'],
    ]);
    expect(notes()).toEqual([
      expect.stringMatching(/^Backorder Desk: Order BW-50010's line for \S+ is Cancelled/),
      expect.stringMatching(/^Backorder Desk: Order BW-50011's line for \S+ is Cancelled: this shipment is not counted\.$/),
    ]);
    expect(problemRows().map((r) => String(r.Detail).slice(0, 15))).toEqual(['Shipments row 3', 'Shipments row 4']);
    expect([state(emu, 'BW-50010', A).slice(0, 2), state(emu, 'BW-50011', B).slice(0, 2)]).toEqual([
      [4, 'Cancelled'],
      [0, 'Cancelled'],
    ]);
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });
});

describe('a line that never waited, in an order that did', () => {
  test('the parcel email gives it no restock guess and no delay reason (nor an exact date); the lines that wait keep theirs', () => {
    const OIL = 'OIL-CHL-500'; // in stock (60 on the shelf), never on backorder
    const open = { Status: 'Open', 'Backordered since': '' };
    const emu = createEmulator({
      workbook: workbook([
        { 'Order ID': 'BW-50020', Customer: 'Tomas Rodriguez', Email: 'tomas@example.com', SKU: OIL, Qty: 2, ...open },
        { 'Order ID': 'BW-50020', Customer: 'Tomas Rodriguez', Email: 'tomas@example.com', SKU: A, Qty: 3 },
        { 'Order ID': 'BW-50021', Customer: 'Bo Li', Email: 'bo@example.com', SKU: A, Qty: 2 },
        { 'Order ID': 'BW-50021', Customer: 'Bo Li', Email: 'bo@example.com', SKU: C, Qty: 1 },
        { 'Order ID': 'BW-50021', Customer: 'Bo Li', Email: 'bo@example.com', SKU: OIL, Qty: 1, ...open },
      ]),
      now: MORNING,
      mailQuota: 100,
    });
    emu.run('setUpSheet');
    emu.clock.advance(HOUR);
    paste(emu, [
      ['BW-50020', A, 3, '3/2/2026', 'UPS', '1Z999AA10123456801'],
      ['BW-50021', A, 2, '3/2/2026', 'UPS', '1Z999AA10123456802'],
    ]);
    emu.clock.advance(HOUR);
    const mail = (to: string) => shippedMails(emu).find((m) => m.to === to)!;
    const tomas = mail('tomas@example.com');
    const bo = mail('bo@example.com');
    expect([tomas.subject, bo.subject]).toEqual(['Your order BW-50020: a parcel is on its way', 'Your order BW-50021: a parcel is on its way']);
    for (const m of [tomas, bo]) {
      const oilLines = m.body.split('\n').filter((l) => l.includes('Chili Olive Oil'));
      expect(oilLines.filter((l) => /still to come|Reason for the delay|restock|supplier|hoping|weeks/i.test(l))).toEqual([]);
      expect(m.htmlBody).not.toMatch(/Chili Olive Oil[^<]*(Reason for the delay|restock)/);
      expect(findExactDates(`${m.subject}\n${m.body}`)).toEqual([]);
    }
    expect(tomas.body).not.toContain('Reason for the delay');
    expect(tomas.body).not.toContain('all items are on their way');
    // Nothing of Tomas's order is delayed any more: no empty "Still to come", no offer to cancel what is not late;
    // the oil is named as following in a parcel of its own.
    expect(tomas.body).not.toContain('Still to come');
    expect(tomas.body).toMatch(/Following in a parcel of its own:\n- Chili Olive Oil, 500 ml \(2\)/);
    expect(tomas.body).not.toMatch(/cancel/i);
    expect(bo.body).toMatch(/Still to come:[\s\S]*Following in a parcel of its own:\n- Chili Olive Oil, 500 ml \(1\)/);
    expect(bo.body).toMatch(/cancel it at any time until it ships/);
    // Bo's other line still waits: it keeps its hedged wording and its reason.
    expect(bo.body.match(/\(1 still to come\): [^\n]+\. Reason for the delay: [^\n]+/g)).toHaveLength(1);
    expect(emu.executions.filter((e) => e.error)).toEqual([]);
  });
});

describe('the delay reason', () => {
  test("a parcel email gives each item still to come the Inventory Delay reason, as the day notices do (blank: the default reason)", () => {
    const wb = workbook([ann({ SKU: A, Qty: 1, Allocated: 1 }), ann({ SKU: B, Qty: 1, Allocated: 0 }), ann({ SKU: C, Qty: 1, Allocated: 0 })], [], { [A]: 1 });
    const emu = createEmulator({ workbook: wb, now: MORNING, mailQuota: 100 });
    emu.run('setUpSheet');
    // The team types the reason into Inventory › Delay reason (a column set-up adds).
    const inv = emu.values(TAB.inventory)!;
    const cell = `${String.fromCharCode(65 + inv[0].indexOf('Delay reason'))}${inv.findIndex((r) => r[0] === B) + 1}`;
    emu.user.setValue(TAB.inventory, cell, 'Our grower had a late harvest');
    emu.clock.advance(HOUR); // the day's run: Shipments is watched from now on
    paste(emu, [['BW-50000', A, 1, '3/2/2026', 'UPS', '1Z999AA10123456784']]);
    emu.clock.advance(HOUR);
    const [mail] = shippedMails(emu);
    const rest = mail.body.split('Still to come:')[1];
    const itemLine = (sku: string) => rest.split('\n').find((l) => l.includes(rowsOf(emu.workbook(), TAB.inventory).find((r) => r.SKU === sku)!.Product as string))!;
    expect(itemLine(B)).toContain('Reason for the delay: Our grower had a late harvest.');
    expect(itemLine(C)).toContain('Reason for the delay: our supplier has not been able to send us more yet.');
  });
});
