/**
 * The in-memory state of a spreadsheet: sheets as layers of plain arrays (values, formulas,
 * formats, validation), conditional-format rules and protections. Script-facing objects
 * (objects.ts) read and write through this; nothing here counts calls.
 */
import type { CellValue, SheetData } from '../workbook';
import type { GridRange } from './a1';
import { type EvalContext, FormulaError, type Scalar, evaluateFormula } from './formula';
import { MAYBE_TYPED, isDateValue, parseTyped } from './format';
import { Layer } from './layer';

export const FORMAT_PROPS = ['background', 'fontColor', 'fontWeight', 'fontStyle', 'numberFormat', 'horizontalAlignment', 'verticalAlignment', 'wrap', 'note'] as const;
export type FormatProp = (typeof FORMAT_PROPS)[number];

export interface ConditionData {
  /** A BooleanCriteria name, e.g. "CUSTOM_FORMULA". */
  type: string;
  values: unknown[];
}

export interface RuleData {
  condition: ConditionData | null;
  ranges: GridRange[];
  background: string | null;
  fontColor: string | null;
  bold: boolean | null;
  italic: boolean | null;
  strikethrough: boolean | null;
  underline: boolean | null;
}

export interface ValidationData {
  /** A DataValidationCriteria name, e.g. "VALUE_IN_LIST". */
  type: string;
  values: unknown[];
  allowInvalid: boolean;
  helpText: string;
}

/** Validation of one cell: the rule and the top-left cell of the range it was set on (custom formulas are relative to it). */
export interface ValidationEntry {
  rule: ValidationData;
  anchorRow: number;
  anchorCol: number;
}

export interface ProtectionData {
  id: number;
  type: 'RANGE' | 'SHEET';
  /** RANGE: the protected cells. */
  range?: GridRange;
  description: string;
  warningOnly: boolean;
  editors: string[];
  domainEdit: boolean;
  unprotected: GridRange[];
}

export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;
export const DEFAULT_COLUMN_WIDTH = 100;

/** Characters a cell holds at most; a longer input is refused whole. */
export const CELL_CHARACTER_LIMIT = 50_000;

/** Throws Sheets' error when any input of a write is longer than a cell holds (checked before anything is written). */
export function checkCellLengths(inputs: readonly unknown[][]): void {
  for (const row of inputs) {
    for (const v of row) {
      if (typeof v === 'string' && v.length > CELL_CHARACTER_LIMIT) {
        throw new Error(`Your input contains more than the maximum of ${CELL_CHARACTER_LIMIT} characters in a single cell.`);
      }
    }
  }
}

export interface BookState {
  timeZone: string;
  now(): Date;
  sheetByName(name: string): SheetState | undefined;
}

export class SheetState {
  values = new Layer<CellValue>();
  formulas = new Layer<string>();
  formats = new Map<FormatProp, Layer<string | boolean>>();
  validation = new Layer<ValidationEntry>();
  rules: RuleData[] = [];
  protections: ProtectionData[] = [];
  frozenRows = 0;
  frozenColumns = 0;
  columnWidths = new Map<number, number>();
  hiddenColumns = new Set<number>();
  hidden = false;
  deleted = false;

  constructor(
    readonly book: BookState,
    public name: string,
    readonly id: number,
    public maxRows = DEFAULT_ROWS,
    public maxColumns = DEFAULT_COLUMNS,
  ) {}

  format(prop: FormatProp): Layer<string | boolean> {
    let l = this.formats.get(prop);
    if (!l) {
      l = new Layer();
      this.formats.set(prop, l);
    }
    return l;
  }

  formatAt(prop: FormatProp, r0: number, c0: number): string | boolean | undefined {
    const l = this.formats.get(prop);
    return l ? l.get(r0, c0) : undefined;
  }

  grow(rows: number, cols: number): void {
    if (rows > this.maxRows) this.maxRows = rows;
    if (cols > this.maxColumns) this.maxColumns = cols;
  }

  // ------------------------------------------------------------ values

  /** The cell's value as getValues returns it (formulas evaluated; the stored Date object itself, copy before handing out). */
  value(r0: number, c0: number): CellValue {
    if (!this.formulas.isEmpty) {
      const f = this.formulas.get(r0, c0);
      if (f !== undefined) return evaluateCell(this, r0, c0, f);
    }
    const v = this.values.get(r0, c0);
    return v === undefined ? '' : v;
  }

  formula(r0: number, c0: number): string {
    return this.formulas.isEmpty ? '' : (this.formulas.get(r0, c0) ?? '');
  }

  /**
   * Writes one cell as Sheets does for setValue(s) and typing: "=..." becomes a formula, "'..."
   * text without the quote, other text is read as a number/boolean/date when it looks like one
   * (unless the cell is formatted as plain text "@"), Dates are kept as date cells.
   */
  write(r0: number, c0: number, input: unknown): void {
    checkCellLengths([[input]]);
    const stored = this.toStored(r0, c0, input);
    if (!this.formulas.isEmpty) this.formulas.set(r0, c0, undefined);
    if (typeof stored === 'object' && stored !== null && 'formula' in stored) {
      this.formulas.set(r0, c0, stored.formula);
      this.values.set(r0, c0, undefined);
    } else {
      this.values.set(r0, c0, stored === '' ? undefined : stored);
    }
  }

  toStored(r0: number, c0: number, input: unknown): CellValue | { formula: string } {
    if (input === null || input === undefined) return '';
    if (typeof input === 'number') return input;
    if (typeof input === 'boolean') return input;
    if (typeof input === 'string') {
      if (input === '') return '';
      const first = input.charCodeAt(0);
      if (first === 61 /* = */ && input.length > 1) return { formula: input };
      if (first === 39 /* ' */) return input.slice(1);
      if (!MAYBE_TYPED.test(input)) return input;
      if (this.formatAt('numberFormat', r0, c0) === '@') return input;
      const typed = parseTyped(input, this.book.timeZone, this.book.now().getTime());
      return typed === undefined ? input : typed;
    }
    if (isDateValue(input)) {
      const ms = input.getTime();
      return Number.isNaN(ms) ? String(input) : new Date(ms);
    }
    return String(input);
  }

  setFormula(r0: number, c0: number, formula: string): void {
    if (formula === '' || formula === null || formula === undefined) {
      this.formulas.set(r0, c0, undefined);
      this.values.set(r0, c0, undefined);
      return;
    }
    const f = String(formula);
    this.write(r0, c0, f.startsWith('=') ? f : `=${f}`);
  }

  hasContent(r0: number, c0: number): boolean {
    return this.values.get(r0, c0) !== undefined || (!this.formulas.isEmpty && this.formulas.get(r0, c0) !== undefined);
  }

  lastRow(): number {
    const rowHas = (row: unknown[] | undefined) => !!row && row.some((v) => v !== undefined && v !== '');
    let last = 0;
    for (let r = this.values.rows.length - 1; r >= 0; r--) {
      if (rowHas(this.values.rows[r])) {
        last = r + 1;
        break;
      }
    }
    for (let r = this.formulas.rows.length - 1; r >= last; r--) {
      if (rowHas(this.formulas.rows[r])) {
        last = r + 1;
        break;
      }
    }
    return last;
  }

  lastColumn(): number {
    let last = 0;
    for (const layer of [this.values, this.formulas] as Layer<unknown>[]) {
      for (const row of layer.rows) {
        if (!row || row.length <= last) continue;
        for (let c = row.length - 1; c >= last; c--) {
          if (row[c] !== undefined && row[c] !== '') {
            last = c + 1;
            break;
          }
        }
      }
    }
    return last;
  }

  clearContent(g: GridRange): void {
    const [r0, c0, r1, c1] = [g.row - 1, g.col - 1, g.row - 1 + g.numRows, g.col - 1 + g.numCols];
    this.values.clearRect(r0, c0, r1, c1);
    this.formulas.clearRect(r0, c0, r1, c1);
  }

  clearFormats(g: GridRange): void {
    const [r0, c0, r1, c1] = [g.row - 1, g.col - 1, g.row - 1 + g.numRows, g.col - 1 + g.numCols];
    for (const [prop, l] of this.formats) if (prop !== 'note') l.clearRect(r0, c0, r1, c1);
  }

  layers(): Layer<unknown>[] {
    return [this.values, this.formulas, this.validation, ...this.formats.values()] as Layer<unknown>[];
  }

  // ------------------------------------------------------------ structure

  insertRows(at: number, n: number): void {
    for (const l of this.layers()) l.insertRows(at - 1, n);
    this.maxRows += n;
    this.adjust('row', at, n);
  }

  deleteRows(at: number, n: number): void {
    for (const l of this.layers()) l.deleteRows(at - 1, n);
    this.maxRows -= n;
    this.adjust('row', at, -n);
  }

  insertColumns(at: number, n: number): void {
    for (const l of this.layers()) l.insertColumns(at - 1, n);
    this.maxColumns += n;
    this.adjust('col', at, n);
    this.shiftColumnMaps(at, n);
  }

  deleteColumns(at: number, n: number): void {
    for (const l of this.layers()) l.deleteColumns(at - 1, n);
    this.maxColumns -= n;
    this.adjust('col', at, -n);
    this.shiftColumnMaps(at, -n);
  }

  private shiftColumnMaps(at: number, n: number): void {
    const widths = new Map<number, number>();
    for (const [c, w] of this.columnWidths) {
      if (c < at) widths.set(c, w);
      else if (n > 0 || c >= at - n) widths.set(c + n, w);
    }
    this.columnWidths = widths;
    const hidden = new Set<number>();
    for (const c of this.hiddenColumns) {
      if (c < at) hidden.add(c);
      else if (n > 0 || c >= at - n) hidden.add(c + n);
    }
    this.hiddenColumns = hidden;
  }

  /** Moves rule and protection ranges and validation anchors after rows/columns were inserted (n>0) or deleted (n<0) at `at`. */
  private adjust(axis: 'row' | 'col', at: number, n: number): void {
    const fix = (g: GridRange): GridRange | null => adjustGrid(g, axis, at, n);
    for (const rule of this.rules) rule.ranges = rule.ranges.map(fix).filter((g): g is GridRange => g !== null);
    this.rules = this.rules.filter((r) => r.ranges.length > 0);
    this.protections = this.protections.filter((p) => {
      if (p.type === 'SHEET') {
        p.unprotected = p.unprotected.map(fix).filter((g): g is GridRange => g !== null);
        return true;
      }
      const g = p.range ? fix(p.range) : null;
      if (!g) return false;
      p.range = g;
      return true;
    });
    const seen = new Set<ValidationEntry>();
    for (const row of this.validation.rows) {
      if (!row) continue;
      for (const e of row) {
        if (!e || seen.has(e)) continue;
        seen.add(e);
        const key = axis === 'row' ? 'anchorRow' : 'anchorCol';
        if (e[key] >= at) e[key] = Math.max(at, e[key] + n);
      }
    }
  }

  // ------------------------------------------------------------ persistence

  toJson(): SheetData {
    const lastRow = this.lastRow();
    const lastCol = this.lastColumn();
    const values: CellValue[][] = [];
    for (let r = 0; r < lastRow; r++) {
      const row: CellValue[] = new Array(lastCol);
      for (let c = 0; c < lastCol; c++) row[c] = copyValue(this.value(r, c));
      values.push(row);
    }
    const out: SheetData = { name: this.name, values, sheetId: this.id, maxRows: this.maxRows, maxColumns: this.maxColumns };
    const formulas = this.formulas.toJson();
    if (formulas) out.formulas = formulas;
    const formats: Record<string, unknown[][]> = {};
    for (const prop of FORMAT_PROPS) {
      const l = this.formats.get(prop);
      const j = l?.toJson();
      if (j) formats[prop] = j;
    }
    if (Object.keys(formats).length) out.formats = formats;
    const entries: ValidationEntry[] = [];
    const index = new Map<ValidationEntry, number>();
    const cells = this.validation.toJson((e) => {
      let i = index.get(e);
      if (i === undefined) {
        i = entries.length;
        index.set(e, i);
        entries.push(e);
      }
      return i;
    });
    if (cells) {
      out.validations = entries.map((e) => ({ ...e.rule, anchorRow: e.anchorRow, anchorCol: e.anchorCol }));
      out.validationCells = cells;
    }
    if (this.rules.length) out.conditionalFormatRules = this.rules.map((r) => ({ ...r, ranges: r.ranges.map((g) => ({ ...g })) }));
    if (this.protections.length) out.protections = this.protections.map((p) => ({ ...p }));
    if (this.frozenRows) out.frozenRows = this.frozenRows;
    if (this.frozenColumns) out.frozenColumns = this.frozenColumns;
    if (this.columnWidths.size) out.columnWidths = Object.fromEntries(this.columnWidths);
    if (this.hiddenColumns.size) out.hiddenColumns = [...this.hiddenColumns];
    if (this.hidden) out.hidden = true;
    return out;
  }

  static fromJson(book: BookState, data: SheetData, id: number): SheetState {
    const rows = Array.isArray(data.values) ? data.values : [];
    const width = rows.reduce((m, r) => Math.max(m, Array.isArray(r) ? r.length : 0), 0);
    const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : d);
    const s = new SheetState(
      book,
      String(data.name),
      typeof data.sheetId === 'number' ? data.sheetId : id,
      Math.max(num(data.maxRows, DEFAULT_ROWS), rows.length),
      Math.max(num(data.maxColumns, DEFAULT_COLUMNS), width),
    );
    const formulas = Layer.fromJson<string>(data.formulas, (v) => (typeof v === 'string' && v !== '' ? v : undefined));
    rows.forEach((row, r) => {
      if (!Array.isArray(row)) return;
      const target: Array<CellValue | undefined> = new Array(row.length);
      for (let c = 0; c < row.length; c++) {
        const v = row[c] as unknown;
        target[c] = v === '' || v === null || v === undefined ? undefined : isDateValue(v) ? new Date(v.getTime()) : typeof v === 'object' ? String(v) : (v as CellValue);
      }
      s.values.rows[r] = target;
    });
    formulas.forEachIn(0, 0, Infinity, Infinity, (r, c, f) => {
      s.formulas.set(r, c, f);
      s.values.set(r, c, undefined);
      s.grow(r + 1, c + 1);
    });
    const formats = (data.formats ?? {}) as Record<string, unknown>;
    for (const prop of FORMAT_PROPS) if (formats[prop]) s.formats.set(prop, Layer.fromJson<string | boolean>(formats[prop]));
    if (Array.isArray(data.validations) && data.validationCells) {
      const entries: ValidationEntry[] = (data.validations as Array<ValidationData & { anchorRow: number; anchorCol: number }>).map((v) => ({
        rule: { type: v.type, values: v.values ?? [], allowInvalid: v.allowInvalid !== false, helpText: v.helpText ?? '' },
        anchorRow: v.anchorRow,
        anchorCol: v.anchorCol,
      }));
      s.validation = Layer.fromJson<ValidationEntry>(data.validationCells, (i) => entries[i as number]);
    }
    if (Array.isArray(data.conditionalFormatRules)) s.rules = (data.conditionalFormatRules as RuleData[]).map((r) => ({ ...r, ranges: r.ranges.map((g) => ({ ...g })) }));
    if (Array.isArray(data.protections)) s.protections = (data.protections as ProtectionData[]).map((p) => ({ ...p, editors: p.editors ?? [], unprotected: p.unprotected ?? [] }));
    s.frozenRows = num(data.frozenRows, 0);
    s.frozenColumns = num(data.frozenColumns, 0);
    if (data.columnWidths && typeof data.columnWidths === 'object') {
      for (const [k, v] of Object.entries(data.columnWidths as Record<string, number>)) s.columnWidths.set(Number(k), v);
    }
    if (Array.isArray(data.hiddenColumns)) for (const c of data.hiddenColumns as number[]) s.hiddenColumns.add(c);
    s.hidden = data.hidden === true;
    return s;
  }
}

export function copyValue(v: CellValue): CellValue {
  return isDateValue(v) ? new Date(v.getTime()) : v;
}

/** Adjusts a rectangle for rows/columns inserted (n>0) or deleted (n<0) at index `at` (1-based); null when it disappears. */
export function adjustGrid(g: GridRange, axis: 'row' | 'col', at: number, n: number): GridRange | null {
  const startKey = axis === 'row' ? 'row' : 'col';
  const sizeKey = axis === 'row' ? 'numRows' : 'numCols';
  const start = g[startKey];
  const end = start + g[sizeKey] - 1;
  const out = { ...g };
  if (n > 0) {
    if (start >= at) out[startKey] = start + n;
    else if (end >= at) out[sizeKey] = g[sizeKey] + n;
    return out;
  }
  const delStart = at;
  const delEnd = at - n - 1;
  const removedBefore = Math.max(0, Math.min(delEnd, start - 1) - delStart + 1);
  const overlap = Math.max(0, Math.min(end, delEnd) - Math.max(start, delStart) + 1);
  const size = g[sizeKey] - overlap;
  if (size <= 0) return null;
  out[startKey] = start - removedBefore;
  out[sizeKey] = size;
  return out;
}

// ------------------------------------------------------------ formula evaluation

const inProgress = new Set<string>();

export function evalContext(sheet: SheetState, rowOffset = 0, colOffset = 0, override?: { r0: number; c0: number; value: CellValue }): EvalContext {
  const book = sheet.book;
  return {
    timeZone: book.timeZone,
    now: () => book.now(),
    rowOffset,
    colOffset,
    gridSize(name) {
      const s = name === undefined ? sheet : book.sheetByName(name);
      return s ? { rows: s.maxRows, cols: s.maxColumns } : { rows: 0, cols: 0 };
    },
    cell(name, row, col): Scalar {
      const s = name === undefined ? sheet : book.sheetByName(name);
      if (!s) return new FormulaError('#REF!');
      if (override && s === sheet && override.r0 === row - 1 && override.c0 === col - 1) {
        return override.value === '' ? null : override.value;
      }
      if (!s.hasContent(row - 1, col - 1)) return null;
      const v = s.value(row - 1, col - 1);
      if (typeof v === 'string' && ERROR_CODES.has(v) && s.formula(row - 1, col - 1) !== '') return new FormulaError(v);
      return v;
    },
  };
}

const ERROR_CODES = new Set(['#NAME?', '#DIV/0!', '#VALUE!', '#REF!', '#N/A', '#NUM!', '#ERROR!', '#NULL!']);

function evaluateCell(sheet: SheetState, r0: number, c0: number, formula: string): CellValue {
  const key = `${sheet.id}:${r0}:${c0}`;
  if (inProgress.has(key)) return '#REF!';
  inProgress.add(key);
  try {
    const v = evaluateFormula(formula, evalContext(sheet));
    if (v === null) return '';
    if (v instanceof FormulaError) return v.code;
    return v;
  } finally {
    inProgress.delete(key);
  }
}
