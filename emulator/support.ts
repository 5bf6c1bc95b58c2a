/**
 * Shared machinery of the emulator's services: every service object is wrapped so that
 * (1) each method call is counted as "Class.method" (and may cost clock time), and
 * (2) any method the emulator does not implement throws a clear error instead of being a silent no-op.
 */

export type CallHook = (key: string) => void;

const PASS_THROUGH = new Set<string | symbol>(['then', 'toJSON', 'constructor', 'asymmetricMatch', 'nodeType', 'inspect', '$$typeof']);

/**
 * Process CPU spent inside emulated service calls (the outermost call only when one service calls
 * another), for benchmarks: in Apps Script, service time (e.g. `getValues`) is not the script's CPU.
 * It does not include garbage collection that the emulator's copies cause later, during script code.
 */
export const serviceCpu = {
  ms: 0,
  /** Measured only once a runtime that charges script CPU (cpuTimeScale > 0) exists: reading the CPU costs time too. */
  measure: false,
};
let serviceDepth = 0;

/** True while an emulated service call is running (a call made from inside one is not the script's). */
export function insideServiceCall(): boolean {
  return serviceDepth > 0;
}

export class NotImplementedError extends Error {
  constructor(what: string) {
    super(`not implemented in the emulator: ${what}`);
    this.name = 'NotImplementedError';
  }
}

/**
 * An Apps Script enum (`Ui.ButtonSet`, `SpreadsheetApp.WrapStrategy`…) as scripts see it: a frozen object
 * of its constants, where reading a constant that does not exist throws
 * `not implemented in the emulator: ${path}.${name}` (Apps Script has no such constant, or the emulator lacks it)
 * instead of handing the script a silent `undefined`. Symbols, Object.prototype members (`toString`,
 * `hasOwnProperty`…), `then`/`toJSON` and the names test tools probe stay readable; `in`,
 * `Object.keys` and enumeration see exactly the constants.
 */
export function strictEnum<T extends Record<string, unknown>>(path: string, values: T): Readonly<T> {
  const constants = Object.freeze({ ...values });
  return new Proxy(constants, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || Object.prototype.hasOwnProperty.call(obj, prop)) return Reflect.get(obj, prop, receiver);
      if (PASS_THROUGH.has(prop) || prop in Object.prototype || prop.startsWith('@@')) return Reflect.get(obj, prop, receiver);
      throw new NotImplementedError(`${path}.${prop}`);
    },
  });
}

/** The constant of an enum by name, or undefined (for the emulator's own lookups, which must not throw). */
export function enumConstant<T>(e: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(e, name) ? e[name] : undefined;
}

/**
 * Wraps `target` (an object whose own and prototype methods implement `className`) in a proxy:
 * calls are reported to `onCall` as `${className}.${method}`; reading a property the emulator does not
 * have throws `not implemented in the emulator: ${className}.${name}` (`in` and `typeof x.y` after
 * `'y' in x` stay safe ways to ask).
 * Properties whose name starts with `_` are internal and not visible to scripts.
 */
export function service<T extends object>(className: string, target: T, onCall: CallHook): T {
  const wrapped = new WeakMap<(...args: unknown[]) => unknown, (...args: unknown[]) => unknown>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (typeof prop === 'symbol' || PASS_THROUGH.has(prop)) return Reflect.get(obj, prop, receiver);
      // Reading a member the emulator lacks throws at once, so a feature test (`if (Utilities.formatString)`)
      // or a missing enum (`SpreadsheetApp.BorderStyle.SOLID`) fails loudly instead of going another way.
      if (prop.startsWith('_') || !(prop in obj)) throw new NotImplementedError(`${className}.${prop}`);
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      let w = wrapped.get(fn);
      if (!w) {
        w = function (this: unknown, ...args: unknown[]) {
          onCall(`${className}.${prop}`);
          const outermost = serviceDepth++ === 0;
          const cpu = outermost && serviceCpu.measure ? process.cpuUsage() : null;
          let result: unknown;
          try {
            result = fn.apply(obj, args);
          } finally {
            serviceDepth--;
            if (cpu) {
              const used = process.cpuUsage(cpu);
              serviceCpu.ms += (used.user + used.system) / 1000;
            }
          }
          // Builders and setters return `this`: hand back the proxy so chained calls stay counted and strict.
          return result === obj ? receiver : result;
        };
        wrapped.set(fn, w);
      }
      return w;
    },
  });
}
