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
 *
 * Who owns the triggers. An installable trigger runs as the person who created it (every email and
 * Slack post goes out from that account), and `ScriptApp.getProjectTriggers()` lists only the
 * current person's triggers, so "look it up first" alone cannot stop a second person's set-up from
 * installing a second set. One person owns the triggers: their address
 * (`Session.getEffectiveUser().getEmail()`, normalised) is kept in Script Properties, which every
 * person shares (`TRIGGER_OWNER_PROPERTY`).
 * - Set-up by the owner (or by anyone while no owner is recorded) installs or repairs the triggers.
 * - Set-up by anyone else installs none, removes that person's own leftover daily/edit triggers, says
 *   who owns them and, where a Ui can ask, offers to move them (`planTriggers` / `ensureOwnTriggers`).
 *   Moving records the new owner and installs the triggers under them; the old owner's triggers
 *   cannot be deleted by anyone else, so:
 * - every trigger-run handler first calls `triggerMayRun`: a trigger running as someone who is not
 *   the recorded owner deletes itself and does nothing. An empty address never matches an owner.
 *   Exception: a one-off continuation recorded in Script Properties runs once wherever it was made
 *   (a menu run by another person may schedule one; it is never repeated).
 * - A set-up by a person whose address the script cannot see installs nothing (no owner to record).
 */
import { normalizeEmail } from '../sheet/settings';
import type { KeyValueStore } from './services';

export const DAILY_HANDLER = 'runDailyNotices';
export const EDIT_HANDLER = 'onInventoryEdit';
export const STOCK_FOLLOW_UP_HANDLER = 'runStockAlerts';
export const DAILY_TRIGGER_PROPERTY = 'BD_DAILY_TRIGGER';
/** Script property: the normalised address of the person the installable triggers belong to. */
export const TRIGGER_OWNER_PROPERTY = 'BD_TRIGGER_OWNER';
/** Script property holding a handler's one-off continuation trigger id (src/jobs/sending.ts writes it). */
export const continuationProperty = (handler: string) => `BD_CONTINUATION_${handler}`;

interface DailyRecord {
  uid: string;
  hour: number;
  timeZone: string;
}

/** The address the script runs as (a trigger's owner inside a trigger), normalised; '' when hidden. */
export function effectiveUserEmail(): string {
  try {
    return normalizeEmail(Session.getEffectiveUser().getEmail());
  } catch {
    return '';
  }
}

/** The recorded owner of the triggers; '' when none is recorded. */
export function triggerOwner(props: KeyValueStore): string {
  return normalizeEmail(props.get(TRIGGER_OWNER_PROPERTY));
}

/** Installs or repairs both triggers for the person running this; returns what changed, in words (empty when nothing did). */
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

/**
 * Deletes the current person's daily and edit triggers (they would repeat the owner's work), keeping
 * a recorded one-off continuation. Returns how many were deleted.
 */
function removeOwnRecurringTriggers(props: KeyValueStore): number {
  const continuation = props.get(continuationProperty(DAILY_HANDLER));
  let removed = 0;
  for (const t of ScriptApp.getProjectTriggers()) {
    const handler = t.getHandlerFunction();
    const recurring = handler === EDIT_HANDLER || (handler === DAILY_HANDLER && t.getUniqueId() !== continuation);
    if (recurring) {
      ScriptApp.deleteTrigger(t);
      removed++;
    }
  }
  return removed;
}

export interface TriggerSetUp {
  /** What changed, one sentence each. */
  done: string[];
  /** Who runs the triggers, when the person should know (someone else, or just moved). */
  notes: string[];
  /** Things to look at. */
  problems: string[];
}

/**
 * Set-up's trigger step, ownership included (see the top of this file). `askToTakeOver(owner)` asks
 * the person whether the triggers should move to their account; it returns false where nobody can be
 * asked (no Ui), and then nothing moves.
 */
export function setUpTriggers(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  props: KeyValueStore,
  hour: number,
  timeZone: string,
  askToTakeOver: (owner: string) => boolean,
): TriggerSetUp {
  const out: TriggerSetUp = { done: [], notes: [], problems: [] };
  const me = effectiveUserEmail();
  const owner = triggerOwner(props);
  if (me === '') {
    out.problems.push(
      'The add-on cannot see your Google account address, so it cannot record who runs the daily notices and stock alerts: ' +
        'no triggers were installed for you. ' +
        (owner ? `They keep running as ${owner}.` : 'Ask a person whose address the add-on can see to run Set up sheet.'),
    );
    return out;
  }
  if (owner === '' || owner === me) {
    if (owner === '') props.set(TRIGGER_OWNER_PROPERTY, me);
    out.done.push(...ensureTriggers(ss, props, hour, timeZone));
    if (owner === '' && out.done.length === 0) out.done.push(`Recorded ${me} as the account the daily notices and stock alerts run as.`);
    return out;
  }
  const removed = removeOwnRecurringTriggers(props);
  if (removed) out.done.push(`Removed ${removed} trigger(s) of yours that would have repeated ${owner}'s daily notices or stock alerts.`);
  if (askToTakeOver(owner)) {
    props.set(TRIGGER_OWNER_PROPERTY, me);
    out.done.push(...ensureTriggers(ss, props, hour, timeZone));
    out.notes.push(
      `The daily notices and stock alerts now run as you (${me}): customer emails and alerts go out from your account. ` +
        `The triggers of ${owner} remove themselves the next time they fire and do nothing.`,
    );
  } else {
    out.notes.push(
      `The daily notices and stock alerts run as ${owner}: customer emails and alerts go out from that account. ` +
        'Set-up installed no triggers for you (that would send everything twice). ' +
        'To move them to your account, run Set up sheet again and answer Yes.',
    );
  }
  return out;
}

/** The event fields a trigger-run handler needs: every installable trigger's event carries `triggerUid`. */
export interface TriggerEvent {
  triggerUid?: string;
}

/**
 * Called first by every trigger-run handler. True: go on. False: this trigger runs as someone who
 * does not own the add-on's triggers (they moved to another person, or this is a leftover of a
 * second set-up); it has deleted itself and the handler must exit without doing anything.
 * While no owner is recorded, triggers run.
 */
export function triggerMayRun(
  props: KeyValueStore,
  log: (message: string) => void,
  handler: string,
  e: TriggerEvent | undefined,
): boolean {
  const me = effectiveUserEmail();
  const owner = triggerOwner(props);
  const uid = typeof e?.triggerUid === 'string' ? e.triggerUid : '';
  // No recorded owner (no set-up has recorded one yet): nothing to compare with, the trigger runs.
  if (owner === '' || (me !== '' && me === owner)) return true;
  if (uid !== '' && props.get(continuationProperty(handler)) === uid) return true;
  let removed = 0;
  try {
    for (const t of ScriptApp.getProjectTriggers()) {
      if (uid !== '' ? t.getUniqueId() === uid : t.getHandlerFunction() === handler) {
        ScriptApp.deleteTrigger(t);
        removed++;
      }
    }
  } catch (err) {
    log(`Triggers: could not remove this trigger: ${(err as Error).message}`);
  }
  log(
    `Triggers: ${handler} ran as ${me || 'an account whose address is hidden'}, but the triggers belong to ${owner}; ` +
      `${removed ? 'this trigger removed itself' : 'its trigger was already gone'} and did nothing.`,
  );
  return false;
}
