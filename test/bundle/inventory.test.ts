/**
 * Inventory edits in the emulator (dist/Code.js; build first): Status and colours follow Available,
 * stock alerts reach a real local HTTP server standing in for Slack, and an edit costs a bounded
 * number of Spreadsheet calls.
 */
import { createEmulator, Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';
import { FakeSlack, startFakeSlack } from './stockAlertsSlackServer';

const RED = '#f4c7c3';
const GREEN = '#b7e1cd';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

async function newPosts(before: number): Promise<string[]> {
  return (await slack.delivered()).slice(before);
}

/** The demo workbook with its first item at 5 units, set up, with Slack pointing at the local server. */
function demo(options: { skus?: number; orderLines?: number } = {}): Emulator {
  const wb = generateWorkbook(options);
  const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
  inv.values[1][inv.values[0].indexOf('Available')] = 5;
  // isSlackWebhookUrl accepts only hooks.slack.com; the stored URL is used as is.
  const em = createEmulator({ workbook: wb, documentProperties: { SLACK_WEBHOOK_URL: slack.url } });
  em.run('setUpSheet');
  return em;
}

describe('editing Inventory', () => {
  it('Available 5 -> -3 turns the row red, sets Status, and posts exactly one Slack message; the same value again posts nothing', async () => {
    const em = demo();
    const sent = (await slack.delivered()).length;
    expect(em.values(TAB.inventory)![1][5]).toBe('Low');
    const mailsBefore = em.outbox.length;

    em.user.setValue(TAB.inventory, 'D2', -3);
    expect(em.executions.at(-1)!.functionName).toBe('onInventoryEdit');
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(em.values(TAB.inventory)![1][5]).toBe('Out of stock');
    expect(em.model.cellFormat(TAB.inventory, 2, 4).background).toBe(RED);
    expect(em.model.cellFormat(TAB.inventory, 2, 6).background).toBe(RED);
    const posts = await newPosts(sent);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-250');
    expect(posts[0]).toContain('3 units backordered');
    // The internal channel also gets an email (Settings › Alert emails).
    expect(em.outbox.slice(mailsBefore).map((m) => [m.to, m.subject])).toEqual([['care@example.com', 'Stock alert: Out of stock — OIL-EVO-250']]);

    em.user.setValue(TAB.inventory, 'D2', -3);
    em.user.setValue(TAB.inventory, 'D2', -5);
    expect(await newPosts(sent)).toHaveLength(1);
    expect(em.outbox.length).toBe(mailsBefore + 1);
  });

  it('counts the customers waiting and carries the internal expected date', async () => {
    const em = demo();
    const inv = em.values(TAB.inventory)!;
    const orders = em.values(TAB.orders)!;
    const h = orders[0];
    // An item with open backorders in the demo.
    const key = (v: unknown) => String(v).trim().toUpperCase();
    const open = orders.slice(1).filter((r) => ['BACKORDER', 'INVHOLD', 'PARTIAL'].includes(key(r[h.indexOf('Status')])));
    const sku = String(open[0][h.indexOf('SKU')]).trim();
    const lines = open.filter((r) => key(r[h.indexOf('SKU')]) === key(sku) && Number(r[h.indexOf('Qty')]) > Number(r[h.indexOf('Shipped')] || 0));
    const customers = new Set(lines.map((r) => String(r[h.indexOf('Email')]).trim().toLowerCase())).size;
    const row = inv.findIndex((r) => r[0] === sku) + 1;
    const sent = (await slack.delivered()).length;
    // Make sure it is in stock first (announced once back), then out with a date.
    em.user.setValues(TAB.inventory, `D${row}:G${row}`, [[500, '', '', '']]);
    em.clock.advance(11 * 60_000);
    em.user.setValues(TAB.inventory, `D${row}:G${row}`, [[-2, '', '', '2026-04-15']]);
    const posts = await newPosts(sent);
    const out = posts.find((p) => p.includes(`Out of stock: ${sku}`))!;
    expect(out).toBeDefined();
    expect(out).toContain(`${customers} customer${customers === 1 ? '' : 's'} waiting`);
    expect(out).toContain('Expected restock 2026-04-15');
  });

  it('handles a pasted block of 20 rows (no values in the event) with one message', async () => {
    const em = demo();
    const sent = (await slack.delivered()).length;
    const before = em.values(TAB.inventory)!;
    const block = Array.from({ length: 20 }, (_v, i) => [i % 2 === 0 ? -1 - i : 400 + i]);
    em.user.setValues(TAB.inventory, 'D2:D21', block);
    expect(em.executions.at(-1)!.error).toBeUndefined();
    const inv = em.values(TAB.inventory)!;
    for (let i = 0; i < 20; i++) {
      expect(inv[i + 1][5]).toBe(i % 2 === 0 ? 'Out of stock' : 'In stock');
      expect(em.model.cellFormat(TAB.inventory, i + 2, 4).background).toBe(i % 2 === 0 ? RED : GREEN);
    }
    const posts = await newPosts(sent);
    expect(posts).toHaveLength(1);
    // Expected from the sheet alone: a row whose Available crossed 0 going down is announced out of
    // stock, one that crossed it going up is back (rows already on that side before say nothing).
    const h = before[0];
    const out = (row: unknown[]) => typeof row[h.indexOf('Available')] === 'number' && (row[h.indexOf('Available')] as number) <= 0;
    const rows = Array.from({ length: 20 }, (_v, i) => ({ sku: String(inv[i + 1][h.indexOf('SKU')]), was: out(before[i + 1]), now: out(inv[i + 1]) }));
    const wantOut = rows.filter((r) => r.now && !r.was).map((r) => r.sku).sort();
    const wantBack = rows.filter((r) => !r.now && r.was).map((r) => r.sku).sort();
    expect(wantOut.length).toBeGreaterThan(0);
    const lines = posts[0].split('\n');
    const announced = (head: string) =>
      lines.filter((l) => l.includes(`${head}: `)).map((l) => l.slice(l.indexOf(`${head}: `) + head.length + 2).split(' ')[0]).sort();
    expect(announced('Out of stock')).toEqual(wantOut);
    expect(announced('Back in stock')).toEqual(wantBack);
    expect(lines).toHaveLength(wantOut.length + wantBack.length);
    // Pasting the same block again sends nothing.
    em.user.setValues(TAB.inventory, 'D2:D21', block);
    expect(await newPosts(sent)).toHaveLength(1);
  });

  it('ignores edits on other tabs and in other Inventory columns', async () => {
    const em = demo();
    const sent = (await slack.delivered()).length;
    em.resetCalls();
    em.user.setValue(TAB.orders, 'N2', 'called the customer');
    em.user.setValue(TAB.inventory, 'H2', 'supplier says soon');
    expect(em.callCount('Range.getValues')).toBe(1); // the Inventory edit reads its tab to find the columns
    expect(em.callCount('Range.setValues')).toBe(0);
    expect(await newPosts(sent)).toHaveLength(0);
  });

  it('costs the same number of Spreadsheet calls on the demo and on a 10x bigger workbook', async () => {
    const count = (em: Emulator) => {
      em.resetCalls();
      em.user.setValue(TAB.inventory, 'D2', -3);
      expect(em.executions.at(-1)!.error).toBeUndefined();
      const spreadsheet = ['SpreadsheetApp.', 'Spreadsheet.', 'Sheet.', 'Range.'].reduce((n, p) => n + em.callCount(p), 0);
      return { spreadsheet, fetch: em.callCount('UrlFetchApp.'), mail: em.callCount('MailApp.sendEmail') };
    };
    const small = count(demo());
    const big = count(demo({ skus: 400, orderLines: 3000 }));
    expect(big).toEqual(small);
    // An Available edit also runs the allocation: Orders (read for the alert anyway) and the Pick list, read once each.
    expect(small.spreadsheet).toBeLessThanOrEqual(23);
    expect(small.fetch).toBe(1);
  });

  it('a second edit while another run holds the lock announces nothing twice; the next edit catches up', async () => {
    const em = demo();
    const sent = (await slack.delivered()).length;
    const release = em.holdDocumentLock();
    em.user.setValue(TAB.inventory, 'D2', -3);
    expect(em.executions.at(-1)!.error).toBeUndefined();
    release();
    expect(await newPosts(sent)).toHaveLength(0);
    em.user.setValue(TAB.inventory, 'H2', 'x'); // not a watched column: still nothing
    em.user.setValue(TAB.inventory, 'E2', '');
    const posts = await newPosts(sent);
    expect(posts).toHaveLength(1);
    expect(posts[0]).toContain('Out of stock: OIL-EVO-250');
  });

  it('a new Low stock default in Settings recolours the sheet at once (the rules embed it)', () => {
    const em = demo();
    expect(em.model.cellFormat(TAB.inventory, 2, 4).background).toBe('#fce8b2'); // 5 units, default 10: Low
    const row = em.values(TAB.settings)!.findIndex((r) => r[0] === 'Low stock default') + 1;
    em.user.setValue(TAB.settings, `B${row}`, 3);
    expect(em.executions.at(-1)!.error).toBeUndefined();
    expect(em.model.cellFormat(TAB.inventory, 2, 4).background).toBe(GREEN);
    expect(em.values(TAB.inventory)![1][5]).toBe('In stock');
    // Set-up afterwards finds everything in place.
    const before = JSON.stringify(em.workbook());
    em.run('setUpSheet');
    expect(JSON.stringify(em.workbook())).toBe(before);
  });
});
