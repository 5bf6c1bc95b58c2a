/** MailApp: an outbox with Apps Script's daily recipient quota and per-message limits. */
import type { SentMail } from '../api';
import { service } from '../support';
import { byteLength, requireAuthorization, type Host } from './host';

export const MAX_RECIPIENTS_PER_MESSAGE = 50;
export const MAX_BODY_BYTES = 200 * 1024;
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

const WINDOW_MS = 24 * 3600 * 1000;

/**
 * The outbox and each person's recipient quota. Quotas are per user (the effective user of the
 * execution) and reset 24 hours after that user's first send in the window, not at midnight.
 */
export class MailState {
  readonly outbox: SentMail[] = [];
  private readonly pools = new Map<string, { startMs: number; used: number }>();
  private failures = 0;
  private failureMessage = '';

  constructor(private readonly host: Host, readonly quota: number) {}

  private pool(user: string): { startMs: number; used: number } | undefined {
    const p = this.pools.get(user);
    return p && this.host.nowMs() < p.startMs + WINDOW_MS ? p : undefined;
  }

  /** Recipients `user` may still send to (default: the effective user now). */
  remaining(user = this.host.effectiveUserEmail()): number {
    const p = this.pool(user);
    return p ? Math.max(0, this.quota - p.used) : this.quota;
  }

  consume(n: number, user = this.host.effectiveUserEmail()): void {
    let p = this.pool(user);
    if (!p) {
      p = { startMs: this.host.nowMs(), used: 0 };
      this.pools.set(user, p);
    }
    p.used += n;
  }

  failNext(n: number, message?: string): void {
    this.failures = n;
    this.failureMessage = message ?? "We're sorry, a server error occurred while sending mail. Please wait a bit and try again.";
  }

  takeFailure(): string | null {
    if (this.failures <= 0) return null;
    this.failures -= 1;
    return this.failureMessage;
  }
}

function addresses(field: unknown): string[] {
  if (field === undefined || field === null) return [];
  return String(field)
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** Accepts "Name <addr@x.y>" as well as a bare address. */
function bare(address: string): string {
  const m = /<([^>]*)>\s*$/.exec(address);
  return (m ? m[1] : address).trim();
}

interface Message {
  to?: string;
  cc?: string;
  bcc?: string;
  subject?: string;
  body?: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  noReply?: boolean;
  attachments?: unknown[];
}

function attachmentName(a: unknown): string {
  const blob = a as { getName?: () => string };
  // `in` first: reading a member an emulated object lacks throws.
  return blob && typeof blob === 'object' && 'getName' in blob && typeof blob.getName === 'function' ? String(blob.getName() ?? '') : String(a);
}

export function createMailApp(host: Host, state: MailState): GoogleAppsScript.Mail.MailApp {
  const send = (m: Message): void => {
    requireAuthorization(host, 'MailApp.sendEmail', 'https://www.googleapis.com/auth/script.send_mail');
    const to = addresses(m.to);
    const cc = addresses(m.cc);
    const bcc = addresses(m.bcc);
    const all = [...to, ...cc, ...bcc];
    if (all.length === 0) throw new Error('Failed to send email: no recipient');
    for (const a of all) if (!EMAIL.test(bare(a))) throw new Error(`Invalid email: ${a}`);
    if (m.subject === undefined || m.subject === null) throw new Error('Invalid argument: subject');
    if (all.length > MAX_RECIPIENTS_PER_MESSAGE) throw new Error('Limit exceeded: Email Recipients Per Message.');
    const body = m.body === undefined || m.body === null ? '' : String(m.body);
    if (byteLength(body) > MAX_BODY_BYTES || byteLength(String(m.htmlBody ?? '')) > MAX_BODY_BYTES) {
      throw new Error('Limit exceeded: Email Body Size.');
    }
    if (all.length > state.remaining()) throw new Error('Service invoked too many times for one day: email.');
    const failure = state.takeFailure();
    if (failure !== null) throw new Error(failure);
    state.consume(all.length);
    const mail: SentMail = { to: to.join(','), subject: String(m.subject), body, at: host.now() };
    if (cc.length) mail.cc = cc.join(',');
    if (bcc.length) mail.bcc = bcc.join(',');
    if (m.htmlBody !== undefined && m.htmlBody !== null) mail.htmlBody = String(m.htmlBody);
    if (m.name !== undefined && m.name !== null) mail.name = String(m.name);
    if (m.replyTo !== undefined && m.replyTo !== null) mail.replyTo = String(m.replyTo);
    if (m.noReply) mail.noReply = true;
    if (Array.isArray(m.attachments) && m.attachments.length) mail.attachments = m.attachments.map(attachmentName);
    state.outbox.push(mail);
  };
  return service(
    'MailApp',
    {
      sendEmail(...args: unknown[]): void {
        if (args.length === 1 && args[0] && typeof args[0] === 'object') return send(args[0] as Message);
        if (args.length === 3 || (args.length === 4 && (args[3] === undefined || typeof args[3] === 'object'))) {
          const [to, subject, body, options] = args as [string, string, string, Message | undefined];
          return send({ ...(options ?? {}), to, subject, body });
        }
        if (args.length === 4) {
          const [to, replyTo, subject, body] = args as string[];
          return send({ to, replyTo, subject, body });
        }
        throw new Error('Invalid argument: MailApp.sendEmail needs (recipient, subject, body[, options]) or a message object');
      },
      getRemainingDailyQuota(): number {
        return state.remaining();
      },
    },
    host.count,
  ) as unknown as GoogleAppsScript.Mail.MailApp;
}
