/**
 * The packing-slips dialog (dist/PackingSlips.html) in real Chromium, bridged to dist/Code.js in the
 * emulator: N orders with units allocated print as N pages (Chromium's print to PDF, which applies the
 * page's print styles), and names from the sheet are shown as text, never as markup.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createEmulator } from '../../emulator';
import { allocatedOrders, DEFAULT_INVENTORY, warehouseWorkbook } from '../bundle/warehouseWorkbook';
import { launchBrowser, servePage, type ServedPage } from './harness';

let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/PackingSlips.html')) throw new Error('dist/PackingSlips.html is missing: run `node build.mjs` first');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Pages of a PDF: its page objects, checked against the page tree's count. */
function pdfPages(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  expect(counts.length).toBeGreaterThan(0);
  expect(Math.max(...counts)).toBe(pages);
  return pages;
}

async function open(orders: Parameters<typeof warehouseWorkbook>[0]): Promise<{ page: Page; served: ServedPage }> {
  const emu = createEmulator({ workbook: warehouseWorkbook(orders) });
  const served = await servePage(emu, 'PackingSlips');
  const page = await browser.newPage({ viewport: { width: 760, height: 640 } });
  await page.goto(served.url);
  await page.waitForFunction(() => !document.getElementById('summary')?.textContent?.startsWith('Reading'));
  return { page, served };
}

test.each([1, 4, 7])('%i orders with units allocated print as that many pages, one order per page', async (n) => {
  const { page, served } = await open({
    orders: [...allocatedOrders(n), { 'Order ID': 'BW-99999', Customer: 'Not Allocated', Email: 'na@example.com', SKU: 'NC-50' }],
    settings: { 'Sender name': 'Brightwater Bottling Co.', 'Support phone': '(555) 010-4477' },
  });
  try {
    expect(await page.textContent('#summary')).toBe(`${n} ${n === 1 ? 'order' : 'orders'} to pack: one page each.`);
    expect(await page.locator('[data-testid="slip"]').count()).toBe(n);
    expect(await page.locator('[data-testid="slip"]').first().innerText()).toContain('Brightwater Bottling Co.');
    expect(await page.locator('[data-testid="slip"]').first().innerText()).toContain('Call (555) 010-4477');
    const pdf = await page.pdf({ format: 'Letter' });
    expect(pdfPages(pdf)).toBe(n);
  } finally {
    await page.close();
    await served.close();
  }
});

test('names from the sheet are shown as text: markup in a customer, an order ID or a product never runs or renders', async () => {
  const hostileCustomer = '<img src=x onerror="window.__xss=1">Ann';
  const hostileProduct = '<script>window.__xss=2</script>Soap';
  const { page, served } = await open({
    orders: [{ 'Order ID': '<b>BW-1</b>', Customer: hostileCustomer, Email: 'ann@example.com', SKU: 'HS-30', Qty: 1, Allocated: 1 }],
    inventory: [{ ...DEFAULT_INVENTORY[0], Product: hostileProduct }, ...DEFAULT_INVENTORY.slice(1)],
    settings: { 'Sender name': '<i>Shop</i>' },
  });
  try {
    const slip = page.locator('[data-testid="slip"]');
    const text = await slip.innerText();
    for (const s of [hostileCustomer, hostileProduct, '<b>BW-1</b>', '<i>Shop</i>']) expect(text).toContain(s);
    expect(await page.locator('[data-testid="slip"] img, [data-testid="slip"] script, [data-testid="slip"] b, [data-testid="slip"] i').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(pdfPages(await page.pdf({ format: 'Letter' }))).toBe(1);
  } finally {
    await page.close();
    await served.close();
  }
});

test('no units allocated: nothing to print, and the dialog says why', async () => {
  const { page, served } = await open({ orders: [{ 'Order ID': 'BW-1', SKU: 'HS-30' }] });
  try {
    expect(await page.textContent('#summary')).toBe('No order has units allocated right now, so there is nothing to pack.');
    expect(await page.isDisabled('button.primary')).toBe(true);
    expect(await page.locator('[data-testid="slip"]').count()).toBe(0);
  } finally {
    await page.close();
    await served.close();
  }
});
