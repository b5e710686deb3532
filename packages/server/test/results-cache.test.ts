/**
 * The results cache (src/results-cache.ts): GET /v1/polls/{id}/results answers from memory
 * between changes, yet a vote, a PATCH or a close is visible to the very next read, other
 * processes' votes arrive through LISTEN/NOTIFY, and visibility is still decided per request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SiteCreated } from '@madang/contracts';
import { engines, freshPostgresDatabase, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { call, createPoll, deviceId, openStream } from './helpers.js';

for (const engine of engines()) {
  describe(`[${engine.name}] results cache`, () => {
    let srv: MadangServer;
    let site: SiteCreated;
    const results = (id: string, key = site.publishableKey, query = '') => call(srv.url, `/v1/polls/${id}/results${query}`, { key });
    // Each vote invalidates twice: at once in the request, and when its NOTIFY arrives (later,
    // on PostgreSQL). Tests that count database reads wait for the second before reading.
    const invalidations = new Map<string, number>();
    const notified = async (id: string, atLeast: number) => {
      const deadline = Date.now() + 5_000;
      while ((invalidations.get(id) ?? 0) < atLeast) {
        if (Date.now() > deadline) throw new Error(`the NOTIFY for ${id} did not arrive`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const vote = async (id: string, choice = 'yes', settle = false) => {
      const before = invalidations.get(id) ?? 0;
      const r = await call(srv.url, `/v1/polls/${id}/votes`, { key: site.publishableKey, body: { choices: [choice], deviceId: deviceId() } });
      assert.equal(r.status, 201, r.text);
      if (settle) await notified(id, before + 2);
      return r.json;
    };

    before(async () => {
      srv = await startTestServer(engine);
      site = await srv.ops.createSite({ name: 'Cache', origins: [] });
      const cache = srv.hub.cache;
      const invalidate = cache.invalidate.bind(cache);
      cache.invalidate = (id: string) => {
        invalidations.set(id, (invalidations.get(id) ?? 0) + 1);
        invalidate(id);
      };
    });
    after(() => srv?.close());

    test(`[${engine.name}] repeated reads are answered from memory, and not by a shared cache`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '캐시' } });
      await vote(poll.id, 'yes', true);
      const first = await results(poll.id);
      assert.equal(first.status, 200);
      const misses = srv.hub.cache.misses;
      const hits = srv.hub.cache.hits;
      for (let i = 0; i < 5; i++) {
        const again = await results(poll.id);
        assert.deepEqual(again.json, first.json);
      }
      assert.equal(srv.hub.cache.misses, misses, 'no database read for unchanged results');
      assert.equal(srv.hub.cache.hits, hits + 5);
      assert.equal(first.headers.get('cache-control'), 'private, no-cache');
      assert.match(first.headers.get('vary') ?? '', /Authorization/);
    });

    test(`[${engine.name}] every 2xx vote is in the very next read (read-your-write)`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '즉시 반영' } });
      assert.equal((await results(poll.id)).json.totalVotes, 0);
      for (let i = 1; i <= 15; i++) {
        await vote(poll.id, i % 3 === 0 ? 'no' : 'yes');
        const r = await results(poll.id);
        assert.equal(r.json.totalVotes, i, `read right after vote ${i}`);
        assert.equal(r.json.options.find((o: any) => o.id === 'no').votes, Math.floor(i / 3));
      }
    });

    test(`[${engine.name}] a read that began before a change does not store its older answer`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '경합' } });
      const cache = srv.hub.cache;
      const inFlight = cache.get(site.id, poll.id); // the database read is under way
      cache.invalidate(poll.id); // a vote commits meanwhile
      await inFlight;
      const misses = cache.misses;
      await cache.get(site.id, poll.id);
      assert.equal(cache.misses, misses + 1, 'the read after the change went to the database');
      await cache.get(site.id, poll.id);
      assert.equal(cache.misses, misses + 1, 'and its answer was stored');
    });

    test(`[${engine.name}] PATCH and close are in the very next read`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '마감 후 공개' }, resultsVisibility: 'after_close' });
      await vote(poll.id);
      const before = await results(poll.id);
      assert.equal(before.json.status, 'open');
      assert.equal(before.json.visible, false);
      assert.equal(before.json.totalVotes, null);

      const later = new Date(Date.now() + 3_600_000).toISOString();
      const patched = await call(srv.url, `/v1/polls/${poll.id}`, { method: 'PATCH', key: site.secretKey, body: { closesAt: later } });
      assert.equal(patched.status, 200, patched.text);
      // closesAt is not part of the results, but the next poll read must come from the new record:
      const admin = await results(poll.id, site.secretKey);
      assert.equal(admin.json.status, 'open');

      const closed = await call(srv.url, `/v1/polls/${poll.id}`, { method: 'PATCH', key: site.secretKey, body: { status: 'closed' } });
      assert.equal(closed.status, 200, closed.text);
      const after = await results(poll.id);
      assert.equal(after.json.status, 'closed');
      assert.equal(after.json.visible, true);
      assert.equal(after.json.totalVotes, 1);
    });

    test(`[${engine.name}] a poll whose closesAt passes is closed in the next read, without any write`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '시간 마감' }, closesAt: new Date(Date.now() + 1_500).toISOString() });
      assert.equal((await results(poll.id)).json.status, 'open');
      assert.equal((await results(poll.id)).json.status, 'open'); // now cached
      await new Promise((r) => setTimeout(r, 1_700));
      assert.equal((await results(poll.id)).json.status, 'closed');
    });

    test(`[${engine.name}] visibility is decided per request from one cached tally`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '투표 후 공개' }, resultsVisibility: 'after_vote' });
      const receipt = (await vote(poll.id, 'yes', true)).receiptId as string;
      await results(poll.id); // fill
      const misses = srv.hub.cache.misses;
      const anonymous = await results(poll.id);
      const withReceipt = await results(poll.id, site.publishableKey, `?receipt=${receipt}`);
      const forged = await results(poll.id, site.publishableKey, `?receipt=rcpt_${'A'.repeat(24)}`);
      const owner = await results(poll.id, site.secretKey);
      assert.equal(srv.hub.cache.misses, misses, 'all four answered from the same cached tally');
      assert.deepEqual([anonymous.json.visible, anonymous.json.totalVotes], [false, null]);
      assert.deepEqual([forged.json.visible, forged.json.totalVotes], [false, null]);
      assert.deepEqual([withReceipt.json.visible, withReceipt.json.totalVotes], [true, 1]);
      assert.deepEqual([owner.json.visible, owner.json.totalVotes], [true, 1]);
    });

    test(`[${engine.name}] another site's key gets not-found, even while the poll is cached`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '다른 사이트' } });
      assert.equal((await results(poll.id)).status, 200);
      const other = await srv.ops.createSite({ name: 'Other', origins: [] });
      const r = await results(poll.id, other.publishableKey);
      assert.equal(r.status, 404, r.text);
    });

    test(`[${engine.name}] a stream subscriber of the voting process gets each vote once`, async () => {
      const poll = await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '한 번만' } });
      const stream = await openStream(`${srv.url}/v1/polls/${poll.id}/results/stream?key=${site.publishableKey}`);
      try {
        assert.equal((await stream.next()).totalVotes, 0);
        await vote(poll.id, 'no', true); // pushed at once, then its own NOTIFY arrives
        const update = await stream.next();
        assert.equal(update.totalVotes, 1);
        // A notification that arrives after the push (as the voting process's own NOTIFY can,
        // a push interval later) finds the same counts: nothing is pushed, so the next event is
        // the next vote's (a repeated push would show totalVotes 1 again).
        await new Promise((r) => setTimeout(r, 300));
        srv.hub.committed(poll.id);
        await new Promise((r) => setTimeout(r, 500));
        await vote(poll.id, 'yes');
        const next = await stream.next();
        assert.equal(next.totalVotes, 2);
        assert.equal(next.options.find((o: any) => o.id === 'yes').votes, 1);
      } finally {
        stream.close();
      }
    });

    test(`[${engine.name}] with the cache disabled every read goes to the database`, async () => {
      const plain = await startTestServer(engine, { resultsCache: false });
      try {
        const s = await plain.ops.createSite({ name: 'No cache', origins: [] });
        const poll = await createPoll(plain.url, s, { kind: 'yes_no', question: { ko: '캐시 없음' } });
        const before = plain.hub.cache.misses;
        for (let i = 0; i < 3; i++) assert.equal((await call(plain.url, `/v1/polls/${poll.id}/results`, { key: s.publishableKey })).status, 200);
        assert.equal(plain.hub.cache.misses, before + 3);
        assert.equal(plain.hub.cache.hits, 0);
      } finally {
        await plain.close();
      }
    });
  });
}

if (process.env.DATABASE_URL) {
  test('[postgres] a vote through another server process invalidates this one through NOTIFY', async () => {
    const database = await freshPostgresDatabase();
    const a = await startTestServer({ name: 'postgres' }, { databaseUrl: database.url });
    const b = await startTestServer({ name: 'postgres' }, { databaseUrl: database.url });
    try {
      const site = await a.ops.createSite({ name: 'Two processes', origins: [] });
      const poll = await createPoll(a.url, site, { kind: 'yes_no', question: { ko: '두 프로세스' } });
      const read = async () => (await call(a.url, `/v1/polls/${poll.id}/results`, { key: site.publishableKey })).json.totalVotes;
      assert.equal(await read(), 0);
      assert.equal(await read(), 0); // cached in A
      const v = await call(b.url, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } });
      assert.equal(v.status, 201, v.text);
      const deadline = Date.now() + 5_000;
      let seen = await read();
      while (seen !== 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await read();
      }
      assert.equal(seen, 1, "A's cached tally was not invalidated by B's vote");
      const closed = await call(b.url, `/v1/polls/${poll.id}`, { method: 'PATCH', key: site.secretKey, body: { status: 'closed' } });
      assert.equal(closed.status, 200, closed.text);
      let status = (await call(a.url, `/v1/polls/${poll.id}/results`, { key: site.publishableKey })).json.status;
      while (status !== 'closed' && Date.now() < deadline + 5_000) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await call(a.url, `/v1/polls/${poll.id}/results`, { key: site.publishableKey })).json.status;
      }
      assert.equal(status, 'closed');
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
}
