import { DEFAULT_TEMPLATES, defaultTemplate, emailSizeProblem, MAIL_BODY_LIMIT_BYTES, renderTemplate, templateTextProblem, TemplateData, textToHtml } from '../../src/core/templates';
import { findExactDates, greetingName } from '../../src/core/customerText';
import { buildReply } from '../../src/core/lookup';
import { BACK_IN_STOCK_KIND, DAY_KIND, EXTENDED_KIND } from '../../src/sheet/schema';
import { beingPreparedPhrase } from '../../src/core/packing';

const data = (over: Partial<TemplateData> = {}): TemplateData => ({
  customer: 'Ann Lee',
  orderId: 'BW-10001',
  items: [{ product: 'Maple Syrup, Amber, 250 ml', sku: 'SYR-MPL-AMB-250', quantity: 2, eta: 'we are hoping it will arrive early next month' }],
  supportPhone: '(555) 010-4477',
  senderName: 'Brightwater Bottling Co.',
  ...over,
});

describe('DEFAULT_TEMPLATES', () => {
  test('one template per milestone, the extended stock-out update and the good news', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.kind)).toEqual([3, 10, 17, 23, 30].map(DAY_KIND).concat(EXTENDED_KIND, BACK_IN_STOCK_KIND));
  });

  test('Back in stock: being prepared, the tracking promise, no options to wait or cancel, never a date', () => {
    const items = [{ product: 'Maple Syrup, Amber, 250 ml', sku: 'SYR-MPL-AMB-250', quantity: 2, eta: beingPreparedPhrase(2, 2) }];
    const r = renderTemplate(defaultTemplate(BACK_IN_STOCK_KIND)!, data({ items }));
    expect(r.subject).toBe('Good news about your order BW-10001: it is being prepared');
    expect(r.text).toContain('the item you were waiting for on your order BW-10001 is back in stock and set aside for you');
    expect(r.text).toContain(
      "- Maple Syrup, Amber, 250 ml (2): it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.",
    );
    expect(r.text).not.toMatch(/keep waiting|cancel/i);
    expect(findExactDates(r.text)).toEqual([]);
    const two = renderTemplate(defaultTemplate(BACK_IN_STOCK_KIND)!, data({ items: [...items, { ...items[0], product: 'Honey' }] }));
    expect(two.text).toContain('the items you were waiting for on your order BW-10001 are back in stock');
  });

  test.each(DEFAULT_TEMPLATES.filter((t) => t.kind !== BACK_IN_STOCK_KIND).map((t) => [t.kind]))('%s offers every option and lists the items', (kind) => {
    const r = renderTemplate(defaultTemplate(kind)!, data());
    expect(r.text).toMatch(/keep waiting/i);
    expect(r.text).toMatch(/in-stock alternative/i);
    expect(r.text).toMatch(/cancel[^.]*full, prompt refund/i);
    expect(r.text).toContain('Maple Syrup, Amber, 250 ml (2 still to come): we are hoping it will arrive early next month.');
    expect(r.text).toContain('Hi Ann,');
    expect(r.text).toContain('(555) 010-4477');
    expect(r.text).toContain('Brightwater Bottling Co.');
    expect(r.subject).toContain('BW-10001');
    expect(r.subject).not.toMatch(/\n/);
  });

  test('the day-30 notice asks the customer to confirm they still want to wait', () => {
    expect(renderTemplate(defaultTemplate('Day 30')!, data()).text).toMatch(/confirm you still want to wait/);
    for (const day of [3, 10, 17, 23]) {
      expect(renderTemplate(defaultTemplate(DAY_KIND(day))!, data()).text).not.toMatch(/confirm you still want to wait/);
    }
  });

  test('a blank support phone drops the phone sentence, a blank name greets "there"', () => {
    const r = renderTemplate(defaultTemplate('Day 3')!, data({ supportPhone: '', customer: ' ' }));
    expect(r.text).not.toMatch(/call us/);
    expect(r.text).toContain('Hi there,');
  });

  test('several items are all listed and the wording turns plural', () => {
    const items = [
      { product: 'A', sku: 'A1', quantity: 1, eta: 'we are hoping it will be ready to ship out next week' },
      { product: 'B', sku: 'B1', quantity: 3, eta: "we don't have a confirmed restock date yet, but we will keep you updated as soon as we hear more" },
    ];
    const r = renderTemplate(defaultTemplate('Day 3')!, data({ items }));
    expect(r.text).toContain('- A (1 still to come): we are hoping it will be ready to ship out next week.');
    expect(r.text).toContain('- B (3 still to come): we don');
    expect(r.text).toContain('Cancel the backordered items');
    expect(r.subject).toContain('items');
  });

  test('the extended update carries the manager message', () => {
    const r = renderTemplate(defaultTemplate(EXTENDED_KIND)!, data({ message: 'Our supplier lost a harvest.' }));
    expect(r.text).toContain('Our supplier lost a harvest.');
    expect(renderTemplate(defaultTemplate(EXTENDED_KIND)!, data()).text).not.toMatch(/\n\n\n/);
  });
});

describe('renderTemplate escaping', () => {
  const nasty = data({
    customer: '<script>alert("x")</script>&Co',
    items: [{ product: 'Oil <b>bold</b> & "quotes"', sku: 'X', quantity: 1, eta: "it's <i>soon</i>" }],
    supportPhone: '<a href="evil">call</a>',
  });

  test('every value is escaped in the HTML part, also through {{{triple}}} placeholders', () => {
    const r = renderTemplate({ subject: '{{customer}}', body: 'Hi {{{customer}}}\n{{#items}}{{product}} {{eta}}{{/items}}\n{{supportPhone}}' }, nasty);
    expect(r.html).not.toMatch(/<script|<b>|<i>|<a /);
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;Co');
    expect(r.html).toContain('Oil &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;');
    expect(r.html).toContain('it&#39;s &lt;i&gt;soon&lt;/i&gt;');
  });

  test('the plain-text part and the subject keep values as they are', () => {
    const r = renderTemplate({ subject: 'For {{customer}}', body: 'Hi {{customer}}' }, nasty);
    expect(r.text).toBe('Hi <script>alert("x")</script>&Co\n');
    expect(r.subject).toBe('For <script>alert("x")</script>&Co');
  });

  test('markup typed into a template is shown as text, not obeyed', () => {
    const r = renderTemplate({ subject: 's', body: '<img src=x onerror=alert(1)> Hi' }, data());
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt; Hi');
  });

  test('a malformed template gives a readable error', () => {
    expect(() => renderTemplate({ subject: 'ok', body: '{{#items}} unclosed' }, data())).toThrow(/template's body cannot be read/);
  });

  test('textToHtml: paragraphs, lists and line breaks', () => {
    expect(textToHtml('a\nb\n\n- x\n- y\nz')).toContain('<p>a<br>b</p>\n<ul><li>x</li><li>y</li></ul>\n<p>z</p>');
  });
});

describe('sheet values that would show a date are screened', () => {
  const noDates = (r: { subject: string; text: string; html: string }) => {
    expect(findExactDates(r.subject)).toEqual([]);
    expect(findExactDates(r.text)).toEqual([]);
    expect(findExactDates(r.html)).toEqual([]);
  };

  test.each(DEFAULT_TEMPLATES.map((t) => [t.kind]))('%s: product name -> SKU -> "one of your items"; customer -> "there"; order number left out', (kind) => {
    const r = renderTemplate(
      defaultTemplate(kind)!,
      data({
        customer: 'Mar 3 Trading',
        orderId: 'BW-3/4',
        items: [
          { product: 'Black Friday Roast', sku: 'COF-BLK-1KG', quantity: 1, eta: 'we are hoping it will arrive early next month' },
          { product: 'Sunday Blend 3/4', sku: '12/25-SKU', quantity: 2, eta: 'we are hoping it will arrive early next month' },
          { product: 'Plain Tea', sku: 'TEA-1', quantity: 3, eta: 'we are hoping it will arrive early next month' },
        ],
        supportPhone: '555-0100 (Mon.-Fri.)',
        senderName: 'Sunday Gravy Co.',
      }),
    );
    noDates(r);
    // The day notices say "(1 still to come)", the good news "(1)".
    expect(r.text).toContain('- COF-BLK-1KG (1');
    expect(r.text).toContain('- one of your items (2');
    expect(r.text).toContain('- Plain Tea (3');
    expect(r.text).toContain('Hi there,');
    expect(r.text).toContain('Customer Care');
    expect(r.text).not.toMatch(/call us/);
    expect(r.subject).toMatch(/^(Good news about y|Y)our order: /);
    expect(r.text).not.toMatch(/order {2}|order \.|order ,/);
  });

  test('safe values are kept as they are', () => {
    const r = renderTemplate(defaultTemplate('Day 10')!, data());
    expect(r.subject).toBe('Your order BW-10001: still on its way to us');
    expect(r.text).toContain('your order BW-10001, and');
    expect(r.text).toContain('Maple Syrup, Amber, 250 ml');
  });
});

describe('the one template check (Templates tab, daily run, extended-update dialog)', () => {
  test.each(DEFAULT_TEMPLATES.map((t) => [t.kind]))('the default %s passes it', (kind) => {
    expect(templateTextProblem(defaultTemplate(kind)!)).toBeNull();
  });

  test('finding 10: an unknown placeholder is refused with the reason instead of rendering blank', () => {
    const t = { subject: 'Your order', body: 'Hi {{name}}, your {{item}} is late.' };
    expect(templateTextProblem(t)).toMatch(/^The template's body: \{\{name\}\} is not a placeholder these emails know \(they know \{\{customer\}\}/);
    expect(() => renderTemplate(t, data())).toThrow(/\{\{name\}\} is not a placeholder/);
    expect(templateTextProblem({ subject: 'Order {{order_id}}', body: 'Hi {{customer}}' })).toMatch(/subject: \{\{order_id\}\} is not a placeholder/);
    expect(templateTextProblem({ subject: 'x', body: '{{#item}}{{product}}{{/item}}' })).toMatch(/\{\{item\}\} is not a placeholder/);
    expect(templateTextProblem({ subject: 'x', body: '{{> footer}}' })).toMatch(/partial/);
  });

  test('finding 10: {{product}}, {{sku}} and {{quantity}} outside {{#items}} are refused with the reason', () => {
    for (const name of ['product', 'sku', 'quantity']) {
      expect(templateTextProblem({ subject: 'x', body: `Hi {{customer}}, your {{${name}}} is late.` })).toBe(
        `The template's body: {{${name}}} only works inside {{#items}}…{{/items}} (one block per item); outside it there is no ${name} to show.`,
      );
    }
    expect(templateTextProblem({ subject: 'About {{product}}', body: 'Hi' })).toMatch(/subject: \{\{product\}\} only works inside/);
    // Inside the block, and top-level names inside it, are fine; so are sections and inverted sections of known names.
    expect(templateTextProblem({ subject: 'x', body: '{{#items}}{{product}} {{sku}} {{quantity}} {{eta}} {{customer}}{{/items}}{{^supportPhone}}Reply.{{/supportPhone}}{{eta}} {{itemCount}} {{{senderName}}} {{&message}}' })).toBeNull();
    expect(templateTextProblem({ subject: 'x', body: '{{^items}}{{product}}{{/items}}' })).toMatch(/only works inside/);
  });

  test('an unreadable template still says why', () => {
    expect(templateTextProblem({ subject: 'x', body: '{{#items}}open' })).toMatch(/^The template's body cannot be read: Unclosed section "items"/);
  });

  test('an email larger than the mail service accepts is named, with its size', () => {
    const small = renderTemplate({ subject: 'x', body: 'Hi {{customer}}' }, data());
    expect(emailSizeProblem(small)).toBeNull();
    const big = renderTemplate({ subject: 'x', body: `{{#items}}${'word '.repeat(45_000)}{{/items}}` }, data({ items: [data().items[0], data().items[0]] }));
    expect(emailSizeProblem(big)).toMatch(new RegExp(`the email would be \\d+ KB, more than the mail service accepts \\(${MAIL_BODY_LIMIT_BYTES / 1024} KB\\)`));
  });
});

describe('the greeting is the same in every email and in the agents\' reply', () => {
  test('greetingName: the first name; the whole name after a title; "there" when blank or a date', () => {
    expect(greetingName('Leo King')).toBe('Leo');
    expect(greetingName('  Ann   Lee ')).toBe('Ann');
    expect(greetingName('Dr. Jane Doe')).toBe('Dr. Jane Doe');
    expect(greetingName('Mrs Patel')).toBe('Mrs Patel');
    expect(greetingName('')).toBe('there');
    expect(greetingName('Mar 3 Blend')).toBe('there');
  });

  test('an email and the reply an agent pastes greet the customer with the same words', () => {
    for (const customer of ['Leo King', 'Dr. Jane Doe', '', 'Mar 3 Blend', "Leo O'Brien"]) {
      const email = renderTemplate(defaultTemplate('Day 10')!, data({ customer })).text.split('\n')[0];
      const reply = buildReply({ customer, orderId: 'BW-1', lines: [], today: '2026-03-02', prepDays: 2, senderName: 'Shop' }).split('\n')[0];
      expect(email).toBe(reply);
      expect(email).toBe(`Hi ${greetingName(customer)},`);
    }
  });
});

describe('the alternative a notice names', () => {
  test('each item names its in-stock alternative when there is one, and nothing when there is none', () => {
    const items = [
      { ...data().items[0], alternative: 'Maple Syrup, Amber, 500 ml' },
      { product: 'Coffee Syrup, Vanilla', sku: 'SYR-CAF-VAN', quantity: 1, eta: 'we are hoping it will be ready to ship out next week', alternative: '' },
    ];
    const r = renderTemplate(defaultTemplate('Day 10')!, data({ items }));
    expect(r.text).toContain('- Maple Syrup, Amber, 250 ml (2 still to come): we are hoping it will arrive early next month. Maple Syrup, Amber, 500 ml is in stock now, if you would rather switch.');
    expect(r.text).toContain('- Coffee Syrup, Vanilla (1 still to come): we are hoping it will be ready to ship out next week.\n');
  });
});
