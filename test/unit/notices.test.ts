import { addMarks, dayNoticeEmail, formatNoticeMarks, NoticeLine, parseNoticeMarks, planNotices, PlanInput } from '../../src/core/notices';
import { parseNoticesSent } from '../../src/sheet/records';

const TODAY = '2026-03-20';
let nextIndex = 0;
function line(over: Partial<NoticeLine> = {}): NoticeLine {
  return {
    index: nextIndex++,
    orderId: 'BW-1',
    orderDate: '2026-03-01',
    customer: 'Ann Lee',
    email: 'ann@example.com',
    emailValid: true,
    segment: 'DML',
    sku: 'OIL-1',
    qty: 2,
    shipped: 0,
    status: 'BackOrder',
    since: '2026-03-10', // 10 days
    priority: '',
    openQty: 2,
    problems: [],
    noticesCell: '',
    ...over,
  };
}
const inventory = new Map([
  ['OIL-1', { product: 'Olive Oil, 500 ml', expected: '2026-04-20' }],
  ['VIN-1', { product: 'Vinegar', expected: null }],
]);
function plan(lines: NoticeLine[], over: Partial<PlanInput> = {}) {
  return planNotices({ lines, inventory, today: TODAY, noticeDays: [3, 10, 17, 23, 30], notifySegments: ['DML', 'SCS'], prepDays: 2, ...over });
}

describe('Notices sent marks', () => {
  test.each([
    ['', [], [], ''],
    ['3, 10', [3, 10], [], '3, 10'],
    ['3, 10 (skipped), 17', [3, 17], [10], '3, 10 (skipped), 17'],
    ['10, 3', [3, 10], [], '3, 10'],
    ['3 10', [3, 10], [], '3, 10'],
    ['3 (skipped), 3', [3], [], '3'],
  ])('%j reads as sent %j skipped %j and writes back as %j', (cell, sent, skipped, out) => {
    const m = parseNoticeMarks(cell);
    expect(m.sent).toEqual(sent);
    expect(m.skipped).toEqual(skipped);
    expect(formatNoticeMarks(m)).toBe(out);
  });

  test('records.parseNoticesSent reads sent and skipped milestones as handled', () => {
    expect(parseNoticesSent(addMarks('3', { sent: [17], skipped: [10] }))).toEqual([3, 10, 17]);
  });

  test('the back-in-stock mark is kept when milestones are added, and records.parseNoticesSent still reads the milestones', () => {
    const cell = addMarks('3, 10', { backInStock: true });
    expect(cell).toBe('3, 10, back in stock');
    expect(parseNoticeMarks(cell).backInStock).toBe(true);
    expect(addMarks(cell, { sent: [17] })).toBe('3, 10, 17, back in stock');
    expect(parseNoticesSent(cell)).toEqual([3, 10]);
    expect(parseNoticeMarks('3, 10').backInStock).toBeUndefined();
  });

  test('the bad-row flag stays until a milestone is recorded', () => {
    expect(addMarks('', { badRow: true })).toBe('bad row (skipped)');
    expect(parseNoticeMarks('bad row (skipped)').badRowReported).toBe(true);
    expect(addMarks('bad row (skipped)', { sent: [3] })).toBe('3');
  });
});

describe('planNotices: who gets what', () => {
  test.each([
    // days waiting (since), notices cell, milestone sent, skipped
    ['2026-03-18', '', null, []],
    ['2026-03-17', '', 3, []],
    ['2026-03-10', '', 10, [3]],
    ['2026-03-10', '3', 10, []],
    ['2026-03-10', '3, 10', null, []],
    ['2026-02-18', '3, 10, 17, 23', 30, []],
    ['2026-02-17', '3, 10, 17, 23', 30, []],
    ['2026-02-25', '3', 10, []],
  ])('since %s with %j sends %p, skips %j', (since, cell, send, skip) => {
    const p = plan([line({ since, noticesCell: cell })]);
    if (send === null) {
      expect(p.notices).toEqual([]);
      expect(p.skipped.flatMap((s) => s.milestones)).toEqual(skip);
    } else {
      expect(p.notices.map((n) => [n.milestone, n.skipped])).toEqual([[send, skip]]);
      expect(p.skipped).toEqual([]);
    }
  });

  test.each([
    ['Shipped status', { status: 'Shipped', openQty: 0 }],
    ['Open status', { status: 'Open', openQty: 0 }],
    ['nothing left to ship', { status: 'Partial', qty: 2, shipped: 2, openQty: 0 }],
    ['segment not notified', { segment: 'WHL' }],
    ['backordered in the future', { since: '2026-03-25' }],
  ])('no notice: %s', (_what, over) => {
    const p = plan([line(over as Partial<NoticeLine>)]);
    expect(p.notices).toEqual([]);
    expect(p.badRows).toEqual([]);
  });

  test('INVHOLD and Partial lines count, segments are case-insensitive', () => {
    const p = plan([line({ orderId: 'A', status: 'INVHOLD', segment: 'scs' }), line({ orderId: 'B', status: 'Partial', qty: 3, shipped: 1, openQty: 2 })]);
    expect(p.notices.map((n) => n.orderId).sort()).toEqual(['A', 'B']);
  });

  test('one email per order lists every open line; the oldest line drives the milestone and all lines are covered', () => {
    const a = line({ orderId: 'BW-7', since: '2026-03-03', sku: 'OIL-1', noticesCell: '3, 10' }); // 17 days
    const b = line({ orderId: 'BW-7', since: '2026-03-15', sku: 'VIN-1', qty: 3, openQty: 3 }); // 5 days, added later
    const c = line({ orderId: 'BW-7', status: 'Shipped', openQty: 0, sku: 'VIN-1' });
    const p = plan([b, a, c]);
    expect(p.notices).toHaveLength(1);
    const n = p.notices[0];
    expect(n.milestone).toBe(17);
    expect(n.lines).toEqual([a.index, b.index]);
    expect(n.items).toEqual([
      { product: 'Olive Oil, 500 ml', sku: 'OIL-1', quantity: 2, eta: 'we are hoping it will arrive towards the end of next month' },
      { product: 'Vinegar', sku: 'VIN-1', quantity: 3, eta: "we don't have a confirmed restock date yet, but we will keep you updated as soon as we hear more" },
    ]);
  });

  test('an Order ID whose lines have different emails: each customer is told only about their own lines', () => {
    const ann = line({ orderId: 'BW-8', since: '2026-03-03', sku: 'OIL-1' }); // 17 days
    const bob = line({ orderId: 'BW-8', since: '2026-03-10', sku: 'VIN-1', customer: 'Bob Roe', email: 'bob@example.com' }); // 10 days
    const p = plan([ann, bob]);
    expect(p.notices).toHaveLength(2);
    const byEmail = new Map(p.notices.map((n) => [n.email, n]));
    expect(byEmail.get('ann@example.com')).toMatchObject({ customer: 'Ann Lee', milestone: 17, lines: [ann.index], skus: ['OIL-1'] });
    expect(byEmail.get('bob@example.com')).toMatchObject({ customer: 'Bob Roe', milestone: 10, lines: [bob.index], skus: ['VIN-1'] });
    expect(new Set(p.notices.map((n) => n.key)).size).toBe(2);
  });

  test('oldest backorders first, then High priority, then order number', () => {
    const p = plan([
      line({ orderId: 'C', since: '2026-03-10' }),
      line({ orderId: 'B', since: '2026-03-10', priority: 'High' }),
      line({ orderId: 'A', since: '2026-03-10' }),
      line({ orderId: 'Z', since: '2026-02-25' }),
    ]);
    expect(p.notices.map((n) => n.orderId)).toEqual(['Z', 'B', 'A', 'C']);
  });

  test.each([
    ['2026-02-01', '', [3, 10, 17, 23, 30], 'the backorder was already at day 47, past the last automatic notice (day 30)'],
    ['2026-02-25', '3, 10, 17 (skipped), 30', [23], 'the backorder is at day 23 and a later notice (day 30) was already recorded'],
  ])('since %s with %j: the order is skipped once, for all of %j, saying why', (since, cell, milestones, reason) => {
    const p = plan([line({ orderId: 'BW-9', since, noticesCell: cell }), line({ orderId: 'BW-9', since, sku: 'VIN-1', noticesCell: cell })]);
    expect(p.notices).toEqual([]);
    expect(p.skipped).toHaveLength(1);
    expect(p.skipped[0]).toMatchObject({ orderId: 'BW-9', milestones, reason, skus: ['OIL-1', 'VIN-1'] });
  });

  test('orders already sent today in Test mode are not planned again', () => {
    const p = plan([line({ orderId: 'A' }), line({ orderId: 'B' })], { alreadySentToday: new Set(['A|10']) });
    expect(p.notices.map((n) => n.orderId)).toEqual(['B']);
  });
});

describe('planNotices: bad rows', () => {
  test.each([
    ['a bad email', { email: 'jo@@x', emailValid: false, problems: ['email "jo@@x" is not a valid address'] }, /not a valid address/],
    ['text in Qty', { qty: null, openQty: 0, problems: ['Qty "two" is not a whole number'] }, /Qty "two"/],
    ['an unknown SKU', { sku: 'NOPE-000' }, /SKU "NOPE-000" is not on the Inventory tab/],
  ])('%s is skipped with the reason, once per milestone', (_what, over, reason) => {
    const bad = line({ orderId: 'BAD', ...(over as Partial<NoticeLine>) });
    const good = line({ orderId: 'BAD', sku: 'VIN-1' });
    const p = plan([bad, good]);
    expect(p.badRows).toHaveLength(1);
    expect(p.badRows[0].reason).toMatch(reason);
    expect(p.badRows[0].milestones).toEqual([3, 10]);
    // The good line of the same order is still sent, without the bad one.
    expect(p.notices.map((n) => n.lines)).toEqual([[good.index]]);
    // Once recorded, the same milestone is not reported again.
    const again = plan([{ ...bad, noticesCell: addMarks('', { skipped: [3, 10] }) }]);
    expect(again.badRows).toEqual([]);
  });

  test('an unreadable date is reported once (marked), and never breaks the plan', () => {
    const bad = line({ orderId: 'D', since: null, problems: ['Backordered since "soonish" is not a date'] });
    const p = plan([bad, line({ orderId: 'OK' })]);
    expect(p.badRows.map((b) => [b.orderId, b.milestones])).toEqual([['D', []]]);
    expect(p.notices.map((n) => n.orderId)).toEqual(['OK']);
    expect(plan([{ ...bad, noticesCell: 'bad row (skipped)' }]).badRows).toEqual([]);
  });

  test('an unreadable Order date does not matter when Backordered since is given', () => {
    const p = plan([line({ problems: ['Order date "x" is not a date'] })]);
    expect(p.badRows).toEqual([]);
    expect(p.notices).toHaveLength(1);
  });

  test('bad rows outside the notified segments are left alone', () => {
    expect(plan([line({ segment: 'AMZ', email: 'x', emailValid: false, problems: ['no email'] })]).badRows).toEqual([]);
  });
});

describe('item names that would show a date', () => {
  test.each([
    ['Black Friday Roast', 'COF-1', 'Coffee', 'COF-1'],
    ['Black Friday Roast', '3/4-COF', 'Coffee', 'Coffee'],
    ['Roast of Mar 3', '3/4-COF', 'Sunday range', 'one of your items'],
    ['House Roast', '3/4-COF', 'Coffee', 'House Roast'],
  ])('%j (SKU %j, line %j) is listed as %j; the order is still planned', (product, sku, productLine, shown) => {
    const inv = new Map([[sku.toUpperCase(), { product, productLine, expected: null }], ['OIL-1', { product: 'Olive Oil, 500 ml', expected: null }]]);
    const p = plan([line({ orderId: 'BW-9', sku }), line({ orderId: 'BW-9' })], { inventory: inv });
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0].items.map((i) => i.product)).toEqual([shown, 'Olive Oil, 500 ml']);
  });
});

describe('lines with units set aside', () => {
  test('a line whose whole open quantity is set aside gets no day notice of its own; the rest of its order still does, and names it as being prepared', () => {
    const set = line({ allocated: 2 });
    const waiting = line({ sku: 'VIN-1', allocated: 0 });
    const p = plan([set, waiting]);
    expect(p.notices).toHaveLength(1);
    // Only the waiting line drives and is marked; the set-aside one is told as being prepared (no delay reason).
    expect(p.notices[0].lines).toEqual([waiting.index]);
    expect(p.notices[0].items.map((i) => [i.sku, i.eta, i.ready ?? false])).toEqual([
      ['VIN-1', expect.stringMatching(/^we don't have a confirmed restock date yet/), false],
      ['OIL-1', "it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door", true],
    ]);
    const text = dayNoticeEmail(p.notices[0], undefined, { supportPhone: '', senderName: 'Brightwater' }).email!.text;
    expect(text).toContain("- Olive Oil, 500 ml (2 still to come): it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.\n");
    expect(text).toMatch(/- Vinegar \(2 still to come\): .*Reason for the delay: our supplier/);
    expect(plan([line({ allocated: 2 })]).notices).toEqual([]);
  });

  test('a partly served line keeps its notice, which says which part is being prepared', () => {
    const p = plan([line({ allocated: 1 })]);
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0].items[0].eta).toMatch(/^1 of the 2 is being prepared to ship, and we'll send your tracking number as soon as your package is out the door; for the rest, we are hoping/);
  });
});

describe('first notices and the notice email', () => {
  test('a notice is first while one of its lines has no milestone sent; a later line of an order that had its notice is not', () => {
    expect(plan([line({ since: '2026-03-17' })]).notices.map((p) => [p.milestone, p.first])).toEqual([[3, true]]);
    expect(plan([line({ noticesCell: '3' })]).notices.map((p) => [p.milestone, p.first])).toEqual([[10, false]]);
    // Skipped milestones alone do not make a notice a later one: the customer has heard nothing yet.
    expect(plan([line({ noticesCell: '3 (skipped)' })]).notices.map((p) => [p.milestone, p.first])).toEqual([[10, true]]);
    const both = plan([line({ noticesCell: '3' }), line({ sku: 'VIN-1', noticesCell: '' })]).notices;
    expect(both.map((p) => p.first)).toEqual([true]);
  });

  test("the shop's template when it can be used, else the default with the reason; never an exact date", () => {
    const p = plan([line({ noticesCell: '3' })]).notices[0];
    const shop = { supportPhone: '(555) 010-4477', senderName: 'Brightwater' };
    const body = 'Hi {{customer}}, we cannot give you a revised shipping date. {{#items}}{{product}}: {{eta}} ({{reason}}). {{/items}}You may cancel at any time for a full, prompt refund: just reply to this email.';
    const own = dayNoticeEmail(p, { subject: 'Order {{orderId}}', body }, shop);
    // Without a reason for the delay it is not a notice the mail-order rule accepts: the default goes instead.
    const noReason = dayNoticeEmail(p, { subject: 'Order {{orderId}}', body: body.replace(' ({{reason}})', '') }, shop);
    const byDefault = dayNoticeEmail(p, undefined, shop);
    expect(byDefault.refused).toBeNull();
    expect(byDefault.email?.subject).toMatch(/^Your order BW-1/);
    expect(byDefault.email?.text).toContain('Brightwater');
    expect([own.email?.subject, own.refused]).toEqual(['Order BW-1', null]);
    expect(noReason.refused).toMatch(/no reason for the delay/);
    expect(noReason.email?.subject).toBe(byDefault.email?.subject);
    const unknown = dayNoticeEmail(p, { subject: 'Order {{orderId}}', body: 'Hi {{nickname}}' }, shop);
    expect(unknown.refused).toMatch(/nickname/);
    expect(unknown.email?.subject).toBe(byDefault.email?.subject);
    for (const r of [own, byDefault, unknown, noReason]) expect(r.email?.text ?? '').not.toMatch(/2026|April 20|20 April|4\/20/);
  });
});

describe('a line whose customer was asked whether to keep waiting (the consent flow)', () => {
  // Backordered 2026-02-26 (day 22 on 2026-03-20), day 17 sent; the consent request went out on 2026-03-15.
  const asked = (over: Partial<NoticeLine> = {}) => line({ since: '2026-02-26', orderDate: '2026-02-01', noticesCell: '3, 10, 17, consent asked 2026-03-15', lastNoticeDay: '2026-03-15', ...over });

  test('gets no day notice while no answer is recorded: the milestones it reaches are passed over with the reason, never sent later', () => {
    const at23 = plan([asked()], { today: '2026-03-21', minGapDays: 4, promisedShipDays: 30 });
    expect(at23.notices).toEqual([]);
    expect(at23.skipped).toEqual([expect.objectContaining({ orderId: 'BW-1', milestones: [23], reason: expect.stringMatching(/asked whether to keep waiting \(consent request\) and has not answered yet/) })]);
    // Once recorded, nothing is due until the next milestone: 23 is not caught up.
    const marked = asked({ noticesCell: addMarks('3, 10, 17, consent asked 2026-03-15', { skipped: [23] }) });
    expect(plan([marked], { today: '2026-03-24' }).notices).toEqual([]);
    expect(plan([marked], { today: '2026-03-24' }).skipped).toEqual([]);
    // Still no answer at day 30: passed over too.
    expect(plan([marked], { today: '2026-03-28' }).skipped.map((s) => s.milestones)).toEqual([[30]]);
  });

  test('once the customer agreed to wait (Consent recorded), the cadence resumes at the next milestone', () => {
    const marked = addMarks('3, 10, 17, consent asked 2026-03-15', { skipped: [23] });
    expect(plan([asked({ noticesCell: marked, consent: 'Keeps waiting — care@example.com' })], { today: '2026-03-24' }).notices).toEqual([]);
    expect(plan([asked({ noticesCell: marked, consent: 'Keeps waiting — care@example.com' })], { today: '2026-03-28' }).notices.map((n) => n.milestone)).toEqual([30]);
  });

  test('a line of the same order that was not asked keeps its own notices; the asked one is left out of them', () => {
    const a = asked();
    const b = line({ sku: 'VIN-1', since: '2026-03-10' }); // day 10
    const p = plan([a, b], { today: '2026-03-20' });
    expect(p.notices.map((n) => [n.milestone, n.lines])).toEqual([[10, [b.index]]]);
  });
});
