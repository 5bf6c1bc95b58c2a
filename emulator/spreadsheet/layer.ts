/**
 * A sparse grid of per-cell data (values, formulas, one format property, validation…), stored as
 * plain row arrays (0-based indexes) so that reading or writing a block is O(cells).
 */
export class Layer<T> {
  rows: Array<Array<T | undefined> | undefined> = [];
  /** Number of non-undefined cells written since creation (an upper bound; used for fast paths). */
  private writes = 0;

  get isEmpty(): boolean {
    return this.writes === 0;
  }

  get(r: number, c: number): T | undefined {
    const row = this.rows[r];
    return row === undefined ? undefined : row[c];
  }

  set(r: number, c: number, v: T | undefined): void {
    let row = this.rows[r];
    if (row === undefined) {
      if (v === undefined) return;
      while (this.rows.length < r) this.rows.push(undefined);
      row = [];
      this.rows[r] = row;
    }
    if (v !== undefined) {
      while (row.length < c) row.push(undefined);
      this.writes++;
    } else if (c >= row.length) return;
    row[c] = v;
  }

  /** Calls fn for every defined cell inside the rectangle (0-based, inclusive start, exclusive end). */
  forEachIn(r0: number, c0: number, r1: number, c1: number, fn: (r: number, c: number, v: T) => void): void {
    const last = Math.min(r1, this.rows.length);
    for (let r = r0; r < last; r++) {
      const row = this.rows[r];
      if (!row) continue;
      const end = Math.min(c1, row.length);
      for (let c = c0; c < end; c++) {
        const v = row[c];
        if (v !== undefined) fn(r, c, v);
      }
    }
  }

  clearRect(r0: number, c0: number, r1: number, c1: number): void {
    const last = Math.min(r1, this.rows.length);
    for (let r = r0; r < last; r++) {
      const row = this.rows[r];
      if (!row) continue;
      const end = Math.min(c1, row.length);
      for (let c = c0; c < end; c++) row[c] = undefined;
    }
  }

  insertRows(at: number, n: number): void {
    if (at >= this.rows.length) return;
    const blanks: Array<Array<T | undefined> | undefined> = new Array(n).fill(undefined);
    this.rows.splice(at, 0, ...blanks);
  }

  deleteRows(at: number, n: number): void {
    if (at >= this.rows.length) return;
    this.rows.splice(at, n);
  }

  insertColumns(at: number, n: number): void {
    const blanks: Array<T | undefined> = new Array(n).fill(undefined);
    for (const row of this.rows) if (row && at < row.length) row.splice(at, 0, ...blanks);
  }

  deleteColumns(at: number, n: number): void {
    for (const row of this.rows) if (row && at < row.length) row.splice(at, n);
  }

  /** Rows of the layer as JSON-friendly arrays (null for empty), trailing empties trimmed; undefined when empty. */
  toJson(map: (v: T) => unknown = (v) => v): unknown[][] | undefined {
    const out: unknown[][] = [];
    let any = false;
    for (const row of this.rows) {
      const r: unknown[] = [];
      if (row) {
        let last = row.length - 1;
        while (last >= 0 && row[last] === undefined) last--;
        for (let c = 0; c <= last; c++) r.push(row[c] === undefined ? null : map(row[c] as T));
        if (last >= 0) any = true;
      }
      out.push(r);
    }
    if (!any) return undefined;
    while (out.length && out[out.length - 1].length === 0) out.pop();
    return out;
  }

  static fromJson<T>(rows: unknown, map: (v: unknown) => T | undefined = (v) => v as T): Layer<T> {
    const layer = new Layer<T>();
    if (!Array.isArray(rows)) return layer;
    rows.forEach((row, r) => {
      if (!Array.isArray(row)) return;
      row.forEach((v, c) => {
        if (v !== null && v !== undefined) layer.set(r, c, map(v));
      });
    });
    return layer;
  }
}
