/**
 * The workbench's live state: the emulator running the bundle on the workbook, its clock, which sidebar and
 * dialog are open, the Slack stand-in, and the version the page polls. Every user action (an edit, a paste, a
 * menu item, a clock move) goes through `act`: it runs the way a person's action would, notes panels it opened,
 * saves the workbook and bumps the version, and reports an error instead of throwing. Typed text goes to the
 * emulator as text: it reads it as Sheets does (its `parseTyped`), here and in the data-validation check.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { createEmulator } from '../../emulator';
import type { Emulator } from '../../emulator/api';
import type { CellValue } from '../../emulator/workbook';
import { columnToLetters } from '../../emulator/spreadsheet/a1';
import { DEMO_DEFAULTS } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import { parseSettings } from '../../src/sheet/settings';
import { saveWorkbook, type OpenedWorkbook } from './files';
import type { SlackStandIn } from './slack';

const SLACK_WEBHOOK_PROPERTY = 'SLACK_WEBHOOK_URL';
const HOUR = 3_600_000;

/** Rows of one sheet sent to the page at most (the rest is summarised); also the most rows one paste may hold. */
export const MAX_GRID_ROWS = 1000;

export const a1 = (row: number, col: number): string => `${columnToLetters(col)}${row}`;

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface ActionResult {
  ok: boolean;
  error?: string;
}

export interface Panel {
  kind: 'sidebar' | 'dialog';
  /** Index in emulator.ui.sidebars / dialogs. */
  index: number;
}

export type ClockAction = { action: string; to?: string };

/** Start of the clock: --now, else where the saved file left it, else 08:00 on the demo's day. */
function startTime(now: string | undefined, zone: string): Date {
  if (now) {
    // An ISO instant with an offset is taken as is; a local date-time is read in the workbook's zone.
    const dt = /[zZ]|[+-]\d\d:?\d\d$/.test(now) ? DateTime.fromISO(now) : DateTime.fromISO(now, { zone });
    if (!dt.isValid) throw new Error(`--now must be an ISO date-time such as 2026-03-02T08:00, got "${now}"`);
    return dt.toJSDate();
  }
  return DateTime.fromISO(`${DEMO_DEFAULTS.today}T08:00`, { zone }).toJSDate();
}

export class WorkbenchState {
  readonly emulator: Emulator;
  readonly zone: string;
  readonly savePath: string;
  /** The add-on's pages reach the server only with this token (it is in the bridge script they get). */
  readonly token = randomBytes(16).toString('hex');
  version = 1;
  sidebar: Panel | null = null;
  dialog: Panel | null = null;
  lastError: { message: string; at: number } | null = null;

  constructor(
    opened: OpenedWorkbook,
    readonly slack: SlackStandIn,
    options: { bundlePath: string; htmlDir: string; now?: string },
  ) {
    this.savePath = opened.savePath;
    this.zone = opened.data.timeZone || DEMO_DEFAULTS.timeZone;
    this.emulator = createEmulator({
      bundlePath: options.bundlePath,
      htmlDir: options.htmlDir,
      workbook: opened.data,
      now: startTime(options.now ?? opened.extras.now, this.zone),
      scriptTimeZone: this.zone,
      scriptProperties: opened.extras.scriptProperties ?? {},
      documentProperties: { ...(opened.extras.documentProperties ?? {}), [SLACK_WEBHOOK_PROPERTY]: slack.url },
      // A question (Yes / No) is declined until the person answers it in the page, which then runs the item again.
      unansweredAlerts: 'safe',
    });
    // Start as a person would: open the file (onOpen builds the menu), then set up a fresh workbook.
    this.act(() => this.emulator.open());
    if (this.emulator.functionNames.includes('setUpSheet') && (opened.fresh || this.emulator.triggers().length === 0)) {
      this.act(() => this.emulator.run('setUpSheet'));
    }
  }

  sheetNames(): string[] {
    return this.emulator.spreadsheet.getSheets().map((s) => s.getName());
  }

  /** Runs one user action and reports its error instead of throwing. */
  act(what: () => void): ActionResult {
    const before = this.panelCounts();
    let error: string | undefined;
    try {
      what();
    } catch (e) {
      error = messageOf(e);
      this.lastError = { message: error, at: Date.now() };
    }
    const saveError = this.settle(before);
    if (saveError) error = error ? `${error}; ${saveError}` : saveError;
    return error === undefined ? { ok: true } : { ok: false, error };
  }

  /** A call from one of the add-on's pages (google.script.run), settled as an action is. */
  async fromPage(call: () => Promise<void>): Promise<void> {
    const before = this.panelCounts();
    await call();
    this.settle(before);
  }

  /** What a person typed into one cell; refused with the rule's message when the cell's validation rejects it. */
  edit(sheet: string, row: number, col: number, value: string): ActionResult {
    const invalid = this.validationError(sheet, row, col, value);
    if (invalid) return { ok: false, error: invalid };
    return this.act(() => this.emulator.user.setValue(sheet, a1(row, col), value));
  }

  /** A paste: a block of cells written as one edit (one edit trigger), as in Sheets; all or nothing. */
  paste(sheet: string, row: number, col: number, values: string[][]): ActionResult {
    for (let r = 0; r < values.length; r++) {
      for (let c = 0; c < values[r].length; c++) {
        const invalid = this.validationError(sheet, row + r, col + c, values[r][c]);
        if (invalid) return { ok: false, error: `${a1(row + r, col + c)}: ${invalid} Nothing was pasted.` };
      }
    }
    const range = `${a1(row, col)}:${a1(row + values.length - 1, col + values[0].length - 1)}`;
    return this.act(() => this.emulator.user.setValues(sheet, range, values));
  }

  /** A menu item chosen as a person would: by label, run via 'menu'; `answer` answers the question it asked before. */
  menu(label: string, title: string | undefined, answer: 'YES' | 'OK' | null): ActionResult {
    return this.act(() => {
      if (answer) this.emulator.ui.queueAlertResponse(answer);
      try {
        this.emulator.clickMenu(label, title);
      } finally {
        this.emulator.ui.clearQueuedResponses();
      }
    });
  }

  /** Moves the clock forward (never back); due triggers run on the way, as they would have. */
  clock({ action, to = '' }: ClockAction): ActionResult {
    return this.act(() => {
      const clock = this.emulator.clock;
      if (action === 'hour') clock.advance(HOUR);
      else if (action === 'day') clock.advance(24 * HOUR);
      else if (action === '3days') clock.advance(72 * HOUR);
      else if (action === 'to') {
        // A day: the hour after Settings › Daily run hour, so that day's due triggers (the daily notices) have run.
        const dt = /^\d{4}-\d{2}-\d{2}$/.test(to) ? DateTime.fromISO(to, { zone: this.zone }).set({ hour: Math.min(23, this.dailyRunHour() + 1) }) : DateTime.fromISO(to, { zone: this.zone });
        if (!dt.isValid) throw new Error(`Not a date: "${to}"`);
        if (dt.toMillis() <= clock.now().getTime()) throw new Error('The clock only moves forward: pick a later date.');
        clock.advanceTo(dt.toJSDate());
      } else throw new Error(`Unknown clock action "${action}"`);
    });
  }

  /** Reopening the file runs onOpen again, as a reload of Sheets does. */
  reopen(): ActionResult {
    return this.act(() => this.emulator.open());
  }

  closePanel(kind: string): void {
    if (kind === 'sidebar') this.sidebar = null;
    else if (kind === 'dialog') this.dialog = null;
    this.version++;
  }

  private panelCounts() {
    return { sidebars: this.emulator.ui.sidebars.length, dialogs: this.emulator.ui.dialogs.length };
  }

  /** After anything that may change state: note panels opened, save the workbook, bump the version. */
  private settle(before: { sidebars: number; dialogs: number }): string | undefined {
    const { sidebars, dialogs } = this.emulator.ui;
    if (sidebars.length > before.sidebars) this.sidebar = { kind: 'sidebar', index: sidebars.length - 1 };
    if (dialogs.length > before.dialogs) this.dialog = { kind: 'dialog', index: dialogs.length - 1 };
    this.version++;
    try {
      saveWorkbook(this.emulator, this.savePath);
      return undefined;
    } catch (e) {
      return `The workbook could not be saved to ${this.savePath}: ${messageOf(e)}`;
    }
  }

  private validationError(sheet: string, row: number, col: number, value: string): string | null {
    try {
      return this.emulator.model.validationError(sheet, row, col, value);
    } catch {
      return null;
    }
  }

  /** Settings › Daily run hour as the sheet says it now, read by the add-on's own rules (the default when missing or unreadable). */
  private dailyRunHour(): number {
    const [header = [], ...rows] = (this.emulator.values(TAB.settings) ?? []) as CellValue[][];
    const nameAt = header.indexOf('Setting');
    const valueAt = header.indexOf('Value');
    const raw = new Map<string, unknown>();
    for (const row of rows) {
      const name = String(row[nameAt] ?? '').trim();
      if (name !== '' && !raw.has(name)) raw.set(name, row[valueAt]);
    }
    return parseSettings(raw).settings.dailyRunHour;
  }
}
