/**
 * Stock alerts in the emulator (dist/Code.js; build first): failed posts are retried by the daily
 * run, the flap rule and its follow-up run, a busy lock, changes that fired no trigger, and the
 * Connect Slack dialog.
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

function demo(): Emulator {
  const wb = generateWorkbook();
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
  inv.values[1][inv.values[0].indexOf('Available')] = 5;
  const em = createEmulator({ workbook: wb, scriptProperties: { SLACK_WEBHOOK_URL: slack.url } });
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
    em.clock.advance(11 * MIN); // no edit: the follow-up run announces it when the quiet period ends
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

describe('the follow-up run (runStockAlerts)', () => {
  const followUps = (em: Emulator) => em.triggers().filter((t) => t.handler === 'runStockAlerts');
  const runs = (em: Emulator) => em.executions.filter((x) => x.functionName === 'runStockAlerts');

  it('announces a held change with no further edit, only the net change, once, and removes its trigger', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3); // announced: out of stock
    em.clock.advance(2 * MIN);
    em.user.setValue(TAB.inventory, 'D2', 40); // held
    em.user.setValue(TAB.inventory, 'D2', -1); // back to the announced state
    em.user.setValue(TAB.inventory, 'D2', 3); // held again: the net change is "back, and low"
    expect(await delivered(from)).toHaveLength(1);
    expect(followUps(em)).toHaveLength(1);
    const due = followUps(em)[0].due!.getTime();
    const now = em.clock.now().getTime();
    expect(due).toBeGreaterThan(now);
    expect(due).toBeLessThanOrEqual(now + 8 * MIN + MIN); // when the quiet period ends, not 10 minutes after the last edit

    em.clock.advance(11 * MIN);
    expect(runs(em)).toHaveLength(1);
    expect(runs(em)[0].error).toBeUndefined();
    const posts = await delivered(from);
    expect(posts).toHaveLength(2);
    expect(posts[1].split('\n')).toHaveLength(1);
    expect(posts[1]).toContain('Back in stock: OIL-EVO-250');
    expect(posts[1]).toContain('Available 3');
    expect(followUps(em)).toHaveLength(0);

    em.clock.advance(60 * MIN);
    expect(await delivered(from)).toHaveLength(2);
    expect(runs(em)).toHaveLength(1);
  });

  it('a held change that flips back sends nothing; the follow-up still removes its trigger', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3);
    em.clock.advance(MIN);
    em.user.setValue(TAB.inventory, 'D2', 40); // held
    em.user.setValue(TAB.inventory, 'D2', -2); // flipped back
    em.clock.advance(11 * MIN);
    expect(runs(em)).toHaveLength(1);
    expect(await delivered(from)).toHaveLength(1);
    expect(followUps(em)).toHaveLength(0);
  });

  it('an edit that finds the script lock busy schedules one follow-up, which posts once after the lock is released', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    const release = em.holdScriptLock();
    em.user.setValue(TAB.inventory, 'D2', -3);
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(followUps(em)).toHaveLength(1);
    const uid = followUps(em)[0].uid;
    em.user.setValue(TAB.inventory, 'D3', -4);
    expect(followUps(em).map((t) => t.uid)).toEqual([uid]);
    // Still busy when the follow-up comes: it tries again a minute later, still one trigger, nothing sent.
    em.clock.advance(90_000);
    expect(runs(em)).toHaveLength(1);
    expect(followUps(em)).toHaveLength(1);
    expect(await delivered(from)).toHaveLength(0);

    release();
    em.clock.advance(2 * MIN);
    expect(runs(em)).toHaveLength(2);
    const posts = await delivered(from);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-250');
    expect(posts[0]).toContain('Out of stock: OIL-EVO-500');
    expect(followUps(em)).toHaveLength(0);
    em.clock.advance(60 * MIN);
    expect(await delivered(from)).toHaveLength(1);
  });

  it('repeated held edits never create a second trigger; a change still held gets the next one', async () => {
    const em = demo();
    const from = (await slack.delivered()).length;
    em.user.setValue(TAB.inventory, 'D2', -3); // announced
    em.clock.advance(2 * MIN);
    em.user.setValue(TAB.inventory, 'D3', -4); // announced (another SKU, its own quiet period)
    em.clock.advance(MIN);
    em.user.setValue(TAB.inventory, 'D2', 40); // held
    expect(followUps(em)).toHaveLength(1);
    const first = followUps(em)[0];
    for (const v of [41, 42, -1, 43]) em.user.setValue(TAB.inventory, 'D2', v);
    em.user.setValue(TAB.inventory, 'D3', 50); // held, due later: the earlier trigger is kept
    em.user.setValues(TAB.inventory, 'D2:D3', [[44], [51]]);
    expect(followUps(em)).toEqual([first]);
    expect(await delivered(from)).toHaveLength(2);

    em.clock.advance(8 * MIN); // the first follow-up: OIL-EVO-250 is back; OIL-EVO-500 is still held
    expect(runs(em)).toHaveLength(1);
    let posts = await delivered(from);
    expect(posts).toHaveLength(3);
    expect(posts[2]).toContain('Back in stock: OIL-EVO-250');
    expect(posts[2]).not.toContain('OIL-EVO-500');
    expect(followUps(em)).toHaveLength(1);
    expect(followUps(em)[0].uid).not.toBe(first.uid);

    em.clock.advance(5 * MIN);
    expect(runs(em)).toHaveLength(2);
    posts = await delivered(from);
    expect(posts).toHaveLength(4);
    expect(posts[3]).toContain('Back in stock: OIL-EVO-500');
    expect(followUps(em)).toHaveLength(0);
  });
});

describe('Connect Slack', () => {
  it('opens the dialog, checks the URL, stores it, never sends it back, and disconnects', () => {
    const em = createEmulator();
    em.run('showConnectSlackDialog');
    expect(em.ui.dialogs.at(-1)!.title).toBe('Connect Slack');
    expect(em.ui.dialogs.at(-1)!.html).toContain('Incoming-webhook URL');

    expect(em.runFromBrowser('getSlackConnection')).toEqual({ ok: true, connected: false, message: 'Slack is not connected.' });
    const bad = em.runFromBrowser('connectSlack', 'https://example.com/hook') as { ok: boolean; connected: boolean };
    expect(bad).toMatchObject({ ok: false, connected: false });
    expect(em.scriptProperties().SLACK_WEBHOOK_URL).toBeUndefined();

    const url = 'https://hooks.slack.com/services/T0001/B0001/abcdefghijkl';
    const good = em.runFromBrowser('connectSlack', `  ${url} `);
    expect(good).toMatchObject({ ok: true, connected: true });
    expect(JSON.stringify(good)).not.toContain('hooks.slack.com');
    expect(em.scriptProperties().SLACK_WEBHOOK_URL).toBe(url);
    expect(JSON.stringify(em.runFromBrowser('getSlackConnection'))).not.toContain('hooks.slack.com');
    expect(em.runFromBrowser('getSlackConnection')).toMatchObject({ connected: true });

    expect(em.runFromBrowser('connectSlack', '')).toMatchObject({ ok: true, connected: false });
    expect(em.scriptProperties().SLACK_WEBHOOK_URL).toBeUndefined();
  });
});
