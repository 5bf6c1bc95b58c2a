/**
 * Who owns the triggers (dist/Code.js in the emulator; build first: `node build.mjs`).
 *
 * Installable triggers run as the person who created them and each person's script sees only their
 * own, so a second person's "Set up sheet" must not install a second daily run and a second edit
 * trigger. It says who owns them and offers to move them; after a move, the old owner's triggers
 * remove themselves the first time they fire and do nothing.
 */
import { createEmulator, Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';

const MANAGER = 'manager@example.com';
const CLERK = 'clerk@example.com';
const OWNER_PROPERTY = 'BD_TRIGGER_OWNER';

const snapshot = (em: Emulator) => JSON.stringify(em.workbook());
/** handler:kind owner, sorted. */
const triggersByOwner = (em: Emulator) =>
  em
    .triggers()
    .map((t) => `${t.handler}:${t.kind} ${t.owner}`)
    .sort();
const executionsOf = (em: Emulator, fn: string, from: number) => em.executions.slice(from).filter((x) => x.functionName === fn);
/** A daily run that did its work logs its summary line ("Daily notices: n planned, …" or "Daily notices (Test mode): …"). */
const didDailyWork = (logs: string[]) => logs.some((l) => /^Daily notices( \(Test mode\))?: \d+ planned/.test(l));

/** The demo workbook with its first item at 5 units, set up by the manager. */
function managerSetUp(): Emulator {
  const wb = generateWorkbook();
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
  inv.values[1][inv.values[0].indexOf('Available')] = 5;
  const em = createEmulator({ workbook: wb, activeUserEmail: MANAGER });
  em.run('setUpSheet');
  return em;
}

describe('a second person runs Set up sheet', () => {
  it('installs no trigger for them, says who owns the triggers, and moves nothing when they answer No', () => {
    const em = managerSetUp();
    const triggers = triggersByOwner(em);
    expect(triggers).toEqual([`onClockTick:clock ${MANAGER}`, `onInventoryEdit:edit ${MANAGER}`]);
    expect(em.documentProperties()[OWNER_PROPERTY]).toBe(MANAGER);
    const sheetBefore = snapshot(em);
    const props = JSON.stringify(em.documentProperties());

    em.setActiveUser(CLERK);
    const alertsBefore = em.ui.alerts.length;
    em.ui.queueAlertResponse('NO');
    em.run('setUpSheet');

    expect(triggersByOwner(em)).toEqual(triggers);
    expect(JSON.stringify(em.documentProperties())).toBe(props);
    expect(snapshot(em)).toBe(sheetBefore);
    const [question, report] = em.ui.alerts.slice(alertsBefore);
    expect(question.title).toBe('Who runs the daily notices?');
    expect(question.prompt).toContain(`run as ${MANAGER}`);
    expect(question.prompt).toContain('Move them to your account?');
    expect(report.title).toBe('Backorder Desk is set up');
    expect(report.prompt).toContain(`The daily notices and stock alerts run as ${MANAGER}: customer emails and alerts go out from that account.`);
    expect(report.prompt).toContain('Set-up installed no triggers for you');
  });

  it('repairs the sheet for them all the same (a deleted tab comes back), still without a trigger of theirs', () => {
    const em = managerSetUp();
    em.spreadsheet.deleteSheet(em.spreadsheet.getSheetByName(TAB.shipments)!);
    em.setActiveUser(CLERK);
    em.ui.queueAlertResponse('NO');
    em.run('setUpSheet');
    expect(em.values(TAB.shipments)![0][0]).toBe('Order ID');
    expect(em.triggers().filter((t) => t.owner === CLERK)).toEqual([]);
    expect(em.ui.alerts.at(-1)!.prompt).toContain('Created the Shipments tab.');
  });

  it('cannot take the triggers over when the script cannot see their address', () => {
    const em = managerSetUp();
    em.setActiveUser('', '');
    em.run('setUpSheet');
    expect(em.triggers().every((t) => t.owner === MANAGER)).toBe(true);
    expect(em.triggers()).toHaveLength(2);
    expect(em.documentProperties()[OWNER_PROPERTY]).toBe(MANAGER);
    expect(em.ui.alerts.at(-1)!.prompt).toContain('cannot see your Google account address');
  });
});

describe('taking the triggers over', () => {
  const em = managerSetUp();
  let mailsAfterDaily = 0;

  beforeAll(() => {
    em.setActiveUser(CLERK);
    em.ui.queueAlertResponse('YES');
    em.run('setUpSheet');
  });

  it('records the new owner and installs the triggers under them; the old ones are still there until they fire', () => {
    expect(em.documentProperties()[OWNER_PROPERTY]).toBe(CLERK);
    expect(triggersByOwner(em)).toEqual([
      `onClockTick:clock ${CLERK}`,
      `onClockTick:clock ${MANAGER}`,
      `onInventoryEdit:edit ${CLERK}`,
      `onInventoryEdit:edit ${MANAGER}`,
    ]);
    expect(em.ui.alerts.at(-1)!.prompt).toContain(`now run as you (${CLERK})`);
  });

  it('past the next daily hour exactly one daily run does work, as the new owner, and the old owner’s daily trigger removes itself', () => {
    const from = em.executions.length;
    const mails = em.outbox.length;
    em.clock.advance(2 * 3600 * 1000);
    const runs = executionsOf(em, 'onClockTick', from).slice(0, 2);
    expect(runs).toHaveLength(2);
    for (const r of runs) expect(r.error).toBeUndefined();
    const working = runs.filter((r) => didDailyWork(r.logs));
    expect(working.map((r) => r.user)).toEqual([CLERK]);
    const idle = runs.find((r) => r.user === MANAGER)!;
    expect(didDailyWork(idle.logs)).toBe(false);
    expect(idle.logs.join('\n')).toContain(`the triggers belong to ${CLERK}; this trigger removed itself and did nothing`);
    expect(em.triggers().filter((t) => t.handler === 'onClockTick').map((t) => t.owner)).toEqual([CLERK]);
    // The demo has notices due today: they went out once, from the run that did work.
    expect(em.outbox.length).toBeGreaterThan(mails);
    mailsAfterDaily = em.outbox.length;
  });

  it('an edit after the take-over gives exactly one alert, and the old owner’s edit trigger removes itself', () => {
    const from = em.executions.length;
    em.user.setValue(TAB.inventory, 'D2', -3);
    const edits = executionsOf(em, 'onInventoryEdit', from);
    expect(edits.map((x) => x.user).sort()).toEqual([CLERK, MANAGER]);
    for (const x of edits) expect(x.error).toBeUndefined();
    const alerts = em.outbox.slice(mailsAfterDaily).filter((m) => m.subject.startsWith('Stock alert:'));
    expect(alerts.map((m) => [m.to, m.subject])).toEqual([['care@example.com', 'Stock alert: Out of stock — OIL-EVO-250']]);
    expect(triggersByOwner(em)).toEqual([`onClockTick:clock ${CLERK}`, `onInventoryEdit:edit ${CLERK}`]);

    // The next edit runs one trigger only.
    const next = em.executions.length;
    em.user.setValue(TAB.inventory, 'D2', 4);
    expect(executionsOf(em, 'onInventoryEdit', next).map((x) => x.user)).toEqual([CLERK]);
  });

  it('the new owner re-running set-up changes nothing', () => {
    const before = snapshot(em);
    const triggers = JSON.stringify(em.triggers());
    const props = JSON.stringify(em.documentProperties());
    const alertsBefore = em.ui.alerts.length;
    em.run('setUpSheet');
    expect(snapshot(em)).toBe(before);
    expect(JSON.stringify(em.triggers())).toBe(triggers);
    expect(JSON.stringify(em.documentProperties())).toBe(props);
    const shown = em.ui.alerts.slice(alertsBefore);
    expect(shown).toHaveLength(1);
    expect(shown[0].prompt).toBe('Everything was already set up; nothing changed.');
  });

  it('the former owner can still run the daily notices from the menu (it runs as them, under the lock and send journal)', () => {
    em.setActiveUser(MANAGER);
    em.open();
    const from = em.executions.length;
    em.clickMenu('Run daily notices now');
    const [run] = executionsOf(em, 'runDailyNotices', from);
    expect(run.via).toBe('menu');
    expect(run.user).toBe(MANAGER);
    expect(run.error).toBeUndefined();
    expect(didDailyWork(run.logs)).toBe(true);
    // Nothing went out twice: today's notices were already marked by the owner's run.
    expect(em.outbox.filter((m) => !m.subject.startsWith('Stock alert:')).length).toBe(
      em.outbox.slice(0, mailsAfterDaily).filter((m) => !m.subject.startsWith('Stock alert:')).length,
    );
    // The triggers stay the owner's: a menu run schedules nothing of its own.
    expect(triggersByOwner(em)).toEqual([`onClockTick:clock ${CLERK}`, `onInventoryEdit:edit ${CLERK}`]);
  });

  it('a change held while both people edited is announced once, by the owner’s next hourly run', () => {
    const mails = em.outbox.length;
    const from = em.executions.length;
    em.clock.advance(60 * 60 * 1000);
    const runs = executionsOf(em, 'onClockTick', from);
    expect(runs.map((r) => r.user)).toEqual([CLERK]);
    for (const r of runs) expect(r.error).toBeUndefined();
    // The net change (-3, then 4 within the quiet period) is announced once.
    expect(em.outbox.slice(mails).filter((m) => m.subject.startsWith('Stock alert:')).map((m) => m.subject)).toEqual([
      'Stock alert: Back in stock — OIL-EVO-250',
    ]);
    expect(triggersByOwner(em)).toEqual([`onClockTick:clock ${CLERK}`, `onInventoryEdit:edit ${CLERK}`]);
  });
});
