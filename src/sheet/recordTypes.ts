/**
 * The typed rows of the Inventory and Orders tabs that src/sheet/records.ts reads. Kept apart from
 * the readers and free of Apps Script types, so the pure rules (src/core) and the pages can name them.
 */
import type { LocalDate } from '../core/dates';
import type { OrderStatus, StockStatus } from './schema';

export interface Item {
  /** Index in the table's data rows (sheet row = index + 2). */
  index: number;
  sku: string;
  product: string;
  productLine: string;
  /** null when blank or not a whole number (see problems). */
  available: number | null;
  lowAt: number | null;
  /** Computed from Available / Low at (null when Available is unreadable). */
  status: StockStatus | null;
  /** What the Status cell says now. */
  statusCell: string;
  expected: LocalDate | null;
  restockNote: string;
  alternatives: string[];
  problems: string[];
}

export interface OrderLine {
  index: number;
  orderId: string;
  orderDate: LocalDate | null;
  customer: string;
  /** Trimmed, lower case. */
  email: string;
  emailValid: boolean;
  /** Upper case. */
  segment: string;
  sku: string;
  qty: number | null;
  shipped: number;
  status: OrderStatus | undefined;
  statusCell: string;
  /** `Backordered since`, or `Order date` when blank. */
  since: LocalDate | null;
  priority: string;
  /** Milestones already sent, e.g. [3, 10]. */
  noticesSent: number[];
  lastNotice: Date | null;
  notes: string;
  /** Qty − Shipped on BackOrder / INVHOLD / Partial lines with a readable quantity; 0 otherwise. */
  openQty: number;
  /** Reasons this line cannot be processed (bad email, text in Qty, unreadable date…). */
  problems: string[];
}
