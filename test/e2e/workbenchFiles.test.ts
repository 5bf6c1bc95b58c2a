/**
 * The workbench's workbook files: a new .json path starts as a fresh demo and keeps the state;
 * opening it again continues where it stopped; a missing .xlsx is a clear error.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkbook } from '../../emulator/workbook';
import { startWorkbench } from '../../workbench/server';

describe('workbench --workbook', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bd-workbench-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a .json path that does not exist yet starts as a fresh demo, saved there, and reopens with its state', async () => {
    const path = join(dir, 'nested', 'shop.json');
    const lines: string[] = [];
    const wb = await startWorkbench({ port: 0, workbook: path, log: (l) => lines.push(l) });
    try {
      expect(wb.workbookPath).toBe(path);
      expect(existsSync(path)).toBe(true);
      expect(lines.join('\n')).toContain('(fresh)');
      // An edit as the page makes it (POST /api/edit); the server saves after every change.
      const res = await fetch(`${wb.url}api/edit`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sheet: 'Inventory', row: 2, col: 9, value: 'OIL-EVO-500' }),
      });
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      await wb.close();
    }
    const saved = loadWorkbook(path);
    const inventory = saved.sheets.find((s) => s.name === 'Inventory');
    expect(inventory?.values[1]).toContain('OIL-EVO-500');

    const again: string[] = [];
    const reopened = await startWorkbench({ port: 0, workbook: path, log: (l) => again.push(l) });
    try {
      expect(again.join('\n')).not.toContain('(fresh)');
      expect(reopened.emulator.values('Inventory')?.[1]).toContain('OIL-EVO-500');
    } finally {
      await reopened.close();
    }
  });

  test('a missing .xlsx export is refused with a clear message', async () => {
    await expect(startWorkbench({ port: 0, workbook: join(dir, 'missing.xlsx'), log: () => undefined })).rejects.toThrow(/No workbook at/);
  });
});
