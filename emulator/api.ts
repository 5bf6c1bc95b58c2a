/**
 * The public face of the emulator: a local Apps Script runtime that loads dist/Code.js into a
 * fresh `vm` context (Apps Script globals + console + Logger only) and runs its top-level
 * functions as executions. Tests, the benchmark and the workbench use only this API.
 */
import type { CellValue, WorkbookData } from './workbook';

export interface EmulatorOptions {
  /** Path of the bundle; default `dist/Code.js`. */
  bundlePath?: string;
  /** Bundle source text (instead of bundlePath). */
  bundleSource?: string;
  /** Directory holding the built `*.html` pages for HtmlService.createHtmlOutputFromFile; default `dist`. */
  htmlDir?: string;
  /** Initial spreadsheet; default an empty spreadsheet with one sheet "Sheet1". */
  workbook?: WorkbookData;
  /** Start of the clock; default 2026-03-02T14:00:00Z. */
  now?: Date | string;
  /** The manifest time zone (Session.getScriptTimeZone); default "America/New_York". */
  scriptTimeZone?: string;
  /** Session.getActiveUser().getEmail(); '' simulates a hidden address. Default "manager@example.com". */
  activeUserEmail?: string;
  /** Session.getEffectiveUser().getEmail(); default = activeUserEmail (the person running it), or "owner@example.com" when that is hidden (''). */
  effectiveUserEmail?: string;
  /** Daily email recipients per person (MailApp.getRemainingDailyQuota); default 100 (consumer account). */
  mailQuota?: number;
  /** Clock milliseconds each service call costs; a number for all, or per method ("Range.setValues"). Default 0. */
  callCostMs?: number | Record<string, number>;
  /**
   * Clock milliseconds per millisecond of host CPU the script's own code uses between service calls (Apps
   * Script counts script work against the 6-minute limit too). Default 1; 0 keeps the clock still while the
   * script computes, for tests that compare exact clock times.
   */
  cpuTimeScale?: number;
  /** Initial Script Properties. */
  scriptProperties?: Record<string, string>;
  /**
   * Installable triggers that exist already (say, made by an earlier version of the script): a clock trigger
   * `after` ms from the start (one-off), `everyHours`, or daily `atHour` (script time zone); or an edit trigger
   * of this spreadsheet. `owner` defaults to the effective user.
   */
  triggers?: Array<{ handler: string; kind: 'clock' | 'edit'; owner?: string; after?: number; everyHours?: number; atHour?: number }>;
  /** Title of the menu Ui.createAddonMenu() makes (the add-on's name); default "Backorder Desk". */
  addOnName?: string;
  /**
   * What an alert or prompt with no queued response returns: 'first' (default) the first button of its set (YES of
   * YES_NO, OK of OK_CANCEL), as a person who always agrees; 'safe' the last (NO, CANCEL), as a person who
   * declines, so a question changes nothing until it is answered (the workbench asks the person, then runs the
   * menu item again with their answer queued).
   */
  unansweredAlerts?: 'first' | 'safe';
  /** Initial Document Properties of the spreadsheet. */
  documentProperties?: Record<string, string>;
  /**
   * 'bound' (default): a script bound to the spreadsheet; Apps Script emails an installable trigger's owner
   * when its run throws (`emu.failureEmails`). 'addon': a published Editor add-on installed in this
   * spreadsheet: one trigger of each type per user per document (a second throws), time-driven triggers at
   * most hourly, no failure emails, `onOpen` in AuthMode.NONE until `emu.install()`, and
   * `ScriptApp.getInstallationSource()` is WEB_STORE_ADD_ON.
   */
  mode?: 'bound' | 'addon';
  /**
   * Add-on mode: another installation of the same add-on (another shop's spreadsheet). The two share the
   * script's Script Properties, script lock and script cache, as every installation of a published add-on
   * does; each keeps its own spreadsheet, Document Properties, document lock and triggers.
   */
  sameAddonAs?: Emulator;
}

/** An email Apps Script sends a trigger's owner when the trigger's run throws (bound scripts only). */
export interface FailureEmail {
  to: string;
  handler: string;
  error: string;
  at: Date;
}

/** What the emulator needs from the in-memory spreadsheet (implemented by emulator/spreadsheet's SpreadsheetModel). */
export interface SpreadsheetModelApi {
  readonly app: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  values(sheetName: string): CellValue[][] | null;
  toWorkbook(): WorkbookData;
  userEdit(
    sheetName: string,
    a1: string,
    values: CellValue[][],
  ): { range: GoogleAppsScript.Spreadsheet.Range; oldValue?: CellValue; value?: CellValue };
  cellFormat(sheetName: string, row: number, column: number): { background: string | null; fontColor: string | null; bold: boolean };
  validationError(sheetName: string, row: number, column: number, value: CellValue): string | null;
}

export interface SentMail {
  to: string;
  cc?: string;
  bcc?: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  /** Attachment names (blobs' getName()). */
  attachments?: string[];
  /** Clock time of sending. */
  at: Date;
}

export interface HttpRecord {
  url: string;
  method: string;
  payload: string;
  status: number;
  at: Date;
  /** Request headers sent (Content-Type included, lower-case key "content-type"). */
  headers?: Record<string, string>;
  /** Network error (status 0) when the request could not be made. */
  error?: string;
}

export interface TriggerInfo {
  uid: string;
  handler: string;
  /** Who created the trigger (the effective user then): it runs as this person and only they see or delete it. */
  owner: string;
  kind: 'clock' | 'edit' | 'open' | 'change' | 'formSubmit';
  /** Clock triggers: next due time. */
  due?: Date;
  /** Clock triggers: repeat interval in ms (undefined for one-off `after`/`at`). */
  everyMs?: number;
  /** Daily/weekly triggers: hour of day (script time zone). */
  atHour?: number;
}

export interface ExecutionRecord {
  functionName: string;
  /**
   * 'direct' (emulator.run), 'menu', 'trigger:clock', 'trigger:edit', 'browser' (google.script.run),
   * 'trigger:open' (emulator.open), 'trigger:simple-edit' (a simple onEdit).
   */
  via: string;
  startedAt: Date;
  endedAt: Date;
  /** Error message when the execution threw (including "Exceeded maximum execution time"). */
  error?: string;
  logs: string[];
  /** Session.getEffectiveUser() of the execution: the person who started it, or an installable trigger's owner. */
  user: string;
  /**
   * Apps Script service calls the script made (every class: Spreadsheet, Properties, Mail, Lock, Cache, UrlFetch,
   * Session, Utilities…; a call a service makes inside another is not the script's and is not counted).
   */
  calls: number;
}

export interface MenuItemRecord {
  label: string;
  /** '' for a submenu. */
  functionName: string;
  /** Items of a submenu (Menu.addSubMenu). */
  submenu?: Array<MenuItemRecord | 'separator'>;
}

export interface UiRecord {
  /** Menus added with Ui.createMenu(...).addToUi() or createAddonMenu. */
  menus: Array<{ title: string; items: Array<MenuItemRecord | 'separator'> }>;
  /** Alerts shown (title, prompt, and the ButtonSet name: 'OK', 'YES_NO', …). */
  alerts: Array<{ title: string; prompt: string; buttons?: string }>;
  /** Prompts shown (Ui.prompt). */
  prompts?: Array<{ title: string; prompt: string }>;
  /** Sidebars and dialogs shown: the HTML content and title. */
  sidebars: Array<{ title: string; html: string }>;
  dialogs: Array<{ title: string; html: string; width?: number; height?: number; modal: boolean }>;
  toasts: Array<{ message: string; title: string }>;
  /** Responses the next Ui.alert / Ui.prompt calls return (queue); default: OK / empty text with OK. */
  queueAlertResponse(button: 'OK' | 'CANCEL' | 'YES' | 'NO' | 'CLOSE'): void;
  queuePromptResponse(text: string, button?: 'OK' | 'CANCEL' | 'CLOSE'): void;
  /** Drops queued alert and prompt responses nothing used. */
  clearQueuedResponses(): void;
}

export interface Emulator {
  /** Runs a top-level function of the bundle as one execution (own 6-minute budget, lock released at its end). Rethrows its error. */
  run(functionName: string, ...args: unknown[]): unknown;
  /**
   * Calls a function as google.script.run would from a page: names ending in `_` are refused;
   * arguments and the result must be JSON-like (a Date anywhere, a function or undefined-in-object fails the call
   * with an error); the result is a deep copy as the browser would receive it.
   */
  runFromBrowser(functionName: string, ...args: unknown[]): unknown;
  /** The functions the bundle declares at top level. */
  readonly functionNames: string[];

  readonly clock: {
    now(): Date;
    /** Moves time forward, firing every time-driven trigger that falls due on the way (each as its own execution). */
    advance(ms: number): void;
    /** Moves to a later instant (same firing rules). */
    advanceTo(when: Date | string): void;
  };

  /** Edits made "by a person": they fire installable edit triggers with a proper event object. */
  readonly user: {
    /** Sets values of a range given in A1 notation on a sheet (e.g. ("Inventory", "D5", [[-3]])). */
    setValues(sheetName: string, a1: string, values: CellValue[][]): void;
    setValue(sheetName: string, a1: string, value: CellValue): void;
  };

  /** The emulated active spreadsheet, as scripts see it (for reading state in tests). */
  readonly spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet;
  /** Plain values of a sheet (Date cells as Date), or null if there is no such sheet. */
  values(sheetName: string): CellValue[][] | null;
  /** The whole spreadsheet state as a workbook (for saving). */
  workbook(): WorkbookData;

  /** Every email sent, in order. */
  readonly outbox: SentMail[];
  /** Every UrlFetch request made (real HTTP happens too). */
  readonly http: HttpRecord[];
  /** Every installable trigger of the project, whoever owns it (scripts see only their effective user's). */
  readonly triggers: () => TriggerInfo[];
  readonly executions: ExecutionRecord[];
  readonly ui: UiRecord;
  readonly scriptProperties: () => Record<string, string>;
  /** This spreadsheet's Document Properties. */
  readonly documentProperties: () => Record<string, string>;
  readonly mode: 'bound' | 'addon';
  /** Bound mode: the failure emails Apps Script sent trigger owners (none in add-on mode). */
  readonly failureEmails: FailureEmail[];
  /** Add-on mode: the person installs the add-on in this spreadsheet (runs `onInstall` in AuthMode.FULL). */
  install(): void;

  /** Service calls per method since the last reset, e.g. { "Range.getValues": 3, "MailApp.sendEmail": 12 }. */
  calls(): Record<string, number>;
  /** Sum of calls whose key starts with a prefix (e.g. "Range." or "Spreadsheet"). */
  callCount(prefix?: string): number;
  resetCalls(): void;

  /**
   * Remaining email recipients of a person (default: the effective user of the person using the spreadsheet
   * now). Each person has their own quota, reset 24 hours after their first send in the window.
   */
  mailQuotaRemaining(email?: string): number;
  /** Drops every cached entry before it expires, as the platform may (CacheService is best effort). */
  evictCaches(): void;
  /** Makes the next n MailApp.sendEmail calls throw (simulates a mail service failure). */
  failNextMails(n: number, message?: string): void;
  /**
   * Another person now uses the spreadsheet: executions they start (run, menu, browser calls, simple
   * triggers, edits and opens) have them as active and effective user, so the triggers they create are
   * theirs. `email` '' is a person whose address is hidden from the script (getActiveUser() gives '');
   * `effectiveEmail` is who they are (default: `email`, or "owner@example.com" when it is '').
   * Installable triggers keep running as the person who created them.
   */
  setActiveUser(email: string, effectiveEmail?: string): void;

  /**
   * Opens the spreadsheet as a person would: runs a simple `onOpen` of the bundle (AuthMode.LIMITED,
   * via 'trigger:open') and then every installable open trigger (AuthMode.FULL).
   */
  open(): void;
  /** Chooses a menu item as a person would (by its label; optionally only in the menu with that title): runs its function via 'menu'. */
  clickMenu(label: string, menuTitle?: string): unknown;
  /** Takes the script lock as if another execution held it; returns the function that releases it. */
  holdScriptLock(): () => void;
  /**
   * Stops the next execution (of `functionName`, or any) at its `call`-th service call (1-based, counted as
   * `ExecutionRecord.calls` counts), as the 6-minute limit or a crash would: that call does not happen, it and
   * every later call throw `Exceeded maximum execution time`, and the execution ends with that error even if
   * the script catches it (its locks are released, nothing after it runs). An execution with fewer calls
   * ends normally and the stop is used up. Several stops apply to successive executions in order.
   */
  stopAtCall(call: number, functionName?: string): void;
  /** Changes what service calls cost from now on (same form as the `callCostMs` option): a slow day, a slow mail service. */
  setCallCostMs(cost: number | Record<string, number>): void;
  /** Takes this spreadsheet's document lock as if another execution held it; returns the function that releases it. */
  holdDocumentLock(): () => void;
  /**
   * Another execution running at the same moment as this one: the next time any execution makes the service
   * call `key` (e.g. "ScriptApp.newTrigger"), `during()` runs first (typically `() => emu.run(...)`, a second
   * execution with its own id, locks and budget), then the call goes on. Fires once.
   */
  interleave(key: string, during: () => void): void;
  /** The in-memory spreadsheet (cell formats, validation) for the workbench. */
  readonly model: SpreadsheetModelApi;
  /** Saves the spreadsheet as a workbook JSON file (see workbook.ts). */
  save(path: string): void;
}
