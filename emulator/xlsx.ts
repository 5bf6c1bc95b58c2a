/**
 * Reads a workbook exported from Google Sheets (File › Download › Microsoft Excel) into our workbook
 * format, with the values `Range.getValues()` would return in Sheets:
 * - numbers, strings and booleans as they are; an empty cell is "";
 * - date and date-time cells become `Date`s at the same wall-clock time in the spreadsheet's time zone
 *   (a date cell is local midnight there);
 * - formulas give their cached result (what Sheets last computed), errors their text ("#N/A");
 * - rich text and hyperlinks give their plain text.
 * Each sheet is trimmed to its last row and column holding a value, and rows are padded to one width.
 */
import { basename, extname } from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { CellValue, SheetData, WorkbookData } from './workbook';

export interface ReadXlsxOptions {
  /** The spreadsheet's time zone (xlsx files carry none); default America/New_York. */
  timeZone?: string;
}

/**
 * exceljs turns a date serial into a Date whose UTC fields are the wall-clock fields of the cell.
 * The same wall-clock time in `zone`.
 */
function wallClockIn(d: Date, zone: string): Date {
  if (Number.isNaN(d.getTime())) return d;
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      millisecond: d.getUTCMilliseconds(),
    },
    { zone },
  ).toJSDate();
}

function plainValue(value: ExcelJS.CellValue, zone: string): CellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return wallClockIn(value, zone);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text).join('');
    if ('error' in value) return String(value.error);
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      return result === undefined ? '' : plainValue(result as ExcelJS.CellValue, zone);
    }
    if ('hyperlink' in value && 'text' in value) {
      const text = (value as ExcelJS.CellHyperlinkValue).text as unknown;
      // The text of a hyperlink cell may itself be rich text.
      return typeof text === 'string' ? text : plainValue(text as ExcelJS.CellValue, zone);
    }
  }
  return String(value);
}

function readSheet(ws: ExcelJS.Worksheet, zone: string): SheetData {
  const rows: CellValue[][] = [];
  let lastRow = 0;
  let lastCol = 0;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Merged cells: only the top-left (master) cell holds the value, as in Sheets.
      const v = cell.isMerged && cell.master !== cell ? '' : plainValue(cell.value, zone);
      cells[colNumber - 1] = v;
      if (v !== '') {
        lastRow = Math.max(lastRow, rowNumber);
        lastCol = Math.max(lastCol, colNumber);
      }
    });
    rows[rowNumber - 1] = cells;
  });
  const values: CellValue[][] = [];
  for (let r = 0; r < lastRow; r++) {
    const src = rows[r] ?? [];
    const out: CellValue[] = new Array(lastCol);
    for (let c = 0; c < lastCol; c++) out[c] = src[c] ?? '';
    values.push(out);
  }
  return { name: ws.name, values };
}

/** Reads every sheet of an .xlsx file (in tab order) into a workbook. */
export async function readXlsxWorkbook(path: string, options: ReadXlsxOptions = {}): Promise<WorkbookData> {
  const zone = options.timeZone ?? 'America/New_York';
  if (!DateTime.local().setZone(zone).isValid) throw new Error(`Unknown time zone "${zone}"`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (err) {
    throw new Error(`Could not read ${path} as an Excel workbook (.xlsx): ${(err as Error).message}`, { cause: err });
  }
  // exceljs lists worksheets in tab order.
  const sheets = wb.worksheets.map((ws) => readSheet(ws, zone));
  return { name: basename(path, extname(path)), timeZone: zone, sheets };
}
