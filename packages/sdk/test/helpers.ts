/**
 * Test support: a real Madang server per suite, a tiny HTTP proxy in front of it that can drop
 * connections or answer for it, a stub server for contract-breaking responses, and an inbox
 * that waits for callback values without timing assertions.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SignJWT } from 'jose';
import type { PollCreate, SiteCreated } from '@madang/contracts';
import { startTestServer, type Engine } from '@madang/server/testing';
import { createAdminClient, type MadangAdminClient } from '../src/admin.js';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export interface Env {
  srv: TestServer;
  site: SiteCreated;
  admin: MadangAdminClient;
  /** A fresh open poll (yes/no, anonymous, results always visible unless overridden). */
  poll(over?: Partial<PollCreate>): Promise<string>;
  close(): Promise<void>;
}

export async function startEnv(engine: Engine, opts: Parameters<typeof startTestServer>[1] = {}): Promise<Env> {
  const srv = await startTestServer(engine, { liveIntervalMs: 50, ...opts });
  const site = await srv.ops.createSite({ name: 'Test', origins: ['http://localhost:8000'] });
  const admin = createAdminClient({ baseUrl: srv.url, secretKey: site.secretKey });
  return {
    srv,
    site,
    admin,
    async poll(over = {}) {
      const p = await admin.polls.create({
        kind: 'yes_no',
        question: { ko: '주민참여예산으로 놀이터를 고칠까요?', en: 'Fix the playground with the participatory budget?' },
        voterPolicy: 'anonymous',
        threshold: { optionId: 'yes', count: 3 },
        ...over,
      } as PollCreate);
      return p.id;
    },
    close: () => srv.close(),
  };
}

/** A device id as the widget keeps one: 16–128 of [A-Za-z0-9_-]. */
export const deviceId = () => `dev_${randomUUID().replaceAll('-', '')}`;

export async function voterToken(site: SiteCreated, sub = `citizen-${randomUUID()}`) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(site.voterTokenAudience)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(site.voterTokenSecret));
}

// ---------------------------------------------------------------- HTTP servers

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function track(server: Server) {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

async function shut(server: Server, sockets: Set<Socket>) {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface Seen {
  n: number;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when the proxy forwarded the request and read the whole (non-stream) answer. */
  upstream?: { status: number; headers: IncomingHttpHeaders; body: string };
}

/**
 * What the proxy does with the nth request (1-based) matching nothing else:
 * - `forward`: pass it on (streams are piped);
 * - `drop`: destroy the client connection without forwarding (a network failure before the server sees it);
 * - `forward-then-drop`: forward, wait for the server's full answer, then destroy the client
 *   connection (the server did the work, the client never hears of it);
 * - a response: answer with it instead of the server.
 */
export type Action = 'forward' | 'drop' | 'forward-then-drop' | { status: number; headers?: Record<string, string>; body?: string };

export interface Proxy {
  url: string;
  seen: Seen[];
  /** Destroys every open client connection (live streams included): a network failure. */
  dropConnections(): void;
  /** Ends the event streams being piped, cleanly: what a server restart or proxy timeout looks like. */
  endStreams(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string, decide: (req: Seen) => Action = () => 'forward'): Promise<Proxy> {
  const seen: Seen[] = [];
  const streams = new Set<ServerResponse>();
  const upstream = new URL(target);
  const server = createServer(async (req, res) => {
    const entry: Seen = { n: seen.length + 1, method: req.method!, url: req.url!, headers: req.headers, body: await readBody(req) };
    seen.push(entry);
    const action = decide(entry);
    if (action === 'drop') return req.socket.destroy();
    if (typeof action === 'object') {
      res.writeHead(action.status, action.headers ?? {});
      return res.end(action.body ?? '');
    }
    const up = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      async (upRes) => {
        if (action === 'forward-then-drop') {
          entry.upstream = { status: upRes.statusCode!, headers: upRes.headers, body: await readBody(upRes) };
          return req.socket.destroy();
        }
        const isStream = /event-stream/.test(String(upRes.headers['content-type']));
        if (!isStream) {
          const body = await readBody(upRes);
          entry.upstream = { status: upRes.statusCode!, headers: upRes.headers, body };
          res.writeHead(upRes.statusCode!, upRes.headers);
          return res.end(body);
        }
        res.writeHead(upRes.statusCode!, upRes.headers);
        res.flushHeaders();
        upRes.pipe(res);
        streams.add(res);
        res.on('close', () => {
          streams.delete(res);
          upRes.destroy();
        });
      },
    );
    up.on('error', () => req.socket.destroy());
    up.end(entry.body);
  });
  const sockets = track(server);
  const url = await listen(server);
  return {
    url,
    seen,
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    endStreams: () => {
      for (const res of streams) {
        streams.delete(res);
        res.end();
      }
    },
    close: () => shut(server, sockets),
  };
}

/** A server that answers every request with `handler` (for responses the real server would never send). */
export async function startStub(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void) {
  let n = 0;
  const server = createServer((req, res) => handler(req, res, ++n));
  const sockets = track(server);
  const url = await listen(server);
  return { url, requests: () => n, close: () => shut(server, sockets) };
}

// ---------------------------------------------------------------- waiting for callbacks

/** Collects values pushed by callbacks; `next` waits for one matching a predicate (or fails after `ms`). */
export class Inbox<T> {
  readonly all: T[] = [];
  private waiters: { pred: (v: T) => boolean; resolve: (v: T) => void }[] = [];
  private read = 0;

  push = (v: T) => {
    this.all.push(v);
    for (const w of [...this.waiters]) {
      if (w.pred(v)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(v);
      }
    }
  };

  /** The first value after the ones already returned by `next` that matches `pred`. */
  next(pred: (v: T) => boolean = () => true, ms = 10_000): Promise<T> {
    for (let i = this.read; i < this.all.length; i++) {
      if (pred(this.all[i])) {
        this.read = i + 1;
        return Promise.resolve(this.all[i]);
      }
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`nothing matching arrived within ${ms} ms; got ${JSON.stringify(this.all.slice(this.read))}`));
      }, ms);
      const w = {
        pred,
        resolve: (v: T) => {
          clearTimeout(timer);
          this.read = this.all.length;
          resolve(v);
        },
      };
      this.waiters.push(w);
    });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `pred` every 20 ms until it holds; fails after `ms`. */
export async function until(pred: () => boolean, ms = 5_000, what = 'condition') {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`${what} did not hold within ${ms} ms`);
    await sleep(20);
  }
}

/** Counts fetch calls (attempts, retries included) while passing them to the real fetch. */
export function countingFetch() {
  const calls: Request[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(input instanceof Request ? input : new Request(input, init));
    return fetch(input, init);
  };
  return { fetch: f, calls };
}
