/**
 * The browser-callable server functions, as the pages see them: derived from src/main.ts's own
 * entry points (the functions themselves, not a second description of them), so renaming or retyping
 * one fails the pages' type check. Pages get typed promises through gas-client's `GASClient<ServerFunctions>`.
 */
import type * as main from '../main';

/** The entry points a page may call with `google.script.run`. */
export type BrowserCallable =
  | 'lookup'
  | 'listStockOuts'
  | 'sendExtendedStockOut'
  | 'connectSlack'
  | 'getSlackConnection'
  | 'getPackingSlips'
  | 'getShipmentChoices'
  | 'getShipmentOrder'
  | 'recordShipmentRows'
  | 'recordChoice'
  | 'listRefundsDue'
  | 'markRefunded';

export type ServerFunctions = Pick<typeof main, BrowserCallable>;
