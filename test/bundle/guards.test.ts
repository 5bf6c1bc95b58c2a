/**
 * Guards against silent loss (dist/Code.js in the emulator; build first: `node build.mjs`). Each test is named
 * after the finding of the fault-injection run it keeps fixed: set-up that repairs instead of adding twins, a
 * run that refuses to mark a broken sheet, managers kept out of an editor's reach, problems reported once where
 * the owner looks, and set-up that never overlaps itself.
 */
import { createEmulator, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import { rowsOf } from './expectedNotices';

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const MANAGER = 'manager@example.com';
const CLERK = 'clerk@example.com';
const DAY_MS = 86_400_000;

function copy(wb: WorkbookData): WorkbookData {
  return JSON.parse(JSON.stringify(wb), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v));
}
function withSettings(wb: WorkbookData, values: Record<string, string>): WorkbookData {
  const out = copy(wb);
  const s = out.sheets.find((x) => x.name === TAB.settings)!;
  for (const [name, value] of Object.entries(values)) {
    const row = s.values.find((r) => r[0] === name);
    if (row) row[1] = value;
    else s.values.push([name, value, '']);
  }
  return out;
}
function sheetOf(wb: WorkbookData, name: string) {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}
function emulator(workbook: WorkbookData = generateWorkbook(), options: EmulatorOptions = {}): Emulator {
  return createEmulator({ workbook, now: START, mailQuota: 1000, cpuTimeScale: 0, ...options });
}
const noticeLog = (emu: Emulator) => rowsOf(emu.workbook(), TAB.noticeLog);
const runProblems = (emu: Emulator) => noticeLog(emu).filter((r) => r.Kind === 'Run problem');
const clockTriggers = (emu: Emulator) => emu.triggers().filter((t) => t.kind === 'clock');

describe.each(['bound', 'addon'] as const)('set-up and the document lock (%s)', (mode) => {
  test('finding 18: two overlapping set-ups (a double click) leave one time-driven trigger', () => {
    const emu = emulator(generateWorkbook(), { mode });
    if (mode === 'addon') emu.install();
    // The second click's set-up runs while the first is about to create the hourly trigger.
    emu.interleave('ScriptApp.newTrigger', () => emu.run('setUpSheet'));
    emu.run('setUpSheet');
    expect(clockTriggers(emu)).toHaveLength(1);
    expect(emu.triggers().filter((t) => t.kind === 'edit')).toHaveLength(1);
    const second = emu.ui.alerts.find((a) => /Another set-up or run was in progress/.test(a.prompt));
    expect(second).toBeDefined();
    expect(emu.executions.filter((x) => x.error)).toEqual([]);
  });

  test('finding 18: a set-up while a run holds the lock changes nothing and says so', () => {
    const emu = emulator(generateWorkbook(), { mode });
    if (mode === 'addon') emu.install();
    const release = emu.holdDocumentLock();
    emu.run('setUpSheet');
    expect(emu.triggers()).toEqual([]);
    expect(emu.ui.alerts.at(-1)!.prompt).toContain('Another set-up or run was in progress');
    release();
    emu.run('setUpSheet');
    expect(clockTriggers(emu)).toHaveLength(1);
  });
});
