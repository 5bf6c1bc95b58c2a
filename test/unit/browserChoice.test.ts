/** Which Chromium the browser tests use: CHROMIUM_PATH, else a system Chromium, else the packaged one. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROWSER_FLAGS, chooseBrowser, isExecutableFile, packagedBrowserArgs } from '../e2e/browser';

const existing = (...paths: string[]) => (p: string) => paths.includes(p);

describe('chooseBrowser', () => {
  it('takes CHROMIUM_PATH first, even when a system Chromium exists', () => {
    expect(chooseBrowser({ CHROMIUM_PATH: '/opt/chrome/chrome' }, existing('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({
      kind: 'CHROMIUM_PATH',
      path: '/opt/chrome/chrome',
    });
  });

  it('refuses a CHROMIUM_PATH that is not an executable file, naming it, rather than falling back', () => {
    expect(() => chooseBrowser({ CHROMIUM_PATH: '/nowhere/chromium' }, existing('/usr/bin/chromium'))).toThrow(
      'CHROMIUM_PATH is set to "/nowhere/chromium", which is not an executable file',
    );
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(chooseBrowser({ CHROMIUM_PATH: '' }, existing('/usr/bin/chromium'))).toEqual({ kind: 'system', path: '/usr/bin/chromium' });
  });

  it('then a system Chromium, /usr/bin/chromium before /usr/bin/chromium-browser', () => {
    expect(chooseBrowser({}, existing('/usr/bin/chromium-browser', '/usr/bin/chromium'))).toEqual({ kind: 'system', path: '/usr/bin/chromium' });
    expect(chooseBrowser({}, existing('/usr/bin/chromium-browser'))).toEqual({ kind: 'system', path: '/usr/bin/chromium-browser' });
  });

  it('else the packaged Chromium', () => {
    expect(chooseBrowser({}, existing())).toEqual({ kind: 'packaged' });
    expect(chooseBrowser({ CHROMIUM_PATH: undefined }, existing('/usr/bin/google-chrome'))).toEqual({ kind: 'packaged' });
  });
});

describe('isExecutableFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'browser-choice-'));
    writeFileSync(join(dir, 'plain'), '');
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tool'), 0o755);
    mkdirSync(join(dir, 'folder'));
    chmodSync(join(dir, 'folder'), 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is true only for an existing file with the execute bit', () => {
    expect(isExecutableFile(join(dir, 'tool'))).toBe(true);
    expect(isExecutableFile(join(dir, 'plain'))).toBe(false);
    expect(isExecutableFile(join(dir, 'folder'))).toBe(false);
    expect(isExecutableFile(join(dir, 'missing'))).toBe(false);
  });
});

describe('packagedBrowserArgs', () => {
  it("keeps the package's flags except the ones that change page behaviour or its headless mode, and adds ours once", () => {
    const args = packagedBrowserArgs([
      '--font-render-hinting=none',
      '--single-process',
      '--disable-web-security',
      '--allow-running-insecure-content',
      "--headless='shell'",
      '--no-sandbox',
    ]);
    expect(args).toEqual(['--font-render-hinting=none', '--no-sandbox', ...BROWSER_FLAGS.filter((f) => f !== '--no-sandbox')]);
    expect(args.filter((a) => a === '--no-sandbox')).toHaveLength(1);
  });
});
