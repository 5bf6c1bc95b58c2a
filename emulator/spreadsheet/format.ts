/**
 * How Sheets reads typed text (and strings written by scripts) into cell values, and how it shows
 * values under a number format (getDisplayValues).
 */
import type { CellValue } from '../workbook';
import { numberText } from './formula';
import { wallTime, zonedInstant } from './tz';

export function isDateValue(v: unknown): v is Date {
  return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT = /^([+-]?(\d+\.?\d*|\.\d+))%$/;
const CURRENCY = /^([+-]?)\$\s?((?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)$/;
const TIME = /(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.source;
const ISO_DATE = new RegExp(`^(\\d{4})([-/])(\\d{1,2})\\2(\\d{1,2})${TIME}`);
const US_DATE = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${TIME}`);
const US_SHORT = /^(\d{1,2})\/(\d{1,2})$/;
/** "March 15, 2026", "Mar 15 2026", "March 15" (this year). */
const NAME_DAY_YEAR = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:,? (\d{4}))?$/;
/** "15-Mar-2026", "15 March 2026". */
const DAY_NAME_YEAR = /^(\d{1,2})([- ])([A-Za-z]{3,9})\.?\2(\d{4})$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 1-12 for an English month name or its three-letter abbreviation ("Sept" too), else 0. */
function monthNumber(word: string): number {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((m) => m.toLowerCase() === w || m.slice(0, 3).toLowerCase() === w || (w === 'sept' && m === 'September'));
  return i + 1;
}

/** Text that may be typed input (cheap test before parseTyped: most text, names and SKUs, fails it). */
export const MAYBE_TYPED = /^[\s+\-.$\d]|^(?:t|f|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/**
 * Interprets text the way Sheets (locale en_US) does when it is typed into a cell or written by a script
 * with setValue/setValues: numbers ("1,234", "$2.99", "12%"), TRUE/FALSE and dates ("2026-03-15",
 * "2026/03/15", "3/15/2026", "March 15, 2026", "15-Mar-2026", "3/15" and "March 15" in the current year,
 * with an optional time; in the spreadsheet's zone) become typed values; anything else stays text.
 * Returns undefined when the text stays text. `nowMs` gives the current year.
 */
export function parseTyped(text: string, timeZone: string, nowMs: number = Date.now()): number | boolean | Date | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (NUMBER.test(t)) return Number(t);
  if (GROUPED.test(t)) return Number(t.replace(/,/g, ''));
  const pct = PERCENT.exec(t);
  if (pct) return Number(pct[1]) / 100;
  const cur = CURRENCY.exec(t);
  if (cur && /\d/.test(cur[2])) return Number(`${cur[1]}${cur[2].replace(/,/g, '')}`);
  const up = t.toUpperCase();
  if (up === 'TRUE') return true;
  if (up === 'FALSE') return false;
  let y: number, m: number, d: number, hh = 0, mi = 0, ss = 0;
  const thisYear = () => wallTime(nowMs, timeZone).year;
  const time = (h?: string, mm?: string, s?: string) => {
    if (h !== undefined) [hh, mi, ss] = [Number(h), Number(mm), Number(s ?? 0)];
  };
  let x: RegExpExecArray | null;
  if ((x = ISO_DATE.exec(t))) {
    [y, m, d] = [Number(x[1]), Number(x[3]), Number(x[4])];
    time(x[5], x[6], x[7]);
  } else if ((x = US_DATE.exec(t))) {
    [m, d, y] = [Number(x[1]), Number(x[2]), Number(x[3])];
    time(x[4], x[5], x[6]);
  } else if ((x = US_SHORT.exec(t))) {
    [m, d, y] = [Number(x[1]), Number(x[2]), thisYear()];
  } else if ((x = NAME_DAY_YEAR.exec(t)) && monthNumber(x[1])) {
    [m, d, y] = [monthNumber(x[1]), Number(x[2]), x[3] === undefined ? thisYear() : Number(x[3])];
  } else if ((x = DAY_NAME_YEAR.exec(t)) && monthNumber(x[3])) {
    [d, m, y] = [Number(x[1]), monthNumber(x[3]), Number(x[4])];
  } else return undefined;
  if (!validDay(y, m, d) || hh > 23 || mi > 59 || ss > 59) return undefined;
  return new Date(zonedInstant(y, m, d, hh, mi, ss, timeZone));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats a date with a Sheets date/time pattern (yyyy, mmmm, mmm, mm, m, dddd, ddd, dd, d, hh, h, mm, ss, am/pm, quoted text). */
function formatDatePattern(d: Date, pattern: string, timeZone: string): string {
  const w = wallTime(d.getTime(), timeZone);
  const tokens: Array<{ k: string; lit?: string }> = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === '"') {
      const end = pattern.indexOf('"', i + 1);
      const lit = pattern.slice(i + 1, end < 0 ? undefined : end);
      tokens.push({ k: 'lit', lit });
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (ch === '\\') {
      tokens.push({ k: 'lit', lit: pattern[i + 1] ?? '' });
      i += 2;
      continue;
    }
    const rest = pattern.slice(i);
    const ampm = /^(am\/pm|a\/p)/i.exec(rest);
    if (ampm) {
      tokens.push({ k: 'ampm', lit: ampm[0] });
      i += ampm[0].length;
      continue;
    }
    const run = /^(y+|m+|d+|h+|s+)/i.exec(rest);
    if (run) {
      tokens.push({ k: run[0].toLowerCase() });
      i += run[0].length;
      continue;
    }
    tokens.push({ k: 'lit', lit: ch });
    i++;
  }
  const hasAmPm = tokens.some((t) => t.k === 'ampm');
  // "m"/"mm" means minutes right after an hour or right before seconds.
  const isMinute = (idx: number) => {
    for (let j = idx - 1; j >= 0; j--) {
      if (tokens[j].k === 'lit') continue;
      if (tokens[j].k.startsWith('h')) return true;
      break;
    }
    for (let j = idx + 1; j < tokens.length; j++) {
      if (tokens[j].k === 'lit') continue;
      return tokens[j].k.startsWith('s');
    }
    return false;
  };
  let out = '';
  tokens.forEach((t, idx) => {
    const hour12 = w.hour % 12 === 0 ? 12 : w.hour % 12;
    switch (t.k) {
      case 'lit':
        out += t.lit;
        return;
      case 'ampm':
        out += t.lit!.length > 3 ? (w.hour < 12 ? 'AM' : 'PM') : w.hour < 12 ? 'A' : 'P';
        return;
    }
    const c = t.k[0];
    const n = t.k.length;
    if (c === 'y') out += n <= 2 ? pad(w.year % 100) : String(w.year);
    else if (c === 'm' && n <= 2 && isMinute(idx)) out += n === 2 ? pad(w.minute) : String(w.minute);
    else if (c === 'm') out += n === 1 ? String(w.month) : n === 2 ? pad(w.month) : n === 3 ? MONTHS[w.month - 1].slice(0, 3) : n === 5 ? MONTHS[w.month - 1][0] : MONTHS[w.month - 1];
    else if (c === 'd') out += n === 1 ? String(w.day) : n === 2 ? pad(w.day) : n === 3 ? DAYS[w.weekday].slice(0, 3) : DAYS[w.weekday];
    else if (c === 'h') {
      const h = hasAmPm ? hour12 : w.hour;
      out += n >= 2 ? pad(h) : String(h);
    } else if (c === 's') out += n >= 2 ? pad(w.second) : String(w.second);
  });
  return out;
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats a number with a simple numeric pattern: 0, 0.00, #,##0, #,##0.00, 0%, 0.0%, with literal prefix/suffix. */
function formatNumberPattern(n: number, pattern: string): string {
  const section = pattern.split(';');
  let p = section[0];
  if (n < 0 && section.length > 1) {
    p = section[1];
    n = -n;
  }
  const m = /^([^#0.,%]*)([#0,]*)(?:\.([0#]+))?(%?)(.*)$/.exec(p);
  if (!m || (!m[2] && !m[3])) return numberText(n);
  const [, prefix, intSpec, fracSpec = '', pct, suffix] = m;
  let v = pct ? n * 100 : n;
  const minFrac = (fracSpec.match(/0/g) ?? []).length;
  const maxFrac = fracSpec.length;
  const neg = v < 0;
  v = Math.abs(v);
  let text = v.toFixed(maxFrac);
  if (maxFrac > minFrac) text = text.replace(new RegExp(`0{1,${maxFrac - minFrac}}$`), '').replace(/\.$/, '');
  const [intText, fp] = text.split('.');
  let ip = intText;
  const minInt = (intSpec.match(/0/g) ?? []).length;
  if (minInt === 0 && ip === '0') ip = '';
  ip = ip.padStart(minInt, '0');
  if (intSpec.includes(',')) ip = groupThousands(ip);
  const unq = (s: string) => s.replace(/"/g, '').replace(/\\(.)/g, '$1');
  return `${neg ? '-' : ''}${unq(prefix)}${ip}${fp !== undefined ? '.' + fp : ''}${pct}${unq(suffix)}`;
}

export function looksLikeDatePattern(pattern: string): boolean {
  const stripped = pattern.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ydhs]|m{3,}|am\/pm/i.test(stripped) || /(^|[^#0])m{1,2}([^#0]|$)/i.test(stripped);
}

export const DEFAULT_NUMBER_FORMAT = '0.###############';
export const DEFAULT_DATE_FORMAT = 'M/d/yyyy';
export const DEFAULT_DATE_TIME_FORMAT = 'M/d/yyyy H:mm:ss';

/** What Sheets shows for a value under a number format (the cell's display value). */
export function displayValue(v: CellValue, format: string | undefined, timeZone: string): string {
  if (v === '' || v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (format === '@') {
    return isDateValue(v) ? formatDatePattern(v, DEFAULT_DATE_FORMAT, timeZone) : numberText(v as number);
  }
  if (isDateValue(v)) {
    let pattern = format && format !== DEFAULT_NUMBER_FORMAT && looksLikeDatePattern(format) ? format : undefined;
    if (!pattern) {
      const w = wallTime(v.getTime(), timeZone);
      pattern = w.hour || w.minute || w.second ? DEFAULT_DATE_TIME_FORMAT : DEFAULT_DATE_FORMAT;
    }
    return formatDatePattern(v, pattern, timeZone);
  }
  const n = v as number;
  if (!format || format === DEFAULT_NUMBER_FORMAT || format.toLowerCase() === 'general') return numberText(n);
  if (looksLikeDatePattern(format)) {
    // A number shown as a date: serial days in the spreadsheet's zone.
    const ms = (n - 25569) * 86400000;
    const w = new Date(ms);
    const inst = zonedInstant(w.getUTCFullYear(), w.getUTCMonth() + 1, w.getUTCDate(), w.getUTCHours(), w.getUTCMinutes(), w.getUTCSeconds(), timeZone);
    return formatDatePattern(new Date(inst), format, timeZone);
  }
  return formatNumberPattern(n, format);
}
