/**
 * The manager's extended stock-out update, run from dist/Code.js in the emulator on the demo workbook.
 * Who waits for an item is computed here, independently, from the workbook's own values.
 */
import { existsSync } from 'node:fs';
import { createEmulator, type Emulator, type EmulatorOptions, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import type { ExtendedStockOutReport, StockOutList } from '../../src/shared/stockOutTypes';

const MANAGER = 'manager@example.com';

type Row = Array<string | number | boolean | Date>;

function sheet(wb: WorkbookData, name: string): { header: string[]; rows: Row[] } {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name} sheet`);
  return { header: s.values[0].map((h) => String(h).trim()), rows: s.values.slice(1) as Row[] };
}

interface Waiting {
  emails: Set<string>;
  units: number;
  /** Emails by oldest waiting line (Backordered since, else Order date), oldest first. */
  oldestFirst: string[];
}

/** Waiting customers per upper-case SKU of items with Available <= 0, straight from the cells. */
function waitingFromWorkbook(wb: WorkbookData): Map<string, Waiting> {
  const inv = sheet(wb, 'Inventory');
  const out = new Map<string, Waiting>();
  const c = (h: string, header: string[]) => header.indexOf(h);
  for (const r of inv.rows) {
    const sku = String(r[c('SKU', inv.header)]).trim().toUpperCase();
    const available = r[c('Available', inv.header)];
    if (sku && typeof available === 'number' && available <= 0) out.set(sku, { emails: new Set(), units: 0, oldestFirst: [] });
  }
  const ord = sheet(wb, 'Orders');
  const h = (x: string) => c(x, ord.header);
  const firstSeen = new Map<string, Array<{ email: string; since: number; id: string }>>();
  for (const r of ord.rows) {
    const status = String(r[h('Status')]).trim().toLowerCase();
    if (!['backorder', 'invhold', 'partial'].includes(status)) continue;
    const sku = String(r[h('SKU')]).trim().toUpperCase();
    const w = out.get(sku);
    if (!w) continue;
    const qty = r[h('Qty')];
    const shipped = r[h('Shipped')] === '' ? 0 : Number(r[h('Shipped')]);
    if (typeof qty !== 'number' || qty - shipped <= 0) continue;
    const email = String(r[h('Email')]).trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(email)) continue;
    w.emails.add(email);
    w.units += qty - shipped;
    const sinceCell = r[h('Backordered since')] instanceof Date ? r[h('Backordered since')] : r[h('Order date')];
    const list = firstSeen.get(sku) ?? [];
    list.push({ email, since: sinceCell instanceof Date ? sinceCell.getTime() : Infinity, id: String(r[h('Order ID')]) });
    firstSeen.set(sku, list);
  }
  for (const [sku, list] of firstSeen) {
    list.sort((a, b) => a.since - b.since || (a.id < b.id ? -1 : 1));
    out.get(sku)!.oldestFirst = [...new Set(list.map((x) => x.email))];
  }
  return out;
}

const workbook = generateWorkbook({ sendMode: 'Live' });
const waiting = waitingFromWorkbook(workbook);
// The item most customers wait for.
const [SKU, EXPECTED] = [...waiting].sort((a, b) => b[1].emails.size - a[1].emails.size)[0];

function emulator(options: Partial<EmulatorOptions> = {}): Emulator {
  return createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: MANAGER, ...options });
}

let ids = 0;
function request(over: Record<string, unknown> = {}) {
  ids++;
  return {
    id: `0f8c3a52-1111-4222-8333-${String(ids).padStart(12, '0')}`,
    sku: SKU,
    subject: 'Your order {{orderId}}: an update on a longer delay',
    body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
    ...over,
  };
}

const send = (emu: Emulator, req: unknown) => emu.runFromBrowser('sendExtendedStockOut', req) as ExtendedStockOutReport;

function extendedLog(emu: Emulator): Row[] {
  const values = emu.values('Notice log') ?? [];
  const header = (values[0] ?? []).map(String);
  return (values.slice(1) as Row[]).filter((r) => r[header.indexOf('Kind')] === 'Extended stock-out');
}

beforeAll(() => {
  if (!existsSync('dist/Code.js')) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
  expect(EXPECTED.emails.size).toBeGreaterThanOrEqual(3);
});

function setting(wb: WorkbookData, name: string, value: string): void {
  const rows = wb.sheets.find((x) => x.name === 'Settings')!.values;
  rows.find((r) => r[0] === name)![1] = value;
}

describe('listStockOuts', () => {
  test('lists every out-of-stock item with the customers and units waiting, for the browser', () => {
    const emu = emulator();
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list.isManager).toBe(true);
    expect(list.quotaRemaining).toBe(100);
    expect(list.template.subject).not.toBe('');
    expect(new Set(list.items.map((i) => i.sku.toUpperCase()))).toEqual(new Set(waiting.keys()));
    for (const item of list.items) {
      const w = waiting.get(item.sku.toUpperCase())!;
      expect({ sku: item.sku, customers: item.customers, units: item.units }).toEqual({ sku: item.sku, customers: w.emails.size, units: w.units });
      expect(findExactDates(item.etaPhrase)).toEqual([]);
    }
    expect(emu.outbox).toHaveLength(0);
  });

  test('units set aside for a customer are not waiting: the item lists fewer units, and a customer wholly set aside gets no update', () => {
    const emu = emulator();
    emu.run('setUpSheet');
    const inv = emu.values('Inventory')!;
    const row = inv.findIndex((r) => String(r[0]).toUpperCase() === SKU);
    const available = Number(inv[row][inv[0].indexOf('Available')]);
    // Stock comes back for a few units only (the item stays out of stock), and they are set aside for the first in line.
    emu.user.setValue('Inventory', `${String.fromCharCode(65 + inv[0].indexOf('Available'))}${row + 1}`, available + 3);
    emu.run('allocateReturningStock');
    const orders = emu.values('Orders')!;
    const h = (x: string) => orders[0].indexOf(x);
    const lines = orders.slice(1).filter((r) => String(r[h('SKU')]).toUpperCase() === SKU && /backorder|partial|invhold/i.test(String(r[h('Status')])));
    const open = (r: unknown[]) => Number(r[h('Qty')]) - Number(r[h('Shipped')] || 0);
    const setAside = lines.reduce((n, r) => n + (Number(r[h('Allocated')]) || 0), 0);
    expect(setAside).toBe(3);
    const emailOf = (r: unknown[]) => String(r[h('Email')]).trim().toLowerCase();
    const served = [...new Set(lines.map(emailOf))].filter((e) => lines.filter((r) => emailOf(r) === e).every((r) => (Number(r[h('Allocated')]) || 0) >= open(r)));
    expect(served.length).toBeGreaterThan(0);
    const after = (emu.runFromBrowser('listStockOuts') as StockOutList).items.find((i) => i.sku.toUpperCase() === SKU)!;
    expect(after.units).toBe(EXPECTED.units - 3);
    expect(after.customers).toBe(EXPECTED.emails.size - served.length);
    const r = send(emu, request());
    expect(r.sent).toBe(EXPECTED.emails.size - served.length);
    const updated = emu.outbox.filter((m) => /longer delay/.test(m.subject)).map((m) => m.to);
    for (const e of served) expect(updated).not.toContain(e);
  });

  test.each([
    ['a non-manager', 'agent@example.com'],
    ['a user whose email is hidden', ''],
  ])('tells %s they cannot send, and shows the items and counts but no customer', (_who, email) => {
    const emu = emulator({ activeUserEmail: email });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list.isManager).toBe(false);
    expect(list.permissionNote).toMatch(/Settings › Managers/);
    expect(new Set(list.items.map((i) => i.sku.toUpperCase()))).toEqual(new Set(waiting.keys()));
    for (const item of list.items) {
      const w = waiting.get(item.sku.toUpperCase())!;
      expect({ customers: item.customers, units: item.units }).toEqual({ customers: w.emails.size, units: w.units });
      expect(item.waiting).toEqual([]);
      expect(item.unreachable.join(' ')).not.toMatch(/@|"/);
    }
    const text = JSON.stringify(list);
    for (const w of waiting.values()) for (const e of w.emails) expect(text).not.toContain(e);
    const ord = sheet(workbook, 'Orders');
    const names = new Set(ord.rows.map((r) => String(r[ord.header.indexOf('Customer')]).trim()).filter((n) => n.length > 3));
    for (const n of names) expect(text).not.toContain(`"${n}"`);
  });
});

describe('sendExtendedStockOut', () => {
  test.each([
    ['a non-manager', 'agent@example.com'],
    ['a user whose email is hidden', ''],
  ])('refuses %s and sends nothing', (_who, email) => {
    const emu = emulator({ activeUserEmail: email });
    const r = send(emu, request());
    expect(r.outcome).toBe('refused');
    expect(r.message).toMatch(/managers/i);
    expect(emu.outbox).toHaveLength(0);
    expect(extendedLog(emu)).toHaveLength(0);
  });

  test('sends one personal email to exactly the customers waiting for the item, oldest backorder first, and logs each', () => {
    const emu = emulator();
    const r = send(emu, request());
    expect(r).toMatchObject({ outcome: 'done', recipients: EXPECTED.emails.size, sent: EXPECTED.emails.size, failed: 0, waiting: 0, duplicate: false });
    const to = emu.outbox.map((m) => m.to);
    expect(new Set(to)).toEqual(EXPECTED.emails);
    expect(to).toHaveLength(EXPECTED.emails.size);
    expect(to).toEqual(EXPECTED.oldestFirst);
    for (const m of emu.outbox) {
      expect(m.to).not.toMatch(/[,;]/);
      expect(m.cc ?? '').toBe('');
      expect(m.bcc ?? '').toBe('');
      expect(findExactDates(`${m.subject}\n${m.body}`)).toEqual([]);
      // Nobody sees another customer's address.
      for (const other of EXPECTED.emails) if (other !== m.to) expect(`${m.body}${m.htmlBody}`).not.toContain(other);
    }
    const log = extendedLog(emu);
    expect(log).toHaveLength(EXPECTED.emails.size);
    expect(log.every((row) => row.includes('Sent') && row.includes(SKU))).toBe(true);
  });

  test('narrowed to a segment, writes only to the customers waiting in it', () => {
    const emu = emulator();
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    const item = list.items.find((i) => i.sku === SKU)!;
    const segment = item.segments[0];
    const expected = new Set(item.waiting.filter((w) => w.segment === segment).map((w) => w.email));
    const r = send(emu, request({ segments: [segment] }));
    expect(r.sent).toBe(expected.size);
    expect(new Set(emu.outbox.map((m) => m.to))).toEqual(expected);
  });

  test('the same request id twice sends once', () => {
    const emu = emulator();
    const req = request();
    const first = send(emu, req);
    const second = send(emu, req);
    expect(first.sent).toBe(EXPECTED.emails.size);
    expect(second).toMatchObject({ outcome: 'done', duplicate: true, sent: first.sent });
    expect(emu.outbox).toHaveLength(EXPECTED.emails.size);
    expect(extendedLog(emu)).toHaveLength(EXPECTED.emails.size);
  });

  test.each(['constructor', '__proto__', 'toString'])('a request id that names a property of every object (%s) is a new request, sent', (id) => {
    const emu = emulator();
    const r = send(emu, request({ id }));
    expect(r).toMatchObject({ outcome: 'done', duplicate: false, sent: EXPECTED.emails.size });
  });

  test('the same item again on the same day needs confirmation', () => {
    const emu = emulator();
    send(emu, request());
    const again = request();
    const ask = send(emu, again);
    expect(ask.outcome).toBe('confirm');
    expect(emu.outbox).toHaveLength(EXPECTED.emails.size);
    const confirmed = send(emu, { ...again, confirmResend: true });
    expect(confirmed.sent).toBe(EXPECTED.emails.size);
    expect(emu.outbox).toHaveLength(2 * EXPECTED.emails.size);
  });

  test.each([
    ['the message', { body: 'Hi {{customer}}, it should be back on March 14.' }, /"March 14"/],
    ['the subject', { subject: 'Back in stock 3/14' }, /numeric date/],
    ['the message', { body: 'We expect it Friday.' }, /weekday/],
  ])('refuses an exact date in %s and says why', (_where, over, why) => {
    const emu = emulator();
    const r = send(emu, request(over));
    expect(r.outcome).toBe('invalid');
    expect(r.message).toMatch(/never get exact dates/);
    expect(r.message).toMatch(why);
    expect(emu.outbox).toHaveLength(0);
  });

  test('refuses a malformed request without sending', () => {
    const emu = emulator();
    expect(send(emu, { sku: SKU }).outcome).toBe('invalid');
    expect(send(emu, request({ sku: 'NOT-A-SKU' })).outcome).toBe('invalid');
    expect(send(emu, request({ body: '{{#items}} unclosed' })).outcome).toBe('invalid');
    expect(emu.outbox).toHaveLength(0);
  });

  test('a quota shortfall sends what fits, oldest backorders first, and queues the rest', () => {
    const emu = emulator({ mailQuota: 2 });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list.quotaRemaining).toBe(2);
    const r = send(emu, request());
    expect(r).toMatchObject({ outcome: 'done', sent: 2, waiting: EXPECTED.emails.size - 2 });
    expect(r.message).toMatch(/next daily run/);
    expect(emu.outbox.map((m) => m.to)).toEqual(EXPECTED.oldestFirst.slice(0, 2));
    const after = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(after.queued).toEqual([expect.objectContaining({ sku: SKU })]);
  });

  test('the next daily run sends the queued remainder, once each, and reports it', () => {
    // Automatic notices off (blank Notify segments), so the next day's quota goes to the update.
    const wb = generateWorkbook({ sendMode: 'Live' });
    const settings = wb.sheets.find((x) => x.name === 'Settings')!.values;
    settings.find((r) => r[0] === 'Notify segments')![1] = '';
    const quota = EXPECTED.emails.size - 3;
    const emu = createEmulator({ workbook: wb, activeUserEmail: MANAGER, mailQuota: quota });
    const first = send(emu, request());
    expect(first).toMatchObject({ sent: quota, waiting: 3 });
    // Still the same day: the quota is used up, nothing more goes out.
    emu.run('runDailyNotices');
    expect(emu.outbox).toHaveLength(quota);
    emu.clock.advance(24 * 3600_000);
    emu.run('runDailyNotices');
    const update = emu.outbox.filter((m) => m.subject.includes('an update on a longer delay'));
    expect(update.map((m) => m.to)).toEqual(EXPECTED.oldestFirst);
    expect(extendedLog(emu)).toHaveLength(EXPECTED.emails.size);
    const logs = emu.executions.filter((e) => e.functionName === 'runDailyNotices').flatMap((e) => e.logs);
    expect(logs.some((l) => l.includes(`Extended update about ${SKU}: 3 sent`))).toBe(true);
    // Done: a later run sends nothing more, and the dialog shows nothing queued.
    emu.clock.advance(24 * 3600_000);
    emu.run('runDailyNotices');
    expect(emu.outbox.filter((m) => m.subject.includes('an update on a longer delay'))).toHaveLength(EXPECTED.emails.size);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([]);
  });

  test('stops starting new emails before the 6-minute limit, and the next hourly runs send the rest, once each (add-on mode)', () => {
    // Each email takes a minute of clock time: only the first few fit the time budget. Automatic notices
    // off (blank Notify segments), so the hourly runs spend their time on the update.
    const wb = generateWorkbook({ sendMode: 'Live' });
    setting(wb, 'Notify segments', '');
    const emu = createEmulator({ workbook: wb, activeUserEmail: MANAGER, mode: 'addon', callCostMs: { 'MailApp.sendEmail': 60_000 } });
    emu.run('setUpSheet');
    const r = send(emu, request());
    expect(r.sent).toBeGreaterThan(0);
    expect(r.sent).toBeLessThan(6);
    expect(r).toMatchObject({ outcome: 'done', waiting: EXPECTED.emails.size - r.sent });
    expect(r.message).toMatch(/time limit/);
    expect(emu.executions.every((e) => e.error === undefined)).toBe(true);
    expect(extendedLog(emu)).toHaveLength(r.sent);
    expect(emu.triggers().filter((t) => t.kind === 'clock').map((t) => t.handler)).toEqual(['onClockTick']);
    // The next hourly run, and as many more as it takes.
    for (let i = 0; i < 10 && emu.outbox.length < EXPECTED.emails.size; i++) emu.clock.advance(60 * 60_000);
    const to = emu.outbox.map((m) => m.to);
    expect(to).toHaveLength(EXPECTED.emails.size);
    expect(new Set(to)).toEqual(EXPECTED.emails);
    expect(extendedLog(emu)).toHaveLength(EXPECTED.emails.size);
    expect(emu.executions.some((e) => e.functionName === 'onClockTick' && e.via === 'trigger:clock')).toBe(true);
    expect(emu.executions.every((e) => e.error === undefined)).toBe(true);
    // Done: no follow-up is left, and a later run sends nothing more.
    emu.clock.advance(10 * 60_000);
    expect(emu.outbox).toHaveLength(EXPECTED.emails.size);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([]);
  });

  test('a product, customer or sender name holding a date never puts the date in an email; everyone still gets theirs (in Test: an unusable sender name or phone leaves the go-live checklist open)', () => {
    const wb = generateWorkbook({ sendMode: 'Live' });
    const inv = sheet(wb, 'Inventory');
    const invRow = inv.rows.find((r) => String(r[inv.header.indexOf('SKU')]).trim().toUpperCase() === SKU)!;
    invRow[inv.header.indexOf('Product')] = 'Black Friday Roast';
    const ord = sheet(wb, 'Orders');
    const firstEmail = EXPECTED.oldestFirst[0];
    for (const r of ord.rows) if (String(r[ord.header.indexOf('Email')]).trim().toLowerCase() === firstEmail) r[ord.header.indexOf('Customer')] = 'Mar 3 Blend';
    setting(wb, 'Sender name', 'Monday Crew');
    setting(wb, 'Support phone', '03/15/2026');
    setting(wb, 'Test recipient', 'qa@example.com');
    const emu = createEmulator({ workbook: wb, activeUserEmail: MANAGER });
    const body = 'Hi {{customer}},\n\n{{#items}}{{product}} ({{sku}}): {{eta}}.\n{{/items}}\n{{#supportPhone}}Call {{supportPhone}}.{{/supportPhone}}\n\n{{senderName}}';
    const r = send(emu, request({ body }));
    expect(r).toMatchObject({ outcome: 'done', sent: EXPECTED.emails.size, failed: 0, waiting: 0, testMode: true });
    // The result does not say customers were emailed: they were not.
    expect(r.message).toBe(`Sent ${EXPECTED.emails.size} of ${EXPECTED.emails.size} test emails (one per customer) to the Test recipient.`);
    expect(new Set(emu.outbox.map((m) => m.to))).toEqual(new Set(['qa@example.com']));
    for (const m of emu.outbox) {
      expect(findExactDates(`${m.subject}\n${m.body}\n${m.htmlBody}`)).toEqual([]);
      expect(m.name ?? '').not.toMatch(/monday/i);
      expect(m.body).toContain(SKU);
      expect(m.body).not.toMatch(/Black Friday|Mar 3|Monday|03\/15/);
    }
    expect(emu.outbox.filter((m) => /^(\[Test mode: this email would have gone to [^\]]+\]\n\n)?Hi there,/.test(m.body))).toHaveLength(1);
    expect(emu.outbox[0].body).toMatch(/Customer Care\s*$/);
  });

  test('an email that would still show a date is refused on its own, logged as Failed, and never sent', () => {
    const emu = emulator();
    // The edited text has no date, but with the values filled in it would read "Mar 2" (a unit count after a month).
    const r = send(emu, request({ body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}. Count: Mar {{quantity}}{{/items}}' }));
    expect(r).toMatchObject({ outcome: 'done', sent: 0, failed: EXPECTED.emails.size, waiting: 0 });
    expect(r.failures[0].error).toMatch(/exact date/);
    expect(emu.outbox).toHaveLength(0);
    const log = extendedLog(emu);
    expect(log).toHaveLength(EXPECTED.emails.size);
    expect(log.every((row) => row.includes('Failed') && row.some((c) => /exact date/.test(String(c))))).toBe(true);
  });

  test('a message too large to keep is refused with a clear message, and its request id can still be sent', () => {
    const emu = emulator();
    const big = request({ body: 'Hi {{customer}}, ' + '€'.repeat(3_900) });
    const r = send(emu, big);
    expect(r.outcome).toBe('invalid');
    expect(r.message).toMatch(/too long/i);
    expect(emu.outbox).toHaveLength(0);
    expect(emu.executions.every((e) => e.error === undefined)).toBe(true);
    const again = send(emu, { ...big, body: 'Hi {{customer}}, a short note.' });
    expect(again).toMatchObject({ outcome: 'done', duplicate: false, sent: EXPECTED.emails.size });
    expect(emu.outbox).toHaveLength(EXPECTED.emails.size);
  });

  test('when the update cannot be stored, nothing is sent and the request id is not used up', () => {
    // Document Properties almost full (500 KB in all): the queued update does not fit.
    const filler: Record<string, string> = {};
    for (let i = 0; i < 56; i++) filler[`FILLER_${i}`] = 'x'.repeat(9_000);
    filler.FILLER_LAST = 'x'.repeat(6_400);
    const emu = emulator({ documentProperties: filler });
    const req = request({ body: 'Hi {{customer}}, ' + 'a'.repeat(3_000) });
    const r = send(emu, req);
    expect(r.outcome).toBe('error');
    expect(r.message).toMatch(/nothing was sent/i);
    expect(emu.outbox).toHaveLength(0);
    expect(emu.documentProperties()[`EXTENDED_UPDATE_JOB_${req.id}`]).toBeUndefined();
    expect(emu.documentProperties().EXTENDED_UPDATE_IDS ?? '').not.toContain(req.id);
    // The same id again is tried again, not reported as already sent.
    const again = send(emu, req);
    expect(again.duplicate).toBe(false);
    expect(again.message).not.toMatch(/already sent/);
  });
});


describe('queued updates and Send mode', () => {
  const TEST_TO = 'owner@example.com';
  const SUBJECT = /an update on a longer delay/;

  /** A workbook with automatic notices off (blank Notify segments), so each day's quota goes to the update. */
  function quietWorkbook(mode: 'Live' | 'Test'): WorkbookData {
    const wb = generateWorkbook({ sendMode: 'Live' });
    setting(wb, 'Notify segments', '');
    setting(wb, 'Send mode', mode);
    setting(wb, 'Test recipient', TEST_TO);
    return wb;
  }

  /** The owner changes a setting in the Settings tab. */
  function change(emu: Emulator, name: string, value: string): void {
    const rows = emu.values('Settings')!;
    const row = rows.findIndex((r) => r[0] === name);
    expect(row).toBeGreaterThan(0);
    emu.user.setValues('Settings', `B${row + 1}`, [[value]]);
  }

  const nextDailyRun = (emu: Emulator) => {
    emu.clock.advance(24 * 3600_000);
    emu.run('runDailyNotices');
  };
  const runLogs = (emu: Emulator) => emu.executions.filter((e) => e.functionName === 'runDailyNotices').flatMap((e) => e.logs);
  const toCustomers = (emu: Emulator) => emu.outbox.filter((m) => m.to !== TEST_TO);

  test('a test update stopped by the quota is dropped, never sent to customers, when Send mode is Live by the next daily run', () => {
    const quota = EXPECTED.emails.size - 3;
    const emu = createEmulator({ workbook: quietWorkbook('Test'), activeUserEmail: MANAGER, mailQuota: quota });
    const first = send(emu, request());
    expect(first).toMatchObject({ outcome: 'done', testMode: true, sent: quota, waiting: 3 });
    expect(emu.outbox.every((m) => m.to === TEST_TO && m.subject.startsWith('[TEST] '))).toBe(true);
    change(emu, 'Send mode', 'Live');
    nextDailyRun(emu);
    expect(toCustomers(emu)).toHaveLength(0);
    expect(emu.outbox).toHaveLength(quota);
    const log = extendedLog(emu);
    const header = (emu.values('Notice log')![0] ?? []).map(String);
    const dropped = log.filter((r) => r[header.indexOf('Result')] === 'Skipped');
    expect(dropped).toHaveLength(1);
    expect(String(dropped[0][header.indexOf('Detail')])).toMatch(/Test mode.*Send mode is now Live/);
    expect(String(dropped[0][header.indexOf('SKUs')])).toBe(SKU);
    expect(runLogs(emu).some((l) => l.includes(`Extended update about ${SKU}`) && /Test mode/.test(l) && /dropped/i.test(l))).toBe(true);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([]);
    // Later runs send nothing more of it either.
    nextDailyRun(emu);
    expect(emu.outbox).toHaveLength(quota);
    expect(emu.executions.every((e) => e.error === undefined)).toBe(true);
  });

  test('a test update still in Test mode is finished by the next daily run, to the Test recipient only', () => {
    const quota = EXPECTED.emails.size - 3;
    const emu = createEmulator({ workbook: quietWorkbook('Test'), activeUserEmail: MANAGER, mailQuota: quota });
    send(emu, request());
    nextDailyRun(emu);
    const update = emu.outbox.filter((m) => SUBJECT.test(m.subject));
    expect(update).toHaveLength(EXPECTED.emails.size);
    expect(update.every((m) => m.to === TEST_TO && m.subject.startsWith('[TEST] '))).toBe(true);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([]);
  });

  test('a live update is held while Send mode is Test (nothing to customers or the Test recipient) and finished once it is Live again', () => {
    const quota = EXPECTED.emails.size - 3;
    const emu = createEmulator({ workbook: quietWorkbook('Live'), activeUserEmail: MANAGER, mailQuota: quota });
    expect(send(emu, request())).toMatchObject({ outcome: 'done', testMode: false, sent: quota, waiting: 3 });
    change(emu, 'Send mode', 'Test');
    nextDailyRun(emu);
    expect(emu.outbox).toHaveLength(quota);
    expect(runLogs(emu).some((l) => l.includes(`Extended update about ${SKU}`) && /held/i.test(l) && /Send mode is Test/.test(l))).toBe(true);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([expect.objectContaining({ sku: SKU })]);
    change(emu, 'Send mode', 'Live');
    nextDailyRun(emu);
    const update = emu.outbox.filter((m) => SUBJECT.test(m.subject));
    expect(update.map((m) => m.to)).toEqual(EXPECTED.oldestFirst);
    expect(update.every((m) => !m.subject.startsWith('[TEST] '))).toBe(true);
    expect(extendedLog(emu).filter((r) => r.includes('Sent'))).toHaveLength(EXPECTED.emails.size);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toEqual([]);
  });

  test('at most 10 updates wait for quota: one more that would need queuing is refused up front, nothing sent, its id still free', () => {
    const emu = emulator({ mailQuota: 0 });
    for (let i = 0; i < 10; i++) {
      const r = send(emu, request({ confirmResend: true }));
      expect(r).toMatchObject({ outcome: 'done', sent: 0, waiting: EXPECTED.emails.size });
    }
    const props = () => emu.documentProperties();
    const jobs = () => Object.keys(props()).filter((k) => k.startsWith('EXTENDED_UPDATE_JOB_'));
    expect(jobs()).toHaveLength(10);
    const eleventh = request({ confirmResend: true });
    const r = send(emu, eleventh);
    expect(r.outcome).toBe('queueFull');
    expect(r.message).toMatch(/10 updates/);
    expect(r.message).toMatch(/nothing was sent/i);
    expect(r).toMatchObject({ sent: 0, waiting: 0, duplicate: false });
    expect(emu.outbox).toHaveLength(0);
    expect(jobs()).toHaveLength(10);
    expect(props()[`EXTENDED_UPDATE_JOB_${eleventh.id}`]).toBeUndefined();
    expect(props().EXTENDED_UPDATE_IDS ?? '').not.toContain(eleventh.id);
    expect((emu.runFromBrowser('listStockOuts') as StockOutList).queued).toHaveLength(10);
    // The same id again is checked again, not reported as already sent.
    const again = send(emu, eleventh);
    expect(again).toMatchObject({ outcome: 'queueFull', duplicate: false });
  });

  test('one customer whose email is written differently on two lines (case, spaces) gets one email naming both orders', () => {
    const wb = generateWorkbook({ sendMode: 'Live' });
    const ord = sheet(wb, 'Orders');
    const h = (x: string) => ord.header.indexOf(x);
    const mine = ord.rows.filter(
      (r) =>
        String(r[h('SKU')]).trim().toUpperCase() === SKU &&
        ['backorder', 'invhold', 'partial'].includes(String(r[h('Status')]).trim().toLowerCase()) &&
        EXPECTED.emails.has(String(r[h('Email')]).trim().toLowerCase()),
    );
    // Two waiting lines of two different customers: the second becomes the first customer's, spelled differently.
    const a = mine[0];
    const b = mine.find((r) => String(r[h('Email')]).trim().toLowerCase() !== String(a[h('Email')]).trim().toLowerCase())!;
    const ann = String(a[h('Email')]).trim().toLowerCase();
    a[h('Email')] = ann.charAt(0).toUpperCase() + ann.slice(1);
    b[h('Email')] = `  ${ann.toUpperCase()} `;
    const expected = waitingFromWorkbook(wb).get(SKU)!.emails;
    expect(expected.has(ann)).toBe(true);
    const emu = createEmulator({ workbook: wb, activeUserEmail: MANAGER });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list.items.find((i) => i.sku === SKU)!.customers).toBe(expected.size);
    const r = send(emu, request());
    expect(r).toMatchObject({ outcome: 'done', recipients: expected.size, sent: expected.size });
    const to = emu.outbox.map((m) => m.to.trim().toLowerCase());
    expect(to).toHaveLength(expected.size);
    expect(new Set(to)).toEqual(expected);
    const annMail = emu.outbox.filter((m) => m.to.trim().toLowerCase() === ann);
    expect(annMail).toHaveLength(1);
    expect(annMail[0].subject).toContain(String(b[h('Order ID')]));
    expect(annMail[0].subject).toContain(String(a[h('Order ID')]));
  });
});
