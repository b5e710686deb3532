#!/usr/bin/env node
/**
 * Votes through the real HTTP API, on PGlite and on PostgreSQL, against the ceiling of raw
 * single-row INSERTs on the same PostgreSQL. Every vote is a verified voter (its own HS256
 * voter token, signed before timing) with its own Idempotency-Key, on one yes/no poll.
 *
 *   node scripts/bench-votes.mjs [--votes N] [--concurrency C] [--no-docs]
 *   (`pnpm bench:votes` runs it; DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 *
 * The server runs in this process (startServer from the built @madang/server); the load
 * generator runs in a worker thread, so its fetch and JSON work does not share the server's
 * event loop. The raw-INSERT ceiling runs in the same worker with a pg pool of C connections.
 * Writes the table to docs/benchmarks.md between <!-- bench:votes --> markers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { writeSection } from './docs-section.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_DIR = join(ROOT, 'packages/server');
// jose and pg are dependencies of @madang/server, not of the root package: resolve them there.
const requireFromServer = createRequire(join(SERVER_DIR, 'package.json'));
const importFromServer = (name) => import(pathToFileURL(requireFromServer.resolve(name)).href);

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
  const opts = { votes: 2000, concurrency: 32, warmup: 100, docs: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name) => {
      const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
      return v;
    };
    if (a === '--') continue;
    else if (a.startsWith('--votes')) opts.votes = num('--votes');
    else if (a.startsWith('--concurrency')) opts.concurrency = num('--concurrency');
    else if (a.startsWith('--warmup')) opts.warmup = num('--warmup');
    else if (a === '--no-docs') opts.docs = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/bench-votes.mjs [--votes N=2000] [--concurrency C=32] [--warmup W=100] [--no-docs]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (opts.votes > 100_000) throw new Error('--votes is capped at 100000 (bounded runs only)');
  if (opts.concurrency > 64) throw new Error('--concurrency is capped at 64 (PostgreSQL max_connections)');
  return opts;
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

  const pgVersion = await (async () => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    try {
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

  const N = opts.votes;
  const C = opts.concurrency;
  const rateLimit = { perIpPerMinute: 1e9, votesPerIpPerMinute: 1e9, perSitePerMinute: 1e9 };
  const rows = [];
  const notes = [];
  const started = performance.now();
  console.log(`bench:votes: ${N} votes at concurrency ${C} (warm-up ${opts.warmup}) on PGlite, PostgreSQL ${pgVersion}, and raw INSERTs\n`);

  /** One engine: start the server, warm up on its own poll, then N timed votes on a fresh poll. */
  async function apiRun(engine, serverOpts, afterVotes) {
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
            .setExpirationTime('10m')
            .sign(secret);
          bodies.push(JSON.stringify({ choices: [i % 2 === 0 ? 'yes' : 'no'], voterToken }));
          keys.push(`bench-${randomUUID()}`);
        }
        return { bodies, keys };
      };
      const check = async (pollId, count, run, what) => {
        const bad = Object.entries(run.statuses).filter(([s]) => s !== '201');
        if (bad.length) {
          throw new Error(`${engine} ${what}: not every vote answered 201: ${JSON.stringify(run.statuses)}; first failures: ${run.failures.join(' | ')}`);
        }
        const res = await fetch(`${server.url}/v1/polls/${pollId}/results`, { headers: { Authorization: `Bearer ${site.secretKey}` } });
        const results = await res.json();
        if (res.status !== 200 || results.totalVotes !== count) {
          throw new Error(`${engine} ${what}: expected totalVotes ${count}, the API says ${res.status} ${JSON.stringify(results)}`);
        }
        return results;
      };

      const warmPoll = await createPoll(opts.warmup);
      const warm = await requests(opts.warmup);
      const pollId = await createPoll(N);
      const timed = await requests(N); // all tokens signed before timing starts
      const path = (id) => `${server.url}/v1/polls/${id}/votes`;

      const warmRun = await ask({ kind: 'http', url: path(warmPoll), auth: site.publishableKey, ...warm, concurrency: C });
      await check(warmPoll, opts.warmup, warmRun, 'warm-up');
      const errorsBefore = serverErrors.length;
      const run = await ask({ kind: 'http', url: path(pollId), auth: site.publishableKey, ...timed, concurrency: C });
      const results = await check(pollId, N, run, 'timed run');
      if (serverErrors.length > errorsBefore) notes.push(`${engine}: ${serverErrors.length - errorsBefore} server errors logged during the timed run`);
      if (!results.threshold?.forwardedAt) notes.push(`${engine}: the threshold (${results.threshold?.count} yes) was not marked forwarded`);
      rows.push(row(engine === 'pglite' ? 'API · PGlite (on disk)' : 'API · PostgreSQL', N, C, run));
      console.log(`  ${rows.at(-1).engine.padEnd(26)} ${fmt(rows.at(-1).perSec, 0).padStart(7)} votes/s`);
      if (afterVotes) await afterVotes();
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
    await apiRun('pglite', { dataDir });

    // (b) PostgreSQL, then (c) raw INSERTs into the same fresh database
    pgdb = await freshPostgresDatabase();
    await apiRun('postgres', { databaseUrl: pgdb.url });
    const raw = await ask({ kind: 'pg', url: pgdb.url, concurrency: C, votes: N, warmup: opts.warmup });
    if (raw.count !== N) throw new Error(`raw INSERT: expected ${N} rows, found ${raw.count}`);
    rows.push(row('raw INSERT · PostgreSQL', N, C, raw));
    console.log(`  ${rows.at(-1).engine.padEnd(26)} ${fmt(rows.at(-1).perSec, 0).padStart(7)} inserts/s`);
  } catch (e) {
    failed = e;
  } finally {
    await worker.terminate();
    if (pgdb) await pgdb.drop().catch((e) => origError(`could not drop ${pgdb.url}: ${e.message}`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.error = origError;
  }
  if (failed) throw failed;

  const ceiling = rows.at(-1).perSec;
  const table = [
    '| engine | votes | concurrency | votes/s | p50 ms | p99 ms | ÷ raw INSERT |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r, i) =>
        `| ${r.engine} | ${r.votes} | ${r.concurrency} | ${fmt(r.perSec, 0)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${i === rows.length - 1 ? '1 (ceiling)' : fmt(r.perSec / ceiling, 2)} |`,
    ),
  ];
  const elapsed = (performance.now() - started) / 1000;
  console.log('\n' + table.join('\n') + '\n');
  for (const n of notes) console.log(`note: ${n}`);
  console.log(`all ${rows.length - 1} API runs: every vote answered 201 and totalVotes = ${N}; raw INSERT rows = ${N}; ${elapsed.toFixed(1)} s in all`);

  if (opts.docs) {
    const cpus = os.cpus();
    const args = process.argv.slice(2).filter((a) => a !== '--no-docs');
    const command = `node scripts/bench-votes.mjs${args.length ? ' ' + args.join(' ') : ''}`;
    const section = [
      '## Votes through the HTTP API',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)} with \`${command}\` (\`pnpm bench:votes\` runs the same script with the defaults).`,
      '',
      `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, PostgreSQL ${pgVersion} (local, default settings). The machine is shared and noisy: read the ratios, which come from one run, rather than the absolute rates.`,
      '',
      ...table,
      '',
      `Each API vote is \`POST /v1/polls/{id}/votes\` with its own \`Idempotency-Key\` and its own HS256 voter token (signed before timing), on one \`verified\` yes/no poll whose threshold (${Math.floor(N / 2)} yes votes) is crossed during the run; ${C} requests are in flight at once over keep-alive connections (Node's fetch, in a worker thread; the server runs in the main thread). A warm-up of ${opts.warmup} votes on a separate poll comes first. After each run the script checks that every response was 201 and that the poll's \`totalVotes\` is ${N}. PGlite keeps its data in a fresh directory on disk; PostgreSQL runs get a fresh database (the server's pool is its default, \`MADANG_PG_POOL\` = 20 connections).`,
      '',
      `The ceiling is ${N} single-row autocommit \`INSERT\`s into a table shaped like \`votes\` (same columns, primary key and \`UNIQUE (poll_id, voter_key)\`, no foreign key) through a \`pg\` pool of ${C} connections, in the same database: one round trip and one commit per row. An API vote makes 12 round trips and 2 commits: an autocommit \`INSERT\` of the idempotency key, two \`SELECT\`s for the poll, then one transaction (\`BEGIN\`, \`UPDATE polls … total_votes + 1\`, the vote row, the option counter, two \`SELECT\`s for the receipt's tally, the stored idempotent response, \`pg_notify\`, \`COMMIT\`); plus the JWT check and JSON in and out. The \`UPDATE polls\` takes the poll's row lock and holds it until \`COMMIT\`, so concurrent votes on one poll queue behind each other for most of their transaction; the benchmark deliberately puts every vote on one poll (the hot case: a popular petition).`,
    ].join('\n');
    writeSection(join(ROOT, 'docs/benchmarks.md'), 'bench:votes', section);
    console.log('wrote docs/benchmarks.md (section bench:votes)');
  }
}

function row(engine, votes, concurrency, run) {
  const lat = Float64Array.from(run.latencies).sort();
  const pct = (p) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil((p / 100) * lat.length) - 1))];
  return { engine, votes, concurrency, perSec: (votes / run.elapsedMs) * 1000, p50: pct(50), p99: pct(99) };
}

function fmt(n, digits) {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
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

async function httpLoad({ url, auth, bodies, keys, concurrency }) {
  const statuses = {};
  const failures = [];
  const run = await runLoop(bodies.length, concurrency, async (i) => {
    let status;
    let text;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json', 'Idempotency-Key': keys[i] },
        body: bodies[i],
      });
      status = res.status;
      text = await res.text(); // read to the end so the connection goes back to the pool
    } catch (e) {
      status = 'network-error';
      text = e?.cause?.message ?? e?.message;
    }
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status !== 201 && failures.length < 5) failures.push(`${status} ${String(text).slice(0, 200)}`);
  });
  return { ...run, statuses, failures };
}

async function pgLoad({ url, concurrency, votes, warmup }) {
  const requireFromServer = createRequire(join(workerData.serverDir, 'package.json'));
  const { default: pg } = await import(pathToFileURL(requireFromServer.resolve('pg')).href);
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  pool.on('error', () => {});
  try {
    await pool.query(`CREATE TABLE bench_votes (
      receipt_id text PRIMARY KEY,
      poll_id    text NOT NULL,
      voter_key  text NOT NULL,
      voter_kind text NOT NULL CHECK (voter_kind IN ('verified', 'anonymous')),
      choices    text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT bench_votes_one_per_voter UNIQUE (poll_id, voter_key))`);
    // Open every connection before timing, as the API server's pool is after its warm-up.
    const clients = await Promise.all(Array.from({ length: concurrency }, () => pool.connect()));
    for (const c of clients) c.release();
    const values = (pollId, n) =>
      Array.from({ length: n }, (_, i) => [
        `rcpt_${randomBytes(18).toString('base64url')}`,
        pollId,
        `sub:${randomBytes(32).toString('base64url')}`,
        'verified',
        [i % 2 === 0 ? 'yes' : 'no'],
      ]);
    const sql = 'INSERT INTO bench_votes (receipt_id, poll_id, voter_key, voter_kind, choices) VALUES ($1, $2, $3, $4, $5)';
    const insertAll = async (rows) =>
      runLoop(rows.length, concurrency, async (i) => {
        const r = await pool.query(sql, rows[i]);
        if (r.rowCount !== 1) throw new Error(`INSERT ${i} wrote ${r.rowCount} rows`);
      });
    await insertAll(values('poll_warmup', warmup));
    const run = await insertAll(values('poll_timed', votes));
    const count = Number((await pool.query(`SELECT count(*) AS n FROM bench_votes WHERE poll_id = 'poll_timed'`)).rows[0].n);
    return { ...run, count };
  } finally {
    await pool.end();
  }
}
