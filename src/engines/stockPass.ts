/**
 * Keeps Inventory › Status in step with Available / Low at and announces stock changes to customer
 * care (Slack if connected, Settings › Alert emails if any). The rules of what is announced, and the
 * flap rule, are in src/core/alerts.ts.
 *
 * Every pass looks at the whole Inventory (one read), so changes that fired no trigger (script
 * writes, imports) are caught by the next edit or by the hourly tick, which calls `refreshStockStatus`.
 * A change held by the flap rule, or an edit that finds the lock busy, needs nothing scheduled: the
 * next hourly tick runs the same pass and announces the net change (the quiet period is shorter than
 * an hour). Orders is read (once) only when there is something to announce. Status cells are written
 * as one block. The per-SKU memory and the failed posts waiting for a retry live in Document Properties
 * (src/gas/store.ts), as compact JSON split into pieces that fit the 9 KB value limit.
 */
import {
  alertSubject,
  alertText,
  AlertEvent,
  backInStockDateNote,
  issueMark,
  restockIssueText,
  decideAlert,
  decodeMemory,
  encodeMemory,
  listAlerts,
  SkuMemory,
  slackLine,
  Waiting,
} from '../core/alerts';
import { memoToLocal } from '../core/dates';
import { eta, restockDateIssue } from '../core/eta';
import { lowMark, waitingBySku } from '../core/stock';
import { type ShopLockOptions, withShopLock } from '../gas/lock';
import type { KeyValueStore, Services } from '../gas/services';
import { KEYS, readChunked, writeChunked } from '../gas/store';
import { isBackorderStatus, readInteger, readInventory, readOrderLines, skuKey, TYPOGRAPHIC_MINUS } from '../sheet/records';
import { RUN_PROBLEM_KIND } from '../sheet/noticeLog';
import { reportOnce } from './sheetProblems';
import { parseOrderStatus, STOCK_STATUSES, TAB } from '../sheet/schema';
import type { Settings } from '../sheet/settings';
import { OWN_NOTE_PREFIX, writeOwnNotes, type Table } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { followLowStockDefault } from './stockColours';

export const ALERT_MEMORY_KEY = KEYS.stockMemory.key;
export const ALERT_PENDING_KEY = KEYS.stockPending.key;
/** Failed alerts kept for a retry (the oldest go first when there are more). */
const MAX_PENDING = 40;
/** ...and at most this much text (JSON characters), so the retry list stays a small share of the 500 KB store. */
const MAX_PENDING_CHARS = 30_000;
const LOCK_WAIT_MS = 10_000;
/** How dropped alerts are told in the Notice log: a delivery failure of the run, not a problem of the sheet. */
const RUN_PROBLEM = { kind: RUN_PROBLEM_KIND, result: 'Failed' } as const;

/** A message that could not be delivered; retried by the next hourly run. */
interface Pending {
  /** Minutes since epoch when it was first tried. */
  a: number;
  /** 's' Slack, 'm' email. */
  c: 's' | 'm';
  /** Email subject. */
  s?: string;
  /** Text (Slack: already escaped). */
  x: string;
}

export type PassMode = 'edit' | 'refresh' | 'baseline';

export interface PassResult {
  /** Status cells corrected. */
  statusFixed: number;
  announced: number;
  /** Changes held by the quiet period. */
  held: number;
  /** When the first held change can be announced (ms since epoch; 0 when nothing is held). */
  heldUntil: number;
  /** Delivery problems (also logged). */
  failures: string[];
  problems: string[];
}

function readPending(props: KeyValueStore): Pending[] {
  const text = readChunked(props, ALERT_PENDING_KEY);
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v.filter((p) => p && typeof p.x === 'string' && (p.c === 's' || p.c === 'm')) as Pending[]) : [];
  } catch {
    return [];
  }
}

function writePending(services: Services, pending: Pending[]): void {
  let dropped = 0;
  if (pending.length > MAX_PENDING) {
    dropped = pending.length - MAX_PENDING;
    pending = pending.slice(-MAX_PENDING);
  }
  let chars = JSON.stringify(pending).length;
  while (pending.length > 1 && chars > MAX_PENDING_CHARS) {
    chars -= JSON.stringify(pending[0]).length + 1;
    pending = pending.slice(1);
    dropped++;
  }
  if (pending.length === 1 && chars > MAX_PENDING_CHARS) pending = [{ ...pending[0], x: `${pending[0].x.slice(0, MAX_PENDING_CHARS / 2)}\n…(cut short)` }];
  writeChunked(services.props, ALERT_PENDING_KEY, JSON.stringify(pending));
  if (dropped) noteDropped(services, dropped);
}

/**
 * Alerts dropped from the retry list (a long Slack or mail outage) are counted (`KEYS.stockDropped`) and said in
 * the Notice log, once a day while it lasts, with the count so far; the first delayed alert that gets through says
 * how many were lost, and the count starts again.
 */
function noteDropped(services: Services, dropped: number): void {
  const total = (Number(services.props.get(KEYS.stockDropped.key)) || 0) + dropped;
  services.props.set(KEYS.stockDropped.key, String(total));
  const text =
    `Stock alerts could not be delivered (is Slack or email down?): only the last ${MAX_PENDING} undelivered alerts are kept for a retry, ` +
    `so ${total} older alert(s) have been dropped so far. The Inventory tab shows the current stock; the first delayed alert that gets through says how many were lost.`;
  services.log(`Stock alerts: ${text}`);
  reportOnce(services, 'alerts', [{ key: `alerts-dropped|${services.localDate(services.clock.now())}`, text }], RUN_PROBLEM);
}

/** Said before the first delayed alert that gets through after some were dropped ('' when none were). */
function droppedNote(services: Services): string {
  const n = Number(services.props.get(KEYS.stockDropped.key)) || 0;
  return n > 0 ? `(${n} older alert(s) could not be kept during the outage and were dropped; see the Notice log.)\n` : '';
}

// ------------------------------------------------------------------ delivery

const FOOTER = '\n\n— Backorder Desk stock alerts. Expected dates are internal: customers only ever get hedged wording.';

function sendSlack(services: Services, text: string, pending: Pending[], at: number, failures: string[]): void {
  if (!services.slack.connected()) return;
  const r = services.slack.post(text);
  if (!r.ok) {
    failures.push(`Slack: ${r.error}`);
    pending.push({ a: at, c: 's', x: text });
  }
}

function sendMail(services: Services, settings: Settings, subject: string, body: string, pending: Pending[], at: number, failures: string[]): void {
  const to = settings.alertEmails.slice(0, 50);
  if (to.length === 0) return;
  let error = '';
  try {
    if (services.mail.remainingQuota() < to.length) error = 'the daily email quota is used up';
    else services.mail.send({ to: to.join(','), subject, body: body + FOOTER, name: 'Backorder Desk' });
  } catch (e) {
    error = (e as Error).message;
  }
  if (error) {
    failures.push(`Alert email: ${error}`);
    pending.push({ a: at, c: 'm', s: subject, x: body });
  }
}

/** Retries alerts that failed before (one Slack post and one email at most). */
function retryPending(services: Services, settings: Settings, failures: string[]): number {
  const old = readPending(services.props);
  if (old.length === 0) return 0;
  const still: Pending[] = [];
  const stamp = (p: Pending) => services.format(new Date(p.a * 60000), 'yyyy-MM-dd HH:mm');
  const slack = old.filter((p) => p.c === 's');
  const mail = old.filter((p) => p.c === 'm');
  let note = droppedNote(services);
  const told = () => {
    if (note) services.props.delete(KEYS.stockDropped.key);
    note = '';
  };
  if (slack.length) {
    if (services.slack.connected()) {
      const text = note + slack.map((p) => `(delayed, from ${stamp(p)}) ${p.x}`).join('\n');
      const r = services.slack.post(text);
      if (!r.ok) {
        failures.push(`Slack retry: ${r.error}`);
        still.push(...slack);
      } else told();
    } else {
      services.log(`Stock alerts: Slack is no longer connected; ${slack.length} undelivered Slack alert(s) dropped.`);
    }
  }
  if (mail.length) {
    const subject = mail.length === 1 ? `${mail[0].s ?? 'Stock alert'} (delayed)` : `Stock alerts (${mail.length}, delayed)`;
    const body = note + mail.map((p) => `From ${stamp(p)}:\n${p.x}`).join('\n\n');
    if (settings.alertEmails.length === 0) {
      services.log(`Stock alerts: no Alert emails are set; ${mail.length} undelivered email alert(s) dropped.`);
    } else {
      const failed: Pending[] = [];
      sendMail(services, settings, subject, body, failed, 0, failures);
      if (failed.length) still.push(...mail);
      else told();
    }
  }
  writePending(services, still);
  return old.length - still.length;
}

// ------------------------------------------------------------------ the pass

/**
 * Who waits for each SKU, from one read of Orders (only the open backorder lines are parsed): a line waits for
 * its `Switched to` SKU when it holds one, and its `Allocated` units count as set aside.
 */
function waitingFor(services: Services, wb: Workbook): Map<string, Waiting> {
  const t = wb.table(TAB.orders);
  const waiting = (i: number) => isBackorderStatus(parseOrderStatus(t.get(i, 'Status')));
  const lines = readOrderLines(t, memoToLocal((d) => services.localDate(d)), waiting).lines.map((l) => ({
    ...l,
    sku: String(t.get(l.index, 'Switched to')).trim() || l.sku,
    allocated: Math.max(0, readInteger(t.get(l.index, 'Allocated')) || 0),
  }));
  return waitingBySku(lines);
}

export interface PassOptions {
  /** The Inventory table to use (set-up passes the one it just repaired). */
  inventory?: Table;
  settings?: Settings;
}

/**
 * One pass over the Inventory: corrects Status cells and announces what changed.
 * 'baseline' records SKUs not seen before without announcing anything (set-up).
 * Never throws for delivery problems; they are kept for the next daily run.
 */
export function syncStock(services: Services, wb: Workbook, mode: PassMode, options: PassOptions = {}): PassResult {
  const result: PassResult = { statusFixed: 0, announced: 0, held: 0, heldUntil: 0, failures: [], problems: [] };
  const settingsResult = options.settings ? { settings: options.settings, problems: [] } : wb.settings();
  const settings = settingsResult.settings;
  const table = options.inventory ?? wb.table(TAB.inventory);
  if (!table.sheet || !table.has('Available')) {
    result.problems.push(
      table.sheet
        ? 'Inventory has no "Available" column, so stock Status, colours and alerts are not kept; run "Set up sheet" (it renames a near match back).'
        : 'There is no Inventory tab (was it renamed?), so stock Status, colours and alerts are not kept and notices cannot check SKUs. ' +
            'Rename it back to "Inventory", or run "Set up sheet" (it renames a near match back).',
    );
    return result;
  }
  const inventory = readInventory(table, memoToLocal((d) => services.localDate(d)), settings.lowStockDefault);
  result.problems.push(...inventory.problems);

  // A pasted "−3" (typographic minus) reads as -3; the cell becomes the number, so the native colours see it too.
  for (const item of inventory.items) {
    const raw = table.get(item.index, 'Available');
    if (item.available === null || typeof raw !== 'string' || !TYPOGRAPHIC_MINUS.test(raw)) continue;
    table.set(item.index, 'Available', item.available);
    table.sheet
      .getRange(table.rowNumber(item.index), (table.col.get('Available') as number) + 1)
      .setNote(`Backorder Desk: "${raw.trim()}" had a typographic minus; it was read as ${item.available} and rewritten as that number.`);
    result.problems.push(
      `Inventory row ${table.rowNumber(item.index)} (${item.sku}): Available "${raw.trim()}" was typed with a typographic minus; ` +
        `it reads as ${item.available} and was rewritten as that number, so the colours show it.`,
    );
  }

  // Status cells follow Available / Low at.
  for (const item of inventory.items) {
    const want = item.status ?? '';
    if (item.statusCell === want) continue;
    if (want === '' && !STOCK_STATUSES.some((s) => s === item.statusCell)) continue;
    table.set(item.index, 'Status', want);
    result.statusFixed++;
  }
  table.flush();

  // Alerts.
  const storedText = readChunked(services.props, ALERT_MEMORY_KEY);
  const memory = decodeMemory(storedText);
  const silent = mode === 'baseline' || storedText === null;
  const nowMs = services.clock.now().getTime();
  const today = services.localDate(services.clock.now());
  const next = new Map<string, SkuMemory>();
  const events: AlertEvent[] = [];
  /** Expected restock cell notes to write (row index -> note; '' clears one of ours). */
  const notes = new Map<number, string>();
  for (const [key, item] of inventory.bySku) {
    const prev = memory.get(key);
    if (item.status === null) {
      if (prev) next.set(key, prev);
      continue;
    }
    const itemNow = {
      sku: item.sku,
      product: item.product,
      available: item.available as number,
      lowMark: lowMark(item.lowAt, settings.lowStockDefault),
      state: item.status,
      expected: item.expected,
    };
    const d = decideAlert(prev, itemNow, nowMs, silent);
    // The Expected restock cell: free text, a past date or a stale one on an out-of-stock item is noted on the cell
    // and told to the team once; a date left after the item came back is flagged on the cell.
    const raw = item.expected ?? String(table.get(item.index, 'Expected restock') ?? '').trim();
    const before = prev?.x ?? '';
    let mark = '';
    let issueText = '';
    if (item.status === 'Out of stock') {
      const unreadable = item.expected === null && raw !== '';
      const issue = restockDateIssue({ expected: item.expected, unreadable, today, graceDays: settings.restockGraceDays });
      if (issue) {
        mark = issueMark(`${issue}:${raw}`);
        issueText = restockIssueText(issue, { expected: item.expected, raw, today, graceDays: settings.restockGraceDays });
        // A date already announced that simply went by is not news yet: it is when it turns stale.
        const wentBy = issue === 'past' && prev?.s === 'Out of stock' && prev.e === item.expected;
        if (mark !== before && !wentBy && !silent) {
          if (d.event) d.event.issue = issueText;
          else events.push({ kind: 'date', item: itemNow, previousExpected: prev?.e ?? '', issue: issueText });
        }
      }
    } else if (raw !== '' && ((d.event?.kind === 'back') || before === issueMark(`back:${raw}`))) {
      mark = issueMark(`back:${raw}`);
      issueText = backInStockDateNote(raw);
    }
    if (mark !== before) notes.set(item.index, mark ? `${OWN_NOTE_PREFIX}${issueText}` : '');
    next.set(key, mark ? { ...d.next, x: mark } : { s: d.next.s, e: d.next.e, t: d.next.t });
    if (d.event) events.push(d.event);
    if (d.held) {
      result.held++;
      const until = d.heldUntil ?? nowMs;
      if (result.heldUntil === 0 || until < result.heldUntil) result.heldUntil = until;
    }
  }
  // Set-up only adds; passes over the whole sheet also forget SKUs that are gone.
  if (mode === 'baseline') for (const [k, m] of memory) if (!next.has(k)) next.set(k, m);
  // Agents read first what they may say: the customer-safe arrival phrase of each out-of-stock alert.
  for (const e of events) {
    if (e.item.state === 'Out of stock') e.say = eta({ expected: e.item.expected, today, prepDays: settings.warehousePrepDays, graceDays: settings.restockGraceDays }).phrase;
  }
  writeOwnNotes(table, 'Expected restock', notes);
  const nextText = encodeMemory(next);
  if (nextText !== storedText) writeChunked(services.props, ALERT_MEMORY_KEY, nextText);

  if (events.length) {
    const waiting = waitingFor(services, wb);
    const none: Waiting = { customers: 0, orders: 0, units: 0 };
    const w = (e: AlertEvent) => waiting.get(skuKey(e.item.sku)) ?? none;
    const pending = readPending(services.props);
    const before = pending.length;
    const at = Math.round(nowMs / 60000);
    sendSlack(services, listAlerts(events, (e) => slackLine(e, w(e))).join('\n'), pending, at, result.failures);
    sendMail(services, settings, alertSubject(events), listAlerts(events, (e) => alertText(e, w(e))).join('\n\n'), pending, at, result.failures);
    if (pending.length !== before) writePending(services, pending);
    result.announced = events.length;
  }
  for (const f of result.failures) services.log(`Stock alerts: ${f} (kept for a retry at the next hourly run).`);
  return result;
}

/** How stock alerts take the shop lock (src/gas/lock.ts): when it is busy, the next hourly tick catches up. */
export const STOCK_LOCK: ShopLockOptions = {
  waitMs: LOCK_WAIT_MS,
  busyMessage: 'Stock alerts: another run holds the lock; the next hourly run picks the changes up.',
};

// ------------------------------------------------------------------ what waits for the next tick

/**
 * After a pass under the shop lock (`result` null: the lock was busy, and `STOCK_LOCK` said so): a change
 * held by the quiet period is announced by the next hourly tick (it runs the same pass).
 */
export function noteHeldChanges(services: Services, result: PassResult | null | undefined): void {
  if (result && result.heldUntil > 0) {
    services.log(`Stock alerts: ${result.held} change(s) held by the 10-minute quiet period; the next hourly run announces the net change.`);
  }
}

/** The hourly tick's pass: retries failed alerts, then one pass over the Inventory. */
function refreshPass(services: Services, wb: Workbook): PassResult {
  const settings = wb.settings().settings;
  const failures: string[] = [];
  retryPending(services, settings, failures);
  for (const f of failures) services.log(`Stock alerts: ${f} (kept for the next hourly run).`);
  followLowStockDefault(services, wb);
  const result = syncStock(services, wb, 'refresh');
  // Told once in the Notice log while each lasts (a renamed tab, a duplicate SKU, an unreadable Available…).
  reportOnce(
    services,
    'inventory',
    result.problems.map((text) => ({ key: text.replace(/\brows? \d+/g, 'row'), text, sku: /^Inventory row \d+ \(([^)]*)\)/.exec(text)?.[1] })),
  );
  return result;
}

/**
 * Called by every hourly tick (and the daily run): brings Status in step with Available and announces
 * every state change not yet announced (this is how script writes, imports and changes held by the quiet
 * period are caught), then retries alerts that failed before. Never throws for delivery problems.
 */
export function refreshStockStatus(services: Services, wb: Workbook): void {
  noteHeldChanges(services, withShopLock(services, () => refreshPass(services, wb), STOCK_LOCK));
}
