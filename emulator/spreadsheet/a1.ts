/**
 * A1 notation: column letters, cell and range references as Sheets writes them
 * (A1, A1:B2, A:A, 2:2, A2:B, Sheet!A1, 'My sheet'!A1:B, $-anchored parts).
 */

export const MAX_COLUMNS = 18278; // ZZZ

export function columnToLetters(column: number): string {
  if (!Number.isInteger(column) || column < 1) throw new Error(`Invalid column number: ${column}`);
  let n = column;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  const up = letters.toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(up)) throw new Error(`Invalid column letters: ${letters}`);
  let n = 0;
  for (let i = 0; i < up.length; i++) n = n * 26 + (up.charCodeAt(i) - 64);
  return n;
}

/** One end of a range reference; a missing row or column means "the whole row/column". */
export interface A1Part {
  row?: number;
  col?: number;
  rowAbs: boolean;
  colAbs: boolean;
}

export interface A1Ref {
  sheet?: string;
  start: A1Part;
  /** Absent for a single cell. */
  end?: A1Part;
}

const PART = /^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$/;

export function parseA1Part(text: string): A1Part | null {
  const m = PART.exec(text);
  if (!m) return null;
  const [, colDollar, letters, rowDollar, digits] = m;
  if (!letters && !digits) return null;
  if (!letters && colDollar) return null;
  const part: A1Part = { rowAbs: !!rowDollar && !!digits, colAbs: !!colDollar && !!letters };
  if (!letters && rowDollar && !digits) return null;
  if (letters) part.col = lettersToColumn(letters);
  if (digits) {
    const row = Number(digits);
    if (row < 1) return null;
    part.row = row;
  }
  return part;
}

/** Splits "Sheet!A1" / "'My sheet'!A1" into sheet name and the rest. */
export function splitSheet(text: string): { sheet?: string; rest: string } {
  const t = text.trim();
  if (t.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < t.length) {
      if (t[i] === "'") {
        if (t[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += t[i];
      i++;
    }
    if (t[i] !== "'" || t[i + 1] !== '!') throw new Error(`Range not found: ${text}`);
    return { sheet: name, rest: t.slice(i + 2) };
  }
  const bang = t.lastIndexOf('!');
  if (bang >= 0) return { sheet: t.slice(0, bang), rest: t.slice(bang + 1) };
  return { rest: t };
}

/** Parses an A1 reference; throws "Range not found" (as Sheets does) when it is not one. */
export function parseA1(text: string): A1Ref {
  const { sheet, rest } = splitSheet(String(text));
  const pieces = rest.split(':');
  if (pieces.length > 2 || rest === '') throw new Error(`Range not found`);
  const start = parseA1Part(pieces[0]);
  if (!start) throw new Error(`Range not found`);
  const ref: A1Ref = { start };
  if (sheet !== undefined) ref.sheet = sheet;
  if (pieces.length === 2) {
    const end = parseA1Part(pieces[1]);
    if (!end) throw new Error(`Range not found`);
    // A:A and 2:2 need both sides of the same shape; A1:B (open end) is allowed.
    if (start.col === undefined && end.col !== undefined && end.row === undefined) throw new Error(`Range not found`);
    if (start.row === undefined && end.row !== undefined && end.col === undefined) throw new Error(`Range not found`);
    ref.end = end;
  } else if (start.row === undefined || start.col === undefined) {
    throw new Error(`Range not found`);
  }
  return ref;
}

export interface GridRange {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
  /** Whole columns ("A:B") or whole rows ("2:3"), as written: getA1Notation keeps the open form. */
  open?: 'cols' | 'rows';
}

/** Resolves a parsed reference to a rectangle; open sides extend to the sheet's grid size. */
export function resolveA1(ref: A1Ref, maxRows: number, maxCols: number): GridRange {
  const s = ref.start;
  const e = ref.end ?? ref.start;
  const r1 = s.row ?? 1;
  const c1 = s.col ?? 1;
  const r2 = e.row ?? (s.row !== undefined && e.col === undefined ? s.row : maxRows);
  const c2 = e.col ?? (s.col !== undefined && e.row === undefined ? s.col : maxCols);
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  const g: GridRange = { row, col, numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
  if (ref.end && s.row === undefined && e.row === undefined) g.open = 'cols';
  else if (ref.end && s.col === undefined && e.col === undefined) g.open = 'rows';
  return g;
}

export function cellA1(row: number, col: number): string {
  return `${columnToLetters(col)}${row}`;
}

export function rangeA1(r: GridRange): string {
  if (r.open === 'cols') return `${columnToLetters(r.col)}:${columnToLetters(r.col + r.numCols - 1)}`;
  if (r.open === 'rows') return `${r.row}:${r.row + r.numRows - 1}`;
  const a = cellA1(r.row, r.col);
  if (r.numRows === 1 && r.numCols === 1) return a;
  return `${a}:${cellA1(r.row + r.numRows - 1, r.col + r.numCols - 1)}`;
}

/** Quotes a sheet name when Sheets would ("My sheet" -> 'My sheet'). */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
