/**
 * The Apps Script entry points. Only `export function` declarations here become top-level
 * functions in dist/Code.js (menus, triggers and google.script.run can only call those);
 * each delegates to a job module.
 */
import { buildMenu } from './jobs/menu';
import { askToTakeOverWithUi, reportSetUp, setUp } from './jobs/setup';
import { handleInventoryEdit } from './jobs/inventoryEdit';
import { runClockTick } from './jobs/clockTick';
import { openConnectSlackDialog, saveSlackWebhook, slackConnection } from './jobs/connectSlack';
import type { ConnectSlackResult } from './shared/slackTypes';
import { openManagersDialog } from './jobs/managers';
import { openLookupSidebar, runLookup } from './jobs/lookup';
import { appsScriptServices } from './gas/services';
import type { LookupResult } from './shared/lookupTypes';
import { listStockOutsForCaller, openExtendedStockOutDialog, sendExtendedUpdateForCaller } from './jobs/extendedStockOutDialog';
import type { ExtendedStockOutReport, ExtendedStockOutRequest, StockOutList } from './shared/stockOutTypes';
import { goLive, runNoticesNow } from './jobs/goLive';
import { allocateNow } from './jobs/allocate';

/** Simple trigger: builds the menu (under Extensions for an add-on). May run in AuthMode.NONE, so it touches nothing else. */
export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  buildMenu(SpreadsheetApp.getUi(), e);
}

/** Runs (in AuthMode.FULL) when the add-on is installed: show the menu straight away. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  buildMenu(SpreadsheetApp.getUi(), e);
}

/** Menu "Look up…": the agent lookup sidebar. */
export function showLookupSidebar(): void {
  openLookupSidebar(SpreadsheetApp.getUi());
}

/** Called from the sidebar: finds an order, a customer or an item (plain JSON back). */
export function lookup(query: string): LookupResult {
  return runLookup(appsScriptServices(), query);
}

/** Menu "Set up sheet": creates/repairs tabs, colours, validation, protections and triggers; running it twice changes nothing. */
export function setUpSheet(): void {
  const services = appsScriptServices();
  reportSetUp(services, setUp(services, askToTakeOverWithUi));
}

/** Installable edit trigger (installed by setUpSheet): Status and stock alerts for Inventory edits. */
export function onInventoryEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): void {
  handleInventoryEdit(appsScriptServices(), e);
}

/** The one time-driven trigger (hourly, installed by setUpSheet): runs whatever is due (src/jobs/clockTick.ts). */
export function onClockTick(e?: GoogleAppsScript.Events.TimeDriven): void {
  runClockTick(appsScriptServices(), e);
}

/** An earlier version's one-off stock follow-up trigger, until set-up replaces it: runs the hourly tick. */
export function runStockAlerts(e?: GoogleAppsScript.Events.TimeDriven): void {
  runClockTick(appsScriptServices(), e, 'runStockAlerts');
}

/** Menu "Connect Slack…": the dialog that stores the stock-alert webhook. */
export function showConnectSlackDialog(): void {
  openConnectSlackDialog();
}

/** From the Connect Slack dialog: stores (or, with '', removes) the webhook URL; managers or the trigger owner only, checked now. Never returns the URL. */
export function connectSlack(url: string): ConnectSlackResult {
  return saveSlackWebhook(appsScriptServices(), Session.getActiveUser().getEmail(), url);
}

/** From the Connect Slack dialog: whether a webhook is stored (never the URL itself), and whether this person may change it. */
export function getSlackConnection(): ConnectSlackResult {
  return slackConnection(appsScriptServices(), Session.getActiveUser().getEmail());
}

/** Menu "Managers…": the account the hourly run uses, or a manager, changes who the managers are. */
export function showManagersDialog(): void {
  openManagersDialog(appsScriptServices());
}

/** Menu "Send extended stock-out update…": the manager's dialog. */
export function showExtendedStockOutDialog(): void {
  openExtendedStockOutDialog(SpreadsheetApp.getUi());
}

/** From the stock-out dialog: out-of-stock items, who waits for them, template, quota, permission. */
export function listStockOuts(): StockOutList {
  return listStockOutsForCaller(appsScriptServices());
}

/** From the stock-out dialog: sends the update (managers only, checked here at send time; once per request id). */
export function sendExtendedStockOut(request: ExtendedStockOutRequest): ExtendedStockOutReport {
  return sendExtendedUpdateForCaller(appsScriptServices(), request);
}

/**
 * Menu "Run daily notices now" (no event): says how many emails it will send and asks; in Live only managers
 * (under the shop lock and the send journal; emails go from that person's account). An earlier version's daily
 * trigger (with an event) runs the hourly tick instead, until set-up replaces it.
 */
export function runDailyNotices(e?: GoogleAppsScript.Events.TimeDriven): void {
  if (e) runClockTick(appsScriptServices(), e, 'runDailyNotices');
  else runNoticesNow(appsScriptServices(), Session.getActiveUser().getEmail());
}

/** Menu "Go live…": the go-live checklist; Send mode becomes Live only when it is complete and a manager confirms. */
export function showGoLive(): void {
  goLive(appsScriptServices(), Session.getActiveUser().getEmail());
}

/** Menu "Allocate returning stock now": sets returning stock aside at once and says what it did. */
export function allocateReturningStock(): void {
  allocateNow(appsScriptServices(), Session.getActiveUser().getEmail(), SpreadsheetApp.getUi());
}
