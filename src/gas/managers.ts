/**
 * Who the managers are. Settings › Managers is a cell any editor can change, so the list that counts lives in
 * this spreadsheet's Document Properties (`KEYS.managers`), which only the add-on writes: from the menu
 * *Managers…*, by the account the triggers run as or by a manager, and once by set-up, which adopts the cell's
 * value while the protected list was never set (an earlier version kept managers only in the cell). The cell
 * shows the protected list; an edit there is not used (Workbook.settings() fills `Settings.managers` from here).
 */
import { isValidEmail, normalizeEmail } from '../core/model';
import type { KeyValueStore } from './services';
import { KEYS } from './store';
import { triggerOwner } from './triggers';

/** The protected list; null while it was never set (then Settings › Managers is used, as before). */
export function readManagers(props: Pick<KeyValueStore, 'get'>): string[] | null {
  const raw = props.get(KEYS.managers.key);
  if (raw === null || raw === '') return null;
  try {
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.map(normalizeEmail).filter(isValidEmail) : [];
  } catch {
    return [];
  }
}

export function writeManagers(props: KeyValueStore, list: readonly string[]): void {
  props.set(KEYS.managers.key, JSON.stringify([...new Set(list.map(normalizeEmail))]));
}

/** The protected list read straight from Document Properties (null where there is none, or no document). */
export function documentManagers(): string[] | null {
  try {
    const p = PropertiesService.getDocumentProperties();
    return readManagers({ get: (k) => p.getProperty(k) });
  } catch {
    return null;
  }
}

/**
 * Why `user` may not change what only managers change (the managers, the Slack webhook), or null when they may:
 * the account the triggers run as, or a manager. A hidden address ('') is never anyone.
 */
export function managerRefusal(props: KeyValueStore, managers: readonly string[], user: string, what: string): string | null {
  const me = normalizeEmail(user);
  const owner = triggerOwner(props);
  if (me !== '' && (me === owner || managers.map(normalizeEmail).includes(me))) return null;
  const who = owner ? `the managers (Backorder Desk › Managers…) or ${owner}, the account the hourly run uses,` : 'the managers (Backorder Desk › Managers…)';
  const you = me === '' ? 'your address is not visible to this spreadsheet, so you cannot be recognised' : `${me} is not one of them`;
  return `Only ${who} can ${what}; ${you}. Nothing was changed.`;
}
