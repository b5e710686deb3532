/**
 * Retries against the real server through a proxy that drops connections or answers for it:
 * one Idempotency-Key per vote() call across all attempts, Retry-After honoured and capped,
 * 4xx (other than 429) final.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { engines } from '@madang/server/testing';
import { createClient, MadangApiError } from '../src/index.js';
import { countingFetch, deviceId, startEnv, startProxy, type Action, type Env, type Proxy, type Seen } from './helpers.js';

const isVote = (s: Seen) => s.method === 'POST' && s.url.endsWith('/votes');
const problem = (slug: string, status: number, headers: Record<string, string> = {}): Action => ({
  status,
  headers: { 'content-type': 'application/problem+json', ...headers },
  body: JSON.stringify({ type: `/problems/${slug}`, title: slug, status }),
});

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk retries`, () => {
    let env: Env;
    const proxies: Proxy[] = [];
    before(async () => {
      env = await startEnv(engine);
    });
    after(async () => {
      for (const p of proxies) await p.close();
      await env.close();
    });

    /** A client talking to the server through a proxy that applies `plan[n-1]` to the nth matching request. */
    async function through(match: (s: Seen) => boolean, plan: Action[], retry = { limit: 3, backoffLimitMs: 50 }) {
      let n = 0;
      const proxy = await startProxy(env.srv.url, (s) => (match(s) ? (plan[n++] ?? 'forward') : 'forward'));
      proxies.push(proxy);
      const client = createClient({ baseUrl: proxy.url, siteKey: env.site.publishableKey, retry });
      return { proxy, client, matching: () => proxy.seen.filter(match) };
    }

    test(`[${e}] a vote whose response is lost is retried with the same Idempotency-Key and counted once`, async () => {
      const id = await env.poll();
      const { client, matching } = await through(isVote, ['forward-then-drop']);
      const receipt = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      const [first, second] = matching();
      assert.equal(matching().length, 2);
      const key = first.headers['idempotency-key'];
      assert.ok(key && key.length >= 8);
      assert.equal(second.headers['idempotency-key'], key);
      assert.equal(second.body, first.body);
      // The server recorded the first attempt; the retry got the stored response back.
      assert.equal(first.upstream?.status, 201);
      assert.equal(JSON.parse(first.upstream!.body).receiptId, receipt.receiptId);
      assert.equal(second.upstream?.headers['idempotent-replayed'], 'true');
      assert.equal((await client.polls.results(id)).totalVotes, 1);
    });

    test(`[${e}] a vote whose connection fails before reaching the server is retried with the same key`, async () => {
      const id = await env.poll();
      const { client, matching } = await through(isVote, ['drop', 'drop']);
      const receipt = await client.polls.vote(id, { choices: ['no'], deviceId: deviceId() });
      const seen = matching();
      assert.equal(seen.length, 3);
      assert.equal(new Set(seen.map((s) => s.headers['idempotency-key'])).size, 1);
      assert.equal(seen[2].upstream?.status, 201);
      assert.equal(seen[2].upstream?.headers['idempotent-replayed'], undefined);
      assert.deepEqual(receipt.choices, ['no']);
    });

    test(`[${e}] GETs are retried after a dropped connection and a 5xx`, async () => {
      const id = await env.poll();
      const isGet = (s: Seen) => s.method === 'GET';
      const { client, matching } = await through(isGet, ['drop', { status: 503, body: 'overloaded' }, problem('internal', 500)]);
      const poll = await client.polls.get(id);
      assert.equal(poll.id, id);
      assert.equal(matching().length, 4);
    });

    test(`[${e}] a 429 with Retry-After is waited out, then the vote succeeds`, { timeout: 10_000 }, async () => {
      const id = await env.poll();
      const { client, matching } = await through(isVote, [problem('rate-limited', 429, { 'retry-after': '1' })], { limit: 3, backoffLimitMs: 5_000 });
      const t0 = performance.now();
      const receipt = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      const waited = performance.now() - t0;
      assert.match(receipt.receiptId, /^rcpt_/);
      const [first, second] = matching();
      assert.equal(matching().length, 2);
      assert.equal(second.headers['idempotency-key'], first.headers['idempotency-key']);
      // One-sided: the retry cannot have come before the server's Retry-After (the default backoff is 0.3 s).
      assert.ok(waited >= 950, `retried after ${waited} ms`);
    });

    test(`[${e}] a long Retry-After is capped by backoffLimitMs`, { timeout: 5_000 }, async () => {
      const id = await env.poll();
      const { client, matching } = await through(isVote, [problem('rate-limited', 429, { 'retry-after': '3600' })], { limit: 1, backoffLimitMs: 50 });
      const receipt = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() });
      assert.equal(receipt.pollId, id);
      assert.equal(matching().length, 2);
    });

    test(`[${e}] a 409 idempotency-key-in-use is retried; other 409s are final`, async () => {
      const id = await env.poll();
      const { client, matching } = await through(isVote, [problem('idempotency-key-in-use', 409, { 'retry-after': '0' })]);
      const dev = deviceId();
      await client.polls.vote(id, { choices: ['yes'], deviceId: dev });
      assert.equal(matching().length, 2);
      const err = await client.polls.vote(id, { choices: ['yes'], deviceId: dev }).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.slug, 'already-voted');
      assert.equal(matching().length, 3);
    });

    test(`[${e}] 5xx until the retries run out is a MadangApiError with a synthesized problem`, async () => {
      const id = await env.poll();
      const gateway: Action = { status: 502, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Gateway</h1>' };
      const { client, matching } = await through(isVote, [gateway, gateway, gateway], { limit: 2, backoffLimitMs: 20 });
      const err = await client.polls.vote(id, { choices: ['yes'], deviceId: deviceId() }).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError, String(err));
      assert.equal(err.status, 502);
      assert.equal(err.slug, undefined);
      assert.equal(err.problem.type, 'about:blank');
      assert.equal(err.problem.status, 502);
      assert.match(err.problem.detail ?? '', /Bad Gateway/);
      assert.equal(matching().length, 3);
      assert.equal(new Set(matching().map((s) => s.headers['idempotency-key'])).size, 1);
    });
  });

  describe(`[${e}] sdk against the server's rate limit`, () => {
    let env: Env;
    before(async () => {
      env = await startEnv(engine, { rateLimit: { perIpPerMinute: 3, perSitePerMinute: 1_000_000 } });
    });
    after(() => env.close());

    test(`[${e}] the server's 429 is retried within the limit, then surfaces as rate-limited`, { timeout: 5_000 }, async () => {
      const id = await env.poll(); // request 1 of 3
      const counter = countingFetch();
      const client = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey, fetch: counter.fetch, retry: { limit: 1, backoffLimitMs: 30 } });
      await client.polls.get(id); // 2
      await client.polls.get(id); // 3
      assert.equal(counter.calls.length, 2);
      const err = await client.polls.get(id).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError, String(err));
      assert.equal(err.status, 429);
      assert.equal(err.slug, 'rate-limited');
      assert.equal(counter.calls.length, 4); // the refused attempt and its one retry
    });
  });
}
