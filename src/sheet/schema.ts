/**
 * The spreadsheet contract (docs/design.md, "The spreadsheet"): tab names and exact row-1 headers.
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

// The vocabulary of statuses and notice kinds belongs to the rules (src/core/model.ts); the sheet uses it.
export {
  BACKORDER_STATUSES,
  DAY_KIND,
  EXTENDED_KIND,
  NOTICE_RESULTS,
  ORDER_STATUSES,
  parseOrderStatus,
  STOCK_STATUSES,
  type NoticeResult,
  type OrderStatus,
  type StockStatus,
} from '../core/model';
