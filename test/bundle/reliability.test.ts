/**
 * Issue 12's delivery findings, one named test each: dist/Code.js in the emulator on the small shop
 * (test/bundle/smallShop.ts). The whole fault matrix is test/bundle/faultMatrix.test.ts; the guarantees are
 * written down in docs/reliability.md.
 */
import type { Emulator, SentMail } from '../../emulator';
import { findExactDates } from '../../src/core/customerText';
import { at, CLERK, copy, editTab, emulator, orderLine, OWNER, rowsOf, SHOP, since, stopped, tick } from './smallShop';

const START = at(0, 9, 30);
const journal = (emu: Emulator) => Object.keys(emu.documentProperties()).filter((k) => k.startsWith('BD_JOURNAL_'));
/** Emails to customers (not the failure report the owner gets when a run stopped). */
const customerMail = (emu: Emulator) => emu.outbox.filter((m) => m.to !== OWNER);
const to = (emu: Emulator, email: string, from = 0) => emu.outbox.slice(from).filter((m) => m.to === email);
const logOf = (emu: Emulator, orderId: string) => rowsOf(emu, 'Notice log').filter((r) => r['Order ID'] === orderId && String(r.Kind).startsWith('Day'));

/** The small shop at today's daily run hour, before the run. */
const today = () => emulator(START);
/** The same, after the owner's account sent an email yesterday at 9:40 (its quota window begins again at 9:40 today). */
const afterYesterday = () => {
  const emu = emulator(at(-1, 9, 0));
  tick(emu, at(-1, 9, 40));
  emu.clock.advanceTo(START);
  return emu;
};

/**
 * The smallest k at which stopping `run` leaves the state `done` describes (e.g. "the first email went out,
 * its journal entry still says it is about to be sent").
 */
function stopPoint(fresh: () => Emulator, done: (emu: Emulator, from: number) => boolean, fn = 'onClockTick', run = (emu: Emulator) => emu.run(fn)): number {
  for (let k = 1; k < 400; k++) {
    const emu = fresh();
    const from = emu.outbox.length;
    stopped(emu, k, fn, () => run(emu));
    if (done(emu, from)) return k;
  }
  throw new Error('no such stop point');
}
function stoppedAt(fresh: () => Emulator, k: number, fn = 'onClockTick', run = (emu: Emulator) => emu.run(fn)): Emulator {
  const emu = fresh();
  expect(stopped(emu, k, fn, () => run(emu))).toBe(true);
  return emu;
}
const pendingSend = (emu: Emulator) => (emu.documentProperties()['BD_JOURNAL_daily.0'] ?? '').includes('[\\"p\\"');
/** Customer notices sent since `from` (stock alerts to the team go out too). */
const noticesSince = (emu: Emulator, from: number) => emu.outbox.slice(from).filter((m) => /^Your order /.test(m.subject)).length;
/** Just after the first notice went out (its journal entry still says "about to send"). */
const justAfterFirstSend = (emu: Emulator, from: number) => noticesSince(emu, from) === 1 && pendingSend(emu);
/** Who gets the first notice of today's run (first notices go before later ones): Di's late day 3. */
const FIRST = { email: 'di@example.com', orderId: 'BW-4' };
test("today's run sends Di's notice first, Ann's day 10 (a later notice) last", () => {
  const emu = today();
  emu.run('onClockTick');
  const notices = emu.outbox.filter((m) => /^Your order /.test(m.subject)).map((m) => m.to);
  expect(notices[0]).toBe(FIRST.email);
  expect(notices.at(-1)).toBe('ann@example.com');
});

describe('finding 4: a duplicate after a stop just after a send — counted as not sent only when certain', () => {
  test.each(['bound', 'addon'] as const)('re-run the same day by another person from the menu (their own quota): the first customer gets the notice once (%s)', (mode) => {
    const fresh = () => emulator(START, { mode });
    const emu = stoppedAt(fresh, stopPoint(fresh, justAfterFirstSend));
    expect(to(emu, FIRST.email)).toHaveLength(1);
    emu.clock.advanceTo(at(0, 9, 45));
    emu.setActiveUser(CLERK);
    emu.run('runDailyNotices');
    expect(to(emu, FIRST.email)).toHaveLength(1);
    tick(emu, at(0, 10, 30));
    expect(to(emu, FIRST.email)).toHaveLength(1);
    expect(['ann@example.com', 'bob@example.com', 'cy@example.com'].map((e) => to(emu, e).length)).toEqual([1, 1, 1]);
    expect(logOf(emu, FIRST.orderId)).toHaveLength(1);
    expect(journal(emu)).toEqual([]);
  });

  test("re-run the same day after the owner's quota window began again: the customer gets the notice once, logged Unconfirmed", () => {
    const emu = stoppedAt(afterYesterday, stopPoint(afterYesterday, justAfterFirstSend));
    const from = emu.outbox.length - 1;
    // The first notice of the day (first notices go before later ones): Bob's day 3.
    const first = emu.outbox[from];
    expect([first.to, first.subject]).toEqual(['bob@example.com', 'Your order BW-2: an update on the item still to come']);
    tick(emu, at(0, 10, 30)); // past 9:40: the owner's quota is full again
    expect(to(emu, 'bob@example.com', from)).toHaveLength(1);
    const rows = logOf(emu, 'BW-2').filter((r) => r.Kind === 'Day 3');
    expect(rows.map((r) => r.Result)).toEqual(['Unconfirmed']);
    expect(String(rows[0].Detail)).toMatch(/Sent folder of manager@example\.com/);
    // The others' notices went out as usual.
    expect(to(emu, 'ann@example.com', from)).toHaveLength(1);
  });
});

describe("finding 4: an update sent by a manager who is not the trigger owner, stopped just after a send", () => {
  const BOSS = 'boss@example.com';
  const update = {
    id: '0f8c3a52-1111-4222-8333-000000000004',
    sku: SHOP.outSku,
    subject: 'Your order {{orderId}}: an update on a longer delay',
    body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
  };
  const beforeUpdate = () => {
    const wb = copy(SHOP.wb);
    editTab(wb, 'Settings', { Value: `${OWNER}, ${BOSS}` }, (r) => r.Setting === 'Managers');
    const emu = emulator(at(0, 9, 0), {}, wb);
    tick(emu, START);
    emu.clock.advanceTo(at(0, 9, 50));
    return emu;
  };
  const send = (emu: Emulator) => {
    emu.setActiveUser(BOSS);
    emu.runFromBrowser('sendExtendedStockOut', update);
  };
  const updates = (emu: Emulator, email: string) => to(emu, email).filter((m) => /longer delay/.test(m.subject));

  test("the owner's ticks send the rest, never a second copy; when nobody can tell any more, the row says Unconfirmed", () => {
    const pending = (emu: Emulator) => (emu.documentProperties()['BD_JOURNAL_extended.0'] ?? '').includes('[\\"p\\"');
    const k = stopPoint(beforeUpdate, (emu) => emu.outbox.filter((m) => /longer delay/.test(m.subject)).length === 1 && pending(emu), 'sendExtendedStockOut', send);
    const emu = stoppedAt(beforeUpdate, k, 'sendExtendedStockOut', send);
    const first = emu.outbox.filter((m) => /longer delay/.test(m.subject))[0].to;
    // Only the boss's account can tell whether that email went out: the owner's ticks send the others, not it.
    tick(emu, at(0, 10, 30));
    tick(emu, at(0, 11, 30));
    expect(['ann@example.com', 'bob@example.com', 'di@example.com'].map((e) => updates(emu, e).length)).toEqual([1, 1, 1]);
    // A day later nobody can tell: never sent again, and the log says so.
    tick(emu, at(1, 10, 30));
    expect(updates(emu, first)).toHaveLength(1);
    const rows = rowsOf(emu, 'Notice log').filter((r) => r.Kind === 'Extended stock-out' && r.Email === first);
    expect(rows.map((r) => r.Result)).toEqual(['Unconfirmed']);
    expect(String(rows[0].Detail)).toMatch(/Sent folder of boss@example\.com/);
    expect(journal(emu)).toEqual([]);
    expect(emu.documentProperties().EXTENDED_UPDATE_QUEUE).toBeUndefined();
  });

  test('the item comes back in stock meanwhile (the update is dropped): the email still gets its row, once', () => {
    const pending = (emu: Emulator) => (emu.documentProperties()['BD_JOURNAL_extended.0'] ?? '').includes('[\\"p\\"');
    const k = stopPoint(beforeUpdate, (emu) => emu.outbox.filter((m) => /longer delay/.test(m.subject)).length === 1 && pending(emu), 'sendExtendedStockOut', send);
    const emu = stoppedAt(beforeUpdate, k, 'sendExtendedStockOut', send);
    const first = emu.outbox.filter((m) => /longer delay/.test(m.subject))[0].to;
    emu.setActiveUser(OWNER);
    emu.user.setValue('Inventory', 'D2', 40);
    tick(emu, at(0, 10, 30));
    expect(emu.documentProperties().EXTENDED_UPDATE_QUEUE).toBeUndefined();
    tick(emu, at(1, 10, 30));
    tick(emu, at(1, 11, 30));
    expect(updates(emu, first)).toHaveLength(1);
    expect(rowsOf(emu, 'Notice log').filter((r) => r.Kind === 'Extended stock-out' && r.Email === first).map((r) => r.Result)).toEqual(['Unconfirmed']);
    expect(journal(emu)).toEqual([]);
  });
});

describe('finding 5: an unsent email is never logged Sent after a stop just before a send', () => {
  test('another email from the same account before the next run (a manager’s update): the first customer still gets it, logged Sent once', () => {
    const emu = stoppedAt(today, stopPoint(today, justAfterFirstSend) - 1);
    expect(to(emu, FIRST.email)).toHaveLength(0);
    expect(pendingSend(emu)).toBe(true);
    // The owner, a manager, sends an extended update from the dialog: it uses the same account's quota.
    emu.clock.advanceTo(at(0, 9, 50));
    emu.runFromBrowser('sendExtendedStockOut', {
      id: '0f8c3a52-1111-4222-8333-000000000005',
      sku: SHOP.outSku,
      subject: 'Your order {{orderId}}: an update on a longer delay',
      body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
    });
    const before = emu.outbox.length;
    tick(emu, at(0, 10, 30));
    // The update reached that customer too: the notice keeps the minimum gap (4 days) after it, then goes once.
    expect(to(emu, FIRST.email, before).filter((m) => /item still to come/.test(m.subject))).toHaveLength(0);
    expect(logOf(emu, FIRST.orderId)).toEqual([]);
    tick(emu, at(4, 10, 30));
    expect(to(emu, FIRST.email, before).filter((m) => /item still to come/.test(m.subject))).toHaveLength(1);
    expect(logOf(emu, FIRST.orderId).map((r) => r.Result)).toEqual(['Sent']);
  });

  test('recovered on a later day: not claimed Sent — the Notice log says Unconfirmed and what to check', () => {
    const emu = stoppedAt(today, stopPoint(today, justAfterFirstSend) - 1);
    expect(pendingSend(emu)).toBe(true);
    emu.clock.advanceTo(at(1, 10, 30));
    emu.run('onClockTick');
    expect(to(emu, FIRST.email)).toHaveLength(0);
    const rows = logOf(emu, FIRST.orderId);
    expect(rows.map((r) => r.Result)).toEqual(['Unconfirmed']);
    expect(String(rows[0].Detail)).toMatch(/whether it went out cannot be told.*send it by hand/);
  });
});

describe('finding 13: a stop during a checkpoint never doubles Notice log rows', () => {
  test('stopped after the log rows were written and before the journal was cleared: one Sent row per email', () => {
    // The stop point: every Sent row written, the journal still there.
    const k = stopPoint(today, (emu) => rowsOf(emu, 'Notice log').filter((r) => r.Result === 'Sent').length === 4 && journal(emu).length > 0);
    const emu = stoppedAt(today, k);
    tick(emu, at(0, 10, 30));
    const sent = rowsOf(emu, 'Notice log').filter((r) => r.Result === 'Sent').map((r) => r['Order ID']);
    expect(sent.sort()).toEqual(['BW-1', 'BW-2', 'BW-3', 'BW-4']);
    expect(customerMail(emu)).toHaveLength(4);
    expect(journal(emu)).toEqual([]);
  });
});

describe('finding 14: a stopped run is resumed on the next tick, not the next day', () => {
  test('the hourly run stopped after its first email: the next tick sends the rest the same day', () => {
    const emu = stoppedAt(today, stopPoint(today, justAfterFirstSend) + 3);
    expect(emu.outbox).toHaveLength(1);
    tick(emu, at(0, 10, 30));
    expect(customerMail(emu).map((m) => m.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com', 'di@example.com']);
  });

  test('a run from the menu stopped part-way after the day’s tick: the next tick sends the rest the same day', () => {
    // After today's tick, a person adds two orders and runs the notices from the menu, which is stopped after one email.
    const afterTick = () => {
      const emu = today();
      tick(emu, START);
      emu.clock.advanceTo(at(0, 9, 50));
      emu.user.setValues('Orders', 'A6:J7', [
        ['BW-5', since(10), 'Eve', 'eve@example.com', 'DML', SHOP.outSku, 1, 0, 'BackOrder', ''],
        ['BW-6', since(3), 'Fay', 'fay@example.com', 'DML', SHOP.outSku, 1, 0, 'BackOrder', ''],
      ]);
      return emu;
    };
    const emu = stoppedAt(afterTick, stopPoint(afterTick, (e, from) => e.outbox.length === from + 1, 'runDailyNotices') + 3, 'runDailyNotices');
    expect(customerMail(emu)).toHaveLength(5);
    tick(emu, at(0, 10, 30));
    expect(customerMail(emu).slice(4).map((m) => m.to).sort()).toEqual(['eve@example.com', 'fay@example.com']);
  });
});

describe('finding 8: an order cancelled or deleted during a run is not emailed', () => {
  test('lines are read again at each checkpoint: a cancelled and a deleted order get nothing, the others theirs', () => {
    // Each email takes a minute (a slow mail service): a checkpoint follows each one.
    const emu = emulator(START, { callCostMs: { 'MailApp.sendEmail': 61_000 } });
    const push = emu.outbox.push.bind(emu.outbox);
    let edited = false;
    emu.outbox.push = (...mails: SentMail[]) => {
      const n = push(...mails);
      if (!edited) {
        // Right after the first email, a person cancels Cy's order and deletes Bob's row.
        edited = true;
        const values = emu.values('Orders')!.map((r) => [...r]);
        const head = values[0].map(String);
        const cy = values.findIndex((r) => r[0] === 'BW-3');
        values[cy][head.indexOf('Status')] = 'Cancelled';
        const rest = values.filter((r) => r[0] !== 'BW-2');
        rest.push(values[0].map(() => ''));
        emu.model.userEdit('Orders', `A1:N${rest.length}`, rest);
      }
      return n;
    };
    emu.run('onClockTick');
    expect(emu.outbox.map((m) => m.to).sort()).toEqual(['ann@example.com', 'di@example.com']);
    const skipped = rowsOf(emu, 'Notice log').filter((r) => r.Result === 'Skipped' && /cancelled, shipped or removed/.test(String(r.Detail)));
    expect(skipped.map((r) => r['Order ID']).sort()).toEqual(['BW-2', 'BW-3']);
  });
});

describe('finding 8 (the extended update too): a customer whose order is cancelled while an update sends is not emailed', () => {
  test('the waiting lines are read again at each checkpoint: the cancelled order gets nothing, the others the update', () => {
    const emu = emulator(at(0, 8, 20), { callCostMs: { 'MailApp.sendEmail': 61_000 } });
    const push = emu.outbox.push.bind(emu.outbox);
    let edited = false;
    emu.outbox.push = (...mails: SentMail[]) => {
      const n = push(...mails);
      if (!edited) {
        // Right after the first email (Ann's: the oldest backorder), a person cancels Bob's order.
        edited = true;
        const values = emu.values('Orders')!.map((r) => [...r]);
        values.find((r) => r[0] === 'BW-2')![values[0].map(String).indexOf('Status')] = 'Cancelled';
        emu.model.userEdit('Orders', `A1:N${values.length}`, values);
      }
      return n;
    };
    emu.runFromBrowser('sendExtendedStockOut', {
      id: '0f8c3a52-1111-4222-8333-000000000008',
      sku: SHOP.outSku,
      subject: 'Your order {{orderId}}: an update on a longer delay',
      body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
    });
    expect(emu.outbox.map((m) => m.to).sort()).toEqual(['ann@example.com', 'di@example.com']);
    const skipped = rowsOf(emu, 'Notice log').filter((r) => r.Kind === 'Extended stock-out' && r.Result === 'Skipped');
    expect(skipped.map((r) => r.Email)).toEqual(['bob@example.com']);
  });
});

describe('finding 7: one long value never stops the run', () => {
  const LONG = 'X'.repeat(10_000);
  test('10,000-character Order IDs, a SKU and a custom subject from a long name: every notice goes, once, every day', () => {
    const wb = copy(SHOP.wb);
    // Five old orders with very long IDs come first (oldest backorders first), then the shop's customers.
    for (let i = 0; i < 5; i++) editTab(wb, 'Orders', orderLine({ 'Order ID': `${LONG}${i}`, 'Order date': since(17), Customer: `Long ${i}`, Email: `long${i}@example.com`, SKU: SHOP.outSku }));
    editTab(wb, 'Orders', orderLine({ 'Order ID': 'BW-7', 'Order date': since(17), Customer: 'N'.repeat(10_000), Email: 'name@example.com', SKU: SHOP.outSku }));
    editTab(wb, 'Templates', { Kind: 'Day 17', Subject: '{{customer}}, about your order {{orderId}}', Body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.' });
    editTab(wb, 'Inventory', { SKU: `SKU-${LONG}`, Product: 'Long', Available: -1 });
    editTab(wb, 'Orders', orderLine({ 'Order ID': 'BW-8', 'Order date': since(10), Customer: 'Sam', Email: 'sam@example.com', SKU: `SKU-${LONG}` }));
    const emu = emulator(START, {}, wb);
    emu.run('onClockTick');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    const everyone = ['ann', 'bob', 'cy', 'di', 'long0', 'long1', 'long2', 'long3', 'long4', 'name', 'sam'].map((n) => `${n}@example.com`);
    expect(emu.outbox.map((m) => m.to).sort()).toEqual(everyone.sort());
    // Stopped right after a long one's send, the next run still knows it went out.
    expect(journal(emu)).toEqual([]);
    tick(emu, at(0, 10, 30));
    tick(emu, at(1, 9, 30));
    expect(emu.outbox).toHaveLength(everyone.length);
  });

  test('a send stopped on a 10,000-character Order ID is recovered by its ID: not sent twice', () => {
    const wb = copy(SHOP.wb);
    editTab(wb, 'Orders', orderLine({ 'Order ID': LONG, 'Order date': since(17), Customer: 'Long', Email: 'long@example.com', SKU: SHOP.outSku }));
    const fresh = () => emulator(START, {}, wb);
    // Stopped right after its journal entry says sent, before anything is logged.
    const emu = stoppedAt(fresh, stopPoint(fresh, (e) => e.outbox.length === 1 && !pendingSend(e) && journal(e).length > 0));
    expect(emu.outbox.map((m) => m.to)).toEqual(['long@example.com']);
    tick(emu, at(0, 10, 30));
    tick(emu, at(1, 9, 30));
    expect(to(emu, 'long@example.com')).toHaveLength(1);
    expect(rowsOf(emu, 'Notice log').filter((r) => String(r['Order ID']).startsWith('XXXX') && r.Result === 'Sent')).toHaveLength(1);
  });

  test('a 50,000-character SKU: its Notice log cell is cut to fit the 50,000-character cell limit, the run goes on', () => {
    const wb = copy(SHOP.wb);
    const huge = `Q${'9'.repeat(49_999)}`;
    editTab(wb, 'Orders', orderLine({ 'Order ID': 'BW-9', 'Order date': since(3), Customer: 'Quinn', Email: 'quinn@example.com', SKU: huge }));
    const emu = emulator(START, {}, wb);
    emu.run('onClockTick');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    expect(emu.outbox.map((m) => m.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com', 'di@example.com']);
    const row = rowsOf(emu, 'Notice log').find((r) => r['Order ID'] === 'BW-9')!;
    expect(String(row.Detail).length).toBeLessThanOrEqual(50_000);
    tick(emu, at(1, 9, 30));
    expect(emu.executions.at(-1)!.error).toBeUndefined();
  });
});

describe('finding 6: a busy lock means the next tick, not tomorrow', () => {
  test('the daily tick finds the shop lock held (a manager’s update): the next tick sends the notices the same day', () => {
    const emu = emulator(at(0, 9, 0));
    const release = emu.holdDocumentLock();
    tick(emu, START);
    expect(emu.outbox).toHaveLength(0);
    release();
    tick(emu, at(0, 10, 30));
    expect(emu.outbox.map((m) => m.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com', 'di@example.com']);
    tick(emu, at(0, 11, 30));
    expect(emu.outbox).toHaveLength(4);
  });
});

describe('finding 15: malformed addresses do not pass the address check', () => {
  test.each(['x..y@shop.test', 'x@shop.test.'])('%s gets no email and a row that says why', (bad) => {
    const wb = copy(SHOP.wb);
    editTab(wb, 'Orders', { Email: bad }, (r) => r['Order ID'] === 'BW-2');
    const emu = emulator(START, {}, wb);
    emu.run('onClockTick');
    expect(emu.outbox.map((m) => m.to)).not.toContain(bad);
    expect(emu.outbox).toHaveLength(3);
    expect(rowsOf(emu, 'Notice log').some((r) => r['Order ID'] === 'BW-2' && r.Result === 'Skipped')).toBe(true);
  });
});

describe('finding 16: date forms in sheet values never reach customers', () => {
  const FORMS = ['Thurs', 'Weds', 'Tues', 'Mon-Fri', '15-Mar', 'Mar-15', 'March, 15', 'March third', '3-15', '12.25'];
  test.each(FORMS)('"%s" in a product name, a customer name, the Sender name and the Support phone', (form) => {
    const wb = copy(SHOP.wb);
    editTab(wb, 'Inventory', { Product: `${form} Special` }, (r) => r.SKU === SHOP.outSku);
    editTab(wb, 'Orders', { Customer: `Ann ${form}` }, (r) => r['Order ID'] === 'BW-1');
    editTab(wb, 'Settings', { Value: `Shop ${form}` }, (r) => r.Setting === 'Sender name');
    editTab(wb, 'Settings', { Value: `555-0100 ${form}` }, (r) => r.Setting === 'Support phone');
    const emu = emulator(START, {}, wb);
    emu.run('onClockTick');
    expect(emu.outbox.length).toBeGreaterThanOrEqual(4);
    for (const m of emu.outbox) {
      for (const text of [m.subject, m.body, m.htmlBody ?? '', m.name ?? '']) {
        expect(text).not.toContain(form);
        expect(findExactDates(text)).toEqual([]);
      }
    }
  });
});
