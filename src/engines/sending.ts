/**
 * The sending engine: customer emails that are never sent twice and never lost.
 *
 * API (used by the daily notices and the extended stock-out update):
 *
 *   const sender = new Sender({ services, wb, journal: 'daily', deadlineMs, onSent, saveProgress });
 *   sender.recover(apply)       // FIRST, before planning: folds a crashed run's journal. For every journal
 *                               // entry counted as sent, `apply(entry)` marks the sheet in memory (Live
 *                               // entries only); Notice log rows are queued. Returns the entries.
 *   sender.sentTodayInTest()    // keys sent today in Test mode (plan them out: Test mode marks nothing)
 *   sender.send(notice)         // 'sent' | 'failed' | 'quota' | 'time' | 'no-test-recipient'
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
 *   1. before a send: an entry in state "p" (pending), with the remaining mail quota seen just before;
 *   2. the send;
 *   3. after it: the entry is rewritten in state "s" (sent); a send that throws removes its entry.
 * A checkpoint (every minute of clock time, when the journal reaches about 100 KB, and at the end) writes the Notice log rows, then the sheet
 * marks, flushes, and clears the journal. A run killed at any point leaves a journal that the next run
 * folds into the sheet before it plans anything: "s" entries are marked as sent and logged; a "p"
 * entry is the only ambiguous case (killed between the send and step 3). It counts as NOT sent only when
 * the evidence is certain: the recovery runs the same day and the mail quota is still at least what it
 * was before that send (a send always uses quota); otherwise it counts as sent, logged with a Detail
 * saying so — a rare missed email is better than a duplicate.
 *
 * Quota: `services.mail.remainingQuota()` is checked before every send; 'quota' means stop, the rest waits
 * for the next run. Time: no new send starts after `deadlineMs` (clock time); 'time' means save and
 * ask the next hourly tick to continue (`requestContinuation`). An exception from the mail service is a Failed row
 * (the notice stays unsent and is tried again on the next run); "too many times for one day" stops sending.
 */
import { customerSenderName } from '../core/customerText';
import type { LocalDate } from '../core/dates';
import type { ShopLockOptions } from '../gas/lock';
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

export interface JournalEntry {
  state: 'p' | 's';
  key: string;
  orderId: string;
  to: string;
  kind: string;
  skus: string;
  subject: string;
  /** Clock time of the send (ms). */
  at: number;
  /** Local date of the send (spreadsheet time zone). */
  day: LocalDate;
  /** Mail quota seen just before the send. */
  quota: number;
  test: boolean;
  data?: NoticeData;
  /** The notice's `detail`. */
  detail?: string;
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

function encode(e: JournalEntry): string {
  return JSON.stringify([e.state, e.key, e.orderId, e.to, e.kind, e.skus, e.subject, e.at, e.day, e.quota, e.test ? 1 : 0, e.data ?? null, e.detail ?? '']);
}

function decode(s: string): JournalEntry | null {
  try {
    const a = JSON.parse(s) as unknown[];
    if (!Array.isArray(a) || (a[0] !== 'p' && a[0] !== 's')) return null;
    return {
      state: a[0],
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
    };
  } catch {
    return null;
  }
}

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
  readonly counts = { sent: 0, failed: 0, skipped: 0, recovered: 0 };

  constructor(private readonly o: SenderOptions) {
    this.settings = o.wb.settings().settings;
    this.journal = new ChunkedList(o.services.props, KEYS.journal.key + o.journal, o.services.log);
    this.testSent = new ChunkedList(o.services.props, KEYS.testSent.key + o.journal, o.services.log);
    this.lastCheckpoint = o.services.clock.now().getTime();
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
   * Folds a previous run's journal. `apply` is called for every Live entry counted as sent (mark the
   * sheet); every entry counted as sent gets its Notice log row. Ends with a checkpoint, so the journal is
   * empty afterwards. Also forgets Test-mode keys of earlier days.
   */
  recover(apply: (entry: JournalEntry) => void): JournalEntry[] {
    const today = this.today();
    const entries = this.journal.items().map(decode);
    const kept: JournalEntry[] = [];
    let quota: number | null = null;
    for (const e of entries) {
      if (!e) continue;
      let detail: string;
      if (e.state === 'p') {
        if (quota === null) quota = this.o.services.mail.remainingQuota();
        if (e.day === today && quota >= e.quota) {
          this.o.services.log(`Send journal: ${e.kind} for ${e.orderId} was not sent before the run stopped; it will be sent again.`);
          continue;
        }
        detail = 'The run stopped while this email was being sent; counted as sent so it is never sent twice.';
      } else {
        detail = 'Recovered from the send journal after the run stopped.';
      }
      if (e.test) {
        detail = `Test mode: sent to ${e.to} instead of the customer. ${detail}`;
        if (e.day === today) this.rememberTest(e.key);
      } else {
        apply(e);
      }
      if (e.detail) detail = `${e.detail}. ${detail}`;
      this.log(new Date(e.at), { orderId: e.orderId, email: e.test ? '' : e.to, kind: e.kind, skus: e.skus, subject: e.subject, result: 'Sent', detail });
      kept.push(e);
    }
    this.counts.recovered = kept.length;
    if (entries.length > 0) this.checkpoint();
    return kept;
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

  private rememberTest(key: string): void {
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
    };
    if (!this.journal.push(encode(entry))) {
      // Too large to record before sending (a very long Order ID, SKU or subject): never sent unrecorded.
      this.counts.failed++;
      this.log(now, { orderId: n.orderId, email: n.to, kind: n.kind, skus: n.skus, subject, result: 'Failed', detail: 'Not sent: the order number, SKUs or subject are too long to record safely. Shorten them in the sheet.' });
      return 'failed';
    }
    try {
      s.mail.send({
        to,
        subject,
        body: n.text,
        htmlBody: n.html,
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
    // Checkpoint every minute, and before the journal takes a large share of the 500 KB property store.
    if (now.getTime() - this.lastCheckpoint >= (this.o.checkpointEveryMs ?? 60_000) || this.journal.chunkCount >= MAX_JOURNAL_CHUNKS) this.checkpoint();
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
    this.journal.clear();
    this.lastCheckpoint = this.o.services.clock.now().getTime();
    this.skipAt = null;
  }

  finish(): void {
    this.checkpoint();
  }
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
