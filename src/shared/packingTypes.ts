/**
 * Printable packing slips, as the server hands them to the print dialog: plain JSON, customer-safe
 * text only (no dates of any kind; every value from the sheet already screened), HTML-escaped by the page.
 */
import type { JsonSafe } from './json';

/** How an item of the order stands in this parcel. */
export type PackingMark = 'shipping now' | 'shipped earlier' | 'still on backorder';

export type PackingSlipItem = {
  /** The product's name, or its SKU when the name would show a date. */
  product: string;
  /** '' when the SKU would show a date. */
  sku: string;
  units: number;
  mark: PackingMark;
};

export type ShopContact = {
  /** The shop's name (Settings › Sender name). */
  name: string;
  /** Support phone; '' when none (or not a plain phone number). */
  phone: string;
  /** Support email (Settings › Reply-to); '' when none. */
  email: string;
};

/** One page: one order. */
export type PackingSlip = {
  orderId: string;
  customer: string;
  shop: ShopContact;
  /** Shipping now first, then shipped earlier, then still on backorder; row order within each. */
  items: PackingSlipItem[];
  /** A closing sentence for the customer ('' when nothing is still on backorder). */
  note: string;
};

// Compile-time check: this type must survive google.script.run.
const _slips: JsonSafe<PackingSlip[]> = [] as PackingSlip[];
void _slips;

/** What the print dialog gets: the slips, and why there are none ('' when there are). */
export type PackingSlipsResult = { slips: PackingSlip[]; message: string };

const _result: JsonSafe<PackingSlipsResult> = { slips: [], message: '' } as PackingSlipsResult;
void _result;
