/**
 * Thin adapters over Apps Script services. Jobs receive these through `Services`, so the rules
 * never touch globals directly and the same code runs in Apps Script and in the emulator.
 */
import type { LocalDate } from '../core/dates';
import { KEYS, migrateScriptProperties } from './store';

export interface OutgoingMail {
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
}

export interface Mailer {
  /** Recipients still allowed today (`MailApp.getRemainingDailyQuota`). */
  remainingQuota(): number;
  /** Sends one message to one recipient; throws on failure. */
  send(mail: OutgoingMail): void;
  /**
   * The account mail goes out from and whose quota `remainingQuota` reads (`Session.getEffectiveUser()`: a
   * trigger's owner, or the person who ran it); '' when it cannot be told. Optional for stand-ins: without it
   * an interrupted send is never judged "not sent" (src/engines/sending.ts).
   */
  account?(): string;
}

export interface SlackResult {
  ok: boolean;
  /** Empty when ok; the HTTP status or error text otherwise. */
  error: string;
}

export interface Slack {
  /** True when a webhook URL is stored. */
  connected(): boolean;
  post(text: string): SlackResult;
}

export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  getJson<T>(key: string): T | null;
  setJson(key: string, value: unknown): void;
  /** Every key in the store (one call). */
  keys?(): string[];
}

export interface Clock {
  now(): Date;
}

export interface Services {
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  clock: Clock;
  /** The spreadsheet's time zone: days on backorder are counted in it. */
  timeZone: string;
  /** Turns an instant into a calendar date in the spreadsheet's time zone. */
  localDate(d: Date): LocalDate;
  /** Formats an instant in the spreadsheet's time zone with a Java `SimpleDateFormat` pattern. */
  format(d: Date, pattern: string): string;
  mail: Mailer;
  slack: Slack;
  /** This spreadsheet's Document Properties: every piece of per-shop state (keys in src/gas/store.ts). */
  props: KeyValueStore;
  /** True when running as a published Editor add-on (menus go under Extensions; Script Properties are every shop's). */
  addon: boolean;
  log(message: string): void;
}

export const SLACK_WEBHOOK_PROPERTY = KEYS.slackWebhook.key;

/** Accepts only Slack incoming-webhook URLs (https://hooks.slack.com/services/…). */
export function isSlackWebhookUrl(url: string): boolean {
  return /^https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9_/-]{10,}$/.test(url.trim());
}

function propertyStore(p: GoogleAppsScript.Properties.Properties): KeyValueStore {
  return {
    get: (k) => p.getProperty(k),
    set: (k, v) => void p.setProperty(k, v),
    delete: (k) => void p.deleteProperty(k),
    getJson<T>(k: string): T | null {
      const raw = p.getProperty(k);
      if (raw === null || raw === '') return null;
      try {
        return JSON.parse(raw) as T;
      } catch {
        return null;
      }
    },
    setJson: (k, v) => void p.setProperty(k, JSON.stringify(v)),
    keys: () => p.getKeys(),
  };
}

function mailer(): Mailer {
  return {
    remainingQuota: () => MailApp.getRemainingDailyQuota(),
    send(m) {
      const options: GoogleAppsScript.Mail.MailAdvancedParameters = {
        to: m.to,
        subject: m.subject,
        body: m.body,
      };
      if (m.htmlBody) options.htmlBody = m.htmlBody;
      if (m.name) options.name = m.name;
      if (m.replyTo) options.replyTo = m.replyTo;
      MailApp.sendEmail(options);
    },
    account() {
      try {
        return Session.getEffectiveUser().getEmail() || '';
      } catch {
        return '';
      }
    },
  };
}

function slackClient(props: KeyValueStore): Slack {
  return {
    connected: () => !!props.get(SLACK_WEBHOOK_PROPERTY),
    post(text) {
      const url = props.get(SLACK_WEBHOOK_PROPERTY);
      if (!url) return { ok: false, error: 'Slack is not connected' };
      try {
        const res = UrlFetchApp.fetch(url, {
          method: 'post',
          contentType: 'application/json',
          payload: JSON.stringify({ text }),
          muteHttpExceptions: true,
        });
        const code = res.getResponseCode();
        return code >= 200 && code < 300 ? { ok: true, error: '' } : { ok: false, error: `Slack answered HTTP ${code}` };
      } catch (e) {
        return { ok: false, error: `Slack could not be reached: ${(e as Error).message}` };
      }
    },
  };
}

/**
 * True when the script runs as an installed Editor add-on, false in a script bound to the spreadsheet.
 * `ScriptApp.getInstallationSource()` is NONE for a bound script (and for an add-on's test deployment,
 * which then behaves as bound: the safe side, since its Script Properties are its own).
 */
export function runningAsAddon(ifUnknown = false): boolean {
  try {
    return ScriptApp.getInstallationSource() !== ScriptApp.InstallationSource.NONE;
  } catch {
    return ifUnknown;
  }
}

/** The real services, built from Apps Script globals. */
export function appsScriptServices(): Services {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  const timeZone = ss.getSpreadsheetTimeZone() || Session.getScriptTimeZone();
  const documentProperties = PropertiesService.getDocumentProperties();
  const addon = runningAsAddon();
  const moved = migrateScriptProperties(PropertiesService.getScriptProperties(), documentProperties, !addon);
  if (moved.length) console.log(`Moved ${moved.length} setting(s) of an earlier version from Script Properties to this spreadsheet's Document Properties.`);
  const props = propertyStore(documentProperties);
  return {
    addon,
    ss,
    clock: { now: () => new Date() },
    timeZone,
    localDate: (d) => Utilities.formatDate(d, timeZone, 'yyyy-MM-dd'),
    format: (d, pattern) => Utilities.formatDate(d, timeZone, pattern),
    mail: mailer(),
    slack: slackClient(props),
    props,
    log: (message) => console.log(message),
  };
}
