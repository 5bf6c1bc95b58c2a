/**
 * The emulator's Editor add-on mode follows Google's "Triggers for Editor add-ons" (Restrictions,
 * https://developers.google.com/workspace/add-ons/concepts/editor-triggers#restrictions): one trigger of each
 * type per user per document, time-driven at most hourly, triggers only for the current file, no failure
 * email; and "Editor add-on authorization" (AuthMode.NONE before the add-on is enabled in the file).
 */
import { createEmulator, type Emulator } from '../../emulator';

const SRC = `
  function hourly() { return ScriptApp.newTrigger('tick').timeBased().everyHours(1).create().getUniqueId(); }
  function oneOff() { return ScriptApp.newTrigger('tick').timeBased().after(60000).create().getUniqueId(); }
  function everyFive() { ScriptApp.newTrigger('tick').timeBased().everyMinutes(5).create(); }
  function edit() { return ScriptApp.newTrigger('edited').forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create().getUniqueId(); }
  function clear() { ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).forEach(function (t) { ScriptApp.deleteTrigger(t); }); }
  function mine() { return ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).map(function (t) { return t.getHandlerFunction(); }); }
  function everywhere() { return ScriptApp.getProjectTriggers().length; }
  function source() { return String(ScriptApp.getInstallationSource()); }
  function tick() { throw new Error('tick failed'); }
  function edited() {}
  function onOpen(e) {
    SpreadsheetApp.getUi().createAddonMenu().addItem('Go', 'tick').addToUi();
    if (e && e.authMode === ScriptApp.AuthMode.NONE) return;
    PropertiesService.getDocumentProperties().setProperty('opened', 'yes');
  }
  function onInstall(e) { onOpen(e); }
`;

const addon = (extra: Partial<Parameters<typeof createEmulator>[0]> = {}): Emulator =>
  createEmulator({ bundleSource: SRC, mode: 'addon', workbook: { id: 'doc-1', name: 'Shop one', timeZone: 'America/New_York', sheets: [{ name: 'Sheet1', values: [['a']] }] }, ...extra });

describe('Editor add-on triggers', () => {
  test('one time-driven trigger per user per document: a second one throws, after deleting the first it is allowed', () => {
    const em = addon();
    em.run('hourly');
    expect(() => em.run('oneOff')).toThrow('This add-on has created too many time-based triggers in this document for this Google user account.');
    expect(() => em.run('hourly')).toThrow(/too many time-based triggers/);
    em.run('clear');
    em.run('oneOff');
    expect(em.run('mine')).toEqual(['tick']);
  });

  test('one edit trigger per user per document, alongside the time-driven one', () => {
    const em = addon();
    em.run('hourly');
    em.run('edit');
    expect(() => em.run('edit')).toThrow(/too many edit triggers/);
    expect((em.run('mine') as string[]).sort()).toEqual(['edited', 'tick']);
  });

  test('time-driven triggers more often than hourly are refused; a bound script may have them', () => {
    expect(() => addon().run('everyFive')).toThrow('Add-ons may not create time-based triggers that run more frequently than once per hour.');
    const bound = createEmulator({ bundleSource: SRC });
    bound.run('everyFive');
    bound.run('hourly');
    bound.run('oneOff');
    expect(bound.triggers()).toHaveLength(3);
  });

  test('two documents of one person: one time-driven trigger in each; getProjectTriggers lists both, getUserTriggers one', () => {
    const a = addon();
    const b = addon({ workbook: { id: 'doc-2', name: 'Shop two', timeZone: 'America/New_York', sheets: [{ name: 'Sheet1', values: [['b']] }] }, sameAddonAs: a });
    a.run('hourly');
    b.run('hourly');
    expect(a.run('everywhere')).toBe(2);
    expect(a.run('mine')).toEqual(['tick']);
    expect(a.triggers()).toHaveLength(1);
    expect(b.triggers()).toHaveLength(1);
    expect(() => addon({ sameAddonAs: a })).toThrow(/different ids/);
  });

  test('no failure email from the platform in add-on mode; a bound script gets one', () => {
    const em = addon();
    em.run('hourly');
    em.clock.advance(3_600_000);
    expect(em.executions.at(-1)!.error).toBe('tick failed');
    expect(em.failureEmails).toEqual([]);
    const bound = createEmulator({ bundleSource: SRC });
    bound.run('hourly');
    bound.clock.advance(3_600_000);
    expect(bound.failureEmails.map((f) => [f.to, f.handler, f.error])).toEqual([['manager@example.com', 'tick', 'tick failed']]);
  });
});

describe('Editor add-on authorization', () => {
  test('onOpen runs in AuthMode.NONE until the add-on is installed: a menu only; anything else throws', () => {
    const em = addon();
    em.open();
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(em.documentProperties()).toEqual({});
    expect(em.ui.menus.map((m) => m.items)).toEqual([[{ label: 'Go', functionName: 'tick' }]]);
    em.install();
    expect(em.documentProperties()).toEqual({ opened: 'yes' });
    em.open();
    expect(em.executions.at(-1)!.error).toBeUndefined();
    // An onOpen that reads properties before the add-on is enabled fails, as it does in Sheets.
    const greedy = createEmulator({ bundleSource: 'function onOpen() { PropertiesService.getDocumentProperties().getProperty("x"); }', mode: 'addon' });
    greedy.open();
    expect(greedy.executions.at(-1)!.error).toMatch(/^You do not have permission to call PropertiesService.getDocumentProperties/);
  });

  test('getInstallationSource tells the deployments apart', () => {
    expect(addon().run('source')).toBe('WEB_STORE_ADD_ON');
    expect(createEmulator({ bundleSource: SRC }).run('source')).toBe('NONE');
  });
});
