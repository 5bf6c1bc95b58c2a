/**
 * The add-on's two installable triggers, each installed exactly once (looked up first: duplicate
 * triggers are the classic cause of duplicate emails). They fit a published Editor add-on's rules: one
 * trigger of each type per user per document, and time-driven triggers at most hourly.
 *
 * - `onClockTick`, hourly: the one clock. It runs whatever is due (src/jobs/clockTick.ts): the daily
 *   notices at Settings › Daily run hour, continuations, held stock alerts, queued extended updates.
 * - `onInventoryEdit`, installable on-edit (never `onEdit`, which would also run as a simple trigger).
 *
 * Set-up migrates an installation of an earlier version: its daily `runDailyNotices` trigger and one-off
 * `runStockAlerts` / continuation triggers are deleted (before the hourly one is created, so an add-on
 * never holds two time-driven triggers). Until set-up runs again those old triggers keep working: their
 * handlers run the hourly tick.
 *
 * Who owns the triggers. An installable trigger runs as the person who created it (every email and
 * Slack post goes out from that account), and `ScriptApp.getProjectTriggers()` lists only the
 * current person's triggers, so "look it up first" alone cannot stop a second person's set-up from
 * installing a second set. One person owns the triggers: their address
 * (`Session.getEffectiveUser().getEmail()`, normalised) is kept in this document's properties
 * (`KEYS.triggerOwner`), which every person using the spreadsheet shares.
 * - Set-up by the owner (or by anyone while no owner is recorded) installs or repairs the triggers.
 * - Set-up by anyone else installs none, removes that person's own leftover triggers, says who owns
 *   them and, where a Ui can ask, offers to move them. Moving records the new owner and installs the
 *   triggers under them; the old owner's triggers cannot be deleted by anyone else, so:
 * - every trigger-run handler first calls `triggerMayRun`: a trigger running as someone who is not
 *   the recorded owner deletes itself and does nothing. An empty address never matches an owner.
 * - A set-up by a person whose address the script cannot see installs nothing (no owner to record).
 */
import { normalizeEmail } from '../sheet/settings';
import { type KeyValueStore, runningAsAddon } from './services';
import { KEYS } from './store';

/** The one time-driven trigger's handler. */
export const TICK_HANDLER = 'onClockTick';
export const EDIT_HANDLER = 'onInventoryEdit';
/** Handlers of an earlier version's time-driven triggers (daily, and the one-off follow-ups). */
export const OLD_CLOCK_HANDLERS = ['runDailyNotices', 'runStockAlerts'] as const;
/** The normalised address of the person the installable triggers belong to. */
export const TRIGGER_OWNER_PROPERTY = KEYS.triggerOwner.key;

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

/**
 * The current person's triggers of this add-on in this spreadsheet. In a published add-on
 * `getProjectTriggers()` lists the person's triggers in every document the add-on runs in, so there the
 * spreadsheet's own are asked for (`getUserTriggers`); a bound script's triggers are all this sheet's.
 */
export function ownTriggers(): GoogleAppsScript.Script.Trigger[] {
  return runningAsAddon() ? ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet()) : ScriptApp.getProjectTriggers();
}

/** Installs or repairs both triggers for the person running this; returns what changed, in words (empty when nothing did). */
export function ensureTriggers(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, props: KeyValueStore): string[] {
  const done: string[] = [];
  const triggers = ownTriggers();
  const clock = triggers.filter((t) => t.getEventType() === ScriptApp.EventType.CLOCK);
  const recorded = props.get(KEYS.tickTrigger.key);
  const keep = clock.find((t) => t.getUniqueId() === recorded && t.getHandlerFunction() === TICK_HANDLER);
  // Every other time-driven trigger of ours goes first: an add-on may hold only one.
  const stale = clock.filter((t) => t !== keep && (t.getHandlerFunction() === TICK_HANDLER || (OLD_CLOCK_HANDLERS as readonly string[]).includes(t.getHandlerFunction())));
  for (const t of stale) ScriptApp.deleteTrigger(t);
  if (!keep) {
    const created = ScriptApp.newTrigger(TICK_HANDLER).timeBased().everyHours(1).create();
    props.set(KEYS.tickTrigger.key, created.getUniqueId());
    done.push(`Installed the hourly run (daily notices, held alerts and queued work)${stale.length ? `, replacing ${stale.length} older time-driven trigger(s)` : ''}.`);
  } else if (stale.length) {
    done.push(`Removed ${stale.length} older time-driven trigger(s); the hourly run does their work.`);
  }

  // Stock colours and alerts on edit.
  const edits = triggers.filter((t) => t.getHandlerFunction() === EDIT_HANDLER);
  if (edits.length === 0) {
    ScriptApp.newTrigger(EDIT_HANDLER).forSpreadsheet(ss).onEdit().create();
    done.push('Installed the stock alerts on edit.');
  } else if (edits.length > 1) {
    for (const t of edits.slice(1)) ScriptApp.deleteTrigger(t);
    done.push(`Removed ${edits.length - 1} duplicate edit trigger(s).`);
  }
  return done;
}

/** Deletes the current person's triggers of this add-on (they would repeat the owner's work). Returns how many. */
function removeOwnTriggers(): number {
  const ours = [TICK_HANDLER, EDIT_HANDLER, ...OLD_CLOCK_HANDLERS] as string[];
  let removed = 0;
  for (const t of ownTriggers()) {
    if (!ours.includes(t.getHandlerFunction())) continue;
    ScriptApp.deleteTrigger(t);
    removed++;
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
    out.done.push(...ensureTriggers(ss, props));
    if (owner === '' && out.done.length === 0) out.done.push(`Recorded ${me} as the account the daily notices and stock alerts run as.`);
    return out;
  }
  const removed = removeOwnTriggers();
  if (removed) out.done.push(`Removed ${removed} trigger(s) of yours that would have repeated ${owner}'s daily notices or stock alerts.`);
  if (askToTakeOver(owner)) {
    props.set(TRIGGER_OWNER_PROPERTY, me);
    out.done.push(...ensureTriggers(ss, props));
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
  let removed = 0;
  try {
    for (const t of ownTriggers()) {
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
