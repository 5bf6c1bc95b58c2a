import { cancelInWords, consentDeadline, CONSENT_FLAG, consentStepForAgents, planConsent, promisedShipDate, type ConsentInput, type ConsentLine } from '../../src/core/consent';
import { findExactDates } from '../../src/core/customerText';
import { addMarks, ordersWithOtherParts, parseNoticeMarks } from '../../src/core/notices';

let n = 0;
function line(over: Partial<ConsentLine> = {}): ConsentLine {
  return {
    index: n++,
    orderId: 'BW-1',
    orderDate: '2026-01-16',
    customer: 'Ann Lee',
    email: 'ann@example.com',
    segment: 'DML',
    sku: 'OIL-1',
    status: 'BackOrder',
    statusCell: 'BackOrder',
    since: '2026-01-16',
    openQty: 2,
    problems: [],
    noticesCell: '',
    consent: '',
    allocated: 0,
    flag: '',
    lastNoticeDay: null,
    ...over,
  };
}

function plan(lines: ConsentLine[], today: string, over: Partial<ConsentInput> = {}) {
  return planConsent({
    lines,
    today,
    promisedShipDays: 30,
    minGapDays: 4,
    consentExpiry: 'Cancel and refund',
    notifySegments: ['DML', 'SCS'],
    prepDays: 2,
    inventory: new Map([['OIL-1', { product: 'Olive Oil', expected: null, delayReason: 'A late harvest' }], ['VIN-1', { product: 'Vinegar', expected: null }]]),
    ...over,
  });
}

describe('dates of the consent flow', () => {
  test('the promised ship date counts from the order date (else Backordered since)', () => {
    expect(promisedShipDate({ orderDate: '2026-01-16', since: '2026-01-20' }, 30)).toBe('2026-02-15');
    expect(promisedShipDate({ orderDate: null, since: '2026-01-20' }, 30)).toBe('2026-02-19');
    expect(promisedShipDate({ orderDate: null, since: null }, 30)).toBeNull();
  });
  test('the deadline is 30 days after the promise, never sooner than 14 days after the request', () => {
    expect(consentDeadline('2026-02-15', '2026-02-19')).toBe('2026-03-17');
    expect(consentDeadline('2026-02-15', '2026-03-10')).toBe('2026-03-24');
  });
});

describe('planConsent', () => {
  test('no request before the promised ship time has passed; the day after it, one request per order', () => {
    const a = line();
    const b = line({ sku: 'VIN-1' });
    expect(plan([a, b], '2026-02-15')).toEqual({ requests: [], cancel: [], flag: [] });
    const p = plan([a, b], '2026-02-16');
    expect(p.requests).toHaveLength(1);
    expect(p.requests[0]).toMatchObject({ orderId: 'BW-1', email: 'ann@example.com', lines: [a.index, b.index], skus: ['OIL-1', 'VIN-1'] });
    expect(p.requests[0].items[0]).toMatchObject({ product: 'Olive Oil', quantity: 2, reason: 'A late harvest' });
    expect(p.requests[0].items[1].reason).toBeUndefined();
  });

  test('the request waits for the minimum gap after the last email about the line', () => {
    expect(plan([line({ lastNoticeDay: '2026-02-14' })], '2026-02-16').requests).toEqual([]);
    expect(plan([line({ lastNoticeDay: '2026-02-14' })], '2026-02-18').requests).toHaveLength(1);
  });

  test('consent recorded stops the request and the cancellation', () => {
    expect(plan([line({ consent: 'Keeps waiting (care@example.com)' })], '2026-02-16').requests).toEqual([]);
    expect(plan([line({ consent: 'yes', noticesCell: 'consent asked 2026-02-16' })], '2026-04-01')).toEqual({ requests: [], cancel: [], flag: [] });
  });

  test('asked and silent: cancelled at the deadline, not a day before; never asked twice', () => {
    const asked = line({ noticesCell: '3, 10, 17, 23, 30, consent asked 2026-02-19' });
    expect(plan([asked], '2026-03-16')).toEqual({ requests: [], cancel: [], flag: [] });
    const p = plan([asked], '2026-03-17');
    expect(p.cancel.map((c) => c.lines)).toEqual([[asked.index]]);
    expect(p.requests).toEqual([]);
  });

  test('"Flag for a manager" flags instead of cancelling, once', () => {
    const asked = line({ noticesCell: 'consent asked 2026-02-19' });
    const p = plan([asked], '2026-03-17', { consentExpiry: 'Flag for a manager' });
    expect(p.cancel).toEqual([]);
    expect(p.flag.map((f) => f.lines)).toEqual([[asked.index]]);
    expect(plan([{ ...asked, flag: CONSENT_FLAG }], '2026-03-18', { consentExpiry: 'Flag for a manager' }).flag).toEqual([]);
  });

  test('lines outside the flow: not waiting, set aside for shipping, another segment, a bad row, a SKU not on Inventory', () => {
    const today = '2026-03-20';
    for (const l of [
      line({ status: 'Shipped', openQty: 0 }),
      line({ status: 'Cancelled', openQty: 0 }),
      line({ allocated: 2 }),
      line({ segment: 'WHS' }),
      line({ problems: ['no email'] }),
      line({ sku: 'NOPE-1' }),
    ]) {
      expect(plan([l], today)).toEqual({ requests: [], cancel: [], flag: [] });
    }
    // Part set aside still waits for the rest.
    expect(plan([line({ allocated: 1 })], today).requests).toHaveLength(1);
  });

  test('"Part of your order" when another line of the order is not on backorder; Test-mode keys are not planned again', () => {
    expect(plan([line()], '2026-02-16', { partOfOrder: new Set(['BW-1']) }).requests[0].partOfOrder).toBe(true);
    expect(plan([line()], '2026-02-16', { alreadySentToday: new Set(['BW-1|consent|ann@example.com']) }).requests).toEqual([]);
  });
});

describe('marks and order parts', () => {
  test('the consent-asked mark survives later milestone marks', () => {
    const cell = addMarks('3, 10 (skipped), consent asked 2026-02-19', { sent: [17] });
    expect(cell).toBe('3, 10 (skipped), 17, consent asked 2026-02-19');
    expect(parseNoticeMarks(cell)).toEqual({ sent: [3, 17], skipped: [10], badRowReported: false, consentAsked: '2026-02-19' });
    expect(addMarks(cell, { consentAsked: '2026-03-01' })).toBe(cell);
  });
  test('"Part of your order": another line shipped, partly shipped or not on backorder; cancelled lines do not count', () => {
    const parts = ordersWithOtherParts([
      { orderId: 'A', status: 'BackOrder', shipped: 0 },
      { orderId: 'A', status: 'Shipped', shipped: 1 },
      { orderId: 'B', status: 'BackOrder', shipped: 0 },
      { orderId: 'B', status: 'Cancelled', shipped: 0 },
      { orderId: 'C', status: 'Partial', shipped: 1 },
      { orderId: 'D', status: 'BackOrder', shipped: 0 },
      { orderId: 'D', status: 'Open', shipped: 0 },
    ]);
    expect([...parts].sort()).toEqual(['A', 'C', 'D']);
  });
});

describe('how long the customer has to answer, in words', () => {
  test.each([
    [14, 'in about two weeks'],
    [20, 'in about three weeks'],
    [19, 'in about two weeks'],
    [27, 'in about four weeks'],
    [29, 'in about four weeks'],
    [8, 'in about a week'],
    [3, 'in a few days'],
  ])('%i days to the deadline read "%s" (never more than a day beyond it)', (days, words) => {
    expect(cancelInWords(days)).toBe(words);
    expect(findExactDates(words)).toEqual([]);
  });

  test('a consent request says when its lines are cancelled from the real deadline: 14 days after a late request, longer after an early one', () => {
    // Promised 2026-02-15, asked 2026-03-10: the deadline is 14 days later.
    expect(plan([line()], '2026-03-10').requests[0].cancelIn).toBe('in about two weeks');
    // Asked the day after the promise: the deadline is 30 days after the promise, 29 days away.
    expect(plan([line()], '2026-02-16').requests[0].cancelIn).toBe('in about four weeks');
  });
});

describe("the sidebar's next step for agents", () => {
  const settings = { promisedShipDays: 30, consentExpiry: 'Cancel and refund' as const };
  test('asked and no answer: no day notices until there is one, and the deadline as a date (agents only)', () => {
    expect(consentStepForAgents({ orderDate: '2026-01-16', since: '2026-02-28', consentAsked: '2026-03-02' }, settings, '2026-03-05')).toEqual({
      asked: true,
      text: 'Consent asked on 2026-03-02, no answer recorded yet: no day notices until then. Without Consent the line is cancelled with a refund on 2026-03-17 (the consent deadline).',
    });
  });
  test('consent recorded: the consent flow does not speak for the line', () => {
    expect(consentStepForAgents({ orderDate: '2026-01-16', since: '2026-02-28', consentAsked: '2026-03-02', consent: 'Keeps waiting' }, settings, '2026-03-05')).toBeNull();
  });
  test('not asked yet: when the request goes out and the earliest deadline', () => {
    expect(consentStepForAgents({ orderDate: '2026-02-20', since: '2026-02-20' }, { ...settings, consentExpiry: 'Flag for a manager' }, '2026-03-05')?.text).toBe(
      'No more day notices. The consent request goes out after the promised ship time (2026-03-22); without Consent the line is flagged for a manager at the consent deadline (2026-04-21 at the earliest).',
    );
  });
});
