/**
 * The extended stock-out update engine: what the manager's dialog (src/jobs/extendedStockOutDialog.ts) lists
 * and sends, and the queue the hourly run continues.
 *
 * - `listStockOuts`: what the dialog shows: out-of-stock items with the customers and units waiting,
 *   the template, the ETA phrase, the remaining email quota, whether the user is a manager and whether
 *   an item already got an update today.
 * - `sendExtendedStockOut`: one personal email per waiting customer (one recipient per message), each
 *   logged in Notice log as `Extended stock-out`. Only Settings › Managers may send (checked here, at
 *   send time). A request id is handled once; ids are kept in Document Properties (compact, with expiry).
 *   What the quota or the time budget cannot cover is queued and sent by the next hourly run.
 *   Whether a request goes out is decided in src/core/extendedUpdate.ts; this file reads, stores, sends, records.
 * - `continueExtendedUpdates`: called by the hourly run; sends queued updates, oldest backorders first.
 *   A queued update keeps the Send mode it was sent in and is only ever continued in that mode: a Test
 *   update is dropped (logged) once Send mode is Live, so a test never reaches customers; a Live update
 *   waits while Send mode is Test (nothing goes out) and goes on once Send mode is Live again.
 *   At most `LIMITS.queuedUpdates` updates wait at once; a send that would need one more is refused up front.
 *
 * Every Notice log row of an update carries `Update <id> by <manager>` in Detail: that is how a
 * continuation knows who already got it, and how the audit trail shows who sent what.
 */
import { EXTENDED_KIND, TAB } from '../sheet/schema';
import { Workbook } from '../sheet/workbook';
import { readTemplates } from '../sheet/templatesTab';
import { readInteger, readInventory, readOrderLines, skuKey } from '../sheet/records';
import { cutText, normalizeEmail } from '../core/model';
import { withShopLock } from '../gas/lock';
import type { Services } from '../gas/services';
import { KEYS } from '../gas/store';
import type { Settings } from '../sheet/settings';
import {
  checkRequestShape,
  finishedEmailProblem,
  forgetHandled,
  HandledIds,
  permissionProblem,
  Recipient,
  recipientsOf,
  rememberHandled,
  pruneHandled,
  stockOutItems,
  renderExtended,
} from '../core/stockOut';
import { decideExtendedUpdate, ExtendedUpdateDecision, QueuedUpdate } from '../core/extendedUpdate';
import { defaultTemplate, Template, templateTextProblem } from '../core/templates';
import type {
  ExtendedStockOutReport,
  ExtendedStockOutRequest,
  StockOutItem,
  StockOutList,
  StockOutTemplate,
} from '../shared/stockOutTypes';
import { Notice, Sender, SENDING_LOCK } from './sending';
import { requestContinuation } from '../gas/schedule';
import { logActivities } from '../sheet/activityLog';

export const HANDLED_PROPERTY = KEYS.extendedHandled.key;
export const QUEUE_PROPERTY = KEYS.extendedQueue.key;
const JOB_PREFIX = KEYS.extendedJob.key;

/** The Extended stock-out template from the Templates tab, or the built-in default. */
export function extendedTemplate(wb: Workbook): StockOutTemplate {
  const custom = readTemplates(wb).get(EXTENDED_KIND.toLowerCase());
  // A custom text that cannot be used (an unknown placeholder, say) is not offered: the default is, and the
  // dialog's sheet problems say why (customTemplateProblem).
  if (custom && templateTextProblem(custom) === null) return { ...custom, source: 'sheet' };
  const d = defaultTemplate(EXTENDED_KIND);
  if (!d) throw new Error(`No default template for ${EXTENDED_KIND}.`);
  return { subject: d.subject, body: d.body, source: 'default' };
}

/** Why the Templates tab's Extended stock-out text is not offered (the default is instead), if it is not. */
function customTemplateProblem(wb: Workbook): string[] {
  const t = wb.table(TAB.templates);
  const i = t.rows.findIndex((_r, n) => String(t.get(n, 'Kind')).trim().toLowerCase() === EXTENDED_KIND.toLowerCase());
  if (i < 0) return [];
  const why = templateTextProblem({ subject: String(t.get(i, 'Subject')), body: String(t.get(i, 'Body')) });
  return why ? [`Templates › ${EXTENDED_KIND} (row ${i + 2}) is not used, the default text is: ${why}`] : [];
}

function updateTag(id: string): string {
  return `Update ${id}`;
}

/** Reads Notice log once: customers an update about each SKU went to today, and who got each update. */
function readLog(services: Services, wb: Workbook, today: string) {
  const t = wb.table(TAB.noticeLog);
  const sentToday = new Map<string, Set<string>>();
  const byUpdate = new Map<string, Set<string>>();
  for (let i = 0; i < t.rows.length; i++) {
    if (String(t.get(i, 'Kind')).trim().toLowerCase() !== EXTENDED_KIND.toLowerCase()) continue;
    const result = String(t.get(i, 'Result')).trim();
    const email = String(t.get(i, 'Email')).trim().toLowerCase();
    const detail = String(t.get(i, 'Detail'));
    const tag = /\bUpdate ([A-Za-z0-9_-]{8,})/.exec(detail);
    if (tag && (result === 'Sent' || result === 'Failed' || result === 'Unconfirmed')) {
      let s = byUpdate.get(tag[1]);
      if (!s) byUpdate.set(tag[1], (s = new Set()));
      s.add(email);
    }
    if (result !== 'Sent' && result !== 'Unconfirmed') continue;
    const at = t.get(i, 'Sent at');
    const day = Object.prototype.toString.call(at) === '[object Date]' ? services.localDate(at as Date) : String(at).slice(0, 10);
    if (day !== today) continue;
    for (const sku of String(t.get(i, 'SKUs')).split(/[,;\s]+/)) {
      if (sku.trim() === '') continue;
      const k = skuKey(sku);
      let s = sentToday.get(k);
      if (!s) sentToday.set(k, (s = new Set()));
      s.add(email);
    }
  }
  return { sentToday, byUpdate };
}

function loadStock(services: Services, wb: Workbook, settings: Settings, today: string) {
  const inventory = readInventory(wb.table(TAB.inventory), services.localDate, settings.lowStockDefault);
  const orders = readOrderLines(wb.table(TAB.orders), services.localDate);
  const log = readLog(services, wb, today);
  const counts = new Map<string, number>();
  for (const [k, s] of log.sentToday) counts.set(k, s.size);
  const items = stockOutItems({
    items: inventory.items,
    lines: orders.lines,
    today,
    prepDays: settings.warehousePrepDays,
    graceDays: settings.restockGraceDays,
    sentToday: counts,
    rowOf: (l) => l.index + 2,
    setAside: (l) => readInteger(wb.table(TAB.orders).get(l.index, 'Allocated')) || 0,
  });
  return { items, log, problems: [...inventory.problems.filter((p) => /missing/.test(p)), ...orders.problems] };
}

/** True when extended updates wait in the queue (for quota or time). */
export function hasQueuedUpdates(services: Services): boolean {
  return readQueue(services).length > 0 || journalLeft(services);
}

/** A stopped update left its send journal (its queue may be empty by now): a run must fold it into the log. */
function journalLeft(services: Services): boolean {
  return services.props.get(`${KEYS.journal.key}${JOURNAL}.n`) !== null;
}

function readQueue(services: Services): string[] {
  const q = services.props.getJson<string[]>(QUEUE_PROPERTY);
  return Array.isArray(q) ? q.filter((x) => typeof x === 'string') : [];
}

function readJob(services: Services, id: string): QueuedUpdate | null {
  const job = services.props.getJson<QueuedUpdate>(JOB_PREFIX + id);
  if (!job || typeof job !== 'object') return null;
  // A job without a readable mode is treated as a test: it can never reach customers by mistake.
  return { ...job, mode: job.mode === 'Live' ? 'Live' : 'Test' };
}

/** The queued updates that can be read, in queue order. */
function queuedJobs(services: Services): QueuedUpdate[] {
  return readQueue(services)
    .map((id) => readJob(services, id))
    .filter((j): j is QueuedUpdate => j !== null);
}

/** What the dialog shows. `user` is the signed-in user's email ('' when hidden). */
export function listStockOutItems(services: Services, wb: Workbook, user: string): StockOutList {
  const { settings, problems: settingProblems, liveRefused } = wb.settings();
  const today = services.localDate(services.clock.now());
  const { items, problems } = loadStock(services, wb, settings, today);
  const why = permissionProblem(user, settings.managers);
  const byKey = new Map(items.map((i) => [skuKey(i.sku), i]));
  const queued = queuedJobs(services).map((j) => {
    const item = byKey.get(skuKey(j.sku));
    return { sku: j.sku, product: item?.product ?? j.sku, customers: item ? recipientsOf(item.waiting, j.segments).length : 0, testMode: j.mode === 'Test' };
  });
  // Who waits (names, emails, order rows) is for managers only; others see the items and counts.
  const shown = why === null ? items : items.map((i) => ({ ...i, waiting: [], unreachable: [] }));
  return {
    today,
    user: user.trim().toLowerCase(),
    isManager: why === null,
    permissionNote: why ?? '',
    quotaRemaining: services.mail.remainingQuota(),
    sendMode: settings.sendMode,
    testRecipient: settings.testRecipient,
    notifySegments: settings.notifySegments,
    liveRefused,
    template: extendedTemplate(wb),
    shop: { senderName: settings.senderName, supportPhone: settings.supportPhone, replyTo: settings.replyTo },
    items: shown,
    queued,
    problems: [...settingProblems, ...customTemplateProblem(wb), ...problems].slice(0, 20),
  };
}

function report(
  request: { id: string; sku: string },
  outcome: ExtendedStockOutReport['outcome'],
  message: string,
  extra: Partial<ExtendedStockOutReport> = {},
): ExtendedStockOutReport {
  return {
    id: request.id,
    sku: request.sku,
    outcome,
    message,
    recipients: 0,
    sent: 0,
    failed: 0,
    waiting: 0,
    duplicate: false,
    testMode: false,
    failures: [],
    ...extra,
  };
}

/** Journal key of one recipient of one update: `x|<update id>|<email>`. */
const noticeKey = (id: string, email: string) => `x|${id}|${email}`;

const JOURNAL = 'extended';

/**
 * Who still waits, read again after each checkpoint of the sender (people edit Orders while an update sends):
 * `still(sku, email)` turns false once that customer has no open backorder line for the SKU any more.
 */
interface StillWaiting {
  checkpoint(): void;
  still(sku: string, email: string): boolean;
}
function stillWaiting(services: Services): StillWaiting {
  let stale = false;
  let now: Set<string> | null = null;
  return {
    checkpoint: () => {
      stale = true;
    },
    still(sku, email) {
      if (stale) {
        stale = false;
        const { lines } = readOrderLines(new Workbook(services.ss).table(TAB.orders), services.localDate);
        now = new Set(lines.filter((l) => l.openQty > 0).map((l) => `${skuKey(l.sku)}|${l.email}`));
      }
      return !now || now.has(`${skuKey(sku)}|${email}`);
    },
  };
}

function newSender(services: Services, wb: Workbook, deadline: number, waiting?: StillWaiting): Sender {
  const marks = lastNoticeMarks(wb);
  return new Sender({
    services,
    wb,
    journal: JOURNAL,
    deadlineMs: deadline,
    onSent: (n, at) => marks.sent(n, at),
    saveProgress: () => {
      marks.save();
      waiting?.checkpoint();
    },
  });
}

/**
 * An update that went to a customer (in Live mode) is an email about their waiting lines of that item: those
 * lines get `Last notice`, so the day notices keep the minimum notice gap after it (src/core/schedule.ts)
 * instead of following an hour later. Written at each checkpoint, through the anchored Orders table.
 */
function lastNoticeMarks(wb: Workbook) {
  // Order ID | email | SKU -> when the update went out.
  const pending = new Map<string, Date>();
  const key = (orderId: string, email: string, sku: string) => `${orderId.trim()}\u0001${normalizeEmail(email)}\u0001${skuKey(sku)}`;
  return {
    sent(n: Notice, at: Date): void {
      for (const id of n.orderId.split(', ')) pending.set(key(id, n.to, n.skus), at);
    },
    save(): void {
      if (pending.size === 0) return;
      const orders = wb.table(TAB.orders).anchorBy(['Order ID', 'SKU']);
      if (orders.sheet && orders.has('Last notice')) {
        orders.rows.forEach((_r, i) => {
          const at = pending.get(key(String(orders.get(i, 'Order ID')), String(orders.get(i, 'Email')), String(orders.get(i, 'SKU'))));
          if (at) orders.set(i, 'Last notice', at);
        });
        orders.flush();
        // A line that moved away meanwhile only misses the gap: nothing to carry over.
        orders.unmatched.splice(0);
      }
      pending.clear();
    },
  };
}

/**
 * Folds what a run that stopped half-way had sent (the engine logs those rows) into `byUpdate`,
 * so nobody gets the same update twice. Returns the updates with a send only its own account can judge
 * (src/engines/sending.ts): they stay queued until it is judged, so the recipient is not forgotten.
 */
function recover(sender: Sender, byUpdate: Map<string, Set<string>>): Set<string> {
  const held = new Set<string>();
  for (const e of sender.recover(() => undefined)) {
    const m = /^x\|([^|]+)\|(.+)$/.exec(e.key);
    if (!m) continue;
    if (e.state === 'p') held.add(m[1]);
    let set = byUpdate.get(m[1]);
    if (!set) byUpdate.set(m[1], (set = new Set()));
    set.add(m[2]);
  }
  return held;
}

/** The email one recipient gets, or why it must not be sent (the last check before it goes out). */
function noticeFor(job: QueuedUpdate, item: StockOutItem, r: Recipient, settings: Settings, detail: string): Notice | { problem: string } {
  const template: Template = { subject: job.subject, body: job.body };
  const mail = renderExtended(template, r, item, settings, job.message ?? '');
  const problem = finishedEmailProblem(mail);
  if (problem) return { problem };
  return {
    key: noticeKey(job.id, r.email),
    to: r.email,
    orderId: r.orderIds.join(', '),
    kind: EXTENDED_KIND,
    skus: item.sku,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    detail,
  };
}

/**
 * Sends one update's remaining recipients (those not yet logged for it), within quota and time.
 * Returns the counts; `waiting` are still to go.
 */
function runUpdate(sender: Sender, job: QueuedUpdate, item: StockOutItem, done: ReadonlySet<string>, viaDailyRun: boolean, waiting?: StillWaiting) {
  const all = recipientsOf(item.waiting, job.segments);
  const todo = all.filter((r) => !done.has(r.email));
  const detail = `${updateTag(job.id)} by ${job.by}${viaDailyRun ? ' (sent by the daily run)' : ''}`;
  const out = {
    recipients: all.length,
    sent: 0,
    failed: 0,
    waiting: 0,
    stoppedBy: null as 'quota' | 'time' | null,
    failures: [] as Array<{ email: string; error: string }>,
  };
  for (let i = 0; i < todo.length; i++) {
    if (waiting && !waiting.still(item.sku, todo[i].email)) {
      const why = `Not sent: no longer waiting for ${item.sku} (cancelled, shipped or removed from Orders while the update was sending)`;
      sender.skip({ orderId: todo[i].orderIds.join(', '), email: todo[i].email, kind: EXTENDED_KIND, skus: item.sku, detail: `${detail}. ${why}.`, result: 'Skipped' });
      continue;
    }
    const notice = noticeFor(job, item, todo[i], sender.settings, detail);
    if ('problem' in notice) {
      // Refused on its own and logged as Failed (with the update's tag: a continuation does not retry it).
      sender.skip({ orderId: todo[i].orderIds.join(', '), email: todo[i].email, kind: EXTENDED_KIND, skus: item.sku, detail: `${detail}. ${notice.problem}.`, result: 'Failed' });
      out.failed++;
      out.failures.push({ email: todo[i].email, error: `${notice.problem}; check the message and the sheet's data.` });
      continue;
    }
    const result = sender.send(notice);
    if (result === 'sent') out.sent++;
    else if (result === 'failed') {
      out.failed++;
      out.failures.push({ email: todo[i].email, error: 'The mail service did not accept it (see Notice log).' });
    } else {
      out.stoppedBy = result === 'time' ? 'time' : 'quota';
      out.waiting = todo.length - i;
      break;
    }
  }
  return out;
}

/**
 * Handles a request from the dialog. `user` is Session.getActiveUser().getEmail() at send time.
 * Nothing is sent unless every check passes; a handled id is never sent again.
 */
export function sendExtendedUpdate(
  services: Services,
  wb: Workbook,
  user: string,
  raw: ExtendedStockOutRequest | unknown,
  deadline: number,
): ExtendedStockOutReport {
  const shape = checkRequestShape(raw);
  const fallback = {
    id: typeof (raw as { id?: unknown })?.id === 'string' ? String((raw as { id: string }).id).slice(0, 100) : '',
    sku: typeof (raw as { sku?: unknown })?.sku === 'string' ? String((raw as { sku: string }).sku).slice(0, 100) : '',
  };
  if (!shape.ok) return report(fallback, 'invalid', shape.message);
  const request = shape.request;
  const { settings } = wb.settings();
  const refusal = permissionProblem(user, settings.managers);
  if (refusal) {
    services.log(`Extended stock-out update refused for "${user}": not a manager.`);
    return report(request, 'refused', refusal);
  }
  const result = withShopLock(services, () => sendLocked(services, wb, user, request, deadline), SENDING_LOCK);
  return result ?? report(request, 'busy', 'Emails are being sent by another run right now. Please try again in a minute.');
}

/** Read → decide (src/core/extendedUpdate.ts) → store the job → send → record. */
function sendLocked(
  services: Services,
  wb: Workbook,
  user: string,
  request: Required<ExtendedStockOutRequest>,
  deadline: number,
): ExtendedStockOutReport {
  const { settings } = wb.settings();
  const testMode = settings.sendMode === 'Test';
  const nowMs = services.clock.now().getTime();
  const handled = pruneHandled(services.props.getJson<HandledIds>(HANDLED_PROPERTY), nowMs);
  const { items, log } = loadStock(services, wb, settings, services.localDate(services.clock.now()));
  const decision = decideExtendedUpdate({
    request,
    handled: Object.prototype.hasOwnProperty.call(handled, request.id) ? handled[request.id] : undefined,
    sendMode: settings.sendMode,
    testRecipient: settings.testRecipient,
    items,
    quota: services.mail.remainingQuota(),
    queuedUpdates: queuedJobs(services).length,
    user,
    nowMs,
  });
  if (decision.kind !== 'send') return refused(services, request, decision, testMode);
  const { job, item } = decision;

  const notStored = storeJob(services, job, handled, decision.recipients.length, nowMs);
  if (notStored) return report(request, 'error', notStored);
  const r = sendNow(services, wb, job, item, log.byUpdate, deadline, nowMs);
  if (typeof r === 'string') return report(request, 'error', r);

  logActivities(services.ss, [
    {
      when: services.clock.now(),
      who: job.by,
      what: 'Extended stock-out update',
      sku: item.sku,
      after: r.sent,
      detail: `${updateTag(job.id)}${job.mode === 'Test' ? ' (Test mode)' : ''}: sent to ${r.sent} of ${r.recipients}, ${r.failed} failed, ${r.waiting} waiting; ${job.message ? `message "${oneLine(job.message, 300)}"` : `subject "${oneLine(job.subject, 300)}"`}`,
    },
  ]);
  const latest = pruneHandled(services.props.getJson<HandledIds>(HANDLED_PROPERTY), nowMs);
  services.props.setJson(HANDLED_PROPERTY, rememberHandled(latest, request.id, nowMs, r));
  return sentReport(request, r, testMode);
}

/** The report of an update that went out (in part, when quota or time left some waiting). */
function sentReport(request: Required<ExtendedStockOutRequest>, r: ReturnType<typeof runUpdate>, testMode: boolean): ExtendedStockOutReport {
  const parts = [testMode ? `Sent ${r.sent} of ${r.recipients} test email${r.recipients === 1 ? '' : 's'} (one per customer) to the Test recipient` : `Sent to ${r.sent} of ${r.recipients} customer${r.recipients === 1 ? '' : 's'}`];
  if (r.failed) parts.push(`${r.failed} failed`);
  if (r.waiting) {
    parts.push(
      r.stoppedBy === 'time'
        ? `${r.waiting} will be sent by the next hourly run (time limit reached)`
        : `${r.waiting} will be sent by the next daily run (daily email quota reached)`,
    );
  }
  return report(request, 'done', parts.join('; ') + '.', {
    recipients: r.recipients,
    sent: r.sent,
    failed: r.failed,
    waiting: r.waiting,
    testMode,
    failures: r.failures.slice(0, 50),
  });
}

/** The report of a request the decision stopped before anything was stored or sent. */
function refused(
  services: Services,
  request: Required<ExtendedStockOutRequest>,
  d: Exclude<ExtendedUpdateDecision, { kind: 'send' }>,
  testMode: boolean,
): ExtendedStockOutReport {
  switch (d.kind) {
    case 'duplicate':
      return report(request, 'done', d.message, { duplicate: true, ...d.counts, testMode });
    case 'invalid':
      return report(request, 'invalid', d.message);
    case 'confirm':
      return report(request, 'confirm', d.message, { recipients: d.recipients });
    case 'queueFull':
      services.log(d.log);
      return report(request, 'queueFull', d.message, { recipients: d.recipients, testMode });
  }
}

/**
 * Queues the job first (if this run dies half-way, the daily run finishes the update), then remembers the id
 * (a resubmission never sends it twice). If either cannot be stored, nothing is sent, the id stays free and
 * the reason is returned; null when stored.
 */
function storeJob(services: Services, job: QueuedUpdate, handled: HandledIds, recipients: number, nowMs: number): string | null {
  try {
    services.props.setJson(JOB_PREFIX + job.id, job);
    services.props.setJson(QUEUE_PROPERTY, [...readQueue(services).filter((x) => x !== job.id), job.id]);
    services.props.setJson(HANDLED_PROPERTY, rememberHandled(handled, job.id, nowMs, { recipients, sent: 0, failed: 0, waiting: recipients }));
    return null;
  } catch (e) {
    dropJob(services, job.id);
    services.log(`Extended update about ${job.sku} by ${job.by} could not be stored: ${(e as Error).message}`);
    return `The update could not be stored, so nothing was sent (${(e as Error).message}). Please try again; if it keeps failing, shorten the message.`;
  }
}

/**
 * Sends a just-stored update within quota and time; what is left stays queued for the next run. When it
 * stops before any email went out, the job and the id are forgotten (the same request can be sent again)
 * and the reason is returned.
 */
function sendNow(
  services: Services,
  wb: Workbook,
  job: QueuedUpdate,
  item: StockOutItem,
  byUpdate: Map<string, Set<string>>,
  deadline: number,
  nowMs: number,
): ReturnType<typeof runUpdate> | string {
  const waiting = stillWaiting(services);
  const sender = newSender(services, wb, deadline, waiting);
  let r: ReturnType<typeof runUpdate>;
  let held: Set<string>;
  try {
    held = recover(sender, byUpdate);
    r = runUpdate(sender, job, item, byUpdate.get(job.id) ?? new Set<string>(), false, waiting);
    sender.finish();
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    if (/Exceeded maximum execution time/i.test(message)) throw e;
    try {
      sender.finish();
    } catch (f) {
      services.log(`Extended update about ${item.sku}: the Notice log could not be written: ${(f as Error).message}`);
    }
    if (sender.counts.sent > 0) throw e;
    // Nothing went out: forget the id and the queued job, so the same request can be sent again.
    dropJob(services, job.id);
    services.props.setJson(HANDLED_PROPERTY, forgetHandled(services.props.getJson<HandledIds>(HANDLED_PROPERTY), job.id, nowMs));
    services.log(`Extended update about ${item.sku} by ${job.by} stopped before any email went out: ${message}`);
    return `Sending stopped before any email went out, so nothing was sent (${message}). Please try again.`;
  }
  if (r.waiting === 0 && !held.has(job.id)) dropJob(services, job.id);
  else if (r.stoppedBy === 'time') requestContinuation(services.props);
  return r;
}

/** Removes a queued update (its job and its place in the queue). */
function dropJob(services: Services, id: string): void {
  services.props.delete(JOB_PREFIX + id);
  const rest = readQueue(services).filter((x) => x !== id);
  if (rest.length) services.props.setJson(QUEUE_PROPERTY, rest);
  else services.props.delete(QUEUE_PROPERTY);
}

export interface ContinueReport {
  updates: number;
  sent: number;
  failed: number;
  waiting: number;
  /** One line per update, for the run's summary. */
  lines: string[];
}

/**
 * Sends the queued remainder of extended updates (oldest update first, within it the oldest backorders
 * first), within quota and `deadline` (epoch ms). Called by the daily run; never throws for one bad update.
 */
export function continueExtendedUpdates(services: Services, wb: Workbook, deadline: number): ContinueReport {
  const out: ContinueReport = { updates: 0, sent: 0, failed: 0, waiting: 0, lines: [] };
  const queue = readQueue(services);
  if (queue.length === 0 && !journalLeft(services)) return out;
  const { settings } = wb.settings();
  const today = services.localDate(services.clock.now());
  const { items, log } = loadStock(services, wb, settings, today);
  const left: string[] = [];
  let outOfTime = false;
  const waiting = stillWaiting(services);
  const sender = newSender(services, wb, deadline, waiting);
  const held = recover(sender, log.byUpdate);
  try {
    for (const id of queue) {
      const job = readJob(services, id);
      if (!job) continue;
      out.updates++;
      const item = items.find((i) => skuKey(i.sku) === skuKey(job.sku));
      if (!item) {
        out.lines.push(`Extended update about ${job.sku}: dropped, the item is no longer out of stock.`);
        services.props.delete(JOB_PREFIX + id);
        continue;
      }
      if (job.mode !== settings.sendMode) {
        const done = log.byUpdate.get(id) ?? new Set<string>();
        const rest = recipientsOf(item.waiting, job.segments).filter((r) => !done.has(r.email)).length;
        if (job.mode === 'Test') {
          // A test stays a test: its remainder never goes to customers.
          const why = `dropped: it was sent in Test mode and Send mode is now Live, so the rest of the test (${rest} customer${rest === 1 ? '' : 's'}) is not sent to anyone. Send it again from the dialog to write to customers`;
          sender.skip({ orderId: '', email: '', kind: EXTENDED_KIND, skus: item.sku, detail: `${updateTag(job.id)} by ${job.by}: ${why}.`, result: 'Skipped' });
          out.lines.push(`Extended update about ${job.sku}: ${why}.`);
          services.props.delete(JOB_PREFIX + id);
        } else {
          // Switching to Test means nothing reaches customers: a live update waits until Send mode is Live again.
          out.waiting += rest;
          out.lines.push(`Extended update about ${job.sku}: held, ${rest} still to send; it goes to customers once Send mode is Live again (Send mode is Test, and a live update is never sent to the Test recipient).`);
          left.push(id);
        }
        continue;
      }
      try {
        const r = runUpdate(sender, job, item, log.byUpdate.get(id) ?? new Set(), true, waiting);
        out.sent += r.sent;
        out.failed += r.failed;
        out.waiting += r.waiting;
        if (r.stoppedBy === 'time') outOfTime = true;
        const why = r.stoppedBy === 'time' ? 'the next hourly run continues' : 'waiting for quota';
        out.lines.push(`Extended update about ${job.sku}: ${r.sent} sent, ${r.failed} failed, ${r.waiting} still to send (${why}).`);
        if (r.waiting > 0 || held.has(id)) left.push(id);
        else services.props.delete(JOB_PREFIX + id);
      } catch (e) {
        out.lines.push(`Extended update about ${job.sku}: ${(e as Error).message}`);
        left.push(id);
      }
    }
  } finally {
    sender.finish();
  }
  if (left.length) services.props.setJson(QUEUE_PROPERTY, left);
  else services.props.delete(QUEUE_PROPERTY);
  // Out of time: the next hourly run (which also finishes queued updates) sends the rest.
  if (outOfTime) requestContinuation(services.props);
  return out;
}

/** A person's text on one line of the Activity log, cut to `max` characters. */
function oneLine(text: string, max: number): string {
  return cutText(text.replace(/\s+/g, ' ').trim(), max);
}
