/** Apps Script enums in the emulator: known constants work, a constant that does not exist fails loudly. */
import { createEmulator, type Emulator } from '../../emulator';

const emu = (source: string): Emulator => createEmulator({ bundleSource: source });

/** Every enum a script can reach, with one constant it has. */
const ENUMS: Array<[path: string, expression: string, known: string]> = [
  ['Ui.Button', 'SpreadsheetApp.getUi().Button', 'YES'],
  ['Ui.ButtonSet', 'SpreadsheetApp.getUi().ButtonSet', 'YES_NO'],
  ['ScriptApp.AuthMode', 'ScriptApp.AuthMode', 'FULL'],
  ['ScriptApp.EventType', 'ScriptApp.EventType', 'CLOCK'],
  ['ScriptApp.TriggerSource', 'ScriptApp.TriggerSource', 'SPREADSHEETS'],
  ['HtmlService.SandboxMode', 'HtmlService.SandboxMode', 'IFRAME'],
  ['HtmlService.XFrameOptionsMode', 'HtmlService.XFrameOptionsMode', 'ALLOWALL'],
  ['Utilities.Charset', 'Utilities.Charset', 'UTF_8'],
  ['Utilities.DigestAlgorithm', 'Utilities.DigestAlgorithm', 'SHA_256'],
  ['SpreadsheetApp.BooleanCriteria', 'SpreadsheetApp.BooleanCriteria', 'CUSTOM_FORMULA'],
  ['SpreadsheetApp.DataValidationCriteria', 'SpreadsheetApp.DataValidationCriteria', 'VALUE_IN_LIST'],
  ['SpreadsheetApp.ProtectionType', 'SpreadsheetApp.ProtectionType', 'SHEET'],
  ['SpreadsheetApp.WrapStrategy', 'SpreadsheetApp.WrapStrategy', 'CLIP'],
  ['SpreadsheetApp.Dimension', 'SpreadsheetApp.Dimension', 'ROWS'],
  ['SpreadsheetApp.Direction', 'SpreadsheetApp.Direction', 'DOWN'],
  ['SpreadsheetApp.SheetType', 'SpreadsheetApp.SheetType', 'GRID'],
  ['SpreadsheetApp.RelativeDate', 'SpreadsheetApp.RelativeDate', 'TODAY'],
];

const SRC = `
  function read(expression, name) { var e = eval(expression); return String(e[name]); }
  function keys(expression) { var e = eval(expression); var seen = []; for (var k in e) seen.push(k); return { keys: Object.keys(e), seen: seen, json: JSON.stringify(e) }; }
  function probe(expression, name) { var e = eval(expression); return [name in e, e.hasOwnProperty(name), typeof e.toString, typeof e[Symbol.iterator], e.then]; }
  function alertBogus() { var ui = SpreadsheetApp.getUi(); return ui.alert('Send?', ui.ButtonSet.BOGUS) == ui.Button.YES; }
  function alertKnown() { var ui = SpreadsheetApp.getUi(); return ui.alert('Send?', ui.ButtonSet.YES_NO) == ui.Button.YES; }`;

describe('Apps Script enums', () => {
  test.each(ENUMS)('%s: a known constant reads, an unknown one throws', (path, expression, known) => {
    const e = emu(SRC);
    expect(e.run('read', expression, known)).toBe(known);
    expect(() => e.run('read', expression, 'BOGUS')).toThrow(`not implemented in the emulator: ${path}.BOGUS`);
    const execution = e.executions[e.executions.length - 1];
    expect(execution.error).toBe(`not implemented in the emulator: ${path}.BOGUS`);
  });

  test.each(ENUMS)('%s: keys, enumeration, JSON, `in` and Object.prototype members keep working', (_path, expression, known) => {
    const e = emu(SRC);
    const { keys, seen, json } = e.run('keys', expression) as { keys: string[]; seen: string[]; json: string };
    expect(keys).toContain(known);
    expect(seen).toEqual(keys);
    expect(Object.keys(JSON.parse(json))).toEqual(keys);
    expect(e.run('probe', expression, known)).toEqual([true, true, 'function', 'undefined', undefined]);
    expect(e.run('probe', expression, 'BOGUS')).toEqual([false, false, 'function', 'undefined', undefined]);
  });

  test('a script that leans on a missing constant fails instead of showing the wrong buttons', () => {
    const e = emu(SRC);
    expect(() => e.run('alertBogus')).toThrow('not implemented in the emulator: Ui.ButtonSet.BOGUS');
    expect(e.ui.alerts).toHaveLength(0);
    e.ui.queueAlertResponse('YES');
    expect(e.run('alertKnown')).toBe(true);
    expect(e.ui.alerts).toEqual([{ title: '', prompt: 'Send?', buttons: 'YES_NO' }]);
  });

  test('enums are frozen', () => {
    const e = emu(`function change() { 'use strict'; ScriptApp.AuthMode.FULL = 'x'; }
                   function add() { 'use strict'; Utilities.Charset.LATIN_1 = 'x'; }
                   function after() { return [ScriptApp.AuthMode.FULL, Object.keys(Utilities.Charset)]; }`);
    expect(() => e.run('change')).toThrow(/FULL/);
    expect(() => e.run('add')).toThrow(/LATIN_1/);
    expect(e.run('after')).toEqual(['FULL', ['US_ASCII', 'UTF_8']]);
  });
});
