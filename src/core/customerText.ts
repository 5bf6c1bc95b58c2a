/**
 * The check every customer-facing text passes: no exact date. It is the one screen for customer text:
 * generated emails and replies, a manager's message, Settings › Sender name and Support phone, and every
 * sheet value put into customer text (`dateFree`). It finds:
 * - numeric dates: 3/15, 2026-03-15, 15.03.2026, 3-15-26, and month-day pairs 3-15, 12.25 (see `monthDayPair`);
 * - a month with a day: "March 3", "Mar 3rd", "March, 15", "Mar-15", "15-Mar", "3 March", "the 15th of March",
 *   and in words "March third", "April the twentieth", "the twentieth of April";
 * - a month with a day word: "mid-April", "early May", "the end of March", "the first week of June";
 * - any day of the month: "3rd", "the 20th", "the fifteenth of next month";
 * - weekdays: full names ("Friday", "next Friday"), unambiguous short forms with or without a dot (Tue, Tues,
 *   Thur, Thurs, Weds, Fri), the others (Mon, Wed, Thu, Sat, Sun: a word or a given name as well) with a dot,
 *   in a range or list ("Mon-Fri", "Sat/Sun"), or capitalised after a timing word ("next Mon", "on Sat");
 * - named days: US holidays (New Year's Day, MLK Day, Presidents' Day, Memorial Day, the Fourth of July, Labor
 *   Day, Columbus Day, Halloween, Veterans Day, Thanksgiving, Black Friday, Cyber Monday, Christmas, Easter,
 *   Valentine's Day, Mother's and Father's Day, …) and a few other widely kept ones (Boxing Day, Good Friday, …).
 *
 * Words that only look alike stay allowed: "may" (lower case "may" is a month only where nothing else could
 * be meant: "may 5", "of may"), "march forward", "a second", "the new year", "next week", "end of the month",
 * "8–10 weeks", "2-3 days", phone numbers, "Qty 3", SKUs such as "HS-30", prices such as "$12.25". "Sun" on its
 * own is the word sun (a "Sun Hat"), "Sun." with a stop is read as the weekday, as it always was.
 */

const MONTH_WORD = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH = `(?:${MONTH_WORD})`;
/** The month as the named group `m`, for the forms where a lower-case "may" is the verb. */
const MONTH_M = `(?<m>${MONTH_WORD})`;

const UNIT_ORDINAL = 'first|second|third|fourth|fifth|sixth|seventh|eighth|ninth';
const ORDINAL = `(?:(?:twenty|thirty)[- ]?(?:${UNIT_ORDINAL})|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|${UNIT_ORDINAL})`;

const DAY_ABBR = 'mon|tues?|wed|weds|thu(?:rs?)?|fri|sat|sun';

const Q = "['’]";
const HOLIDAY = [
  `new\\s+year${Q}?s?\\s+(?:day|eve)`,
  `new\\s+year${Q}s`,
  `(?:lunar|chinese)\\s+new\\s+year`,
  `(?:martin\\s+luther\\s+king(?:,?\\s+jr\\.?)?|mlk)\\s+day`,
  `president${Q}?s?${Q}?\\s+day`,
  `washington${Q}?s\\s+birthday`,
  `memorial\\s+day`,
  `independence\\s+day`,
  `(?:fourth|4th)\\s+of\\s+july`,
  'juneteenth',
  `labou?r\\s+day`,
  `columbus\\s+day`,
  `indigenous\\s+peoples${Q}?\\s+day`,
  `hallowe${Q}?en`,
  `veteran${Q}?s?${Q}?\\s+day`,
  'thanksgiving',
  `black\\s+friday`,
  `cyber\\s+monday`,
  `small\\s+business\\s+saturday`,
  `giving\\s+tuesday`,
  'christmas',
  'x-?mas',
  `boxing\\s+day`,
  'easter',
  `good\\s+friday`,
  `valentine${Q}?s\\s+day`,
  `st\\.?\\s+valentine${Q}?s`,
  `mother${Q}?s${Q}?\\s+day`,
  `father${Q}?s${Q}?\\s+day`,
  `(?:st\\.?|saint)\\s+patrick${Q}?s\\s+day`,
  `groundhog\\s+day`,
  `cinco\\s+de\\s+mayo`,
  `(?:canada|remembrance|bastille|earth|election)\\s+day`,
  'hanukk?ah|chanukk?ah|kwanzaa|diwali|passover',
].join('|');

/** A lower-case "may" in the named group `m` is the verb ("the first may arrive late"), not the month. */
const notTheVerbMay = (m: RegExpMatchArray): boolean => m.groups?.m !== 'may';

/** Words after a number pair that make it a range or an amount ("8-10 weeks", "2.50 kg"), not a date. */
const AMOUNT_AFTER = /^\s*(?:%|(?:weeks?|days?|business|working|months?|years?|hours?|hrs?|minutes?|mins?|am|pm|units?|items?|pcs|pieces?|packs?|bottles?|cases?|boxes|kg|g|mg|lbs?|oz|ml|cl|l|litres?|liters?|cm|mm|m|in|inch(?:es)?|ft|x)\b)/i;
/** Words before a number pair that make it a size, age or count range ("ages 8-10"). */
const AMOUNT_BEFORE = /\b(?:sizes?|ages?|aged|qty|quantity|pack\s+of|ratio|score|version|v)\s*:?\s*$/i;

/**
 * A month-day pair without a year ("3-15", "12.25", "15-3") is a date when both numbers can be a month and a
 * day, it stands on its own (not part of a phone number, an order number or a SKU: "1-800-555-0199",
 * "BW-3-15"), it is not a price ("$12.25") and it is not a range or an amount ("8-10 weeks", "ages 8-10",
 * "2.50 kg"). With a dot the second number has two digits: "1.5 L" is an amount.
 */
function monthDayPair(m: RegExpMatchArray, text: string): boolean {
  const [all, a, sep, b] = m;
  const x = Number(a);
  const y = Number(b);
  const pair = (mo: number, d: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
  if (!pair(x, y) && !pair(y, x)) return false;
  if (sep === '.' && b.length !== 2) return false;
  const at = m.index ?? 0;
  const before = text.slice(Math.max(0, at - 24), at);
  const after = text.slice(at + all.length);
  if (/[$€£¥]\s*$/.test(before) || /\w[-./]$/.test(before)) return false;
  if (/^[-./]\w/.test(after)) return false;
  return !AMOUNT_AFTER.test(after) && !AMOUNT_BEFORE.test(before);
}

interface Pattern {
  re: RegExp;
  what: string;
  keep?: (m: RegExpMatchArray, text: string) => boolean;
}

const NUMERIC = 'a numeric date';
const DAY = 'a day of the month';
const WEEKDAY = 'a weekday';

const PATTERNS: readonly Pattern[] = [
  { re: /\b\d{4}-\d{1,2}-\d{1,2}\b/gi, what: NUMERIC },
  { re: /\b\d{1,2}[/]\d{1,2}(?:[/]\d{2,4})?\b/gi, what: NUMERIC },
  { re: /\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b/gi, what: NUMERIC },
  { re: /\b(\d{1,2})([-.])(\d{1,2})\b/g, what: NUMERIC, keep: monthDayPair },
  { re: new RegExp(`\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'), what: DAY },
  { re: new RegExp(`\\b${MONTH_M}\\.?,\\s*\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'), what: DAY, keep: notTheVerbMay },
  { re: new RegExp(`\\b${MONTH}[-/.]\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'), what: DAY },
  { re: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`, 'gi'), what: DAY },
  { re: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?[-/.]${MONTH}\\b`, 'gi'), what: DAY },
  { re: /\b\d{1,2}(?:st|nd|rd|th)\b/gi, what: DAY },
  { re: new RegExp(`\\b${ORDINAL}\\s+of\\s+${MONTH}\\b`, 'gi'), what: DAY },
  { re: new RegExp(`\\b${ORDINAL}\\s+${MONTH_M}\\b`, 'gi'), what: DAY, keep: notTheVerbMay },
  { re: new RegExp(`\\b${MONTH_M}\\.?,?\\s+(?:the\\s+)?${ORDINAL}\\b`, 'gi'), what: DAY, keep: notTheVerbMay },
  { re: new RegExp(`\\bthe\\s+${ORDINAL}\\s+of\\s+(?:the|this|next|that)\\s+month\\b`, 'gi'), what: DAY },
  { re: new RegExp(`\\b(?:mid|early|late)[-\\s]+${MONTH_M}\\b`, 'gi'), what: DAY, keep: notTheVerbMay },
  {
    re: new RegExp(`\\b(?:beginning|start|middle|end|(?:first|second|third|fourth|last)\\s+(?:week|weekend|half))\\s+of\\s+${MONTH}\\b`, 'gi'),
    what: DAY,
  },
  { re: /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon\.|tues?\.|wed\.|thu(?:rs?)?\.|fri\.|sat\.|sun\.)/gi, what: WEEKDAY },
  { re: /\b(?:tues?|thurs?|weds|fri)\b/gi, what: WEEKDAY },
  { re: new RegExp(`\\b(?:${DAY_ABBR})\\.?\\s*(?:[-–—/&,]|\\bto\\b|\\bthrough\\b|\\bthru\\b|\\band\\b)\\s*(?:${DAY_ABBR})\\b\\.?`, 'gi'), what: WEEKDAY },
  { re: /\b(?:[Nn]ext|[Tt]his|[Cc]oming|[Ee]very|[Oo]n|[Bb]y|[Uu]ntil|[Tt]ill)\s+(?:Mon|Wed|Thu|Sat|Sun|MON|WED|THU|SAT|SUN)\b/g, what: WEEKDAY },
  { re: new RegExp(`\\b(?:${HOLIDAY})\\b`, 'gi'), what: 'a holiday' },
];

export interface DateFinding {
  text: string;
  what: string;
}

/**
 * Every exact-date mention in `text`, in the order they appear; empty when the text is safe for a customer.
 * A mention inside a longer one ("Friday" in "Black Friday") is listed once, as the longer one.
 */
export function findExactDates(text: string): DateFinding[] {
  const hits: Array<{ at: number; end: number; text: string; what: string }> = [];
  for (const { re, what, keep } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      if (keep && !keep(m, text)) continue;
      const at = m.index ?? 0;
      hits.push({ at, end: at + m[0].length, text: m[0], what });
    }
  }
  hits.sort((a, b) => a.at - b.at || b.end - a.end);
  const found: DateFinding[] = [];
  let end = -1;
  for (const h of hits) {
    if (h.end <= end) continue;
    found.push({ text: h.text, what: h.what });
    end = Math.max(end, h.end);
  }
  return found;
}

/** A message that says why a text was refused, or null when it is safe. */
export function exactDateProblem(text: string): string | null {
  const f = findExactDates(text);
  if (f.length === 0) return null;
  const list = [...new Set(f.map((x) => `"${x.text}" (${x.what})`))].join(', ');
  return `Customers never get exact dates. Please remove ${list} and describe timing loosely (e.g. "next week", "around the end of the month").`;
}

/**
 * The last guard before any customer email goes out (daily notices and extended updates alike): the exact
 * dates its finished subject and text would show, quoted once each ('"Mar 2", "Friday"'), or null when it
 * may go out.
 */
export function finishedEmailDates(mail: { subject: string; text: string }): string | null {
  const found = findExactDates(`${mail.subject}\n${mail.text}`);
  return found.length === 0 ? null : [...new Set(found.map((f) => `"${f.text}"`))].join(', ');
}

/** Why a finished email cannot be sent (an exact date in its subject or text, whatever put it there), or null. */
export function finishedEmailProblem(mail: { subject: string; text: string }): string | null {
  const shown = finishedEmailDates(mail);
  return shown === null ? null : `Not sent: the email would show an exact date (${shown})`;
}

/**
 * A value from the sheet (a product name, a customer's name, a sender name, a tracking number) as it may
 * appear in customer text: the value itself when it holds no exact date, `fallback` otherwise. Sheet data
 * is free text ("Black Friday Roast"), so every value is screened before it is put into a customer message.
 */
export function dateFree(text: string, fallback: string): string {
  return text !== '' && findExactDates(text).length === 0 ? text : fallback;
}

const HONORIFIC = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev)\.?$/i;

/**
 * The name a customer is greeted by, the same in every email and in the agents' reply: the first word of the
 * name on the order ("Leo King" -> "Leo"; the whole name after a title: "Dr. Jane Doe"); "there" when the name
 * is blank or would show a date.
 */
export function greetingName(name: string): string {
  const full = dateFree(name.trim().replace(/\s+/g, ' '), '');
  if (full === '') return 'there';
  const words = full.split(' ');
  return HONORIFIC.test(words[0]) && words.length > 1 ? full : words[0];
}

/** The sender name used when Settings › Sender name is blank or would show a date. */
export const DEFAULT_SENDER_NAME = 'Customer Care';

/** Settings › Sender name as customers see it (also the email's From name): the default if it holds a date. */
export function customerSenderName(name: string): string {
  return dateFree(name.trim(), DEFAULT_SENDER_NAME) || DEFAULT_SENDER_NAME;
}

/**
 * Settings › Support phone as customers see it: digits with the usual phone punctuation (and an optional
 * extension), never a date; '' otherwise, so `{{#supportPhone}}` sentences drop out.
 */
export function customerSupportPhone(phone: string): string {
  const p = phone.trim();
  if (!/^\+?[\d\s().-]+(?:\s*(?:ext\.?|x)\s*\d{1,6})?$/i.test(p)) return '';
  if ((p.match(/\d/g) ?? []).length < 5) return '';
  return dateFree(p, '');
}
