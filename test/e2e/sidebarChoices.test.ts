/**
 * The sidebar's customer-choice actions and the Refunds due view in real Chromium at 300 px:
 * dist/Sidebar.html with google.script.run bridged to the emulator running dist/Code.js on a small shop.
 * Each action asks for confirmation in the page; nothing is written before Confirm.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createEmulator, type Emulator } from '../../emulator';
import { TAB } from '../../src/sheet/schema';
import { choicesWorkbook } from '../bundle/choicesWorkbook';
import { rowsOf } from '../bundle/expectedNotices';
import { launchBrowser, missingGlyphs, ROOT, servePage, type ServedPage } from './harness';

jest.setTimeout(120_000);

const WIDTH = 300;
const RESULTS = join(ROOT, 'test-results');
const HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil.example","x")';

let emu: Emulator;
let served: ServedPage;
let browser: Browser;
let page: Page;
let dialogs: string[];
let consoleErrors: string[];

const orders = () => rowsOf(emu.workbook(), TAB.orders);
const fitsWidth = (p: Page) => p.evaluate((w) => document.documentElement.scrollWidth <= w, WIDTH);

async function search(query: string): Promise<void> {
  const box = page.getByLabel('Order, email, name or SKU');
  await box.fill(query);
  await box.press('Enter');
  await page.getByRole('heading', { name: `Order ${query}` }).waitFor();
}

const card = (product: string) => page.getByRole('listitem', { name: `Choices for ${product}` });

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'Sidebar.html'))) throw new Error('dist/Sidebar.html is missing: run `node build.mjs` first');
  emu = createEmulator({ workbook: choicesWorkbook(), now: '2026-03-02T12:30:00Z', mailQuota: 100, activeUserEmail: 'agent@shop.test' });
  emu.run('setUpSheet');
  served = await servePage(emu, 'Sidebar');
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
  page = await context.newPage();
  dialogs = [];
  consoleErrors = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) consoleErrors.push(m.text());
  });
  await page.goto(served.url);
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('customer choices in the sidebar at 300 px', () => {
  test("an order shows each line's Priority and Notes and the actions, and fits the sidebar", async () => {
    await search('BW-40000');
    await page.getByRole('region', { name: 'Customer choices' }).waitFor();
    await expect(card('Maple Syrup 250 ml').innerText()).resolves.toMatch(/Priority\s+High[\s\S]*Notes\s+Gift wrap/);
    await expect(card('Clover Honey 350 g').getByRole('button', { name: 'Cancel and refund' }).isVisible()).resolves.toBe(true);
    expect(await fitsWidth(page)).toBe(true);
  });

  test('Cancel asks first: Back changes nothing; Confirm cancels, shows the refund due and the order as it is now', async () => {
    const honey = card('Clover Honey 350 g');
    await honey.getByRole('button', { name: 'Cancel and refund' }).click();
    const confirm = honey.getByRole('group', { name: 'Confirm' });
    await expect(confirm.innerText()).resolves.toContain('Cancel 2 units of Clover Honey 350 g (HON-350)?');
    expect(await fitsWidth(page)).toBe(true);
    await confirm.getByRole('button', { name: 'Back' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(orders()[0].Status).toBe('BackOrder');

    await honey.getByRole('button', { name: 'Cancel and refund' }).click();
    await honey.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cancelled on order BW-40000' }).innerText()).resolves.toContain('refund due 2 units, by 2026-03-11');
    await expect(card('Clover Honey 350 g').innerText()).resolves.toMatch(/Cancelled[\s\S]*Refund due\s+2 units, by 2026-03-11/);
    await expect(card('Clover Honey 350 g').getByRole('button', { name: 'Cancel and refund' }).count()).resolves.toBe(0);
    expect(orders()[0]).toMatchObject({ Status: 'Cancelled', 'Refund due': '2 units, by 2026-03-11' });
    await page.screenshot({ path: join(RESULTS, 'sidebar-choices.png'), fullPage: true });
  });

  test('a hostile note is stored and shown as text, and runs nothing', async () => {
    // A short sidebar: the answer must be brought into view from the card further down.
    await page.setViewportSize({ width: WIDTH, height: 400 });
    const syrup = card('Maple Syrup 250 ml');
    await syrup.getByRole('button', { name: 'Add note…' }).click();
    const confirm = syrup.getByRole('group', { name: 'Confirm' });
    // Confirm waits for the text.
    await expect(confirm.getByRole('button', { name: 'Confirm' }).isDisabled()).resolves.toBe(true);
    await confirm.getByLabel('Note').fill(HOSTILE);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Note added' }).waitFor();
    await page.waitForTimeout(100);
    const inView = await page
      .getByRole('status')
      .filter({ hasText: 'Note added' })
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= -1 && r.bottom <= window.innerHeight + 1;
      });
    await page.setViewportSize({ width: WIDTH, height: 900 });
    expect(inView).toBe(true);
    await expect(card('Maple Syrup 250 ml').locator('.notes').innerText()).resolves.toContain(HOSTILE);
    expect(orders()[1].Notes).toMatch(/^Gift wrap\n\[2026-03-02 \d\d:\d\d agent@shop\.test\] <img src=x/);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    // A note on the whole order is kept on its first line.
    const whole = page.getByRole('region', { name: 'Customer choices' });
    await whole.getByRole('button', { name: 'Note on order…' }).click();
    await whole.getByRole('group', { name: 'Confirm' }).getByLabel('Note').fill('Called back');
    await whole.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Note added to order BW-40000.' }).waitFor();
    expect(orders()[0].Notes).toMatch(/\] Called back$/);
  });

  test('Switch to… offers the in-stock alternative and records it; the line keeps the ordered SKU', async () => {
    await search('BW-40001');
    const honey = card('Clover Honey 350 g');
    await honey.getByRole('button', { name: 'Switch to…' }).click();
    const confirm = honey.getByRole('group', { name: 'Confirm' });
    await expect(confirm.getByLabel('Switch to').locator('option').allInnerTexts()).resolves.toEqual(['Clover Honey 500 g (HON-500, 10 available)']);
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Switched HON-350 to HON-500' }).waitFor();
    await expect(card('Clover Honey 350 g').innerText()).resolves.toMatch(/Switched to\s+HON-500/);
    expect(orders()[2]).toMatchObject({ SKU: 'HON-350', 'Switched to': 'HON-500' });
    // The order as it is now is about the item the customer gets: its stock, its name in the reply, being prepared.
    const status = page.getByTestId('status-line');
    await expect(status.innerText()).resolves.toMatch(/^HON-500 \(switched from HON-350\) · BackOrder\s+Stock: In stock/);
    await expect(page.locator('li.line').innerText()).resolves.toMatch(/^Clover Honey 500 g HON-500\s+Switched from Clover Honey 350 g \(HON-350\)/);
    const reply = await page.getByLabel('What to say').inputValue();
    expect(reply).toContain('- Clover Honey 500 g (switched from Clover Honey 350 g, 1 still to come): It is being prepared to ship');
    expect(reply).not.toContain('Switch');
    await expect(card('Clover Honey 350 g').getByRole('button', { name: 'Switch to…' }).count()).resolves.toBe(0);
    expect(await fitsWidth(page)).toBe(true);
  });

  test('Ship preference for the whole order, confirmed first', async () => {
    const whole = page.getByRole('region', { name: 'Customer choices' });
    await whole.getByRole('button', { name: 'Wait for all' }).click();
    await whole.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'BW-40001: Wait for all' }).waitFor();
    await expect(whole.innerText()).resolves.toMatch(/Ship preference: Wait for all/);
    expect(orders()[2]['Ship preference']).toBe('Wait for all');
  });

  test('Refunds due lists the cancelled line until it is marked refunded (confirmed first)', async () => {
    await page.getByRole('button', { name: 'Refunds due' }).click();
    const view = page.getByRole('region', { name: 'Refunds due' });
    await view.getByRole('button', { name: 'BW-40000' }).waitFor();
    // What is owed, then its date once; without a unit price the amount is on the order.
    const entry = await view.locator('ul.refund-list > li').innerText();
    expect(entry).toMatch(/^BW-40000 Ann Lee\s+Clover Honey 350 g \(HON-350\): 2 units \(amount: see the order\)\s+by 2026-03-11 · 7 working days left/);
    expect(entry.split('2026-03-11').length - 1).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    // The order opens from the list.
    await view.getByRole('button', { name: 'BW-40000' }).click();
    await page.getByRole('heading', { name: 'Order BW-40000' }).waitFor();
    // Every character shown (Back, the actions, the list) is one the browser's fonts can draw.
    await page.getByRole('button', { name: 'Back', exact: true }).waitFor();
    await expect(missingGlyphs(page)).resolves.toEqual([]);
    await view.getByRole('button', { name: 'Mark refunded' }).click();
    await view.getByRole('group', { name: 'Confirm' }).getByRole('button', { name: 'Confirm' }).click();
    await view.getByText('No refunds are due.').waitFor();
    await expect(view.getByRole('status').innerText()).resolves.toContain('Marked refunded');
    expect(Object.prototype.toString.call(orders()[0]['Refunded on'])).toBe('[object Date]');
    const log = rowsOf(emu.workbook(), TAB.activityLog).map((r) => r.What);
    expect(log.filter((w) => w !== 'Set up')).toEqual(['Available', 'Cancelled', 'Note', 'Note', 'Available', 'Available', 'Switched', 'Allocated', 'Ship preference', 'Refunded']);
  });
});
