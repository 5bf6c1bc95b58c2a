/**
 * UrlFetchApp: real HTTP(S), synchronous to the script. Each fetch runs a short Node child process
 * that performs the request with fetch() and prints status, headers and body as JSON.
 */
import { spawnSync } from 'node:child_process';
import type { HttpRecord } from '../api';
import { service } from '../support';
import { requireAuthorization, type Host } from './host';

const CHILD = `
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const r = JSON.parse(input);
  try {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body ?? undefined, redirect: r.redirect, signal: AbortSignal.timeout(r.timeoutMs) });
    const buf = Buffer.from(await res.arrayBuffer());
    const headers = [];
    res.headers.forEach((v, k) => headers.push([k, v]));
    const setCookie = typeof res.headers.getSetCookie === 'function' ? res.headers.getSetCookie() : [];
    process.stdout.write(JSON.stringify({ ok: true, status: res.status, headers, setCookie, body: buf.toString('base64') }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String((e && e.cause && e.cause.code) || (e && e.message) || e) }));
  }
});
`;

const FETCH_TIMEOUT_MS = 60_000;

interface FetchParams {
  method?: string;
  payload?: unknown;
  contentType?: string;
  headers?: Record<string, unknown>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
  validateHttpsCertificates?: boolean;
  escaping?: boolean;
}

function formEncode(payload: Record<string, unknown>): string {
  return Object.entries(payload)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

class HTTPResponse {
  constructor(
    private readonly status: number,
    private readonly headerPairs: Array<[string, string]>,
    private readonly setCookie: string[],
    private readonly body: Buffer,
  ) {}
  getResponseCode(): number {
    return this.status;
  }
  getContentText(charset?: string): string {
    return this.body.toString(charset && /^(us-)?ascii$/i.test(charset) ? 'ascii' : 'utf8');
  }
  getContent(): number[] {
    return [...this.body].map((b) => (b > 127 ? b - 256 : b));
  }
  /** Header names as the server sent them (lower-case over HTTP/1.1 in Node), one value each. */
  getHeaders(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.headerPairs) out[k] = k === 'set-cookie' && this.setCookie.length ? this.setCookie[0] : v;
    return out;
  }
  /** Like getHeaders, but repeated headers (Set-Cookie) become arrays. */
  getAllHeaders(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of this.headerPairs) out[k] = k === 'set-cookie' && this.setCookie.length > 1 ? [...this.setCookie] : v;
    return out;
  }
}

export function createUrlFetchApp(host: Host, log: HttpRecord[]): GoogleAppsScript.URL_Fetch.UrlFetchApp {
  const fetchOne = (url: unknown, params?: FetchParams): HTTPResponse => {
    requireAuthorization(host, 'UrlFetchApp.fetch', 'https://www.googleapis.com/auth/script.external_request');
    const u = String(url ?? '');
    if (!/^https?:\/\/[^/\s]+/i.test(u)) throw new Error(`Invalid argument: ${u}`);
    const p = params ?? {};
    const method = String(p.method ?? 'get').toUpperCase();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.headers ?? {})) headers[k] = String(v);
    let body: string | null = null;
    if (p.payload !== undefined && p.payload !== null && method !== 'GET') {
      if (typeof p.payload === 'object' && !Array.isArray(p.payload)) {
        body = formEncode(p.payload as Record<string, unknown>);
        headers['content-type'] = p.contentType ?? 'application/x-www-form-urlencoded';
      } else {
        body = String(p.payload);
        headers['content-type'] = p.contentType ?? 'application/x-www-form-urlencoded';
      }
    } else if (p.contentType) {
      headers['content-type'] = p.contentType;
    }
    const record: HttpRecord = { url: u, method, payload: body ?? '', status: 0, at: host.now(), headers: { ...headers } };
    log.push(record);
    const child = spawnSync(process.execPath, ['-e', CHILD], {
      input: JSON.stringify({ url: u, method, headers, body, redirect: p.followRedirects === false ? 'manual' : 'follow', timeoutMs: FETCH_TIMEOUT_MS }),
      encoding: 'utf8',
      timeout: FETCH_TIMEOUT_MS + 5000,
      maxBuffer: 64 * 1024 * 1024,
    });
    let out: { ok: boolean; status?: number; headers?: Array<[string, string]>; setCookie?: string[]; body?: string; error?: string };
    try {
      out = JSON.parse(child.stdout || '');
    } catch {
      out = { ok: false, error: child.error ? String(child.error.message) : 'no response' };
    }
    if (!out.ok) {
      record.error = out.error;
      throw new Error(`Address unavailable: ${u}`);
    }
    const res = new HTTPResponse(out.status ?? 0, out.headers ?? [], out.setCookie ?? [], Buffer.from(out.body ?? '', 'base64'));
    record.status = res.getResponseCode();
    if (record.status >= 400 && !p.muteHttpExceptions) {
      const text = res.getContentText();
      throw new Error(
        `Request failed for ${u} returned code ${record.status}. Truncated server response: ${text.slice(0, 100)}` +
          `${text.length > 100 ? '...' : ''} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return service('HTTPResponse', res, host.count);
  };
  return service(
    'UrlFetchApp',
    {
      fetch: (url: string, params?: FetchParams) => fetchOne(url, params),
    },
    host.count,
  ) as unknown as GoogleAppsScript.URL_Fetch.UrlFetchApp;
}
