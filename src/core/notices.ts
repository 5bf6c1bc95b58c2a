/**
 * Planning the daily backorder notices (pure: no Apps Script, no clock).
 *
 * Who: order lines with Status BackOrder / INVHOLD / Partial, open quantity (Qty − Shipped) above 0,
 * Segment in `Notify segments` and a valid email. Days waiting are calendar days from `Backordered since`
 * (blank: `Order date`) to today, both in the spreadsheet's time zone.
 *
 * One email per order: every eligible line of an order is listed in one notice. The order's OLDEST open
 * line drives its milestone (the order's days waiting = the largest of its lines'), the milestones already
 * handled are those recorded on any of its lines, and every line covered is marked, so lines of one order
 * stay in step (a line added later to an order joins the order's schedule).
 *
 * `Notices sent` records what happened, e.g. `3, 10, 17 (skipped), 23`: plain numbers were sent,
 * "(skipped)" ones were passed over (they passed before the add-on first saw the line, or a bad row) and are
 * never sent later; which milestone is due is src/core/schedule.ts. `parseNoticesSent` (src/sheet/records.ts)
 * reads both as handled. The consent flow adds "consent asked <day>" (src/core/consent.ts).
 *
 * Bad rows (invalid email, unreadable Qty or date, a SKU missing from Inventory, no Order ID) are not sent.
 * They are reported once per row and milestone: the milestone they reached is recorded on the row as
 * "N (skipped)" with the reason in the Notice log, so the next report comes only at the next milestone.
 * A row whose days waiting cannot be computed (unreadable date) is reported once and marked
 * `bad row (skipped)`; fixing the row lets it join the schedule again.
 */
import { dateFree } from './customerText';
import { addDays, daysBetween, LocalDate } from './dates';
import { eta } from './eta';
import { decideMilestone } from './schedule';
import { defaultTemplate, renderKind, UNNAMED_ITEM, type ChosenEmail, type Template, type TemplateItem } from './templates';
import { DAY_KIND, isBackorder, skuKey, type OrderLine } from './model';
import { beingPreparedPhrase } from './packing';

/** What the planner needs of an order line (src/sheet/records.ts), plus the raw `Notices sent` cell. */
export interface NoticeLine
  extends Pick<
    OrderLine,
    | 'index'
    | 'orderId'
    | 'orderDate'
    | 'customer'
    | 'email'
    | 'emailValid'
    | 'segment'
    | 'sku'
    | 'qty'
    | 'shipped'
    | 'status'
    | 'since'
    | 'priority'
    | 'openQty'
    | 'problems'
  > {
  /** The raw `Notices sent` cell. */
  noticesCell: string;
  /** The local day of `Last notice` (the last email about the line), or null. */
  lastNoticeDay?: LocalDate | null;
  /**
   * Units set aside for the line (Orders › Allocated; absent or 0: none). A line whose whole open quantity is
   * set aside gets no day notice (it gets one `Back in stock` email instead); a line with part of it set aside
   * keeps its schedule, and its notice says which part is being prepared.
   */
  allocated?: number;
  /**
   * The `Consent` cell (non-blank: the customer agreed to keep waiting). A line whose consent request went out
   * (`consent asked <day>` in `Notices sent`) while this is blank gets no day notice: the milestones it reaches
   * meanwhile are passed over, and once consent is recorded the later ones go out as usual.
   */
  consent?: string;
}

export interface NoticeItemInfo {
  product: string;
  /** Inventory `Product line`: what the item is called when neither its name nor its SKU can be shown. */
  productLine?: string;
  expected: LocalDate | null;
  /** Inventory `Delay reason` (customer-safe; screened for dates when rendered). */
  delayReason?: string;
  /** The product name of its first in-stock alternative (src/core/lookup.ts `alternativesFor`); '' or missing: none. */
  alternative?: string;
}

/**
 * What a customer is told an item is called: the product name, or (when the name would show a date or a
 * weekday, e.g. "Black Friday Roast") the SKU, the product line, or "one of your items".
 */
export function itemName(product: string, sku: string, productLine = ''): string {
  return dateFree(product.trim(), dateFree(sku.trim(), dateFree(productLine.trim(), UNNAMED_ITEM)));
}

export interface PlanInput {
  lines: readonly NoticeLine[];
  /** Upper-case SKU -> item; null when the Inventory tab could not be read (SKUs are then not checked). */
  inventory: ReadonlyMap<string, NoticeItemInfo> | null;
  today: LocalDate;
  noticeDays: readonly number[];
  notifySegments: readonly string[];
  prepDays: number;
  /** Settings › Restock grace days (src/core/eta.ts). */
  graceDays?: number;
  /** Keys (`noticeKey`) already sent today in Test mode: not planned again. */
  alreadySentToday?: ReadonlySet<string>;
  /** Settings › Promised ship days: the first notice goes out no later than this many days after the order. */
  promisedShipDays?: number;
  /** Settings › Minimum notice gap: fewest days between two emails about a line. */
  minGapDays?: number;
  /** Order IDs with a part that is not on backorder (shipped or in stock): their notices say "Part of your order". */
  partOfOrder?: ReadonlySet<string>;
}

export interface PlannedNotice {
  key: string;
  orderId: string;
  email: string;
  customer: string;
  milestone: number;
  /** Earlier milestones passed over (recorded as skipped). */
  skipped: number[];
  daysWaiting: number;
  /** Oldest `Backordered since` of the order. */
  since: LocalDate;
  priority: boolean;
  /** Table indexes of every line covered. */
  lines: number[];
  skus: string[];
  items: TemplateItem[];
  /** Only part of the order is on backorder. */
  partOfOrder: boolean;
  /** The first notice of one of its lines (none has a milestone sent yet): it goes in the first mail tier. */
  first: boolean;
}

export interface SkippedNotice {
  orderId: string;
  email: string;
  lines: number[];
  skus: string[];
  /** All passed over this run: the order gets one Notice log row for them. */
  milestones: number[];
  /** Why, lower case: "the backorder was already at day 45, past the last automatic notice (day 30)". */
  reason: string;
}

export interface BadRow {
  index: number;
  orderId: string;
  email: string;
  sku: string;
  /** The milestones reached and now recorded as skipped; empty when days waiting are unknown. */
  milestones: number[];
  reason: string;
}

export interface NoticePlan {
  /** Oldest backorders first. */
  notices: PlannedNotice[];
  /** Orders with nothing to send but missed milestones to record. */
  skipped: SkippedNotice[];
  badRows: BadRow[];
}

export const SKIPPED_MARK = '(skipped)';
export const BAD_ROW_MARK = 'bad row (skipped)';
/** The consent request went out on that day (in `Notices sent`: "consent asked 2026-03-05"); written by the consent flow. */
export const CONSENT_ASKED_MARK = 'consent asked';
/** The `Back in stock` email was sent for the line (its whole open quantity was set aside): never again. */
export const BACK_IN_STOCK_MARK = 'back in stock';

export interface NoticeMarks {
  sent: number[];
  skipped: number[];
  /** The row was reported as bad while its days waiting were unknown. */
  badRowReported: boolean;
  /** The day the consent request went out (src/core/consent.ts). */
  consentAsked?: LocalDate;
  /** The good-news email went out for this line. */
  backInStock?: boolean;
}

/**
 * True for a line whose consent request went out and whose customer has not answered (the `Consent` cell is blank):
 * the consent flow speaks for it now, so no day notice asks the same question again or says nothing of the deadline.
 */
export function awaitingConsent(marks: Pick<NoticeMarks, 'consentAsked'>, consent: string | undefined): boolean {
  return marks.consentAsked !== undefined && (consent ?? '').trim() === '';
}

/** Why the milestones of a line awaiting the customer's answer are passed over (Notice log Detail). */
export const AWAITING_CONSENT_REASON = 'the customer was asked whether to keep waiting (consent request) and has not answered yet; day notices resume once their consent is recorded';

/** Reads a `Notices sent` cell: "3, 10, 17 (skipped)" -> sent [3, 10], skipped [17]. */
const NO_MARKS: NoticeMarks = Object.freeze({ sent: [], skipped: [], badRowReported: false }) as NoticeMarks;

export function parseNoticeMarks(cell: unknown): NoticeMarks {
  if (cell === '' || cell === null || cell === undefined) return { sent: [], skipped: [], badRowReported: false };
  const sent: number[] = [];
  const skipped: number[] = [];
  let badRowReported = false;
  let consentAsked: LocalDate | undefined;
  let backInStock = false;
  for (const part of String(cell ?? '').split(/[,;]/)) {
    const t = part.trim().toLowerCase();
    if (t === '') continue;
    if (t === BAD_ROW_MARK) {
      badRowReported = true;
      continue;
    }
    const asked = /^consent asked (\d{4}-\d{2}-\d{2})$/.exec(t);
    if (asked) {
      consentAsked = asked[1];
      continue;
    }
    if (t === BACK_IN_STOCK_MARK) {
      backInStock = true;
      continue;
    }
    const m = /^(\d+)\s*(\(skipped\))?$/.exec(t);
    if (!m) {
      // Hand-typed lists like "3 10" still count as sent.
      for (const n of t.split(/\s+/).map(Number)) if (Number.isInteger(n) && n > 0) sent.push(n);
      continue;
    }
    (m[2] ? skipped : sent).push(Number(m[1]));
  }
  return { sent: uniqSorted(sent), skipped: uniqSorted(skipped.filter((d) => !sent.includes(d))), badRowReported, ...(backInStock ? { backInStock } : {}), ...(consentAsked ? { consentAsked } : {}) };
}

function uniqSorted(xs: number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

/** Writes marks back: "3, 10, 17 (skipped), 23, back in stock". Sent wins over skipped for the same day. */
export function formatNoticeMarks(marks: NoticeMarks): string {
  const sent = new Set(marks.sent);
  const all = uniqSorted([...marks.sent, ...marks.skipped]);
  const parts = all.map((d) => (sent.has(d) ? String(d) : `${d} ${SKIPPED_MARK}`));
  if (marks.badRowReported && all.length === 0) parts.push(BAD_ROW_MARK);
  if (marks.backInStock) parts.push(BACK_IN_STOCK_MARK);
  if (marks.consentAsked) parts.push(`${CONSENT_ASKED_MARK} ${marks.consentAsked}`);
  return parts.join(', ');
}

/** Adds milestones (or the back-in-stock or consent-asked mark) to a cell's marks (the bad-row flag is dropped once a milestone is recorded). */
export function addMarks(cell: unknown, add: { sent?: number[]; skipped?: number[]; badRow?: boolean; backInStock?: boolean; consentAsked?: LocalDate }): string {
  const m = parseNoticeMarks(cell);
  const consentAsked = m.consentAsked ?? add.consentAsked;
  return formatNoticeMarks({
    sent: uniqSorted([...m.sent, ...(add.sent ?? [])]),
    skipped: uniqSorted([...m.skipped, ...(add.skipped ?? [])]),
    badRowReported: m.badRowReported || !!add.badRow,
    backInStock: !!m.backInStock || !!add.backInStock,
    ...(consentAsked ? { consentAsked } : {}),
  });
}

/**
 * The stable key of one notice: "BW-1|10". An Order ID whose lines carry different emails gets one notice
 * per email, keyed "BW-1|10|ann@example.com".
 */
export function noticeKey(orderId: string, milestone: number, email?: string): string {
  return email === undefined ? `${orderId}|${milestone}` : `${orderId}|${milestone}|${email}`;
}

export { isBackorder } from './model';

/** The reasons that stop a line from being sent, or [] when it is fine. */
function lineProblems(line: NoticeLine, inventory: PlanInput['inventory']): string[] {
  // An unreadable Order date does not matter when Backordered since is given.
  const problems = line.problems.filter((p) => !(line.since !== null && p.startsWith('Order date')));
  if (inventory && line.sku !== '' && !inventory.has(skuKey(line.sku))) {
    problems.push(`SKU "${line.sku}" is not on the Inventory tab`);
  }
  if (line.sku === '') problems.push('no SKU');
  if (line.since === null && !problems.some((p) => /date/i.test(p))) problems.push('no Backordered since or Order date');
  return problems;
}

/**
 * Decides today's notices. Lines of one order are grouped by Order ID and email: a customer is only ever
 * told about their own lines, even when an Order ID was reused for another customer or a line was given
 * another address (each email then has its own schedule). The customer's name is that of the oldest line.
 * Lines with problems are reported and left out of their order's email.
 */
export function planNotices(input: PlanInput): NoticePlan {
  const segments = new Set(input.notifySegments.map((s) => s.trim().toUpperCase()));
  const groups = new Map<string, Array<{ line: NoticeLine; days: number; marks: NoticeMarks }>>();
  /** Order ID -> the emails of its eligible lines (more than one: one notice per email). */
  const emailsOf = new Map<string, Set<string>>();
  const badRows: BadRow[] = [];
  // Dates and restock dates repeat across lines: compute each once.
  const daysMemo = new Map<LocalDate, number>();
  const daysSince = (since: LocalDate) => {
    let d = daysMemo.get(since);
    if (d === undefined) daysMemo.set(since, (d = daysBetween(since, input.today)));
    return d;
  };
  const etaMemo = new Map<LocalDate | null, string>();
  const phrase = (expected: LocalDate | null) => {
    let p = etaMemo.get(expected);
    if (p === undefined) etaMemo.set(expected, (p = eta({ expected, today: input.today, prepDays: input.prepDays, graceDays: input.graceDays }).phrase));
    return p;
  };

  /** Lines wholly set aside, by order and email: named in their order's notice as being prepared, never its driver. */
  const setAside = new Map<string, NoticeLine[]>();
  for (const line of input.lines) {
    if (!isBackorder(line.status) || !segments.has(line.segment.trim().toUpperCase())) continue;
    const qtyUnreadable = line.qty === null;
    if (line.openQty <= 0 && !qtyUnreadable) continue;
    if (isFullyAllocated(line)) {
      const k = `${line.orderId}\u0001${line.email}`;
      const s = setAside.get(k);
      if (s) s.push(line);
      else setAside.set(k, [line]);
      continue;
    }
    const marks = line.noticesCell === '' ? NO_MARKS : parseNoticeMarks(line.noticesCell);
    const days = line.since !== null ? daysSince(line.since) : null;
    const problems = lineProblems(line, input.inventory);
    if (problems.length > 0) {
      const reason = `Bad row ${line.index + 2}: ${problems.join('; ')}`;
      if (days === null) {
        if (!marks.badRowReported) badRows.push({ index: line.index, orderId: line.orderId, email: line.email, sku: line.sku, milestones: [], reason });
        continue;
      }
      const d = decideMilestone(days, [...marks.sent, ...marks.skipped], input.noticeDays);
      const reached = uniqSorted([...d.skip, ...(d.send !== null ? [d.send] : [])]);
      if (reached.length > 0) badRows.push({ index: line.index, orderId: line.orderId, email: line.email, sku: line.sku, milestones: reached, reason });
      continue;
    }
    if (days === null || days < 0) continue;
    const group = `${line.orderId}\u0001${line.email}`;
    const g = groups.get(group);
    const entry = { line, days, marks };
    if (g) g.push(entry);
    else groups.set(group, [entry]);
    const emails = emailsOf.get(line.orderId);
    if (emails) emails.add(line.email);
    else emailsOf.set(line.orderId, new Set([line.email]));
  }

  const notices: PlannedNotice[] = [];
  const skipped: SkippedNotice[] = [];
  const decide = (entries: Array<{ line: NoticeLine; days: number; marks: NoticeMarks }>) => {
    const oldest = entries[0];
    const handled = entries.length === 1 ? [...oldest.marks.sent, ...oldest.marks.skipped] : uniqSorted(entries.flatMap((e) => [...e.marks.sent, ...e.marks.skipped]));
    const lastDay = entries.reduce<LocalDate | null>((m, e) => (e.line.lastNoticeDay && (!m || e.line.lastNoticeDay > m) ? e.line.lastNoticeDay : m), null);
    const decision = decideMilestone(oldest.days, handled, input.noticeDays, {
      firstDueBy: input.promisedShipDays === undefined ? null : firstNoticeDueBy(oldest.line, input.promisedShipDays),
      daysSinceLastNotice: lastDay ? daysBetween(lastDay, input.today) : null,
      minGapDays: input.minGapDays,
    });
    return { handled, decision };
  };
  for (const [groupKey, all] of groups) {
    all.sort((a, b) => b.days - a.days || a.line.index - b.line.index);
    // Lines whose customer was asked whether to keep waiting and has not answered: the consent flow speaks for
    // them, so every milestone they reach is passed over (recorded, never sent later), until consent is recorded.
    const held = all.filter((e) => awaitingConsent(e.marks, e.line.consent));
    const entries = held.length === 0 ? all : all.filter((e) => !awaitingConsent(e.marks, e.line.consent));
    if (held.length > 0) {
      const { decision } = decide(held);
      const reached = uniqSorted([...decision.skip, ...(decision.send !== null ? [decision.send] : []), ...(decision.waiting != null ? [decision.waiting] : [])]);
      if (reached.length > 0) {
        skipped.push({ orderId: held[0].line.orderId, email: held[0].line.email, lines: held.map((e) => e.line.index), skus: held.map((e) => e.line.sku), milestones: reached, reason: AWAITING_CONSENT_REASON });
      }
    }
    if (entries.length === 0) continue;
    const oldest = entries[0];
    const orderId = oldest.line.orderId;
    const { handled, decision } = decide(entries);
    const lines = entries.map((e) => e.line.index);
    const skus = entries.map((e) => e.line.sku);
    if (decision.send === null) {
      if (decision.skip.length > 0) {
        const last = Math.max(...input.noticeDays);
        const reason =
          oldest.days > last
            ? `the backorder was already at day ${oldest.days}, past the last automatic notice (day ${last})`
            : handled.length === 0
              ? `the backorder was already at day ${oldest.days} when it was first seen`
              : `the backorder is at day ${oldest.days} and a later notice (day ${Math.max(...handled)}) was already recorded`;
        skipped.push({ orderId, email: oldest.line.email, lines, skus, milestones: decision.skip, reason });
      }
      continue;
    }
    const key = noticeKey(orderId, decision.send, (emailsOf.get(orderId)?.size ?? 1) > 1 ? oldest.line.email : undefined);
    if (input.alreadySentToday?.has(key)) continue;
    const items: TemplateItem[] = entries.map((e) => {
      const info = input.inventory?.get(skuKey(e.line.sku));
      return {
        product: itemName(info?.product ?? '', e.line.sku, info?.productLine),
        sku: e.line.sku,
        quantity: e.line.openQty,
        eta: partlyPrepared(e.line, phrase(info?.expected ?? null)),
        ...(info?.delayReason ? { reason: info.delayReason } : {}),
        ...(info?.alternative ? { alternative: info.alternative } : {}),
      };
    });
    // The order's lines wholly set aside are named too, as being prepared: the good news waits until all are.
    for (const l of setAside.get(groupKey) ?? []) {
      const info = input.inventory?.get(skuKey(l.sku));
      items.push({ product: itemName(info?.product ?? '', l.sku, info?.productLine), sku: l.sku, quantity: l.openQty, eta: beingPreparedPhrase(l.openQty, l.openQty), ready: true });
    }
    notices.push({
      key,
      orderId,
      email: oldest.line.email,
      customer: oldest.line.customer,
      milestone: decision.send,
      skipped: decision.skip,
      daysWaiting: oldest.days,
      since: oldest.line.since as LocalDate,
      priority: entries.some((e) => /^high$/i.test(e.line.priority.trim())),
      lines,
      skus,
      items,
      partOfOrder: input.partOfOrder?.has(orderId) ?? false,
      first: entries.some((e) => e.marks.sent.length === 0),
    });
  }
  notices.sort(oldestFirst);
  return { notices, skipped, badRows };
}

/**
 * Days on the line's backorder clock by which its first notice is due: the promised ship time (`Order date` +
 * Promised ship days; without an order date, from `Backordered since`), 0 when it had passed already.
 */
export function firstNoticeDueBy(line: Pick<NoticeLine, 'orderDate' | 'since'>, promisedShipDays: number): number | null {
  if (line.since === null) return null;
  return Math.max(0, daysBetween(line.since, addDays(line.orderDate ?? line.since, promisedShipDays)));
}

/**
 * The Order IDs with a line that is not on backorder (shipped, partly shipped or in stock): their notices say
 * "Part of your order". Cancelled lines do not count.
 */
export function ordersWithOtherParts(rows: Iterable<{ orderId: string; status: string; shipped: number }>): Set<string> {
  const out = new Set<string>();
  for (const r of rows) {
    if (r.orderId === '') continue;
    const s = r.status.trim().toLowerCase();
    if (s === 'cancelled') continue;
    if (!isBackorder(s) || r.shipped > 0) out.add(r.orderId);
  }
  return out;
}

/** True for a waiting line whose whole open quantity is set aside (it gets the good news, not a day notice). */
export function isFullyAllocated(line: Pick<NoticeLine, 'openQty' | 'allocated'>): boolean {
  return line.openQty > 0 && (line.allocated ?? 0) >= line.openQty;
}

/**
 * The orders (by `orderOf`, e.g. Order ID and email) with a waiting line not wholly set aside. The `Back in stock`
 * email waits until its order has none: "nothing more to do on your side" must be true.
 */
export function ordersStillWaiting<L extends Pick<NoticeLine, 'openQty' | 'allocated'>>(waitingLines: readonly L[], orderOf: (l: L) => string): Set<string> {
  return new Set(waitingLines.filter((l) => l.openQty > 0 && !isFullyAllocated(l)).map(orderOf));
}

/** A line's arrival phrase; with part of it set aside, which part is being prepared and, for the rest, the phrase. */
function partlyPrepared(line: Pick<NoticeLine, 'openQty' | 'allocated'>, arrival: string): string {
  const prepared = beingPreparedPhrase(line.allocated ?? 0, line.openQty);
  return prepared === '' ? arrival : `${prepared}; for the rest, ${arrival}`;
}

/** Oldest backorders first; then High priority; then order number (stable across runs). */
export function oldestFirst(a: PlannedNotice, b: PlannedNotice): number {
  return b.daysWaiting - a.daysWaiting || Number(b.priority) - Number(a.priority) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);
}

/**
 * The email of a planned day notice: the shop's own template for its kind when it can be used (else the
 * default, with the reason in `refused`); `unsafe` when even the default would show an exact date.
 */
export function dayNoticeEmail(p: PlannedNotice, custom: Template | undefined, shop: { supportPhone: string; senderName: string }): ChosenEmail {
  const kind = DAY_KIND(p.milestone);
  // Every sheet value is screened for dates by renderTemplate (product -> SKU -> "one of your items", …).
  const data = { customer: p.customer, orderId: p.orderId, items: p.items, supportPhone: shop.supportPhone, senderName: shop.senderName, partOfOrder: p.partOfOrder };
  const fallback = defaultTemplate(kind) ?? { subject: 'Your order{{#orderId}} {{orderId}}{{/orderId}}: an update', body: defaultTemplate('Day 3')!.body };
  return renderKind(kind, custom, fallback, data);
}
