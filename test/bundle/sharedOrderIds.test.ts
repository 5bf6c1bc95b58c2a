/**
 * An Order ID whose lines carry different emails (an ID reused for another customer, or a line given
 * another address): each customer hears only about their own lines, and a send recovered from the
 * journal marks only that customer's lines. Run from dist/Code.js inside the emulator.
 */
import { createEmulator, type CellValue, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York
const TEN_DAYS_AGO = new Date('2026-02-20T05:00:00Z'); // local midnight, New York

function rowsOf(wb: WorkbookData, tab: string): Array<Record<string, CellValue>> {
  const [head, ...rows] = wb.sheets.find((s) => s.name === tab)!.values;
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i] ?? ''])));
}

/** The demo with its orders replaced by one Order ID shared by two customers, each waiting for another item. */
function workbook(): WorkbookData {
  const wb = generateWorkbook({ sendMode: 'Live' });
  const inv = rowsOf(wb, 'Inventory');
  const orders = wb.sheets.find((s) => s.name === 'Orders')!;
  const head = orders.values[0].map(String);
  const line = (values: Record<string, CellValue>) => head.map((h) => values[h] ?? '');
  const base = { 'Order ID': 'BW-30000', 'Order date': TEN_DAYS_AGO, Segment: 'DML', Qty: 1, Shipped: 0, Status: 'BackOrder' };
  orders.values = [
    orders.values[0],
    line({ ...base, Customer: 'Ann Lee', Email: 'ann@example.com', SKU: inv[0].SKU }),
    line({ ...base, Customer: 'Bob Roe', Email: 'bob@example.com', SKU: inv[1].SKU }),
  ];
  return wb;
}

describe('one Order ID, two customers', () => {
  test('each customer gets one notice listing only their own item', () => {
    const wb = workbook();
    const [a, b] = rowsOf(wb, 'Inventory');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 100 });
    emu.run('runDailyNotices');
    const notices = emu.outbox.filter((m) => /BW-30000/.test(m.subject));
    expect(notices.map((m) => m.to).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    const ann = notices.find((m) => m.to === 'ann@example.com')!;
    const bob = notices.find((m) => m.to === 'bob@example.com')!;
    expect(ann.body).toContain(String(a.Product));
    expect(ann.body).not.toContain(String(b.Product));
    expect(bob.body).toContain(String(b.Product));
    expect(bob.body).not.toContain(String(a.Product));
    expect(rowsOf(emu.workbook(), 'Orders').map((r) => r['Notices sent'])).toEqual(['3 (skipped), 10', '3 (skipped), 10']);
    emu.run('runDailyNotices');
    expect(emu.outbox.filter((m) => /BW-30000/.test(m.subject))).toHaveLength(2);
  });

  test("a journal entry of one customer's send marks only that customer's line; the other still gets theirs", () => {
    const wb = workbook();
    const sku = String(rowsOf(wb, 'Inventory')[0].SKU);
    const at = new Date(START).getTime() - 60_000;
    const entry = ['s', 'BW-30000|10|ann@example.com', 'BW-30000', 'ann@example.com', 'Day 10', sku, 'Your order BW-30000', at, '2026-03-02', 90, 0, { m: 10, s: [3] }, ''];
    const emu = createEmulator({
      workbook: wb,
      now: START,
      mailQuota: 100,
      scriptProperties: { 'BD_JOURNAL_daily.n': '1', 'BD_JOURNAL_daily.0': JSON.stringify([JSON.stringify(entry)]) },
    });
    emu.run('runDailyNotices');
    expect(emu.outbox.filter((m) => /BW-30000/.test(m.subject)).map((m) => m.to)).toEqual(['bob@example.com']);
    const marks = rowsOf(emu.workbook(), 'Orders').map((r) => [r.Email, r['Notices sent']]);
    expect(marks).toEqual([
      ['ann@example.com', '3 (skipped), 10'],
      ['bob@example.com', '3 (skipped), 10'],
    ]);
  });
});
