/**
 * The one place that decides which Chromium the browser tests (and any screenshot) use, in this order:
 *   1. CHROMIUM_PATH, when set (an error names it if it is not an executable file);
 *   2. a system Chromium: /usr/bin/chromium, /usr/bin/chromium-browser;
 *   3. the headless Chromium packaged in the npm package @sparticuz/chromium, unpacked once per machine
 *      into <tmpdir>/backorder-desk-chromium-<version>/ together with the libraries and fonts it ships,
 *      so it needs nothing installed on the system.
 * The jest globalSetup (globalSetup.ts) resolves the choice once, before any test, and hands it to the
 * test processes through BROWSER_ENV; launchBrowser() in harness.ts reads it.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sparticuz from '@sparticuz/chromium';

export const SYSTEM_CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/** Flags every launch gets, whichever browser it is. */
export const BROWSER_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const;

/**
 * Flags of @sparticuz/chromium's own list (made for AWS Lambda) that the tests leave out:
 * --single-process makes closing one page or context close the whole browser, and the other two switch
 * off the same-origin policy and mixed-content blocking, which would hide page bugs a real browser shows.
 */
const PACKAGED_FLAGS_LEFT_OUT = ['--single-process', '--disable-web-security', '--allow-running-insecure-content'];

/** The environment variable that carries the resolved browser from the global setup to the tests. */
export const BROWSER_ENV = 'BACKORDER_DESK_BROWSER';

export type BrowserChoice =
  | { kind: 'CHROMIUM_PATH'; path: string }
  | { kind: 'system'; path: string }
  | { kind: 'packaged' };

/** Which browser to use, given the environment and a test for "is an executable file". Pure. */
export function chooseBrowser(env: { CHROMIUM_PATH?: string }, isExecutable: (path: string) => boolean): BrowserChoice {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutable(fromEnv)) {
      throw new Error(
        `CHROMIUM_PATH is set to "${fromEnv}", which is not an executable file. ` +
          'Point it at a Chromium binary, or unset it to use a system Chromium or the packaged one (@sparticuz/chromium).',
      );
    }
    return { kind: 'CHROMIUM_PATH', path: fromEnv };
  }
  const system = SYSTEM_CHROMIUM_PATHS.find((p) => isExecutable(p));
  return system ? { kind: 'system', path: system } : { kind: 'packaged' };
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ResolvedBrowser {
  /** One line for the test output: which browser and where. */
  label: string;
  executablePath: string;
  args: string[];
  /** Extra environment for the browser process (the packaged browser's libraries and fonts). */
  env: Record<string, string>;
}

/** The browser to launch: the one the global setup resolved, else resolved now (unpacking if needed). */
export function resolveBrowser(opts: { fresh?: boolean } = {}): ResolvedBrowser {
  const carried = process.env[BROWSER_ENV];
  if (!opts.fresh && carried) return JSON.parse(carried) as ResolvedBrowser;
  const choice = chooseBrowser(process.env, isExecutableFile);
  switch (choice.kind) {
    case 'CHROMIUM_PATH':
      return { label: `CHROMIUM_PATH at ${choice.path}`, executablePath: choice.path, args: [...BROWSER_FLAGS], env: {} };
    case 'system':
      return { label: `system Chromium at ${choice.path}`, executablePath: choice.path, args: [...BROWSER_FLAGS], env: {} };
    case 'packaged':
      return packagedBrowser();
  }
}

/** The packaged browser's flags: the package's list, less the ones left out and its own --headless, then ours. */
export function packagedBrowserArgs(packageArgs: readonly string[]): string[] {
  const kept = packageArgs.filter((a) => !PACKAGED_FLAGS_LEFT_OUT.includes(a) && !a.startsWith('--headless'));
  return [...new Set([...kept, ...BROWSER_FLAGS])];
}

/** Launch options for playwright-core's chromium.launch(). */
export function launchOptions(browser: ResolvedBrowser): { executablePath: string; args: string[]; env?: Record<string, string> } {
  const hasEnv = Object.keys(browser.env).length > 0;
  return {
    executablePath: browser.executablePath,
    args: browser.args,
    ...(hasEnv ? { env: { ...stringEnv(process.env), ...browser.env } } : {}),
  };
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** Files the unpacked folder must hold to be used. */
const UNPACKED_FILES = ['chromium', 'al2023/lib/libnss3.so', 'fonts/fonts.conf'];

function packagedBrowser(): ResolvedBrowser {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No CHROMIUM_PATH and no system Chromium, and the packaged Chromium (@sparticuz/chromium) runs on Linux x64 only, not ${process.platform} ${process.arch}: ` +
        'set CHROMIUM_PATH to a Chrome or Chromium binary.',
    );
  }
  const entry = require.resolve('@sparticuz/chromium'); // <pkg>/build/cjs/index.cjs
  const pkgDir = join(dirname(entry), '..', '..');
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `backorder-desk-chromium-${version}`);
  if (!isUnpacked(dir)) unpack(entry, dir);
  const args = packagedBrowserArgs(sparticuz.args);
  return {
    label: `packaged @sparticuz/chromium ${version} at ${join(dir, 'chromium')}`,
    executablePath: join(dir, 'chromium'),
    args,
    env: { LD_LIBRARY_PATH: join(dir, 'al2023', 'lib'), FONTCONFIG_PATH: join(dir, 'fonts') },
  };
}

function isUnpacked(dir: string): boolean {
  return UNPACKED_FILES.every((f) => existsSync(join(dir, f))) && isExecutableFile(join(dir, 'chromium'));
}

/**
 * Unpacks the browser, its fonts and the shared libraries it needs (NSS, NSPR, expat: the package's
 * Amazon Linux set, which run on any x64 glibc Linux) into `dir`. The package unpacks into os.tmpdir()
 * and adds the libraries only when it believes it runs on AWS Lambda, so a child process does it with
 * TMPDIR pointing at a private folder and the Lambda variable set; the folder then takes its final
 * name in one rename, so a run that is cut off, or two runs at once, never leave a half-written browser.
 */
function unpack(entry: string, dir: string): void {
  const partial = mkdtempSync(`${dir}.partial-`);
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(entry)}).executablePath().then((p) => process.stdout.write(p))`], {
      env: { ...process.env, TMPDIR: partial, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // The package's fonts.conf names /tmp/fonts; point it at the fonts unpacked here instead.
    writeFileSync(
      join(partial, 'fonts', 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
        `  <dir>${join(dir, 'fonts', 'fonts')}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    const missing = UNPACKED_FILES.filter((f) => !existsSync(join(partial, f)));
    if (missing.length) throw new Error(`@sparticuz/chromium did not unpack ${missing.join(', ')} (into ${partial})`);
    chmodSync(partial, 0o755);
    // A folder someone left incomplete would block the rename; a complete one is another run's copy.
    if (existsSync(dir) && !isUnpacked(dir)) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(partial, dir);
    } catch (e) {
      if (!isUnpacked(dir)) throw e; // else another run finished first: use its copy
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
