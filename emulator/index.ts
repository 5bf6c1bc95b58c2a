/**
 * The local Apps Script emulator: `createEmulator()` loads dist/Code.js (or a given source) and
 * runs it with emulated services. See emulator/README.md.
 */
import type { Emulator, EmulatorOptions } from './api';
import { Runtime } from './runtime';
import { loadWorkbook } from './workbook';

export type * from './api';
export type { CellValue, SheetData, WorkbookData } from './workbook';
export { loadWorkbook, saveWorkbook, workbookFromJson, workbookToJson } from './workbook';
export { NotImplementedError } from './support';

export function createEmulator(options?: EmulatorOptions): Emulator {
  return new Runtime(options ?? {});
}

/** An emulator whose spreadsheet is read from a workbook JSON file (see workbook.ts). */
export function loadEmulator(path: string, options?: Omit<EmulatorOptions, 'workbook'>): Emulator {
  return new Runtime({ ...(options ?? {}), workbook: loadWorkbook(path) });
}
