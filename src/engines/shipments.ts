/**
 * The shipments engine: keeps Orders in step with the Shipments tab, and tells customers what shipped.
 *
 * `syncShipments` (the hourly tick, the daily run, an edit of Shipments): reads Shipments and Orders once,
 * decides with src/core/shipments.ts (`Shipped` = max(hand value, Σ Shipments), Status Partial / Shipped,
 * Allocated released), writes the changed Orders cells (anchored by Order ID and SKU, so a sort during the
 * run never moves a value), keeps the per-line memory in Document Properties (`BD_SHIPMENT_LINES`), and marks
 * row problems with a cell note on the Shipments row (one Notice log row when a problem is first noted; the
 * note goes when the row is fixed). Every Orders change is an Activity log row.
 *
 * `sendShipmentEmails` sends the `Shipped` emails through the Sender (journal `shipments`): one per order,
 * customer and Shipped on day, never twice (sent keys in `BD_SHIPMENT_MAILS`). The first run only takes note of
 * the parcels already in Shipments (they left before the add-on watched; customers were told then).
 */
import { memoToLocal } from '../core/dates';
import { eta } from '../core/eta';
import { isValidEmail, SHIPPED_KIND, skuKey } from '../core/model';
import { itemName } from '../core/notices';
import { planParcelEmails, RECENT_SHIPMENT_DAYS, reconcileShipments, trackingUrl, type ParcelEmail, type Reconciled, type ShipLine, type ShipMemory, type ShipmentProblem, type ShipmentRow } from '../core/shipments';
import { defaultTemplate, renderKind, type TemplateData } from '../core/templates';
import { addDays } from '../core/dates';
import type { Services } from '../gas/services';
import { ChunkedList, KEYS, readChunked, writeChunked } from '../gas/store';
import { logActivities, type Activity } from '../sheet/activityLog';
import { noticeLogTable } from '../sheet/noticeLog';
import { readInventory, readShipLines, readShipmentRows } from '../sheet/records';
import { TAB } from '../sheet/schema';
import { readTemplates } from '../sheet/templatesTab';
import { appendRecords, OWN_NOTE_PREFIX, safeText, type Cell, type Table } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';
import { runAllocation } from './allocation';
import { sendAll, Sender, type SendAllResult } from './sending';

/** First item of the sent list: the day shipment emails started (parcels already in Shipments then are not emailed). */
const SINCE = 'since:';
/** `failed:<day>|<parcel key>`: the mail service refused it that day. */
const FAILED = 'failed:';


export interface ShipmentSync {
  lines: ShipLine[];
  rows: ShipmentRow[];
  reconciled: Reconciled;
}

const synced = new WeakMap<Workbook, ShipmentSync>();

function readMemory(services: Services): ShipMemory {
  const raw = readChunked(services.props, KEYS.shipmentLines.key);
  if (!raw) return {};
  try {
    const m = JSON.parse(raw) as unknown;
    return m && typeof m === 'object' && !Array.isArray(m) ? (m as ShipMemory) : {};
  } catch {
    services.log(`${KEYS.shipmentLines.key} was unreadable and is rebuilt from the sheet.`);
    return {};
  }
}

function describe(v: { shipped: number; status: string; allocated: number | null }): string {
  return `Shipped ${v.shipped} · ${v.status || '(no status)'}${v.allocated === null ? '' : ` · Allocated ${v.allocated}`}`;
}

/**
 * Brings Orders in line with Shipments (the caller holds the shop lock). `who` names the run in the Activity
 * log ("hourly run", "edit trigger"). Null when Shipments or Orders lack the columns it needs (logged).
 */
export function syncShipments(services: Services, wb: Workbook, who: string, options: { whileTyping?: boolean; via?: string } = {}): ShipmentSync | null {
  const ship = wb.table(TAB.shipments);
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  const needed = ['Order ID', 'SKU', 'Qty', 'Shipped', 'Status'].filter((h) => !orders.has(h));
  if (!ship.sheet || ship.missing.length > 0 || !orders.sheet || needed.length > 0) {
    if (ship.sheet || ship.missing.length < 6) services.log(`Shipments were not read: ${ship.missing.length ? `the Shipments tab lacks ${ship.missing.join(', ')}` : `the Orders tab lacks ${needed.join(', ')}`}. Run "Set up sheet".`);
    return null;
  }
  const toLocal = memoToLocal((d) => services.localDate(d));
  const rows = readShipmentRows(ship, toLocal);
  const lines = readShipLines(orders);
  const memoryBefore = readChunked(services.props, KEYS.shipmentLines.key) ?? '{}';
  const reconciled = reconcileShipments(lines, rows, readMemory(services));
  const now = services.clock.now();
  const activities: Activity[] = [];
  for (const c of reconciled.changes) {
    orders.set(c.index, 'Shipped', c.after.shipped);
    orders.set(c.index, 'Status', c.after.status);
    if (c.after.allocated !== null) orders.set(c.index, 'Allocated', c.after.allocated);
    activities.push({
      when: now,
      who,
      what: c.after.shipped < c.before.shipped ? 'Shipment corrected' : 'Shipped',
      orderId: c.orderId,
      sku: c.sku,
      before: describe(c.before),
      after: describe(c.after),
      detail: options.via ?? 'From the Shipments tab',
    });
  }
  orders.flush();
  for (const i of orders.unmatched.splice(0)) {
    services.log(`Orders row ${i + 2} as read (order ${String(orders.get(i, 'Order ID'))}) moved or changed while shipments were written; the next run puts its Shipped right.`);
  }
  const memoryAfter = JSON.stringify(reconciled.memory);
  if (memoryAfter !== memoryBefore) writeChunked(services.props, KEYS.shipmentLines.key, memoryAfter);
  // An edit leaves a row with a blank Order ID, SKU or Qty alone (a person types a row cell by cell); the
  // hourly run notes it if it stays so.
  const leave = options.whileTyping ? new Set(reconciled.problems.filter((p) => p.incomplete).map((p) => p.index)) : new Set<number>();
  noteProblems(wb, ship, reconciled.problems, now, leave);
  logActivities(wb.ss, activities);
  // Units that shipped are no longer set aside: the allocation plans again with what is still owed.
  if (reconciled.changes.length > 0) runAllocation(services, wb, `shipment recorded by ${who}`);
  const result = { lines, rows, reconciled };
  synced.set(wb, result);
  return result;
}

/**
 * Puts each problem as a note on its Shipments cell (one read of the notes, one write when any changed),
 * removes the add-on's notes (OWN_NOTE_PREFIX; a person's own notes stay) from rows that are fixed, and logs
 * each newly noted problem once. Unlike `writeOwnNotes` (one column), a problem is noted on the cell at fault.
 */
function noteProblems(wb: Workbook, ship: Table, problems: readonly ShipmentProblem[], at: Date, leave: ReadonlySet<number>): void {
  if (!ship.sheet || ship.rows.length === 0) return;
  const width = ship.headerRow.length;
  const range = ship.sheet.getRange(2, 1, ship.rows.length, width);
  const notes = range.getNotes();
  const want = new Map<string, string>();
  for (const p of problems) {
    const c = ship.col.get(p.column) ?? 0;
    const k = `${p.index}|${c}`;
    want.set(k, want.has(k) ? `${want.get(k)} ${p.message}` : p.message);
  }
  const logRows: Array<Record<string, Cell>> = [];
  let changed = false;
  notes.forEach((row, i) =>
    row.forEach((cur, c) => {
      if (leave.has(i)) return;
      const message = want.get(`${i}|${c}`);
      const note = message === undefined ? '' : OWN_NOTE_PREFIX + message;
      if (message === undefined && !String(cur).startsWith(OWN_NOTE_PREFIX)) return;
      if (cur === note) return;
      row[c] = note;
      changed = true;
      if (message !== undefined) {
        logRows.push({
          'Sent at': at,
          'Order ID': safeText(String(ship.get(i, 'Order ID'))),
          Kind: SHIPPED_KIND,
          SKUs: safeText(String(ship.get(i, 'SKU'))),
          Result: 'Skipped',
          Detail: safeText(`Shipments row ${i + 2}: ${message}`),
        });
      }
    }),
  );
  if (changed) range.setNotes(notes);
  if (logRows.length > 0) appendRecords(noticeLogTable(wb.ss), logRows);
}

/** What a batch of mail did (src/engines/sending.ts `sendAll`). */
export type BatchResult = SendAllResult;

export interface SendOptions {
  /** Notice log Detail of each email the quota could not cover (src/core/mailPriority.ts); none: no rows. */
  waitDetail?: (higherTierTookQuota: boolean) => string;
  /** A higher tier of this run stopped for the quota. */
  higherTierTookQuota?: boolean;
}

/**
 * Sends the shipment emails that are due (the caller holds the shop lock), oldest parcel first, within the
 * mail quota and `deadline` (clock ms). Reconciles first unless this run already did.
 */
export function sendShipmentEmails(services: Services, wb: Workbook, deadline: number, options: SendOptions = {}): BatchResult {
  const result: BatchResult = { sent: 0, failed: 0, waiting: 0, stoppedBecause: null };
  const sync = synced.get(wb) ?? syncShipments(services, wb, 'hourly run');
  if (!sync) return result;
  const { settings } = wb.settings();
  const sentList = new ChunkedList(services.props, KEYS.shipmentMails.key, services.log);
  const sent = new Set(sentList.items());
  const remember = (key: string) => {
    if (!sent.has(key)) {
      sent.add(key);
      sentList.push(key);
    }
  };
  const sender = new Sender({ services, wb, journal: 'shipments', deadlineMs: deadline, onSent: (n) => remember(n.key) });
  sender.recover((e) => remember(e.key));
  const today = services.localDate(services.clock.now());
  forgetOld(sentList, sent, today);
  // An email the mail service refused is tried again the next day, not every hour.
  const failedToday = `${FAILED}${today}|`;
  const triedToday = [...sent].filter((k) => k.startsWith(failedToday)).map((k) => k.slice(failedToday.length));
  const toLocal = memoToLocal((d) => services.localDate(d));
  let stock: ReturnType<typeof readInventory>['bySku'] | null = null;
  const inventory = () => {
    const invTable = wb.table(TAB.inventory);
    return (stock ??= invTable.sheet ? readInventory(invTable, toLocal, settings.lowStockDefault).bySku : new Map());
  };
  const plan = planParcelEmails({
    lines: sync.lines,
    rows: sync.rows,
    reconciled: sync.reconciled,
    today,
    sent: new Set([...sent, ...triedToday, ...(sender.testMode ? sender.sentTodayInTest() : [])]),
    // A line that never waited is delayed only when its item cannot cover it (an unknown item is not).
    shortOfStock: (sku, units) => {
      const available = inventory().get(skuKey(sku))?.available;
      return available !== undefined && available !== null && available < units;
    },
  });
  if (![...sent].some((k) => k.startsWith(SINCE))) {
    // The first run that watches Shipments: parcels already there left before; customers hear of new ones only.
    // The marker goes last, so a run stopped part-way takes note again next time.
    for (const p of plan) remember(p.key);
    remember(`${SINCE}${today}`);
    if (plan.length > 0) services.log(`Shipment emails start now: ${plan.length} earlier parcel(s) in Shipments are not emailed.`);
    sender.finish();
    return result;
  }
  if (plan.length === 0) {
    sender.finish();
    return result;
  }
  const custom = readTemplates(wb).get(SHIPPED_KIND.toLowerCase());
  const fallback = defaultTemplate(SHIPPED_KIND)!;
  const r = sendAll(
    sender,
    plan,
    compose,
    options.waitDetail && { detail: options.waitDetail(options.higherTierTookQuota === true), row: (p) => ({ orderId: p.orderId, email: p.email, kind: SHIPPED_KIND, skus: skusOf(p) }) },
    (p) => remember(`${failedToday}${p.key}`),
  );
  sender.finish();
  return r;

  function skusOf(p: ParcelEmail): string {
    return [...new Set(p.parcel.map((x) => x.sku))].join(', ');
  }

  function compose(p: ParcelEmail) {
    // Same audience as the backorder notices; a bad address is logged once, not retried every hour.
    const notify = settings.notifySegments.map((x) => x.toUpperCase());
    if (!notify.includes(p.segment)) {
      remember(p.key);
      return null;
    }
    if (!isValidEmail(p.email)) {
      remember(p.key);
      sender.skip({ orderId: p.orderId, email: p.email, kind: SHIPPED_KIND, skus: skusOf(p), detail: `Not sent: "${p.email}" is not a valid email address.` });
      return null;
    }
    const info = (sku: string) => inventory().get(skuKey(sku));
    const name = (sku: string) => itemName(info(sku)?.product ?? '', sku, info(sku)?.productLine);
    // The item's Inventory Delay reason, as the day notices give it (blank: the template's default reason).
    const reason = (sku: string) => {
      const item = info(sku);
      const text = item ? String(wb.table(TAB.inventory).get(item.index, 'Delay reason')).trim() : '';
      return text ? { reason: text } : {};
    };
    const data: TemplateData = {
      customer: p.customer,
      orderId: p.orderId,
      supportPhone: settings.supportPhone,
      senderName: settings.senderName,
      complete: p.complete,
      // Only the delayed lines are listed with an arrival phrase and a reason; the lines that follow separately
      // are not delayed and are listed apart, without either.
      items: p.toCome.map((u) => ({ product: name(u.sku), sku: u.sku, quantity: u.quantity, eta: eta({ expected: info(u.sku)?.expected ?? null, today, prepDays: settings.warehousePrepDays }).phrase, ...reason(u.sku) })),
      parcel: p.parcel.map((x) => ({ product: name(x.sku), sku: x.sku, quantity: x.quantity, carrier: x.carrier, tracking: x.tracking, trackingUrl: trackingUrl(x.carrier, x.tracking) })),
      shippedEarlier: p.earlier.map((u) => ({ product: name(u.sku), sku: u.sku, quantity: u.quantity })),
      followsSeparately: p.followsSeparately.map((u) => ({ product: name(u.sku), sku: u.sku, quantity: u.quantity })),
    };
    const chosen = renderKind(SHIPPED_KIND, custom, fallback, data);
    if (chosen.refused) services.log(`Templates › ${SHIPPED_KIND}: ${chosen.refused}; the default text is used.`);
    if (chosen.unsafe !== null) {
      remember(p.key); // logged once, never again every hour
      sender.skip({ orderId: p.orderId, email: p.email, kind: SHIPPED_KIND, skus: skusOf(p), detail: `Not sent: the email would show an exact date (${chosen.unsafe}).` });
      return null;
    }
    const r = chosen.email;
    if (!r) return null;
    return { key: p.key, orderId: p.orderId, to: p.email, kind: SHIPPED_KIND, skus: skusOf(p), subject: r.subject, text: r.text, html: r.html, detail: `Parcel of ${p.day}` };
  }
}

/** Sent keys of parcels too old to be emailed are dropped (the list stays small). */
function forgetOld(list: ChunkedList, sent: Set<string>, today: string): void {
  const oldest = addDays(today, -2 * RECENT_SHIPMENT_DAYS);
  const keep = [...sent].filter((k) => k.slice(k.lastIndexOf('|') + 1) >= oldest);
  if (keep.length === sent.size) return;
  list.clear();
  sent.clear();
  for (const k of keep) {
    sent.add(k);
    list.push(k);
  }
}
