import {
  alertSubject,
  alertText,
  chunkText,
  decideAlert,
  restockIssueText,
  decodeMemory,
  encodeMemory,
  ItemNow,
  QUIET_PERIOD_MS,
  SkuMemory,
  slackEscape,
  slackLine,
} from '../../src/core/alerts';
import { stockStatus } from '../../src/core/stock';

const T0 = Date.UTC(2026, 2, 2, 15, 0);
const MIN = 60_000;

function item(available: number, expected: string | null = null, lowAt: number | null = null): ItemNow {
  return { sku: 'BW-1', product: 'Glass bottle 1 L', available, lowMark: lowAt ?? 10, state: stockStatus(available, lowAt, 10), expected };
}

describe('decideAlert', () => {
  const inStock: SkuMemory = { s: 'In stock', e: '', t: 0 };
  const low: SkuMemory = { s: 'Low', e: '', t: 0 };

  it('announces going out of stock once, then nothing for the same state', () => {
    const d = decideAlert(low, item(-3), T0, false);
    expect(d.event?.kind).toBe('out');
    expect(d.next).toEqual({ s: 'Out of stock', e: '', t: T0 });
    const again = decideAlert(d.next, item(-3), T0 + 20 * MIN, false);
    expect(again.event).toBeNull();
    expect(decideAlert(d.next, item(-5), T0 + 30 * MIN, false).event).toBeNull();
  });

  it('announces the first drop to low, and records Low -> In stock silently', () => {
    const d = decideAlert(inStock, item(4), T0, false);
    expect(d.event?.kind).toBe('low');
    const up = decideAlert(d.next, item(50), T0 + 60 * MIN, false);
    expect(up.event).toBeNull();
    expect(up.next.s).toBe('In stock');
    const down = decideAlert(up.next, item(3), T0 + 120 * MIN, false);
    expect(down.event?.kind).toBe('low');
  });

  it('announces back in stock from out of stock, to Low or In stock', () => {
    const out: SkuMemory = { s: 'Out of stock', e: '2026-03-20', t: T0 - 60 * MIN };
    expect(decideAlert(out, item(5), T0, false).event?.kind).toBe('back');
    expect(decideAlert(out, item(50), T0, false).event?.kind).toBe('back');
  });

  it('announces a new expected restock while out of stock, once per date, at once', () => {
    const out: SkuMemory = { s: 'Out of stock', e: '', t: T0 };
    const d = decideAlert(out, item(-3, '2026-03-20'), T0 + MIN, false);
    expect(d.event?.kind).toBe('restock');
    expect(d.event?.previousExpected).toBe('');
    expect(d.next.e).toBe('2026-03-20');
    expect(decideAlert(d.next, item(-3, '2026-03-20'), T0 + 2 * MIN, false).event).toBeNull();
    const moved = decideAlert(d.next, item(-3, '2026-04-02'), T0 + 3 * MIN, false);
    expect(moved.event?.kind).toBe('restock');
    expect(moved.event?.previousExpected).toBe('2026-03-20');
    // A cleared date is remembered silently.
    const cleared = decideAlert(moved.next, item(-3, null), T0 + 4 * MIN, false);
    expect(cleared.event).toBeNull();
    expect(cleared.next.e).toBe('');
  });

  it('flap rule: a change within 10 minutes of an alert is held, and a flip back sends nothing', () => {
    const out = decideAlert(low, item(-3), T0, false);
    const back = decideAlert(out.next, item(5), T0 + 2 * MIN, false);
    expect(back.event).toBeNull();
    expect(back.held).toBe(true);
    expect(back.next).toEqual(out.next);
    // After the quiet period the item is out of stock again: same as announced, nothing to send.
    const later = decideAlert(back.next, item(-3), T0 + QUIET_PERIOD_MS + MIN, false);
    expect(later.event).toBeNull();
    expect(later.held).toBe(false);
  });

  it('flap rule: a held change that lasts is announced once after the quiet period', () => {
    const out = decideAlert(low, item(-3), T0, false);
    const held = decideAlert(out.next, item(8), T0 + 5 * MIN, false);
    expect(held.held).toBe(true);
    // The follow-up run is due when the quiet period of the last alert ends, not 10 minutes after the held edit.
    expect(held.heldUntil).toBe(T0 + QUIET_PERIOD_MS);
    expect(decideAlert(out.next, item(8), T0 + QUIET_PERIOD_MS - 1, false).held).toBe(true);
    const after = decideAlert(out.next, item(8), held.heldUntil!, false);
    expect(after.event?.kind).toBe('back');
    expect(decideAlert(after.next, item(8), T0 + QUIET_PERIOD_MS + MIN, false).event).toBeNull();
  });

  it('records a new SKU silently unless it appears out of stock; silent passes never announce', () => {
    expect(decideAlert(undefined, item(4), T0, false).event).toBeNull();
    expect(decideAlert(undefined, item(4), T0, false).next).toEqual({ s: 'Low', e: '', t: 0 });
    expect(decideAlert(undefined, item(-2, '2026-03-20'), T0, false).event?.kind).toBe('out');
    const baseline = decideAlert(undefined, item(-2, '2026-03-20'), T0, true);
    expect(baseline.event).toBeNull();
    expect(baseline.next).toEqual({ s: 'Out of stock', e: '2026-03-20', t: 0 });
    // A silent pass keeps what is remembered.
    expect(decideAlert(low, item(-2), T0, true)).toEqual({ event: null, next: low, held: false });
  });

  it('a silently recorded state starts no quiet period', () => {
    const base = decideAlert(undefined, item(5), T0, true);
    expect(decideAlert(base.next, item(-3), T0 + MIN, false).event?.kind).toBe('out');
  });
});

describe('memory storage', () => {
  it('round-trips compactly and drops unreadable entries', () => {
    const m = new Map<string, SkuMemory>([
      ['BW-1', { s: 'Out of stock', e: '2026-03-20', t: T0 }],
      ['BW-2', { s: 'Low', e: '', t: 0 }],
      ['BW-"3"', { s: 'In stock', e: '', t: T0 + MIN }],
    ]);
    const text = encodeMemory(m);
    expect(text.length).toBeLessThan(120);
    expect(decodeMemory(text)).toEqual(m);
    expect(decodeMemory('{"A":"X||","B":"L|nonsense|","C":5}')).toEqual(new Map([['B', { s: 'Low', e: '', t: 0 }]]));
    expect(decodeMemory('not json')).toEqual(new Map());
    expect(decodeMemory(null)).toEqual(new Map());
  });

  it('chunks fit a 9 KB property value and join back, never splitting a surrogate pair', () => {
    const text = 'ab😀'.repeat(5000);
    const parts = chunkText(text);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(9 * 1024);
    for (const p of parts) expect(p).toBe(Buffer.from(p, 'utf8').toString('utf8'));
    expect(chunkText('')).toEqual(['']);
  });
});

describe('alert text', () => {
  it('carries SKU, product, backordered units, customers waiting and the internal date', () => {
    const d = decideAlert({ s: 'Low', e: '', t: 0 }, item(-3, '2026-03-20'), T0, false);
    const text = alertText(d.event!, { customers: 2, orders: 2, units: 3 });
    expect(text).toBe(
      'Out of stock: BW-1 (Glass bottle 1 L) · Available -3 (3 units backordered) · 2 customers waiting (2 orders, 3 units open) · Expected restock 2026-03-20',
    );
    expect(alertSubject([d.event!])).toBe('Stock alert: Out of stock — BW-1');
  });

  it('says low mark, no waiting, and escapes Slack control characters', () => {
    const ev = decideAlert({ s: 'In stock', e: '', t: 0 }, { ...item(4), product: 'Cap <red> & co' }, T0, false).event!;
    expect(alertText(ev, { customers: 0, orders: 0, units: 0 })).toBe('Low stock: BW-1 (Cap <red> & co) · Available 4 (low at 10) · No customers waiting');
    const owedToNobody = { ...ev, kind: 'out' as const, item: { ...ev.item, available: -1, state: 'Out of stock' as const } };
    expect(alertText(owedToNobody, { customers: 0, orders: 0, units: 0 })).toMatch(/Available -1 \(1 unit backordered\) · No open backorder lines on Orders for it/);
    expect(slackLine(ev, { customers: 0, orders: 0, units: 0 })).toContain('Cap &lt;red&gt; &amp; co');
    expect(slackEscape('<!channel>')).toBe('&lt;!channel&gt;');
    expect(alertSubject([ev, ev])).toBe('Stock alerts: 2 changes');
  });

  it('a return says how many customers\' units were set aside and how many remain, as a part of its own', () => {
    const ev = decideAlert({ s: 'Out of stock', e: '', t: 0 }, item(20), T0, false).event!;
    expect(ev.kind).toBe('back');
    expect(alertText(ev, { customers: 7, orders: 7, units: 15, setAsideCustomers: 7, setAsideUnits: 15 })).toBe(
      'Back in stock: BW-1 (Glass bottle 1 L) · Available 20 · 7 customers waiting (7 orders, 15 units open) · Set aside 15 units for 7 customers; 0 units still owed',
    );
    expect(alertText(ev, { customers: 2, orders: 2, units: 5, setAsideCustomers: 1, setAsideUnits: 1 })).toContain(' · Set aside 1 unit for 1 customer; 4 units still owed');
    expect(alertText(ev, { customers: 0, orders: 0, units: 0 })).not.toContain('Set aside');
    // Other alerts do not carry it.
    const out = decideAlert({ s: 'Low', e: '', t: 0 }, item(-3), T0, false).event!;
    expect(alertText(out, { customers: 2, orders: 2, units: 3, setAsideCustomers: 0, setAsideUnits: 0 })).not.toContain('Set aside');
  });

  it('an out-of-stock alert leads with the words agents may say; the internal date stays for the team', () => {
    const d = decideAlert({ s: 'Low', e: '', t: 0 }, item(-3, '2026-03-20'), T0, false);
    const text = alertText({ ...d.event!, say: 'we are hoping it will be ready to ship out next week' }, { customers: 2, orders: 2, units: 3 });
    expect(text).toBe(
      'Out of stock: BW-1 (Glass bottle 1 L) · Say: "we are hoping it will be ready to ship out next week" · Available -3 (3 units backordered) · 2 customers waiting (2 orders, 3 units open) · Expected restock 2026-03-20',
    );
    expect(slackLine({ ...d.event!, say: 'we are hoping it will arrive early next month' }, { customers: 0, orders: 0, units: 0 })).toMatch(/^:red_circle: Out of stock: BW-1 \(Glass bottle 1 L\) · Say: "we are hoping it will arrive early next month" · /);
  });

  it('a restock date that needs a look says what is wrong, what customers hear, and what to do', () => {
    const today = '2026-03-02';
    expect(restockIssueText('text', { expected: null, raw: 'soon', today, graceDays: 7 })).toMatch(/^Expected restock "soon" is not a date, so customers get the no-date wording/);
    expect(restockIssueText('past', { expected: '2026-02-27', raw: '2026-02-27', today, graceDays: 7 })).toMatch(/^Expected restock 2026-02-27 has already passed \(3 days ago\).*after 7 days .*the no-date wording/);
    expect(restockIssueText('stale', { expected: '2026-02-20', raw: '2026-02-20', today, graceDays: 7 })).toMatch(/^Expected restock 2026-02-20 is stale: 10 days overdue, more than Settings › Restock grace days \(7\)\. Customers now get the no-date wording/);
    const d = decideAlert({ s: 'Out of stock', e: '2026-02-20', t: 0 }, item(-3, '2026-02-20'), T0, false);
    expect(d.event).toBeNull();
    const ev = { kind: 'date' as const, item: item(-3, '2026-02-20'), previousExpected: '2026-02-20', issue: 'Expected restock 2026-02-20 is stale: …' };
    expect(slackLine(ev, { customers: 1, orders: 1, units: 3 })).toMatch(/^:warning: Restock date needs a look: BW-1 \(Glass bottle 1 L\) · Expected restock 2026-02-20 is stale: … · Available -3/);
  });

  it('the memory keeps the restock date issue told, and reads memories written without it', () => {
    const m = new Map([['BW-1', { s: 'Out of stock' as const, e: '2026-02-20', t: 0, x: 'stale:2026-02-20' }], ['BW-2', { s: 'Low' as const, e: '', t: 0 }]]);
    expect(decodeMemory(encodeMemory(m))).toEqual(m);
    expect(decodeMemory('{"BW-1":"O|2026-02-20|"}').get('BW-1')).toEqual({ s: 'Out of stock', e: '2026-02-20', t: 0 });
  });

  it('a restock change shows the old and new date', () => {
    const ev = decideAlert({ s: 'Out of stock', e: '2026-03-20', t: 0 }, item(-1, '2026-04-01'), T0, false).event!;
    expect(alertText(ev, { customers: 1, orders: 1, units: 1 })).toContain('Expected restock 2026-04-01 (was 2026-03-20)');
  });
});
