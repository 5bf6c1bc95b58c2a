import { findExactDates } from '../../src/core/customerText';
import {
  checkRequestShape,
  customerSupportPhone,
  finishedEmailProblem,
  forgetHandled,
  HANDLED_MAX,
  LIMITS,
  renderExtended,
  storedTextBytes,
  OrderLineLike,
  permissionProblem,
  pruneHandled,
  recipientsOf,
  rememberHandled,
  StockItemLike,
  stockOutItems,
  textProblem,
} from '../../src/core/stockOut';

const item = (sku: string, available: number | null, expected: string | null = null): StockItemLike => ({
  sku,
  product: `Product ${sku}`,
  productLine: 'Line',
  available,
  expected,
});

let n = 0;
const line = (over: Partial<OrderLineLike>): OrderLineLike => {
  n++;
  const qty = over.qty === undefined ? 2 : over.qty;
  return {
    index: n,
    orderId: `BW-${1000 + n}`,
    customer: `Customer ${n}`,
    email: `c${n}@example.com`,
    emailValid: true,
    segment: 'DML',
    sku: 'A',
    qty,
    openQty: qty ?? 0,
    since: '2026-02-01',
    status: 'BackOrder',
    ...over,
  };
};

describe('stockOutItems', () => {
  it('lists only items at or below zero, with customers and units waiting from open backorder lines of every segment', () => {
    const lines = [
      line({ sku: 'A', email: 'x@example.com', openQty: 2, segment: 'DML' }),
      line({ sku: 'a', email: 'x@example.com', openQty: 1, segment: 'WHL' }),
      line({ sku: 'A', email: 'y@example.com', openQty: 3, status: 'Partial', segment: 'AMZ' }),
      line({ sku: 'A', email: 'z@example.com', openQty: 0, status: 'Shipped' }),
      line({ sku: 'A', email: 'w@example.com', openQty: 0, status: 'Cancelled' }),
      line({ sku: 'B', email: 'x@example.com', openQty: 1 }),
      line({ sku: 'C', email: 'q@example.com', openQty: 4, status: 'INVHOLD' }),
    ];
    const list = stockOutItems({
      items: [item('A', -6), item('B', 5), item('C', 0), item('D', null)],
      lines,
      today: '2026-03-02',
      prepDays: 2,
      sentToday: new Map([['C', 3]]),
    });
    expect(list.map((i) => i.sku)).toEqual(['A', 'C']);
    const a = list[0];
    expect(a.customers).toBe(2);
    expect(a.units).toBe(6);
    expect(a.segments).toEqual(['AMZ', 'DML', 'WHL']);
    expect(a.sentToday).toBe(0);
    expect(list[1].sentToday).toBe(3);
    expect(list[1].units).toBe(4);
  });

  it('never puts an exact date in the ETA phrase and reports lines that cannot be emailed', () => {
    const list = stockOutItems({
      items: [item('A', -3, '2026-03-20')],
      lines: [line({ email: 'jo@@example', emailValid: false }), line({ qty: null }), line({})],
      today: '2026-03-02',
      prepDays: 2,
      sentToday: new Map(),
    });
    expect(list[0].etaPhrase).toMatch(/hoping/);
    expect(textProblem('x', list[0].etaPhrase)).toBeNull();
    expect(list[0].waiting).toHaveLength(1);
    expect(list[0].unreachable).toHaveLength(2);
    expect(list[0].unreachable[0]).toMatch(/not a valid email/);
  });
});

describe('recipientsOf', () => {
  const waiting = [
    { orderId: 'BW-3', customer: 'Cy', email: 'c@example.com', segment: 'DML', units: 1, since: '2026-02-10' },
    { orderId: 'BW-1', customer: 'Al', email: 'a@example.com', segment: 'WHL', units: 2, since: '2026-01-05' },
    { orderId: 'BW-4', customer: 'Al', email: 'a@example.com', segment: 'DML', units: 1, since: '2026-02-20' },
    { orderId: 'BW-2', customer: 'Bo', email: 'b@example.com', segment: 'SCS', units: 5, since: null },
  ];
  it('gives one recipient per customer, oldest backorder first, unreadable dates last', () => {
    const r = recipientsOf(waiting);
    expect(r.map((x) => x.email)).toEqual(['a@example.com', 'c@example.com', 'b@example.com']);
    expect(r[0]).toMatchObject({ orderIds: ['BW-1', 'BW-4'], units: 3, since: '2026-01-05' });
  });
  it('narrows to the chosen segments (case-insensitive)', () => {
    const r = recipientsOf(waiting, ['dml']);
    // Al's oldest line is WHL: within DML, Cy has waited longer.
    expect(r.map((x) => x.email)).toEqual(['c@example.com', 'a@example.com']);
    expect(r[1]).toMatchObject({ orderIds: ['BW-4'], units: 1, since: '2026-02-20' });
    expect(recipientsOf(waiting, [])).toHaveLength(3);
  });
  it('groups one customer whose email is written differently on two lines (case, spaces) into one email', () => {
    const r = recipientsOf([
      { orderId: 'BW-7', customer: 'Ann', email: ' Ann@X.com', segment: 'DML', units: 1, since: '2026-01-10' },
      { orderId: 'BW-8', customer: 'Ann', email: 'ann@x.com ', segment: 'DML', units: 2, since: '2026-02-10' },
      { orderId: 'BW-9', customer: 'Bo', email: 'bo@x.com', segment: 'DML', units: 1, since: '2026-01-20' },
    ]);
    expect(r.map((x) => x.email)).toEqual(['ann@x.com', 'bo@x.com']);
    expect(r[0]).toMatchObject({ orderIds: ['BW-7', 'BW-8'], units: 3, since: '2026-01-10' });
  });
});

describe('stockOutItems and email spelling', () => {
  it('counts a customer whose email differs only in case or spaces once, and lists it normalised', () => {
    const list = stockOutItems({
      items: [item('A', 0)],
      lines: [line({ email: 'Ann@X.com ' }), line({ email: 'ann@x.com' }), line({ email: 'bo@x.com' })],
      today: '2026-03-02',
      prepDays: 2,
      sentToday: new Map(),
    });
    expect(list[0].customers).toBe(2);
    expect(new Set(list[0].waiting.map((w) => w.email))).toEqual(new Set(['ann@x.com', 'bo@x.com']));
    const r = recipientsOf(list[0].waiting);
    expect(r).toHaveLength(2);
    const ann = r.find((x) => x.email === 'ann@x.com')!;
    expect(ann.orderIds).toHaveLength(2);
    // The email names both of Ann's orders and all her units.
    const mail = renderExtended({ subject: 'Order {{orderId}}', body: '{{#items}}{{quantity}}{{/items}}' }, ann, list[0], { senderName: 'Shop', supportPhone: '' });
    expect(mail.subject).toBe(`Order ${ann.orderIds.join(', ')}`);
    expect(mail.text.trim()).toBe('4');
  });
});

describe('permissionProblem', () => {
  it('accepts only listed managers, case-insensitively, and never an empty email', () => {
    expect(permissionProblem('Manager@Example.com ', ['manager@example.com'])).toBeNull();
    expect(permissionProblem('agent@example.com', ['manager@example.com'])).toMatch(/Only the managers/);
    expect(permissionProblem('', ['manager@example.com'])).toMatch(/not visible/);
    expect(permissionProblem('', [''])).not.toBeNull();
  });
});

describe('request checks', () => {
  const good = { id: '0f8c3a52-1111-4222-8333-444455556666', sku: 'A', subject: 'Update', body: 'Hello' };
  it('normalises a good request', () => {
    const r = checkRequestShape({ ...good, segments: ['dml', 'DML', ' scs'] });
    expect(r).toEqual({ ok: true, request: { ...good, message: '', segments: ['DML', 'SCS'], confirmResend: false } });
  });
  it.each([
    [null, /not readable/],
    [{ ...good, id: '' }, /valid id/],
    [{ ...good, id: 'bad id with spaces' }, /valid id/],
    [{ ...good, sku: ' ' }, /Choose an item/],
    [{ ...good, body: 5 }, /must be text/],
    [{ ...good, segments: 'DML' }, /segment/],
  ])('refuses %p', (raw, why) => {
    const r = checkRequestShape(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(why);
  });
  it('refuses exact dates, blank or multi-line text and says why', () => {
    expect(textProblem('Update', 'It arrives on March 14.')).toMatch(/"March 14"/);
    expect(textProblem('Back on 3/14', 'Hello')).toMatch(/numeric date/);
    expect(textProblem('Update', 'See you Friday')).toMatch(/weekday/);
    expect(textProblem(' ', 'Hello')).toMatch(/subject is empty/);
    expect(textProblem('A\nB', 'Hello')).toMatch(/single line/);
    expect(textProblem('Update', 'We are hoping it will arrive early next month.')).toBeNull();
  });
  it('limits the text by the bytes it takes when stored, not by its characters', () => {
    const euros = '€'.repeat(3_900);
    expect(euros.length).toBeLessThan(LIMITS.body);
    expect(storedTextBytes('Update', euros)).toBeGreaterThan(LIMITS.textBytes);
    expect(textProblem('Update', euros)).toMatch(/too long to keep safely: 11,7\d\d of 7,000 bytes/);
    expect(textProblem('Update', 'a'.repeat(3_900))).toBeNull();
    expect(textProblem('Update', 'é'.repeat(3_000))).toBeNull();
    // Escapes count as stored: every line break takes two bytes.
    expect(storedTextBytes('S', 'a\nb')).toBe(3 + 6);
  });
});

describe('handled request ids', () => {
  const counts = { recipients: 3, sent: 2, failed: 0, waiting: 1 };
  it('remembers ids with their counts until they expire', () => {
    const t0 = Date.UTC(2026, 2, 2);
    const ids = rememberHandled(null, 'id-aaaaaaaa', t0, counts);
    expect(ids['id-aaaaaaaa'].slice(1)).toEqual([3, 2, 0, 1]);
    expect(pruneHandled(ids, t0 + 24 * 3600_000)['id-aaaaaaaa']).toBeDefined();
    expect(pruneHandled(ids, t0 + 4 * 24 * 3600_000)['id-aaaaaaaa']).toBeUndefined();
  });
  it('keeps at most HANDLED_MAX ids, newest first, and fits one Script Property', () => {
    let ids = null;
    const t0 = Date.UTC(2026, 2, 2);
    for (let i = 0; i < HANDLED_MAX + 20; i++) ids = rememberHandled(ids, `0f8c3a52-1111-4222-8333-${String(i).padStart(12, '0')}`, t0 + i * 1000, { recipients: 1500, sent: 1500, failed: 1500, waiting: 1500 });
    expect(Object.keys(ids!)).toHaveLength(HANDLED_MAX);
    expect(ids!['0f8c3a52-1111-4222-8333-000000000000']).toBeUndefined();
    expect(ids![`0f8c3a52-1111-4222-8333-${String(HANDLED_MAX + 19).padStart(12, '0')}`]).toBeDefined();
    expect(JSON.stringify(ids).length).toBeLessThan(9 * 1024);
    expect(pruneHandled({ x: 'junk' } as never, t0)).toEqual({});
  });
  it('keeps long ids within one Script Property, and forgets an id on request', () => {
    let ids = null;
    const t0 = Date.UTC(2026, 2, 2);
    for (let i = 0; i < HANDLED_MAX; i++) ids = rememberHandled(ids, `${'x'.repeat(88)}${String(i).padStart(12, '0')}`, t0 + i * 1000, counts);
    expect(JSON.stringify(ids).length).toBeLessThan(8_100);
    expect(ids![`${'x'.repeat(88)}${String(HANDLED_MAX - 1).padStart(12, '0')}`]).toBeDefined();
    const two = rememberHandled(rememberHandled(null, 'id-aaaaaaaa', t0, counts), 'id-bbbbbbbb', t0, counts);
    expect(Object.keys(forgetHandled(two, 'id-aaaaaaaa', t0))).toEqual(['id-bbbbbbbb']);
  });
});

describe('the email of an update', () => {
  const waitingLine = { orderId: 'BW-1001', customer: 'Mar 3 Blend', email: 'a@example.com', segment: 'DML', units: 2, since: '2026-02-01' };
  const recipient = { email: 'a@example.com', customer: 'Mar 3 Blend', orderIds: ['BW-1001'], units: 2, since: '2026-02-01' };
  const template = { subject: 'Your order {{orderId}}: {{#items}}{{product}}{{/items}}', body: 'Hi {{customer}},\n{{#items}}{{product}} ({{sku}}): {{eta}}.{{/items}}\n{{#supportPhone}}Call {{supportPhone}}.{{/supportPhone}}\n{{senderName}}' };
  const item = (product: string, sku = 'COF-BF-1', productLine = 'Coffee') => ({ sku, product, productLine, etaPhrase: 'in about two weeks', waiting: [waitingLine] });

  it('screens every sheet value that would show a date: product, customer, sender name, support phone', () => {
    const mail = renderExtended(template, recipient, item('Black Friday Roast'), { senderName: 'Monday Crew', supportPhone: '03/15/2026' });
    expect(findExactDates(`${mail.subject}\n${mail.text}\n${mail.html}`)).toEqual([]);
    expect(mail.subject).toBe('Your order BW-1001: COF-BF-1');
    expect(mail.text).toBe('Hi there,\nCOF-BF-1 (COF-BF-1): in about two weeks.\n\nCustomer Care\n');
  });
  it('falls back from the product to its SKU, then its product line, then "the item"', () => {
    const shop = { senderName: 'Brightwater', supportPhone: '(555) 010-4477' };
    expect(renderExtended(template, recipient, item('Sunday Blend', '3/14'), shop).subject).toBe('Your order BW-1001: Coffee');
    expect(renderExtended(template, recipient, item('Sunday Blend', '3/14', 'Tuesday line'), shop).subject).toBe('Your order BW-1001: the item');
    const ok = renderExtended(template, { ...recipient, customer: 'Ana' }, item('House Roast'), shop);
    expect(ok.text).toBe('Hi Ana,\nHouse Roast (COF-BF-1): in about two weeks.\nCall (555) 010-4477.\nBrightwater\n');
  });
  it('"Your message" goes where the template says {{message}}, or after the greeting of a template that never says it', () => {
    const shop = { senderName: 'Brightwater', supportPhone: '' };
    const words = 'Our supplier found a second bottler.';
    const own = renderExtended({ ...template, body: template.body.replace('Hi {{customer}},\n', 'Hi {{customer}},\n\n') }, { ...recipient, customer: 'Ana' }, item('House Roast'), shop, words);
    expect(own.text).toBe(`Hi Ana,\n\n${words}\n\nHouse Roast (COF-BF-1): in about two weeks.\n\nBrightwater\n`);
    const placed = renderExtended({ subject: 'x', body: 'Hello {{customer}}.\n\n{{message}}\n\nBye' }, { ...recipient, customer: 'Ana' }, item('House Roast'), shop, words);
    expect(placed.text).toBe(`Hello Ana.\n\n${words}\n\nBye\n`);
    // No message: nothing is added.
    expect(renderExtended(template, { ...recipient, customer: 'Ana' }, item('House Roast'), shop).text).toBe('Hi Ana,\nHouse Roast (COF-BF-1): in about two weeks.\n\nBrightwater\n');
  });
  it('"Your message" is checked like the rest: no date, not too long', () => {
    expect(textProblem('Update', 'Hi {{customer}}', 'Back on March 14.')).toMatch(/"March 14"/);
    expect(textProblem('Update', 'Hi {{customer}}', 'x'.repeat(LIMITS.message + 1))).toMatch(/Your message is longer than/);
    expect(textProblem('Update', 'Hi {{customer}}', 'We hope to have news next week.')).toBeNull();
  });
  it('keeps a support phone only when it is a phone number', () => {
    expect(customerSupportPhone('+1 (555) 010-4477 ext. 12')).toBe('+1 (555) 010-4477 ext. 12');
    expect(customerSupportPhone('555.010.4477')).toBe('555.010.4477');
    expect(customerSupportPhone('12.03.2026')).toBe('');
    expect(customerSupportPhone('Call Monday')).toBe('');
    expect(customerSupportPhone('112')).toBe('');
    expect(customerSupportPhone('')).toBe('');
  });
  it('the last guard names the date a finished email would show', () => {
    expect(finishedEmailProblem({ subject: 'Update', text: 'Count: Mar 2' })).toMatch(/exact date \("Mar 2"\)/);
    expect(finishedEmailProblem({ subject: 'Update', text: 'Soon.' })).toBeNull();
  });
});
