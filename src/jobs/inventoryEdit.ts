/**
 * `onInventoryEdit(e)`: the installable edit trigger. Edits outside the Inventory tab, or outside the
 * columns that decide a stock state, return at once. Otherwise one pass over the Inventory (one read,
 * Status written as one block, Orders read once only when something is announced) under the shop
 * lock, so two quick edits never announce the same change twice. A paste carries no values in the
 * event: the pass reads the sheet, so pastes of any size are handled the same way.
 * An edit of the Settings tab that changes Low stock default rewrites the colour rules (they embed it).
 * A change held by the 10-minute flap rule, or an edit that finds the lock busy (the daily run can hold
 * it for minutes), is announced by the next hourly tick, which runs the same pass: nothing is scheduled.
 * An edit of Available or SKU also runs the allocation (src/engines/allocation.ts) before the alerts: stock
 * that comes back is set aside for the customers who waited, in the documented order, and the alert says so.
 * First of all, an edit trigger running as someone who does not own the add-on's triggers (they moved
 * to another person) removes itself and does nothing (src/gas/triggers.ts), so an edit is announced once.
 * Nothing here ever throws: a failure is logged and the next edit or daily run catches up.
 */
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import { EDIT_HANDLER, triggerMayRun } from '../gas/triggers';
import { TAB } from '../sheet/schema';
import { Workbook } from '../sheet/workbook';
import { noteHeldChanges, STOCK_LOCK, syncStock } from '../engines/stockPass';
import { followLowStockDefault } from '../engines/stockColours';
import { runAllocation } from '../engines/allocation';

/** Columns whose change can change a Status or an alert. */
export const WATCHED_HEADERS = ['SKU', 'Product', 'Available', 'Low at', 'Status', 'Expected restock'] as const;
/** Columns whose change can change what is set aside (src/engines/allocation.ts). */
export const ALLOCATION_HEADERS = ['SKU', 'Available'] as const;

/** Who edited, for the Activity log ('' when the address is hidden). */
function editor(e: GoogleAppsScript.Events.SheetsOnEdit | undefined): string {
  try {
    return e?.user?.getEmail() ?? '';
  } catch {
    return '';
  }
}

export function handleInventoryEdit(services: Services, e: GoogleAppsScript.Events.SheetsOnEdit | undefined): void {
  try {
    if (!triggerMayRun(services.props, services.log, EDIT_HANDLER, e)) return;
    const range = e?.range;
    if (!range) return;
    const sheet = range.getSheet();
    const name = sheet.getName();
    if (name === TAB.settings) {
      // A new Low stock default: the colour rules embed it, and Status cells follow it.
      const r = withShopLock(
        services,
        () => {
          const wb = new Workbook(services.ss);
          return followLowStockDefault(services, wb) ? syncStock(services, wb, 'edit') : undefined;
        },
        STOCK_LOCK,
      );
      noteHeldChanges(services, r);
      return;
    }
    if (name !== TAB.inventory) return;
    const firstRow = range.getRow();
    const firstCol = range.getColumn();
    const lastCol = firstCol + range.getNumColumns() - 1;
    const r = withShopLock(
      services,
      () => {
        const wb = new Workbook(services.ss);
        const table = wb.table(TAB.inventory);
        const hit = (headers: readonly string[]) =>
          firstRow === 1 || headers.some((h) => {
            const c = table.col.get(h);
            return c !== undefined && c + 1 >= firstCol && c + 1 <= lastCol;
          });
        // Stock came back (or went): set it aside first, so the alert can say how much was.
        if (hit(ALLOCATION_HEADERS)) {
          const who = editor(e);
          runAllocation(services, wb, who ? `edit by ${who}` : 'edit of Inventory');
        }
        return hit(WATCHED_HEADERS) ? syncStock(services, wb, 'edit', { inventory: table }) : undefined;
      },
      STOCK_LOCK,
    );
    // Null: the lock was busy; the next hourly tick runs the same pass over the whole Inventory.
    noteHeldChanges(services, r);
  } catch (err) {
    services.log(`Inventory edit: ${(err as Error).message}`);
  }
}
