/**
 * "Set up sheet" (`setUpSheet`): creates and repairs the spreadsheet contract without touching data.
 *
 * - One set-up at a time, under the document lock (a double click, or a run in progress, makes the second one
 *   change nothing and say so).
 * - Every tab of docs/design.md exists with its exact headers; a missing header is added at the end of
 *   row 1, so a user's own columns and order are kept (columns are always found by header text). A header or
 *   tab renamed a little ("E-mail", "Order #", "inventory") is renamed back instead (src/sheet/headers.ts).
 * - The managers are kept in Document Properties (src/gas/managers.ts); Settings › Managers shows them.
 * - Frozen header row, number formats (dates "yyyy-mm-dd", date-times "yyyy-mm-dd hh:mm", whole
 *   numbers "0", "Notices sent" as text), data validation (Orders Status list; Segment list = the
 *   segments in use + the notify segments + DML, SCS, shown as a warning only because new sales
 *   channels bring new segments; whole numbers in Available, Low at, Qty, Shipped, rejected otherwise).
 * - Default Settings and Templates rows are added when missing, never overwritten.
 * - Warning-only protections on what the add-on maintains, found again by their description.
 * - The stock colours: three native conditional-format rules on Inventory Available and Status,
 *   recognised by RULE_MARKER in their formula; re-running replaces only those and keeps a user's.
 * - The hourly and edit triggers, exactly once, under the one person who owns them (src/gas/triggers.ts):
 *   set-up by someone else installs none, says who owns them and offers to move them (`askToTakeOver`).
 * - Status cells brought in step, and the current stock states recorded silently as the alert baseline.
 *
 * Each tab is read once (getDataRange().getValues()), and writes are batched per tab and column;
 * anything already right is not written again, so a second run changes nothing.
 */
import { DEFAULT_TEMPLATES, defaultTemplate, isEarlierDefault } from '../core/templates';
import { PRIORITIES, SHIP_PREFERENCES } from '../core/allocation';
import type { Services } from '../gas/services';
import { retakeShopLock, withShopLock } from '../gas/lock';
import { effectiveUserEmail, setUpTriggers, triggerOwner } from '../gas/triggers';
import { nameKey, nearHeaders } from '../sheet/headers';
import { HEADERS, ORDER_STATUSES, TAB, TabName } from '../sheet/schema';
import { readManagers, writeManagers } from '../gas/managers';
import { MANAGERS_ABOUT, parseSettings, SETTING_DEFINITIONS, Settings } from '../sheet/settings';
import { appendRecords, Cell, growGrid, Table } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { syncStock } from '../engines/stockPass';
import { logActivities } from '../sheet/activityLog';
import { actingUser } from '../gas/people';
import { applyColourRules, columnLetter, dataRange } from '../engines/stockColours';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const TAB_ORDER: readonly TabName[] = [
  TAB.inventory,
  TAB.orders,
  TAB.shipments,
  TAB.pickList,
  TAB.noticeLog,
  TAB.activityLog,
  TAB.settings,
  TAB.templates,
];

const DATE = 'yyyy-mm-dd';
const DATE_TIME = 'yyyy-mm-dd hh:mm';
const WHOLE = '0';
const TEXT = '@';

const FORMATS: Partial<Record<TabName, Record<string, string>>> = {
  [TAB.inventory]: { Available: WHOLE, 'Low at': WHOLE, 'Expected restock': DATE },
  [TAB.orders]: { 'Order date': DATE, Qty: WHOLE, Shipped: WHOLE, 'Backordered since': DATE, 'Notices sent': TEXT, 'Last notice': DATE_TIME, Allocated: WHOLE },
  // Tracking numbers are text: a 22-digit USPS number typed into a number cell loses its digits.
  [TAB.shipments]: { Qty: WHOLE, 'Shipped on': DATE, Tracking: TEXT },
  [TAB.noticeLog]: { 'Sent at': DATE_TIME },
  [TAB.activityLog]: { When: DATE_TIME },
  [TAB.pickList]: { 'Units to pick': WHOLE, 'Allocated at': DATE_TIME },
};

/** Columns the add-on writes: warning-only protection, found again by description. */
const PROTECTED_COLUMNS: ReadonlyArray<{ tab: TabName; header: string }> = [
  { tab: TAB.inventory, header: 'Status' },
  { tab: TAB.orders, header: 'Notices sent' },
  { tab: TAB.orders, header: 'Last notice' },
  { tab: TAB.orders, header: 'Allocated' },
];
const protectionDescription = (tab: string, header: string) => `Backorder Desk: ${tab} › ${header} is kept by the add-on`;
/** Whole tabs the add-on writes: warning-only protection, found again by description. */
const PROTECTED_TABS: ReadonlyArray<{ tab: TabName; description: string }> = [
  { tab: TAB.noticeLog, description: 'Backorder Desk: the Notice log is written by the add-on' },
  { tab: TAB.activityLog, description: 'Backorder Desk: the Activity log is written by the add-on' },
  { tab: TAB.pickList, description: 'Backorder Desk: the Pick list is rewritten by the add-on from Orders › Allocated' },
];

interface TabState {
  sheet: Sheet;
  table: Table;
}

export interface SetupReport {
  /** Who the daily notices and stock alerts run as, when the person should know (shown first). */
  notes: string[];
  /** What was done, one sentence each (empty: everything was already in place). */
  done: string[];
  /** Things the user should look at (unreadable settings, bad rows). */
  problems: string[];
}

/**
 * Finds or creates a tab, adds missing headers at the end of row 1; returns its table (one read). A tab or header
 * renamed a little (case, spaces, punctuation, "E-mail", "Order #") is renamed back instead (said in `done`); when
 * more than one column could be the missing one, nothing is added for it and `problems` says so.
 */
function ensureTab(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, tab: TabName, done: string[], problems: string[]): TabState {
  let sheet = ss.getSheetByName(tab);
  if (!sheet) {
    const renamed = ss.getSheets().filter((s) => nameKey(s.getName()) === nameKey(tab) && !(TAB_ORDER as readonly string[]).includes(s.getName()));
    if (renamed.length === 1) {
      sheet = renamed[0];
      done.push(`Renamed the tab "${sheet.getName()}" back to "${tab}" (the add-on finds its tabs by their exact names).`);
      sheet.setName(tab);
    } else {
      sheet = ss.insertSheet(tab);
      done.push(`Created the ${tab} tab.`);
    }
  }
  const values = sheet.getDataRange().getValues() as Cell[][];
  const header = [...(values[0] ?? [])];
  while (header.length && String(header[header.length - 1]).trim() === '') header.pop();
  const near = nearHeaders(header, HEADERS[tab]);
  for (const r of near.repairs) {
    sheet.getRange(1, r.column + 1).setValue(r.to);
    header[r.column] = r.to;
    done.push(`${tab}: renamed the column "${r.from}" back to "${r.to}" (columns are found by their exact header; its data is kept).`);
  }
  for (const a of near.ambiguous) {
    problems.push(`${tab}: more than one column could be "${a.to}" (${a.from.map((f) => `"${f}"`).join(', ')}); rename the right one to "${a.to}" and run Set up sheet again.`);
  }
  const unsure = new Set(near.ambiguous.map((a) => a.to));
  const present = new Set(header.map((h) => String(h).trim()));
  const missing = HEADERS[tab].filter((h) => !present.has(h) && !unsure.has(h));
  if (missing.length) {
    growGrid(sheet, 0, header.length + missing.length);
    sheet.getRange(1, header.length + 1, 1, missing.length).setValues([missing]);
    header.push(...missing);
    if (present.size) done.push(`${tab}: added the column(s) ${missing.join(', ')}.`);
  }
  const width = header.length;
  const rows = values.slice(1).map((r) => {
    const row = r.slice(0, Math.max(width, r.length));
    while (row.length < width) row.push('');
    return row;
  });
  if (sheet.getFrozenRows() < 1) sheet.setFrozenRows(1);
  return { sheet, table: new Table(sheet, header, rows, HEADERS[tab]) };
}

function applyFormats(state: TabState, tab: TabName): void {
  const formats = FORMATS[tab];
  if (!formats) return;
  for (const [header, format] of Object.entries(formats)) {
    const c = state.table.col.get(header);
    if (c !== undefined) dataRange(state.sheet, c + 1).setNumberFormat(format);
  }
}

function wholeNumberRule(letter: string, min: number | null, help: string): GoogleAppsScript.Spreadsheet.DataValidation {
  const cell = `${letter}2`;
  const formula = min === null ? `=AND(ISNUMBER(${cell}),${cell}=INT(${cell}))` : `=AND(ISNUMBER(${cell}),${cell}>=${min},${cell}=INT(${cell}))`;
  return SpreadsheetApp.newDataValidation().requireFormulaSatisfied(formula).setAllowInvalid(false).setHelpText(help).build();
}

function applyValidation(tabs: Map<TabName, TabState>, settings: Settings): void {
  const inv = tabs.get(TAB.inventory)!;
  const orders = tabs.get(TAB.orders)!;
  const set = (s: TabState, header: string, rule: GoogleAppsScript.Spreadsheet.DataValidation) => {
    const c = s.table.col.get(header);
    if (c !== undefined) dataRange(s.sheet, c + 1).setDataValidation(rule);
  };
  const letter = (s: TabState, header: string) => columnLetter((s.table.col.get(header) ?? 0) + 1);
  set(inv, 'Available', wholeNumberRule(letter(inv, 'Available'), null, 'A whole number; negative = units owed to backorders.'));
  set(inv, 'Low at', wholeNumberRule(letter(inv, 'Low at'), 0, 'A whole number (0 or more); blank uses Settings › Low stock default.'));
  set(orders, 'Qty', wholeNumberRule(letter(orders, 'Qty'), 0, 'A whole number of units (0 or more).'));
  set(orders, 'Shipped', wholeNumberRule(letter(orders, 'Shipped'), 0, 'A whole number of units shipped (0 or more).'));
  set(
    orders,
    'Status',
    SpreadsheetApp.newDataValidation()
      .requireValueInList([...ORDER_STATUSES], true)
      .setAllowInvalid(false)
      .setHelpText(`One of ${ORDER_STATUSES.join(', ')}.`)
      .build(),
  );
  // The allocation's words (src/core/allocation.ts) as dropdowns; blank is the default / Normal.
  // Priority was free text before: other words only warn (they are read as Normal and reported).
  const list = (words: readonly string[], strict: boolean, help: string) =>
    SpreadsheetApp.newDataValidation().requireValueInList([...words], true).setAllowInvalid(!strict).setHelpText(help).build();
  set(orders, 'Ship preference', list(SHIP_PREFERENCES, true, `${SHIP_PREFERENCES.join(' or ')}; blank uses Settings › Default ship preference.`));
  set(orders, 'Priority', list(PRIORITIES, false, `${PRIORITIES.join(', ')}; blank is Normal. Waiting lines are served High first.`));
  const segments = new Set<string>(['DML', 'SCS', ...settings.notifySegments]);
  orders.table.rows.forEach((_r, i) => {
    const s = String(orders.table.get(i, 'Segment')).trim().toUpperCase();
    if (s !== '' && s.length <= 40 && segments.size < 100) segments.add(s);
  });
  set(
    orders,
    'Segment',
    SpreadsheetApp.newDataValidation()
      .requireValueInList([...segments].sort(), true)
      .setAllowInvalid(true)
      .setHelpText('A customer segment; automatic notices go to Settings › Notify segments.')
      .build(),
  );
}

function applyProtections(tabs: Map<TabName, TabState>, done: string[]): void {
  const rangeType = SpreadsheetApp.ProtectionType.RANGE;
  const bySheet = new Map<TabName, GoogleAppsScript.Spreadsheet.Protection[]>();
  for (const { tab, header } of PROTECTED_COLUMNS) {
    const s = tabs.get(tab)!;
    const c = s.table.col.get(header);
    if (c === undefined) continue;
    let list = bySheet.get(tab);
    if (!list) bySheet.set(tab, (list = s.sheet.getProtections(rangeType) as GoogleAppsScript.Spreadsheet.Protection[]));
    const description = protectionDescription(tab, header);
    const range = dataRange(s.sheet, c + 1);
    const found = list.find((p) => p.getDescription() === description);
    if (!found) {
      range.protect().setDescription(description).setWarningOnly(true);
      done.push(`Protected ${tab} › ${header} (warning only).`);
    } else {
      if (found.getRange().getA1Notation() !== range.getA1Notation()) found.setRange(range);
      if (!found.isWarningOnly()) found.setWarningOnly(true);
    }
  }
  for (const { tab, description } of PROTECTED_TABS) {
    const sheet = tabs.get(tab)!.sheet;
    const sheetProtections = sheet.getProtections(SpreadsheetApp.ProtectionType.SHEET) as GoogleAppsScript.Spreadsheet.Protection[];
    if (!sheetProtections.some((p) => p.getDescription() === description)) {
      sheet.protect().setDescription(description).setWarningOnly(true);
      done.push(`Protected the ${tab} (warning only).`);
    }
  }
}

function addDefaultRows(tabs: Map<TabName, TabState>, done: string[]): void {
  const settings = tabs.get(TAB.settings)!.table;
  const names = new Set(settings.rows.map((_r, i) => String(settings.get(i, 'Setting')).trim().toLowerCase()));
  const missingSettings = SETTING_DEFINITIONS.filter((d) => !names.has(d.name.toLowerCase()));
  if (missingSettings.length) {
    appendRecords(
      settings,
      missingSettings.map((d) => ({ Setting: d.name, Value: d.defaultValue, About: d.about })),
    );
    done.push(`Settings: added ${missingSettings.map((d) => d.name).join(', ')}.`);
  }
  const templates = tabs.get(TAB.templates)!.table;
  // Default texts of an earlier version, untouched by the shop, become today's defaults.
  const updated: string[] = [];
  templates.rows.forEach((_r, i) => {
    const kind = String(templates.get(i, 'Kind')).trim();
    const def = defaultTemplate(kind);
    if (!def || !isEarlierDefault(kind, { subject: String(templates.get(i, 'Subject')), body: String(templates.get(i, 'Body')) })) return;
    templates.set(i, 'Subject', def.subject);
    templates.set(i, 'Body', def.body);
    updated.push(def.kind);
  });
  if (updated.length) {
    templates.flush();
    done.push(`Templates: brought ${updated.join(', ')} up to the new default wording (they still held an earlier version's default text).`);
  }
  const kinds = new Set(templates.rows.map((_r, i) => String(templates.get(i, 'Kind')).trim().toLowerCase()));
  const missingTemplates = DEFAULT_TEMPLATES.filter((t) => !kinds.has(t.kind.toLowerCase()));
  if (missingTemplates.length) {
    appendRecords(
      templates,
      missingTemplates.map((t) => ({ Kind: t.kind, Subject: t.subject, Body: t.body })),
    );
    done.push(`Templates: added ${missingTemplates.map((t) => t.kind).join(', ')}.`);
  }
}

/**
 * The managers are kept where an editor cannot change them (src/gas/managers.ts): while that list was never set,
 * set-up adopts what Settings › Managers says (once); the cell then shows the kept list, and its About says a
 * change typed there is not used. Returns the managers.
 */
function protectManagers(services: Services, table: Table, inCell: string[], done: string[]): string[] {
  const kept = readManagers(services.props);
  let list = kept ?? [];
  // Never set (an earlier version's sheet): whoever runs set-up adopts the cell. Set but empty (a new sheet whose
  // owner then typed the managers in): only the trigger owner's set-up adopts it.
  const me = effectiveUserEmail();
  const adopt = kept === null || (list.length === 0 && inCell.length > 0 && me !== '' && me === triggerOwner(services.props));
  if (adopt) {
    list = inCell;
    writeManagers(services.props, list);
    done.push(
      `Managers (${list.length ? list.join(', ') : 'none yet'}) are now kept by the add-on: only the account the hourly run uses or a manager ` +
        'can change them, with Backorder Desk › Managers…; Settings › Managers shows them.',
    );
  }
  const i = table.rows.findIndex((_r, k) => String(table.get(k, 'Setting')).trim().toLowerCase() === 'managers');
  if (i >= 0) {
    const shown = list.join(', ');
    if (String(table.get(i, 'Value')).trim() !== shown) {
      table.set(i, 'Value', shown);
      done.push(`Settings › Managers: shows the managers kept by the add-on (${shown || 'none'}); a change typed in the cell is not used.`);
    }
    if (table.get(i, 'About') !== MANAGERS_ABOUT) table.set(i, 'About', MANAGERS_ABOUT);
    table.flush();
    // A warning before anyone types there: the cell only shows the list.
    const c = table.col.get('Value');
    if (table.sheet && c !== undefined) {
      const range = table.sheet.getRange(table.rowNumber(i), c + 1);
      const protections = table.sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE) as GoogleAppsScript.Spreadsheet.Protection[];
      const found = protections.find((p) => p.getDescription() === MANAGERS_PROTECTION);
      if (!found) {
        range.protect().setDescription(MANAGERS_PROTECTION).setWarningOnly(true);
        done.push('Protected Settings › Managers (warning only): change the managers with Backorder Desk › Managers….');
      } else if (found.getRange().getA1Notation() !== range.getA1Notation()) {
        found.setRange(range);
      }
    }
  }
  return list;
}

const MANAGERS_PROTECTION = 'Backorder Desk: Settings › Managers only shows the managers; change them with Backorder Desk › Managers…';

function readSettingsFrom(table: Table): { settings: Settings; problems: string[] } {
  const raw = new Map<string, unknown>();
  table.rows.forEach((_r, i) => {
    const name = String(table.get(i, 'Setting')).trim();
    if (name !== '' && !raw.has(name)) raw.set(name, table.get(i, 'Value'));
  });
  return parseSettings(raw);
}

/**
 * `askToTakeOver(owner)`: whether the triggers, owned by another person, should move to the person
 * running set-up (false where nobody can be asked). Default: never move.
 */
export function setUp(services: Services, askToTakeOver: (owner: string) => boolean = () => false): SetupReport {
  // One set-up at a time, and never alongside a run (a double click would otherwise install two triggers).
  const report = withShopLock(services, () => setUpLocked(services, askToTakeOver), SETUP_LOCK);
  return report ?? { notes: [], done: [], problems: [SETUP_BUSY] };
}

const SETUP_LOCK_WAIT_MS = 30_000;
const SETUP_BUSY = 'Another set-up or run was in progress (a second click?), so this one changed nothing. If the other one was not yours, run Set up sheet again in a minute.';
const SETUP_LOCK = { waitMs: SETUP_LOCK_WAIT_MS, busyMessage: `Set up sheet: ${SETUP_BUSY}` };

function setUpLocked(services: Services, askToTakeOver: (owner: string) => boolean): SetupReport {
  const done: string[] = [];
  const tabProblems: string[] = [];
  const ss = services.ss;
  const tabs = new Map<TabName, TabState>();
  for (const tab of TAB_ORDER) tabs.set(tab, ensureTab(ss, tab, done, tabProblems));
  addDefaultRows(tabs, done);
  const read = readSettingsFrom(tabs.get(TAB.settings)!.table);
  const problems = [...tabProblems, ...read.problems.filter((p) => !p.startsWith('Settings › Managers:'))];
  const settings = { ...read.settings, managers: protectManagers(services, tabs.get(TAB.settings)!.table, read.settings.managers, done) };
  for (const tab of TAB_ORDER) applyFormats(tabs.get(tab)!, tab);
  applyValidation(tabs, settings);
  applyProtections(tabs, done);
  const inv = tabs.get(TAB.inventory)!;
  if (applyColourRules(services, inv.sheet, inv.table, settings.lowStockDefault)) {
    done.push('Set the green / yellow / red stock colours on Inventory › Available and Status.');
  }
  // The question pauses the script and ends its lock: take it again before any trigger is touched.
  const ask = (owner: string) => {
    const yes = askToTakeOver(owner);
    if (!retakeShopLock(SETUP_LOCK_WAIT_MS)) throw new Error(SETUP_BUSY);
    return yes;
  };
  const triggers = setUpTriggers(ss, services.props, ask);
  done.push(...triggers.done);
  const pass = syncStock(services, new Workbook(ss), 'baseline', { inventory: tabs.get(TAB.inventory)!.table, settings });
  if (pass.statusFixed) done.push(`Inventory: brought ${pass.statusFixed} Status cell(s) in step with Available.`);
  // One Activity log row summarising what set-up changed (none when nothing did: running it twice changes nothing).
  if (done.length) logActivities(ss, [{ when: services.clock.now(), who: actingUser(), what: 'Set up', detail: done.join(' ') }]);
  return { notes: triggers.notes, done, problems: [...problems, ...triggers.problems, ...pass.problems] };
}

/** Tells the person what happened (alert from the menu; toast or log where no Ui exists). */
export function reportSetUp(services: Services, report: SetupReport): void {
  const lines = report.notes.map((n) => `${n}\n`);
  lines.push(...(report.done.length ? report.done.map((d) => `• ${d}`) : ['Everything was already set up; nothing changed.']));
  if (report.problems.length) {
    lines.push('', 'Worth a look:', ...report.problems.slice(0, 10).map((p) => `• ${p}`));
    if (report.problems.length > 10) lines.push(`• …and ${report.problems.length - 10} more.`);
  }
  const text = lines.join('\n');
  services.log(`Set up sheet:\n${text}`);
  try {
    const ui = SpreadsheetApp.getUi();
    ui.alert('Backorder Desk is set up', text, ui.ButtonSet.OK);
    return;
  } catch {
    // No Ui here (a trigger or the API): fall through to a toast.
  }
  try {
    services.ss.toast(report.done.length ? `${report.done.length} change(s) made.` : 'Nothing to change.', 'Backorder Desk set-up');
  } catch {
    // The log above is enough.
  }
}

/**
 * Asks, with a Yes/No alert, whether the triggers owned by `owner` should move to the person running
 * set-up. False when no Ui exists (a trigger or the API): nothing moves without a person saying so.
 */
export function askToTakeOverWithUi(owner: string): boolean {
  let ui: GoogleAppsScript.Base.Ui;
  try {
    ui = SpreadsheetApp.getUi();
  } catch {
    return false;
  }
  const answer = ui.alert(
    'Who runs the daily notices?',
    `The daily notices and stock alerts run as ${owner}: customer emails and alerts go out from that account, ` +
      'and its daily email quota is used.\n\n' +
      'Move them to your account? Yes: they run as you from now on (the triggers of that account stop by themselves). ' +
      'No: nothing changes.',
    ui.ButtonSet.YES_NO,
  );
  return answer === ui.Button.YES;
}
