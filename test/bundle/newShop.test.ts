/**
 * What a new shop meets first, run from dist/Code.js in the emulator: set-up starts in Test mode, Live takes
 * effect only once the go-live checklist is complete (and says why not, once), *Go live…* shows the checklist,
 * and *Run daily notices now* asks first, with the number of emails, and is for managers only in Live.
 */
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { INVENTORY_HEADERS, ORDERS_HEADERS, SETTINGS_HEADERS, TEMPLATES_HEADERS } from '../../src/sheet/schema';
import { SETTING_DEFINITIONS } from '../../src/sheet/settings';
import type { ExtendedStockOutReport, StockOutList } from '../../src/shared/stockOutTypes';
import { rowsOf } from './expectedNotices';

const START = '2026-03-02T14:30:00Z'; // 9:30 in New York, the demo's "today"
const MANAGER = 'manager@example.com';

function setting(wb: WorkbookData, name: string, value: string | null): WorkbookData {
  const s = wb.sheets.find((x) => x.name === 'Settings')!;
  const i = s.values.findIndex((r) => r[0] === name);
  if (value === null) s.values.splice(i, 1);
  else if (i >= 0) s.values[i][1] = value;
  else s.values.push([name, value, '']);
  return wb;
}

/** The demo as an export from another tool: no Settings and no Templates tab. */
function imported(): WorkbookData {
  const wb = generateWorkbook();
  wb.sheets = wb.sheets.filter((s) => s.name !== 'Settings' && s.name !== 'Templates');
  return wb;
}

const settingValue = (emu: Emulator, name: string) => rowsOf(emu.workbook(), 'Settings').find((r) => r.Setting === name)?.Value;
const customerMail = (emu: Emulator) => emu.outbox.filter((m) => m.to !== MANAGER && m.to !== 'qa@example.com' && !/^\[TEST\]/.test(m.subject));
const log = (emu: Emulator) => rowsOf(emu.workbook(), 'Notice log');

describe('a new shop starts in Test mode', () => {
  test('set-up on an imported sheet writes Send mode = Test, and the first daily run emails no customer', () => {
    const emu = createEmulator({ workbook: imported(), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    expect(settingValue(emu, 'Send mode')).toBe('Test');
    expect(settingValue(emu, 'Sender name')).toBe('');
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    // No Test recipient yet: the Notice log says what was held back and why.
    expect(log(emu).some((r) => /Send mode is Test but Settings › Test recipient is blank/.test(String(r.Detail)))).toBe(true);
  });

  test('finding 3: a deleted Send mode row means Test, and no customer is emailed', () => {
    const wb = setting(setting(generateWorkbook({ sendMode: 'Live' }), 'Send mode', null), 'Test recipient', 'qa@example.com');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(customerMail(emu)).toEqual([]);
    expect(emu.outbox.every((m) => m.to === 'qa@example.com' && m.subject.startsWith('[TEST] '))).toBe(true);
    // Each test email says whom it was for (the customer of its Notice log row), in both parts.
    const customerTests = emu.outbox.filter((m) => /^\[TEST\] Your order/.test(m.subject));
    expect(customerTests.length).toBeGreaterThan(0);
    for (const m of customerTests) {
      const orderId = /Your order (\S+?):/.exec(m.subject)![1];
      const row = log(emu).find((r) => r['Order ID'] === orderId && r.Result === 'Sent')!;
      expect(m.body.startsWith(`[Test mode: this email would have gone to ${String(row.Email)}.]\n\n`)).toBe(true);
      expect(m.htmlBody).toContain(`Test mode: this email would have gone to ${String(row.Email)}.`);
    }
    // The Notice log says why a shop that chose Live is not emailing customers.
    expect(log(emu).filter((r) => /no Send mode row, so runs stay in Test/.test(String(r.Detail)))).toHaveLength(1);
  });

  test('finding 3: a renamed Settings tab means Test, and no customer is emailed', () => {
    const wb = generateWorkbook({ sendMode: 'Live' });
    wb.sheets.find((s) => s.name === 'Settings')!.name = 'Settings (old)';
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox).toEqual([]);
    expect(customerMail(emu)).toEqual([]);
    expect(log(emu).filter((r) => /There is no Settings tab \(was it renamed\?\).*Send mode is Test/.test(String(r.Detail)))).toHaveLength(1);
  });
});

describe('Live is refused while the go-live checklist has gaps', () => {
  test('Live typed with no reply-to and no support phone runs as Test, and the Notice log says why once', () => {
    const wb = setting(setting(generateWorkbook({ sendMode: 'Live' }), 'Reply-to', ''), 'Support phone', '');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('runDailyNotices');
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(customerMail(emu)).toEqual([]);
    const why = (e: Emulator) => log(e).filter((r) => /Send mode says Live, but the go-live checklist is not complete \(missing: Reply-to, Support phone\)/.test(String(r.Detail)));
    expect(why(emu)).toHaveLength(1);
    // Nothing is marked sent in Test mode.
    expect(rowsOf(emu.workbook(), 'Orders').filter((r) => /^\d/.test(String(r['Notices sent'])) && !/skipped/.test(String(r['Notices sent'])))).toEqual([]);
    emu.clock.advance(86_400_000);
    expect(customerMail(emu)).toEqual([]);
    expect(why(emu)).toHaveLength(1);
    // Completing the checklist makes the typed Live take effect on the next run.
    emu.user.setValue('Settings', `B${rowsOf(emu.workbook(), 'Settings').findIndex((r) => r.Setting === 'Reply-to') + 2}`, 'help@example.com');
    emu.user.setValue('Settings', `B${rowsOf(emu.workbook(), 'Settings').findIndex((r) => r.Setting === 'Support phone') + 2}`, '(555) 010-4477');
    emu.run('runDailyNotices');
    expect(customerMail(emu).length).toBeGreaterThan(0);
  });

  test('the extended-update dialog says the update goes to the Test recipient, and which checklist items are missing', () => {
    const wb = setting(setting(generateWorkbook({ sendMode: 'Live' }), 'Reply-to', ''), 'Test recipient', 'qa@example.com');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    expect(list).toMatchObject({ sendMode: 'Test', testRecipient: 'qa@example.com', liveRefused: ['Reply-to'], notifySegments: ['DML', 'SCS'] });
    const r = emu.runFromBrowser('sendExtendedStockOut', { id: '0f8c3a52-3333-4222-8333-000000000001', sku: list.items[0].sku, subject: list.template.subject, body: list.template.body, message: 'An update from us.' }) as ExtendedStockOutReport;
    expect(r).toMatchObject({ outcome: 'done', testMode: true });
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(emu.outbox.every((m) => m.to === 'qa@example.com' && m.body.includes('An update from us.'))).toBe(true);
  });

  test('Live typed into the Send mode cell while the checklist has gaps gets a note naming them; completing it clears the note', () => {
    const wb = setting(generateWorkbook(), 'Support phone', '');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    const rowOf = (name: string) => rowsOf(emu.workbook(), 'Settings').findIndex((r) => r.Setting === name) + 2;
    const noteOf = (a1: string) => emu.spreadsheet.getSheetByName('Settings')!.getRange(a1).getNote();
    emu.user.setValue('Settings', `B${rowOf('Send mode')}`, 'Live');
    expect(noteOf(`B${rowOf('Send mode')}`)).toBe(
      'Backorder Desk: Live is not used yet: the go-live checklist still needs Support phone. Until then every run behaves as Test (Backorder Desk › Go live… shows the checklist).',
    );
    emu.user.setValue('Settings', `B${rowOf('Support phone')}`, '(555) 010-4477');
    expect(noteOf(`B${rowOf('Send mode')}`)).toBe('');
  });

  test('Go live… lists what is missing and leaves Send mode at Test', () => {
    const wb = setting(setting(generateWorkbook(), 'Managers', ''), 'Sender name', '');
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('showGoLive');
    const alert = emu.ui.alerts.at(-1)!;
    expect(alert.title).toBe('Not ready to go live');
    expect(alert.prompt).toMatch(/✗ missing: Sender name/);
    expect(alert.prompt).toMatch(/✓ Reply-to/);
    expect(alert.prompt).toMatch(/✓ Support phone/);
    expect(alert.prompt).toMatch(/✗ missing: Managers/);
    expect(settingValue(emu, 'Send mode')).toBe('Test');
  });

  test('Go live… with the checklist complete asks, then sets Live and records who did it; a No changes nothing', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    emu.ui.queueAlertResponse('NO');
    emu.run('showGoLive');
    expect(emu.ui.alerts.at(-1)!.title).toBe('Go live?');
    expect(settingValue(emu, 'Send mode')).toBe('Test');
    emu.ui.queueAlertResponse('YES');
    emu.run('showGoLive');
    expect(settingValue(emu, 'Send mode')).toBe('Live');
    expect(rowsOf(emu.workbook(), 'Activity log').filter((r) => r.What === 'Went live' && r.Who === MANAGER)).toHaveLength(1);
    expect(emu.ui.toasts.at(-1)).toMatchObject({ title: 'Backorder Desk: you are live', message: expect.stringMatching(/^Send mode is now Live/) });
    emu.run('runDailyNotices');
    expect(customerMail(emu).length).toBeGreaterThan(0);
  });

  test('Go live… before Set up sheet says to set up first (no hourly run would send anything) and leaves Send mode at Test', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.ui.queueAlertResponse('YES');
    emu.run('showGoLive');
    expect(emu.ui.alerts.at(-1)).toMatchObject({ title: 'Set up first', prompt: expect.stringMatching(/Run Backorder Desk › Set up sheet first/) });
    expect(settingValue(emu, 'Send mode')).toBe('Test');
  });

  test('Go live… by someone who is not a manager changes nothing', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.ui.queueAlertResponse('YES');
    emu.run('showGoLive');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/Only the managers/);
    expect(settingValue(emu, 'Send mode')).toBe('Test');
  });
});

describe('Run daily notices now', () => {
  test('asks first, naming the number of emails it will send; No sends nothing, Yes sends exactly that many', () => {
    const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), now: START, mailQuota: 1000, activeUserEmail: MANAGER });
    emu.open();
    emu.ui.queueAlertResponse('NO');
    emu.open();
    emu.clickMenu('Run daily notices now');
    const question = emu.ui.alerts.at(-1)!;
    expect(question.title).toBe('Run daily notices now?');
    const n = Number(/This sends (\d+) emails? now to customers/.exec(question.prompt)![1]);
    expect(n).toBeGreaterThan(0);
    expect(emu.outbox).toEqual([]);
    emu.ui.queueAlertResponse('YES');
    emu.clickMenu('Run daily notices now');
    expect(emu.outbox).toHaveLength(n);
  });

  test('in Live only managers may run it', () => {
    const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.open();
    emu.ui.queueAlertResponse('YES');
    emu.clickMenu('Run daily notices now');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/only the managers listed in Settings › Managers can run the daily notices by hand; clerk@example.com is not one of them/);
    expect(emu.outbox).toEqual([]);
  });

  test('in Test anyone may run it, and the question says the emails go to the Test recipient', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 1000, activeUserEmail: 'clerk@example.com' });
    emu.open();
    emu.clickMenu('Run daily notices now');
    expect(emu.ui.alerts.at(-1)!.prompt).toMatch(/now to the Test recipient \(manager@example.com\), since Send mode is Test/);
    expect(emu.outbox.length).toBeGreaterThan(0);
    expect(emu.outbox.every((m) => m.to === MANAGER && m.subject.startsWith('[TEST] '))).toBe(true);
  });
});

/** A shop with one order of two backordered lines, 3 days old today (its day-3 notice is due), Live and complete. */
function twoLineShop(templates: unknown[][]): WorkbookData {
  const day = (offset: number) => new Date(Date.UTC(2026, 2, 2 + offset, 5));
  const inv = (sku: string) => INVENTORY_HEADERS.map((h) => ({ SKU: sku, Product: `Product ${sku}`, 'Product line': 'Line', Available: -1, Status: 'Out of stock' })[h as string] ?? '');
  const line = (sku: string) =>
    ORDERS_HEADERS.map((h) => ({ 'Order ID': 'BW-1', 'Order date': day(-3), Customer: 'Ann Lee', Email: 'ann@example.com', Segment: 'DML', SKU: sku, Qty: 1, Shipped: 0, Status: 'BackOrder' })[h as string] ?? '');
  const values: Record<string, string> = { 'Send mode': 'Live', Managers: MANAGER, 'Sender name': 'Brightwater', 'Reply-to': 'help@example.com', 'Support phone': '(555) 010-4477' };
  return {
    name: 'Two lines',
    timeZone: 'America/New_York',
    sheets: [
      { name: 'Inventory', values: [[...INVENTORY_HEADERS], inv('A-1'), inv('B-2')] },
      { name: 'Orders', values: [[...ORDERS_HEADERS], line('A-1'), line('B-2')] },
      { name: 'Settings', values: [[...SETTINGS_HEADERS], ...SETTING_DEFINITIONS.map((d) => [d.name, values[d.name] ?? d.defaultValue, d.about])] },
      { name: 'Templates', values: [[...TEMPLATES_HEADERS], ...templates] },
    ],
  } as WorkbookData;
}

describe('templates that cannot be used are refused with the reason, and the default goes out', () => {
  test('finding 10: a Day 3 template with an unknown placeholder is refused with the reason; the customer gets the default, nothing blank', () => {
    const emu = createEmulator({ workbook: twoLineShop([['Day 3', 'Your order {{orderId}}', 'Hi {{name}}, your {{item}} is late.']]), now: START, mailQuota: 100 });
    emu.run('runDailyNotices');
    expect(emu.outbox).toHaveLength(1);
    expect(emu.outbox[0].body).toMatch(/^Hi Ann,/);
    expect(emu.outbox[0].body).not.toMatch(/Hi ,|your {2}is/);
    const why = log(emu).filter((r) => r.Kind === 'Day 3' && r.Result === 'Skipped');
    expect(why.map((r) => r.Detail)).toEqual([
      expect.stringMatching(/^Templates › Day 3: The template's body: \{\{name\}\} is not a placeholder these emails know .*; the default text was used instead \(1 notice this run\)/),
    ]);
  });

  test('finding 10: {{product}} outside {{#items}} is refused with the reason, not rendered blank', () => {
    const emu = createEmulator({ workbook: twoLineShop([['Day 3', 'Your order {{orderId}}', 'Hi {{customer}}, your {{product}} is late.']]), now: START, mailQuota: 100 });
    emu.run('runDailyNotices');
    expect(emu.outbox).toHaveLength(1);
    expect(emu.outbox[0].body).toContain('Product A-1');
    expect(log(emu).some((r) => /\{\{product\}\} only works inside \{\{#items\}\}…\{\{\/items\}\}/.test(String(r.Detail)))).toBe(true);
  });

  test('finding 10: a template the mail service rejects (too large) falls back to the default instead of failing every day', () => {
    const huge = `Hi {{customer}},\n{{#items}}${'€'.repeat(40_000)}{{/items}}`;
    const emu = createEmulator({ workbook: twoLineShop([['Day 3', 'Your order {{orderId}}', huge]]), now: START, mailQuota: 100 });
    emu.run('runDailyNotices');
    expect(emu.outbox).toHaveLength(1);
    expect(emu.outbox[0].body).toMatch(/^Hi Ann,/);
    expect(log(emu).filter((r) => r.Result === 'Failed')).toEqual([]);
    expect(log(emu).some((r) => /Templates › Day 3: the email would be \d+ KB, more than the mail service accepts \(200 KB\); the default text was used instead/.test(String(r.Detail)))).toBe(true);
    expect(String(rowsOf(emu.workbook(), 'Orders')[0]['Notices sent'])).toBe('3');
  });

  test('finding 10: the Templates tab says, on the cell, why a text it holds cannot be used, as it is typed; fixing it clears the note', () => {
    const emu = createEmulator({ workbook: generateWorkbook(), now: START, mailQuota: 100, activeUserEmail: MANAGER });
    emu.run('setUpSheet');
    const rows = rowsOf(emu.workbook(), 'Templates');
    const row = rows.findIndex((r) => r.Kind === 'Day 10') + 2;
    const body = (a1: string) => emu.spreadsheet.getSheetByName('Templates')!.getRange(a1).getNote();
    emu.user.setValue('Templates', `C${row}`, 'Hi {{customer}}, your {{product}} is late.');
    expect(body(`C${row}`)).toBe(
      "Backorder Desk: The template's body: {{product}} only works inside {{#items}}…{{/items}} (one block per item); outside it there is no product to show. Until it is fixed, the default text goes out instead.",
    );
    // A day notice must also say what the US mail-order rule asks (src/core/templates.ts `delayNoticeGaps`).
    emu.user.setValue('Templates', `C${row}`, 'Hi {{customer}},\n{{#items}}{{product}}: {{eta}}.{{/items}}');
    expect(body(`C${row}`)).toMatch(/^Backorder Desk: The template leaves out what a US delay notice must say: it does not say we cannot give a revised shipping date; .*\. Until it is fixed, the default text goes out instead\.$/);
    emu.user.setValue('Templates', `C${row}`, 'Hi {{customer}},\n{{#items}}{{product}}: {{eta}}. Why: {{reason}}.{{/items}}\nWe cannot give you a revised shipping date. You may cancel at any time for a full refund: just reply.');
    expect(body(`C${row}`)).toBe('');
  });

  test('finding 10: the extended update refuses an unknown placeholder or an item placeholder outside the block, with the reason, and sends nothing', () => {
    const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: MANAGER });
    const list = emu.runFromBrowser('listStockOuts') as StockOutList;
    const item = list.items[0];
    const send = (body: string, n: number) =>
      emu.runFromBrowser('sendExtendedStockOut', { id: `0f8c3a52-2222-4222-8333-00000000000${n}`, sku: item.sku, subject: 'An update', body }) as ExtendedStockOutReport;
    expect(send('Hi {{name}}, {{#items}}{{eta}}{{/items}}', 1)).toMatchObject({ outcome: 'invalid', message: expect.stringMatching(/\{\{name\}\} is not a placeholder/) });
    expect(send('Hi {{customer}}, your {{product}} is late.', 2)).toMatchObject({ outcome: 'invalid', message: expect.stringMatching(/\{\{product\}\} only works inside/) });
    expect(emu.outbox).toEqual([]);
  });
});

describe('the alternative a notice names is real', () => {
  test('a day-N notice names an in-stock alternative of the same product line when one exists, and never one without stock', () => {
    const wb = generateWorkbook({ sendMode: 'Live' });
    // A promise far away: no line is cancelled at its consent deadline, so stock stays as it was while notices go out.
    wb.sheets.find((x) => x.name === 'Settings')!.values.find((r) => r[0] === 'Promised ship days')![1] = 365;
    const emu = createEmulator({ workbook: wb, now: START, mailQuota: 1000 });
    emu.run('setUpSheet');
    emu.clock.advance(10 * 86_400_000);
    expect(emu.outbox.length).toBeGreaterThan(20);
    const inv = rowsOf(emu.workbook(), 'Inventory');
    const byProduct = new Map(inv.map((r) => [String(r.Product), r]));
    let named = 0;
    for (const m of emu.outbox) {
      for (const [, item, alt] of m.body.matchAll(/^- (.+?) \(\d+ still to come\):.*\. (.+) is in stock now, if you would rather switch\.$/gm)) {
        const a = byProduct.get(alt)!;
        const i = byProduct.get(item)!;
        expect(Number(a.Available)).toBeGreaterThan(0);
        expect(a['Product line'] === i['Product line'] || String(i.Alternatives).split(/,\s*/).includes(String(a.SKU))).toBe(true);
        named++;
      }
      // An item that names none has none: nothing of its product line, and nothing it lists, is in stock.
      for (const [line, item] of m.body.matchAll(/^- (.+?) \(\d+ still to come\): .*$/gm)) {
        if (/is in stock now/.test(line)) continue;
        const i = byProduct.get(item)!;
        const listed = String(i.Alternatives).split(/,\s*/);
        const inStock = inv.filter((r) => r !== i && Number(r.Available) > 0 && (r['Product line'] === i['Product line'] || listed.includes(String(r.SKU))));
        expect(inStock.map((r) => r.SKU)).toEqual([]);
      }
    }
    expect(named).toBeGreaterThan(0);
  });
});
