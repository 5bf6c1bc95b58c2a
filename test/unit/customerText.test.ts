import { dateFree, exactDateProblem, findExactDates, finishedEmailDates } from '../../src/core/customerText';
import { customerSenderName, customerSupportPhone } from '../../src/core/stockOut';
import { addDays } from '../../src/core/dates';
import { eta, etaSentence, EtaKind } from '../../src/core/eta';
import { DEFAULT_TEMPLATES, renderTemplate, TemplateData } from '../../src/core/templates';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';

/** Sample data from the demo generator: every product name and customer name it produces. */
const demo = generateWorkbook({ orderLines: 600 });
const sheet = (name: string) => demo.sheets.find((s) => s.name === name)!.values;
const products = sheet(TAB.inventory).slice(1).map((r) => String(r[1]));
const customers = [...new Set(sheet(TAB.orders).slice(1).map((r) => String(r[2])))];

/** One (today, expected) pair per ETA kind, found by scanning. */
function exampleOfEveryKind(): Map<EtaKind, string> {
  const today = '2026-03-02';
  const out = new Map<EtaKind, string>([['unknown', eta({ expected: null, today, prepDays: 2 }).phrase]]);
  for (let d = -20; d < 200; d++) {
    const e = eta({ expected: addDays(today, d), today, prepDays: 2 });
    if (!out.has(e.kind)) out.set(e.kind, e.phrase);
  }
  return out;
}

describe('no exact date in any customer text', () => {
  const kinds = exampleOfEveryKind();

  test('every ETA kind is covered', () => {
    expect([...kinds.keys()].sort()).toEqual(
      ['days', 'early-next-month', 'end-of-month', 'late-next-month', 'mid-next-month', 'next-week', 'overdue', 'stale', 'this-month', 'this-week', 'unknown', 'weeks'].sort(),
    );
  });

  test('every default template x every ETA kind x the demo products and customers', () => {
    let checked = 0;
    for (const t of DEFAULT_TEMPLATES) {
      for (const [kind, phrase] of kinds) {
        for (let i = 0; i < products.length; i++) {
          const data: TemplateData = {
            customer: customers[i % customers.length],
            orderId: `BW-${10001 + i}`,
            items: [
              { product: products[i], sku: 'X', quantity: 1 + (i % 4), eta: phrase },
              ...(i % 3 === 0 ? [{ product: products[(i + 7) % products.length], sku: 'Y', quantity: 2, eta: phrase }] : []),
            ],
            supportPhone: '(555) 010-4477',
            senderName: 'Brightwater Bottling Co.',
            message: t.kind === 'Extended stock-out' ? 'Our supplier had a poor harvest this season.' : '',
          };
          const r = renderTemplate(t, data);
          const found = findExactDates(`${r.subject}\n${r.text}\n${r.html}`);
          if (found.length) throw new Error(`${t.kind} / ${kind}: ${JSON.stringify(found)}`);
          checked++;
        }
      }
    }
    expect(checked).toBe(DEFAULT_TEMPLATES.length * kinds.size * products.length);
  });

  test('fuzz: many random (today, expected, prep) triples give no finding', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const start = '2024-01-01';
    for (let n = 0; n < 5000; n++) {
      const today = addDays(start, Math.floor(rand() * 1500));
      const expected = rand() < 0.1 ? null : addDays(today, Math.floor(rand() * 400) - 60);
      const prepDays = Math.floor(rand() * 15);
      const e = eta({ expected, today, prepDays });
      const sentence = etaSentence(e);
      const r = renderTemplate(DEFAULT_TEMPLATES[n % DEFAULT_TEMPLATES.length], {
        customer: 'Ann Lee',
        orderId: 'BW-10001',
        items: [{ product: 'Maple Syrup, Amber, 250 ml', sku: 'X', quantity: 2, eta: e.phrase }],
        supportPhone: '',
        senderName: 'Customer Care',
      });
      const found = findExactDates(`${e.phrase}\n${sentence}\n${r.subject}\n${r.text}`);
      if (found.length) throw new Error(`${today} / ${expected} / ${prepDays}: ${JSON.stringify(found)}`);
    }
  });

  test('the check itself catches dates (so the tests above can fail)', () => {
    expect(findExactDates('arriving March 3')).not.toEqual([]);
    expect(findExactDates('ready on 3/15')).not.toEqual([]);
    expect(findExactDates('see you Friday')).not.toEqual([]);
  });
});

/** Each written form of a date, with the part of it the check must name. */
const CAUGHT: ReadonlyArray<[string, string]> = [
  // a day written in words, with a month
  ['ready by the twentieth of April', 'twentieth of April'],
  ['due on the first of may', 'first of may'],
  ['arriving March third', 'March third'],
  ['arriving April the twentieth', 'April the twentieth'],
  ['back by Mar twenty-first', 'Mar twenty-first'],
  ['out on the fifteenth of next month', 'the fifteenth of next month'],
  ['May first at the latest', 'May first'],
  // a day as a number, with a month
  ['ready April the 20th', '20th'],
  ['ready 20 April', '20 April'],
  ['ready on 3 March', '3 March'],
  ['on the 1st of May', '1st of May'],
  ['arriving March 3', 'March 3'],
  ['arriving Sept. 3rd', 'Sept. 3rd'],
  ['arriving March, 15', 'March, 15'],
  ['batch 15-Mar', '15-Mar'],
  ['batch Mar-15', 'Mar-15'],
  ['lot MAY-10', 'MAY-10'],
  ['the 20th', '20th'],
  // a month with a day word
  ['around mid-April', 'mid-April'],
  ['around mid April', 'mid April'],
  ['in early May', 'early May'],
  ['in late March', 'late March'],
  ['by the end of June', 'end of June'],
  ['in the first week of July', 'first week of July'],
  // numeric dates
  ['ready 2026-03-15', '2026-03-15'],
  ['ready 3/15', '3/15'],
  ['ready 15.03.2026', '15.03.2026'],
  ['ready 3-15-26', '3-15-26'],
  ['Blend 3-15', '3-15'],
  ['Batch 12.25', '12.25'],
  ['Batch 15.03', '15.03'],
  // weekdays
  ['see you Friday', 'Friday'],
  ['see you next Friday', 'Friday'],
  ['next Mon', 'next Mon'],
  ['ships on Sat', 'on Sat'],
  ['open Thurs', 'Thurs'],
  ['open Weds', 'Weds'],
  ['open Tues', 'Tues'],
  ['open Tue', 'Tue'],
  ['open Fri', 'Fri'],
  ['open Thu.', 'Thu.'],
  ['closed Sun.', 'Sun.'],
  ['open Mon-Fri', 'Mon-Fri'],
  ['open Mon–Fri', 'Mon–Fri'],
  ['open Mon.-Fri.', 'Mon.-Fri.'],
  ['open Mon to Fri', 'Mon to Fri'],
  ['closed Sat/Sun', 'Sat/Sun'],
  // named days
  ['by Easter', 'Easter'],
  ['before Christmas Eve', 'Christmas'],
  ['on Christmas Day', 'Christmas'],
  ['Xmas', 'Xmas'],
  ['Black Friday Roast', 'Black Friday'],
  ['Cyber Monday', 'Cyber Monday'],
  ['after Labor Day', 'Labor Day'],
  ['after Labour Day', 'Labour Day'],
  ["by New Year's Day", "New Year's Day"],
  ["on New Year's Eve", "New Year's Eve"],
  ['MLK Day', 'MLK Day'],
  ['Martin Luther King Jr. Day', 'Martin Luther King Jr. Day'],
  ["Presidents' Day", "Presidents' Day"],
  ['Presidents Day', 'Presidents Day'],
  ['Memorial Day', 'Memorial Day'],
  ['Independence Day', 'Independence Day'],
  ['the Fourth of July', 'Fourth of July'],
  ['the 4th of July', '4th of July'],
  ['Columbus Day', 'Columbus Day'],
  ['Halloween', 'Halloween'],
  ['Veterans Day', 'Veterans Day'],
  ['Thanksgiving', 'Thanksgiving'],
  ['Boxing Day', 'Boxing Day'],
  ['Good Friday', 'Good Friday'],
  ["Valentine's Day", "Valentine's Day"],
  ["Mother's Day", "Mother's Day"],
  ['Father’s Day', 'Father’s Day'],
  ["St. Patrick's Day", "St. Patrick's Day"],
  ['Juneteenth', 'Juneteenth'],
];

/** Words and numbers that only look like a date. */
const ALLOWED: readonly string[] = [
  'you may want to wait',
  'we may ship it soon',
  'the first may arrive late',
  'orders that arrive late may ship together',
  'in May',
  'Hi June,',
  'Jan Smith',
  'Thu Nguyen',
  'we march forward',
  'just a second',
  'for a second time',
  'the second item',
  'Sun Hat',
  'enjoy the sun',
  'the parcel sat down',
  'a newly wed couple',
  "c'mon",
  'and thus.',
  'in the new year',
  'next week',
  'the end of the month',
  'early next month',
  'around the middle of next month',
  'within 8–10 weeks',
  'within 8-10 weeks',
  'in 2-3 days',
  'ages 8-10',
  'size 10-12',
  '1-800-555-0199',
  '(555) 010-2030',
  '555.010.4477',
  '2 units',
  'Qty 3',
  'HS-30',
  'NC-50',
  'BW-3-15',
  'COF-BLK-1KG',
  '$12.25',
  '€3.15',
  '1.5 L',
  '2.50 kg',
  '9.30 am',
  'line-height:1.5',
  'happy holidays',
];

describe('the date check, form by form', () => {
  test.each(CAUGHT)('catches %p', (text, part) => {
    const found = findExactDates(text);
    expect(found.map((f) => f.text)).toContain(part);
    // The same text is refused in a manager's message and in the finished email.
    expect(exactDateProblem(text)).toContain(`"${part}"`);
    expect(finishedEmailDates({ subject: 'Update', text })).toContain(`"${part}"`);
  });

  test.each(ALLOWED)('allows %p', (text) => {
    expect(findExactDates(text)).toEqual([]);
    expect(dateFree(text, 'fallback')).toBe(text);
  });

  const values = (product: string): TemplateData => ({
    customer: 'Ann Lee',
    orderId: 'BW-10001',
    items: [{ product, sku: 'SYR-MPL-AMB-250', quantity: 2, eta: 'we are hoping it will arrive early next month' }],
    supportPhone: '(555) 010-4477',
    senderName: 'Brightwater Bottling Co.',
    message: '',
  });

  test.each(CAUGHT)('over every default template, %p is refused in the template\'s own words and never reaches the email as a sheet value', (text, part) => {
    for (const t of DEFAULT_TEMPLATES) {
      // Written into the template (or a manager's message): the finished email is refused, naming it.
      const written = renderTemplate({ subject: t.subject, body: `${t.body}\n\n${text}` }, values('Maple Syrup, Amber, 250 ml'));
      expect(finishedEmailDates(written)).toContain(`"${part}"`);
      // As a product name in the sheet: replaced (by the SKU), so the email shows no date at all.
      const asValue = renderTemplate(t, values(`Syrup ${text}`));
      expect(findExactDates(`${asValue.subject}\n${asValue.text}\n${asValue.html}`)).toEqual([]);
      expect(asValue.text).toContain('SYR-MPL-AMB-250');
    }
  });

  test.each(ALLOWED)('over every default template, %p is allowed in the template\'s own words and kept as a sheet value', (text) => {
    for (const t of DEFAULT_TEMPLATES) {
      const written = renderTemplate({ subject: t.subject, body: `${t.body}\n\n${text}` }, values('Maple Syrup, Amber, 250 ml'));
      expect(finishedEmailDates(written)).toBeNull();
      expect(written.text).toContain(text);
      const asValue = renderTemplate(t, values(`Syrup: ${text}`));
      expect(finishedEmailDates(asValue)).toBeNull();
      expect(asValue.text).toContain(`Syrup: ${text}`);
    }
  });

  test('a lower-case "may" is the month only where nothing else could be meant', () => {
    expect(findExactDates('arriving may 5')).not.toEqual([]);
    expect(findExactDates('the first of may')).not.toEqual([]);
    expect(findExactDates('may first')).toEqual([]);
    expect(findExactDates('late may')).toEqual([]);
    expect(findExactDates('Late May')).not.toEqual([]);
  });

  test('"Sun" is the word unless it is written as a weekday', () => {
    expect(findExactDates('Sun Hat')).toEqual([]);
    expect(findExactDates('Sun.')).not.toEqual([]);
    expect(findExactDates('Sat/Sun')).not.toEqual([]);
    expect(findExactDates('open until Sun')).not.toEqual([]);
  });

  test('a price is not a date, the same number without a currency sign is', () => {
    expect(findExactDates('now $12.25')).toEqual([]);
    expect(findExactDates('now 12.25')).toEqual([{ text: '12.25', what: 'a numeric date' }]);
  });

  test('a mention inside a longer one is named once, as the longer one', () => {
    expect(findExactDates('Black Friday Roast')).toEqual([{ text: 'Black Friday', what: 'a holiday' }]);
    expect(findExactDates('Mar 3 and Friday')).toEqual([
      { text: 'Mar 3', what: 'a day of the month' },
      { text: 'Friday', what: 'a weekday' },
    ]);
  });
});

describe('sheet values with a date are replaced, never shown', () => {
  const SHEET_DATES = ['Thurs Special', 'Weds Blend', 'Tues Tea', 'Mon-Fri Mix', '15-Mar Lot', 'Mar-15 Lot', 'March, 15 Reserve', 'March third Roast', '3-15 Blend', 'Batch 12.25', 'Easter Blend', 'mid-April Harvest'];

  test.each(SHEET_DATES)('%p: product -> SKU -> "one of your items", customer -> "there"', (value) => {
    for (const t of DEFAULT_TEMPLATES) {
      const r = renderTemplate(t, {
        customer: value,
        orderId: value,
        items: [
          { product: value, sku: 'TEA-1', quantity: 1, eta: 'we are hoping it will arrive early next month' },
          { product: value, sku: value, quantity: 2, eta: 'we are hoping it will arrive early next month' },
        ],
        supportPhone: '',
        senderName: value,
      });
      expect(findExactDates(`${r.subject}\n${r.text}\n${r.html}`)).toEqual([]);
      expect(r.text).toContain('Hi there,');
      // The day notices say "(1 still to come)", the good news "(1)".
      expect(r.text).toContain('- TEA-1 (1');
      expect(r.text).toContain('- one of your items (2');
      expect(r.text).toContain('Customer Care');
      expect(r.subject).toMatch(/^(Good news about y|Y)our order: /);
    }
  });

  test.each(['555-0100 Mon-Fri', '555-0100 Thurs', '555 3-15', '555 12.25', '555-0100 Weds'])('Support phone %p is left out', (phone) => {
    expect(customerSupportPhone(phone)).toBe('');
    const r = renderTemplate(DEFAULT_TEMPLATES[0], { customer: 'Ann', orderId: 'BW-1', items: [], supportPhone: phone, senderName: '' });
    expect(r.text).not.toMatch(/call us/);
  });

  test.each(['Tues Crew', 'Easter & Co.', 'Mar-15 Traders'])('Sender name %p becomes "Customer Care"', (name) => {
    expect(customerSenderName(name)).toBe('Customer Care');
  });

  test('look-alike values are kept as they are', () => {
    expect(customerSupportPhone('1-800-555-0199')).toBe('1-800-555-0199');
    expect(customerSupportPhone('(555) 010-2030')).toBe('(555) 010-2030');
    expect(customerSenderName('Sun Valley Foods')).toBe('Sun Valley Foods');
  });
});

describe('every default template with every ETA kind: no false positive from look-alike values', () => {
  const kinds = exampleOfEveryKind();
  const products = ['March Forward Tee', 'Sun Hat', 'May Blossom Tea', 'Second Edition Mug', 'Kids Jacket, size 10-12', 'Olive Oil, 1.5 L', 'Hot Sauce 2-pack'];
  const skus = ['HS-30', 'NC-50', 'COF-BLK-1KG', 'TEA-1', 'SYR-250', 'OIL-1L', 'HOT-2PK'];

  test('the values stay and the check finds nothing', () => {
    let checked = 0;
    for (const t of DEFAULT_TEMPLATES) {
      for (const [kind, phrase] of kinds) {
        const data: TemplateData = {
          customer: 'June Mayfield',
          orderId: 'BW-10001',
          items: products.map((product, i) => ({ product, sku: skus[i], quantity: i + 1, eta: phrase })),
          supportPhone: '1-800-555-0199',
          senderName: 'Sun Valley Foods',
          message: 'Our supplier may need a second shipment; we march forward and hope to have news next week, within 8-10 weeks at most. Prices stay at $12.25.',
        };
        const r = renderTemplate(t, data);
        const found = findExactDates(`${r.subject}\n${r.text}\n${r.html}`);
        if (found.length) throw new Error(`${t.kind} / ${kind}: ${JSON.stringify(found)}`);
        expect(finishedEmailDates(r)).toBeNull();
        for (const p of products) expect(r.text).toContain(`- ${p} (`);
        expect(r.text).toContain('Hi June,');
        expect(r.text).toContain('1-800-555-0199');
        expect(r.text).toContain('Sun Valley Foods');
        if (t.kind === 'Extended stock-out') expect(r.text).toContain('$12.25');
        checked++;
      }
    }
    expect(checked).toBe(DEFAULT_TEMPLATES.length * kinds.size);
  });
});
