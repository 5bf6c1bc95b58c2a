/**
 * `onInventoryEdit(e)`: the installable edit trigger. Edits outside the Inventory tab, or outside the
 * columns that decide a stock state, return at once. Otherwise one pass over the Inventory (one read,
 * Status written as one block, Orders read once only when something is announced) under the shop
 * lock, so two quick edits never announce the same change twice. A paste carries no values in the
 * event: the pass reads the sheet, so pastes of any size are handled the same way.
 * An edit of the Settings tab that changes Low stock default rewrites the colour rules (they embed it), and Live
 * typed into Send mode while the go-live checklist has gaps gets a note on the cell naming them.
 * An edit of the Templates tab notes a text that cannot be used on its Body cell, with the reason.
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
import { OWN_NOTE_PREFIX, writeOwnNotes } from '../sheet/table';
import { templateTextProblem } from '../core/templates';
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

/**
 * The Templates tab checked as it is typed (the same check the daily run and the dialog use): a text that cannot
 * be used gets a note on its Body cell saying why (the default text goes out meanwhile); fixing it clears the note.
 */
function noteTemplateProblems(wb: Workbook): void {
  const t = wb.table(TAB.templates);
  const notes = new Map<number, string>();
  t.rows.forEach((_r, i) => {
    const subject = String(t.get(i, 'Subject'));
    const body = String(t.get(i, 'Body'));
    const why = subject.trim() === '' && body.trim() === '' ? null : templateTextProblem({ subject, body });
    notes.set(i, why ? `${OWN_NOTE_PREFIX}${why} Until it is fixed, the default text goes out instead.` : '');
  });
  writeOwnNotes(t, 'Body', notes);
}

/** Live typed into Settings › Send mode while the go-live checklist has gaps: a note on the cell says what is missing. */
function noteSendMode(wb: Workbook): void {
  const { liveRefused } = wb.settings();
  const t = wb.table(TAB.settings);
  const row = t.rows.findIndex((_r, i) => String(t.get(i, 'Setting')).trim().toLowerCase() === 'send mode');
  if (row < 0) return;
  const note = liveRefused.length
    ? `${OWN_NOTE_PREFIX}Live is not used yet: the go-live checklist still needs ${liveRefused.join(', ')}. Until then every run behaves as Test (Backorder Desk › Go live… shows the checklist).`
    : '';
  writeOwnNotes(t, 'Value', new Map([[row, note]]));
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
          noteSendMode(wb);
          return followLowStockDefault(services, wb) ? syncStock(services, wb, 'edit') : undefined;
        },
        STOCK_LOCK,
      );
      noteHeldChanges(services, r);
      return;
    }
    if (name === TAB.templates) {
      noteTemplateProblems(new Workbook(services.ss));
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
