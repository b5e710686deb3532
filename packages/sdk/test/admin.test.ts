/** The server-side admin client: secret keys only, never in a browser; polls managed over HTTP. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Poll } from '@madang/contracts';
import { engines } from '@madang/server/testing';
import { createAdminClient, MadangApiError, MadangError, newIdempotencyKey } from '../src/admin.js';
import { createClient } from '../src/index.js';
import { deviceId, startEnv, type Env } from './helpers.js';

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] sdk admin client`, () => {
    let env: Env;
    before(async () => {
      env = await startEnv(engine);
    });
    after(() => env.close());

    test(`[${e}] refuses a publishable key, a missing key, and browsers`, () => {
      assert.throws(() => createAdminClient({ baseUrl: env.srv.url, secretKey: env.site.publishableKey }), (x: unknown) => x instanceof MadangError && /secret key/.test(x.message));
      assert.throws(() => createAdminClient({ baseUrl: env.srv.url, secretKey: '' }), MadangError);
      assert.doesNotThrow(() => createAdminClient({ baseUrl: env.srv.url, secretKey: env.site.secretKey }));
      const g = globalThis as Record<string, unknown>;
      g.window = {};
      g.document = {};
      try {
        assert.throws(() => createAdminClient({ baseUrl: env.srv.url, secretKey: env.site.secretKey }), /browser/);
      } finally {
        delete g.window;
        delete g.document;
      }
    });

    test(`[${e}] creates, reads, updates and closes a poll`, async () => {
      const created = await env.admin.polls.create({
        kind: 'multiple',
        question: { ko: '어떤 시설이 필요합니까?' },
        options: [
          { id: 'library', label: { ko: '도서관' } },
          { id: 'park', label: { ko: '공원' } },
          { id: 'gym', label: { ko: '체육관' } },
        ],
        maxChoices: 2,
        resultsVisibility: 'after_close',
      });
      assert.equal(Poll.safeParse(created).success, true);
      assert.equal(created.maxChoices, 2);
      assert.deepEqual(await env.admin.polls.get(created.id), created);

      const updated = await env.admin.polls.update(created.id, { question: { ko: '어떤 시설이 가장 필요합니까?', en: 'Which facility is needed most?' } });
      assert.equal(updated.question.en, 'Which facility is needed most?');

      const client = createClient({ baseUrl: env.srv.url, siteKey: env.site.publishableKey });
      await client.polls.vote(created.id, { choices: ['library', 'park'], deviceId: deviceId() });
      assert.equal((await client.polls.results(created.id)).visible, false);

      const closed = await env.admin.polls.close(created.id, '예산 심의 일정에 따라 마감합니다.');
      assert.equal(closed.status, 'closed');
      const last = closed.history.at(-1);
      assert.equal(last?.state, 'closed');
      assert.equal(last?.note?.ko, '예산 심의 일정에 따라 마감합니다.');

      const results = await env.admin.polls.results(created.id);
      assert.equal(results.visible, true);
      assert.deepEqual(results.options, [
        { id: 'library', votes: 1 },
        { id: 'park', votes: 1 },
        { id: 'gym', votes: 0 },
      ]);
      const late = await client.polls.vote(created.id, { choices: ['gym'], deviceId: deviceId() }).catch((x: unknown) => x);
      assert.ok(late instanceof MadangApiError);
      assert.equal(late.slug, 'poll-closed');
    });

    test(`[${e}] create with the same Idempotency-Key returns the same poll once`, async () => {
      const key = newIdempotencyKey();
      const body = { kind: 'yes_no', question: { ko: '가로등을 늘릴까요?' } } as const;
      const a = await env.admin.polls.create(body, { idempotencyKey: key });
      const b = await env.admin.polls.create(body, { idempotencyKey: key });
      assert.equal(b.id, a.id);
      const c = await env.admin.polls.create(body);
      assert.notEqual(c.id, a.id);
    });

    test(`[${e}] an invalid poll is a 422 naming the field`, async () => {
      const err = await env.admin.polls
        .create({ kind: 'yes_no', question: { ko: '질문' }, threshold: { optionId: 'maybe', count: 10 } })
        .catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError, String(err));
      assert.equal(err.status, 422);
      assert.equal(err.slug, 'validation');
      assert.equal(err.field, 'threshold.optionId');
    });

    test(`[${e}] a publishable key cannot create polls`, async () => {
      // Bypasses the constructor's check to show the server refuses too.
      const admin = createAdminClient({ baseUrl: env.srv.url, secretKey: 'sk_' });
      const err = await admin.polls.create({ kind: 'yes_no', question: { ko: '질문' } }).catch((x: unknown) => x);
      assert.ok(err instanceof MadangApiError);
      assert.equal(err.status, 401);
      assert.equal(err.slug, 'unauthorized');
    });
  });
}
