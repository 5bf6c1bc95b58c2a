/**
 * The fault matrix: dist/Code.js in the emulator, on a small shop, stopped at every Apps Script service call
 * of a daily run that sends and of an extended stock-out update (`emu.stopAtCall`, as the 6-minute limit or a
 * crash would stop it), then run again in each way it happens: by the same owner the same day (the next
 * hourly tick), by another person from the menu (their own quota; the owner's tick after), after the owner's
 * quota window started again, and the next day. Every time: each customer gets each due email at most once,
 * and exactly once unless the Notice log says `Unconfirmed` for it (the one case the mail quota cannot
 * tell apart, see docs/reliability.md); the Notice log has no Sent row for an email that was not sent and
 * never two rows for one email; no send journal is left behind.
 */
import type { Emulator } from '../../emulator';
import { at, CLERK, DAY, emulator, HOUR, OWNER, rowsOf, SHOP, stopped, tick, type Row } from './smallShop';

type Variant = 'same owner, next tick' | 'another person from the menu' | 'quota window refreshed' | 'next day';
const VARIANTS: Variant[] = ['same owner, next tick', 'another person from the menu', 'quota window refreshed', 'next day'];
/** Where the quota cannot tell whether the interrupted email went out (see the header). */
const UNCERTAIN: Variant[] = ['quota window refreshed', 'next day'];

/**
 * The checks every cell of the matrix makes: `due` are the emails due (found in the outbox from `from` on by
 * customer and subject, in the Notice log by order and kind).
 */
function expectExactlyWhatHappened(emu: Emulator, from: number, due: Due[], variant: Variant, where: string): number {
  const log = rowsOf(emu, 'Notice log');
  let unconfirmedRows = 0;
  for (const d of due) {
    const got = emu.outbox.slice(from).filter((m) => m.to === d.to && d.subject.test(m.subject)).length;
    const rows = log.filter((r) => String(r['Order ID']) === d.orderId && r.Kind === d.kind && (r.Result === 'Sent' || r.Result === 'Unconfirmed'));
    const sentRows = rows.filter((r) => r.Result === 'Sent').length;
    const unconfirmed = rows.filter((r) => r.Result === 'Unconfirmed').length;
    const cell = { where, to: d.to, got, sentRows, unconfirmed };
    // At most once, and one row that says what happened.
    expect(cell).toEqual({ ...cell, got: got <= 1 ? got : 'more than once', sentRows: sentRows <= got ? sentRows : 'a Sent row for an email not sent' });
    expect(cell).toEqual({ ...cell, sentRows: sentRows + unconfirmed === 1 ? sentRows : 'rows do not say what happened' });
    unconfirmedRows += unconfirmed;
    // Delivered exactly once, unless the log says it cannot be told (only where the quota window started again).
    if (unconfirmed === 0 || !UNCERTAIN.includes(variant)) expect(cell).toEqual({ ...cell, got: got === 1 ? 1 : 'never delivered' });
  }
  expect(Object.keys(emu.documentProperties()).filter((k) => k.startsWith('BD_JOURNAL_'))).toEqual([]);
  return unconfirmedRows;
}

/** The re-runs after a run stopped at `stoppedAt`, and the owner's tick after them. */
function rerun(emu: Emulator, variant: Variant, stoppedAt: Date, rerunMenu: () => void): void {
  const t = stoppedAt.getTime();
  if (variant === 'same owner, next tick') tick(emu, new Date(t + HOUR));
  else if (variant === 'another person from the menu') {
    emu.clock.advanceTo(new Date(t + 10 * 60_000));
    emu.setActiveUser(CLERK);
    rerunMenu();
    tick(emu, new Date(t + HOUR));
  } else if (variant === 'quota window refreshed') tick(emu, at(0, 12, 30)); // the owner's window began yesterday at 11:40
  else tick(emu, new Date(t + DAY + HOUR));
  // The day goes on: the next tick sends nothing again.
  tick(emu, new Date(emu.clock.now().getTime() + HOUR));
}

/**
 * Stops `run` (the execution of `fn`, starting at `start` after yesterday's run) at each of its service calls
 * and one past the last, re-runs it the `variant` way, then `afterwards`, and checks what happened.
 */
function sweep(variant: Variant, what: string, undisturbed: { due: Due[]; calls: number }, start: Date, fn: string, run: (emu: Emulator) => void, afterwards: (emu: Emulator) => void = () => undefined): void {
  let unconfirmed = 0;
  for (let k = 1; k <= undisturbed.calls + 1; k++) {
    const emu = yesterday();
    const from = emu.outbox.length;
    emu.clock.advanceTo(start);
    expect(stopped(emu, k, fn, () => run(emu))).toBe(k <= undisturbed.calls);
    rerun(emu, variant, start, () => emu.run('runDailyNotices'));
    afterwards(emu);
    unconfirmed += expectExactlyWhatHappened(emu, from, undisturbed.due, variant, `${what} stopped at call ${k}, then ${variant}`);
  }
  // `Unconfirmed` only where the stop fell between an email and its record: one stop point per email (just
  // after it) where the quota can tell, two (just before and just after) where it cannot.
  expect(unconfirmed).toBeLessThanOrEqual(undisturbed.due.length * (UNCERTAIN.includes(variant) ? 2 : 1));
  expect(unconfirmed).toBeGreaterThan(0);
}

/** Yesterday: the owner's daily run at 11:40 sent Di her day 3 and began the owner's 24-hour quota window. */
function yesterday(): Emulator {
  const emu = emulator(at(-1, 11, 0));
  tick(emu, at(-1, 11, 40));
  expect(emu.outbox.map((m) => m.to)).toContain('di@example.com');
  return emu;
}
const DAILY_START = at(0, 9, 30);

interface Due {
  to: string;
  subject: RegExp;
  orderId: string;
  kind: string;
}

/** What a run sent, undisturbed: each email's customer, order and kind. */
function sentBy(emu: Emulator, before: number, kind: (r: Row) => boolean, subject = ''): Due[] {
  return emu.outbox
    .slice(before)
    .filter((m) => /^Your order BW-\d+/.test(m.subject) && m.subject.includes(subject))
    .map((m) => {
      const orderId = /BW-\d+/.exec(m.subject)![0];
      const row = [...rowsOf(emu, 'Notice log')].reverse().find((r) => String(r['Order ID']).includes(orderId) && r.Email === m.to && r.Result === 'Sent' && kind(r))!;
      return { to: m.to, subject: new RegExp(`${orderId}\\b.*${subject}`), orderId: String(row['Order ID']), kind: String(row.Kind) };
    });
}

/** Today's daily run, undisturbed: what is due and how many service calls it makes. */
const daily = (() => {
  const emu = yesterday();
  const before = emu.outbox.length;
  tick(emu, DAILY_START);
  return { due: sentBy(emu, before, (r) => String(r.Kind).startsWith('Day')), calls: emu.executions.at(-1)!.calls };
})();

describe('fault matrix: the daily run stopped at every service call', () => {
  test(`today's run sends ${daily.due.length} notices in ${daily.calls} service calls (the sweep stops it at each)`, () => {
    expect(daily.due.map((d) => d.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com']);
    expect(daily.calls).toBeGreaterThan(50);
  });

  test.each(VARIANTS)('then %s: each due notice once, the Notice log exactly right', (variant) => {
    sweep(variant, 'daily run', daily, DAILY_START, 'onClockTick', (emu) => emu.run('onClockTick'));
  });
});

const UPDATE = {
  id: '0f8c3a52-1111-4222-8333-000000000001',
  sku: SHOP.outSku,
  subject: 'Your order {{orderId}}: an update on a longer delay',
  body: 'Hi {{customer}},\n\n{{#items}}{{product}}: {{eta}}.\n{{/items}}\nYou can wait, switch, or cancel for a full refund.\n\n{{senderName}}',
};
const UPDATE_START = at(0, 8, 20); // before the daily run hour: the next tick runs the daily notices too
/** The owner (a manager) sends the update from the dialog. */
function sendUpdate(emu: Emulator): void {
  emu.setActiveUser(OWNER);
  emu.runFromBrowser('sendExtendedStockOut', UPDATE);
}

/** The update, undisturbed: who gets it and how many service calls it makes. */
const update = (() => {
  const emu = yesterday();
  const before = emu.outbox.length;
  emu.clock.advanceTo(UPDATE_START);
  sendUpdate(emu);
  return { due: sentBy(emu, before, (r) => r.Kind === 'Extended stock-out', 'longer delay'), calls: emu.executions.at(-1)!.calls };
})();

describe('fault matrix: an extended stock-out update stopped at every service call', () => {
  test(`the update goes to ${update.due.length} customers in ${update.calls} service calls (the sweep stops it at each)`, () => {
    expect(update.due.map((d) => d.to).sort()).toEqual(['ann@example.com', 'bob@example.com', 'di@example.com']);
    expect(update.calls).toBeGreaterThan(30);
  });

  test.each(VARIANTS)('then %s (and the manager sends it again after the error): each customer once, the Notice log exactly right', (variant) => {
    // Seeing the error in the dialog, the manager sends the same update again: never a second copy.
    sweep(variant, 'update', update, UPDATE_START, 'sendExtendedStockOut', sendUpdate, (emu) => {
      sendUpdate(emu);
      tick(emu, new Date(emu.clock.now().getTime() + HOUR));
    });
  });
});
