/** polls.subscribe against the real server's results stream (fetch streaming, no EventSource). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PollResults } from '@madang/contracts';
import { engines } from '@madang/server/testing';
import { createClient, MadangApiError, MadangResponseError, type MadangError } from '../src/index.js';
import { countingFetch, deviceId, Inbox, sleep, startEnv, startProxy, startStub, until, type Env, type Proxy } from './helpers.js';

type Status = 'connecting' | 'open' | 'reconnecting' | 'closed';

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk subscribe`, () => {
    let env: Env;
    let client: ReturnType<typeof createClient>;
    const cleanup: (() => unknown)[] = [];
    before(async () => {
      env = await startEnv(engine);
      client = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });
    });
    after(async () => {
      for (const c of cleanup) await c();
      await env.close();
    });

    function watch(c: ReturnType<typeof createClient>, id: string, receipt?: string) {
      const results = new Inbox<PollResults>();
      const statuses = new Inbox<Status>();
      const errors = new Inbox<MadangError>();
      const unsubscribe = c.polls.subscribe(id, results.push, { receipt, onStatus: statuses.push, onError: errors.push });
      cleanup.push(unsubscribe);
      return { results, statuses, errors, unsubscribe };
    }

    test(`[${e}] delivers the current results at once, then a live update after a vote`, async () => {
      const id = await env.poll();
      const w = watch(client, id);
      const first = await w.results.next();
      assert.equal(first.pollId, id);
      assert.equal(first.totalVotes, 0);
      assert.deepEqual(w.statuses.all.slice(0, 2), ['connecting', 'open']);
      await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      const live = await w.results.next((r) => r.totalVotes === 1);
      assert.deepEqual(live.options, [
        { id: 'yes', votes: 1 },
        { id: 'no', votes: 0 },
      ]);
      assert.equal(live.threshold?.current, 1);
      w.unsubscribe();
      assert.equal(w.statuses.all.at(-1), 'closed');
      assert.equal(w.errors.all.length, 0);
    });

    test(`[${e}] reconnects after the connection drops and keeps delivering`, async () => {
      const id = await env.poll();
      const proxy: Proxy = await startProxy(env.srv.url);
      cleanup.push(() => proxy.close());
      const c = createClient({ baseUrl: proxy.url, siteKey: env.site.publishableKey });
      const w = watch(c, id);
      await w.results.next();
      proxy.dropConnections();
      await w.statuses.next((s) => s === 'reconnecting');
      await w.statuses.next((s) => s === 'open');
      const again = await w.results.next(); // the fresh connection's initial results
      assert.equal(again.totalVotes, 0);
      await client.polls.vote(id, { choices: ['no'], deviceId: deviceId() });
      await w.results.next((r) => r.totalVotes === 1);
      assert.equal(proxy.seen.filter((s) => s.url.includes('/results/stream')).length, 2);
      assert.equal(w.errors.all.length, 0);
      w.unsubscribe();
    });

    test(`[${e}] reconnects when the server ends the stream or answers 503`, async () => {
      const id = await env.poll();
      let n = 0;
      // 1st: passes through and is then ended cleanly by the proxy; 2nd: 503; 3rd: passes through.
      const proxy: Proxy = await startProxy(env.srv.url, () => (++n === 2 ? { status: 503, body: 'starting' } : 'forward'));
      cleanup.push(() => proxy.close());
      const c = createClient({ baseUrl: proxy.url, siteKey: env.site.publishableKey });
      const w = watch(c, id);
      await w.results.next();
      proxy.endStreams();
      await w.results.next();
      assert.equal(n, 3);
      assert.equal(w.errors.all.length, 0);
      w.unsubscribe();
    });

    test(`[${e}] sends the receipt, so after_vote polls stream visible counts`, async () => {
      const id = await env.poll({ resultsVisibility: 'after_vote' });
      const receipt = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      const anon = watch(client, id);
      const voter = watch(client, id, receipt.receiptId);
      const hidden = await anon.results.next();
      const shown = await voter.results.next();
      assert.equal(hidden.visible, false);
      assert.equal(hidden.totalVotes, null);
      assert.equal(shown.visible, true);
      assert.equal(shown.totalVotes, 1);
      anon.unsubscribe();
      voter.unsubscribe();
    });

    test(`[${e}] an unknown poll stops the subscription with a 404 MadangApiError, without retrying`, async () => {
      const counter = countingFetch();
      const c = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey, fetch: counter.fetch });
      const w = watch(c, 'poll_doesNotExist0000');
      const err = await w.errors.next();
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.status, 404);
      assert.equal(err.slug, 'not-found');
      await w.statuses.next((s) => s === 'closed');
      await sleep(700); // longer than the first reconnect delay: nothing may follow
      assert.equal(counter.calls.length, 1);
      assert.equal(w.results.all.length, 0);
      assert.equal(counter.calls[0].headers.get('authorization'), `Bearer ${env.site.publishableKey}`);
    });

    test(`[${e}] an unknown key stops the subscription with a 401`, async () => {
      const c = createClient({ baseUrl: env.srv.url, siteKey: 'pk_unknown000000000000' });
      const w = watch(c, await env.poll());
      const err = await w.errors.next();
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.slug, 'unauthorized');
      assert.equal(w.statuses.all.at(-1), 'closed');
    });

    test(`[${e}] unsubscribe stops reconnecting and delivers nothing more`, async () => {
      const id = await env.poll();
      const proxy: Proxy = await startProxy(env.srv.url);
      cleanup.push(() => proxy.close());
      const c = createClient({ baseUrl: proxy.url, siteKey: env.site.publishableKey });
      const w = watch(c, id);
      await w.results.next();
      proxy.dropConnections();
      await w.statuses.next((s) => s === 'reconnecting');
      w.unsubscribe(); // during the backoff wait
      const attempts = proxy.seen.length;
      await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      await sleep(700);
      assert.equal(proxy.seen.length, attempts);
      assert.equal(w.results.all.length, 1);
      assert.equal(w.statuses.all.at(-1), 'closed');
      assert.equal(w.statuses.all.filter((s) => s === 'closed').length, 1);

      // And while open: the connection is closed and no update arrives.
      const w2 = watch(client, id);
      await w2.results.next();
      assert.equal(env.srv.hub.subscriberCount, 1);
      w2.unsubscribe();
      // The server sees the connection go away (it would otherwise only notice at its next ping).
      await until(() => env.srv.hub.subscriberCount === 0, 3_000, 'the server dropping its subscriber');
      await client.polls.vote(id, { choices: ['no'], deviceId: deviceId() });
      await sleep(300);
      assert.equal(w2.results.all.length, 1);
      assert.deepEqual(w2.statuses.all, ['connecting', 'open', 'closed']);
    });

    test(`[${e}] an event breaking the contract is reported and skipped; a non-stream answer stops`, async () => {
      const good: PollResults = {
        pollId: 'poll_stub00000000',
        status: 'open',
        visible: true,
        totalVotes: 2,
        options: [{ id: 'yes', votes: 2 }],
        threshold: null,
        updatedAt: new Date().toISOString(),
      };
      const stub = await startStub((req, res) => {
        if (req.url!.includes('poll_json')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify(good));
        }
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': ping\n\n');
        res.write(`event: results\ndata: ${JSON.stringify({ ...good, totalVotes: -1 })}\n\n`);
        res.write(`event: other\ndata: {}\n\n`);
        res.write(`event: results\ndata: ${JSON.stringify(good)}\n\n`);
      });
      cleanup.push(() => stub.close());
      const c = createClient({ baseUrl: stub.url, siteKey: 'pk_stub' });
      const w = watch(c, 'poll_stub00000000');
      const r = await w.results.next();
      assert.equal(r.totalVotes, 2);
      assert.equal(w.results.all.length, 1);
      const err = await w.errors.next();
      assert.ok(err instanceof MadangResponseError);
      assert.deepEqual(err.issues[0]?.path, ['totalVotes']);
      assert.equal(w.statuses.all.at(-1), 'open');
      w.unsubscribe();

      const j = watch(c, 'poll_json00000000');
      const notStream = await j.errors.next();
      assert.ok(notStream instanceof MadangResponseError);
      assert.match(notStream.message, /text\/event-stream/);
      assert.equal(j.statuses.all.at(-1), 'closed');
    });
  });
}
