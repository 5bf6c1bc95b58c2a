/**
 * The objects scripts see: SpreadsheetApp, Spreadsheet, Sheet, Range, rule builders, rules,
 * data validation and protections. Each is wrapped by `service` (counted, strict); internal
 * state lives in `_`-prefixed fields that scripts cannot reach.
 */
import type { CellValue } from '../workbook';
import { enumConstant, service, type CallHook } from '../support';
import { type GridRange, parseA1, rangeA1, resolveA1 } from './a1';
import { normalizeColor } from './color';
import {
  BOOLEAN_CRITERIA,
  BooleanCriteria,
  DATA_VALIDATION_CRITERIA,
  DataValidationCriteria,
  Dimension,
  Direction,
  ProtectionType,
  RelativeDate,
  SheetType,
  WrapStrategy,
  enumName,
} from './enums';
import { DEFAULT_NUMBER_FORMAT, displayValue, isDateValue, looksLikeDatePattern } from './format';
import { dateToSerial, isValidTimeZone, serialToDate } from './tz';
import {
  type BookState,
  type ConditionData,
  DEFAULT_COLUMN_WIDTH,
  type FormatProp,
  type ProtectionData,
  type RuleData,
  SheetState,
  checkCellLengths,
  type ValidationData,
  type ValidationEntry,
} from './state';

type Range = GoogleAppsScript.Spreadsheet.Range;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Toast {
  message: string;
  title: string;
  timeoutSeconds: number;
  at: Date;
}

export interface BookHooks {
  count: CallHook;
  getUi(): GoogleAppsScript.Base.Ui;
  now(): Date;
}

const raws = new WeakMap<object, object>();

function wrap<T extends object>(className: string, raw: T, count: CallHook): T {
  const p = service(className, raw, count);
  raws.set(p, raw);
  return p;
}

/** The implementation object behind a script-facing proxy (or the object itself). */
function raw<T>(x: unknown, cls: abstract new (...a: never[]) => T, what: string): T {
  const r = x !== null && typeof x === 'object' ? (raws.get(x) ?? x) : x;
  if (!(r instanceof cls)) throw new Error(`The parameters (${typeName(x)}) don't match the method signature for ${what}.`);
  return r;
}

function typeName(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'number[]'.startsWith(typeof x[0]) ? 'number[]' : 'Object[]';
  if (typeof x === 'object') {
    const r = raws.get(x);
    if (r) return `SpreadsheetApp.${(r as { constructor: { name: string } }).constructor.name.replace(/Impl$/, '')}`;
    return isDateValue(x) ? 'Date' : 'Object';
  }
  return typeof x === 'string' ? 'String' : typeof x === 'number' ? 'number' : typeof x === 'boolean' ? 'Boolean' : typeof x;
}

function signature(what: string, args: unknown[]): Error {
  return new Error(`The parameters (${args.map(typeName).join(',')}) don't match the method signature for ${what}.`);
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

// ================================================================ the spreadsheet

export class Book implements BookState {
  sheets: SheetState[] = [];
  active!: SheetState;
  activeRange: { sheet: SheetState; grid: GridRange } | null = null;
  toasts: Toast[] = [];
  nextSheetId = 1;
  nextProtectionId = 1;
  private sheetProxies = new WeakMap<SheetState, Sheet>();
  readonly spreadsheet: Spreadsheet;
  readonly app: GoogleAppsScript.Spreadsheet.SpreadsheetApp;

  constructor(
    public name: string,
    public timeZone: string,
    readonly id: string,
    readonly hooks: BookHooks,
  ) {
    this.spreadsheet = wrap('Spreadsheet', new SpreadsheetImpl(this), hooks.count) as unknown as Spreadsheet;
    this.app = wrap('SpreadsheetApp', new SpreadsheetAppImpl(this), hooks.count) as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  }

  now(): Date {
    return this.hooks.now();
  }

  sheetByName(name: string): SheetState | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  requireSheet(name: string): SheetState {
    const s = this.sheetByName(name);
    if (!s) throw new Error(`Sheet not found: ${name}`);
    return s;
  }

  sheet(s: SheetState): Sheet {
    let p = this.sheetProxies.get(s);
    if (!p) {
      p = wrap('Sheet', new SheetImpl(this, s), this.hooks.count) as unknown as Sheet;
      this.sheetProxies.set(s, p);
    }
    return p;
  }

  /** A range object; the rectangle must lie inside the sheet's grid, as in Sheets. */
  range(s: SheetState, g: GridRange): Range {
    if (g.row < 1 || g.col < 1 || g.row + g.numRows - 1 > s.maxRows || g.col + g.numCols - 1 > s.maxColumns) throw OUTSIDE();
    return wrap('Range', new RangeImpl(this, s, g.row, g.col, g.numRows, g.numCols, g.open), this.hooks.count) as unknown as Range;
  }

  /** Resolves "A1:B2" / "Sheet!A1:B2" against a default sheet. */
  resolve(a1: unknown, fallback: SheetState): { sheet: SheetState; grid: GridRange } {
    if (typeof a1 !== 'string') throw signature('SpreadsheetApp.Spreadsheet.getRange', [a1]);
    let ref;
    try {
      ref = parseA1(a1);
    } catch {
      throw new Error('Range not found');
    }
    const sheet = ref.sheet !== undefined ? this.sheetByName(ref.sheet) : fallback;
    if (!sheet) throw new Error('Range not found');
    return { sheet, grid: resolveA1(ref, sheet.maxRows, sheet.maxColumns) };
  }

  checkNewName(name: unknown, except?: SheetState): string {
    const n = String(name ?? '').trim();
    if (n === '') throw new Error('Sheet names cannot be empty.');
    if (n.length > 100) throw new Error('Sheet names cannot be longer than 100 characters.');
    const clash = this.sheets.find((s) => s !== except && s.name.toLowerCase() === n.toLowerCase());
    if (clash) throw new Error(`A sheet with the name "${n}" already exists. Please enter another name.`);
    return n;
  }

  addSheet(name: string, index?: number): SheetState {
    const s = new SheetState(this, name, this.nextSheetId++);
    const at = index === undefined ? this.sheets.length : Math.max(0, Math.min(index, this.sheets.length));
    this.sheets.splice(at, 0, s);
    return s;
  }

  removeSheet(s: SheetState): void {
    if (this.sheets.length <= 1) throw new Error("You can't remove all the sheets in a document.");
    this.sheets = this.sheets.filter((x) => x !== s);
    s.deleted = true;
    if (this.active === s) this.active = this.sheets[0];
    if (this.activeRange?.sheet === s) this.activeRange = null;
  }

  protection(sheet: SheetState, p: ProtectionData): GoogleAppsScript.Spreadsheet.Protection {
    return wrap('Protection', new ProtectionImpl(this, sheet, p), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.Protection;
  }

  protections(sheets: SheetState[], type: unknown): GoogleAppsScript.Spreadsheet.Protection[] {
    const t = enumName(type, ['RANGE', 'SHEET'], 'type');
    const out: GoogleAppsScript.Spreadsheet.Protection[] = [];
    for (const s of sheets) for (const p of s.protections) if (p.type === t) out.push(this.protection(s, p));
    return out;
  }

  cfBuilder(data: RuleData, sheets: SheetState[]): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return wrap('ConditionalFormatRuleBuilder', new CfBuilderImpl(this, data, sheets[0] ?? null), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder;
  }

  cfRule(sheet: SheetState | null, data: RuleData): GoogleAppsScript.Spreadsheet.ConditionalFormatRule {
    return wrap('ConditionalFormatRule', new CfRuleImpl(this, sheet, data), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.ConditionalFormatRule;
  }

  condition(data: RuleData): GoogleAppsScript.Spreadsheet.BooleanCondition {
    return wrap('BooleanCondition', new BooleanConditionImpl(data), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.BooleanCondition;
  }

  dvBuilder(data: ValidationData): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return wrap('DataValidationBuilder', new DvBuilderImpl(this, data), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
  }

  dv(data: ValidationData): GoogleAppsScript.Spreadsheet.DataValidation {
    return wrap('DataValidation', new DvImpl(this, data), this.hooks.count) as unknown as GoogleAppsScript.Spreadsheet.DataValidation;
  }
}

class SpreadsheetAppImpl {
  readonly BooleanCriteria = BooleanCriteria;
  readonly DataValidationCriteria = DataValidationCriteria;
  readonly ProtectionType = ProtectionType;
  readonly WrapStrategy = WrapStrategy;
  readonly Dimension = Dimension;
  readonly Direction = Direction;
  readonly SheetType = SheetType;
  readonly RelativeDate = RelativeDate;
  constructor(private readonly _book: Book) {}
  getActiveSpreadsheet(): Spreadsheet {
    return this._book.spreadsheet;
  }
  getActive(): Spreadsheet {
    return this._book.spreadsheet;
  }
  getActiveSheet(): Sheet {
    return this._book.sheet(this._book.active);
  }
  setActiveSheet(sheet: Sheet): Sheet {
    const s = raw(sheet, SheetImpl, 'SpreadsheetApp.setActiveSheet');
    this._book.active = s._s;
    return sheet;
  }
  getActiveRange(): Range {
    return activeRange(this._book);
  }
  setActiveRange(range: Range): Range {
    const r = raw(range, RangeImpl, 'SpreadsheetApp.setActiveRange');
    r.activate();
    return range;
  }
  getCurrentCell(): Range {
    const r = activeRange(this._book);
    return r.getCell(1, 1);
  }
  flush(): void {
    // Writes are applied immediately; nothing is pending.
  }
  getUi(): GoogleAppsScript.Base.Ui {
    return this._book.hooks.getUi();
  }
  newConditionalFormatRule(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return this._book.cfBuilder(emptyRule(), []);
  }
  newDataValidation(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this._book.dvBuilder({ type: '', values: [], allowInvalid: true, helpText: '' });
  }
}

function activeRange(book: Book): Range {
  const a = book.activeRange;
  if (a && a.sheet === book.active) return book.range(a.sheet, a.grid);
  return book.range(book.active, { row: 1, col: 1, numRows: 1, numCols: 1 });
}

class SpreadsheetImpl {
  constructor(private readonly _book: Book) {}
  toString(): string {
    return 'Spreadsheet';
  }
  getId(): string {
    return this._book.id;
  }
  getName(): string {
    return this._book.name;
  }
  rename(name: string): void {
    this._book.name = String(name);
  }
  getUrl(): string {
    return `https://docs.google.com/spreadsheets/d/${this._book.id}/edit`;
  }
  getSpreadsheetTimeZone(): string {
    return this._book.timeZone;
  }
  setSpreadsheetTimeZone(timezone: string): void {
    if (typeof timezone !== 'string' || !isValidTimeZone(timezone)) throw new Error(`Invalid argument: timezone`);
    this._book.timeZone = timezone;
  }
  getSpreadsheetLocale(): string {
    return 'en_US';
  }
  getSheetByName(name: string): Sheet | null {
    const s = this._book.sheetByName(String(name));
    return s ? this._book.sheet(s) : null;
  }
  getSheetById(id: number): Sheet | null {
    const s = this._book.sheets.find((x) => x.id === Number(id));
    return s ? this._book.sheet(s) : null;
  }
  getSheets(): Sheet[] {
    return this._book.sheets.map((s) => this._book.sheet(s));
  }
  getNumSheets(): number {
    return this._book.sheets.length;
  }
  insertSheet(a?: unknown, b?: unknown): Sheet {
    const book = this._book;
    let name: string | undefined;
    let index: number | undefined;
    if (typeof a === 'string') {
      name = a;
      if (b !== undefined) {
        if (!isInt(b)) throw signature('SpreadsheetApp.Spreadsheet.insertSheet', [a, b]);
        index = b;
      }
    } else if (isInt(a)) index = a;
    else if (a !== undefined) throw signature('SpreadsheetApp.Spreadsheet.insertSheet', [a]);
    if (name === undefined) {
      let i = book.sheets.length + 1;
      while (book.sheets.some((s) => s.name.toLowerCase() === `sheet${i}`)) i++;
      name = `Sheet${i}`;
    }
    const s = book.addSheet(book.checkNewName(name), index);
    book.active = s;
    return book.sheet(s);
  }
  deleteSheet(sheet: Sheet): void {
    const s = raw(sheet, SheetImpl, 'SpreadsheetApp.Spreadsheet.deleteSheet');
    if (s._s.deleted) throw new Error('Sheet not found');
    this._book.removeSheet(s._s);
  }
  getRange(a1: string): Range {
    const { sheet, grid } = this._book.resolve(a1, this._book.active);
    return this._book.range(sheet, grid);
  }
  getActiveSheet(): Sheet {
    return this._book.sheet(this._book.active);
  }
  setActiveSheet(sheet: Sheet): Sheet {
    const s = raw(sheet, SheetImpl, 'SpreadsheetApp.Spreadsheet.setActiveSheet');
    this._book.active = s._s;
    return sheet;
  }
  getActiveRange(): Range {
    return activeRange(this._book);
  }
  toast(msg: unknown, title?: unknown, timeoutSeconds?: unknown): void {
    this._book.toasts.push({
      message: String(msg ?? ''),
      title: title === undefined || title === null ? '' : String(title),
      timeoutSeconds: isInt(timeoutSeconds) ? timeoutSeconds : 5,
      at: this._book.now(),
    });
  }
  getProtections(type: unknown): GoogleAppsScript.Spreadsheet.Protection[] {
    return this._book.protections(this._book.sheets, type);
  }
}

// ================================================================ sheets

const AT_LEAST = (what: string) => new Error(`The number of ${what} in the range must be at least 1.`);
const OUTSIDE = () => new Error('The coordinates of the range are outside the dimensions of the sheet.');

export class SheetImpl {
  constructor(
    private readonly _book: Book,
    readonly _s: SheetState,
  ) {}
  toString(): string {
    return 'Sheet';
  }

  private _live(): SheetState {
    if (this._s.deleted) throw new Error(`The sheet ${this._s.name} has been deleted.`);
    return this._s;
  }

  getName(): string {
    return this._s.name;
  }
  getSheetName(): string {
    return this._s.name;
  }
  setName(name: string): this {
    this._s.name = this._book.checkNewName(name, this._s);
    return this;
  }
  getSheetId(): number {
    return this._s.id;
  }
  getIndex(): number {
    return this._book.sheets.indexOf(this._s) + 1;
  }
  getParent(): Spreadsheet {
    return this._book.spreadsheet;
  }
  getType(): unknown {
    return SheetType.GRID;
  }
  activate(): this {
    this._book.active = this._live();
    return this;
  }
  showSheet(): this {
    this._s.hidden = false;
    return this;
  }
  hideSheet(): this {
    if (this._book.sheets.filter((s) => !s.hidden && s !== this._s).length === 0) throw new Error("You can't hide all the sheets in a document.");
    this._s.hidden = true;
    return this;
  }
  isSheetHidden(): boolean {
    return this._s.hidden;
  }

  getRange(a: unknown, b?: unknown, c?: unknown, d?: unknown): Range {
    const s = this._live();
    if (typeof a === 'string' && b === undefined) {
      const { sheet, grid } = this._book.resolve(a, s);
      return this._book.range(sheet, grid);
    }
    const args = [a, b, c, d].filter((x) => x !== undefined);
    if (!isInt(a) || !isInt(b) || (c !== undefined && !isInt(c)) || (d !== undefined && !isInt(d))) {
      throw signature('SpreadsheetApp.Sheet.getRange', args);
    }
    const row = Math.trunc(a);
    const col = Math.trunc(b);
    const numRows = c === undefined ? 1 : Math.trunc(c as number);
    const numCols = d === undefined ? 1 : Math.trunc(d as number);
    if (row < 1 || col < 1) throw OUTSIDE();
    if (numRows < 1) throw AT_LEAST('rows');
    if (numCols < 1) throw AT_LEAST('columns');
    return this._book.range(s, { row, col, numRows, numCols });
  }
  getDataRange(): Range {
    const s = this._live();
    return this._book.range(s, { row: 1, col: 1, numRows: Math.max(1, s.lastRow()), numCols: Math.max(1, s.lastColumn()) });
  }
  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): CellValue[][] {
    const s = this._live();
    const nr = numRows === -1 ? Math.max(0, s.lastRow() - startRow + 1) : numRows;
    const nc = numColumns === -1 ? Math.max(0, s.lastColumn() - startColumn + 1) : numColumns;
    if (nr < 1 || nc < 1) return [];
    return readValues(s, { row: startRow, col: startColumn, numRows: nr, numCols: nc });
  }
  getLastRow(): number {
    return this._live().lastRow();
  }
  getLastColumn(): number {
    return this._live().lastColumn();
  }
  getMaxRows(): number {
    return this._live().maxRows;
  }
  getMaxColumns(): number {
    return this._live().maxColumns;
  }

  appendRow(rowContents: unknown[]): this {
    const s = this._live();
    if (!Array.isArray(rowContents)) throw signature('SpreadsheetApp.Sheet.appendRow', [rowContents]);
    checkCellLengths([rowContents]);
    const r0 = s.lastRow();
    // appendRow is the one write that adds rows (and columns) to the grid when the data reaches its end.
    s.grow(r0 + 1, rowContents.length);
    rowContents.forEach((v, c) => s.write(r0, c, v));
    return this;
  }

  private _insertRows(before: number, n: number, what: string): this {
    const s = this._live();
    if (!isInt(before) || !isInt(n)) throw signature(`SpreadsheetApp.Sheet.${what}`, [before, n]);
    if (before < 1 || before > s.maxRows + 1) throw new Error('Those rows are out of bounds.');
    if (n < 1) throw new Error('The number of rows to insert must be at least 1.');
    s.insertRows(before, n);
    return this;
  }
  insertRows(rowIndex: number, numRows = 1): this {
    return this._insertRows(rowIndex, numRows, 'insertRows');
  }
  insertRowsBefore(beforePosition: number, howMany: number): this {
    return this._insertRows(beforePosition, howMany, 'insertRowsBefore');
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    return this._insertRows(afterPosition + 1, howMany, 'insertRowsAfter');
  }
  insertRowBefore(beforePosition: number): this {
    return this._insertRows(beforePosition, 1, 'insertRowBefore');
  }
  insertRowAfter(afterPosition: number): this {
    return this._insertRows(afterPosition + 1, 1, 'insertRowAfter');
  }
  private _insertColumns(before: number, n: number, what: string): this {
    const s = this._live();
    if (!isInt(before) || !isInt(n)) throw signature(`SpreadsheetApp.Sheet.${what}`, [before, n]);
    if (before < 1 || before > s.maxColumns + 1) throw new Error('Those columns are out of bounds.');
    if (n < 1) throw new Error('The number of columns to insert must be at least 1.');
    s.insertColumns(before, n);
    return this;
  }
  insertColumns(columnIndex: number, numColumns = 1): this {
    return this._insertColumns(columnIndex, numColumns, 'insertColumns');
  }
  insertColumnsBefore(beforePosition: number, howMany: number): this {
    return this._insertColumns(beforePosition, howMany, 'insertColumnsBefore');
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    return this._insertColumns(afterPosition + 1, howMany, 'insertColumnsAfter');
  }
  insertColumnBefore(beforePosition: number): this {
    return this._insertColumns(beforePosition, 1, 'insertColumnBefore');
  }
  insertColumnAfter(afterPosition: number): this {
    return this._insertColumns(afterPosition + 1, 1, 'insertColumnAfter');
  }
  deleteRows(rowPosition: number, howMany: number): void {
    const s = this._live();
    if (!isInt(rowPosition) || !isInt(howMany)) throw signature('SpreadsheetApp.Sheet.deleteRows', [rowPosition, howMany]);
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > s.maxRows) throw new Error('Those rows are out of bounds.');
    if (howMany >= s.maxRows) throw new Error("You can't delete all the rows on the sheet.");
    s.deleteRows(rowPosition, howMany);
  }
  deleteRow(rowPosition: number): this {
    this.deleteRows(rowPosition, 1);
    return this;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    const s = this._live();
    if (!isInt(columnPosition) || !isInt(howMany)) throw signature('SpreadsheetApp.Sheet.deleteColumns', [columnPosition, howMany]);
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > s.maxColumns) throw new Error('Those columns are out of bounds.');
    if (howMany >= s.maxColumns) throw new Error("You can't delete all the columns on the sheet.");
    s.deleteColumns(columnPosition, howMany);
  }
  deleteColumn(columnPosition: number): this {
    this.deleteColumns(columnPosition, 1);
    return this;
  }

  setFrozenRows(rows: number): void {
    const s = this._live();
    if (!isInt(rows) || rows < 0 || rows > s.maxRows) throw new Error('Invalid argument: rows');
    s.frozenRows = rows;
  }
  getFrozenRows(): number {
    return this._s.frozenRows;
  }
  setFrozenColumns(columns: number): void {
    const s = this._live();
    if (!isInt(columns) || columns < 0 || columns > s.maxColumns) throw new Error('Invalid argument: columns');
    s.frozenColumns = columns;
  }
  getFrozenColumns(): number {
    return this._s.frozenColumns;
  }
  setColumnWidth(columnPosition: number, width: number): this {
    return this.setColumnWidths(columnPosition, 1, width);
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): this {
    if (!isInt(startColumn) || !isInt(numColumns) || !isInt(width) || startColumn < 1 || width < 0) {
      throw signature('SpreadsheetApp.Sheet.setColumnWidths', [startColumn, numColumns, width]);
    }
    for (let c = startColumn; c < startColumn + numColumns; c++) this._s.columnWidths.set(c, width);
    return this;
  }
  getColumnWidth(columnPosition: number): number {
    return this._s.columnWidths.get(columnPosition) ?? DEFAULT_COLUMN_WIDTH;
  }
  autoResizeColumns(startColumn: number, numColumns: number): this {
    const s = this._live();
    const lastRow = s.lastRow();
    for (let c = startColumn; c < startColumn + numColumns; c++) {
      let longest = 0;
      for (let r = 0; r < lastRow; r++) {
        const text = displayValue(s.value(r, c - 1), s.formatAt('numberFormat', r, c - 1) as string | undefined, this._book.timeZone);
        if (text.length > longest) longest = text.length;
      }
      s.columnWidths.set(c, Math.max(30, Math.min(1000, longest * 7 + 12)));
    }
    return this;
  }
  autoResizeColumn(columnPosition: number): this {
    return this.autoResizeColumns(columnPosition, 1);
  }
  hideColumns(columnIndex: number, numColumns = 1): void {
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._s.hiddenColumns.add(c);
  }
  showColumns(columnIndex: number, numColumns = 1): void {
    for (let c = columnIndex; c < columnIndex + numColumns; c++) this._s.hiddenColumns.delete(c);
  }
  isColumnHiddenByUser(columnPosition: number): boolean {
    return this._s.hiddenColumns.has(columnPosition);
  }

  getConditionalFormatRules(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] {
    return this._s.rules.map((r) => this._book.cfRule(this._s, cloneRule(r)));
  }
  setConditionalFormatRules(rules: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[]): void {
    const s = this._live();
    if (!Array.isArray(rules)) throw signature('SpreadsheetApp.Sheet.setConditionalFormatRules', [rules]);
    const next: RuleData[] = rules.map((r) => {
      const impl = raw(r, CfRuleImpl, 'SpreadsheetApp.Sheet.setConditionalFormatRules');
      if (impl._sheet !== s && impl._data.ranges.length > 0) {
        throw new Error('Conditional format rules can only refer to ranges on the sheet they are set on.');
      }
      return cloneRule(impl._data);
    });
    s.rules = next;
  }
  clearConditionalFormatRules(): void {
    this._live().rules = [];
  }

  getProtections(type: unknown): GoogleAppsScript.Spreadsheet.Protection[] {
    return this._book.protections([this._s], type);
  }
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const s = this._live();
    let p = s.protections.find((x) => x.type === 'SHEET');
    if (!p) {
      p = { id: this._book.nextProtectionId++, type: 'SHEET', description: '', warningOnly: false, editors: [], domainEdit: false, unprotected: [] };
      s.protections.push(p);
    }
    return this._book.protection(s, p);
  }

  clear(): this {
    const s = this._live();
    const all = { row: 1, col: 1, numRows: s.maxRows, numCols: s.maxColumns };
    s.clearContent(all);
    s.clearFormats(all);
    return this;
  }
  clearContents(): this {
    const s = this._live();
    s.clearContent({ row: 1, col: 1, numRows: s.maxRows, numCols: s.maxColumns });
    return this;
  }
  clearFormats(): this {
    const s = this._live();
    s.clearFormats({ row: 1, col: 1, numRows: s.maxRows, numCols: s.maxColumns });
    return this;
  }
}

// ================================================================ ranges

function readValues(s: SheetState, g: GridRange): CellValue[][] {
  const out: CellValue[][] = new Array(g.numRows);
  const r0 = g.row - 1;
  const c0 = g.col - 1;
  const noFormulas = s.formulas.isEmpty;
  const rows = s.values.rows;
  const formats = s.formats.get('numberFormat');
  const tz = s.book.timeZone;
  for (let i = 0; i < g.numRows; i++) {
    const o: CellValue[] = new Array(g.numCols);
    const row = rows[r0 + i];
    for (let j = 0; j < g.numCols; j++) {
      let v: CellValue | undefined = noFormulas ? (row === undefined ? undefined : row[c0 + j]) : s.value(r0 + i, c0 + j);
      if (v === undefined) v = '';
      else if (typeof v === 'object') v = new Date((v as Date).getTime());
      // The number format decides whether a number reads back as a Date (and a date as a number).
      if (formats !== undefined && typeof v !== 'string' && typeof v !== 'boolean') v = asFormatted(v, formats.get(r0 + i, c0 + j), tz);
      o[j] = v;
    }
    out[i] = o;
  }
  return out;
}

/** A number under a date format is a Date; a date under a plain number format is its serial number. */
function asFormatted(v: number | Date, format: string | boolean | undefined, tz: string): number | Date {
  if (typeof format !== 'string' || format === '@' || format === DEFAULT_NUMBER_FORMAT || format.toLowerCase() === 'general') return v;
  const dateFormat = looksLikeDatePattern(format);
  if (typeof v === 'number') return dateFormat ? serialToDate(v, tz) : v;
  return dateFormat ? v : dateToSerial(v, tz);
}

function dimensionError(kind: 'rows' | 'columns', data: number, range: number): Error {
  return new Error(`The number of ${kind} in the data does not match the number of ${kind} in the range. The data has ${data} but the range has ${range}.`);
}

const FORMAT_DEFAULTS: Partial<Record<FormatProp, string | boolean>> = {
  background: '#ffffff',
  fontColor: '#000000',
  fontWeight: 'normal',
  fontStyle: 'normal',
  numberFormat: DEFAULT_NUMBER_FORMAT,
  horizontalAlignment: 'general',
  verticalAlignment: 'bottom',
  wrap: true,
  note: '',
};

export class RangeImpl {
  constructor(
    private readonly _book: Book,
    readonly _s: SheetState,
    readonly _row: number,
    readonly _col: number,
    readonly _numRows: number,
    readonly _numCols: number,
    /** Written as whole columns/rows ("A:A"): kept by getA1Notation. */
    readonly _open?: 'cols' | 'rows',
  ) {}

  private get _grid(): GridRange {
    return { row: this._row, col: this._col, numRows: this._numRows, numCols: this._numCols };
  }

  private _live(): SheetState {
    if (this._s.deleted) throw new Error(`The sheet ${this._s.name} has been deleted.`);
    return this._s;
  }

  private _check2d(values: unknown, what: string): unknown[][] {
    if (!Array.isArray(values) || !values.every((r) => Array.isArray(r))) throw signature(`SpreadsheetApp.Range.${what}`, [values]);
    if (values.length !== this._numRows) throw dimensionError('rows', values.length, this._numRows);
    for (const row of values as unknown[][]) if (row.length !== this._numCols) throw dimensionError('columns', row.length, this._numCols);
    return values as unknown[][];
  }

  // ---------------------------------------------------------- geometry
  toString(): string {
    return 'Range';
  }
  getRow(): number {
    return this._row;
  }
  getRowIndex(): number {
    return this._row;
  }
  getColumn(): number {
    return this._col;
  }
  getNumRows(): number {
    return this._numRows;
  }
  getNumColumns(): number {
    return this._numCols;
  }
  getHeight(): number {
    return this._numRows;
  }
  getWidth(): number {
    return this._numCols;
  }
  getLastRow(): number {
    return this._row + this._numRows - 1;
  }
  getLastColumn(): number {
    return this._col + this._numCols - 1;
  }
  getA1Notation(): string {
    return rangeA1(this._open ? { ...this._grid, open: this._open } : this._grid);
  }
  getSheet(): Sheet {
    return this._book.sheet(this._s);
  }
  getGridId(): number {
    return this._s.id;
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): Range {
    if (!isInt(rowOffset) || !isInt(columnOffset)) throw signature('SpreadsheetApp.Range.offset', [rowOffset, columnOffset]);
    const row = this._row + rowOffset;
    const col = this._col + columnOffset;
    const nr = numRows === undefined ? this._numRows : numRows;
    const nc = numColumns === undefined ? this._numCols : numColumns;
    if (row < 1 || col < 1) throw OUTSIDE();
    if (nr < 1) throw AT_LEAST('rows');
    if (nc < 1) throw AT_LEAST('columns');
    return this._book.range(this._s, { row, col, numRows: nr, numCols: nc });
  }
  getCell(row: number, column: number): Range {
    if (!isInt(row) || !isInt(column) || row < 1 || column < 1 || row > this._numRows || column > this._numCols) {
      throw new Error('Cell reference out of range');
    }
    return this._book.range(this._s, { row: this._row + row - 1, col: this._col + column - 1, numRows: 1, numCols: 1 });
  }
  activate(): this {
    this._book.active = this._live();
    this._book.activeRange = { sheet: this._s, grid: this._grid };
    return this;
  }

  // ---------------------------------------------------------- values
  getValues(): CellValue[][] {
    return readValues(this._live(), this._grid);
  }
  getValue(): CellValue {
    return readValues(this._live(), { row: this._row, col: this._col, numRows: 1, numCols: 1 })[0][0];
  }
  setValues(values: unknown[][]): this {
    const s = this._live();
    const data = this._check2d(values, 'setValues');
    checkCellLengths(data);
    const r0 = this._row - 1;
    const c0 = this._col - 1;
    for (let i = 0; i < data.length; i++) {
      const row = data[i];
      for (let j = 0; j < row.length; j++) s.write(r0 + i, c0 + j, row[j]);
    }
    return this;
  }
  setValue(value: unknown): this {
    const s = this._live();
    for (let i = 0; i < this._numRows; i++) for (let j = 0; j < this._numCols; j++) s.write(this._row - 1 + i, this._col - 1 + j, value);
    return this;
  }
  getDisplayValues(): string[][] {
    const s = this._live();
    const values = readValues(s, this._grid);
    const tz = this._book.timeZone;
    return values.map((row, i) => row.map((v, j) => displayValue(v, s.formatAt('numberFormat', this._row - 1 + i, this._col - 1 + j) as string | undefined, tz)));
  }
  getDisplayValue(): string {
    const s = this._live();
    return displayValue(s.value(this._row - 1, this._col - 1), s.formatAt('numberFormat', this._row - 1, this._col - 1) as string | undefined, this._book.timeZone);
  }
  getFormulas(): string[][] {
    const s = this._live();
    const out: string[][] = [];
    for (let i = 0; i < this._numRows; i++) {
      const row: string[] = [];
      for (let j = 0; j < this._numCols; j++) row.push(s.formula(this._row - 1 + i, this._col - 1 + j));
      out.push(row);
    }
    return out;
  }
  getFormula(): string {
    return this._live().formula(this._row - 1, this._col - 1);
  }
  setFormula(formula: string): this {
    const s = this._live();
    if (typeof formula !== 'string') throw signature('SpreadsheetApp.Range.setFormula', [formula]);
    for (let i = 0; i < this._numRows; i++) for (let j = 0; j < this._numCols; j++) s.setFormula(this._row - 1 + i, this._col - 1 + j, formula);
    return this;
  }
  setFormulas(formulas: string[][]): this {
    const s = this._live();
    const data = this._check2d(formulas, 'setFormulas');
    checkCellLengths(data);
    data.forEach((row, i) => row.forEach((f, j) => s.setFormula(this._row - 1 + i, this._col - 1 + j, String(f ?? ''))));
    return this;
  }
  isBlank(): boolean {
    const s = this._live();
    for (let i = 0; i < this._numRows; i++) for (let j = 0; j < this._numCols; j++) if (s.hasContent(this._row - 1 + i, this._col - 1 + j)) return false;
    return true;
  }
  clearContent(): this {
    this._live().clearContent(this._grid);
    return this;
  }
  clearFormat(): this {
    this._live().clearFormats(this._grid);
    return this;
  }
  clear(options?: { contentsOnly?: boolean; formatOnly?: boolean; validationsOnly?: boolean; commentsOnly?: boolean; skipFilteredRows?: boolean }): this {
    const s = this._live();
    const o = options ?? {};
    const only = o.contentsOnly || o.formatOnly || o.validationsOnly || o.commentsOnly;
    if (!only || o.contentsOnly) s.clearContent(this._grid);
    if (!only || o.formatOnly) s.clearFormats(this._grid);
    if (!only || o.validationsOnly) this.clearDataValidations();
    if (o.commentsOnly) s.format('note').clearRect(this._row - 1, this._col - 1, this._row - 1 + this._numRows, this._col - 1 + this._numCols);
    return this;
  }

  // ---------------------------------------------------------- formats
  private _setAll(prop: FormatProp, value: string | boolean | undefined): this {
    const s = this._live();
    const layer = s.format(prop);
    for (let i = 0; i < this._numRows; i++) for (let j = 0; j < this._numCols; j++) layer.set(this._row - 1 + i, this._col - 1 + j, value);
    return this;
  }
  private _setEach(prop: FormatProp, values: unknown, what: string, norm: (v: unknown) => string | boolean | undefined): this {
    const data = this._check2d(values, what).map((row) => row.map(norm));
    const layer = this._live().format(prop);
    data.forEach((row, i) => row.forEach((v, j) => layer.set(this._row - 1 + i, this._col - 1 + j, v)));
    return this;
  }
  private _get(prop: FormatProp): string | boolean {
    return this._s.formatAt(prop, this._row - 1, this._col - 1) ?? FORMAT_DEFAULTS[prop]!;
  }
  private _getAll(prop: FormatProp): Array<Array<string | boolean>> {
    const out: Array<Array<string | boolean>> = [];
    for (let i = 0; i < this._numRows; i++) {
      const row: Array<string | boolean> = [];
      for (let j = 0; j < this._numCols; j++) row.push(this._s.formatAt(prop, this._row - 1 + i, this._col - 1 + j) ?? FORMAT_DEFAULTS[prop]!);
      out.push(row);
    }
    return out;
  }

  setBackground(color: string | null): this {
    return this._setAll('background', normalizeColor(color) ?? undefined);
  }
  setBackgrounds(colors: string[][]): this {
    return this._setEach('background', colors, 'setBackgrounds', (c) => normalizeColor(c) ?? undefined);
  }
  getBackground(): string {
    return this._get('background') as string;
  }
  getBackgrounds(): string[][] {
    return this._getAll('background') as string[][];
  }
  setFontColor(color: string | null): this {
    return this._setAll('fontColor', normalizeColor(color) ?? undefined);
  }
  setFontColors(colors: string[][]): this {
    return this._setEach('fontColor', colors, 'setFontColors', (c) => normalizeColor(c) ?? undefined);
  }
  getFontColor(): string {
    return this._get('fontColor') as string;
  }
  getFontColors(): string[][] {
    return this._getAll('fontColor') as string[][];
  }
  setFontWeight(fontWeight: string | null): this {
    return this._setAll('fontWeight', fontWeightOf(fontWeight));
  }
  setFontWeights(fontWeights: string[][]): this {
    return this._setEach('fontWeight', fontWeights, 'setFontWeights', fontWeightOf);
  }
  getFontWeight(): string {
    return this._get('fontWeight') as string;
  }
  getFontWeights(): string[][] {
    return this._getAll('fontWeight') as string[][];
  }
  setFontStyle(fontStyle: string | null): this {
    if (fontStyle !== null && fontStyle !== 'italic' && fontStyle !== 'normal') throw new Error(`Invalid argument: fontStyle`);
    return this._setAll('fontStyle', fontStyle === 'italic' ? 'italic' : undefined);
  }
  getFontStyle(): string {
    return this._get('fontStyle') as string;
  }
  setHorizontalAlignment(alignment: string | null): this {
    const a = alignment === null ? undefined : String(alignment).toLowerCase();
    if (a !== undefined && !['left', 'center', 'right', 'normal', 'general'].includes(a)) throw new Error('Invalid argument: alignment');
    return this._setAll('horizontalAlignment', a === 'normal' || a === 'general' ? undefined : a);
  }
  getHorizontalAlignment(): string {
    return this._get('horizontalAlignment') as string;
  }
  setVerticalAlignment(alignment: string | null): this {
    const a = alignment === null ? undefined : String(alignment).toLowerCase();
    if (a !== undefined && !['top', 'middle', 'bottom'].includes(a)) throw new Error('Invalid argument: alignment');
    return this._setAll('verticalAlignment', a === 'bottom' ? undefined : a);
  }
  getVerticalAlignment(): string {
    return this._get('verticalAlignment') as string;
  }
  setWrap(isWrapEnabled: boolean): this {
    return this._setAll('wrap', !!isWrapEnabled);
  }
  getWrap(): boolean {
    return this._get('wrap') as boolean;
  }
  setWrapStrategy(strategy: unknown): this {
    const name = enumName(strategy, ['WRAP', 'OVERFLOW', 'CLIP'], 'strategy');
    return this._setAll('wrap', name === 'WRAP');
  }
  setNumberFormat(numberFormat: string): this {
    if (typeof numberFormat !== 'string') throw signature('SpreadsheetApp.Range.setNumberFormat', [numberFormat]);
    return this._setAll('numberFormat', numberFormat === '' ? undefined : numberFormat);
  }
  setNumberFormats(numberFormats: string[][]): this {
    return this._setEach('numberFormat', numberFormats, 'setNumberFormats', (f) => (f === '' || f === null || f === undefined ? undefined : String(f)));
  }
  getNumberFormat(): string {
    return this._get('numberFormat') as string;
  }
  getNumberFormats(): string[][] {
    return this._getAll('numberFormat') as string[][];
  }
  setNote(note: string | null): this {
    return this._setAll('note', note === null || note === '' ? undefined : String(note));
  }
  setNotes(notes: Array<Array<string | null>>): this {
    return this._setEach('note', notes, 'setNotes', (n) => (n === null || n === undefined || n === '' ? undefined : String(n)));
  }
  getNote(): string {
    return this._get('note') as string;
  }
  getNotes(): string[][] {
    return this._getAll('note') as string[][];
  }

  // ---------------------------------------------------------- validation
  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): this {
    const s = this._live();
    if (rule === null) return this.clearDataValidations();
    const impl = raw(rule, DvImpl, 'SpreadsheetApp.Range.setDataValidation');
    const entry: ValidationEntry = { rule: cloneValidation(impl._data), anchorRow: this._row, anchorCol: this._col };
    for (let i = 0; i < this._numRows; i++) for (let j = 0; j < this._numCols; j++) s.validation.set(this._row - 1 + i, this._col - 1 + j, entry);
    return this;
  }
  setDataValidations(rules: Array<Array<GoogleAppsScript.Spreadsheet.DataValidation | null>>): this {
    const s = this._live();
    const data = this._check2d(rules, 'setDataValidations');
    const entries = data.map((row, i) =>
      row.map((r, j) =>
        r === null || r === undefined
          ? undefined
          : { rule: cloneValidation(raw(r, DvImpl, 'SpreadsheetApp.Range.setDataValidations')._data), anchorRow: this._row + i, anchorCol: this._col + j },
      ),
    );
    entries.forEach((row, i) => row.forEach((e, j) => s.validation.set(this._row - 1 + i, this._col - 1 + j, e)));
    return this;
  }
  getDataValidation(): GoogleAppsScript.Spreadsheet.DataValidation | null {
    const e = this._live().validation.get(this._row - 1, this._col - 1);
    return e ? this._book.dv(cloneValidation(e.rule)) : null;
  }
  getDataValidations(): Array<Array<GoogleAppsScript.Spreadsheet.DataValidation | null>> {
    const s = this._live();
    const out: Array<Array<GoogleAppsScript.Spreadsheet.DataValidation | null>> = [];
    for (let i = 0; i < this._numRows; i++) {
      const row: Array<GoogleAppsScript.Spreadsheet.DataValidation | null> = [];
      for (let j = 0; j < this._numCols; j++) {
        const e = s.validation.get(this._row - 1 + i, this._col - 1 + j);
        row.push(e ? this._book.dv(cloneValidation(e.rule)) : null);
      }
      out.push(row);
    }
    return out;
  }
  clearDataValidations(): this {
    this._live().validation.clearRect(this._row - 1, this._col - 1, this._row - 1 + this._numRows, this._col - 1 + this._numCols);
    return this;
  }

  // ---------------------------------------------------------- protection
  protect(): GoogleAppsScript.Spreadsheet.Protection {
    const s = this._live();
    const p: ProtectionData = {
      id: this._book.nextProtectionId++,
      type: 'RANGE',
      range: this._grid,
      description: '',
      warningOnly: false,
      editors: [],
      domainEdit: false,
      unprotected: [],
    };
    s.protections.push(p);
    return this._book.protection(s, p);
  }
}

function fontWeightOf(w: unknown): string | undefined {
  if (w === null || w === undefined || w === 'normal') return undefined;
  if (w === 'bold') return 'bold';
  throw new Error('Invalid argument: fontWeight');
}

// ================================================================ conditional formats

export function emptyRule(): RuleData {
  return { condition: null, ranges: [], background: null, fontColor: null, bold: null, italic: null, strikethrough: null, underline: null };
}

function cloneRule(r: RuleData): RuleData {
  return {
    ...r,
    condition: r.condition ? { type: r.condition.type, values: [...r.condition.values] } : null,
    ranges: r.ranges.map((g) => ({ ...g })),
  };
}

function cloneValidation(v: ValidationData): ValidationData {
  return { ...v, values: v.values.map((x) => (Array.isArray(x) ? [...x] : x)) };
}

function asNumber(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw signature(`SpreadsheetApp.ConditionalFormatRuleBuilder.${what}`, [n]);
  return n;
}

class BooleanConditionImpl {
  constructor(private readonly _d: RuleData) {}
  getCriteriaType(): unknown {
    return enumConstant(BooleanCriteria, this._d.condition!.type);
  }
  getCriteriaValues(): unknown[] {
    return [...this._d.condition!.values];
  }
  getBackground(): string | null {
    return this._d.background;
  }
  getFontColor(): string | null {
    return this._d.fontColor;
  }
  getBold(): boolean | null {
    return this._d.bold;
  }
  getItalic(): boolean | null {
    return this._d.italic;
  }
  getStrikethrough(): boolean | null {
    return this._d.strikethrough;
  }
  getUnderline(): boolean | null {
    return this._d.underline;
  }
}

class CfBuilderImpl {
  constructor(
    private readonly _book: Book,
    readonly _data: RuleData,
    public _sheet: SheetState | null,
  ) {}
  private _when(type: string, values: unknown[]): this {
    this._data.condition = { type, values } as ConditionData;
    return this;
  }
  build(): GoogleAppsScript.Spreadsheet.ConditionalFormatRule {
    if (!this._data.condition) throw new Error('A conditional format rule needs a condition (for example whenFormulaSatisfied).');
    return this._book.cfRule(this._sheet, cloneRule(this._data));
  }
  copy(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return this._book.cfBuilder(cloneRule(this._data), this._sheet ? [this._sheet] : []);
  }
  getBooleanCondition(): GoogleAppsScript.Spreadsheet.BooleanCondition | null {
    return this._data.condition ? this._book.condition(cloneRule(this._data)) : null;
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): Range[] {
    const s = this._sheet;
    return s ? this._data.ranges.map((g) => this._book.range(s, g)) : [];
  }
  setRanges(ranges: Range[]): this {
    if (!Array.isArray(ranges)) throw signature('SpreadsheetApp.ConditionalFormatRuleBuilder.setRanges', [ranges]);
    const impls = ranges.map((r) => raw(r, RangeImpl, 'SpreadsheetApp.ConditionalFormatRuleBuilder.setRanges'));
    const sheets = new Set(impls.map((r) => r._s));
    if (sheets.size > 1) throw new Error('All ranges of a conditional format rule must be on the same sheet.');
    this._sheet = impls[0]?._s ?? null;
    this._data.ranges = impls.map((r) => ({ row: r._row, col: r._col, numRows: r._numRows, numCols: r._numCols }));
    return this;
  }
  setBackground(color: string | null): this {
    this._data.background = normalizeColor(color);
    return this;
  }
  setFontColor(color: string | null): this {
    this._data.fontColor = normalizeColor(color);
    return this;
  }
  setBold(bold: boolean | null): this {
    this._data.bold = bold === null ? null : !!bold;
    return this;
  }
  setItalic(italic: boolean | null): this {
    this._data.italic = italic === null ? null : !!italic;
    return this;
  }
  setStrikethrough(v: boolean | null): this {
    this._data.strikethrough = v === null ? null : !!v;
    return this;
  }
  setUnderline(v: boolean | null): this {
    this._data.underline = v === null ? null : !!v;
    return this;
  }
  whenFormulaSatisfied(formula: string): this {
    if (typeof formula !== 'string') throw signature('SpreadsheetApp.ConditionalFormatRuleBuilder.whenFormulaSatisfied', [formula]);
    return this._when('CUSTOM_FORMULA', [formula]);
  }
  whenCellEmpty(): this {
    return this._when('CELL_EMPTY', []);
  }
  whenCellNotEmpty(): this {
    return this._when('CELL_NOT_EMPTY', []);
  }
  whenNumberBetween(start: number, end: number): this {
    return this._when('NUMBER_BETWEEN', [asNumber(start, 'whenNumberBetween'), asNumber(end, 'whenNumberBetween')]);
  }
  whenNumberNotBetween(start: number, end: number): this {
    return this._when('NUMBER_NOT_BETWEEN', [asNumber(start, 'whenNumberNotBetween'), asNumber(end, 'whenNumberNotBetween')]);
  }
  whenNumberEqualTo(n: number): this {
    return this._when('NUMBER_EQUAL_TO', [asNumber(n, 'whenNumberEqualTo')]);
  }
  whenNumberNotEqualTo(n: number): this {
    return this._when('NUMBER_NOT_EQUAL_TO', [asNumber(n, 'whenNumberNotEqualTo')]);
  }
  whenNumberGreaterThan(n: number): this {
    return this._when('NUMBER_GREATER_THAN', [asNumber(n, 'whenNumberGreaterThan')]);
  }
  whenNumberGreaterThanOrEqualTo(n: number): this {
    return this._when('NUMBER_GREATER_THAN_OR_EQUAL_TO', [asNumber(n, 'whenNumberGreaterThanOrEqualTo')]);
  }
  whenNumberLessThan(n: number): this {
    return this._when('NUMBER_LESS_THAN', [asNumber(n, 'whenNumberLessThan')]);
  }
  whenNumberLessThanOrEqualTo(n: number): this {
    return this._when('NUMBER_LESS_THAN_OR_EQUAL_TO', [asNumber(n, 'whenNumberLessThanOrEqualTo')]);
  }
  whenTextEqualTo(text: string): this {
    return this._when('TEXT_EQUAL_TO', [String(text)]);
  }
  whenTextContains(text: string): this {
    return this._when('TEXT_CONTAINS', [String(text)]);
  }
  whenTextDoesNotContain(text: string): this {
    return this._when('TEXT_DOES_NOT_CONTAIN', [String(text)]);
  }
  whenTextStartsWith(text: string): this {
    return this._when('TEXT_STARTS_WITH', [String(text)]);
  }
  whenTextEndsWith(text: string): this {
    return this._when('TEXT_ENDS_WITH', [String(text)]);
  }
  whenDateBefore(date: Date): this {
    return this._when('DATE_BEFORE', [dateArg(date, 'whenDateBefore')]);
  }
  whenDateAfter(date: Date): this {
    return this._when('DATE_AFTER', [dateArg(date, 'whenDateAfter')]);
  }
  whenDateEqualTo(date: Date): this {
    return this._when('DATE_EQUAL_TO', [dateArg(date, 'whenDateEqualTo')]);
  }
  withCriteria(criteria: unknown, args: unknown[]): this {
    const type = enumName(criteria, BOOLEAN_CRITERIA, 'criteria');
    if (!Array.isArray(args)) throw signature('SpreadsheetApp.ConditionalFormatRuleBuilder.withCriteria', [criteria, args]);
    return this._when(type, args.map((a) => (isDateValue(a) ? new Date(a.getTime()) : a)));
  }
}

function dateArg(d: unknown, what: string): Date {
  if (!isDateValue(d)) throw signature(`SpreadsheetApp.ConditionalFormatRuleBuilder.${what}`, [d]);
  return new Date(d.getTime());
}

export class CfRuleImpl {
  constructor(
    private readonly _book: Book,
    readonly _sheet: SheetState | null,
    readonly _data: RuleData,
  ) {}
  copy(): GoogleAppsScript.Spreadsheet.ConditionalFormatRuleBuilder {
    return this._book.cfBuilder(cloneRule(this._data), this._sheet ? [this._sheet] : []);
  }
  getBooleanCondition(): GoogleAppsScript.Spreadsheet.BooleanCondition | null {
    return this._data.condition ? this._book.condition(cloneRule(this._data)) : null;
  }
  getGradientCondition(): null {
    return null;
  }
  getRanges(): Range[] {
    const s = this._sheet;
    return s ? this._data.ranges.map((g) => this._book.range(s, g)) : [];
  }
}

// ================================================================ data validation

class DvBuilderImpl {
  constructor(
    private readonly _book: Book,
    readonly _data: ValidationData,
  ) {}
  private _require(type: string, values: unknown[]): this {
    this._data.type = type;
    this._data.values = values;
    return this;
  }
  build(): GoogleAppsScript.Spreadsheet.DataValidation {
    if (!this._data.type) throw new Error('A data validation rule needs a criterion (for example requireValueInList).');
    return this._book.dv(cloneValidation(this._data));
  }
  copy(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this._book.dvBuilder(cloneValidation(this._data));
  }
  getAllowInvalid(): boolean {
    return this._data.allowInvalid;
  }
  getCriteriaType(): unknown {
    return enumConstant(DataValidationCriteria, this._data.type) ?? null;
  }
  getCriteriaValues(): unknown[] {
    return cloneValidation(this._data).values;
  }
  getHelpText(): string | null {
    return this._data.helpText === '' ? null : this._data.helpText;
  }
  setAllowInvalid(allowInvalidData: boolean): this {
    this._data.allowInvalid = !!allowInvalidData;
    return this;
  }
  setHelpText(helpText: string): this {
    this._data.helpText = String(helpText ?? '');
    return this;
  }
  requireValueInList(values: string[], showDropdown = true): this {
    if (!Array.isArray(values)) throw signature('SpreadsheetApp.DataValidationBuilder.requireValueInList', [values]);
    return this._require('VALUE_IN_LIST', [values.map(String), !!showDropdown]);
  }
  requireValueInRange(range: Range, showDropdown = true): this {
    const r = raw(range, RangeImpl, 'SpreadsheetApp.DataValidationBuilder.requireValueInRange');
    return this._require('VALUE_IN_RANGE', [{ sheet: r._s.name, a1: rangeA1({ row: r._row, col: r._col, numRows: r._numRows, numCols: r._numCols }) }, !!showDropdown]);
  }
  requireNumberBetween(start: number, end: number): this {
    return this._require('NUMBER_BETWEEN', [num(start), num(end)]);
  }
  requireNumberNotBetween(start: number, end: number): this {
    return this._require('NUMBER_NOT_BETWEEN', [num(start), num(end)]);
  }
  requireNumberEqualTo(n: number): this {
    return this._require('NUMBER_EQUAL_TO', [num(n)]);
  }
  requireNumberNotEqualTo(n: number): this {
    return this._require('NUMBER_NOT_EQUAL_TO', [num(n)]);
  }
  requireNumberGreaterThan(n: number): this {
    return this._require('NUMBER_GREATER_THAN', [num(n)]);
  }
  requireNumberGreaterThanOrEqualTo(n: number): this {
    return this._require('NUMBER_GREATER_THAN_OR_EQUAL_TO', [num(n)]);
  }
  requireNumberLessThan(n: number): this {
    return this._require('NUMBER_LESS_THAN', [num(n)]);
  }
  requireNumberLessThanOrEqualTo(n: number): this {
    return this._require('NUMBER_LESS_THAN_OR_EQUAL_TO', [num(n)]);
  }
  requireTextContains(text: string): this {
    return this._require('TEXT_CONTAINS', [String(text)]);
  }
  requireTextDoesNotContain(text: string): this {
    return this._require('TEXT_DOES_NOT_CONTAIN', [String(text)]);
  }
  requireTextEqualTo(text: string): this {
    return this._require('TEXT_EQUAL_TO', [String(text)]);
  }
  requireTextIsEmail(): this {
    return this._require('TEXT_IS_VALID_EMAIL', []);
  }
  requireTextIsUrl(): this {
    return this._require('TEXT_IS_VALID_URL', []);
  }
  requireFormulaSatisfied(formula: string): this {
    if (typeof formula !== 'string') throw signature('SpreadsheetApp.DataValidationBuilder.requireFormulaSatisfied', [formula]);
    return this._require('CUSTOM_FORMULA', [formula]);
  }
  requireCheckbox(checkedValue?: unknown, uncheckedValue?: unknown): this {
    const values = checkedValue === undefined ? [] : uncheckedValue === undefined ? [checkedValue] : [checkedValue, uncheckedValue];
    return this._require('CHECKBOX', values);
  }
  requireDate(): this {
    return this._require('DATE_IS_VALID_DATE', []);
  }
  requireDateAfter(date: Date): this {
    return this._require('DATE_AFTER', [dvDate(date)]);
  }
  requireDateBefore(date: Date): this {
    return this._require('DATE_BEFORE', [dvDate(date)]);
  }
  requireDateOnOrAfter(date: Date): this {
    return this._require('DATE_ON_OR_AFTER', [dvDate(date)]);
  }
  requireDateOnOrBefore(date: Date): this {
    return this._require('DATE_ON_OR_BEFORE', [dvDate(date)]);
  }
  requireDateEqualTo(date: Date): this {
    return this._require('DATE_EQUAL_TO', [dvDate(date)]);
  }
  requireDateBetween(start: Date, end: Date): this {
    return this._require('DATE_BETWEEN', [dvDate(start), dvDate(end)]);
  }
  requireDateNotBetween(start: Date, end: Date): this {
    return this._require('DATE_NOT_BETWEEN', [dvDate(start), dvDate(end)]);
  }
  withCriteria(criteria: unknown, args: unknown[]): this {
    const type = enumName(criteria, DATA_VALIDATION_CRITERIA, 'criteria');
    if (!Array.isArray(args)) throw signature('SpreadsheetApp.DataValidationBuilder.withCriteria', [criteria, args]);
    return this._require(type, args.map((a) => (isDateValue(a) ? new Date(a.getTime()) : a)));
  }
}

function num(n: unknown): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`Invalid argument: ${String(n)} is not a number`);
  return n;
}

function dvDate(d: unknown): Date {
  if (!isDateValue(d)) throw new Error(`Invalid argument: ${String(d)} is not a date`);
  return new Date(d.getTime());
}

export class DvImpl {
  constructor(
    private readonly _book: Book,
    readonly _data: ValidationData,
  ) {}
  copy(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
    return this._book.dvBuilder(cloneValidation(this._data));
  }
  getAllowInvalid(): boolean {
    return this._data.allowInvalid;
  }
  getCriteriaType(): unknown {
    return enumConstant(DataValidationCriteria, this._data.type);
  }
  getCriteriaValues(): unknown[] {
    const values = cloneValidation(this._data).values;
    if (this._data.type === 'VALUE_IN_RANGE') {
      const ref = values[0] as { sheet: string; a1: string };
      const sheet = this._book.sheetByName(ref.sheet);
      values[0] = sheet ? this._book.range(sheet, resolveA1(parseA1(ref.a1), sheet.maxRows, sheet.maxColumns)) : null;
    }
    return values;
  }
  getHelpText(): string {
    return this._data.helpText;
  }
}

// ================================================================ protection

class ProtectionImpl {
  constructor(
    private readonly _book: Book,
    private readonly _s: SheetState,
    private readonly _p: ProtectionData,
  ) {}
  private _alive(): ProtectionData {
    if (!this._s.protections.includes(this._p)) throw new Error('This protection has been removed.');
    return this._p;
  }
  getProtectionType(): unknown {
    return enumConstant(ProtectionType, this._p.type);
  }
  getRange(): Range {
    const p = this._p;
    return this._book.range(this._s, p.type === 'RANGE' && p.range ? p.range : { row: 1, col: 1, numRows: this._s.maxRows, numCols: this._s.maxColumns });
  }
  setRange(range: Range): this {
    const r = raw(range, RangeImpl, 'SpreadsheetApp.Protection.setRange');
    const p = this._alive();
    if (p.type !== 'RANGE') throw new Error('A sheet protection covers the whole sheet; its range cannot be changed.');
    if (r._s !== this._s) throw new Error('The range must be on the same sheet as the protection.');
    p.range = { row: r._row, col: r._col, numRows: r._numRows, numCols: r._numCols };
    return this;
  }
  getDescription(): string {
    return this._p.description;
  }
  setDescription(description: string): this {
    this._alive().description = String(description ?? '');
    return this;
  }
  isWarningOnly(): boolean {
    return this._p.warningOnly;
  }
  setWarningOnly(warningOnly: boolean): this {
    this._alive().warningOnly = !!warningOnly;
    return this;
  }
  canEdit(): boolean {
    return true;
  }
  canDomainEdit(): boolean {
    return this._p.domainEdit;
  }
  setDomainEdit(editable: boolean): this {
    this._alive().domainEdit = !!editable;
    return this;
  }
  addEditor(emailAddress: string): this {
    const p = this._alive();
    const e = String(emailAddress);
    if (!p.editors.includes(e)) p.editors.push(e);
    return this;
  }
  addEditors(emailAddresses: string[]): this {
    for (const e of emailAddresses) this.addEditor(e);
    return this;
  }
  removeEditor(emailAddress: string): this {
    const p = this._alive();
    p.editors = p.editors.filter((e) => e !== String(emailAddress));
    return this;
  }
  removeEditors(emailAddresses: string[]): this {
    for (const e of emailAddresses) this.removeEditor(e);
    return this;
  }
  getUnprotectedRanges(): Range[] {
    return this._p.unprotected.map((g) => this._book.range(this._s, g));
  }
  setUnprotectedRanges(ranges: Range[]): this {
    const p = this._alive();
    if (p.type !== 'SHEET') throw new Error('Only a sheet protection can have unprotected ranges.');
    p.unprotected = ranges.map((r) => {
      const impl = raw(r, RangeImpl, 'SpreadsheetApp.Protection.setUnprotectedRanges');
      return { row: impl._row, col: impl._col, numRows: impl._numRows, numCols: impl._numCols };
    });
    return this;
  }
  remove(): void {
    this._alive();
    this._s.protections = this._s.protections.filter((x) => x !== this._p);
  }
}

