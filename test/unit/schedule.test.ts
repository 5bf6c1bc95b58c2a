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
    [24, [3], 23, [10, 17]],
    [30, [3, 10, 17, 23], 30, []],
    [31, [3, 10, 17, 23], null, [30]],
    [45, [], null, [3, 10, 17, 23, 30]],
    [45, [3, 10, 17, 23, 30], null, []],
    [17, [23], null, [3, 10, 17]],
  ])('day %i with %j handled sends %p and skips %j', (days, handled, send, skip) => {
    expect(decideMilestone(days, handled, DAYS)).toEqual({ send, skip });
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
