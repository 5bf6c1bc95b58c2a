/**
 * Stock alerts for a shop with 2,000 SKUs when an import puts every item out of stock at once (a write
 * that fires no trigger, caught by the daily run): the alert email stays within Apps Script's body limit
 * and is delivered, and what the add-on keeps in Script Properties stays far from the 500 KB store limit,
 * even while the alert cannot be delivered. Run from dist/Code.js inside the emulator.
 */
import { createEmulator, type Emulator } from '../../emulator';
import { MAX_BODY_BYTES } from '../../emulator/services/mail';
import { generateWorkbook } from '../../examples/generate';
import { TAB } from '../../src/sheet/schema';

const SKUS = 2000;
const START = '2026-03-02T14:30:00Z';

function storeBytes(emu: Emulator): number {
  return Object.entries(emu.documentProperties()).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/** Set-up, then an import (no edit trigger) that puts every item out of stock. */
function importedStockOut(mailQuota: number): { emu: Emulator; changed: number } {
  const wb = generateWorkbook({ skus: SKUS });
  const emu = createEmulator({ workbook: wb, now: START, mailQuota });
  emu.run('setUpSheet');
  const head = emu.values(TAB.inventory)![0].map(String);
  const col = String.fromCharCode(65 + head.indexOf('Available'));
  const rows = emu.values(TAB.inventory)!.length - 1;
  expect(rows).toBe(SKUS);
  const changed = emu.values(TAB.inventory)!.slice(1).filter((r) => Number(r[head.indexOf('Available')]) > 0).length;
  emu.model.userEdit(TAB.inventory, `${col}2:${col}${rows + 1}`, Array.from({ length: rows }, () => [-1]));
  return { emu, changed };
}

describe('stock alerts at 2,000 SKUs', () => {
  test('every item out of stock at once: one alert email within the body limit, naming how many changed', () => {
    const { emu, changed } = importedStockOut(1000);
    expect(changed).toBeGreaterThan(1000);
    emu.run('runDailyNotices');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    const alerts = emu.outbox.filter((m) => m.to === 'care@example.com' && /^Stock alert/.test(m.subject));
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subject).toBe(`Stock alerts: ${changed} changes`);
    expect(Buffer.byteLength(alerts[0].body)).toBeLessThan(MAX_BODY_BYTES);
    expect(alerts[0].body).toMatch(new RegExp(`…and ${changed - 100} more \\(${changed - 100} out of stock\\)`));
    expect(storeBytes(emu)).toBeLessThan(150 * 1024);
  });

  test('the alert cannot be delivered (no quota left): what is kept for the retry stays small', () => {
    const { emu } = importedStockOut(0);
    emu.run('runDailyNotices');
    expect(emu.executions.at(-1)!.error).toBeUndefined();
    const pending = Object.entries(emu.documentProperties())
      .filter(([k]) => k.startsWith('BD_STOCK_PENDING'))
      .reduce((n, [, v]) => n + Buffer.byteLength(v), 0);
    expect(pending).toBeGreaterThan(0);
    expect(pending).toBeLessThan(40 * 1024);
    expect(storeBytes(emu)).toBeLessThan(150 * 1024);
  });
});
