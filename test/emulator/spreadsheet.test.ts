import { SpreadsheetModel, type SpreadsheetHooks } from '../../emulator/spreadsheet';
import { parseA1, resolveA1, columnToLetters, lettersToColumn, rangeA1 } from '../../emulator/spreadsheet/a1';
import { runInNewContext } from 'node:vm';
import { type WorkbookData, workbookFromJson, workbookToJson } from '../../emulator/workbook';

function setup(data?: WorkbookData) {
  const calls: Record<string, number> = {};
  const ui = { alert: () => 'OK' } as unknown as GoogleAppsScript.Base.Ui;
  const hooks: SpreadsheetHooks = {
    count: (k) => {
      calls[k] = (calls[k] ?? 0) + 1;
    },
    getUi: () => ui,
    now: () => new Date('2026-03-02T14:00:00Z'),
  };
  const model = new SpreadsheetModel(data, hooks);
  return { model, calls, ui, app: model.app, ss: model.spreadsheet };
}

const inventory = (): WorkbookData => ({
  name: 'Shop',
  timeZone: 'America/New_York',
  sheets: [
    {
      name: 'Inventory',
      values: [
        ['SKU', 'Product', 'Available', 'Low at'],
        ['A-1', 'Amber 100ml', 25, 10],
        ['A-2', 'Amber 250ml', 4, 10],
        ['A-3', 'Amber 500ml', -3, 10],
        ['A-4', 'Amber 1l', '', 10],
      ],
    },
    { name: 'Orders', values: [['Order ID', 'Order date'], ['1001', new Date('2026-02-20T05:00:00Z')]] },
  ],
});

describe('A1 notation', () => {
  test('columns and letters', () => {
    expect(columnToLetters(1)).toBe('A');
    expect(columnToLetters(26)).toBe('Z');
    expect(columnToLetters(27)).toBe('AA');
    expect(columnToLetters(703)).toBe('AAA');
    expect(lettersToColumn('ab')).toBe(28);
  });
  test('cells, ranges, whole rows and columns, sheet names', () => {
    expect(resolveA1(parseA1('B3'), 1000, 26)).toEqual({ row: 3, col: 2, numRows: 1, numCols: 1 });
    expect(resolveA1(parseA1('$A$1:C2'), 1000, 26)).toEqual({ row: 1, col: 1, numRows: 2, numCols: 3 });
    expect(resolveA1(parseA1('A:A'), 1000, 26)).toEqual({ row: 1, col: 1, numRows: 1000, numCols: 1, open: 'cols' });
    expect(resolveA1(parseA1('2:3'), 1000, 26)).toEqual({ row: 2, col: 1, numRows: 2, numCols: 26, open: 'rows' });
    expect(rangeA1(resolveA1(parseA1('B:C'), 1000, 26))).toBe('B:C');
    expect(resolveA1(parseA1('A2:B'), 50, 26)).toEqual({ row: 2, col: 1, numRows: 49, numCols: 2 });
    expect(parseA1('Inventory!A1').sheet).toBe('Inventory');
    expect(parseA1("'My sheet'!A1:B").sheet).toBe('My sheet');
    expect(parseA1("'It''s'!A1").sheet).toBe("It's");
    expect(() => parseA1('nonsense here')).toThrow('Range not found');
    expect(rangeA1({ row: 2, col: 3, numRows: 2, numCols: 2 })).toBe('C2:D3');
  });
});

describe('values', () => {
  test('empty model: one sheet, default name and zone', () => {
    const { ss, app } = setup();
    expect(ss.getName()).toBe('Untitled spreadsheet');
    expect(ss.getSpreadsheetTimeZone()).toBe('America/New_York');
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1']);
    expect(app.getActiveSpreadsheet()).toBe(ss);
    expect(app.getActive()).toBe(ss);
  });

  test('empty cells are "" and Date cells round-trip as new Date objects', () => {
    const { model, ss } = setup(inventory());
    const orders = ss.getSheetByName('Orders')!;
    const v = orders.getRange('A1:C2').getValues();
    expect(v[0]).toEqual(['Order ID', 'Order date', '']);
    expect(v[1][0]).toBe('1001'); // a text cell in the file stays text
    orders.getRange('A3').setValue('1002'); // written by a script, Sheets reads it as a number
    expect(orders.getRange('A3').getValue()).toBe(1002);
    const d = v[1][1] as Date;
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe('2026-02-20T05:00:00.000Z');
    d.setFullYear(1999);
    expect((orders.getRange(2, 2).getValue() as Date).toISOString()).toBe('2026-02-20T05:00:00.000Z');
    const when = new Date('2026-03-01T15:00:00Z');
    orders.getRange('B3').setValue(when);
    when.setFullYear(2000);
    expect((model.values('Orders')![2][1] as Date).toISOString()).toBe('2026-03-01T15:00:00.000Z');
    expect(model.values('Nope')).toBeNull();
  });

  test('setValues needs exactly the range dimensions', () => {
    const { ss } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    expect(() => sh.getRange(2, 1, 2, 2).setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sh.getRange(2, 1, 1, 2).setValues([[1, 2, 3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 3 but the range has 2.',
    );
    expect(sh.getRange('A2').getValue()).toBe('A-1');
  });

  test('formulas, quoted text, typed text and grid growth by inserted rows and columns', () => {
    const { ss, model } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    sh.getRange('E2').setValue('=C2*2');
    expect(sh.getRange('E2').getValue()).toBe(50);
    expect(sh.getRange('E2').getFormula()).toBe('=C2*2');
    sh.getRange('C2').setValue(30);
    expect(sh.getRange('E2').getValue()).toBe(60);
    sh.getRange('F2').setValue("'=not a formula");
    expect(sh.getRange('F2').getValue()).toBe('=not a formula');
    expect(sh.getRange('F2').getFormula()).toBe('');
    sh.getRange('G2').setValues([['TRUE']]);
    expect(sh.getRange('G2').getValue()).toBe(true);
    sh.getRange('H2').setNumberFormat('@').setValue('00123');
    expect(sh.getRange('H2').getValue()).toBe('00123');
    sh.getRange('I2').setValue('3, 10');
    expect(sh.getRange('I2').getValue()).toBe('3, 10');
    sh.getRange('J2').setValue('=NOSUCH(1)');
    expect(() => sh.getRange('J2').getValue()).toThrow('not implemented in the emulator: formula function NOSUCH');
    sh.getRange('J2').clearContent();
    expect(() => sh.getRange(1200, 30)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    sh.insertRowsAfter(sh.getMaxRows(), 200);
    sh.insertColumnsAfter(sh.getMaxColumns(), 4);
    sh.getRange(1200, 30).setValue('far');
    expect(sh.getMaxRows()).toBe(1200);
    expect(sh.getMaxColumns()).toBe(30);
    expect(sh.getLastRow()).toBe(1200);
    expect(sh.getLastColumn()).toBe(30);
    expect(model.values('Inventory')!.length).toBe(1200);
  });

  test('display values follow number formats in the spreadsheet zone', () => {
    const { ss } = setup(inventory());
    const sh = ss.getSheetByName('Orders')!;
    expect(sh.getRange('B2').getDisplayValue()).toBe('2/20/2026');
    sh.getRange('B2').setNumberFormat('yyyy-mm-dd');
    expect(sh.getRange('B2').getDisplayValues()).toEqual([['2026-02-20']]);
    sh.getRange('C2').setValue(1234.5).setNumberFormat('#,##0.00');
    expect(sh.getRange('C2').getDisplayValue()).toBe('1,234.50');
    sh.getRange('D2').setValue(new Date('2026-03-02T14:05:00Z')).setNumberFormat('yyyy-mm-dd hh:mm');
    expect(sh.getRange('D2').getDisplayValue()).toBe('2026-03-02 09:05');
  });

  test('ranges: geometry, offset, data range, A1', () => {
    const { ss } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    const dr = sh.getDataRange();
    expect(dr.getA1Notation()).toBe('A1:D5');
    expect([dr.getRow(), dr.getColumn(), dr.getNumRows(), dr.getNumColumns(), dr.getLastRow(), dr.getLastColumn()]).toEqual([1, 1, 5, 4, 5, 4]);
    const off = dr.offset(1, 2, 3, 1);
    expect(off.getA1Notation()).toBe('C2:C4');
    expect(off.getValues()).toEqual([[25], [4], [-3]]);
    expect(off.getSheet().getName()).toBe('Inventory');
    expect(ss.getRange('Inventory!B2:B3').getValues()).toEqual([['Amber 100ml'], ['Amber 250ml']]);
    expect(ss.getRange("'Orders'!A1").getValue()).toBe('Order ID');
    expect(sh.getRange('C5').isBlank()).toBe(true);
    expect(() => sh.getRange(0, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sh.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => ss.getRange('Missing!A1')).toThrow('Range not found');
  });

  test('sheets: insert, rename, duplicate names, delete, activate', () => {
    const { ss, app } = setup(inventory());
    const log = ss.insertSheet('Notice log');
    expect(ss.getActiveSheet().getName()).toBe('Notice log');
    expect(() => ss.insertSheet('notice LOG')).toThrow('A sheet with the name "notice LOG" already exists. Please enter another name.');
    const first = ss.insertSheet('First', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['First', 'Inventory', 'Orders', 'Notice log']);
    expect(first.getIndex()).toBe(1);
    log.setName('Log');
    expect(ss.getSheetByName('Notice log')).toBeNull();
    expect(ss.getSheetByName('Log')).toBe(log);
    ss.deleteSheet(first);
    expect(ss.getNumSheets()).toBe(3);
    app.setActiveSheet(ss.getSheetByName('Orders')!);
    expect(app.getActiveSheet().getName()).toBe('Orders');
    ss.getSheetByName('Inventory')!.activate();
    expect(ss.getActiveSheet().getName()).toBe('Inventory');
    const lone = setup();
    expect(() => lone.ss.deleteSheet(lone.ss.getSheets()[0])).toThrow("You can't remove all the sheets in a document.");
  });

  test('rows: append, insert, delete; frozen rows; widths', () => {
    const { ss, model } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    sh.appendRow(['A-5', 'Amber 2l', 0, 5]);
    expect(sh.getLastRow()).toBe(6);
    sh.insertRowsAfter(1, 2);
    expect(model.values('Inventory')!.map((r) => r[0])).toEqual(['SKU', '', '', 'A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
    sh.deleteRows(2, 2);
    sh.insertRowBefore(2);
    sh.deleteRow(2);
    expect(model.values('Inventory')!.map((r) => r[0])).toEqual(['SKU', 'A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
    sh.insertColumnsBefore(1, 1);
    expect(sh.getRange('B1').getValue()).toBe('SKU');
    sh.deleteColumn(1);
    sh.setFrozenRows(1);
    expect(sh.getFrozenRows()).toBe(1);
    sh.setColumnWidth(2, 240);
    expect(sh.getColumnWidth(2)).toBe(240);
    expect(sh.getColumnWidth(3)).toBe(100);
  });

  test('formats read back; clear keeps what it should', () => {
    const { ss } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    const header = sh.getRange('A1:D1');
    header.setBackground('Red').setFontWeight('bold').setFontColor('#FFF').setHorizontalAlignment('center').setWrap(false);
    expect(header.getBackground()).toBe('#ff0000');
    expect(header.getFontWeights()).toEqual([['bold', 'bold', 'bold', 'bold']]);
    expect(header.getFontColor()).toBe('#ffffff');
    expect(header.getHorizontalAlignment()).toBe('center');
    expect(header.getWrap()).toBe(false);
    expect(sh.getRange('A2').getBackground()).toBe('#ffffff');
    expect(sh.getRange('A2').getFontWeight()).toBe('normal');
    header.clearContent();
    expect(header.getValues()).toEqual([['', '', '', '']]);
    expect(header.getBackground()).toBe('#ff0000');
    header.clear();
    expect(header.getBackground()).toBe('#ffffff');
    expect(() => header.setBackground('not a colour')).toThrow('Invalid color');
  });
});

describe('notes', () => {
  test('setNotes sets one note per cell (blank clears), must match the range, and notes move with deleted rows', () => {
    const { ss } = setup(inventory());
    const inv = ss.getSheetByName('Inventory')!;
    inv.getRange('A2:B3').setNotes([
      ['first', ''],
      [null as unknown as string, 'second'],
    ]);
    expect(inv.getRange('A2:B3').getNotes()).toEqual([
      ['first', ''],
      ['', 'second'],
    ]);
    expect(() => inv.getRange('A2:B3').setNotes([['x', 'y']])).toThrow('The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.');
    inv.deleteRow(2);
    expect(inv.getRange('A2:B2').getNotes()).toEqual([['', 'second']]);
    inv.getRange('B2').setNotes([['']]);
    expect(inv.getRange('B2').getNote()).toBe('');
  });
});

describe('strictness and counting', () => {
  test('unknown methods throw the exact message', () => {
    const { ss, app } = setup();
    const range = ss.getSheets()[0].getRange('A1') as unknown as Record<string, () => unknown>;
    expect(() => range.xyz()).toThrow('not implemented in the emulator: Range.xyz');
    expect(() => (app as unknown as Record<string, () => unknown>).openById()).toThrow('not implemented in the emulator: SpreadsheetApp.openById');
    expect(() => (range as Record<string, () => unknown>)._s()).toThrow('not implemented in the emulator: Range._s');
    expect(String(range)).toBe('Range');
    expect(String(ss.getSheets()[0])).toBe('Sheet');
  });

  test('every call is counted once as Class.method', () => {
    const { ss, app, calls } = setup(inventory());
    const sh = app.getActiveSpreadsheet().getSheetByName('Inventory')!;
    const r = sh.getDataRange();
    r.getValues();
    r.getValues();
    sh.getRange(2, 3, 4, 1).setValues([[1], [2], [3], [4]]);
    app.flush();
    expect(calls).toEqual({
      'SpreadsheetApp.getActiveSpreadsheet': 1,
      'Spreadsheet.getSheetByName': 1,
      'Sheet.getDataRange': 1,
      'Range.getValues': 2,
      'Sheet.getRange': 1,
      'Range.setValues': 1,
      'SpreadsheetApp.flush': 1,
    });
    expect(ss).toBeDefined();
  });

  test('chained setters return the counted object', () => {
    const { ss, calls } = setup();
    ss.getSheets()[0].getRange('A1').setValue(1).setBackground('#00ff00').setFontWeight('bold');
    expect(calls['Range.setBackground']).toBe(1);
    expect(calls['Range.setFontWeight']).toBe(1);
  });

  test('getUi comes from the runtime; toasts are recorded', () => {
    const { app, ss, model, ui } = setup();
    expect(app.getUi()).toBe(ui);
    ss.toast('Done', 'Backorder Desk');
    expect(model.toasts).toEqual([{ message: 'Done', title: 'Backorder Desk', timeoutSeconds: 5, at: new Date('2026-03-02T14:00:00Z') }]);
  });

  test('values from another realm (the script context) are accepted', () => {
    const { ss, model } = setup();
    const foreign = runInNewContext('[[new Date(Date.UTC(2026, 2, 1, 15)), 1, "x"]]');
    ss.getSheets()[0].getRange('A1:C1').setValues(foreign);
    const v = model.values('Sheet1')![0];
    expect(v[0]).toBeInstanceOf(Date);
    expect((v[0] as Date).toISOString()).toBe('2026-03-01T15:00:00.000Z');
  });
});

describe('scale', () => {
  test('50,000 x 14 read and a column block write stay plain-array fast', () => {
    const rows = 50000;
    const values: (string | number | Date)[][] = [];
    for (let i = 0; i < rows; i++) {
      const r: (string | number | Date)[] = [];
      for (let c = 0; c < 14; c++) r.push(c === 1 ? new Date(Date.UTC(2026, 0, 1 + (i % 60))) : c % 2 ? i : `v${i}-${c}`);
      values.push(r);
    }
    const { ss, calls } = setup({ name: 'Big', timeZone: 'America/New_York', sheets: [{ name: 'Orders', values }] });
    const sh = ss.getSheetByName('Orders')!;
    const all = sh.getDataRange().getValues();
    expect(all.length).toBe(rows);
    expect(all[49999][13]).toBe(49999);
    const block = all.map((r) => [`${r[0]}!`]);
    sh.getRange(1, 12, rows, 1).setValues(block);
    expect(sh.getRange(rows, 12).getValue()).toBe('v49999-0!');
    expect(calls['Range.setValues']).toBe(1);
  });
});

describe('persistence', () => {
  test('save -> load keeps values, dates, formulas, formats and sheet settings', () => {
    const { ss, model } = setup(inventory());
    const sh = ss.getSheetByName('Inventory')!;
    sh.getRange('E2').setFormula('=C2+1');
    sh.getRange('A1:D1').setFontWeight('bold').setBackground('#cccccc');
    sh.setFrozenRows(1);
    sh.setColumnWidth(2, 200);
    ss.setSpreadsheetTimeZone('Europe/London');
    const json = workbookToJson(model.toWorkbook());
    const again = setup(workbookFromJson(json));
    expect(again.model.values('Inventory')).toEqual(model.values('Inventory'));
    expect(again.model.values('Orders')).toEqual(model.values('Orders'));
    const sh2 = again.ss.getSheetByName('Inventory')!;
    expect(sh2.getRange('E2').getFormula()).toBe('=C2+1');
    expect(sh2.getRange('E2').getValue()).toBe(26);
    expect(sh2.getRange('B1').getFontWeight()).toBe('bold');
    expect(sh2.getRange('B1').getBackground()).toBe('#cccccc');
    expect(sh2.getFrozenRows()).toBe(1);
    expect(sh2.getColumnWidth(2)).toBe(200);
    expect(again.ss.getSpreadsheetTimeZone()).toBe('Europe/London');
    expect(workbookToJson(again.model.toWorkbook())).toBe(json);
  });
});
