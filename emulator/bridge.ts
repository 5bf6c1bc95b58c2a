/**
 * google.script.run's rules for values crossing between a page and the script: primitives, arrays
 * and plain objects only. A Date anywhere (of any realm) in the arguments, a function, a class instance or
 * a DOM-like object fails the call (a Date in a result makes the whole result null); undefined in an array
 * becomes null; undefined object properties are dropped.
 */

export class IllegalValueError extends Error {
  constructor(path: string) {
    super(`Failed due to illegal value in property: ${path}`);
    this.name = 'Error';
  }
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  if (proto === null) return true;
  // Object.prototype of any realm: its own prototype is null and its constructor is named Object.
  return Object.getPrototypeOf(proto) === null && typeof proto.constructor === 'function' && proto.constructor.name === 'Object';
}

/**
 * Checks a value and returns the copy the other side receives. `path` names the property in error
 * messages ("0" for the first argument, "0.items.2" nested).
 */
export function browserCopy(value: unknown, path: string, seen: Set<object> = new Set()): unknown {
  if (value === null || value === undefined) return value === undefined ? undefined : null;
  const t = typeof value;
  if (t === 'string' || t === 'boolean') return value;
  if (t === 'number') return Number.isFinite(value as number) ? value : null;
  if (t === 'function' || t === 'symbol' || t === 'bigint') throw new IllegalValueError(path);
  const obj = value as object;
  const tag = Object.prototype.toString.call(obj);
  if (tag === '[object Date]') throw new IllegalValueError(path);
  if (seen.has(obj)) throw new IllegalValueError(path);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return obj.map((item, i) => {
        const c = browserCopy(item, path === '' ? String(i) : `${path}.${i}`, seen);
        return c === undefined ? null : c;
      });
    }
    if (!isPlainObject(obj) || typeof (obj as { nodeType?: unknown }).nodeType === 'number') throw new IllegalValueError(path);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      const c = browserCopy((obj as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, seen);
      if (c !== undefined) out[key] = c;
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** Checks and copies the argument list of a google.script.run call. */
export function browserArgs(args: unknown[]): unknown[] {
  return args.map((a, i) => {
    const c = browserCopy(a, String(i));
    return c === undefined ? null : c;
  });
}

function containsDate(v: unknown, seen: Set<object> = new Set()): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Object.prototype.toString.call(v) === '[object Date]') return true;
  if (seen.has(v)) return false;
  seen.add(v);
  return Object.keys(v).some((k) => containsDate((v as Record<string, unknown>)[k], seen));
}

/**
 * Checks and copies a result on its way back to the page (an undefined result stays undefined). A Date
 * anywhere in it does not fail the call: the page's success handler gets null instead of the whole result.
 */
export function browserResult(result: unknown): unknown {
  if (containsDate(result)) return null;
  return browserCopy(result, 'return value');
}

/** Why a function cannot be called from a page, or null when it can. */
export function browserRefusal(name: string, functionNames: readonly string[]): string | null {
  if (typeof name !== 'string' || name === '') return 'Script function not found: ' + String(name);
  if (name.endsWith('_')) return `Script function not found: ${name} (functions ending in "_" are private and cannot be called from a page)`;
  if (!functionNames.includes(name)) return `Script function not found: ${name}`;
  return null;
}
