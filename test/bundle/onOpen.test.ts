/** dist/Code.js in the emulator: opening the spreadsheet builds the Backorder Desk menu. */
import { existsSync } from 'node:fs';
import { createEmulator, type MenuItemRecord } from '../../emulator';

function menuFunctions(items: Array<MenuItemRecord | 'separator'>): string[] {
  return items.flatMap((i) => (i === 'separator' ? [] : i.submenu ? menuFunctions(i.submenu) : [i.functionName]));
}

describe('onOpen in the built bundle', () => {
  beforeAll(() => {
    if (!existsSync('dist/Code.js')) throw new Error('dist/Code.js is missing: run `node build.mjs` first');
  });

  test('adds a "Backorder Desk" menu whose items all name functions of the bundle', () => {
    const emu = createEmulator();
    emu.run('onOpen', { authMode: 'LIMITED' });
    const menu = emu.ui.menus.find((m) => m.title === 'Backorder Desk');
    expect(menu).toBeDefined();
    const names = menuFunctions(menu!.items);
    expect(names.length).toBeGreaterThan(0);
    const missing = names.filter((n) => !emu.functionNames.includes(n));
    expect(missing).toEqual([]);
  });

  test('runs as a simple trigger when the spreadsheet opens (no authorisation needed)', () => {
    const emu = createEmulator();
    emu.open();
    const exec = emu.executions.find((e) => e.functionName === 'onOpen');
    expect(exec?.via).toBe('trigger:open');
    expect(exec?.error).toBeUndefined();
    expect(emu.ui.menus.map((m) => m.title)).toContain('Backorder Desk');
  });
});
