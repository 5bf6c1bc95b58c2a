/**
 * The browser-callable server functions and the JSON-safe types they exchange. Pages import this
 * type to get typed promises (gas-client's `GASClient<ServerFunctions>`); src/main.ts implements it.
 */
import type { LookupResult } from './lookupTypes';
import type { StockOutList, ExtendedStockOutRequest, ExtendedStockOutReport } from './stockOutTypes';
import type { ConnectSlackResult } from './slackTypes';

export type ServerFunctions = {
  lookup(query: string): LookupResult;
  listStockOuts(): StockOutList;
  sendExtendedStockOut(request: ExtendedStockOutRequest): ExtendedStockOutReport;
  connectSlack(url: string): ConnectSlackResult;
  getSlackConnection(): ConnectSlackResult;
};
