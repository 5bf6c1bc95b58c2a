/**
 * The Notice log, for appending only: its header row is read (never the whole log, which only grows).
 * A missing tab is created with its headers; missing headers are added after the last column, so no
 * log detail is dropped.
 */
import { NOTICE_LOG_HEADERS, TAB } from './schema';
import { appendRecords, type Cell, growGrid, safeText, Table } from './table';

export function noticeLogTable(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Table {
  let sheet = ss.getSheetByName(TAB.noticeLog);
  let header: Cell[];
  if (!sheet) {
    sheet = ss.insertSheet(TAB.noticeLog);
    header = [...NOTICE_LOG_HEADERS];
    sheet.getRange(1, 1, 1, header.length).setValues([header]);
  } else {
    const width = Math.max(1, sheet.getLastColumn());
    header = sheet.getRange(1, 1, 1, width).getValues()[0] as Cell[];
    const missing = NOTICE_LOG_HEADERS.filter((h) => !header.some((x) => String(x).trim() === h));
    if (missing.length > 0) {
      growGrid(sheet, 0, header.length + missing.length);
      sheet.getRange(1, header.length + 1, 1, missing.length).setValues([missing]);
      header = [...header, ...missing];
    }
  }
  return new Table(sheet, header, [], NOTICE_LOG_HEADERS);
}

/** Kind of the Notice log rows that record a run that failed or stopped part-way. */
export const RUN_PROBLEM_KIND = 'Run problem';

/** Appends one Notice log row about the run itself (not a customer's notice). */
export function logRunProblem(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, at: Date, detail: string): void {
  appendRecords(noticeLogTable(ss), [{ 'Sent at': at, Kind: RUN_PROBLEM_KIND, Result: 'Failed', Detail: safeText(detail) }]);
}
