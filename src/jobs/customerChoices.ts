/**
 * The customer's choices, recorded from the sidebar (`recordChoice`), and the Refunds due view
 * (`listRefundsDue`, `markRefunded`). Each write re-reads the order's rows under the shop lock (the row
 * may have moved or changed since the sidebar showed it: it is found again by Order ID + SKU), plans the
 * change (src/core/choices.ts), writes the Orders row and `Available`, brings Inventory › Status in step
 * (and announces a stock change, as an edit would), appends the Activity log rows, and answers with the
 * order as it is now.
 */
import { alternativesFor } from '../core/lookup';
import {
  checkChoiceRequest,
  checkRefundRequest,
  type ChoiceContext,
  type ChoiceLine,
  type ChoicePlan,
  choicesView,
  planChoice,
  planRefunded,
  type PlanResult,
  refundsDue,
} from '../core/choices';
import { memoToLocal } from '../core/dates';
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import type { ChoiceResult, MarkRefundedResult, RefundsDueView } from '../shared/choicesTypes';
import type { LookupResult } from '../shared/lookupTypes';
import { logActivities } from '../sheet/activityLog';
import { readChoiceLines, rowsOfOrder } from '../sheet/choiceRows';
import { readInventory, skuKey } from '../sheet/records';
import { TAB } from '../sheet/schema';
import { safeText } from '../sheet/table';
import { Workbook } from '../sheet/workbook';
import { runAllocation } from '../engines/allocation';
import { syncStock } from '../engines/stockPass';
import { actingUser } from '../gas/people';

const LOCK = { waitMs: 10_000, busyMessage: 'Customer choice: another run holds the lock; the agent is asked to try again.' };
const BUSY = 'The sheet is busy with another run right now (the daily notices, perhaps). Nothing was changed; please try again in a minute.';

/** What the planner reads of the shop: Inventory items, alternatives, the Orders headers and settings. */
function context(services: Services, wb: Workbook, who: string): ChoiceContext {
  const toLocal = memoToLocal((d) => services.localDate(d));
  const { settings } = wb.settings();
  const inventory = readInventory(wb.table(TAB.inventory), toLocal, settings.lowStockDefault);
  const now = services.clock.now();
  return {
    who,
    at: services.format(now, 'yyyy-MM-dd HH:mm'),
    today: services.localDate(now),
    columns: new Set(wb.table(TAB.orders).col.keys()),
    defaultShipPreference: settings.defaultShipPreference,
    item: (sku) => inventory.bySku.get(skuKey(sku)),
    alternatives: (sku) => {
      const item = inventory.bySku.get(skuKey(sku));
      if (!item) return [];
      return alternativesFor(inventory, item).map((a) => ({ sku: a.sku, product: a.product, available: a.available }));
    },
  };
}

function orderLines(services: Services, wb: Workbook, orderId: string): ChoiceLine[] {
  const t = wb.table(TAB.orders);
  const rows = new Set(rowsOfOrder(t, orderId));
  return readChoiceLines(t, memoToLocal((d) => services.localDate(d)), (i) => rows.has(i));
}

/** Adds the order's actions to a lookup result (the sidebar's `lookup`): no tab is read twice. */
export function withOrderChoices(services: Services, wb: Workbook, result: LookupResult): LookupResult {
  if (result.kind !== 'order') return result;
  const lines = orderLines(services, wb, result.orderId);
  if (lines.length === 0) return result;
  return { ...result, choices: choicesView(lines, context(services, wb, '')) };
}

/** Writes a plan: Orders cells, Available (then Status and alerts, as an edit would), the Activity log. */
function apply(services: Services, wb: Workbook, plan: ChoicePlan, who: string): string | null {
  const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
  for (const [index, cells] of plan.rows) {
    for (const [header, value] of Object.entries(cells)) orders.set(index, header, typeof value === 'string' ? safeText(value) : value);
  }
  orders.flush();
  if (orders.unmatched.length > 0) {
    orders.unmatched.length = 0;
    return 'The line changed while it was being written; check it in the sheet and search again.';
  }
  if (plan.stock.length > 0) {
    const inventory = wb.table(TAB.inventory).anchorBy(['SKU']);
    const toLocal = memoToLocal((d) => services.localDate(d));
    const items = readInventory(inventory, toLocal, wb.settings().settings.lowStockDefault);
    for (const s of plan.stock) {
      const item = items.bySku.get(skuKey(s.sku));
      if (item) inventory.set(item.index, 'Available', s.after);
    }
    inventory.flush();
    syncStock(services, wb, 'edit');
  }
  const when = services.clock.now();
  logActivities(
    services.ss,
    plan.activities.map((a) => ({ when, who, what: a.what, orderId: a.orderId, sku: a.sku, before: a.before, after: a.after, detail: a.detail })),
  );
  // What is owed changed (a cancellation, a switch, a ship preference): set returning stock aside again, from the
  // tables just written (the shop lock is held and re-entered).
  runAllocation(services, wb, `choice by ${who}`);
  return null;
}

/** Plans and writes under the shop lock; a busy lock or a failure is a message for the agent, never an exception. */
function locked(services: Services, who: string, plan: (wb: Workbook, ctx: ChoiceContext) => PlanResult): { ok: boolean; message: string } {
  try {
    const outcome = withShopLock(
      services,
      () => {
        const wb = new Workbook(services.ss);
        const ctx = context(services, wb, who);
        const planned = plan(wb, ctx);
        if (planned.ok === false) return { ok: false, message: planned.message };
        const problem = apply(services, wb, planned.plan, who);
        return problem ? { ok: false, message: problem } : { ok: true, message: planned.plan.message };
      },
      LOCK,
    );
    return outcome ?? { ok: false, message: BUSY };
  } catch (e) {
    services.log(`Customer choice failed: ${(e as Error).stack ?? String(e)}`);
    return { ok: false, message: `The sheet could not be written: ${(e as Error).message}. Check the order before trying again.` };
  }
}

/** How to show an order after a change: the sidebar's lookup (src/jobs/lookup.ts `runLookup`, handed over by src/main.ts). */
export type OrderLookup = (services: Services, query: string, extend: typeof withOrderChoices) => LookupResult;

/** `recordChoice` from the sidebar: records one choice by the person at the keyboard; answers with the order as it is now. */
export function recordChoiceForCaller(services: Services, raw: unknown, lookup: OrderLookup): ChoiceResult {
  return recordChoice(services, actingUser(), raw, lookup);
}

/** Records one choice (`who`: the agent) and answers with the order as it is now. */
function recordChoice(services: Services, who: string, raw: unknown, lookup: OrderLookup): ChoiceResult {
  const checked = checkChoiceRequest(raw);
  if (checked.ok === false) return { ok: false, message: checked.message, lookup: null };
  const request = checked.request;
  const outcome = locked(services, who, (wb, ctx) => planChoice(request, orderLines(services, wb, request.orderId), ctx));
  return { ...outcome, lookup: lookup(services, `order:${request.orderId}`, withOrderChoices) };
}

/** The Refunds due view: refunds written by a cancellation and not yet marked refunded. */
export function listRefundsDue(services: Services): RefundsDueView {
  const today = services.localDate(services.clock.now());
  try {
    const wb = new Workbook(services.ss);
    const t = wb.table(TAB.orders);
    if (!t.has('Refund due')) return { today, refunds: [], message: 'The Orders tab has no Refund due column: run "Set up sheet" from the Backorder Desk menu.' };
    const toLocal = memoToLocal((d) => services.localDate(d));
    const due = (i: number) => String(t.get(i, 'Refund due')).trim() !== '' && String(t.get(i, 'Refunded on')).trim() === '';
    const lines = readChoiceLines(t, toLocal, due);
    const inventory = lines.length ? readInventory(wb.table(TAB.inventory), toLocal, wb.settings().settings.lowStockDefault) : null;
    const productOf = (sku: string) => inventory?.bySku.get(skuKey(sku))?.product ?? sku;
    return { today, refunds: refundsDue(lines, today, productOf), message: '' };
  } catch (e) {
    services.log(`listRefundsDue failed: ${(e as Error).stack ?? String(e)}`);
    return { today, refunds: [], message: `The Orders tab could not be read: ${(e as Error).message}. Please try again.` };
  }
}

/** `markRefunded` from the Refunds due view, by the person at the keyboard. */
export function markRefundedForCaller(services: Services, raw: unknown): MarkRefundedResult {
  return markRefunded(services, actingUser(), raw);
}

/** Marks one line's refund as made (`Refunded on` = today) and answers with the list. */
function markRefunded(services: Services, who: string, raw: unknown): MarkRefundedResult {
  const checked = checkRefundRequest(raw);
  if (checked.ok === false) return { ok: false, message: checked.message, view: listRefundsDue(services) };
  const request = checked.request;
  const outcome = locked(services, who, (wb, ctx) => planRefunded(request, orderLines(services, wb, request.orderId), ctx));
  return { ...outcome, view: listRefundsDue(services) };
}
