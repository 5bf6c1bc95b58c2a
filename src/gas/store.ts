/**
 * The add-on's state: every property key it uses is declared here, once (name, what it holds, who
 * writes it), with the one place that knows the platform's limits (9 KB a value, 500 KB a store) and
 * the one way to keep a value larger than 9 KB (chunks `<key>.0`, `<key>.1`, … with their count in
 * `<key>.n`).
 *
 * Where state lives. Everything per shop (journals, schedules, queues, the trigger owner, the Slack
 * webhook) is in **Document Properties**: one store per spreadsheet. In a published Editor add-on the
 * Script Properties are shared by every shop that installed it, so a webhook kept there would post one
 * shop's alerts into another's Slack. Script Properties are read only by `migrateScriptProperties`, which
 * moves what a bound installation of an earlier version left there to the document, once.
 */
import { chunkText } from '../core/alerts';
import { utf8Bytes } from '../core/stockOut';
import type { KeyValueStore } from './services';

/** Apps Script's limits (reference/properties): one value, one store. */
export const PROPERTY_VALUE_BYTES = 9 * 1024;
export const PROPERTY_STORE_BYTES = 500 * 1024;
/** One chunk of a chunked value or list, with room to spare under PROPERTY_VALUE_BYTES. */
export const CHUNK_BYTES = 8000;

export interface KeyInfo {
  /** The property name, or the prefix of a family (`BD_JOURNAL_` + job). */
  key: string;
  holds: string;
  writer: string;
  /** How it is stored: one value, chunks (`.0`, `.n`), or a family of keys sharing the prefix. */
  shape: 'value' | 'json' | 'chunked' | 'family';
}

/** Every key the add-on keeps, all in Document Properties. */
export const KEYS = {
  slackWebhook: { key: 'SLACK_WEBHOOK_URL', holds: 'the Slack incoming-webhook URL (a secret: never in a cell, never sent to a page)', writer: 'Connect Slack dialog', shape: 'value' },
  triggerOwner: { key: 'BD_TRIGGER_OWNER', holds: 'the address the installable triggers belong to', writer: 'set-up', shape: 'value' },
  tickTrigger: { key: 'BD_TICK_TRIGGER', holds: 'the id of the hourly trigger', writer: 'set-up', shape: 'value' },
  schedule: { key: 'BD_SCHEDULE', holds: 'what the hourly tick must do: the day the daily notices last ran, continuations, a run in progress', writer: 'the hourly tick, the senders', shape: 'json' },
  failures: { key: 'BD_FAILURES', holds: 'kinds of failure already emailed today (once per kind per day; the document cache stands in when this store is full)', writer: 'the hourly tick', shape: 'json' },
  timeBudget: { key: 'BD_TIME_BUDGET_MS', holds: 'an optional time budget for sending runs (ms)', writer: 'the owner, by hand', shape: 'value' },
  rulesLowDefault: { key: 'BD_RULES_LOW_DEFAULT', holds: 'the Low stock default the colour rules embed', writer: 'set-up, Settings edits', shape: 'value' },
  stockMemory: { key: 'BD_STOCK_MEMORY', holds: 'the last announced state of each SKU (alerts once per crossing)', writer: 'stock passes', shape: 'chunked' },
  stockPending: { key: 'BD_STOCK_PENDING', holds: 'alerts that could not be delivered, for a retry', writer: 'stock passes', shape: 'chunked' },
  stockDropped: { key: 'BD_STOCK_DROPPED', holds: 'how many undelivered alerts were dropped from the retry list since one last got through', writer: 'stock passes', shape: 'value' },
  journal: { key: 'BD_JOURNAL_', holds: 'the send journal of a job (daily, extended, goodNews) since its last checkpoint', writer: 'the sender', shape: 'family' },
  testSent: { key: 'BD_TESTSENT_', holds: 'keys sent today in Test mode, per job', writer: 'the sender', shape: 'family' },
  unmarked: { key: 'BD_UNMARKED_daily', holds: 'sent notices whose marks could not be written yet', writer: 'the daily notices', shape: 'chunked' },
  extendedHandled: { key: 'EXTENDED_UPDATE_IDS', holds: 'request ids of extended updates already handled', writer: 'the extended update', shape: 'json' },
  extendedQueue: { key: 'EXTENDED_UPDATE_QUEUE', holds: 'extended updates waiting for quota', writer: 'the extended update', shape: 'json' },
  extendedJob: { key: 'EXTENDED_UPDATE_JOB_', holds: 'one queued extended update', writer: 'the extended update', shape: 'family' },
  managers: { key: 'BD_MANAGERS', holds: 'the managers (JSON list of addresses): who may send extended updates, connect or remove Slack and change this list; Settings › Managers only shows it', writer: 'the trigger owner or a manager (menu Managers…); set-up adopts Settings › Managers once while it is unset', shape: 'json' },
  sheetProblems: { key: 'BD_SHEET_PROBLEMS', holds: 'problems of the sheet already told in the Notice log, per scope (hashes), so each is told once while it lasts', writer: 'the daily notices, the hourly stock pass', shape: 'json' },
  liveRefusedSaid: { key: 'BD_LIVE_REFUSED', holds: 'the go-live gaps the Notice log was last told about (Send mode Live refused, said once)', writer: 'the daily notices', shape: 'value' },
  storeVersion: { key: 'BD_STORE_VERSION', holds: 'set once the keys of an earlier version have moved here', writer: 'the first execution after an update', shape: 'value' },
} as const satisfies Record<string, KeyInfo>;

/** Keys an earlier version kept in Script Properties and that are gone now (their work moved to the hourly tick). */
const RETIRED_KEYS = ['BD_DAILY_TRIGGER', 'BD_CONTINUATION_runDailyNotices', 'BD_CONTINUATION_runStockAlerts', 'BD_STOCK_FOLLOW_UP_DUE'];
const STORE_VERSION = '2';

/** True when a Script Properties key is one of ours (for the move to the document). */
function isOurs(key: string): boolean {
  return Object.values(KEYS).some((k: KeyInfo) => (k.shape === 'family' || k.shape === 'chunked' ? key.startsWith(k.key) : key === k.key));
}

export interface RawProperties {
  getProperties(): Record<string, string>;
  setProperties(values: Record<string, string>): void;
  deleteProperty(key: string): void;
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): void;
}

/**
 * Moves what an earlier version kept in Script Properties into this document's properties, once
 * (marked by `BD_STORE_VERSION`). A value already in the document wins. Only for a bound script: a
 * published add-on's Script Properties are every shop's, and no earlier version ran as an add-on.
 * Returns the keys moved.
 */
export function migrateScriptProperties(script: RawProperties, document: RawProperties, bound: boolean): string[] {
  if (document.getProperty(KEYS.storeVersion.key) === STORE_VERSION) return [];
  const moved: string[] = [];
  if (bound) {
    const old = script.getProperties();
    const here = document.getProperties();
    const take: Record<string, string> = {};
    for (const [k, v] of Object.entries(old)) {
      if (!isOurs(k) && !RETIRED_KEYS.includes(k)) continue;
      if (!RETIRED_KEYS.includes(k) && !(k in here)) take[k] = v;
      moved.push(k);
    }
    if (Object.keys(take).length) document.setProperties(take);
    for (const k of moved) script.deleteProperty(k);
  }
  document.setProperty(KEYS.storeVersion.key, STORE_VERSION);
  return moved;
}

// ------------------------------------------------------------------ chunked values

/** Reads text stored by `writeChunked` (null when absent). */
export function readChunked(props: KeyValueStore, key: string): string | null {
  const n = Number(props.get(`${key}.n`) ?? '');
  if (!Number.isInteger(n) || n <= 0) return null;
  let text = '';
  for (let i = 0; i < n; i++) {
    const part = props.get(`${key}.${i}`);
    if (part === null) return null;
    text += part;
  }
  return text;
}

/** Stores text as pieces `key.0`, `key.1`… and their count `key.n`, removing leftover pieces. */
export function writeChunked(props: KeyValueStore, key: string, text: string): void {
  const old = Number(props.get(`${key}.n`) ?? '0') || 0;
  const parts = chunkText(text);
  parts.forEach((p, i) => props.set(`${key}.${i}`, p));
  props.set(`${key}.n`, String(parts.length));
  for (let i = parts.length; i < old; i++) props.delete(`${key}.${i}`);
}

/**
 * A list of strings kept in chunks under 9 KB each (`<prefix>.0`, `.1`, … and the chunk count in
 * `<prefix>.n`). Only the last chunk is rewritten when an item is added or replaced. An item too large
 * for one chunk is refused (`push` returns false): one long value is a problem of its own, never of the list.
 */
export class ChunkedList {
  private chunks: string[][] | null = null;
  constructor(
    private readonly props: KeyValueStore,
    private readonly prefix: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  private load(): string[][] {
    if (this.chunks) return this.chunks;
    const n = Number(this.props.get(`${this.prefix}.n`) ?? '0') || 0;
    const chunks: string[][] = [];
    for (let i = 0; i < n; i++) {
      const raw = this.props.get(`${this.prefix}.${i}`);
      let items: unknown = [];
      try {
        items = raw ? JSON.parse(raw) : [];
      } catch {
        this.log(`${this.prefix}.${i} is unreadable and was ignored.`);
      }
      chunks.push(Array.isArray(items) ? items.map(String) : []);
    }
    this.chunks = chunks;
    return chunks;
  }

  items(): string[] {
    return this.load().flat();
  }

  /** Chunks in use (each under CHUNK_BYTES). */
  get chunkCount(): number {
    return this.load().length;
  }

  get size(): number {
    return this.load().reduce((s, c) => s + c.length, 0);
  }

  private write(i: number): void {
    this.props.set(`${this.prefix}.${i}`, JSON.stringify(this.load()[i]));
  }

  /** Adds an item; false (nothing stored) when the item alone does not fit in one chunk. */
  push(item: string): boolean {
    if (utf8Bytes(JSON.stringify([item])) > CHUNK_BYTES) return false;
    const chunks = this.load();
    const last = chunks[chunks.length - 1];
    if (last && utf8Bytes(JSON.stringify([...last, item])) <= CHUNK_BYTES) {
      last.push(item);
      this.write(chunks.length - 1);
      return true;
    }
    chunks.push([item]);
    this.write(chunks.length - 1);
    this.props.set(`${this.prefix}.n`, String(chunks.length));
    return true;
  }

  /** Replaces the most recently pushed item. */
  replaceLast(item: string): boolean {
    const chunks = this.load();
    const last = chunks[chunks.length - 1];
    if (!last || last.length === 0) return this.push(item);
    const before = last[last.length - 1];
    last[last.length - 1] = item;
    if (utf8Bytes(JSON.stringify(last)) > CHUNK_BYTES) {
      last.pop();
      if (!this.push(item)) {
        last.push(before);
        return false;
      }
      this.write(chunks.length - 2);
      return true;
    }
    this.write(chunks.length - 1);
    return true;
  }

  /**
   * Rewrites the items `change` changes (same order), one chunk at a time; an item that would not fit its
   * chunk any more is left as it was. Each chunk is one property write, so a stop part-way leaves every
   * item either old or new.
   */
  update(change: (item: string) => string): void {
    const chunks = this.load();
    chunks.forEach((chunk, i) => {
      const next = chunk.map(change);
      if (next.every((x, j) => x === chunk[j])) return;
      if (utf8Bytes(JSON.stringify(next)) > CHUNK_BYTES) return;
      chunks[i] = next;
      this.write(i);
    });
  }

  /**
   * Leaves exactly `items` (a few small ones) in the list: the first chunk is written first, then the count,
   * then the other chunks go, so a stop part-way leaves `items` plus, at most, items of the old list.
   */
  replaceAll(items: readonly string[]): void {
    if (items.length === 0) return this.clear();
    const old = this.load().length;
    const first: string[] = [];
    const rest: string[] = [];
    for (const item of items) (rest.length === 0 && utf8Bytes(JSON.stringify([...first, item])) <= CHUNK_BYTES ? first : rest).push(item);
    this.chunks = [first];
    this.write(0);
    this.props.set(`${this.prefix}.n`, '1');
    for (let i = 1; i < old; i++) this.props.delete(`${this.prefix}.${i}`);
    for (const item of rest) this.push(item);
  }

  removeLast(): void {
    const chunks = this.load();
    const last = chunks[chunks.length - 1];
    if (!last || last.length === 0) return;
    last.pop();
    this.write(chunks.length - 1);
  }

  clear(): void {
    const n = this.load().length;
    if (n === 0 && this.props.get(`${this.prefix}.n`) === null) return;
    for (let i = 0; i < n; i++) this.props.delete(`${this.prefix}.${i}`);
    this.props.delete(`${this.prefix}.n`);
    this.chunks = [];
  }
}
