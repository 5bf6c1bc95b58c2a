/**
 * Whether a manager's extended stock-out update goes out, decided from what was read (the engine,
 * src/engines/extendedUpdates.ts, reads, stores and sends): a request id already handled, the text, the item
 * and who waits for it, a second update today, the Test recipient, room in the queue, and the job to keep.
 * The rules it applies (text, recipients, limits) live in ./stockOut.ts.
 */
import type { SendMode } from './model';
import type { ExtendedStockOutRequest, StockOutItem } from '../shared/stockOutTypes';
import { HandledIds, LIMITS, Recipient, recipientsOf, skuKey, templateProblem, textProblem, utf8Bytes } from './stockOut';

/** An update kept in one Script Property until everyone got it: the queue the hourly run continues. */
export interface QueuedUpdate {
  id: string;
  sku: string;
  subject: string;
  body: string;
  /** The manager's "Your message" ('' or missing in updates queued by an earlier version: none). */
  message?: string;
  segments: string[];
  by: string;
  /** Epoch ms when it was first sent. */
  at: number;
  /** Send mode it was sent in; it is only ever continued in this mode. */
  mode: 'Live' | 'Test';
}

export interface ExtendedUpdateInput {
  request: Required<ExtendedStockOutRequest>;
  /** What was recorded when this request id was handled (from the pruned HandledIds); undefined if it was not. */
  handled: HandledIds[string] | undefined;
  sendMode: SendMode;
  testRecipient: string;
  /** Today's out-of-stock items with who waits for each (stockOutItems). */
  items: readonly StockOutItem[];
  /** Emails the mail quota still allows today. */
  quota: number;
  /** Updates already waiting in the queue. */
  queuedUpdates: number;
  /** The manager sending it, as signed in. */
  user: string;
  nowMs: number;
}

export type ExtendedUpdateDecision =
  /** The id was handled before: nothing is sent again; the counts are those recorded then. */
  | { kind: 'duplicate'; message: string; counts: { recipients: number; sent: number; failed: number; waiting: number } }
  | { kind: 'invalid'; message: string }
  /** An update about the item already went out today: the manager confirms a second one. */
  | { kind: 'confirm'; message: string; recipients: number }
  /** The quota cannot cover everyone and the queue has no room: refused before anything is sent; `log` for the execution log. */
  | { kind: 'queueFull'; message: string; recipients: number; log: string }
  | { kind: 'send'; job: QueuedUpdate; item: StockOutItem; recipients: Recipient[] };

/** What to do with a request that passed the permission check, in the order the checks are made. */
export function decideExtendedUpdate(input: ExtendedUpdateInput): ExtendedUpdateDecision {
  const { request, sendMode } = input;
  if (input.handled) {
    const [, recipients, sent, failed, waiting] = input.handled;
    return { kind: 'duplicate', message: 'This update was already sent; nothing more was sent.', counts: { recipients, sent, failed, waiting } };
  }
  const text = textProblem(request.subject, request.body, request.message) ?? templateProblem({ subject: request.subject, body: request.body });
  if (text) return { kind: 'invalid', message: text };

  const item = input.items.find((i) => skuKey(i.sku) === skuKey(request.sku));
  if (!item) return { kind: 'invalid', message: `${request.sku} is not out of stock (or not on the Inventory tab), so there is no one to write to.` };
  const recipients = recipientsOf(item.waiting, request.segments);
  if (recipients.length === 0) {
    return { kind: 'invalid', message: `Nobody is waiting for ${item.sku}${request.segments.length ? ` in ${request.segments.join(', ')}` : ''}.` };
  }
  if (item.sentToday > 0 && !request.confirmResend) {
    return {
      kind: 'confirm',
      message: `An extended update about ${item.sku} already went to ${item.sentToday} customer${item.sentToday === 1 ? '' : 's'} today. Send it again to ${recipients.length}?`,
      recipients: recipients.length,
    };
  }
  if (sendMode === 'Test' && input.testRecipient === '') {
    return { kind: 'invalid', message: 'Send mode is Test but Settings › Test recipient is empty; nothing was sent.' };
  }
  const by = input.user.trim().toLowerCase();
  // Each queued update takes up to 8 KB of the shared property store: when the quota cannot cover
  // everyone and the queue is full, refuse before anything is sent (the id stays free). A send the quota
  // covers goes ahead; should the time budget stop it, the next hourly run finishes it.
  const { quota, queuedUpdates } = input;
  if (recipients.length > quota && queuedUpdates >= LIMITS.queuedUpdates) {
    return {
      kind: 'queueFull',
      message:
        `Today's email quota (${quota} left) cannot cover the ${recipients.length} customers, and ${queuedUpdates} updates are already waiting for quota (at most ${LIMITS.queuedUpdates} can wait), so nothing was sent. ` +
        'Please send this update after the next daily run has sent some of them.',
      recipients: recipients.length,
      log: `Extended update about ${item.sku} by ${by} refused: ${queuedUpdates} updates already wait for quota.`,
    };
  }

  const job: QueuedUpdate = {
    id: request.id,
    sku: item.sku,
    subject: request.subject,
    body: request.body,
    ...(request.message.trim() ? { message: request.message } : {}),
    segments: request.segments,
    by,
    at: input.nowMs,
    mode: sendMode === 'Test' ? 'Test' : 'Live',
  };
  const jobBytes = utf8Bytes(JSON.stringify(job));
  if (jobBytes > LIMITS.jobBytes) {
    return { kind: 'invalid', message: `The update is too long to keep safely (${jobBytes} of ${LIMITS.jobBytes} bytes); please shorten the message. Nothing was sent.` };
  }
  return { kind: 'send', job, item, recipients };
}
