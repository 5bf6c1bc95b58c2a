/**
 * The manager's "Send extended stock-out update…" dialog: opening it, and its two server calls. The sending
 * itself (checks, journal, queue, continuation) is the extended-update engine (src/engines/extendedUpdates.ts).
 */
import { listStockOutItems, sendExtendedUpdate } from '../engines/extendedUpdates';
import { RUN_BUDGET_MS } from '../engines/sending';
import type { Services } from '../gas/services';
import { Workbook } from '../sheet/workbook';
import type { ExtendedStockOutReport, ExtendedStockOutRequest, StockOutList } from '../shared/stockOutTypes';

/** Menu "Send extended stock-out update…": opens the dialog. */
export function openExtendedStockOutDialog(ui: GoogleAppsScript.Base.Ui): void {
  const html = HtmlService.createHtmlOutputFromFile('StockOutDialog').setWidth(720).setHeight(640);
  ui.showModalDialog(html, 'Send extended stock-out update');
}

/** `listStockOuts` from the dialog: the list as the person at the keyboard may see it. */
export function listStockOutsForCaller(services: Services): StockOutList {
  return listStockOutItems(services, new Workbook(services.ss), Session.getActiveUser().getEmail());
}

/** `sendExtendedStockOut` from the dialog: a person waits for the answer, so the fixed budget, never the owner's longer one. */
export function sendExtendedUpdateForCaller(services: Services, request: ExtendedStockOutRequest): ExtendedStockOutReport {
  const deadline = services.clock.now().getTime() + RUN_BUDGET_MS;
  return sendExtendedUpdate(services, new Workbook(services.ss), Session.getActiveUser().getEmail(), request, deadline);
}
