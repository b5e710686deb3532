/**
 * Two server processes on one PostgreSQL: a vote through one reaches a stream subscriber of
 * the other, through LISTEN/NOTIFY. PostgreSQL only (a PGlite directory admits one process),
 * so this file defines its test only when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { freshPostgresDatabase, startTestServer } from '../src/testing.js';
import { createOps, openDb } from '../src/index.js';
import { call, createPoll, deviceId, openStream } from './helpers.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));

function serve(databaseUrl: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /on (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1] });
      }
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

if (process.env.DATABASE_URL) {
  describe('[postgres] several server processes', () => {
    test('[postgres] a vote through process A reaches a stream subscriber of process B', async () => {
      const database = await freshPostgresDatabase();
      const procs: ChildProcess[] = [];
      try {
        const db = await openDb({ databaseUrl: database.url });
        const site = await createOps(db).createSite({ name: 'Two processes', origins: [] });
        await db.close();
        const [a, b] = await Promise.all([serve(database.url), serve(database.url)]);
        procs.push(a.proc, b.proc);
        assert.notEqual(a.url, b.url);
        const poll = await createPoll(a.url, site, { kind: 'yes_no', question: { ko: '두 프로세스' } });
        const stream = await openStream(`${b.url}/v1/polls/${poll.id}/results/stream`, { Authorization: `Bearer ${site.publishableKey}` });
        try {
          assert.equal((await stream.next()).totalVotes, 0);
          const v = await call(a.url, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } });
          assert.equal(v.status, 201);
          const update = await stream.until((r) => r.totalVotes === 1, 10_000);
          assert.deepEqual(update.options, [{ id: 'yes', votes: 1 }, { id: 'no', votes: 0 }]);
        } finally {
          stream.close();
        }
      } finally {
        for (const p of procs) p.kill('SIGTERM');
        await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
        await database.drop();
      }
    });
  });

  describe('[postgres] the LISTEN connection', () => {
    test('[postgres] a dropped LISTEN connection is re-established and subscribers get the votes they missed', async () => {
      // The vote goes through a second server on the same database: the server that took a vote
      // refreshes its own subscribers without waiting for the NOTIFY, so only a vote committed
      // elsewhere, while this server's listening connection is down, tests the reconnect refresh.
      const database = await freshPostgresDatabase();
      const srv = await startTestServer({ name: 'postgres' }, { databaseUrl: database.url });
      const other = await startTestServer({ name: 'postgres' }, { databaseUrl: database.url });
      const listening = async () =>
        (await srv.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`))[0].n;
      try {
        const site = await srv.ops.createSite({ name: 'Reconnect', origins: [] });
        const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '재연결' } });
        const stream = await openStream(`${srv.url}/v1/polls/${poll.id}/results/stream`, { Authorization: `Bearer ${site.publishableKey}` });
        try {
          assert.equal((await stream.next()).totalVotes, 0);
          const killed = await srv.db.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
          );
          assert.equal(killed.length, 2, 'one listening connection per server');
          // This vote's NOTIFY has no listener: only the reconnect refresh can deliver it.
          const v = await call(other.url, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['no'], deviceId: deviceId() } });
          assert.equal(v.status, 201);
          const update = await stream.until((r) => r.totalVotes === 1, 10_000);
          assert.deepEqual(update.options, [{ id: 'yes', votes: 0 }, { id: 'no', votes: 1 }]);
          const deadline = Date.now() + 10_000;
          while ((await listening()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
          assert.equal(await listening(), 2, 'listening again');
        } finally {
          stream.close();
        }
      } finally {
        await srv.close();
        await other.close();
        await database.drop();
      }
    });
  });
}
