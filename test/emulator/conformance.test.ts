/**
 * Where Apps Script fails, the emulator fails the same way. Each test cites the reference page it
 * follows; docs/conformance.gs runs the same checks against the real service.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createEmulator, type Emulator } from '../../emulator';

// Exact clock times: the script's own CPU does not move the clock unless a test asks for it.
const emu = (source: string, options: Parameters<typeof createEmulator>[0] = {}): Emulator =>
  createEmulator({ bundleSource: source, cpuTimeScale: 0, ...options });

describe('the grid', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#getRange(Integer,Integer,Integer,Integer)
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#insertRowsAfter(Integer,Integer)
  // https://developers.google.com/apps-script/reference/spreadsheet/sheet#appendRow(Object)
  test('a range must lie inside the grid; only inserted rows, columns and appendRow change it', () => {
    const e = emu(`function grid() {
      var sh = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Log');
      var out = [sh.getMaxRows(), sh.getMaxColumns()];
      function fails(f) { try { f(); return 'ok'; } catch (err) { return String(err.message); } }
      out.push(fails(function () { sh.getRange(1000, 26).setValue('last cell'); }));
      out.push(fails(function () { sh.getRange(1001, 1).setValue('x'); }));
      out.push(fails(function () { sh.getRange(999, 1, 5, 1); }));
      out.push(fails(function () { sh.getRange(1, 27); }));
      out.push(fails(function () { sh.getRange('A1:A1001'); }));
      out.push(fails(function () { sh.getRange(1, 1).offset(1000, 0); }));
      sh.insertRowsAfter(sh.getMaxRows(), 5);
      out.push(sh.getMaxRows(), fails(function () { sh.getRange(1005, 1).setValue('x'); }));
      sh.deleteRows(2, 10);
      out.push(sh.getMaxRows(), sh.getLastRow());
      sh.insertColumnsAfter(26, 2);
      out.push(sh.getMaxColumns(), fails(function () { sh.getRange(1, 28).setValue('x'); }));
      sh.deleteColumns(2, 1);
      out.push(sh.getMaxColumns());
      sh.appendRow(['appended']);
      out.push(sh.getMaxRows(), sh.getLastRow());
      return out;
    }`);
    expect(e.run('grid')).toEqual([
      1000, 26,
      'ok',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      'The coordinates of the range are outside the dimensions of the sheet.',
      1005, 'ok',
      995, 995,
      28, 'ok',
      27,
      // the last row (995) holds data, so appendRow adds a row
      996, 996,
    ]);
  });

  test('a workbook file gets a grid at least its data size; a person pasting below the grid adds rows', () => {
    const values = Array.from({ length: 1500 }, (_, i) => [`row ${i + 1}`]);
    const e = emu(`function size() { var sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Big'); return [sh.getMaxRows(), sh.getMaxColumns(), sh.getLastRow()]; }`, {
      workbook: { name: 'Shop', timeZone: 'UTC', sheets: [{ name: 'Big', values }, { name: 'Small', values: [['a']], maxRows: 10 }] },
    });
    expect(e.run('size')).toEqual([1500, 26, 1500]);
    e.user.setValues('Small', 'A10:A12', [['x'], ['y'], ['z']]);
    expect(e.values('Small')!.length).toBe(12);
  });
});

describe('cell size', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
  // https://support.google.com/docs/answer/37603 (a cell holds at most 50,000 characters)
  test('a write longer than 50,000 characters in one cell throws and writes nothing', () => {
    const e = emu(`function big() {
      var sh = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      function fails(f) { try { f(); return 'ok'; } catch (err) { return String(err.message); } }
      var limit = new Array(50001).join('x');
      return [
        fails(function () { sh.getRange(1, 1).setValue(limit); }),
        sh.getRange(1, 1).getValue().length,
        fails(function () { sh.getRange(2, 1, 1, 2).setValues([['small', limit + 'y']]); }),
        sh.getRange(2, 1).getValue(),
        fails(function () { sh.appendRow([limit + 'y']); }),
        fails(function () { sh.getRange(3, 1).setValue(limit + 'y'); }),
        sh.getLastRow(),
      ];
    }`);
    const refused = 'Your input contains more than the maximum of 50000 characters in a single cell.';
    expect(e.run('big')).toEqual(['ok', 50000, refused, '', refused, refused, 1]);
    expect(() => e.user.setValue('Sheet1', 'B5', 'z'.repeat(50001))).toThrow(refused);
  });
});

describe('mail quota', () => {
  // https://developers.google.com/apps-script/guides/services/quotas ("Quotas are per user and reset 24 hours after the first request")
  // https://developers.google.com/apps-script/reference/mail/mail-app#getRemainingDailyQuota()
  test('each person has their own pool, reset 24 hours after their first send in the window, not at midnight', () => {
    const e = emu(`function send(n) { for (var i = 0; i < n; i++) MailApp.sendEmail('c' + i + '@example.com', 'S', 'B'); return MailApp.getRemainingDailyQuota(); }
      function quota() { return MailApp.getRemainingDailyQuota(); }`, { mailQuota: 10, now: '2026-03-02T14:00:00Z' });
    e.setActiveUser('ann@example.com');
    expect(e.run('send', 6)).toBe(4);
    e.clock.advanceTo('2026-03-02T20:00:00Z');
    expect(e.run('send', 4)).toBe(0);
    e.setActiveUser('bob@example.com');
    expect(e.run('quota')).toBe(10);
    expect(e.run('send', 3)).toBe(7);
    // Midnight in the script's zone changes nothing.
    e.clock.advanceTo('2026-03-03T06:00:00Z');
    expect(e.mailQuotaRemaining('ann@example.com')).toBe(0);
    e.setActiveUser('ann@example.com');
    expect(() => e.run('send', 1)).toThrow('Service invoked too many times for one day: email.');
    // 24 hours after Ann's first send her whole window resets; Bob's runs until 20:00.
    e.clock.advanceTo('2026-03-03T14:00:00Z');
    expect(e.run('quota')).toBe(10);
    expect(e.mailQuotaRemaining('bob@example.com')).toBe(7);
    e.clock.advanceTo('2026-03-03T20:00:00Z');
    expect(e.mailQuotaRemaining('bob@example.com')).toBe(10);
  });
});

describe('script time', () => {
  // https://developers.google.com/apps-script/guides/services/quotas (Script runtime: 6 min / execution)
  const busy = `function work(n) { var x = 0; for (var i = 0; i < n; i++) x = (x + i * 7) % 1000003; return x; }
    function measure(n) { var a = Date.now(); work(n); return Date.now() - a; }
    function spinThenCall(n) { work(n); SpreadsheetApp.getActiveSpreadsheet().getName(); return 'finished'; }
    function spinOnly(n) { work(n); return 'finished'; }`;

  test("the script's own work moves the clock, scaled by cpuTimeScale (0: the clock stands still)", () => {
    expect(emu(busy).run('measure', 3_000_000)).toBe(0);
    const e = emu(busy, { cpuTimeScale: 1000 });
    const before = e.clock.now().getTime();
    expect(e.run('measure', 3_000_000) as number).toBeGreaterThan(0);
    expect(e.executions[0].endedAt.getTime()).toBeGreaterThan(before);
  });

  test('script work past 6 minutes ends the execution, at the next service call or when it returns', () => {
    const e = emu(busy, { cpuTimeScale: 1_000_000 });
    expect(() => e.run('spinThenCall', 3_000_000)).toThrow('Exceeded maximum execution time');
    expect(() => e.run('spinOnly', 3_000_000)).toThrow('Exceeded maximum execution time');
    expect(e.executions.map((x) => x.error)).toEqual(['Exceeded maximum execution time', 'Exceeded maximum execution time']);
  });
});

describe('typed values', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setValues(Object)
  // https://developers.google.com/apps-script/reference/spreadsheet/range#setNumberFormat(String) ("@" is plain text)
  // https://support.google.com/docs/answer/58515 (date and number formats, locale en_US)
  test('text written by setValues is read as a person typing it (en_US), unless the cell is plain text', () => {
    const e = emu(`function typed(texts) {
      var sh = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      var col = texts.map(function (t) { return [t]; });
      sh.getRange(1, 1, texts.length, 1).setValues(col);
      sh.getRange(1, 2, texts.length, 1).setNumberFormat('@').setValues(col);
      return sh.getRange(1, 1, texts.length, 2).getValues().map(function (r) {
        return r.map(function (v) { return v instanceof Date ? 'date ' + Utilities.formatDate(v, 'America/New_York', 'yyyy-MM-dd') : typeof v + ' ' + v; });
      });
    }`, { now: '2026-06-01T14:00:00Z', workbook: { name: 'Shop', timeZone: 'America/New_York', sheets: [{ name: 'Sheet1', values: [] }] } });
    const texts = ['$2.99', '-$1,234.50', '1,234', '12%', 'March 15, 2026', 'Mar 15 2026', '15-Mar-2026', '2026/03/15', '2026-03-15', '3/15/2026', '3/15', 'TRUE', 'Black Friday Roast', 'SKU-3/15', '3, 10', '$', 'Marchpane'];
    const got = e.run('typed', texts) as string[][];
    expect(got.map((r) => r[0])).toEqual([
      'number 2.99', 'number -1234.5', 'number 1234', 'number 0.12',
      'date 2026-03-15', 'date 2026-03-15', 'date 2026-03-15', 'date 2026-03-15', 'date 2026-03-15', 'date 2026-03-15',
      'date 2026-03-15', // "3/15": the current year
      'boolean true', 'string Black Friday Roast', 'string SKU-3/15', 'string 3, 10', 'string $', 'string Marchpane',
    ]);
    expect(got.map((r) => r[1])).toEqual(texts.map((t) => `string ${t}`));
  });

  // https://developers.google.com/apps-script/reference/spreadsheet/range#getValues() (date cells are Date objects)
  test('the number format decides whether a number reads back as a Date', () => {
    const e = emu(`function formats() {
      var sh = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      sh.getRange('A1').setValue(46096).setNumberFormat('yyyy-mm-dd');
      sh.getRange('A2').setValue(new Date(Date.UTC(2026, 2, 15, 4))).setNumberFormat('0.00');
      sh.getRange('A3').setValue(46096);
      var v = sh.getRange('A1:A3').getValues();
      return [v[0][0] instanceof Date ? Utilities.formatDate(v[0][0], 'UTC', 'yyyy-MM-dd') : v[0][0], v[1][0], v[2][0]];
    }`, { workbook: { name: 'Shop', timeZone: 'UTC', sheets: [{ name: 'Sheet1', values: [] }] } });
    const [date, serial, plain] = e.run('formats') as [string, number, number];
    expect([date, plain]).toEqual(['2026-03-15', 46096]);
    expect(serial).toBeCloseTo(46096 + 4 / 24, 9);
  });
});

describe('executions', () => {
  // https://developers.google.com/apps-script/guides/properties ("the script's state... each execution" - use Properties or Cache to keep state)
  // https://developers.google.com/apps-script/guides/v8-runtime (each execution loads the project's files)
  test('each execution loads the project afresh: module variables, globals and built-in changes do not survive', () => {
    const e = emu(`var counter = 0; var memo = {};
      function bump() {
        counter++; memo.x = (memo.x || 0) + 1; globalThis.leaked = (globalThis.leaked || 0) + 1;
        var patched = typeof Array.prototype.extra; Array.prototype.extra = 1;
        return [counter, memo.x, globalThis.leaked, patched];
      }
      function keep() { PropertiesService.getScriptProperties().setProperty('n', String(Number(PropertiesService.getScriptProperties().getProperty('n') || 0) + 1)); return PropertiesService.getScriptProperties().getProperty('n'); }`);
    expect(e.run('bump')).toEqual([1, 1, 1, 'undefined']);
    expect(e.run('bump')).toEqual([1, 1, 1, 'undefined']);
    expect(e.runFromBrowser('bump')).toEqual([1, 1, 1, 'undefined']);
    // What must survive goes through Properties.
    expect([e.run('keep'), e.run('keep')]).toEqual(['1', '2']);
  });
});

describe('who runs the script', () => {
  // https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()
  // ("in a menu-run script ... the effective user is the same as the active user")
  test('by default the person running a function is both active and effective user; a hidden address is still someone', () => {
    const src = `function who() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail()]; }`;
    expect(emu(src).run('who')).toEqual(['manager@example.com', 'manager@example.com']);
    expect(emu(src, { activeUserEmail: 'clerk@example.com' }).run('who')).toEqual(['clerk@example.com', 'clerk@example.com']);
    expect(emu(src, { activeUserEmail: '' }).run('who')).toEqual(['', 'owner@example.com']);
    expect(emu(src, { effectiveUserEmail: 'owner@example.com' }).run('who')).toEqual(['manager@example.com', 'owner@example.com']);
  });
});

describe('what the emulator does not implement', () => {
  // https://developers.google.com/apps-script/reference/spreadsheet/border-style
  // https://developers.google.com/apps-script/reference/utilities/utilities#formatString(String,Object...)
  // https://support.google.com/docs/table/25273 (Sheets functions: one the emulator lacks must not read as #NAME?)
  test('a missing enum, a feature test on a missing member and a formula function the emulator lacks all fail loudly', () => {
    const e = emu(`function border() { return String(SpreadsheetApp.BorderStyle.SOLID); }
      function feature() { if (Utilities.formatString) return 'took the formatString branch'; return 'fallback'; }
      function asked() { return ['formatString' in Utilities, 'formatDate' in Utilities, typeof Utilities.formatDate]; }
      function formula() { var r = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1'); r.setFormula('=XLOOKUP(1, B1:B2, C1:C2)'); return r.getValue(); }`);
    expect(() => e.run('border')).toThrow('not implemented in the emulator: SpreadsheetApp.BorderStyle');
    expect(() => e.run('feature')).toThrow('not implemented in the emulator: Utilities.formatString');
    expect(e.run('asked')).toEqual([false, true, 'function']);
    expect(() => e.run('formula')).toThrow('not implemented in the emulator: formula function XLOOKUP');
  });
});

describe('smaller behaviours', () => {
  // https://developers.google.com/apps-script/reference/utilities/utilities#parseCsv(String,Char)
  test('Utilities.parseCsv: quoted commas, doubled quotes and newlines; everything is text; a delimiter', () => {
    const e = emu(`function csv(text, d) { return d === undefined ? Utilities.parseCsv(text) : Utilities.parseCsv(text, d); }`);
    expect(e.run('csv', 'SKU,Qty,Note\r\nA-1,3,"big, red"\nB-2,007,"say ""hi""\nnext line"\n')).toEqual([
      ['SKU', 'Qty', 'Note'],
      ['A-1', '3', 'big, red'],
      ['B-2', '007', 'say "hi"\nnext line'],
    ]);
    expect(e.run('csv', 'a;b;;\n;', ';')).toEqual([['a', 'b', '', ''], ['', '']]);
    expect(e.run('csv', '')).toEqual([]);
  });

  // https://developers.google.com/apps-script/reference/spreadsheet/range#getA1Notation()
  test('A:A and 2:3 stay open ranges in A1 notation', () => {
    const e = emu(`function a1() { var sh = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      return [sh.getRange('A:A').getA1Notation(), sh.getRange('B:C').getNumRows(), sh.getRange('2:3').getA1Notation(), sh.getRange('A2:B').getA1Notation()]; }`);
    expect(e.run('a1')).toEqual(['A:A', 1000, '2:3', 'A2:B1000']);
  });

  // https://developers.google.com/apps-script/reference/lock/lock#hasLock()
  test('hasLock() belongs to the execution: another lock object of the same kind sees it; the next execution does not', () => {
    const e = emu(`function take() { LockService.getScriptLock().tryLock(1000); return LockService.getScriptLock().hasLock(); }
      function has() { return LockService.getScriptLock().hasLock(); }`);
    expect(e.run('take')).toBe(true);
    expect(e.run('has')).toBe(false);
  });
});

describe('pages', () => {
  // https://developers.google.com/apps-script/guides/html/templates#printing_scriptlets (contextual escaping)
  test('<?= ?> escapes for HTML in the page and gives a JavaScript literal inside <script>', () => {
    const e = emu(`function page() {
      var t = HtmlService.createTemplate('<p><?= name ?></p><script>var who = <?= name ?>; var list = <?= list ?>;</script><b><?= name ?></b>');
      t.name = '</script><img src=x onerror=alert(1)> "Ann"';
      t.list = [1, 'two'];
      return t.evaluate().getContent();
    }`);
    expect(e.run('page')).toBe(
      '<p>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Ann&quot;</p>' +
        '<script>var who = "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e \\"Ann\\""; var list = [1,"two"];</script>' +
        '<b>&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Ann&quot;</b>',
    );
  });

  // https://developers.google.com/apps-script/guides/html/communication#parameters_and_return_values
  test('a Date anywhere in a google.script.run result reaches the page as null', () => {
    const e = emu(`function withDate() { return { rows: [{ sku: 'A-1', when: new Date() }] }; } function plain() { return { rows: [{ sku: 'A-1' }] }; }`);
    expect(e.runFromBrowser('withDate')).toBeNull();
    expect(e.runFromBrowser('plain')).toEqual({ rows: [{ sku: 'A-1' }] });
  });
});

describe('docs/conformance.gs', () => {
  // The checks a person runs against the real service (README: "Checking the emulator against Apps Script").
  test('every check passes in the emulator', () => {
    const source = readFileSync(resolve(__dirname, '../../docs/conformance.gs'), 'utf8');
    const e = emu(source, { now: '2026-06-01T14:00:00Z' });
    const results = e.run('runConformanceChecks') as Array<{ name: string; ok: boolean; expected: unknown; actual: unknown }>;
    expect(results.length).toBeGreaterThan(40);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(e.executions[0].logs.at(-1)).toBe(`${results.length} of ${results.length} checks passed.`);
    // A second run: module variables start again from zero.
    expect((e.run('runConformanceChecks') as Array<{ ok: boolean }>).every((r) => r.ok)).toBe(true);
    expect(e.workbook().sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });
});

describe('cache', () => {
  // https://developers.google.com/apps-script/reference/cache/cache (at most 1,000 items; entries may be evicted before they expire)
  test('a cache holds 1,000 items (a new one pushes out the oldest) and may lose everything early', () => {
    const e = emu(`function fill(n) { var c = CacheService.getScriptCache(); for (var i = 0; i < n; i++) c.put('k' + i, String(i), 3600); }
      function read(keys) { return CacheService.getScriptCache().getAll(keys); }`);
    e.run('fill', 1001);
    expect(e.run('read', ['k0', 'k1', 'k1000'])).toEqual({ k1: '1', k1000: '1000' });
    e.evictCaches();
    expect(e.run('read', ['k1', 'k1000'])).toEqual({});
  });
});

describe('daily triggers', () => {
  // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#atHour(Integer)
  // ("The trigger runs ... within the hour"; the exact minute is chosen by the platform)
  test('a daily trigger fires somewhere in its hour, not at the same minute every day, and the same way on every run of the test', () => {
    const src = `function install() { ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(9).create(); } function daily() {}`;
    const times = () => {
      const e = emu(src, { now: '2026-03-02T12:00:00Z', scriptTimeZone: 'America/New_York' });
      e.run('install');
      e.clock.advance(10 * 86_400_000);
      return e.executions.filter((x) => x.functionName === 'daily').map((x) => x.startedAt);
    };
    const first = times();
    expect(first).toHaveLength(10);
    const local = first.map((d) => new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).format(d));
    for (const t of local) expect(t).toMatch(/^09:[0-5]\d$/);
    expect(new Set(local).size).toBeGreaterThan(1);
    expect(times()).toEqual(first);
  });
});

describe('one-off triggers', () => {
  // https://developers.google.com/apps-script/reference/script/clock-trigger-builder#after(Integer)
  // ("the minimum duration ... after which the trigger runs")
  test('after(ms) runs no earlier than asked, and not always exactly on time', () => {
    const e = emu(`function install() { for (var i = 0; i < 8; i++) ScriptApp.newTrigger('later').timeBased().after(60000).create(); } function later() {}`, { now: '2026-03-02T12:00:00Z' });
    e.run('install');
    e.clock.advance(10 * 60_000);
    const late = e.executions.filter((x) => x.functionName === 'later').map((x) => x.startedAt.getTime() - Date.parse('2026-03-02T12:01:00Z'));
    expect(late).toHaveLength(8);
    for (const ms of late) expect(ms >= 0 && ms < 60_000).toBe(true);
    expect(new Set(late).size).toBeGreaterThan(1);
  });
});
