/**
 * The Settings tab: one row per setting (`Setting` · `Value` · `About`).
 * Defaults are written by set-up and used whenever a row is missing or unreadable,
 * and every unreadable value is reported as a problem instead of stopping a run.
 * Sender name and Support phone go into customer emails: a value that would show a customer a date or
 * a weekday ("Sunday Gravy Co.", "555-0100 Mon.-Fri.") is reported and not used (default name, no phone).
 */
import { SHIP_PREFERENCES } from '../core/allocation';
import { DEFAULT_SENDER_NAME, findExactDates } from '../core/customerText';
import { goLiveGaps } from '../core/goLive';

export type { SendMode, Settings } from '../core/model';
import type { ConsentExpiry, Settings } from '../core/model';

const CONSENT_EXPIRY_WORDS: readonly ConsentExpiry[] = ['Cancel and refund', 'Flag for a manager'];

/** Settings › Managers only shows the managers: the list that counts is kept by the add-on (src/gas/managers.ts). */
export const MANAGERS_ABOUT =
  'Who may send an extended stock-out update and connect or remove Slack. Kept by the add-on: change it with Backorder Desk › Managers… ' +
  '(the account the hourly run uses, or a manager). A change typed in this cell is not used.';

export interface SettingDefinition {
  name: string;
  key: keyof Settings;
  defaultValue: string | number;
  about: string;
}

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  { name: 'Notice days', key: 'noticeDays', defaultValue: '3, 10, 17, 23, 30', about: 'Days of a backorder on which customers get an automatic notice.' },
  { name: 'Notify segments', key: 'notifySegments', defaultValue: 'DML, SCS', about: 'Order segments that get automatic notices (comma-separated).' },
  { name: 'Daily run hour', key: 'dailyRunHour', defaultValue: 9, about: 'Hour of the day (0-23, spreadsheet time zone) when notices go out: the first hourly run at or after it.' },
  { name: 'Low stock default', key: 'lowStockDefault', defaultValue: 10, about: 'An item is Low (yellow) at or below this many units when its "Low at" is blank.' },
  { name: 'Warehouse prep days', key: 'warehousePrepDays', defaultValue: 2, about: 'Days the warehouse needs to prepare stock after it arrives.' },
  { name: 'Managers', key: 'managers', defaultValue: '', about: MANAGERS_ABOUT },
  { name: 'Alert emails', key: 'alertEmails', defaultValue: '', about: 'Customer-care emails that get stock alerts (comma-separated).' },
  { name: 'Sender name', key: 'senderName', defaultValue: '', about: "Your shop's name, shown as the sender of customer emails (blank: \"Customer Care\"). Needed to go live." },
  { name: 'Reply-to', key: 'replyTo', defaultValue: '', about: 'Address customers reply to. Needed to go live.' },
  { name: 'Support phone', key: 'supportPhone', defaultValue: '', about: 'Phone number quoted in customer emails. Needed to go live.' },
  { name: 'Send mode', key: 'sendMode', defaultValue: 'Test', about: 'Test (a new install) sends every email to the Test recipient and marks nothing as sent. Live sends to customers, once Sender name, Reply-to, Support phone and Managers are filled in (Backorder Desk › Go live… shows what is missing); until then runs stay in Test and say why.' },
  { name: 'Test recipient', key: 'testRecipient', defaultValue: '', about: 'Where every email goes while Send mode is Test.' },
  { name: 'Default ship preference', key: 'defaultShipPreference', defaultValue: "Ship what's ready", about: "For orders whose Ship preference is blank: Ship what's ready (a line may get part of its units) or Wait for all (the order gets units only when all of it can be covered)." },
  { name: 'Backorder limit per customer', key: 'backorderLimitPerCustomer', defaultValue: '', about: "Units one customer's lines are served before everyone else of the same priority; the rest wait and the line is flagged (blank: no limit)." },
  { name: 'Promised ship days', key: 'promisedShipDays', defaultValue: 30, about: 'Days after an order within which the shop promises to ship (US mail-order rule: 30 when the shop states none). The first delay notice goes out before then.' },
  { name: 'Minimum notice gap', key: 'minimumNoticeGapDays', defaultValue: 4, about: 'Fewest days between two emails about a line (a day notice after another, or after a manager\'s extended update); a first notice still goes out by the promised ship time.' },
  { name: 'At consent deadline', key: 'consentExpiry', defaultValue: 'Cancel and refund', about: 'When a delayed line reaches its consent deadline without the customer agreeing to wait: Cancel and refund (the US mail-order rule), or Flag for a manager (shops outside the US).' },
  { name: 'Restock grace days', key: 'restockGraceDays', defaultValue: 7, about: 'Days an Expected restock date may be overdue before customers get the no-date wording and the team is told the date is stale.' },
];

export const DEFAULT_SETTINGS: Settings = {
  noticeDays: [3, 10, 17, 23, 30],
  notifySegments: ['DML', 'SCS'],
  dailyRunHour: 9,
  lowStockDefault: 10,
  warehousePrepDays: 2,
  managers: [],
  alertEmails: [],
  senderName: DEFAULT_SENDER_NAME,
  replyTo: '',
  supportPhone: '',
  // Missing row, missing or renamed Settings tab: Test. Never email customers by mistake.
  sendMode: 'Test',
  testRecipient: '',
  defaultShipPreference: "Ship what's ready",
  backorderLimitPerCustomer: null,
  promisedShipDays: 30,
  minimumNoticeGapDays: 4,
  consentExpiry: 'Cancel and refund',
  restockGraceDays: 7,
};

export { isValidEmail, normalizeEmail } from '../core/model';
import { isValidEmail, normalizeEmail } from '../core/model';

function splitList(value: unknown): string[] {
  return String(value ?? '')
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export interface SettingsResult {
  settings: Settings;
  /** Human-readable problems, e.g. `Settings › Daily run hour: "nine" is not an hour (0-23); using 9.` */
  problems: string[];
  /**
   * The go-live checklist's gaps when Send mode says Live but the checklist is not complete (src/core/goLive.ts):
   * `settings.sendMode` is then Test. Empty otherwise.
   */
  liveRefused: string[];
}

/**
 * Builds typed settings from `Setting` -> raw cell value pairs. Missing rows take defaults;
 * unreadable values take defaults and are reported.
 */
export function parseSettings(raw: ReadonlyMap<string, unknown>): SettingsResult {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const problems: string[] = [];
  const lookup = new Map<string, unknown>();
  for (const [k, v] of raw) lookup.set(k.trim().toLowerCase(), v);

  const problem = (name: string, value: unknown, why: string, fallback: unknown) =>
    problems.push(`Settings › ${name}: "${String(value)}" ${why}; using ${String(fallback)}.`);

  for (const def of SETTING_DEFINITIONS) {
    if (!lookup.has(def.name.toLowerCase())) continue;
    const value = lookup.get(def.name.toLowerCase());
    const text = String(value ?? '').trim();
    switch (def.key) {
      case 'noticeDays': {
        if (text === '') break;
        const days = splitList(text).map(Number);
        if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 365)) {
          problem(def.name, value, 'is not a list of whole days', DEFAULT_SETTINGS.noticeDays.join(', '));
        } else {
          settings.noticeDays = [...new Set(days)].sort((a, b) => a - b);
        }
        break;
      }
      case 'notifySegments':
        settings.notifySegments = splitList(text).map((s) => s.toUpperCase());
        break;
      case 'dailyRunHour':
      case 'lowStockDefault':
      case 'warehousePrepDays': {
        if (text === '') break;
        const n = Number(text);
        const max = def.key === 'dailyRunHour' ? 23 : def.key === 'warehousePrepDays' ? 60 : 1e9;
        if (!Number.isInteger(n) || n < 0 || n > max) {
          const why = def.key === 'dailyRunHour' ? 'is not an hour (0-23)' : 'is not a whole number';
          problem(def.name, value, why, DEFAULT_SETTINGS[def.key]);
        } else {
          settings[def.key] = n;
        }
        break;
      }
      case 'managers':
      case 'alertEmails': {
        const list = splitList(text).map(normalizeEmail);
        const bad = list.filter((e) => !isValidEmail(e));
        for (const b of bad) problems.push(`Settings › ${def.name}: "${b}" is not a valid email; ignored.`);
        settings[def.key] = list.filter((e) => isValidEmail(e));
        break;
      }
      case 'sendMode': {
        if (text === '') break;
        const mode = text.toLowerCase() === 'test' ? 'Test' : text.toLowerCase() === 'live' ? 'Live' : undefined;
        if (!mode) problem(def.name, value, 'is not Live or Test', 'Test');
        // An unreadable mode is treated as Test: never email customers by mistake.
        settings.sendMode = mode ?? 'Test';
        break;
      }
      case 'testRecipient':
      case 'replyTo': {
        const email = normalizeEmail(text);
        if (email !== '' && !isValidEmail(email)) {
          problems.push(`Settings › ${def.name}: "${text}" is not a valid email; ignored.`);
        } else {
          settings[def.key] = email;
        }
        break;
      }
      case 'defaultShipPreference': {
        if (text === '') break;
        const pref = SHIP_PREFERENCES.find((w) => w.toLowerCase() === text.toLowerCase().replace(/[’‘]/g, "'"));
        if (!pref) problem(def.name, value, "is not Ship what's ready or Wait for all", DEFAULT_SETTINGS.defaultShipPreference);
        else settings.defaultShipPreference = pref;
        break;
      }
      case 'backorderLimitPerCustomer': {
        if (text === '') break;
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) problem(def.name, value, 'is not a whole number of units (1 or more)', 'no limit');
        else settings.backorderLimitPerCustomer = n;
        break;
      }
      case 'promisedShipDays':
      case 'minimumNoticeGapDays':
      case 'restockGraceDays': {
        if (text === '') break;
        const n = Number(text);
        const min = def.key === 'promisedShipDays' ? 1 : 0;
        if (!Number.isInteger(n) || n < min || n > 365) problem(def.name, value, `is not a whole number of days (${min}-365)`, DEFAULT_SETTINGS[def.key]);
        else settings[def.key] = n;
        break;
      }
      case 'consentExpiry': {
        if (text === '') break;
        const choice = CONSENT_EXPIRY_WORDS.find((w) => w.toLowerCase() === text.toLowerCase());
        if (!choice) problem(def.name, value, 'is not Cancel and refund or Flag for a manager', DEFAULT_SETTINGS.consentExpiry);
        else settings.consentExpiry = choice;
        break;
      }
      case 'senderName':
      case 'supportPhone': {
        if (text === '') break;
        const dates = findExactDates(text);
        if (dates.length > 0) {
          const fallback = def.key === 'senderName' ? `"${DEFAULT_SETTINGS.senderName}"` : 'no phone number';
          const shown = [...new Set(dates.map((d) => `"${d.text}"`))].join(', ');
          problem(def.name, value, `would show customers a date or weekday (${shown}), which customer emails never do`, fallback);
        } else {
          settings[def.key] = text;
        }
        break;
      }
    }
  }
  const liveRefused = settings.sendMode === 'Live' ? goLiveGaps(settings) : [];
  if (liveRefused.length > 0) settings.sendMode = 'Test';
  return { settings, problems, liveRefused };
}
