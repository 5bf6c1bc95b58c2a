/**
 * Allocating returning stock to the customers who waited (pure: no Apps Script, no clock).
 *
 * The rule
 * - `Available` keeps its meaning: units on hand minus units owed to open backorder lines (negative = owed).
 *   So for a SKU, **on hand = Available + owed**, where owed is the open quantity (`Qty − Shipped`) of its
 *   BackOrder / INVHOLD / Partial lines (statuses read case-insensitively). Shipping does not change
 *   `Available`; receiving stock raises it.
 * - Units free to set aside = on hand − units already allocated and not yet shipped (never below 0).
 * - Waiting lines are served in this order: `Priority` (High, then Normal or blank, then Low), then
 *   `Backordered since` (oldest first; blank: `Order date`), then `Order date`, then row order. The same input
 *   always gives the same plan.
 * - `Ship preference`: `Ship what's ready` (a line may get part of its units) or `Wait for all` (the order gets
 *   units only when every open line of that order can be fully covered at once; until then it is passed over
 *   and the units go to the next in line). Blank means the Settings default (`Default ship preference`).
 *   An order is one Order ID for one customer; a value written on any of its lines counts for the whole order,
 *   and when its lines disagree, `Wait for all` wins. A Wait-for-all order is served as one, at the turn of its
 *   first-served line.
 * - Backorder limit per customer (blank = none): units beyond it on one customer's lines (counted in the order
 *   above, across all their lines) are served only after everyone else of the same priority, and the line is
 *   flagged for a manager. A Wait-for-all order with any units beyond the limit waits with them.
 * - `Allocated`: units set aside for that line and not yet shipped. Allocation never exceeds the units free to
 *   set aside, nor a line's open quantity; the sum never exceeds on hand.
 * - Changing Priority or Ship preference and re-running re-plans only units that are allocated and not yet
 *   shipped; nothing already shipped moves.
 *
 * Units set aside stay put (stability). Running the plan again with nothing changed gives the same allocation,
 * and units already set aside for a line stay with it against every line of the same priority, however long
 * that line has waited: a new line with an older `Backordered since` (an order imported late, a date
 * corrected) waits for the next units instead of taking them from a parcel that may already be on the packing
 * bench. Set-aside units move to another line only when
 * 1. a line of higher Priority is still waiting for them (a priority was raised or lowered, or a new High
 *    order came in): Priority always comes first;
 * 2. they are beyond the customer's backorder limit and someone else of the same priority is waiting;
 * 3. the line's order waits for all and can no longer be fully covered (a line was added, a Qty raised);
 * 4. on hand fell below what is set aside (a count was lowered): the last in line give back first;
 * 5. the line no longer needs them (shipped, cancelled, Qty lowered).
 * In service order this means: within each priority, first the units already set aside (in the order above),
 * then the units still waiting (in the order above); units beyond a customer's limit come after both.
 *
 * A SKU that is not on the Inventory tab, or whose `Available` cannot be read, is not planned: its lines keep
 * what they have (never more than they still need), and the plan says why. A Priority or Ship preference word
 * that is not ours is read as Normal / blank and reported.
 */
import { daysBetween, LocalDate } from './dates';
import { isBackorder } from './notices';
import { skuKey } from './stockOut';

export const SHIP_WHATS_READY = "Ship what's ready";
export const WAIT_FOR_ALL = 'Wait for all';
export type ShipPreference = typeof SHIP_WHATS_READY | typeof WAIT_FOR_ALL;
/** The words of the `Ship preference` column (and the `Default ship preference` setting). */
export const SHIP_PREFERENCES: readonly ShipPreference[] = [SHIP_WHATS_READY, WAIT_FOR_ALL];

export type PriorityLevel = 'High' | 'Normal' | 'Low';
/** The words of the `Priority` column; blank is Normal. */
export const PRIORITIES: readonly PriorityLevel[] = ['High', 'Normal', 'Low'];

const TIER: Record<PriorityLevel, number> = { High: 0, Normal: 1, Low: 2 };

/** Reads a Ship preference cell case-insensitively (any apostrophe); null when blank, undefined when not ours. */
export function parseShipPreference(value: string): ShipPreference | null | undefined {
  const t = value.trim().toLowerCase().replace(/[\u2018\u2019`´]/g, "'").replace(/\s+/g, ' ');
  if (t === '') return null;
  if (t === "ship what's ready" || t === 'ship whats ready') return SHIP_WHATS_READY;
  if (t === 'wait for all') return WAIT_FOR_ALL;
  return undefined;
}

/** Reads a Priority cell case-insensitively; blank is Normal; undefined when not ours. */
export function parsePriority(value: string): PriorityLevel | undefined {
  const t = value.trim().toLowerCase();
  if (t === '') return 'Normal';
  return PRIORITIES.find((p) => p.toLowerCase() === t);
}

/** The fields of an Inventory item the planner reads (src/sheet/records.ts `Item` fits). */
export interface AllocationItem {
  sku: string;
  /** null when blank or unreadable. */
  available: number | null;
}

/** The fields of an Orders line the planner reads (`OrderLine` plus the two new columns fits). */
export interface AllocationLine {
  /** Index in the Orders data rows (row order). */
  index: number;
  orderId: string;
  customer: string;
  email: string;
  sku: string;
  qty: number | null;
  shipped: number;
  /** The Status word (read case-insensitively). */
  status: string | undefined;
  /** `Backordered since`; blank falls back to `orderDate`. */
  since: LocalDate | null;
  orderDate: LocalDate | null;
  priority: string;
  /** The `Ship preference` cell. */
  shipPreference: string;
  /** The `Allocated` cell: null when blank. */
  allocated: number | null;
}

export interface AllocationSettings {
  defaultShipPreference: ShipPreference;
  /** Backorder limit per customer, in units; null = none. */
  backorderLimit: number | null;
}

export interface AllocationInput {
  items: readonly AllocationItem[];
  lines: readonly AllocationLine[];
  settings: AllocationSettings;
  /** Waiting days are counted up to this day (the spreadsheet's time zone). */
  today: LocalDate;
}

export interface LinePlan {
  index: number;
  orderId: string;
  /** One Order ID for one customer (email, else name): lines with the same key are one order. */
  orderKey: string;
  customer: string;
  sku: string;
  /** Units still owed on the line (Qty − Shipped on a BackOrder / INVHOLD / Partial line; else 0). */
  open: number;
  /** The Allocated cell as read (blank = 0). */
  before: number;
  /** The new Allocated. */
  allocated: number;
  priority: PriorityLevel;
  /** The order's ship preference, after the default and the order's other lines. */
  shipPreference: ShipPreference;
  /** Place among the SKU's waiting lines in service order (1 = first), or null when not waiting. */
  rank: number | null;
  /** How many lines wait for the SKU. */
  of: number;
  /** Service turn across all SKUs (lines of one Wait-for-all order share it), or null when not waiting. */
  turn: number | null;
  waitingDays: number | null;
  /** Wait for all, and the order could not be fully covered. */
  passedOver: boolean;
  /** Some of its units are beyond the customer's backorder limit: for a manager to look at. */
  overLimit: boolean;
  /** Plain words for the warehouse and the agent ('' when the line is not waiting and had nothing). */
  why: string;
}

export interface SkuFigures {
  sku: string;
  /** Available + owed (never below 0); null when the SKU was not planned. */
  onHand: number | null;
  owed: number;
  allocatedBefore: number;
  allocated: number;
  /** On hand − allocated: units not set aside after the plan (null when not planned). */
  free: number | null;
  /** Owed − allocated: units still to come. */
  remainingOwed: number;
  /** Lines waiting for it. */
  lines: number;
}

export interface AllocationChange {
  index: number;
  orderId: string;
  sku: string;
  before: number;
  after: number;
}

export interface AllocationPlan {
  /** One per input line, in input order. */
  lines: LinePlan[];
  /** One per Inventory SKU (first row wins), then SKUs that only appear on Orders, in order. */
  skus: SkuFigures[];
  /** Lines whose Allocated changes, in row order. */
  changes: AllocationChange[];
  /** Things to fix in the sheet (unknown SKUs, unreadable values), each once. */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------

interface Work {
  line: AllocationLine;
  key: string;
  open: number;
  before: number;
  prev: number;
  priority: PriorityLevel;
  pref: ShipPreference;
  /** The line's own Ship preference cell, when it holds one of ours. */
  explicit: ShipPreference | null;
  since: LocalDate | null;
  /** Units within the customer's limit (all when there is none). */
  within: number;
  allocated: number;
  turn: number | null;
  passedOver: boolean;
  shortSkus: string[];
}

interface SkuState {
  sku: string;
  planned: boolean;
  available: number;
  onHand: number;
  pool: number;
  owed: number;
  reason: string;
}

/** Service key: priority, limit pass, held (0) or waiting (1), since, order date, row. */
type Key = [number, number, number, string, string, number];

interface Entry {
  key: Key;
  /** One line and a number of its units (Ship what's ready), or a whole Wait-for-all order. */
  works: Work[];
  units: number;
}

const LAST_DATE = '9999-99-99';

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

function baseKey(w: Work, pass: number, held: number): Key {
  return [TIER[w.priority], pass, held, w.since ?? LAST_DATE, w.line.orderDate ?? LAST_DATE, w.line.index];
}

function customerKey(l: AllocationLine): string {
  const email = l.email.trim().toLowerCase();
  if (email !== '') return `e:${email}`;
  const name = l.customer.trim().toLowerCase();
  return name !== '' ? `n:${name}` : `o:${l.orderId.trim().toUpperCase()}`;
}

function orderKey(l: AllocationLine): string {
  return `${l.orderId.trim().toUpperCase()}|${customerKey(l)}`;
}

/** Items by key, each group in input order, groups in order of first appearance. */
export function groupBy<T>(xs: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of xs) {
    const k = keyOf(x);
    const list = groups.get(k);
    if (list) list.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
export function ordinal(n: number): string {
  const t = n % 100;
  const s = t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${s}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Makes the allocation plan (see the rule at the top of this module). */
export function planAllocation(input: AllocationInput): AllocationPlan {
  const problems = new Set<string>();
  const skus = new Map<string, SkuState>();
  for (const item of input.items) {
    const key = skuKey(item.sku);
    if (key === '' || skus.has(key)) continue;
    const ok = item.available !== null && Number.isInteger(item.available);
    if (!ok) problems.add(`${item.sku.trim()}: Available cannot be read, so it was not allocated.`);
    skus.set(key, { sku: item.sku.trim(), planned: ok, available: ok ? (item.available as number) : 0, onHand: 0, pool: 0, owed: 0, reason: ok ? '' : `Available for ${item.sku.trim()} cannot be read` });
  }

  const works: Work[] = input.lines.map((line) => {
    const key = skuKey(line.sku);
    const qty = line.qty !== null && Number.isInteger(line.qty) && line.qty >= 0 ? line.qty : null;
    const shipped = Number.isInteger(line.shipped) && line.shipped > 0 ? line.shipped : 0;
    const open = isBackorder(line.status) && qty !== null && key !== '' ? Math.max(0, qty - shipped) : 0;
    const raw = line.allocated ?? 0;
    const before = Number.isFinite(raw) ? raw : 0;
    const prev = Math.min(open, Math.max(0, Math.floor(before)));
    let priority = parsePriority(line.priority);
    if (priority === undefined) {
      problems.add(`Priority "${line.priority.trim().slice(0, 40)}" is not High, Normal or Low; read as Normal.`);
      priority = 'Normal';
    }
    const p = parseShipPreference(line.shipPreference);
    if (p === undefined) problems.add(`Ship preference "${line.shipPreference.trim().slice(0, 40)}" is not ${SHIP_WHATS_READY} or ${WAIT_FOR_ALL}; read as blank.`);
    if (open > 0 && !skus.has(key)) {
      problems.add(`${line.sku.trim()}: not on the Inventory tab, so it was not allocated.`);
      skus.set(key, { sku: line.sku.trim(), planned: false, available: 0, onHand: 0, pool: 0, owed: 0, reason: `${line.sku.trim()} is not on the Inventory tab` });
    }
    return {
      line,
      key,
      open,
      before,
      prev,
      priority,
      pref: p ?? input.settings.defaultShipPreference,
      since: line.since ?? line.orderDate,
      within: open,
      allocated: 0,
      turn: null,
      passedOver: false,
      shortSkus: [],
      explicit: p ?? null,
    };
  });

  // On hand per SKU.
  for (const w of works) {
    if (w.open > 0) skus.get(w.key)!.owed += w.open;
  }
  for (const s of skus.values()) {
    if (!s.planned) continue;
    s.onHand = Math.max(0, s.available + s.owed);
    s.pool = s.onHand;
  }

  const waiting = works.filter((w) => w.open > 0);
  const plannedWaiting = waiting.filter((w) => skus.get(w.key)!.planned);
  for (const w of waiting) if (!skus.get(w.key)!.planned) w.allocated = w.prev;

  // One ship preference per order: an explicit value beats the default; Wait for all beats Ship what's ready.
  const orders = groupBy(waiting, (w) => orderKey(w.line));
  for (const list of orders.values()) {
    const explicit = list.map((w) => w.explicit).filter((p) => p !== null);
    const pref = explicit.includes(WAIT_FOR_ALL) ? WAIT_FOR_ALL : explicit.length > 0 ? SHIP_WHATS_READY : input.settings.defaultShipPreference;
    for (const w of list) w.pref = pref;
  }

  // The per-customer limit: the first `limit` units of a customer's lines, in service order.
  const limit = input.settings.backorderLimit;
  if (limit !== null) {
    const byCustomer = groupBy(waiting, (w) => customerKey(w.line));
    for (const list of byCustomer.values()) {
      list.sort((a, b) => compareKeys(baseKey(a, 0, 0), baseKey(b, 0, 0)));
      let left = Math.max(0, limit);
      for (const w of list) {
        w.within = Math.min(w.open, left);
        left -= w.within;
      }
    }
  }

  // Entries in service order.
  const entries: Entry[] = [];
  const seenOrders = new Set<string>();
  for (const w of plannedWaiting) {
    if (w.pref === WAIT_FOR_ALL) {
      const k = orderKey(w.line);
      if (seenOrders.has(k)) continue;
      seenOrders.add(k);
      const list = orders.get(k)!;
      const pass = list.some((x) => x.within < x.open) ? 1 : 0;
      const held = list.every((x) => x.prev === x.open) ? 0 : 1;
      const key = list.map((x) => baseKey(x, pass, held)).reduce((a, b) => (compareKeys(a, b) <= 0 ? a : b));
      entries.push({ key, works: list, units: 0 });
      continue;
    }
    const p0h = Math.min(w.prev, w.within);
    const p0w = w.within - p0h;
    const p1h = w.prev - p0h;
    const p1w = w.open - w.within - p1h;
    const chunks: Array<[number, number, number]> = [
      [0, 0, p0h],
      [0, 1, p0w],
      [1, 0, p1h],
      [1, 1, p1w],
    ];
    for (const [pass, held, units] of chunks) {
      if (units > 0) entries.push({ key: baseKey(w, pass, held), works: [w], units });
    }
  }
  entries.sort((a, b) => compareKeys(a.key, b.key));

  let turn = 0;
  for (const e of entries) {
    for (const w of e.works) if (w.turn === null) w.turn = turn;
    turn++;
    if (e.works.length === 1 && e.works[0].pref === SHIP_WHATS_READY) {
      const w = e.works[0];
      const s = skus.get(w.key)!;
      const take = Math.min(e.units, s.pool);
      w.allocated += take;
      s.pool -= take;
      continue;
    }
    // A Wait-for-all order: every open line fully covered at once, or passed over.
    const need = new Map<string, number>();
    for (const w of e.works) {
      const s = skus.get(w.key)!;
      if (s.planned) need.set(w.key, (need.get(w.key) ?? 0) + w.open);
      else if (w.prev < w.open) need.set(w.key, Infinity);
    }
    const short = [...need]
      .filter(([k, n]) => n > skus.get(k)!.pool)
      .map(([k]) => skus.get(k)!.sku)
      .sort();
    if (short.length === 0) {
      for (const w of e.works) {
        const s = skus.get(w.key)!;
        if (!s.planned) continue;
        w.allocated = w.open;
        s.pool -= w.open;
      }
    } else {
      for (const w of e.works) {
        w.passedOver = true;
        w.shortSkus = short;
        if (skus.get(w.key)!.planned) w.allocated = 0;
      }
    }
  }

  // Ranks per SKU, in service order.
  const bySku = groupBy(waiting, (w) => w.key);
  const rank = new Map<Work, number>();
  for (const list of bySku.values()) {
    list.sort((a, b) => (a.turn ?? Infinity) - (b.turn ?? Infinity) || a.line.index - b.line.index);
    list.forEach((w, i) => rank.set(w, i + 1));
  }

  const lines: LinePlan[] = works.map((w) => {
    const s = skus.get(w.key);
    const of = w.open > 0 ? bySku.get(w.key)!.length : 0;
    const waitingDays = w.since !== null ? Math.max(0, daysBetween(w.since, input.today)) : null;
    return {
      index: w.line.index,
      orderId: w.line.orderId,
      orderKey: orderKey(w.line),
      customer: w.line.customer,
      sku: w.line.sku,
      open: w.open,
      before: w.before,
      allocated: w.allocated,
      priority: w.priority,
      shipPreference: w.pref,
      rank: w.open > 0 ? rank.get(w)! : null,
      of,
      turn: w.turn,
      waitingDays: w.open > 0 ? waitingDays : null,
      passedOver: w.passedOver,
      overLimit: w.within < w.open,
      why: why(w, s, rank.get(w) ?? 0, of, waitingDays),
    };
  });

  const figures = new Map<string, SkuFigures>();
  for (const [key, s] of skus) {
    figures.set(key, {
      sku: s.sku,
      onHand: s.planned ? s.onHand : null,
      owed: s.owed,
      allocatedBefore: 0,
      allocated: 0,
      free: null,
      remainingOwed: 0,
      lines: bySku.get(key)?.length ?? 0,
    });
  }
  for (const l of lines) {
    const f = figures.get(skuKey(l.sku));
    if (!f) continue;
    f.allocatedBefore += Math.max(0, l.before);
    f.allocated += l.allocated;
  }
  for (const [key, f] of figures) {
    f.remainingOwed = f.owed - f.allocated;
    f.free = skus.get(key)!.planned ? (f.onHand as number) - f.allocated : null;
  }

  const changes: AllocationChange[] = lines
    .filter((l) => l.before !== l.allocated)
    .map((l) => ({ index: l.index, orderId: l.orderId, sku: l.sku, before: l.before, after: l.allocated }))
    .sort((a, b) => a.index - b.index);

  return { lines, skus: [...figures.values()], changes, problems: [...problems] };
}

function why(w: Work, s: SkuState | undefined, rank: number, of: number, waitingDays: number | null): string {
  if (w.open === 0) return w.before > 0 ? 'nothing left to ship on this line' : '';
  if (s && !s.planned) return `not planned: ${s.reason}`;
  if (w.passedOver) return `passed over: waits for all items, ${w.shortSkus.join(', ')} still out`;
  const waited = waitingDays === null ? 'waiting since an unknown date' : `waiting ${plural(waitingDays, 'day', 'days')}`;
  let text = `${ordinal(rank)} of ${of} for ${w.line.sku.trim()}: priority ${w.priority}, ${waited}`;
  if (w.within < w.open) text = `over the per-customer limit: served after others; ${text}`;
  if (w.allocated === 0) text += '; none free yet';
  else if (w.allocated < w.open) text += `; ${w.allocated} of ${w.open} set aside`;
  return text;
}
