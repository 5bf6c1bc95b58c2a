/**
 * The "Look up…" sidebar in real Chromium at the sidebar's 300 px: dist/Sidebar.html served with
 * google.script.run bridged to the emulator running dist/Code.js on the demo workbook (one customer
 * renamed to a piece of hostile HTML).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createEmulator, type Emulator, type WorkbookData } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { findExactDates } from '../../src/core/customerText';
import type { ItemView, LookupResult, OrderView } from '../../src/shared/lookupTypes';
import { launchBrowser, missingGlyphs, ROOT, servePage, type ServedPage } from './harness';

jest.setTimeout(120_000);

const HOSTILE = '<img src=x onerror=alert(1)>';
const RESULTS = join(ROOT, 'test-results');
const WIDTH = 300;

type Row = Array<string | number | boolean | Date>;

function orders(wb: WorkbookData): { header: string[]; rows: Row[] } {
  const s = wb.sheets.find((x) => x.name === 'Orders')!;
  return { header: s.values[0].map(String), rows: s.values.slice(1) as Row[] };
}

let wb: WorkbookData;
let emu: Emulator;
let served: ServedPage;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** An order with a backordered line that has in-stock alternatives, and its first customer's details. */
let altOrder: OrderView;
let hostileOrderId: string;
let dialogs: string[];
let consoleErrors: string[];
let requests: string[];

function lookup(query: string): LookupResult {
  return emu.runFromBrowser('lookup', query) as LookupResult;
}

async function search(p: Page, query: string): Promise<void> {
  const box = p.getByLabel('Order, email, name or SKU');
  await box.fill(query);
  await box.press('Enter');
  await p.waitForFunction(() => !document.querySelector('.result[aria-busy="true"]'));
}

async function fitsWidth(p: Page): Promise<boolean> {
  return p.evaluate((w) => document.documentElement.scrollWidth <= w, WIDTH);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'Sidebar.html'))) throw new Error('dist/Sidebar.html is missing: run `node build.mjs` first');
  wb = generateWorkbook();
  const o = orders(wb);
  const cId = o.header.indexOf('Order ID');
  const cName = o.header.indexOf('Customer');
  const cEmail = o.header.indexOf('Email');
  const cStatus = o.header.indexOf('Status');
  // The hostile customer: the last backordered line's customer (one order).
  const hostileRow = [...o.rows].reverse().find((r) => r[cStatus] === 'BackOrder')!;
  hostileOrderId = String(hostileRow[cId]);
  for (const r of o.rows) {
    if (r[cId] !== hostileOrderId) continue;
    r[cName] = HOSTILE;
    r[cEmail] = 'hostile@example.com';
  }

  emu = createEmulator({ workbook: wb });
  const ids = [...new Set(o.rows.map((r) => String(r[cId])))];
  altOrder = ids
    .map((id) => lookup(`order:${id}`))
    .find(
      (r): r is OrderView =>
        r.kind === 'order' && r.orderId !== hostileOrderId && r.problems.length === 0 && r.lines.some((l) => l.alternatives.length > 0),
    )!;
  expect(altOrder).toBeDefined();

  served = await servePage(emu, 'Sidebar');
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url.replace(/\/$/, '') });
  page = await context.newPage();
  dialogs = [];
  consoleErrors = [];
  requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    // The browser's own favicon request (404 from the test server) is not the page's doing.
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) consoleErrors.push(`${m.text()} ${m.location().url}`);
  });
  await page.goto(served.url);
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('the lookup sidebar at 300 px', () => {
  test('the sidebar opens ready to type: the search box has the focus, and Enter searches', async () => {
    await page.waitForFunction(() => document.activeElement?.id === 'q');
    await page.keyboard.type(altOrder.orderId);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
    await page.getByLabel('Order, email, name or SKU').fill('');
  });

  test('the search box is labelled and the page fits the sidebar', async () => {
    await expect(page.getByLabel('Order, email, name or SKU').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Search' }).isVisible()).resolves.toBe(true);
    expect(await fitsWidth(page)).toBe(true);
  });

  test('search by order: status as text and colour, stock colour, days waiting, INTERNAL restock, alternatives; screenshot', async () => {
    await search(page, altOrder.orderId.toLowerCase());
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
    const line = altOrder.lines.find((l) => l.alternatives.length > 0)!;
    const card = page.locator('li.line', { hasText: line.product }).first();
    await expect(card.locator('.badge', { hasText: `Status: ${line.status.text}` }).getAttribute('data-tone')).resolves.toBe(line.status.tone);
    await expect(card.locator('.badge', { hasText: `Stock: ${line.stock!.text}` }).getAttribute('data-tone')).resolves.toBe(line.stock!.tone);
    await expect(card.innerText()).resolves.toContain(`Waiting ${line.daysWaiting}`);
    await expect(card.locator('.internal').innerText()).resolves.toMatch(/^INTERNAL/);
    const alts = card.getByRole('list', { name: 'In-stock alternatives' });
    await expect(alts.innerText()).resolves.toContain(line.alternatives[0].product);
    // The internal date is never inside the reply.
    const reply = await page.getByLabel('What to say').inputValue();
    expect(reply).toBe(altOrder.reply);
    expect(findExactDates(reply)).toEqual([]);
    if (line.internalRestock?.expected) expect(reply).not.toContain(line.internalRestock.expected);
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: join(RESULTS, 'sidebar-order.png'), fullPage: true });
    expect(existsSync(join(RESULTS, 'sidebar-order.png'))).toBe(true);
  });

  test('an alternative opens its item', async () => {
    const line = altOrder.lines.find((l) => l.alternatives.length > 0)!;
    await page.getByRole('list', { name: 'In-stock alternatives' }).first().getByRole('button', { name: line.alternatives[0].product }).click();
    await page.getByRole('heading', { name: line.alternatives[0].product }).waitFor();
    // The box shows the SKU, not the precise query the link sent ("sku:…").
    await expect(page.getByLabel('Order, email, name or SKU').inputValue()).resolves.toBe(line.alternatives[0].sku);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
  });

  test('the search box keeps what the agent typed; a link shows the plain order ID, email or SKU it opened, never a prefix', async () => {
    const box = page.getByLabel('Order, email, name or SKU');
    await search(page, altOrder.email);
    await page.getByRole('heading', { name: altOrder.customer }).waitFor();
    await expect(box.inputValue()).resolves.toBe(altOrder.email);
    await page.locator('ul.orders').getByRole('button', { name: altOrder.orderId }).click();
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
    await expect(box.inputValue()).resolves.toBe(altOrder.orderId);
    await page.locator('dl.facts').getByRole('button', { name: altOrder.customer }).click();
    await page.getByRole('heading', { name: altOrder.customer }).waitFor();
    await expect(box.inputValue()).resolves.toBe(altOrder.email);
    // Back shows what the box showed then; Enter on it opens the same order again.
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
    await expect(box.inputValue()).resolves.toBe(altOrder.orderId);
    await box.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.result[aria-busy="true"]'));
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
    await expect(box.inputValue()).resolves.toBe(altOrder.orderId);
    expect(await page.evaluate(() => (document.getElementById('q') as HTMLInputElement).value.includes(':'))).toBe(false);
  });

  test('copy the reply: the clipboard holds it and the page says "Copied"', async () => {
    await search(page, altOrder.orderId);
    await page.getByRole('button', { name: 'Copy reply' }).click();
    await page.getByText('Copied', { exact: true }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(altOrder.reply);
  });

  test('copy falls back to selecting the text when the Clipboard API is blocked (as in the Apps Script iframe)', async () => {
    const p = await context.newPage();
    await p.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new Error('blocked')) } });
      document.addEventListener('copy', (e) => {
        const t = e.target as HTMLTextAreaElement;
        (window as unknown as { copiedText: string }).copiedText = t.value.slice(t.selectionStart, t.selectionEnd);
      });
    });
    await p.goto(served.url);
    await search(p, altOrder.orderId);
    await p.getByRole('button', { name: 'Copy reply' }).click();
    await p.getByText('Copied', { exact: true }).waitFor();
    expect(await p.evaluate(() => (window as unknown as { copiedText: string }).copiedText)).toBe(altOrder.reply);
    await p.close();
  });

  test('search by email: the customer and all their orders; clicking one opens it', async () => {
    await search(page, `  ${altOrder.email.toUpperCase()} `);
    await page.getByRole('heading', { name: altOrder.customer }).waitFor();
    const list = page.locator('ul.orders');
    await list.getByRole('button', { name: altOrder.orderId }).click();
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
  });

  test('search by part of a name: a list to pick from, then the customer, then an order', async () => {
    const first = altOrder.customer.split(' ')[0];
    const matches = lookup(first);
    await search(page, first.toLowerCase());
    if (matches.kind === 'matches') {
      await page.getByRole('heading', { name: /matches for/ }).waitFor();
      await page.locator('ul.matches').getByRole('button', { name: altOrder.customer, exact: true }).first().click();
    }
    await page.getByRole('heading', { name: altOrder.customer }).waitFor();
    await page.locator('ul.orders').getByRole('button', { name: altOrder.orderId }).click();
    await page.getByRole('heading', { name: `Order ${altOrder.orderId}` }).waitFor();
  });

  test('search by SKU: the item, the customers waiting, and a click opens their order', async () => {
    const line = altOrder.lines.find((l) => l.openQty > 0)!;
    const item = lookup(`sku:${line.sku}`) as ItemView;
    await search(page, line.sku.toLowerCase());
    await page.getByRole('heading', { name: item.product }).waitFor();
    await expect(page.locator('.badge', { hasText: `Stock: ${item.stock.text}` }).first().isVisible()).resolves.toBe(true);
    await expect(page.locator('.internal').first().innerText()).resolves.toMatch(/^INTERNAL/);
    await expect(page.getByRole('heading', { name: `Customers waiting (${item.waiting.length + item.more})` }).isVisible()).resolves.toBe(true);
    const waiting = page.locator('ul.waiting');
    await waiting.getByRole('button', { name: item.waiting[0].orderId, exact: true }).first().click();
    await page.getByRole('heading', { name: `Order ${item.waiting[0].orderId}` }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
  });

  test('bad input and no match show a clear message', async () => {
    await search(page, '     ');
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Nothing to search for');
    await search(page, 'no such thing anywhere');
    await expect(page.locator('.result').innerText()).resolves.toContain('Nothing matches');
  });

  test('a hostile customer name shows as text and runs nothing', async () => {
    await search(page, hostileOrderId);
    await page.getByRole('heading', { name: `Order ${hostileOrderId}` }).waitFor();
    await expect(page.locator('dl.facts').innerText()).resolves.toContain(HOSTILE);
    await expect(page.getByLabel('What to say').inputValue()).resolves.toMatch(/^Hi <img,/);
    // By part of the name, too: the customer view's heading is the name, as text.
    await search(page, 'onerror');
    await page.getByRole('heading', { name: HOSTILE }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((r) => r !== '/' && r !== '/run' && r !== '/favicon.ico')).toEqual([]); // no image "x" was fetched
  });

  test('while a search runs the page says so; a failed server call shows a message, not a blank panel', async () => {
    const p = await context.newPage();
    await p.goto(served.url);
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await p.route('**/run', async (route) => {
      await held;
      await route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal error' });
    });
    const box = p.getByLabel('Order, email, name or SKU');
    await box.fill(altOrder.orderId);
    await box.press('Enter');
    await p.getByRole('status').filter({ hasText: 'Searching…' }).waitFor();
    release();
    await expect(p.getByRole('alert').innerText()).resolves.toMatch(/The server did not answer.*try again/s);
    await p.close();
  });

  test('at the sidebar height (300 × 600) an order of three lines shows every status line and the whole reply with its Copy button and status, without scrolling', async () => {
    const o = orders(wb);
    const cId = o.header.indexOf('Order ID');
    const count = new Map<string, number>();
    for (const r of o.rows) count.set(String(r[cId]), (count.get(String(r[cId])) ?? 0) + 1);
    const id = [...count].filter(([k]) => k !== hostileOrderId).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
    const view = lookup(`order:${id}`) as OrderView;
    expect(view.lines.length).toBeGreaterThanOrEqual(3);
    const p = await context.newPage();
    await p.setViewportSize({ width: WIDTH, height: 600 });
    await p.goto(served.url);
    await search(p, id);
    await p.getByRole('heading', { name: `Order ${id}` }).waitFor();
    const inView = (sel: string) =>
      p.$$eval(sel, (els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
        }),
      );
    const lines = p.locator('[data-testid="status-line"]');
    expect(await lines.count()).toBe(view.lines.length);
    for (let i = 0; i < view.lines.length; i++) {
      await expect(lines.nth(i).innerText()).resolves.toContain(`${view.lines[i].status.text}`);
    }
    expect(await inView('[data-testid="status-line"]')).toEqual(view.lines.map(() => true));
    expect(await inView('.reply textarea')).toEqual([true]);
    expect(await inView('.reply button.primary')).toEqual([true]);
    await p.getByRole('button', { name: 'Copy reply' }).click();
    await p.locator('.reply [role="status"]', { hasText: 'Copied' }).waitFor();
    expect(await inView('.reply [role="status"]')).toEqual([true]);
    expect(await p.evaluate(() => window.scrollY)).toBe(0);
    expect(await fitsWidth(p)).toBe(true);
    await p.screenshot({ path: join(RESULTS, 'sidebar-300x600.png') });
    await p.close();
  });
});

describe('the sidebar after stock came back', () => {
  test('a waiting line shows the units set aside, what still waits and why; the reply says it is being prepared', async () => {
    // The demo set up, and its first out-of-stock item given back what it owes (on hand = owed: everyone served).
    const shop = createEmulator({ workbook: generateWorkbook() });
    shop.run('setUpSheet');
    const inv = shop.values('Inventory')!;
    const row = inv.findIndex((r) => typeof r[3] === 'number' && r[3] < 0);
    shop.user.setValue('Inventory', `D${row + 1}`, 0);
    const sku = String(inv[row][0]);
    const id = String(shop.values('Pick list')![1][0]);
    const view = shop.runFromBrowser('lookup', `order:${id}`) as OrderView;
    const line = view.lines.find((l) => l.allocated > 0)!;
    expect(line.why).toMatch(new RegExp(`^1st of \\d+ for ${sku}: priority `));
    const own = await servePage(shop, 'Sidebar');
    const p = await context.newPage();
    try {
      await p.goto(own.url);
      await search(p, id);
      const card = p.locator('li.line', { hasText: line.product }).first();
      await expect(card.locator('.allocation').innerText()).resolves.toContain(`Set aside: ${line.allocated} (being prepared) · still waiting: ${line.openQty - line.allocated}`);
      await expect(card.locator('.allocation').innerText()).resolves.toContain(`Why: ${line.why}`);
      await expect(p.getByLabel('What to say').inputValue()).resolves.toContain('It is being prepared to ship');
      expect(await fitsWidth(p)).toBe(true);
      // The item: each customer waiting with what is set aside for them.
      await search(p, `sku:${sku}`);
      const entry = p.locator('ul.waiting li', { hasText: id });
      await expect(entry.innerText()).resolves.toContain(`${line.openQty} to come (${line.allocated} set aside)`);
    } finally {
      await p.close();
      await own.close();
    }
  });
});

describe('an order whose day notices were all passed over, and a line switched to an alternative (BW-10079)', () => {
  test('Notices sent shows only what went out; after Switch to… the order and the reply are about the item switched to', async () => {
    // The demo with BW-10079 as the daily run leaves it past day 30: every day notice passed over, only the consent request sent.
    const demo = generateWorkbook();
    const o = orders(demo);
    const [cId, cSent, cLast] = ['Order ID', 'Notices sent', 'Last notice'].map((h) => o.header.indexOf(h));
    const rows = o.rows.filter((r) => r[cId] === 'BW-10079');
    expect(rows.length).toBe(3);
    for (const r of rows) {
      r[cSent] = '3 (skipped), 10 (skipped), 17 (skipped), 23 (skipped), 30 (skipped), consent asked 2026-03-02';
      r[cLast] = new Date('2026-03-02T14:00:00Z');
    }
    const shop = createEmulator({ workbook: demo });
    shop.run('setUpSheet');
    const own = await servePage(shop, 'Sidebar');
    const p = await context.newPage();
    try {
      await p.goto(own.url);
      await search(p, 'BW-10079');
      await p.getByRole('heading', { name: 'Order BW-10079' }).waitFor();
      const syrup = p.locator('li.line', { hasText: 'Maple Syrup, Amber, 250 ml' });
      const notices = await syrup.locator('.notices').innerText();
      expect(notices).toMatch(/^Notices sent: request to agree to wait \(2026-03-02\) \(last 2026-03-02 09:00\)\n/);
      expect(notices).toContain('Passed over, not sent: Day 3, Day 10, Day 17, Day 23, Day 30');
      expect(notices).not.toMatch(/Notices sent:[^\n]*Day/);

      const choices = p.getByRole('listitem', { name: 'Choices for Maple Syrup, Amber, 250 ml' });
      await choices.getByRole('button', { name: 'Switch to…' }).click();
      const confirm = choices.getByRole('group', { name: 'Confirm' });
      await confirm.getByLabel('Switch to').selectOption('SYR-MPL-AMB-500');
      await confirm.getByRole('button', { name: 'Confirm' }).click();
      await p.getByRole('status').filter({ hasText: 'Switched SYR-MPL-AMB-250 to SYR-MPL-AMB-500' }).waitFor();
      const header = await p.getByTestId('status-line').allInnerTexts();
      expect(header.find((t) => t.includes('SYR-MPL-AMB'))).toMatch(/^SYR-MPL-AMB-500 \(switched from SYR-MPL-AMB-250\) · BackOrder\s+Stock: In stock/);
      const reply = await p.getByLabel('What to say').inputValue();
      expect(reply).toContain('- Maple Syrup, Amber, 500 ml (switched from Maple Syrup, Amber, 250 ml, 1 still to come): It is being prepared to ship');
      expect(reply).not.toContain('Maple Syrup, Amber, 250 ml (1 still to come)');
      expect(reply).not.toContain('Switch the Maple Syrup, Amber, 250 ml');
      expect(findExactDates(reply)).toEqual([]);
      await expect(choices.getByRole('button', { name: 'Switch to…' }).count()).resolves.toBe(0);
      expect(await fitsWidth(p)).toBe(true);
      await expect(missingGlyphs(p)).resolves.toEqual([]);
    } finally {
      await p.close();
      await own.close();
    }
  });
});
