import { SpreadsheetModel, type SpreadsheetHooks } from '../../emulator/spreadsheet';
import { type WorkbookData, workbookFromJson, workbookToJson } from '../../emulator/workbook';

function setup(data?: WorkbookData) {
  const calls: Record<string, number> = {};
  const hooks: SpreadsheetHooks = {
    count: (k) => {
      calls[k] = (calls[k] ?? 0) + 1;
    },
    getUi: () => ({}) as GoogleAppsScript.Base.Ui,
    now: () => new Date('2026-03-02T14:00:00Z'),
  };
  const model = new SpreadsheetModel(data, hooks);
  return { model, calls, app: model.app, ss: model.spreadsheet };
}

const inventory = (): WorkbookData => ({
  name: 'Shop',
  timeZone: 'America/New_York',
  sheets: [
    {
      name: 'Inventory',
      values: [
        ['SKU', 'Product', 'Status', 'Available', 'Low at'],
        ['A-1', 'Amber 100ml', 'In stock', 25, 10],
        ['A-2', 'Amber 250ml', 'Low', 4, 10],
        ['A-3', 'Amber 500ml', 'Out of stock', -3, 10],
        ['A-4', 'Amber 1l', '', '', 10],
      ],
    },
  ],
});

/** The stock colours: red at or below 0, yellow at or below "Low at", green above. */
function colourRules(app: GoogleAppsScript.Spreadsheet.SpreadsheetApp, sheet: GoogleAppsScript.Spreadsheet.Sheet) {
  const range = sheet.getRange('D2:D1000');
  return [
    app.newConditionalFormatRule().whenFormulaSatisfied('=AND(ISNUMBER($D2),$D2<=0)').setBackground('#f4c7c3').setFontColor('#a50e0e').setBold(true).setRanges([range]).build(),
    app.newConditionalFormatRule().whenFormulaSatisfied('=AND(ISNUMBER($D2),$D2<=$E2)').setBackground('#fce8b2').setRanges([range]).build(),
    app.newConditionalFormatRule().whenNumberGreaterThan(0).setBackground('#b7e1cd').setRanges([range]).build(),
  ];
}

describe('conditional format rules', () => {
  test('evaluated per row with relative references; first matching rule wins', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    sheet.setConditionalFormatRules(colourRules(app, sheet));
    expect(model.cellFormat('Inventory', 2, 4)).toEqual({ background: '#b7e1cd', fontColor: null, bold: false });
    expect(model.cellFormat('Inventory', 3, 4)).toEqual({ background: '#fce8b2', fontColor: null, bold: false });
    expect(model.cellFormat('Inventory', 4, 4)).toEqual({ background: '#f4c7c3', fontColor: '#a50e0e', bold: true });
    // Empty D5: the ISNUMBER guard keeps it uncoloured although an empty cell compares as 0.
    expect(model.cellFormat('Inventory', 5, 4)).toEqual({ background: null, fontColor: null, bold: false });
    // Outside the rule's range nothing applies.
    expect(model.cellFormat('Inventory', 4, 3)).toEqual({ background: null, fontColor: null, bold: false });
    // Rules follow the data.
    sheet.getRange('D2').setValue(-1);
    expect(model.cellFormat('Inventory', 2, 4).background).toBe('#f4c7c3');
  });

  test('a formula without a guard colours empty cells, as in Sheets', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    const rule = app.newConditionalFormatRule().whenFormulaSatisfied('=$D2<=0').setBackground('red').setRanges([sheet.getRange('A2:E5')]).build();
    sheet.setConditionalFormatRules([rule]);
    expect(model.cellFormat('Inventory', 5, 1).background).toBe('#ff0000');
    expect(model.cellFormat('Inventory', 2, 1).background).toBe(null);
  });

  test('text, empty and number conditions', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    const status = sheet.getRange('C2:C5');
    sheet.setConditionalFormatRules([
      app.newConditionalFormatRule().whenTextEqualTo('out of stock').setFontColor('#ff0000').setRanges([status]).build(),
      app.newConditionalFormatRule().whenCellEmpty().setBackground('#eeeeee').setRanges([status]).build(),
      app.newConditionalFormatRule().whenNumberBetween(1, 10).setBackground('#ffff00').setRanges([sheet.getRange('D2:D5')]).build(),
      app.newConditionalFormatRule().whenNumberLessThanOrEqualTo(0).setBackground('#ff0000').setRanges([sheet.getRange('D2:D5')]).build(),
    ]);
    expect(model.cellFormat('Inventory', 4, 3).fontColor).toBe('#ff0000');
    expect(model.cellFormat('Inventory', 5, 3).background).toBe('#eeeeee');
    expect(model.cellFormat('Inventory', 3, 4).background).toBe('#ffff00');
    expect(model.cellFormat('Inventory', 4, 4).background).toBe('#ff0000');
    expect(model.cellFormat('Inventory', 5, 4).background).toBe(null); // empty is not a number
  });

  test('rules read back; setConditionalFormatRules replaces all of them', () => {
    const { app, ss } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    sheet.setConditionalFormatRules(colourRules(app, sheet));
    const rules = sheet.getConditionalFormatRules();
    expect(rules).toHaveLength(3);
    const cond = rules[0].getBooleanCondition()!;
    expect(cond.getCriteriaType()).toBe(app.BooleanCriteria.CUSTOM_FORMULA);
    expect(String(cond.getCriteriaType())).toBe('CUSTOM_FORMULA');
    expect(cond.getCriteriaValues()).toEqual(['=AND(ISNUMBER($D2),$D2<=0)']);
    expect(cond.getBackground()).toBe('#f4c7c3');
    expect(cond.getFontColor()).toBe('#a50e0e');
    expect(cond.getBold()).toBe(true);
    expect(rules[2].getBooleanCondition()!.getCriteriaType()).toBe(app.BooleanCriteria.NUMBER_GREATER_THAN);
    expect(rules[0].getRanges().map((r) => r.getA1Notation())).toEqual(['D2:D1000']);
    // Keep the rules we do not own, replace ours.
    const other = app.newConditionalFormatRule().whenCellNotEmpty().setBold(true).setRanges([sheet.getRange('A1:E1')]).build();
    sheet.setConditionalFormatRules([other]);
    expect(sheet.getConditionalFormatRules()).toHaveLength(1);
    const kept = sheet.getConditionalFormatRules();
    kept.push(rules[1].copy().setBackground('#000000').build());
    sheet.setConditionalFormatRules(kept);
    const now = sheet.getConditionalFormatRules();
    expect(now).toHaveLength(2);
    expect(now[1].getBooleanCondition()!.getBackground()).toBe('#000000');
    expect(now[1].getRanges()[0].getA1Notation()).toBe('D2:D1000');
    sheet.setConditionalFormatRules([]);
    expect(sheet.getConditionalFormatRules()).toEqual([]);
  });

  test('rule ranges move with inserted and deleted rows', () => {
    const { app, ss } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    sheet.setConditionalFormatRules(colourRules(app, sheet));
    sheet.insertRowsBefore(1, 2);
    expect(sheet.getConditionalFormatRules()[0].getRanges()[0].getA1Notation()).toBe('D4:D1002');
    sheet.deleteRows(1, 2);
    expect(sheet.getConditionalFormatRules()[0].getRanges()[0].getA1Notation()).toBe('D2:D1000');
  });

  test('a rule without a condition cannot be built; ranges on another sheet are refused', () => {
    const { app, ss } = setup(inventory());
    expect(() => app.newConditionalFormatRule().setBackground('#ffffff').build()).toThrow('needs a condition');
    const other = ss.insertSheet('Other');
    const rule = app.newConditionalFormatRule().whenCellEmpty().setRanges([other.getRange('A1')]).build();
    expect(() => ss.getSheetByName('Inventory')!.setConditionalFormatRules([rule])).toThrow('only refer to ranges on the sheet');
  });
});

describe('data validation', () => {
  test('value lists: builder, getters, validationError and refused user edits', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    const rule = app
      .newDataValidation()
      .requireValueInList(['In stock', 'Low', 'Out of stock'], true)
      .setAllowInvalid(false)
      .setHelpText('Pick a status from the list.')
      .build();
    sheet.getRange('C2:C1000').setDataValidation(rule);
    const read = sheet.getRange('C3').getDataValidation()!;
    expect(read.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(read.getCriteriaValues()).toEqual([['In stock', 'Low', 'Out of stock'], true]);
    expect(read.getAllowInvalid()).toBe(false);
    expect(read.getHelpText()).toBe('Pick a status from the list.');
    expect(sheet.getRange('B3').getDataValidation()).toBeNull();
    expect(model.validationError('Inventory', 3, 3, 'Low')).toBeNull();
    expect(model.validationError('Inventory', 3, 3, 'Soon')).toBe('Pick a status from the list.');
    expect(model.validationError('Inventory', 3, 3, '')).toBeNull();
    expect(model.validationError('Inventory', 3, 2, 'anything')).toBeNull();
    // Script writes are not blocked.
    sheet.getRange('C3').setValue('Soon');
    expect(sheet.getRange('C3').getValue()).toBe('Soon');
    // A person's invalid edit is refused and changes nothing.
    expect(() => model.userEdit('Inventory', 'C2:C3', [['Low'], ['Maybe']])).toThrow('Pick a status from the list.');
    expect(sheet.getRange('C2').getValue()).toBe('In stock');
    sheet.getRange('C2:C1000').clearDataValidations();
    expect(sheet.getRange('C2').getDataValidation()).toBeNull();
  });

  test('whole numbers with a custom formula relative to the range top-left', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    sheet.getRange('D2:D1000').setDataValidation(
      app.newDataValidation().requireFormulaSatisfied('=AND(ISNUMBER(D2),INT(D2)=D2)').setAllowInvalid(false).setHelpText('Whole units only.').build(),
    );
    expect(model.validationError('Inventory', 7, 4, -3)).toBeNull();
    expect(model.validationError('Inventory', 7, 4, 2.5)).toBe('Whole units only.');
    expect(model.validationError('Inventory', 7, 4, 'lots')).toBe('Whole units only.');
    expect(model.validationError('Inventory', 7, 4, '12')).toBeNull(); // typed text is read as a number
    expect(() => model.userEdit('Inventory', 'D4', [[1.5]])).toThrow('Whole units only.');
    const ev = model.userEdit('Inventory', 'D4', [['-7']]);
    expect(ss.getSheetByName('Inventory')!.getRange('D4').getValue()).toBe(-7);
    expect(ev.value).toBe('-7');
    expect(ev.oldValue).toBe('-3');
  });

  test('numbers, dates, allowInvalid and copy', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    const between = app.newDataValidation().requireNumberBetween(0, 100).build();
    expect(between.getAllowInvalid()).toBe(true);
    expect(between.getCriteriaValues()).toEqual([0, 100]);
    sheet.getRange('E2:E5').setDataValidation(between);
    expect(model.validationError('Inventory', 2, 5, 101)).toBe('Input must be a number between the specified values');
    expect(() => model.userEdit('Inventory', 'E2', [[101]])).not.toThrow(); // allowInvalid: a warning, not a refusal
    const strict = between.copy().setAllowInvalid(false).build();
    expect(strict.getAllowInvalid()).toBe(false);
    expect(between.getAllowInvalid()).toBe(true); // copy() leaves the original alone
    sheet.getRange('E3').setDataValidation(strict);
    expect(() => model.userEdit('Inventory', 'E3', [[101]])).toThrow('Input must be a number between the specified values');
    sheet.getRange('F2').setDataValidation(app.newDataValidation().requireDate().setAllowInvalid(false).build());
    expect(model.validationError('Inventory', 2, 6, new Date())).toBeNull();
    expect(model.validationError('Inventory', 2, 6, '2026-04-01')).toBeNull();
    expect(model.validationError('Inventory', 2, 6, 'next week')).toBe('Input must be a valid date');
    expect(sheet.getRange('F2').getDataValidation()!.getCriteriaType()).toBe(app.DataValidationCriteria.DATE_IS_VALID_DATE);
  });
});

describe('protections', () => {
  test('range and sheet protections read back and can be removed', () => {
    const { app, ss } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    const p = sheet.getRange('C2:C1000').protect().setDescription('Status is kept by Backorder Desk').setWarningOnly(true);
    expect(p.isWarningOnly()).toBe(true);
    expect(p.getDescription()).toBe('Status is kept by Backorder Desk');
    expect(p.getRange().getA1Notation()).toBe('C2:C1000');
    expect(p.getProtectionType()).toBe(app.ProtectionType.RANGE);
    const found = sheet.getProtections(app.ProtectionType.RANGE);
    expect(found).toHaveLength(1);
    expect(found[0].getDescription()).toBe('Status is kept by Backorder Desk');
    expect(sheet.getProtections(app.ProtectionType.SHEET)).toEqual([]);
    const whole = sheet.protect().setDescription('Inventory');
    expect(sheet.protect().getDescription()).toBe('Inventory'); // one sheet protection per sheet
    expect(whole.getRange().getA1Notation()).toBe('A1:Z1000');
    expect(ss.getProtections(app.ProtectionType.SHEET)).toHaveLength(1);
    found[0].remove();
    expect(sheet.getProtections(app.ProtectionType.RANGE)).toEqual([]);
    expect(() => p.setDescription('gone')).toThrow('This protection has been removed.');
  });
});

describe('round trip through the workbook file', () => {
  test('rules, validation and protections survive save and load', () => {
    const { app, ss, model } = setup(inventory());
    const sheet = ss.getSheetByName('Inventory')!;
    sheet.setConditionalFormatRules(colourRules(app, sheet));
    sheet.getRange('C2:C1000').setDataValidation(app.newDataValidation().requireValueInList(['In stock', 'Low', 'Out of stock']).setAllowInvalid(false).setHelpText('Pick one.').build());
    sheet.getRange('G2').setDataValidation(app.newDataValidation().requireDateAfter(new Date('2026-01-01T05:00:00Z')).build());
    sheet.getRange('C2:C1000').protect().setDescription('Kept by the add-on').setWarningOnly(true);
    const again = setup(workbookFromJson(workbookToJson(model.toWorkbook())));
    const s2 = again.ss.getSheetByName('Inventory')!;
    expect(again.model.cellFormat('Inventory', 4, 4)).toEqual(model.cellFormat('Inventory', 4, 4));
    expect(again.model.cellFormat('Inventory', 3, 4).background).toBe('#fce8b2');
    const rules = s2.getConditionalFormatRules();
    expect(rules.map((r) => r.getBooleanCondition()!.getCriteriaValues())).toEqual(sheet.getConditionalFormatRules().map((r) => r.getBooleanCondition()!.getCriteriaValues()));
    expect(again.model.validationError('Inventory', 500, 3, 'Nope')).toBe('Pick one.');
    const dateRule = s2.getRange('G2').getDataValidation()!;
    expect((dateRule.getCriteriaValues()[0] as Date).toISOString()).toBe('2026-01-01T05:00:00.000Z');
    const prot = s2.getProtections(again.app.ProtectionType.RANGE);
    expect(prot.map((p) => [p.getDescription(), p.isWarningOnly(), p.getRange().getA1Notation()])).toEqual([['Kept by the add-on', true, 'C2:C1000']]);
  });
});

describe('user edits', () => {
  test('oldValue/value only for a single cell; no calls counted', () => {
    const { model, calls } = setup(inventory());
    const one = model.userEdit('Inventory', 'D3', [[0]]);
    expect(one.oldValue).toBe('4');
    expect(one.value).toBe('0');
    const many = model.userEdit('Inventory', 'D2:D3', [[1], [2]]);
    expect(many.oldValue).toBeUndefined();
    expect(many.value).toBeUndefined();
    expect(Object.keys(calls)).toEqual([]);
    expect(many.range.getA1Notation()).toBe('D2:D3');
    expect(calls['Range.getA1Notation']).toBe(1);
    const cleared = model.userEdit('Inventory', 'B2', [['']]);
    expect(cleared.oldValue).toBe('Amber 100ml');
    expect('value' in cleared).toBe(false);
    expect(() => model.userEdit('Nope', 'A1', [[1]])).toThrow('Sheet not found: Nope');
  });
});
