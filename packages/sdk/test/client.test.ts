/** The browser client against a real server: parsing, receipts, and errors as MadangApiError. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Poll, PollResults, VoteReceipt } from '@madang/contracts';
import { engines } from '@madang/server/testing';
import { createClient, MadangApiError, MadangError, MadangNetworkError, newIdempotencyKey } from '../src/index.js';
import { countingFetch, deviceId, startEnv, startStub, voterToken, type Env } from './helpers.js';

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk client`, () => {
    let env: Env;
    let client: ReturnType<typeof createClient>;
    before(async () => {
      env = await startEnv(engine);
      client = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });
    });
    after(() => env.close());

    test(`[${e}] polls.get returns the poll parsed by the contract`, async () => {
      const id = await env.poll();
      const poll = await client.polls.get(id);
      assert.equal(Poll.safeParse(poll).success, true);
      assert.equal(poll.id, id);
      assert.equal(poll.kind, 'yes_no');
      assert.equal(poll.status, 'open');
      assert.deepEqual(poll.options.map((o) => o.id), ['yes', 'no']);
      assert.deepEqual(poll.threshold, { optionId: 'yes', count: 3 });
      assert.equal(poll.question.ko, '주민참여예산으로 놀이터를 고칠까요?');
    });

    test(`[${e}] polls.vote returns a receipt and polls.results counts the vote`, async () => {
      const id = await env.poll();
      const before = await client.polls.results(id);
      assert.equal(before.totalVotes, 0);
      const receipt = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      assert.equal(VoteReceipt.safeParse(receipt).success, true);
      assert.match(receipt.receiptId, /^rcpt_/);
      assert.equal(receipt.pollId, id);
      assert.deepEqual(receipt.choices, ['yes']);
      assert.equal(receipt.results.totalVotes, 1);
      const results = await client.polls.results(id);
      assert.equal(PollResults.safeParse(results).success, true);
      assert.equal(results.visible, true);
      assert.equal(results.totalVotes, 1);
      assert.deepEqual(results.options, [
        { id: 'yes', votes: 1 },
        { id: 'no', votes: 0 },
      ]);
      assert.deepEqual(results.threshold, { optionId: 'yes', count: 3, current: 1, forwardedAt: null });
    });

    test(`[${e}] polls.results passes the receipt, which shows after_vote results`, async () => {
      const id = await env.poll({ resultsVisibility: 'after_vote' });
      const receipt = await client.polls.vote(id, { choices: ['no'], deviceId: deviceId() });
      const hidden = await client.polls.results(id);
      assert.equal(hidden.visible, false);
      assert.equal(hidden.totalVotes, null);
      assert.deepEqual(hidden.options, []);
      const shown = await client.polls.results(id, { receipt: receipt.receiptId });
      assert.equal(shown.visible, true);
      assert.equal(shown.totalVotes, 1);
    });

    test(`[${e}] a verified poll takes a voter token signed with the site's secret`, async () => {
      const id = await env.poll({ voterPolicy: 'verified' });
      const missing = await client.polls.vote(id, { choices: ['yes'] }).catch((x: unknown) => x);
      assert.ok(missing instanceof MadangApiError);
      assert.equal(missing.status, 401);
      assert.equal(missing.slug, 'voter-token-required');
      assert.equal(missing.field, 'voterToken');
      const token = await voterToken(env.site, 'citizen-42');
      const receipt = await client.polls.vote(id, { choices: ['yes'], voterToken: token });
      assert.equal(receipt.results.totalVotes, 1);
      const again = await client.polls.vote(id, { choices: ['no'], voterToken: await voterToken(env.site, 'citizen-42') }).catch((x: unknown) => x);
      assert.ok(again instanceof MadangApiError);
      assert.equal(again.status, 409);
      assert.equal(again.slug, 'already-voted');
    });

    test(`[${e}] an unknown option is a 422 MadangApiError naming the field, not retried`, async () => {
      const id = await env.poll();
      const counter = countingFetch();
      const c = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey, fetch: counter.fetch });
      const err = await c.polls.vote(id, { choices: ['maybe'], deviceId: deviceId() }).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError, String(err));
      assert.ok(err instanceof MadangError);
      assert.equal(err.status, 422);
      assert.equal(err.slug, 'validation');
      assert.match(err.field ?? '', /^choices(\.0)?$/);
      assert.equal(err.problem.type, '/problems/validation');
      assert.equal(err.problem.status, 422);
      assert.match(err.problem.errors?.[0]?.detail ?? '', /maybe/);
      assert.equal(counter.calls.length, 1);
    });

    test(`[${e}] an unknown poll is a 404 not-found for get, results and vote`, async () => {
      const missing = 'poll_doesNotExist0000';
      for (const call of [
        () => client.polls.get(missing),
        () => client.polls.results(missing),
        () => client.polls.vote(missing, { choices: ['yes'], deviceId: deviceId() }),
      ]) {
        const err = await call().catch((x: unknown) => x);
        assert.ok(err instanceof MadangApiError, String(err));
        assert.equal(err.status, 404);
        assert.equal(err.slug, 'not-found');
        assert.equal(err.field, undefined);
      }
    });

    test(`[${e}] an unknown key is a 401 unauthorized, not retried`, async () => {
      const counter = countingFetch();
      const c = createClient({ baseUrl: env.srv.url, siteKey: 'pk_unknown000000000000', fetch: counter.fetch });
      const err = await c.polls.get(await env.poll()).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.status, 401);
      assert.equal(err.slug, 'unauthorized');
      assert.equal(counter.calls.length, 1);
    });

    test(`[${e}] the key travels as a Bearer token and each vote() call gets its own Idempotency-Key`, async () => {
      const id = await env.poll();
      const counter = countingFetch();
      const c = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey, fetch: counter.fetch });
      await c.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      await c.polls.vote(id, { choices: ['no'], deviceId: deviceId() });
      const [a, b] = counter.calls;
      assert.equal(a.headers.get('authorization'), `Bearer ${env.site.publishableKey}`);
      assert.equal(a.method, 'POST');
      assert.match(a.headers.get('idempotency-key') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(a.headers.get('idempotency-key'), b.headers.get('idempotency-key'));
    });

    test(`[${e}] a caller's Idempotency-Key replays the same receipt; reused with another body it is refused`, async () => {
      const id = await env.poll();
      const key = newIdempotencyKey();
      const dev = deviceId();
      const first = await client.polls.vote(id, { choices: ['yes'], deviceId: dev }, { idempotencyKey: key });
      const replay = await client.polls.vote(id, { choices: ['yes'], deviceId: dev }, { idempotencyKey: key });
      assert.deepEqual(replay, first);
      assert.equal((await client.polls.results(id)).totalVotes, 1);
      const err = await client.polls.vote(id, { choices: ['no'], deviceId: dev }, { idempotencyKey: key }).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.status, 422);
      assert.equal(err.slug, 'idempotency-key-reused');
    });

    test(`[${e}] an unreachable server is a MadangNetworkError after the configured retries`, async () => {
      const stub = await startStub(() => {});
      const deadUrl = stub.url;
      await stub.close(); // nothing listens on that port any more
      const counter = countingFetch();
      const c = createClient({ baseUrl: deadUrl, siteKey: env.site.publishableKey, fetch: counter.fetch, retry: { limit: 2, backoffLimitMs: 20 } });
      const err = await c.polls.get('poll_whatever0000').catch((x: unknown) => x);
      assert.ok(err instanceof MadangNetworkError, String(err));
      assert.ok(err.cause instanceof Error);
      assert.equal(counter.calls.length, 3);
    });

    test(`[${e}] a server that does not answer in time is a MadangNetworkError`, async () => {
      const stub = await startStub(() => {}); // accepts, never answers
      try {
        const c = createClient({ baseUrl: stub.url, siteKey: env.site.publishableKey, timeoutMs: 100, retry: { limit: 1, backoffLimitMs: 10 } });
        const err = await c.polls.get('poll_whatever0000').catch((x: unknown) => x);
        assert.ok(err instanceof MadangNetworkError, String(err));
        assert.match(err.message, /timed out/);
        assert.equal(stub.requests(), 2);
      } finally {
        await stub.close();
      }
    });

    test(`[${e}] a body that stops arriving times out too, not only the wait for the headers`, { timeout: 5_000 }, async () => {
      const stub = await startStub((_, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"id":'); // and nothing more
      });
      try {
        const c = createClient({ baseUrl: stub.url, siteKey: env.site.publishableKey, timeoutMs: 100, retry: { limit: 0 } });
        const err = await c.polls.get('poll_whatever0000').catch((x: unknown) => x);
        assert.ok(err instanceof MadangNetworkError, String(err));
        assert.match(err.message, /timed out/);
      } finally {
        await stub.close();
      }
    });

    test(`[${e}] a 5xx whose body stops arriving is still retried, and the retry's answer is used`, { timeout: 5_000 }, async () => {
      const poll = await client.polls.get(await env.poll());
      const stub = await startStub((_, res, n) => {
        if (n === 1) {
          res.writeHead(503, { 'content-type': 'application/problem+json' });
          return void res.write('{"type":'); // and nothing more
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(poll));
      });
      try {
        const c = createClient({ baseUrl: stub.url, siteKey: env.site.publishableKey, timeoutMs: 100, retry: { limit: 1, backoffLimitMs: 10 } });
        assert.deepEqual(await c.polls.get(poll.id), poll);
        assert.equal(stub.requests(), 2);
      } finally {
        await stub.close();
      }
    });

    test(`[${e}] an error that is not a network failure (here from the caller's fetch) is neither retried nor wrapped`, async () => {
      let calls = 0;
      const bug = new RangeError('bug in a fetch wrapper');
      const c = createClient({
        baseUrl: env.srv.url,
        siteKey: env.site.publishableKey,
        fetch: async () => {
          calls++;
          throw bug;
        },
        retry: { limit: 2, backoffLimitMs: 10 },
      });
      await assert.rejects(c.polls.get('poll_whatever0000'), (x) => x === bug);
      assert.equal(calls, 1);
    });

    test(`[${e}] the caller's abort rejects with the signal's reason, unwrapped`, async () => {
      const stub = await startStub(() => {});
      try {
        const c = createClient({ baseUrl: stub.url, siteKey: env.site.publishableKey });
        const ctrl = new AbortController();
        const pending = c.polls.results('poll_whatever0000', { signal: ctrl.signal });
        const reason = new Error('user left the page');
        setTimeout(() => ctrl.abort(reason), 20);
        await assert.rejects(pending, (x) => x === reason);
      } finally {
        await stub.close();
      }
    });

    test(`[${e}] createClient validates its options`, () => {
      assert.throws(() => createClient({ baseUrl: 'not a url', siteKey: 'pk_x' }), MadangError);
      assert.throws(() => createClient({ baseUrl: 'ftp://example.com', siteKey: 'pk_x' }), MadangError);
      assert.throws(() => createClient({ baseUrl: env.srv.url, siteKey: '' }), MadangError);
      const g = globalThis as Record<string, unknown>;
      g.window = {};
      g.document = {};
      try {
        assert.throws(() => createClient({ baseUrl: env.srv.url, siteKey: env.site.secretKey }), /secret key/);
        assert.doesNotThrow(() => createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey }));
      } finally {
        delete g.window;
        delete g.document;
      }
    });

    test(`[${e}] newIdempotencyKey gives distinct v4 UUIDs`, () => {
      const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
      // Pages served over plain http have no crypto.randomUUID (secure contexts only): the fallback.
      Object.defineProperty(globalThis.crypto, 'randomUUID', { value: undefined, configurable: true });
      try {
        for (let i = 0; i < 50; i++) keys.add(newIdempotencyKey());
      } finally {
        delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
      }
      assert.equal(typeof globalThis.crypto.randomUUID, 'function');
      assert.equal(keys.size, 100);
      for (const k of keys) assert.match(k, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });
  });
}
