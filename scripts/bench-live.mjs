#!/usr/bin/env node
/**
 * Results reads and the live-results fan-out, on PGlite and on PostgreSQL, in one run:
 *
 * 1. `GET /v1/polls/{id}/results` per second with the server's results cache (the default)
 *    and without it (`resultsCache: false`: poll + tally from the database on every read), on
 *    the same data, at the same number of clients.
 * 2. N (default 5,000) concurrent SSE subscribers on `/v1/polls/{id}/results/stream`, then one
 *    vote: time from the vote's 2xx to each subscriber's update (p50, last), then a burst of
 *    votes to show the hub's coalescing; the server's RSS before and with the subscribers.
 *
 *   node scripts/bench-live.mjs [--subscribers 5000] [--reads 3000] [--read-clients 50] [--no-docs]
 *   (`pnpm bench:live` runs it; DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/test)
 *
 * The server runs in this process (startServer from the built @madang/server, rate limits
 * lifted). The clients (readers and subscribers) run in a child process, so the server's RSS is
 * the server's alone and the clients' parsing does not share its CPU time slice accounting.
 * Times across the two processes are wall-clock (performance.timeOrigin + performance.now()).
 * Writes docs/benchmarks.md between <!-- bench:live --> markers.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ROOT, SERVER_DIR, fmt, importFromServer, machine, p50p99 } from './bench-common.mjs';
import { writeSection } from './docs-section.mjs';

const now = () => performance.timeOrigin + performance.now();

if (process.argv[2] === '--client') runClient();
else {
  await main().catch((e) => {
    console.error(`\nbench:live FAILED: ${e?.stack ?? e}`);
    process.exit(1);
  });
}

// ======================================================================== server process

function parseArgs(argv) {
  const opts = { subscribers: 5000, reads: 3000, readClients: 50, burst: 40, docs: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (name) => {
      const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`${name} needs a positive integer`);
      return v;
    };
    if (a === '--') continue;
    else if (a.startsWith('--subscribers')) opts.subscribers = num('--subscribers');
    else if (a.startsWith('--reads')) opts.reads = num('--reads');
    else if (a.startsWith('--read-clients')) opts.readClients = num('--read-clients');
    else if (a.startsWith('--burst')) opts.burst = num('--burst');
    else if (a === '--no-docs') opts.docs = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node scripts/bench-live.mjs [--subscribers 5000] [--reads 3000] [--read-clients 50] [--burst 40] [--no-docs]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (opts.subscribers > 8000) throw new Error('--subscribers is capped at 8000 (two file descriptors each, in one machine)');
  if (opts.reads > 200_000) throw new Error('--reads is capped at 200000');
  return opts;
}

function fdLimit() {
  try {
    // The soft limit of this process, as the kernel reports it.
    const limits = readFileSync('/proc/self/limits', 'utf8');
    return Number(/Max open files\s+(\d+)/.exec(limits)?.[1]);
  } catch {
    return NaN;
  }
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
  const limit = fdLimit();
  if (limit && limit < opts.subscribers + 500) {
    throw new Error(`open files limit is ${limit}: ${opts.subscribers} subscribers need one socket each here (and one in the client process); raise ulimit -n`);
  }
  const { startServer } = await import(pathToFileURL(serverDist).href);
  const { freshPostgresDatabase } = await import(pathToFileURL(join(SERVER_DIR, 'dist/testing.js')).href);
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

  const serverErrors = [];
  const origError = console.error;
  console.error = (...args) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[madang]')) serverErrors.push(args.map(String).join(' ').slice(0, 300));
    origError(...args);
  };

  // The client process: readers and subscribers.
  const client = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const pending = new Map();
  const progress = new Map();
  client.on('message', (m) => {
    if (m.progress) return progress.get(m.id)?.(m.progress);
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error) p?.reject(new Error(`client process: ${m.error}`));
    else p?.resolve(m.result);
  });
  client.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`client process exited with ${code}`));
    pending.clear();
  });
  const ask = (msg, onProgress) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      if (onProgress) progress.set(id, onProgress);
      client.send({ ...msg, id });
    });

  const rateLimit = { perIpPerMinute: 1e9, votesPerIpPerMinute: 1e9, perSitePerMinute: 1e9, proposalsPerIpPerMinute: 1e9, proposalsPerSitePerMinute: 1e9 };
  const liveIntervalMs = 250;
  const reads = [];
  const fanouts = [];
  const notes = [];
  const started = performance.now();
  console.log(`bench:live: ${opts.reads} reads at ${opts.readClients} clients (cached, uncached); ${opts.subscribers} stream subscribers; PGlite and PostgreSQL ${pgVersion}\n`);

  let retries = 0;
  const post = async (server, path, key, body) => {
    // A dropped connection is retried with the same Idempotency-Key, as a client should; the
    // retries are counted and reported.
    const idempotencyKey = `bench-${randomUUID()}`;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(server.url + path, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, json: JSON.parse(text), at: now() };
      } catch (e) {
        if (attempt === 3) throw e;
        retries++;
        notes.push(`a POST ${path.replace(/poll_\w+/, '{id}')} failed (${e.cause?.code ?? e.cause?.message ?? e.message}) and was retried with its Idempotency-Key`);
      }
    }
  };
  const vote = async (server, site, pollId) => {
    const r = await post(server, `/v1/polls/${pollId}/votes`, site.publishableKey, { choices: ['yes'], deviceId: randomUUID().replace(/-/g, '') });
    if (r.status !== 201) throw new Error(`vote answered ${r.status}: ${JSON.stringify(r.json)}`);
    return r;
  };

  async function engineRun(engine, serverOpts) {
    // ---- reads: the same poll and data, with and without the cache
    let site;
    let pollId;
    {
      const server = await startServer({ port: 0, rateLimit, ...serverOpts });
      try {
        site = await server.ops.createSite({ name: `bench live ${engine}`, origins: [] });
        const poll = await post(server, '/v1/polls', site.secretKey, { kind: 'yes_no', question: { ko: '결과 읽기' }, threshold: { optionId: 'yes', count: 1000 } });
        pollId = poll.json.id;
        for (let i = 0; i < 20; i++) await vote(server, site, pollId);
      } finally {
        await server.close();
      }
    }
    for (const cached of [true, false]) {
      const server = await startServer({ port: 0, rateLimit, ...serverOpts, resultsCache: cached });
      try {
        const url = `${server.url}/v1/polls/${pollId}/results`;
        // Warm-up: connections, JIT, and (when cached) the cache entry.
        await ask({ kind: 'reads', url, key: site.publishableKey, count: Math.min(500, opts.reads), concurrency: opts.readClients });
        const missesBefore = server.hub.cache.misses;
        const errorsBefore = serverErrors.length;
        const r = await ask({ kind: 'reads', url, key: site.publishableKey, count: opts.reads, concurrency: opts.readClients });
        if (r.bad) notes.push(`${engine} reads ${cached ? 'cached' : 'uncached'}: ${r.bad} answers were not 200 with totalVotes 20 (${r.firstBad})`);
        if (serverErrors.length > errorsBefore) notes.push(`${engine} reads: ${serverErrors.length - errorsBefore} server errors logged`);
        const dbReads = server.hub.cache.misses - missesBefore;
        reads.push({ engine, cached, ...summarize(r.latencies, r.elapsedMs), count: opts.reads, bad: r.bad, dbReads });
        const x = reads.at(-1);
        console.log(`  ${engine.padEnd(10)} reads ${cached ? 'cached  ' : 'uncached'} ${fmt(x.perSec, 0).padStart(7)}/s  p50 ${fmt(x.p50, 2)} ms  p99 ${fmt(x.p99, 2)} ms  (${dbReads} database reads)`);
      } finally {
        await server.close();
      }
    }

    // ---- fan-out
    const server = await startServer({ port: 0, rateLimit, ...serverOpts, liveIntervalMs });
    try {
      const poll = await post(server, '/v1/polls', site.secretKey, { kind: 'yes_no', question: { ko: '실시간' } });
      const livePoll = poll.json.id;
      // A full collection before each memory reading, so that RSS is not garbage waiting.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc');
      gc();
      await new Promise((r) => setTimeout(r, 200));
      const rssBefore = process.memoryUsage().rss;
      const heapBefore = process.memoryUsage().heapUsed;
      const url = `${server.url}/v1/polls/${livePoll}/results/stream?key=${site.publishableKey}`;
      const t0 = performance.now();
      const opened = await ask({ kind: 'subscribe', url, count: opts.subscribers, wanted: [] }, () => {});
      const openSeconds = (performance.now() - t0) / 1000;
      if (opened.open !== opts.subscribers) throw new Error(`${engine}: only ${opened.open} of ${opts.subscribers} streams opened (${opened.firstError})`);
      if (server.hub.subscriberCount !== opts.subscribers) throw new Error(`${engine}: the hub counts ${server.hub.subscriberCount} subscribers`);
      gc();
      await new Promise((r) => setTimeout(r, 500));
      const mem = process.memoryUsage();
      const rssWith = mem.rss;
      const heapWith = mem.heapUsed;
      console.log(`  ${engine.padEnd(10)} ${opts.subscribers} subscribers open in ${openSeconds.toFixed(1)} s; server RSS ${mb(rssBefore)} → ${mb(rssWith)} MB, heap ${mb(heapBefore)} → ${mb(heapWith)} MB`);

      // Single votes, each in a quiet moment (the hub's interval long past): three trials.
      const trials = [];
      let missing = 0;
      for (let t = 1; t <= 3; t++) {
        await new Promise((r) => setTimeout(r, liveIntervalMs * 4));
        const waitOne = ask({ kind: 'await', totalVotes: t, timeoutMs: 120_000 });
        await new Promise((r) => setTimeout(r, 50)); // the client is waiting before the vote is sent
        const one = await vote(server, site, livePoll);
        const got = await waitOne;
        missing += got.missing;
        // updatedAt is when the pushed tally was read from the database (same machine's clock).
        trials.push({ ...spread(got.arrivals, one.at), tallyAfter: Date.parse(got.updatedAt) - one.at });
      }
      trials.sort((a, b) => a.last - b.last);
      const single = trials[1];
      if (missing) notes.push(`${engine}: ${missing} subscribers did not get a single vote within 120 s`);

      // A burst: votes from a few concurrent voters; how many pushes reach each subscriber.
      await new Promise((r) => setTimeout(r, liveIntervalMs * 2));
      const target = 3 + opts.burst;
      const waitBurst = ask({ kind: 'await', totalVotes: target, timeoutMs: 120_000 });
      await new Promise((r) => setTimeout(r, 50));
      const burstStart = now();
      let lastVoteAt = 0;
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < opts.burst) {
            next++;
            const r = await vote(server, site, livePoll);
            lastVoteAt = Math.max(lastVoteAt, r.at);
          }
        }),
      );
      const burstEnd = await waitBurst;
      const burst = spread(burstEnd.arrivals, lastVoteAt);
      if (burstEnd.missing) notes.push(`${engine}: ${burstEnd.missing} subscribers did not see all ${target} votes within 120 s`);
      const memAfter = process.memoryUsage().rss;
      await ask({ kind: 'close' });
      fanouts.push({
        engine,
        subscribers: opts.subscribers,
        openSeconds,
        rssBefore,
        rssWith,
        rssAfterPushes: memAfter,
        heapBefore,
        heapWith,
        single,
        trials,
        burst,
        burstSeconds: (lastVoteAt - burstStart) / 1000,
        pushesPerSub: burstEnd.pushes,
        missing: missing + burstEnd.missing,
      });
      console.log(
        `  ${engine.padEnd(10)} one vote (trials: ${trials.map((t) => `p50 ${fmt(t.p50, 0)} / last ${fmt(t.last, 0)} ms, tally read at ${fmt(t.tallyAfter, 0)} ms`).join('; ')}) after its 2xx; burst of ${opts.burst} in ${((lastVoteAt - burstStart) / 1000).toFixed(2)} s → last subscriber ${fmt(burst.last, 0)} ms after the last 2xx, ${burstEnd.pushes.median} pushes each (median)`,
      );
    } finally {
      await server.close();
    }
  }

  let pgdb;
  let dataDir;
  let failed;
  try {
    dataDir = mkdtempSync(join(os.tmpdir(), 'madang-bench-live-'));
    await engineRun('PGlite', { dataDir });
    pgdb = await freshPostgresDatabase();
    await engineRun('PostgreSQL', { databaseUrl: pgdb.url });
  } catch (e) {
    failed = e;
  } finally {
    client.kill();
    if (pgdb) await pgdb.drop().catch((e) => origError(`could not drop ${pgdb.url}: ${e.message}`));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    console.error = origError;
  }
  if (failed) throw failed;

  const readTable = [
    '| engine | results cache | reads | reads/s | p50 ms | p99 ms | database reads | cached ÷ uncached |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...reads.map((r) => {
      const base = reads.find((x) => x.engine === r.engine && !x.cached);
      return `| ${r.engine} | ${r.cached ? 'on (default)' : 'off'} | ${r.count} | ${fmt(r.perSec, 0)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.dbReads} | ${r.cached ? fmt(r.perSec / base.perSec, 1) + '×' : '1'} |`;
    }),
  ];
  const fanTable = [
    `| engine | subscribers | opened in | server RSS before → with subscribers | JS heap per subscriber | one vote: tally read | one vote: p50 subscriber | one vote: last subscriber | push to all (last subscriber − tally read) | burst of ${opts.burst}: last subscriber after the last 2xx | pushes per subscriber in the burst (min / median / max) |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...fanouts.map(
      (f) =>
        `| ${f.engine} | ${fmt(f.subscribers, 0)} | ${f.openSeconds.toFixed(1)} s | ${mb(f.rssBefore)} → ${mb(f.rssWith)} MB | ${fmt((f.heapWith - f.heapBefore) / f.subscribers / 1024, 1)} KB | ${fmt(f.single.tallyAfter, 0)} ms | ${fmt(f.single.p50, 0)} ms | ${fmt(f.single.last, 0)} ms | ${fmt(f.single.last - f.single.tallyAfter, 0)} ms | ${fmt(f.burst.last, 0)} ms (burst took ${f.burstSeconds.toFixed(2)} s) | ${f.pushesPerSub.min} / ${f.pushesPerSub.median} / ${f.pushesPerSub.max} |`,
    ),
  ];
  const elapsed = (performance.now() - started) / 1000;
  console.log('\n' + readTable.join('\n') + '\n\n' + fanTable.join('\n') + '\n');
  for (const n of notes) console.log(`note: ${n}`);

  if (opts.docs) {
    const args = process.argv.slice(2).filter((a) => a !== '--no-docs');
    const command = `node scripts/bench-live.mjs${args.length ? ' ' + args.join(' ') : ''}`;
    const section = [
      '## Results reads and live fan-out',
      '',
      `Measured ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC with \`${command}\` (\`pnpm bench:live\` builds, then runs the same script with the defaults), in ${elapsed.toFixed(0)} s.`,
      '',
      `Machine: ${machine()}, PostgreSQL ${pgVersion} (local, default settings), open files limit ${limit}. **The figures were taken while other jobs shared the machine's cores**: read the ratios within one run rather than the absolute figures.`,
      '',
      '### Results reads',
      '',
      ...readTable,
      '',
      `\`GET /v1/polls/{id}/results\` with the publishable key on one open yes/no poll holding 20 votes, ${opts.readClients} concurrent clients over keep-alive connections (\`node:http\`, one socket per client, in a separate client process), ${opts.reads} timed reads after a warm-up of ${Math.min(500, opts.reads)}; every answer is checked to be 200 with \`totalVotes\` 20. "on" is the server's in-process results cache (\`packages/server/src/results-cache.ts\`): the poll record and its raw tally stay in memory until a change to the poll commits (a vote, a PATCH, a close, the forward), which every server process learns through the \`madang_results\` NOTIFY, and the process that committed the change drops the entry before it answers, so a read right after a 2xx vote shows that vote. The per-request work that remains is the key check and the visibility rule (and, on \`after_vote\` polls, the receipt lookup). "off" (\`startServer({ resultsCache: false })\`) reads the poll and sums its counters on every request. "database reads" counts the cache's fills during the timed reads. The answers carry \`Cache-Control: private, no-cache\` and \`Vary: Authorization\`: the same URL answers differently for a secret key (counts of a hidden poll), and a voter must see their vote at once, so no shared or stale HTTP cache may keep them.`,
      '',
      '### Live results fan-out',
      '',
      ...fanTable,
      '',
      ...fanouts.map((f) => `- ${f.engine}, the three single votes (tally read / p50 / last subscriber, ms after the 2xx): ${f.trials.map((t) => `${fmt(t.tallyAfter, 0)} / ${fmt(t.p50, 0)} / ${fmt(t.last, 0)}`).join('; ')}`),
      '',
      `${opts.subscribers} concurrent \`GET /v1/polls/{id}/results/stream?key=pk_…\` (server-sent events), each on its own connection from the client process; the table's "opened in" is the time until every one had its first \`results\` event. Then three single votes, each after a quiet ${liveIntervalMs * 4} ms: times are from the vote's 201 reaching the voter, to the moment the pushed tally was read from the database (its \`updatedAt\`), to each subscriber receiving the \`results\` event that shows the vote (p50 and the last subscriber); the table shows the middle trial of the three (by last subscriber), all three are listed below it. Negative figures mean before the voter had its own answer: the voter's 201 and the push leave the same server thread, so while that thread writes one event to each of thousands of subscribers, the voter's own answer waits too (on PGlite the push usually starts first; on PostgreSQL the tally read waits for a pool query, so the answer usually goes first). The last column, last subscriber minus tally read, is the time the server took to write the update to every subscriber. Then a burst of ${opts.burst} votes from 4 concurrent voters: the time from the last vote's 201 to the last subscriber seeing all of them, and how many pushes each subscriber got during the burst.`,
      '',
      `The live hub (\`packages/server/src/live.ts\`) coalesces: at most one push per poll per ${liveIntervalMs} ms (\`liveIntervalMs\`), however many votes commit in it. A vote in a quiet moment is pushed at once; votes arriving within ${liveIntervalMs} ms of a push wait for the next interval, so a subscriber sees a burst in steps of at most ${1000 / liveIntervalMs} per second and the last vote of a burst can wait up to ${liveIntervalMs} ms plus the push time. A push reads the tally once (through the results cache) for all subscribers, then writes one event per subscriber: with thousands of subscribers, that write loop on the server's one thread is what the "last subscriber" figure mostly measures. Server RSS is \`process.memoryUsage().rss\` of the server process (the clients run in another process), after a full garbage collection once the streams opened and settled; RSS also holds memory the process keeps from earlier work (PGlite's WebAssembly heap, the previous engine's run), so the per-subscriber figure is the growth of the V8 heap in use (\`heapUsed\`, after a full collection) divided by the number of subscribers; it leaves out socket buffers outside the heap.`,
      ...(notes.length ? ['', 'Reported by the run (not hidden):', '', ...notes.map((n) => `- ${n}`)] : []),
    ].join('\n');
    writeSection(join(ROOT, 'docs/benchmarks.md'), 'bench:live', section);
    console.log('wrote docs/benchmarks.md (section bench:live)');
  }
}

/** Arrival times relative to the reference (the vote's 2xx), in ms. */
function spread(arrivals, ref) {
  const { p50, p99, sorted: d } = p50p99(arrivals.map((t) => t - ref));
  return { p50, p99, first: d[0], last: d[d.length - 1] };
}

function summarize(latencies, elapsedMs) {
  const { p50, p99 } = p50p99(latencies);
  return { perSec: (latencies.length / elapsedMs) * 1000, p50, p99 };
}

function mb(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}


// ======================================================================== client process

function runClient() {
  /** Open streams: each keeps the latest totalVotes it saw, when, and how many events came. */
  let subs = [];
  let agent;
  let waiter; // { totalVotes, reached }
  const tallyTimes = new Map(); // totalVotes → updatedAt of the first event that showed it

  const handlers = {
    async reads({ url, key, count, concurrency }) {
      const readAgent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
      const latencies = new Float64Array(count);
      let next = 0;
      let bad = 0;
      let firstBad;
      const t0 = performance.now();
      try {
        await Promise.all(
          Array.from({ length: Math.min(concurrency, count) }, async () => {
            while (next < count) {
              const i = next++;
              const s = performance.now();
              const { status, text } = await get(readAgent, url, { Authorization: `Bearer ${key}` });
              latencies[i] = performance.now() - s;
              let ok = status === 200;
              try {
                ok &&= JSON.parse(text).totalVotes === 20;
              } catch {
                ok = false;
              }
              if (!ok) {
                bad++;
                firstBad ??= `${status} ${String(text).slice(0, 200)}`;
              }
            }
          }),
        );
      } finally {
        readAgent.destroy();
      }
      return { latencies: Array.from(latencies), elapsedMs: performance.now() - t0, bad, firstBad };
    },

    async subscribe({ url, count }) {
      agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
      subs = [];
      tallyTimes.clear();
      let firstError;
      let open = 0;
      const openOne = () =>
        new Promise((resolve) => {
          const sub = { total: undefined, at: 0, events: 0, seen: new Map() };
          const req = http.get(url, { agent, headers: { Accept: 'text/event-stream' } }, (res) => {
            if (res.statusCode !== 200) {
              firstError ??= `status ${res.statusCode}`;
              res.resume();
              return resolve(false);
            }
            res.setEncoding('utf8');
            let buf = '';
            let first = true;
            res.on('data', (chunk) => {
              const at = now();
              buf += chunk;
              let i;
              while ((i = buf.indexOf('\n\n')) >= 0) {
                const block = buf.slice(0, i);
                buf = buf.slice(i + 2);
                if (!/^event: results$/m.test(block)) continue;
                const data = block
                  .split('\n')
                  .filter((l) => l.startsWith('data: '))
                  .map((l) => l.slice(6))
                  .join('\n');
                const total = JSON.parse(data).totalVotes;
                const before = sub.total;
                sub.events++;
                sub.total = total;
                sub.at = at;
                if (!sub.seen.has(total)) sub.seen.set(total, at);
                if (!tallyTimes.has(total)) tallyTimes.set(total, JSON.parse(data).updatedAt);
                if (first) {
                  first = false;
                  subs.push(sub);
                  resolve(true);
                }
                if (waiter && !(before >= waiter.totalVotes) && total >= waiter.totalVotes) waiter.reached();
              }
            });
            res.on('error', () => {});
          });
          req.on('error', (e) => {
            firstError ??= `${e.code ?? ''} ${e.message}`;
            resolve(false);
          });
        });
      // Open in waves, as a crowd arriving over a few seconds does.
      for (let i = 0; i < count; i += 250) {
        const wave = await Promise.all(Array.from({ length: Math.min(250, count - i) }, openOne));
        open += wave.filter(Boolean).length;
      }
      return { open, firstError };
    },

    async await({ totalVotes, timeoutMs }) {
      const eventsBefore = subs.map((s) => s.events);
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          waiter = undefined;
          const done = subs.filter((s) => s.total >= totalVotes);
          const pushes = subs.map((s, i) => s.events - eventsBefore[i]).sort((a, b) => a - b);
          resolve({
            arrivals: done.map((s) => s.seen.get(totalVotes) ?? s.at),
            updatedAt: tallyTimes.get(totalVotes),
            missing: subs.length - done.length,
            pushes: { min: pushes[0], median: pushes[Math.floor(pushes.length / 2)], max: pushes.at(-1) },
          });
        };
        const timer = setTimeout(finish, timeoutMs);
        // Counted as events arrive (not by scanning every subscriber on every event, which
        // would slow the reading of the next events and inflate their times).
        let remaining = subs.filter((s) => !(s.total >= totalVotes)).length;
        waiter = {
          totalVotes,
          reached() {
            if (--remaining === 0) finish();
          },
        };
        if (remaining === 0) finish();
      });
    },

    async close() {
      agent?.destroy();
      subs = [];
      return true;
    },
  };

  process.on('message', async (msg) => {
    try {
      const result = await handlers[msg.kind](msg);
      process.send({ id: msg.id, result });
    } catch (e) {
      process.send({ id: msg.id, error: e?.stack ?? String(e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

function get(agent, url, headers) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', (e) => resolve({ status: 'network-error', text: e.message }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.on('error', (e) => resolve({ status: 'network-error', text: `${e.code ?? ''} ${e.message}` }));
  });
}
