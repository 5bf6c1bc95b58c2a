/**
 * The check every customer-facing text passes: no exact date. Finds day-of-month mentions
 * ("March 3", "3rd", "the 15th of"), numeric dates (3/15, 2026-03-15, 15.03.2026, 3-15-26)
 * and weekday names. Used on generated text in tests and on a manager's edited message at send time.
 */

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

const PATTERNS: ReadonlyArray<{ re: RegExp; what: string }> = [
  { re: /\b\d{4}-\d{1,2}-\d{1,2}\b/gi, what: 'a numeric date' },
  { re: /\b\d{1,2}[/]\d{1,2}(?:[/]\d{2,4})?\b/gi, what: 'a numeric date' },
  { re: /\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b/gi, what: 'a numeric date' },
  { re: new RegExp(`\\b${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`, 'gi'), what: 'a day of the month' },
  { re: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\b`, 'gi'), what: 'a day of the month' },
  { re: /\b\d{1,2}(?:st|nd|rd|th)\b/gi, what: 'a day of the month' },
  { re: /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon\.|tues?\.|wed\.|thur?s?\.|fri\.|sat\.|sun\.)/gi, what: 'a weekday' },
];

export interface DateFinding {
  text: string;
  what: string;
}

/** Every exact-date mention in `text`; empty when the text is safe for a customer. */
export function findExactDates(text: string): DateFinding[] {
  const found: DateFinding[] = [];
  for (const { re, what } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) found.push({ text: m[0], what });
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
 * A value from the sheet (a product name, a customer's name, a sender name, a tracking number) as it may
 * appear in customer text: the value itself when it holds no exact date, `fallback` otherwise. Sheet data
 * is free text ("Black Friday Roast"), so every value is screened before it is put into a customer message.
 */
export function dateFree(text: string, fallback: string): string {
  return text !== '' && findExactDates(text).length === 0 ? text : fallback;
}
