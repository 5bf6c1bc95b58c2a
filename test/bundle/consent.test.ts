/**
 * The consent deadline of the US mail-order rule, run from dist/Code.js inside the emulator as an Editor add-on
 * (the hourly trigger set-up installs runs the daily run): a consent request once the promised ship time has passed,
 * no silence for a customer already past the last milestone at install, consent recorded by an agent stops the
 * cancellation, and without it the line is cancelled at the deadline with one email and a refund due.
 */
import { createEmulator, type CellValue, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import { defaultTemplate } from '../../src/core/templates';
import EARLIER from './earlierDefaultTemplates.json';
import { rowsOf } from './expectedNotices';

const DAY = 86_400_000;
const START = '2026-03-02T12:30:00Z'; // 7:30 in New York, before the run hour (9)
const MANAGER = 'manager@example.com';
const SKU = 'OIL-CONSENT-1';
/** 45 days before the first day (2026-03-02, New York). */
const OLD = new Date('2026-01-16T17:00:00Z');

interface Line {
  id: string;
  email: string;
  customer: string;
  orderDate: Date;
  qty: number;
  sku?: string;
  status?: string;
  shipped?: number;
  /** `Notices sent` as recorded by earlier runs. */
  notices?: string;
  /** `Backordered since` (blank: the order date). */
  since?: Date;
}

/** A second out-of-stock item, on the Inventory tab when a line orders it. */
const SKU2 = 'VIN-CONSENT-2';

function shopWith(lines: Line[], settings: Record<string, CellValue> = {}, options: Partial<EmulatorOptions> = {}): Emulator {
  const wb: WorkbookData = generateWorkbook({ orderLines: 20, badRows: false });
  const sheet = (name: string) => wb.sheets.find((s) => s.name === name)!.values;
  const inv = sheet('Inventory');
  const ih = inv[0].map(String);
  const item: CellValue[] = ih.map(() => '');
  item[ih.indexOf('SKU')] = SKU;
  item[ih.indexOf('Product')] = 'Olive Oil, Early Harvest';
  item[ih.indexOf('Available')] = -lines.filter((l) => (l.sku ?? SKU) === SKU && !l.status).reduce((n, l) => n + l.qty, 0);
  inv.push(item);
  if (lines.some((l) => l.sku === SKU2)) {
    const item2 = [...item];
    item2[ih.indexOf('SKU')] = SKU2;
    item2[ih.indexOf('Product')] = 'Balsamic Vinegar, Aged';
    item2[ih.indexOf('Available')] = -lines.filter((l) => l.sku === SKU2 && !l.status).reduce((n, l) => n + l.qty, 0);
    inv.push(item2);
  }
  const orders = sheet('Orders');
  const oh = orders[0].map(String);
  orders.splice(1);
  for (const l of lines) {
    const row: CellValue[] = oh.map(() => '');
    const set = (h: string, v: CellValue) => (row[oh.indexOf(h)] = v);
    set('Order ID', l.id);
    set('Order date', l.orderDate);
    set('Customer', l.customer);
    set('Email', l.email);
    set('Segment', 'DML');
    set('SKU', l.sku ?? SKU);
    set('Qty', l.qty);
    set('Shipped', l.shipped ?? (l.status === 'Shipped' ? l.qty : 0));
    set('Status', l.status ?? 'BackOrder');
    set('Notices sent', l.notices ?? '');
    if (l.since) set('Backordered since', l.since);
    orders.push(row);
  }
  const st = sheet('Settings');
  for (const [name, value] of Object.entries({ 'Send mode': 'Live', Managers: MANAGER, ...settings })) {
    const row = st.find((r) => r[0] === name);
    if (row) row[1] = value;
    else st.push([name, value, '']);
  }
  const em = createEmulator({ workbook: wb, now: START, mailQuota: 1000, mode: 'addon', activeUserEmail: MANAGER, ...options });
  em.install();
  em.run('setUpSheet');
  return em;
}

const orders = (em: Emulator) => rowsOf(em.workbook(), 'Orders');
const line = (em: Emulator, id: string) => orders(em).find((r) => r['Order ID'] === id)!;
const mailsTo = (em: Emulator, to: string) => em.outbox.filter((m) => m.to === to);
const available = (em: Emulator) => rowsOf(em.workbook(), 'Inventory').find((r) => r.SKU === SKU)!.Available;
/** Runs the hourly trigger through the next `days` days (the daily run at 9:00 New York each day). */
const days = (em: Emulator, n: number) => em.clock.advance(n * DAY);

describe('the consent deadline (US mail-order rule)', () => {
  test('a customer at day 45 at install gets a consent request, not silence; consent recorded before the deadline stops the cancellation; no consent: cancelled at the deadline with one email and a refund due', () => {
    const em = shopWith([
      { id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 2 },
      { id: 'BW-2', email: 'bob@example.com', customer: 'Bob Roe', orderDate: OLD, qty: 3 },
      { id: 'BW-2', email: 'bob@example.com', customer: 'Bob Roe', orderDate: OLD, qty: 1, sku: 'DEMO-SHIPPED', status: 'Shipped' },
    ]);
    days(em, 1);
    // Day 45 at install: no day notice (all passed before the add-on knew the order), a consent request to each.
    for (const to of ['ann@example.com', 'bob@example.com']) {
      const mails = mailsTo(em, to);
      expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Your order BW-\d: please tell us whether to keep waiting$/)]);
      expect(mails[0].body).toMatch(/reply to this email[^.]*and say so/);
      // Asked on 2026-03-02, cancelled on 2026-03-17 (30 days after the promise): in words, never a date.
      expect(mails[0].body).toMatch(/If we do not hear from you, we will cancel the backordered item in about two weeks and refund you in full within 7 working days/);
      expect(mails[0].body).toMatch(/We cannot give you a revised shipping date/);
      expect(findExactDates(mails[0].body)).toEqual([]);
    }
    // Only part of Bob's order waits.
    expect(mailsTo(em, 'bob@example.com')[0].body).toContain('Part of your order BW-2 is still on backorder');
    expect(mailsTo(em, 'ann@example.com')[0].body).toContain('Your order BW-1 is still on backorder');
    const log = rowsOf(em.workbook(), 'Notice log');
    expect(log.filter((r) => r.Kind === 'Consent request' && r.Result === 'Sent').map((r) => r['Order ID']).sort()).toEqual(['BW-1', 'BW-2']);
    expect(String(line(em, 'BW-1')['Notices sent'])).toBe('3 (skipped), 10 (skipped), 17 (skipped), 23 (skipped), 30 (skipped), consent asked 2026-03-02');

    // Bob answers on day 5: an agent records his consent.
    days(em, 4);
    const consentCol = String.fromCharCode(65 + em.values('Orders')![0].indexOf('Consent'));
    const bobRow = orders(em).findIndex((r) => r['Order ID'] === 'BW-2') + 2;
    em.user.setValue('Orders', `${consentCol}${bobRow}`, 'Keeps waiting (care@example.com)');

    // The deadline: 30 days after the promised ship time (order + 30 days) = 2026-03-17 in New York.
    days(em, 10); // through 2026-03-16
    expect(em.outbox.filter((m) => /cancelled/.test(m.subject))).toEqual([]);
    expect(line(em, 'BW-1').Status).toBe('BackOrder');
    const before = Number(available(em));
    days(em, 1); // 2026-03-17
    const cancelled = em.outbox.filter((m) => /we have cancelled/.test(m.subject));
    expect(cancelled.map((m) => m.to)).toEqual(['ann@example.com']);
    expect(cancelled[0].body).toContain('We did not hear that you wanted to keep waiting, so, as we wrote we would, we are cancelling what is still on backorder. We have cancelled the item of your order BW-1 that we could not ship:');
    expect(cancelled[0].body).toContain('- Olive Oil, Early Harvest (2 cancelled)');
    expect(cancelled[0].body).toMatch(/full refund for it within 7 working days/);
    const ann = line(em, 'BW-1');
    expect(ann.Status).toBe('Cancelled');
    expect(ann.Allocated).toBe('');
    expect(ann['Refund due']).toBe('2 units, by 2026-03-26');
    expect(Number(available(em))).toBe(before + 2);
    const activity = rowsOf(em.workbook(), 'Activity log');
    expect(activity.filter((r) => r.What === 'Cancelled at consent deadline').map((r) => [r['Order ID'], r.SKU, r.Before, r.After])).toEqual([['BW-1', SKU, 'BackOrder', 'Cancelled']]);
    expect(activity.filter((r) => r.What === 'Available').map((r) => [r.SKU, r.Before, r.After])).toEqual([[SKU, before, before + 2]]);
    // Consent recorded before the deadline: no cancellation.
    expect(line(em, 'BW-2').Status).toBe('BackOrder');
    expect(mailsTo(em, 'bob@example.com').filter((m) => /cancelled/.test(m.subject))).toEqual([]);

    // Nothing more afterwards: one cancellation email, one consent request each.
    days(em, 10);
    expect(em.outbox.filter((m) => /we have cancelled/.test(m.subject))).toHaveLength(1);
    expect(em.outbox.filter((m) => /whether to keep waiting/.test(m.subject))).toHaveLength(2);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });

  test('"Flag for a manager" (shops outside the US) flags the line at the deadline instead of cancelling', () => {
    const em = shopWith([{ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 2 }], { 'At consent deadline': 'Flag for a manager' });
    days(em, 16);
    const ann = line(em, 'BW-1');
    expect(ann.Status).toBe('BackOrder');
    expect(String(ann.Flag)).toMatch(/^Consent deadline passed without the customer agreeing to wait/);
    expect(em.outbox.filter((m) => /cancelled/.test(m.subject))).toEqual([]);
    expect(rowsOf(em.workbook(), 'Activity log').filter((r) => r.What === 'Flagged at consent deadline')).toHaveLength(1);
    days(em, 3);
    expect(rowsOf(em.workbook(), 'Activity log').filter((r) => r.What === 'Flagged at consent deadline')).toHaveLength(1);
  });

  test('the first notice goes out no later than the promised ship time, before its day', () => {
    // Promised within 2 days; ordered (and on backorder) yesterday: the first notice goes on day 2, not day 3.
    const em = shopWith([{ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: new Date('2026-03-01T17:00:00Z'), qty: 1 }], { 'Promised ship days': 2 });
    // The item's customer-safe reason, typed in Inventory › Delay reason (added by set-up).
    const inv = em.values('Inventory')!;
    em.user.setValue('Inventory', `${String.fromCharCode(65 + inv[0].indexOf('Delay reason'))}${inv.findIndex((r) => r[0] === SKU) + 1}`, 'Our grower had a late harvest');
    days(em, 1); // 2026-03-02: day 1
    expect(mailsTo(em, 'ann@example.com')).toEqual([]);
    days(em, 1); // 2026-03-03: day 2 = the promised ship day
    expect(mailsTo(em, 'ann@example.com').map((m) => m.subject)).toEqual(['Your order BW-1: an update on the item still to come']);
    expect(mailsTo(em, 'ann@example.com')[0].body).toContain('Reason for the delay: Our grower had a late harvest.');
    expect(String(line(em, 'BW-1')['Notices sent'])).toBe('3');
  });

  test('Test mode: the consent request goes to the Test recipient and nothing is marked or cancelled', () => {
    const em = shopWith([{ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 2 }], { 'Send mode': 'Test', 'Test recipient': 'owner@example.com' });
    days(em, 20);
    expect(mailsTo(em, 'ann@example.com')).toEqual([]);
    const tests = mailsTo(em, 'owner@example.com').filter((m) => /whether to keep waiting/.test(m.subject));
    expect(tests.length).toBeGreaterThan(0);
    for (const m of tests) expect(m.subject).toMatch(/^\[TEST\] /);
    expect(em.outbox.filter((m) => /we have cancelled/.test(m.subject))).toEqual([]);
    expect(line(em, 'BW-1').Status).toBe('BackOrder');
    expect(String(line(em, 'BW-1')['Notices sent'])).not.toMatch(/consent asked/);
  });

  test('a run stopped by the 6-minute limit while sending the cancellation email: the next run sends it once and cancels the line once', () => {
    const em = shopWith([{ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 2 }], {}, { documentProperties: { BD_TIME_BUDGET_MS: '600000' } });
    days(em, 15); // through 2026-03-16: asked on the first day
    const before = Number(available(em));
    em.setCallCostMs({ 'MailApp.sendEmail': 370_000 });
    em.clock.advance(3_600_000); // 2026-03-17, 8:30 to 9:30 in New York (summer time): the daily run is stopped in the send
    em.setCallCostMs(0);
    expect(em.executions.filter((x) => x.error).map((x) => x.error)).toEqual(['Exceeded maximum execution time']);
    expect(em.outbox.filter((m) => /we have cancelled/.test(m.subject))).toEqual([]);
    expect(line(em, 'BW-1').Status).toBe('BackOrder');
    days(em, 2);
    expect(em.outbox.filter((m) => /we have cancelled/.test(m.subject))).toHaveLength(1);
    expect(line(em, 'BW-1').Status).toBe('Cancelled');
    expect(line(em, 'BW-1')['Refund due']).toBe('2 units, by 2026-03-26');
    expect(Number(available(em))).toBe(before + 2);
    expect(rowsOf(em.workbook(), 'Notice log').filter((r) => r.Kind === 'Cancelled' && r.Result === 'Sent')).toHaveLength(1);
    expect(rowsOf(em.workbook(), 'Activity log').filter((r) => r.What === 'Cancelled at consent deadline')).toHaveLength(1);
  });
});

describe('many customers to ask', () => {
  test('what the time budget does not cover goes out on the next hourly run, each customer asked once', () => {
    const many: Line[] = Array.from({ length: 8 }, (_, i) => ({ id: `BW-${i + 1}`, email: `c${i + 1}@example.com`, customer: `C ${i + 1}`, orderDate: OLD, qty: 1 }));
    const em = shopWith(many, {}, { callCostMs: { 'MailApp.sendEmail': 4_000 }, documentProperties: { BD_TIME_BUDGET_MS: '10000' } });
    em.clock.advance(2 * 3_600_000); // through the 9:00 run
    const asked = () => em.outbox.filter((m) => /whether to keep waiting/.test(m.subject)).map((m) => m.to);
    expect(asked().length).toBeGreaterThan(0);
    expect(asked().length).toBeLessThan(8);
    em.clock.advance(6 * 3_600_000);
    expect(asked().sort()).toEqual(many.map((l) => l.email).sort());
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });
});

describe('a broken Orders sheet', () => {
  test('with Email unreadable on most waiting lines nothing is cancelled, even on the lines that look fine; once fixed the deadline applies', () => {
    const longAgo = new Date('2025-12-22T17:00:00Z'); // 70 days before the first day: the deadline has passed
    const lines: Line[] = Array.from({ length: 6 }, (_, i) => ({
      id: `BW-${i + 1}`,
      email: i < 4 ? `customer ${i + 1} at example` : `c${i + 1}@example.com`,
      customer: `C ${i + 1}`,
      orderDate: longAgo,
      qty: 1,
      notices: '3, 10, 17, 23, 30, consent asked 2026-02-10',
    }));
    const em = shopWith(lines);
    days(em, 1);
    expect(orders(em).map((r) => r.Status)).toEqual(Array(6).fill('BackOrder'));
    expect(em.outbox.filter((m) => /we have cancelled/.test(m.subject))).toEqual([]);
    // The emails are fixed: the lines past their deadline are cancelled on the next run.
    const emailCol = String.fromCharCode(65 + em.values('Orders')![0].indexOf('Email'));
    em.user.setValues('Orders', `${emailCol}2:${emailCol}5`, [1, 2, 3, 4].map((n) => [`c${n}@example.com`]));
    days(em, 1);
    expect(orders(em).map((r) => r.Status)).toEqual(Array(6).fill('Cancelled'));
  });
});

describe('the mail service down', () => {
  test('after 5 failures in a row the rest of the consent requests wait for the next run; then each customer is asked once', () => {
    const many: Line[] = Array.from({ length: 8 }, (_, i) => ({ id: `BW-${i + 1}`, email: `c${i + 1}@example.com`, customer: `C ${i + 1}`, orderDate: OLD, qty: 1 }));
    const em = shopWith(many);
    em.failNextMails(100, 'Service unavailable');
    days(em, 1);
    const failed = rowsOf(em.workbook(), 'Notice log').filter((r) => r.Kind === 'Consent request' && r.Result === 'Failed');
    expect(failed).toHaveLength(5);
    em.failNextMails(0);
    days(em, 1);
    const asked = em.outbox.filter((m) => /whether to keep waiting/.test(m.subject)).map((m) => m.to);
    expect(asked.sort()).toEqual(many.map((l) => l.email).sort());
  });
});

describe('speed', () => {
  test('with the consent flow running, Spreadsheet calls of planning do not grow with order lines', () => {
    // Mail quota 0: everything is planned, nothing sent (sending checkpoints every minute, which does grow with mail).
    const count = (lines: number) => {
      const emu = createEmulator({ workbook: generateWorkbook({ orderLines: lines, sendMode: 'Live' }), now: START, mailQuota: 0 });
      emu.run('setUpSheet');
      emu.resetCalls();
      emu.run('runDailyNotices');
      const sheetCalls = Object.entries(emu.calls()).filter(([k]) => /^(Range|Sheet|Spreadsheet|SpreadsheetApp)\./.test(k));
      const planned = emu.executions.at(-1)!.logs.map((l) => /^Consent flow: (\d+) consent request/.exec(l)).find(Boolean);
      return { calls: Object.fromEntries(sheetCalls), asked: Number(planned?.[1]) };
    };
    const small = count(300);
    const big = count(3000);
    expect(small.asked).toBeGreaterThan(0);
    expect(big.asked).toBeGreaterThan(small.asked * 5);
    expect(big.calls).toEqual(small.calls);
  });
});

describe('custom delay notices', () => {
  test('a custom day template without the cancel-anytime statement is refused with that reason; the default goes out', () => {
    const em = shopWith([{ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: new Date('2026-02-27T17:00:00Z'), qty: 1 }]);
    const templates = em.values('Templates')!;
    const row = templates.findIndex((r) => r[0] === 'Day 3') + 1;
    const body = 'Hi {{customer}}, we cannot give you a revised shipping date. {{#items}}{{product}}: {{reason}}{{/items}} Reply to this email with any question.';
    em.user.setValue('Templates', `C${row}`, body);
    days(em, 1);
    const mails = mailsTo(em, 'ann@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toMatch(/cancel the backordered item at any time until it ships, for a full, prompt refund/i);
    const refused = rowsOf(em.workbook(), 'Notice log').filter((r) => r.Kind === 'Day 3' && r['Order ID'] === '');
    expect(refused.map((r) => r.Detail)).toEqual([
      'Templates › Day 3: leaves out what a US delay notice must say: it does not say the customer may cancel at any time for a full refund; the default text was used instead (1 notice this run). Fix the template to use it again.',
    ]);
  });
});

describe('a shop updating from an earlier version', () => {
  test.each(EARLIER.map((texts, i) => [i + 1, texts] as const))('set-up replaces the default texts earlier version %i wrote with the new wording; a template the shop edited is kept', (_v, earlier) => {
    const wb: WorkbookData = generateWorkbook({ orderLines: 20, badRows: false });
    const templates = wb.sheets.find((x) => x.name === 'Templates')!.values;
    for (const t of earlier) templates.push([t.kind, t.subject, t.kind === 'Day 17' ? `${t.body}\nP.S. Our own words.` : t.body]);
    const em = createEmulator({ workbook: wb, now: START, mode: 'addon', activeUserEmail: MANAGER });
    em.install();
    em.run('setUpSheet');
    const rows = rowsOf(em.workbook(), 'Templates');
    for (const kind of earlier.map((t) => t.kind).filter((k) => k !== 'Day 17')) {
      const row = rows.find((r) => r.Kind === kind)!;
      expect({ kind, subject: row.Subject, body: row.Body }).toEqual({ kind, subject: defaultTemplate(kind)!.subject, body: defaultTemplate(kind)!.body });
    }
    expect(String(rows.find((r) => r.Kind === 'Day 17')!.Body)).toContain('P.S. Our own words.');
    expect(rows.filter((r) => /^Day \d+$/.test(String(r.Kind)))).toHaveLength(5);
    expect(rows.map((r) => r.Kind)).toEqual(expect.arrayContaining(['Consent request', 'Cancelled']));
    // Running set-up again changes nothing.
    const before = JSON.stringify(rowsOf(em.workbook(), 'Templates'));
    em.run('setUpSheet');
    expect(JSON.stringify(rowsOf(em.workbook(), 'Templates'))).toBe(before);
  });
});

describe('finding 1: a milestone the add-on itself delayed still goes out later', () => {
  // Known since its earlier notices (3, 10, 17, 23 recorded), at day 29 on the first day; its day 30 is the second day.
  const known = (): Line => ({ id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: new Date('2026-02-01T17:00:00Z'), qty: 2, notices: '3, 10, 17, 23' });
  const day30 = (em: Emulator) => mailsTo(em, 'ann@example.com').filter((m) => /do you still want to wait/.test(m.subject));

  test('finding 1: the day-30 notice that failed on day 30 (a mail error) goes out on day 31', () => {
    const em = shopWith([known()], { 'Promised ship days': 365 });
    days(em, 1);
    expect(day30(em)).toEqual([]);
    em.failNextMails(1, 'Mail service unavailable');
    days(em, 1); // day 30: it fails
    expect(day30(em)).toEqual([]);
    expect(rowsOf(em.workbook(), 'Notice log').filter((r) => r.Kind === 'Day 30').map((r) => r.Result)).toEqual(['Failed']);
    days(em, 1); // day 31
    expect(day30(em)).toHaveLength(1);
    expect(String(line(em, 'BW-1')['Notices sent'])).toBe('3, 10, 17, 23, 30');
    days(em, 5);
    expect(day30(em)).toHaveLength(1);
  });

  test('finding 1: the day-30 notice kept from going out all day 30 (the lock busy at every hourly run) goes out on day 31', () => {
    const em = shopWith([known()], { 'Promised ship days': 365 });
    days(em, 1);
    // Day 30: someone else holds the lock all day long.
    const release = em.holdDocumentLock();
    days(em, 1);
    release();
    expect(day30(em)).toEqual([]);
    days(em, 1); // day 31
    expect(day30(em)).toHaveLength(1);
  });
});

/** Sets an item's Available as a person would (the edit trigger sets units aside for the waiting lines). */
function setAvailable(em: Emulator, sku: string, value: number): void {
  const inv = em.values('Inventory')!;
  const col = String.fromCharCode(65 + inv[0].indexOf('Available'));
  em.user.setValue('Inventory', `${col}${inv.findIndex((r) => r[0] === sku) + 1}`, value);
}
const lookupOrder = (em: Emulator, id: string) => em.runFromBrowser('lookup', id) as { lines: Array<{ sku: string; nextNotice: { text: string } | null }> };

describe('the good news, the day notices and the consent flow agree (found on the workbench)', () => {
  test('1. an order with a line still waiting for an answer gets no "nothing more to do" good news when its other line is set aside; at the deadline only the waiting line is cancelled', () => {
    const em = shopWith([
      { id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 1 },
      { id: 'BW-1', email: 'ann@example.com', customer: 'Ann Lee', orderDate: OLD, qty: 2, sku: SKU2 },
    ]);
    days(em, 1); // 2026-03-02: the consent request, both lines
    expect(mailsTo(em, 'ann@example.com').map((m) => m.subject)).toEqual(['Your order BW-1: please tell us whether to keep waiting']);
    days(em, 3);
    setAvailable(em, SKU, 0); // one unit back: Ann's olive oil is set aside, her vinegar still waits
    expect(Number(line(em, 'BW-1').Allocated)).toBe(1);
    days(em, 11); // through 2026-03-16, the day before the consent deadline
    expect(mailsTo(em, 'ann@example.com').map((m) => m.subject)).toEqual(['Your order BW-1: please tell us whether to keep waiting']);
    days(em, 1); // 2026-03-17: the vinegar is cancelled; only then is all that still waits set aside
    expect(mailsTo(em, 'ann@example.com').map((m) => m.subject)).toEqual([
      'Your order BW-1: please tell us whether to keep waiting',
      'Your order BW-1: we have cancelled the backordered item',
      'Good news about your order BW-1: it is being prepared',
    ]);
    const cancelled = mailsTo(em, 'ann@example.com').filter((m) => /we have cancelled/.test(m.subject));
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0].body).toContain('- Balsamic Vinegar, Aged (2 cancelled)');
    expect(cancelled[0].body).not.toContain('Olive Oil');
    expect(cancelled[0].body).toContain('The rest of your order is not affected.');
    const rows = orders(em).filter((r) => r['Order ID'] === 'BW-1');
    expect(rows.map((r) => [r.SKU, r.Status, r.Allocated])).toEqual([
      [SKU, 'BackOrder', 1],
      [SKU2, 'Cancelled', ''],
    ]);
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });

  test('1. a line set aside while the rest of its order waits is named in the day notice as being prepared; the good news comes once every waiting line is set aside', () => {
    const placed = new Date('2026-02-25T17:00:00Z'); // day 5 on 2026-03-02; day 10 on 2026-03-07
    const em = shopWith([
      { id: 'BW-5', email: 'eve@example.com', customer: 'Eve Park', orderDate: placed, qty: 1, notices: '3' },
      { id: 'BW-5', email: 'eve@example.com', customer: 'Eve Park', orderDate: placed, qty: 1, sku: SKU2, notices: '3' },
    ]);
    days(em, 2);
    setAvailable(em, SKU, 0);
    days(em, 5); // through 2026-03-07
    let mails = mailsTo(em, 'eve@example.com');
    expect(mails.map((m) => m.subject)).toEqual(['Your order BW-5: still on its way to us']);
    expect(mails[0].body).toContain("- Olive Oil, Early Harvest (1 still to come): it is being prepared to ship, and we'll send your tracking number as soon as your package is out the door.\n");
    expect(mails[0].body).toMatch(/- Balsamic Vinegar, Aged \(1 still to come\): .*Reason for the delay/);
    setAvailable(em, SKU2, 0);
    days(em, 1);
    mails = mailsTo(em, 'eve@example.com');
    expect(mails.map((m) => m.subject)).toEqual(['Your order BW-5: still on its way to us', 'Good news about your order BW-5: it is being prepared']);
    expect(mails[1].body).toMatch(/the items you were waiting for on your order BW-5 are back in stock/);
    expect(mails[1].body).toContain('Olive Oil, Early Harvest');
    expect(mails[1].body).toContain('Balsamic Vinegar, Aged');
    days(em, 12);
    expect(mailsTo(em, 'eve@example.com')).toHaveLength(2);
  });

  test('2. once the consent request went out, no day notice asks again until the customer answers; Day 23 promises no duration; the sidebar says when the deadline is', () => {
    // Ordered 2026-02-06 (promised by 2026-03-08), on backorder since 2026-02-08: day 23 on 2026-03-03, day 30 on 2026-03-10.
    const em = shopWith([{ id: 'BW-7', email: 'dan@example.com', customer: 'Dan Roe', orderDate: new Date('2026-02-06T17:00:00Z'), since: new Date('2026-02-08T17:00:00Z'), qty: 2, notices: '3 (skipped), 10 (skipped), 17' }]);
    days(em, 2); // 2026-03-03: Day 23
    const day23 = mailsTo(em, 'dan@example.com');
    expect(day23.map((m) => m.subject)).toEqual(['Your order BW-7: thank you for bearing with us']);
    expect(day23[0].body).not.toMatch(/within about a week|a while/);
    expect(day23[0].body).toContain('If it still has not shipped, we will write to ask whether you would like to keep waiting.');
    days(em, 6); // 2026-03-09: the promise has passed and the minimum gap too: the consent request
    expect(mailsTo(em, 'dan@example.com').map((m) => m.subject)).toEqual(['Your order BW-7: thank you for bearing with us', 'Your order BW-7: please tell us whether to keep waiting']);
    // Deadline 2026-04-07, 29 days later.
    expect(mailsTo(em, 'dan@example.com')[1].body).toContain('we will cancel the backordered item in about four weeks and refund you in full within 7 working days');
    days(em, 10); // through 2026-03-19: day 30 (2026-03-10) is passed over, not sent
    expect(mailsTo(em, 'dan@example.com')).toHaveLength(2);
    expect(String(line(em, 'BW-7')['Notices sent'])).toBe('3 (skipped), 10 (skipped), 17, 23, 30 (skipped), consent asked 2026-03-09');
    const log = rowsOf(em.workbook(), 'Notice log').filter((r) => r['Order ID'] === 'BW-7' && r.Kind === 'Day 30');
    expect(log.map((r) => [r.Result, r.Detail])).toEqual([['Skipped', expect.stringMatching(/^Day 30 passed over \(not sent\): the customer was asked whether to keep waiting \(consent request\) and has not answered yet/)]]);
    // The agent sees the question and the deadline (a date is fine for agents).
    expect(lookupOrder(em, 'BW-7').lines[0].nextNotice?.text).toBe(
      'Consent asked on 2026-03-09, no answer recorded yet: no day notices until then. Without Consent the line is cancelled with a refund on 2026-04-07 (the consent deadline).',
    );
    expect(em.executions.filter((x) => x.error)).toEqual([]);
  });

  test('4. a customer first heard of at day 23 is not told "we know it has been a while"; the free way to cancel is the cancellation, not the phone call', () => {
    const em = shopWith([{ id: 'BW-8', email: 'fay@example.com', customer: 'Fay Lin', orderDate: new Date('2026-02-07T17:00:00Z'), qty: 1 }], { 'Promised ship days': 60 });
    days(em, 1); // 2026-03-02: day 23, the first email this customer gets
    const mails = mailsTo(em, 'fay@example.com');
    expect(mails.map((m) => m.subject)).toEqual(['Your order BW-8: thank you for bearing with us']);
    expect(mails[0].body).not.toMatch(/it has been a while|still on backorder|check in/);
    expect(mails[0].body).toContain('We are sorry that your order BW-8 has been waiting for stock for a few weeks now.');
    expect(mails[0].body).toContain('To choose, or to cancel (it costs you nothing), just reply to this email or call us on (555) 010-4477 and we will take care of it straight away.');
    expect(findExactDates(mails[0].body)).toEqual([]);
  });

  test('5. the sidebar of a line heading for the consent deadline says so, with the dates, instead of "No further automatic notices"', () => {
    // BW-10072 on the workbench: an order 45 days old, one line on backorder only since 2 days ago; both asked on day 1.
    const em = shopWith([
      { id: 'BW-9', email: 'gus@example.com', customer: 'Gus Kim', orderDate: OLD, qty: 1, sku: SKU2 },
      { id: 'BW-9', email: 'gus@example.com', customer: 'Gus Kim', orderDate: OLD, since: new Date('2026-02-28T17:00:00Z'), qty: 1 },
    ]);
    days(em, 1);
    expect(String(line(em, 'BW-9')['Notices sent'])).toMatch(/consent asked 2026-03-02$/);
    expect(lookupOrder(em, 'BW-9').lines.find((l) => l.sku === SKU)!.nextNotice?.text).toBe(
      'Consent asked on 2026-03-02, no answer recorded yet: no day notices until then. Without Consent the line is cancelled with a refund on 2026-03-17 (the consent deadline).',
    );
  });
});

describe('3. Go live… counts all the mail the next run sends', () => {
  test('on the demo, the question names the consent requests too, and the next run sends exactly that many emails', () => {
    const em = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, mode: 'addon', activeUserEmail: MANAGER });
    em.install();
    em.run('setUpSheet');
    em.ui.queueAlertResponse('YES');
    em.run('showGoLive');
    const question = em.ui.alerts.at(-1)!;
    expect(question.title).toBe('Go live?');
    const m = /\((\d+) emails are due today \((\d+) delay notices and (\d+) consent requests \(asking whether to keep waiting\)\), sent by the next daily run, plus any shipment emails\)/.exec(question.prompt);
    expect(m).not.toBeNull();
    const [total, notices, consent] = m!.slice(1).map(Number);
    expect(notices + consent).toBe(total);
    expect(consent).toBeGreaterThan(0);
    const sentBefore = em.outbox.length;
    days(em, 1);
    const sent = em.outbox.slice(sentBefore).filter((x) => !/^\[TEST\]/.test(x.subject) && x.to !== MANAGER);
    expect(sent).toHaveLength(total);
    expect(sent.filter((x) => /whether to keep waiting/.test(x.subject))).toHaveLength(consent);
  });
});
