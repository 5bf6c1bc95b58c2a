/**
 * The daily notices when the sheet's own data or settings would put a date in front of a customer, when a
 * custom template cannot be used, and when people sort or insert Orders rows while a run is writing.
 * Run from dist/Code.js inside the emulator on the demo workbook.
 */
import { createEmulator, type CellValue, type Emulator, type SentMail, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import { daysFrom, eligibleOrders, EMAIL, ExpectedOrder, isDate, MILESTONES, rowsOf } from './expectedNotices';

const DAY_MS = 86_400_000;
const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"

const noticeLog = (emu: Emulator) => rowsOf(emu.workbook(), 'Notice log');

function copy(wb: WorkbookData): WorkbookData {
  return JSON.parse(JSON.stringify(wb), (_k, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T.*Z$/.test(v) ? new Date(v) : v));
}
function sheet(wb: WorkbookData, name: string): CellValue[][] {
  return wb.sheets.find((s) => s.name === name)!.values;
}
function setSetting(wb: WorkbookData, name: string, value: string): void {
  const row = sheet(wb, 'Settings').find((r) => r[0] === name);
  if (row) row[1] = value;
  else sheet(wb, 'Settings').push([name, value, '']);
}

type Order = ExpectedOrder;

/** "orderId|milestone" sent on the demo's first day (a milestone reached for the first time, at most day 30). */
function firstDay(orders: Order[], today = '2026-03-02'): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of orders) {
    const age = daysFrom(o.since, today);
    const reached = MILESTONES.filter((m) => m <= age);
    if (reached.length > 0 && age <= 30) out.set(o.id, Math.max(...reached));
  }
  return out;
}

/** The order number of a notice (by its subject). */
const orderOf = (m: SentMail) => /Your order (BW-\d+)/.exec(m.subject)?.[1];
const noticesIn = (mails: SentMail[]) => mails.filter((m) => orderOf(m) !== undefined);

function expectNoDates(m: SentMail): void {
  expect({ subject: m.subject, found: findExactDates(m.subject) }).toEqual({ subject: m.subject, found: [] });
  expect(findExactDates(m.body)).toEqual([]);
  expect(findExactDates(m.htmlBody ?? '')).toEqual([]);
  expect(findExactDates(m.name ?? '')).toEqual([]);
}

const demo = generateWorkbook({ sendMode: 'Live' });
const demoToday = firstDay(eligibleOrders(demo));

describe('a date in the sheet data never blocks a notice', () => {
  // A SKU on two-or-more-line orders that get a notice today, and one that is alone on its order.
  const orders = eligibleOrders(demo).filter((o) => demoToday.has(o.id));
  const multi = orders.find((o) => new Set(o.lines.map((l) => String(l.SKU))).size >= 2)!;
  const renamed = String(multi.lines[0].SKU);

  test('a product called "Black Friday Roast": its customers get their notices on schedule, without a date', () => {
    expect(multi).toBeDefined();
    const wb = copy(demo);
    const inv = sheet(wb, 'Inventory');
    const row = inv.find((r) => String(r[0]).toUpperCase() === renamed.toUpperCase())!;
    row[inv[0].indexOf('Product')] = 'Black Friday Roast';
    const affected = new Set(eligibleOrders(wb).filter((o) => o.lines.some((l) => String(l.SKU) === renamed)).map((o) => o.id));
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');

    const sent = noticesIn(emu.outbox);
    expect(new Set(sent.map(orderOf))).toEqual(new Set(demoToday.keys()));
    for (const m of sent) expectNoDates(m);
    // The two-line order lists both lines; the renamed one by its SKU.
    const mail = sent.find((m) => orderOf(m) === multi.id)!;
    expect(mail.body).toContain(`- ${renamed} (`);
    for (const l of multi.lines.filter((x) => String(x.SKU) !== renamed)) expect(mail.body).not.toContain(`- ${String(l.SKU)} (`);
    expect(mail.body.match(/^- .* still to come\)/gm)!.length).toBe(multi.lines.length);
    // Those due today have their Sent row and nothing else (orders already past day 30 keep their one "passed over" row).
    expect(noticeLog(emu).filter((r) => affected.has(String(r['Order ID'])) && demoToday.has(String(r['Order ID'])) && r.Result !== 'Sent')).toEqual([]);
    expect(noticeLog(emu).filter((r) => /exact date/.test(String(r.Detail)))).toEqual([]);

    // The next day: nothing new for them (their next milestone is days away), nothing logged again.
    const before = noticeLog(emu).length;
    const mailsBefore = emu.outbox.length;
    emu.clock.advance(DAY_MS);
    emu.run('runDailyNotices');
    const tomorrow = firstDay(eligibleOrders(wb), '2026-03-03');
    const due = [...affected].filter((id) => tomorrow.get(id) !== undefined && tomorrow.get(id) !== demoToday.get(id));
    const newRows = noticeLog(emu).slice(before).filter((r) => affected.has(String(r['Order ID'])));
    expect(newRows.map((r) => r['Order ID']).sort()).toEqual(due.sort());
    expect(newRows.every((r) => r.Result === 'Sent')).toBe(true);
    for (const m of noticesIn(emu.outbox.slice(mailsBefore))) expectNoDates(m);
  });

  test('a customer called "Mar 3 Catering" is greeted "there"', () => {
    const wb = copy(demo);
    const head = sheet(wb, 'Orders')[0];
    for (const r of sheet(wb, 'Orders').slice(1)) if (r[0] === multi.id) r[head.indexOf('Customer')] = 'Mar 3 Catering';
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    const mail = noticesIn(emu.outbox).find((m) => orderOf(m) === multi.id)!;
    expect(mail.body).toMatch(/^Hi there,/);
    expectNoDates(mail);
  });
});

describe('Settings and templates problems are in the Notice log, once per run', () => {
  test('Sender name "Sunday Gravy Co.": every notice still goes, from "Customer Care"; one log row says why', () => {
    const wb = copy(demo);
    setSetting(wb, 'Sender name', 'Sunday Gravy Co.');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    const sent = noticesIn(emu.outbox);
    expect(new Set(sent.map(orderOf))).toEqual(new Set(demoToday.keys()));
    for (const m of sent) {
      expect(m.name).toBe('Customer Care');
      expect(m.body).toMatch(/\nCustomer Care\n$/);
      expectNoDates(m);
    }
    const log = noticeLog(emu);
    expect(log.filter((r) => /Templates/.test(String(r.Detail)))).toEqual([]);
    const settingsRows = log.filter((r) => /Settings › Sender name/.test(String(r.Detail)));
    expect(settingsRows).toHaveLength(1);
    expect(settingsRows[0]).toMatchObject({ 'Order ID': '', Kind: '', Result: 'Skipped' });
    expect(String(settingsRows[0].Detail)).toMatch(/"Sunday"/);
    // Each run says it again until it is fixed (once per run).
    emu.run('runDailyNotices');
    expect(noticeLog(emu).filter((r) => /Settings › Sender name/.test(String(r.Detail)))).toHaveLength(2);
  });

  test('a custom template with a date, and one that cannot be read: one row per kind, defaults used', () => {
    const kinds = new Set(demoToday.values());
    expect(kinds.has(3) && kinds.has(10)).toBe(true);
    const wb = copy(demo);
    sheet(wb, 'Templates').push(['Day 3', 'Your order {{orderId}}: see you Friday', 'Hi {{customer}}, it ships Friday.']);
    sheet(wb, 'Templates').push(['Day 10', 'Your order {{orderId}}', 'Hi {{customer}} {{#items}} never closed']);
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    const sent = noticesIn(emu.outbox);
    expect(new Set(sent.map(orderOf))).toEqual(new Set(demoToday.keys()));
    for (const m of sent) expectNoDates(m);
    const rows = noticeLog(emu).filter((r) => /^Templates › /.test(String(r.Detail)));
    expect(rows.map((r) => r.Kind).sort()).toEqual(['Day 10', 'Day 3']);
    for (const r of rows) expect(r).toMatchObject({ 'Order ID': '', Result: 'Skipped' });
    const day3 = rows.find((r) => r.Kind === 'Day 3')!;
    const count3 = [...demoToday.values()].filter((m) => m === 3).length;
    expect(String(day3.Detail)).toMatch(/exact date or weekday \("Friday"\).*default text was used instead/);
    expect(String(day3.Detail)).toContain(`(${count3} notice${count3 === 1 ? '' : 's'} this run)`);
    expect(String(rows.find((r) => r.Kind === 'Day 10')!.Detail)).toMatch(/cannot be read/);
  });
});

describe('marks land on the right lines when people sort or insert rows during a run', () => {
  /** Runs `edit` on the Orders values (header first) as another person would, right after the run's first email. */
  function editDuringRun(emu: Emulator, edit: (values: CellValue[][]) => CellValue[][]): void {
    const outbox = emu.outbox;
    const push = outbox.push.bind(outbox);
    let done = false;
    outbox.push = (...mails: SentMail[]) => {
      const n = push(...mails);
      if (!done) {
        done = true;
        const next = edit(emu.values('Orders')!.map((r) => [...r]));
        emu.model.userEdit('Orders', `A1:${String.fromCharCode(64 + next[0].length)}${next.length}`, next);
      }
      return n;
    };
  }

  const sentMark = (cell: unknown) => String(cell).split(', ').filter((p) => /^\d+$/.test(p)).map(Number);

  /** Every open line of an order sent today carries its milestone; no other line has a sent mark. */
  function expectMarks(emu: Emulator, sentToday: Map<string, number>, except: string[] = []): void {
    for (const r of rowsOf(emu.workbook(), 'Orders')) {
      const id = String(r['Order ID']);
      const m = sentToday.get(id);
      const open = ['backorder', 'invhold', 'partial'].includes(String(r.Status).toLowerCase()) && typeof r.Qty === 'number' && r.Qty - Number(r.Shipped || 0) > 0;
      if (m !== undefined && open && EMAIL.test(String(r.Email)) && !except.includes(id)) {
        expect({ id, sku: r.SKU, marks: sentMark(r['Notices sent']) }).toEqual({ id, sku: r.SKU, marks: [m] });
        expect(isDate(r['Last notice'])).toBe(true);
      } else if (m === undefined) {
        expect({ id, sku: r.SKU, marks: sentMark(r['Notices sent']) }).toEqual({ id, sku: r.SKU, marks: [] });
      }
    }
  }

  const newLine = (head: CellValue[]): CellValue[] =>
    head.map((h) => ({ 'Order ID': 'BW-20000', Customer: 'Walk-in', Email: 'walkin@example.com', Segment: 'DML', SKU: 'NEW-1', Qty: 1, Shipped: 0, Status: 'Open' })[String(h)] ?? '');

  test.each([
    ['a row inserted at the top', (v: CellValue[][]) => [v[0], newLine(v[0]), ...v.slice(1)]],
    ['the rows sorted the other way round', (v: CellValue[][]) => [v[0], ...v.slice(1).reverse()]],
  ])('%s', (_what, edit) => {
    const emu = createEmulator({ workbook: demo, now: START, mailQuota: 1000 });
    editDuringRun(emu, edit);
    emu.run('runDailyNotices');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    expect(new Set(noticesIn(emu.outbox).map(orderOf))).toEqual(new Set(demoToday.keys()));
    expectMarks(emu, demoToday);
    // The next run the same day sends nothing again.
    const before = emu.outbox.length;
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBe(before);
  });

  test('a line changed beyond recognition during the run: its mark waits for the next run, and nothing is sent twice', () => {
    const single = eligibleOrders(demo).find((o) => demoToday.has(o.id) && o.lines.length === 1)!;
    const otherSku = String(rowsOf(demo, 'Inventory').find((r) => r.SKU !== single.lines[0].SKU)!.SKU);
    const emu = createEmulator({ workbook: demo, now: START, mailQuota: 1000 });
    editDuringRun(emu, (v) => {
      const head = v[0];
      const row = v.find((r) => r[head.indexOf('Order ID')] === single.id)!;
      row[head.indexOf('SKU')] = otherSku;
      return [v[0], newLine(head), ...v.slice(1)];
    });
    emu.run('runDailyNotices');
    expect(new Set(noticesIn(emu.outbox).map(orderOf))).toEqual(new Set(demoToday.keys()));
    // Not written to any line (its line cannot be found), every other mark in place.
    expectMarks(emu, demoToday, [single.id]);
    const line = () => rowsOf(emu.workbook(), 'Orders').find((r) => r['Order ID'] === single.id)!;
    expect(sentMark(line()['Notices sent'])).toEqual([]);
    expect(emu.executions.at(-1)!.logs.join('\n')).toMatch(new RegExp(`order ${single.id}.*moved or changed`));
    expect(Object.keys(emu.documentProperties()).some((k) => k.startsWith('BD_UNMARKED_daily'))).toBe(true);
    // The next run marks the order's line before planning and sends it nothing.
    const before = emu.outbox.length;
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBe(before);
    expect(sentMark(line()['Notices sent'])).toEqual([demoToday.get(single.id)]);
    expect(noticeLog(emu).filter((r) => r['Order ID'] === single.id && r.Result === 'Sent')).toHaveLength(1);
    expect(Object.keys(emu.documentProperties()).filter((k) => k.startsWith('BD_UNMARKED_daily'))).toEqual([]);
  });
});
