import { findExactDates } from '../../src/core/customerText';
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
      ['days', 'early-next-month', 'end-of-month', 'late-next-month', 'mid-next-month', 'next-week', 'overdue', 'this-month', 'this-week', 'unknown', 'weeks'].sort(),
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
