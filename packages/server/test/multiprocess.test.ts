/**
 * Two server processes on one PostgreSQL: a vote through one reaches a stream subscriber of
 * the other, through LISTEN/NOTIFY. PostgreSQL only (a PGlite directory admits one process),
 * so this file defines its test only when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { freshPostgresDatabase } from '../src/testing.js';
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
}
