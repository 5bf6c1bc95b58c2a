import { addWorkingDays, workingDaysBetween } from '../../src/core/dates';
import { refundDueBy, refundDueDate, refundDueText } from '../../src/core/refunds';

describe('working days', () => {
  test('Saturdays and Sundays are skipped, whichever day the count starts on', () => {
    expect(addWorkingDays('2026-12-01', 7)).toBe('2026-12-10'); // Tue → Thu of next week
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Fri → Mon
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Sat → Mon
    expect(addWorkingDays('2026-12-05', 0)).toBe('2026-12-05');
  });
  test('between two days: signed, 0 on the same day, the inverse of adding', () => {
    expect(workingDaysBetween('2026-12-01', '2026-12-10')).toBe(7);
    expect(workingDaysBetween('2026-12-10', '2026-12-01')).toBe(-7);
    expect(workingDaysBetween('2026-12-01', '2026-12-01')).toBe(0);
    for (let n = 0; n < 30; n++) expect(workingDaysBetween('2026-12-04', addWorkingDays('2026-12-04', n))).toBe(n);
  });
});

describe('the prompt refund', () => {
  test('due 7 working days after the cancellation', () => {
    expect(refundDueDate('2026-03-17')).toBe('2026-03-26'); // a Tuesday
    expect(refundDueDate('2026-03-20')).toBe('2026-03-31'); // a Friday
  });
  test('amount with a unit price, else units; the date can be read back', () => {
    expect(refundDueText(2, 12.5, '2026-12-10')).toBe('25.00 for 2 units, by 2026-12-10');
    expect(refundDueText(1, 12, '2026-03-26')).toBe('12.00 for 1 unit, by 2026-03-26');
    expect(refundDueText(1, null, '2026-12-10')).toBe('1 unit, by 2026-12-10');
    expect(refundDueText(2, Number.NaN, '2026-12-10')).toBe('2 units, by 2026-12-10');
    expect(refundDueBy(refundDueText(2, 12.5, '2026-12-10'))).toBe('2026-12-10');
    expect(refundDueBy('refund whatever')).toBeNull();
  });
});
