import {
  type ChoiceContext,
  type ChoiceItem,
  type ChoiceLine,
  choicesView,
  checkChoiceRequest,
  cleanText,
  findLine,
  planChoice,
  planRefunded,
  refundsDue,
} from '../../src/core/choices';
import { HEADERS, UNIT_PRICE_HEADER } from '../../src/sheet/schema';
import type { ChoiceRequest } from '../../src/shared/choicesTypes';

const TODAY = '2026-12-01'; // a Tuesday

function line(over: Partial<ChoiceLine> = {}): ChoiceLine {
  return {
    index: 0,
    orderId: 'BW-1',
    customer: 'Ann Lee',
    email: 'ann@example.com',
    sku: 'HON-350',
    qty: 2,
    shipped: 0,
    status: 'BackOrder',
    statusCell: 'BackOrder',
    openQty: 2,
    priority: '',
    notes: '',
    shipPreference: '',
    allocated: '',
    switchedTo: '',
    consent: '',
    refundDue: '',
    refundedOn: '',
    flag: '',
    unitPrice: null,
    ...over,
  };
}

const ITEMS: ChoiceItem[] = [
  { sku: 'HON-350', product: 'Honey 350 g', available: -3 },
  { sku: 'HON-500', product: 'Honey 500 g', available: 5 },
  { sku: 'HON-1K', product: 'Honey 1 kg', available: 1 },
  { sku: 'SYR-250', product: 'Syrup 250 ml', available: -1 },
];

function ctx(over: Partial<ChoiceContext> = {}, columns: readonly string[] = HEADERS.Orders): ChoiceContext {
  const by = new Map(ITEMS.map((i) => [i.sku, i]));
  return {
    who: 'agent@shop.test',
    at: '2026-12-01 10:15',
    today: TODAY,
    columns: new Set(columns),
    defaultShipPreference: "Ship what's ready",
    item: (sku) => by.get(sku.toUpperCase()),
    alternatives: (sku) => (sku.toUpperCase() === 'HON-350' ? [by.get('HON-500')!, by.get('HON-1K')!] : []),
    ...over,
  };
}

function plan(request: Partial<ChoiceRequest>, lines: ChoiceLine[], c = ctx()) {
  const r = planChoice({ action: 'consent', orderId: 'BW-1', sku: '', ...request }, lines, c);
  if (r.ok === false) throw new Error(r.message);
  return r.plan;
}

function refusal(request: Partial<ChoiceRequest>, lines: ChoiceLine[], c = ctx()): string {
  const r = planChoice({ action: 'consent', orderId: 'BW-1', sku: '', ...request }, lines, c);
  if (r.ok) throw new Error('expected a refusal');
  return r.message;
}

describe('requests', () => {
  test('bad requests are refused with a reason, never thrown', () => {
    expect(checkChoiceRequest(null).ok).toBe(false);
    expect(checkChoiceRequest({ action: 'explode', orderId: 'BW-1' }).ok).toBe(false);
    expect(checkChoiceRequest({ action: 'note', orderId: '  ' }).ok).toBe(false);
    expect(checkChoiceRequest({ action: 'note', orderId: 'BW-1', value: 'x'.repeat(6000) }).ok).toBe(false);
    expect(checkChoiceRequest({ action: 'note', orderId: ' BW-1 ', sku: ' HON-350 ', row: 7, value: 'hi' })).toEqual({
      ok: true,
      request: { action: 'note', orderId: 'BW-1', sku: 'HON-350', row: 7, value: 'hi' },
    });
  });

  test('a line is found by SKU; two lines with one SKU need the row the sidebar saw', () => {
    const a = line({ index: 3 });
    const b = line({ index: 8 });
    expect(findLine([a], 'hon-350', undefined)).toBe(a);
    expect(findLine([a, b], 'HON-350', 10)).toBe(b);
    expect(findLine([a, b], 'HON-350', 99)).toMatch(/2 lines with SKU HON-350/);
    expect(findLine([a], 'NOPE', undefined)).toMatch(/no line with SKU NOPE/);
  });

  test('free text loses control characters but keeps line breaks', () => {
    expect(cleanText(' a\tb\r\nc\u0000 ', 100)).toBe('a b\nc');
    expect(cleanText('abcdef', 3)).toBe('abc');
  });
});

describe('planChoice', () => {
  test('Keeps waiting: Consent with who and when on the line; one Activity row', () => {
    const p = plan({ action: 'consent', sku: 'HON-350' }, [line(), line({ index: 1, sku: 'SYR-250' })]);
    expect([...p.rows]).toEqual([[0, { Consent: 'Keeps waiting — agent@shop.test, 2026-12-01 10:15' }]]);
    expect(p.stock).toEqual([]);
    expect(p.activities).toEqual([
      { what: 'Keeps waiting', orderId: 'BW-1', sku: 'HON-350', before: '', after: 'Keeps waiting — agent@shop.test, 2026-12-01 10:15', detail: '' },
    ]);
  });

  test('Keeps waiting for the whole order covers every waiting line, not the shipped one', () => {
    const p = plan({ action: 'consent' }, [line(), line({ index: 1, sku: 'SYR-250' }), line({ index: 2, sku: 'HON-500', status: 'Shipped', statusCell: 'Shipped', openQty: 0 })]);
    expect([...p.rows.keys()]).toEqual([0, 1]);
    expect(refusal({ action: 'consent', sku: 'HON-500' }, [line({ sku: 'HON-500', status: 'Shipped', statusCell: 'Shipped', openQty: 0 })])).toMatch(/not waiting/);
  });

  test('Cancel: Status Cancelled, Allocated cleared, refund due in units by 7 working days, Available + open units', () => {
    const p = plan({ action: 'cancel', sku: 'HON-350' }, [line({ allocated: '1', shipped: 0 }), line({ index: 1, sku: 'SYR-250' })]);
    expect(p.rows.get(0)).toEqual({ Status: 'Cancelled', Allocated: '', 'Refund due': '2 units, by 2026-12-10' });
    expect(p.rows.has(1)).toBe(false);
    expect(p.stock).toEqual([{ sku: 'HON-350', before: -3, after: -1 }]);
    expect(p.activities.map((a) => [a.what, a.sku, a.before, a.after])).toEqual([
      ['Available', 'HON-350', -3, -1],
      ['Cancelled', 'HON-350', 'BackOrder', 'Cancelled'],
    ]);
  });

  test('Cancel with a Unit price column: the amount of the open units only', () => {
    const columns = [...HEADERS.Orders, UNIT_PRICE_HEADER];
    const p = plan({ action: 'cancel', sku: 'HON-350' }, [line({ qty: 3, shipped: 1, openQty: 2, status: 'Partial', statusCell: 'Partial', unitPrice: 12.5 })], ctx({}, columns));
    expect(p.rows.get(0)!['Refund due']).toBe('25.00 for 2 units, by 2026-12-10');
    // A blank price on a priced sheet falls back to units.
    const q = plan({ action: 'cancel', sku: 'HON-350' }, [line({ unitPrice: null })], ctx({}, columns));
    expect(q.rows.get(0)!['Refund due']).toBe('2 units, by 2026-12-10');
  });

  test('Cancel a switched line gives the units back to the SKU switched to', () => {
    const p = plan({ action: 'cancel', sku: 'HON-350' }, [line({ switchedTo: 'HON-500' })]);
    expect(p.stock).toEqual([{ sku: 'HON-500', before: 5, after: 7 }]);
  });

  test('Cancel a line whose item cannot be read still cancels, and says Available was not changed', () => {
    const p = plan({ action: 'cancel', sku: 'GONE-1' }, [line({ sku: 'GONE-1' })]);
    expect(p.rows.get(0)!.Status).toBe('Cancelled');
    expect(p.stock).toEqual([]);
    expect(p.message).toMatch(/not changed/);
  });

  test('Switch: keeps the ordered SKU, records the new one, moves the open units between the two Available counts', () => {
    const p = plan({ action: 'switch', sku: 'HON-350', value: 'hon-500' }, [line({ allocated: '1' })]);
    expect(p.rows.get(0)).toEqual({ 'Switched to': 'HON-500', Allocated: '' });
    expect(p.stock).toEqual([
      { sku: 'HON-350', before: -3, after: -1 },
      { sku: 'HON-500', before: 5, after: 3 },
    ]);
    expect(p.activities.map((a) => a.what)).toEqual(['Available', 'Available', 'Switched']);
  });

  test('Switch is refused to an item that is not an in-stock alternative, or has too few, or twice', () => {
    expect(refusal({ action: 'switch', sku: 'HON-350', value: 'SYR-250' }, [line()])).toMatch(/not an in-stock alternative/);
    expect(refusal({ action: 'switch', sku: 'HON-350', value: 'HON-1K' }, [line()])).toMatch(/Only 1 of HON-1K/);
    expect(refusal({ action: 'switch', sku: 'HON-350', value: 'HON-500' }, [line({ switchedTo: 'HON-500' })])).toMatch(/already switched/);
  });

  test('Ship preference is written on every line of the order', () => {
    const p = plan({ action: 'shipPreference', value: 'wait for all' }, [line(), line({ index: 1, sku: 'SYR-250' })]);
    expect([...p.rows]).toEqual([
      [0, { 'Ship preference': 'Wait for all' }],
      [1, { 'Ship preference': 'Wait for all' }],
    ]);
    expect(p.activities).toEqual([{ what: 'Ship preference', orderId: 'BW-1', sku: '', before: "(default: Ship what's ready)", after: 'Wait for all', detail: '' }]);
    expect(refusal({ action: 'shipPreference', value: 'whenever' }, [line()])).toMatch(/Choose/);
  });

  test('Escalate writes Flag with the reason, who and when; a reason is required', () => {
    const p = plan({ action: 'escalate', sku: 'HON-350', value: 'Customer\nis upset' }, [line({ flag: 'old' })]);
    expect(p.rows.get(0)).toEqual({ Flag: 'Customer is upset — escalated by agent@shop.test, 2026-12-01 10:15' });
    expect(p.activities[0]).toMatchObject({ what: 'Escalated', before: 'old' });
    expect(refusal({ action: 'escalate', sku: 'HON-350', value: '  ' }, [line()])).toMatch(/why/);
  });

  test('A note is appended to Notes with who and when; a hostile note stays the text it was', () => {
    const hostile = '=IMPORTXML("http://x","//a") <img src=x onerror=alert(1)>';
    const p = plan({ action: 'note', sku: 'HON-350', value: hostile }, [line({ notes: 'Repeat customer' })]);
    expect(p.rows.get(0)).toEqual({ Notes: `Repeat customer\n[2026-12-01 10:15 agent@shop.test] ${hostile}` });
    expect(p.activities[0]).toMatchObject({ what: 'Note', after: hostile });
    // A note on the order goes on its first line.
    expect([...plan({ action: 'note', value: 'hi' }, [line({ index: 4 }), line({ index: 5, sku: 'SYR-250' })]).rows.keys()]).toEqual([4]);
  });

  test('Missing columns: the action is refused and set-up is named', () => {
    expect(refusal({ action: 'consent' }, [line()], ctx({}, HEADERS.Orders.filter((h) => h !== 'Consent')))).toMatch(/no Consent column.*Set up sheet/);
  });

  test('An order that is gone, or a line that is gone, is refused', () => {
    expect(refusal({ action: 'consent' }, [])).toMatch(/No order BW-1/);
    expect(refusal({ action: 'consent', sku: 'NOPE' }, [line()])).toMatch(/Order BW-1 has no line with SKU NOPE/);
  });
});

describe('refunds', () => {
  test('mark refunded writes Refunded on = today once', () => {
    const due = line({ status: 'Cancelled', statusCell: 'Cancelled', openQty: 0, refundDue: '2 units, by 2026-12-10' });
    const r = planRefunded({ orderId: 'BW-1', sku: 'HON-350' }, [due], ctx());
    expect(r.ok && [...r.plan.rows]).toEqual([[0, { 'Refunded on': TODAY }]]);
    expect(planRefunded({ orderId: 'BW-1', sku: 'HON-350' }, [{ ...due, refundedOn: TODAY }], ctx())).toMatchObject({ ok: false });
    expect(planRefunded({ orderId: 'BW-1', sku: 'HON-350' }, [line()], ctx())).toMatchObject({ ok: false, message: expect.stringMatching(/no refund due/) });
  });

  test('the Refunds due list: open ones only, soonest first, working days left, overdue marked', () => {
    const list = refundsDue(
      [
        line({ index: 0, refundDue: '2 units, by 2026-12-10' }),
        line({ index: 1, refundDue: '1 unit, by 2026-11-27' }),
        line({ index: 2, refundDue: '1 unit, by 2026-12-03', refundedOn: '2026-12-01' }),
        line({ index: 3, refundDue: 'ask Sam' }),
      ],
      TODAY,
      (sku) => `Product ${sku}`,
    );
    expect(list.map((r) => [r.row, r.by, r.daysLeft, r.overdue])).toEqual([
      [3, '2026-11-27', -2, true],
      [2, '2026-12-10', 7, false],
      [5, null, null, false],
    ]);
    expect(list[0].product).toBe('Product HON-350');
  });

  test('the Refunds due list says what is owed without the date (shown once, from `by`), and whether the cell gives an amount', () => {
    const list = refundsDue(
      [
        line({ index: 0, refundDue: '2 units, by 2026-12-10' }),
        line({ index: 1, refundDue: '24.00 for 2 units, by 2026-12-11' }),
        line({ index: 2, refundDue: 'ask Sam' }),
      ],
      TODAY,
      (sku) => sku,
    );
    expect(list.map((r) => [r.what, r.amount, r.by])).toEqual([
      ['2 units', false, '2026-12-10'],
      ['24.00 for 2 units', true, '2026-12-11'],
      ['ask Sam', true, null],
    ]);
    for (const r of list) if (r.by !== null) expect(r.what).not.toContain(r.by);
  });
});

describe('choicesView', () => {
  test('what the sidebar may offer per line', () => {
    const v = choicesView([line(), line({ index: 1, sku: 'SYR-250', status: 'Shipped', statusCell: 'Shipped', openQty: 0, notes: 'hi', priority: 'High' })], ctx());
    expect(v.ready).toBe(true);
    expect(v.shipPreference).toBe("Ship what's ready");
    expect(v.shipPreferenceIsDefault).toBe(true);
    expect(v.lines[0]).toMatchObject({ row: 2, product: 'Honey 350 g', canConsent: true, canCancel: true, switchTo: [{ sku: 'HON-500', product: 'Honey 500 g', available: 5 }] });
    expect(v.lines[1]).toMatchObject({ row: 3, canConsent: false, canCancel: false, switchTo: [], notes: 'hi', priority: 'High' });
    const notSetUp = choicesView([line()], ctx({}, HEADERS.Orders.filter((h) => h !== 'Flag')));
    expect(notSetUp.ready).toBe(false);
    expect(notSetUp.notReady).toMatch(/Flag/);
  });
});
