/**
 * Which customer mail goes first when the daily email quota cannot cover everything (pure).
 *
 * The daily run sends its mail as an ordered list of batches, highest tier first:
 *   1. `required`: legally required or time-critical mail — the first delay notice of a line, consent
 *      requests, cancellations;
 *   2. `news`: a parcel left (shipment emails), stock is back (good news);
 *   3. `routine`: the later reminders of the backorder cadence.
 * Mail the quota could not cover stays due and is sent by the next run, again in tier order, oldest first
 * inside its tier; each waiting email gets a Skipped row in the Notice log saying why (`waitDetail`).
 */
export const MAIL_TIERS = ['required', 'news', 'routine'] as const;
export type MailTier = (typeof MAIL_TIERS)[number];

export interface Prioritised {
  tier: MailTier;
}

/** The batches in sending order: by tier, keeping the given order inside a tier. */
export function inSendingOrder<T extends Prioritised>(batches: readonly T[]): T[] {
  return batches
    .map((b, i) => ({ b, i }))
    .sort((x, y) => MAIL_TIERS.indexOf(x.b.tier) - MAIL_TIERS.indexOf(y.b.tier) || x.i - y.i)
    .map((x) => x.b);
}

/** Notice log Detail of an email the quota could not cover: higher-priority mail took it, or its own tier did. */
export function waitDetail(higherTierTookQuota: boolean): string {
  return higherTierTookQuota
    ? 'waited: the daily quota went to higher-priority mail; it goes first in its turn on the next run'
    : 'waited: the daily quota was used up; it goes out on the next run';
}
