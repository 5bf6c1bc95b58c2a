/**
 * The workbench in real Chromium: the server runs in-process on a free port, on a fresh demo copy
 * (and on an imported .xlsx export), with dist/Code.js built from the current sources.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { startWorkbench, type Workbench } from '../../workbench/server';
import { DEMO_BAD_ROWS } from '../../examples/generate';
import type { CellValue } from '../../emulator/workbook';
import { parseOrderStatus } from '../../src/sheet/schema';
import { launchBrowser, ROOT } from './harness';

jest.setTimeout(180_000);

const ZONE = 'America/New_York';
const TODAY = '2026-03-02';
const RESULTS = join(ROOT, 'test-results');

function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as [number, number, number];
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!m) throw new Error(`not a colour: ${color}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function hue(color: string): 'red' | 'yellow' | 'green' | 'other' {
  const [r, g, b] = rgb(color);
  if (r > 200 && g > 200 && b > 200 && Math.max(r, g, b) - Math.min(r, g, b) < 12) return 'other'; // white/grey
  if (g > r + 10 && g > b) return 'green';
  if (r > b + 40 && g > b + 40 && Math.abs(r - g) < 60) return 'yellow';
  if (r > g + 30 && r > b + 30) return 'red';
  return 'other';
}

const col = (header: readonly CellValue[], name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};
const letter = (i: number) => String.fromCharCode(65 + i);

async function backgroundOf(page: Page, a1: string): Promise<string> {
  return page.locator(`td[data-cell="${a1}"]`).evaluate((el) => getComputedStyle(el).backgroundColor);
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.locator('.tabs [role="tab"]', { hasText: name }).first().click();
  await page.locator(`table.grid[data-sheet="${name}"]`).waitFor();
}

async function slackCount(page: Page): Promise<number> {
  const label = await page.locator('[data-panel-tab="slack"]').innerText();
  return Number(/\((\d+)\)/.exec(label)?.[1] ?? NaN);
}

describe('workbench (npm start) in Chromium', () => {
  let browser: Browser;
  let wb: Workbench;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    mkdirSync(RESULTS, { recursive: true });
    // A fixed folder, so the screenshot (which shows the workbook's path) is the same on every run.
    const stateDir = join(tmpdir(), 'backorder-desk-workbench-e2e');
    rmSync(stateDir, { recursive: true, force: true });
    wb = await startWorkbench({ port: 0, stateDir, log: () => undefined });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(wb.url);
    await page.locator('table.grid').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await wb?.close();
  });

  it('starts on a fresh demo copy at the demo day, 08:00, with the add-on set up and its menu shown', async () => {
    expect(DateTime.fromJSDate(wb.emulator.clock.now(), { zone: ZONE }).toISO()).toMatch(/^2026-03-02T08:00/);
    expect(wb.emulator.documentProperties().SLACK_WEBHOOK_URL).toBe(wb.slack.url);
    expect(wb.emulator.executions.some((e) => e.functionName === 'setUpSheet' && !e.error)).toBe(true);
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    for (const label of ['Look up…', 'Set up sheet', 'Run daily notices now']) {
      await page.locator('[role="menuitem"]', { hasText: label }).waitFor();
    }
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
  });

  it('colours Inventory from the evaluated rules, and an edit to a negative Available turns the cell red with one Slack alert', async () => {
    await openTab(page, 'Inventory');
    const values = wb.emulator.values('Inventory') as CellValue[][];
    const head = values[0];
    const avail = col(head, 'Available');
    const rowIndex = values.findIndex((r, i) => i > 0 && typeof r[avail] === 'number' && (r[avail] as number) > 30);
    expect(rowIndex).toBeGreaterThan(0);
    const a1 = `${letter(avail)}${rowIndex + 1}`;
    const sku = String(values[rowIndex][col(head, 'SKU')]);

    const before = await backgroundOf(page, a1);
    expect(hue(before)).toBe('green');
    const slackBefore = await slackCount(page);

    await page.locator(`td[data-cell="${a1}"]`).dblclick();
    await page.locator(`td[data-cell="${a1}"] input`).fill('-3');
    await page.locator(`td[data-cell="${a1}"] input`).press('Enter');
    await page.waitForFunction(
      ([cell]) => {
        const el = document.querySelector(`td[data-cell="${cell}"]`);
        return !!el && el.textContent === '-3';
      },
      [a1],
    );
    await page.waitForFunction(([cell, old]) => getComputedStyle(document.querySelector(`td[data-cell="${cell}"]`)!).backgroundColor !== old, [a1, before]);
    const after = await backgroundOf(page, a1);
    expect(hue(after)).toBe('red');
    // The page shows exactly what the add-on's conditional-format rules give.
    const model = wb.emulator.model.cellFormat('Inventory', rowIndex + 1, avail + 1);
    expect(rgb(after)).toEqual(rgb(model.background as string));
    // The edit reached the add-on as a person's edit.
    expect(wb.emulator.executions.some((e) => e.via === 'trigger:edit' && !e.error)).toBe(true);

    await page.locator('[data-panel-tab="slack"]').click();
    await page.waitForFunction((n) => document.querySelectorAll('.slack-message').length === n, slackBefore + 1);
    // Nothing more arrives for the same change.
    await page.waitForTimeout(1500);
    expect(await page.locator('.slack-message').count()).toBe(slackBefore + 1);
    expect(await slackCount(page)).toBe(slackBefore + 1);
    const text = await page.locator('.slack-message').first().innerText();
    expect(text).toContain(sku);
    // Shortcodes show as emoji, as in Slack; the agents' words come first.
    expect(text).toContain(`🔴 Out of stock: ${sku}`);
    expect(text).not.toContain(':red_circle:');
    expect(text).toMatch(/ · Say: "[^"]+" · /);
  });

  it("refuses input the sheet's validation rejects, shows why, and keeps the cell", async () => {
    await openTab(page, 'Inventory');
    const values = wb.emulator.values('Inventory') as CellValue[][];
    const avail = col(values[0], 'Available');
    const a1 = `${letter(avail)}3`;
    const before = values[2][avail];
    const message = wb.emulator.model.validationError('Inventory', 3, avail + 1, 'lots');
    expect(message).toBeTruthy();
    const runs = wb.emulator.executions.length;
    await page.locator(`td[data-cell="${a1}"]`).dblclick();
    await page.locator(`td[data-cell="${a1}"] input`).fill('lots');
    await page.locator(`td[data-cell="${a1}"] input`).press('Enter');
    await page.locator('.banner.error', { hasText: message as string }).waitFor();
    expect((wb.emulator.values('Inventory') as CellValue[][])[2][avail]).toBe(before);
    await expect(page.locator(`td[data-cell="${a1}"]`).innerText()).resolves.toBe(String(before));
    expect(wb.emulator.executions.length).toBe(runs);
    await page.locator('.banner button').click();
  });

  // An eligible order that reaches day 3 within the next three days: DML/SCS, one BackOrder line, one day old.
  const eligible = () => {
    const orders = wb.emulator.values('Orders') as CellValue[][];
    const h = orders[0];
    const c = (n: string) => col(h, n);
    const bad = new Set(DEMO_BAD_ROWS.map((b) => b.orderId));
    const lines = orders.slice(1);
    const count = new Map<string, number>();
    for (const l of lines) count.set(String(l[c('Order ID')]), (count.get(String(l[c('Order ID')])) ?? 0) + 1);
    const ageOf = (l: CellValue[]) => {
      const d = (l[c('Backordered since')] === '' ? l[c('Order date')] : l[c('Backordered since')]) as Date;
      return Math.round(DateTime.fromISO(TODAY, { zone: ZONE }).diff(DateTime.fromJSDate(d, { zone: ZONE }).startOf('day'), 'days').days);
    };
    const line = lines.find(
      (l) =>
        !bad.has(String(l[c('Order ID')])) &&
        count.get(String(l[c('Order ID')])) === 1 &&
        ['DML', 'SCS'].includes(String(l[c('Segment')])) &&
        parseOrderStatus(l[c('Status')]) === 'BackOrder' &&
        ageOf(l) === 1,
    );
    if (!line) throw new Error('the demo has no one-day-old DML/SCS backorder');
    return { orderId: String(line[c('Order ID')]), email: String(line[c('Email')]), customer: String(line[c('Customer')]) };
  };

  it('starts in Test mode; after Go live… it sends the day-3 notice of an eligible order when the clock moves three days', async () => {
    const order = eligible();
    const settings = () => wb.emulator.values('Settings') as CellValue[][];
    expect(settings().find((r) => r[0] === 'Send mode')?.[1]).toBe('Test');
    expect(settings().find((r) => r[0] === 'Test recipient')?.[1]).toBe('manager@example.com');
    // The workbench acts as manager@example.com: a manager, and the owner of the triggers set-up installed.
    expect(settings().find((r) => r[0] === 'Managers')?.[1]).toBe('manager@example.com');
    expect(new Set(wb.emulator.triggers().map((t) => t.owner))).toEqual(new Set(['manager@example.com']));
    expect(wb.emulator.executions.filter((e) => e.via === 'menu').every((e) => e.user === 'manager@example.com')).toBe(true);
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    await page.locator('[role="menuitem"]', { hasText: 'Go live…' }).click();
    // The question waits for an answer, as in Sheets: nothing has changed yet.
    await page.locator('.banner.question', { hasText: 'Go live?' }).waitFor();
    expect(settings().find((r) => r[0] === 'Send mode')?.[1]).toBe('Test');
    await page.locator('.banner.question button', { hasText: 'Yes' }).click();
    await page.locator('.banner.info', { hasText: 'Backorder Desk: you are live: Send mode is now Live' }).waitFor();
    await page.locator('.banner button[aria-label="Dismiss"]').click();
    expect(settings().find((r) => r[0] === 'Send mode')?.[1]).toBe('Live');
    await page.locator('.clock button', { hasText: '+3 days' }).click();
    await page.waitForFunction(() => /Mar 5, 2026/.test(document.querySelector('.clock .now')?.textContent ?? ''));
    await page.locator('[data-panel-tab="outbox"]').click();
    const mail = page.locator(`.mail[data-mail-to="${order.email}"]`);
    await mail.first().waitFor();
    await mail.first().click();
    await page.locator('.mail-view .to', { hasText: order.email }).waitFor();
    const subject = await page.locator('.mail-view .subject').innerText();
    expect(subject.length).toBeGreaterThan(0);
    // The email as the customer sees it: rendered in a sandboxed frame, and it names their order.
    const body = page.frameLocator('.mail-body');
    await expect(body.locator('body').innerText()).resolves.toContain(order.orderId);

    // The Notice log records it as the day-3 notice.
    await openTab(page, 'Notice log');
    const log = wb.emulator.values('Notice log') as CellValue[][];
    const lh = log[0];
    const row = log.findIndex((r) => r[col(lh, 'Order ID')] === order.orderId && r[col(lh, 'Kind')] === 'Day 3');
    expect(row).toBeGreaterThan(0);
    await expect(page.locator(`td[data-cell="${letter(col(lh, 'Kind'))}${row + 1}"]`).innerText()).resolves.toBe('Day 3');
    await expect(page.locator(`td[data-cell="${letter(col(lh, 'Order ID'))}${row + 1}"]`).innerText()).resolves.toBe(order.orderId);
  });

  it('opens the lookup sidebar from the menu and finds that order', async () => {
    const order = eligible();
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    await page.locator('[role="menuitem"]', { hasText: 'Look up…' }).click();
    await page.locator('iframe[data-panel="sidebar"]').waitFor();
    const frame = page.frameLocator('iframe[data-panel="sidebar"]');
    const input = frame.locator('input').first();
    await input.fill(order.orderId);
    await input.press('Enter');
    await frame.locator('body', { hasText: order.customer }).waitFor({ timeout: 20_000 });
    const text = await frame.locator('body').innerText();
    expect(text).toContain(order.orderId);
    expect(wb.emulator.executions.some((e) => e.via === 'menu' && e.functionName === 'showLookupSidebar' && !e.error)).toBe(true);
    expect(wb.emulator.executions.some((e) => e.via === 'browser' && e.functionName === 'lookup' && !e.error)).toBe(true);

    await openTab(page, 'Inventory');
    await page.locator('[data-panel-tab="outbox"]').click();
    await page.screenshot({ path: join(RESULTS, 'workbench.png') });
    await page.screenshot({ path: join(ROOT, 'docs', 'workbench.png') });
  });

  it('edits as in Sheets: typing on a selected cell replaces it, arrows move, a pasted block is one edit', async () => {
    await openTab(page, 'Inventory');
    const values = wb.emulator.values('Inventory') as CellValue[][];
    const avail = col(values[0], 'Available');
    // Two neighbouring in-stock rows.
    const r = values.findIndex((row, i) => i > 0 && (row[avail] as number) > 30 && (values[i + 1]?.[avail] as number) > 30);
    expect(r).toBeGreaterThan(0);
    const first = `${letter(avail)}${r + 1}`;
    const second = `${letter(avail)}${r + 2}`;

    // Type straight onto the selected cell, Enter commits.
    await page.locator(`td[data-cell="${first}"]`).click();
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await page.waitForFunction((cell) => document.querySelector(`td[data-cell="${cell}"]`)?.textContent === '25', first);
    expect((wb.emulator.values('Inventory') as CellValue[][])[r][avail]).toBe(25);

    // Arrows move the selection.
    await page.locator(`td[data-cell="${first}"]`).click();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe(second);

    // A block pasted from a spreadsheet (lines × tabs) lands as one edit; both items turn red.
    const edits = wb.emulator.executions.filter((e) => e.via === 'trigger:edit').length;
    const paste = (text: string) =>
      page.evaluate(
        ([cell, t]) => {
          const dt = new DataTransfer();
          dt.setData('text/plain', t);
          document.querySelector(`td[data-cell="${cell}"]`)!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        },
        [first, text],
      );
    await page.locator(`td[data-cell="${first}"]`).click();
    await paste('-4\r\n-2\r\n');
    await page.waitForFunction(
      ([a, b]) => document.querySelector(`td[data-cell="${a}"]`)?.textContent === '-4' && document.querySelector(`td[data-cell="${b}"]`)?.textContent === '-2',
      [first, second],
    );
    expect(wb.emulator.executions.filter((e) => e.via === 'trigger:edit').length).toBe(edits + 1);
    expect(hue(await backgroundOf(page, first))).toBe('red');
    expect(hue(await backgroundOf(page, second))).toBe('red');

    // A paste the validation refuses changes nothing and says which cell.
    await paste('7\nlots');
    await page.locator('.banner.error', { hasText: `${second}:` }).waitFor();
    const after = wb.emulator.values('Inventory') as CellValue[][];
    expect([after[r][avail], after[r + 1][avail]]).toEqual([-4, -2]);
    await page.locator('.banner button').click();
  });

  it('shows what a menu item asked or said; Escape closes the menu and a dialog', async () => {
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    await page.locator('[role="menu"]').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[role="menu"]').waitFor({ state: 'detached' });

    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    const sent = wb.emulator.outbox.length;
    await page.locator('[role="menuitem"]', { hasText: 'Run daily notices now' }).click();
    await page.locator('.banner.question', { hasText: /Run daily notices now\?: This sends \d+ emails? now to customers/ }).waitFor();
    // No: nothing runs.
    await page.locator('.banner.question button', { hasText: 'No' }).click();
    await page.locator('.banner').waitFor({ state: 'detached' });
    expect(wb.emulator.executions.filter((e) => e.via === 'menu' && e.functionName === 'runDailyNotices' && e.logs.some((l) => /^Daily notices/.test(l)))).toEqual([]);
    expect(wb.emulator.outbox.length).toBe(sent);
    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    await page.locator('[role="menuitem"]', { hasText: 'Run daily notices now' }).click();
    await page.locator('.banner.question button', { hasText: 'Yes' }).click();
    await page.locator('.banner.info', { hasText: /^Finished: Run daily notices now\. Daily notices: \d+ planned/ }).waitFor();
    expect(wb.emulator.executions.filter((e) => e.via === 'menu' && e.functionName === 'runDailyNotices' && e.logs.some((l) => /^Daily notices/.test(l)))).toHaveLength(1);
    await page.locator('.banner button[aria-label="Dismiss"]').click();

    await page.locator('.menu-title', { hasText: 'Backorder Desk' }).click();
    await page.locator('[role="menuitem"]', { hasText: 'Connect Slack…' }).click();
    await page.locator('.overlay[role="dialog"]').waitFor();
    await page.locator('.overlay .panel-title').click();
    await page.keyboard.press('Escape');
    await page.locator('.overlay[role="dialog"]').waitFor({ state: 'detached' });
  });

  it("the clock's Go to a later day runs that day's due triggers: the daily notices at the Daily run hour", async () => {
    const from = wb.emulator.clock.now();
    const target = DateTime.fromJSDate(from, { zone: ZONE }).plus({ days: 2 }).toISODate()!;
    const runs = wb.emulator.executions.length;
    await page.locator('input[aria-label="Move the clock to"]').fill(target);
    await page.locator('.to-date button', { hasText: 'Go' }).click();
    await page.waitForFunction((n) => document.querySelector('.clock .now')?.textContent?.includes(n), DateTime.fromISO(target).toFormat('LLL d, yyyy'));
    const daily = wb.emulator.executions
      .slice(runs)
      .filter((e) => e.functionName === 'onClockTick' && e.logs.some((l) => /^Daily notices/.test(l)))
      .map((e) => DateTime.fromJSDate(e.startedAt, { zone: ZONE }).toISODate());
    expect(daily).toContain(target);
    expect(DateTime.fromJSDate(wb.emulator.clock.now(), { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).toBe(`${target} 10:00`);
  });

  it('opens a workbook exported from Google Sheets (.xlsx) and colours its items', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workbench-xlsx-'));
    const xlsx = join(dir, 'exported-inventory.xlsx');
    copyFileSync(join(ROOT, 'examples', 'fixtures', 'exported-inventory.xlsx'), xlsx);
    const other = await startWorkbench({ port: 0, workbook: xlsx, log: () => undefined });
    try {
      // The state goes under .workbench/, never beside the export.
      expect(other.workbookPath).toBe(join(ROOT, '.workbench', 'exported-inventory.xlsx.json'));
      expect(existsSync(`${xlsx}.json`)).toBe(false);
      const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await p.goto(other.url);
      await openTab(p, 'Inventory');
      const values = other.emulator.values('Inventory') as CellValue[][];
      const head = values[0];
      expect(head).toContain('Supplier');
      const avail = col(head, 'Available');
      const seen = new Set<string>();
      for (let r = 1; r < values.length; r++) {
        const a1 = `${letter(avail)}${r + 1}`;
        const bg = await backgroundOf(p, a1);
        const expected = other.emulator.model.cellFormat('Inventory', r + 1, avail + 1).background;
        expect(expected).not.toBeNull();
        expect(rgb(bg)).toEqual(rgb(expected as string));
        const n = values[r][avail] as number;
        if (n <= 0) expect(hue(bg)).toBe('red');
        seen.add(hue(bg));
      }
      expect(seen).toEqual(new Set(['red', 'yellow', 'green']));
      await p.screenshot({ path: join(RESULTS, 'workbench-xlsx.png') });
      await p.close();
    } finally {
      await other.close();
    }
  });
});
