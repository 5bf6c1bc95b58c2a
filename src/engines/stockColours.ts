/**
 * The stock colours: three native conditional-format rules on Inventory `Available` and `Status`
 * (they work while no script runs). Green above the row's `Low at` (blank or unreadable: the Low stock
 * default, embedded in the formula), yellow from 1 up to it, red at 0 or below (the red cell shows the
 * negative Available, i.e. the units owed). Our rules carry RULE_MARKER inside their formula
 * (`N("…")` adds 0), so set-up finds them again after columns moved and replaces only them.
 */
import type { Services } from '../gas/services';
import { KEYS } from '../gas/store';
import { TAB } from '../sheet/schema';
import type { Table } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const RULES_LOW_DEFAULT_PROPERTY = KEYS.rulesLowDefault.key;
export const RULE_MARKER = 'Backorder Desk stock colour';
export const COLOURS = {
  green: { background: '#b7e1cd', font: '#0d652d' },
  yellow: { background: '#fce8b2', font: '#7a4a00' },
  red: { background: '#f4c7c3', font: '#a50e0e' },
} as const;

export function columnLetter(column: number): string {
  let s = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Rows 2 to the last row of one column. */
export function dataRange(sheet: Sheet, column: number): GoogleAppsScript.Spreadsheet.Range {
  return sheet.getRange(2, column, Math.max(sheet.getMaxRows() - 1, 1), 1);
}

/** The three colour formulas for the current layout (relative to row 2; Low at blank → the default). */
export function colourFormulas(availableLetter: string, lowAtLetter: string | null, lowDefault: number): Record<'green' | 'yellow' | 'red', string> {
  const a = `$${availableLetter}2`;
  const low = lowAtLetter ? `IF(AND(ISNUMBER($${lowAtLetter}2),$${lowAtLetter}2>=0),$${lowAtLetter}2,${lowDefault})` : String(lowDefault);
  const tag = (colour: string) => `N("${RULE_MARKER}: ${colour}")+`;
  return {
    red: `=${tag('red')}AND(ISNUMBER(${a}),${a}<=0)`,
    yellow: `=${tag('yellow')}AND(ISNUMBER(${a}),${a}>0,${a}<=${low})`,
    green: `=${tag('green')}AND(ISNUMBER(${a}),${a}>${low})`,
  };
}

function ruleSignature(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): string {
  const c = rule.getBooleanCondition();
  const formula = c ? String(c.getCriteriaValues()[0] ?? '') : '';
  const ranges = rule.getRanges().map((r) => r.getA1Notation()).join(',');
  return `${formula}|${c?.getBackground() ?? ''}|${c?.getFontColor() ?? ''}|${ranges}`;
}

function isOurRule(rule: GoogleAppsScript.Spreadsheet.ConditionalFormatRule): boolean {
  const c = rule.getBooleanCondition();
  return !!c && c.getCriteriaValues().some((v) => String(v).includes(RULE_MARKER));
}

/**
 * Replaces our colour rules (only ours) on Inventory; writes nothing when they are already right.
 * Returns true when the rules were rewritten. Remembers the Low stock default they embed.
 */
export function applyColourRules(services: Services, sheet: Sheet, table: Table, lowDefault: number): boolean {
  const inv = { sheet, table };
  const availCol = inv.table.col.get('Available');
  if (availCol === undefined) return false;
  const statusCol = inv.table.col.get('Status');
  const lowCol = inv.table.col.get('Low at');
  const formulas = colourFormulas(columnLetter(availCol + 1), lowCol === undefined ? null : columnLetter(lowCol + 1), lowDefault);
  const ranges = [dataRange(inv.sheet, availCol + 1)];
  if (statusCol !== undefined) ranges.push(dataRange(inv.sheet, statusCol + 1));
  const ours = (['red', 'yellow', 'green'] as const).map((colour) =>
    SpreadsheetApp.newConditionalFormatRule()
      .whenFormulaSatisfied(formulas[colour])
      .setBackground(COLOURS[colour].background)
      .setFontColor(COLOURS[colour].font)
      .setRanges(ranges)
      .build(),
  );
  const existing = inv.sheet.getConditionalFormatRules();
  const next: GoogleAppsScript.Spreadsheet.ConditionalFormatRule[] = [];
  let placed = false;
  for (const rule of existing) {
    if (!isOurRule(rule)) next.push(rule);
    else if (!placed) {
      next.push(...ours);
      placed = true;
    }
  }
  if (!placed) next.push(...ours);
  const same = existing.length === next.length && existing.every((r, i) => ruleSignature(r) === ruleSignature(next[i]));
  if (services.props.get(RULES_LOW_DEFAULT_PROPERTY) !== String(lowDefault)) services.props.set(RULES_LOW_DEFAULT_PROPERTY, String(lowDefault));
  if (same) return false;
  inv.sheet.setConditionalFormatRules(next);
  return true;
}

/**
 * The colour rules embed Settings › Low stock default (a rule cannot read another tab). When the
 * setting changes, this rewrites them: called on an edit of the Settings tab and by the daily run.
 */
export function followLowStockDefault(services: Services, wb: Workbook): boolean {
  const lowDefault = wb.settings().settings.lowStockDefault;
  if (services.props.get(RULES_LOW_DEFAULT_PROPERTY) === String(lowDefault)) return false;
  const table = wb.table(TAB.inventory);
  if (!table.sheet) return false;
  const changed = applyColourRules(services, table.sheet, table, lowDefault);
  if (changed) services.log(`Stock colours now use Low stock default ${lowDefault}.`);
  return changed;
}

