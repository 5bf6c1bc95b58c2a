/**
 * Stock status from available units (docs/design.md): negative stock means units owed to backorders.
 * Green (In stock) above the low mark, yellow (Low) from 1 up to it, red (Out of stock) at 0 or below.
 */
import type { StockStatus } from './model';

export type StockColour = 'green' | 'yellow' | 'red';

export const COLOUR_OF: Record<StockStatus, StockColour> = {
  'In stock': 'green',
  Low: 'yellow',
  'Out of stock': 'red',
};

/** The low mark of an item: its own `Low at`, or the Settings default when blank. */
export function lowMark(lowAt: number | null, lowDefault: number): number {
  return lowAt ?? lowDefault;
}

export function stockStatus(available: number, lowAt: number | null, lowDefault: number): StockStatus {
  if (available <= 0) return 'Out of stock';
  if (available <= lowMark(lowAt, lowDefault)) return 'Low';
  return 'In stock';
}

/** Units owed to backorders (the red cell's count): -available when negative, else 0. */
export function backorderedUnits(available: number): number {
  return available < 0 ? -available : 0;
}
