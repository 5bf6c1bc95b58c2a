/**
 * Problems of the sheet told where the owner looks, once: a Notice log row (Kind `Sheet problem`, Result
 * Skipped) the first time a problem is seen, none while it lasts, and a new one if it comes back after it was
 * gone. What was told is kept per scope (`orders`, `inventory`) in Document Properties (`KEYS.sheetProblems`) as
 * short hashes of the problems' keys, so each scope's check replaces only its own list.
 */
import { parseOrderStatus, ORDER_STATUSES } from '../core/model';
import { orderLineWarnings, type SheetWarning, type WarnedLine } from '../core/sheetChecks';
import type { Services } from '../gas/services';
import { shortHash } from './failures';
import { KEYS } from '../gas/store';
import { noticeLogTable, SHEET_PROBLEM_KIND } from '../sheet/noticeLog';
import { appendRecords, safeText, type Table } from '../sheet/table';

/** Problems remembered per scope at most (about 9 characters each, well under one 9 KB property value for all scopes). */
const MAX_REMEMBERED = 250;

const hash = shortHash;

/** Writes a Notice log row for each warning not told before in this scope; returns how many were written. */
export function reportOnce(
  services: Services,
  scope: string,
  warnings: readonly SheetWarning[],
  row: { kind: string; result: 'Skipped' | 'Failed' } = { kind: SHEET_PROBLEM_KIND, result: 'Skipped' },
): number {
  // Telling is never a reason for the run to stop (a full property store, a Notice log that cannot be written).
  try {
    return tell(services, scope, warnings, row);
  } catch (e) {
    services.log(`Could not record sheet problems (${scope}): ${(e as Error).message}`);
    return 0;
  }
}

function tell(services: Services, scope: string, warnings: readonly SheetWarning[], row: { kind: string; result: 'Skipped' | 'Failed' }): number {
  const told = services.props.getJson<Record<string, string[]>>(KEYS.sheetProblems.key) ?? {};
  const before = new Set(Array.isArray(told[scope]) ? told[scope] : []);
  const now = [...new Set(warnings.map((w) => hash(w.key)))];
  const seen = new Set<string>();
  const fresh = warnings.filter((w) => !before.has(hash(w.key)) && !seen.has(w.key) && seen.add(w.key) !== undefined);
  if (fresh.length > 0) {
    const at = services.clock.now();
    appendRecords(
      noticeLogTable(services.ss),
      fresh.map((w) => ({
        'Sent at': at,
        'Order ID': safeText(w.orderId ?? ''),
        Email: safeText(w.email ?? ''),
        Kind: row.kind,
        SKUs: safeText(w.sku ?? ''),
        Result: row.result,
        Detail: safeText(w.text),
      })),
    );
    for (const w of fresh) services.log(`${row.kind}: ${w.text}`);
  }
  const kept = now.slice(0, MAX_REMEMBERED);
  if (kept.length !== before.size || kept.some((h) => !before.has(h))) {
    if (kept.length) told[scope] = kept;
    else delete told[scope];
    services.props.setJson(KEYS.sheetProblems.key, told);
  }
  return fresh.length;
}

/** One warning per Status word that is not ours (the lines with it are never notified). */
function unknownStatuses(orders: Table): SheetWarning[] {
  const words = new Map<string, { rows: number; first: number }>();
  orders.rows.forEach((_r, i) => {
    const cell = String(orders.get(i, 'Status')).trim();
    if (cell === '' || parseOrderStatus(cell)) return;
    const w = words.get(cell.toLowerCase());
    if (w) w.rows++;
    else words.set(cell.toLowerCase(), { rows: 1, first: i });
  });
  return [...words].slice(0, 20).map(([word, w]) => ({
    key: `status-unknown|${word}`,
    text:
      `Orders › Status "${String(orders.get(w.first, 'Status')).trim().slice(0, 40)}" (${w.rows} line${w.rows === 1 ? '' : 's'}, first on row ${w.first + 2}) is not one of ` +
      `${ORDER_STATUSES.join(', ')}, so those lines get no notice. Use one of these words.`,
  }));
}

/** The daily run's check of Orders: waiting lines that would never be notified, told once each (see `reportOnce`). */
export function reportOrderProblems(services: Services, orders: Table, lines: readonly WarnedLine[], notifySegments: readonly string[], today: string): void {
  reportOnce(services, 'orders', [...orderLineWarnings(lines, notifySegments, today), ...unknownStatuses(orders)]);
}
