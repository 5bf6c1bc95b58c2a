/** The build: dist/ holds exactly what Apps Script needs, in a form it accepts (run after `node build.mjs`). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from '../../emulator';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');

/** Entry points src/main.ts exports (`export function x` and `export { x, y }`). */
function exportedEntryPoints(): string[] {
  const main = readFileSync(join(root, 'src/main.ts'), 'utf8');
  const names = [...main.matchAll(/^export\s+function\s+(\w+)/gm)].map((m) => m[1]);
  for (const m of main.matchAll(/^export\s*\{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()?.trim();
      if (name && !name.startsWith('type ')) names.push(name);
    }
  }
  return [...new Set(names)];
}

const distFiles = () => readdirSync(dist).filter((f) => !f.endsWith('.tmp'));

// `npm test` builds first (`node build.mjs`); these tests check what it wrote.
beforeAll(() => {
  if (!existsSync(join(dist, 'Code.js'))) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
});

describe('dist/Code.js', () => {
  test('passes node --check and has no import/export left', () => {
    const check = spawnSync(process.execPath, ['--check', join(dist, 'Code.js')], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const code = readFileSync(join(dist, 'Code.js'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });

  test('declares a top-level function for every entry point src/main.ts exports', () => {
    const expected = exportedEntryPoints();
    expect(expected).toEqual(expect.arrayContaining(['onOpen']));
    const code = readFileSync(join(dist, 'Code.js'), 'utf8');
    const declared = [...code.matchAll(/^function (\w+)\(/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual([...expected].sort());
    // Loaded the way Apps Script loads it, each is a callable function.
    const emu = createEmulator({ bundlePath: join(dist, 'Code.js') });
    expect(emu.functionNames).toEqual(expect.arrayContaining(expected));
  });
});

describe('dist/appsscript.json', () => {
  test('is a V8 manifest with exception logging, a time zone and explicit OAuth scopes', () => {
    const manifest = JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect(typeof manifest.timeZone).toBe('string');
    expect(() => new Intl.DateTimeFormat('en-US', { timeZone: manifest.timeZone })).not.toThrow();
    expect(Array.isArray(manifest.oauthScopes)).toBe(true);
    expect(manifest.oauthScopes.length).toBeGreaterThan(0);
    for (const scope of manifest.oauthScopes) expect(scope).toMatch(/^https:\/\/(www\.googleapis\.com\/auth\/[\w.]+|mail\.google\.com\/)$/);
    // Narrow scopes only: this spreadsheet, not every spreadsheet of the user.
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
  });
});

describe('pages', () => {
  test('every dist/*.html is self-contained', () => {
    for (const page of distFiles().filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(dist, page), 'utf8');
      expect({ page, external: html.match(/<script\b[^>]*\bsrc\s*=/gi) }).toEqual({ page, external: null });
      expect({ page, external: html.match(/<link\b[^>]*\brel\s*=\s*["']?stylesheet[^>]*>/gi) }).toEqual({ page, external: null });
    }
  });
});

describe('clasp', () => {
  test('`clasp status --json` (offline) lists exactly the files in dist/', () => {
    const home = mkdtempSync(join(tmpdir(), 'clasp-home-'));
    const res = spawnSync(join(root, 'node_modules/.bin/clasp'), ['status', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, HOME: home, USERPROFILE: home },
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    const status = JSON.parse(res.stdout) as { filesToPush: string[]; untrackedFiles: string[] };
    expect(status.filesToPush.map((f) => f.replace(/^dist\//, '')).sort()).toEqual(distFiles().sort());
    expect(status.untrackedFiles).toEqual([]);
  });
});
