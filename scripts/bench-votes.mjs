#!/usr/bin/env node
/**
 * Votes through the real HTTP API, on PGlite and on PostgreSQL, at several numbers of
 * concurrent clients (default 50, 200 and 1,000), each next to the ceiling of raw single-row
 * INSERTs on the same PostgreSQL at the same number of clients, in the same run. Every vote is
 * a verified voter (its own HS256 voter token, signed before timing) with its own
 * Idempotency-Key, on one yes/no poll per level.
 *
 *   node scripts/bench-votes.mjs [--clients 50,200,1000] [--votes N] [--no-docs]
 *   (`pnpm bench:votes` runs it; DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 *
 * The server runs in this process (startServer from the built @madang/server, rate limits
 * lifted); the load generator runs in a worker thread, so its HTTP and JSON work does not share
 * the server's event loop. It uses node:http with one keep-alive Agent allowing as many sockets
 * as there are clients, so each client has its own connection. Failed requests (non-201,
 * network errors, timeouts) are counted and reported, not hidden. The raw-INSERT ceiling runs
 * in the same worker with a pg pool as large as the server's (MADANG_PG_POOL, default 20).
 * Writes the table to docs/benchmarks.md between <!-- bench:votes --> markers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ROOT, SERVER_DIR, fmt, importFromServer, machine, p50p99 } from './bench-common.mjs';
import { writeSection } from './docs-section.mjs';


if (isMainThread) {
  await main().catch((e) => {
    console.error(`\nbench:votes FAILED: ${e?.stack ?? e}`);
    process.exit(1);
  });
} else {
  runWorker();
}

// ======================================================================== main thread

function parseArgs(argv) {
  const opts = { clients: [50, 200, 1000], votes: 1000, warmup: 200, timeoutMs: 300_000, docs: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (a.includes('=') ? a.split('=')[1] : argv[++i]);
    const num = (name, v = value()) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
      return n;
    };
    if (a === '--') continue;
    else if (a.startsWith('--votes')) opts.votes = num('--votes');
    else if (a.startsWith('--clients')) opts.clients = value().split(',').map((v) => num('--clients', v));
    else if (a.startsWith('--warmup')) opts.warmup = num('--warmup');
    else if (a === '--no-docs') opts.docs = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/bench-votes.mjs [--clients 50,200,1000] [--votes N=1000 (at least 3 per client)] [--warmup W=200] [--no-docs]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (opts.votes > 100_000) throw new Error('--votes is capped at 100000 (bounded runs only)');
  if (opts.clients.some((c) => c > 2000)) throw new Error('--clients is capped at 2000 (ulimit -n and ephemeral ports)');
  return opts;
}

/** Votes timed at a level: --votes, but at least 3 per client so every client sends several. */
function votesAt(opts, clients) {
  return Math.max(opts.votes, clients * 3);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  const dbHost = new URL(process.env.DATABASE_URL).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(dbHost)) {
    throw new Error(`DATABASE_URL points at ${dbHost}; this benchmark only talks to a local PostgreSQL`);
  }
  const serverDist = join(SERVER_DIR, 'dist/index.js');
  if (!existsSync(serverDist)) throw new Error('packages/server/dist is missing: run `pnpm exec tsc -b` first');
  const { startServer } = await import(pathToFileURL(serverDist).href);
  const { freshPostgresDatabase } = await import(pathToFileURL(join(SERVER_DIR, 'dist/testing.js')).href);
  const { SignJWT } = await importFromServer('jose');
  const { default: pg } = await importFromServer('pg');

  let maxConnections;
  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
      maxConnections = (await c.query('SHOW max_connections')).rows[0].max_connections;
      return (await c.query('SHOW server_version')).rows[0].server_version;
    } finally {
      await c.end();
    }
  })();

  // Server errors are logged with console.error('[madang] …'); count them instead of hiding them.
  const serverErrors = [];
  const origError = console.error;
  console.error = (...args) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[madang]')) serverErrors.push(args.map(String).join(' ').slice(0, 300));
    origError(...args);
  };

  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { serverDir: SERVER_DIR } });
  let seq = 0;
  const pending = new Map();
  worker.on('message', (m) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p.reject(new Error(`load generator: ${m.error}`));
    else p.resolve(m.result);
  });
  worker.on('error', (e) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  const ask = (msg) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...msg, id });
    });

  const rateLimit = {
    perIpPerMinute: 1e9,
    votesPerIpPerMinute: 1e9,
    perSitePerMinute: 1e9,
    proposalsPerIpPerMinute: 1e9,
    proposalsPerSitePerMinute: 1e9,
  };
  const pgPool = Number(process.env.MADANG_PG_POOL ?? 20);
  const levels = opts.clients;
  const results = []; // { engine, clients, votes, run }
  const raws = new Map(); // clients → raw INSERT row
  const notes = [];
  const started = performance.now();
  console.log(
    `bench:votes: clients ${levels.join(', ')} (votes per level: ${levels.map((c) => votesAt(opts, c)).join(', ')}; warm-up ${opts.warmup}) on PGlite, PostgreSQL ${pgVersion} (server pool ${pgPool}), and raw INSERTs\n`,
  );

  /** One engine: start the server, warm up on its own poll, then at each level N timed votes on a fresh poll. */
  async function apiRuns(engine, serverOpts, afterLevel) {
    const server = await startServer({ port: 0, rateLimit, ...serverOpts });
    try {
      const site = await server.ops.createSite({ name: `bench ${engine}`, origins: [] });
      const secret = new TextEncoder().encode(site.voterTokenSecret);
      const createPoll = async (count) => {
        const res = await fetch(`${server.url}/v1/polls`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': `bench-${randomUUID()}` },
          body: JSON.stringify({ kind: 'yes_no', question: { ko: '벤치마크' }, voterPolicy: 'verified', threshold: { optionId: 'yes', count: Math.max(1, Math.floor(count / 2)) } }),
        });
        const body = await res.text();
        if (res.status !== 201) throw new Error(`${engine}: creating the poll answered ${res.status}: ${body}`);
        return JSON.parse(body).id;
      };
      const requests = async (count) => {
        const bodies = [];
        const keys = [];
        for (let i = 0; i < count; i++) {
          const voterToken = await new SignJWT({})
            .setProtectedHeader({ alg: 'HS256' })
            .setSubject('user-' + i)
            .setAudience(site.voterTokenAudience)
            .setExpirationTime('30m')
            .sign(secret);
          bodies.push(JSON.stringify({ choices: [i % 2 === 0 ? 'yes' : 'no'], voterToken }));
          keys.push(`bench-${randomUUID()}`);
        }
        return { bodies, keys };
      };
      /** The poll must hold exactly the votes that were answered 201. */
      const check = async (pollId, run, what) => {
        const ok = run.statuses['201'] ?? 0;
        const res = await fetch(`${server.url}/v1/polls/${pollId}/results`, { headers: { Authorization: `Bearer ${site.secretKey}` } });
        const results = await res.json();
        // A request the client gave up on (timeout, network error) may still have committed.
        const unanswered = Object.entries(run.statuses).filter(([s]) => s === 'timeout' || s === 'network-error').reduce((a, [, n]) => a + n, 0);
        if (res.status !== 200 || results.totalVotes < ok || results.totalVotes > ok + unanswered) {
          throw new Error(`${engine} ${what}: ${ok} votes answered 201 (${unanswered} unanswered) but the API says ${res.status} totalVotes ${results.totalVotes}`);
        }
        if (results.totalVotes !== ok) notes.push(`${engine} ${what}: ${results.totalVotes - ok} of the unanswered votes were recorded`);
        return results;
      };
      const path = (id) => `${server.url}/v1/polls/${id}/votes`;

      const warmPoll = await createPoll(opts.warmup);
      const warm = await requests(opts.warmup);
      const warmRun = await ask({ kind: 'http', url: path(warmPoll), auth: site.publishableKey, ...warm, concurrency: Math.min(50, opts.warmup), timeoutMs: opts.timeoutMs });
      await check(warmPoll, warmRun, 'warm-up');

      for (const clients of levels) {
        const N = votesAt(opts, clients);
        const pollId = await createPoll(N);
        const timed = await requests(N); // all tokens signed before timing starts
        const errorsBefore = serverErrors.length;
        // The server's event loop (this thread): how long it was kept from reading its sockets.
        const loop = monitorEventLoopDelay({ resolution: 20 });
        loop.enable();
        const run = await ask({ kind: 'http', url: path(pollId), auth: site.publishableKey, ...timed, concurrency: clients, timeoutMs: opts.timeoutMs });
        loop.disable();
        const res = await check(pollId, run, `${clients} clients`);
        if (serverErrors.length > errorsBefore) notes.push(`${engine} at ${clients} clients: ${serverErrors.length - errorsBefore} server errors logged (first: ${serverErrors[errorsBefore]})`);
        if (run.failures.length) notes.push(`${engine} at ${clients} clients: ${JSON.stringify(run.statuses)}; first failures: ${run.failures.join(' | ')}`);
        if (res.threshold.current >= res.threshold.count && !res.threshold.forwardedAt) notes.push(`${engine} at ${clients} clients: the threshold (${res.threshold?.count} yes) was not marked forwarded`);
        results.push({ engine, clients, votes: N, ...summarize(run, N), loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 });
        const r = results.at(-1);
        console.log(`  ${engine.padEnd(8)} ${String(clients).padStart(5)} clients ${fmt(r.perSec, 0).padStart(7)} votes/s  p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  errors ${r.errors}  event-loop delay p99 ${fmt(r.loopP99, 0)} ms, max ${fmt(r.loopMax, 0)} ms`);
        if (afterLevel) await afterLevel(clients, N);
      }
    } finally {
      await server.close();
    }
  }

  let pgdb;
  let dataDir;
  let failed;
  try {
    // (a) PGlite on disk
    dataDir = mkdtempSync(join(os.tmpdir(), 'madang-bench-'));
    await apiRuns('PGlite', { dataDir });

    // (b) PostgreSQL, with (c) raw INSERTs into the same fresh database right after each level
    pgdb = await freshPostgresDatabase();
    await apiRuns('PostgreSQL', { databaseUrl: pgdb.url }, async (clients, N) => {
      const raw = await ask({ kind: 'pg', url: pgdb.url, concurrency: clients, pool: pgPool, votes: N, warmup: opts.warmup, table: `bench_votes_${clients}` });
      if (raw.count !== N) throw new Error(`raw INSERT: expected ${N} rows, found ${raw.count}`);
      raws.set(clients, { votes: N, ...summarize(raw, N) });
      const r = raws.get(clients);
      console.log(`  raw      ${String(clients).padStart(5)} clients ${fmt(r.perSec, 0).padStart(7)} INSERT/s  p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms`);
    });
  } catch (e) {
    failed = e;
  } finally {
    await worker.terminate();
    if (pgdb) await pgdb.drop().catch((e) => origError(`could not drop ${pgdb.url}: ${e.message}`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.error = origError;
  }
  if (failed) throw failed;

  const table = [
    '| engine | clients | votes | votes/s | p50 ms | p99 ms | errors | server event-loop delay p99 / max ms | raw INSERT/s (same clients) | votes/s ÷ raw INSERT/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const raw = raws.get(r.clients);
      return `| API · ${r.engine === 'PGlite' ? 'PGlite (on disk)' : 'PostgreSQL'} | ${fmt(r.clients, 0)} | ${r.votes} | ${fmt(r.perSec, 0)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.errors} | ${fmt(r.loopP99, 0)} / ${fmt(r.loopMax, 0)} | ${fmt(raw.perSec, 0)} | ${fmt(r.perSec / raw.perSec, 3)} |`;
    }),
  ];
  const rawTable = [
    '| raw INSERT, clients | rows | INSERT/s | p50 ms | p99 ms |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...[...raws].map(([c, r]) => `| ${fmt(c, 0)} | ${r.votes} | ${fmt(r.perSec, 0)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} |`),
  ];
  const elapsed = (performance.now() - started) / 1000;
  console.log('\n' + table.join('\n') + '\n\n' + rawTable.join('\n') + '\n');
  for (const n of notes) console.log(`note: ${n}`);
  const totalErrors = results.reduce((a, r) => a + r.errors, 0);
  console.log(`${results.length} API runs, ${totalErrors} failed requests; each poll's totalVotes equals its 201 answers; ${elapsed.toFixed(1)} s in all`);

  if (opts.docs) {
    const args = process.argv.slice(2).filter((a) => a !== '--no-docs');
    const command = `node scripts/bench-votes.mjs${args.length ? ' ' + args.join(' ') : ''}`;
    const section = [
      '## Votes through the HTTP API',
      '',
      `Measured ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC with \`${command}\` (\`pnpm bench:votes\` builds, then runs the same script with the defaults), in ${elapsed.toFixed(0)} s.`,
      '',
      `Machine: ${machine()}, PostgreSQL ${pgVersion} (local, default settings, \`max_connections\` ${maxConnections}). **The figures were taken while other jobs shared the machine's cores**; absolute rates move from run to run, so read the ratios, which come from one run: each API level is followed at once by raw INSERTs at the same number of clients.`,
      '',
      ...table,
      '',
      ...rawTable,
      '',
      ...(notes.length ? ['Reported by the run (not hidden):', '', ...notes.map((n) => `- ${n}`), ''] : []),
      `**Clients.** Each client is one loop that sends a vote, waits for the whole answer, and sends the next; all clients share one cursor over the pre-built requests. The load generator runs in a worker thread (the server runs in the main thread of the same process) and uses \`node:http\` with one keep-alive \`Agent\` whose \`maxSockets\` equals the number of clients, so each client has its own connection and no request waits for a socket on the client side. A request counts as an error when it is not answered 201 (any status, network error, or no answer within ${opts.timeoutMs / 1000} s); the errors column counts them, and the poll's \`totalVotes\` is checked to equal the number of 201 answers. Latency is from sending the request to the last byte of its answer, so at 1,000 clients it is mostly time spent queued in the server. The event-loop delay column is \`monitorEventLoopDelay\` on the server's thread during the level: how long the server was kept from reading its sockets (PGlite runs its queries on that same thread). Network errors (\`ECONNRESET\`) were counted here before the server changed two settings (packages/server/src/index.ts): with Node's default 5 s \`keepAliveTimeout\`, a connection whose next request was already sent but not yet read was closed when the event loop came back from a stall of over 5 s (PGlite at 1,000 clients: 669 of 3,000 votes failed in a run before both changes, 189 in a run with the larger backlog alone, 0 with both), and with Node's default listen backlog of 511 a burst of new connections overflowed the accept queue. The server now keeps idle connections 65 s and listens with a backlog of 4,096.`,
      '',
      `**Votes.** Each API vote is \`POST /v1/polls/{id}/votes\` with its own \`Idempotency-Key\` and its own HS256 voter token (signed before timing), on a fresh \`verified\` yes/no poll per level whose threshold (half the votes) is crossed during the run; rate limits are lifted. A level times ${opts.votes} votes, or 3 per client when that is more. A warm-up of ${opts.warmup} votes on a separate poll comes first. PGlite keeps its data in a fresh directory on disk and runs every query on the server's one thread; PostgreSQL runs get a fresh database, and **the server's PostgreSQL pool is ${pgPool} connections** (\`MADANG_PG_POOL\`, default 20), so beyond ${pgPool} clients requests wait for a connection inside the server. An API vote stores its idempotency key, reads the poll, then in one transaction inserts the ballot, bumps one random shard of each counter, sums the shards for the receipt's tally, stores the idempotent response and NOTIFYs, and commits; plus the JWT check and JSON in and out.`,
      '',
      `**Raw INSERT ceiling.** After each PostgreSQL level, the same number of single-row autocommit \`INSERT\`s (at least ${opts.votes}, one row per vote the API level timed) into a table shaped like \`votes\` (same columns, primary key and \`UNIQUE (poll_id, voter_key)\`, no foreign key), in the same database, with the same number of concurrent callers through a \`pg\` pool of ${pgPool} connections, the same number the server's pool has: one round trip and one commit per row. The ratio column is the API's votes/s divided by the raw INSERT/s at the same number of clients.`,
    ].join('\n');
    writeSection(join(ROOT, 'docs/benchmarks.md'), 'bench:votes', section);
    console.log('wrote docs/benchmarks.md (section bench:votes)');
  }
}

function summarize(run, votes) {
  const { p50, p99 } = p50p99(run.latencies);
  const ok = run.statuses ? (run.statuses['201'] ?? 0) : votes;
  return { perSec: (ok / run.elapsedMs) * 1000, p50, p99, errors: votes - ok };
}


// ======================================================================== load generator (worker)

function runWorker() {
  parentPort.on('message', async (msg) => {
    try {
      const result = msg.kind === 'http' ? await httpLoad(msg) : await pgLoad(msg);
      parentPort.postMessage({ id: msg.id, result });
    } catch (e) {
      parentPort.postMessage({ id: msg.id, error: e?.stack ?? String(e) });
    }
  });
}

/** C loops share one cursor; each request is timed from send to the last byte of its answer. */
async function runLoop(count, concurrency, one) {
  const latencies = new Float64Array(count);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const s = performance.now();
        await one(i);
        latencies[i] = performance.now() - s;
      }
    }),
  );
  return { latencies, elapsedMs: performance.now() - t0 };
}

/** One POST over a shared keep-alive agent: resolves with status and body, never rejects. */
function post(agent, url, headers, body, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => resolve({ status: 'network-error', text: e.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ status: /no answer within/.test(e.message) ? 'timeout' : 'network-error', text: `${e.code ?? ''} ${e.message}` }));
    req.end(body);
  });
}

async function httpLoad({ url, auth, bodies, keys, concurrency, timeoutMs }) {
  const statuses = {};
  const failures = [];
  // One agent, one socket per client: the client side never queues a request for a socket.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  try {
    const run = await runLoop(bodies.length, concurrency, async (i) => {
      const { status, text } = await post(agent, url, { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json', 'Idempotency-Key': keys[i] }, bodies[i], timeoutMs);
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 201 && failures.length < 5) failures.push(`${status} ${String(text).slice(0, 200)}`);
    });
    return { ...run, statuses, failures };
  } finally {
    agent.destroy();
  }
}

async function pgLoad({ url, concurrency, pool: poolSize, votes, warmup, table }) {
  const requireFromServer = createRequire(join(workerData.serverDir, 'package.json'));
  const { default: pg } = await import(pathToFileURL(requireFromServer.resolve('pg')).href);
  const connections = Math.min(concurrency, poolSize);
  const pool = new pg.Pool({ connectionString: url, max: connections });
  pool.on('error', () => {});
  try {
    await pool.query(`CREATE TABLE ${table} (
      receipt_id text PRIMARY KEY,
      poll_id    text NOT NULL,
      voter_key  text NOT NULL,
      voter_kind text NOT NULL CHECK (voter_kind IN ('verified', 'anonymous')),
      choices    text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ${table}_one_per_voter UNIQUE (poll_id, voter_key))`);
    // Open every connection before timing, as the API server's pool is after its warm-up.
    const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    for (const c of clients) c.release();
    const values = (pollId, n) =>
      Array.from({ length: n }, (_, i) => [
        `rcpt_${randomBytes(18).toString('base64url')}`,
        pollId,
        `sub:${randomBytes(32).toString('base64url')}`,
        'verified',
        [i % 2 === 0 ? 'yes' : 'no'],
      ]);
    const sql = `INSERT INTO ${table} (receipt_id, poll_id, voter_key, voter_kind, choices) VALUES ($1, $2, $3, $4, $5)`;
    const insertAll = async (rows) =>
      runLoop(rows.length, concurrency, async (i) => {
        const r = await pool.query(sql, rows[i]);
        if (r.rowCount !== 1) throw new Error(`INSERT ${i} wrote ${r.rowCount} rows`);
      });
    await insertAll(values('poll_warmup', warmup));
    const run = await insertAll(values('poll_timed', votes));
    const count = Number((await pool.query(`SELECT count(*) AS n FROM ${table} WHERE poll_id = 'poll_timed'`)).rows[0].n);
    return { ...run, count };
  } finally {
    await pool.end();
  }
}
