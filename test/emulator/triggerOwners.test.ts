/**
 * Installable triggers belong to the person who created them: a script sees and deletes only its
 * effective user's triggers, the 20-trigger limit is per person, and a trigger runs as its owner.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

const MANAGER = 'manager@example.com';
const CLERK = 'clerk@example.com';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const SRC = `
  function who() { return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail()]; }
  /** Set-up as many scripts write it: look the trigger up by handler first. */
  function install() {
    var mine = ScriptApp.getProjectTriggers().filter(function (t) { return t.getHandlerFunction() === 'daily'; });
    if (mine.length === 0) ScriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(9).create();
    return ScriptApp.getProjectTriggers().length;
  }
  function installEdit() { ScriptApp.newTrigger('edited').forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create(); }
  function installHourly(n) { for (var i = 0; i < n; i++) ScriptApp.newTrigger('hourly').timeBased().everyHours(1).create(); }
  function list() { return ScriptApp.getProjectTriggers().map(function (t) { return t.getHandlerFunction(); }); }
  function listForSheet() { return ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).map(function (t) { return t.getHandlerFunction(); }); }
  /** The trigger object itself (handed back in by the test: globals do not survive between executions). */
  function keep() { return ScriptApp.getProjectTriggers()[0]; }
  function deleteKept(kept) { ScriptApp.deleteTrigger(kept); }
  function removeAll() { ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); }); return ScriptApp.getProjectTriggers().length; }
  function remember() { PropertiesService.getUserProperties().setProperty('me', Session.getEffectiveUser().getEmail()); }
  function daily(e) {
    Logger.log(JSON.stringify(who()));
    Logger.log(PropertiesService.getUserProperties().getProperty('me'));
    Logger.log(JSON.stringify(list()));
  }
  function hourly() {}
  function edited(e) { Logger.log(JSON.stringify(who().concat([e.user.getEmail()]))); }
  function onEdit(e) { Logger.log(JSON.stringify(who())); }`;

const emu = (options: EmulatorOptions = {}): Emulator =>
  createEmulator({ bundleSource: SRC, activeUserEmail: MANAGER, now: '2026-03-02T12:00:00Z', ...options });

describe('installable triggers belong to the person who created them', () => {
  test('a trigger records its owner; the emulator lists every trigger, a script only its own user\'s', () => {
    const e = emu();
    expect(e.run('install')).toBe(1);
    e.setActiveUser(CLERK);
    expect(e.run('list')).toEqual([]);
    // The same set-up run by a second person finds nothing of theirs and creates a second daily trigger.
    expect(e.run('install')).toBe(1);
    expect(e.triggers().map((t) => [t.handler, t.owner])).toEqual([
      ['daily', MANAGER],
      ['daily', CLERK],
    ]);
    e.setActiveUser(MANAGER);
    expect(e.run('list')).toEqual(['daily']);
    expect(e.run('install')).toBe(1);
    expect(e.triggers()).toHaveLength(2);
  });

  test('getUserTriggers(spreadsheet) gives only the effective user\'s triggers of that spreadsheet', () => {
    const e = emu();
    e.run('installEdit');
    e.run('install');
    expect(e.run('listForSheet')).toEqual(['edited']);
    e.setActiveUser(CLERK);
    expect(e.run('listForSheet')).toEqual([]);
  });

  test("deleting another person's trigger throws and keeps the trigger", () => {
    const e = emu();
    e.run('install');
    const kept = e.run('keep') as GoogleAppsScript.Script.Trigger;
    expect(kept.getHandlerFunction()).toBe('daily');
    e.setActiveUser(CLERK);
    expect(() => e.run('deleteKept', kept)).toThrow(/Cannot delete trigger \d+: it belongs to another user/);
    expect(e.run('removeAll')).toBe(0);
    expect(e.triggers().map((t) => t.owner)).toEqual([MANAGER]);
    e.setActiveUser(MANAGER);
    e.run('deleteKept', kept);
    expect(e.triggers()).toEqual([]);
  });

  test('the limit of 20 triggers counts per person', () => {
    const e = emu();
    e.run('installHourly', 20);
    expect(() => e.run('installHourly', 1)).toThrow('This script has too many triggers.');
    e.setActiveUser(CLERK);
    e.run('installHourly', 20);
    expect(() => e.run('installHourly', 1)).toThrow('This script has too many triggers.');
    const owners = e.triggers().map((t) => t.owner);
    expect(owners.filter((o) => o === MANAGER)).toHaveLength(20);
    expect(owners.filter((o) => o === CLERK)).toHaveLength(20);
  });

  test('a time-driven trigger runs as its owner, whoever uses the spreadsheet now', () => {
    const e = emu();
    e.run('remember');
    e.run('install');
    e.setActiveUser(CLERK);
    e.run('remember');
    e.clock.advance(DAY);
    const runs = e.executions.filter((x) => x.functionName === 'daily');
    expect(runs).toHaveLength(1);
    expect(runs[0].user).toBe(MANAGER);
    // Active and effective user are the owner; user properties and the trigger list are the owner's.
    expect(runs[0].logs).toEqual([JSON.stringify([MANAGER, MANAGER]), MANAGER, JSON.stringify(['daily'])]);
    // The person at the keyboard is unchanged after the trigger ran.
    expect(e.run('who')).toEqual([CLERK, CLERK]);
    expect(e.executions[e.executions.length - 1].user).toBe(CLERK);
  });

  test("two people's daily triggers each run, each as its owner", () => {
    const e = emu();
    e.run('install');
    e.setActiveUser(CLERK);
    e.run('install');
    e.clock.advance(DAY);
    const runs = e.executions.filter((x) => x.functionName === 'daily');
    expect(runs.map((x) => x.user)).toEqual([MANAGER, CLERK]);
    expect(runs.map((x) => x.logs[0])).toEqual([JSON.stringify([MANAGER, MANAGER]), JSON.stringify([CLERK, CLERK])]);
  });

  test("an edit trigger runs as its owner; the event's user is the person who edited; a simple onEdit runs as that person", () => {
    const e = emu();
    e.run('installEdit');
    e.setActiveUser(CLERK);
    e.user.setValue('Sheet1', 'A1', 'x');
    const simple = e.executions.find((x) => x.via === 'trigger:simple-edit')!;
    const installable = e.executions.find((x) => x.via === 'trigger:edit')!;
    // A simple trigger may not see the user's address.
    expect(simple.logs).toEqual([JSON.stringify(['', CLERK])]);
    expect(simple.user).toBe(CLERK);
    expect(installable.logs).toEqual([JSON.stringify([MANAGER, MANAGER, CLERK])]);
    expect(installable.user).toBe(MANAGER);
  });
});

describe('the person using the spreadsheet (setActiveUser)', () => {
  test('executions a person starts run as them: run, menu, browser calls', () => {
    const e = createEmulator({
      bundleSource: `${SRC}
        function onOpen() { SpreadsheetApp.getUi().createMenu('Desk').addItem('Who', 'who').addToUi(); }`,
      activeUserEmail: MANAGER,
    });
    expect(e.run('who')).toEqual([MANAGER, MANAGER]);
    e.setActiveUser(CLERK);
    expect(e.run('who')).toEqual([CLERK, CLERK]);
    e.open();
    expect(e.clickMenu('Who')).toEqual([CLERK, CLERK]);
    expect(e.runFromBrowser('who')).toEqual([CLERK, CLERK]);
    expect(e.executions.filter((x) => x.via !== 'trigger:open').map((x) => x.user)).toEqual([MANAGER, CLERK, CLERK, CLERK]);
  });

  test('a person whose address is hidden: the script sees "", they are still one person', () => {
    const e = emu();
    e.setActiveUser('');
    expect(e.run('who')).toEqual(['', 'owner@example.com']);
    e.setActiveUser('', 'reseller@other.example');
    expect(e.run('who')).toEqual(['', 'reseller@other.example']);
    e.run('install');
    expect(e.triggers().map((t) => t.owner)).toEqual(['reseller@other.example']);
  });
});
