/**
 * The emulated Spreadsheet service: one in-memory spreadsheet, the `SpreadsheetApp` global that
 * scripts see (every call counted, unknown methods refused), and the hooks the runtime, tests
 * and the workbench use to read state, make a person's edits and evaluate formats and validation.
 */
import type { CellValue, WorkbookData } from '../workbook';
import { type GridRange, parseA1, resolveA1 } from './a1';
import { cellLook, typedFormulaValue, validationHolds, validationMessage } from './evaluate';
import { numberText } from './formula';
import { displayValue, isDateValue } from './format';
import { Book, type Toast } from './objects';
import { SheetState, checkCellLengths, copyValue } from './state';
import { isValidTimeZone } from './tz';

export type { Toast } from './objects';
export { columnToLetters, lettersToColumn, parseA1, resolveA1, rangeA1, cellA1 } from './a1';
export { evaluateFormula, FormulaError } from './formula';

export interface SpreadsheetHooks {
  /** Called once per service method call with "Class.method" (e.g. "Range.getValues"); the runtime counts and may advance the clock. */
  count(key: string): void;
  /** Returns the Ui object for SpreadsheetApp.getUi() (the runtime implements it). */
  getUi(): GoogleAppsScript.Base.Ui;
  /** Current emulated time (for anything time-stamped). */
  now(): Date;
}

const DEFAULT_TIME_ZONE = 'America/New_York';
const DEFAULT_NAME = 'Untitled spreadsheet';
const DEFAULT_ID = '1EmuLatedSpreadsheet0000000000000000000000000';

export class SpreadsheetModel {
  /** The global `SpreadsheetApp` object for the script context. */
  readonly app: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  /** The active spreadsheet object as scripts see it (same object SpreadsheetApp.getActiveSpreadsheet() returns). */
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Toasts shown with Spreadsheet.toast(), in order (the array is kept; the runtime may share it). */
  readonly toasts: Toast[];
  private readonly book: Book;

  constructor(data: WorkbookData | undefined, hooks: SpreadsheetHooks) {
    const tz = data && typeof data.timeZone === 'string' && isValidTimeZone(data.timeZone) ? data.timeZone : DEFAULT_TIME_ZONE;
    const id = data && typeof data.id === 'string' && data.id ? data.id : DEFAULT_ID;
    this.book = new Book(data?.name ? String(data.name) : DEFAULT_NAME, tz, id, hooks);
    const book = this.book;
    const sheets = data && Array.isArray(data.sheets) ? data.sheets : [];
    const seen = new Set<string>();
    for (const sd of sheets) {
      const s = SheetState.fromJson(book, sd, book.nextSheetId);
      if (seen.has(s.name.toLowerCase())) throw new Error(`The workbook has two sheets named "${s.name}".`);
      seen.add(s.name.toLowerCase());
      book.nextSheetId = Math.max(book.nextSheetId, s.id) + 1;
      for (const p of s.protections) book.nextProtectionId = Math.max(book.nextProtectionId, p.id + 1);
      book.sheets.push(s);
    }
    if (book.sheets.length === 0) book.addSheet('Sheet1');
    const activeName = data && typeof data.activeSheet === 'string' ? data.activeSheet : undefined;
    book.active = (activeName && book.sheetByName(activeName)) || book.sheets[0];
    this.app = book.app;
    this.spreadsheet = book.spreadsheet;
    this.toasts = book.toasts;
  }

  /** The spreadsheet's time zone (as getSpreadsheetTimeZone returns it), uncounted. */
  get timeZone(): string {
    return this.book.timeZone;
  }

  /** Sheet names in tab order, uncounted. */
  sheetNames(): string[] {
    return this.book.sheets.map((s) => s.name);
  }

  /** Evaluated values trimmed to the data range; Date cells as Date; null when there is no such sheet. */
  values(sheetName: string): CellValue[][] | null {
    const s = this.book.sheetByName(sheetName);
    if (!s) return null;
    const rows = s.lastRow();
    const cols = s.lastColumn();
    const out: CellValue[][] = [];
    for (let r = 0; r < rows; r++) {
      const row: CellValue[] = new Array(cols);
      for (let c = 0; c < cols; c++) row[c] = copyValue(s.value(r, c));
      out.push(row);
    }
    return out;
  }

  /** Display strings of a sheet's data range (number formats applied), uncounted; null when there is no such sheet. */
  displayValues(sheetName: string): string[][] | null {
    const s = this.book.sheetByName(sheetName);
    if (!s) return null;
    const out: string[][] = [];
    for (let r = 0; r < s.lastRow(); r++) {
      const row: string[] = [];
      for (let c = 0; c < s.lastColumn(); c++) row.push(displayValue(s.value(r, c), s.formatAt('numberFormat', r, c) as string | undefined, this.book.timeZone));
      out.push(row);
    }
    return out;
  }

  /** The whole state as a workbook (values, formulas, formats, rules, validation, protections, frozen rows, widths). */
  toWorkbook(): WorkbookData {
    const book = this.book;
    return {
      name: book.name,
      timeZone: book.timeZone,
      id: book.id,
      activeSheet: book.active.name,
      sheets: book.sheets.map((s) => s.toJson()),
    };
  }

  /** A person's edit: writes the values (no counting, no triggers) and returns what the runtime needs to build the edit event. */
  userEdit(
    sheetName: string,
    a1: string,
    values: CellValue[][],
  ): { range: GoogleAppsScript.Spreadsheet.Range; oldValue?: CellValue; value?: CellValue } {
    const book = this.book;
    const s = book.requireSheet(sheetName);
    const { grid } = book.resolve(a1, s);
    if (!Array.isArray(values) || values.length !== grid.numRows) {
      throw new Error(`The number of rows in the data does not match the number of rows in the range. The data has ${Array.isArray(values) ? values.length : 0} but the range has ${grid.numRows}.`);
    }
    for (const row of values) {
      if (!Array.isArray(row) || row.length !== grid.numCols) {
        throw new Error(`The number of columns in the data does not match the number of columns in the range. The data has ${Array.isArray(row) ? row.length : 0} but the range has ${grid.numCols}.`);
      }
    }
    // Validate everything first: a refused edit changes nothing.
    checkCellLengths(values);
    for (let i = 0; i < grid.numRows; i++) {
      for (let j = 0; j < grid.numCols; j++) {
        const row = grid.row + i;
        const col = grid.col + j;
        const entry = s.validation.get(row - 1, col - 1);
        if (!entry || entry.rule.allowInvalid) continue;
        const v = this.typed(s, row, col, values[i][j]);
        if (!validationHolds(s, entry, row, col, v)) throw new Error(validationMessage(entry, row, col));
      }
    }
    // A person pasting below the last row gets rows added, as Sheets does for a paste.
    s.grow(grid.row + grid.numRows - 1, grid.col + grid.numCols - 1);
    const single = grid.numRows === 1 && grid.numCols === 1;
    const old = single ? s.value(grid.row - 1, grid.col - 1) : undefined;
    for (let i = 0; i < grid.numRows; i++) for (let j = 0; j < grid.numCols; j++) s.write(grid.row - 1 + i, grid.col - 1 + j, values[i][j]);
    const range = book.range(s, grid);
    if (!single) return { range };
    const result: { range: GoogleAppsScript.Spreadsheet.Range; oldValue?: CellValue; value?: CellValue } = { range };
    const now = s.value(grid.row - 1, grid.col - 1);
    if (old !== undefined && old !== '') result.oldValue = this.eventText(s, grid, old);
    if (now !== '') result.value = this.eventText(s, grid, now);
    return result;
  }

  /** The effective look of a cell after conditional-format rules are evaluated (first matching rule wins). */
  cellFormat(sheetName: string, row: number, column: number): { background: string | null; fontColor: string | null; bold: boolean } {
    return cellLook(this.book.requireSheet(sheetName), row, column);
  }

  /** Checks a value against the cell's data validation; null when valid or no rule, else the rule's help text / a message. */
  validationError(sheetName: string, row: number, column: number, value: CellValue): string | null {
    const s = this.book.requireSheet(sheetName);
    const entry = s.validation.get(row - 1, column - 1);
    if (!entry) return null;
    const v = this.typed(s, row, column, value);
    return validationHolds(s, entry, row, column, v) ? null : validationMessage(entry, row, column);
  }

  /** Protections covering a cell (for the workbench: warn before editing), uncounted. */
  protectionsAt(sheetName: string, row: number, column: number): Array<{ description: string; warningOnly: boolean; type: 'RANGE' | 'SHEET' }> {
    const s = this.book.requireSheet(sheetName);
    const inside = (g: GridRange) => row >= g.row && row < g.row + g.numRows && column >= g.col && column < g.col + g.numCols;
    return s.protections
      .filter((p) => (p.type === 'SHEET' ? !p.unprotected.some(inside) : p.range !== undefined && inside(p.range)))
      .map((p) => ({ description: p.description, warningOnly: p.warningOnly, type: p.type }));
  }

  /** Resolves an A1 reference ("Sheet!A1:B2" or "A1" on `sheetName`) to a rectangle, uncounted. */
  grid(sheetName: string, a1: string): GridRange {
    const s = this.book.requireSheet(sheetName);
    const ref = parseA1(a1);
    const target = ref.sheet !== undefined ? this.book.requireSheet(ref.sheet) : s;
    return resolveA1(ref, target.maxRows, target.maxColumns);
  }

  /** A value as a typed cell would hold it (text read as number/date/boolean; formulas evaluated). */
  private typed(s: SheetState, row: number, col: number, input: unknown): CellValue {
    const stored = s.toStored(row - 1, col - 1, input);
    if (typeof stored === 'object' && stored !== null && 'formula' in stored) return typedFormulaValue(s, stored.formula);
    return stored;
  }

  /** `e.value` / `e.oldValue` text as Sheets puts it in an edit event. */
  private eventText(s: SheetState, g: GridRange, v: CellValue): string {
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (isDateValue(v)) return displayValue(v, s.formatAt('numberFormat', g.row - 1, g.col - 1) as string | undefined, this.book.timeZone);
    return v;
  }
}
