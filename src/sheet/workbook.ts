/**
 * One execution's view of the spreadsheet: each tab is read at most once (memoised), so a job's
 * Spreadsheet calls do not grow with rows or with how many rules look at the same tab.
 */
import { goLiveGaps } from '../core/goLive';
import { documentManagers } from '../gas/managers';
import { REQUIRED_HEADERS, TAB, TabName } from './schema';
import { parseSettings, SettingsResult } from './settings';
import { readTable, Table } from './table';

export class Workbook {
  private readonly tables = new Map<TabName, Table>();
  private settingsCache: SettingsResult | null = null;

  constructor(readonly ss: GoogleAppsScript.Spreadsheet.Spreadsheet) {}

  /** The tab as a table (read once). A missing tab gives an empty table that lists its missing headers. */
  table(tab: TabName): Table {
    let t = this.tables.get(tab);
    if (!t) {
      t = readTable(this.ss.getSheetByName(tab), REQUIRED_HEADERS[tab]);
      this.tables.set(tab, t);
    }
    return t;
  }

  /** Forgets a tab so the next `table` call reads it again (after set-up rewrote it, for example). */
  forget(tab: TabName): void {
    this.tables.delete(tab);
    if (tab === TAB.settings) this.settingsCache = null;
  }

  settings(): SettingsResult {
    if (!this.settingsCache) {
      const t = this.table(TAB.settings);
      const raw = new Map<string, unknown>();
      t.rows.forEach((_row, i) => {
        const name = String(t.get(i, 'Setting')).trim();
        if (name !== '' && !raw.has(name)) raw.set(name, t.get(i, 'Value'));
      });
      const parsed = parseSettings(raw);
      // Where the owner looks (the Notice log, the run log): why a shop that chose Live is not emailing customers.
      if (!t.sheet) parsed.problems.unshift('There is no Settings tab (was it renamed?): every setting takes its default, so Send mode is Test and no customer is emailed. Run "Set up sheet" (it renames a near match back).');
      else if (![...raw.keys()].some((k) => k.toLowerCase() === 'send mode')) parsed.problems.unshift('Settings has no Send mode row, so runs stay in Test and no customer is emailed. Run "Set up sheet" to add it back.');
      this.settingsCache = withProtectedManagers(parsed, documentManagers());
    }
    return this.settingsCache;
  }

  /** Writes every pending change of every table read so far. */
  flush(): void {
    for (const t of this.tables.values()) t.flush();
  }
}

/**
 * Settings with `managers` from the protected list (src/gas/managers.ts) once it is set: what the Settings › Managers
 * cell says then is only shown, never used, and a cell that differs is reported.
 */
export function withProtectedManagers(result: SettingsResult, managers: string[] | null): SettingsResult {
  if (managers === null) return result;
  const problems = result.problems.filter((p) => !p.startsWith('Settings › Managers:'));
  const cell = result.settings.managers;
  const same = cell.length === managers.length && cell.every((m) => managers.includes(m));
  if (!same) {
    problems.push(
      `Settings › Managers: the cell says "${cell.join(', ')}", but the managers are ${managers.length ? managers.join(', ') : 'none'} ` +
        '(kept by the add-on; change them with Backorder Desk › Managers…). The cell is not used.',
    );
  }
  // The go-live checklist counts the kept managers, not the cell's.
  const settings = { ...result.settings, managers: [...managers] };
  let liveRefused = result.liveRefused;
  if (settings.sendMode === 'Live' || liveRefused.length > 0) {
    liveRefused = goLiveGaps(settings);
    settings.sendMode = liveRefused.length > 0 ? 'Test' : 'Live';
  }
  return { settings, problems, liveRefused };
}
