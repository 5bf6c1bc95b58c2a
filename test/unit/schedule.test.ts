import { decideMilestone, nextNotice } from '../../src/core/schedule';

const DAYS = [3, 10, 17, 23, 30];

describe('decideMilestone', () => {
  test.each([
    // days, handled, send, skip
    [0, [], null, []],
    [2, [], null, []],
    [3, [], 3, []],
    [4, [3], null, []],
    [9, [3], null, []],
    [10, [3], 10, []],
    [10, [3, 10], null, []],
    [12, [], 10, [3]],
    [24, [3], 10, []],
    [30, [3, 10, 17, 23], 30, []],
    [31, [3, 10, 17, 23], 30, []],
    [45, [], null, [3, 10, 17, 23, 30]],
    [45, [3, 10, 17, 23, 30], null, []],
    [17, [23], null, [3, 10, 17]],
  ])('day %i with %j handled sends %p and skips %j', (days, handled, send, skip) => {
    expect(decideMilestone(days, handled, DAYS)).toEqual({ send, skip });
  });

  test('finding 1: a milestone the add-on itself delayed still goes out later; only those passed before the line was known are passed over', () => {
    // Day 30 could not go out on day 30 (quota 0, a mail error, a busy lock, a stopped run): it goes out on day 31, or later.
    expect(decideMilestone(31, [3, 10, 17, 23], DAYS)).toEqual({ send: 30, skip: [] });
    expect(decideMilestone(36, [3, 10, 17, 23], DAYS)).toEqual({ send: 30, skip: [] });
    // Several delayed: the earliest first, the next one on a later run, none lost.
    expect(decideMilestone(24, [3, 10], DAYS)).toEqual({ send: 17, skip: [] });
    expect(decideMilestone(25, [3, 10, 17], DAYS)).toEqual({ send: 23, skip: [] });
    // A line first seen at day 24 (nothing recorded): the milestones before it passed before it was known.
    expect(decideMilestone(24, [], DAYS)).toEqual({ send: 23, skip: [3, 10, 17] });
    // First seen past the last milestone: none of them; the consent flow takes over.
    expect(decideMilestone(31, [], DAYS)).toEqual({ send: null, skip: [3, 10, 17, 23, 30] });
  });

  test('catching up never puts two notices closer than the minimum gap', () => {
    const gap = (since: number | null) => ({ daysSinceLastNotice: since, minGapDays: 4 });
    // Day 10 went out late, on day 15: day 17 waits until 4 days have passed.
    expect(decideMilestone(17, [3, 10], DAYS, gap(2))).toEqual({ send: null, skip: [], waiting: 17 });
    expect(decideMilestone(18, [3, 10], DAYS, gap(3))).toEqual({ send: null, skip: [], waiting: 17 });
    expect(decideMilestone(19, [3, 10], DAYS, gap(4))).toEqual({ send: 17, skip: [] });
    // Passed-over milestones are recorded while the due one waits.
    expect(decideMilestone(12, [], DAYS, gap(1))).toEqual({ send: null, skip: [3], waiting: 10 });
    expect(decideMilestone(10, [3], DAYS, gap(null))).toEqual({ send: 10, skip: [] });
    // A line's first notice is never held past the promised ship time (an extended update went out yesterday).
    expect(decideMilestone(5, [], DAYS, { daysSinceLastNotice: 1, minGapDays: 4, firstDueBy: 5 })).toEqual({ send: 3, skip: [] });
    expect(decideMilestone(4, [], DAYS, { daysSinceLastNotice: 1, minGapDays: 4, firstDueBy: 5 })).toEqual({ send: null, skip: [], waiting: 3 });
    expect(nextNotice(17, [3, 10], DAYS, gap(2))).toEqual({ day: 17, inDays: 2 });
  });

  test('the first notice goes out no later than the promised ship time, even before its day', () => {
    expect(decideMilestone(1, [], DAYS, { firstDueBy: 2 })).toEqual({ send: null, skip: [] });
    expect(decideMilestone(2, [], DAYS, { firstDueBy: 2 })).toEqual({ send: 3, skip: [] });
    // The promise had passed when the line went on backorder: the first notice is due at once.
    expect(decideMilestone(0, [], DAYS, { firstDueBy: 0 })).toEqual({ send: 3, skip: [] });
    // Later milestones keep their days; a promise after the first day changes nothing.
    expect(decideMilestone(4, [3], DAYS, { firstDueBy: 0 })).toEqual({ send: null, skip: [] });
    expect(decideMilestone(2, [], DAYS, { firstDueBy: 30 })).toEqual({ send: null, skip: [] });
    expect(nextNotice(1, [], DAYS, { firstDueBy: 2 })).toEqual({ day: 3, inDays: 1 });
  });

  test('custom notice days are honoured', () => {
    expect(decideMilestone(7, [], [7, 14])).toEqual({ send: 7, skip: [] });
    expect(decideMilestone(15, [], [7, 14])).toEqual({ send: null, skip: [7, 14] });
  });

  test('no notice days means nothing is ever sent', () => {
    expect(decideMilestone(3, [], [])).toEqual({ send: null, skip: [] });
  });
});

describe('nextNotice', () => {
  test('counts down to the next milestone', () => {
    expect(nextNotice(0, [], DAYS)).toEqual({ day: 3, inDays: 3 });
    expect(nextNotice(5, [3], DAYS)).toEqual({ day: 10, inDays: 5 });
  });
  test('a milestone due today is 0 days away', () => {
    expect(nextNotice(10, [3], DAYS)).toEqual({ day: 10, inDays: 0 });
  });
  test('after the last milestone there is none', () => {
    expect(nextNotice(31, [3, 10, 17, 23, 30], DAYS)).toBeNull();
    expect(nextNotice(40, [], DAYS)).toBeNull();
  });
});
