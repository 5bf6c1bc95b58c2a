/**
 * The customer's choices, recorded by an agent from the sidebar (pure: no Apps Script, no clock).
 *
 * Each action is planned against the order's rows as they are now (the job re-reads them under the shop
 * lock) and gives the cells to write, the changes to `Available`, and the Activity log rows:
 * - Keeps waiting: `Consent` = "Keeps waiting — <who>, <when>" on a waiting line (or every waiting line).
 * - Switch to an in-stock alternative: `Switched to` = the new SKU (the line keeps the ordered SKU in `SKU`).
 *   On hand = Available + owed, so the units the line still needs stop being owed by the old SKU (its
 *   Available rises by them) and are owed by the new one (its Available falls by them). Units set aside from
 *   the old SKU (`Allocated`) are released.
 * - Cancel: Status `Cancelled`; the open units are no longer owed, so `Available` of the SKU they were owed
 *   by rises by them; `Allocated` is cleared; `Refund due` = amount (open units × `Unit price`, when the
 *   column and the cell exist) or units, "by" 7 working days later (Saturdays and Sundays skipped).
 * - Ship preference for the whole order (the allocation reads the order's lines together).
 * - Escalate: `Flag` = the reason, who and when.
 * - A note: appended to `Notes` with who and when, always as text.
 * A refund is marked done from the Refunds due view: `Refunded on` = today.
 */
import { workingDaysBetween, type LocalDate } from './dates';
import { refundDueBy, refundDueDate, refundDueText, refundDueWhat } from './refunds';
import { parseShipPreference, SHIP_PREFERENCES, type ShipPreference, WAIT_FOR_ALL, SHIP_WHATS_READY } from './allocation';
import { type OrderLine, skuKey } from './model';
import type {
  ChoiceAction,
  ChoiceRequest,
  LineChoicesView,
  MarkRefundedRequest,
  OrderChoicesView,
  RefundDueView,
} from '../shared/choicesTypes';

export const MAX_NOTE_LENGTH = 1000;
export const MAX_REASON_LENGTH = 300;
/** A cell holds at most 50,000 characters. */
const CELL_LIMIT = 50_000;

export const CHOICE_ACTIONS: readonly ChoiceAction[] = ['consent', 'switch', 'cancel', 'shipPreference', 'escalate', 'note'];

/** The Orders columns each action writes (set-up adds them). */
export const COLUMN_OF: Record<ChoiceAction, string> = {
  consent: 'Consent',
  switch: 'Switched to',
  cancel: 'Refund due',
  shipPreference: 'Ship preference',
  escalate: 'Flag',
  note: 'Notes',
};

/** An Orders line with the columns of the backorder's whole life, as read now. */
export interface ChoiceLine
  extends Pick<OrderLine, 'index' | 'orderId' | 'customer' | 'email' | 'sku' | 'qty' | 'shipped' | 'status' | 'statusCell' | 'openQty' | 'priority' | 'notes'> {
  shipPreference: string;
  /** The `Allocated` cell as text ('' when blank). */
  allocated: string;
  switchedTo: string;
  consent: string;
  refundDue: string;
  refundedOn: string;
  flag: string;
  /** `Unit price` when the column exists and the cell holds a number; null otherwise. */
  unitPrice: number | null;
}

export interface ChoiceItem {
  sku: string;
  product: string;
  /** null when not a whole number. */
  available: number | null;
}

export interface ChoiceContext {
  /** Who acts: an email, or a description when the address is hidden. */
  who: string;
  /** Now, 'YYYY-MM-DD HH:mm' in the spreadsheet's time zone. */
  at: string;
  today: LocalDate;
  /** Headers of the Orders tab. */
  columns: ReadonlySet<string>;
  defaultShipPreference: ShipPreference;
  item(sku: string): ChoiceItem | undefined;
  /** The in-stock alternatives the lookup lists for an item. */
  alternatives(sku: string): ChoiceItem[];
}

export type CellValue = string | number;

export interface PlannedActivity {
  what: string;
  orderId: string;
  sku: string;
  before: CellValue;
  after: CellValue;
  detail: string;
}

export interface ChoicePlan {
  /** Orders cells to write: row index -> header -> value. */
  rows: Map<number, Record<string, CellValue>>;
  /** `Available` to write, per SKU. */
  stock: Array<{ sku: string; before: number; after: number }>;
  activities: PlannedActivity[];
  message: string;
}

export type PlanResult = { ok: true; plan: ChoicePlan } | { ok: false; message: string };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---------------------------------------------------------------------------------------------
// Requests

/** Cleans a request from the page; a message when it cannot be used. Never throws. */
export function checkChoiceRequest(raw: unknown): { ok: true; request: ChoiceRequest } | { ok: false; message: string } {
  if (!raw || typeof raw !== 'object') return { ok: false, message: 'Nothing to record: the request was empty.' };
  const r = raw as Record<string, unknown>;
  if (typeof r.action !== 'string' || !CHOICE_ACTIONS.includes(r.action as ChoiceAction)) return { ok: false, message: 'That action is not one the sidebar offers.' };
  if (typeof r.orderId !== 'string' || r.orderId.trim() === '' || r.orderId.length > 200) return { ok: false, message: 'The request has no usable Order ID.' };
  const sku = r.sku === undefined ? '' : r.sku;
  if (typeof sku !== 'string' || sku.length > 200) return { ok: false, message: 'The request has no usable SKU.' };
  const row = typeof r.row === 'number' && Number.isInteger(r.row) && r.row >= 2 ? r.row : undefined;
  const value = r.value === undefined ? undefined : r.value;
  if (value !== undefined && (typeof value !== 'string' || value.length > 5000)) return { ok: false, message: 'The text sent is too long or not text.' };
  return { ok: true, request: { action: r.action as ChoiceAction, orderId: r.orderId.trim(), sku: sku.trim(), row, value } };
}

/** Cleans a refund request from the page. */
export function checkRefundRequest(raw: unknown): { ok: true; request: MarkRefundedRequest } | { ok: false; message: string } {
  if (!raw || typeof raw !== 'object') return { ok: false, message: 'Nothing to mark: the request was empty.' };
  const r = raw as Record<string, unknown>;
  if (typeof r.orderId !== 'string' || r.orderId.trim() === '' || r.orderId.length > 200) return { ok: false, message: 'The request has no usable Order ID.' };
  if (typeof r.sku !== 'string' || r.sku.length > 200) return { ok: false, message: 'The request has no usable SKU.' };
  const row = typeof r.row === 'number' && Number.isInteger(r.row) && r.row >= 2 ? r.row : undefined;
  return { ok: true, request: { orderId: r.orderId.trim(), sku: r.sku.trim(), row } };
}

/** Free text from the page as one cell's worth: control characters (but line breaks) become spaces. */
export function cleanText(value: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
  return value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').trim().slice(0, max);
}

/**
 * The line a request means, among the order's rows as they are now: the only row with that SKU, or, when
 * the order has several, the one still on the row the sidebar showed.
 */
export function findLine<T extends { index: number; sku: string }>(lines: readonly T[], sku: string, row: number | undefined): T | string {
  const same = lines.filter((l) => skuKey(l.sku) === skuKey(sku));
  if (same.length === 1) return same[0];
  if (same.length === 0) return `Order has no line with SKU ${sku} any more (it may have been changed or removed). Search again.`;
  const hinted = same.find((l) => row !== undefined && l.index + 2 === row);
  return hinted ?? `Order has ${same.length} lines with SKU ${sku} and they have moved; search again and retry.`;
}

// ---------------------------------------------------------------------------------------------
// Planning one action

class Planner {
  readonly rows = new Map<number, Record<string, CellValue>>();
  readonly activities: PlannedActivity[] = [];
  private readonly available = new Map<string, { sku: string; before: number; after: number }>();

  constructor(readonly ctx: ChoiceContext) {}

  set(line: ChoiceLine, header: string, value: CellValue): void {
    if (!this.ctx.columns.has(header)) return;
    let r = this.rows.get(line.index);
    if (!r) this.rows.set(line.index, (r = {}));
    r[header] = value;
  }

  log(what: string, line: { orderId: string; sku: string }, before: CellValue, after: CellValue, detail = ''): void {
    this.activities.push({ what, orderId: line.orderId, sku: line.sku, before, after, detail });
  }

  /** Changes an item's Available by `delta` (logged); false when it cannot be read. */
  moveStock(sku: string, delta: number, orderId: string, why: string): boolean {
    const key = skuKey(sku);
    let entry = this.available.get(key);
    if (!entry) {
      const item = this.ctx.item(sku);
      if (!item || item.available === null) return false;
      entry = { sku: item.sku, before: item.available, after: item.available };
      this.available.set(key, entry);
    }
    const before = entry.after;
    entry.after += delta;
    this.activities.push({ what: 'Available', orderId, sku: entry.sku, before, after: entry.after, detail: why });
    return true;
  }

  done(message: string): PlanResult {
    return { ok: true, plan: { rows: this.rows, stock: [...this.available.values()], activities: this.activities, message } };
  }
}

const stamp = (ctx: ChoiceContext) => `${ctx.who}, ${ctx.at}`;

function missingColumn(ctx: ChoiceContext, ...headers: string[]): string | null {
  const missing = headers.filter((h) => !ctx.columns.has(h));
  return missing.length === 0 ? null : `The Orders tab has no ${missing.join(', ')} column. Run "Set up sheet" from the Backorder Desk menu first; nothing was changed.`;
}

/** The line's units are owed by this SKU: the one switched to, else the ordered one. */
export function owedSku(line: Pick<ChoiceLine, 'sku' | 'switchedTo'>): string {
  return line.switchedTo !== '' ? line.switchedTo : line.sku;
}

function waitingLines(lines: readonly ChoiceLine[]): ChoiceLine[] {
  return lines.filter((l) => l.openQty > 0);
}

function notWaiting(line: ChoiceLine): string {
  return `${line.sku} on order ${line.orderId} is not waiting for stock any more (Status ${line.statusCell || 'blank'}, ${plural(line.openQty, 'unit')} open), so nothing was changed.`;
}

/**
 * Plans one action on the order's rows as they are now (`lines`: every row with the Order ID). A refusal
 * says why in words an agent can act on.
 */
export function planChoice(request: ChoiceRequest, lines: readonly ChoiceLine[], ctx: ChoiceContext): PlanResult {
  if (lines.length === 0) return { ok: false, message: `No order ${request.orderId} on the Orders tab any more. Search again.` };
  const missing = missingColumn(ctx, COLUMN_OF[request.action]);
  if (missing) return { ok: false, message: missing };
  const p = new Planner(ctx);
  const orderId = lines[0].orderId;
  let target: ChoiceLine | null = null;
  if (request.sku !== '') {
    const found = findLine(lines, request.sku, request.row);
    if (typeof found === 'string') return { ok: false, message: found.replace(/^Order /, `Order ${orderId} `) };
    target = found;
  }
  const value = request.value ?? '';
  switch (request.action) {
    case 'consent': {
      const list = target ? [target] : waitingLines(lines);
      if (target && target.openQty === 0) return { ok: false, message: notWaiting(target) };
      if (list.length === 0) return { ok: false, message: `Nothing on order ${orderId} is waiting for stock, so there is nothing to agree to.` };
      const text = `Keeps waiting — ${stamp(ctx)}`;
      for (const l of list) {
        p.set(l, 'Consent', text);
        p.log('Keeps waiting', l, l.consent, text);
      }
      return p.done(`Recorded: the customer keeps waiting for ${list.map((l) => l.sku).join(', ')} (${stamp(ctx)}).`);
    }
    case 'switch': {
      if (!target) return { ok: false, message: 'Pick the line to switch.' };
      if (target.openQty === 0) return { ok: false, message: notWaiting(target) };
      if (target.switchedTo !== '') return { ok: false, message: `${target.sku} on order ${orderId} was already switched to ${target.switchedTo}; nothing was changed.` };
      const alt = ctx.alternatives(target.sku).find((a) => skuKey(a.sku) === skuKey(value));
      if (!alt || alt.available === null) return { ok: false, message: `${value || 'That item'} is not an in-stock alternative to ${target.sku} any more; nothing was changed.` };
      if (alt.available < target.openQty) {
        return { ok: false, message: `Only ${alt.available} of ${alt.sku} are available and the line needs ${target.openQty}; nothing was changed.` };
      }
      const open = target.openQty;
      if (!p.moveStock(target.sku, open, orderId, `${plural(open, 'unit')} of order ${orderId} no longer owed: switched to ${alt.sku}`)) {
        return { ok: false, message: `The Available count of ${target.sku} cannot be read (or it is not on the Inventory tab); fix it first. Nothing was changed.` };
      }
      p.moveStock(alt.sku, -open, orderId, `${plural(open, 'unit')} of order ${orderId} owed now: switched from ${target.sku}`);
      p.set(target, 'Switched to', alt.sku);
      if (target.allocated !== '') p.set(target, 'Allocated', '');
      p.log('Switched', target, '', alt.sku, `${plural(open, 'unit')}; the line keeps ${target.sku} in SKU${target.allocated !== '' ? `; ${target.allocated} set aside released` : ''}`);
      return p.done(`Switched ${target.sku} to ${alt.sku} on order ${orderId} (${plural(open, 'unit')}). ${target.sku} Available rose by ${open}; ${alt.sku} Available fell by ${open}.`);
    }
    case 'cancel': {
      const list = target ? [target] : waitingLines(lines);
      if (target && target.openQty === 0) return { ok: false, message: notWaiting(target) };
      if (list.length === 0) return { ok: false, message: `Nothing on order ${orderId} is waiting for stock, so there is nothing to cancel here.` };
      const by = refundDueDate(ctx.today);
      const unpriced = !ctx.columns.has('Unit price');
      const parts: string[] = [];
      for (const l of list) {
        const open = l.openQty;
        const due = refundDueText(open, unpriced ? null : l.unitPrice, by);
        p.set(l, 'Status', 'Cancelled');
        if (l.allocated !== '') p.set(l, 'Allocated', '');
        p.set(l, 'Refund due', due);
        const owed = owedSku(l);
        const moved = p.moveStock(owed, open, orderId, `${plural(open, 'unit')} of order ${orderId} no longer owed: cancelled`);
        p.log('Cancelled', l, l.statusCell, 'Cancelled', `refund due ${due}${moved ? '' : `; Available of ${owed} could not be read, so it was not changed`}`);
        parts.push(`${l.sku}: refund due ${due}${moved ? `; ${owed} Available +${open}` : `; ${owed} Available not changed (unreadable)`}`);
      }
      return p.done(`Cancelled on order ${orderId}. ${parts.join('. ')}.`);
    }
    case 'shipPreference': {
      const want = parseShipPreference(value);
      if (!want) return { ok: false, message: `Choose ${SHIP_PREFERENCES.join(' or ')}.` };
      const before = shipPreferenceOf(lines, ctx.defaultShipPreference);
      for (const l of lines) p.set(l, 'Ship preference', want);
      p.log('Ship preference', { orderId, sku: '' }, before.isDefault ? `(default: ${before.value})` : before.value, want);
      return p.done(`Order ${orderId}: ${want}.`);
    }
    case 'escalate': {
      const reason = cleanText(value, MAX_REASON_LENGTH).replace(/\n+/g, ' ');
      if (reason === '') return { ok: false, message: 'Say why it needs a manager.' };
      const list = target ? [target] : lines;
      const text = `${reason} — escalated by ${stamp(ctx)}`;
      for (const l of list) {
        p.set(l, 'Flag', text);
        p.log('Escalated', l, l.flag, text);
      }
      return p.done(`Flagged for a manager on order ${orderId}${target ? ` (${target.sku})` : ''}.`);
    }
    case 'note': {
      const note = cleanText(value, MAX_NOTE_LENGTH);
      if (note === '') return { ok: false, message: 'Type the note first.' };
      const line = target ?? lines[0];
      const entry = `[${ctx.at} ${ctx.who}] ${note}`;
      const text = line.notes === '' ? entry : `${line.notes}\n${entry}`;
      if (text.length > CELL_LIMIT) return { ok: false, message: 'The Notes cell of this line is full (50,000 characters); nothing was added.' };
      p.set(line, 'Notes', text);
      p.log('Note', line, '', note);
      return p.done(`Note added to order ${orderId}${target ? ` (${target.sku})` : ''}.`);
    }
  }
}

/** Marks a line's refund as made: `Refunded on` = today. */
export function planRefunded(request: MarkRefundedRequest, lines: readonly ChoiceLine[], ctx: ChoiceContext): PlanResult {
  const missing = missingColumn(ctx, 'Refund due', 'Refunded on');
  if (missing) return { ok: false, message: missing };
  if (lines.length === 0) return { ok: false, message: `No order ${request.orderId} on the Orders tab any more.` };
  const found = findLine(lines, request.sku, request.row);
  if (typeof found === 'string') return { ok: false, message: found.replace(/^Order /, `Order ${lines[0].orderId} `) };
  if (found.refundDue === '') return { ok: false, message: `${found.sku} on order ${found.orderId} has no refund due.` };
  if (found.refundedOn !== '') return { ok: false, message: `${found.sku} on order ${found.orderId} was already marked refunded (${found.refundedOn}).` };
  const p = new Planner(ctx);
  p.set(found, 'Refunded on', ctx.today);
  p.log('Refunded', found, found.refundDue, ctx.today, `marked refunded by ${ctx.who}`);
  return p.done(`Marked refunded: ${found.sku} on order ${found.orderId} (${found.refundDue}).`);
}

// ---------------------------------------------------------------------------------------------
// What the sidebar shows

/** The order's Ship preference as the allocation reads it: Wait for all wins; blank cells mean the default. */
export function shipPreferenceOf(lines: readonly Pick<ChoiceLine, 'shipPreference'>[], fallback: ShipPreference): { value: ShipPreference; isDefault: boolean } {
  const set = lines.map((l) => parseShipPreference(l.shipPreference)).filter((v): v is ShipPreference => !!v);
  if (set.includes(WAIT_FOR_ALL)) return { value: WAIT_FOR_ALL, isDefault: false };
  if (set.includes(SHIP_WHATS_READY)) return { value: SHIP_WHATS_READY, isDefault: false };
  return { value: fallback, isDefault: true };
}

export function choicesView(lines: readonly ChoiceLine[], ctx: Pick<ChoiceContext, 'columns' | 'defaultShipPreference' | 'item' | 'alternatives'>): OrderChoicesView {
  const missing = Object.values(COLUMN_OF).filter((h) => !ctx.columns.has(h));
  const pref = shipPreferenceOf(lines, ctx.defaultShipPreference);
  return {
    orderId: lines[0]?.orderId ?? '',
    customer: lines.map((l) => l.customer).find((c) => c !== '') ?? '',
    shipPreference: pref.value,
    shipPreferenceIsDefault: pref.isDefault,
    ready: missing.length === 0,
    notReady: missing.length === 0 ? '' : `The Orders tab has no ${missing.join(', ')} column: run "Set up sheet" from the Backorder Desk menu to record customers' choices.`,
    lines: lines.map((l): LineChoicesView => {
      const waiting = l.openQty > 0;
      return {
        row: l.index + 2,
        sku: l.sku,
        product: ctx.item(l.sku)?.product ?? l.sku,
        statusText: l.status ?? (l.statusCell || 'No status'),
        openQty: l.openQty,
        priority: l.priority,
        notes: l.notes,
        consent: l.consent,
        switchedTo: l.switchedTo,
        flag: l.flag,
        refundDue: l.refundDue,
        refundedOn: l.refundedOn,
        shipPreference: l.shipPreference,
        canConsent: waiting,
        canCancel: waiting,
        switchTo:
          waiting && l.switchedTo === ''
            ? ctx
                .alternatives(l.sku)
                .filter((a) => a.available !== null && a.available >= l.openQty)
                .map((a) => ({ sku: a.sku, product: a.product, available: a.available as number }))
            : [],
      };
    }),
  };
}

/** Refunds due and not yet marked refunded, soonest first (those without a readable date last). */
export function refundsDue(lines: readonly ChoiceLine[], today: LocalDate, productOf: (sku: string) => string): RefundDueView[] {
  return lines
    .filter((l) => l.refundDue !== '' && l.refundedOn === '')
    .map((l): RefundDueView => {
      const by = refundDueBy(l.refundDue);
      const daysLeft = by === null ? null : workingDaysBetween(today, by);
      const { what, amount } = refundDueWhat(l.refundDue);
      return {
        orderId: l.orderId,
        customer: l.customer,
        email: l.email,
        sku: l.sku,
        product: productOf(l.sku),
        row: l.index + 2,
        due: l.refundDue,
        what,
        amount,
        by,
        daysLeft,
        overdue: by !== null && by < today,
      };
    })
    .sort((a, b) => (a.by ?? '9999').localeCompare(b.by ?? '9999') || a.row - b.row);
}
