/**
 * examples/voter-token against a real Madang server: the example's own signing function and its
 * host-site login produce voter tokens that the API accepts for a verified poll (201), and a
 * token signed with the wrong secret or for another site is refused (401 invalid-voter-token).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PollCreate } from '@madang/contracts';
import { engines, startTestServer } from '@madang/server/testing';
import { createClient, MadangApiError } from '../src/index.js';
import { createAdminClient } from '../src/admin.js';

interface TokenModule {
  signVoterToken(o: { subject: string; secret: string; audience: string; expiresIn?: string | number }): Promise<string>;
}
interface ServerModule {
  EXAMPLE_POLL: PollCreate;
  startHostSite(o: {
    api: string;
    siteKey: string;
    pollId: string;
    voterSecret: string;
    voterAudience: string;
    port?: number;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

const example = (file: string) => new URL(`../../../examples/voter-token/${file}`, import.meta.url).href;

for (const engine of engines()) {
  const e = engine.name;
  describe(`[${e}] examples/voter-token`, () => {
    let srv: Awaited<ReturnType<typeof startTestServer>>;
    let token: TokenModule;
    let host: ServerModule;
    let site: Awaited<ReturnType<typeof srv.ops.createSite>>;
    let pollId: string;
    let client: ReturnType<typeof createClient>;

    before(async () => {
      token = (await import(example('token.mjs'))) as TokenModule;
      host = (await import(example('server.mjs'))) as ServerModule;
      srv = await startTestServer(engine);
      site = await srv.ops.createSite({ name: '예제 부처', origins: [] });
      const admin = createAdminClient({ baseUrl: srv.url, secretKey: site.secretKey });
      const poll = await admin.polls.create(host.EXAMPLE_POLL);
      assert.equal(poll.voterPolicy, 'verified');
      pollId = poll.id;
      client = createClient({ baseUrl: srv.url, siteKey: site.publishableKey });
    });
    after(() => srv?.close());

    const sign = (subject: string, over: { secret?: string; audience?: string } = {}) =>
      token.signVoterToken({ subject, secret: over.secret ?? site.voterTokenSecret, audience: over.audience ?? site.voterTokenAudience });

    test(`[${e}] a token from signVoterToken casts a vote through the SDK (201 with a receipt)`, async () => {
      const receipt = await client.polls.vote(pollId, { choices: ['yes'], voterToken: await sign(`citizen-${randomUUID()}`) });
      assert.match(receipt.receiptId, /^rcpt_/);

      // The same, as raw HTTP, to see the status itself.
      const res = await fetch(`${srv.url}/v1/polls/${pollId}/votes`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${site.publishableKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: JSON.stringify({ choices: ['no'], voterToken: await sign(`citizen-${randomUUID()}`) }),
      });
      assert.equal(res.status, 201);
    });

    test(`[${e}] a token signed with a wrong secret, or for another site, is refused with 401 invalid-voter-token`, async () => {
      const other = await srv.ops.createSite({ name: '다른 부처', origins: [] });
      const bad = {
        'wrong secret': await sign('citizen-x', { secret: other.voterTokenSecret }),
        'another site’s audience': await sign('citizen-x', { audience: other.voterTokenAudience }),
        'expired': await token.signVoterToken({ subject: 'citizen-x', secret: site.voterTokenSecret, audience: site.voterTokenAudience, expiresIn: -60 }),
      };
      for (const [why, voterToken] of Object.entries(bad)) {
        await assert.rejects(
          client.polls.vote(pollId, { choices: ['yes'], voterToken }),
          (err: unknown) => {
            assert.ok(err instanceof MadangApiError, why);
            assert.equal(err.status, 401, why);
            assert.equal(err.slug, 'invalid-voter-token', why);
            assert.equal(err.field, 'voterToken', why);
            return true;
          },
          why,
        );
      }
    });

    test(`[${e}] the host site: sign in, GET /voter-token, vote once per citizen; no token before sign-in or in the HTML`, async () => {
      const site2 = await host.startHostSite({
        api: srv.url,
        siteKey: site.publishableKey,
        pollId,
        voterSecret: site.voterTokenSecret,
        voterAudience: site.voterTokenAudience,
        port: 0,
      });
      try {
        assert.equal((await fetch(`${site2.url}/voter-token`)).status, 401);

        const page = await fetch(`${site2.url}/`);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self' http:\/\/127\.0\.0\.1:\d+/);
        const html = await page.text();
        assert.ok(html.includes(`<madang-poll api="${new URL(srv.url).origin}" site-key="${site.publishableKey}" poll="${pollId}">`), html);

        const login = (user: string, password: string) =>
          fetch(`${site2.url}/login`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ user, password }).toString(),
          });
        const wrong = await login('kim', 'nope');
        assert.equal(wrong.status, 303);
        assert.equal(wrong.headers.get('location'), '/?error=1');
        assert.equal(wrong.headers.get('set-cookie'), null);

        const tokenFor = async (user: string) => {
          const res = await login(user, 'demo');
          assert.equal(res.status, 303);
          const cookie = res.headers.get('set-cookie')!;
          assert.match(cookie, /^sid=[\w-]+; HttpOnly; SameSite=Lax; Path=\//);
          const headers = { Cookie: cookie.split(';')[0] };
          const signedIn = await (await fetch(`${site2.url}/`, { headers })).text();
          assert.ok(!/eyJ/.test(signedIn), 'the token is not in the HTML');
          assert.ok(signedIn.includes('<script type="module" src="/page.js">'));
          const t = await fetch(`${site2.url}/voter-token`, { headers });
          assert.equal(t.status, 200);
          assert.equal(t.headers.get('cache-control'), 'no-store');
          const body = (await t.json()) as { token: string; expiresIn: number };
          assert.equal(body.expiresIn, 600);
          return body.token;
        };

        const kim = await tokenFor('kim');
        const counted = (await client.polls.results(pollId)).totalVotes ?? 0;
        const receipt = await client.polls.vote(pollId, { choices: ['yes'], voterToken: kim });
        assert.match(receipt.receiptId, /^rcpt_/);
        assert.equal(receipt.results.totalVotes, counted + 1);

        // Another token for the same citizen (another sign-in, another device) is still the same voter.
        await assert.rejects(client.polls.vote(pollId, { choices: ['no'], voterToken: await tokenFor('kim') }), (err: unknown) => {
          assert.ok(err instanceof MadangApiError);
          assert.equal(err.status, 409);
          assert.equal(err.slug, 'already-voted');
          return true;
        });

        const lee = await client.polls.vote(pollId, { choices: ['no'], voterToken: await tokenFor('lee') });
        assert.equal(lee.results.totalVotes, counted + 2);
      } finally {
        await site2.close();
      }
    });
  });
}
