/** The runtime with the in-memory spreadsheet: Date cells, user edits and edit triggers, saving workbooks. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, loadEmulator, type Emulator, type WorkbookData } from '../../emulator';

const workbook = (): WorkbookData => ({
  name: 'Shop',
  timeZone: 'America/New_York',
  sheets: [
    {
      name: 'Inventory',
      values: [
        ['SKU', 'Available', 'Expected restock'],
        ['A-1', 5, new Date('2026-03-20T04:00:00Z')],
        ['B-2', 0, ''],
      ],
    },
  ],
});

const SRC = `
  function readDates() {
    var v = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Inventory').getDataRange().getValues();
    var d = v[1][2];
    return [Object.prototype.toString.call(d), d instanceof Date, d.getTime(), v[2][2] === ''];
  }
  function writeDate() {
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Inventory').getRange('C3').setValue(new Date('2026-04-01T04:00:00Z'));
  }
  function badWrite() {
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Inventory').getRange('A2:B3').setValues([[1, 2, 3]]);
  }
  function install() {
    ScriptApp.newTrigger('onInventoryEdit').forSpreadsheet(SpreadsheetApp.getActiveSpreadsheet()).onEdit().create();
  }
  function onInventoryEdit(e) {
    Logger.log(JSON.stringify({ a1: e.range.getA1Notation(), sheet: e.range.getSheet().getName(), authMode: String(e.authMode),
      hasValue: 'value' in e, value: e.value, oldValue: e.oldValue, user: e.user.getEmail(), uid: typeof e.triggerUid,
      source: e.source.getName() }));
  }
  function scriptWrite() {
    SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Inventory').getRange('B2').setValue(-3);
  }`;

const emu = (extra = ''): Emulator => createEmulator({ bundleSource: SRC + extra, workbook: workbook(), activeUserEmail: 'clerk@example.com' });

test('Date cells reach the script as Dates and come back as Dates', () => {
  const e = emu();
  expect(e.run('readDates')).toEqual(['[object Date]', true, Date.parse('2026-03-20T04:00:00Z'), true]);
  e.run('writeDate');
  const v = e.values('Inventory')!;
  expect(v[2][2]).toBeInstanceOf(Date);
  expect((v[2][2] as Date).toISOString()).toBe('2026-04-01T04:00:00.000Z');
  expect(e.values('Nope')).toBeNull();
});

test('setValues with the wrong dimensions fails and changes nothing', () => {
  const e = emu();
  expect(() => e.run('badWrite')).toThrow(/does not match|dimensions|rows|columns/i);
  expect(e.values('Inventory')![1]).toEqual(['A-1', 5, new Date('2026-03-20T04:00:00Z')]);
});

test('script writes fire no edit trigger; each person\'s edit fires one with value/oldValue only for one cell', () => {
  const e = emu();
  e.run('install');
  expect(e.triggers().map((t) => [t.handler, t.kind])).toEqual([['onInventoryEdit', 'edit']]);
  e.run('scriptWrite');
  expect(e.executions.filter((x) => x.via === 'trigger:edit')).toHaveLength(0);

  e.user.setValue('Inventory', 'B3', 7);
  e.user.setValues('Inventory', 'B2:B3', [[1], [2]]);
  const edits = e.executions.filter((x) => x.via === 'trigger:edit');
  expect(edits).toHaveLength(2);
  const [one, many] = edits.map((x) => JSON.parse(x.logs[0]));
  expect(one).toMatchObject({ a1: 'B3', sheet: 'Inventory', authMode: 'FULL', hasValue: true, user: 'clerk@example.com', uid: 'string', source: 'Shop' });
  // Apps Script passes the typed text.
  expect([String(one.value), String(one.oldValue)]).toEqual(['7', '0']);
  expect(many).toMatchObject({ a1: 'B2:B3', hasValue: false });
  expect(many.oldValue).toBeUndefined();
  expect(e.values('Inventory')!.map((r) => r[1])).toEqual(['Available', 1, 2]);
});

test('a simple onEdit runs for people\'s edits with restricted authorisation', () => {
  const e = emu(`function onEdit(e) { Logger.log(String(e.authMode)); MailApp.sendEmail('x@example.com', 's', 'b'); }`);
  e.user.setValue('Inventory', 'B2', 1);
  const simple = e.executions.filter((x) => x.functionName === 'onEdit');
  expect(simple).toHaveLength(1);
  expect(simple[0].logs).toEqual(['LIMITED']);
  expect(simple[0].error).toContain('You do not have permission to call MailApp.sendEmail');
  expect(e.outbox).toHaveLength(0);
});

test('workbooks save to a file and load back, Dates included', () => {
  const e = emu();
  e.run('writeDate');
  const path = join(mkdtempSync(join(tmpdir(), 'emulator-wb-')), 'shop.json');
  e.save(path);
  const again = loadEmulator(path, { bundleSource: SRC });
  expect(again.values('Inventory')).toEqual(e.values('Inventory'));
  expect(again.workbook().name).toBe('Shop');
});

test('spreadsheet calls are counted per method', () => {
  const e = emu();
  e.resetCalls();
  e.run('readDates');
  expect(e.calls()['Range.getValues']).toBe(1);
  expect(e.callCount('Spreadsheet')).toBeGreaterThanOrEqual(2);
});

test('toasts shown by the script appear in the Ui record', () => {
  const e = emu(`function note() { SpreadsheetApp.getActiveSpreadsheet().toast('Saved 3 rows', 'Backorder Desk'); }`);
  e.run('note');
  expect(e.ui.toasts).toEqual([expect.objectContaining({ message: 'Saved 3 rows', title: 'Backorder Desk' })]);
});
