/**
 * The sending engine: customer emails that are never sent twice and never lost.
 *
 * API (used by the daily notices and the extended stock-out update):
 *
 *   const sender = new Sender({ services, wb, journal: 'daily', deadlineMs, onSent, saveProgress });
 *   sender.recover(apply)       // FIRST, before planning: folds a crashed run's journal. For every journal
 *                               // entry counted as sent or unconfirmed, `apply(entry)` marks the sheet in memory
 *                               // (Live entries only); Notice log rows are queued. Returns the entries not to
 *                               // send again: sent, unconfirmed, and held (state 'p': keep their job alive).
 *   sender.isHeld(key)          // a stopped run's send only its own account can judge: plan it out for now
 *   sender.sentTodayInTest()    // keys sent today in Test mode (plan them out: Test mode marks nothing)
 *   sender.send(notice)         // 'sent' | 'failed' | 'quota' | 'time' | 'no-test-recipient' ('failed', nothing sent, for a held key)
 *   sender.skip(row)            // queues a Skipped Notice log row
 *   sender.finish()             // writes queued log rows and the sheet, then clears the journal
 *
 * Notice: { key, orderId, to, kind, skus, subject, text, html, data?, detail? } — `key` is unique and stable
 * (e.g. "BW-10023|10"); `data` is a small JSON-safe object the owner needs to apply a recovered send;
 * `detail` starts the Notice log Detail of the notice's row (kept in the journal, so recovered rows have it too).
 *
 * Send mode Test: every email goes to Settings › Test recipient with "[TEST] " before the subject,
 * `onSent` is not called (nothing is marked as sent), the log row says Sent with a Detail "Test mode: …",
 * and the key is remembered for the rest of the day (Document Properties) so a re-run or a continuation
 * does not send the same test again. No valid Test recipient: nothing is sent ('no-test-recipient').
 *
 * The journal (Document Properties, `BD_JOURNAL_<name>.<n>` chunks of at most 8 KB, count in
 * `BD_JOURNAL_<name>.n`) holds every send since the last checkpoint:
 *   1. before a send: an entry in state "p" (pending), with the account sending and its remaining mail quota;
 *   2. the send;
 *   3. after it: the entry is rewritten in state "s" (sent); a send that throws removes its entry.
 * A checkpoint (every minute of clock time, when the journal reaches about 100 KB, and at the end) writes the
 * Notice log rows, then the sheet marks, flushes, and clears the journal. A run stopped at any point leaves a
 * journal that the next run folds into the sheet before it plans anything: "s" entries are marked as sent and
 * logged (unless the Notice log already has their row: a stop during a checkpoint never doubles a row).
 *
 * A "p" entry is the one ambiguous case (stopped between step 1 and step 3). It is judged first thing whenever
 * an execution takes the shop lock (`whenShopLockTaken`), before that execution sends anything, by the account
 * that sent it (`judgePendingSend`): counted as NOT sent ("n", the notice is planned again) only when that is
 * certain: the same account, less than 24 hours later (its quota window cannot have started again), and the
 * quota exactly as it was before the send (a send always uses quota). Another account cannot judge it: the
 * entry waits ("held", its notice is not sent by anyone else) for that account's next run, at most 24 hours.
 * Anything else is "u" (unconfirmed): not sent again, the sheet marked, and the Notice log row says
 * `Unconfirmed` with what to check, never `Sent`.
 *
 * Quota: `services.mail.remainingQuota()` is checked before every send; 'quota' means stop, the rest waits
 * for the next run. Time: no new send starts after `deadlineMs` (clock time); 'time' means save and
 * ask the next hourly tick to continue (`requestContinuation`). An exception from the mail service is a Failed row
 * (the notice stays unsent and is tried again on the next run); "too many times for one day" stops sending.
 */
import { customerSenderName } from '../core/customerText';
import { cutText } from '../core/model';
import { escapeHtml } from '../core/templates';
import type { LocalDate } from '../core/dates';
import { type ShopLockOptions, whenShopLockTaken } from '../gas/lock';
import type { Services } from '../gas/services';
import { ChunkedList, KEYS } from '../gas/store';
import { noticeLogTable } from '../sheet/noticeLog';
import type { Settings } from '../sheet/settings';
import { isValidEmail } from '../sheet/settings';
import { appendRecords, Cell, safeText, Table } from '../sheet/table';
import type { Workbook } from '../sheet/workbook';

export type NoticeData = Record<string, string | number | boolean | number[] | string[]>;

export interface Notice {
  key: string;
  orderId: string;
  /** The customer's address (Test mode sends to the Test recipient instead). */
  to: string;
  kind: string;
  /** Notice log SKUs, e.g. "OIL-EVO-500, VIN-BAL-250". */
  skus: string;
  subject: string;
  text: string;
  html: string;
  data?: NoticeData;
  /** Put first in the Notice log Detail of this notice's row (e.g. which extended update it belongs to). */
  detail?: string;
}

/** p: pending (the send may or may not have happened), s: sent, n: certainly not sent, u: cannot be told. */
export type JournalState = 'p' | 's' | 'n' | 'u';

/** A send as the journal keeps it: the notice's fields (`to` and `subject` as sent: in Test mode the Test recipient and the [TEST] subject). */
export interface JournalEntry extends Pick<Notice, 'key' | 'orderId' | 'to' | 'kind' | 'skus' | 'subject' | 'data' | 'detail'> {
  state: JournalState;
  /** Clock time of the send (ms). */
  at: number;
  /** Local date of the send (spreadsheet time zone). */
  day: LocalDate;
  /** Mail quota seen just before the send. */
  quota: number;
  test: boolean;
  /** The account that sent it (whose quota `quota` is); '' when unknown. */
  user: string;
}

export type SendResult = 'sent' | 'failed' | 'quota' | 'time' | 'no-test-recipient';

export interface SenderOptions {
  services: Services;
  wb: Workbook;
  /** Journal name: one per job ("daily", "extended"). */
  journal: string;
  /** No send starts after this clock time (ms). */
  deadlineMs: number;
  /** Marks a Live send in the sheet (in memory; `saveProgress` writes it). */
  onSent?: (notice: Notice, at: Date) => void;
  /** Writes the sheet marks (e.g. `wb.table(TAB.orders).flush()`); called at each checkpoint. */
  saveProgress?: () => void;
  /** Clock time between checkpoints; default one minute. */
  checkpointEveryMs?: number;
}

export interface SkipRow {
  orderId: string;
  email: string;
  kind: string;
  skus: string;
  detail: string;
  result?: 'Skipped' | 'Failed';
}

/** About 100 KB of journal at most between checkpoints. */
const MAX_JOURNAL_CHUNKS = 12;
const TIMEOUT = /Exceeded maximum execution time/i;
const OUT_OF_QUOTA = /too many times for one day|quota/i;

/** Longest text the journal keeps of a subject, SKU list or detail (the Notice log row is cut the same). */
const JOURNAL_TEXT = 500;

function cut(text: string, max = JOURNAL_TEXT): string {
  return cutText(text, max);
}

/** A short, stable fingerprint of a long text (cyrb53). */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * How the journal keeps an identifier (a notice key, an Order ID): as it is, or, when very long, its start and
 * a fingerprint, so one long value never makes an entry too large to record. Compare with `sameJournalId`.
 */
export function journalId(id: string): string {
  return id.length <= JOURNAL_TEXT ? id : `${id.slice(0, 100)}…#${fingerprint(id)}`;
}

/** True when `id` (as in the sheet) is the identifier a journal entry kept. */
export function sameJournalId(id: string, kept: string): boolean {
  return journalId(id) === kept;
}

function encode(e: JournalEntry): string {
  return JSON.stringify([
    e.state,
    journalId(e.key),
    journalId(e.orderId),
    e.to,
    e.kind,
    cut(e.skus),
    cut(e.subject),
    e.at,
    e.day,
    e.quota,
    e.test ? 1 : 0,
    e.data ?? null,
    cut(e.detail ?? ''),
    e.user,
  ]);
}

const STATES: readonly string[] = ['p', 's', 'n', 'u'];

function decode(s: string): JournalEntry | null {
  try {
    const a = JSON.parse(s) as unknown[];
    if (!Array.isArray(a) || !STATES.includes(a[0] as string)) return null;
    return {
      state: a[0] as JournalState,
      key: String(a[1]),
      orderId: String(a[2]),
      to: String(a[3]),
      kind: String(a[4]),
      skus: String(a[5]),
      subject: String(a[6]),
      at: Number(a[7]),
      day: String(a[8]),
      quota: Number(a[9]),
      test: a[10] === 1,
      data: (a[11] ?? undefined) as NoticeData | undefined,
      detail: typeof a[12] === 'string' ? a[12] : '',
      user: typeof a[13] === 'string' ? a[13] : '',
    };
  } catch {
    return null;
  }
}

/** After this many failed sends in a row the mail service looks down: a job leaves the rest for its next run. */
export const MAX_FAILURES_IN_A_ROW = 5;

/** A quota window lasts 24 hours from its first send: within them the quota never goes back up. */
const QUOTA_WINDOW_MS = 24 * 3600 * 1000;

/**
 * What a pending entry's evidence says, judged by the account running now: 'n' (certainly not sent),
 * 'u' (cannot be told any more) or 'p' (only the account that sent it can tell: wait for it).
 */
export function judgePendingSend(e: JournalEntry, account: string, nowMs: number, quota: () => number): JournalState {
  const fresh = nowMs - e.at < QUOTA_WINDOW_MS;
  if (!e.user || e.user !== account) return fresh && e.user ? 'p' : 'u';
  return fresh && quota() === e.quota ? 'n' : 'u';
}

/** Judges the pending entries of one journal (see the header); every later fold reads the verdict. */
function judgeJournal(services: Services, journal: ChunkedList): void {
  const items = journal.items();
  if (!items.some((i) => i.startsWith('["p"'))) return;
  const account = services.mail.account?.() ?? '';
  const nowMs = services.clock.now().getTime();
  let quota: number | null = null;
  const readQuota = () => (quota ??= services.mail.remainingQuota());
  journal.update((item) => {
    const e = item.startsWith('["p"') ? decode(item) : null;
    if (!e) return item;
    const verdict = judgePendingSend(e, account, nowMs, readQuota);
    return verdict === 'p' ? item : encode({ ...e, state: verdict });
  });
}

/**
 * Judges the pending entries of every send journal. Runs whenever an execution takes the shop lock, before
 * anything it sends (another email first would change the quota that is the evidence).
 */
export function judgeSendJournals(services: Services): void {
  const keys = services.props.keys?.() ?? [];
  for (const k of keys) {
    const m = /^(BD_JOURNAL_[^.]+)\.n$/.exec(k);
    if (m) judgeJournal(services, new ChunkedList(services.props, m[1], services.log));
  }
}
whenShopLockTaken.push(judgeSendJournals);

/** Priority of the states of one key found twice (a stop while an entry moved to the next chunk). */
const RANK: Record<JournalState, number> = { s: 3, u: 2, p: 1, n: 0 };

export const TEST_PREFIX = '[TEST] ';

export class Sender {
  readonly settings: Settings;
  private readonly journal: ChunkedList;
  private readonly testSent: ChunkedList;
  private readonly logRows: Array<Record<string, Cell>> = [];
  private lastCheckpoint: number;
  private log_: Table | null = null;
  private skipAt: Date | null = null;
  private stopped: SendResult | null = null;
  /** Journal key -> entry (encoded) of sends only their own account can judge; kept across checkpoints. */
  private readonly held = new Map<string, string>();
  readonly counts = { sent: 0, failed: 0, skipped: 0, recovered: 0 };

  constructor(private readonly o: SenderOptions) {
    this.settings = o.wb.settings().settings;
    this.journal = new ChunkedList(o.services.props, KEYS.journal.key + o.journal, o.services.log);
    this.testSent = new ChunkedList(o.services.props, KEYS.testSent.key + o.journal, o.services.log);
    this.lastCheckpoint = o.services.clock.now().getTime();
  }

  private account_: string | null = null;
  /** The account sending (read once per run). */
  private account(): string {
    return (this.account_ ??= this.o.services.mail.account?.() ?? '');
  }

  get testMode(): boolean {
    return this.settings.sendMode === 'Test';
  }

  private today(): LocalDate {
    return this.o.services.localDate(this.o.services.clock.now());
  }

  private log(at: Date, r: { orderId: string; email: string; kind: string; skus: string; subject: string; result: string; detail: string }): void {
    this.logRows.push({
      'Sent at': at,
      'Order ID': safeText(r.orderId),
      Email: safeText(r.email),
      Kind: r.kind,
      SKUs: safeText(r.skus),
      Subject: safeText(r.subject),
      Result: r.result,
      Detail: safeText(r.detail),
    });
  }

  /**
   * Folds a previous run's journal (judging its pending entry first, see the header). `apply` is called for
   * every Live entry counted as sent or unconfirmed (mark the sheet: neither is ever sent again); each gets its
   * Notice log row (`Sent` or `Unconfirmed`) unless the log has it already. Entries only another account can
   * judge stay in the journal and their keys are `held` (nobody sends them meanwhile). Ends with a checkpoint.
   * Returns the entries that must not be sent again by this run (sent, unconfirmed and held). Also forgets
   * Test-mode keys of earlier days.
   */
  recover(apply: (entry: JournalEntry) => void): JournalEntry[] {
    const today = this.today();
    judgeJournal(this.o.services, this.journal);
    const byKey = new Map<string, JournalEntry>();
    let count = 0;
    for (const e of this.journal.items().map(decode)) {
      count++;
      if (!e) continue;
      const seen = byKey.get(e.key);
      if (!seen || RANK[e.state] >= RANK[seen.state]) byKey.set(e.key, e);
    }
    const kept: JournalEntry[] = [];
    const toLog = [...byKey.values()].filter((e) => e.state === 's' || e.state === 'u');
    const logged = this.loggedRows(toLog);
    for (const e of byKey.values()) {
      if (e.state === 'n') {
        this.o.services.log(`Send journal: ${e.kind} for ${e.orderId} was not sent before the run stopped; it will be sent again.`);
        continue;
      }
      kept.push(e);
      if (e.state === 'p') {
        this.held.set(e.key, encode(e));
        this.o.services.log(`Send journal: whether ${e.kind} for ${e.orderId} went out can only be told by ${e.user}'s next run; it is not sent meanwhile.`);
        continue;
      }
      let detail =
        e.state === 's'
          ? 'Recovered from the send journal after the run stopped.'
          : `Unconfirmed: the run stopped while this email was being sent, and whether it went out cannot be told. ` +
            `It is not sent again, so the customer never gets it twice. Look in the Sent folder of ${e.user || 'the account that runs the add-on'} ` +
            `for this subject to ${e.to}; if it is not there, send it by hand.`;
      if (e.test) {
        detail = `Test mode: sent to ${e.to} instead of the customer. ${detail}`;
        if (e.day === today) this.rememberTest(e.key);
      } else {
        apply(e);
      }
      if (e.detail) detail = `${e.detail}. ${detail}`;
      if (logged.has(e)) continue;
      this.log(new Date(e.at), { orderId: e.orderId, email: e.test ? '' : e.to, kind: e.kind, skus: e.skus, subject: e.subject, result: e.state === 's' ? 'Sent' : 'Unconfirmed', detail });
    }
    this.counts.recovered = kept.filter((e) => e.state !== 'p').length;
    if (count > 0) this.checkpoint();
    return kept;
  }

  /** Keys of a stopped run's sends that only another account can judge: not to be sent by this run. */
  isHeld(key: string): boolean {
    return this.held.has(journalId(key));
  }

  /**
   * The entries whose Notice log row is there already (a stop after a checkpoint wrote its rows and before it
   * cleared the journal): the log's last rows, read from the bottom up to the first Sent or Unconfirmed row
   * older than every entry.
   */
  private loggedRows(entries: readonly JournalEntry[]): Set<JournalEntry> {
    const found = new Set<JournalEntry>();
    if (entries.length === 0) return found;
    const t = this.logTable();
    const sheet = t.sheet;
    if (!sheet) return found;
    const c = (h: string) => t.col.get(h) ?? -1;
    const [cAt, cId, cKind, cResult] = ['Sent at', 'Order ID', 'Kind', 'Result'].map(c);
    if (cAt < 0 || cId < 0 || cKind < 0 || cResult < 0) return found;
    const oldest = Math.min(...entries.map((e) => e.at));
    const width = Math.max(1, t.headerRow.length);
    const BLOCK = 500;
    for (let last = sheet.getLastRow(); last >= 2; last -= BLOCK) {
      const first = Math.max(2, last - BLOCK + 1);
      const rows = sheet.getRange(first, 1, last - first + 1, width).getValues();
      let older = false;
      for (let r = rows.length - 1; r >= 0; r--) {
        const row = rows[r];
        const result = String(row[cResult]);
        if (result !== 'Sent' && result !== 'Unconfirmed') continue;
        const at = row[cAt];
        const ms = Object.prototype.toString.call(at) === '[object Date]' ? (at as Date).getTime() : NaN;
        if (ms < oldest - 1000) {
          older = true;
          break;
        }
        for (const e of entries) {
          if (found.has(e) || Math.abs(ms - e.at) > 1000 || String(row[cKind]) !== e.kind) continue;
          if (String(row[cId]) !== safeText(e.orderId) && !sameJournalId(String(row[cId]), e.orderId)) continue;
          found.add(e);
        }
      }
      if (older || found.size === entries.length) break;
    }
    return found;
  }

  /** Keys sent in Test mode today (plan them out); older days are forgotten. */
  sentTodayInTest(): Set<string> {
    const items = this.testSent.items();
    const today = this.today();
    if (items.length > 0 && items[0] !== `day:${today}`) {
      this.testSent.clear();
      return new Set();
    }
    return new Set(items.slice(1));
  }

  private rememberTest(fullKey: string): void {
    const key = journalId(fullKey);
    const items = this.testSent.items();
    if (items.length === 0 || items[0] !== `day:${this.today()}`) {
      this.testSent.clear();
      this.testSent.push(`day:${this.today()}`);
    }
    this.testSent.push(key);
  }

  /** Why sending must stop now, or null. */
  private stopReason(): SendResult | null {
    if (this.stopped) return this.stopped;
    if (this.o.services.clock.now().getTime() >= this.o.deadlineMs) return (this.stopped = 'time');
    if (this.testMode && !isValidEmail(this.settings.testRecipient)) return (this.stopped = 'no-test-recipient');
    return null;
  }

  /** Why the last `send` stopped ('time', 'quota', 'no-test-recipient'), or null. */
  get stoppedBecause(): SendResult | null {
    return this.stopped;
  }

  send(n: Notice): SendResult {
    const stop = this.stopReason();
    if (stop) return stop;
    // Whether a stopped run sent it is for its own account to tell: never a second copy meanwhile.
    if (this.isHeld(n.key)) return 'failed';
    const s = this.o.services;
    const quota = s.mail.remainingQuota();
    if (quota < 1) return (this.stopped = 'quota');
    const test = this.testMode;
    const to = test ? this.settings.testRecipient : n.to;
    const subject = test ? TEST_PREFIX + n.subject : n.subject;
    const now = s.clock.now();
    const entry: JournalEntry = {
      state: 'p',
      key: n.key,
      orderId: n.orderId,
      to,
      kind: n.kind,
      skus: n.skus,
      subject,
      at: now.getTime(),
      day: s.localDate(now),
      quota,
      test,
      data: n.data,
      detail: n.detail,
      user: this.account(),
    };
    if (!this.journal.push(encode(entry))) {
      // Too large to record before sending (a very long Order ID, SKU or subject): never sent unrecorded.
      this.counts.failed++;
      this.log(now, { orderId: n.orderId, email: n.to, kind: n.kind, skus: n.skus, subject, result: 'Failed', detail: 'Not sent: the order number, SKUs or subject are too long to record safely. Shorten them in the sheet.' });
      return 'failed';
    }
    try {
      // In Test mode the email says whom it was for, so the person checking can tell the test emails apart.
      const forWhom = `Test mode: this email would have gone to ${n.to}.`;
      s.mail.send({
        to,
        subject,
        body: test ? `[${forWhom}]\n\n${n.text}` : n.text,
        htmlBody: test ? `<p style="color:#5f6368;font-style:italic">${escapeHtml(forWhom)}</p>\n${n.html}` : n.html,
        // The From name is customer text too: a Sender name holding a date is not shown.
        name: customerSenderName(this.settings.senderName),
        ...(this.settings.replyTo ? { replyTo: this.settings.replyTo } : {}),
      });
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      if (TIMEOUT.test(message)) throw e;
      this.journal.removeLast();
      this.counts.failed++;
      this.log(now, { orderId: n.orderId, email: n.to, kind: n.kind, skus: n.skus, subject, result: 'Failed', detail: `${n.detail ? `${n.detail}. ` : ''}${message}${n.detail ? '' : ' (will be tried again on the next run)'}` });
      if (OUT_OF_QUOTA.test(message)) this.stopped = 'quota';
      return 'failed';
    }
    this.journal.replaceLast(encode({ ...entry, state: 's' }));
    this.counts.sent++;
    if (test) {
      this.rememberTest(n.key);
      this.log(now, { orderId: n.orderId, email: n.to, kind: n.kind, skus: n.skus, subject, result: 'Sent', detail: `${n.detail ? `${n.detail}. ` : ''}Test mode: sent to ${to} instead of the customer; nothing marked as sent.` });
    } else {
      this.o.onSent?.(n, now);
      this.log(now, { orderId: n.orderId, email: n.to, kind: n.kind, skus: n.skus, subject, result: 'Sent', detail: n.detail ?? '' });
    }
    // Checkpoint every minute (counting the send's own time), and before the journal takes a large share of the
    // 500 KB property store.
    if (s.clock.now().getTime() - this.lastCheckpoint >= (this.o.checkpointEveryMs ?? 60_000) || this.journal.chunkCount >= MAX_JOURNAL_CHUNKS) this.checkpoint();
    return 'sent';
  }

  /** Queues a Skipped (or Failed) Notice log row, written at the next checkpoint. */
  skip(r: SkipRow): void {
    this.counts.skipped++;
    // One clock read per batch: a first run on a big sheet may skip thousands of old milestones.
    this.skipAt ??= this.o.services.clock.now();
    this.log(this.skipAt, { orderId: r.orderId, email: r.email, kind: r.kind, skus: r.skus, subject: '', result: r.result ?? 'Skipped', detail: r.detail });
  }

  private logTable(): Table {
    return (this.log_ ??= noticeLogTable(this.o.wb.ss));
  }

  /** Writes the queued log rows (one setValues), then the sheet marks, flushes, and clears the journal. */
  checkpoint(): void {
    if (this.logRows.length > 0) appendRecords(this.logTable(), this.logRows.splice(0));
    this.o.saveProgress?.();
    SpreadsheetApp.flush();
    if (this.held.size > 0) this.journal.replaceAll([...this.held.values()]);
    else this.journal.clear();
    this.lastCheckpoint = this.o.services.clock.now().getTime();
    this.skipAt = null;
  }

  finish(): void {
    this.checkpoint();
  }
}

export interface SendAllResult {
  sent: number;
  failed: number;
  /** Items not sent this run (quota, time, no test recipient, mail service down). */
  waiting: number;
  stoppedBecause: string | null;
}

/**
 * Sends `items` in order (`compose` gives null for one that is not to be sent) until the quota or the time
 * budget stops the sender, or the mail service fails MAX_FAILURES_IN_A_ROW times in a row. When the quota
 * stopped it and `waited` is given, each item left gets a Skipped Notice log row with `waited.detail`.
 */
export function sendAll<T>(
  sender: Sender,
  items: readonly T[],
  compose: (item: T) => Notice | null,
  waited?: { detail: string; row: (item: T) => Omit<SkipRow, 'detail'> },
  onFailed?: (item: T) => void,
): SendAllResult {
  const r: SendAllResult = { sent: 0, failed: 0, waiting: 0, stoppedBecause: null };
  let failuresInARow = 0;
  let index = 0;
  for (; index < items.length; index++) {
    const notice = compose(items[index]);
    // A stopped run's send only its own account can judge is not sent meanwhile (and is no failure).
    if (!notice || sender.isHeld(notice.key)) continue;
    const result = sender.send(notice);
    if (result === 'sent') {
      r.sent++;
      failuresInARow = 0;
    } else if (result === 'failed') {
      r.failed++;
      onFailed?.(items[index]);
      if (++failuresInARow >= MAX_FAILURES_IN_A_ROW || sender.stoppedBecause) {
        r.stoppedBecause = sender.stoppedBecause ?? 'the mail service failed repeatedly';
        index++;
        break;
      }
    } else {
      r.stoppedBecause = result;
      break;
    }
  }
  r.waiting = items.length - index;
  if (r.stoppedBecause === 'quota' && waited) for (const item of items.slice(index)) sender.skip({ ...waited.row(item), detail: waited.detail });
  return r;
}

/** How the senders (daily notices, extended stock-out updates) take the shop lock (src/gas/lock.ts). */
export const SENDING_LOCK: ShopLockOptions = { busyMessage: 'Another run is in progress; this one exits without sending.' };

/** No new send starts after this much of an execution (Apps Script stops an execution at 6 minutes). */
export const RUN_BUDGET_MS = 270_000;

/**
 * Clock time after which a sending run that started at `startMs` starts no new send: RUN_BUDGET_MS, or the
 * owner's Document Property BD_TIME_BUDGET_MS (10 s to 10 min; a budget past the 6-minute limit lets the
 * platform stop the run instead, which the send journal survives).
 */
export function runDeadline(services: Services, startMs: number): number {
  const v = Number(services.props.get(KEYS.timeBudget.key) ?? '');
  return startMs + (Number.isFinite(v) && v >= 10_000 && v <= 600_000 ? v : RUN_BUDGET_MS);
}
