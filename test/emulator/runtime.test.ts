/** The emulator runtime: the script's world, executions, the clock, counting and the time limit. */
import { createEmulator, type Emulator } from '../../emulator';

// Exact clock times: the script's own CPU does not move the clock unless a test asks for it.
const emu = (source: string, options: Parameters<typeof createEmulator>[0] = {}): Emulator =>
  createEmulator({ bundleSource: source, cpuTimeScale: 0, ...options });

describe('loading the bundle', () => {
  test('the script sees Apps Script services and built-ins only, nothing from Node', () => {
    const e = emu(`function globals() {
      return [typeof require, typeof process, typeof setTimeout, typeof Buffer, typeof fetch, typeof module, typeof GmailApp,
        typeof SpreadsheetApp, typeof ScriptApp, typeof PropertiesService, typeof CacheService, typeof LockService, typeof MailApp,
        typeof UrlFetchApp, typeof Session, typeof Utilities, typeof HtmlService, typeof Logger, typeof console, typeof JSON, typeof Map];
    }`);
    expect(e.run('globals')).toEqual([
      'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined',
      'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'object', 'function',
    ]);
  });

  test('functionNames lists the top-level functions, including ones assigned to globalThis', () => {
    const e = emu(`var helper = 1; function a() {} function b_() {} globalThis.c = function () {};`);
    expect(e.functionNames.sort()).toEqual(['a', 'b_', 'c']);
  });

  test('a bundle with import/export does not load', () => {
    expect(() => emu(`export function a() {}`)).toThrow();
  });

  test('running an unknown function fails like Apps Script', () => {
    const e = emu(`function a() {}`);
    expect(() => e.run('nope')).toThrow('Script function not found: nope');
    expect(e.executions[0].error).toBe('Script function not found: nope');
  });
});

describe('the clock', () => {
  test('new Date() and Date.now() inside the script are the emulated clock', () => {
    const e = emu(`function now() { return [new Date().toISOString(), Date.now(), new Date(0).getTime(), Date.UTC(2020, 0, 1), typeof Date()]; }`, {
      now: '2026-05-01T10:00:00Z',
    });
    expect(e.run('now')).toEqual(['2026-05-01T10:00:00.000Z', Date.parse('2026-05-01T10:00:00Z'), 0, Date.UTC(2020, 0, 1), 'string']);
    e.clock.advance(60_000);
    expect((e.run('now') as unknown[])[0]).toBe('2026-05-01T10:01:00.000Z');
    expect(e.clock.now().toISOString()).toBe('2026-05-01T10:01:00.000Z');
  });

  test('Dates made by the script are ordinary Dates on both sides', () => {
    const e = emu(`function d() { var x = new Date(2026, 0, 2); return [x instanceof Date, x]; }`);
    const [inside, d] = e.run('d') as [boolean, Date];
    expect(inside).toBe(true);
    expect(Object.prototype.toString.call(d)).toBe('[object Date]');
    expect(d instanceof Date).toBe(true);
  });

  test('Utilities.sleep lets clock time pass', () => {
    const e = emu(`function nap() { var a = Date.now(); Utilities.sleep(1500); return Date.now() - a; }`);
    expect(e.run('nap')).toBe(1500);
  });
});

describe('executions', () => {
  test('console.* and Logger.log lines are recorded per execution', () => {
    const e = emu(`function talk(x) { console.log('one', x); console.warn({ k: 1 }); Logger.log('three %s and %s', 3, 'x'); }`);
    e.run('talk', 7);
    expect(e.executions).toHaveLength(1);
    expect(e.executions[0]).toMatchObject({ functionName: 'talk', via: 'direct', logs: ['one 7', '{"k":1}', 'three 3 and x'] });
  });

  test('a thrown error fails the run and is recorded', () => {
    const e = emu(`function boom() { throw new Error('bad input'); }`);
    expect(() => e.run('boom')).toThrow('bad input');
    expect(e.executions[0].error).toBe('bad input');
  });

  test('every service call is counted per method; resetCalls starts over', () => {
    const e = emu(`function work() { var p = PropertiesService.getScriptProperties(); p.setProperty('a', '1'); p.getProperty('a'); p.getProperty('b'); Utilities.getUuid(); }`);
    e.run('work');
    expect(e.calls()).toEqual({
      'PropertiesService.getScriptProperties': 1,
      'Properties.setProperty': 1,
      'Properties.getProperty': 2,
      'Utilities.getUuid': 1,
    });
    expect(e.callCount('Properties.')).toBe(3);
    expect(e.callCount()).toBe(5);
    e.resetCalls();
    expect(e.callCount()).toBe(0);
  });

  test('service calls cost clock time and the 6-minute limit ends the execution', () => {
    const e = emu(
      `function longJob() { var p = PropertiesService.getScriptProperties(); for (var i = 0; i < 1000; i++) p.setProperty('n', String(i)); }
       function swallow() { var p = PropertiesService.getScriptProperties(); try { for (var i = 0; i < 1000; i++) p.setProperty('n', String(i)); } catch (err) {} return 'finished'; }
       function shortJob() { PropertiesService.getScriptProperties().getProperty('n'); return 'ok'; }`,
      { callCostMs: { 'Properties.setProperty': 1000 } },
    );
    expect(() => e.run('longJob')).toThrow('Exceeded maximum execution time');
    expect(e.executions[0].error).toBe('Exceeded maximum execution time');
    // 360 calls fit in 6 minutes; the 361st passes the limit.
    expect(e.scriptProperties().n).toBe('359');
    // Catching the error does not save the execution.
    expect(() => e.run('swallow')).toThrow('Exceeded maximum execution time');
    // Each execution has its own budget.
    expect(e.run('shortJob')).toBe('ok');
  });

  test('a single cost for every call', () => {
    const e = emu(`function f() { var s = Date.now(); Session.getScriptTimeZone(); Session.getScriptTimeZone(); return Date.now() - s; }`, { callCostMs: 250 });
    expect(e.run('f')).toBe(500);
  });

  test('methods the emulator does not implement throw instead of doing nothing', () => {
    const e = emu(`function f() { return Session.getActiveUserLocale() && ScriptApp.getOAuthToken(); }
                   function g() { Utilities.zip([]); }`);
    expect(() => e.run('f')).toThrow('not implemented in the emulator: ScriptApp.getOAuthToken');
    expect(() => e.run('g')).toThrow('not implemented in the emulator: Utilities.zip');
  });
});

describe('Session', () => {
  test('users and the script time zone', () => {
    const e = emu(`function who() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), Session.getScriptTimeZone(), Session.getTemporaryActiveUserKey().length > 10]; }`, {
      activeUserEmail: 'agent@example.com',
      effectiveUserEmail: 'owner@example.com',
      scriptTimeZone: 'Europe/Berlin',
    });
    expect(e.run('who')).toEqual(['agent@example.com', 'owner@example.com', 'Europe/Berlin', true]);
    e.setActiveUser('');
    expect((e.run('who') as unknown[])[0]).toBe('');
  });
});

describe('planned stops (stopAtCall)', () => {
  const source = `function work() {
    const p = PropertiesService.getDocumentProperties();
    try {
      p.setProperty('a', '1');
      MailApp.sendEmail('x@example.com', 's', 'b');
      p.setProperty('b', '2');
    } catch (e) {
      p.setProperty('caught', String(e));
    }
    return 'done';
  }`;

  test('each execution records its service calls; the k-th call of a stopped one never happens, nor anything after it', () => {
    const e = emu(source);
    expect(e.run('work')).toBe('done');
    expect(e.executions.at(-1)!.calls).toBe(4);
    const f = emu(source);
    f.stopAtCall(3, 'work');
    expect(() => f.run('work')).toThrow('Exceeded maximum execution time');
    expect(f.outbox).toHaveLength(0); // the 3rd call (the send) did not happen
    expect(f.documentProperties()).toEqual({ a: '1' }); // and the script could not go on after catching it
    expect(f.executions.at(-1)!.error).toBe('Exceeded maximum execution time');
  });

  test('a stop is used by the next execution of that function only; one with fewer calls ends normally', () => {
    const e = emu(`${source} function other() { return PropertiesService.getDocumentProperties().getProperty('a'); }`);
    e.stopAtCall(2, 'work');
    e.stopAtCall(99, 'work');
    expect(e.run('other')).toBeNull();
    expect(() => e.run('work')).toThrow('Exceeded maximum execution time');
    expect(e.run('work')).toBe('done');
    expect(e.run('work')).toBe('done');
    expect(e.outbox).toHaveLength(2);
  });
});
