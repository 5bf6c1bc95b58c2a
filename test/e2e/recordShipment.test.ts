/**
 * The record-shipment dialog (dist/RecordShipment.html) in real Chromium at the size Apps Script gives it
 * (showRecordShipmentDialog), bridged to dist/Code.js in the emulator: pick an order with units allocated,
 * confirm units, carrier and tracking, record; what the server refuses is shown with its reasons.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createEmulator, type CellValue, type Emulator } from '../../emulator';
import { allocatedOrders, warehouseWorkbook } from '../bundle/warehouseWorkbook';
import { launchBrowser, servePage, type ServedPage } from './harness';

/** The dialog's size: src/jobs/recordShipment.ts RECORD_SHIPMENT_SIZE (checked against the menu item in test/bundle/warehouse.test.ts). */
const SIZE = { width: 560, height: 600 };

let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/RecordShipment.html')) throw new Error('dist/RecordShipment.html is missing: run `node build.mjs` first');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

function demo(): Emulator {
  return createEmulator({
    workbook: warehouseWorkbook({
      // As the allocation engine leaves it (Record shipment runs it): 6 Hand Soap on hand, set aside 2 each for
      // the first three orders; no Night Cream.
      inventory: [
        { SKU: 'HS-30', Product: 'Hand Soap 30 ml', Available: -1 },
        { SKU: 'NC-50', Product: 'Night Cream 50 ml', Available: -6 },
        { SKU: 'LB-1', Product: 'Lip Balm', Available: 12 },
      ],
      orders: [
        ...allocatedOrders(3, (i) => (i === 0 ? '<img src=x onerror="window.__xss=1">Ann' : `Customer ${i + 1}`)),
        { 'Order ID': 'BW-40001', Customer: 'Hal Hart', Email: 'hal@example.com', SKU: 'LB-1', Qty: 2, Status: 'Open' },
        { 'Order ID': 'BW-40001', Customer: 'Hal Hart', Email: 'hal@example.com', SKU: 'HS-30', Qty: 1 },
        { 'Order ID': 'BW-40001', Customer: 'Hal Hart', Email: 'hal@example.com', SKU: 'NC-50', Qty: 3 },
      ],
    }),
  });
}

async function open(emu: Emulator): Promise<{ page: Page; served: ServedPage }> {
  const served = await servePage(emu, 'RecordShipment');
  const page = await browser.newPage({ viewport: SIZE });
  await page.goto(served.url);
  await page.waitForSelector('#pick option[value="BW-20001"]', { state: 'attached' });
  return { page, served };
}

/** Waits until every bridged server call has answered and the page has re-rendered. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as { __bridgePending?: number }).__bridgePending ?? 0) === 0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/** Whether the element is fully inside the window without scrolling. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth;
  });

function shipments(emu: Emulator): CellValue[][] {
  return emu.values('Shipments')!.slice(1);
}

test('pick an order, keep the allocated units, choose a carrier, record: the Shipments rows are written and the list moves on', async () => {
  const emu = demo();
  const { page, served } = await open(emu);
  try {
    // The customer's name is an option's text, never markup.
    expect(await page.locator('#pick option[value="BW-20001"]').textContent()).toBe('BW-20001 · <img src=x onerror="window.__xss=1">Ann · 2 allocated');
    await page.selectOption('#pick', 'BW-20001');
    await page.waitForSelector('[data-testid="order"]');
    expect(await page.locator('[data-testid="order"] legend').innerText()).toContain('<img src=x onerror="window.__xss=1">Ann');
    expect(await page.locator('[data-testid="order"] img').count()).toBe(0);
    expect(await page.inputValue('input[data-sku="HS-30"]')).toBe('2');
    expect(await page.inputValue('input[data-sku="NC-50"]')).toBe('0');
    await page.selectOption('#carrier', 'Other');
    await page.fill('#other', 'Canada Post');
    await page.fill('#tracking', '=HYPERLINK("http://x")');
    expect(await inView(page, '[data-testid="record"]')).toBe(true);
    await page.click('[data-testid="record"]');
    await page.waitForSelector('#result');
    await settled(page);
    expect(await page.textContent('#result')).toBe(
      "Recorded 2 units of order BW-20001 (1 Shipments row). Orders and the Pick list are up to date. The customer's shipment email goes with the next daily run (or the next hourly run, once today's daily run is done).",
    );
    expect(await inView(page, '#result')).toBe(true);
    expect(shipments(emu).map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([['BW-20001', 'HS-30', 2, 'Canada Post', '=HYPERLINK("http://x")']]);
    // The recorded order is no longer offered; the form is ready for the next one.
    expect(await page.locator('#pick option[value="BW-20001"]').count()).toBe(0);
    expect(await page.locator('#pick option').count()).toBe(3);
    expect(await page.$('[data-testid="order"]')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  } finally {
    await page.close();
    await served.close();
  }
});

test('a typed Order ID opens any order; units beyond what is open are refused with the reason, nothing written; fixed, it records', async () => {
  const emu = demo();
  const { page, served } = await open(emu);
  try {
    await page.fill('#typed', 'nope-7');
    await page.press('#typed', 'Enter');
    await page.waitForSelector('#notice');
    expect(await page.textContent('#notice')).toBe('Order nope-7 is not on the Orders tab.');
    expect(await page.isDisabled('[data-testid="record"]')).toBe(true);

    await page.fill('#typed', 'bw-40001');
    await page.click('button:text-is("Open")');
    await page.waitForSelector('[data-testid="order"]');
    expect(await page.locator('[data-testid="order"] tbody tr').count()).toBe(3);
    await page.fill('input[data-sku="LB-1"]', '3');
    await page.fill('input[data-sku="NC-50"]', '1');
    await page.selectOption('#carrier', 'USPS');
    await page.fill('#tracking', '9400111899223197428490');
    expect(await inView(page, '[data-testid="record"]')).toBe(true);
    await page.click('[data-testid="record"]');
    await page.waitForSelector('#result.error');
    expect(await page.locator('#result li').allTextContents()).toEqual(['LB-1: 3 is more than the 2 still to ship.']);
    expect(await inView(page, '#result')).toBe(true);
    expect(shipments(emu)).toEqual([]);

    await page.fill('input[data-sku="LB-1"]', '2');
    await page.click('[data-testid="record"]');
    await page.waitForSelector('#result.ok');
    expect(shipments(emu).map((r) => [r[0], r[1], r[2], r[4], r[5]])).toEqual([
      ['BW-40001', 'LB-1', 2, 'USPS', '9400111899223197428490'],
      ['BW-40001', 'NC-50', 1, 'USPS', '9400111899223197428490'],
    ]);
  } finally {
    await page.close();
    await served.close();
  }
});

test('submitting twice at once (a double click) records one shipment', async () => {
  const emu = demo();
  const { page, served } = await open(emu);
  try {
    await page.selectOption('#pick', 'BW-20002');
    await page.waitForSelector('[data-testid="order"]');
    await page.fill('input[data-sku="HS-30"]', '1'); // 1 of 2: a second identical shipment would still fit
    await page.selectOption('#carrier', 'FedEx');
    await page.evaluate(() => {
      const form = document.querySelector('form')!;
      form.requestSubmit();
      form.requestSubmit();
    });
    await page.waitForSelector('#result.ok');
    await settled(page);
    expect(shipments(emu).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([['BW-20002', 'HS-30', 1, 'FedEx']]);
  } finally {
    await page.close();
    await served.close();
  }
});

test('at the dialog size nothing needs sideways scrolling, and Record stays in view with a long order', async () => {
  const emu = createEmulator({
    workbook: warehouseWorkbook({
      orders: Array.from({ length: 14 }, (_, i) => ({ 'Order ID': 'BW-50001', Customer: 'Ivy Irons', Email: 'ivy@example.com', SKU: ['HS-30', 'NC-50', 'LB-1'][i % 3] + (i >= 3 ? `-${i}` : ''), Qty: 2, Allocated: 1 })),
    }),
  });
  const served = await servePage(emu, 'RecordShipment');
  const page = await browser.newPage({ viewport: SIZE });
  try {
    await page.goto(served.url);
    await page.waitForSelector('#pick option[value="BW-50001"]', { state: 'attached' });
    await page.selectOption('#pick', 'BW-50001');
    await page.waitForSelector('[data-testid="order"]');
    expect(await page.locator('[data-testid="order"] tbody tr').count()).toBe(14);
    expect(await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await inView(page, '[data-testid="record"]')).toBe(true);
  } finally {
    await page.close();
    await served.close();
  }
});
