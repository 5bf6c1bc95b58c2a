/**
 * Evaluates conditional-format rules and data validation against cell values, as Sheets does:
 * custom formulas are relative to the top-left cell of the rule's first range (validation: of the
 * range the rule was set on); the first matching format rule wins.
 */
import type { CellValue } from '../workbook';
import { cellA1, parseA1, resolveA1 } from './a1';
import { FormulaError, type Scalar, compareValues, evaluateFormula, formulaHolds, numberText } from './formula';
import { displayValue, isDateValue } from './format';
import { type RuleData, type SheetState, type ValidationEntry, evalContext } from './state';
import { dateToSerial } from './tz';

export interface CellLook {
  background: string | null;
  fontColor: string | null;
  bold: boolean;
}

function inRange(rule: RuleData, row: number, col: number): boolean {
  return rule.ranges.some((g) => row >= g.row && row < g.row + g.numRows && col >= g.col && col < g.col + g.numCols);
}

function textOf(v: CellValue, s: SheetState, r0: number, c0: number): string {
  return displayValue(v, s.formatAt('numberFormat', r0, c0) as string | undefined, s.book.timeZone);
}

function day(v: unknown, tz: string): number | null {
  if (isDateValue(v)) return Math.floor(dateToSerial(v, tz));
  if (typeof v === 'number') return Math.floor(v);
  return null;
}

/** Whether a format rule's condition holds for the cell (row/col 1-based). */
export function ruleMatches(s: SheetState, rule: RuleData, row: number, col: number): boolean {
  const cond = rule.condition;
  if (!cond) return false;
  const v = s.value(row - 1, col - 1);
  const vals = cond.values;
  const tz = s.book.timeZone;
  switch (cond.type) {
    case 'CUSTOM_FORMULA': {
      const anchor = rule.ranges[0];
      return formulaHolds(String(vals[0]), evalContext(s, row - anchor.row, col - anchor.col));
    }
    case 'CELL_EMPTY':
      return v === '';
    case 'CELL_NOT_EMPTY':
      return v !== '';
    case 'TEXT_EQUAL_TO':
    case 'TEXT_CONTAINS':
    case 'TEXT_DOES_NOT_CONTAIN':
    case 'TEXT_STARTS_WITH':
    case 'TEXT_ENDS_WITH': {
      const t = textOf(v, s, row - 1, col - 1).toLowerCase();
      const x = String(vals[0] ?? '').toLowerCase();
      if (cond.type === 'TEXT_EQUAL_TO') return t === x;
      if (cond.type === 'TEXT_CONTAINS') return t.includes(x);
      if (cond.type === 'TEXT_DOES_NOT_CONTAIN') return !t.includes(x);
      if (cond.type === 'TEXT_STARTS_WITH') return t.startsWith(x);
      return t.endsWith(x);
    }
    case 'DATE_BEFORE':
    case 'DATE_AFTER':
    case 'DATE_EQUAL_TO': {
      const a = day(v, tz);
      const b = day(vals[0], tz);
      if (a === null || b === null || !isDateValue(v)) return false;
      return cond.type === 'DATE_BEFORE' ? a < b : cond.type === 'DATE_AFTER' ? a > b : a === b;
    }
  }
  if (cond.type.startsWith('NUMBER_')) {
    if (typeof v !== 'number' && !isDateValue(v)) return false;
    const n = typeof v === 'number' ? v : dateToSerial(v, tz);
    return numberCriterion(cond.type, n, vals);
  }
  return false;
}

function numberCriterion(type: string, n: number, vals: unknown[]): boolean {
  const a = Number(vals[0]);
  const b = Number(vals[1]);
  switch (type) {
    case 'NUMBER_BETWEEN':
      return n >= Math.min(a, b) && n <= Math.max(a, b);
    case 'NUMBER_NOT_BETWEEN':
      return n < Math.min(a, b) || n > Math.max(a, b);
    case 'NUMBER_EQUAL_TO':
      return n === a;
    case 'NUMBER_NOT_EQUAL_TO':
      return n !== a;
    case 'NUMBER_GREATER_THAN':
      return n > a;
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return n >= a;
    case 'NUMBER_LESS_THAN':
      return n < a;
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return n <= a;
  }
  return false;
}

/** The cell's own format with the first matching conditional-format rule applied on top. */
export function cellLook(s: SheetState, row: number, col: number): CellLook {
  const r0 = row - 1;
  const c0 = col - 1;
  const look: CellLook = {
    background: (s.formatAt('background', r0, c0) as string | undefined) ?? null,
    fontColor: (s.formatAt('fontColor', r0, c0) as string | undefined) ?? null,
    bold: s.formatAt('fontWeight', r0, c0) === 'bold',
  };
  for (const rule of s.rules) {
    if (!inRange(rule, row, col) || !ruleMatches(s, rule, row, col)) continue;
    if (rule.background !== null) look.background = rule.background;
    if (rule.fontColor !== null) look.fontColor = rule.fontColor;
    if (rule.bold !== null) look.bold = rule.bold;
    break;
  }
  return look;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^(https?:\/\/)?[^\s/$.?#]+\.[^\s]+$/i;

/** True when `value` (already in cell form) satisfies the validation entry at (row, col). */
export function validationHolds(s: SheetState, entry: ValidationEntry, row: number, col: number, value: CellValue): boolean {
  const rule = entry.rule;
  if (value === '' || value === null || value === undefined) return true;
  const vals = rule.values;
  const tz = s.book.timeZone;
  const text = (v: CellValue) => (typeof v === 'string' ? v : typeof v === 'number' ? numberText(v) : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : displayValue(v, undefined, tz));
  switch (rule.type) {
    case 'VALUE_IN_LIST': {
      const list = Array.isArray(vals[0]) ? (vals[0] as unknown[]).map(String) : [];
      return list.includes(text(value));
    }
    case 'VALUE_IN_RANGE': {
      const ref = vals[0] as { sheet: string; a1: string } | undefined;
      const src = ref ? s.book.sheetByName(ref.sheet) : undefined;
      if (!ref || !src) return false;
      const g = resolveA1(parseA1(ref.a1), src.maxRows, src.maxColumns);
      const t = text(value);
      for (let r = g.row; r < g.row + g.numRows; r++)
        for (let c = g.col; c < g.col + g.numCols; c++) {
          const v = src.value(r - 1, c - 1);
          if (v !== '' && textOf(v, src, r - 1, c - 1) === t) return true;
        }
      return false;
    }
    case 'CUSTOM_FORMULA':
      return formulaHolds(String(vals[0]), evalContext(s, row - entry.anchorRow, col - entry.anchorCol, { r0: row - 1, c0: col - 1, value }));
    case 'CHECKBOX':
      if (vals.length === 0) return typeof value === 'boolean';
      return vals.some((x) => compareValues(x as Scalar, value as Scalar, evalContext(s)) === 0);
    case 'TEXT_CONTAINS':
      return text(value).toLowerCase().includes(String(vals[0]).toLowerCase());
    case 'TEXT_DOES_NOT_CONTAIN':
      return !text(value).toLowerCase().includes(String(vals[0]).toLowerCase());
    case 'TEXT_EQUAL_TO':
      return text(value).toLowerCase() === String(vals[0]).toLowerCase();
    case 'TEXT_IS_VALID_EMAIL':
      return typeof value === 'string' && EMAIL.test(value.trim());
    case 'TEXT_IS_VALID_URL':
      return typeof value === 'string' && URL_RE.test(value.trim());
    case 'DATE_IS_VALID_DATE':
      return isDateValue(value);
  }
  if (rule.type.startsWith('DATE_')) {
    if (!isDateValue(value)) return false;
    const d = day(value, tz)!;
    const a = day(vals[0], tz) ?? NaN;
    const b = day(vals[1], tz) ?? NaN;
    switch (rule.type) {
      case 'DATE_AFTER':
        return d > a;
      case 'DATE_BEFORE':
        return d < a;
      case 'DATE_EQUAL_TO':
        return d === a;
      case 'DATE_ON_OR_AFTER':
        return d >= a;
      case 'DATE_ON_OR_BEFORE':
        return d <= a;
      case 'DATE_BETWEEN':
        return d >= Math.min(a, b) && d <= Math.max(a, b);
      case 'DATE_NOT_BETWEEN':
        return d < Math.min(a, b) || d > Math.max(a, b);
    }
    return false;
  }
  if (rule.type.startsWith('NUMBER_')) {
    if (typeof value !== 'number') return false;
    return numberCriterion(rule.type, value, vals);
  }
  return true;
}

const DEFAULT_MESSAGES: Record<string, string> = {
  VALUE_IN_LIST: 'Input must be an item on the specified list',
  VALUE_IN_RANGE: 'Input must be an item in the specified range',
  NUMBER_BETWEEN: 'Input must be a number between the specified values',
  DATE_IS_VALID_DATE: 'Input must be a valid date',
  TEXT_IS_VALID_EMAIL: 'Input must be a valid email address',
  TEXT_IS_VALID_URL: 'Input must be a valid URL',
  CHECKBOX: 'Input must be a checkbox value',
};

/** The message a person sees when a value breaks a validation rule. */
export function validationMessage(entry: ValidationEntry, row: number, col: number): string {
  if (entry.rule.helpText) return entry.rule.helpText;
  return DEFAULT_MESSAGES[entry.rule.type] ?? `The data you entered in cell ${cellA1(row, col)} violates the data validation rules set on this cell.`;
}

/** Evaluates a formula typed as a value (for validating typed formulas). */
export function typedFormulaValue(s: SheetState, formula: string): CellValue {
  const v = evaluateFormula(formula, evalContext(s));
  if (v === null) return '';
  if (v instanceof FormulaError) return v.code;
  return v;
}
