/**
 * The Settings tab: one row per setting (`Setting` · `Value` · `About`).
 * Defaults are written by set-up and used whenever a row is missing or unreadable,
 * and every unreadable value is reported as a problem instead of stopping a run.
 * Sender name and Support phone go into customer emails: a value that would show a customer a date or
 * a weekday ("Sunday Gravy Co.", "555-0100 Mon.-Fri.") is reported and not used (default name, no phone).
 */
import { findExactDates } from '../core/customerText';

export type { SendMode, Settings } from '../core/model';
import type { Settings } from '../core/model';

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
  { name: 'Managers', key: 'managers', defaultValue: '', about: 'Emails of the people who may send an extended stock-out update (comma-separated).' },
  { name: 'Alert emails', key: 'alertEmails', defaultValue: '', about: 'Customer-care emails that get stock alerts (comma-separated).' },
  { name: 'Sender name', key: 'senderName', defaultValue: 'Customer Care', about: 'Name shown as the sender of customer emails.' },
  { name: 'Reply-to', key: 'replyTo', defaultValue: '', about: 'Address customers reply to (blank: the sending account).' },
  { name: 'Support phone', key: 'supportPhone', defaultValue: '', about: 'Phone number quoted in customer emails.' },
  { name: 'Send mode', key: 'sendMode', defaultValue: 'Live', about: 'Live sends to customers; Test sends every email to the Test recipient and marks nothing as sent.' },
  { name: 'Test recipient', key: 'testRecipient', defaultValue: '', about: 'Where every email goes while Send mode is Test.' },
];

export const DEFAULT_SETTINGS: Settings = {
  noticeDays: [3, 10, 17, 23, 30],
  notifySegments: ['DML', 'SCS'],
  dailyRunHour: 9,
  lowStockDefault: 10,
  warehousePrepDays: 2,
  managers: [],
  alertEmails: [],
  senderName: 'Customer Care',
  replyTo: '',
  supportPhone: '',
  sendMode: 'Live',
  testRecipient: '',
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
  return { settings, problems };
}
