/**
 * What the warehouse and the customer see of an allocation plan (pure): the pick list (what to pick now and
 * why), the printable packing slips (one per order: shipping now / shipped earlier / still on backorder, no
 * dates, with the shop's name and support details) and the customer-safe "being prepared" wording for
 * allocated units.
 */
import type { PackingMark, PackingSlip, PackingSlipItem, ShopContact } from '../shared/packingTypes';
import { groupBy, type AllocationLine, type AllocationPlan, type LinePlan } from './allocation';
import { dateFree } from './customerText';
import { itemName } from './notices';
import { customerSenderName, customerSupportPhone } from './customerText';
import { skuKey } from './model';

/** The shop's own promise about tracking, used wherever customers are told units are being prepared. */
export const TRACKING_PROMISE = "we'll send your tracking number as soon as your package is out the door";

/**
 * A hedged clause (lower case, no final stop, like an arrival phrase) for units set aside for a line:
 * "it is being prepared to ship, and we'll send your tracking number…" when all the line still needs is set
 * aside, "2 of the 4 are being prepared to ship, and…" for part of it; '' when nothing is set aside.
 */
export function beingPreparedPhrase(allocated: number, open: number): string {
  if (allocated <= 0 || open <= 0) return '';
  if (allocated >= open) return `it is being prepared to ship, and ${TRACKING_PROMISE}`;
  return `${allocated} of the ${open} ${allocated === 1 ? 'is' : 'are'} being prepared to ship, and ${TRACKING_PROMISE}`;
}

/** The Inventory fields the pick list and slips read. */
export interface ProductItem {
  sku: string;
  product: string;
}

function productNames(items: readonly ProductItem[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const i of items) {
    const k = skuKey(i.sku);
    if (!names.has(k)) names.set(k, i.product.trim());
  }
  return names;
}

/** Orders with units set aside, in service order (first served first), each with its lines. */
function ordersToPick(plan: AllocationPlan): LinePlan[][] {
  const orders = groupBy(
    plan.lines.filter((l) => l.allocated > 0),
    (l) => l.orderKey,
  );
  const turn = (l: LinePlan) => l.turn ?? Infinity;
  const byTurn = (a: LinePlan, b: LinePlan) => turn(a) - turn(b) || a.index - b.index;
  const lists = [...orders.values()].map((ls) => ls.sort(byTurn));
  return lists.sort((a, b) => byTurn(a[0], b[0]));
}

export interface PickListRow {
  orderId: string;
  customer: string;
  sku: string;
  product: string;
  /** Units to pick: the line's Allocated. */
  units: number;
  shipPreference: string;
  why: string;
  /** Orders row index of the line. */
  index: number;
}

/** The Pick list tab's rows: every line with units set aside, grouped by order, first served first. */
export function buildPickList(plan: AllocationPlan, items: readonly ProductItem[]): PickListRow[] {
  const names = productNames(items);
  return ordersToPick(plan).flatMap((lines) =>
    lines.map((l) => ({
      orderId: l.orderId,
      customer: l.customer,
      sku: l.sku,
      product: names.get(skuKey(l.sku)) || l.sku,
      units: l.allocated,
      shipPreference: l.shipPreference,
      why: l.why,
      index: l.index,
    })),
  );
}

/**
 * The plan as the sheet holds it: each line's `Allocated` as read (whole units, never above what the line
 * still needs), in the plan's service order. What the warehouse packs is what Orders › Allocated says, even
 * before the next allocation run.
 */
export function allocatedAsRead(plan: AllocationPlan): AllocationPlan {
  return { ...plan, lines: plan.lines.map((l) => ({ ...l, allocated: Math.min(l.open, Math.max(0, Math.floor(l.before))) })) };
}

const MARKS: readonly PackingMark[] = ['shipping now', 'shipped earlier', 'still on backorder'];

export interface PackingSlipInput {
  plan: AllocationPlan;
  /** The Orders lines the plan was made from (for Qty, Shipped and Status of every line of an order). */
  lines: readonly AllocationLine[];
  items: readonly ProductItem[];
  shop: ShopContact;
}

/**
 * One packing slip per order on the pick list, in pick-list order. Each line of the order gives up to three
 * rows: its units set aside (shipping now), its units already shipped (shipped earlier; a Shipped line counts
 * its whole Qty) and what it still owes beyond that (still on backorder). Cancelled units and lines not on
 * backorder that have not shipped are not on the slip. Every value from the sheet is screened for dates.
 */
export function buildPackingSlips(input: PackingSlipInput): PackingSlip[] {
  const names = productNames(input.items);
  const source = new Map(input.lines.map((l) => [l.index, l] as const));
  const byOrder = groupBy(input.plan.lines, (l) => l.orderKey);
  const shop: ShopContact = {
    name: customerSenderName(input.shop.name),
    phone: customerSupportPhone(input.shop.phone),
    email: dateFree(input.shop.email.trim(), ''),
  };
  // Screening text for dates is the costly part: once per SKU.
  const screened = new Map<string, { product: string; sku: string }>();
  const shown = (sku: string) => {
    const k = skuKey(sku);
    let v = screened.get(k);
    if (!v) {
      v = { product: itemName(names.get(k) ?? '', sku), sku: dateFree(sku.trim(), '') };
      screened.set(k, v);
    }
    return v;
  };
  return ordersToPick(input.plan).map((picked) => {
    const lines = [...byOrder.get(picked[0].orderKey)!].sort((a, b) => a.index - b.index);
    const rows: Array<PackingSlipItem & { index: number }> = [];
    for (const l of lines) {
      const src = source.get(l.index);
      const shipped = src ? (src.status?.trim().toLowerCase() === 'shipped' ? Math.max(src.qty ?? 0, src.shipped) : src.shipped) : 0;
      const { product, sku } = shown(l.sku);
      const add = (units: number, mark: PackingMark) => {
        if (units > 0) rows.push({ product, sku, units, mark, index: l.index });
      };
      add(l.allocated, 'shipping now');
      add(shipped, 'shipped earlier');
      add(l.open - l.allocated, 'still on backorder');
    }
    rows.sort((a, b) => MARKS.indexOf(a.mark) - MARKS.indexOf(b.mark) || a.index - b.index);
    const first = picked[0];
    const waiting = rows.some((r) => r.mark === 'still on backorder');
    return {
      orderId: dateFree(first.orderId.trim(), ''),
      customer: dateFree(first.customer.trim(), ''),
      shop,
      items: rows.map(({ product, sku, units, mark }) => ({ product, sku, units, mark })),
      note: waiting ? 'The items still on backorder will follow as soon as they are ready, and we will send their tracking number then.' : '',
    };
  });
}
