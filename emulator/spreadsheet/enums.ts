/**
 * Apps Script enums as scripts see them: objects whose toString() (and name()) is the constant's
 * name, compared by identity (`x == SpreadsheetApp.BooleanCriteria.CUSTOM_FORMULA`). Reading a
 * constant the enum does not have throws (see `strictEnum`).
 */
import { strictEnum } from '../support';

export interface EnumValue {
  toString(): string;
  name(): string;
  ordinal(): number;
  toJSON(): string;
}

export type EnumObject = Readonly<Record<string, EnumValue>>;

function makeEnum(name: string, keys: readonly string[]): EnumObject {
  const e: Record<string, EnumValue> = {};
  keys.forEach((k, i) => {
    e[k] = Object.freeze({ toString: () => k, name: () => k, ordinal: () => i, toJSON: () => k });
  });
  return strictEnum(`SpreadsheetApp.${name}`, e);
}

export const BOOLEAN_CRITERIA = [
  'CELL_EMPTY', 'CELL_NOT_EMPTY', 'DATE_AFTER', 'DATE_BEFORE', 'DATE_EQUAL_TO', 'DATE_AFTER_RELATIVE', 'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE', 'NUMBER_BETWEEN', 'NUMBER_EQUAL_TO', 'NUMBER_GREATER_THAN', 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN', 'NUMBER_LESS_THAN_OR_EQUAL_TO', 'NUMBER_NOT_BETWEEN', 'NUMBER_NOT_EQUAL_TO', 'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN', 'TEXT_EQUAL_TO', 'TEXT_STARTS_WITH', 'TEXT_ENDS_WITH', 'CUSTOM_FORMULA',
] as const;

export const DATA_VALIDATION_CRITERIA = [
  'DATE_AFTER', 'DATE_BEFORE', 'DATE_BETWEEN', 'DATE_EQUAL_TO', 'DATE_IS_VALID_DATE', 'DATE_NOT_BETWEEN', 'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE', 'NUMBER_BETWEEN', 'NUMBER_EQUAL_TO', 'NUMBER_GREATER_THAN', 'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN', 'NUMBER_LESS_THAN_OR_EQUAL_TO', 'NUMBER_NOT_BETWEEN', 'NUMBER_NOT_EQUAL_TO', 'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN', 'TEXT_EQUAL_TO', 'TEXT_IS_VALID_EMAIL', 'TEXT_IS_VALID_URL', 'VALUE_IN_LIST', 'VALUE_IN_RANGE',
  'CUSTOM_FORMULA', 'CHECKBOX',
] as const;

export const BooleanCriteria = makeEnum('BooleanCriteria', BOOLEAN_CRITERIA);
export const DataValidationCriteria = makeEnum('DataValidationCriteria', DATA_VALIDATION_CRITERIA);
export const ProtectionType = makeEnum('ProtectionType', ['RANGE', 'SHEET']);
export const WrapStrategy = makeEnum('WrapStrategy', ['WRAP', 'OVERFLOW', 'CLIP']);
export const Dimension = makeEnum('Dimension', ['COLUMNS', 'ROWS']);
export const Direction = makeEnum('Direction', ['UP', 'DOWN', 'PREVIOUS', 'NEXT']);
export const SheetType = makeEnum('SheetType', ['GRID', 'OBJECT', 'DATASOURCE']);
export const RelativeDate = makeEnum('RelativeDate', ['TODAY', 'TOMORROW', 'YESTERDAY', 'PAST_WEEK', 'PAST_MONTH', 'PAST_YEAR']);

/** The enum constant's name for a value a script passed (an enum object or its name). */
export function enumName(v: unknown, allowed: readonly string[], what: string): string {
  const name = v === null || v === undefined ? '' : String(v);
  if (!allowed.includes(name)) throw new Error(`Invalid argument: ${what}`);
  return name;
}
