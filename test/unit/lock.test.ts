/**
 * The document (shop) lock taken by every job (src/gas/lock.ts) must hold whether or not a second
 * `LockService.getDocumentLock()` in the same execution knows about the first: the daily run takes the lock
 * and calls the stock pass, which takes it again. These fakes play the platform (no code of ours is faked):
 * each `getDocumentLock()` gives a new Lock object whose `hasLock` knows only its own state.
 */
import { withShopLock } from '../../src/gas/lock';
import type { Services } from '../../src/gas/services';

interface Platform {
  /** Who holds the document lock (an execution id), or null. */
  holder: number | null;
  /** Whether the same execution may take the lock again (unconfirmed on Apps Script: test both). */
  reentrant: boolean;
  logs: string[];
}

function install(p: Platform): void {
  const execution = 1;
  const g = globalThis as Record<string, unknown>;
  g.SpreadsheetApp = { flush: () => undefined };
  g.LockService = {
    getDocumentLock() {
      let mine = false;
      return {
        hasLock: () => mine && p.holder === execution,
        tryLock: () => {
          if (p.holder === null || (p.reentrant && p.holder === execution)) {
            p.holder = execution;
            mine = true;
          }
          return mine;
        },
        releaseLock: () => {
          if (mine && p.holder === execution) p.holder = null;
          mine = false;
        },
      };
    },
  };
}

const services = (p: Platform) => ({ log: (m: string) => p.logs.push(m) }) as unknown as Services;

describe.each([true, false])('shop lock taken again inside a locked section (re-entrant platform: %s)', (reentrant) => {
  test('the inner section runs, and the outer section still holds the lock after it', () => {
    const p: Platform = { holder: null, reentrant, logs: [] };
    install(p);
    let innerRan = false;
    let heldAfterInner = false;
    const out = withShopLock(services(p), () => {
      withShopLock(services(p), () => {
        innerRan = true;
      });
      heldAfterInner = p.holder !== null;
      return 'done';
    });
    expect(out).toBe('done');
    expect(innerRan).toBe(true);
    expect(heldAfterInner).toBe(true);
    expect(p.holder).toBeNull();
    expect(p.logs).toEqual([]);
  });

  test('another execution holding the lock: nothing runs', () => {
    const p: Platform = { holder: 2, reentrant, logs: [] };
    install(p);
    let ran = false;
    expect(withShopLock(services(p), () => (ran = true))).toBeNull();
    expect(ran).toBe(false);
    expect(p.holder).toBe(2);
  });
});
