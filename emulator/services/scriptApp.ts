/**
 * ScriptApp: installable triggers (time-driven, one-off, spreadsheet edit/open/change) and enums.
 * Triggers belong to the person who created them (the effective user then): a script sees and deletes
 * only its effective user's triggers, the 20-trigger limit is per person, and a trigger runs as its owner.
 */
import { DateTime } from 'luxon';
import type { TriggerInfo } from '../api';
import { NotImplementedError, service, strictEnum } from '../support';
import { isDate, type Host } from './host';

export const AuthMode = strictEnum('ScriptApp.AuthMode', { NONE: 'NONE', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', LIMITED: 'LIMITED', FULL: 'FULL' });
export const EventType = strictEnum('ScriptApp.EventType', {
  CLOCK: 'CLOCK',
  ON_OPEN: 'ON_OPEN',
  ON_EDIT: 'ON_EDIT',
  ON_FORM_SUBMIT: 'ON_FORM_SUBMIT',
  ON_CHANGE: 'ON_CHANGE',
  ON_EVENT_UPDATED: 'ON_EVENT_UPDATED',
});
export const InstallationSource = strictEnum('ScriptApp.InstallationSource', {
  APPS_MARKETPLACE_DOMAIN_ADD_ON: 'APPS_MARKETPLACE_DOMAIN_ADD_ON',
  NONE: 'NONE',
  WEB_STORE_ADD_ON: 'WEB_STORE_ADD_ON',
});
export const TriggerSource = strictEnum('ScriptApp.TriggerSource', { SPREADSHEETS: 'SPREADSHEETS', CLOCK: 'CLOCK', FORMS: 'FORMS', DOCUMENTS: 'DOCUMENTS', CALENDAR: 'CALENDAR' });

export const MAX_TRIGGERS = 20;
/**
 * Minute at which a daily `atHour(h)` trigger fires on a given local day: Apps Script runs it somewhere
 * within the hour, a different minute from day to day. Seeded by the trigger and the day, so runs repeat.
 */
export function dailyMinute(uid: string, isoDay: string): number {
  let h = 2166136261;
  for (const ch of `${uid}|${isoDay}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 60;
}
const MINUTE_CHOICES = [1, 5, 10, 15, 30];
const HOUR_CHOICES = [1, 2, 4, 6, 8, 12];

export interface TriggerEntry {
  uid: string;
  handler: string;
  /** Email of the person who created it. */
  owner: string;
  kind: TriggerInfo['kind'];
  sourceId?: string;
  /** Clock triggers: next due instant (ms). */
  due?: number;
  /** Repeating clock triggers with a fixed interval (minutes/hours). */
  everyMs?: number;
  /** Daily triggers: every n days at hour:minute in timeZone. */
  everyDays?: number;
  atHour?: number;
  minute?: number;
  timeZone?: string;
}

export class TriggerTable {
  readonly entries: TriggerEntry[] = [];
  private next = 1;

  newUid(): string {
    return String(4_700_000_000_000_000 + this.next++ * 7919);
  }
  add(entry: TriggerEntry): void {
    if (this.ownedBy(entry.owner).length >= MAX_TRIGGERS) {
      throw new Error('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    }
    this.entries.push(entry);
  }
  ownedBy(owner: string): TriggerEntry[] {
    return this.entries.filter((e) => e.owner === owner);
  }
  remove(uid: string): void {
    const i = this.entries.findIndex((e) => e.uid === uid);
    if (i >= 0) this.entries.splice(i, 1);
  }
  info(): TriggerInfo[] {
    return this.entries.map((e) => {
      const t: TriggerInfo = { uid: e.uid, handler: e.handler, owner: e.owner, kind: e.kind };
      if (e.due !== undefined) t.due = new Date(e.due);
      if (e.everyMs !== undefined) t.everyMs = e.everyMs;
      else if (e.everyDays !== undefined) t.everyMs = e.everyDays * 86_400_000;
      if (e.atHour !== undefined) t.atHour = e.atHour;
      return t;
    });
  }
}

/** First instant strictly after `afterMs` that is hour:minute local time, on a day at least `minDays` ahead. */
/** How late a one-off `after(ms)` trigger runs: never early, up to a minute late, seeded by the trigger. */
export function afterDelay(uid: string): number {
  return dailyMinute(uid, 'after') * 1000;
}

export function nextDaily(afterMs: number, timeZone: string, hour: number, minute: number | undefined, uid = ''): number {
  const at = (day: DateTime) => day.set({ hour, minute: minute ?? dailyMinute(uid, day.toISODate() ?? ''), second: 0, millisecond: 0 });
  let candidate = at(DateTime.fromMillis(afterMs, { zone: timeZone }));
  if (candidate.toMillis() <= afterMs) candidate = at(candidate.plus({ days: 1 }));
  return candidate.toMillis();
}

/** When a fired clock trigger is due next (undefined: it was one-off and is deleted). */
export function reschedule(e: TriggerEntry, firedDue: number, nowMs: number): number | undefined {
  if (e.everyMs !== undefined) {
    let due = firedDue + e.everyMs;
    while (due <= nowMs) due += e.everyMs;
    return due;
  }
  if (e.everyDays !== undefined) {
    let due = firedDue;
    do {
      const local = DateTime.fromMillis(due, { zone: e.timeZone }).plus({ days: e.everyDays });
      due = local.set({ hour: e.atHour ?? 0, minute: e.minute ?? dailyMinute(e.uid, local.toISODate() ?? ''), second: 0, millisecond: 0 }).toMillis();
    } while (due <= nowMs);
    return due;
  }
  return undefined;
}

export interface ScriptAppDeps {
  scriptId: string;
  /** 'addon': Editor add-on trigger rules (workspace/add-ons/concepts/editor-triggers, Restrictions). */
  mode: 'bound' | 'addon';
  spreadsheetId(): string;
  /** The id of a Spreadsheet object a script passes to forSpreadsheet. */
  idOf(spreadsheet: unknown): string;
}

/**
 * Editor add-ons (workspace/add-ons/concepts/editor-triggers): "Each add-on can only have one trigger of each
 * type, per user, per document" and "time-driven triggers cannot run more frequently than once per hour".
 * Throws as Apps Script does when `e` would break either rule.
 */
function checkAddonTrigger(table: TriggerTable, e: TriggerEntry, everyMs: number | undefined): void {
  if (e.kind === 'clock' && everyMs !== undefined && everyMs < 3_600_000) {
    throw new Error('Add-ons may not create time-based triggers that run more frequently than once per hour.');
  }
  const same = table.ownedBy(e.owner).filter((t) => t.kind === e.kind && t.sourceId === e.sourceId);
  if (same.length > 0) {
    const what = e.kind === 'clock' ? 'time-based' : e.kind;
    throw new Error(`This add-on has created too many ${what} triggers in this document for this Google user account.`);
  }
}

export function createScriptApp(host: Host, table: TriggerTable, deps: ScriptAppDeps): GoogleAppsScript.Script.ScriptApp {
  const triggerObjects = new WeakMap<object, string>();
  const triggerObject = (e: TriggerEntry) => {
    const t = service(
      'Trigger',
      {
        getHandlerFunction: () => e.handler,
        getUniqueId: () => e.uid,
        getEventType: () =>
          ({ clock: EventType.CLOCK, edit: EventType.ON_EDIT, open: EventType.ON_OPEN, change: EventType.ON_CHANGE, formSubmit: EventType.ON_FORM_SUBMIT })[e.kind],
        getTriggerSource: () => (e.kind === 'clock' ? TriggerSource.CLOCK : TriggerSource.SPREADSHEETS),
        getTriggerSourceId: () => e.sourceId ?? null,
      },
      host.count,
    );
    triggerObjects.set(t, e.uid);
    return t;
  };

  const clockBuilder = (handler: string) => {
    const spec: Partial<TriggerEntry> & { after?: number; at?: number; everyMinutes?: number; everyHours?: number } = {};
    const b = {
      after(ms: number) {
        const n = Number(ms);
        if (!Number.isFinite(n) || n < 0) throw new Error('Invalid argument: durationMilliseconds');
        spec.after = n;
        return b;
      },
      at(date: Date) {
        if (!isDate(date)) throw new Error('Invalid argument: date');
        spec.at = date.getTime();
        return b;
      },
      everyMinutes(n: number) {
        if (!MINUTE_CHOICES.includes(Number(n))) throw new Error('The value passed to everyMinutes must be one of 1, 5, 10, 15 or 30.');
        spec.everyMinutes = Number(n);
        return b;
      },
      everyHours(n: number) {
        if (!HOUR_CHOICES.includes(Number(n))) throw new Error('The value passed to everyHours must be one of 1, 2, 4, 6, 8 or 12.');
        spec.everyHours = Number(n);
        return b;
      },
      everyDays(n: number) {
        if (!Number.isInteger(Number(n)) || Number(n) < 1) throw new Error('Invalid argument: number of days');
        spec.everyDays = Number(n);
        return b;
      },
      atHour(h: number) {
        if (!Number.isInteger(Number(h)) || Number(h) < 0 || Number(h) > 23) throw new Error('Invalid argument: hour');
        spec.atHour = Number(h);
        return b;
      },
      nearMinute(m: number) {
        if (!Number.isInteger(Number(m)) || Number(m) < 0 || Number(m) > 59) throw new Error('Invalid argument: minute');
        spec.minute = Number(m);
        return b;
      },
      inTimezone(tz: string) {
        if (!DateTime.now().setZone(String(tz)).isValid) throw new Error(`Invalid argument: timezone ${tz}`);
        spec.timeZone = String(tz);
        return b;
      },
      create() {
        const now = host.nowMs();
        const e: TriggerEntry = { uid: table.newUid(), handler, owner: host.effectiveUserEmail(), kind: 'clock' };
        if (spec.after !== undefined) e.due = now + spec.after + afterDelay(e.uid);
        else if (spec.at !== undefined) e.due = spec.at;
        else if (spec.everyMinutes !== undefined) {
          e.everyMs = spec.everyMinutes * 60_000;
          e.due = now + e.everyMs;
        } else if (spec.everyHours !== undefined) {
          e.everyMs = spec.everyHours * 3_600_000;
          e.due = now + e.everyMs;
        } else if (spec.everyDays !== undefined) {
          e.everyDays = spec.everyDays;
          e.timeZone = spec.timeZone ?? host.scriptTimeZone;
          e.atHour = spec.atHour ?? DateTime.fromMillis(now, { zone: e.timeZone }).hour;
          if (spec.minute !== undefined) e.minute = spec.minute;
          e.due = nextDaily(now, e.timeZone, e.atHour, e.minute, e.uid);
        } else {
          throw new Error('The trigger needs a schedule: after(), at(), everyMinutes(), everyHours() or everyDays().');
        }
        if (deps.mode === 'addon') {
          e.sourceId = deps.spreadsheetId();
          checkAddonTrigger(table, e, e.everyMs);
        }
        table.add(e);
        return triggerObject(e);
      },
    };
    return service('ClockTriggerBuilder', b, host.count);
  };

  const spreadsheetBuilder = (handler: string, sourceId: string) => {
    let kind: TriggerEntry['kind'] | undefined;
    const b = {
      onEdit: () => ((kind = 'edit'), b),
      onOpen: () => ((kind = 'open'), b),
      onChange: () => ((kind = 'change'), b),
      onFormSubmit: () => ((kind = 'formSubmit'), b),
      create() {
        if (!kind) throw new Error('The trigger needs an event: onEdit(), onOpen(), onChange() or onFormSubmit().');
        const e: TriggerEntry = { uid: table.newUid(), handler, owner: host.effectiveUserEmail(), kind, sourceId };
        if (deps.mode === 'addon') {
          if (sourceId !== deps.spreadsheetId()) throw new Error('Add-ons can only create triggers for the file in which the add-on is used.');
          checkAddonTrigger(table, e, undefined);
        }
        table.add(e);
        return triggerObject(e);
      },
    };
    return service('SpreadsheetTriggerBuilder', b, host.count);
  };

  return service(
    'ScriptApp',
    {
      AuthMode,
      EventType,
      TriggerSource,
      InstallationSource,
      getInstallationSource: () => (deps.mode === 'addon' ? InstallationSource.WEB_STORE_ADD_ON : InstallationSource.NONE),
      newTrigger(functionName: string) {
        if (typeof functionName !== 'string' || functionName === '') throw new Error('Invalid argument: functionName');
        return service(
          'TriggerBuilder',
          {
            timeBased: () => clockBuilder(functionName),
            forSpreadsheet: (ss: unknown) => spreadsheetBuilder(functionName, typeof ss === 'string' ? ss : deps.idOf(ss)),
          },
          host.count,
        );
      },
      getProjectTriggers: () => table.ownedBy(host.effectiveUserEmail()).map(triggerObject),
      getUserTriggers: (ss: unknown) => {
        const id = typeof ss === 'string' ? ss : deps.idOf(ss);
        return table
          .ownedBy(host.effectiveUserEmail())
          .filter((e) => e.sourceId === id)
          .map(triggerObject);
      },
      deleteTrigger(trigger: unknown) {
        const uid = triggerObjects.get(trigger as object);
        if (uid === undefined) throw new Error('Invalid argument: trigger');
        const entry = table.entries.find((e) => e.uid === uid);
        if (entry && entry.owner !== host.effectiveUserEmail()) {
          throw new Error(`Cannot delete trigger ${uid}: it belongs to another user. Only the person who created a trigger can delete it.`);
        }
        table.remove(uid);
      },
      getScriptId: () => deps.scriptId,
      getOAuthToken: () => {
        throw new NotImplementedError('ScriptApp.getOAuthToken');
      },
    },
    host.count,
  ) as unknown as GoogleAppsScript.Script.ScriptApp;
}
