/**
 * The Notice log, for appending only: its header row is read (never the whole log, which only grows).
 */
import { HEADERS, TAB, type TabName } from './schema';
import { appendRecords, type Cell, growGrid, safeText, Table } from './table';

/**
 * An append-only tab (Notice log, Activity log) for appending: only its header row is read. A missing tab is
 * created with its headers; missing headers are added after the last column, so no detail is dropped.
 */
export function appendOnlyTable(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, tab: TabName): Table {
  const headers = HEADERS[tab];
  let sheet = ss.getSheetByName(tab);
  let header: Cell[];
  if (!sheet) {
    sheet = ss.insertSheet(tab);
    header = [...headers];
    sheet.getRange(1, 1, 1, header.length).setValues([header]);
  } else {
    const width = Math.max(1, sheet.getLastColumn());
    header = sheet.getRange(1, 1, 1, width).getValues()[0] as Cell[];
    const missing = headers.filter((h) => !header.some((x) => String(x).trim() === h));
    if (missing.length > 0) {
      growGrid(sheet, 0, header.length + missing.length);
      sheet.getRange(1, header.length + 1, 1, missing.length).setValues([missing]);
      header = [...header, ...missing];
    }
  }
  return new Table(sheet, header, [], headers);
}

export function noticeLogTable(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Table {
  return appendOnlyTable(ss, TAB.noticeLog);
}

/** Kind of the Notice log rows that record a run that failed or stopped part-way. */
export const RUN_PROBLEM_KIND = 'Run problem';

/** Kind of the Notice log rows about a problem of the sheet that keeps a customer or an item out of the run (told once). */
export const SHEET_PROBLEM_KIND = 'Sheet problem';

/** Appends one Notice log row about the run itself (not a customer's notice). */
export function logRunProblem(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, at: Date, detail: string): void {
  appendRecords(noticeLogTable(ss), [{ 'Sent at': at, Kind: RUN_PROBLEM_KIND, Result: 'Failed', Detail: safeText(detail) }]);
}
