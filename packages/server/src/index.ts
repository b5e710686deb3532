import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp, problemResponse } from './app.js';
import { openDb, type Db } from './db.js';
import { purgeExpired } from './idempotency.js';
import { LiveHub } from './live.js';
import { forwardIfReached } from './polls.js';
import { purgeExpiredContacts } from './proposals.js';
import { purgeSpentVoterTokens } from './voter.js';
import { ResultsCache } from './results-cache.js';
import * as lock from './lock.js';
import { createOps, OP_NAMES, type Ops } from './ops.js';
import { HttpProblem } from './problems.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitOptions } from './ratelimit.js';
import { SiteDirectory } from './sites.js';

export type { Db } from './db.js';
export type { Ops, DemoResult } from './ops.js';
export type { RateLimitOptions } from './ratelimit.js';
export { openDb } from './db.js';
export { createOps } from './ops.js';

const require = createRequire(import.meta.url);
export const VERSION: string = require('../package.json').version;

export interface ServerOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  /** PGlite data directory (default `.madang`), or `memory://` for a throwaway database. */
  dataDir?: string;
  /** PostgreSQL connection string; when set, dataDir is only used for the lock file. */
  databaseUrl?: string;
  rateLimit?: Partial<RateLimitOptions>;
  trustProxy?: boolean;
  /** Minimum time between two live-results pushes for one poll. */
  liveIntervalMs?: number;
  /**
   * Keep each poll's raw tally in memory between changes (default true); false reads the
   * database for every results request (the benchmark's baseline).
   */
  resultsCache?: boolean;
  /** Where the built widget bundle lives; found through @madang/widgets by default. */
  widgetsDir?: string;
}

export interface MadangServer {
  url: string;
  port: number;
  engine: 'pglite' | 'postgres';
  db: Db;
  ops: Ops;
  hub: LiveHub;
  close(): Promise<void>;
}

export const pgliteDir = (dataDir: string) => (dataDir.startsWith('memory://') ? dataDir : join(dataDir, 'pgdata'));

function widgetsBundle(): { dir?: string; version?: string } {
  try {
    const pkg = require.resolve('@madang/widgets/package.json');
    return { dir: join(dirname(pkg), 'dist/cdn'), version: require(pkg).version };
  } catch {
    return {};
  }
}

const isLoopback = (a: string | undefined) => !!a && (a === '::1' || a.startsWith('127.') || a === '::ffff:127.0.0.1');

export async function startServer(opts: ServerOptions = {}): Promise<MadangServer> {
  const dataDir = resolve(opts.dataDir ?? process.env.MADANG_DATA_DIR ?? '.madang');
  const memory = (opts.dataDir ?? '').startsWith('memory://');
  const onDisk = !memory && !opts.databaseUrl;
  if (onDisk) {
    mkdirSync(dataDir, { recursive: true });
    const got = lock.acquire(dataDir, 'server');
    if (!got.ok) {
      throw new Error(`${dataDir} is in use by ${got.by.holder === 'server' ? `a Madang server (pid ${got.by.pid}${got.by.url ? `, ${got.by.url}` : ''})` : `a madang command (pid ${got.by.pid})`}; PGlite allows one process per data directory`);
    }
  }
  let db: Db;
  try {
    db = await openDb({ databaseUrl: opts.databaseUrl, dataDir: memory ? opts.dataDir : pgliteDir(dataDir) });
  } catch (e) {
    if (onDisk) lock.release(dataDir);
    throw e;
  }
  const sites = new SiteDirectory(db);
  const hub = new LiveHub(db, opts.liveIntervalMs ?? 250, new ResultsCache(db, { enabled: opts.resultsCache ?? true }));
  await hub.start();
  const ops = createOps(db, () => sites.forget());
  const adminToken = randomBytes(32).toString('base64url');
  const streams = new Set<() => void>();
  const bundle = opts.widgetsDir ? { dir: opts.widgetsDir, version: VERSION } : widgetsBundle();

  const app = createApp({
    db,
    sites,
    hub,
    streams,
    version: VERSION,
    limiter: new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...opts.rateLimit }),
    trustProxy: opts.trustProxy,
    widgetsDir: bundle.dir,
    widgetsVersion: bundle.version,
    admin: (app) =>
      app.post('/admin/ops/:name', async (c) => {
        let remote: string | undefined;
        try {
          remote = getConnInfo(c).remote.address;
        } catch {
          remote = undefined;
        }
        const given = Buffer.from(c.req.header('Authorization')?.replace(/^Bearer\s+/i, '') ?? '');
        const want = Buffer.from(adminToken);
        if (!isLoopback(remote) || given.length !== want.length || !timingSafeEqual(given, want)) {
          return problemResponse(c, new HttpProblem('unauthorized', 'the admin API answers the local CLI only'));
        }
        const name = c.req.param('name') as (typeof OP_NAMES)[number];
        if (!OP_NAMES.includes(name)) return problemResponse(c, new HttpProblem('not-found', `no admin operation ${name}`));
        const args = await c.req.json().catch(() => ({}));
        const result = await (ops[name] as (a: unknown) => Promise<unknown>)(args);
        return typeof result === 'string' ? c.text(result) : c.json(result as object);
      }),
  });

  // Housekeeping: expired idempotency keys, spent single-use voter tokens past their expiry,
  // thresholds crossed by a vote whose process died between its commit and the forward check,
  // and (besides the operator's daily cron of `madang proposals purge-expired`) authors'
  // contacts past their site's retention period.
  await forwardIfReached(db);
  const purge = setInterval(() => {
    void purgeExpired(db).catch(() => {});
    void forwardIfReached(db).catch(() => {});
    void purgeExpiredContacts(db).catch(() => {});
    void purgeSpentVoterTokens(db).catch(() => {});
  }, 3_600_000);
  purge.unref();

  const host = opts.host ?? '127.0.0.1';
  // A backlog of 4096 (Node's default is 511): a burst of connections while the event loop is
  // busy (a poll going viral, a class of citizens voting at once) overflowed the accept queue,
  // and the kernel reset the connections that did not fit (ECONNRESET under the 1,400-vote
  // concurrency test). The kernel caps it at net.core.somaxconn.
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolveServer, reject) => {
    server.once('error', reject);
    server.listen({ port: opts.port ?? 8787, host, backlog: 4096 }, () => resolveServer());
  });
  // Requests Node's HTTP parser refuses before the app sees them (a request line or headers over
  // its 16 KiB limit, a malformed request) get problem+json too, not Node's bare 431/400.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
    const p = new HttpProblem(err.code === 'HPE_HEADER_OVERFLOW' ? 'headers-too-large' : 'malformed-request', err.code === 'HPE_HEADER_OVERFLOW' ? 'the request line and headers are at most 16 KiB; send large data in the body' : 'the HTTP request could not be parsed');
    const body = JSON.stringify(p.body());
    socket.end(`HTTP/1.1 ${p.status} ${p.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  // A budget import is one request whose upload is paced by the database (a 200 MB file takes
  // minutes on PGlite): Node's default of 5 minutes for a whole request would cut it off.
  (server as unknown as { requestTimeout: number }).requestTimeout = 30 * 60_000;
  // Node closes an idle keep-alive connection 5 s after its last answer. When the event loop was
  // held for longer (PGlite runs its queries on it; bench:votes saw 7.6 s at 1,000 clients), that
  // timer fires before the client's next request, already sent, is read: the client gets
  // ECONNRESET for a request the server never saw. 65 s, longer than the usual 60 s idle timeout
  // of proxies and load balancers in front, which then close first.
  Object.assign(server as import('node:http').Server, { keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (onDisk) lock.update(dataDir, { pid: process.pid, holder: 'server', url, adminToken });

  let closed = false;
  return {
    url,
    port,
    engine: db.engine,
    db,
    ops,
    hub,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(purge);
      for (const end of streams) end();
      await new Promise<void>((r) => {
        server.close(() => r());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await hub.stop();
      await db.close();
      if (onDisk) lock.release(dataDir);
    },
  };
}
