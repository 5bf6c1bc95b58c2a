/**
 * The write side of the day notices: `Notices sent` and `Last notice` on Orders. Marks are written through
 * the Orders table anchored by Order ID and SKU (src/sheet/table.ts), so a sort or an inserted row never
 * moves a mark to another line. A sent notice whose line cannot be found when the marks are saved (it
 * moved or changed during the run) is kept in `BD_UNMARKED_daily` and put on the order's open lines by the
 * next run, before it plans (`carryOver`): a notice is never sent twice because its mark was lost.
 */
import { addMarks, type NoticeLine } from '../core/notices';
import type { Services } from '../gas/services';
import { ChunkedList, KEYS } from '../gas/store';
import type { Table } from '../sheet/table';
import { sameJournalId, type JournalEntry } from './sending';

/** Sent notices whose marks could not be written (their line moved out of reach during the run). */
export const UNMARKED_LIST = KEYS.unmarked.key;

/** A sent milestone, by row as read (also the shape kept in `BD_UNMARKED_daily`). */
interface SentMark {
  o: string;
  /** The customer's email (lines of one Order ID with another email are another customer's). */
  e?: string;
  m: number;
  s: number[];
  at: number;
}

export class NoticeMarks {
  private readonly sentOn = new Map<number, SentMark>();
  private readonly carried = new Set<string>();
  private readonly unmarked: ChunkedList;

  /** `messages`: where a mark that could not be written is explained (the run log). */
  constructor(
    services: Services,
    private readonly orders: Table,
    private readonly messages: string[],
  ) {
    this.unmarked = new ChunkedList(services.props, UNMARKED_LIST, services.log);
  }

  /** Adds milestones (sent or skipped) or the bad-row flag to the lines; `at` also sets `Last notice`. */
  mark(indexes: readonly number[], add: { sent?: number[]; skipped?: number[]; badRow?: boolean }, at: Date | null): void {
    for (const i of indexes) {
      this.orders.set(i, 'Notices sent', addMarks(this.orders.get(i, 'Notices sent'), add));
      if (at) this.orders.set(i, 'Last notice', at);
    }
  }

  /** Milestone `m` went out at `at` (`skipped`: the ones it passed over) to the customer of these lines. */
  sent(indexes: readonly number[], orderId: string, email: string | undefined, m: number, skipped: number[], at: number): void {
    const n: SentMark = { o: orderId, e: email, m, s: skipped, at };
    this.mark(indexes, { sent: [m], skipped }, new Date(at));
    for (const i of indexes) this.sentOn.set(i, n);
  }

  /** Writes the marks (one block per column); a sent mark whose row moved is kept for the next run. */
  save(): void {
    this.orders.flush();
    for (const i of this.orders.unmatched.splice(0)) {
      const n = this.sentOn.get(i);
      const what = `Orders row ${i + 2} as read (order ${String(this.orders.get(i, 'Order ID'))}, SKU ${String(this.orders.get(i, 'SKU'))})`;
      const key = n && `${n.o}|${n.m}|${n.e}`;
      if (n && key && !this.carried.has(key)) {
        this.carried.add(key);
        this.unmarked.push(JSON.stringify(n));
        this.messages.push(`${what} moved or changed while the run was writing; its Notices sent mark (day ${n.m}) will be put on the order's open lines by the next run.`);
      } else if (!n) {
        this.messages.push(`${what} moved or changed while the run was writing; its Notices sent mark was not written and is recorded again on a later run.`);
      }
    }
  }

  /** A send of a stopped run (from its journal entry): every open line of the order gets the milestone. */
  recovered(lines: readonly NoticeLine[], e: JournalEntry): void {
    this.onOpenLines(lines, e.orderId, e.to, Number(e.data?.m), Array.isArray(e.data?.s) ? (e.data?.s as number[]).map(Number) : [], e.at);
  }

  /** The marks an earlier run could not write: put on the order's open lines now. Returns how many there were. */
  carryOver(lines: readonly NoticeLine[]): number {
    const items = this.unmarked.items();
    for (const item of items) {
      try {
        const n = JSON.parse(item) as SentMark;
        this.onOpenLines(lines, String(n.o), typeof n.e === 'string' ? n.e : undefined, Number(n.m), Array.isArray(n.s) ? n.s.map(Number) : [], Number(n.at));
      } catch {
        this.messages.push(`${UNMARKED_LIST}: an unreadable entry was ignored.`);
      }
    }
    if (items.length > 0) this.unmarked.clear();
    return items.length;
  }

  private onOpenLines(lines: readonly NoticeLine[], orderId: string, email: string | undefined, m: number, skipped: number[], at: number): void {
    if (!Number.isInteger(m)) return;
    const covered = lines.filter((l) => (l.orderId === orderId || sameJournalId(l.orderId, orderId)) && l.openQty > 0 && (email === undefined || l.email === email)).map((l) => l.index);
    this.sent(covered, orderId, email, m, skipped, at);
  }
}
