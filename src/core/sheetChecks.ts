/**
 * Checks of the sheet as a whole, before a run acts on it (pure).
 *
 * `brokenColumn`: a column that is empty on every waiting line, or fails on most of them, is a problem of the
 * sheet (a renamed header that set-up answered with an empty twin, an import that filled the wrong column), not
 * of each row. Marking every line's milestone skipped would lose every customer's notice for good, so the
 * daily run refuses to mark anything and reports the column instead.
 */
import { isBackorderStatus, type OrderLine } from './model';

/** What the column checks read of a line. */
export type CheckedLine = Pick<OrderLine, 'orderId' | 'email' | 'emailValid' | 'segment' | 'sku' | 'qty' | 'status' | 'since'>;

export interface BrokenColumn {
  column: string;
  /** Lines it fails on, and lines looked at. */
  failing: number;
  total: number;
  /** True when the column is empty on every line looked at. */
  empty: boolean;
}

/** Fewest waiting lines for a column empty on all of them to count as broken. */
export const EMPTY_COLUMN_MIN_LINES = 3;
/** Fewest waiting lines for "most lines fail on one column" to count. */
export const FAILING_COLUMN_MIN_LINES = 5;

const COLUMNS: ReadonlyArray<{ column: string; empty: (l: CheckedLine) => boolean; fails: (l: CheckedLine) => boolean }> = [
  { column: 'Email', empty: (l) => l.email === '', fails: (l) => !l.emailValid },
  { column: 'Order ID', empty: (l) => l.orderId === '', fails: (l) => l.orderId === '' },
  { column: 'SKU', empty: (l) => l.sku === '', fails: (l) => l.sku === '' },
  { column: 'Qty', empty: (l) => l.qty === null, fails: (l) => l.qty === null || l.qty < 0 },
  { column: 'Backordered since', empty: (l) => l.since === null, fails: (l) => l.since === null },
];

/**
 * The first column broken on the waiting lines (BackOrder / INVHOLD / Partial; Segment is looked at on all of
 * them, the rest on those in `notifySegments`), or null.
 */
export function brokenColumn(lines: readonly CheckedLine[], notifySegments: readonly string[]): BrokenColumn | null {
  const waiting = lines.filter((l) => isBackorderStatus(l.status));
  if (waiting.length >= EMPTY_COLUMN_MIN_LINES && waiting.every((l) => l.segment === '')) {
    return { column: 'Segment', failing: waiting.length, total: waiting.length, empty: true };
  }
  const segments = new Set(notifySegments.map((s) => s.trim().toUpperCase()));
  const notified = waiting.filter((l) => segments.has(l.segment.trim().toUpperCase()));
  const n = notified.length;
  for (const c of COLUMNS) {
    const empty = notified.filter(c.empty).length;
    if (n >= EMPTY_COLUMN_MIN_LINES && empty === n) return { column: c.column, failing: n, total: n, empty: true };
    const failing = notified.filter(c.fails).length;
    if (n >= FAILING_COLUMN_MIN_LINES && failing * 2 > n) return { column: c.column, failing, total: n, empty: false };
  }
  return null;
}

/** The Notice log / owner's email text for a broken column. */
export function brokenColumnText(b: BrokenColumn): string {
  const what = b.empty
    ? `Orders › ${b.column} is empty on all ${b.total} waiting lines`
    : `Orders › ${b.column} cannot be read on ${b.failing} of ${b.total} waiting lines`;
  return (
    `${what}, so nothing was sent or marked (every line would have lost its notice). ` +
    `Was the column renamed, moved or overwritten? Put its header back to "${b.column}" (Set up sheet renames a near match back) ` +
    'or fix the values, then choose Backorder Desk › Run daily notices now (or the next daily run goes on as usual).'
  );
}

/** A problem of the sheet that silently keeps a customer from being notified: told once, while it lasts. */
export interface SheetWarning {
  /** Stable while the problem lasts (rows may move): the problem is told again only after it was gone. */
  key: string;
  text: string;
  orderId?: string;
  email?: string;
  sku?: string;
}

/** What the order-line warnings read of a line. */
export type WarnedLine = CheckedLine & Pick<OrderLine, 'index' | 'shipped'>;

/**
 * Waiting lines that would never be notified, with nothing saying why: a negative Qty, Shipped above Qty, a
 * `Backordered since` in the future, and a blank Settings › Notify segments (nobody is notified).
 */
export function orderLineWarnings(lines: readonly WarnedLine[], notifySegments: readonly string[], today: string): SheetWarning[] {
  const out: SheetWarning[] = [];
  if (notifySegments.length === 0) {
    out.push({
      key: 'notify-segments-blank',
      text: 'Settings › Notify segments is blank, so no customer gets automatic notices. Put the segments to notify there (e.g. DML, SCS).',
    });
    return out;
  }
  const segments = new Set(notifySegments.map((s) => s.trim().toUpperCase()));
  for (const l of lines) {
    if (!isBackorderStatus(l.status) || !segments.has(l.segment.trim().toUpperCase())) continue;
    const where = `Orders row ${l.index + 2} (order ${l.orderId || 'without an Order ID'}, SKU ${l.sku || 'none'})`;
    const id = `${l.orderId}|${l.sku}|${l.email}`;
    const line = { orderId: l.orderId, email: l.email, sku: l.sku };
    if (l.qty !== null && l.qty < 0) {
      out.push({ ...line, key: `qty-negative|${id}`, text: `${where}: Qty is ${l.qty}, a negative number, so the customer gets no notice. Fix Qty.` });
    } else if (l.qty !== null && l.shipped > l.qty) {
      out.push({
        ...line,
        key: `shipped-over-qty|${id}`,
        text: `${where}: Shipped (${l.shipped}) is more than Qty (${l.qty}), so nothing is owed and the customer gets no notice. Set Status to Shipped, or fix Qty or Shipped.`,
      });
    }
    if (l.since !== null && l.since > today) {
      out.push({
        ...line,
        key: `since-future|${id}|${l.since}`,
        text: `${where}: Backordered since (${l.since}) is in the future, so the backorder's notices count from that day, not from today. Fix the date if that is not meant.`,
      });
    }
  }
  return out;
}
