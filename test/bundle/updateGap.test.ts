/**
 * A manager's extended update is an email about the customer's waiting lines: the day notices keep the
 * minimum notice gap after it (Settings › Minimum notice gap, 4 days by default) instead of following an hour
 * later, and nothing is lost: the notice goes once the gap has passed. Run from dist/Code.js on the small shop.
 */
import { at, emulator, OWNER, rowsOf, SHOP, tick } from './smallShop';

const UPDATE = {
  id: '0f8c3a52-1111-4222-8333-0000000000ab',
  sku: SHOP.outSku,
  subject: 'Your order {{orderId}}: an update on a longer delay',
  body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
};

test("an update at 8:50 holds the 9:00 day notices of its customers for the minimum gap; they go once it has passed", () => {
  const emu = emulator(at(0, 8, 50), { activeUserEmail: OWNER });
  const report = emu.runFromBrowser('sendExtendedStockOut', UPDATE) as { sent: number };
  const updated = emu.outbox.filter((m) => /longer delay/.test(m.subject)).map((m) => m.to).sort();
  expect(updated).toEqual(['ann@example.com', 'bob@example.com', 'di@example.com']);
  expect(report.sent).toBe(3);
  // Their lines of that item now say when the last email about them went out.
  const ann = rowsOf(emu, 'Orders').find((r) => r['Order ID'] === 'BW-1')!;
  expect(ann['Last notice']).toEqual(at(0, 8, 50));

  tick(emu, at(0, 9, 30));
  tick(emu, at(0, 10, 30));
  const dayNotices = (from = 0) => emu.outbox.slice(from).filter((m) => /^Your order /.test(m.subject) && !/longer delay/.test(m.subject));
  // Cy waits for another item: her notice goes as usual; the others wait.
  expect(dayNotices().map((m) => m.to)).toEqual(['cy@example.com']);

  for (let d = 1; d <= 3; d++) tick(emu, at(d, 10, 30));
  expect(dayNotices().map((m) => m.to)).toEqual(['cy@example.com']);
  const before = emu.outbox.length;
  tick(emu, at(4, 10, 30));
  expect(dayNotices(before).map((m) => m.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'di@example.com']);
  tick(emu, at(5, 10, 30));
  expect(dayNotices(before)).toHaveLength(3);
});
