/**
 * Guards against silent loss (dist/Code.js in the emulator; build first: `node build.mjs`). Each test is named
 * after the finding of the fault-injection run it keeps fixed: set-up that repairs instead of adding twins, a
 * run that refuses to mark a broken sheet, managers kept out of an editor's reach, problems reported once where
 * the owner looks, and set-up that never overlaps itself.
 */
import { createEmulator, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import { rowsOf } from './expectedNotices';
import { type FakeSlack, startFakeSlack } from './stockAlertsSlackServer';

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const MANAGER = 'manager@example.com';
const CLERK = 'clerk@example.com';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function copy(wb: WorkbookData): WorkbookData {
  return JSON.parse(JSON.stringify(wb), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v));
}
function withSettings(wb: WorkbookData, values: Record<string, string>): WorkbookData {
  const out = copy(wb);
  const s = out.sheets.find((x) => x.name === TAB.settings)!;
  for (const [name, value] of Object.entries(values)) {
    const row = s.values.find((r) => r[0] === name);
    if (row) row[1] = value;
    else s.values.push([name, value, '']);
  }
  return out;
}
function sheetOf(wb: WorkbookData, name: string) {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}
function emulator(workbook: WorkbookData = generateWorkbook(), options: EmulatorOptions = {}): Emulator {
  return createEmulator({ workbook, now: START, mailQuota: 1000, cpuTimeScale: 0, ...options });
}
const noticeLog = (emu: Emulator) => rowsOf(emu.workbook(), TAB.noticeLog);
const runProblems = (emu: Emulator) => noticeLog(emu).filter((r) => r.Kind === 'Run problem');
const clockTriggers = (emu: Emulator) => emu.triggers().filter((t) => t.kind === 'clock');

describe.each(['bound', 'addon'] as const)('set-up and the document lock (%s)', (mode) => {
  test('finding 18: two overlapping set-ups (a double click) leave one time-driven trigger', () => {
    const emu = emulator(generateWorkbook(), { mode });
    if (mode === 'addon') emu.install();
    // The second click's set-up runs while the first is about to create the hourly trigger.
    emu.interleave('ScriptApp.newTrigger', () => emu.run('setUpSheet'));
    emu.run('setUpSheet');
    expect(clockTriggers(emu)).toHaveLength(1);
    expect(emu.triggers().filter((t) => t.kind === 'edit')).toHaveLength(1);
    const second = emu.ui.alerts.find((a) => /Another set-up or run was in progress/.test(a.prompt));
    expect(second).toBeDefined();
    expect(emu.executions.filter((x) => x.error)).toEqual([]);
  });

  test('finding 18: a set-up while a run holds the lock changes nothing and says so', () => {
    const emu = emulator(generateWorkbook(), { mode });
    if (mode === 'addon') emu.install();
    const release = emu.holdDocumentLock();
    emu.run('setUpSheet');
    expect(emu.triggers()).toEqual([]);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain('Another set-up or run was in progress');
    release();
    emu.run('setUpSheet');
    expect(clockTriggers(emu)).toHaveLength(1);
  });
});

describe.each(['bound', 'addon'] as const)('managers and the Slack webhook (%s)', (mode) => {
  const OWNER = 'owner@example.com';
  const WEBHOOK = 'https://hooks.slack.com/services/T0DEMO1234/B0DEMO5678/s3cr3tW3bh00kT0ken';
  const LEAD = 'lead@example.com';
  type SlackAnswer = { ok: boolean; connected: boolean; message: string; canChange?: boolean; whyNot?: string };
  type List = { isManager: boolean };

  /** The demo (Settings › Managers: manager@example.com), set up by the owner of the triggers. */
  function setUp(workbook = generateWorkbook()): Emulator {
    const emu = emulator(workbook, { mode, activeUserEmail: OWNER });
    if (mode === 'addon') emu.install();
    emu.open();
    emu.run('setUpSheet');
    return emu;
  }
  const managersRow = (emu: Emulator) => emu.values(TAB.settings)!.findIndex((r) => r[0] === 'Managers') + 1;
  const as = <T>(emu: Emulator, who: string, fn: () => T): T => {
    emu.setActiveUser(who);
    return fn();
  };
  const stored = (emu: Emulator) => emu.documentProperties().SLACK_WEBHOOK_URL;

  test('finding 9: only a manager or the trigger owner may connect or remove the Slack webhook, checked at call time', () => {
    const emu = setUp();
    const refused = as(emu, CLERK, () => emu.runFromBrowser('connectSlack', WEBHOOK) as SlackAnswer);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain(`${CLERK} is not one of them`);
    expect(stored(emu)).toBeUndefined();
    // The dialog is told up front, with the reason.
    const status = emu.runFromBrowser('getSlackConnection') as SlackAnswer;
    expect(status.canChange).toBe(false);
    expect(status.whyNot).toContain('Only the managers');
    expect(as(emu, '', () => (emu.runFromBrowser('connectSlack', WEBHOOK) as SlackAnswer).ok)).toBe(false);

    expect(as(emu, MANAGER, () => (emu.runFromBrowser('connectSlack', WEBHOOK) as SlackAnswer).ok)).toBe(true);
    expect(stored(emu)).toBe(WEBHOOK);
    expect(as(emu, CLERK, () => (emu.runFromBrowser('connectSlack', '') as SlackAnswer).ok)).toBe(false);
    expect(stored(emu)).toBe(WEBHOOK);
    expect(as(emu, OWNER, () => (emu.runFromBrowser('connectSlack', '') as SlackAnswer).ok)).toBe(true);
    expect(stored(emu)).toBeUndefined();
  });

  test('finding 9: an editor who adds themselves to Settings › Managers is not a manager, and the cell says why', () => {
    const emu = setUp();
    const row = managersRow(emu);
    expect(emu.values(TAB.settings)![row - 1][2]).toContain('A change typed in this cell is not used');
    const warned = emu.spreadsheet
      .getSheetByName(TAB.settings)!
      .getProtections(emu.model.app.ProtectionType.RANGE)
      .filter((p) => /Settings › Managers only shows the managers/.test(p.getDescription()));
    expect(warned.map((p) => [p.getRange().getA1Notation(), p.isWarningOnly()])).toEqual([[`B${row}`, true]]);
    as(emu, CLERK, () => emu.user.setValue(TAB.settings, `B${row}`, `${CLERK}, ${MANAGER}`));
    expect((emu.runFromBrowser('listStockOuts') as List).isManager).toBe(false);
    expect((emu.runFromBrowser('connectSlack', WEBHOOK) as SlackAnswer).ok).toBe(false);
    expect(as(emu, MANAGER, () => (emu.runFromBrowser('listStockOuts') as List).isManager)).toBe(true);
    // The daily run says the cell differs from the managers it uses.
    emu.run('runDailyNotices');
    expect(noticeLog(emu).some((r) => /Settings › Managers: the cell says .*clerk@example\.com.*The cell is not used/.test(String(r.Detail)))).toBe(true);
  });

  test('finding 9: the managers change only through Managers…, by the trigger owner or a manager; Settings shows them', () => {
    const emu = setUp();
    const before = emu.documentProperties().BD_MANAGERS;
    const prompts = emu.ui.prompts!.length;
    as(emu, CLERK, () => emu.clickMenu('Managers…'));
    // Refused before anything is asked.
    expect(emu.ui.prompts!.length).toBe(prompts);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain(`${CLERK} is not one of them`);
    expect(emu.documentProperties().BD_MANAGERS).toBe(before);

    as(emu, MANAGER, () => {
      emu.ui.queuePromptResponse(`${MANAGER}, ${LEAD.toUpperCase()}`);
      emu.clickMenu('Managers…');
    });
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([MANAGER, LEAD]);
    expect(emu.values(TAB.settings)![managersRow(emu) - 1][1]).toBe(`${MANAGER}, ${LEAD}`);
    const activity = rowsOf(emu.workbook(), TAB.activityLog).filter((r) => r.What === 'Managers changed');
    expect(activity.map((r) => [r.Who, r.Before, r.After])).toEqual([[MANAGER, MANAGER, `${MANAGER}, ${LEAD}`]]);
    expect(as(emu, LEAD, () => (emu.runFromBrowser('listStockOuts') as List).isManager)).toBe(true);
    // An empty answer changes nothing; "none" removes every manager, and the owner is never locked out.
    as(emu, OWNER, () => {
      emu.ui.queuePromptResponse('');
      emu.clickMenu('Managers…');
    });
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([MANAGER, LEAD]);
    as(emu, OWNER, () => {
      emu.ui.queuePromptResponse('none');
      emu.clickMenu('Managers…');
    });
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([]);
    expect(as(emu, OWNER, () => (emu.runFromBrowser('connectSlack', WEBHOOK) as SlackAnswer).ok)).toBe(true);
  });

  test('finding 9: set-up adopts Settings › Managers once, while the kept list is unset', () => {
    const emu = emulator(generateWorkbook(), { mode, activeUserEmail: OWNER });
    if (mode === 'addon') emu.install();
    // Before set-up (an earlier version's sheet) the cell still counts.
    expect(as(emu, MANAGER, () => (emu.runFromBrowser('listStockOuts') as List).isManager)).toBe(true);
    as(emu, OWNER, () => emu.run('setUpSheet'));
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([MANAGER]);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain(`Managers (${MANAGER}) are now kept by the add-on`);
    const row = managersRow(emu);
    as(emu, CLERK, () => emu.user.setValue(TAB.settings, `B${row}`, CLERK));
    as(emu, OWNER, () => emu.run('setUpSheet'));
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([MANAGER]);
    expect(emu.values(TAB.settings)![row - 1][1]).toBe(MANAGER);
  });
});

describe('renamed headers and broken columns', () => {
  const ordersHeader = (emu: Emulator) => emu.values(TAB.orders)![0].map(String);
  const column = (emu: Emulator, header: string) => emu.values(TAB.orders)!.slice(1).map((r) => r[ordersHeader(emu).indexOf(header)]);
  const letter = (i: number) => String.fromCharCode(65 + i);

  test.each([
    ['Email', 'E-mail', 'bound'],
    ['Email', 'email ', 'addon'],
    ['Email', 'EMAIL', 'bound'],
    ['Order ID', 'Order #', 'addon'],
    ['Order ID', 'Order No.', 'bound'],
    ['Backordered since', 'Backordered Since', 'bound'],
  ] as const)('finding 2: a header renamed from "%s" to "%s", then Set up sheet, renames it back instead of adding an empty twin (%s)', (header, renamed, mode) => {
    const emu = emulator(generateWorkbook(), { mode });
    if (mode === 'addon') emu.install();
    emu.run('setUpSheet');
    const at = ordersHeader(emu).indexOf(header);
    const width = ordersHeader(emu).length;
    emu.user.setValue(TAB.orders, `${letter(at)}1`, renamed);
    emu.run('setUpSheet');
    expect(ordersHeader(emu).length).toBe(width);
    expect(ordersHeader(emu)[at]).toBe(header);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain(`Orders: renamed the column "${renamed.trim()}" back to "${header}"`);
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBeGreaterThan(5);
    expect(noticeLog(emu).filter((r) => /no email|no Order ID/.test(String(r.Detail)))).toEqual([]);
  });

  test('finding 2: two columns that could be the renamed one: set-up adds no twin and says which to rename', () => {
    const emu = emulator();
    emu.run('setUpSheet');
    const at = ordersHeader(emu).indexOf('Email');
    const width = ordersHeader(emu).length;
    emu.user.setValue(TAB.orders, `${letter(at)}1`, 'E-mail');
    emu.user.setValue(TAB.orders, `${letter(width)}1`, 'e mail');
    emu.run('setUpSheet');
    expect(ordersHeader(emu).filter((h) => h !== '')).toHaveLength(width + 1);
    expect(ordersHeader(emu)).not.toContain('Email');
    expect(emu.ui.alerts.at(-1)!.prompt).toContain('Orders: more than one column could be "Email" ("E-mail", "e mail")');
  });

  test('finding 2: a tab renamed a little is renamed back, not replaced by an empty one', () => {
    const emu = emulator();
    emu.run('setUpSheet');
    emu.spreadsheet.getSheetByName(TAB.inventory)!.setName('inventory ');
    emu.run('setUpSheet');
    expect(emu.spreadsheet.getSheetByName('inventory ')).toBeNull();
    expect(emu.values(TAB.inventory)!.length).toBeGreaterThan(10);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain('Renamed the tab "inventory" back to "Inventory"');
  });

  test.each(['bound', 'addon'] as const)('finding 2: a whole Email column empty: the run sends and marks nothing and says why, once a day (%s)', (mode) => {
    const wb = generateWorkbook();
    const orders = sheetOf(wb, TAB.orders);
    const e = orders.values[0].indexOf('Email');
    for (const row of orders.values.slice(1)) row[e] = '';
    const emu = emulator(wb, { mode, now: '2026-03-02T12:30:00Z' });
    if (mode === 'addon') emu.install();
    emu.run('setUpSheet');
    const marks = JSON.stringify(column(emu, 'Notices sent'));
    // The daily run (09:00 in New York), then the rest of the day's hourly ticks.
    emu.clock.advance(3 * HOUR_MS);
    emu.clock.advance(5 * HOUR_MS);
    expect(emu.outbox.filter((m) => /Your order/.test(m.subject))).toEqual([]);
    expect(JSON.stringify(column(emu, 'Notices sent'))).toBe(marks);
    const problems = runProblems(emu).filter((r) => /Orders › Email is empty on all \d+ waiting lines/.test(String(r.Detail)));
    expect(problems).toHaveLength(1);
    expect(noticeLog(emu).filter((r) => r.Result === 'Skipped' && /no email/.test(String(r.Detail)))).toEqual([]);
    // The owner hears by email too (once).
    expect(emu.outbox.filter((m) => /Daily notices did not run/.test(m.subject))).toHaveLength(1);
  });

  test('finding 2: most lines failing on one column (Qty overwritten by an import): nothing marked, one Run problem row', () => {
    const wb = generateWorkbook();
    const orders = sheetOf(wb, TAB.orders);
    const q = orders.values[0].indexOf('Qty');
    orders.values.slice(1).forEach((row, i) => {
      if (i % 5 !== 0) row[q] = 'see notes';
    });
    const emu = emulator(wb);
    const marks = JSON.stringify(column(emu, 'Notices sent'));
    emu.run('runDailyNotices');
    expect(emu.outbox.filter((m) => /Your order/.test(m.subject))).toEqual([]);
    expect(JSON.stringify(column(emu, 'Notices sent'))).toBe(marks);
    expect(runProblems(emu).map((r) => String(r.Detail))).toEqual([expect.stringMatching(/Orders › Qty cannot be read on \d+ of \d+ waiting lines, so nothing was sent or marked/)]);
  });
});

/** Orders rows as records, with their sheet row numbers. */
function waitingRows(wb: WorkbookData): Array<{ row: number; id: string }> {
  const orders = sheetOf(wb, TAB.orders);
  const h = orders.values[0];
  return orders.values
    .map((r, i) => ({ r, row: i + 1 }))
    .slice(1)
    .filter(({ r }) => String(r[h.indexOf('Status')]) === 'BackOrder' && ['DML', 'SCS'].includes(String(r[h.indexOf('Segment')])))
    .map(({ r, row }) => ({ row, id: String(r[h.indexOf('Order ID')]) }));
}
function setCell(wb: WorkbookData, tab: string, row: number, header: string, value: string | number | Date): void {
  const s = sheetOf(wb, tab);
  s.values[row - 1][s.values[0].indexOf(header)] = value;
}
const sheetProblems = (emu: Emulator) => noticeLog(emu).filter((r) => r.Kind === 'Sheet problem');
const customerEmails = (emu: Emulator) => emu.outbox.filter((m) => /Your order/.test(m.subject));

describe('lines never notified, and nothing said why', () => {
  /** Two daily runs on two days; the problem must be told once. */
  function twoDays(wb: WorkbookData, options: EmulatorOptions = {}): Emulator {
    const emu = emulator(wb, options);
    emu.run('runDailyNotices');
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    return emu;
  }

  test.each([
    ['a negative Qty', { Qty: -2 }, /Qty is -2, a negative number, so the customer gets no notice/],
    ['Shipped above Qty', { Qty: 2, Shipped: 3 }, /Shipped \(3\) is more than Qty \(2\), so nothing is owed/],
    ['a future Backordered since', { 'Backordered since': new Date('2026-04-20T12:00:00Z') }, /Backordered since \(2026-04-20\) is in the future/],
    ['an unknown Status word', { Status: 'Pending' }, /Orders › Status "Pending" \(1 line, first on row \d+\) is not one of/],
  ] as const)('finding 11: %s gets one Notice log row, not one a day', (_what, cells, detail) => {
    const wb = generateWorkbook();
    const { row, id } = waitingRows(wb)[0];
    for (const [h, v] of Object.entries(cells)) setCell(wb, TAB.orders, row, h, v);
    const emu = twoDays(wb);
    const rows = sheetProblems(emu).filter((r) => detail.test(String(r.Detail)));
    expect(rows).toHaveLength(1);
    if (!/Status/.test(String(rows[0].Detail))) expect(rows[0]['Order ID']).toBe(id);
  });

  test('finding 11: a problem is told again only after it was fixed and came back', () => {
    const wb = generateWorkbook();
    const { row } = waitingRows(wb)[0];
    setCell(wb, TAB.orders, row, 'Qty', -2);
    const emu = emulator(wb);
    const told = () => sheetProblems(emu).filter((r) => /Qty is -2, a negative number/.test(String(r.Detail))).length;
    const qty = `${String.fromCharCode(65 + emu.values(TAB.orders)![0].indexOf('Qty'))}${row}`;
    emu.run('runDailyNotices');
    expect(told()).toBe(1);
    emu.user.setValue(TAB.orders, qty, 2);
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    expect(told()).toBe(1);
    emu.user.setValue(TAB.orders, qty, -2);
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    expect(told()).toBe(2);
  });

  test('finding 11: a blank Notify segments is said once in the Notice log', () => {
    const emu = twoDays(withSettings(generateWorkbook(), { 'Notify segments': '' }));
    expect(customerEmails(emu)).toEqual([]);
    expect(sheetProblems(emu).filter((r) => /Notify segments is blank, so no customer gets automatic notices/.test(String(r.Detail)))).toHaveLength(1);
  });

  test.each(['bound', 'addon'] as const)('finding 11: Status "Back Order", "Backordered" and "back-order" from an import are read as BackOrder (%s)', (mode) => {
    const plain = emulator(generateWorkbook(), { mode });
    plain.run('runDailyNotices');
    const expected = customerEmails(plain).map((m) => `${m.to} ${m.subject}`).sort();
    expect(expected.length).toBeGreaterThan(5);

    const wb = generateWorkbook();
    const spellings = ['Back Order', 'Backordered', 'back-order', 'BACK_ORDER'];
    waitingRows(wb).forEach(({ row }, i) => setCell(wb, TAB.orders, row, 'Status', spellings[i % spellings.length]));
    const emu = emulator(wb, { mode });
    emu.run('runDailyNotices');
    expect(customerEmails(emu).map((m) => `${m.to} ${m.subject}`).sort()).toEqual(expected);
    expect(sheetProblems(emu)).toEqual([]);
  });
});

describe.each(['bound', 'addon'] as const)('stopped runs and sheet problems where the owner looks (%s)', (mode) => {
  function setUp(wb = generateWorkbook(), options: EmulatorOptions = {}): Emulator {
    const emu = emulator(wb, { mode, now: '2026-03-02T12:30:00Z', ...options });
    if (mode === 'addon') emu.install();
    emu.run('setUpSheet');
    return emu;
  }

  test('finding 12: a renamed Inventory tab is told once in the Notice log, not every hour', () => {
    const emu = setUp();
    emu.spreadsheet.getSheetByName(TAB.inventory)!.setName('Stock levels');
    emu.clock.advance(5 * HOUR_MS);
    const rows = sheetProblems(emu).filter((r) => /There is no Inventory tab \(was it renamed\?\)/.test(String(r.Detail)));
    expect(rows).toHaveLength(1);
  });

  test('finding 12: a renamed Orders header stops the daily run with a Run problem row and one owner email', () => {
    const emu = setUp();
    const h = emu.values(TAB.orders)![0].map(String);
    emu.spreadsheet.getSheetByName(TAB.orders)!.getRange(1, h.indexOf('Email') + 1).setValue('Contact');
    emu.clock.advance(5 * HOUR_MS);
    expect(runProblems(emu).map((r) => String(r.Detail))).toEqual([expect.stringContaining('the Orders tab is missing the column(s) Email')]);
    expect(emu.outbox.filter((m) => m.subject === 'Backorder Desk: Daily notices did not run')).toHaveLength(1);
  });

  test('finding 12: a renamed Orders tab stops the daily run with a Run problem row, once a day', () => {
    const emu = setUp();
    emu.spreadsheet.getSheetByName(TAB.orders)!.setName('Orders 2026');
    emu.clock.advance(5 * HOUR_MS);
    expect(runProblems(emu).map((r) => String(r.Detail))).toEqual([expect.stringContaining('there is no Orders tab (was it renamed?)')]);
  });

  test('finding 12: quota 0 is a Run problem row, not only a line in the run log', () => {
    const emu = setUp(generateWorkbook(), { mailQuota: 0 });
    emu.clock.advance(3 * HOUR_MS);
    expect(runProblems(emu).map((r) => String(r.Detail))).toEqual([expect.stringMatching(/no email quota left: the daily email quota is used up; \d+ notice\(s\) wait/)]);
  });

  test('finding 12: a pasted "−3" (typographic minus) reads as -3, becomes the number, and its cell says so', () => {
    const emu = setUp();
    // An import (no edit trigger, no validation) writes the text a document gave it; the hourly run finds it.
    emu.spreadsheet.getSheetByName(TAB.inventory)!.getRange('D2').setValue('\u22123');
    expect(emu.values(TAB.inventory)![1][3]).toBe('\u22123');
    emu.clock.advance(HOUR_MS);
    const inv = emu.values(TAB.inventory)!;
    expect(inv[1][3]).toBe(-3);
    expect(inv[1][5]).toBe('Out of stock');
    expect(emu.spreadsheet.getSheetByName(TAB.inventory)!.getRange('D2').getNote()).toContain('typographic minus; it was read as -3');
    expect(sheetProblems(emu).filter((r) => /Available "\u22123" was typed with a typographic minus/.test(String(r.Detail)))).toHaveLength(1);
  });

  test('finding 12: a duplicate SKU is told once in the Notice log', () => {
    const wb = generateWorkbook();
    const inv = sheetOf(wb, TAB.inventory);
    const sku = inv.values[1][0];
    inv.values[4][0] = sku;
    inv.values[6][inv.values[0].indexOf('Available')] = 'lots';
    const emu = setUp(wb);
    emu.clock.advance(4 * HOUR_MS);
    expect(sheetProblems(emu).filter((r) => /Available "lots" is not a whole number/.test(String(r.Detail)))).toHaveLength(1);
    const rows = sheetProblems(emu).filter((r) => /the SKU appears more than once \(first on row 2\); only that first row is used/.test(String(r.Detail)));
    expect(rows.map((r) => [r.SKUs, String(r.Detail).slice(0, 15)])).toEqual([[sku, 'Inventory row 5']]);
  });
});

describe('a long Slack outage', () => {
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await startFakeSlack();
  });
  afterAll(() => slack.close());

  test.each(['bound', 'addon'] as const)('finding 17: alerts dropped beyond the last 40 are counted, said once a day in the Notice log, and announced when Slack is back (%s)', async (mode) => {
    await slack.answerWith(500);
    const minutes = Math.round(Date.parse(START) / 60_000);
    // Forty undelivered alerts are already waiting for a retry.
    const waiting = Array.from({ length: 40 }, (_v, i) => ({ a: minutes - 40 + i, c: 's', x: `old alert ${i}` }));
    const emu = emulator(generateWorkbook(), {
      mode,
      documentProperties: { SLACK_WEBHOOK_URL: slack.url, 'BD_STOCK_PENDING.0': JSON.stringify(waiting), 'BD_STOCK_PENDING.n': '1' },
    });
    if (mode === 'addon') emu.install();
    emu.run('setUpSheet');
    emu.user.setValue(TAB.inventory, 'D2', -3);
    emu.clock.advance(15 * 60_000);
    emu.user.setValue(TAB.inventory, 'D3', -3);
    expect(emu.documentProperties().BD_STOCK_DROPPED).toBe('2');
    const rows = runProblems(emu).filter((r) => /only the last 40 undelivered alerts are kept/.test(String(r.Detail)));
    expect(rows.map((r) => String(r.Detail))).toEqual([expect.stringContaining('so 1 older alert(s) have been dropped so far')]);

    await slack.answerWith(200);
    const from = (await slack.delivered()).length;
    emu.clock.advance(HOUR_MS);
    const posts = (await slack.delivered()).slice(from);
    expect(posts[0]).toMatch(/^\(2 older alert\(s\) could not be kept during the outage and were dropped; see the Notice log\.\)\n\(delayed, from /);
    expect(posts[0]).not.toContain('old alert 1\n');
    expect(posts[0]).toContain('old alert 39');
    expect(emu.documentProperties().BD_STOCK_DROPPED).toBeUndefined();
    await slack.answerWith(200);
  });
});

describe('managers on a new sheet', () => {
  test('finding 9: on a new sheet the owner fills Settings › Managers and runs set-up again: adopted; an editor doing the same is not', () => {
    const OWNER = 'owner@example.com';
    const emu = createEmulator({ now: START, activeUserEmail: OWNER });
    emu.run('setUpSheet');
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([]);
    const row = emu.values(TAB.settings)!.findIndex((r) => r[0] === 'Managers') + 1;

    emu.setActiveUser(CLERK);
    emu.user.setValue(TAB.settings, `B${row}`, CLERK);
    emu.ui.queueAlertResponse('NO'); // keep the triggers with the owner
    emu.run('setUpSheet');
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([]);
    expect(emu.values(TAB.settings)![row - 1][1]).toBe('');

    emu.setActiveUser(OWNER);
    emu.user.setValue(TAB.settings, `B${row}`, MANAGER);
    emu.run('setUpSheet');
    expect(JSON.parse(emu.documentProperties().BD_MANAGERS)).toEqual([MANAGER]);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain(`Managers (${MANAGER}) are now kept by the add-on`);
  });
});
