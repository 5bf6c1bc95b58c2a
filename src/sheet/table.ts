/**
 * A tab as a table: read once with one `getValues`, columns found by header text,
 * changes buffered per column and written back in as few `setValues` blocks as possible.
 * The number of Spreadsheet calls never grows with the number of rows.
 */

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
export type Cell = string | number | boolean | Date;

export class Table {
  /** Header text (trimmed) -> zero-based column index. */
  readonly col: ReadonlyMap<string, number>;
  /** Headers from `required` that the tab does not have. */
  readonly missing: string[];
  private readonly dirty = new Map<number, { min: number; max: number }>();

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

  /** Writes every changed column as one block (from its first to its last changed row). */
  flush(): number {
    if (!this.sheet) {
      this.dirty.clear();
      return 0;
    }
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

/**
 * Appends rows in one `setValues` below the last row, laid out by the sheet's header row.
 * `records` map header text -> value; headers the sheet lacks are dropped.
 */
export function appendRecords(table: Table, records: ReadonlyArray<Record<string, Cell>>): void {
  if (!table.sheet || records.length === 0) return;
  const width = Math.max(table.headerRow.length, 1);
  const block = records.map((r) => {
    const row: Cell[] = new Array<Cell>(width).fill('');
    for (const [h, v] of Object.entries(r)) {
      const c = table.col.get(h);
      if (c !== undefined) row[c] = v;
    }
    return row;
  });
  const start = table.sheet.getLastRow() + 1;
  table.sheet.getRange(start, 1, block.length, width).setValues(block);
  for (const row of block) table.rows.push(row);
}
