/**
 * The emulator's runtime: loads the bundle into a fresh `vm` context whose globals are only the
 * Apps Script services (plus the language's built-ins), and runs its top-level functions as
 * executions on a controllable clock, with triggers, quotas and the 6-minute limit.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import vm from 'node:vm';
import type { Emulator, EmulatorOptions, ExecutionRecord, FailureEmail, HttpRecord, MenuItemRecord, SpreadsheetModelApi, TriggerInfo } from './api';
import { browserArgs, browserRefusal, browserResult } from './bridge';
import { SpreadsheetModel, type SpreadsheetHooks } from './spreadsheet';
import { CacheStores, createCacheService } from './services/cache';
import { MAX_EXECUTION_MS, isDate, type ExecutionState, type Host } from './services/host';
import { createHtmlService } from './services/html';
import { LockTable, createLockService, documentLockName } from './services/lock';
import { MailState, createMailApp } from './services/mail';
import { makePropertyStores, createPropertiesService, type PropertyStore, type PropertyStores } from './services/properties';
import { AuthMode, createScriptApp, nextDaily, reschedule, TriggerTable, type TriggerEntry } from './services/scriptApp';
import { createLogging, createSession } from './services/session';
import { UiState, createUi } from './services/ui';
import { createUrlFetchApp } from './services/urlfetch';
import { createUtilities } from './services/utilities';
import { insideServiceCall, serviceCpu } from './support';
import { saveWorkbook, type CellValue, type WorkbookData } from './workbook';

const DEFAULT_NOW = '2026-03-02T14:00:00Z';
const SIMPLE_TRIGGER_MS = 30 * 1000;
const EXTERNAL_LOCK_OWNER = 'another execution (holdScriptLock)';
/** Who a person whose address is hidden ('' active user) is, unless a test names them. */
const HIDDEN_PERSON = 'owner@example.com';

/**
 * A `vm` context reaches its globals through an interceptor that V8 cannot cache: every use of `String`,
 * `Math`, `Map`… by the script costs a call into Node (about 20 times a plain lookup), which Apps Script
 * does not pay. Script-scope `let` bindings of the same objects are found first and cached, so the
 * script's CPU in the emulator is its own. The global object keeps its properties (`globalThis.String`
 * is still there and the same object); `Date` stays the emulator's clock-driven one.
 */
const BUILT_INS = [
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect', 'Proxy', 'Promise',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Error', 'TypeError', 'RangeError', 'SyntaxError', 'Intl',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI', 'Date',
];
const BUILT_IN_BINDINGS = `let ${BUILT_INS.map((n) => `${n} = globalThis.${n}`).join(', ')};`;

/** Copies Dates of any realm into this realm's Date, deeply through arrays and plain objects. */
export function hostDates<T>(value: T): T {
  if (isDate(value)) return new Date((value as Date).getTime()) as T;
  if (Array.isArray(value)) return value.map(hostDates) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(Object.getPrototypeOf(value) ?? {}) === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = hostDates(v);
    return out as T;
  }
  return value;
}

function message(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as Error).message);
  return String(e);
}

/** An Error of this realm carrying the script's error text (scripts throw errors of their own realm). */
function hostError(e: unknown): Error {
  if (e instanceof Error) return e;
  const err = new Error(message(e));
  if (e && typeof e === 'object') {
    if ('stack' in e) err.stack = String((e as Error).stack);
    if ('name' in e) err.name = String((e as Error).name);
  }
  return err;
}

/** Execution ids are unique across installations, which may share a lock table. */
let nextExecutionId = 1;

/** Every AuthMode.NONE execution may call only these (an add-on's onOpen before it is enabled: build the menu). */
const ALLOWED_WITHOUT_AUTHORIZATION = /^(SpreadsheetApp\.getUi|Ui\.createAddonMenu|Ui\.createMenu|Menu\.\w+|Logger\.\w+|console\.\w+)$/;

/** What installations of one published add-on share. */
interface AddonScope {
  script: PropertyStore;
  locks: LockTable;
  triggers: TriggerTable;
}

interface RunOptions {
  via: string;
  simpleTrigger?: boolean;
  authMode?: string;
  /** An installable trigger's owner: the execution runs as them (active and effective user). */
  runAs?: string;
}

/** Compiled bundles by file name and text: a compiled script runs in any number of fresh contexts. */
const compiledBundles = new Map<string, { source: string; script: vm.Script; names: Set<string> | null }>();
function compiled(source: string, filename: string): { script: vm.Script; names: Set<string> | null } {
  const hit = compiledBundles.get(filename);
  if (hit && hit.source === source) return hit;
  const entry = { source, script: new vm.Script(source, { filename }), names: null };
  compiledBundles.set(filename, entry);
  return entry;
}

/** A bundle file's text, read again only when the file changed. */
const bundleFiles = new Map<string, { mtimeMs: number; size: number; text: string }>();
function readBundle(path: string): string {
  const st = statSync(path);
  const hit = bundleFiles.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
  const text = readFileSync(path, 'utf8');
  bundleFiles.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
  return text;
}

export class Runtime implements Emulator {
  readonly outbox;
  readonly http: HttpRecord[] = [];
  readonly executions: ExecutionRecord[] = [];
  readonly ui = new UiState();
  readonly functionNames: string[];
  readonly model: SpreadsheetModelApi;

  private clockMs: number;
  private readonly stack: ExecutionState[] = [];
  private callCounts: Record<string, number> = {};
  /** Executions to stop at their k-th service call (stopAtCall), matched in order by function name. */
  private readonly plannedStops: Array<{ call: number; functionName?: string }> = [];
  private callCost: number | Record<string, number>;
  private readonly cpuScale: number;
  private scriptMark: { cpu: number; service: number } | null = null;
  private readonly mail: MailState;
  private readonly locks: LockTable;
  private readonly caches = new CacheStores();
  private readonly triggerTable: TriggerTable;
  readonly mode: 'bound' | 'addon';
  readonly failureEmails: FailureEmail[] = [];
  /** Add-on mode: whether the person has installed (enabled) the add-on in this spreadsheet. */
  private installed = false;
  private readonly stores: PropertyStores;
  /** The context of the current (or next) execution; each execution gets its own (`freshContext`). */
  private context: vm.Context;
  private contextFresh = false;
  private readonly globals: Record<string, unknown>;
  private readonly bundle: vm.Script;
  private readonly orphanLogs: string[] = [];
  /** `interleave` hooks waiting for their service call. */
  private readonly interleaved: Array<{ key: string; during: () => void }> = [];
  /** The person using the spreadsheet now (their address as scripts see it, and who they are). */
  private activeEmail: string;
  private effectiveEmail: string;
  private readonly scriptTimeZone: string;
  private readonly uiService: GoogleAppsScript.Base.Ui;

  constructor(private readonly options: EmulatorOptions = {}) {
    const start = options.now === undefined ? new Date(DEFAULT_NOW) : new Date(options.now as string);
    if (Number.isNaN(start.getTime())) throw new Error(`Invalid emulator start time: ${String(options.now)}`);
    this.clockMs = start.getTime();
    this.callCost = options.callCostMs ?? 0;
    this.cpuScale = options.cpuTimeScale ?? 1;
    if (this.cpuScale > 0) serviceCpu.measure = true;
    this.scriptTimeZone = options.scriptTimeZone ?? 'America/New_York';
    this.activeEmail = options.activeUserEmail ?? 'manager@example.com';
    // As on the platform when a person runs the script: they are active and effective user (a hidden address
    // is still someone: the effective user is then the owner).
    this.effectiveEmail = options.effectiveUserEmail ?? (this.activeEmail || HIDDEN_PERSON);

    this.mode = options.mode ?? 'bound';
    const shared = options.sameAddonAs ? (options.sameAddonAs as Runtime).addonScope() : undefined;
    if (shared && this.mode !== 'addon') throw new Error('sameAddonAs needs mode "addon"');
    this.locks = shared?.locks ?? new LockTable();
    this.triggerTable = shared?.triggers ?? new TriggerTable();
    const host = this.host();
    this.mail = new MailState(host, options.mailQuota ?? 100);
    this.outbox = this.mail.outbox;
    this.stores = makePropertyStores(options.scriptProperties, options.documentProperties, shared?.script);
    this.uiService = createUi(host, this.ui, {
      addOnName: options.addOnName ?? 'Backorder Desk',
      unanswered: options.unansweredAlerts ?? 'first',
      onPause: () => {
        const cur = this.current();
        if (cur) this.locks.releaseAll(cur.id);
      },
    });

    const hooks: SpreadsheetHooks = {
      count: host.count,
      now: () => this.now(),
      getUi: () => {
        const via = this.current()?.via ?? '';
        if (via === 'trigger:clock') throw new Error('Cannot call SpreadsheetApp.getUi() from this context.');
        return this.uiService;
      },
    };
    this.model = new SpreadsheetModel(options.workbook, hooks);
    if (options.sameAddonAs && options.sameAddonAs.spreadsheet.getId() === this.model.spreadsheet.getId()) {
      throw new Error('sameAddonAs: the two installations need spreadsheets with different ids (workbook.id)');
    }
    // Spreadsheet.toast() is the spreadsheet's; the Ui record shows the same list.
    const toasts = (this.model as { toasts?: unknown }).toasts;
    if (Array.isArray(toasts)) this.ui.toasts = toasts as UiState['toasts'];

    for (const t of options.triggers ?? []) this.addExistingTrigger(t);
    const { Logger, console } = createLogging(host, this.orphanLogs);
    const globals: Record<string, unknown> = {
      SpreadsheetApp: this.model.app,
      ScriptApp: createScriptApp(host, this.triggerTable, {
        scriptId: '1BackorderDeskEmulatedScriptId0000000000000000000000',
        mode: this.mode,
        spreadsheetId: () => this.model.spreadsheet.getId(),
        idOf: (ss) => {
          const getId = ss !== null && typeof ss === 'object' && 'getId' in ss ? (ss as { getId?: () => string }).getId : undefined;
          if (typeof getId !== 'function') throw new Error('Invalid argument: spreadsheet');
          return String(getId.call(ss));
        },
      }),
      PropertiesService: createPropertiesService(host, this.stores),
      CacheService: createCacheService(host, this.caches),
      LockService: createLockService(host, this.locks, () => this.model.spreadsheet.getId()),
      MailApp: createMailApp(host, this.mail),
      UrlFetchApp: createUrlFetchApp(host, this.http),
      Session: createSession(host),
      Utilities: createUtilities(host),
      HtmlService: createHtmlService(host, {
        htmlDir: resolve(options.htmlDir ?? 'dist'),
        evalInScript: (source) => vm.runInContext(source, this.context),
      }),
      Logger,
      console,
      Date: this.emulatedDate(),
    };
    this.globals = globals;
    const source = options.bundleSource ?? readBundle(resolve(options.bundlePath ?? 'dist/Code.js'));
    const bundle = compiled(source, options.bundlePath ?? 'Code.js');
    this.bundle = bundle.script;
    // The names a context has before the project is loaded are the same for every runtime: found once.
    bundle.names ??= new Set(Object.getOwnPropertyNames(vm.runInContext('globalThis', vm.createContext({ ...globals }))));
    const before = bundle.names;
    this.context = this.loadProject();
    this.contextFresh = true;
    const after = vm.runInContext('Object.getOwnPropertyNames(globalThis)', this.context) as string[];
    this.functionNames = after.filter((n) => !before.has(n) && typeof (this.context as Record<string, unknown>)[n] === 'function');
  }

  /**
   * The project loaded into a new context, as Apps Script does for every execution: nothing a previous
   * execution left in module or global variables is there.
   */
  private loadProject(): vm.Context {
    const context = vm.createContext({ ...this.globals }, { name: 'Apps Script project', codeGeneration: { strings: true, wasm: false } });
    vm.runInContext(BUILT_IN_BINDINGS, context, { filename: 'built-ins' });
    this.bundle.runInContext(context);
    return context;
  }

  /** A fresh context for the next execution (the one loaded last is used if no execution has run in it yet). */
  private freshContext(): vm.Context {
    if (!this.contextFresh) {
      this.context = this.loadProject();
      this.contextFresh = true;
    }
    return this.context;
  }

  // ---- the pieces services share -------------------------------------------------------------

  private host(): Host {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const rt = this;
    return {
      count: (key: string) => rt.count(key),
      now: () => rt.now(),
      nowMs: () => rt.clockMs,
      spend: (ms: number) => rt.spend(ms),
      get scriptTimeZone() {
        return rt.scriptTimeZone;
      },
      current: () => rt.current(),
      activeUserEmail: () => rt.current()?.activeUser ?? rt.activeEmail,
      effectiveUserEmail: () => rt.current()?.effectiveUser ?? rt.effectiveEmail,
    };
  }

  private addExistingTrigger(t: NonNullable<EmulatorOptions['triggers']>[number]): void {
    const e: TriggerEntry = { uid: this.triggerTable.newUid(), handler: t.handler, owner: t.owner ?? this.effectiveEmail, kind: t.kind };
    if (t.kind === 'edit' || this.mode === 'addon') e.sourceId = this.model.spreadsheet.getId();
    if (t.kind === 'clock') {
      if (t.after !== undefined) e.due = this.clockMs + t.after;
      else if (t.everyHours !== undefined) {
        e.everyMs = t.everyHours * 3_600_000;
        e.due = this.clockMs + e.everyMs;
      } else if (t.atHour !== undefined) {
        e.everyDays = 1;
        e.atHour = t.atHour;
        e.timeZone = this.scriptTimeZone;
        e.due = nextDaily(this.clockMs, this.scriptTimeZone, t.atHour, undefined, e.uid);
      } else throw new Error('options.triggers: a clock trigger needs after, everyHours or atHour');
    }
    this.triggerTable.add(e);
  }

  /** What another installation of the same add-on shares with this one. */
  addonScope(): AddonScope {
    if (this.mode !== 'addon') throw new Error('sameAddonAs must be an emulator in mode "addon"');
    return { script: this.stores.script, locks: this.locks, triggers: this.triggerTable };
  }

  private current(): ExecutionState | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Host CPU of this thread, ms. */
  private static cpuNow(): number {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }

  /** Starts measuring the script's own CPU (at the start of an execution and after each service call). */
  private markScript(): void {
    this.scriptMark = { cpu: Runtime.cpuNow(), service: serviceCpu.ms };
  }

  /**
   * Moves the clock by the CPU the script's own code used since the mark (CPU inside service calls excluded:
   * their time is `callCostMs`), scaled by `cpuTimeScale`. At a service call ('call') passing the time limit
   * throws; reading the clock ('read') and the end of the execution ('end') only record it.
   */
  private chargeScript(at: 'call' | 'read' | 'end'): void {
    const mark = this.scriptMark;
    if (!mark || this.cpuScale <= 0) return;
    const cpu = Runtime.cpuNow();
    const ms = Math.max(0, cpu - mark.cpu - (serviceCpu.ms - mark.service)) * this.cpuScale;
    this.scriptMark = at === 'end' ? null : { cpu, service: serviceCpu.ms };
    if (at === 'call') return this.spend(ms);
    this.clockMs += ms;
    const cur = this.current();
    if (cur && this.clockMs > cur.deadlineMs) cur.timedOut = true;
  }

  private costOf(key: string): number {
    const c = this.callCost;
    if (typeof c === 'number') return c;
    return c[key] ?? c['*'] ?? 0;
  }

  /** A service call: counted, charged and checked against the execution's time limit. Outside executions nothing is counted. */
  private count(key: string): void {
    const cur = this.current();
    if (!cur) return;
    if (cur.authMode === AuthMode.NONE && !ALLOWED_WITHOUT_AUTHORIZATION.test(key)) {
      throw new Error(`You do not have permission to call ${key}: the add-on is not enabled in this file yet (AuthMode.NONE).`);
    }
    this.callCounts[key] = (this.callCounts[key] ?? 0) + 1;
    if (!insideServiceCall()) {
      this.chargeScript('call');
      if (cur && !cur.timedOut && ++cur.calls === cur.stopAt) {
        // The planned stop: this call never happens, and neither does anything after it.
        cur.timedOut = true;
        throw new Error('Exceeded maximum execution time');
      }
    }
    this.spend(this.costOf(key));
    const hook = this.interleaved.findIndex((h) => h.key === key);
    if (hook >= 0) this.interleaved.splice(hook, 1)[0].during();
  }

  interleave(key: string, during: () => void): void {
    this.interleaved.push({ key, during });
  }

  private spend(ms: number): void {
    const cur = this.current();
    if (cur?.timedOut) throw new Error('Exceeded maximum execution time');
    this.clockMs += Math.max(0, ms);
    if (cur && this.clockMs > cur.deadlineMs) {
      cur.timedOut = true;
      throw new Error('Exceeded maximum execution time');
    }
  }

  /** `Date` inside the script: the host's Date (so values cross realms intact) whose "now" is the emulated clock. */
  private emulatedDate(): DateConstructor {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const rt = this;
    // Reading the clock first counts the script's own work since the last service call.
    const now = () => {
      if (!insideServiceCall()) rt.chargeScript('read');
      return rt.clockMs;
    };
    return new Proxy(Date, {
      construct(target, args) {
        return args.length === 0 ? new target(now()) : new (target as unknown as new (...a: unknown[]) => Date)(...args);
      },
      apply() {
        return new Date(now()).toString();
      },
      get(target, prop, receiver) {
        if (prop === 'now') return now;
        return Reflect.get(target, prop, receiver);
      },
    });
  }

  // ---- executions ------------------------------------------------------------------------------

  private execute(functionName: string, args: unknown[], opts: RunOptions): { result?: unknown; error?: Error } {
    const startedAtMs = this.clockMs;
    const exec: ExecutionState = {
      id: nextExecutionId++,
      functionName,
      via: opts.via,
      startedAtMs,
      deadlineMs: startedAtMs + (opts.simpleTrigger ? SIMPLE_TRIGGER_MS : MAX_EXECUTION_MS),
      logs: [],
      timedOut: false,
      simpleTrigger: !!opts.simpleTrigger,
      authMode: opts.authMode ?? AuthMode.FULL,
      activeUser: opts.runAs ?? this.activeEmail,
      effectiveUser: opts.runAs ?? this.effectiveEmail,
      calls: 0,
    };
    const stop = this.plannedStops.findIndex((p) => p.functionName === undefined || p.functionName === functionName);
    if (stop >= 0) exec.stopAt = this.plannedStops.splice(stop, 1)[0].call;
    const record: ExecutionRecord = {
      functionName,
      via: opts.via,
      startedAt: new Date(startedAtMs),
      endedAt: new Date(startedAtMs),
      logs: exec.logs,
      user: exec.effectiveUser,
      calls: 0,
    };
    this.executions.push(record);
    let result: unknown;
    let error: Error | undefined;
    const context = this.freshContext();
    this.contextFresh = false;
    this.stack.push(exec);
    this.markScript();
    try {
      const fn = this.functionNames.includes(functionName) ? (context as Record<string, unknown>)[functionName] : undefined;
      if (typeof fn !== 'function') throw new Error(`Script function not found: ${functionName}`);
      result = (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      error = hostError(e);
    } finally {
      this.chargeScript('end');
      record.calls = exec.calls;
      this.stack.pop();
      this.locks.releaseAll(exec.id);
    }
    if (exec.timedOut) error = new Error('Exceeded maximum execution time');
    record.endedAt = new Date(this.clockMs);
    if (error) {
      record.error = error.message;
      // Apps Script mails an installable trigger's owner when its run fails; add-ons get no such email.
      if (this.mode === 'bound' && opts.runAs !== undefined) {
        this.failureEmails.push({ to: opts.runAs, handler: functionName, error: error.message, at: new Date(this.clockMs) });
      }
      return { error };
    }
    return { result };
  }

  run(functionName: string, ...args: unknown[]): unknown {
    const { result, error } = this.execute(functionName, args, { via: 'direct' });
    if (error) throw error;
    return result;
  }

  runFromBrowser(functionName: string, ...args: unknown[]): unknown {
    const refusal = browserRefusal(functionName, this.functionNames);
    if (refusal) throw new Error(refusal);
    const copied = browserArgs(args);
    // Arguments arrive as the script's own arrays and objects, as if parsed on the server.
    const parse = vm.runInContext('JSON.parse', this.freshContext()) as (t: string) => unknown;
    const inScript = copied.map((a) => parse(JSON.stringify(a)));
    const { result, error } = this.execute(functionName, inScript, { via: 'browser' });
    if (error) throw error;
    return browserResult(result);
  }

  // ---- the clock and time-driven triggers -------------------------------------------------------

  readonly clock = {
    now: (): Date => this.now(),
    advance: (ms: number): void => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('clock.advance needs a non-negative number of milliseconds');
      this.advanceTo(this.clockMs + ms);
    },
    advanceTo: (when: Date | string): void => {
      const target = new Date(when as string).getTime();
      if (Number.isNaN(target)) throw new Error(`clock.advanceTo: invalid time ${String(when)}`);
      this.advanceTo(target);
    },
  };

  private now(): Date {
    return new Date(this.clockMs);
  }

  private advanceTo(target: number): void {
    if (this.current()) throw new Error('The clock cannot be advanced from inside an execution (use Utilities.sleep)');
    for (;;) {
      const due = this.triggerTable.entries
        .filter((e): e is TriggerEntry & { due: number } => e.kind === 'clock' && e.due !== undefined && e.due <= target && this.ownsTrigger(e))
        .sort((a, b) => a.due - b.due)[0];
      if (!due) break;
      if (due.due > this.clockMs) this.clockMs = due.due;
      const firedAt = due.due;
      const next = reschedule(due, firedAt, this.clockMs);
      if (next === undefined) this.triggerTable.remove(due.uid);
      else due.due = next;
      this.execute(due.handler, [this.clockEvent(due.uid)], { via: 'trigger:clock', runAs: due.owner });
      if (next !== undefined && due.due <= this.clockMs) due.due = reschedule(due, due.due, this.clockMs) ?? due.due;
    }
    if (target > this.clockMs) this.clockMs = target;
  }

  /** Installations of one add-on share a trigger table; each fires only the triggers of its own document. */
  private ownsTrigger(e: TriggerEntry): boolean {
    return this.mode === 'bound' || e.sourceId === this.model.spreadsheet.getId();
  }

  private clockEvent(uid: string): Record<string, unknown> {
    const d = new Date(this.clockMs);
    const day = d.getUTCDay();
    return {
      authMode: AuthMode.FULL,
      triggerUid: uid,
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      'day-of-month': d.getUTCDate(),
      'day-of-week': day === 0 ? 7 : day,
      'week-of-year': Number(isoWeek(d)),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      timezone: 'UTC',
    };
  }

  triggers = (): TriggerInfo[] => this.triggerTable.info().filter((t) => this.ownsTrigger(this.triggerTable.entries.find((e) => e.uid === t.uid)!));

  // ---- people using the spreadsheet ---------------------------------------------------------------

  private userObject(email: string) {
    return { getEmail: () => email, getNickname: () => email.split('@')[0] ?? '' };
  }

  readonly user = {
    setValues: (sheetName: string, a1: string, values: CellValue[][]): void => this.userEdit(sheetName, a1, values),
    setValue: (sheetName: string, a1: string, value: CellValue): void => this.userEdit(sheetName, a1, [[value]]),
  };

  private userEdit(sheetName: string, a1: string, values: CellValue[][]): void {
    if (this.current()) throw new Error('A person cannot edit the spreadsheet from inside an execution');
    const edit = this.model.userEdit(sheetName, a1, values);
    const base: Record<string, unknown> = { range: edit.range, source: this.model.spreadsheet };
    if ('value' in edit && edit.value !== undefined) base.value = edit.value;
    if ('oldValue' in edit && edit.oldValue !== undefined) base.oldValue = edit.oldValue;
    const spreadsheetId = this.model.spreadsheet.getId();
    if (this.functionNames.includes('onEdit')) {
      this.execute('onEdit', [{ ...base, authMode: AuthMode.LIMITED, user: this.userObject(this.activeEmail) }], {
        via: 'trigger:simple-edit',
        simpleTrigger: true,
        authMode: AuthMode.LIMITED,
      });
    }
    for (const t of this.triggerTable.entries.filter((e) => e.kind === 'edit' && (!e.sourceId || e.sourceId === spreadsheetId))) {
      this.execute(t.handler, [{ ...base, authMode: AuthMode.FULL, triggerUid: t.uid, user: this.userObject(this.activeEmail) }], {
        via: 'trigger:edit',
        runAs: t.owner,
      });
    }
  }

  open(): void {
    if (this.current()) throw new Error('The spreadsheet cannot be opened from inside an execution');
    const source = this.model.spreadsheet;
    if (this.functionNames.includes('onOpen')) {
      // An add-on not yet enabled in this file runs onOpen in AuthMode.NONE.
      const authMode = this.mode === 'addon' && !this.installed ? AuthMode.NONE : AuthMode.LIMITED;
      this.execute('onOpen', [{ authMode, source, user: this.userObject(this.activeEmail) }], {
        via: 'trigger:open',
        simpleTrigger: true,
        authMode,
      });
    }
    for (const t of this.triggerTable.entries.filter((e) => e.kind === 'open')) {
      this.execute(t.handler, [{ authMode: AuthMode.FULL, triggerUid: t.uid, source, user: this.userObject(this.activeEmail) }], {
        via: 'trigger:open',
        runAs: t.owner,
      });
    }
  }

  install(): void {
    if (this.mode !== 'addon') throw new Error('install() is for mode "addon"');
    if (this.current()) throw new Error('An add-on cannot be installed from inside an execution');
    this.installed = true;
    if (this.functionNames.includes('onInstall')) {
      const { error } = this.execute('onInstall', [{ authMode: AuthMode.FULL, source: this.model.spreadsheet }], { via: 'trigger:install' });
      if (error) throw error;
    }
  }

  clickMenu(label: string, menuTitle?: string): unknown {
    type Item = MenuItemRecord | 'separator';
    const find = (items: Item[]): MenuItemRecord | undefined => {
      for (const i of items) {
        if (i === 'separator') continue;
        if (i.submenu) {
          const hit = find(i.submenu);
          if (hit) return hit;
        } else if (i.label === label) return i;
      }
      return undefined;
    };
    const menus = this.ui.menus.filter((m) => menuTitle === undefined || m.title === menuTitle);
    const item = menus.map((m) => find(m.items)).find((i) => i !== undefined);
    if (!item) throw new Error(`No menu item "${label}"${menuTitle ? ` in the menu "${menuTitle}"` : ''} (run onOpen first?)`);
    const { result, error } = this.execute(item.functionName, [], { via: 'menu' });
    if (error) throw error;
    return result;
  }

  // ---- state for tests -----------------------------------------------------------------------------

  get spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
    return this.model.spreadsheet;
  }

  values(sheetName: string): CellValue[][] | null {
    const v = this.model.values(sheetName);
    return v === null ? null : hostDates(v);
  }

  workbook(): WorkbookData {
    return hostDates(this.model.toWorkbook());
  }

  save(path: string): void {
    saveWorkbook(path, this.workbook());
  }

  scriptProperties = (): Record<string, string> => this.stores.script.toObject();
  documentProperties = (): Record<string, string> => this.stores.document.toObject();

  calls(): Record<string, number> {
    return { ...this.callCounts };
  }

  callCount(prefix = ''): number {
    return Object.entries(this.callCounts)
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);
  }

  resetCalls(): void {
    this.callCounts = {};
  }

  mailQuotaRemaining(email?: string): number {
    return this.mail.remaining(email);
  }

  evictCaches(): void {
    this.caches.evictAll();
  }

  failNextMails(n: number, msg?: string): void {
    this.mail.failNext(n, msg);
  }

  setActiveUser(email: string, effectiveEmail?: string): void {
    if (this.current()) throw new Error('The person using the spreadsheet cannot change inside an execution');
    this.activeEmail = String(email);
    this.effectiveEmail = effectiveEmail ?? (this.activeEmail || HIDDEN_PERSON);
  }

  stopAtCall(call: number, functionName?: string): void {
    if (!Number.isInteger(call) || call < 1) throw new Error('stopAtCall needs a call number of 1 or more');
    this.plannedStops.push({ call, functionName });
  }

  setCallCostMs(cost: number | Record<string, number>): void {
    this.callCost = cost;
  }

  holdDocumentLock(): () => void {
    const name = documentLockName(this.model.spreadsheet.getId());
    if (this.locks.owner(name) !== undefined) throw new Error('The document lock is already held');
    this.locks.take(name, EXTERNAL_LOCK_OWNER);
    return () => this.locks.release(name, EXTERNAL_LOCK_OWNER);
  }

  holdScriptLock(): () => void {
    if (this.locks.owner('script') !== undefined) throw new Error('The script lock is already held');
    this.locks.take('script', EXTERNAL_LOCK_OWNER);
    return () => this.locks.release('script', EXTERNAL_LOCK_OWNER);
  }
}

/** ISO week number of a UTC date. */
function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}
