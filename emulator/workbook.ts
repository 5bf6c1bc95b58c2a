/**
 * The workbook file format shared by the emulator, tests, the demo generator, the benchmark and
 * the workbench: JSON, with date cells as {"$date": "<ISO instant>"}.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export type CellValue = string | number | boolean | Date;

export interface SheetData {
  name: string;
  /** Rows of cells; '' is an empty cell. Rows may have different lengths (padded on load). */
  values: CellValue[][];
  /** Optional state the emulator keeps (formats, rules, validation, protections, frozen rows…). */
  [extra: string]: unknown;
}

export interface WorkbookData {
  name: string;
  /** The spreadsheet's time zone (IANA), e.g. "America/New_York". */
  timeZone: string;
  sheets: SheetData[];
  [extra: string]: unknown;
}

export function workbookToJson(wb: WorkbookData): string {
  return JSON.stringify(wb, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    return value;
  });
}

export function workbookFromJson(text: string): WorkbookData {
  return JSON.parse(text, (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.$date === 'string' && Object.keys(value).length === 1) {
      return new Date(value.$date);
    }
    return value;
  }) as WorkbookData;
}

export function saveWorkbook(path: string, wb: WorkbookData): void {
  writeFileSync(path, workbookToJson(wb));
}

export function loadWorkbook(path: string): WorkbookData {
  return workbookFromJson(readFileSync(path, 'utf8'));
}
