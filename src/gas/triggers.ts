/**
 * The add-on's installable triggers, each installed exactly once (looked up by handler name first:
 * duplicate triggers are the classic cause of duplicate emails).
 *
 * - daily `runDailyNotices` at Settings › Daily run hour, in the spreadsheet's time zone;
 * - installable on-edit `onInventoryEdit` (never `onEdit`, which would also run as a simple trigger).
 *
 * Not installed here: the one-off `runStockAlerts` follow-up, scheduled by a stock pass that held a
 * change or found the lock busy (src/jobs/stockAlerts.ts), at most one at a time.
 *
 * Apps Script cannot tell the hour of an existing trigger, and `runDailyNotices` is also the handler
 * of one-off continuation triggers, so the daily trigger's id and hour are kept in Script Properties.
 * When that record is missing or points at no trigger, every clock trigger of the handler is replaced
 * by one daily trigger (a continuation lost that way is picked up by the next daily run).
 */
import type { KeyValueStore } from './services';

export const DAILY_HANDLER = 'runDailyNotices';
export const EDIT_HANDLER = 'onInventoryEdit';
export const STOCK_FOLLOW_UP_HANDLER = 'runStockAlerts';
export const DAILY_TRIGGER_PROPERTY = 'BD_DAILY_TRIGGER';

interface DailyRecord {
  uid: string;
  hour: number;
  timeZone: string;
}

/** Installs or repairs both triggers; returns what changed, in words (empty when nothing did). */
export function ensureTriggers(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  props: KeyValueStore,
  hour: number,
  timeZone: string,
): string[] {
  const done: string[] = [];
  const triggers = ScriptApp.getProjectTriggers();
  const byHandler = (name: string) => triggers.filter((t) => t.getHandlerFunction() === name);

  // Daily notices.
  const record = props.getJson<DailyRecord>(DAILY_TRIGGER_PROPERTY);
  const daily = byHandler(DAILY_HANDLER).filter((t) => t.getEventType() === ScriptApp.EventType.CLOCK);
  const current = record ? daily.find((t) => t.getUniqueId() === record.uid) : undefined;
  if (!current || !record || record.hour !== hour || record.timeZone !== timeZone) {
    const stale = current ? [current] : daily;
    for (const t of stale) ScriptApp.deleteTrigger(t);
    const created = ScriptApp.newTrigger(DAILY_HANDLER).timeBased().everyDays(1).atHour(hour).inTimezone(timeZone).create();
    props.setJson(DAILY_TRIGGER_PROPERTY, { uid: created.getUniqueId(), hour, timeZone } satisfies DailyRecord);
    done.push(
      current
        ? `Moved the daily notices to ${hour}:00 (${timeZone}).`
        : `Installed the daily notices at ${hour}:00 (${timeZone})${stale.length ? `, replacing ${stale.length} older trigger(s)` : ''}.`,
    );
  }

  // Stock colours and alerts on edit.
  const edits = byHandler(EDIT_HANDLER);
  if (edits.length === 0) {
    ScriptApp.newTrigger(EDIT_HANDLER).forSpreadsheet(ss).onEdit().create();
    done.push('Installed the stock alerts on edit.');
  } else if (edits.length > 1) {
    for (const t of edits.slice(1)) ScriptApp.deleteTrigger(t);
    done.push(`Removed ${edits.length - 1} duplicate edit trigger(s).`);
  }
  return done;
}
