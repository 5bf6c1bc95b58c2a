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

const workbook = generateWorkbook({});
const waiting = waitingFromWorkbook(workbook);
// The item most customers wait for.
const [SKU, EXPECTED] = [...waiting].sort((a, b) => b[1].emails.size - a[1].emails.size)[0];

function emulator(options: Partial<EmulatorOptions> = {}): Emulator {
  return createEmulator({ workbook: generateWorkbook({}), activeUserEmail: MANAGER, ...options });
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

  test('tells a non-manager they cannot send', () => {
    const emu = emulator({ activeUserEmail: 'agent@example.com' });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list.isManager).toBe(false);
    expect(list.permissionNote).toMatch(/Settings › Managers/);
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
    const wb = generateWorkbook({});
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

  test('stops starting new emails before the 6-minute limit and queues the rest', () => {
    // Each email takes a minute of clock time: only the first few fit the time budget.
    const emu = emulator({ callCostMs: { 'MailApp.sendEmail': 60_000 } });
    const r = send(emu, request());
    expect(r.sent).toBeGreaterThan(0);
    expect(r.sent).toBeLessThan(6);
    expect(r).toMatchObject({ outcome: 'done', waiting: EXPECTED.emails.size - r.sent });
    expect(r.message).toMatch(/time limit/);
    expect(emu.executions.every((e) => e.error === undefined)).toBe(true);
    expect(extendedLog(emu)).toHaveLength(r.sent);
  });
});

