/**
 * What every emulated service needs from the runtime: counting, the clock, the current execution
 * and who the user is. The runtime implements it; services never reach into each other.
 */

export interface ExecutionState {
  id: number;
  functionName: string;
  via: string;
  startedAtMs: number;
  /** Clock instant after which every service call fails with "Exceeded maximum execution time". */
  deadlineMs: number;
  logs: string[];
  /** Set once the time limit hit: the execution ends with that error even if the script caught it. */
  timedOut: boolean;
  /** Simple triggers (onOpen/onEdit) may not use services that need authorisation. */
  simpleTrigger: boolean;
  authMode: string;
  /** Session.getActiveUser() in this execution: the person who started it, or an installable trigger's owner. */
  activeUser: string;
  /** Session.getEffectiveUser(): whose authority the execution runs with (an installable trigger's owner). */
  effectiveUser: string;
  /** Service calls the script made so far (a call made from inside another service call is not counted). */
  calls: number;
  /** Stop the execution at this call (1-based), as the time limit or a crash would; see Emulator.stopAtCall. */
  stopAt?: number;
}

export interface Host {
  /** Counts a service call "Class.method", charges its clock cost and enforces the time limit. */
  count(key: string): void;
  now(): Date;
  nowMs(): number;
  /** Lets clock time pass inside an execution (Utilities.sleep, lock waits); enforces the time limit. */
  spend(ms: number): void;
  readonly scriptTimeZone: string;
  current(): ExecutionState | undefined;
  /** The running execution's active user (outside executions: the person using the spreadsheet now). */
  activeUserEmail(): string;
  /** The running execution's effective user (outside executions: the person using the spreadsheet now). */
  effectiveUserEmail(): string;
}

export const MAX_EXECUTION_MS = 6 * 60 * 1000;

/** Throws when the running execution is a simple trigger (no authorisation for this service). */
export function requireAuthorization(host: Host, what: string, scope: string): void {
  if (host.current()?.simpleTrigger) {
    throw new Error(`You do not have permission to call ${what}. Required permissions: ${scope}`);
  }
}

/** UTF-8 size of a string in bytes. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** True for Date objects of any realm. */
export function isDate(x: unknown): x is Date {
  return Object.prototype.toString.call(x) === '[object Date]';
}
