/**
 * LockService. The emulator is single-threaded, so "another process" holding a lock is either an
 * execution started from inside another one, or the test hook `holdScriptLock()`. Waiting for a lock
 * lets the clock run for the whole timeout (nobody can release it meanwhile), then gives up.
 */
import { service } from '../support';
import type { Host } from './host';

/** Who holds a lock: an execution id, or a string for an outside holder. */
export type LockOwner = number | string;

export class LockTable {
  private readonly owners = new Map<string, LockOwner>();

  owner(name: string): LockOwner | undefined {
    return this.owners.get(name);
  }
  take(name: string, owner: LockOwner): void {
    this.owners.set(name, owner);
  }
  release(name: string, owner: LockOwner): void {
    if (this.owners.get(name) === owner) this.owners.delete(name);
  }
  /** Releases everything an execution holds (its end, or a Ui pause). */
  releaseAll(owner: LockOwner): void {
    for (const [name, o] of [...this.owners]) if (o === owner) this.owners.delete(name);
  }
}

const TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

class Lock {
  constructor(private readonly name: string, private readonly table: LockTable, private readonly host: Host) {}

  private me(): LockOwner {
    return this.host.current()?.id ?? 'outside-any-execution';
  }

  private acquire(timeoutInMillis: unknown): boolean {
    const ms = Number(timeoutInMillis);
    if (!Number.isFinite(ms) || ms < 0) throw new Error('Invalid argument: timeoutInMillis');
    const holder = this.table.owner(this.name);
    if (holder === undefined || holder === this.me()) {
      this.table.take(this.name, this.me());
      return true;
    }
    this.host.spend(ms);
    return false;
  }

  tryLock(timeoutInMillis: number): boolean {
    return this.acquire(timeoutInMillis);
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.acquire(timeoutInMillis)) throw new Error(TIMEOUT_MESSAGE);
  }
  releaseLock(): void {
    this.table.release(this.name, this.me());
  }
  hasLock(): boolean {
    return this.table.owner(this.name) === this.me();
  }
}

/** The name of a spreadsheet's document lock in the lock table (one per spreadsheet). */
export const documentLockName = (spreadsheetId: string) => `document:${spreadsheetId}`;

export function createLockService(host: Host, table: LockTable, spreadsheetId: () => string): GoogleAppsScript.Lock.LockService {
  const lock = (name: string) => service('Lock', new Lock(name, table, host), host.count);
  return service(
    'LockService',
    {
      getScriptLock: () => lock('script'),
      getDocumentLock: () => lock(documentLockName(spreadsheetId())),
      getUserLock: () => lock(`user:${host.activeUserEmail() || host.effectiveUserEmail()}`),
    },
    host.count,
  ) as unknown as GoogleAppsScript.Lock.LockService;
}
