import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { engines, startTestServer } from '../src/testing.js';
import { call, createPoll, voterToken } from './helpers.js';

const VOTERS = 1000;
const REPEATS = 200;
const RETRIES = 200;
const THRESHOLD = 500;

for (const engine of engines()) {
  describe(`[${engine.name}] concurrency`, () => {
    test(`[${engine.name}] ${VOTERS} verified voters + ${REPEATS} repeat votes + ${RETRIES} idempotent retries at once → exactly ${VOTERS} votes, forwarded once`, async () => {
      const srv = await startTestServer(engine);
      try {
        const site = await srv.ops.createSite({ name: 'Load', origins: [] });
        const poll = await createPoll(srv.url, site, {
          kind: 'yes_no',
          question: { ko: '동시성' },
          voterPolicy: 'verified',
          threshold: { optionId: 'yes', count: THRESHOLD },
        });
        const path = `/v1/polls/${poll.id}/votes`;
        const ballots = await Promise.all(
          Array.from({ length: VOTERS }, async (_, i) => ({
            key: randomUUID(),
            body: { choices: [i % 4 === 0 ? 'no' : 'yes'], voterToken: await voterToken(site, `citizen-${i}`) },
          })),
        );
        // Repeat votes: the same person again (a fresh token, a fresh idempotency key, the other choice).
        const repeats = await Promise.all(
          Array.from({ length: REPEATS }, async (_, i) => ({
            key: randomUUID(),
            body: { choices: ['no'], voterToken: await voterToken(site, `citizen-${i * 5}`) },
          })),
        );
        // Retries: exactly the request of an earlier ballot, same key, same body.
        const retries = Array.from({ length: RETRIES }, (_, i) => ballots[i * 3 + 1]);
        const requests = [...ballots.map((b) => ['ballot', b] as const), ...repeats.map((b) => ['repeat', b] as const), ...retries.map((b) => ['retry', b] as const)];
        const responses = await Promise.all(
          requests.map(async ([kind, b]) => {
            const r = await call(srv.url, path, { key: site.publishableKey, body: b.body, idempotencyKey: b.key });
            return { kind, status: r.status, slug: r.json?.type?.replace('/problems/', ''), replayed: r.headers.get('idempotent-replayed') === 'true', receipt: r.json?.receiptId };
          }),
        );
        const fresh = responses.filter((r) => r.status === 201 && !r.replayed);
        assert.equal(fresh.length, VOTERS, 'one acknowledged vote per distinct voter');
        for (const r of responses) {
          assert.ok(r.status < 500, `no 5xx: ${JSON.stringify(r)}`);
          const allowed = r.status === 201 || (r.status === 409 && (r.slug === 'already-voted' || r.slug === 'idempotency-key-in-use'));
          assert.ok(allowed, `unexpected ${JSON.stringify(r)}`);
        }
        // Every replay returns a receipt that was committed.
        const receipts = new Set(fresh.map((r) => r.receipt));
        for (const r of responses.filter((x) => x.replayed)) assert.ok(receipts.has(r.receipt));

        const results = await call(srv.url, `/v1/polls/${poll.id}/results`, { key: site.secretKey });
        assert.equal(results.json.totalVotes, VOTERS);
        assert.equal(results.json.options.reduce((s: number, o: { votes: number }) => s + o.votes, 0), VOTERS);
        const [{ n }] = await srv.db.query<{ n: number }>('SELECT count(*)::int AS n FROM votes WHERE poll_id = $1', [poll.id]);
        assert.equal(n, VOTERS);
        const forwarded = await srv.db.query(`SELECT * FROM poll_events WHERE poll_id = $1 AND state = 'forwarded'`, [poll.id]);
        assert.equal(forwarded.length, 1, 'the threshold transition is recorded exactly once');
        const p = await call(srv.url, `/v1/polls/${poll.id}`, { key: site.publishableKey });
        assert.equal(p.json.history.filter((h: { state: string }) => h.state === 'forwarded').length, 1);
        assert.ok(p.json.forwardedAt);
      } finally {
        await srv.close();
      }
    });
  });
}
