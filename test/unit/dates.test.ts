import { addDays, daysBetween, isLocalDate, isoWeekday, memoToLocal, monthsBetween, parseDateCell, startOfWeek } from '../../src/core/dates';

const toLocal = (d: Date) => d.toISOString().slice(0, 10);

describe('local date arithmetic', () => {
  test('daysBetween counts calendar days across months, years and leap days', () => {
    expect(daysBetween('2026-03-01', '2026-03-04')).toBe(3);
    expect(daysBetween('2026-03-04', '2026-03-01')).toBe(-3);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });
  test('addDays and weeks', () => {
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(startOfWeek('2026-03-08')).toBe('2026-03-02');
    expect(monthsBetween('2026-11-20', '2027-01-05')).toBe(2);
  });
  test('isLocalDate rejects impossible dates', () => {
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('2026-2-3')).toBe(false);
    expect(isLocalDate('2026-02-28')).toBe(true);
  });
});

describe('parseDateCell', () => {
  test('blank cells are blank, not errors', () => {
    expect(parseDateCell('', toLocal)).toEqual({ ok: 'blank' });
    expect(parseDateCell('   ', toLocal)).toEqual({ ok: 'blank' });
  });
  test('Date cells go through the time-zone conversion supplied by the edge', () => {
    expect(parseDateCell(new Date('2026-03-02T05:00:00Z'), () => '2026-03-02')).toEqual({ ok: true, date: '2026-03-02' });
  });
  test('text dates in ISO and US order are read', () => {
    expect(parseDateCell('2026-03-02', toLocal)).toEqual({ ok: true, date: '2026-03-02' });
    expect(parseDateCell('3/2/2026', toLocal)).toEqual({ ok: true, date: '2026-03-02' });
  });
  test('unreadable values give a reason', () => {
    const r = parseDateCell('soonish', toLocal);
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.reason).toContain('soonish');
    expect(parseDateCell(new Date('nope'), toLocal).ok).toBe(false);
    expect(parseDateCell('2026-02-30', toLocal).ok).toBe(false);
  });
});

describe('memoToLocal', () => {
  test('converts each distinct instant once and gives the same answers', () => {
    const seen: number[] = [];
    const memo = memoToLocal((d) => {
      seen.push(d.getTime());
      return toLocal(d);
    });
    const a = new Date('2026-03-01T12:00:00Z');
    const b = new Date('2026-03-05T12:00:00Z');
    expect([a, b, new Date(a.getTime()), b, a].map(memo)).toEqual(['2026-03-01', '2026-03-05', '2026-03-01', '2026-03-05', '2026-03-01']);
    expect(seen).toEqual([a.getTime(), b.getTime()]);
  });
});
