/**
 * Stock alerts in the emulator (dist/Code.js; build first): failed posts are retried by the daily
 * run, the flap rule and the hourly tick that announces held changes, a busy lock, changes that fired
 * no trigger, and the Connect Slack dialog.
 */
import { createEmulator, Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import { FakeSlack, startFakeSlack } from './stockAlertsSlackServer';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
afterEach(() => slack.answerWith(200));

const MIN = 60_000;

function demo(mode: 'bound' | 'addon' = 'bound'): Emulator {
  const wb = generateWorkbook();
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
  inv.values[1][inv.values[0].indexOf('Available')] = 5;
  const em = createEmulator({ workbook: wb, mode, documentProperties: { SLACK_WEBHOOK_URL: slack.url } });
  em.run('setUpSheet');
  return em;
}

async function delivered(from: number): Promise<string[]> {
  return (await slack.delivered()).slice(from);
}

describe('stock alerts', () => {
  it('a Slack 500 does not fail the edit; the next daily run retries it once', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    const postsBefore = (await slack.posts()).length;
    await slack.answerWith(500);
    em.user.setValue(TAB.inventory, 'D2', -3);
    const edit = em.executions.at(-1)!;
    expect(edit.functionName).toBe('onInventoryEdit');
    expect(edit.error).toBeUndefined();
    expect(edit.logs.join('\n')).toContain('Slack answered HTTP 500');
    expect(em.values(TAB.inventory)![1][5]).toBe('Out of stock');
    expect((await slack.posts()).slice(postsBefore).map((p) => p.answered)).toEqual([500]);
    // Nothing is announced twice meanwhile.
    em.user.setValue(TAB.inventory, 'D2', -4);
    expect((await slack.posts()).length).toBe(postsBefore + 1);

    await slack.answerWith(200);
    em.run('runDailyNotices');
    const posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatch(/^\(delayed, from 2026-03-02 09:00\) :red_circle: Out of stock: OIL-EVO-250/);
    em.run('runDailyNotices');
    expect(await delivered(from)).toHaveLength(1);
  });

  it('flap rule: flipping back within 10 minutes sends nothing more; a lasting change is announced after the quiet period', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3); // announced: out of stock
    em.clock.advance(2 * MIN);
    em.user.setValue(TAB.inventory, 'D2', 5); // held
    em.clock.advance(2 * MIN);
    em.user.setValue(TAB.inventory, 'D2', -3); // back to the announced state
    em.clock.advance(8 * MIN);
    em.user.setValue(TAB.inventory, 'D2', -2); // same state, after the quiet period
    let posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-250');

    em.user.setValue(TAB.inventory, 'D2', 40); // more than 10 minutes after the alert: back in stock at once
    posts = await delivered(from);
    expect(posts).toHaveLength(2);
    expect(posts[1]).toContain('Back in stock: OIL-EVO-250');
    em.user.setValue(TAB.inventory, 'D2', 0); // within 10 minutes: held
    expect(await delivered(from)).toHaveLength(2);
    em.clock.advance(60 * MIN); // no edit: the next hourly run announces it (the quiet period has ended)
    posts = await delivered(from);
    expect(posts).toHaveLength(3);
    expect(posts[2]).toContain('Out of stock: OIL-EVO-250');
    em.user.setValue(TAB.inventory, 'E9', 3); // a later stock edit has nothing more to announce
    expect(await delivered(from)).toHaveLength(3);
  });

  it('a new expected restock while out of stock is announced once', async () => {
    const em = demo();
    em.user.setValue(TAB.inventory, 'D2', -3);
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'G2', '2026-03-20');
    em.user.setValue(TAB.inventory, 'G2', '2026-03-20');
    const posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('New expected restock: OIL-EVO-250');
    expect(posts[0]).toContain('Expected restock 2026-03-20 (was not set)');
  });

  it('changes written by a script (no trigger fires) are caught by the daily run', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    // An import writes with setValues: Apps Script fires no edit trigger for that.
    em.spreadsheet.getSheetByName(TAB.inventory)!.getRange('D3').setValue(-7);
    expect(em.executions.at(-1)!.functionName).toBe('setUpSheet');
    em.run('runDailyNotices');
    const posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-500');
    expect(em.values(TAB.inventory)![2][5]).toBe('Out of stock');
  });

  it('set-up never announces: the current states are its baseline', async () => {
    const from = (await slack.delivered()).length;
    const em = demo();
    em.run('setUpSheet');
    expect(await delivered(from)).toHaveLength(0);
    expect(em.outbox).toHaveLength(0);
    // The memory fits Script Properties' 9 KB per value.
    for (const [k, v] of Object.entries(em.scriptProperties())) expect(Buffer.byteLength(k + v, 'utf8')).toBeLessThan(9 * 1024);
  });
});

describe('held changes and the hourly tick (add-on mode)', () => {
  const ticks = (em: Emulator) => em.executions.filter((x) => x.functionName === 'onClockTick');
  const clockTriggers = (em: Emulator) => em.triggers().filter((t) => t.kind === 'clock');

  it('announces a held change with no further edit, only the net change, once, and adds no trigger', async () => {
    const em = demo('addon');
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3); // announced: out of stock
    em.clock.advance(2 * MIN);
    em.user.setValue(TAB.inventory, 'D2', 40); // held
    em.user.setValue(TAB.inventory, 'D2', -1); // back to the announced state
    em.user.setValue(TAB.inventory, 'D2', 3); // held again: the net change is "back, and low"
    expect(await delivered(from)).toHaveLength(1);
    expect(clockTriggers(em)).toHaveLength(1);
    expect(clockTriggers(em)[0].handler).toBe('onClockTick');

    em.clock.advance(60 * MIN);
    expect(ticks(em)).toHaveLength(1);
    expect(ticks(em)[0].error).toBeUndefined();
    const posts = await delivered(from);
    expect(posts).toHaveLength(2);
    expect(posts[1].split('\n')).toHaveLength(1);
    expect(posts[1]).toContain('Back in stock: OIL-EVO-250');
    expect(posts[1]).toContain('Available 3');
    expect(clockTriggers(em)).toHaveLength(1);

    em.clock.advance(3 * 60 * MIN);
    expect(await delivered(from)).toHaveLength(2);
    expect(ticks(em)).toHaveLength(4);
  });

  it('a held change that flips back sends nothing', async () => {
    const em = demo('addon');
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3);
    em.clock.advance(MIN);
    em.user.setValue(TAB.inventory, 'D2', 40); // held
    em.user.setValue(TAB.inventory, 'D2', -2); // flipped back
    em.clock.advance(60 * MIN);
    expect(ticks(em)).toHaveLength(1);
    expect(await delivered(from)).toHaveLength(1);
  });

  it('edits that find the lock busy are announced once, by the first tick after the lock is released', async () => {
    const em = demo('addon');
    const from = (await slack.delivered()).length;
    const release = em.holdDocumentLock();
    em.user.setValue(TAB.inventory, 'D2', -3);
    expect(em.executions.at(-1)!.error).toBeUndefined();
    em.user.setValue(TAB.inventory, 'D3', -4);
    // Still busy at the tick: it does nothing and leaves the work due.
    em.clock.advance(60 * MIN);
    expect(ticks(em)).toHaveLength(1);
    expect(await delivered(from)).toHaveLength(0);

    release();
    em.clock.advance(60 * MIN);
    expect(ticks(em)).toHaveLength(2);
    const posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-250');
    expect(posts[0]).toContain('Out of stock: OIL-EVO-500');
    em.clock.advance(60 * MIN);
    expect(await delivered(from)).toHaveLength(1);
    expect(clockTriggers(em)).toHaveLength(1);
  });
});

describe('Connect Slack', () => {
  it('opens the dialog, checks the URL, stores it, never sends it back, and disconnects', () => {
    const em = createEmulator();
    // Set-up records who runs the triggers: that person (or a manager) may connect Slack.
    em.run('setUpSheet');
    em.run('showConnectSlackDialog');
    expect(em.ui.dialogs.at(-1)!.title).toBe('Connect Slack');
    expect(em.ui.dialogs.at(-1)!.html).toContain('Incoming-webhook URL');

    expect(em.runFromBrowser('getSlackConnection')).toEqual({ ok: true, connected: false, message: 'Slack is not connected.', canChange: true });
    const bad = em.runFromBrowser('connectSlack', 'https://example.com/hook') as { ok: boolean; connected: boolean };
    expect(bad).toMatchObject({ ok: false, connected: false });
    expect(em.documentProperties().SLACK_WEBHOOK_URL).toBeUndefined();

    const url = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijkl';
    const good = em.runFromBrowser('connectSlack', `  ${url} `);
    expect(good).toMatchObject({ ok: true, connected: true });
    expect(JSON.stringify(good)).not.toContain('hooks.slack.com');
    expect(em.documentProperties().SLACK_WEBHOOK_URL).toBe(url);
    expect(JSON.stringify(em.runFromBrowser('getSlackConnection'))).not.toContain('hooks.slack.com');
    expect(em.runFromBrowser('getSlackConnection')).toMatchObject({ connected: true });

    expect(em.runFromBrowser('connectSlack', '')).toMatchObject({ ok: true, connected: false });
    expect(em.documentProperties().SLACK_WEBHOOK_URL).toBeUndefined();
  });
});
