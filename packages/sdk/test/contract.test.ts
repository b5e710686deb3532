/**
 * Responses that break the contract. The real server never sends them, so a stub stands in for
 * it, serving a real poll (read from the real server) with one field broken at a time.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { engines } from '@madang/server/testing';
import { createClient, MadangApiError, MadangResponseError, type Poll } from '../src/index.js';
import { createAdminClient } from '../src/admin.js';
import { deviceId, startEnv, startStub, type Env } from './helpers.js';

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk response parsing`, () => {
    let env: Env;
    let poll: Poll;
    let reply: (req: IncomingMessage, res: ServerResponse) => void = () => {};
    let stub: Awaited<ReturnType<typeof startStub>>;
    let client: ReturnType<typeof createClient>;
    before(async () => {
      env = await startEnv(engine);
      poll = await createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey }).polls.get(await env.poll());
      stub = await startStub((req, res) => reply(req, res));
      client = createClient({ baseUrl: stub.url, siteKey: env.site.publishableKey, retry: { limit: 0 } });
    });
    after(async () => {
      await stub.close();
      await env.close();
    });
    const json = (status: number, body: unknown, type = 'application/json') => (_: IncomingMessage, res: ServerResponse) => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    test(`[${e}] the untouched poll parses (the stub itself is sound)`, async () => {
      reply = json(200, poll);
      assert.deepEqual(await client.polls.get(poll.id), poll);
    });

    test(`[${e}] a poll with a broken field is a MadangResponseError carrying the issues`, async () => {
      reply = json(200, { ...poll, status: 'maybe' });
      const err = await client.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(err instanceof MadangResponseError, String(err));
      assert.deepEqual(err.issues.map((i) => i.path), [['status']]);
      assert.match(err.message, /GET \/v1\/polls\/poll_\w+: .*status/);

      const { options: _omit, ...noOptions } = poll;
      reply = json(200, noOptions);
      const missing = await client.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(missing instanceof MadangResponseError);
      assert.deepEqual(missing.issues[0]?.path, ['options']);
    });

    test(`[${e}] a receipt or results breaking the contract are MadangResponseErrors`, async () => {
      reply = json(201, { receiptId: 'not-a-receipt', pollId: poll.id, choices: ['yes'], votedAt: new Date().toISOString(), results: {} });
      const vote = await client.polls.vote(poll.id, { choices: ['yes'], deviceId: deviceId() }).catch((x: unknown) => x);
      assert.ok(vote instanceof MadangResponseError);
      assert.ok(vote.issues.some((i) => i.path[0] === 'receiptId'));
      assert.ok(vote.issues.some((i) => i.path[0] === 'results'));

      reply = json(200, { pollId: poll.id, status: 'open', visible: true, totalVotes: 1.5, options: [], threshold: null, updatedAt: 'yesterday' });
      const results = await client.polls.results(poll.id).catch((x: unknown) => x);
      assert.ok(results instanceof MadangResponseError);
      assert.deepEqual(results.issues.map((i) => i.path[0]).sort(), ['totalVotes', 'updatedAt']);
    });

    test(`[${e}] a body that is not JSON is a MadangResponseError`, async () => {
      reply = json(200, '<html>maintenance</html>', 'text/html');
      const err = await client.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(err instanceof MadangResponseError);
      assert.match(err.message, /not JSON/);
      assert.deepEqual(err.issues, []);
    });

    test(`[${e}] an error body that is not a problem gets a synthesized one`, async () => {
      reply = json(404, { error: 'nope' });
      const err = await client.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.status, 404);
      assert.equal(err.problem.type, 'about:blank');
      assert.equal(err.problem.status, 404);
      assert.equal(err.slug, undefined);

      reply = json(403, { type: 'https://api.example/problems/origin-not-allowed', title: 'no', status: 403, detail: 'not here' }, 'application/problem+json');
      const known = await client.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(known instanceof MadangApiError);
      assert.equal(known.slug, 'origin-not-allowed');
      assert.equal(known.message, 'no: not here');
    });

    test(`[${e}] the admin client parses with the same contract`, async () => {
      reply = json(200, { ...poll, id: 'nope' });
      const admin = createAdminClient({ baseUrl: stub.url, secretKey: env.site.secretKey, retry: { limit: 0 } });
      const err = await admin.polls.get(poll.id).catch((x: unknown) => x);
      assert.ok(err instanceof MadangResponseError);
      assert.deepEqual(err.issues[0]?.path, ['id']);
    });
  });
}
