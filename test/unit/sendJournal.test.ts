/**
 * The send journal's pieces that decide "was it sent?" and keep entries through a stop: the verdict on an
 * interrupted send (src/engines/sending.ts), identifiers too long to keep whole, and the chunked list's
 * in-place rewrite and replacement (src/gas/store.ts), each as a stop part-way would leave them.
 */
import { journalId, judgePendingSend, sameJournalId, type JournalEntry } from '../../src/engines/sending';
import type { KeyValueStore } from '../../src/gas/services';
import { ChunkedList } from '../../src/gas/store';

const HOUR = 3_600_000;
const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  state: 'p',
  key: 'BW-1|10',
  orderId: 'BW-1',
  to: 'ann@example.com',
  kind: 'Day 10',
  skus: 'A',
  subject: 's',
  at: 0,
  day: '2026-03-02',
  quota: 98,
  test: false,
  user: 'owner@example.com',
  ...over,
});

describe('the verdict on a send stopped between its journal entry and its confirmation', () => {
  test('not sent only when certain: the same account, within 24 hours, the quota exactly as before', () => {
    expect(judgePendingSend(entry(), 'owner@example.com', HOUR, () => 98)).toBe('n');
  });
  test.each([
    ['the quota went down (it was sent, or another email used it)', 'owner@example.com', HOUR, 97, 'u'],
    ['the quota went up (the window began again)', 'owner@example.com', HOUR, 100, 'u'],
    ['24 hours later, even with the same quota', 'owner@example.com', 24 * HOUR, 98, 'u'],
    ['another account, within 24 hours: only the sender can tell, so it waits', 'clerk@example.com', HOUR, 98, 'p'],
    ['another account, 24 hours later: nobody can tell', 'clerk@example.com', 25 * HOUR, 98, 'u'],
    ['an account that cannot be told', '', HOUR, 98, 'p'],
  ])('%s', (_what, account, now, quota, verdict) => {
    expect(judgePendingSend(entry(), account, now, () => quota)).toBe(verdict);
  });
  test('an entry without its account (an earlier version) is never judged "not sent"', () => {
    expect(judgePendingSend(entry({ user: '' }), '', HOUR, () => 98)).toBe('u');
  });
});

describe('identifiers in the journal', () => {
  test('short ones are kept as they are; a 10,000-character one as its start and a fingerprint, matched exactly', () => {
    expect(journalId('BW-1|10')).toBe('BW-1|10');
    const long = 'X'.repeat(10_000);
    expect(journalId(long).length).toBeLessThan(200);
    expect(sameJournalId(long, journalId(long))).toBe(true);
    expect(sameJournalId(`${long}Y`, journalId(long))).toBe(false);
  });
});

function store(): KeyValueStore & { data: Map<string, string>; writes: number } {
  const data = new Map<string, string>();
  const s = {
    data,
    writes: 0,
    get: (k: string) => data.get(k) ?? null,
    set: (k: string, v: string) => {
      s.writes++;
      data.set(k, v);
    },
    delete: (k: string) => void data.delete(k),
    getJson: () => null,
    setJson: () => undefined,
  };
  return s;
}

describe('the chunked list', () => {
  test('update rewrites only the chunks whose items changed', () => {
    const props = store();
    const list = new ChunkedList(props, 'J');
    for (let i = 0; i < 30; i++) list.push(`${i}:${'x'.repeat(500)}`);
    expect(list.chunkCount).toBeGreaterThan(1);
    const before = props.writes;
    list.update((item) => (item.startsWith('29:') ? `29:done${'x'.repeat(496)}` : item));
    expect(props.writes - before).toBe(1);
    expect(new ChunkedList(props, 'J').items().at(-1)).toMatch(/^29:done/);
  });

  test('replaceAll leaves exactly the given items; stopped after its first write, the old items are still readable', () => {
    const props = store();
    const list = new ChunkedList(props, 'J');
    for (let i = 0; i < 30; i++) list.push(`${i}:${'x'.repeat(500)}`);
    list.replaceAll(['held']);
    expect(new ChunkedList(props, 'J').items()).toEqual(['held']);
    // A stop right after the first chunk was written: the count still names the old chunks.
    const props2 = store();
    const list2 = new ChunkedList(props2, 'J');
    for (let i = 0; i < 30; i++) list2.push(`${i}:${'x'.repeat(500)}`);
    const n = props2.get('J.n');
    props2.set('J.0', JSON.stringify(['held']));
    expect(props2.get('J.n')).toBe(n);
    expect(new ChunkedList(props2, 'J').items()).toContain('held');
    list.replaceAll([]);
    expect(new ChunkedList(props, 'J').items()).toEqual([]);
  });
});
