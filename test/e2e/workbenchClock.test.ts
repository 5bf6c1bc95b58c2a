/**
 * The workbench's clock and command line: "Go to a day" stops the hour after Settings › Daily run hour as the
 * add-on reads it (an empty cell is the default 9, not hour 0), and the options `npm start -- …` accepts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { startWorkbench, type Workbench } from '../../workbench/server';
import { parseArgs } from '../../workbench/server/cli';

describe('workbench clock', () => {
  let dir: string;
  let wb: Workbench;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bd-workbench-clock-'));
    wb = await startWorkbench({ port: 0, workbook: join(dir, 'shop.json'), log: () => undefined });
  });
  afterAll(async () => {
    await wb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown): Promise<{ ok: boolean; error?: string }> => {
    const res = await fetch(`${wb.url}api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as { ok: boolean; error?: string };
  };
  const zone = () => wb.emulator.spreadsheet.getSpreadsheetTimeZone();
  const runHourRow = () => (wb.emulator.values('Settings') ?? []).findIndex((r) => r[0] === 'Daily run hour') + 1;
  const goTo = async (days: number): Promise<string> => {
    const day = DateTime.fromJSDate(wb.emulator.clock.now(), { zone: zone() }).plus({ days }).toISODate()!;
    expect(await post('clock', { action: 'to', to: day })).toEqual({ ok: true });
    return DateTime.fromJSDate(wb.emulator.clock.now(), { zone: zone() }).toFormat('yyyy-MM-dd HH:mm');
  };

  test('Go to a day stops the hour after the Daily run hour the sheet says, and after the default 9 when the cell is empty', async () => {
    expect(runHourRow()).toBeGreaterThan(1);
    expect(await post('edit', { sheet: 'Settings', row: runHourRow(), col: 2, value: '14' })).toEqual({ ok: true });
    const later = await goTo(2);
    expect(later.slice(11)).toBe('15:00');

    expect(await post('edit', { sheet: 'Settings', row: runHourRow(), col: 2, value: '' })).toEqual({ ok: true });
    expect((await goTo(1)).slice(11)).toBe('10:00');
  });

  test('the clock only moves forward', async () => {
    const before = wb.emulator.clock.now().getTime();
    const r = await post('clock', { action: 'to', to: '2020-01-01' });
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/only moves forward/);
    expect(wb.emulator.clock.now().getTime()).toBe(before);
  });
});

describe('workbench command line', () => {
  test('reads --flag value and --flag=value, and PORT when --port is not given', () => {
    expect(parseArgs(['--port=0', '--workbook', 'shop.json', '--now', '2026-03-02T08:00', '--tz', 'Europe/Paris'], {})).toEqual({
      port: 0,
      workbook: 'shop.json',
      now: '2026-03-02T08:00',
      timeZone: 'Europe/Paris',
    });
    expect(parseArgs([], { PORT: '9090' })).toEqual({ port: 9090 });
    expect(parseArgs(['--port', '8081'], { PORT: '9090' })).toEqual({ port: 8081 });
  });

  test('refuses an unknown option, a missing value and a bad port, naming the options', () => {
    expect(() => parseArgs(['--bogus'], {})).toThrow('Unknown option --bogus. Options: --port N --workbook PATH(.json|.xlsx) --now ISO --tz ZONE');
    expect(() => parseArgs(['--workbook'], {})).toThrow('--workbook needs a value');
    expect(() => parseArgs(['--port', 'eighty'], {})).toThrow('--port needs a port number');
  });
});
