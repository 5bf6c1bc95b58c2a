/**
 * Restock dates that cannot be used (issue: new shop, point 5), run from dist/Code.js in the emulator on the demo:
 * free text or a past date typed on an out-of-stock item gets a cell note and one alert; an overdue date turns
 * stale after Settings › Restock grace days (customers get the no-date wording, the team is told once); a date
 * left on an item that comes back in stock is flagged on its cell.
 */
import { createEmulator, type Emulator } from '../../emulator';
import { generateWorkbook } from '../../examples/generate';
import { rowsOf } from './expectedNotices';

const DAY_MS = 86_400_000;
const START = '2026-03-02T14:30:00Z'; // 9:30 in New York
const demo = generateWorkbook({ sendMode: 'Live' });
const inventory = rowsOf(demo, 'Inventory');
const orders = rowsOf(demo, 'Orders');
/** An out-of-stock item that DML customers wait for. */
const waited = inventory.findIndex(
  (r) => Number(r.Available) < 0 && orders.some((o) => o.SKU === r.SKU && o.Segment === 'DML' && /^backorder$/i.test(String(o.Status))),
);
const SKU = String(inventory[waited].SKU);
const ROW = waited + 2;
const cell = `G${ROW}`; // Expected restock

function shop(): Emulator {
  const emu = createEmulator({ workbook: demo, now: START, mailQuota: 1000 });
  emu.run('setUpSheet');
  return emu;
}
const alertMail = (emu: Emulator) => emu.outbox.filter((m) => m.to === 'care@example.com');
const note = (emu: Emulator, a1: string) => emu.spreadsheet.getSheetByName('Inventory')!.getRange(a1).getNote();

describe('restock dates that cannot be used are flagged', () => {
  test('free text typed on an out-of-stock item: a note on the cell and one alert, not one per edit or run', () => {
    const emu = shop();
    const before = alertMail(emu).length;
    emu.user.setValue('Inventory', cell, 'soon, hopefully');
    expect(note(emu, cell)).toMatch(/^Backorder Desk: Expected restock "soon, hopefully" is not a date, so customers get the no-date wording/);
    const alerts = alertMail(emu).slice(before);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body).toContain(`Restock date needs a look: ${SKU}`);
    emu.user.setValue('Inventory', `H${ROW}`, 'Called the supplier'); // another edit of the row
    emu.clock.advance(2 * 3_600_000);
    expect(alertMail(emu).slice(before)).toHaveLength(1);
    // A real date clears the note (it was ours).
    emu.user.setValue('Inventory', cell, '2026-04-20');
    expect(note(emu, cell)).toBe('');
  });

  test('a long free-text cell (with the memory\'s separator in it) is told once too', () => {
    const emu = shop();
    const before = alertMail(emu).length;
    const text = 'waiting on the supplier | they promised news after the harvest, maybe';
    emu.user.setValue('Inventory', cell, text);
    expect(note(emu, cell)).toContain(`"${text}" is not a date`);
    emu.clock.advance(3 * 3_600_000);
    emu.user.setValue('Inventory', `H${ROW}`, 'Chased again');
    expect(alertMail(emu).slice(before).filter((m) => m.body.includes('Restock date needs a look'))).toHaveLength(1);
  });

  test('a past date typed on an out-of-stock item: a note and one alert (with the new date), saying when it turns stale', () => {
    const emu = shop();
    const before = alertMail(emu).length;
    emu.user.setValue('Inventory', cell, '2026-02-27');
    expect(note(emu, cell)).toMatch(/^Backorder Desk: Expected restock 2026-02-27 has already passed \(3 days ago\)/);
    const alerts = alertMail(emu).slice(before);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].body).toMatch(new RegExp(`New expected restock: ${SKU} .*· Expected restock 2026-02-27 has already passed`));
    // The agents' words lead: within the grace days it is "running a little behind".
    expect(alerts[0].body).toContain('Say: "the delivery is running a little behind, and we are hoping it will be ready to ship out soon"');
  });

  test('an overdue date turns stale after the grace days: customers get the no-date wording, the team is told once', () => {
    const emu = shop();
    emu.user.setValue('Inventory', cell, '2026-03-04'); // two days ahead
    const before = alertMail(emu).length;
    emu.clock.advance(10 * DAY_MS); // now 8 days overdue (grace: 7)
    const stale = alertMail(emu).slice(before).filter((m) => m.body.includes(`Restock date needs a look: ${SKU}`));
    expect(stale).toHaveLength(1);
    expect(stale[0].body).toMatch(/Expected restock 2026-03-04 is stale: 8 days overdue, more than Settings › Restock grace days \(7\)/);
    expect(note(emu, cell)).toMatch(/is stale/);
    // Customers waiting for it now read the no-date wording, never "soon" for ever.
    const mine = new Set(orders.filter((o) => o.SKU === SKU).map((o) => String(o['Order ID'])));
    const later = emu.outbox.length;
    emu.clock.advance(10 * DAY_MS);
    const theirs = emu.outbox.slice(later).filter((m) => [...mine].some((id) => m.subject.includes(id)));
    expect(theirs.length).toBeGreaterThan(0);
    for (const m of theirs) {
      expect(m.body).toContain("we don't have a confirmed restock date yet");
      expect(m.body).not.toContain('running a little behind');
    }
    expect(alertMail(emu).filter((m) => m.body.includes(`Restock date needs a look: ${SKU}`))).toHaveLength(1);
  });

  test('a date left on an item that comes back in stock is flagged on its cell', () => {
    const emu = shop();
    emu.user.setValue('Inventory', cell, '2026-04-20');
    emu.clock.advance(20 * 60_000); // past the 10-minute quiet period
    emu.user.setValue('Inventory', `D${ROW}`, 80);
    expect(note(emu, cell)).toBe('Backorder Desk: Back in stock: this Expected restock (2026-04-20) is no longer used. Clear it, or set the next date when the item runs out again.');
    emu.user.setValue('Inventory', cell, '');
    expect(note(emu, cell)).toBe('');
  });
});
