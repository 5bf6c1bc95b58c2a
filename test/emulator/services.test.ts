/** The emulated Apps Script services: properties, cache, locks, mail, triggers, HtmlService, Ui, Utilities, UrlFetch. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { dailyMinute } from '../../emulator/services/scriptApp';

// Exact clock times: the script's own CPU does not move the clock here (see conformance.test.ts).
const emu = (source: string, options: EmulatorOptions = {}): Emulator => createEmulator({ bundleSource: source, cpuTimeScale: 0, ...options });
const DAY = 24 * 3600 * 1000;

describe('PropertiesService', () => {
  const src = `
    function set(k, v) { PropertiesService.getScriptProperties().setProperty(k, v); }
    function get(k) { return PropertiesService.getScriptProperties().getProperty(k); }
    function all() { var p = PropertiesService.getScriptProperties(); return { props: p.getProperties(), keys: p.getKeys().sort() }; }
    function many(o, del) { PropertiesService.getScriptProperties().setProperties(o, del); }
    function remove(k) { PropertiesService.getScriptProperties().deleteProperty(k); }
    function clear() { PropertiesService.getScriptProperties().deleteAllProperties(); }
    function userAndDoc() { PropertiesService.getUserProperties().setProperty('u', 'x'); PropertiesService.getDocumentProperties().setProperty('d', 'y');
      return [PropertiesService.getUserProperties().getProperty('u'), PropertiesService.getDocumentProperties().getProperty('d'), PropertiesService.getScriptProperties().getProperty('u')]; }`;

  test('stores strings only; missing keys are null', () => {
    const e = emu(src, { scriptProperties: { seeded: 'yes' } });
    e.run('set', 'n', 42);
    e.run('set', 'b', true);
    e.run('set', 'o', { a: 1 });
    expect(e.run('get', 'n')).toBe('42');
    expect(e.run('get', 'b')).toBe('true');
    expect(e.run('get', 'o')).toBe('[object Object]');
    expect(e.run('get', 'missing')).toBeNull();
    expect(e.run('all')).toEqual({ props: { seeded: 'yes', n: '42', b: 'true', o: '[object Object]' }, keys: ['b', 'n', 'o', 'seeded'] });
    e.run('many', { x: 1 }, true);
    expect(e.scriptProperties()).toEqual({ x: '1' });
    e.run('remove', 'x');
    e.run('many', { y: 'a', z: 'b' });
    e.run('clear');
    expect(e.scriptProperties()).toEqual({});
    expect(e.run('userAndDoc')).toEqual(['x', 'y', null]);
  });

  test('a value over 9 KB and a store over 500 KB are refused without losing data', () => {
    const e = emu(src);
    e.run('set', 'fits', 'x'.repeat(9 * 1024));
    expect(() => e.run('set', 'big', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    // 'fits' (9,220 bytes) + 55 × ~9,003 bytes stays under 512,000 bytes; one more does not.
    for (let i = 0; i < 55; i++) e.run('set', `k${i}`, 'y'.repeat(9000));
    expect(() => e.run('set', 'k55', 'y'.repeat(9000))).toThrow('You have exceeded the property storage quota');
    expect(e.run('get', 'k55')).toBeNull();
    expect(e.run('get', 'k54')).toBe('y'.repeat(9000));
    expect(() => e.run('many', { a: 'z'.repeat(9000), b: 'z'.repeat(10000) })).toThrow('Argument too large: value');
    expect(e.run('get', 'a')).toBeNull();
  });
});

describe('CacheService', () => {
  const src = `
    function put(k, v, s) { CacheService.getScriptCache().put(k, v, s); }
    function get(k) { return CacheService.getScriptCache().get(k); }
    function bulk() { var c = CacheService.getScriptCache(); c.putAll({ a: '1', b: '2' }, 60); c.remove('b'); return c.getAll(['a', 'b', 'c']); }`;

  test('values expire on the emulated clock (default 10 minutes)', () => {
    const e = emu(src);
    e.run('put', 'short', 'v', 30);
    e.run('put', 'default', 'w');
    expect(e.run('get', 'short')).toBe('v');
    e.clock.advance(31_000);
    expect(e.run('get', 'short')).toBeNull();
    expect(e.run('get', 'default')).toBe('w');
    e.clock.advance(600_000);
    expect(e.run('get', 'default')).toBeNull();
    expect(e.run('bulk')).toEqual({ a: '1' });
  });

  test('key and value limits', () => {
    const e = emu(src);
    expect(() => e.run('put', 'k'.repeat(251), 'v')).toThrow('Argument too large: key');
    expect(() => e.run('put', 'k', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    e.run('put', 'k'.repeat(250), 'v'.repeat(100 * 1024));
    expect((e.run('get', 'k'.repeat(250)) as string).length).toBe(100 * 1024);
  });
});

describe('LockService', () => {
  const src = `
    function tryIt(ms) { var l = LockService.getScriptLock(); var t = Date.now(); var ok = l.tryLock(ms); return [ok, l.hasLock(), Date.now() - t]; }
    function waitIt() { LockService.getScriptLock().waitLock(5000); return 'got it'; }
    function holdAndRelease() { var l = LockService.getScriptLock(); l.waitLock(1000); var a = l.hasLock(); l.releaseLock(); return [a, l.hasLock()]; }
    function alertWhileLocked() { var l = LockService.getScriptLock(); l.waitLock(1000); SpreadsheetApp.getUi().alert('Sure?'); return l.hasLock(); }`;

  test('another holder makes tryLock return false after its timeout and waitLock throw', () => {
    const e = emu(src);
    const release = e.holdScriptLock();
    expect(e.run('tryIt', 2000)).toEqual([false, false, 2000]);
    expect(() => e.run('waitIt')).toThrow('Lock timeout: another process was holding the lock for too long.');
    release();
    expect(e.run('tryIt', 2000)).toEqual([true, true, 0]);
    expect(e.run('waitIt')).toBe('got it');
  });

  test('a lock ends with its execution, with releaseLock, and with a Ui pause', () => {
    const e = emu(src);
    expect(e.run('holdAndRelease')).toEqual([true, false]);
    e.run('tryIt', 10);
    // The execution that took the lock has ended: the lock is free for the test hook.
    const release = e.holdScriptLock();
    release();
    expect(e.run('alertWhileLocked')).toBe(false);
  });
});

describe('MailApp', () => {
  const src = `
    function send(to, subject, body, options) { MailApp.sendEmail(to, subject, body, options); return MailApp.getRemainingDailyQuota(); }
    function sendMessage(m) { MailApp.sendEmail(m); }
    function quota() { return MailApp.getRemainingDailyQuota(); }`;

  test('records mail in the outbox with the clock time and counts recipients against the quota', () => {
    const e = emu(src, { mailQuota: 5, now: '2026-03-02T14:00:00Z' });
    expect(e.run('send', 'a@example.com', 'Hello', 'Body', { name: 'Shop', replyTo: 'care@example.com' })).toBe(4);
    e.run('sendMessage', { to: 'b@example.com, c@example.com', cc: 'd@example.com', subject: 'S', body: 'B', htmlBody: '<b>B</b>', noReply: true });
    expect(e.mailQuotaRemaining()).toBe(1);
    expect(e.outbox).toHaveLength(2);
    expect(e.outbox[0]).toMatchObject({ to: 'a@example.com', subject: 'Hello', body: 'Body', name: 'Shop', replyTo: 'care@example.com' });
    expect(e.outbox[0].at.toISOString()).toBe('2026-03-02T14:00:00.000Z');
    expect(e.outbox[1]).toMatchObject({ to: 'b@example.com,c@example.com', cc: 'd@example.com', htmlBody: '<b>B</b>', noReply: true });
    expect(() => e.run('sendMessage', { to: 'x@example.com, y@example.com', subject: 'S', body: 'B' })).toThrow(
      'Service invoked too many times for one day: email.',
    );
    expect(e.outbox).toHaveLength(2);
    e.run('send', 'x@example.com', 'S', 'B');
    expect(() => e.run('send', 'y@example.com', 'S', 'B')).toThrow('Service invoked too many times for one day: email.');
    // The quota resets 24 hours after the first send (not at midnight).
    e.clock.advanceTo('2026-03-03T05:00:00Z');
    expect(e.run('quota')).toBe(0);
    e.clock.advanceTo('2026-03-03T13:59:59Z');
    expect(e.run('quota')).toBe(0);
    e.clock.advanceTo('2026-03-03T14:00:00Z');
    expect(e.run('quota')).toBe(5);
  });

  test('per-message limits and invalid addresses', () => {
    const e = emu(src, { mailQuota: 1500 });
    const fifty = Array.from({ length: 50 }, (_, i) => `c${i}@example.com`);
    e.run('sendMessage', { to: fifty.join(','), subject: 'S', body: 'B' });
    expect(() => e.run('sendMessage', { to: fifty.slice(0, 40).join(','), bcc: fifty.slice(0, 11).join(','), subject: 'S', body: 'B' })).toThrow(
      'Limit exceeded: Email Recipients Per Message.',
    );
    expect(() => e.run('send', 'not-an-address', 'S', 'B')).toThrow('Invalid email: not-an-address');
    expect(() => e.run('send', 'a@example.com', 'S', 'x'.repeat(200 * 1024 + 1))).toThrow('Limit exceeded: Email Body Size.');
    expect(e.outbox).toHaveLength(1);
    expect(e.mailQuotaRemaining()).toBe(1450);
  });

  test('failNextMails makes sends fail without using quota', () => {
    const e = emu(src);
    e.failNextMails(1, 'Mail service unavailable');
    expect(() => e.run('send', 'a@example.com', 'S', 'B')).toThrow('Mail service unavailable');
    expect(e.run('send', 'a@example.com', 'S', 'B')).toBe(99);
    expect(e.outbox).toHaveLength(1);
  });
});

describe('ScriptApp triggers', () => {
  const src = `
    function install() {
      ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(9).create();
      ScriptApp.newTrigger('later').timeBased().after(60 * 1000).create();
      return ScriptApp.getProjectTriggers().map(function (t) { return [t.getHandlerFunction(), t.getEventType(), t.getTriggerSource()]; });
    }
    function daily(e) { Logger.log(JSON.stringify(e)); Logger.log(new Date().toISOString()); }
    function later(e) { Logger.log('later ' + e.triggerUid); }
    function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); return ScriptApp.getProjectTriggers().length; }
    function badMinutes() { ScriptApp.newTrigger('daily').timeBased().everyMinutes(7).create(); }
    function every5() { ScriptApp.newTrigger('later').timeBased().everyMinutes(5).create(); }
    function tooMany() { for (var i = 0; i < 21; i++) ScriptApp.newTrigger('later').timeBased().everyHours(1).create(); }`;

  test('daily triggers fire once a day within their hour (script time zone); after() fires once', () => {
    const e = emu(src, { now: '2026-03-02T12:00:00Z', scriptTimeZone: 'America/New_York' });
    expect(e.run('install')).toEqual([
      ['daily', 'CLOCK', 'CLOCK'],
      ['later', 'CLOCK', 'CLOCK'],
    ]);
    e.clock.advance(2 * 60 * 1000);
    const fired = e.executions.filter((x) => x.via === 'trigger:clock');
    expect(fired.map((x) => x.functionName)).toEqual(['later']);
    // after(60 s): never early, up to a minute late.
    expect(fired[0].startedAt.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-03-02T12:01:00Z'));
    expect(fired[0].startedAt.getTime()).toBeLessThan(Date.parse('2026-03-02T12:02:00Z'));
    expect(e.triggers().map((t) => t.handler)).toEqual(['daily']);
    // 09:xx in New York is 14:xx UTC in March before DST (12:02 UTC is 07:02 there: today's run is still ahead);
    // the minute is the trigger's own for that day, somewhere in the hour.
    const uid = e.triggers()[0].uid;
    const at = (day: string, utcHour: number) => `${day}T${utcHour}:${String(dailyMinute(uid, day)).padStart(2, '0')}:00.000Z`;
    e.clock.advance(3 * DAY);
    const daily = e.executions.filter((x) => x.functionName === 'daily');
    expect(daily.map((x) => x.startedAt.toISOString())).toEqual([at('2026-03-02', 14), at('2026-03-03', 14), at('2026-03-04', 14)]);
    const event = JSON.parse(daily[0].logs[0]);
    expect(event).toMatchObject({ authMode: 'FULL', year: 2026, month: 3, 'day-of-month': 2, hour: 14, minute: dailyMinute(uid, '2026-03-02'), second: 0, timezone: 'UTC' });
    expect(event.triggerUid).toBe(uid);
    expect(daily[0].logs[1]).toBe(at('2026-03-02', 14));
    // Across the DST change (8 March 2026) the trigger stays in the 09:00 hour local time.
    e.clock.advanceTo('2026-03-10T00:00:00Z');
    const times = e.executions.filter((x) => x.functionName === 'daily').map((x) => x.startedAt.toISOString());
    expect(times.slice(-2)).toEqual([at('2026-03-08', 13), at('2026-03-09', 13)]);
    expect(new Set(times.map((t) => t.slice(14, 16))).size).toBeGreaterThan(1);
    expect(e.run('removeAll')).toBe(0);
  });

  test('everyMinutes accepts only 1, 5, 10, 15 or 30 and fires on schedule', () => {
    const e = emu(src);
    expect(() => e.run('badMinutes')).toThrow('everyMinutes');
    e.run('every5');
    e.clock.advance(16 * 60 * 1000);
    expect(e.executions.filter((x) => x.via === 'trigger:clock')).toHaveLength(3);
  });

  test('at most 20 triggers per script', () => {
    const e = emu(src);
    expect(() => e.run('tooMany')).toThrow('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    expect(e.triggers()).toHaveLength(20);
  });

  test('a failing trigger is recorded and does not stop the clock', () => {
    const e = emu(`function install() { ScriptApp.newTrigger('fail').timeBased().everyHours(1).create(); } function fail() { throw new Error('nope'); }`);
    e.run('install');
    e.clock.advance(3 * 3600 * 1000 + 1);
    const runs = e.executions.filter((x) => x.via === 'trigger:clock');
    expect(runs.map((x) => x.error)).toEqual(['nope', 'nope', 'nope']);
  });

  test('the Ui cannot be used from a time-driven trigger', () => {
    const e = emu(`function install() { ScriptApp.newTrigger('t').timeBased().after(1000).create(); } function t() { SpreadsheetApp.getUi().alert('hi'); }`);
    e.run('install');
    e.clock.advance(62_000); // after() runs up to a minute late
    expect(e.executions[1].error).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  });
});

describe('google.script.run (runFromBrowser)', () => {
  const src = `
    function echo(x) { return x; }
    function withDate() { return { rows: [{ when: new Date() }] }; }
    function shape() { return { a: undefined, b: [1, undefined, 'x'], c: { d: null } }; }
    function secret_() { return 'hidden'; }
    function isArray(x) { return [Array.isArray(x), x instanceof Array]; }
    var notAFunction = 1;`;

  test('plain values cross as a deep copy; undefined in arrays becomes null, undefined properties vanish', () => {
    const e = emu(src);
    const arg = { q: 'A-1', list: [1, 'two', true, null], nested: { deep: [{ x: 1 }] } };
    const out = e.runFromBrowser('echo', arg) as typeof arg;
    expect(out).toEqual(arg);
    expect(out).not.toBe(arg);
    expect(e.runFromBrowser('shape')).toEqual({ b: [1, null, 'x'], c: { d: null } });
    expect(e.runFromBrowser('isArray', [1])).toEqual([true, true]);
    expect(e.executions.every((x) => x.via === 'browser')).toBe(true);
  });

  test('a Date anywhere in the arguments fails the call; in a result, the page gets null', () => {
    const e = emu(src);
    expect(() => e.runFromBrowser('echo', new Date())).toThrow('Failed due to illegal value in property: 0');
    expect(() => e.runFromBrowser('echo', { a: [{ b: new Date() }] })).toThrow('Failed due to illegal value in property: 0.a.0.b');
    expect(e.runFromBrowser('withDate')).toBeNull();
    expect(() => e.runFromBrowser('echo', () => 1)).toThrow('illegal value');
    expect(() => e.runFromBrowser('echo', new (class Thing {})())).toThrow('illegal value');
  });

  test('names ending in "_" and non-functions cannot be called', () => {
    const e = emu(src);
    expect(() => e.runFromBrowser('secret_')).toThrow('Script function not found: secret_');
    expect(() => e.runFromBrowser('notAFunction')).toThrow('Script function not found: notAFunction');
    expect(e.run('secret_')).toBe('hidden');
  });
});

describe('HtmlService and the Ui', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-html-'));
  writeFileSync(join(dir, 'Page.html'), '<h1>Page</h1>');
  writeFileSync(join(dir, 'Tpl.html'), '<p><?= name ?></p><p><?!= raw ?></p><? for (var i = 0; i < 2; i++) { ?><i><?= i ?></i><? } ?>');
  const src = `
    function sidebar() { SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutputFromFile('Page').setTitle('Look up')); }
    function missing() { HtmlService.createHtmlOutputFromFile('Nope'); }
    function template() { var t = HtmlService.createTemplateFromFile('Tpl'); t.name = '<b>&'; t.raw = '<b>ok</b>'; return t.evaluate().getContent(); }
    function inline() { var o = HtmlService.createTemplate('<?= 1 + 1 ?>').evaluate().append('!').setWidth(400).setHeight(300);
      SpreadsheetApp.getUi().showModalDialog(o, 'Dialog'); return [o.getContent(), HtmlService.SandboxMode.IFRAME]; }
    function menu() { var ui = SpreadsheetApp.getUi(); ui.createMenu('Tools').addItem('Go', 'go').addSeparator().addSubMenu(ui.createMenu('More').addItem('X', 'x')).addToUi(); }
    function ask() { var ui = SpreadsheetApp.getUi(); var a = ui.alert('Title', 'Proceed?', ui.ButtonSet.YES_NO); var p = ui.prompt('Name?');
      return [a, a === ui.Button.YES, p.getResponseText(), p.getSelectedButton() === ui.Button.OK]; }`;

  test('pages, templates and sidebars', () => {
    const e = emu(src, { htmlDir: dir });
    e.run('sidebar');
    expect(e.ui.sidebars).toEqual([{ title: 'Look up', html: '<h1>Page</h1>' }]);
    expect(() => e.run('missing')).toThrow('No HTML file named Nope was found.');
    expect(e.run('template')).toBe('<p>&lt;b&gt;&amp;</p><p><b>ok</b></p><i>0</i><i>1</i>');
    expect(e.run('inline')).toEqual(['2!', 'IFRAME']);
    expect(e.ui.dialogs).toEqual([{ title: 'Dialog', html: '2!', width: 400, height: 300, modal: true }]);
  });

  test('menus, alerts and prompts', () => {
    const e = emu(src, { htmlDir: dir });
    e.run('menu');
    expect(e.ui.menus).toEqual([
      { title: 'Tools', items: [{ label: 'Go', functionName: 'go' }, 'separator', { label: 'More', functionName: '', submenu: [{ label: 'X', functionName: 'x' }] }] },
    ]);
    expect(e.run('ask')).toEqual(['YES', true, '', true]);
    e.ui.queueAlertResponse('NO');
    e.ui.queuePromptResponse('Ada', 'CANCEL');
    expect(e.run('ask')).toEqual(['NO', false, 'Ada', false]);
    expect(e.ui.alerts[0]).toEqual({ title: 'Title', prompt: 'Proceed?', buttons: 'YES_NO' });
    expect(e.ui.prompts).toHaveLength(2);
  });

  test('unanswered questions: the first button by default, the safe one (No, Cancel) with unansweredAlerts "safe"; leftovers can be dropped', () => {
    const safe = emu(src, { htmlDir: dir, unansweredAlerts: 'safe' });
    // The prompt has only OK to press.
    expect(safe.run('ask')).toEqual(['NO', false, '', true]);
    safe.ui.queueAlertResponse('YES');
    expect(safe.run('ask')).toEqual(['YES', true, '', true]);
    safe.ui.queueAlertResponse('YES');
    safe.ui.queuePromptResponse('Ada');
    safe.ui.clearQueuedResponses();
    expect(safe.run('ask')).toEqual(['NO', false, '', true]);
  });
});

describe('Utilities', () => {
  const src = `
    function fmt(iso, tz, p) { return Utilities.formatDate(new Date(iso), tz, p); }
    function parse(text, tz, p) { return Utilities.parseDate(text, tz, p).toISOString(); }
    function misc() { var d = Utilities.computeDigest(Utilities.DigestAlgorithm.MD5, 'abc');
      return [Utilities.getUuid().length, Utilities.base64Encode('héllo'), Utilities.newBlob(Utilities.base64Decode(Utilities.base64Encode('héllo'))).getDataAsString(), d.length, d[0]]; }`;
  const e = emu(src);

  test.each([
    ['2026-03-02T14:05:09.007Z', 'America/New_York', "yyyy-MM-dd'T'HH:mm:ss.SSS", '2026-03-02T09:05:09.007'],
    ['2026-03-02T14:05:09Z', 'America/New_York', 'EEE, MMM d, yyyy h:mm a z', 'Mon, Mar 2, 2026 9:05 AM EST'],
    ['2026-07-02T14:05:09Z', 'America/New_York', 'EEEE d MMMM yy HH Z', 'Thursday 2 July 26 10 -0400'],
    ['2026-07-02T14:05:09Z', 'Asia/Kolkata', 'yyyy-MM-dd HH:mm XXX', '2026-07-02 19:35 +05:30'],
    ['2026-01-01T00:30:00Z', 'UTC', "D u 'o''clock' X", "1 4 o'clock Z"],
    ['2026-03-01T23:30:00Z', 'Pacific/Auckland', 'dd/MM/yyyy', '02/03/2026'],
  ])('formatDate(%s, %s, %s)', (iso, tz, pattern, expected) => {
    expect(e.run('fmt', iso, tz, pattern)).toBe(expected);
  });

  test('parseDate reads common patterns in a time zone', () => {
    expect(e.run('parse', '2026-03-02 09:05', 'America/New_York', 'yyyy-MM-dd HH:mm')).toBe('2026-03-02T14:05:00.000Z');
    expect(e.run('parse', 'Mar 2, 2026 9:05 PM', 'UTC', 'MMM d, yyyy h:mm a')).toBe('2026-03-02T21:05:00.000Z');
    expect(e.run('parse', '02/03/2026', 'Europe/London', 'dd/MM/yyyy')).toBe('2026-03-02T00:00:00.000Z');
    expect(() => e.run('parse', 'soon', 'UTC', 'yyyy-MM-dd')).toThrow('Unparseable date');
  });

  test('formatDate refuses an unknown time zone or pattern letter', () => {
    expect(() => e.run('fmt', '2026-03-02T14:05:09Z', 'Mars/Base', 'yyyy')).toThrow('Invalid argument');
    expect(() => e.run('fmt', '2026-03-02T14:05:09Z', 'UTC', 'yyyy-qq')).toThrow("Illegal pattern character 'q'");
  });

  test('uuid, base64, blobs and digests', () => {
    expect(e.run('misc')).toEqual([36, 'aMOpbGxv', 'héllo', 16, -112]);
  });
});

describe('UrlFetchApp against a real HTTP server', () => {
  let worker: Worker;
  let base = '';
  beforeAll(async () => {
    // The server runs in its own thread: the fetch blocks this one, as Apps Script's does.
    worker = new Worker(
      `const http = require('node:http'); const { parentPort } = require('node:worker_threads');
       const server = http.createServer((req, res) => { let body = ''; req.on('data', (c) => (body += c)); req.on('end', () => {
         if (req.url === '/missing') { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('no such thing'); return; }
         res.writeHead(200, { 'content-type': 'application/json', 'x-test': 'yes' });
         res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers['content-type'] || '', auth: req.headers['authorization'] || '', body }));
       }); });
       server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
      { eval: true },
    );
    const port = await new Promise<number>((resolve) => worker.once('message', resolve));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(() => worker.terminate());

  const src = `
    function get(url) { var r = UrlFetchApp.fetch(url, { headers: { Authorization: 'Bearer t' } }); return [r.getResponseCode(), JSON.parse(r.getContentText()), r.getHeaders()['x-test']]; }
    function postJson(url) { return JSON.parse(UrlFetchApp.fetch(url, { method: 'post', contentType: 'application/json', payload: JSON.stringify({ text: 'hi' }) }).getContentText()); }
    function postForm(url) { return JSON.parse(UrlFetchApp.fetch(url, { method: 'post', payload: { a: '1 2', b: 'x&y' } }).getContentText()); }
    function muted(url) { var r = UrlFetchApp.fetch(url, { muteHttpExceptions: true }); return [r.getResponseCode(), r.getContentText()]; }
    function loud(url) { return UrlFetchApp.fetch(url).getResponseCode(); }`;

  test('GET, POST with JSON and form payloads', () => {
    const e = emu(src);
    expect(e.run('get', `${base}/hello?x=1`)).toEqual([200, { method: 'GET', url: '/hello?x=1', type: '', auth: 'Bearer t', body: '' }, 'yes']);
    expect(e.run('postJson', `${base}/hook`)).toMatchObject({ method: 'POST', type: 'application/json', body: '{"text":"hi"}' });
    expect(e.run('postForm', `${base}/form`)).toMatchObject({ type: 'application/x-www-form-urlencoded', body: 'a=1%202&b=x%26y' });
    expect(e.http.map((h) => [h.method, h.status])).toEqual([
      ['GET', 200],
      ['POST', 200],
      ['POST', 200],
    ]);
    expect(e.http[1].payload).toBe('{"text":"hi"}');
  });

  test('4xx throws unless muteHttpExceptions; network errors throw', () => {
    const e = emu(src);
    expect(e.run('muted', `${base}/missing`)).toEqual([404, 'no such thing']);
    expect(() => e.run('loud', `${base}/missing`)).toThrow(`Request failed for ${base}/missing returned code 404. Truncated server response: no such thing`);
    expect(() => e.run('loud', 'http://127.0.0.1:1/')).toThrow('Address unavailable: http://127.0.0.1:1/');
    expect(() => e.run('loud', 'not a url')).toThrow('Invalid argument: not a url');
  });

  test('simple triggers may not fetch or send mail', () => {
    const e = emu(`function onEdit() {} function onOpen() { try { UrlFetchApp.fetch('${base}/x'); } catch (err) { Logger.log(err.message); } MailApp.sendEmail('a@example.com', 's', 'b'); }`);
    e.open();
    const exec = e.executions[0];
    expect(exec.logs[0]).toContain('You do not have permission to call UrlFetchApp.fetch');
    expect(exec.error).toContain('You do not have permission to call MailApp.sendEmail');
    expect(e.http).toHaveLength(0);
  });
});

describe('menus as a person uses them', () => {
  test('clickMenu runs the function an item names, as a menu execution', () => {
    const e = emu(`function onOpen() { SpreadsheetApp.getUi().createMenu('Shop').addItem('Say hi', 'hi').addToUi(); } function hi() { return 'hi'; }`);
    expect(() => e.clickMenu('Say hi')).toThrow('No menu item "Say hi"');
    e.open();
    expect(e.clickMenu('Say hi', 'Shop')).toBe('hi');
    expect(e.executions.map((x) => x.via)).toEqual(['trigger:open', 'menu']);
  });
});
