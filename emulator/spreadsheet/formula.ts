/**
 * A small Sheets formula evaluator: enough for cell formulas and for the custom formulas of
 * conditional-format rules and data validation. Values follow Sheets' rules: an empty cell is 0 in
 * arithmetic and numeric comparison and "" in text comparison; text comparison ignores case;
 * dates are serial day numbers in the spreadsheet's time zone; errors are values ("#NAME?",
 * "#DIV/0!", "#VALUE!", "#REF!", "#ERROR!" for a formula that does not parse), never exceptions.
 */
import { type A1Part, parseA1Part } from './a1';
import { dateToSerial, serialToDate, wallTime, zonedInstant } from './tz';
import { NotImplementedError } from '../support';

export class FormulaError {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

/** A cell's value inside a formula; null is a truly empty cell. */
export type Scalar = number | string | boolean | Date | FormulaError | null;

export interface RangeValue {
  kind: 'range';
  rows: Scalar[][];
}

export type Value = Scalar | RangeValue;

export interface EvalContext {
  /** Value of a cell (null when empty). `sheet` undefined: the formula's own sheet. */
  cell(sheet: string | undefined, row: number, col: number): Scalar;
  /** Grid size of a sheet, for open references such as A:A. */
  gridSize(sheet: string | undefined): { rows: number; cols: number };
  now(): Date;
  timeZone: string;
  /** Added to the relative parts of references (rules are relative to their range's top-left cell). */
  rowOffset?: number;
  colOffset?: number;
}

// ---------------------------------------------------------------- parsing

type Node =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'ref'; sheet?: string; start: A1Part; end?: A1Part }
  | { t: 'neg'; e: Node }
  | { t: 'pct'; e: Node }
  | { t: 'bin'; op: string; a: Node; b: Node }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'name'; name: string };

type Tok =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'word'; v: string }
  | { k: 'sheet'; v: string }
  | { k: 'op'; v: string };

class ParseError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ParseError('unterminated text');
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ k: 'str', v: s });
      continue;
    }
    if (ch === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ParseError('unterminated sheet name');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      if (src[i] !== '!') throw new ParseError('sheet name without !');
      i++;
      out.push({ k: 'sheet', v: s });
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && !/^\d+[A-Za-z_$]/.test(src.slice(i)) ) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$.]*/.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      if (src[i] === '!') {
        out.push({ k: 'sheet', v: word[0] });
        i++;
      } else out.push({ k: 'word', v: word[0] });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if ('=<>+-*/^&(),:%;'.includes(ch)) {
      out.push({ k: 'op', v: ch === ';' ? ',' : ch });
      i++;
      continue;
    }
    throw new ParseError(`unexpected ${ch}`);
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): Node {
    const n = this.comparison();
    if (this.i < this.toks.length) throw new ParseError('unexpected input');
    return n;
  }

  private peekOp(): string | undefined {
    const t = this.toks[this.i];
    return t && t.k === 'op' ? t.v : undefined;
  }

  private comparison(): Node {
    let a = this.concat();
    for (let op = this.peekOp(); op && ['=', '<>', '<', '<=', '>', '>='].includes(op); op = this.peekOp()) {
      this.i++;
      a = { t: 'bin', op, a, b: this.concat() };
    }
    return a;
  }

  private concat(): Node {
    let a = this.additive();
    while (this.peekOp() === '&') {
      this.i++;
      a = { t: 'bin', op: '&', a, b: this.additive() };
    }
    return a;
  }

  private additive(): Node {
    let a = this.multiplicative();
    for (let op = this.peekOp(); op === '+' || op === '-'; op = this.peekOp()) {
      this.i++;
      a = { t: 'bin', op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Node {
    let a = this.power();
    for (let op = this.peekOp(); op === '*' || op === '/'; op = this.peekOp()) {
      this.i++;
      a = { t: 'bin', op, a, b: this.power() };
    }
    return a;
  }

  private power(): Node {
    let a = this.unary();
    while (this.peekOp() === '^') {
      this.i++;
      a = { t: 'bin', op: '^', a, b: this.unary() };
    }
    return a;
  }

  private unary(): Node {
    const op = this.peekOp();
    if (op === '-') {
      this.i++;
      return { t: 'neg', e: this.unary() };
    }
    if (op === '+') {
      this.i++;
      return this.unary();
    }
    let e = this.primary();
    while (this.peekOp() === '%') {
      this.i++;
      e = { t: 'pct', e };
    }
    return e;
  }

  private primary(): Node {
    const t = this.toks[this.i++];
    if (!t) throw new ParseError('unexpected end');
    if (t.k === 'num') return { t: 'num', v: t.v };
    if (t.k === 'str') return { t: 'str', v: t.v };
    if (t.k === 'op' && t.v === '(') {
      const e = this.comparison();
      if (this.peekOp() !== ')') throw new ParseError('missing )');
      this.i++;
      return e;
    }
    if (t.k === 'sheet') {
      const w = this.toks[this.i++];
      if (!w || w.k !== 'word') throw new ParseError('reference expected after sheet name');
      const ref = this.reference(w.v, t.v);
      if (!ref) throw new ParseError('reference expected after sheet name');
      return ref;
    }
    if (t.k === 'word') {
      if (this.peekOp() === '(') {
        this.i++;
        const args: Node[] = [];
        if (this.peekOp() === ')') {
          this.i++;
        } else {
          for (;;) {
            args.push(this.comparison());
            const op = this.peekOp();
            this.i++;
            if (op === ')') break;
            if (op !== ',') throw new ParseError('expected , or )');
          }
        }
        return { t: 'call', name: t.v.toUpperCase(), args };
      }
      const up = t.v.toUpperCase();
      const ref = this.reference(t.v, undefined);
      if (ref) return ref;
      if (up === 'TRUE' || up === 'FALSE') return { t: 'bool', v: up === 'TRUE' };
      return { t: 'name', name: t.v };
    }
    throw new ParseError('unexpected token');
  }

  private reference(word: string, sheet: string | undefined): Node | null {
    const start = parseA1Part(word);
    if (this.peekOp() === ':') {
      const next = this.toks[this.i + 1];
      if (start && next && next.k === 'word') {
        const end = parseA1Part(next.v);
        if (end) {
          this.i += 2;
          return { t: 'ref', sheet, start, end };
        }
      }
    }
    if (start && start.row !== undefined && start.col !== undefined) return { t: 'ref', sheet, start };
    return null;
  }
}

const cache = new Map<string, Node | ParseError>();

/** Parses a formula ("=..." or without the "="); the result is cached per text. */
export function parseFormula(formula: string): Node | ParseError {
  let n = cache.get(formula);
  if (n === undefined) {
    const body = formula.startsWith('=') ? formula.slice(1) : formula;
    try {
      n = new Parser(tokenize(body)).parse();
    } catch (e) {
      n = e instanceof ParseError ? e : new ParseError(String(e));
    }
    if (cache.size > 5000) cache.clear();
    cache.set(formula, n);
  }
  return n;
}

/** True when the formula text parses. */
export function isValidFormula(formula: string): boolean {
  return !(parseFormula(formula) instanceof ParseError);
}

// ---------------------------------------------------------------- evaluation

const VALUE = () => new FormulaError('#VALUE!');

function isDate(v: unknown): v is Date {
  return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
}

const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function toNumber(v: Scalar, ctx: EvalContext): number | FormulaError {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof FormulaError) return v;
  if (isDate(v)) return dateToSerial(v, ctx.timeZone);
  if (v.trim() === '') return 0;
  if (NUMERIC_TEXT.test(v)) return Number(v);
  return VALUE();
}

/** Numbers as Sheets shows them in the default format. */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

function toText(v: Scalar, ctx: EvalContext): string | FormulaError {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof FormulaError) return v;
  return numberText(dateToSerial(v, ctx.timeZone));
}

function toBool(v: Scalar, ctx: EvalContext): boolean | FormulaError {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v instanceof FormulaError) return v;
  if (isDate(v)) return dateToSerial(v, ctx.timeZone) !== 0;
  const up = v.trim().toUpperCase();
  if (up === 'TRUE') return true;
  if (up === 'FALSE') return false;
  return VALUE();
}

/** Sheets' ordering: numbers < text < booleans; empty takes the other side's type. */
function compare(a: Scalar, b: Scalar, ctx: EvalContext): number | FormulaError {
  if (a instanceof FormulaError) return a;
  if (b instanceof FormulaError) return b;
  if (isDate(a)) a = dateToSerial(a, ctx.timeZone);
  if (isDate(b)) b = dateToSerial(b, ctx.timeZone);
  if (a === null && b === null) return 0;
  const blank = (other: Scalar): Scalar => (typeof other === 'number' ? 0 : typeof other === 'boolean' ? false : '');
  if (a === null) a = blank(b);
  if (b === null) b = blank(a);
  const rank = (v: Scalar) => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string') {
    const x = a.toLowerCase();
    const y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function scalar(v: Value): Scalar {
  if (v !== null && typeof v === 'object' && 'kind' in v) return v.rows[0]?.[0] ?? null;
  return v;
}

function evalRef(n: Extract<Node, { t: 'ref' }>, ctx: EvalContext): Value {
  const dr = ctx.rowOffset ?? 0;
  const dc = ctx.colOffset ?? 0;
  const shift = (p: A1Part) => ({
    row: p.row === undefined ? undefined : p.rowAbs ? p.row : p.row + dr,
    col: p.col === undefined ? undefined : p.colAbs ? p.col : p.col + dc,
  });
  const s = shift(n.start);
  if (!n.end) {
    if (s.row! < 1 || s.col! < 1) return new FormulaError('#REF!');
    return ctx.cell(n.sheet, s.row!, s.col!);
  }
  const e = shift(n.end);
  const size = ctx.gridSize(n.sheet);
  const r1 = s.row ?? 1;
  const c1 = s.col ?? 1;
  const r2 = e.row ?? size.rows;
  const c2 = e.col ?? size.cols;
  if (Math.min(r1, r2) < 1 || Math.min(c1, c2) < 1) return new FormulaError('#REF!');
  const rows: Scalar[][] = [];
  for (let r = Math.min(r1, r2); r <= Math.max(r1, r2); r++) {
    const row: Scalar[] = [];
    for (let c = Math.min(c1, c2); c <= Math.max(c1, c2); c++) row.push(ctx.cell(n.sheet, r, c));
    rows.push(row);
  }
  return { kind: 'range', rows };
}

function arith(op: string, x: number, y: number): number | FormulaError {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? new FormulaError('#DIV/0!') : x / y;
    default: {
      const r = Math.pow(x, y);
      return Number.isFinite(r) ? r : new FormulaError('#NUM!');
    }
  }
}

function evalNode(n: Node, ctx: EvalContext): Value {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'str':
      return n.v;
    case 'bool':
      return n.v;
    case 'name':
      return new FormulaError('#NAME?');
    case 'ref':
      return evalRef(n, ctx);
    case 'neg': {
      const v = toNumber(scalar(evalNode(n.e, ctx)), ctx);
      return v instanceof FormulaError ? v : -v;
    }
    case 'pct': {
      const v = toNumber(scalar(evalNode(n.e, ctx)), ctx);
      return v instanceof FormulaError ? v : v / 100;
    }
    case 'bin': {
      const a = scalar(evalNode(n.a, ctx));
      const b = scalar(evalNode(n.b, ctx));
      if (n.op === '&') {
        const x = toText(a, ctx);
        if (x instanceof FormulaError) return x;
        const y = toText(b, ctx);
        if (y instanceof FormulaError) return y;
        return x + y;
      }
      if (['+', '-', '*', '/', '^'].includes(n.op)) {
        const x = toNumber(a, ctx);
        if (x instanceof FormulaError) return x;
        const y = toNumber(b, ctx);
        if (y instanceof FormulaError) return y;
        return arith(n.op, x, y);
      }
      const c = compare(a, b, ctx);
      if (c instanceof FormulaError) return c;
      switch (n.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '<=':
          return c <= 0;
        case '>':
          return c > 0;
        default:
          return c >= 0;
      }
    }
    case 'call':
      return callFunction(n.name, n.args, ctx);
  }
}

type Fn = (args: Node[], ctx: EvalContext) => Value;

function arg(args: Node[], i: number, ctx: EvalContext): Scalar {
  return scalar(evalNode(args[i], ctx));
}

function numArg(args: Node[], i: number, ctx: EvalContext): number | FormulaError {
  return toNumber(arg(args, i, ctx), ctx);
}

function textArg(args: Node[], i: number, ctx: EvalContext): string | FormulaError {
  return toText(arg(args, i, ctx), ctx);
}

function arity(name: string, args: Node[], min: number, max: number): FormulaError | null {
  return args.length < min || args.length > max ? new FormulaError('#N/A') : null;
}

/** Values of arguments for aggregate functions: ranges give their numbers only, direct arguments are coerced. */
function numbersOf(args: Node[], ctx: EvalContext): number[] | FormulaError {
  const out: number[] = [];
  for (const a of args) {
    const v = evalNode(a, ctx);
    if (v !== null && typeof v === 'object' && 'kind' in v) {
      for (const row of v.rows)
        for (const c of row) {
          if (c instanceof FormulaError) return c;
          if (typeof c === 'number') out.push(c);
          else if (isDate(c)) out.push(dateToSerial(c, ctx.timeZone));
        }
    } else {
      const n = toNumber(v, ctx);
      if (n instanceof FormulaError) return n;
      out.push(n);
    }
  }
  return out;
}

function booleansOf(args: Node[], ctx: EvalContext): boolean[] | FormulaError {
  const out: boolean[] = [];
  for (const a of args) {
    const v = evalNode(a, ctx);
    if (v !== null && typeof v === 'object' && 'kind' in v) {
      for (const row of v.rows)
        for (const c of row) {
          if (c instanceof FormulaError) return c;
          if (typeof c === 'boolean') out.push(c);
          else if (typeof c === 'number') out.push(c !== 0);
        }
    } else {
      if (v === null) continue;
      const b = toBool(v, ctx);
      if (b instanceof FormulaError) return b;
      out.push(b);
    }
  }
  return out.length ? out : VALUE();
}

function todaySerial(ctx: EvalContext): number {
  const w = wallTime(ctx.now().getTime(), ctx.timeZone);
  return Date.UTC(w.year, w.month - 1, w.day) / 86400000 + 25569;
}

const FUNCTIONS: Record<string, Fn> = {
  AND(args, ctx) {
    const b = booleansOf(args, ctx);
    return b instanceof FormulaError ? b : b.every((x) => x);
  },
  OR(args, ctx) {
    const b = booleansOf(args, ctx);
    return b instanceof FormulaError ? b : b.some((x) => x);
  },
  NOT(args, ctx) {
    const e = arity('NOT', args, 1, 1);
    if (e) return e;
    const b = toBool(arg(args, 0, ctx), ctx);
    return b instanceof FormulaError ? b : !b;
  },
  IF(args, ctx) {
    const e = arity('IF', args, 2, 3);
    if (e) return e;
    const c = toBool(arg(args, 0, ctx), ctx);
    if (c instanceof FormulaError) return c;
    if (c) return evalNode(args[1], ctx);
    return args.length > 2 ? evalNode(args[2], ctx) : false;
  },
  IFERROR(args, ctx) {
    const e = arity('IFERROR', args, 1, 2);
    if (e) return e;
    const v = evalNode(args[0], ctx);
    if (scalar(v) instanceof FormulaError) return args.length > 1 ? evalNode(args[1], ctx) : '';
    return v;
  },
  ISBLANK(args, ctx) {
    const e = arity('ISBLANK', args, 1, 1);
    return e ?? arg(args, 0, ctx) === null;
  },
  ISNUMBER(args, ctx) {
    const e = arity('ISNUMBER', args, 1, 1);
    if (e) return e;
    const v = arg(args, 0, ctx);
    return typeof v === 'number' || isDate(v);
  },
  ISTEXT(args, ctx) {
    const e = arity('ISTEXT', args, 1, 1);
    return e ?? typeof arg(args, 0, ctx) === 'string';
  },
  ISLOGICAL(args, ctx) {
    const e = arity('ISLOGICAL', args, 1, 1);
    return e ?? typeof arg(args, 0, ctx) === 'boolean';
  },
  ISERROR(args, ctx) {
    const e = arity('ISERROR', args, 1, 1);
    return e ?? arg(args, 0, ctx) instanceof FormulaError;
  },
  N(args, ctx) {
    const e = arity('N', args, 1, 1);
    if (e) return e;
    const v = arg(args, 0, ctx);
    if (v instanceof FormulaError) return v;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (isDate(v)) return dateToSerial(v, ctx.timeZone);
    return 0;
  },
  VALUE(args, ctx) {
    const e = arity('VALUE', args, 1, 1);
    if (e) return e;
    const v = arg(args, 0, ctx);
    if (typeof v === 'boolean') return VALUE();
    return toNumber(v, ctx);
  },
  LEN(args, ctx) {
    const e = arity('LEN', args, 1, 1);
    if (e) return e;
    const t = textArg(args, 0, ctx);
    return t instanceof FormulaError ? t : t.length;
  },
  TRIM(args, ctx) {
    const e = arity('TRIM', args, 1, 1);
    if (e) return e;
    const t = textArg(args, 0, ctx);
    return t instanceof FormulaError ? t : t.trim().replace(/ {2,}/g, ' ');
  },
  UPPER(args, ctx) {
    const e = arity('UPPER', args, 1, 1);
    if (e) return e;
    const t = textArg(args, 0, ctx);
    return t instanceof FormulaError ? t : t.toUpperCase();
  },
  LOWER(args, ctx) {
    const e = arity('LOWER', args, 1, 1);
    if (e) return e;
    const t = textArg(args, 0, ctx);
    return t instanceof FormulaError ? t : t.toLowerCase();
  },
  CONCATENATE(args, ctx) {
    let s = '';
    for (let i = 0; i < args.length; i++) {
      const t = textArg(args, i, ctx);
      if (t instanceof FormulaError) return t;
      s += t;
    }
    return s;
  },
  MIN(args, ctx) {
    const ns = numbersOf(args, ctx);
    return ns instanceof FormulaError ? ns : ns.length ? Math.min(...ns) : 0;
  },
  MAX(args, ctx) {
    const ns = numbersOf(args, ctx);
    return ns instanceof FormulaError ? ns : ns.length ? Math.max(...ns) : 0;
  },
  SUM(args, ctx) {
    const ns = numbersOf(args, ctx);
    return ns instanceof FormulaError ? ns : ns.reduce((a, b) => a + b, 0);
  },
  ABS(args, ctx) {
    const e = arity('ABS', args, 1, 1);
    if (e) return e;
    const n = numArg(args, 0, ctx);
    return n instanceof FormulaError ? n : Math.abs(n);
  },
  INT(args, ctx) {
    const e = arity('INT', args, 1, 1);
    if (e) return e;
    const n = numArg(args, 0, ctx);
    return n instanceof FormulaError ? n : Math.floor(n);
  },
  ROUND(args, ctx) {
    const e = arity('ROUND', args, 1, 2);
    if (e) return e;
    const n = numArg(args, 0, ctx);
    if (n instanceof FormulaError) return n;
    const d = args.length > 1 ? numArg(args, 1, ctx) : 0;
    if (d instanceof FormulaError) return d;
    const f = Math.pow(10, Math.trunc(d));
    const r = (Math.round(Math.abs(n) * f + 1e-9) / f) * Math.sign(n);
    return r === 0 ? 0 : r;
  },
  TODAY(args, ctx) {
    const e = arity('TODAY', args, 0, 0);
    return e ?? serialToDate(todaySerial(ctx), ctx.timeZone);
  },
  NOW(args, ctx) {
    const e = arity('NOW', args, 0, 0);
    return e ?? new Date(ctx.now().getTime());
  },
  DATE(args, ctx) {
    const e = arity('DATE', args, 3, 3);
    if (e) return e;
    const y = numArg(args, 0, ctx);
    const m = numArg(args, 1, ctx);
    const d = numArg(args, 2, ctx);
    if (y instanceof FormulaError) return y;
    if (m instanceof FormulaError) return m;
    if (d instanceof FormulaError) return d;
    const utc = new Date(Date.UTC(Math.trunc(y), Math.trunc(m) - 1, Math.trunc(d)));
    return new Date(zonedInstant(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate(), 0, 0, 0, ctx.timeZone));
  },
};

function callFunction(name: string, args: Node[], ctx: EvalContext): Value {
  const fn = FUNCTIONS[name];
  // Sheets may know the function; the emulator does not: a silent #NAME? would pass for a real answer.
  if (!fn) throw new NotImplementedError(`formula function ${name}`);
  return fn(args, ctx);
}

/** Names of the functions the evaluator knows. */
export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/**
 * Evaluates a formula. The result is a cell value: number, string, boolean, Date, null (the
 * formula refers to an empty cell) or a FormulaError.
 */
export function evaluateFormula(formula: string, ctx: EvalContext): Scalar {
  const n = parseFormula(formula);
  if (n instanceof ParseError) return new FormulaError('#ERROR!');
  const v = evalNode(n, ctx);
  if (v !== null && typeof v === 'object' && 'kind' in v) {
    return v.rows.length === 1 && v.rows[0].length === 1 ? v.rows[0][0] : VALUE();
  }
  return v;
}

/** Whether a rule's custom formula holds: TRUE or a non-zero number; errors and text do not. */
export function formulaHolds(formula: string, ctx: EvalContext): boolean {
  const v = evaluateFormula(formula, ctx);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return false;
}

/** Sheets-style comparison, exported for rule criteria (NUMBER_*, TEXT_EQUAL_TO). */
export function compareValues(a: Scalar, b: Scalar, ctx: EvalContext): number | FormulaError {
  return compare(a, b, ctx);
}
