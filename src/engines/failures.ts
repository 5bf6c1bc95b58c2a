/**
 * Failures are seen. A published add-on gets no failure email from Apps Script when a trigger's code
 * throws, so every trigger run goes through `reportingFailures`: an error is recorded as a `Run problem`
 * row in the Notice log and emailed to the trigger owner and Settings › Managers, once per kind of failure
 * per day (`KEYS.failures`). A run stopped by the platform (the 6-minute limit) cannot report itself: the
 * next hourly tick finds its unfinished marker (src/core/clock.ts) and reports it the same way.
 */
import type { LocalDate } from '../core/dates';
import type { Services } from '../gas/services';
import { KEYS } from '../gas/store';
import { triggerOwner } from '../gas/triggers';
import { logRunProblem } from '../sheet/noticeLog';
import { isValidEmail, normalizeEmail } from '../sheet/settings';
import { Workbook } from '../sheet/workbook';

type Reported = { day: LocalDate; kinds: string[] };

/** The kind of a failure, short: a hash of the message with its numbers and quoted values folded, so one cause is one kind. */
export function failureKind(what: string, message: string): string {
  return shortHash(`${what}: ${message.replace(/"[^"]*"|'[^']*'/g, '…').replace(/\d+/g, 'N')}`);
}

/** A short, stable hash of a text (djb2, base 36): what is remembered of a problem already told. */
export function shortHash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/**
 * Whether this kind was already emailed today; records it if not. The record is kept in Document
 * Properties, and in the document cache when the property store itself is what fails (it is full).
 */
function firstToday(services: Services, today: LocalDate, kind: string): boolean {
  const cache = CacheService.getDocumentCache();
  const cacheKey = `BD_FAILED_${today}_${kind}`;
  if (cache?.get(cacheKey)) return false;
  const seen = services.props.getJson<Reported>(KEYS.failures.key);
  const kinds = seen && seen.day === today && Array.isArray(seen.kinds) ? seen.kinds : [];
  if (kinds.includes(kind)) return false;
  try {
    services.props.setJson(KEYS.failures.key, { day: today, kinds: [...kinds, kind].slice(-20) } satisfies Reported);
  } catch {
    cache?.put(cacheKey, '1', 6 * 3600);
  }
  return true;
}

/** Records a failure where the owner looks, and emails the owner and managers once per kind per day. */
export function reportFailure(services: Services, what: string, message: string): void {
  const now = services.clock.now();
  const detail = `${what}: ${message}`;
  services.log(detail);
  try {
    logRunProblem(services.ss, now, detail);
  } catch (e) {
    services.log(`Could not write the Notice log: ${(e as Error).message}`);
  }
  if (!firstToday(services, services.localDate(now), failureKind(what, message))) return;
  let managers: string[] = [];
  try {
    managers = new Workbook(services.ss).settings().settings.managers;
  } catch {
    // Settings unreadable: the owner still hears.
  }
  const to = [...new Set([triggerOwner(services.props), ...managers.map(normalizeEmail)])].filter(isValidEmail).slice(0, 50);
  if (to.length === 0) return;
  try {
    if (services.mail.remainingQuota() < to.length) return;
    services.mail.send({
      to: to.join(','),
      subject: `Backorder Desk: ${what}`,
      body:
        `${detail}\n\nSpreadsheet: ${services.ss.getName()} (${services.ss.getUrl()})\n` +
        'The Notice log has a "Run problem" row for it. Work that was not done is tried again by the next hourly run; ' +
        'this email is sent once a day for each kind of problem.',
      name: 'Backorder Desk',
    });
  } catch (e) {
    services.log(`Could not email the failure report: ${(e as Error).message}`);
  }
}

/** Runs `fn`; an error it throws is reported (see above) instead of being lost, and not rethrown. */
export function reportingFailures(services: Services, what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    const message = (e as Error)?.message ?? String(e);
    try {
      reportFailure(services, what, message);
    } catch (inner) {
      // Out of time (every call now fails) or no spreadsheet: the next tick sees the unfinished marker.
      services.log(`${what}: ${message} (could not be reported: ${(inner as Error).message})`);
    }
  }
}
