/**
 * A local stand-in for a Slack incoming webhook, on 127.0.0.1.
 *
 * It runs in a worker thread: the emulator's UrlFetchApp is synchronous (the main thread waits for the
 * request to finish), so a server on the main thread could never answer it. Like Slack, it accepts a
 * JSON body (or a form field `payload`) with `text` or `blocks`, answers `ok`, and refuses anything
 * else with Slack's error words (`invalid_payload`, `no_text`, `no_service`).
 */
import { Worker } from 'node:worker_threads';

export interface SlackMessage {
  /** The message as Slack would show it (text, or the text of its blocks). */
  text: string;
  /** The raw request body. */
  body: string;
  /** Wall-clock time the request arrived (ms). */
  receivedAt: number;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
function textOf(p) {
  if (typeof p.text === 'string' && p.text !== '') return p.text;
  const parts = [];
  const walk = (b) => {
    if (!b || typeof b !== 'object') return;
    if (Array.isArray(b)) { b.forEach(walk); return; }
    if (b.text && typeof b.text === 'object' && typeof b.text.text === 'string') parts.push(b.text.text);
    else if (typeof b.text === 'string' && b.type !== 'section') parts.push(b.text);
    if (b.fields) walk(b.fields);
    if (b.elements) walk(b.elements);
  };
  walk(p.blocks);
  return parts.join('\\n');
}
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const answer = (code, text) => { res.writeHead(code, { 'content-type': 'text/plain' }); res.end(text); };
    if (req.method !== 'POST' || req.url !== workerData.path) return answer(404, 'no_service');
    const raw = Buffer.concat(chunks).toString('utf8');
    let payload;
    try {
      const type = String(req.headers['content-type'] || '');
      payload = type.includes('application/x-www-form-urlencoded')
        ? JSON.parse(new URLSearchParams(raw).get('payload') || '')
        : JSON.parse(raw);
    } catch (e) { return answer(400, 'invalid_payload'); }
    if (!payload || typeof payload !== 'object') return answer(400, 'invalid_payload');
    const text = textOf(payload);
    if (text === '') return answer(400, 'no_text');
    parentPort.postMessage({ type: 'message', message: { text, body: raw, receivedAt: Date.now() } });
    answer(200, 'ok');
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (m) => {
  if (m.type === 'sync') parentPort.postMessage({ type: 'synced', id: m.id });
  if (m.type === 'close') server.close(() => parentPort.postMessage({ type: 'closed' }));
});
`;

export interface SlackStandIn {
  /** The webhook URL to store as SLACK_WEBHOOK_URL. */
  url: string;
  /** Every message received, oldest first. */
  messages: SlackMessage[];
  /** Resolves once every message received so far is in `messages`. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export function startSlackStandIn(): Promise<SlackStandIn> {
  const path = '/services/T0WORKBENCH/B0LOCAL/workbench0000000000000000';
  const worker = new Worker(WORKER, { eval: true, workerData: { path } });
  const messages: SlackMessage[] = [];
  const waiting = new Map<number, () => void>();
  let nextId = 1;
  let closed: (() => void) | null = null;
  return new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: { type: string; port?: number; id?: number; message?: SlackMessage }) => {
      if (m.type === 'message' && m.message) messages.push(m.message);
      if (m.type === 'synced' && m.id !== undefined) {
        waiting.get(m.id)?.();
        waiting.delete(m.id);
      }
      if (m.type === 'closed') closed?.();
      if (m.type === 'listening') {
        resolve({
          url: `http://127.0.0.1:${m.port}${path}`,
          messages,
          sync: () =>
            new Promise<void>((done) => {
              const id = nextId++;
              waiting.set(id, done);
              worker.postMessage({ type: 'sync', id });
            }),
          close: () =>
            new Promise<void>((done) => {
              closed = () => {
                void worker.terminate().then(() => done());
              };
              worker.postMessage({ type: 'close' });
            }),
        });
      }
    });
  });
}
