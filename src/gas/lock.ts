/**
 * The lock every job that writes the sheet or sends runs under, so an edit, the hourly run and a
 * manager's update never work on the same rows at once. It is the **document** lock: one per shop. The
 * script lock would serialise every shop that installed the published add-on behind one another.
 */
import type { Services } from './services';

export interface ShopLockOptions {
  /** How long to wait for a run that holds the lock; default one second. */
  waitMs?: number;
  /** Logged when the lock stays busy and `fn` is not run. */
  busyMessage?: string;
}

const DEFAULT_WAIT_MS = 1000;
const DEFAULT_BUSY_MESSAGE = 'Another run is in progress; this one exits without changing anything.';

/**
 * The document lock this execution holds, if any. Module state lasts one execution (each one loads the
 * script afresh), so this is how a nested call knows: whether a second `getDocumentLock()` object in the same
 * execution reports the first one's lock, or may take it again, is not something to rely on.
 */
let held: GoogleAppsScript.Lock.Lock | null = null;

/**
 * Work that must come first whenever this execution takes the shop lock, before anything else it does
 * under it (the sender registers the judging of interrupted sends, which no other email may come before).
 * A hook that throws is logged and does not stop the caller.
 */
export const whenShopLockTaken: Array<(services: Services) => void> = [];

/**
 * Runs `fn` holding the document lock and returns its result; returns null, without running it, when
 * another run holds the lock. Re-entrant within one execution: a call made while this execution
 * already holds the lock just runs `fn` and leaves the lock to the outer call. Pending sheet writes
 * are flushed before the lock is released, so the next run reads them.
 */
export function withShopLock<T>(services: Services, fn: () => T, options: ShopLockOptions = {}): T | null {
  // A Ui alert or prompt ends the lock while the script pauses: then this call takes it again.
  if (held?.hasLock()) return fn();
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(options.waitMs ?? DEFAULT_WAIT_MS)) {
    services.log(options.busyMessage ?? DEFAULT_BUSY_MESSAGE);
    return null;
  }
  const outer = held;
  held = lock;
  try {
    for (const hook of whenShopLockTaken) {
      try {
        hook(services);
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        if (/Exceeded maximum execution time/i.test(message)) throw e;
        services.log(`Before the run: ${message}`);
      }
    }
    return fn();
  } finally {
    held = outer;
    SpreadsheetApp.flush();
    lock.releaseLock();
  }
}

/**
 * After a Ui alert or prompt (the pause ends this execution's lock): takes the shop lock again for the rest of
 * the outer `withShopLock` call. False when another run took it meanwhile (then the caller must not go on).
 */
export function retakeShopLock(waitMs = DEFAULT_WAIT_MS): boolean {
  if (!held) return true;
  return held.hasLock() || held.tryLock(waitMs);
}
