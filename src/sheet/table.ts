/**
 * A tab as a table: read once with one `getValues`, columns found by header text,
 * changes buffered per column and written back in as few `setValues` blocks as possible.
 * The number of Spreadsheet calls never grows with the number of rows.
 *
 * Other people keep editing while a run works from its snapshot. A table anchored with `anchorBy`
 * (e.g. Orders by Order ID and SKU) re-reads the tab once before it writes and puts every change on the
 * row it belongs to, wherever that row is now (see `flush`).
 */

import { cutText } from '../core/model';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
export type Cell = string | number | boolean | Date;

export class Table {
  /** Header text (trimmed) -> zero-based column index. */
  readonly col: ReadonlyMap<string, number>;
  /** Headers from `required` that the tab does not have. */
  readonly missing: string[];
  private readonly dirty = new Map<number, { min: number; max: number }>();
  /** Changed cells: row index -> column -> the value as read (before the first `set`). */
  private readonly originals = new Map<number, Map<number, Cell>>();
  private anchor: readonly string[] | null = null;
  /**
   * Anchored tables: rows (indexes as read) whose changes `flush` did not write because the row could no
   * longer be found. The caller reports them and empties the list.
   */
  readonly unmatched: number[] = [];

  constructor(
    readonly sheet: Sheet | null,
    readonly headerRow: Cell[],
    /** Data rows (row 2 onwards), as read. Mutated by `set`. */
    readonly rows: Cell[][],
    required: readonly string[],
  ) {
    const col = new Map<string, number>();
    headerRow.forEach((h, i) => {
      const key = String(h).trim();
      if (key !== '' && !col.has(key)) col.set(key, i);
    });
    this.col = col;
    this.missing = required.filter((h) => !col.has(h));
  }

  /** 1-based sheet row number of data row `index`. */
  rowNumber(index: number): number {
    return index + 2;
  }

  has(header: string): boolean {
    return this.col.has(header);
  }

  get(index: number, header: string): Cell {
    const c = this.col.get(header);
    if (c === undefined) return '';
    const v = this.rows[index]?.[c];
    return v === undefined || v === null ? '' : v;
  }

  /** Changes one cell in memory; `flush` writes it. Unknown headers are ignored (reported via `missing`). */
  set(index: number, header: string, value: Cell): void {
    const c = this.col.get(header);
    if (c === undefined) return;
    const row = this.rows[index];
    if (!row) throw new Error(`Row ${index} is outside the table.`);
    if (row[c] === value) return;
    let before = this.originals.get(index);
    if (!before) this.originals.set(index, (before = new Map()));
    if (!before.has(c)) before.set(c, row[c]);
    row[c] = value;
    const d = this.dirty.get(c);
    if (d) {
      d.min = Math.min(d.min, index);
      d.max = Math.max(d.max, index);
    } else {
      this.dirty.set(c, { min: index, max: index });
    }
  }

  /** Number of pending column blocks. */
  get pendingWrites(): number {
    return this.dirty.size;
  }

  /**
   * Makes `flush` re-read the tab and find each changed row again by these headers (e.g. Order ID, SKU)
   * before writing, so a sort or an inserted row during the run never puts a change on the wrong row.
   */
  anchorBy(headers: readonly string[]): this {
    this.anchor = [...headers];
    return this;
  }

  /**
   * Writes every changed column as one block (from its first to its last changed row).
   * Anchored tables first re-read the tab (one `getValues`) and write each change to the row that is
   * the same line now: same anchor values and the same content as read (changed cells compared with
   * their value as read); when no row has the same content, the only row with the same anchor values
   * (or the row still in place). Rows in between keep their current values. A row that cannot be found
   * is not written and is listed in `unmatched`.
   */
  flush(): number {
    if (!this.sheet) {
      this.dirty.clear();
      this.originals.clear();
      return 0;
    }
    if (this.dirty.size === 0) return 0;
    if (this.anchor) return this.flushAnchored(this.sheet, this.anchor);
    this.originals.clear();
    let calls = 0;
    for (const [c, { min, max }] of this.dirty) {
      const block: Cell[][] = [];
      for (let i = min; i <= max; i++) block.push([this.rows[i][c] ?? '']);
      this.sheet.getRange(this.rowNumber(min), c + 1, block.length, 1).setValues(block);
      calls++;
    }
    this.dirty.clear();
    return calls;
  }

  private flushAnchored(sheet: Sheet, anchor: readonly string[]): number {
    const values = sheet.getDataRange().getValues() as Cell[][];
    const now = new Map<string, number>();
    (values[0] ?? []).forEach((h, i) => {
      const key = String(h).trim();
      if (key !== '' && !now.has(key)) now.set(key, i);
    });
    // Column as read -> column now (columns may have been moved too).
    const colNow = this.headerRow.map((h) => now.get(String(h).trim()));
    const changed = [...this.originals.keys()].sort((a, b) => a - b);
    const keys = anchor.map((h) => [this.col.get(h), now.get(h)] as const);
    const rowsNow = values.length - 1;
    const target = new Map<number, number>();
    if (keys.every(([a, b]) => a !== undefined && b !== undefined)) {
      const idThen = (i: number) => keys.map(([a]) => idPart(this.rows[i][a as number])).join('\u0001');
      const idNow = (j: number) => keys.map(([, b]) => idPart(values[j + 1][b as number])).join('\u0001');
      const sameContent = (i: number, j: number) => {
        const before = this.originals.get(i);
        const row = this.rows[i];
        const cur = values[j + 1];
        for (let c = 0; c < row.length; c++) {
          const cc = colNow[c];
          if (cc === undefined) continue;
          if (!sameCell(before?.has(c) ? before.get(c) : row[c], cur[cc])) return false;
        }
        return true;
      };
      const taken = new Set<number>();
      let byId: Map<string, number[]> | null = null;
      for (const i of changed) {
        const id = idThen(i);
        let j: number | undefined;
        if (i < rowsNow && !taken.has(i) && idNow(i) === id && sameContent(i, i)) j = i;
        else {
          if (!byId) {
            byId = new Map();
            for (let r = 0; r < rowsNow; r++) {
              const k = idNow(r);
              const list = byId.get(k);
              if (list) list.push(r);
              else byId.set(k, [r]);
            }
          }
          const candidates = (byId.get(id) ?? []).filter((r) => !taken.has(r));
          j = candidates.find((r) => sameContent(i, r)) ?? (candidates.length === 1 ? candidates[0] : candidates.includes(i) ? i : undefined);
        }
        if (j === undefined || taken.has(j)) continue;
        taken.add(j);
        target.set(i, j);
      }
    }
    let calls = 0;
    const lost = new Set<number>(changed.filter((i) => !target.has(i)));
    for (const c of this.dirty.keys()) {
      const cc = colNow[c];
      const rows: Array<[number, number]> = [];
      for (const i of changed) {
        if (!this.originals.get(i)?.has(c)) continue;
        const j = target.get(i);
        if (cc === undefined || j === undefined) lost.add(i);
        else rows.push([i, j]);
      }
      if (cc === undefined || rows.length === 0) continue;
      let min = Infinity;
      let max = -1;
      for (const [, j] of rows) {
        min = Math.min(min, j);
        max = Math.max(max, j);
      }
      const block: Cell[][] = [];
      for (let j = min; j <= max; j++) block.push([values[j + 1][cc] ?? '']);
      for (const [i, j] of rows) block[j - min][0] = this.rows[i][c] ?? '';
      sheet.getRange(this.rowNumber(min), cc + 1, block.length, 1).setValues(block);
      calls++;
    }
    for (const i of [...lost].sort((a, b) => a - b)) this.unmatched.push(i);
    this.dirty.clear();
    this.originals.clear();
    return calls;
  }
}

function idPart(v: Cell | undefined): string {
  if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') return String((v as Date).getTime());
  return String(v ?? '').trim().toUpperCase();
}

function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  const blank = (v: Cell | undefined) => v === '' || v === null || v === undefined;
  if (blank(a) || blank(b)) return blank(a) && blank(b);
  const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b) && a.getTime() === b.getTime();
  return a === b;
}

/**
 * Reads a whole tab with one `getDataRange().getValues()`. A missing sheet gives an empty table
 * whose `missing` lists every required header.
 */
export function readTable(sheet: Sheet | null, required: readonly string[]): Table {
  if (!sheet) return new Table(null, [], [], required);
  const values = sheet.getDataRange().getValues() as Cell[][];
  const header = values.length > 0 ? values[0] : [];
  const rows = values.slice(1);
  return new Table(sheet, header, rows, required);
}

/** True when every cell of a row is blank. */
export function isBlankRow(row: readonly Cell[]): boolean {
  return row.every((v) => v === '' || v === null || v === undefined);
}

/**
 * Guards text that came from outside (customers, imports) before it is written to a cell:
 * a string starting with `=`, `+`, `-` or `@` would be taken as a formula.
 */
export function safeText(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

/** Characters a Sheets cell holds at most: a longer write throws and would stop the whole run. */
export const CELL_CHARACTER_LIMIT = 50_000;

/**
 * A value cut to fit one cell (long text ends in "…"), for cells the add-on writes from data it did not
 * choose (a log row quoting a huge SKU or Order ID): the bad value stays a problem of its row.
 */
export function fitCell(value: Cell): Cell {
  return typeof value === 'string' ? cutText(value, CELL_CHARACTER_LIMIT) : value;
}

/**
 * Makes the sheet's grid at least `rows` rows and `columns` columns, with at most one insert per axis.
 * A range must lie inside the grid (writing below it throws in Sheets, it does not add rows), so every
 * write that makes a tab longer or wider comes here first. An axis left at 0 is not read.
 */
export function growGrid(sheet: Sheet, rows: number, columns = 0): void {
  if (rows > 0) {
    const max = sheet.getMaxRows();
    if (rows > max) sheet.insertRowsAfter(max, rows - max);
  }
  if (columns > 0) {
    const max = sheet.getMaxColumns();
    if (columns > max) sheet.insertColumnsAfter(max, columns - max);
  }
}

/**
 * Appends rows in one `setValues` below the last row (growing the grid first when they reach past it;
 * text longer than a cell holds is cut, see `fitCell`), laid out by the sheet's header row.
 * `records` map header text -> value; headers the sheet lacks are dropped.
 */
export function appendRecords(table: Table, records: ReadonlyArray<Record<string, Cell>>): void {
  if (!table.sheet || records.length === 0) return;
  const width = Math.max(table.headerRow.length, 1);
  const block = records.map((r) => {
    const row: Cell[] = new Array<Cell>(width).fill('');
    for (const [h, v] of Object.entries(r)) {
      const c = table.col.get(h);
      if (c !== undefined) row[c] = fitCell(v);
    }
    return row;
  });
  const start = table.sheet.getLastRow() + 1;
  growGrid(table.sheet, start + block.length - 1);
  table.sheet.getRange(start, 1, block.length, width).setValues(block);
  for (const row of block) table.rows.push(row);
}

/** Cell notes the add-on writes start with this, so it only ever clears its own. */
export const OWN_NOTE_PREFIX = 'Backorder Desk: ';

/**
 * Writes notes on one column in one block (one read and one write, only when something changed): row index ->
 * note; '' clears the cell's note if it is one of ours (a person's own note stays).
 */
export function writeOwnNotes(table: Table, header: string, notes: ReadonlyMap<number, string>): void {
  const c = table.col.get(header);
  if (notes.size === 0 || c === undefined || !table.sheet || table.rows.length === 0) return;
  const range = table.sheet.getRange(2, c + 1, table.rows.length, 1);
  const current = range.getNotes();
  let changed = false;
  for (const [i, note] of notes) {
    if (!current[i]) continue;
    const old = current[i][0] ?? '';
    const want = note === '' ? (old.startsWith(OWN_NOTE_PREFIX) ? '' : old) : note;
    if (want !== old) {
      current[i][0] = want;
      changed = true;
    }
  }
  if (changed) range.setNotes(current);
}

/**
 * Text kept exactly as text, the way a person types `'` first: never read as a number, a date, a boolean or a
 * formula (a tracking number of 22 digits stays whole). The apostrophe is not part of the cell's value.
 */
export function textCell(value: string): string {
  return value === '' ? '' : `'${value}`;
}
