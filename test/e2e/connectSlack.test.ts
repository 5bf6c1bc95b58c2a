/**
 * The Connect Slack dialog (dist/ConnectSlack.html) in real Chromium, bridged to dist/Code.js in the
 * emulator: a bad URL is refused with a message and nothing is stored; a good one is stored in Script
 * Properties and never comes back to the page; disconnecting asks first.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createEmulator, type Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { launchBrowser, servePage, type ServedPage } from './harness';

const PROPERTY = 'SLACK_WEBHOOK_URL';
const SECRET = 'T0DEMO1234/B0DEMO5678/s3cr3tW3bh00kT0ken';
const WEBHOOK = `https://hooks.slack.com/services/${SECRET}`;

let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/ConnectSlack.html')) throw new Error('dist/ConnectSlack.html is missing: run `node build.mjs` first');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  served: ServedPage;
  /** Bodies of every /run response the page received so far. */
  responses: string[];
  close(): Promise<void>;
}

async function open(emu: Emulator): Promise<Opened> {
  const served = await servePage(emu, 'ConnectSlack');
  const page = await browser.newPage();
  const responses: string[] = [];
  const reading: Array<Promise<void>> = [];
  page.on('response', (res) => {
    if (isRun(res)) reading.push(res.text().then((t) => void responses.push(t)));
  });
  await page.goto(served.url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent !== 'Checking…');
  return {
    page,
    served,
    responses,
    close: async () => {
      await Promise.all(reading);
      await page.close();
      await served.close();
    },
  };
}

/** Waits until every bridged server call has answered and the page has re-rendered. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as { __bridgePending?: number }).__bridgePending ?? 0) === 0);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
}

const isRun = (res: { url(): string }) => new URL(res.url()).pathname === '/run';

/** Types `url`, saves, and returns the message shown once the server has answered. */
async function save(page: Page, url: string): Promise<string> {
  await page.fill('#url', url);
  await Promise.all([page.waitForResponse(isRun, { timeout: 5000 }), page.click('button[type="submit"]')]);
  await settled(page);
  return (await page.textContent('#result')) ?? '';
}

function demo(documentProperties?: Record<string, string>): Emulator {
  return createEmulator({ workbook: generateWorkbook({}), documentProperties });
}

test('a URL that is not a Slack incoming webhook is refused with a message, and nothing is stored', async () => {
  const emu = demo();
  const o = await open(emu);
  try {
    expect(await o.page.textContent('#status')).toBe('Slack is not connected.');
    for (const bad of ['https://example.com/services/T0DEMO1234/B0DEMO5678/abc', 'hooks.slack.com/services/T0DEMO1234/B0DEMO5678/abc', 'http://hooks.slack.com/services/T0DEMO1234/B0DEMO5678/abc']) {
      const message = await save(o.page, bad);
      expect(message).toContain('does not look like a Slack incoming-webhook URL');
      expect(message).toContain('Nothing was changed');
      expect(await o.page.getAttribute('#result', 'class')).toContain('error');
      expect(await o.page.textContent('#status')).toBe('Slack is not connected.');
      expect(emu.documentProperties()[PROPERTY]).toBeUndefined();
    }
  } finally {
    await o.close();
  }
  expect(o.responses.length).toBe(4); // the status on opening + three refusals
});

test('a Slack webhook URL is stored in Script Properties and never reaches the page', async () => {
  const emu = demo();
  const o = await open(emu);
  try {
    const message = await save(o.page, `  ${WEBHOOK}  `);
    expect(message).toContain('Slack is connected');
    expect(await o.page.getAttribute('#result', 'class')).toContain('ok');
    expect(await o.page.textContent('#status')).toContain('Slack is connected');
    expect(emu.documentProperties()[PROPERTY]).toBe(WEBHOOK);
    expect(await o.page.inputValue('#url')).toBe('');
    expect(await o.page.content()).not.toContain(SECRET);
    expect(await o.page.evaluate(() => document.body.innerText)).not.toContain('hooks.slack.com/services/T');

    // A bad URL afterwards leaves the connection as it was.
    expect(await save(o.page, 'https://hooks.slack.com/not-a-webhook')).toContain('Nothing was changed');
    expect(await o.page.textContent('#status')).toContain('Slack is connected');
    expect(emu.documentProperties()[PROPERTY]).toBe(WEBHOOK);

    // Opened again later, the page learns only that Slack is connected.
    const again = await open(emu);
    try {
      expect(await again.page.textContent('#status')).toContain('Slack is connected');
      expect(await again.page.content()).not.toContain(SECRET);
    } finally {
      await again.close();
    }
    expect(again.responses.length).toBe(1);
    expect(again.responses.join('\n')).not.toContain(SECRET);
  } finally {
    await o.close();
  }
  expect(o.responses.length).toBe(3);
  expect(o.responses.join('\n')).not.toContain(SECRET);
  expect(o.responses.join('\n')).not.toContain(WEBHOOK);
});

test('disconnecting asks first; keeping it changes nothing, confirming removes the URL', async () => {
  const emu = demo({ [PROPERTY]: WEBHOOK });
  const o = await open(emu);
  try {
    expect(await o.page.textContent('#status')).toContain('Slack is connected');
    expect(await o.page.isDisabled('button[type="submit"]')).toBe(false);

    await o.page.click('button[type="submit"]');
    await o.page.waitForSelector('[role="alertdialog"]');
    expect(await o.page.textContent('[role="alertdialog"]')).toContain('Disconnect Slack?');
    await o.page.click('[role="alertdialog"] button:text-is("Keep it")');
    expect(await o.page.$('[role="alertdialog"]')).toBeNull();
    await settled(o.page);
    expect(emu.documentProperties()[PROPERTY]).toBe(WEBHOOK);
    expect(o.responses.length).toBe(1); // nothing was sent to the server

    await o.page.click('button[type="submit"]');
    await Promise.all([o.page.waitForResponse(isRun, { timeout: 5000 }), o.page.click('[role="alertdialog"] button:text-is("Disconnect")')]);
    await settled(o.page);
    expect(await o.page.textContent('#result')).toContain('Slack is disconnected');
    expect(await o.page.textContent('#status')).toBe('Slack is not connected.');
    expect(emu.documentProperties()[PROPERTY]).toBeUndefined();
    // With nothing connected and an empty field there is nothing to save.
    expect(await o.page.isDisabled('button[type="submit"]')).toBe(true);
  } finally {
    await o.close();
  }
  expect(o.responses.join('\n')).not.toContain(SECRET);
});

test('finding 9: someone who is not a manager is told why, Save stays disabled, and a forced call is refused', async () => {
  const emu = createEmulator({ workbook: generateWorkbook({}), activeUserEmail: 'owner@example.com' });
  emu.run('setUpSheet');
  emu.setActiveUser('clerk@example.com');
  const o = await open(emu);
  try {
    expect(await o.page.textContent('#refused')).toContain('clerk@example.com is not one of them');
    await o.page.fill('#url', WEBHOOK);
    expect(await o.page.isDisabled('button[type="submit"]')).toBe(true);
    // The page's own check is a courtesy: the server refuses the call anyway.
    const answer = await o.page.evaluate(
      (url) =>
        new Promise((resolve, reject) => {
          type Runner = { withSuccessHandler(f: (v: unknown) => void): Runner; withFailureHandler(f: (e: unknown) => void): Runner; connectSlack(u: string): void };
          const run = (window as unknown as { google: { script: { run: Runner } } }).google.script.run;
          run.withSuccessHandler(resolve).withFailureHandler(reject).connectSlack(url);
        }),
      WEBHOOK,
    );
    expect(answer).toMatchObject({ ok: false, connected: false });
    expect(emu.documentProperties()[PROPERTY]).toBeUndefined();
  } finally {
    await o.close();
  }
});
