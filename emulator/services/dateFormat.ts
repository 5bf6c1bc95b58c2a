/**
 * Java SimpleDateFormat patterns (what Utilities.formatDate/parseDate take) in any IANA time zone.
 */
import { DateTime } from 'luxon';

type Token = { letter: string; count: number } | { text: string };

function tokenize(pattern: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ text: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j++];
      }
      if (j >= pattern.length) throw new Error(`Invalid argument: unterminated quote in pattern "${pattern}"`);
      out.push({ text });
      i = j + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!'GyYMLwWDdFEuaHkKhmsSzZX'.includes(c)) throw new Error(`Illegal pattern character '${c}'`);
      out.push({ letter: c, count: j - i });
      i = j;
    } else {
      out.push({ text: c });
      i++;
    }
  }
  return out;
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, '0').replace(/^/, n < 0 ? '-' : '');

function offset(minutes: number, style: 'Z' | 'X1' | 'X2' | 'X3'): string {
  if (minutes === 0 && style !== 'Z') return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  const hh = pad(Math.floor(m / 60), 2);
  const mm = pad(m % 60, 2);
  if (style === 'X1') return `${sign}${hh}${mm === '00' ? '' : mm}`;
  if (style === 'X3') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}${mm}`;
}

function checkZone(tz: string): DateTime {
  const probe = DateTime.now().setZone(tz);
  if (!probe.isValid) throw new Error(`Invalid argument: timeZone ${tz}`);
  return probe;
}

export function formatJavaDate(date: Date, timeZone: string, pattern: string): string {
  if (Object.prototype.toString.call(date) !== '[object Date]' || Number.isNaN(date.getTime())) {
    throw new Error('Invalid argument: date');
  }
  checkZone(timeZone);
  const dt = DateTime.fromMillis(date.getTime(), { zone: timeZone, locale: 'en-US' });
  let out = '';
  for (const t of tokenize(String(pattern))) {
    if ('text' in t) {
      out += t.text;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'G':
        out += dt.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y': {
        const y = t.letter === 'y' ? dt.year : dt.weekYear;
        out += n === 2 ? pad(y % 100, 2) : pad(y, n);
        break;
      }
      case 'M':
      case 'L':
        out += n >= 4 ? dt.toFormat('MMMM') : n === 3 ? dt.toFormat('MMM') : pad(dt.month, n);
        break;
      case 'w':
        out += pad(dt.weekNumber, n);
        break;
      case 'W':
        out += pad(Math.ceil((dt.day + (dt.startOf('month').weekday % 7)) / 7), n);
        break;
      case 'D':
        out += pad(dt.ordinal, n);
        break;
      case 'd':
        out += pad(dt.day, n);
        break;
      case 'F':
        out += pad(Math.ceil(dt.day / 7), n);
        break;
      case 'E':
        out += n >= 4 ? dt.toFormat('cccc') : dt.toFormat('ccc');
        break;
      case 'u':
        out += pad(dt.weekday, n);
        break;
      case 'a':
        out += dt.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(dt.hour, n);
        break;
      case 'k':
        out += pad(dt.hour === 0 ? 24 : dt.hour, n);
        break;
      case 'K':
        out += pad(dt.hour % 12, n);
        break;
      case 'h':
        out += pad(dt.hour % 12 === 0 ? 12 : dt.hour % 12, n);
        break;
      case 'm':
        out += pad(dt.minute, n);
        break;
      case 's':
        out += pad(dt.second, n);
        break;
      case 'S':
        out += pad(dt.millisecond, n);
        break;
      case 'z': {
        const name = (n >= 4 ? dt.offsetNameLong : dt.offsetNameShort) ?? '';
        out += name && !/^(GMT|UTC)[+-]/.test(name) ? name : dt.offset === 0 ? 'GMT' : `GMT${offset(dt.offset, 'X3')}`;
        break;
      }
      case 'Z':
        out += offset(dt.offset, 'Z');
        break;
      case 'X':
        out += offset(dt.offset, n === 1 ? 'X1' : n === 2 ? 'X2' : 'X3');
        break;
    }
  }
  return out;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Parses text written in a Java pattern (numbers, month names, AM/PM, offsets, quoted text); null when it does not match. */
export function parseJavaDate(text: string, timeZone: string, pattern: string): Date | null {
  checkZone(timeZone);
  const fields: Array<(v: string, acc: Record<string, number>) => void> = [];
  let re = '';
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const t of tokenize(String(pattern))) {
    if ('text' in t) {
      re += esc(t.text);
      continue;
    }
    const n = t.count;
    const num = (key: string, fix?: (x: number) => number) => {
      re += n === 1 ? '(\\d+)' : `(\\d{${n}}|\\d+)`;
      fields.push((v, acc) => (acc[key] = fix ? fix(Number(v)) : Number(v)));
    };
    switch (t.letter) {
      case 'y':
        if (n === 2) {
          re += '(\\d{2})';
          fields.push((v, acc) => (acc.year = 2000 + Number(v)));
        } else num('year');
        break;
      case 'M':
      case 'L':
        if (n >= 3) {
          re += '([A-Za-z]+)';
          fields.push((v, acc) => {
            const i = MONTHS.findIndex((m) => m.startsWith(v.toLowerCase()) && v.length >= 3);
            if (i < 0) throw new Error('month');
            acc.month = i + 1;
          });
        } else num('month');
        break;
      case 'd':
        num('day');
        break;
      case 'H':
      case 'k':
        num('hour', (h) => (t.letter === 'k' && h === 24 ? 0 : h));
        break;
      case 'h':
      case 'K':
        num('hour12');
        break;
      case 'm':
        num('minute');
        break;
      case 's':
        num('second');
        break;
      case 'S':
        num('millisecond');
        break;
      case 'a':
        re += '([AaPp][Mm])';
        fields.push((v, acc) => (acc.pm = /^p/i.test(v) ? 1 : 0));
        break;
      case 'E':
        re += '[A-Za-z]+';
        break;
      case 'Z':
      case 'X':
        re += '(Z|[+-]\\d{2}:?\\d{2}|[+-]\\d{2})';
        fields.push((v, acc) => {
          if (v === 'Z') acc.offset = 0;
          else {
            const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(v)!;
            acc.offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
          }
        });
        break;
      case 'z':
        re += '[A-Za-z]+(?:[+-]\\d{1,2}(?::?\\d{2})?)?';
        break;
      default:
        re += '\\S+?';
    }
  }
  const m = new RegExp(`^\\s*${re}`).exec(String(text));
  if (!m) return null;
  const acc: Record<string, number> = {};
  try {
    fields.forEach((f, i) => f(m[i + 1], acc));
  } catch {
    return null;
  }
  let hour = acc.hour ?? 0;
  if (acc.hour12 !== undefined) hour = (acc.hour12 % 12) + (acc.pm ? 12 : 0);
  else if (acc.pm && hour < 12) hour += 12;
  const parts = {
    year: acc.year ?? 1970,
    month: acc.month ?? 1,
    day: acc.day ?? 1,
    hour,
    minute: acc.minute ?? 0,
    second: acc.second ?? 0,
    millisecond: acc.millisecond ?? 0,
  };
  const zone = acc.offset !== undefined ? `UTC${acc.offset >= 0 ? '+' : '-'}${Math.floor(Math.abs(acc.offset) / 60)}:${pad(Math.abs(acc.offset) % 60, 2)}` : timeZone;
  const dt = DateTime.fromObject(parts, { zone });
  if (!dt.isValid || dt.month !== parts.month || dt.day !== parts.day) return null;
  return new Date(dt.toMillis());
}
