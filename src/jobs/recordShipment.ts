/**
 * "Record shipment…": the warehouse picks an order (one with units allocated, or any Order ID), confirms
 * units per item, carrier and tracking, and the dialog appends the Shipments rows in one block: the same rows
 * a person would type. In the same execution, under the same shop lock, Orders follow those rows (the
 * shipments engine, `syncShipments`, credited to the person in the Activity log) and the allocation runs
 * again (its Pick list drops what left), so the warehouse never sees the parcel as still to pick. The
 * customer's shipment email goes with the run that sends mail (the daily run, then each hourly run after it).
 */
import { memoToLocal } from '../core/dates';
import { checkShipment, COMMON_CARRIERS, openOrder, ordersWithAllocated } from '../core/shipmentEntry';
import { skuKey } from '../core/model';
import { syncShipments, type ShipmentSync } from '../engines/shipments';
import { withShopLock } from '../gas/lock';
import { actingUser } from '../gas/people';
import type { Services } from '../gas/services';
import type { RecordShipmentResult, ShipmentChoices, ShipmentOrderResult } from '../shared/shipmentTypes';
import { readShippedLines } from '../sheet/records';
import { TAB } from '../sheet/schema';
import { appendRecords, textCell } from '../sheet/table';
import { Workbook } from '../sheet/workbook';

export const RECORD_SHIPMENT_PAGE = 'RecordShipment';
export const RECORD_SHIPMENT_TITLE = 'Record shipment';
/** The dialog's size (the browser test checks the page at it). */
export const RECORD_SHIPMENT_SIZE = { width: 560, height: 600 } as const;

export function openRecordShipmentDialog(ui: GoogleAppsScript.Base.Ui): void {
  const html = HtmlService.createHtmlOutputFromFile(RECORD_SHIPMENT_PAGE).setWidth(RECORD_SHIPMENT_SIZE.width).setHeight(RECORD_SHIPMENT_SIZE.height);
  ui.showModalDialog(html, RECORD_SHIPMENT_TITLE);
}

function shippedLines(services: Services, wb: Workbook) {
  return readShippedLines(wb.table(TAB.orders), wb.table(TAB.shipments), memoToLocal((d) => services.localDate(d)));
}

/** What stops the dialog from writing, or ''. */
function tabsProblem(wb: Workbook): string {
  const orders = wb.table(TAB.orders);
  const shipments = wb.table(TAB.shipments);
  if (!orders.sheet || !shipments.sheet || shipments.missing.length > 0) return 'The Orders and Shipments tabs need their headers: run Backorder Desk › Set up sheet first.';
  return '';
}

export function shipmentChoices(services: Services): ShipmentChoices {
  const wb = new Workbook(services.ss);
  const carriers = [...COMMON_CARRIERS];
  const problem = tabsProblem(wb);
  if (problem) return { orders: [], carriers, message: problem };
  const { lines, shipped } = shippedLines(services, wb);
  const orders = ordersWithAllocated(lines, shipped);
  const message = orders.length > 0 ? '' : wb.table(TAB.orders).has('Allocated') ? 'No order has units allocated right now. Type an Order ID to record a shipment for it.' : 'Orders has no Allocated column yet (Set up sheet adds it). Type an Order ID to record a shipment.';
  return { orders, carriers, message };
}

export function shipmentOrder(services: Services, orderId: unknown): ShipmentOrderResult {
  const id = typeof orderId === 'string' ? orderId.trim() : '';
  if (id === '') return { ok: false, message: 'Type an Order ID.' };
  const wb = new Workbook(services.ss);
  const { lines, shipped } = shippedLines(services, wb);
  const order = openOrder(id, lines, shipped);
  if (!order) return { ok: false, message: `Order ${id.slice(0, 60)} is not on the Orders tab.` };
  const inventory = wb.table(TAB.inventory);
  const names = new Map<string, string>();
  inventory.rows.forEach((_r, i) => {
    const k = skuKey(String(inventory.get(i, 'SKU')));
    if (k !== '' && !names.has(k)) names.set(k, String(inventory.get(i, 'Product')).trim());
  });
  const items = order.skus.map((s) => ({ ...s, product: names.get(skuKey(s.sku)) ?? '' }));
  const message = items.length > 0 ? '' : `Every item of order ${order.orderId} has shipped or is cancelled.`;
  return { ok: true, orderId: order.orderId, customer: order.customer, items, message };
}

/** What the dialog says once Orders followed: they are up to date, and whether (and when) the customer hears. */
function afterSync(wb: Workbook, sync: ShipmentSync, orderId: string): string {
  const notify = new Set(wb.settings().settings.notifySegments.map((x) => x.toUpperCase()));
  const lines = sync.lines.filter((l) => skuKey(l.orderId) === skuKey(orderId));
  // The same audience as the shipment emails: an order that waited on a backorder, a segment that gets notices.
  const emailed = lines.some((l) => sync.reconciled.backordered.has(l.index)) && notify.has(lines[0]?.segment ?? '');
  const email = emailed ? " The customer's shipment email goes with the next daily run (or the next hourly run, once today's daily run is done)." : '';
  return `Orders and the Pick list are up to date.${email}`;
}

/** Checks the request against the sheet as it is now and appends its Shipments rows in one block (under the shop lock). */
export function recordShipment(services: Services, request: unknown): RecordShipmentResult {
  const busy: RecordShipmentResult = { ok: false, message: 'Another run is updating the sheet; nothing was recorded. Try again in a minute.', problems: [], rows: 0 };
  const result = withShopLock(
    services,
    (): RecordShipmentResult => {
      const wb = new Workbook(services.ss);
      const problem = tabsProblem(wb);
      if (problem) return { ok: false, message: problem, problems: [problem], rows: 0 };
      const { lines, shipped } = shippedLines(services, wb);
      const check = checkShipment(request, lines, shipped);
      if (check.ok === false) return { ok: false, message: 'Nothing was recorded. Please fix:', problems: check.problems, rows: 0 };
      const shippedOn = services.dayStart(services.localDate(services.clock.now()));
      appendRecords(
        wb.table(TAB.shipments),
        check.rows.map((r) => ({
          'Order ID': textCell(r.orderId),
          SKU: textCell(r.sku),
          Qty: r.qty,
          'Shipped on': shippedOn,
          Carrier: textCell(r.carrier),
          Tracking: textCell(r.tracking),
        })),
      );
      const units = check.rows.reduce((n, r) => n + r.qty, 0);
      const n = check.rows.length;
      const orderId = check.rows[0].orderId;
      // Orders follow at once, and the allocation with them (the Pick list), as the person who recorded it.
      // Shipments is read again: the rows as the sheet holds them now (text without its apostrophe).
      wb.forget(TAB.shipments);
      const sync = syncShipments(services, wb, actingUser(), { via: 'Recorded with Record shipment…' });
      return {
        ok: true,
        message: `Recorded ${units} unit${units === 1 ? '' : 's'} of order ${orderId} (${n} Shipments row${n === 1 ? '' : 's'}). ${sync ? afterSync(wb, sync, orderId) : 'Orders could not be updated now; the next hourly run brings them in line.'}`,
        problems: [],
        rows: n,
      };
    },
    { waitMs: 10_000, busyMessage: 'Record shipment: the sheet stayed busy; nothing was recorded.' },
  );
  return result ?? busy;
}
