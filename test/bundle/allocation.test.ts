/**
 * Stock comes back (dist/Code.js in the emulator, both deployments; build first): an edit that raises an item
 * sets its units aside for the customers who waited, in the documented order; a second raise sets aside only
 * the new units; the Pick list, the Activity log and the sidebar agree with Orders › Allocated; the next daily
 * run sends one `Back in stock` email to each customer whose waiting lines are wholly set aside, and no day
 * notice to them; a partly served line's notice says which part is being prepared.
 */
import { existsSync } from 'node:fs';
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { HEADERS, INVENTORY_HEADERS, SETTINGS_HEADERS, TAB, TEMPLATES_HEADERS, NOTICE_LOG_HEADERS, SHIPMENTS_HEADERS } from '../../src/sheet/schema';
import type { ItemView, OrderView } from '../../src/shared/lookupTypes';
import { rowsOf, type Row } from './expectedNotices';
import { type FakeSlack, startFakeSlack } from './stockAlertsSlackServer';

const START = '2026-03-02T12:30:00Z'; // 07:30 in New York, before the daily run hour (9)
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const d = (iso: string) => new Date(`${iso}T05:00:00Z`); // local midnight in New York (EST)

let slack: FakeSlack;
beforeAll(async () => {
  if (!existsSync('dist/Code.js')) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

type Line = [id: string, customer: string, segment: string, sku: string, qty: number, shipped: number, status: string, since: string, orderDate: string, priority: string, switchedTo?: string];

// HS-30 owes 15 units to 7 lines; NC-50 owes 6 to 3; ZZ-1 owes 1 (never raised: the control for day notices).
const LINES: Line[] = [
  ['O-101', 'Ann Lee', 'DML', 'HS-30', 2, 0, 'BackOrder', '2026-02-20', '2026-02-19', ''],
  ['O-102', 'Ben Ray', 'DML', 'HS-30', 1, 0, 'BackOrder', '2026-02-18', '2026-02-18', 'Normal'],
  ['O-103', 'Cat Ng', 'SCS', 'HS-30', 3, 0, 'INVHOLD', '2026-02-25', '2026-02-25', 'High'],
  ['O-104', 'Dan Orr', 'DML', 'HS-30', 1, 0, 'BackOrder', '', '2026-02-20', 'Low'],
  ['O-105', 'Eve Park', 'DML', 'HS-30', 2, 0, 'BackOrder', '2026-02-20', '2026-02-15', ''],
  ['O-106', 'Fay Wu', 'WHL', 'HS-30', 2, 0, 'BackOrder', '2026-02-22', '2026-02-22', ''],
  ['O-107', 'Gus Tan', 'DML', 'HS-30', 5, 1, 'Partial', '2026-02-20', '2026-02-19', ''],
  ['O-201', 'Hal Roy', 'DML', 'NC-50', 2, 0, 'BackOrder', '2026-02-20', '2026-02-20', ''],
  ['O-202', 'Ivy Cho', 'DML', 'NC-50', 3, 0, 'BackOrder', '2026-02-19', '2026-02-19', ''],
  ['O-203', 'Jon Kay', 'SCS', 'NC-50', 1, 0, 'BackOrder', '2026-02-26', '2026-02-26', 'High'],
  ['O-301', 'Kim Poe', 'DML', 'ZZ-1', 1, 0, 'BackOrder', '2026-02-20', '2026-02-20', ''],
];
const ITEMS: Array<[string, string, number]> = [
  ['HS-30', 'Hand soap 30 ml', -15],
  ['NC-50', 'Night cream 50 ml', -6],
  ['ZZ-1', 'Zinc balm', -1],
];
/** Live, with the go-live checklist complete (else runs behave as Test). */
const LIVE: Array<[string, string | number]> = [
  ['Send mode', 'Live'],
  ['Sender name', 'Soap & Co'],
  ['Reply-to', 'help@soap.example.com'],
  ['Support phone', '(555) 010-4477'],
  ['Managers', 'clerk@example.com, manager@example.com'],
];
const email = (customer: string) => `${customer.split(' ')[0].toLowerCase()}@example.com`;

function workbook(lines: readonly Line[] = LINES, inventory: Array<[string, string, number]> = ITEMS, settings: Array<[string, string | number]> = []): WorkbookData {
  const orders = HEADERS[TAB.orders];
  const row = (l: Line) => {
    const r: Record<string, unknown> = {
      'Order ID': l[0],
      'Order date': d(l[8]),
      Customer: l[1],
      Email: email(l[1]),
      Segment: l[2],
      SKU: l[3],
      Qty: l[4],
      Shipped: l[5],
      Status: l[6],
      'Backordered since': l[7] === '' ? '' : d(l[7]),
      Priority: l[9],
      'Switched to': l[10] ?? '',
    };
    return orders.map((h) => (r[h] ?? '') as string | number | Date);
  };
  return {
    name: 'Allocation shop',
    timeZone: 'America/New_York',
    sheets: [
      {
        name: TAB.inventory,
        values: [[...INVENTORY_HEADERS], ...inventory.map(([sku, product, available]) => [sku, product, 'Care', available, '', available > 0 ? 'In stock' : 'Out of stock', '', '', ''])],
      },
      { name: TAB.orders, values: [[...orders], ...lines.map(row)] },
      { name: TAB.shipments, values: [[...SHIPMENTS_HEADERS]] },
      { name: TAB.noticeLog, values: [[...NOTICE_LOG_HEADERS]] },
      { name: TAB.settings, values: [[...SETTINGS_HEADERS], ...[...new Map([...LIVE, ...settings])].map(([k, v]) => [k, v, ''])] },
      { name: TAB.templates, values: [[...TEMPLATES_HEADERS]] },
    ],
  };
}

function shop(mode: 'bound' | 'addon', wb: WorkbookData = workbook()): Emulator {
  const em = createEmulator({ workbook: wb, now: START, mailQuota: 1000, mode, activeUserEmail: 'clerk@example.com', documentProperties: { SLACK_WEBHOOK_URL: slack.url } });
  if (mode === 'addon') em.install();
  em.run('setUpSheet');
  em.open();
  return em;
}

const orders = (em: Emulator) => rowsOf(em.workbook(), TAB.orders);
const allocated = (em: Emulator): Record<string, number> =>
  Object.fromEntries(orders(em).filter((r) => r.Allocated !== '' && r.Allocated !== 0).map((r) => [String(r['Order ID']), Number(r.Allocated)]));
const pickList = (em: Emulator) => rowsOf(em.workbook(), TAB.pickList);
const activity = (em: Emulator) => rowsOf(em.workbook(), TAB.activityLog);
const raise = (em: Emulator, sku: string, available: number) =>
  em.user.setValue(TAB.inventory, `D${1 + em.values(TAB.inventory)!.findIndex((r) => r[0] === sku)}`, available);

/** The Pick list and the sidebar say what Orders › Allocated says. */
function expectAgreement(em: Emulator): void {
  const byOrder = allocated(em);
  const picks = pickList(em);
  expect(Object.fromEntries(picks.map((p: Row) => [String(p['Order ID']), Number(p['Units to pick'])]))).toEqual(byOrder);
  for (const id of new Set(picks.map((p) => String(p['Order ID'])))) {
    const view = em.runFromBrowser('lookup', `order:${id}`) as OrderView;
    expect(view.kind).toBe('order');
    // The sidebar names the SKU ordered; the Pick list the SKU to pick (its Switched to SKU when it has one).
    const shown = view.lines.filter((l) => l.allocated > 0).map((l) => [l.allocated, l.why]);
    expect(shown).toEqual(picks.filter((p) => p['Order ID'] === id).map((p) => [p['Units to pick'], p.Why]));
  }
}

describe.each(['bound', 'addon'] as const)('returning stock (%s)', (mode) => {
  test('an edit from −15 to +20 sets aside exactly those 15 units in the documented order; a second raise only the new units; the next daily run sends the good news once', () => {
    const em = shop(mode);
    expect(em.values(TAB.pickList)![0]).toEqual(['Order ID', 'Customer', 'SKU', 'Product', 'Units to pick', 'Ship preference', 'Allocated at', 'Why']);
    expect(allocated(em)).toEqual({});
    // Set-up offers the Ship preference words as a dropdown.
    const shipPref = 1 + (em.values(TAB.orders)![0] as string[]).indexOf('Ship preference');
    expect(em.model.validationError(TAB.orders, 2, shipPref, 'Wait for all')).toBeNull();
    expect(em.model.validationError(TAB.orders, 2, shipPref, 'Soon please')).not.toBeNull();

    // 1. HS-30 from −15 to +20: on hand 35, all 15 owed units set aside.
    raise(em, 'HS-30', 20);
    expect(em.executions.at(-1)!.functionName).toBe('onInventoryEdit');
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(allocated(em)).toEqual({ 'O-101': 2, 'O-102': 1, 'O-103': 3, 'O-104': 1, 'O-105': 2, 'O-106': 2, 'O-107': 4 });
    // Priority High first, then the oldest Backordered since, then Order date, then row order; Low last.
    const picks = pickList(em);
    expect(picks.map((p) => p['Order ID'])).toEqual(['O-103', 'O-102', 'O-105', 'O-101', 'O-107', 'O-106', 'O-104']);
    expect(picks[0].Why).toBe('1st of 7 for HS-30: priority High, waiting 5 days');
    expect(picks[1].Why).toBe('2nd of 7 for HS-30: priority Normal, waiting 12 days');
    expect(picks[6].Why).toBe('7th of 7 for HS-30: priority Low, waiting 10 days');
    expect(picks[0]).toMatchObject({ Customer: 'Cat Ng', SKU: 'HS-30', Product: 'Hand soap 30 ml', 'Units to pick': 3, 'Ship preference': "Ship what's ready" });
    expect(Object.prototype.toString.call(picks[0]['Allocated at'])).toBe('[object Date]');
    let log = activity(em);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ Who: 'edit by clerk@example.com', What: 'Allocated', SKU: 'HS-30', Before: 0, After: 15 });
    expect(String(log[0].Detail)).toContain('on hand 35, 0 unit(s) still owed. O-101 0 → 2; O-102 0 → 1;');
    expectAgreement(em);
    const served = (em.runFromBrowser('lookup', 'order:O-101') as OrderView).lines[0];
    expect(served).toMatchObject({ allocated: 2, openQty: 2 });
    expect(served.nextNotice!.text).toBe('No more delay notices: every unit is set aside (the customer gets one Back in stock email)');

    // 2. NC-50 from −6 to −3: 3 units for the first in line (High, then the oldest); to −1: only the 2 new ones.
    raise(em, 'NC-50', -3);
    expect(allocated(em)).toMatchObject({ 'O-203': 1, 'O-202': 2 });
    expect(allocated(em)['O-201']).toBeUndefined();
    // A line still waiting: the sidebar says where it stands.
    const waiting = (em.runFromBrowser('lookup', 'order:O-201') as OrderView).lines[0];
    expect(waiting).toMatchObject({ allocated: 0, openQty: 2, why: '3rd of 3 for NC-50: priority Normal, waiting 10 days; none free yet' });
    raise(em, 'NC-50', -1);
    expect(allocated(em)).toMatchObject({ 'O-203': 1, 'O-202': 3, 'O-201': 1 });
    log = activity(em);
    expect(log.slice(1).map((r) => [r.SKU, r.Before, r.After])).toEqual([
      ['NC-50', 0, 3],
      ['NC-50', 3, 5],
    ]);
    expect(String(log[2].Detail)).toContain('O-201 0 → 1; O-202 2 → 3');
    expect(String(log[2].Detail)).not.toContain('O-203');
    expect(pickList(em).find((p) => p['Order ID'] === 'O-201')!.Why).toBe('3rd of 3 for NC-50: priority Normal, waiting 10 days; 1 of 2 set aside');
    // The item view lists what is set aside for each customer waiting.
    const item = em.runFromBrowser('lookup', 'sku:NC-50') as ItemView;
    expect(Object.fromEntries(item.waiting.map((w) => [w.orderId, [w.allocated, w.openQty]]))).toEqual({ 'O-201': [1, 2], 'O-202': [3, 3], 'O-203': [1, 1] });
    expectAgreement(em);

    // Nothing changed: the menu item writes nothing and says so.
    em.resetCalls();
    em.clickMenu('Allocate returning stock now');
    expect(em.calls()['Range.setValues'] ?? 0).toBe(0);
    expect(em.ui.alerts.at(-1)!.prompt).toMatch(/^Nothing changed/);
    expect(activity(em)).toHaveLength(3);

    // 3. The daily run (first tick at or after 09:00): good news for the wholly served, no day notice to them.
    const before = em.outbox.length;
    em.clock.advance(3 * HOUR);
    const mails = em.outbox.slice(before);
    const good = mails.filter((m) => m.subject.startsWith('Good news'));
    const fullyServed = ['O-101', 'O-102', 'O-103', 'O-104', 'O-105', 'O-107', 'O-202', 'O-203'];
    const customerOf = (id: string) => LINES.find((l) => l[0] === id)![1];
    expect(good.map((m) => m.to).sort()).toEqual(fullyServed.map((id) => email(customerOf(id))).sort());
    for (const m of good) {
      expect(m.body).toContain("it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door");
    }
    const day = mails.filter((m) => !m.subject.startsWith('Good news'));
    expect(day.map((m) => m.to).sort()).toEqual(['hal@example.com', 'kim@example.com']);
    // The partly served line's notice says which part is being prepared.
    const hal = day.find((m) => m.to === 'hal@example.com')!;
    expect(hal.body).toContain("1 of the 2 is being prepared to ship, and we'll send your tracking number as soon as your package is out the door; for the rest,");
    const marks = Object.fromEntries(orders(em).map((r) => [String(r['Order ID']), String(r['Notices sent'])]));
    for (const id of fullyServed) expect(marks[id]).toBe('back in stock');
    expect(marks['O-106']).toBe(''); // WHL: no automatic emails
    const log2 = rowsOf(em.workbook(), TAB.noticeLog).filter((r) => r.Kind === 'Back in stock');
    expect(log2.map((r) => r.Result)).toEqual(fullyServed.map(() => 'Sent'));

    // 4. The days after: never again.
    const after = em.outbox.length;
    em.clock.advance(2 * DAY);
    expect(em.outbox.slice(after).filter((m) => m.subject.startsWith('Good news'))).toEqual([]);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
    expectAgreement(em);
  });

  test('a line switched to another SKU is owed and served against it; units beyond the backorder limit go after the others and the line is flagged; the return alert says what was set aside', async () => {
    const lines: Line[] = [
      ['O-1', 'Ann Lee', 'DML', 'HS-30', 3, 0, 'BackOrder', '2026-02-10', '2026-02-10', ''],
      ['O-2', 'Ben Ray', 'DML', 'HS-30', 1, 0, 'BackOrder', '2026-02-20', '2026-02-20', ''],
      ['O-3', 'Cat Ng', 'DML', 'OLD-1', 1, 0, 'BackOrder', '2026-02-20', '2026-02-20', '', 'ZZ-2'],
    ];
    const items: Array<[string, string, number]> = [
      ['HS-30', 'Hand soap 30 ml', -4],
      ['OLD-1', 'Old balm', 5],
      ['ZZ-2', 'New balm', -1],
    ];
    const em = shop(mode, workbook(lines, items, [['Backorder limit per customer', 2]]));
    em.clock.advance(HOUR); // an hourly tick: OLD-1's 5 units are not Cat's any more
    expect(allocated(em)).toEqual({});

    // HS-30 to −1 (on hand 3): Ann's first 2 units, then Ben, before Ann's third.
    raise(em, 'HS-30', -1);
    expect(allocated(em)).toEqual({ 'O-1': 2, 'O-2': 1 });
    const flags = Object.fromEntries(orders(em).map((r) => [String(r['Order ID']), String(r.Flag)]));
    expect(flags['O-1']).toMatch(/^Backorder limit: Ann Lee has more than 2 unit\(s\) waiting/);
    expect(flags['O-2']).toBe('');
    expect(pickList(em).find((p) => p['Order ID'] === 'O-1')!.Why).toBe('over the per-customer limit: served after others; 1st of 2 for HS-30: priority Normal, waiting 20 days; 2 of 3 set aside');

    // ZZ-2 comes back: Cat's line (ordered as OLD-1) gets it; the Slack alert says what was set aside.
    const posts = (await slack.delivered()).length;
    raise(em, 'ZZ-2', 3);
    expect(allocated(em)).toEqual({ 'O-1': 2, 'O-2': 1, 'O-3': 1 });
    const cat = pickList(em).find((p) => p['Order ID'] === 'O-3')!;
    expect(cat).toMatchObject({ SKU: 'ZZ-2', Product: 'New balm', 'Units to pick': 1 });
    expect(orders(em).find((r) => r['Order ID'] === 'O-3')!.SKU).toBe('OLD-1');
    const back = (await slack.delivered()).slice(posts).find((p) => p.includes('Back in stock: ZZ-2'));
    expect(back).toContain('Set aside 1 unit for 1 customer; 0 units still owed');
    expectAgreement(em);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });

  test('stock written by a script or an import (no edit trigger) is set aside by the next hourly tick', () => {
    const em = shop(mode);
    em.spreadsheet.getSheetByName(TAB.inventory)!.getRange('D3').setValue(0); // NC-50 from −6 to 0: on hand 6
    expect(allocated(em)).toEqual({});
    em.clock.advance(HOUR);
    expect(em.executions.filter((x) => x.functionName === 'onClockTick').length).toBeGreaterThan(0);
    expect(allocated(em)).toEqual({ 'O-201': 2, 'O-202': 3, 'O-203': 1 });
    expect(activity(em).map((r) => [r.Who, r.SKU, r.Before, r.After])).toEqual([['hourly run', 'NC-50', 0, 6]]);
    expectAgreement(em);
  });

  test('a Priority raised in Orders is re-planned by the next hourly tick: units set aside move to the higher priority', () => {
    const em = shop(mode);
    raise(em, 'NC-50', -3); // on hand 3: O-203 (High) 1, O-202 (oldest) 2
    expect(allocated(em)).toEqual({ 'O-203': 1, 'O-202': 2 });
    const head = em.values(TAB.orders)![0] as string[];
    const row = 2 + LINES.findIndex((l) => l[0] === 'O-201');
    em.spreadsheet.getSheetByName(TAB.orders)!.getRange(row, head.indexOf('Priority') + 1).setValue('High');
    em.clock.advance(HOUR);
    expect(allocated(em)).toEqual({ 'O-203': 1, 'O-201': 2 });
    expect(activity(em).at(-1)).toMatchObject({ Who: 'hourly run', SKU: 'NC-50', Before: 3, After: 3 });
    expect(String(activity(em).at(-1)!.Detail)).toContain('O-201 0 → 2; O-202 2 → 0');
    expectAgreement(em);
  });

  test('in Test mode the good news goes to the Test recipient, once a day, and marks nothing', () => {
    const em = shop(mode, workbook(LINES, ITEMS, [['Send mode', 'Test'], ['Test recipient', 'qa@example.com']]));
    raise(em, 'NC-50', 0);
    em.clock.advance(3 * HOUR);
    const good = () => em.outbox.filter((m) => m.subject.startsWith('[TEST] Good news'));
    expect(good().map((m) => m.to)).toEqual(['qa@example.com', 'qa@example.com', 'qa@example.com']);
    em.run('runDailyNotices');
    expect(good()).toHaveLength(3);
    expect(orders(em).filter((r) => String(r['Notices sent']).includes('back in stock'))).toEqual([]);
  });

  test('a custom Back in stock template is used; one that cannot be (a date in it) is refused with the reason and the default goes out', () => {
    const wb = workbook();
    const templates = wb.sheets.find((x) => x.name === TAB.templates)!.values;
    templates.push(['Back in stock', 'Ready soon: {{orderId}}', 'Hi {{customer}}, your {{#items}}{{product}}{{/items}} ships on Friday.']);
    const em = shop(mode, wb);
    raise(em, 'NC-50', 0);
    em.clock.advance(3 * HOUR);
    const good = em.outbox.filter((m) => /^(Good news|Ready soon)/.test(m.subject));
    expect(good).toHaveLength(3);
    for (const m of good) expect(m.subject).toMatch(/^Good news about your order O-20\d: it is being prepared$/);
    const refused = rowsOf(em.workbook(), TAB.noticeLog).filter((r) => r.Kind === 'Back in stock' && r.Result === 'Skipped');
    expect(refused).toHaveLength(1);
    expect(String(refused[0].Detail)).toMatch(/^Templates › Back in stock: contains an exact date or weekday .*the default text was used instead/);

    templates[templates.length - 1] = ['Back in stock', 'Ready soon: {{orderId}}', 'Hi {{customer}}, {{#items}}{{product}}: {{eta}}.{{/items}}'];
    const ok = shop(mode, wb);
    raise(ok, 'NC-50', 0);
    ok.clock.advance(3 * HOUR);
    expect(ok.outbox.filter((m) => m.subject.startsWith('Ready soon: O-20')).map((m) => m.body.trim())).toContain(
      "Hi Hal, Night cream 50 ml: it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.",
    );
  });

  test('a daily run killed by the 6-minute limit in the middle of the good news: the next run sends exactly the others, each once', () => {
    const em = shop(mode);
    raise(em, 'HS-30', 20);
    raise(em, 'NC-50', 0);
    // Day notices go first (Kim's), then 9 good-news emails; the run is stopped at the 5th email.
    const killed = createEmulator({
      workbook: em.workbook(),
      now: em.clock.now(),
      mailQuota: 1000,
      mode,
      documentProperties: { ...em.documentProperties(), BD_TIME_BUDGET_MS: '600000' },
      callCostMs: { 'MailApp.sendEmail': Math.floor(360_000 / 4.5) },
    });
    expect(() => killed.run('runDailyNotices')).toThrow('Exceeded maximum execution time');
    const good = (x: Emulator) => x.outbox.filter((m) => m.subject.startsWith('Good news')).map((m) => m.to);
    const first = good(killed);
    expect(first).toHaveLength(3);
    const props = { ...killed.documentProperties() };
    delete props.BD_TIME_BUDGET_MS;
    const next = createEmulator({ workbook: killed.workbook(), now: killed.clock.now(), mailQuota: killed.mailQuotaRemaining(), mode, documentProperties: props });
    next.run('runDailyNotices');
    const all = [...first, ...good(next)].sort();
    expect(all).toEqual([...new Set(all)]);
    expect(all).toHaveLength(9);
    const logged = rowsOf(next.workbook(), TAB.noticeLog).filter((r) => r.Kind === 'Back in stock' && r.Result === 'Sent');
    expect(logged).toHaveLength(9);
    expect(orders(next).filter((r) => String(r['Notices sent']).includes('back in stock'))).toHaveLength(9); // all but O-106 (WHL)
  });
});

describe('allocation at scale', () => {
  /** The demo set up, every out-of-stock item given back half of what it owes: Spreadsheet calls of the menu run. */
  function calls(options: { skus: number; orderLines: number }): { first: number; again: number; writesAgain: number; picks: number } {
    const wb = generateWorkbook(options);
    const inv = wb.sheets.find((x) => x.name === TAB.inventory)!.values;
    for (const row of inv.slice(1)) if (typeof row[3] === 'number' && row[3] < 0) row[3] = row[3] + Math.ceil(-row[3] / 2);
    const em = createEmulator({ workbook: wb });
    em.run('setUpSheet');
    const count = () => ['SpreadsheetApp.', 'Spreadsheet.', 'Sheet.', 'Range.'].reduce((n, p) => n + em.callCount(p), 0);
    em.resetCalls();
    em.run('allocateReturningStock');
    const first = count();
    em.resetCalls();
    em.run('allocateReturningStock');
    return { first, again: count(), writesAgain: em.callCount('Range.setValues'), picks: em.values(TAB.pickList)!.length - 1 };
  }

  test('the same Spreadsheet calls on the demo and on a 10x bigger workbook; a second run writes nothing', () => {
    const small = calls({ skus: 40, orderLines: 300 });
    const big = calls({ skus: 400, orderLines: 3000 });
    expect(small.picks).toBeGreaterThan(10);
    expect(big.picks).toBeGreaterThan(small.picks * 5);
    expect(big.picks).toBeLessThan(999); // within the Pick list's grid: growing it would add one call
    expect(big.first).toBe(small.first);
    expect(big.again).toBe(small.again);
    expect(small.writesAgain).toBe(0);
    expect(big.writesAgain).toBe(0);
  });
});
