/**
 * Customer choices recorded from the sidebar (recordChoice, listRefundsDue, markRefunded), run from
 * dist/Code.js in the emulator the way the sidebar calls them, in both deployments (Editor add-on and
 * bound script), and the Activity log rows of set-up, Slack and a manager's send.
 */
import { createEmulator, type Emulator } from '../../emulator';
import { TAB } from '../../src/sheet/schema';
import type { ChoiceResult, MarkRefundedResult, RefundsDueView } from '../../src/shared/choicesTypes';
import type { OrderView } from '../../src/shared/lookupTypes';
import type { ExtendedStockOutReport } from '../../src/shared/stockOutTypes';
import { rowsOf } from './expectedNotices';
import { choicesWorkbook as workbook } from './choicesWorkbook';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2026-03-02T12:30:00Z'; // Monday 07:30 in New York, before the run hour (9)
const AGENT = 'manager@example.com'; // in the demo's Settings › Managers, so the same person can send an update
const OTHER_AGENT = 'agent@shop.test';
const HOSTILE = '=HYPERLINK("http://evil.example","x") <img src=x onerror=alert(1)>';
function shop(mode: 'addon' | 'bound'): Emulator {
  const em = createEmulator({ workbook: workbook(), now: START, mailQuota: 1000, mode, activeUserEmail: AGENT });
  if (mode === 'addon') em.install();
  em.run('setUpSheet');
  return em;
}

const order = (em: Emulator, id: string) => em.runFromBrowser('lookup', `order:${id}`) as OrderView;
const choose = (em: Emulator, request: unknown) => em.runFromBrowser('recordChoice', request) as ChoiceResult;
const orders = (em: Emulator) => rowsOf(em.workbook(), TAB.orders);
const available = (em: Emulator, sku: string) => rowsOf(em.workbook(), TAB.inventory).find((r) => r.SKU === sku)!.Available;
// The agents' own rows; the allocation runs that follow a choice log theirs as `Allocated` (see `allocations`).
const activity = (em: Emulator) => rowsOf(em.workbook(), TAB.activityLog).filter((r) => r.What !== 'Set up' && r.What !== 'Allocated');
const allocations = (em: Emulator) => rowsOf(em.workbook(), TAB.activityLog).filter((r) => r.What === 'Allocated');

describe.each(['addon', 'bound'] as const)('customer choices (%s)', (mode) => {
  test('an agent cancels one line of a two-line order: Cancelled, Available + open units, allocation released, refund due, Activity log; the other line keeps its cadence', () => {
    const em = shop(mode);
    const before = order(em, 'BW-40000');
    expect(before.choices?.ready).toBe(true);
    const honey = before.choices!.lines.find((l) => l.sku === 'HON-350')!;
    expect(honey).toMatchObject({ canCancel: true, openQty: 2, row: 2 });
    // The sidebar shows the order's Notes and Priority.
    expect(before.choices!.lines.find((l) => l.sku === 'SYR-250')).toMatchObject({ priority: 'High', notes: 'Gift wrap' });

    const r = choose(em, { action: 'cancel', orderId: 'BW-40000', sku: 'HON-350', row: honey.row });
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/refund due 2 units, by 2026-03-11/);
    // The refreshed lookup comes back (plain JSON: a Date would have made it null).
    expect(r.lookup?.kind).toBe('order');
    const after = (r.lookup as OrderView).choices!.lines.find((l) => l.sku === 'HON-350')!;
    expect(after).toMatchObject({ statusText: 'Cancelled', canCancel: false, refundDue: '2 units, by 2026-03-11' });

    const [cancelled, other] = orders(em);
    expect(cancelled).toMatchObject({ Status: 'Cancelled', Allocated: '', 'Refund due': '2 units, by 2026-03-11', SKU: 'HON-350' });
    expect(other).toMatchObject({ Status: 'BackOrder', 'Refund due': '' });
    expect(available(em, 'HON-350')).toBe(-1);
    expect(activity(em).map((a) => [a.Who, a.What, a['Order ID'], a.SKU, a.Before, a.After])).toEqual([
      [AGENT, 'Available', 'BW-40000', 'HON-350', -3, -1],
      [AGENT, 'Cancelled', 'BW-40000', 'HON-350', 'BackOrder', 'Cancelled'],
    ]);
    const refunds = em.runFromBrowser('listRefundsDue') as RefundsDueView;
    expect(refunds.refunds.map((x) => [x.orderId, x.sku, x.product, x.by, x.daysLeft])).toEqual([['BW-40000', 'HON-350', 'Clover Honey 350 g', '2026-03-11', 7]]);

    // Eight days of hourly runs: the cancelled line gets nothing more; the other line gets its own day 3 and day 10.
    em.clock.advance(8 * DAY);
    const sent = rowsOf(em.workbook(), TAB.noticeLog).filter((n) => n['Order ID'] === 'BW-40000' && n.Result === 'Sent');
    expect(sent.map((n) => [n.Kind, n.SKUs])).toEqual([
      ['Day 3', 'SYR-250'],
      ['Day 10', 'SYR-250'],
    ]);
    expect(em.outbox.filter((m) => m.to === 'ann@example.com').every((m) => !m.body.includes('Clover Honey'))).toBe(true);
    expect(rowsOf(em.workbook(), TAB.orders)[0]['Notices sent']).toBe('');
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });

  test('Switch keeps the ordered SKU, records the new one and moves the open units between the two Available counts', () => {
    const em = shop(mode);
    // HON-500 just above its Low at (5): taking one unit makes it Low, which Status and the alerts follow.
    em.user.setValue(TAB.inventory, 'D3', 6);
    const mails = em.outbox.length;
    const view = order(em, 'BW-40001');
    const line = view.choices!.lines[0];
    expect(line.switchTo.map((a) => a.sku)).toEqual(['HON-500']);
    const r = choose(em, { action: 'switch', orderId: 'BW-40001', sku: 'HON-350', row: line.row, value: 'HON-500' });
    expect(r).toMatchObject({ ok: true });
    const row = orders(em).find((o) => o['Order ID'] === 'BW-40001')!;
    expect(row).toMatchObject({ SKU: 'HON-350', 'Switched to': 'HON-500', Status: 'BackOrder' });
    expect(available(em, 'HON-350')).toBe(-2);
    expect(available(em, 'HON-500')).toBe(5);
    expect(rowsOf(em.workbook(), TAB.inventory).find((r) => r.SKU === 'HON-500')!.Status).toBe('Low');
    expect(em.outbox.slice(mails).map((m) => [m.to, /HON-500/.test(m.body)])).toEqual([['care@example.com', true]]);
    expect(activity(em).map((a) => [a.What, a.SKU, a.Before, a.After])).toEqual([
      ['Available', 'HON-350', -3, -2],
      ['Available', 'HON-500', 6, 5],
      ['Switched', 'HON-350', '', 'HON-500'],
    ]);
    // The switched line is served from HON-500's stock straight away, and the allocation says who caused it.
    expect(row.Allocated).toBe(1);
    expect(allocations(em).filter((x) => x.SKU === 'HON-500').map((x) => [x.Who, x.Before, x.After])).toEqual([[`choice by ${AGENT}`, 0, 1]]);
    // Switching again is refused; the sheet is unchanged.
    const again = choose(em, { action: 'switch', orderId: 'BW-40001', sku: 'HON-350', value: 'HON-500' });
    expect(again.ok).toBe(false);
    expect(again.message).toMatch(/already switched/);
    expect(available(em, 'HON-500')).toBe(5);
  });

  test('after a switch the lookup shows and replies about the item switched to (its name, its stock, being prepared) and offers no switch again', () => {
    const em = shop(mode);
    const line = order(em, 'BW-40001').choices!.lines[0];
    const r = choose(em, { action: 'switch', orderId: 'BW-40001', sku: 'HON-350', row: line.row, value: 'HON-500' });
    expect(r.ok).toBe(true);
    const view = r.lookup as OrderView;
    expect(view).toEqual(order(em, 'BW-40001'));
    expect(view.lines[0]).toMatchObject({
      sku: 'HON-500',
      product: 'Clover Honey 500 g',
      switchedFrom: { sku: 'HON-350', product: 'Clover Honey 350 g' },
      stock: { text: 'In stock' },
      allocated: 1,
      alternatives: [],
    });
    expect(view.reply).toContain(
      "- Clover Honey 500 g (switched from Clover Honey 350 g, 1 still to come): It is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.",
    );
    expect(view.reply).not.toContain('Switch');
    expect(view.reply).not.toContain('Clover Honey 350 g (1 still to come)');
    expect(view.choices!.lines[0].switchTo).toEqual([]);
    // The item ordered no longer lists the order as waiting for it; the item switched to does.
    expect(em.runFromBrowser('lookup', 'sku:HON-350')).toMatchObject({ waiting: [{ orderId: 'BW-40000' }] });
    expect(em.runFromBrowser('lookup', 'sku:HON-500')).toMatchObject({ waiting: [{ orderId: 'BW-40001', allocated: 1 }] });
  });

  test('a hostile note and reason are stored as text, never as a formula', () => {
    const em = shop(mode);
    expect(choose(em, { action: 'note', orderId: 'BW-40000', sku: 'SYR-250', value: HOSTILE }).ok).toBe(true);
    expect(choose(em, { action: 'escalate', orderId: 'BW-40000', sku: 'SYR-250', value: HOSTILE }).ok).toBe(true);
    const row = orders(em)[1];
    expect(row.Notes).toBe(`Gift wrap\n[2026-03-02 07:30 ${AGENT}] ${HOSTILE}`);
    expect(row.Flag).toBe(`${HOSTILE} — escalated by ${AGENT}, 2026-03-02 07:30`);
    const formulas = (tab: string) => em.spreadsheet.getSheetByName(tab)!.getDataRange().getFormulas().flat();
    expect(formulas(TAB.orders).filter((f) => f !== '')).toEqual([]);
    const log = activity(em);
    expect(log.map((a) => [a.What, a.After])).toEqual([
      ['Note', HOSTILE],
      ['Escalated', row.Flag],
    ]);
    expect(formulas(TAB.activityLog).filter((f) => f !== '')).toEqual([]);
  });

  test('keeps waiting, ship preference and marking a refund made; each is one Activity log row with who', () => {
    const em = shop(mode);
    em.setActiveUser(OTHER_AGENT);
    expect(choose(em, { action: 'consent', orderId: 'BW-40000', sku: '' }).ok).toBe(true);
    expect(orders(em).slice(0, 2).map((o) => o.Consent)).toEqual([`Keeps waiting — ${OTHER_AGENT}, 2026-03-02 07:30`, `Keeps waiting — ${OTHER_AGENT}, 2026-03-02 07:30`]);
    const r = choose(em, { action: 'shipPreference', orderId: 'BW-40000', sku: '', value: 'Wait for all' });
    expect((r.lookup as OrderView).choices).toMatchObject({ shipPreference: 'Wait for all', shipPreferenceIsDefault: false });
    expect(orders(em).slice(0, 2).map((o) => o['Ship preference'])).toEqual(['Wait for all', 'Wait for all']);

    const cancelled = choose(em, { action: 'cancel', orderId: 'BW-40001', sku: 'HON-350' });
    expect(cancelled.ok).toBe(true);
    // The reply the agent pastes tells the customer where the refund stands (never its date).
    expect((cancelled.lookup as OrderView).reply).toMatch(/: cancelled; your full refund is on its way \(within 7 working days of the cancellation\)\./);
    const marked = em.runFromBrowser('markRefunded', { orderId: 'BW-40001', sku: 'HON-350' }) as MarkRefundedResult;
    expect(marked.ok).toBe(true);
    expect((em.runFromBrowser('lookup', 'BW-40001') as OrderView).reply).toMatch(/: cancelled and refunded in full\./);
    expect(marked.view.refunds).toEqual([]);
    const refundedOn = orders(em)[2]['Refunded on'];
    expect(Object.prototype.toString.call(refundedOn)).toBe('[object Date]');
    expect((em.runFromBrowser('markRefunded', { orderId: 'BW-40001', sku: 'HON-350' }) as MarkRefundedResult).ok).toBe(false);
    expect(activity(em).map((a) => [a.Who, a.What])).toEqual([
      [OTHER_AGENT, 'Keeps waiting'],
      [OTHER_AGENT, 'Keeps waiting'],
      [OTHER_AGENT, 'Ship preference'],
      [OTHER_AGENT, 'Available'],
      [OTHER_AGENT, 'Cancelled'],
      [OTHER_AGENT, 'Refunded'],
    ]);
  });

  test('a line that moved since the sidebar showed it is found again by Order ID + SKU', () => {
    const em = shop(mode);
    const row = order(em, 'BW-40000').choices!.lines.find((l) => l.sku === 'SYR-250')!.row;
    // Someone inserts a row above it.
    em.spreadsheet.getSheetByName(TAB.orders)!.insertRowBefore(2);
    expect(choose(em, { action: 'consent', orderId: 'BW-40000', sku: 'SYR-250', row }).ok).toBe(true);
    const syrup = orders(em).find((o) => o.SKU === 'SYR-250')!;
    expect(syrup.Consent).toMatch(/^Keeps waiting/);
    expect(orders(em).filter((o) => o.Consent !== '')).toHaveLength(1);
  });

  test('bad requests are refused with a message and change nothing', () => {
    const em = shop(mode);
    const before = JSON.stringify(em.workbook());
    for (const bad of [null, 'cancel', { action: 'cancel', orderId: 'BW-99999', sku: 'HON-350' }, { action: 'cancel', orderId: 'BW-40000', sku: 'NOPE' }, { action: 'note', orderId: 'BW-40000', value: '   ' }]) {
      const r = choose(em, bad);
      expect(r.ok).toBe(false);
      expect(r.message).not.toBe('');
    }
    expect(JSON.stringify(em.workbook())).toBe(before);
  });
});

describe('under load and contention', () => {
  test('while another run holds the shop lock, nothing is written and the agent is asked to try again', () => {
    const em = shop('addon');
    const release = em.holdDocumentLock();
    const before = JSON.stringify(em.workbook());
    const r = choose(em, { action: 'cancel', orderId: 'BW-40000', sku: 'HON-350' });
    release();
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/busy.*Nothing was changed/);
    expect(r.lookup?.kind).toBe('order');
    expect(JSON.stringify(em.workbook())).toBe(before);
    expect(choose(em, { action: 'cancel', orderId: 'BW-40000', sku: 'HON-350' }).ok).toBe(true);
  });

  test('the Spreadsheet calls of an action do not grow with the number of order lines', () => {
    const calls = (extraLines: number) => {
      const wb = workbook();
      const orders = wb.sheets.find((s) => s.name === TAB.orders)!;
      const filler = orders.values[3];
      for (let i = 0; i < extraLines; i++) orders.values.push(filler.map((v, c) => (c === 0 ? `BW-5${String(i).padStart(4, '0')}` : v)));
      // Each extra line owes one more HON-350, so Available says so (on hand stays what it was).
      const inv = wb.sheets.find((s) => s.name === TAB.inventory)!;
      const availableCol = inv.values[0].indexOf('Available');
      inv.values[1][availableCol] = (inv.values[1][availableCol] as number) - extraLines;
      const em = createEmulator({ workbook: wb, now: START, mailQuota: 1000, activeUserEmail: AGENT });
      em.run('setUpSheet');
      em.resetCalls();
      expect(choose(em, { action: 'cancel', orderId: 'BW-40000', sku: 'HON-350' }).ok).toBe(true);
      return Object.fromEntries(Object.entries(em.calls()).filter(([k]) => /^(Spreadsheet|Sheet|Range)\./.test(k)));
    };
    const small = calls(0);
    expect(calls(2000)).toEqual(small);
    // The order's rows, Inventory and Settings; each tab again just before writing; the Activity log header; the
    // allocation that follows (the Pick list it rewrites); the answer's lookup.
    expect(small['Range.getValues']).toBeLessThanOrEqual(12);
  });
});

describe('Activity log rows for set-up, Slack and a manager send', () => {
  test('set-up writes one row summarising what it did, and none when it changed nothing', () => {
    const em = shop('addon');
    const setUps = () => rowsOf(em.workbook(), TAB.activityLog).filter((r) => r.What === 'Set up');
    expect(setUps()).toHaveLength(1);
    expect(setUps()[0]).toMatchObject({ Who: AGENT });
    expect(String(setUps()[0].Detail)).toMatch(/Created the Activity log tab\..*Installed the hourly run/);
    em.run('setUpSheet');
    expect(setUps()).toHaveLength(1);
  });

  test('connecting Slack is logged without the URL', () => {
    const em = shop('addon');
    const url = 'https://hooks.slack.com/services/T000/B000/SECRETSECRET';
    em.runFromBrowser('connectSlack', url);
    em.runFromBrowser('connectSlack', '');
    const rows = activity(em);
    expect(rows.map((r) => [r.What, r.Before, r.After])).toEqual([
      ['Slack stock alerts', 'Not connected', 'Connected'],
      ['Slack stock alerts', 'Connected', 'Not connected'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('SECRET');
  });

  test("a manager's extended stock-out update is one row", () => {
    const em = shop('addon');
    const report = em.runFromBrowser('sendExtendedStockOut', {
      id: 'update-0001-abcd',
      sku: 'HON-350',
      subject: 'About your honey',
      body: 'Hi {{customer}}, thank you for waiting.\n\n{{message}}',
      message: 'Our beekeeper\n   is late this spring.',
    }) as ExtendedStockOutReport;
    expect(report).toMatchObject({ outcome: 'done', sent: 2 });
    const rows = activity(em);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Who: AGENT, What: 'Extended stock-out update', SKU: 'HON-350', After: 2 });
    // What the manager wrote, on one line (not the template's code).
    expect(String(rows[0].Detail)).toMatch(/^Update update-0001-abcd: sent to 2 of 2, 0 failed, 0 waiting; message "Our beekeeper is late this spring\."$/);
  });
});
