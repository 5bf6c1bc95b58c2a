/**
 * The Activity log (`When` · `Who` · `What` · `Order ID` · `SKU` · `Before` · `After` · `Detail`): one row per
 * change made through the add-on (agent actions, allocation changes, manager sends, set-up and settings changes),
 * appended in one block per run and never rewritten. Only its header row is read.
 */
import type { Cell } from './table';
import { appendRecords, safeText } from './table';
import { appendOnlyTable } from './noticeLog';
import { TAB } from './schema';

export interface Activity {
  when: Date;
  /** The person's email, or what acted: `hourly run`, `edit trigger`, `set-up`. */
  who: string;
  /** Short name of the action, e.g. `Allocated`, `Keeps waiting`, `Cancelled`. */
  what: string;
  orderId?: string;
  sku?: string;
  before?: string | number;
  after?: string | number;
  detail?: string;
}

/**
 * Appends the activities as one block (nothing when the list is empty). Text is kept as text (never read as a
 * formula) and long values are cut to fit a cell by appendRecords.
 */
export function logActivities(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, activities: readonly Activity[]): void {
  if (activities.length === 0) return;
  const rows: Record<string, Cell>[] = activities.map((a) => ({
    When: a.when,
    Who: safeText(a.who),
    What: safeText(a.what),
    'Order ID': safeText(a.orderId ?? ''),
    SKU: safeText(a.sku ?? ''),
    Before: typeof a.before === 'number' ? a.before : safeText(a.before ?? ''),
    After: typeof a.after === 'number' ? a.after : safeText(a.after ?? ''),
    Detail: safeText(a.detail ?? ''),
  }));
  appendRecords(appendOnlyTable(ss, TAB.activityLog), rows);
}
