/**
 * The extended stock-out dialog (dist/StockOutDialog.html) in real Chromium, bridged to dist/Code.js
 * in the emulator: choose an item, see the preview and counts, edit, send, read the report.
 */
import { existsSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { createEmulator, type Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { recipientsOf } from '../../src/core/stockOut';
import type { StockOutList } from '../../src/shared/stockOutTypes';
import { launchBrowser, servePage, type ServedPage } from './harness';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/StockOutDialog.html')) throw new Error('dist/StockOutDialog.html is missing: run `node build.mjs` first');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The preview's HTML part: the sandboxed frame's document. */
async function previewFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('[data-testid="preview-frame"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the preview frame has no document');
  return frame;
}

/** Chooses an item and waits until its preview email has loaded in the frame (as a person would see it). */
async function choose(page: Page, sku: string): Promise<void> {
  await page.click(`[data-sku="${sku}"]`);
  const frame = await previewFrame(page);
  await frame.waitForFunction(() => (document.body?.textContent ?? '').includes('Hi '));
}

/** Opens *Edit the whole email* (the subject and the template's text are out of sight until then). */
async function editWhole(page: Page): Promise<void> {
  await page.click('[data-testid="edit-whole"]');
  await page.waitForSelector('textarea[name="body"]');
}

/**
 * Clicks Send. The dialog is taller than the window: the button is scrolled into view first and two frames
 * are painted, so Chromium routes the click by the scrolled layout (not to the preview frame, whose
 * hit-test area it may not have moved yet).
 */
async function clickSend(page: Page): Promise<void> {
  await page.locator('[data-testid="send"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.click('[data-testid="send"]');
}

async function open(emu: Emulator): Promise<{ page: Page; served: ServedPage }> {
  const served = await servePage(emu, 'StockOutDialog');
  const page = await browser.newPage();
  await page.goto(served.url);
  await page.waitForSelector('[role="option"]');
  return { page, served };
}

test('a manager chooses an item, sees the preview and counts, fixes a date, sends, and gets the report', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com', mailQuota: 10 });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const item = list.items[0];
  // The segments start as Settings › Notify segments (DML, SCS), not every segment waiting.
  const chosen = recipientsOf(item.waiting, ['DML', 'SCS']);
  expect(chosen.length).toBeLessThan(item.customers);
  const first = chosen[0];
  const { page, served } = await open(emu);
  try {
    await choose(page, item.sku);
    expect(await page.$$eval('input[name="segment"]:checked', (els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(['DML', 'SCS']);
    expect(await page.textContent('[data-testid="recipients"]')).toContain(`Goes to ${chosen.length} customers`);
    expect(await page.textContent('[data-testid="recipients"]')).toContain('Emails left today: 10');
    expect(await page.textContent('[data-testid="shortfall"]')).toContain(`the other ${chosen.length - 10} will be sent by the next daily run`);
    const body = (await page.textContent('[data-testid="preview-body"]')) ?? '';
    expect(body).toContain(`Hi ${first.customer.split(' ')[0]}`);
    expect(body).toContain(item.etaPhrase);
    expect(await page.textContent('[data-testid="preview-subject"]')).toContain(first.orderIds[0]);

    // An exact date is caught before sending, and the message says why.
    await editWhole(page);
    await page.fill('textarea[name="body"]', 'Hi {{customer}}, it will be back on March 14. <b>Thanks</b>');
    expect(await page.textContent('[data-testid="text-problem"]')).toContain('"March 14"');
    expect(await page.isDisabled('[data-testid="send"]')).toBe(true);

    // Markup typed by the manager is shown as text, never injected: in the HTML part and in the plain-text part.
    await page.fill('textarea[name="body"]', 'Hi {{customer}}, {{#items}}{{eta}}{{/items}}. <b>Thanks</b>');
    await page.waitForSelector('[data-testid="preview-body"]', { state: 'attached' });
    expect(await page.textContent('[data-testid="preview-body"]')).toContain('<b>Thanks</b>');
    expect(await page.$('[data-testid="preview-body"] b')).toBeNull();
    const frame = await previewFrame(page);
    await frame.waitForFunction(() => document.body.textContent?.includes('<b>Thanks</b>'));
    expect(await frame.$$('b')).toHaveLength(0);

    await clickSend(page);
    await page.waitForSelector('[data-testid="report"]');
    expect(await page.textContent('[data-testid="report-sent"]')).toBe('10');
    expect(await page.textContent('[data-testid="report-failed"]')).toBe('0');
    expect(await page.textContent('[data-testid="report-waiting"]')).toBe(String(chosen.length - 10));
    expect(emu.outbox).toHaveLength(10);
    expect(emu.outbox[0].to).toBe(first.email);
    expect(emu.outbox[0].body).toContain(`Hi ${first.customer.split(' ')[0]}, ${item.etaPhrase}. <b>Thanks</b>`);
    expect(emu.outbox[0].htmlBody).toContain('&lt;b&gt;Thanks&lt;/b&gt;');
  } finally {
    await page.close();
    await served.close();
  }
});


test('the manager sends an update typing only into "Your message"; the template code stays out of sight; Send another update keeps the message', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const item = list.items[0];
  const chosen = recipientsOf(item.waiting, ['DML', 'SCS']);
  const { page, served } = await open(emu);
  try {
    await choose(page, item.sku);
    // No template code in sight: no subject or body field, no {{…}} anywhere on the page outside the preview.
    expect(await page.$('textarea[name="body"]')).toBeNull();
    expect(await page.$('input[name="subject"]')).toBeNull();
    expect(await page.locator('.compose').innerText()).not.toContain('{{');
    // Under Edit the whole email, a placeholder that does not exist is refused with the reason (never sent blank).
    await editWhole(page);
    await page.fill('textarea[name="body"]', 'Hi {{name}}, your {{product}} is late.');
    expect(await page.textContent('[data-testid="text-problem"]')).toMatch(/\{\{name\}\} is not a placeholder these emails know/);
    expect(await page.isDisabled('[data-testid="send"]')).toBe(true);
    await page.click('text=Back to the standard email');
    expect(await page.$('textarea[name="body"]')).toBeNull();
    expect(await page.$('[data-testid="text-problem"]')).toBeNull();
    const words = 'Our supplier has found a second bottler, and the first pallets are on their way.';
    await page.fill('textarea[name="message"]', words);
    const frame = await previewFrame(page);
    await frame.waitForFunction((w) => document.body.textContent?.includes(w), words);
    await clickSend(page);
    await page.waitForSelector('[data-testid="report"]');
    expect(await page.textContent('[data-testid="report-sent"]')).toBe(String(chosen.length));
    expect(emu.outbox).toHaveLength(chosen.length);
    for (const m of emu.outbox) {
      expect(m.body).toContain(words);
      expect(m.body).toMatch(/^Hi \S/);
      expect(m.body).toContain(item.etaPhrase);
      // The default wording does not contradict the arrival phrase.
      expect(m.body).not.toMatch(/longer than we hoped/);
    }
    expect(new Set(emu.outbox.map((m) => m.to))).toEqual(new Set(chosen.map((r) => r.email)));
    // Send another update: the message is still there for the next item.
    await page.click('text=Send another update');
    await page.waitForSelector('[role="option"]');
    await page.click(`[data-sku="${list.items[1].sku}"]`);
    expect(await page.inputValue('textarea[name="message"]')).toBe(words);
  } finally {
    await page.close();
    await served.close();
  }
});

test('in Test mode the Send button names the test emails and where they go, not customers', async () => {
  // The demo starts in Test mode, with the manager as Test recipient.
  const emu = createEmulator({ workbook: generateWorkbook(), activeUserEmail: 'manager@example.com' });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  expect(list.sendMode).toBe('Test');
  const item = list.items[0];
  const { page, served } = await open(emu);
  try {
    await choose(page, item.sku);
    const n = recipientsOf(item.waiting, ['DML', 'SCS']).length;
    expect((await page.textContent('[data-testid="send"]'))?.trim()).toBe(`Send ${n} test email${n === 1 ? '' : 's'} to ${list.testRecipient}`);
  } finally {
    await page.close();
    await served.close();
  }
});

test('the preview shows the HTML part in a frame that runs no script; markup typed in the message is only text', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const item = list.items[0];
  const first = recipientsOf(item.waiting, ['DML', 'SCS'])[0];
  const { page, served } = await open(emu);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  try {
    await choose(page, item.sku);
    const attack = '<img src=x onerror="alert(1);parent.__ran=1"> <b>bold</b> <script>parent.__ran=2</script>';
    await editWhole(page);
    await page.fill('textarea[name="body"]', `Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.{{/items}}\n\n${attack}`);
    const handle = await page.waitForSelector('[data-testid="preview-frame"]');
    expect(await handle.getAttribute('sandbox')).toBe('');
    const frame = await previewFrame(page);
    await frame.waitForFunction(() => document.body.textContent?.includes('<img src=x'));
    const text = (await frame.textContent('body')) ?? '';
    // The email as the first recipient gets it: their name, the item's arrival wording, and the markup as text.
    expect(text).toContain(`Hi ${first.customer.split(' ')[0]},`);
    expect(text).toContain(item.etaPhrase);
    expect(text).toContain(attack);
    expect(await frame.$$('img')).toHaveLength(0);
    expect(await frame.$$('b')).toHaveLength(0);
    expect(await frame.$$('script')).toHaveLength(0);
    // The same HTML the server sends (one renderer for both).
    await clickSend(page);
    await page.waitForSelector('[data-testid="report"]');
    const sent = emu.outbox.find((m) => m.to === first.email)!;
    expect(sent.htmlBody).toContain('&lt;img src=x onerror=&quot;alert(1);parent.__ran=1&quot;&gt;');
    // No script ran: not in the frame, not in the dialog.
    expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();
    expect(dialogs).toEqual([]);
  } finally {
    await page.close();
    await served.close();
  }
});

test('the plain-text part is one click away', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const item = (emu.runFromBrowser('listStockOuts') as StockOutList).items[0];
  const { page, served } = await open(emu);
  try {
    await choose(page, item.sku);
    expect(await page.isVisible('[data-testid="preview-body"]')).toBe(false);
    await page.click('[data-testid="preview-plain-toggle"]');
    expect(await page.isVisible('[data-testid="preview-body"]')).toBe(true);
    expect(await page.textContent('[data-testid="preview-body"]')).toContain(item.etaPhrase);
  } finally {
    await page.close();
    await served.close();
  }
});

test('sending the same item again the same day asks for confirmation first', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const item = (emu.runFromBrowser('listStockOuts') as StockOutList).items[1];
  const customers = recipientsOf(item.waiting, ['DML', 'SCS']).length;
  const { page, served } = await open(emu);
  try {
    await choose(page, item.sku);
    await clickSend(page);
    await page.waitForSelector('[data-testid="report"]');
    expect(emu.outbox).toHaveLength(customers);
    await page.click('text=Send another update');
    await choose(page, item.sku);
    await clickSend(page);
    await page.waitForSelector('[data-testid="confirm"]');
    expect(emu.outbox).toHaveLength(customers);
    await page.click('[data-testid="confirm"] >> text=Send again');
    await page.waitForSelector('[data-testid="report"]');
    expect(emu.outbox).toHaveLength(2 * customers);
  } finally {
    await page.close();
    await served.close();
  }
});

test('a non-manager sees the refusal and cannot send', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'agent@example.com' });
  const { page, served } = await open(emu);
  try {
    expect(await page.textContent('[data-testid="permission"]')).toContain('Settings › Managers');
    const item = (emu.runFromBrowser('listStockOuts') as StockOutList).items[0];
    await page.click(`[data-sku="${item.sku}"]`);
    expect(await page.textContent('[data-testid="recipients"]')).toContain(`${item.customers} customers waiting`);
    expect(await page.$('[data-testid="preview"]')).toBeNull();
    expect(await page.isDisabled('[data-testid="send"]')).toBe(true);
    expect(emu.outbox).toHaveLength(0);
  } finally {
    await page.close();
    await served.close();
  }
});

/** The page at the size Apps Script gives the dialog (showExtendedStockOutDialog: 720 × 640). */
async function openAtDialogSize(emu: Emulator): Promise<{ page: Page; served: ServedPage }> {
  const served = await servePage(emu, 'StockOutDialog');
  const page = await browser.newPage({ viewport: { width: 720, height: 640 } });
  await page.goto(served.url);
  await page.waitForSelector('[role="option"]');
  return { page, served };
}

/** Whether the element is fully inside the window without scrolling. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });

test('a manager can choose an item with the keyboard alone: Tab to the list, arrows, Enter', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const { page, served } = await openAtDialogSize(emu);
  try {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sku'))).toBe(list.items[0].sku);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sku'))).toBe(list.items[1].sku);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-sku="${list.items[1].sku}"][aria-selected="true"]`);
    await page.waitForSelector('[data-testid="preview"]');
  } finally {
    await page.close();
    await served.close();
  }
});

test('at the dialog size, Send and the send-again question stay in view however long the preview is', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({ sendMode: 'Live' }), activeUserEmail: 'manager@example.com' });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const item = list.items[0];
  const { page, served } = await openAtDialogSize(emu);
  try {
    await choose(page, item.sku);
    await editWhole(page);
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
    expect(await inView(page, '[data-testid="send"]')).toBe(true);
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="report"]');
    await page.click('text=Send another update');
    await page.waitForSelector('[role="option"]');
    await choose(page, item.sku);
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="confirm"]');
    expect(await inView(page, '[data-testid="confirm"] >> text=Send again')).toBe(true);
    // Its way out is not a second "Cancel" (that one closes the dialog).
    expect(await page.locator('[data-testid="confirm"] button', { hasText: 'Cancel' }).count()).toBe(0);
    expect(await page.locator('[data-testid="placeholders"]').innerText()).toContain('{{#several}}');
  } finally {
    await page.close();
    await served.close();
  }
});
