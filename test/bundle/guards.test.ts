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

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const MANAGER = 'manager@example.com';
const CLERK = 'clerk@example.com';
const HOUR_MS = 3_600_000;

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
    // The owner is never locked out, even with no managers.
    as(emu, OWNER, () => {
      emu.ui.queuePromptResponse('');
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
