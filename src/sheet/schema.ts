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
  pickList: 'Pick list',
  activityLog: 'Activity log',
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

/**
 * Inventory columns of the backorder's whole life: added by set-up, read when present. A run never
 * refuses a sheet for lacking them (an older sheet has not run set-up yet).
 */
export const INVENTORY_LIFE_HEADERS = [
  /** Customer-safe reason for the delay (the US mail-order rule asks for one); blank = a generic reason. */
  'Delay reason',
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

/**
 * Orders columns of the backorder's whole life (allocation, shipments, customer choices): added by set-up,
 * read when present. `Unit price` is optional and never added.
 */
export const ORDERS_LIFE_HEADERS = [
  /** `Ship what's ready` / `Wait for all`; blank = Settings › Default ship preference. */
  'Ship preference',
  /** Units set aside for the line and not yet shipped (written by the add-on). */
  'Allocated',
  /** The in-stock SKU the customer switched to (the line keeps the ordered SKU in `SKU`). */
  'Switched to',
  /** The customer's express agreement to keep waiting: who recorded it and when (written by the add-on). */
  'Consent',
  /** What is owed back after a cancellation (amount with `Unit price`, else units) and by when. */
  'Refund due',
  /** When the refund was made (typed by a person, or marked from the Refunds due view). */
  'Refunded on',
  /** A flag for a manager, with its reason (escalations, backorder limit). */
  'Flag',
] as const;

/** Optional Orders column: the price of one unit, for refund amounts. Never added by set-up. */
export const UNIT_PRICE_HEADER = 'Unit price';

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

/** Pick list: rewritten by the add-on from the current allocations, one row per line with units to pick. */
export const PICK_LIST_HEADERS = [
  'Order ID',
  'Customer',
  'SKU',
  'Product',
  'Units to pick',
  'Ship preference',
  'Allocated at',
  'Why',
] as const;

/** Activity log: append-only, one row per change made through the add-on (who, when, what, before → after). */
export const ACTIVITY_LOG_HEADERS = ['When', 'Who', 'What', 'Order ID', 'SKU', 'Before', 'After', 'Detail'] as const;

/** Headers a tab must have for a run to read it (missing ones are reported; see Table.missing). */
export const REQUIRED_HEADERS: Record<TabName, readonly string[]> = {
  [TAB.inventory]: INVENTORY_HEADERS,
  [TAB.orders]: ORDERS_HEADERS,
  [TAB.shipments]: SHIPMENTS_HEADERS,
  [TAB.noticeLog]: NOTICE_LOG_HEADERS,
  [TAB.settings]: SETTINGS_HEADERS,
  [TAB.templates]: TEMPLATES_HEADERS,
  [TAB.pickList]: PICK_LIST_HEADERS,
  [TAB.activityLog]: ACTIVITY_LOG_HEADERS,
};

/** Headers set-up writes (the required ones, then the whole-life columns). */
export const HEADERS: Record<TabName, readonly string[]> = {
  ...REQUIRED_HEADERS,
  [TAB.inventory]: [...INVENTORY_HEADERS, ...INVENTORY_LIFE_HEADERS],
  [TAB.orders]: [...ORDERS_HEADERS, ...ORDERS_LIFE_HEADERS],
};

// The vocabulary of statuses and notice kinds belongs to the rules (src/core/model.ts); the sheet uses it.
export {
  BACKORDER_STATUSES,
  BACK_IN_STOCK_KIND,
  CANCELLED_KIND,
  CONSENT_KIND,
  DAY_KIND,
  EXTENDED_KIND,
  SHIPPED_KIND,
  NOTICE_RESULTS,
  ORDER_STATUSES,
  parseOrderStatus,
  STOCK_STATUSES,
  type NoticeResult,
  type OrderStatus,
  type StockStatus,
} from '../core/model';
