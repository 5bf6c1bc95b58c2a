/**
 * The "Look up…" sidebar's server side: `openLookupSidebar` shows the page, `runLookup` answers a
 * search. Each call reads every tab it needs at most once (through one `Workbook`), and only the
 * tabs its view needs (Shipments and the Notice log only for an order). No cache: a lookup always
 * sees the sheet as it is now, so nothing can go stale after an edit or an import.
 */
import { memoToLocal, type LocalDate } from '../core/dates';
import { LookupContext, lookupIn, LookupNotice, OrderField, OrderRows, parseQuery } from '../core/lookup';
import type { Services } from '../gas/services';
import type { LookupResult } from '../shared/lookupTypes';
import { readInteger, readInventory, readOrderLines, readShipments } from '../sheet/records';
import { type AllocationState, planFromSheet } from '../engines/allocation';
import { TAB } from '../sheet/schema';
import type { Settings } from '../sheet/settings';
import { Cell, Table } from '../sheet/table';
import { Workbook } from '../sheet/workbook';

export const SIDEBAR_PAGE = 'Sidebar';
export const SIDEBAR_TITLE = 'Look up';

export function openLookupSidebar(ui: GoogleAppsScript.Base.Ui): void {
  ui.showSidebar(HtmlService.createHtmlOutputFromFile(SIDEBAR_PAGE).setTitle(SIDEBAR_TITLE));
}

export interface LookupTables {
  inventory(): Table;
  orders(): Table;
  shipments(): Table;
  noticeLog(): Table;
}

export interface LookupClock {
  today: LocalDate;
  settings: Settings;
  /** An instant as a calendar date in the spreadsheet's time zone. */
  toLocal(d: Date): LocalDate;
  formatInstant(d: Date): string;
}

function text(v: Cell | undefined): string {
  return v === undefined || v === null ? '' : String(v).trim();
}

/** The rows of `t` at `indices` as a table of their own (same header), to build typed records of just those. */
function subTable(t: Table, indices: readonly number[]): Table {
  return new Table(null, t.headerRow, indices.map((i) => t.rows[i]), []);
}

function rowsWithId(t: Table, orderIdUpper: string): number[] {
  const c = t.col.get('Order ID');
  const out: number[] = [];
  if (c === undefined) return out;
  for (let i = 0; i < t.rows.length; i++) if (text(t.rows[i][c]).toUpperCase() === orderIdUpper) out.push(i);
  return out;
}

/** Adapts the tabs (each read at most once, lazily) to what the lookup reads. */
export function lookupContext(tables: LookupTables, clock: LookupClock): LookupContext {
  // Many cells hold the same few days: convert each instant once.
  const toLocal = memoToLocal((d) => clock.toLocal(d));
  let orderRows: OrderRows | null = null;
  return {
    today: clock.today,
    settings: clock.settings,
    formatInstant: clock.formatInstant,
    inventory: () => readInventory(tables.inventory(), toLocal, clock.settings.lowStockDefault),
    orders: () => {
      if (orderRows) return orderRows;
      const t = tables.orders();
      const cols: Record<OrderField, number> = {
        'Order ID': t.col.get('Order ID') ?? -1,
        Customer: t.col.get('Customer') ?? -1,
        Email: t.col.get('Email') ?? -1,
        SKU: t.col.get('SKU') ?? -1,
        'Switched to': t.col.get('Switched to') ?? -1,
      };
      const columns = new Map<OrderField, string[]>();
      orderRows = {
        size: t.rows.length,
        hasColumn: (field) => cols[field] >= 0,
        column: (field) => {
          let values = columns.get(field);
          if (!values) {
            const c = cols[field];
            values = c < 0 ? t.rows.map(() => '') : t.rows.map((r) => text(r[c]));
            columns.set(field, values);
          }
          return values;
        },
        lines: (rows) =>
          readOrderLines(subTable(t, rows), toLocal).lines.map((l) => {
            // Back to indices of the Orders tab (sheet row = index + 2).
            const index = rows[l.index];
            return { ...l, index, noticesCell: text(t.get(index, 'Notices sent')), switchedTo: text(t.get(index, 'Switched to')) };
          }),
      };
      return orderRows;
    },
    shipments: (orderIdUpper) => {
      const t = tables.shipments();
      return readShipments(subTable(t, rowsWithId(t, orderIdUpper)), toLocal);
    },
    notices: (orderIdUpper) => {
      const t = tables.noticeLog();
      return rowsWithId(t, orderIdUpper).map(
        (i): LookupNotice => {
          const at = t.get(i, 'Sent at');
          return {
            sentAt: at instanceof Date || Object.prototype.toString.call(at) === '[object Date]' ? (at as Date) : text(at),
            kind: text(t.get(i, 'Kind')),
            skus: text(t.get(i, 'SKUs')),
            result: text(t.get(i, 'Result')),
            detail: text(t.get(i, 'Detail')),
          };
        },
      );
    },
  };
}

/** Adds to a lookup's result from the same workbook, so no tab is read twice (the sidebar adds the order's actions). */
export type LookupExtension = (services: Services, wb: Workbook, result: LookupResult) => LookupResult;

export function runLookup(services: Services, query: unknown, extend?: LookupExtension): LookupResult {
  // Bad input is answered before the sheet is touched.
  const parsed = parseQuery(query);
  if (parsed.ok === false) return { kind: 'error', message: parsed.message };
  try {
    const wb = new Workbook(services.ss);
    const ctx = lookupContext(
      {
        inventory: () => wb.table(TAB.inventory),
        orders: () => wb.table(TAB.orders),
        shipments: () => wb.table(TAB.shipments),
        noticeLog: () => wb.table(TAB.noticeLog),
      },
      {
        today: services.localDate(services.clock.now()),
        settings: wb.settings().settings,
        toLocal: (d) => services.localDate(d),
        formatInstant: (d) => services.format(d, 'yyyy-MM-dd HH:mm'),
      },
    );
    // Units set aside come from Orders › Allocated; the Why from the plan of the sheet as it is now (read once, lazily).
    let state: AllocationState | null | undefined;
    const why = (index: number) => {
      if (state === undefined) state = planFromSheet(services, wb);
      return state?.byIndex.get(index)?.why ?? '';
    };
    const allocated = (index: number) => Math.max(0, readInteger(wb.table(TAB.orders).get(index, 'Allocated')) || 0);
    const refund = (index: number) => {
      const orders = wb.table(TAB.orders);
      if (String(orders.get(index, 'Refund due')).trim() === '') return '';
      return String(orders.get(index, 'Refunded on')).trim() === '' ? 'due' : 'refunded';
    };
    const result = lookupIn({ ...ctx, allocated, why, refund }, query);
    return extend ? extend(services, wb, result) : result;
  } catch (e) {
    services.log(`lookup failed: ${(e as Error).stack ?? String(e)}`);
    return { kind: 'error', message: `The lookup could not read the sheet: ${(e as Error).message}. Please try again.` };
  }
}
