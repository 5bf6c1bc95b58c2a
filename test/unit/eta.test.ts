import { eta, etaSentence, EtaKind, restockDateIssue } from '../../src/core/eta';
import { addDays } from '../../src/core/dates';

// Monday 2 March 2026.
const TODAY = '2026-03-02';

describe('eta wording follows the house rules', () => {
  test.each<[string | null, number, EtaKind, string]>([
    [null, 2, 'unknown', "we don't have a confirmed restock date yet, but we will keep you updated as soon as we hear more"],
    ['2026-03-01', 2, 'overdue', 'the delivery is running a little behind, and we are hoping it will be ready to ship out soon'],
    ['2026-03-02', 2, 'days', 'we are hoping it will be ready to ship out in the next few days'],
    ['2026-03-03', 2, 'this-week', 'we are hoping it will be ready to ship out later this week'],
    ['2026-03-06', 2, 'this-week', 'we are hoping it will be ready to ship out later this week'],
    // The warehouse's prep days push a Friday arrival into next week.
    ['2026-03-06', 3, 'next-week', 'we are hoping it will be ready to ship out next week'],
    ['2026-03-07', 2, 'next-week', 'we are hoping it will be ready to ship out next week'],
    ['2026-03-14', 2, 'this-month', 'we are hoping it will be ready to ship out later this month'],
    ['2026-03-25', 2, 'end-of-month', 'we are hoping it will arrive around the end of the month'],
    ['2026-04-03', 2, 'early-next-month', 'we are hoping it will arrive early next month'],
    ['2026-04-13', 2, 'mid-next-month', 'we are hoping it will arrive around the middle of next month'],
    ['2026-04-25', 2, 'late-next-month', 'we are hoping it will arrive towards the end of next month'],
    ['2026-05-20', 2, 'weeks', 'we are hoping it will arrive within 12\u201314 weeks, hopefully sooner'],
    // Negative or fractional prep days are read as whole days, never below zero.
    ['2026-03-06', -4, 'this-week', 'we are hoping it will be ready to ship out later this week'],
    ['2026-03-06', 2.9, 'this-week', 'we are hoping it will be ready to ship out later this week'],
  ])('expected %p with %p prep days -> %s', (expected, prepDays, kind, phrase) => {
    const e = eta({ expected, today: TODAY, prepDays });
    expect(e.kind).toBe(kind);
    expect(e.phrase).toBe(phrase);
  });

  test('readyBy is the expected date plus prep days (internal only)', () => {
    expect(eta({ expected: '2026-03-10', today: TODAY, prepDays: 2 }).readyBy).toBe('2026-03-12');
    expect(eta({ expected: null, today: TODAY, prepDays: 2 }).readyBy).toBeNull();
  });

  test('hedged: every phrase but the no-date ones says "hoping"; sentences promise nothing', () => {
    for (let d = -10; d < 200; d++) {
      const e = eta({ expected: addDays(TODAY, d), today: TODAY, prepDays: 2 });
      if (e.kind === 'stale') expect(e.phrase).toMatch(/we don't have a confirmed restock date yet/);
      else expect(e.phrase).toMatch(/hoping/);
      expect(etaSentence(e)).toMatch(/\.$/);
      if (e.kind !== 'overdue' && e.kind !== 'stale') expect(etaSentence(e)).toMatch(/^I can't make any promises, but /);
    }
  });

  test('later arrivals never read as sooner than earlier ones', () => {
    const order: EtaKind[] = ['days', 'this-week', 'next-week', 'this-month', 'end-of-month', 'early-next-month', 'mid-next-month', 'late-next-month', 'weeks'];
    for (const today of ['2026-03-02', '2026-03-18', '2026-03-29', '2026-12-30']) {
      let last = 0;
      for (let d = 0; d < 150; d++) {
        const rank = order.indexOf(eta({ expected: addDays(today, d), today, prepDays: 2 }).kind);
        if (rank < last) throw new Error(`${today} +${d}: ${order[rank]} after ${order[last]}`);
        expect(rank).toBeGreaterThanOrEqual(last);
        last = rank;
      }
    }
  });
});

describe('an overdue date does not say "soon" for ever (Settings › Restock grace days)', () => {
  test('overdue within the grace days: "running a little behind… soon"; after them: the no-date wording', () => {
    const at = (late: number, graceDays?: number) => eta({ expected: addDays(TODAY, -late), today: TODAY, prepDays: 2, graceDays });
    expect(at(1).kind).toBe('overdue');
    expect(at(7).kind).toBe('overdue');
    expect(at(7).phrase).toMatch(/running a little behind/);
    expect(at(8).kind).toBe('stale');
    expect(at(8).phrase).toBe(eta({ expected: null, today: TODAY, prepDays: 2 }).phrase);
    expect(at(8).readyBy).toBeNull();
    expect(at(400).kind).toBe('stale');
    expect(at(3, 2).kind).toBe('stale');
    expect(at(2, 2).kind).toBe('overdue');
    expect(at(1, 0).kind).toBe('stale');
  });

  test('what the team is told about an out-of-stock item\'s date: free text, past, stale, or nothing', () => {
    expect(restockDateIssue({ expected: null, unreadable: true, today: TODAY })).toBe('text');
    expect(restockDateIssue({ expected: null, unreadable: false, today: TODAY })).toBeNull();
    expect(restockDateIssue({ expected: TODAY, unreadable: false, today: TODAY })).toBeNull();
    expect(restockDateIssue({ expected: addDays(TODAY, 5), unreadable: false, today: TODAY })).toBeNull();
    expect(restockDateIssue({ expected: addDays(TODAY, -1), unreadable: false, today: TODAY })).toBe('past');
    expect(restockDateIssue({ expected: addDays(TODAY, -7), unreadable: false, today: TODAY })).toBe('past');
    expect(restockDateIssue({ expected: addDays(TODAY, -8), unreadable: false, today: TODAY })).toBe('stale');
    expect(restockDateIssue({ expected: addDays(TODAY, -3), unreadable: false, today: TODAY, graceDays: 2 })).toBe('stale');
  });
});
