/**
 * What the "Record shipment…" dialog and the server exchange (shipmentChoices, shipmentOrder, recordShipment).
 * JSON-safe only (checked at the bottom): the server adds `Shipped on` itself, so no date crosses.
 */
import type { JsonSafe } from './json';

/** An order with units set aside (Orders › Allocated), as the dialog lists it. */
export type AllocatedOrder = { orderId: string; customer: string; units: number };

export type ShipmentChoices = {
  /** Orders with units allocated, in row order. */
  orders: AllocatedOrder[];
  /** Common carriers to choose from; anything else is typed under "Other". */
  carriers: string[];
  /** Why the list is empty, or what to fix first ('' otherwise). */
  message: string;
};

/** One item of the order: units still to ship and the default (units allocated). */
export type ShipmentItem = { sku: string; product: string; open: number; allocated: number };

export type ShipmentOrderResult =
  | { ok: true; orderId: string; customer: string; items: ShipmentItem[]; message: string }
  | { ok: false; message: string };

/** What the dialog sends: units per SKU (0 leaves an item out), carrier and tracking. */
export type ShipmentRequest = {
  orderId: string;
  lines: Array<{ sku: string; units: number }>;
  carrier: string;
  tracking: string;
};

export type RecordShipmentResult = {
  ok: boolean;
  /** One sentence: what was recorded, or why nothing was. */
  message: string;
  /** Each thing to fix (empty when recorded). */
  problems: string[];
  /** Shipments rows written. */
  rows: number;
};

// Compile-time checks: these types must survive google.script.run.
const _checks: [JsonSafe<ShipmentChoices>, JsonSafe<ShipmentOrderResult>, JsonSafe<ShipmentRequest>, JsonSafe<RecordShipmentResult>] = [] as unknown as [
  ShipmentChoices,
  ShipmentOrderResult,
  ShipmentRequest,
  RecordShipmentResult,
];
void _checks;
