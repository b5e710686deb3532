/**
 * Crash durability: the real server (`madang serve`, a child process) takes votes from many
 * concurrent clients and a state change, and is killed with SIGKILL in the middle of the load;
 * it is restarted on the same PGlite directory / PostgreSQL database, every request whose fate
 * is unknown (connection cut) is retried with its same Idempotency-Key, and then the API and
 * the database itself are checked against what the clients were told. Five rounds per engine,
 * the checks covering everything acknowledged since the first round:
 * - every vote that got a 2xx is there (its receipt, its voter, its choices) and nothing else is:
 *   no vote was counted twice, and no vote exists that was never acknowledged;
 * - the tally (counter shards, and the API's results) equals the rows;
 * - each acknowledged key holds the response the client got; no key is left `running`;
 * - each poll's history agrees with its state: created first, forwarded exactly when (and
 *   only once) the threshold was reached, closed exactly when the close was acknowledged, and
 *   no vote is accepted that was sent after the close was acknowledged.
 * Rate limits stay as shipped: each simulated voter comes from its own address, passed
 * through `X-Forwarded-For` with MADANG_TRUST_PROXY=1, as behind a reverse proxy.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import type { SiteCreated } from '@madang/contracts';
import { engines, freshPostgresDatabase, startTestServer } from '../src/testing.js';
import { createOps, openDb, pgliteDir, type Db } from '../src/index.js';
import { INSTANCE_ID } from '../src/db.js';
import * as idem from '../src/idempotency.js';
import { call, createPoll, deviceId, voterToken } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));
const ROUNDS = 5;
const CLIENTS = 30;

interface Running {
  proc: ChildProcess;
  url: string;
  log: () => string;
}

function serve(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    // A first PGlite start runs initdb: tens of seconds on a busy machine.
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s: ${out}`));
    }, 120_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], log: () => out });
      }
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening: ${out}`));
    });
  });
}

const exited = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : p.once('exit', () => r())));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PollInfo {
  id: string;
  policy: 'verified' | 'anonymous';
  threshold: number | null;
  /** performance.now() when the close was acknowledged (first 2xx to the PATCH), if it was. */
  closeAckedAt?: number;
}

interface VoteReq {
  poll: PollInfo;
  voter: string;
  key: string;
  raw: string;
  ip: string;
  choices: string[];
  sentAt: number;
}

interface Acked extends VoteReq {
  receipt: string;
}

/** Everything the clients were told, across rounds. */
interface Ledger {
  acked: Acked[];
  /** Refused (poll closed, or never sent: connection refused): must have left no vote. */
  refused: VoteReq[];
}

/** A connection that was refused never reached the server; anything else cut mid-request has an unknown fate. */
const refusedConnection = (e: unknown) => {
  const c = (e as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  return c?.code === 'ECONNREFUSED' || !!c?.errors?.every((x) => x.code === 'ECONNREFUSED');
};

async function sendVote(url: string, site: SiteCreated, r: VoteReq) {
  const res = await fetch(`${url}/v1/polls/${r.poll.id}/votes`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${site.publishableKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': r.key,
      'X-Forwarded-For': r.ip,
    },
    body: r.raw,
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('Idempotent-Replayed') === 'true', json: JSON.parse(text), text };
}

function voterKey(site: SiteCreated, r: VoteReq) {
  const id = r.poll.policy === 'verified' ? `sub:${r.voter}` : `dev:${r.voter}`;
  const [kind, value] = [id.slice(0, 4), id.slice(4)];
  return kind + createHmac('sha256', site.voterTokenSecret).update(value).digest('base64url');
}

for (const engine of engines()) {
  describe(`[${engine.name}] crash durability`, () => {
    test(`[${engine.name}] a running key of a dead process is taken over at once; of two executions of one key only the first to commit keeps its write`, async () => {
      const srv = await startTestServer(engine);
      try {
        const site = await srv.ops.createSite({ name: 'Takeover', origins: [] });
        const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '인수' } });
        const path = `/v1/polls/${poll.id}/votes`;
        const running = async (key: string, owner: string | null, ageSeconds = 0) => {
          const raw = JSON.stringify({ choices: ['yes'], deviceId: deviceId() });
          await srv.db.query(
            `INSERT INTO idempotency_keys (site_id, key, request_hash, state, owner, created_at)
             VALUES ($1, $2, $3, 'running', $4, now() - make_interval(secs => $5))`,
            [site.id, key, idem.requestHash('POST', path, raw), owner, ageSeconds],
          );
          return call(srv.url, path, { key: site.publishableKey, raw, idempotencyKey: key });
        };
        // A process that is not connected (PostgreSQL) / not this one (PGlite): gone, its key is free.
        const dead = await running('key-dead-owner', 'madang-1-000000000000');
        assert.equal(dead.status, 201, dead.text);
        // This live process's key is still running: 409, as before.
        const live = await running('key-live-owner', INSTANCE_ID);
        assert.equal(live.status, 409, live.text);
        assert.equal(live.json.type.split('/').pop(), 'idempotency-key-in-use');
        // A key running for over a minute is taken over whoever holds it (created_at has
        // microseconds: the takeover must match it exactly).
        for (const owner of [INSTANCE_ID, null]) {
          const stale = await running(`key-stale-${owner ?? 'none'}`, owner, 61.123456);
          assert.equal(stale.status, 201, stale.text);
        }

        // Two executions holding one key (a takeover of a slow request): the first to commit wins.
        await idem.begin(srv.db, site.id, 'key-two-runs', 'h');
        const first = srv.db.tx(async (q) => {
          await q.query(`INSERT INTO poll_events (poll_id, state) VALUES ($1, 'closed')`, [poll.id]);
          await idem.complete(q, site.id, 'key-two-runs', 201, '{"run":1}');
        });
        await first;
        await assert.rejects(
          srv.db.tx(async (q) => {
            await q.query(`INSERT INTO poll_events (poll_id, state, note) VALUES ($1, 'closed', '{"ko":"second"}')`, [poll.id]);
            await idem.complete(q, site.id, 'key-two-runs', 201, '{"run":2}');
          }),
          (e: Error & { slug?: string }) => e.slug === 'idempotency-key-in-use',
        );
        const events = await srv.db.query(`SELECT note FROM poll_events WHERE poll_id = $1 AND state = 'closed'`, [poll.id]);
        assert.equal(events.length, 1, 'the second execution rolled back');
        assert.deepEqual(await idem.begin(srv.db, site.id, 'key-two-runs', 'h'), { replay: { status: 201, body: '{"run":1}' } });
      } finally {
        await srv.close();
      }
    });

    test(`[${engine.name}] votes under load, kill -9, restart, five rounds: every acknowledged vote is kept once, tally and history agree`, { timeout: 600_000 }, async (t) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'madang-durability-'));
      const database = engine.name === 'postgres' ? await freshPostgresDatabase() : undefined;
      const env: NodeJS.ProcessEnv = { ...process.env, MADANG_TRUST_PROXY: '1' };
      delete env.DATABASE_URL;
      delete env.MADANG_DATA_DIR;
      if (database) env.DATABASE_URL = database.url;
      const args = database ? [] : ['--data-dir', dataDir];
      const open = () => openDb(database ? { databaseUrl: database.url } : { dataDir: pgliteDir(dataDir) });
      let server: Running | undefined;
      try {
        server = await serve(args, env);
        let site: SiteCreated;
        if (database) {
          const db = await open();
          site = await createOps(db).createSite({ name: 'Durability', origins: [] });
          await db.close();
        } else {
          // The server holds the PGlite directory: create the site through its admin API, as the CLI does.
          const lock = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'));
          const res = await fetch(`${lock.url}/admin/ops/createSite`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${lock.adminToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: 'Durability', origins: [] }),
          });
          assert.equal(res.status, 200);
          site = await res.json();
        }
        const ledger: Ledger = { acked: [], refused: [] };
        const polls: PollInfo[] = [];
        let voterSeq = 0;
        const nextIp = () => {
          const n = ++voterSeq;
          return { n, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
        };
        const adminIp = '192.0.2.1';
        const admin = (url: string, path: string, c: Parameters<typeof call>[2] = {}) =>
          call(url, path, { key: site.secretKey, ...c, headers: { 'X-Forwarded-For': adminIp, ...c.headers } });

        // A poll that collects votes through all five rounds, verified voters.
        const longPoll = await admin(server.url, '/v1/polls', { body: { kind: 'yes_no', question: { ko: '다섯 번의 충돌' }, voterPolicy: 'verified' } });
        assert.equal(longPoll.status, 201, longPoll.text);
        polls.push({ id: longPoll.json.id, policy: 'verified', threshold: null });

        for (let round = 1; round <= ROUNDS; round++) {
          // This round's polls: one forwarded by a threshold during the load, one closed during it.
          const threshold = 10 + Math.floor(Math.random() * 20);
          const fwd = await admin(server.url, '/v1/polls', {
            body: { kind: 'yes_no', question: { ko: `회부 ${round}` }, voterPolicy: 'verified', threshold: { optionId: 'yes', count: threshold } },
          });
          const cls = await admin(server.url, '/v1/polls', { body: { kind: 'single', question: { ko: `마감 ${round}` }, options: [
            { id: 'a', label: { ko: '가' } },
            { id: 'b', label: { ko: '나' } },
            { id: 'c', label: { ko: '다' } },
          ] } });
          assert.equal(fwd.status, 201, fwd.text);
          assert.equal(cls.status, 201, cls.text);
          const fwdPoll: PollInfo = { id: fwd.json.id, policy: 'verified', threshold };
          const closePoll: PollInfo = { id: cls.json.id, policy: 'anonymous', threshold: null };
          polls.push(fwdPoll, closePoll);
          const openPolls = polls.filter((p) => p.closeAckedAt === undefined);

          const url = server.url;
          let killed = false;
          const unknown: VoteReq[] = [];
          const unexpected: string[] = [];
          let ackedThisRound = 0;
          const voteLoop = async () => {
            while (!killed) {
              const poll = openPolls[Math.floor(Math.random() * openPolls.length)];
              const { n, ip } = nextIp();
              const voter = `r${round}v${n}`;
              const choices = poll.id === closePoll.id ? [['a', 'b', 'c'][n % 3]] : [Math.random() < 0.7 ? 'yes' : 'no'];
              const body = poll.policy === 'verified' ? { choices, voterToken: await voterToken(site, voter, { exp: '1h' }) } : { choices, deviceId: `${voter}-device-${'x'.repeat(8)}` };
              const r: VoteReq = { poll, voter: poll.policy === 'verified' ? voter : body.deviceId!, key: randomUUID(), raw: JSON.stringify(body), ip, choices, sentAt: performance.now() };
              try {
                const res = await sendVote(url, site, r);
                if (res.status === 201 && !res.replayed) {
                  ledger.acked.push({ ...r, receipt: res.json.receiptId });
                  ackedThisRound++;
                } else if (res.status === 409 && res.json.type?.endsWith('/poll-closed')) ledger.refused.push(r);
                else unexpected.push(`${res.status} ${res.text}`);
              } catch (e) {
                if (refusedConnection(e)) ledger.refused.push(r);
                else unknown.push(r);
              }
            }
          };
          // The state change: close one poll while the votes pour in.
          let closeFate: 'acked' | 'unknown' | undefined;
          const closeSoon = async (delay: number) => {
            await sleep(delay);
            try {
              const res = await admin(url, `/v1/polls/${closePoll.id}`, { method: 'PATCH', body: { status: 'closed' } });
              assert.equal(res.status, 200, res.text);
              closePoll.closeAckedAt = performance.now();
              closeFate = 'acked';
            } catch (e) {
              if (e instanceof assert.AssertionError) throw e;
              closeFate = 'unknown';
            }
          };
          const killAfter = 1500 + Math.floor(Math.random() * 2000);
          const loops = Array.from({ length: CLIENTS }, voteLoop);
          const closing = closeSoon(Math.floor(killAfter * (0.2 + Math.random() * 0.9)));
          await sleep(killAfter);
          const victim = server;
          victim.proc.kill('SIGKILL');
          await exited(victim.proc);
          killed = true;
          server = undefined;
          await Promise.all([...loops, closing]);
          assert.deepEqual(unexpected, [], 'no answer other than 201 and poll-closed under load');
          assert.equal(victim.proc.signalCode, 'SIGKILL', `the server was killed, not stopped: ${victim.log()}`);

          // Restart on the same directory / database: a stale lock of the dead process must not stop it.
          server = await serve(args, env);
          if (closeFate !== 'acked') {
            // Closing is idempotent: the same PATCH again.
            const res = await admin(server.url, `/v1/polls/${closePoll.id}`, { method: 'PATCH', body: { status: 'closed' } });
            assert.equal(res.status, 200, res.text);
            closePoll.closeAckedAt = performance.now();
          }
          let replayed = 0;
          let reexecuted = 0;
          let closedOnRetry = 0;
          let waitedInUse = 0;
          for (const r of unknown) {
            for (let attempt = 0; ; attempt++) {
              const res = await sendVote(server.url, site, r);
              if (res.status === 201) {
                ledger.acked.push({ ...r, receipt: res.json.receiptId });
                if (res.replayed) replayed++;
                else reexecuted++;
              } else if (res.status === 409 && res.json.type?.endsWith('/poll-closed')) {
                ledger.refused.push(r);
                closedOnRetry++;
              } else if (res.status === 409 && res.json.type?.endsWith('/idempotency-key-in-use') && attempt < 10) {
                waitedInUse++;
                await sleep(1000);
                continue;
              } else assert.fail(`retry of an unknown-fate vote: ${res.status} ${res.text}`);
              break;
            }
          }
          const figures = {
            round,
            killedAfterMs: killAfter,
            acknowledged: ackedThisRound,
            unknownFate: unknown.length,
            recovered: { replayed, reexecuted, refusedPollClosed: closedOnRetry },
            inUseWaits: waitedInUse,
            close: closeFate,
          };
          t.diagnostic(`${engine.name} ${JSON.stringify(figures)}`);
          console.log(`[${engine.name}] durability round`, JSON.stringify(figures));
          assert.ok(ackedThisRound > 0, 'the load got votes through before the kill');

          // ---- through the API
          for (const p of polls) {
            const mine = ledger.acked.filter((a) => a.poll.id === p.id);
            const res = await admin(server.url, `/v1/polls/${p.id}/results`);
            assert.equal(res.status, 200, res.text);
            assert.equal(res.json.totalVotes, mine.length, `poll ${p.id}: total = acknowledged votes`);
            for (const o of res.json.options) {
              assert.equal(o.votes, mine.filter((a) => a.choices.includes(o.id)).length, `poll ${p.id} option ${o.id}`);
            }
            const poll = (await admin(server.url, `/v1/polls/${p.id}`)).json;
            const states = poll.history.map((h: { state: string }) => h.state);
            assert.equal(states[0], 'created');
            const ats = poll.history.map((h: { at: string }) => Date.parse(h.at));
            assert.deepEqual(ats, [...ats].sort((a, b) => a - b), 'history in time order');
            const yes = mine.filter((a) => a.choices.includes('yes')).length;
            const forwarded = p.threshold !== null && yes >= p.threshold;
            assert.equal(states.filter((s: string) => s === 'forwarded').length, forwarded ? 1 : 0, `poll ${p.id}: forwarded once iff ${yes} >= ${p.threshold}`);
            assert.equal(poll.forwardedAt !== null, forwarded);
            if (forwarded) assert.equal(poll.history.find((h: { state: string }) => h.state === 'forwarded').at, poll.forwardedAt);
            const closed = p.closeAckedAt !== undefined;
            assert.equal(states.filter((s: string) => s === 'closed').length, closed ? 1 : 0, `poll ${p.id}: closed once iff acknowledged`);
            assert.equal(poll.status, closed ? 'closed' : 'open');
            if (closed) {
              const late = mine.filter((a) => a.sentAt > p.closeAckedAt!);
              assert.deepEqual(late.map((a) => a.receipt), [], 'no vote sent after the close was acknowledged was accepted');
            }
          }

          // ---- in the database: PostgreSQL after every round; PGlite admits one process, so its
          // directory is checked after the last round (the ledger accumulates: a vote lost in any
          // round is still missing then).
          if (database) {
            const db = await open();
            try {
              await checkDatabase(db, site, polls, ledger);
            } finally {
              await db.close();
            }
          }
        }
        server.proc.kill('SIGTERM');
        await exited(server.proc);
        server = undefined;
        const db = await open();
        try {
          await checkDatabase(db, site, polls, ledger);
        } finally {
          await db.close();
        }
        const total = { acknowledged: ledger.acked.length, refused: ledger.refused.length, polls: polls.length };
        t.diagnostic(`${engine.name} total ${JSON.stringify(total)}`);
        console.log(`[${engine.name}] durability total`, JSON.stringify(total));
      } finally {
        if (server) {
          server.proc.kill('SIGKILL');
          await exited(server.proc);
        }
        await database?.drop();
        // Not fatal: it would hide the test's own error.
        try {
          rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
        } catch (e) {
          console.error('could not remove', dataDir, e);
        }
      }
    });
  });
}

async function checkDatabase(db: Db, site: SiteCreated, polls: PollInfo[], ledger: Ledger) {
  const ids = polls.map((p) => p.id);
  const rows = await db.query<{ receipt_id: string; poll_id: string; voter_key: string; choices: string[] }>(
    'SELECT receipt_id, poll_id, voter_key, choices FROM votes WHERE poll_id = ANY($1)',
    [ids],
  );
  // Every acknowledged vote is there, with its voter and choices; nothing else is.
  const byReceipt = new Map(rows.map((r) => [r.receipt_id, r]));
  const ackedReceipts = new Set(ledger.acked.map((a) => a.receipt));
  assert.equal(ackedReceipts.size, ledger.acked.length, 'no receipt was handed out twice');
  for (const a of ledger.acked) {
    const row = byReceipt.get(a.receipt);
    assert.ok(row, `acknowledged vote ${a.receipt} is in the database`);
    assert.equal(row.poll_id, a.poll.id);
    assert.equal(row.voter_key, voterKey(site, a), `vote ${a.receipt} belongs to its voter`);
    assert.deepEqual([...row.choices].sort(), [...a.choices].sort());
  }
  assert.deepEqual(rows.filter((r) => !ackedReceipts.has(r.receipt_id)).map((r) => r.receipt_id), [], 'no vote that was never acknowledged');
  assert.equal(rows.length, ledger.acked.length, 'count(votes) = acknowledged voters');
  assert.equal(new Set(rows.map((r) => `${r.poll_id}|${r.voter_key}`)).size, rows.length, 'one vote per voter');
  const keysWithVote = new Set(rows.map((r) => `${r.poll_id}|${r.voter_key}`));
  for (const r of ledger.refused) assert.ok(!keysWithVote.has(`${r.poll.id}|${voterKey(site, r)}`), `a refused vote left no row (${r.voter})`);

  // The counter shards add up to the rows.
  const totals = await db.query<{ poll_id: string; n: number }>('SELECT poll_id, sum(votes)::int AS n FROM poll_vote_totals WHERE poll_id = ANY($1) GROUP BY poll_id', [ids]);
  const options = await db.query<{ poll_id: string; option_id: string; n: number }>(
    'SELECT poll_id, option_id, sum(votes)::int AS n FROM poll_option_counts WHERE poll_id = ANY($1) GROUP BY poll_id, option_id',
    [ids],
  );
  for (const p of polls) {
    const mine = rows.filter((r) => r.poll_id === p.id);
    assert.equal(totals.find((t) => t.poll_id === p.id)?.n ?? 0, mine.length, `poll ${p.id}: total shards = rows`);
    for (const o of new Set([...mine.flatMap((r) => r.choices), ...options.filter((x) => x.poll_id === p.id).map((x) => x.option_id)])) {
      assert.equal(options.find((x) => x.poll_id === p.id && x.option_id === o)?.n ?? 0, mine.filter((r) => r.choices.includes(o)).length, `poll ${p.id} option ${o}: shards = rows`);
    }
  }

  // Idempotency records: each acknowledged key holds the response its client got; none is left running;
  // every stored vote response describes a vote that exists.
  const keys = await db.query<{ key: string; state: string; response_status: number | null; response_body: string | null }>(
    'SELECT key, state, response_status, response_body FROM idempotency_keys WHERE site_id = $1',
    [site.id],
  );
  assert.deepEqual(keys.filter((k) => k.state !== 'done').map((k) => k.key), [], 'no idempotency key left running');
  const byKey = new Map(keys.map((k) => [k.key, k]));
  for (const a of ledger.acked) {
    const k = byKey.get(a.key);
    assert.ok(k, `key ${a.key} is recorded`);
    assert.equal(k.response_status, 201);
    assert.equal(JSON.parse(k.response_body!).receiptId, a.receipt, `key ${a.key} replays the receipt its client got`);
  }
  for (const k of keys) {
    const receipt = k.response_body ? JSON.parse(k.response_body).receiptId : undefined;
    if (receipt) assert.ok(byReceipt.has(receipt), `stored response ${k.key} describes a vote that exists`);
  }

  // The state history: created first, in order; forwarded and closed at most once and exactly
  // when the poll's row says so, at the same instant.
  const pollRows = await db.query<{ id: string; forwarded_at: Date | null; closed_at: Date | null; threshold_count: number | null }>(
    'SELECT id, forwarded_at, closed_at, threshold_count FROM polls WHERE id = ANY($1)',
    [ids],
  );
  const events = await db.query<{ id: string; poll_id: string; state: string; at: Date }>('SELECT id, poll_id, state, at FROM poll_events WHERE poll_id = ANY($1) ORDER BY id', [ids]);
  for (const p of polls) {
    const row = pollRows.find((r) => r.id === p.id)!;
    const ev = events.filter((e) => e.poll_id === p.id);
    assert.equal(ev[0]?.state, 'created', `poll ${p.id} history starts with created`);
    assert.equal(ev.filter((e) => e.state === 'created').length, 1);
    const times = ev.map((e) => new Date(e.at).getTime());
    assert.deepEqual(times, [...times].sort((a, b) => a - b), `poll ${p.id} history in time order`);
    const fwd = ev.filter((e) => e.state === 'forwarded');
    const yes = rows.filter((r) => r.poll_id === p.id && r.choices.includes('yes')).length;
    assert.equal(fwd.length, row.threshold_count !== null && yes >= row.threshold_count ? 1 : 0, `poll ${p.id} forwarded exactly when reached`);
    assert.equal(row.forwarded_at === null, fwd.length === 0, `poll ${p.id}: forwarded_at iff a forwarded event`);
    if (fwd.length) assert.equal(new Date(fwd[0].at).getTime(), new Date(row.forwarded_at!).getTime());
    const cls = ev.filter((e) => e.state === 'closed');
    assert.equal(cls.length, p.closeAckedAt !== undefined ? 1 : 0, `poll ${p.id} closed once iff the close was acknowledged`);
    assert.equal(row.closed_at === null, cls.length === 0, `poll ${p.id}: closed_at iff a closed event`);
    if (cls.length) assert.equal(new Date(cls[0].at).getTime(), new Date(row.closed_at!).getTime());
  }
}
