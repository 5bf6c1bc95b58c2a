/**
 * The spreadsheet contract (DESIGN.md, "The spreadsheet"): tab names and exact row-1 headers.
 * Columns are always found by header text, never by position, so users may reorder columns
 * or add their own.
 */

export const TAB = {
  inventory: 'Inventory',
  orders: 'Orders',
  shipments: 'Shipments',
  noticeLog: 'Notice log',
  settings: 'Settings',
  templates: 'Templates',
} as const;

export type TabName = (typeof TAB)[keyof typeof TAB];

export const INVENTORY_HEADERS = [
  'SKU',
  'Product',
  'Product line',
  'Available',
  'Low at',
  'Status',
  'Expected restock',
  'Restock note',
  'Alternatives',
] as const;

export const ORDERS_HEADERS = [
  'Order ID',
  'Order date',
  'Customer',
  'Email',
  'Segment',
  'SKU',
  'Qty',
  'Shipped',
  'Status',
  'Backordered since',
  'Priority',
  'Notices sent',
  'Last notice',
  'Notes',
] as const;

export const SHIPMENTS_HEADERS = ['Order ID', 'SKU', 'Qty', 'Shipped on', 'Carrier', 'Tracking'] as const;

export const NOTICE_LOG_HEADERS = [
  'Sent at',
  'Order ID',
  'Email',
  'Kind',
  'SKUs',
  'Subject',
  'Result',
  'Detail',
] as const;

export const SETTINGS_HEADERS = ['Setting', 'Value', 'About'] as const;

export const TEMPLATES_HEADERS = ['Kind', 'Subject', 'Body'] as const;

export const HEADERS: Record<TabName, readonly string[]> = {
  [TAB.inventory]: INVENTORY_HEADERS,
  [TAB.orders]: ORDERS_HEADERS,
  [TAB.shipments]: SHIPMENTS_HEADERS,
  [TAB.noticeLog]: NOTICE_LOG_HEADERS,
  [TAB.settings]: SETTINGS_HEADERS,
  [TAB.templates]: TEMPLATES_HEADERS,
};

/** Order line status words, as written in the sheet (read case-insensitively). */
export const ORDER_STATUSES = ['Open', 'BackOrder', 'INVHOLD', 'Partial', 'Shipped', 'Cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses whose open quantity (Qty - Shipped) is owed to the customer. */
export const BACKORDER_STATUSES: readonly OrderStatus[] = ['BackOrder', 'INVHOLD', 'Partial'];

export const STOCK_STATUSES = ['In stock', 'Low', 'Out of stock'] as const;
export type StockStatus = (typeof STOCK_STATUSES)[number];

export const NOTICE_RESULTS = ['Sent', 'Failed', 'Skipped'] as const;
export type NoticeResult = (typeof NOTICE_RESULTS)[number];

export const EXTENDED_KIND = 'Extended stock-out';
export const DAY_KIND = (day: number): string => `Day ${day}`;

const STATUS_BY_LOWER: ReadonlyMap<string, OrderStatus> = new Map(ORDER_STATUSES.map((s) => [s.toLowerCase(), s]));

/** Parses an order status case-insensitively; undefined when the word is not one of ours. */
export function parseOrderStatus(value: unknown): OrderStatus | undefined {
  return STATUS_BY_LOWER.get(String(value ?? '').trim().toLowerCase());
}
