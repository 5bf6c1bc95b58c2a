/**
 * The pure rules behind the guards (test/bundle/guards.test.ts runs them in the built bundle): near-match headers,
 * broken columns, lines never notified, status spellings, a typographic minus, and the kept managers.
 */
import { parseOrderStatus } from '../../src/core/model';
import { brokenColumn, type CheckedLine, orderLineWarnings, type WarnedLine } from '../../src/core/sheetChecks';
import { nameKey, nearHeaders } from '../../src/sheet/headers';
import { readInteger } from '../../src/sheet/records';
import { withProtectedManagers } from '../../src/sheet/workbook';
import { DEFAULT_SETTINGS } from '../../src/sheet/settings';

const line = (over: Partial<WarnedLine> = {}): WarnedLine => ({
  index: 0,
  orderId: 'BW-1',
  email: 'ann@example.com',
  emailValid: true,
  segment: 'DML',
  sku: 'OIL-1',
  qty: 2,
  shipped: 0,
  status: 'BackOrder',
  since: '2026-02-20',
  ...over,
});
const lines = (n: number, over: (i: number) => Partial<CheckedLine>) => Array.from({ length: n }, (_v, i) => line({ index: i, orderId: `BW-${i}`, ...over(i) }));

describe('finding 2: near-match headers', () => {
  test('finding 2: case, spaces, punctuation, E-mail and Order # match their contract header', () => {
    for (const [a, b] of [
      ['E-mail', 'Email'],
      [' email ', 'Email'],
      ['Order #', 'Order ID'],
      ['Order No.', 'Order ID'],
      ['order_id', 'Order ID'],
      ['Qty.', 'Qty'],
      ['Quantity', 'Qty'],
      ['backordered-since', 'Backordered since'],
    ]) {
      expect(nameKey(a)).toBe(nameKey(b));
    }
    expect(nameKey('Customer')).not.toBe(nameKey('Email'));
  });

  test('finding 2: one near match is repaired; two are ambiguous; an exact header or another contract header is never taken', () => {
    const wanted = ['Order ID', 'Email', 'SKU', 'Qty'];
    expect(nearHeaders(['Order #', 'E-mail', 'SKU', 'Notes'], wanted)).toEqual({
      repairs: [
        { column: 0, from: 'Order #', to: 'Order ID' },
        { column: 1, from: 'E-mail', to: 'Email' },
      ],
      ambiguous: [],
    });
    expect(nearHeaders(['E-mail', 'e mail', 'Qty'], wanted).ambiguous).toEqual([{ to: 'Email', from: ['E-mail', 'e mail'] }]);
    expect(nearHeaders(['Email', 'e-mail'], wanted).repairs).toEqual([]);
  });
});

describe('finding 2: a broken column stops the run', () => {
  test('finding 2: a whole column empty on three or more waiting lines is broken', () => {
    expect(brokenColumn(lines(3, () => ({ email: '', emailValid: false })), ['DML'])).toEqual({ column: 'Email', failing: 3, total: 3, empty: true });
    expect(brokenColumn(lines(2, () => ({ email: '', emailValid: false })), ['DML'])).toBeNull();
    expect(brokenColumn(lines(4, () => ({ segment: '' })), ['DML'])).toEqual({ column: 'Segment', failing: 4, total: 4, empty: true });
  });

  test('finding 2: most of five or more lines failing on one column is broken; a few bad rows are not', () => {
    expect(brokenColumn(lines(6, (i) => (i < 4 ? { qty: null } : {})), ['DML'])).toEqual({ column: 'Qty', failing: 4, total: 6, empty: false });
    expect(brokenColumn(lines(6, (i) => (i < 3 ? { qty: null } : {})), ['DML'])).toBeNull();
    expect(brokenColumn(lines(10, (i) => (i === 0 ? { email: 'x', emailValid: false } : {})), ['DML'])).toBeNull();
    // Lines not waiting, or in segments not notified, are not looked at.
    expect(brokenColumn(lines(6, () => ({ qty: null, status: 'Shipped' })), ['DML'])).toBeNull();
    expect(brokenColumn(lines(6, () => ({ qty: null, segment: 'WHS' })), ['DML'])).toBeNull();
  });
});

describe('finding 11: lines never notified', () => {
  const today = '2026-03-02';
  const keys = (ls: WarnedLine[], segments = ['DML']) => orderLineWarnings(ls, segments, today).map((w) => w.key.split('|')[0]);

  test('finding 11: negative Qty, Shipped above Qty, a future date and blank Notify segments are warned; a sound line is not', () => {
    expect(keys([line({ qty: -2 })])).toEqual(['qty-negative']);
    expect(keys([line({ qty: 2, shipped: 3 })])).toEqual(['shipped-over-qty']);
    expect(keys([line({ since: '2026-03-10' })])).toEqual(['since-future']);
    expect(keys([line()], [])).toEqual(['notify-segments-blank']);
    expect(keys([line(), line({ status: 'Shipped', qty: -1 }), line({ segment: 'WHS', qty: -1 })])).toEqual([]);
  });

  test('finding 11: the key stays the same when the row moves, so it is told once', () => {
    const a = orderLineWarnings([line({ qty: -2, index: 3 })], ['DML'], today)[0];
    const b = orderLineWarnings([line({ qty: -2, index: 9 })], ['DML'], today)[0];
    expect(a.key).toBe(b.key);
    expect(a.text).not.toBe(b.text);
  });

  test('finding 11: Back Order, Backordered and back-order are BackOrder; unknown words stay unknown', () => {
    for (const s of ['Back Order', 'Backordered', 'back-order', 'BACK_ORDER', ' backorder ']) expect(parseOrderStatus(s)).toBe('BackOrder');
    expect(parseOrderStatus('INV HOLD')).toBe('INVHOLD');
    expect(parseOrderStatus('Canceled')).toBe('Cancelled');
    expect(parseOrderStatus('Pending')).toBeUndefined();
    expect(parseOrderStatus('Back')).toBeUndefined();
  });
});

describe('finding 12: a typographic minus', () => {
  test('finding 12: "−3" (U+2212) and an en dash read as -3; other text is still not a number', () => {
    expect(readInteger('\u22123')).toBe(-3);
    expect(readInteger('\u20133')).toBe(-3);
    expect(readInteger(' -3 ')).toBe(-3);
    expect(readInteger('3\u2212')).toBeNaN();
    expect(readInteger('\u2212')).toBeNaN();
  });
});

describe('finding 9: the kept managers', () => {
  const parsed = (managers: string[], problems: string[] = [], liveRefused: string[] = []) => ({ settings: { ...DEFAULT_SETTINGS, managers }, problems, liveRefused });
  const ready = { ...DEFAULT_SETTINGS, senderName: 'Fine Oils', replyTo: 'care@shop.example', supportPhone: '555-0100' };

  test('finding 9: once kept, the list replaces what the cell says, and a different cell is reported', () => {
    const r = withProtectedManagers(parsed(['clerk@example.com'], ['Settings › Managers: "x" is not a valid email; ignored.']), ['boss@example.com']);
    expect(r.settings.managers).toEqual(['boss@example.com']);
    expect(r.problems).toEqual([expect.stringMatching(/^Settings › Managers: the cell says "clerk@example.com", but the managers are boss@example.com .*The cell is not used\.$/)]);
    expect(withProtectedManagers(parsed(['boss@example.com']), ['boss@example.com']).problems).toEqual([]);
  });

  test('finding 9: the go-live checklist counts the kept managers, not the cell', () => {
    // The cell lists a manager, so Live was allowed; the kept list is empty: Live is refused.
    const live = withProtectedManagers({ settings: { ...ready, managers: ['clerk@example.com'], sendMode: 'Live' }, problems: [], liveRefused: [] }, []);
    expect([live.settings.sendMode, live.liveRefused]).toEqual(['Test', ['Managers']]);
    // The cell is empty (Live refused), the kept list is not: Live.
    const kept = withProtectedManagers({ settings: { ...ready, managers: [], sendMode: 'Test' }, problems: [], liveRefused: ['Managers'] }, ['boss@example.com']);
    expect([kept.settings.sendMode, kept.liveRefused]).toEqual(['Live', []]);
    // Test stays Test.
    expect(withProtectedManagers({ settings: { ...ready, sendMode: 'Test' }, problems: [], liveRefused: [] }, ['boss@example.com']).settings.sendMode).toBe('Test');
  });

  test('finding 9: while nothing is kept yet, the cell counts (an earlier version’s sheet before set-up)', () => {
    expect(withProtectedManagers(parsed(['boss@example.com']), null).settings.managers).toEqual(['boss@example.com']);
  });
});
