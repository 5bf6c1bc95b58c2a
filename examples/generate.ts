/**
 * Deterministic demo and scale data: a workbook for "Brightwater Bottling Co.", a small shop selling
 * bottled olive oils, vinegars, syrups, hot sauces and cold brew.
 *
 *   npx tsx examples/generate.ts --lines 300 --out examples/demo.workbook.json
 *   options: --lines N  --skus N  --seed N  --today YYYY-MM-DD  --tz ZONE  --no-bad-rows  --live (Send mode Live)
 *
 * Same options, same workbook (a seeded PRNG, no clock, no Math.random). The stock is consistent with
 * the orders: an item with negative `Available` is owed exactly that many units by its open backorder
 * lines, and open backorder lines exist only for items that are out of stock.
 */
import { DateTime } from 'luxon';
import {
  INVENTORY_HEADERS,
  NOTICE_LOG_HEADERS,
  ORDERS_HEADERS,
  SETTINGS_HEADERS,
  SHIPMENTS_HEADERS,
  TAB,
  TEMPLATES_HEADERS,
} from '../src/sheet/schema';
import { SETTING_DEFINITIONS } from '../src/sheet/settings';
import { saveWorkbook, type CellValue, type WorkbookData } from '../emulator/workbook';

export interface GenerateOptions {
  /** Order lines on the Orders tab (bad rows included); default 300. */
  orderLines?: number;
  /** Inventory items; default 40. */
  skus?: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** The day the data is "as of", YYYY-MM-DD; default 2026-03-02. */
  today?: string;
  /** The spreadsheet's time zone; default America/New_York. */
  timeZone?: string;
  /** Include the four deliberately bad order lines (DEMO_BAD_ROWS); default true. */
  badRows?: boolean;
  /**
   * Settings › Send mode; default Test, as set-up writes it (the demo starts in Test mode). The demo's Settings
   * hold the whole go-live checklist, so Live works at once.
   */
  sendMode?: 'Test' | 'Live';
}

export type BadRowProblem = 'email' | 'qty' | 'date' | 'sku';

/** The deliberately bad order lines (one line each, status BackOrder, segment DML). */
export const DEMO_BAD_ROWS: Array<{ orderId: string; problem: BadRowProblem }> = [
  { orderId: 'BW-09995', problem: 'email' },
  { orderId: 'BW-09996', problem: 'qty' },
  { orderId: 'BW-09997', problem: 'date' },
  { orderId: 'BW-09998', problem: 'sku' },
];

export const DEMO_DEFAULTS = {
  orderLines: 300,
  skus: 40,
  seed: 1,
  today: '2026-03-02',
  timeZone: 'America/New_York',
  badRows: true,
} as const;

/** Oldest backorder age generated (every age 0..MAX_AGE days appears when there are enough lines). */
export const MAX_BACKORDER_AGE = 60;

const SETTING_OVERRIDES: Record<string, string> = {
  Managers: 'manager@example.com',
  'Alert emails': 'care@example.com',
  'Support phone': '(555) 010-4477',
  'Reply-to': 'help@example.com',
  'Sender name': 'Brightwater Bottling Co.',
  // The demo starts in Test mode: every email goes here until someone chooses Go live….
  'Test recipient': 'manager@example.com',
};

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny, fast, seeded 32-bit generator. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded random choices (also used by property tests). */
export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

// ---------------------------------------------------------------------------------------------
// The catalogue

interface LineSpec {
  code: string; // "OIL-EVO"
  name: string; // "Extra Virgin Olive Oil"
  variants: Array<[suffix: string, label: string]>;
}

const ML = (n: number): [string, string] => [String(n), `${n} ml`];
const LITRE = (n: number): [string, string] => [`${n}L`, `${n} L`];

const CATALOGUE: LineSpec[] = [
  { code: 'OIL-EVO', name: 'Extra Virgin Olive Oil', variants: [ML(250), ML(500), LITRE(1), LITRE(3)] },
  { code: 'OIL-GAR', name: 'Garlic Infused Olive Oil', variants: [ML(250), ML(500)] },
  { code: 'OIL-CHL', name: 'Chili Olive Oil', variants: [ML(250), ML(500)] },
  { code: 'VIN-BAL', name: 'Aged Balsamic Vinegar', variants: [ML(250), ML(500)] },
  { code: 'VIN-FIG', name: 'Fig Balsamic Glaze', variants: [ML(250)] },
  { code: 'VIN-ACV', name: 'Apple Cider Vinegar', variants: [ML(500), LITRE(1)] },
  { code: 'SYR-MPL', name: 'Maple Syrup', variants: [['AMB-250', 'Amber, 250 ml'], ['AMB-500', 'Amber, 500 ml'], ['DRK-500', 'Dark Robust, 500 ml']] },
  { code: 'SYR-CAF', name: 'Coffee Syrup', variants: [['VAN', 'Vanilla, 750 ml'], ['CAR', 'Caramel, 750 ml'], ['HAZ', 'Hazelnut, 750 ml']] },
  { code: 'HOT-HAB', name: 'Habanero Hot Sauce', variants: [ML(150), ML(250)] },
  { code: 'HOT-JAL', name: 'Green Jalapeño Hot Sauce', variants: [ML(150), ML(250)] },
  { code: 'HOT-GHO', name: 'Ghost Pepper Hot Sauce', variants: [ML(150)] },
  { code: 'CBR', name: 'Cold Brew Coffee', variants: [['ORG-330', 'Original, 330 ml'], ['ORG-1L', 'Original, 1 L'], ['VAN-330', 'Vanilla, 330 ml'], ['MOC-330', 'Mocha, 330 ml']] },
  { code: 'OIL-SES', name: 'Toasted Sesame Oil', variants: [ML(250)] },
  { code: 'OIL-AVO', name: 'Avocado Oil', variants: [ML(500), LITRE(1)] },
  { code: 'KMB', name: 'Kombucha', variants: [['GIN', 'Ginger, 500 ml'], ['HIB', 'Hibiscus, 500 ml'], ['LEM', 'Lemon Verbena, 500 ml']] },
  { code: 'HON', name: 'Wildflower Honey Squeeze Bottle', variants: [ML(350)] },
  { code: 'ACC-CRU', name: 'Glass Oil Cruet', variants: [['AMB', 'Amber'], ['GRN', 'Green'], ['CLR', 'Clear']] },
  { code: 'ACC-POUR', name: 'Stainless Pour Spout', variants: [['2PK', 'Two-pack']] },
];

/** Edition names used when more SKUs are requested than the catalogue holds. */
const EDITIONS = ['Organic', 'Estate', 'Reserve', 'Family Recipe', 'Harvest', 'Small Batch', 'Coastal', 'Highland', 'Orchard', 'Heritage'];

interface Item {
  sku: string;
  product: string;
  line: string;
  available: number;
  lowAt: number | '';
  band: 'green' | 'yellow' | 'red';
  restockDays: number | null; // days from today; negative = overdue
  restockNote: string;
  alternatives: string;
}

function catalogueItems(count: number): Array<Pick<Item, 'sku' | 'product' | 'line'>> {
  const out: Array<Pick<Item, 'sku' | 'product' | 'line'>> = [];
  for (let edition = 0; out.length < count; edition++) {
    const editionName = edition === 0 ? '' : EDITIONS[(edition - 1) % EDITIONS.length];
    const round = edition === 0 ? 0 : Math.floor((edition - 1) / EDITIONS.length) + 1;
    const skuSuffix = edition === 0 ? '' : `-E${edition}`;
    for (const spec of CATALOGUE) {
      const line = edition === 0 ? spec.name : `${editionName} ${spec.name}${round > 1 ? ` (series ${round})` : ''}`;
      for (const [suffix, label] of spec.variants) {
        if (out.length >= count) break;
        out.push({ sku: `${spec.code}-${suffix}${skuSuffix}`, product: `${line}, ${label}`, line });
      }
      if (out.length >= count) break;
    }
  }
  return out;
}

const RESTOCK_NOTES = [
  'Supplier confirmed the next pallet',
  'Glass shortage at the bottler',
  'Waiting on label reprint',
  'Container held at customs',
  'Harvest run delayed by weather',
  'PO sent, awaiting confirmation',
  'Co-packer line down for maintenance',
  'Caps backordered from supplier',
];

// ---------------------------------------------------------------------------------------------
// People

const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'James', 'Isabella', 'Lucas', 'Mia', 'Mateo',
  'Amelia', 'Benjamin', 'Harper', 'Henry', 'Evelyn', 'Theodore', 'Camila', 'Samuel', 'Priya', 'Arjun', 'Mei',
  'Hiroshi', 'Fatima', 'Omar', 'Chloe', 'Daniel', 'Grace', 'Jack', 'Nora', 'Leo', 'Zoe', 'Caleb', 'Hannah',
  'Isaac', 'Layla', 'Ethan', 'Ruby', 'Miguel', 'Sofia', 'Andre', 'Keisha', 'Marcus', 'Aisha', 'Tomas', 'Ingrid',
  'Kwame', 'Lucia', 'Ravi',
];
const LAST_NAMES = [
  'Nguyen', 'Garcia', 'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Patel', 'Kim', 'Chen', 'Okafor', 'Kowalski',
  "O'Brien", 'Schmidt', 'Rossi', 'Haddad', 'Tanaka',
];
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example.com'];

function customer(index: number): { name: string; email: string } {
  const first = FIRST_NAMES[index % FIRST_NAMES.length];
  const lastIndex = Math.floor(index / FIRST_NAMES.length);
  const last = LAST_NAMES[(lastIndex * 7 + index) % LAST_NAMES.length];
  const round = Math.floor(index / (FIRST_NAMES.length * LAST_NAMES.length));
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (round > 0 ? String(round + 1) : '');
  return { name: `${first} ${last}`, email: `${local}@${MAIL_DOMAINS[index % MAIL_DOMAINS.length]}` };
}

const SEGMENTS: ReadonlyArray<readonly [string, number]> = [
  ['DML', 40],
  ['SCS', 25],
  ['WHL', 15],
  ['AMZ', 12],
  ['RTL', 8],
];

const NOTES = [
  'Gift order, include a card',
  'Customer asked to combine shipments',
  'Called about delivery',
  'Leave at side door',
  'Repeat customer',
  'Wants to hear about the bigger size',
  'Address corrected by phone',
];

const CARRIERS = ['USPS', 'UPS', 'FedEx'] as const;

function tracking(rng: Rng, carrier: (typeof CARRIERS)[number]): string {
  const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
  if (carrier === 'USPS') return `9400${digits(18)}`;
  if (carrier === 'UPS') {
    const alnum = 'ABCDEFGHJKLMNPRSTUVWXY0123456789';
    return `1Z${Array.from({ length: 6 }, () => rng.pick([...alnum])).join('')}${digits(10)}`;
  }
  return digits(12);
}

/** Status spellings: mostly canonical, occasionally as a person types them (read case-insensitively). */
function spell(rng: Rng, status: string): string {
  if (!rng.chance(0.06)) return status;
  return rng.chance(0.5) ? status.toLowerCase() : status.toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// Generation

type LineKind = 'BackOrder' | 'INVHOLD' | 'Partial' | 'Shipped' | 'Cancelled' | 'Open';

interface OrderLine {
  kind: LineKind;
  sku: string;
  qty: number | string;
  shipped: number;
  /** Backorder age in days (open backorder lines). */
  age?: number;
  /** Explicit `Backordered since` cell, decided when the order is formed. */
  since?: CellValue;
  priority: string;
  notes: string;
}

interface Order {
  id: string;
  /** Days before today. */
  dateOffset: number;
  customer: { name: string; email: string };
  segment: string;
  lines: OrderLine[];
}

/** Builds the demo/scale workbook. Same options, same workbook. */
export function generateWorkbook(options: GenerateOptions = {}): WorkbookData {
  const orderLines = Math.max(0, Math.floor(options.orderLines ?? DEMO_DEFAULTS.orderLines));
  const skuCount = Math.max(1, Math.floor(options.skus ?? DEMO_DEFAULTS.skus));
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const today = options.today ?? DEMO_DEFAULTS.today;
  const zone = options.timeZone ?? DEMO_DEFAULTS.timeZone;
  const badRows = options.badRows ?? DEMO_DEFAULTS.badRows;
  const todayDt = DateTime.fromISO(today, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !todayDt.isValid) throw new Error(`--today must be a date as YYYY-MM-DD, got "${today}"`);
  if (!DateTime.local().setZone(zone).isValid) throw new Error(`Unknown time zone "${zone}"`);
  const rng = new Rng(seed);

  const dayCache = new Map<number, number>();
  /** A Date cell at local midnight, `offset` days from today (negative = past). */
  const day = (offset: number): Date => {
    let ms = dayCache.get(offset);
    if (ms === undefined) {
      ms = todayDt.plus({ days: offset }).toJSDate().getTime();
      dayCache.set(offset, ms);
    }
    return new Date(ms);
  };

  // --- Inventory: decide colour bands first; quantities of red items come from their backorders.
  const base = catalogueItems(skuCount);
  const redCount = Math.max(1, Math.round(skuCount * 0.25));
  const yellowCount = Math.round(skuCount * 0.2);
  const bands = rng.shuffle(base.map((_, i) => (i < redCount ? 'red' : i < redCount + yellowCount ? 'yellow' : 'green') as Item['band']));
  const items: Item[] = base.map((b, i) => {
    const band = bands[i];
    const lowAt: number | '' = rng.chance(0.25) ? rng.pick([5, 6, 12, 20, 24]) : '';
    const low = lowAt === '' ? 10 : lowAt;
    const available = band === 'green' ? rng.int(low + 5, low + 400) : band === 'yellow' ? rng.int(1, low) : 0;
    let restockDays: number | null = null;
    if (band === 'red') {
      const r = rng.float();
      restockDays = r < 0.65 ? rng.int(5, 75) : r < 0.82 ? -rng.int(1, 14) : null;
    } else if (band === 'yellow' && rng.chance(0.35)) {
      restockDays = rng.int(4, 40);
    }
    const restockNote = band !== 'green' && rng.chance(0.6) ? rng.pick(RESTOCK_NOTES) : '';
    return { ...b, band, lowAt, available, restockDays, restockNote, alternatives: '' };
  });
  const red = items.filter((i) => i.band === 'red');
  const notRed = items.filter((i) => i.band !== 'red');
  const green = items.filter((i) => i.band === 'green');
  const inStockPool = green.length > 0 ? green : notRed.length > 0 ? notRed : items;
  // One red item (when there are several) stays at exactly zero with nobody waiting.
  const owing = red.length >= 4 ? red.slice(1) : red;
  // A few red items suggest alternatives: in-stock siblings of the same product line (another size or flavour of
  // the same thing), never an unrelated item. (The draws are made as before, so the rest of the demo stays the same.)
  for (const item of red) {
    if (!rng.chance(0.4)) continue;
    const siblings = green.filter((g) => g.line === item.line).map((g) => g.sku);
    const others = green.filter((g) => g.line !== item.line).map((g) => g.sku);
    const pool = siblings.length > 0 ? siblings : others;
    if (pool.length === 0) continue;
    const n = Math.min(pool.length, rng.int(1, 2));
    item.alternatives = rng
      .shuffle([...pool])
      .slice(0, n)
      .filter((sku) => siblings.includes(sku))
      .join(', ');
  }

  // --- Order lines: open backorders (every age 0..60 at least once), then the rest.
  const normalLines = Math.max(0, orderLines - (badRows ? DEMO_BAD_ROWS.length : 0));
  const openCount = Math.min(normalLines, Math.max(Math.round(normalLines * 0.38), Math.min(normalLines, MAX_BACKORDER_AGE + 1)));
  const lines: OrderLine[] = [];
  const extras = (): Pick<OrderLine, 'priority' | 'notes'> => ({
    priority: rng.chance(0.08) ? 'High' : '',
    notes: rng.chance(0.07) ? rng.pick(NOTES) : '',
  });
  for (let i = 0; i < openCount; i++) {
    const age = i <= MAX_BACKORDER_AGE ? i : rng.int(0, MAX_BACKORDER_AGE);
    const kind = rng.weighted<LineKind>([['BackOrder', 65], ['INVHOLD', 15], ['Partial', 20]]);
    const qty = kind === 'Partial' ? rng.int(2, 6) : rng.weighted([[1, 60], [2, 25], [3, 10], [4, 5]] as const);
    const shipped = kind === 'Partial' ? rng.int(1, qty - 1) : 0;
    lines.push({ kind, sku: rng.pick(owing).sku, qty, shipped, age, ...extras() });
  }
  for (let i = openCount; i < normalLines; i++) {
    const kind = rng.weighted<LineKind>([['Shipped', 72], ['Open', 16], ['Cancelled', 12]]);
    const sku = kind === 'Cancelled' ? rng.pick(items).sku : rng.pick(inStockPool).sku;
    const qty = rng.weighted([[1, 55], [2, 25], [3, 12], [6, 8]] as const);
    lines.push({ kind, sku, qty, shipped: kind === 'Shipped' ? qty : 0, ...extras() });
  }
  rng.shuffle(lines);

  // --- Orders of 1-3 lines each.
  const orders: Order[] = [];
  let customersUsed = 0;
  const customerFor = (): { name: string; email: string } => {
    // Roughly one order in six comes from a returning customer.
    if (customersUsed > 10 && rng.chance(0.16)) return customer(rng.int(0, customersUsed - 1));
    return customer(customersUsed++);
  };
  for (let i = 0; i < lines.length; ) {
    const size = Math.min(lines.length - i, rng.weighted([[1, 60], [2, 28], [3, 12]] as const));
    const own = lines.slice(i, i + size);
    i += size;
    const ages = own.filter((l) => l.age !== undefined).map((l) => l.age as number);
    let dateOffset: number;
    if (ages.length > 0) {
      dateOffset = Math.max(...ages) + (rng.chance(0.5) ? 0 : rng.int(1, 4));
    } else if (own.some((l) => l.kind === 'Open')) {
      dateOffset = rng.int(0, 3);
    } else {
      dateOffset = rng.int(2, 90);
    }
    for (const l of own) {
      if (l.age === undefined) continue;
      // Blank `Backordered since` means the order date counts: only where that gives the same age.
      l.since = l.age === dateOffset && rng.chance(0.6) ? '' : day(-l.age);
    }
    const seg = rng.weighted(SEGMENTS);
    orders.push({ id: '', dateOffset, customer: customerFor(), segment: seg, lines: own });
  }
  // Order IDs follow order dates (oldest first), as a shop's order numbers do.
  const dated = orders.map((o, i) => ({ o, i })).sort((a, b) => b.o.dateOffset - a.o.dateOffset || a.i - b.i);
  dated.forEach(({ o }, n) => (o.id = `BW-${10001 + n}`));
  const sorted = dated.map(({ o }) => o);

  // --- Deliberately bad lines (each its own order, BackOrder, DML).
  const badOrders: Order[] = [];
  if (badRows) {
    const target = (n: number) => (owing.length > 0 ? owing[n % owing.length].sku : items[0].sku);
    const bad = (id: string, dateOffset: number, who: { name: string; email: string }, line: Partial<OrderLine>): Order => ({
      id,
      dateOffset,
      customer: who,
      segment: 'DML',
      lines: [{ kind: 'BackOrder', sku: target(0), qty: 1, shipped: 0, priority: '', notes: '', ...line }],
    });
    for (const { orderId, problem } of DEMO_BAD_ROWS) {
      if (problem === 'email') badOrders.push(bad(orderId, 98, { name: 'Jo Smith', email: 'jo.smith@@example' }, { sku: target(0), qty: 2, since: day(-12) }));
      if (problem === 'qty') badOrders.push(bad(orderId, 97, customer(customersUsed++), { sku: target(1), qty: 'two', since: day(-8) }));
      if (problem === 'date') badOrders.push(bad(orderId, 96, customer(customersUsed++), { sku: target(2), qty: 1, since: 'soonish' }));
      if (problem === 'sku') badOrders.push(bad(orderId, 95, customer(customersUsed++), { sku: 'NOPE-000', qty: 1, since: day(-5) }));
    }
  }

  // --- Stock of red items = minus what their open backorder lines owe (bad lines with a readable Qty included).
  const owed = new Map<string, number>();
  for (const o of [...badOrders, ...sorted]) {
    for (const l of o.lines) {
      if (l.kind !== 'BackOrder' && l.kind !== 'INVHOLD' && l.kind !== 'Partial') continue;
      if (typeof l.qty !== 'number') continue;
      owed.set(l.sku, (owed.get(l.sku) ?? 0) + (l.qty - l.shipped));
    }
  }
  for (const item of red) item.available = -(owed.get(item.sku) ?? 0);

  // --- Rows.
  const inventoryRows: CellValue[][] = [
    [...INVENTORY_HEADERS],
    ...items.map((it) => {
      const low = it.lowAt === '' ? 10 : it.lowAt;
      const status = it.available <= 0 ? 'Out of stock' : it.available <= low ? 'Low' : 'In stock';
      return [
        it.sku,
        it.product,
        it.line,
        it.available,
        it.lowAt,
        status,
        it.restockDays === null ? '' : day(it.restockDays),
        it.restockNote,
        it.alternatives,
      ];
    }),
  ];

  const orderRows: CellValue[][] = [[...ORDERS_HEADERS]];
  const shipmentRows: CellValue[][] = [[...SHIPMENTS_HEADERS]];
  for (const o of [...badOrders, ...sorted]) {
    for (const l of o.lines) {
      orderRows.push([
        o.id,
        day(-o.dateOffset),
        o.customer.name,
        o.customer.email,
        o.segment,
        l.sku,
        l.qty,
        l.shipped,
        spell(rng, l.kind),
        l.since ?? '',
        l.priority,
        '',
        '',
        l.notes,
      ]);
      if (l.shipped > 0) {
        // Shipped lines went out a few days after the order; partial shipments went out when the rest was backordered.
        const latest = l.kind === 'Partial' ? l.age ?? 0 : 0;
        const shippedOffset = l.kind === 'Partial' ? Math.max(latest, o.dateOffset - rng.int(0, 2)) : Math.max(0, o.dateOffset - rng.int(1, 4));
        const split = l.kind === 'Shipped' && l.shipped >= 2 && rng.chance(0.15);
        const parts = split ? [l.shipped - 1, 1] : [l.shipped];
        parts.forEach((qty, n) => {
          const carrier = rng.pick(CARRIERS);
          shipmentRows.push([o.id, l.sku, qty, day(-Math.max(0, shippedOffset - n * 2)), carrier, tracking(rng, carrier)]);
        });
      }
    }
  }

  const settingsRows: CellValue[][] = [
    [...SETTINGS_HEADERS],
    ...SETTING_DEFINITIONS.map((d) => [d.name, d.name === 'Send mode' && options.sendMode ? options.sendMode : SETTING_OVERRIDES[d.name] ?? d.defaultValue, d.about] as CellValue[]),
  ];

  return {
    name: 'Brightwater Bottling Co. — Inventory',
    timeZone: zone,
    sheets: [
      { name: TAB.inventory, values: inventoryRows },
      { name: TAB.orders, values: orderRows },
      { name: TAB.shipments, values: shipmentRows },
      { name: TAB.noticeLog, values: [[...NOTICE_LOG_HEADERS]] },
      { name: TAB.settings, values: settingsRows },
      { name: TAB.templates, values: [[...TEMPLATES_HEADERS]] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv: string[]): { options: GenerateOptions; out: string } {
  const options: GenerateOptions = {};
  let out = 'examples/demo.workbook.json';
  const num = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got "${v ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--lines': options.orderLines = num(flag, value()); break;
      case '--skus': options.skus = num(flag, value()); break;
      case '--seed': options.seed = num(flag, value()); break;
      case '--today': options.today = value(); break;
      case '--tz': options.timeZone = value(); break;
      case '--no-bad-rows': options.badRows = false; break;
      case '--live': options.sendMode = 'Live'; break;
      case '--out': out = value(); break;
      default: throw new Error(`Unknown option ${a}. Options: --lines N --skus N --seed N --today YYYY-MM-DD --tz ZONE --no-bad-rows --live --out PATH`);
    }
  }
  return { options, out };
}

if (require.main === module) {
  try {
    const { options, out } = parseArgs(process.argv.slice(2));
    const wb = generateWorkbook(options);
    saveWorkbook(out, wb);
    const count = (name: string) => (wb.sheets.find((s) => s.name === name)?.values.length ?? 1) - 1;
    console.log(`${out}: ${count(TAB.inventory)} items, ${count(TAB.orders)} order lines, ${count(TAB.shipments)} shipments`);
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  }
}
