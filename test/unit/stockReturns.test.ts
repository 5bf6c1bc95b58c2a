/**
 * Units given back to stock when a line is cancelled: Available is read again at the write, so a person's edit
 * made during the run is added to, never overwritten; only the Available cells of the SKUs concerned change.
 */
import { returnUnitsToStock } from '../../src/sheet/stockReturns';
import type { Cell } from '../../src/sheet/table';

function spreadsheetOf(values: Cell[][]) {
  const calls: string[] = [];
  const sheet = {
    getDataRange: () => ({ getValues: () => (calls.push('getValues'), values.map((r) => [...r])) }),
    getRange: (row: number, col: number, rows: number, cols: number) => ({
      setValues: (block: Cell[][]) => {
        calls.push(`setValues ${row},${col} ${rows}x${cols}`);
        block.forEach((r, i) => r.forEach((v, j) => (values[row - 1 + i][col - 1 + j] = v)));
      },
    }),
  };
  return { ss: { getSheetByName: (n: string) => (n === 'Inventory' ? sheet : null) } as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet, calls, values };
}

const inventory = (): Cell[][] => [
  ['SKU', 'Product', 'Available'],
  ['OIL-1', 'Olive Oil', -4],
  ['VIN-1', 'Vinegar', 7],
  ['SYR-1', 'Syrup', 'n/a'],
  ['HOT-1', 'Hot Sauce', -1],
];

describe('returnUnitsToStock', () => {
  test('adds the units to the current values, in one read and one write of the Available column', () => {
    const { ss, calls, values } = spreadsheetOf(inventory());
    values[4][2] = 5; // a person typed a new count for HOT-1 while the run worked
    const changes = returnUnitsToStock(ss, new Map([['OIL-1', 2], ['HOT-1', 1]]));
    expect(changes).toEqual([
      { sku: 'OIL-1', before: -4, after: -2 },
      { sku: 'HOT-1', before: 5, after: 6 },
    ]);
    expect(values.map((r) => r[2])).toEqual(['Available', -2, 7, 'n/a', 6]);
    expect(calls).toEqual(['getValues', 'setValues 2,3 4x1']);
  });

  test('a SKU not on Inventory, or whose Available is not a number, is left out; nothing to return reads nothing', () => {
    const { ss, calls, values } = spreadsheetOf(inventory());
    expect(returnUnitsToStock(ss, new Map([['NOPE-1', 2], ['SYR-1', 1]]))).toEqual([]);
    expect(values).toEqual(inventory());
    expect(calls).toEqual(['getValues']);
    const again = spreadsheetOf(inventory());
    expect(returnUnitsToStock(again.ss, new Map())).toEqual([]);
    expect(again.calls).toEqual([]);
  });
});
