/**
 * Backorder Desk as a published Editor add-on (dist/Code.js in the emulator's add-on mode; build first):
 * one hourly trigger and one edit trigger, menus under Extensions, failures recorded and emailed by the
 * add-on itself, two shops that share nothing, and the move from an earlier bound version.
 */
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import type { StockOutList } from '../../src/shared/stockOutTypes';
import { eligibleOrders, expectedByDay, notices, rowsOf } from './expectedNotices';
import { FakeSlack, startFakeSlack } from './stockAlertsSlackServer';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MANAGER = 'manager@example.com';
const START = '2026-03-02T12:30:00Z'; // 07:30 in New York: the demo's first day, before the run hour (9)

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

const clockTriggers = (em: Emulator) => em.triggers().filter((t) => t.kind === 'clock');
const triggerKinds = (em: Emulator) => em.triggers().map((t) => `${t.handler}:${t.kind}:${t.owner}`).sort();
const runProblems = (em: Emulator) => rowsOf(em.workbook(), TAB.noticeLog).filter((r) => r.Kind === 'Run problem');
const failureMails = (em: Emulator) => em.outbox.filter((m) => m.subject.startsWith('Backorder Desk: The hourly run'));

function withManagers(wb: WorkbookData): WorkbookData {
  const s = wb.sheets.find((x) => x.name === TAB.settings)!;
  const row = s.values.find((r) => r[0] === 'Managers');
  if (row) row[1] = MANAGER;
  else s.values.push(['Managers', MANAGER, '']);
  return wb;
}

function shop(options: Parameters<typeof createEmulator>[0] = {}): Emulator {
  const em = createEmulator({ workbook: withManagers(generateWorkbook({ sendMode: 'Live' })), now: START, mailQuota: 1000, mode: 'addon', activeUserEmail: MANAGER, ...options });
  em.install();
  em.run('setUpSheet');
  return em;
}

describe('set-up and menus as an add-on', () => {
  test('set-up installs exactly one time-driven (hourly) and one edit trigger for the owner; again changes nothing', () => {
    const em = shop();
    expect(triggerKinds(em)).toEqual([`onClockTick:clock:${MANAGER}`, `onInventoryEdit:edit:${MANAGER}`]);
    expect(clockTriggers(em)[0].everyMs).toBe(HOUR);
    const before = JSON.stringify(em.triggers());
    em.run('setUpSheet');
    expect(JSON.stringify(em.triggers())).toBe(before);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
    // Nothing of the shop lives in the Script Properties every installation shares.
    expect(em.scriptProperties()).toEqual({});
    expect(em.documentProperties().BD_TRIGGER_OWNER).toBe(MANAGER);
  });

  test('onOpen before the add-on is enabled runs in AuthMode.NONE and only builds the Extensions menu', () => {
    const em = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), mode: 'addon', addOnName: 'Backorder Desk' });
    em.open();
    const run = em.executions.at(-1)!;
    expect(run.functionName).toBe('onOpen');
    expect(run.error).toBeUndefined();
    expect(em.ui.menus).toHaveLength(1);
    expect(em.ui.menus[0].items).toContainEqual({ label: 'Look up…', functionName: 'showLookupSidebar' });
    // Enabled: onInstall (FULL) shows the same menu at once.
    const menu = JSON.stringify(em.ui.menus);
    em.install();
    expect(em.executions.at(-1)!.functionName).toBe('onInstall');
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(JSON.stringify(em.ui.menus)).toBe(menu);
  });

  test('a bound script gets the top-level "Backorder Desk" menu, an add-on the Extensions one', () => {
    const bound = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }) });
    bound.open();
    const addon = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), mode: 'addon', addOnName: 'Backorder Desk (add-on)' });
    addon.install();
    expect(bound.ui.menus.map((m) => m.title)).toEqual(['Backorder Desk']);
    expect(addon.ui.menus.map((m) => m.title)).toEqual(['Backorder Desk (add-on)']);
    expect(addon.ui.menus[0].items).toEqual(bound.ui.menus[0].items);
  });
});

describe('a simulated week as an add-on: every notice and alert exactly once', () => {
  test('a flapping item, a busy lock at the run hour, a daily run cut by the 6-minute limit and a queued update', async () => {
    const demo = withManagers(generateWorkbook({ sendMode: 'Live' }));
    // A promise far away keeps the consent flow (test/bundle/consent.test.ts) out of this count of day notices.
    demo.sheets.find((x) => x.name === TAB.settings)!.values.find((r) => r[0] === 'Promised ship days')![1] = 365;
    // BD_TIME_BUDGET_MS: the shop lets a run use the whole 6 minutes, so a slow day meets the platform's limit.
    const em = shop({ workbook: demo, documentProperties: { SLACK_WEBHOOK_URL: slack.url, BD_TIME_BUDGET_MS: '600000' } });
    const expected = expectedByDay(eligibleOrders(demo), '2026-03-02', 7);
    const slackFrom = (await slack.delivered()).length;
    const seen: string[] = [];
    let from = 0;
    const day = (d: number, during: () => void) => {
      during();
      em.clock.advanceTo(new Date(new Date(START).getTime() + (d + 1) * DAY));
      const today = notices(em.outbox.slice(from));
      from = em.outbox.length;
      expect({ d, today: today.sort() }).toEqual({ d, today: [...expected[d]].sort() });
      seen.push(...today);
      expect(clockTriggers(em)).toHaveLength(1);
    };

    day(0, () => undefined);
    // Day 1: another run holds the lock across the run hour; the daily notices wait for the next tick, not a day.
    day(1, () => {
      em.clock.advance(1.5 * HOUR);
      const release = em.holdDocumentLock();
      em.clock.advance(1.5 * HOUR);
      release();
    });
    // Day 2: the mail service is slow and the shop let runs use the whole 6 minutes: the platform stops the
    // daily run part-way; the next tick reports it once and sends the rest.
    day(2, () => {
      em.setCallCostMs({ 'MailApp.sendEmail': 400_000 });
      em.run('setUpSheet'); // unchanged set-up is harmless mid-week
      const props = em.documentProperties();
      expect(props.BD_TRIGGER_OWNER).toBe(MANAGER);
      em.clock.advance(2.5 * HOUR);
      em.setCallCostMs(0);
    });
    expect(em.executions.filter((x) => x.error).map((x) => x.error)).toEqual(['Exceeded maximum execution time']);
    expect(runProblems(em).map((r) => String(r.Detail))).toEqual([expect.stringContaining('The hourly run stopped part-way')]);
    expect(failureMails(em).map((m) => m.to)).toEqual([MANAGER]);
    // Day 3: an item flaps within the quiet period and then stays back in stock: announced once each way.
    day(3, () => {
      em.clock.advance(4 * HOUR);
      em.user.setValue(TAB.inventory, 'D2', -3);
      em.clock.advance(2 * 60_000);
      em.user.setValue(TAB.inventory, 'D2', 40);
      em.user.setValue(TAB.inventory, 'D2', -1);
      em.user.setValue(TAB.inventory, 'D2', 40);
    });
    // Day 4: a manager's extended update stops for time and the hourly runs send the rest.
    const list = em.runFromBrowser('listStockOuts') as StockOutList;
    const item = list.items.find((i) => i.customers >= 3)!;
    day(4, () => {
      em.setCallCostMs({ 'MailApp.sendEmail': 60_000 });
      const r = em.runFromBrowser('sendExtendedStockOut', {
        id: '0f8c3a52-1111-4222-8333-00000000aaaa',
        sku: item.sku,
        subject: 'About order {{orderId}}: an update on a longer delay',
        body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
      }) as { waiting: number };
      expect(r.waiting).toBeGreaterThan(0);
      em.setCallCostMs(0);
    });
    // The update was an email about those orders: their day notices keep the minimum gap (4 days) after it,
    // so none of them is due again this week.
    const updatedOrders = new Set(item.waiting.map((w) => w.orderId));
    for (const d of [5, 6]) expected[d] = new Set([...expected[d]].filter((k) => !updatedOrders.has(k.split('|')[0])));
    day(5, () => undefined);
    day(6, () => undefined);

    expect(new Set(seen).size).toBe(seen.length);
    const update = em.outbox.filter((m) => m.subject.includes('an update on a longer delay')).map((m) => m.to);
    expect(update).toHaveLength(item.waiting.length === 0 ? item.customers : new Set(item.waiting.map((w) => w.email)).size);
    expect(new Set(update).size).toBe(update.length);
    const alerts = (await slack.delivered()).slice(slackFrom);
    expect(alerts.filter((a) => a.includes('OIL-EVO-250'))).toEqual([expect.stringContaining('Out of stock: OIL-EVO-250'), expect.stringContaining('Back in stock: OIL-EVO-250')]);
    // One time-driven trigger all week, and the failure was emailed once.
    expect(clockTriggers(em)).toHaveLength(1);
    expect(failureMails(em)).toHaveLength(1);
  });
});

describe('failures are seen', () => {
  test('a run that throws leaves a Run problem row and one email to the owner and managers a day, however often it fails', () => {
    // The document's property store is all but full (330 bytes left): the send journal cannot be written, so
    // the daily run throws; the small failure record still fits.
    const setUp = shop();
    const props = setUp.documentProperties();
    let free = 500 * 1024 - Object.entries(props).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0) - 330;
    for (let i = 0; free > 0; i++) {
      const key = `FILLER_${String(i).padStart(2, '0')}`;
      const size = Math.min(9_000, free - key.length);
      props[key] = 'x'.repeat(Math.max(0, size));
      free -= key.length + Math.max(0, size);
    }
    const em = createEmulator({ workbook: setUp.workbook(), now: START, mailQuota: 1000, mode: 'addon', activeUserEmail: MANAGER, documentProperties: props });
    em.install();
    em.run('setUpSheet');
    em.clock.advance(3 * HOUR);
    const ticks = em.executions.filter((x) => x.functionName === 'onClockTick');
    expect(ticks).toHaveLength(3);
    for (const t of ticks) expect(t.error).toBeUndefined(); // reported by the add-on, not thrown to nobody
    const rows = runProblems(em);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(String(rows[0].Detail)).toMatch(/^The hourly run failed: .*property storage quota/);
    expect(rows[0].Result).toBe('Failed');
    expect(failureMails(em).map((m) => m.to)).toEqual([MANAGER]);
    expect(failureMails(em)[0].body).toContain('property storage quota');
    expect(em.failureEmails).toEqual([]); // add-ons get no failure email from Apps Script
    // Fixed (the filler removed): the next tick sends the due notices, each once.
    const fixed = createEmulator({ workbook: em.workbook(), now: em.clock.now(), mailQuota: 1000, mode: 'addon', activeUserEmail: MANAGER, documentProperties: Object.fromEntries(Object.entries(em.documentProperties()).filter(([k]) => !k.startsWith('FILLER_'))) });
    fixed.install();
    fixed.run('setUpSheet');
    fixed.clock.advance(HOUR);
    const sent = notices(fixed.outbox);
    expect(sent.length).toBeGreaterThan(0);
    expect(new Set(sent).size).toBe(sent.length);
  });

  test('a bound script gets the platform failure email too when an entry point throws; an add-on only its own', () => {
    const bound = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), triggers: [{ handler: 'noSuchFunction', kind: 'clock', after: 1000 }] });
    bound.clock.advance(2000);
    expect(bound.failureEmails.map((f) => [f.handler, f.error])).toEqual([['noSuchFunction', 'Script function not found: noSuchFunction']]);
    const addon = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), mode: 'addon', triggers: [{ handler: 'noSuchFunction', kind: 'clock', after: 1000 }] });
    addon.clock.advance(2000);
    expect(addon.failureEmails).toEqual([]);
  });
});

describe('two shops, one add-on', () => {
  test('nothing of one shop reaches the other: webhook, owner, schedule, triggers and lock are per spreadsheet', async () => {
    const wbA = withManagers(generateWorkbook({ sendMode: 'Live' }));
    wbA.id = 'shop-a-spreadsheet';
    const wbB = withManagers(generateWorkbook({ sendMode: 'Live' }));
    wbB.id = 'shop-b-spreadsheet';
    const a = createEmulator({ workbook: wbA, now: START, mode: 'addon', activeUserEmail: MANAGER, documentProperties: { SLACK_WEBHOOK_URL: `${slack.url}?shop=a` } });
    const b = createEmulator({ workbook: wbB, now: START, mode: 'addon', activeUserEmail: MANAGER, sameAddonAs: a, documentProperties: { SLACK_WEBHOOK_URL: `${slack.url}?shop=b` } });
    for (const em of [a, b]) {
      em.install();
      em.run('setUpSheet');
    }
    // The same person, two documents: one time-driven trigger in each is allowed; each sees its own.
    expect(clockTriggers(a)).toHaveLength(1);
    expect(clockTriggers(b)).toHaveLength(1);
    expect(clockTriggers(a)[0].uid).not.toBe(clockTriggers(b)[0].uid);
    expect(a.scriptProperties()).toEqual({});

    // Shop A's stock-out posts to shop A's Slack only.
    a.user.setValue(TAB.inventory, 'D2', -3);
    expect(a.http.map((h) => h.url)).toEqual([`${slack.url}?shop=a`]);
    expect(b.http).toEqual([]);

    // Shop A's long run holds A's lock; shop B's hourly run is not blocked by it.
    const release = a.holdDocumentLock();
    b.clock.advance(3 * HOUR);
    release();
    expect(notices(b.outbox).length).toBeGreaterThan(0);
    expect(a.outbox.filter((m) => /Your order/.test(m.subject))).toEqual([]);
    expect(b.documentProperties().BD_SCHEDULE).toContain('dailyDoneOn');
    expect(a.documentProperties().BD_SCHEDULE ?? '').not.toContain('dailyDoneOn');
  });
});

describe('moving from an earlier bound version', () => {
  test('one set-up run replaces the daily and one-off triggers, moves the state to the document, and loses or repeats no notice', () => {
    const demo = generateWorkbook({ sendMode: 'Live' });
    const expected = expectedByDay(eligibleOrders(demo), '2026-03-02', 3);
    // An earlier version ran the daily notices at 9 in a bound script: its run today was cut off after sending
    // one notice (recorded in its journal), and a stock follow-up was still scheduled.
    const [first] = [...expected[0]];
    const [orderId, milestone] = first.split('|');
    const order = eligibleOrders(demo).find((o) => o.id === orderId)!;
    const at = new Date(START).getTime() - 60_000;
    const entry = ['s', first, orderId, order.email, `Day ${milestone}`, 'SKU', `Your order ${orderId}`, at, '2026-03-02', 900, 0, { m: Number(milestone), s: [] }, ''];
    const em = createEmulator({
      workbook: demo,
      now: START,
      mailQuota: 1000,
      activeUserEmail: MANAGER,
      scriptProperties: {
        BD_TRIGGER_OWNER: MANAGER,
        BD_DAILY_TRIGGER: JSON.stringify({ uid: 'old', hour: 9, timeZone: 'America/New_York' }),
        BD_CONTINUATION_runStockAlerts: 'old-follow-up',
        SLACK_WEBHOOK_URL: slack.url,
        'BD_JOURNAL_daily.n': '1',
        'BD_JOURNAL_daily.0': JSON.stringify([JSON.stringify(entry)]),
        SOMEONE_ELSES_KEY: 'kept',
      },
      triggers: [
        { handler: 'runDailyNotices', kind: 'clock', atHour: 9, owner: MANAGER },
        { handler: 'runStockAlerts', kind: 'clock', after: 10 * 60_000, owner: MANAGER },
        { handler: 'onInventoryEdit', kind: 'edit', owner: MANAGER },
      ],
    });
    em.run('setUpSheet');
    expect(triggerKinds(em)).toEqual([`onClockTick:clock:${MANAGER}`, `onInventoryEdit:edit:${MANAGER}`]);
    expect(em.scriptProperties()).toEqual({ SOMEONE_ELSES_KEY: 'kept' });
    const doc = em.documentProperties();
    expect(doc.SLACK_WEBHOOK_URL).toBe(slack.url);
    expect(doc.BD_TRIGGER_OWNER).toBe(MANAGER);
    expect(doc.BD_DAILY_TRIGGER).toBeUndefined();

    const sent: string[] = [];
    for (let d = 0; d < 3; d++) {
      const before = em.outbox.length;
      em.clock.advanceTo(new Date(new Date(START).getTime() + (d + 1) * DAY));
      const today = notices(em.outbox.slice(before));
      const want = d === 0 ? [...expected[0]].filter((k) => k !== first) : [...expected[d]];
      expect(today.sort()).toEqual(want.sort());
      sent.push(...today);
    }
    // The notice the earlier version sent is recorded on the sheet and in the log, not sent again.
    expect(sent).not.toContain(first);
    const log = rowsOf(em.workbook(), TAB.noticeLog).filter((r) => r['Order ID'] === orderId && r.Result === 'Sent');
    expect(log).toHaveLength(1);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });
});
