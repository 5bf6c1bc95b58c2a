import { DEFAULT_TEMPLATES, defaultTemplate, renderTemplate, TemplateData, textToHtml } from '../../src/core/templates';
import { findExactDates } from '../../src/core/customerText';
import { DAY_KIND, EXTENDED_KIND, SHIPPED_KIND } from '../../src/sheet/schema';

const data = (over: Partial<TemplateData> = {}): TemplateData => ({
  customer: 'Ann Lee',
  orderId: 'BW-10001',
  items: [{ product: 'Maple Syrup, Amber, 250 ml', sku: 'SYR-MPL-AMB-250', quantity: 2, eta: 'we are hoping it will arrive early next month' }],
  supportPhone: '(555) 010-4477',
  senderName: 'Brightwater Bottling Co.',
  ...over,
});

describe('DEFAULT_TEMPLATES', () => {
  test('one template per milestone, the shipment email and the extended stock-out update', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.kind)).toEqual([3, 10, 17, 23, 30].map(DAY_KIND).concat(SHIPPED_KIND, EXTENDED_KIND));
  });

  test.each(DEFAULT_TEMPLATES.map((t) => [t.kind]))('%s offers every option and lists the items', (kind) => {
    const r = renderTemplate(defaultTemplate(kind)!, data());
    expect(r.text).toMatch(/keep waiting/i);
    expect(r.text).toMatch(/in-stock alternative/i);
    expect(r.text).toMatch(/cancel[^.]*full, prompt refund/i);
    expect(r.text).toContain('Maple Syrup, Amber, 250 ml (2 still to come): we are hoping it will arrive early next month.');
    expect(r.text).toContain('Hi Ann Lee,');
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
    customer: '<script>alert("x")</script> & Co',
    items: [{ product: 'Oil <b>bold</b> & "quotes"', sku: 'X', quantity: 1, eta: "it's <i>soon</i>" }],
    supportPhone: '<a href="evil">call</a>',
  });

  test('every value is escaped in the HTML part, also through {{{triple}}} placeholders', () => {
    const r = renderTemplate({ subject: '{{customer}}', body: 'Hi {{{customer}}}\n{{#items}}{{product}} {{eta}}{{/items}}\n{{supportPhone}}' }, nasty);
    expect(r.html).not.toMatch(/<script|<b>|<i>|<a /);
    expect(r.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(r.html).toContain('Oil &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;');
    expect(r.html).toContain('it&#39;s &lt;i&gt;soon&lt;/i&gt;');
  });

  test('the plain-text part and the subject keep values as they are', () => {
    const r = renderTemplate({ subject: 'For {{customer}}', body: 'Hi {{customer}}' }, nasty);
    expect(r.text).toBe('Hi <script>alert("x")</script> & Co\n');
    expect(r.subject).toBe('For <script>alert("x")</script> & Co');
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
    expect(r.text).toContain('- COF-BLK-1KG (1 still to come)');
    expect(r.text).toContain('- one of your items (2 still to come)');
    expect(r.text).toContain('- Plain Tea (3 still to come)');
    expect(r.text).toContain('Hi there,');
    expect(r.text).toContain('Customer Care');
    expect(r.text).not.toMatch(/call us/);
    expect(r.subject).toMatch(/^Your order: /);
    expect(r.text).not.toMatch(/order {2}|order \.|order ,/);
  });

  test('safe values are kept as they are', () => {
    const r = renderTemplate(defaultTemplate('Day 10')!, data());
    expect(r.subject).toBe('Your order BW-10001: still on its way to us');
    expect(r.text).toContain('your order BW-10001, and');
    expect(r.text).toContain('Maple Syrup, Amber, 250 ml');
  });
});

describe('the shipment email', () => {
  const parcel = [{ product: 'Oil', sku: 'OIL', quantity: 1, carrier: 'UPS', tracking: '1Z999AA10123456784', trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784' }];
  const base = { customer: 'Ann', orderId: 'BW-1', supportPhone: '', senderName: 'Shop', items: [], parcel, complete: true };
  test('complete in one parcel: "your order"; after earlier parcels: "the rest of your order"', () => {
    expect(renderTemplate(defaultTemplate(SHIPPED_KIND)!, base).text).toContain('Good news: your order BW-1 has left our warehouse, so all items are on their way to you.');
    const rest = renderTemplate(defaultTemplate(SHIPPED_KIND)!, { ...base, shippedEarlier: [{ product: 'Salt', sku: 'S', quantity: 1 }] });
    expect(rest.text).toContain('Good news: the rest of your order BW-1 has left our warehouse');
    expect(rest.html).toContain('<a href="https://www.ups.com/track?tracknum=1Z999AA10123456784">https://www.ups.com/track?tracknum=1Z999AA10123456784</a>');
  });
});
