/**
 * The Apps Script entry points. Only `export function` declarations here become top-level
 * functions in dist/Code.js (menus, triggers and google.script.run can only call those);
 * each delegates to a job module.
 */
import { buildMenu } from './jobs/menu';

/** Simple trigger: builds the menu. May run in AuthMode.NONE, so it touches nothing else. */
export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  buildMenu(SpreadsheetApp.getUi());
}

/** Runs when the add-on is installed: show the menu straight away. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}
