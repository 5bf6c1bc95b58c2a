/**
 * `npm run bench`: scaling figures of the bundle (dist/Code.js) in the emulator, on demo workbooks of
 * 1,000, 10,000 and 50,000 order lines (examples/generate.ts).
 *
 * Each section is a function (lines) => rows of figures; add a section to SECTIONS to measure another job.
 * "run CPU ms" is process.cpuUsage around emulator.run: the script's work plus the emulated services.
 * "in services ms" is the part spent inside emulated service calls (getValues copies, setValues, Properties,
 * MailApp…), which Apps Script counts as service time; "script CPU ms" is the rest, the figure the
 * 1-second target is about (garbage collection of the emulator's copies still lands in it, so it errs high).
 * Peak memory is the process's maximum resident set size so far (resourceUsage().maxRSS), so a row also
 * carries the sizes run before it.
 *
 * Every figure is the median of BENCH_REPEATS runs (default 3; counts do not vary). So that figures from
 * different machines can be compared, each size also measures a **baseline** in the same process: plain
 * JavaScript copying every value of the workbook once and sorting the Orders rows (what any job does at
 * least once), and each section's script CPU is also given as a ratio to it ("script ÷ baseline") and per
 * 1,000 order lines (flat when the job scales linearly).
 */
import { createEmulator, type Emulator } from '../emulator';
import { serviceCpu } from '../emulator/support';
import { generateWorkbook } from '../examples/generate';
import { lookupSection } from './lookup';

export interface Figure {
  label: string;
  value: string | number;
}

export interface Section {
  title: string;
  run(lines: number): Figure[];
}

const NOW = '2026-03-02T14:30:00Z';
const SIZES = (process.env.BENCH_LINES ?? '1000,10000,50000').split(',').map(Number);
/** Only the sections whose title starts with this (e.g. BENCH_ONLY=Allocation). */
const ONLY = process.env.BENCH_ONLY ?? '';
const REPEATS = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3) || 3);

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The baseline of a size, in CPU ms (median of 5): plain JavaScript copying every value of the demo workbook
 * of `lines` order lines and sorting its Orders rows by date, the least work any job does with the data.
 */
export function baselineMs(lines: number): number {
  const wb = generateWorkbook({ orderLines: lines, skus: 2000 });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const cpu = process.cpuUsage();
    const copy = wb.sheets.map((sheet) => sheet.values.map((row) => row.map((v) => (v instanceof Date ? new Date(v.getTime()) : v))));
    const orders = copy[wb.sheets.findIndex((sheet) => sheet.name === 'Orders')] ?? [];
    orders.slice(1).sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    const used = process.cpuUsage(cpu);
    times.push((used.user + used.system) / 1000);
  }
  return Math.round(median(times) * 10) / 10;
}

/** The median of each figure over the repeats (a figure that is not a number: the first run's). */
function medianFigures(runs: Figure[][]): Figure[] {
  return runs[0].map((f) => {
    const values = runs.map((r) => r.find((x) => x.label === f.label)?.value);
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return numbers.length === values.length ? { label: f.label, value: Math.round(median(numbers) * 10) / 10 } : f;
  });
}

function spreadsheetCalls(emu: Emulator): number {
  return Object.entries(emu.calls())
    .filter(([k]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(k))
    .reduce((s, [, n]) => s + n, 0);
}

/** Runs one function and measures it. */
export function measure(
  emu: Emulator,
  fn: string,
  ...args: unknown[]
): { cpuMs: number; serviceMs: number; scriptMs: number; calls: number; logs: string[]; error?: string } {
  emu.resetCalls();
  const inServices = serviceCpu.ms;
  const cpu = process.cpuUsage();
  let error: string | undefined;
  try {
    emu.run(fn, ...args);
  } catch (e) {
    error = (e as Error).message;
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const serviceMs = serviceCpu.ms - inServices;
  return {
    cpuMs: Math.round(cpuMs),
    serviceMs: Math.round(serviceMs),
    scriptMs: Math.round(cpuMs - serviceMs),
    calls: spreadsheetCalls(emu),
    logs: emu.executions.at(-1)?.logs ?? [],
    error,
  };
}

function summary(logs: string[]): { planned: number; sent: number; skipped: number } {
  const line = logs.find((l) => /^Daily notices.*planned/.test(l)) ?? '';
  const n = (re: RegExp) => Number(re.exec(line)?.[1] ?? NaN);
  return { planned: n(/(\d+) planned/), sent: n(/(\d+) sent/), skipped: n(/(\d+) skipped/) };
}

const cpuFigures = (m: ReturnType<typeof measure>): Figure[] => [
  { label: 'run CPU ms', value: m.cpuMs },
  { label: 'in services ms', value: m.serviceMs },
  { label: 'script CPU ms', value: m.scriptMs },
];

const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

export const SECTIONS: Section[] = [
  {
    title: 'Daily notices: planning only (mail quota 0)',
    run(lines) {
      const emu = createEmulator({ workbook: generateWorkbook({ orderLines: lines, sendMode: 'Live' }), now: NOW, mailQuota: 0 });
      const m = measure(emu, 'runDailyNotices');
      const s = summary(m.logs);
      return [
        { label: 'Spreadsheet calls', value: m.calls },
        { label: 'emails planned', value: s.planned },
        { label: 'Skipped log rows', value: s.skipped },
        ...cpuFigures(m),
        { label: 'peak MB', value: peakMb() },
        ...(m.error ? [{ label: 'error', value: m.error }] : []),
      ];
    },
  },
  {
    title: 'Daily notices: planning and sending',
    run(lines) {
      const emu = createEmulator({ workbook: generateWorkbook({ orderLines: lines, sendMode: 'Live' }), now: NOW, mailQuota: 1_000_000 });
      const m = measure(emu, 'runDailyNotices');
      const s = summary(m.logs);
      return [
        { label: 'Spreadsheet calls', value: m.calls },
        { label: 'emails planned', value: s.planned },
        { label: 'emails sent', value: emu.outbox.length },
        ...cpuFigures(m),
        { label: 'peak MB', value: peakMb() },
        ...(m.error ? [{ label: 'error', value: m.error }] : []),
      ];
    },
  },
  lookupSection,
  {
    title: 'Allocation (2,000 SKUs; every out-of-stock item gets back half of what it owes): first run, then nothing changed',
    run(lines) {
      const wb = generateWorkbook({ orderLines: lines, skus: 2000 });
      const inv = wb.sheets.find((s) => s.name === 'Inventory')!.values;
      const col = inv[0].indexOf('Available');
      for (const row of inv.slice(1)) {
        const a = row[col];
        if (typeof a === 'number' && a < 0) row[col] = a + Math.ceil(-a / 2);
      }
      const emu = createEmulator({ workbook: wb, now: NOW });
      emu.run('setUpSheet');
      const first = measure(emu, 'allocateReturningStock');
      const again = measure(emu, 'allocateReturningStock');
      const picks = (emu.values('Pick list') ?? []).length - 1;
      return [
        { label: 'Spreadsheet calls', value: first.calls },
        { label: 'lines on the pick list', value: picks },
        ...cpuFigures(first),
        { label: 'again: Spreadsheet calls', value: again.calls },
        { label: 'again: setValues', value: emu.calls()['Range.setValues'] ?? 0 },
        { label: 'again: script CPU ms', value: again.scriptMs },
        { label: 'peak MB', value: peakMb() },
        ...(first.error || again.error ? [{ label: 'error', value: String(first.error ?? again.error) }] : []),
      ];
    },
  },
];

function main(): void {
  console.log(`Medians of ${REPEATS} runs. Baseline: plain JavaScript copying the workbook's values and sorting Orders, same process.`);
  const baselines = new Map(SIZES.map((lines) => [lines, baselineMs(lines)]));
  console.log(SIZES.map((lines) => `baseline at ${lines.toLocaleString('en-US')} lines: ${baselines.get(lines)} ms`).join('; '));
  for (const section of SECTIONS.filter((x) => x.title.startsWith(ONLY))) {
    console.log(`\n${section.title}`);
    const rows = SIZES.map((lines) => {
      const figures = medianFigures(Array.from({ length: REPEATS }, () => section.run(lines)));
      const script = figures.find((f) => f.label === 'script CPU ms')?.value;
      if (typeof script === 'number') {
        figures.push({ label: 'script ÷ baseline', value: Math.round((script / Math.max(0.1, baselines.get(lines)!)) * 10) / 10 });
        figures.push({ label: 'script ms per 1,000 lines', value: Math.round((script / lines) * 10_000) / 10 });
      }
      return { lines, figures };
    });
    const labels = [...new Set(rows.flatMap((r) => r.figures.map((f) => f.label)))];
    const header = ['order lines', ...labels];
    const table = rows.map((r) => [r.lines.toLocaleString('en-US'), ...labels.map((l) => String(r.figures.find((f) => f.label === l)?.value ?? ''))]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
    const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
    console.log(fmt(header));
    for (const t of table) console.log(fmt(t));
  }
}

if (require.main === module) main();
