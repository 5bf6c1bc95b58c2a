/** Session: who is running the script and in which time zone. */
import { createHash } from 'node:crypto';
import { service } from '../support';
import type { Host } from './host';

export function createSession(host: Host): GoogleAppsScript.Base.Session {
  const user = (email: () => string) =>
    service('User', { getEmail: () => email(), getUsername: () => email().split('@')[0] ?? '' }, host.count);
  return service(
    'Session',
    {
      getActiveUser: () => user(() => (host.current()?.simpleTrigger ? '' : host.activeUserEmail())),
      getEffectiveUser: () => user(() => host.effectiveUserEmail()),
      getScriptTimeZone: () => host.scriptTimeZone,
      getActiveUserLocale: () => 'en',
      getTemporaryActiveUserKey: () =>
        createHash('sha256').update(`temporary-key:${host.activeUserEmail()}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 43),
    },
    host.count,
  ) as unknown as GoogleAppsScript.Base.Session;
}

/** console and Logger for the script: every line goes to the running execution's log. */
export function createLogging(host: Host, orphanLogs: string[]) {
  const sink = (line: string) => (host.current()?.logs ?? orphanLogs).push(line);
  const show = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v instanceof Error || (v && typeof v === 'object' && Object.prototype.toString.call(v) === '[object Error]')) {
      return String((v as Error).stack ?? v);
    }
    if (Object.prototype.toString.call(v) === '[object Date]') return (v as Date).toString();
    if (v && typeof v === 'object') {
      try {
        return JSON.stringify(v);
      } catch {
        return String(v);
      }
    }
    return String(v);
  };
  const line = (args: unknown[]) => args.map(show).join(' ');
  const logger = {
    log(format: unknown, ...values: unknown[]) {
      if (typeof format === 'string' && values.length && /%s|%d/.test(format)) {
        let i = 0;
        sink(format.replace(/%[sd]/g, () => (i < values.length ? show(values[i++]) : '')));
      } else sink(line([format, ...values]));
      return loggerProxy;
    },
    getLog() {
      return (host.current()?.logs ?? orphanLogs).join('\n');
    },
    clear() {
      const logs = host.current()?.logs ?? orphanLogs;
      logs.length = 0;
    },
  };
  const loggerProxy = service('Logger', logger, host.count);
  const console = {
    log: (...a: unknown[]) => sink(line(a)),
    info: (...a: unknown[]) => sink(line(a)),
    warn: (...a: unknown[]) => sink(line(a)),
    error: (...a: unknown[]) => sink(line(a)),
    time: () => undefined,
    timeEnd: () => undefined,
  };
  return { Logger: loggerProxy, console: Object.freeze(console) };
}
