/**
 * The "Backorder Desk" menu. `onOpen` may run in AuthMode.NONE (before the add-on is enabled in
 * the file), so it only builds the menu: no properties, no sheet reads.
 */

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
  { label: 'Run daily notices now', functionName: 'runDailyNotices' },
  { label: 'Set up sheet', functionName: 'setUpSheet' },
  { label: 'Connect Slack…', functionName: 'showConnectSlackDialog' },
];

export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  const menu = ui.createMenu(MENU_TITLE);
  for (const item of MENU_ITEMS) {
    if (item === 'separator') menu.addSeparator();
    else menu.addItem(item.label, item.functionName);
  }
  menu.addToUi();
}
