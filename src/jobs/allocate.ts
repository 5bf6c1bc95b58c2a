/**
 * Menu *Allocate returning stock now*: the allocation at once (src/engines/allocation.ts), by anyone, under
 * the shop lock; the person sees what it did. The same run happens on every hourly tick and after every edit
 * of Inventory › Available, so this is for "I just imported the delivery and want the pick list now".
 */
import { runAllocation, type AllocationReport } from '../engines/allocation';
import type { Services } from '../gas/services';
import { Workbook } from '../sheet/workbook';

/** What the person is told after the run. */
export function allocationSummary(r: AllocationReport): string {
  if (!r.ran) return r.problems[0] ?? 'Another run is working on the sheet right now; the next hourly run allocates. Try again in a minute.';
  const moved =
    r.changed === 0
      ? 'Nothing changed: every unit on hand is already set aside in the documented order.'
      : `${r.setAside} unit(s) set aside and ${r.released} given back, on ${r.changed} order line(s).`;
  const flagged = r.flagged > 0 ? ` ${r.flagged} line(s) are flagged by the backorder limit (Orders › Flag).` : '';
  const problems = r.problems.length > 0 ? `\n\nTo look at:\n- ${r.problems.slice(0, 10).join('\n- ')}` : '';
  return `${moved} The Pick list has ${r.pickList} line(s).${flagged}${problems}`;
}

export function allocateNow(services: Services, who: string, ui: GoogleAppsScript.Base.Ui | null): AllocationReport {
  const report = runAllocation(services, new Workbook(services.ss), who ? `menu by ${who}` : 'menu');
  ui?.alert('Allocate returning stock', allocationSummary(report), ui.ButtonSet.OK);
  return report;
}
