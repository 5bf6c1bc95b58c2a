/**
 * Notices marks are written through an Orders table anchored by Order ID and SKU: a sort, an inserted
 * row or a moved column between the read and the write never puts a mark on another line.
 */
import { Cell, readTable } from '../../src/sheet/table';

/** A sheet of values with just the calls Table makes (getDataRange().getValues(), getRange().setValues()). */
function sheetOf(values: Cell[][]) {
  const calls: string[] = [];
  const sheet = {
    values,
    calls,
    getDataRange: () => ({
      getValues: () => {
        calls.push('getValues');
        return sheet.values.map((r) => [...r]);
      },
    }),
    getRange: (row: number, col: number, rows: number, cols: number) => ({
      setValues: (block: Cell[][]) => {
        calls.push(`setValues ${row},${col} ${rows}x${cols}`);
        block.forEach((r, i) => r.forEach((v, j) => (sheet.values[row - 1 + i][col - 1 + j] = v)));
      },
    }),
  };
  return sheet;
}

const HEAD = ['Order ID', 'SKU', 'Qty', 'Notices sent'];
const rows = (): Cell[][] => [HEAD, ['A', 'X', 1, ''], ['B', 'Y', 2, ''], ['B', 'Y', 5, ''], ['C', 'Z', 1, '3']];
const marksOf = (values: Cell[][]) => Object.fromEntries(values.slice(1).map((r) => [`${r[0]}/${r[1]}/${r[2]}`, r[3]]));

function setUp() {
  const sheet = sheetOf(rows());
  const t = readTable(sheet as unknown as GoogleAppsScript.Spreadsheet.Sheet, ['Order ID', 'SKU']).anchorBy(['Order ID', 'SKU']);
  t.set(1, 'Notices sent', '10'); // B/Y qty 2
  t.set(3, 'Notices sent', '3, 10'); // C/Z
  return { sheet, t };
}

describe('anchored flush', () => {
  test('rows in place: one re-read, one block per column', () => {
    const { sheet, t } = setUp();
    sheet.calls.length = 0;
    t.flush();
    expect(sheet.calls).toEqual(['getValues', 'setValues 3,4 3x1']);
    expect(marksOf(sheet.values)).toEqual({ 'A/X/1': '', 'B/Y/2': '10', 'B/Y/5': '', 'C/Z/1': '3, 10' });
    expect(t.unmatched).toEqual([]);
  });

  test('a row inserted at the top and the rest sorted: each mark on its own line, duplicates told apart by content', () => {
    const { sheet, t } = setUp();
    sheet.values = [HEAD, ['N', 'W', 9, 'typed by someone'], ['C', 'Z', 1, '3'], ['B', 'Y', 5, ''], ['A', 'X', 1, ''], ['B', 'Y', 2, '']];
    t.flush();
    expect(marksOf(sheet.values)).toEqual({ 'N/W/9': 'typed by someone', 'C/Z/1': '3, 10', 'B/Y/5': '', 'A/X/1': '', 'B/Y/2': '10' });
    expect(t.unmatched).toEqual([]);
  });

  test('a column moved: the mark goes into the column by its header', () => {
    const { sheet, t } = setUp();
    sheet.values = sheet.values.map((r) => [r[3], r[0], r[1], r[2]]);
    t.flush();
    expect(sheet.values.slice(1).map((r) => r[0])).toEqual(['', '10', '', '3, 10']);
  });

  test('another column edited meanwhile: found by Order ID and SKU alone when that is unique', () => {
    const { sheet, t } = setUp();
    sheet.values[4][2] = 4; // C/Z Qty changed
    sheet.values.splice(1, 0, ['N', 'W', 9, '']);
    t.flush();
    expect(sheet.values[5]).toEqual(['C', 'Z', 4, '3, 10']);
    expect(t.unmatched).toEqual([]);
  });

  test('a line that is gone or changed beyond recognition is not written and is listed', () => {
    const { sheet, t } = setUp();
    sheet.values[4][1] = 'ZZ'; // C's SKU changed
    t.flush();
    expect(sheet.values[4]).toEqual(['C', 'ZZ', 1, '3']);
    expect(sheet.values[2][3]).toBe('10');
    expect(t.unmatched).toEqual([3]);
  });
});
