/**
 * What a new shop meets first, run from dist/Code.js in the emulator: set-up starts in Test mode, Live takes
 * effect only once the go-live checklist is complete (and says why not, once), *Go live…* shows the checklist,
 * and *Run daily notices now* asks first, with the number of emails, and is for managers only in Live.
 */
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { rowsOf } from './expectedNotices';

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const MANAGER = 'manager@example.com';

function setting(wb: WorkbookData, name: string, value: string | null): WorkbookData {
  const s = wb.sheets.find((x) => x.name === 'Settings')!;
  const i = s.values.findIndex((r) => r[0] === name);
  if (value === null) s.values.splice(i, 1);
  else if (i >= 0) s.values[i][1] = value;
  else s.values.push([name, value, '']);
  return wb;
}

/** The demo as an export from another tool: no Settings and no Templates tab. */
function imported(): WorkbookData {
  const wb = generateWorkbook();
  wb.sheets = wb.sheets.filter((s) => s.name !== 'Settings' && s.name !== 'Templates');
  return wb;
}

const settingValue = (emu: Emulator, name: string) => rowsOf(emu.workbook(), 'Settings').find((r) => r.Setting === name)?.Value;
const customerMail = (emu: Emulator) => emu.outbox.filter((m) => m.to !== MANAGER && m.to !== 'qa@example.com' && !/^\[TEST\]/.test(m.subject));
const log = (emu: Emulator) => rowsOf(emu.workbook(), 'Notice log');

describe('a new shop starts in Test mode', () => {
  test('set-up on an imported sheet writes Send mode = Test, and the first daily run emails no customer', () => {
    const emu = createEmulator({ workbook: imported(), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    expect(settingValue(emu, 'Send mode')).toBe('Test');
    expect(settingValue(emu, 'Sender name')).toBe('');
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    // No Test recipient yet: the Notice log says what was held back and why.
    expect(log(emu).some((r) => /Send mode is Test but Settings › Test recipient is blank/.test(String(r.Detail)))).toBe(true);
  });

  test('finding 3: a deleted Send mode row means Test, and no customer is emailed', () => {
    const wb = setting(setting(generateWorkbook({ sendMode: 'Live' }), 'Send mode', null), 'Test recipient', 'qa@example.com');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(customerMail(emu)).toEqual([]);
    expect(emu.outbox.every((m) => m.to === 'qa@example.com' && m.subject.startsWith('[TEST] '))).toBe(true);
  });

  test('finding 3: a renamed Settings tab means Test, and no customer is emailed', () => {
    const wb = generateWorkbook({ sendMode: 'Live' });
    wb.sheets.find((s) => s.name === 'Settings')!.name = 'Settings (old)';
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    expect(customerMail(emu)).toEqual([]);
  });
});

describe('Live is refused while the go-live checklist has gaps', () => {
  test('Live typed with no reply-to and no support phone runs as Test, and the Notice log says why once', () => {
    const wb = setting(setting(generateWorkbook({ sendMode: 'Live' }), 'Reply-to', ''), 'Support phone', '');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(customerMail(emu)).toEqual([]);
    const why = (e: Emulator) => log(e).filter((r) => /Send mode says Live, but the go-live checklist is not complete \(missing: Reply-to, Support phone\)/.test(String(r.Detail)));
    expect(why(emu)).toHaveLength(1);
    // Nothing is marked sent in Test mode.
    expect(rowsOf(emu.workbook(), 'Orders').filter((r) => /^\d/.test(String(r['Notices sent'])) && !/skipped/.test(String(r['Notices sent'])))).toEqual([]);
    emu.clock.advance(86_400_000);
    expect(customerMail(emu)).toEqual([]);
    expect(why(emu)).toHaveLength(1);
    // Completing the checklist makes the typed Live take effect on the next run.
    emu.user.setValue('Settings', `B${rowsOf(emu.workbook(), 'Settings').findIndex((r) => r.Setting === 'Reply-to') + 2}`, 'help@example.com');
    emu.user.setValue('Settings', `B${rowsOf(emu.workbook(), 'Settings').findIndex((r) => r.Setting === 'Support phone') + 2}`, '(555) 010-4477');
    emu.run('runDailyNotices');
    expect(customerMail(emu).length).toBeGreaterThan(0);
  });

  test('Go live… lists what is missing and leaves Send mode at Test', () => {
    const wb = setting(setting(generateWorkbook(), 'Managers', ''), 'Sender name', '');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('showGoLive');
    const alert = emu.ui.alerts.at(-1)!;
    expect(alert.title).toBe('Not ready to go live');
    expect(alert.prompt).toMatch(/✗ missing: Sender name/);
    expect(alert.prompt).toMatch(/✓ Reply-to/);
    expect(alert.prompt).toMatch(/✓ Support phone/);
    expect(alert.prompt).toMatch(/✗ missing: Managers/);
    expect(settingValue(emu, 'Send mode')).toBe('Test');
  });

  test('Go live… with the checklist complete asks, then sets Live and records who did it; a No changes nothing', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    emu.ui.queueAlertResponse('NO');
    emu.run('showGoLive');
    expect(emu.ui.alerts.at(-1)!.title).toBe('Go live?');
    expect(settingValue(emu, 'Send mode')).toBe('Test');
    emu.ui.queueAlertResponse('YES');
    emu.run('showGoLive');
    expect(settingValue(emu, 'Send mode')).toBe('Live');
    expect(rowsOf(emu.workbook(), 'Activity log').filter((r) => r.What === 'Went live' && r.Who === MANAGER)).toHaveLength(1);
    emu.run('runDailyNotices');
    expect(customerMail(emu).length).toBeGreaterThan(0);
  });

  test('Go live… by someone who is not a manager changes nothing', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.ui.queueAlertResponse('YES');
    emu.run('showGoLive');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/Only the managers/);
    expect(settingValue(emu, 'Send mode')).toBe('Test');
  });
});

describe('Run daily notices now', () => {
  test('asks first, naming the number of emails it will send; No sends nothing, Yes sends exactly that many', () => {
    const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.open();
    emu.ui.queueAlertResponse('NO');
    emu.open();
    emu.clickMenu('Run daily notices now');
    const question = emu.ui.alerts.at(-1)!;
    expect(question.title).toBe('Run daily notices now?');
    const n = Number(/This sends (\d+) emails? now to customers/.exec(question.prompt)![1]);
    expect(n).toBeGreaterThan(0);
    expect(emu.outbox).toEqual([]);
    emu.ui.queueAlertResponse('YES');
    emu.clickMenu('Run daily notices now');
    expect(emu.outbox).toHaveLength(n);
  });

  test('in Live only managers may run it', () => {
    const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.open();
    emu.ui.queueAlertResponse('YES');
    emu.clickMenu('Run daily notices now');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/only the managers listed in Settings › Managers can run the daily notices by hand; clerk@example.com is not one of them/);
    expect(emu.outbox).toEqual([]);
  });

  test('in Test anyone may run it, and the question says the emails go to the Test recipient', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.open();
    emu.clickMenu('Run daily notices now');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/now to the Test recipient \(manager@example.com\), since Send mode is Test/);
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(emu.outbox.every((m) => m.to === MANAGER && m.subject.startsWith('[TEST] '))).toBe(true);
  });
});
