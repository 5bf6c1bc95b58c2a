/**
 * `npm run bench` keeps working and measures what the README says it does: every section runs on a small
 * demo workbook, the figures it names are there, and the counts it reports (not the times) hold.
 */
import { median, SECTIONS } from '../../bench/run';

const figure = (figures: Array<{ label: string; value: string | number }>, label: string) => figures.find((f) => f.label === label)?.value;

describe('npm run bench', () => {
  test('median of an odd and an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test.each(SECTIONS.map((s) => [s.title, s] as const))('%s: runs without an error, Spreadsheet calls do not grow with the order lines', (_title, section) => {
    const small = section.run(200);
    const large = section.run(800);
    for (const figures of [small, large]) {
      expect(figure(figures, 'error')).toBeUndefined();
      expect(typeof figure(figures, 'script CPU ms')).toBe('number');
    }
    const calls = (f: typeof small) => Number(f.find((x) => x.label.startsWith('Spreadsheet calls'))?.value);
    expect(calls(small)).toBeGreaterThan(0);
    // Sending adds one log write per checkpoint: the daily run with sending may make a few more calls, never one per line.
    expect(calls(large)).toBeLessThanOrEqual(calls(small) + 10);
  });
});
