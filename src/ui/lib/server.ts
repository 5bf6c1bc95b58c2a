/**
 * The pages' typed server client: a promise per browser-callable server function
 * (gas-client over `google.script.run`), plus a readable message for any failed call.
 *
 *   import { server, failureMessage } from '../../lib/server';
 *   const result = await server().lookup('BW-10231');
 */
import { GASClient } from 'gas-client';
import type { ServerFunctions } from '../../shared/serverFunctions';

export type Server = {
  [K in keyof ServerFunctions]: (...args: Parameters<ServerFunctions[K]>) => Promise<ReturnType<ServerFunctions[K]>>;
};

let client: Server | null = null;

/** The server functions as typed promises (created on first use, when `google.script` exists). */
export function server(): Server {
  if (!client) client = new GASClient<ServerFunctions>().serverFunctions as unknown as Server;
  return client;
}

/** A message an agent can act on, from whatever a failed call rejected with. */
export function failureMessage(error: unknown): string {
  const text =
    error instanceof Error ? error.message : typeof error === 'string' ? error : error && typeof error === 'object' && 'message' in error ? String((error as { message: unknown }).message) : '';
  const detail = text.trim() === '' ? '' : ` (${text.trim().slice(0, 300)})`;
  return `The server did not answer${detail}. Check your connection and try again.`;
}
