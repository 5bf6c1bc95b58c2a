/**
 * The extended stock-out dialog (dist/StockOutDialog.html) in real Chromium, bridged to dist/Code.js
 * in the emulator: choose an item, see the preview and counts, edit, send, read the report.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createEmulator, type Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
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

async function open(emu: Emulator): Promise<{ page: Page; served: ServedPage }> {
  const served = await servePage(emu, 'StockOutDialog');
  const page = await browser.newPage();
  await page.goto(served.url);
  await page.waitForSelector('[role="option"]');
  return { page, served };
}

test('a manager chooses an item, sees the preview and counts, fixes a date, sends, and gets the report', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({}), activeUserEmail: 'manager@example.com', mailQuota: 10 });
  const list = emu.runFromBrowser('listStockOuts') as StockOutList;
  const item = list.items[0];
  const first = item.waiting[0];
  const { page, served } = await open(emu);
  try {
    await page.click(`[data-sku="${item.sku}"]`);
    await page.waitForSelector('[data-testid="preview"]');
    expect(await page.textContent('[data-testid="recipients"]')).toContain(`Goes to ${item.customers} customers`);
    expect(await page.textContent('[data-testid="recipients"]')).toContain('Emails left today: 10');
    expect(await page.textContent('[data-testid="shortfall"]')).toContain(`the other ${item.customers - 10} will be sent by the next daily run`);
    const body = (await page.textContent('[data-testid="preview-body"]')) ?? '';
    expect(body).toContain(`Hi ${first.customer}`);
    expect(body).toContain(item.etaPhrase);
    expect(await page.textContent('[data-testid="preview-subject"]')).toContain(first.orderId);

    // An exact date is caught before sending, and the message says why.
    await page.fill('textarea[name="body"]', 'Hi {{customer}}, it will be back on March 14. <b>Thanks</b>');
    expect(await page.textContent('[data-testid="text-problem"]')).toContain('"March 14"');
    expect(await page.isDisabled('[data-testid="send"]')).toBe(true);

    // Markup typed by the manager is shown as text, never injected.
    await page.fill('textarea[name="body"]', 'Hi {{customer}}, {{#items}}{{eta}}{{/items}}. <b>Thanks</b>');
    await page.waitForSelector('[data-testid="preview-body"]');
    expect(await page.textContent('[data-testid="preview-body"]')).toContain('<b>Thanks</b>');
    expect(await page.$('[data-testid="preview-body"] b')).toBeNull();

    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="report"]');
    expect(await page.textContent('[data-testid="report-sent"]')).toBe('10');
    expect(await page.textContent('[data-testid="report-failed"]')).toBe('0');
    expect(await page.textContent('[data-testid="report-waiting"]')).toBe(String(item.customers - 10));
    expect(emu.outbox).toHaveLength(10);
    expect(emu.outbox[0].to).toBe(first.email);
    expect(emu.outbox[0].body).toContain(`Hi ${first.customer}, ${item.etaPhrase}. <b>Thanks</b>`);
    expect(emu.outbox[0].htmlBody).toContain('&lt;b&gt;Thanks&lt;/b&gt;');
  } finally {
    await page.close();
    await served.close();
  }
});

test('sending the same item again the same day asks for confirmation first', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({}), activeUserEmail: 'manager@example.com' });
  const item = (emu.runFromBrowser('listStockOuts') as StockOutList).items[1];
  const { page, served } = await open(emu);
  try {
    await page.click(`[data-sku="${item.sku}"]`);
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="report"]');
    expect(emu.outbox).toHaveLength(item.customers);
    await page.click('text=Send another update');
    await page.click(`[data-sku="${item.sku}"]`);
    await page.click('[data-testid="send"]');
    await page.waitForSelector('[data-testid="confirm"]');
    expect(emu.outbox).toHaveLength(item.customers);
    await page.click('[data-testid="confirm"] >> text=Send again');
    await page.waitForSelector('[data-testid="report"]');
    expect(emu.outbox).toHaveLength(2 * item.customers);
  } finally {
    await page.close();
    await served.close();
  }
});

test('a non-manager sees the refusal and cannot send', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({}), activeUserEmail: 'agent@example.com' });
  const { page, served } = await open(emu);
  try {
    expect(await page.textContent('[data-testid="permission"]')).toContain('Settings › Managers');
    await page.click('[role="option"]');
    expect(await page.isDisabled('[data-testid="send"]')).toBe(true);
    expect(emu.outbox).toHaveLength(0);
  } finally {
    await page.close();
    await served.close();
  }
});
