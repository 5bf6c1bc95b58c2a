/**
 * The daily notices, run from dist/Code.js inside the emulator on the demo workbook.
 * Expected emails are computed here, independently of the product's planner, from the generated rows.
 */
import { createEmulator, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { DEMO_BAD_ROWS, generateWorkbook } from '../../examples/generate';
import { daysFrom, eligibleOrders, expectedByDay, isDate, local, notices, rowsOf } from './expectedNotices';

const DAY_MS = 86_400_000;
function withSettings(wb: WorkbookData, values: Record<string, string>): WorkbookData {
  const copy: WorkbookData = JSON.parse(JSON.stringify(wb), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v));
  const s = copy.sheets.find((x) => x.name === 'Settings')!;
  for (const [name, value] of Object.entries(values)) {
    const row = s.values.find((r) => r[0] === name);
    if (row) row[1] = value;
    else s.values.push([name, value, '']);
  }
  return copy;
}

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const demo = generateWorkbook({ sendMode: 'Live' });
const dayZero = expectedByDay(eligibleOrders(demo), '2026-03-02', 1)[0];

function emulator(options: EmulatorOptions = {}): Emulator {
  return createEmulator({ workbook: demo, now: START, mailQuota: 1000, ...options });
}
const noticeLog = (emu: Emulator) => rowsOf(emu.workbook(), 'Notice log');

describe('daily notices over 45 days on the demo workbook', () => {
  test('the exact set of emails each day, none twice, through the hourly trigger set-up installs (add-on mode)', () => {
    const emu = createEmulator({ workbook: demo, now: '2026-03-02T12:30:00Z', mailQuota: 1000, mode: 'addon' });
    expect(emu.functionNames).toContain('setUpSheet');
    emu.run('setUpSheet');
    expect(emu.triggers().filter((t) => t.kind === 'clock').map((t) => [t.handler, t.everyMs])).toEqual([['onClockTick', 3_600_000]]);
    const expected = expectedByDay(eligibleOrders(demo), '2026-03-02', 45);
    const everything: string[] = [];
    let seen = 0;
    for (let d = 0; d < 45; d++) {
      emu.clock.advance(DAY_MS);
      const today = notices(emu.outbox.slice(seen));
      seen = emu.outbox.length;
      expect({ day: d, emails: [...today].sort() }).toEqual({ day: d, emails: [...expected[d]].sort() });
      everything.push(...today);
    }
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything.length).toBeGreaterThan(40);
    // Every notice went to the order's address and every run finished cleanly.
    const emailOf = new Map(eligibleOrders(demo).map((o) => [o.id, o.email]));
    for (const m of emu.outbox.filter((x) => /Your order/.test(x.subject))) expect(m.to).toBe(emailOf.get(/BW-\d+/.exec(m.subject)![0]));
    const ticks = emu.executions.filter((e) => e.functionName === 'onClockTick');
    expect(ticks).toHaveLength(45 * 24);
    expect(ticks.filter((r) => r.error)).toEqual([]);
    // The daily notices ran once a day, at 09:00 in New York (Settings › Daily run hour), across the change to summer time.
    const dailyRuns = ticks.filter((r) => r.logs.some((l) => /^Daily notices: \d+ planned/.test(l)));
    expect(dailyRuns).toHaveLength(45);
    for (const r of dailyRuns) expect(r.startedAt.toLocaleString('en-US', { timeZone: 'America/New_York', hour: 'numeric', hour12: false })).toBe('09');
    // The log has one Sent row per email.
    const sentRows = noticeLog(emu).filter((r) => r.Result === 'Sent');
    expect(sentRows.map((r) => `${r['Order ID']}|${String(r.Kind).replace('Day ', '')}`).sort()).toEqual([...everything].sort());
  });

  test('re-running the same day sends nothing new; the Orders tab records sent and skipped milestones', () => {
    const emu = emulator();
    emu.run('runDailyNotices');
    const first = notices(emu.outbox);
    expect(new Set(first)).toEqual(dayZero);
    emu.run('runDailyNotices');
    expect(notices(emu.outbox)).toEqual(first);
    const orders = rowsOf(emu.workbook(), 'Orders');
    for (const key of first) {
      const [id, m] = key.split('|');
      const lines = orders.filter((r) => r['Order ID'] === id && String(r['Notices sent']) !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(String(l['Notices sent']).split(', ')).toContain(m);
        expect(isDate(l['Last notice'])).toBe(true);
      }
    }
    expect(orders.some((r) => /\d+ \(skipped\)/.test(String(r['Notices sent'])))).toBe(true);
  });

  test('a second run while one holds the lock exits without sending', () => {
    const emu = emulator();
    const release = emu.holdDocumentLock();
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    release();
    emu.run('runDailyNotices');
    expect(new Set(notices(emu.outbox))).toEqual(dayZero);
  });
});

describe('never twice, never lost', () => {
  /** The same spreadsheet, properties and remaining quota in a fresh emulator with no call costs: "the next run". */
  function nextRun(killed: Emulator, dropProperties: string[] = []): Emulator {
    const props = { ...killed.documentProperties() };
    for (const p of dropProperties) delete props[p];
    return createEmulator({ workbook: killed.workbook(), now: killed.clock.now(), mailQuota: killed.mailQuotaRemaining(), documentProperties: props });
  }

  test.each([1, 4, 11, 20])('killed by the 6-minute limit at email %i: the next run sends exactly the others', (k) => {
    const emu = emulator({ callCostMs: { 'MailApp.sendEmail': Math.floor(360_000 / (k - 0.5)) }, documentProperties: { BD_TIME_BUDGET_MS: '600000' } });
    expect(() => emu.run('runDailyNotices')).toThrow('Exceeded maximum execution time');
    const before = notices(emu.outbox);
    expect(before).toHaveLength(k - 1);
    const next = nextRun(emu, ['BD_TIME_BUDGET_MS']);
    next.run('runDailyNotices');
    const after = notices(next.outbox);
    expect(after).toHaveLength(dayZero.size - before.length);
    expect(new Set([...before, ...after])).toEqual(dayZero);
    // Every email of the killed run is in the log exactly once, from the journal.
    const sentRows = noticeLog(next).filter((r) => r.Result === 'Sent').map((r) => r['Order ID']);
    expect(sentRows.sort()).toEqual([...before, ...after].map((x) => x.split('|')[0]).sort());
  });

  test.each([70_000, 95_000, 130_000])('killed while writing the journal (%i ms per write): all sent once in the end', (cost) => {
    const emu = emulator({ callCostMs: { 'Properties.setProperty': cost }, documentProperties: { BD_TIME_BUDGET_MS: '600000' } });
    expect(() => emu.run('runDailyNotices')).toThrow('Exceeded maximum execution time');
    const before = notices(emu.outbox);
    const next = nextRun(emu, ['BD_TIME_BUDGET_MS']);
    next.run('runDailyNotices');
    const after = notices(next.outbox);
    expect(after.filter((x) => before.includes(x))).toEqual([]);
    expect(new Set([...before, ...after])).toEqual(dayZero);
    expect(Object.keys(next.documentProperties()).filter((p) => p.startsWith('BD_JOURNAL'))).toEqual([]);
  });

  test('mail service errors: Failed rows, and the next run sends those', () => {
    const emu = emulator();
    emu.failNextMails(3, 'Service error: Mail');
    emu.run('runDailyNotices');
    const first = notices(emu.outbox);
    expect(first).toHaveLength(dayZero.size - 3);
    const failed = noticeLog(emu).filter((r) => r.Result === 'Failed');
    expect(failed).toHaveLength(3);
    expect(String(failed[0].Detail)).toMatch(/Service error: Mail/);
    emu.run('runDailyNotices');
    const second = notices(emu.outbox).slice(first.length);
    expect(second.sort()).toEqual(failed.map((r) => `${r['Order ID']}|${String(r.Kind).replace('Day ', '')}`).sort());
    expect(new Set(notices(emu.outbox))).toEqual(dayZero);
  });

  test('the quota is checked before each send; oldest backorders first; the rest goes next run', () => {
    const emu = emulator({ mailQuota: 10 });
    emu.run('runDailyNotices');
    const first = notices(emu.outbox);
    expect(first).toHaveLength(10);
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    const since = new Map(eligibleOrders(demo).map((o) => [o.id, o.since]));
    const sentSince = first.map((x) => since.get(x.split('|')[0])!);
    const waitingSince = [...dayZero].filter((x) => !first.includes(x)).map((x) => since.get(x.split('|')[0])!);
    for (const s of sentSince) for (const w of waitingSince) expect(s <= w).toBe(true);
    // Each next day the quota is back and the waiting ones go (oldest first; a milestone may move on meanwhile).
    for (let d = 1; d <= 3; d++) {
      emu.clock.advance(DAY_MS);
      emu.run('runDailyNotices');
      expect(notices(emu.outbox)).toHaveLength(10 * (d + 1));
    }
    const all = notices(emu.outbox);
    const ids = new Set(all.map((x) => x.split('|')[0]));
    expect([...dayZero].filter((x) => !ids.has(x.split('|')[0]))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });

  test('the time budget: progress saved, the next hourly runs continue, no trigger added (add-on mode)', () => {
    const emu = emulator({ callCostMs: { 'MailApp.sendEmail': 30_000 }, mode: 'addon' });
    emu.run('setUpSheet');
    emu.run('runDailyNotices');
    const schedule = () => JSON.parse(emu.documentProperties().BD_SCHEDULE ?? '{}') as { continueDaily?: boolean };
    expect(notices(emu.outbox).length).toBeLessThan(dayZero.size);
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    expect(schedule().continueDaily).toBe(true);
    // Sent so far is already on the sheet (no journal left behind).
    expect(Object.keys(emu.documentProperties()).filter((p) => p.startsWith('BD_JOURNAL'))).toEqual([]);
    for (let i = 0; i < 10 && schedule().continueDaily; i++) {
      emu.clock.advance(60 * 60_000);
      expect(emu.triggers().filter((t) => t.kind === 'clock')).toHaveLength(1);
    }
    expect(schedule().continueDaily).toBeUndefined();
    const all = notices(emu.outbox);
    expect(new Set(all)).toEqual(dayZero);
    expect(all).toHaveLength(dayZero.size);
    expect(emu.executions.filter((e) => e.functionName === 'onClockTick' && e.logs.some((l) => l.startsWith('Daily notices'))).length).toBeGreaterThan(1);
  });
});

describe('Test mode', () => {
  test('every email goes to the Test recipient, marked [TEST], and nothing is marked as sent', () => {
    const emu = emulator({ workbook: withSettings(demo, { 'Send mode': 'Test', 'Test recipient': 'qa@example.com' }) });
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBe(dayZero.size);
    for (const m of emu.outbox) {
      expect(m.to).toBe('qa@example.com');
      expect(m.subject.startsWith('[TEST] ')).toBe(true);
    }
    const orders = rowsOf(emu.workbook(), 'Orders');
    for (const r of orders) expect(String(r['Notices sent'])).not.toMatch(/(^|, )\d+(,|$)/);
    expect(orders.every((r) => r['Last notice'] === '')).toBe(true);
    const sent = noticeLog(emu).filter((r) => r.Result === 'Sent');
    expect(sent).toHaveLength(dayZero.size);
    for (const r of sent) expect(String(r.Detail)).toMatch(/Test mode/);
    // A re-run the same day does not repeat the tests.
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBe(dayZero.size);
  });

  test('no valid Test recipient: nothing sent, a clear message in the log', () => {
    const emu = emulator({ workbook: withSettings(demo, { 'Send mode': 'Test', 'Test recipient': '' }) });
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    const row = noticeLog(emu).find((r) => /Test recipient/.test(String(r.Detail)));
    expect(row).toBeDefined();
    expect(String(row!.Detail)).toMatch(/nothing|not sent/i);
  });
});

describe('bad rows and the log', () => {
  test('each bad row is skipped with its reason, once per milestone, and never stops the run', () => {
    const emu = emulator();
    emu.run('runDailyNotices');
    const log = noticeLog(emu);
    const reasons: Record<string, RegExp> = { email: /not a valid address/, qty: /Qty "two"/, date: /"soonish" is not a date/, sku: /NOPE-000/ };
    for (const bad of DEMO_BAD_ROWS) {
      const rows = log.filter((r) => r['Order ID'] === bad.orderId);
      expect(rows).toHaveLength(1);
      expect(rows[0].Result).toBe('Skipped');
      expect(String(rows[0].Detail)).toMatch(reasons[bad.problem]);
    }
    expect(new Set(notices(emu.outbox))).toEqual(dayZero);
    // The next days do not repeat them until the row reaches its next milestone (the bad email line reaches day 17 on day 5).
    for (let d = 1; d <= 5; d++) {
      emu.clock.advance(DAY_MS);
      emu.run('runDailyNotices');
    }
    const later = noticeLog(emu).filter((r) => DEMO_BAD_ROWS.some((b) => b.orderId === r['Order ID']));
    // Day 0: the bad email (12 days) at 10, Qty (8 days) and SKU (5 days) at 3, the unreadable date once.
    // Day 2: Qty reaches 10. Day 5: email reaches 17, SKU reaches 10.
    expect(later.map((r) => `${local(r['Sent at'] as Date)} ${r['Order ID']} ${r.Kind}`)).toEqual([
      '2026-03-02 BW-09995 Day 10',
      '2026-03-02 BW-09996 Day 3',
      '2026-03-02 BW-09997 ',
      '2026-03-02 BW-09998 Day 3',
      '2026-03-04 BW-09996 Day 10',
      '2026-03-07 BW-09995 Day 17',
      '2026-03-07 BW-09998 Day 10',
    ]);
  });

  test('a backlog import writes one Skipped row per order, listing the milestones passed over; every milestone is marked', () => {
    const backlog = generateWorkbook({ sendMode: 'Live', orderLines: 3000, badRows: false });
    const emu = createEmulator({ workbook: backlog, now: START, mailQuota: 100_000 });
    emu.run('runDailyNotices');
    const orders = eligibleOrders(backlog).map((o) => ({ ...o, age: daysFrom(o.since, '2026-03-02') }));
    const pastLast = orders.filter((o) => o.age > 30);
    expect(pastLast.length).toBeGreaterThan(50);
    const skipped = noticeLog(emu).filter((r) => r.Result === 'Skipped');
    // Exactly one row per order past the last notice, none for the others.
    expect(skipped.map((r) => r['Order ID']).sort()).toEqual(pastLast.map((o) => o.id).sort());
    const byId = new Map(skipped.map((r) => [String(r['Order ID']), r]));
    for (const o of pastLast) {
      const r = byId.get(o.id)!;
      expect(r.Kind).toBe('Day 30');
      expect(String(r.Email).toLowerCase()).toBe(o.email);
      expect(r.Detail).toBe(`Days 3, 10, 17, 23, 30 passed over (not sent): the backorder was already at day ${o.age}, past the last automatic notice (day 30).`);
    }
    // The Orders tab records every milestone on every open line, so none is considered again.
    const ids = new Set(pastLast.map((o) => o.id));
    const lines = rowsOf(emu.workbook(), 'Orders').filter((r) => ids.has(String(r['Order ID'])) && String(r['Notices sent']) !== '');
    expect(new Set(lines.map((r) => r['Order ID']))).toEqual(ids);
    for (const l of lines) expect(l['Notices sent']).toBe('3 (skipped), 10 (skipped), 17 (skipped), 23 (skipped), 30 (skipped)');
    // Sent notices name only the latest milestone reached; the earlier ones are marked, not logged.
    expect(noticeLog(emu).filter((r) => r.Result === 'Sent')).toHaveLength(orders.filter((o) => o.age >= 3 && o.age <= 30).length);
    // The next day nothing of the backlog is logged again.
    const before = noticeLog(emu).length;
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    expect(noticeLog(emu).slice(before).filter((r) => ids.has(String(r['Order ID'])))).toEqual([]);
  });

  test('a SKU as long as a cell holds is a problem of its row: the log row is cut to fit, the run goes on', () => {
    const shop = withSettings(demo, {});
    const target = eligibleOrders(shop).find((o) => o.lines.length === 1 && [...dayZero].some((k) => k.startsWith(`${o.id}|`)))!;
    const orders = shop.sheets.find((s) => s.name === 'Orders')!;
    const [head] = orders.values;
    const huge = `Q${'9'.repeat(49_999)}`;
    for (const row of orders.values) if (row[head.indexOf('Order ID')] === target.id) row[head.indexOf('SKU')] = huge;
    const emu = emulator({ workbook: shop });
    emu.run('runDailyNotices');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    expect(new Set(notices(emu.outbox))).toEqual(new Set([...dayZero].filter((k) => !k.startsWith(`${target.id}|`))));
    const rows = noticeLog(emu).filter((r) => r['Order ID'] === target.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].Result).toBe('Skipped');
    const detail = String(rows[0].Detail);
    expect(detail.length).toBe(50_000);
    expect(/^Bad row \d+: SKU "Q9+…$/.test(detail)).toBe(true);
  });

  test('every log row is complete: time, order, kind, result; sent rows carry the subject', () => {
    const emu = emulator();
    emu.run('runDailyNotices');
    const log = noticeLog(emu);
    expect(log.length).toBeGreaterThan(dayZero.size);
    for (const r of log) {
      expect(isDate(r['Sent at'])).toBe(true);
      expect(['Sent', 'Failed', 'Skipped']).toContain(r.Result);
      if (r.Result === 'Sent') expect(String(r.Subject)).toMatch(/^Your order BW-\d+/);
    }
  });
});

describe('speed', () => {
  test('Spreadsheet calls do not grow with order lines', () => {
    const count = (lines: number) => {
      const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live', orderLines: lines }), now: START, mailQuota: 100_000 });
      emu.resetCalls();
      emu.run('runDailyNotices');
      const c = emu.calls();
      const sheetCalls = Object.entries(c).filter(([k]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(k));
      return { calls: Object.fromEntries(sheetCalls), mails: notices(emu.outbox).length };
    };
    const small = count(300);
    const big = count(3000);
    expect(big.mails).toBeGreaterThan(small.mails * 5);
    expect(big.calls).toEqual(small.calls);
  });
});

describe('a Notice log at the end of its grid', () => {
  // Sheets does not add rows when a script writes below the last one: the log must grow its grid first.
  test('a 1,000-row log with data up to row 999 takes a run that logs 300 rows: every notice sent once and logged', () => {
    const shop = generateWorkbook({ sendMode: 'Live', orderLines: 1500, badRows: false });
    const log = shop.sheets.find((s) => s.name === 'Notice log')!;
    const header = log.values[0];
    const old = new Date('2026-01-05T15:00:00Z');
    log.values = [header, ...Array.from({ length: 998 }, (_, i) => header.map((h) => ({ 'Sent at': old, 'Order ID': `OLD-${i}`, Email: 'old@example.com', Kind: 'Day 3', Result: 'Sent' } as Record<string, unknown>)[String(h)] ?? '') as WorkbookData['sheets'][0]['values'][0])];
    log.maxRows = 1000;
    const emu = createEmulator({ workbook: shop, now: START, mailQuota: 100_000 });
    const expected = expectedByDay(eligibleOrders(shop), '2026-03-02', 1)[0];
    emu.run('runDailyNotices');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    const sent = notices(emu.outbox);
    expect(sent.sort()).toEqual([...expected].sort());
    const rows = noticeLog(emu).slice(998);
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(noticeLog(emu).slice(0, 998).every((r, i) => r['Order ID'] === `OLD-${i}`)).toBe(true);
    const logged = rows.filter((r) => r.Result === 'Sent').map((r) => `${r['Order ID']}|${String(r.Kind).replace('Day ', '')}`);
    expect(logged.sort()).toEqual(sent);
    expect(emu.workbook().sheets.find((s) => s.name === 'Notice log')!.maxRows).toBe(999 + rows.length);
    // The grid grew with one insert, not one per row.
    expect(emu.callCount('Sheet.insertRowsAfter')).toBe(1);
  });
});
