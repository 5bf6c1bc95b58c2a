/**
 * The "Backorder Desk" menu. `onOpen` may run in AuthMode.NONE (before the add-on is enabled in
 * the file), so it only builds the menu: no properties, no sheet reads.
 *
 * Where the menu goes: a published Editor add-on's menu is `Ui.createAddonMenu()` (under *Extensions*);
 * a bound script's is a top-level `Ui.createMenu('Backorder Desk')`. Only an add-on's `onOpen` runs in
 * AuthMode.NONE; otherwise `ScriptApp.getInstallationSource()` tells (NONE for a bound script). When it
 * cannot be asked, the add-on menu is used: `createAddonMenu()` works in a bound script too.
 */

import { runningAsAddon } from '../gas/services';

export interface MenuItem {
  label: string;
  /** Name of a top-level function in dist/Code.js. */
  functionName: string;
}

export const MENU_TITLE = 'Backorder Desk';

export const MENU_ITEMS: readonly (MenuItem | 'separator')[] = [
  { label: 'Look up…', functionName: 'showLookupSidebar' },
  { label: 'Send extended stock-out update…', functionName: 'showExtendedStockOutDialog' },
  'separator',
  { label: 'Allocate returning stock now', functionName: 'allocateReturningStock' },
  { label: 'Run daily notices now', functionName: 'runDailyNotices' },
  { label: 'Go live…', functionName: 'showGoLive' },
  { label: 'Set up sheet', functionName: 'setUpSheet' },
  { label: 'Connect Slack…', functionName: 'showConnectSlackDialog' },
  { label: 'Managers…', functionName: 'showManagersDialog' },
];

/** True when the menu belongs under Extensions (see above). */
export function addonMenu(e?: { authMode?: GoogleAppsScript.Script.AuthMode }): boolean {
  return e?.authMode === ScriptApp.AuthMode.NONE || runningAsAddon(true);
}

export function buildMenu(ui: GoogleAppsScript.Base.Ui, e?: { authMode?: GoogleAppsScript.Script.AuthMode }): void {
  const menu = addonMenu(e) ? ui.createAddonMenu() : ui.createMenu(MENU_TITLE);
  for (const item of MENU_ITEMS) {
    if (item === 'separator') menu.addSeparator();
    else menu.addItem(item.label, item.functionName);
  }
  menu.addToUi();
}
