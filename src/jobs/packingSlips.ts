/**
 * "Print packing slips…": one page per order with units allocated (Orders › Allocated), each item marked
 * shipping now, shipped earlier or still on backorder, with the shop's name and support details; the dialog
 * prints them with the browser's print. Reads Orders, Inventory, Shipments and Settings once; writes nothing.
 */
import { planAllocation } from '../core/allocation';
import { memoToLocal } from '../core/dates';
import { allocatedAsRead, buildPackingSlips } from '../core/packing';
import type { Services } from '../gas/services';
import type { PackingSlipsResult } from '../shared/packingTypes';
import { readInventory, readShippedLines } from '../sheet/records';
import { TAB } from '../sheet/schema';
import { Workbook } from '../sheet/workbook';

export const PACKING_SLIPS_PAGE = 'PackingSlips';
export const PACKING_SLIPS_TITLE = 'Print packing slips';
/** Slips one dialog shows at most (a few hundred kilobytes through google.script.run). */
export const MAX_SLIPS = 500;

export function openPackingSlipsDialog(ui: GoogleAppsScript.Base.Ui): void {
  ui.showModalDialog(HtmlService.createHtmlOutputFromFile(PACKING_SLIPS_PAGE).setWidth(760).setHeight(640), PACKING_SLIPS_TITLE);
}

export function listPackingSlips(services: Services): PackingSlipsResult {
  const wb = new Workbook(services.ss);
  const orders = wb.table(TAB.orders);
  if (!orders.has('Allocated')) return { slips: [], message: 'Orders has no Allocated column yet: run Backorder Desk › Set up sheet.' };
  const toLocal = memoToLocal((d) => services.localDate(d));
  const { settings } = wb.settings();
  const { allocation, shipped } = readShippedLines(orders, wb.table(TAB.shipments), toLocal);
  // A line switched to another item is owed, set aside and packed as that item.
  const switchedTo = (i: number) => String(orders.get(i, 'Switched to')).trim();
  const lines = allocation.map((l) => ({ ...l, sku: switchedTo(l.index) || l.sku, shipped: shipped.get(l.index) ?? l.shipped }));
  const items = readInventory(wb.table(TAB.inventory), toLocal, settings.lowStockDefault).items;
  const plan = planAllocation({
    items,
    lines,
    settings: { defaultShipPreference: settings.defaultShipPreference, backorderLimit: settings.backorderLimitPerCustomer },
    today: services.localDate(services.clock.now()),
  });
  const slips = buildPackingSlips({
    plan: allocatedAsRead(plan),
    lines,
    items,
    shop: { name: settings.senderName, phone: settings.supportPhone, email: settings.replyTo },
  });
  if (slips.length === 0) return { slips, message: 'No order has units allocated right now, so there is nothing to pack.' };
  if (slips.length > MAX_SLIPS) {
    return { slips: slips.slice(0, MAX_SLIPS), message: `The first ${MAX_SLIPS} of ${slips.length} orders, in pick-list order: the others are shown once these have shipped.` };
  }
  return { slips, message: '' };
}
