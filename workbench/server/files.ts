/**
 * The workbench's workbook file, read once and saved back atomically after every change:
 * - no --workbook: a fresh copy of examples/demo.workbook.json under .workbench/;
 * - .json: our workbook format (a path that does not exist yet starts as a fresh copy of the demo);
 * - .xlsx: a Google Sheets export, imported, then saved under .workbench/ (NAME.xlsx.json; the export is left as it is).
 * The add-on's state outside the cells (its properties, the clock) is saved in the same file under "workbench",
 * so a restart resumes where it was.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Emulator } from '../../emulator/api';
import { loadWorkbook, workbookToJson, type WorkbookData } from '../../emulator/workbook';
import { readXlsxWorkbook } from '../../emulator/xlsx';

/** The repository's root (examples/, dist/, .workbench/ are found from here). */
export const ROOT = resolve(__dirname, '..', '..');

/** Where the workbook comes from (see WorkbenchOptions). */
export interface WorkbookFileOptions {
  /** Workbook file (.json or .xlsx); default a fresh copy of the demo under stateDir. */
  workbook?: string;
  /** Where the default demo copy and imported exports' state go; default <repo>/.workbench. */
  stateDir?: string;
  /** Time zone for an imported .xlsx (the file carries none); default America/New_York. */
  timeZone?: string;
}

/** What the workbench keeps beside the cells, under "workbench" in the saved file. */
export interface SavedExtras {
  now?: string;
  /** The spreadsheet's Document Properties (the add-on's state). */
  documentProperties?: Record<string, string>;
  /** Saved by an earlier version: moved to the document by the add-on's first run. */
  scriptProperties?: Record<string, string>;
}

export interface OpenedWorkbook {
  data: WorkbookData;
  /** The file saved to after every change. */
  savePath: string;
  /** A new copy (of the demo, or of an import): set-up runs on it. */
  fresh: boolean;
  extras: SavedExtras;
}

export async function openWorkbook(options: WorkbookFileOptions): Promise<OpenedWorkbook> {
  const stateDir = (): string => {
    const dir = options.stateDir ?? join(ROOT, '.workbench');
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  if (!options.workbook) {
    const savePath = join(stateDir(), 'demo.workbook.json');
    copyFileSync(join(ROOT, 'examples', 'demo.workbook.json'), savePath);
    return { data: loadWorkbook(savePath), savePath, fresh: true, extras: {} };
  }
  const path = resolve(options.workbook);
  if (/\.json$/i.test(path) && !existsSync(path)) {
    // A new .json path: start it as a fresh copy of the demo; from then on the state is kept there.
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(join(ROOT, 'examples', 'demo.workbook.json'), path);
    return { data: loadWorkbook(path), savePath: path, fresh: true, extras: {} };
  }
  if (!existsSync(path)) throw new Error(`No workbook at ${path}`);
  if (/\.xlsx$/i.test(path)) {
    // The export stays as it was downloaded: the workbench's state goes under .workbench/, not beside it.
    const data = await readXlsxWorkbook(path, { timeZone: options.timeZone });
    return { data, savePath: join(stateDir(), `${basename(path)}.json`), fresh: true, extras: {} };
  }
  if (!/\.json$/i.test(path)) throw new Error(`--workbook must be a .json workbook or an .xlsx export, got ${path}`);
  let data: WorkbookData;
  try {
    data = loadWorkbook(path);
  } catch (e) {
    throw new Error(`Could not read ${path} as a workbook: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(data.sheets)) throw new Error(`${path} is not a workbook (no "sheets")`);
  const extras = (data.workbench ?? {}) as SavedExtras;
  delete data.workbench;
  return { data, savePath: path, fresh: false, extras };
}

/** Writes the emulator's workbook and the add-on's state beside it; a crash mid-write leaves the old file whole. */
export function saveWorkbook(emulator: Emulator, path: string): void {
  const withExtras: WorkbookData = {
    ...emulator.workbook(),
    workbench: { now: emulator.clock.now().toISOString(), documentProperties: emulator.documentProperties(), scriptProperties: emulator.scriptProperties() } satisfies SavedExtras,
  };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, workbookToJson(withExtras));
  renameSync(tmp, path);
}
