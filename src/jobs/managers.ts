/**
 * Menu "Managers…": who the managers are (they send extended stock-out updates and connect or remove Slack).
 * Only the account the hourly run uses, or a manager, may change the list (checked when it is changed). The list
 * is kept in Document Properties (src/gas/managers.ts); Settings › Managers is rewritten to show it, and the
 * change is a row in the Activity log.
 */
import { withShopLock } from '../gas/lock';
import { managerRefusal, writeManagers } from '../gas/managers';
import type { Services } from '../gas/services';
import { logActivities } from '../sheet/activityLog';
import { TAB } from '../sheet/schema';
import { isValidEmail, MANAGERS_ABOUT, normalizeEmail } from '../sheet/settings';
import { Workbook } from '../sheet/workbook';

export type ManagersAnswer = { button: 'OK' | 'CANCEL'; text: string };

/** Changes the managers as `user`, asked through `ask` (a Ui prompt). Returns what to tell the person. */
export function changeManagers(services: Services, user: string, ask: (current: string) => ManagersAnswer): string {
  const wb = new Workbook(services.ss);
  const before = wb.settings().settings.managers;
  const refusal = managerRefusal(services.props, before, user, 'change who the managers are');
  if (refusal) return refusal;
  const answer = ask(before.join(', '));
  // An empty answer (Enter by mistake) changes nothing; "none" removes every manager.
  if (answer.button !== 'OK' || answer.text.trim() === '') return 'Nothing was changed.';
  const none = /^none$/i.test(answer.text.trim());
  const list = none ? [] : [...new Set(answer.text.split(/[,;\s]+/).map(normalizeEmail).filter((e) => e !== ''))];
  const bad = list.filter((e) => !isValidEmail(e));
  if (bad.length) return `Not an email address: ${bad.join(', ')}. Nothing was changed.`;
  const saved = withShopLock(services, () => {
    writeManagers(services.props, list);
    wb.forget(TAB.settings);
    const t = wb.table(TAB.settings);
    const i = t.rows.findIndex((_r, k) => String(t.get(k, 'Setting')).trim().toLowerCase() === 'managers');
    if (i >= 0) {
      t.set(i, 'Value', list.join(', '));
      t.set(i, 'About', MANAGERS_ABOUT);
      t.flush();
    }
    logActivities(services.ss, [{ when: services.clock.now(), who: normalizeEmail(user), what: 'Managers changed', before: before.join(', '), after: list.join(', ') }]);
    return true;
  });
  if (!saved) return 'Another run is in progress; nothing was changed. Try again in a minute.';
  return `The managers are now: ${list.length ? list.join(', ') : 'nobody (only the account the hourly run uses can change this list)'}.`;
}

export function openManagersDialog(services: Services): void {
  const ui = SpreadsheetApp.getUi();
  const message = changeManagers(services, Session.getActiveUser().getEmail(), (current) => {
    const r = ui.prompt(
      'Managers',
      `Managers now: ${current || 'none'}.\n\nType the managers' emails, comma-separated (they may send extended stock-out updates, ` +
        'connect or remove Slack and change this list), or "none" to remove them all.',
      ui.ButtonSet.OK_CANCEL,
    );
    return { button: r.getSelectedButton() === ui.Button.OK ? 'OK' : 'CANCEL', text: r.getResponseText() };
  });
  ui.alert('Managers', message, ui.ButtonSet.OK);
}
