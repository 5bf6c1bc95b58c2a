import { type EvalContext, FormulaError, type Scalar, evaluateFormula, formulaHolds, isValidFormula } from '../../emulator/spreadsheet/formula';

/** A tiny grid: cells by A1 name. */
function ctx(cells: Record<string, Scalar>, extra: Partial<EvalContext> = {}): EvalContext {
  return {
    timeZone: 'America/New_York',
    now: () => new Date('2026-03-02T14:00:00Z'),
    gridSize: () => ({ rows: 20, cols: 10 }),
    cell: (sheet, row, col) => {
      const key = `${sheet ? sheet + '!' : ''}${String.fromCharCode(64 + col)}${row}`;
      return key in cells ? cells[key] : null;
    },
    ...extra,
  };
}

const ev = (f: string, cells: Record<string, Scalar> = {}, extra: Partial<EvalContext> = {}) => evaluateFormula(f, ctx(cells, extra));

describe('formula evaluator', () => {
  test('literals, arithmetic, precedence, concatenation', () => {
    expect(ev('=1+2*3')).toBe(7);
    expect(ev('=(1+2)*3')).toBe(9);
    expect(ev('=-2^2')).toBe(4);
    expect(ev('=10/4')).toBe(2.5);
    expect(ev('="a"&1&TRUE')).toBe('a1TRUE');
    expect(ev('=50%')).toBe(0.5);
    expect(ev('="3"+1')).toBe(4);
    expect(ev('=TRUE+1')).toBe(2);
  });

  test('comparisons follow Sheets: case-insensitive text, numbers below text', () => {
    expect(ev('="abc"="ABC"')).toBe(true);
    expect(ev('=1<"a"')).toBe(true);
    expect(ev('=2<>2')).toBe(false);
    expect(ev('=3>=3')).toBe(true);
    expect(ev('="b">"a"')).toBe(true);
  });

  test('empty cells: 0 in numeric comparison, "" in text comparison', () => {
    expect(ev('=D2<=0')).toBe(true);
    expect(ev('=D2=0')).toBe(true);
    expect(ev('=D2=""')).toBe(true);
    expect(ev('=D2+5')).toBe(5);
    expect(ev('=AND(ISNUMBER(D2),D2<=0)')).toBe(false);
    expect(ev('=D2')).toBeNull();
  });

  test('references: relative parts move with the offset, $ parts do not', () => {
    const cells = { D2: 5, D3: -1, A1: 100 };
    expect(ev('=$D2<=0', cells)).toBe(false);
    expect(ev('=$D2<=0', cells, { rowOffset: 1 })).toBe(true);
    expect(ev('=D$2', cells, { rowOffset: 1 })).toBe(5);
    expect(ev('=$A$1+D2', cells, { rowOffset: 1, colOffset: 0 })).toBe(99);
    expect(ev('=A1', cells, { rowOffset: -1 })).toEqual(new FormulaError('#REF!'));
    expect(ev("='Other sheet'!A1+Other!A1", { 'Other sheet!A1': 1, 'Other!A1': 2 })).toBe(3);
  });

  test('functions', () => {
    const cells: Record<string, Scalar> = { A1: 3, A2: 'x', A3: true, B1: '  a   b ', C1: 7, C2: -2 };
    expect(ev('=AND(TRUE,1,A3)', cells)).toBe(true);
    expect(ev('=OR(FALSE,0)', cells)).toBe(false);
    expect(ev('=NOT(A3)', cells)).toBe(false);
    expect(ev('=IF(A1>2,"big","small")', cells)).toBe('big');
    expect(ev('=IF(A1>5,"big")', cells)).toBe(false);
    expect(ev('=ISBLANK(Z9)', cells)).toBe(true);
    expect(ev('=ISBLANK(A2)', cells)).toBe(false);
    expect(ev('=ISNUMBER(A1)', cells)).toBe(true);
    expect(ev('=ISTEXT(A2)', cells)).toBe(true);
    expect(ev('=N(A2)+N(A3)', cells)).toBe(1);
    expect(ev('=VALUE("12.5")')).toBe(12.5);
    expect(ev('=VALUE("abc")')).toEqual(new FormulaError('#VALUE!'));
    expect(ev('=LEN(TRIM(B1))', cells)).toBe(3);
    expect(ev('=UPPER("bo")&LOWER("OK")')).toBe('BOok');
    expect(ev('=MIN(C1:C2)', cells)).toBe(-2);
    expect(ev('=MAX(C1:C2,10)', cells)).toBe(10);
    expect(ev('=ABS(C2)', cells)).toBe(2);
    expect(ev('=ROUND(2.345,2)')).toBe(2.35);
    expect(ev('=ROUND(-2.5)')).toBe(-3);
    expect(ev('=INT(-2.5)')).toBe(-3);
    expect(ev('=IFERROR(1/0,"none")')).toBe('none');
    expect(ev('=IFERROR(4,"none")')).toBe(4);
  });

  test('TODAY is midnight of the emulated day in the spreadsheet zone', () => {
    const today = ev('=TODAY()') as Date;
    expect(today).toBeInstanceOf(Date);
    expect(today.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(ev('=TODAY()-A1', { A1: new Date('2026-02-27T05:00:00Z') })).toBe(3);
    expect(ev('=A1<TODAY()', { A1: new Date('2026-03-01T18:00:00Z') })).toBe(true);
  });

  test('errors are values, never exceptions (a function the emulator lacks is not a formula error)', () => {
    expect(() => ev('=NOSUCH(1)')).toThrow('not implemented in the emulator: formula function NOSUCH');
    expect(ev('=foo')).toEqual(new FormulaError('#NAME?'));
    expect(ev('=1/0')).toEqual(new FormulaError('#DIV/0!'));
    expect(ev('="a"*2')).toEqual(new FormulaError('#VALUE!'));
    expect(ev('=(1+')).toEqual(new FormulaError('#ERROR!'));
    expect(ev('=foo+1')).toEqual(new FormulaError('#NAME?'));
    expect(isValidFormula('=(1+')).toBe(false);
    expect(isValidFormula('=AND($D2<=0, ISNUMBER($D2))')).toBe(true);
  });

  test('formulaHolds: TRUE or non-zero; errors and text do not hold', () => {
    expect(formulaHolds('=1', ctx({}))).toBe(true);
    expect(formulaHolds('=0', ctx({}))).toBe(false);
    expect(formulaHolds('="TRUE"', ctx({}))).toBe(false);
    expect(formulaHolds('=foo', ctx({}))).toBe(false);
  });
});
