/**
 * A real local HTTP server standing in for Slack's incoming webhook. It runs in its own process:
 * the emulator's UrlFetchApp is synchronous (it blocks this process while a request is made), so a
 * server inside the test process could never answer.
 */
import { ChildProcess, spawn } from 'node:child_process';

const SERVER = `
const http = require('node:http');
let status = 200;
const received = [];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.url === '/control') {
      const cmd = body ? JSON.parse(body) : {};
      if (cmd.status) status = cmd.status;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(received));
      return;
    }
    received.push({ path: req.url, method: req.method, contentType: req.headers['content-type'] || '', body, answered: status });
    res.statusCode = status;
    res.end(status < 300 ? 'ok' : 'server_error');
  });
});
// Idle connections stay open: the test process is often blocked (the emulator runs synchronously) past the
// default 5-second timeout, and would then reuse a socket the server had already closed.
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

export interface SlackPost {
  path: string;
  method: string;
  contentType: string;
  body: string;
  answered: number;
}

export interface FakeSlack {
  /** The webhook URL to store in Script Properties. */
  url: string;
  /** Every request received so far. */
  posts(): Promise<SlackPost[]>;
  /** Texts of the posts answered with a 2xx. */
  delivered(): Promise<string[]>;
  /** Status code for the next requests. */
  answerWith(status: number): Promise<void>;
  close(): void;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += String(c);
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.on('exit', (code) => reject(new Error(`fake Slack exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const control = async (cmd: Record<string, unknown>): Promise<SlackPost[]> => {
    const res = await fetch(`${base}/control`, { method: 'POST', body: JSON.stringify(cmd) });
    return (await res.json()) as SlackPost[];
  };
  return {
    url: `${base}/services/T0000000/B0000000/abcdefghijklmnop`,
    posts: () => control({}),
    delivered: async () => (await control({})).filter((p) => p.answered < 300).map((p) => (JSON.parse(p.body) as { text: string }).text),
    answerWith: async (status) => void (await control({ status })),
    close: () => void child.kill(),
  };
}
