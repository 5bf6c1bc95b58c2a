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
    'or fix the values; the next daily run goes on as usual.'
  );
}
