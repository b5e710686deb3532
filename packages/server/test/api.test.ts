import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { SiteCreated } from '@madang/contracts';
import { engines, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { requestHash } from '../src/idempotency.js';
import { call, createPoll, deviceId, openStream, unsignedToken, voterToken } from './helpers.js';

const ORIGIN = 'https://www.example.go.kr';

/** Every error is a 4xx problem+json naming what is wrong, never a 5xx or a stack trace. */
function assertProblem(r: Awaited<ReturnType<typeof call>>, status: number, slug: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${slug}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.json.type, `/problems/${slug}`);
  assert.equal(r.json.status, status);
  assert.ok(r.json.title);
  assert.doesNotMatch(r.text, /\bat .*\.(ts|js):\d+/, 'no stack trace');
  if (field) assert.equal(r.json.field, field, `field in ${r.text}`);
}

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('API'), () => {
    let srv: MadangServer;
    let base: string;
    let a: SiteCreated;
    let b: SiteCreated;
    let yesNo: { id: string };
    let multi: { id: string };
    let verified: { id: string };

    before(async () => {
      srv = await startTestServer(engine);
      base = srv.url;
      a = await srv.ops.createSite({ name: 'Site A', origins: [ORIGIN] });
      b = await srv.ops.createSite({ name: 'Site B', origins: ['https://other.example.kr'] });
      yesNo = await createPoll(base, a, { kind: 'yes_no', question: { ko: '찬성하십니까?', en: 'Do you agree?' }, threshold: { optionId: 'yes', count: 2 } });
      multi = await createPoll(base, a, {
        kind: 'multiple',
        question: { ko: '두 개까지 고르세요' },
        options: ['a', 'b', 'c', 'd'].map((id) => ({ id, label: { ko: id.toUpperCase() } })),
        minChoices: 1,
        maxChoices: 2,
      });
      verified = await createPoll(base, a, { kind: 'yes_no', question: { ko: '본인 확인 투표' }, voterPolicy: 'verified' });
    });
    after(() => srv.close());

    test(t('health and the OpenAPI document'), async () => {
      const h = await call(base, '/v1/health');
      assert.equal(h.status, 200);
      assert.deepEqual({ status: h.json.status, database: h.json.database }, { status: 'ok', database: engine.name });
      const doc = await call(base, '/openapi.json');
      assert.equal(doc.json.openapi, '3.1.0');
      for (const p of ['/v1/polls', '/v1/polls/{id}', '/v1/polls/{id}/votes', '/v1/polls/{id}/results', '/v1/polls/{id}/results/stream']) {
        assert.ok(doc.json.paths[p], `path ${p}`);
      }
      assert.ok(doc.json.components.schemas.Problem);
      const ref = await call(base, '/reference');
      assert.equal(ref.status, 200);
      assert.match(ref.text, /<script src="\/reference\/scalar\.js"><\/script>/);
      assert.equal((await fetch(base + '/reference/scalar.js')).status, 200);
    });

    test(t('a poll is created with defaults and read back with its public history'), async () => {
      const p = await call(base, `/v1/polls/${yesNo.id}`, { key: a.publishableKey });
      assert.equal(p.status, 200);
      assert.equal(p.json.kind, 'yes_no');
      assert.deepEqual(p.json.options.map((o: any) => o.id), ['yes', 'no']);
      assert.equal(p.json.status, 'open');
      assert.equal(p.json.voterPolicy, 'anonymous');
      assert.deepEqual(p.json.history.map((h: any) => h.state), ['created']);
      assert.equal(p.json.siteId, undefined, 'no server-side fields');
    });

    test(t('votes count, a repeat voter is refused by the database, the threshold forwards once'), async () => {
      const poll = await createPoll(base, a, { kind: 'yes_no', question: { ko: '기준 테스트' }, threshold: { optionId: 'yes', count: 2 } });
      const d1 = deviceId();
      const v1 = await call(base, `/v1/polls/${poll.id}/votes`, { key: a.publishableKey, body: { choices: ['yes'], deviceId: d1 } });
      assert.equal(v1.status, 201, v1.text);
      assert.match(v1.json.receiptId, /^rcpt_/);
      assert.equal(v1.json.results.totalVotes, 1);
      const again = await call(base, `/v1/polls/${poll.id}/votes`, { key: a.publishableKey, body: { choices: ['no'], deviceId: d1 } });
      assertProblem(again, 409, 'already-voted');
      assert.equal(again.json.receiptId, v1.json.receiptId, 'the voter gets their own receipt back');
      for (let i = 0; i < 3; i++) {
        const v = await call(base, `/v1/polls/${poll.id}/votes`, { key: a.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } });
        assert.equal(v.status, 201);
      }
      const p = await call(base, `/v1/polls/${poll.id}`, { key: a.publishableKey });
      assert.ok(p.json.forwardedAt);
      assert.deepEqual(p.json.history.map((h: any) => h.state), ['created', 'forwarded']);
      const r = await call(base, `/v1/polls/${poll.id}/results`, { key: a.publishableKey });
      assert.equal(r.json.totalVotes, 4);
      assert.deepEqual(r.json.options, [{ id: 'yes', votes: 4 }, { id: 'no', votes: 0 }]);
      assert.equal(r.json.threshold.current, 4);
      assert.equal(r.json.threshold.forwardedAt, p.json.forwardedAt);
    });

    test(t('bad input gets the right 4xx problem naming the field, never a 5xx'), async () => {
      const pk = a.publishableKey;
      const votes = `/v1/polls/${multi.id}/votes`;
      assertProblem(await call(base, votes, { key: pk, raw: '{"choices": [' }), 400, 'malformed-request');
      assertProblem(await call(base, votes, { key: pk, body: { choices: 'a', deviceId: 42 } }), 422, 'validation', 'choices');
      assertProblem(await call(base, votes, { key: pk, body: [] }), 422, 'validation', '(body)');
      assertProblem(await call(base, `/v1/polls/poll_doesnotexist00/votes`, { key: pk, body: { choices: ['a'], deviceId: deviceId() } }), 404, 'not-found');
      assertProblem(await call(base, `/v1/polls/poll_doesnotexist00`, { key: pk }), 404, 'not-found');
      assertProblem(await call(base, votes, { key: pk, body: { choices: ['z'], deviceId: deviceId() } }), 422, 'validation', 'choices.0');
      assertProblem(await call(base, votes, { key: pk, body: { choices: ['a', 'b', 'c'], deviceId: deviceId() } }), 422, 'validation', 'choices');
      assertProblem(await call(base, votes, { key: pk, body: { choices: ['a', 'a'], deviceId: deviceId() } }), 422, 'validation', 'choices');
      assertProblem(await call(base, votes, { key: pk, body: { choices: ['a'] } }), 422, 'device-id-required', 'deviceId');
      assertProblem(await call(base, votes, { body: { choices: ['a'], deviceId: deviceId() } }), 401, 'unauthorized');
      assertProblem(await call(base, votes, { key: 'pk_wrongwrongwrongwrong', body: { choices: ['a'], deviceId: deviceId() } }), 401, 'unauthorized');
      assertProblem(await call(base, votes, { key: pk, origin: 'https://evil.example', body: { choices: ['a'], deviceId: deviceId() } }), 403, 'origin-not-allowed');
      assertProblem(await call(base, votes, { key: pk, raw: 'choices=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
      assertProblem(await call(base, votes, { key: pk, body: { choices: ['a'], deviceId: deviceId() }, idempotencyKey: null }), 400, 'idempotency-key-required');
      assertProblem(await call(base, votes, { key: pk, raw: JSON.stringify({ choices: ['a'], deviceId: 'x'.repeat(70_000) }) }), 413, 'payload-too-large');
      // Closed and not-yet-open polls
      const closed = await createPoll(base, a, { kind: 'yes_no', question: { ko: '마감' } });
      const patched = await call(base, `/v1/polls/${closed.id}`, { method: 'PATCH', key: a.secretKey, body: { status: 'closed', note: { ko: '예정대로 마감' } } });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.status, 'closed');
      assert.deepEqual(patched.json.history.map((h: any) => h.state), ['created', 'closed']);
      assertProblem(await call(base, `/v1/polls/${closed.id}/votes`, { key: pk, body: { choices: ['yes'], deviceId: deviceId() } }), 409, 'poll-closed');
      const later = await createPoll(base, a, { kind: 'yes_no', question: { ko: '예정' }, opensAt: new Date(Date.now() + 86_400_000).toISOString() });
      assertProblem(await call(base, `/v1/polls/${later.id}/votes`, { key: pk, body: { choices: ['yes'], deviceId: deviceId() } }), 409, 'poll-not-open');
      const past = await createPoll(base, a, { kind: 'yes_no', question: { ko: '지난' }, closesAt: new Date(Date.now() - 1000).toISOString() });
      assertProblem(await call(base, `/v1/polls/${past.id}/votes`, { key: pk, body: { choices: ['yes'], deviceId: deviceId() } }), 409, 'poll-closed');
      // Poll creation
      assertProblem(await call(base, '/v1/polls', { key: pk, body: { kind: 'yes_no', question: { ko: 'x' } } }), 403, 'forbidden');
      assertProblem(await call(base, '/v1/polls', { key: a.secretKey, body: { kind: 'single', question: { ko: 'x' } } }), 422, 'validation', 'options');
      assertProblem(await call(base, '/v1/polls', { key: a.secretKey, body: { kind: 'poll', question: { ko: '' } } }), 422, 'validation', 'kind');
      assertProblem(await call(base, '/v1/polls', { key: a.secretKey, body: { kind: 'yes_no', question: { ko: 'x' }, threshold: { optionId: 'maybe', count: 1 } } }), 422, 'validation', 'threshold.optionId');
      assertProblem(await call(base, `/v1/polls/${yesNo.id}`, { method: 'PATCH', key: a.secretKey, body: {} }), 422, 'validation');
      assertProblem(await call(base, '/v1/nothing-here', { key: pk }), 404, 'not-found');
      // Bytes PostgreSQL cannot store never reach it.
      assertProblem(await call(base, '/v1/polls/%00', { key: pk }), 404, 'not-found');
      assertProblem(await call(base, '/v1/polls', { key: a.secretKey, body: { kind: 'yes_no', question: { ko: 'q\u0000x' } } }), 422, 'validation', 'question.ko');
      const nulReceipt = await call(base, `/v1/polls/${yesNo.id}/results?receipt=rcpt_%00`, { key: pk });
      assert.equal(nulReceipt.status, 200);
      assert.equal((await openStream(`${base}/v1/polls/${yesNo.id}/results/stream?key=pk_%00`)).status, 401);
    });

    test(t('verified polls: signed tokens vote once per subject; expired, alg none, wrong audience and forged tokens are refused'), async () => {
      const path = `/v1/polls/${verified.id}/votes`;
      const pk = a.publishableKey;
      const ok = await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: await voterToken(a, 'citizen-1') } });
      assert.equal(ok.status, 201, ok.text);
      // A second device of the same person is still the same voter.
      assertProblem(await call(base, path, { key: pk, body: { choices: ['no'], voterToken: await voterToken(a, 'citizen-1') } }), 409, 'already-voted');
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'] } }), 401, 'voter-token-required', 'voterToken');
      const expired = await voterToken(a, 'citizen-2', { exp: Math.floor(Date.now() / 1000) - 60 });
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: expired } }), 401, 'invalid-voter-token', 'voterToken');
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: unsignedToken(a, 'citizen-3') } }), 401, 'invalid-voter-token', 'voterToken');
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: await voterToken(a, 'citizen-4', { aud: b.voterTokenAudience }) } }), 401, 'invalid-voter-token', 'voterToken');
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: await voterToken(a, 'citizen-5', { secret: b.voterTokenSecret }) } }), 401, 'invalid-voter-token', 'voterToken');
      assertProblem(await call(base, path, { key: pk, body: { choices: ['yes'], voterToken: 'not.a.jwt' } }), 401, 'invalid-voter-token', 'voterToken');
    });

    test(t('verified polls: ES256 tokens through the site’s JWKS URL'), async () => {
      const { publicKey, privateKey } = await generateKeyPair('ES256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
      const jwks = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
      try {
        const port = (jwks.address() as { port: number }).port;
        const site = await srv.ops.createSite({ name: 'JWKS site', origins: [], jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
        const poll = await createPoll(base, site, { kind: 'yes_no', question: { ko: 'ES256' }, voterPolicy: 'verified' });
        const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u1').setAudience(site.voterTokenAudience).setExpirationTime('5m').sign(privateKey);
        const ok = await call(base, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['yes'], voterToken: token } });
        assert.equal(ok.status, 201, ok.text);
        // HS256 is not accepted from a site that signs with its JWKS.
        const hs = await voterToken(site, 'u2');
        assertProblem(await call(base, `/v1/polls/${poll.id}/votes`, { key: site.publishableKey, body: { choices: ['yes'], voterToken: hs } }), 401, 'invalid-voter-token');
      } finally {
        jwks.close();
      }
    });

    test(t('tenancy: a key of site B never reads or changes site A'), async () => {
      assertProblem(await call(base, `/v1/polls/${yesNo.id}`, { key: b.publishableKey }), 404, 'not-found');
      assertProblem(await call(base, `/v1/polls/${yesNo.id}/results`, { key: b.secretKey }), 404, 'not-found');
      assertProblem(await call(base, `/v1/polls/${yesNo.id}`, { method: 'PATCH', key: b.secretKey, body: { status: 'closed' } }), 404, 'not-found');
      assertProblem(await call(base, `/v1/polls/${yesNo.id}/votes`, { key: b.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } }), 404, 'not-found');
      assertProblem(await call(base, `/v1/polls/${yesNo.id}`, { method: 'PATCH', key: a.publishableKey, body: { status: 'closed' } }), 403, 'forbidden');
      assert.equal((await call(base, `/v1/polls/${yesNo.id}`, { key: a.publishableKey })).json.status, 'open');
    });

    test(t('CORS is answered per site with Vary: Origin; secret keys are refused from browsers'), async () => {
      const pre = await fetch(`${base}/v1/polls/${yesNo.id}/votes`, {
        method: 'OPTIONS',
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      assert.match(pre.headers.get('vary') ?? '', /Origin/);
      const foreignPre = await fetch(`${base}/v1/polls/${yesNo.id}/votes`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
      assert.equal(foreignPre.headers.get('access-control-allow-origin'), null);
      const own = await call(base, `/v1/polls/${yesNo.id}`, { key: a.publishableKey, origin: ORIGIN });
      assert.equal(own.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(own.headers.get('access-control-expose-headers') ?? '', /RateLimit/);
      // B's origin is allowed for B only: A's data is not shared with it.
      const cross = await call(base, `/v1/polls/${yesNo.id}`, { key: a.publishableKey, origin: 'https://other.example.kr' });
      assert.equal(cross.headers.get('access-control-allow-origin'), null);
      assertProblem(await call(base, `/v1/polls/${yesNo.id}`, { key: a.secretKey, origin: ORIGIN }), 403, 'forbidden');
    });

    test(t('idempotency: same key and body replays, different body is 422, a running key is 409'), async () => {
      const poll = await createPoll(base, a, { kind: 'yes_no', question: { ko: '멱등' } });
      const path = `/v1/polls/${poll.id}/votes`;
      const body = { choices: ['yes'], deviceId: deviceId() };
      const first = await call(base, path, { key: a.publishableKey, body, idempotencyKey: 'key-0000001' });
      const again = await call(base, path, { key: a.publishableKey, body, idempotencyKey: 'key-0000001' });
      assert.equal(first.status, 201);
      assert.equal(again.status, 201);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(again.json, first.json);
      assertProblem(await call(base, path, { key: a.publishableKey, body: { ...body, choices: ['no'] }, idempotencyKey: 'key-0000001' }), 422, 'idempotency-key-reused');
      // The same key is independent per site.
      const other = await createPoll(base, b, { kind: 'yes_no', question: { ko: 'B' } });
      const bVote = await call(base, `/v1/polls/${other.id}/votes`, { key: b.publishableKey, body, idempotencyKey: 'key-0000001' });
      assert.equal(bVote.status, 201);
      // A request still running under this key (row left in 'running' state):
      const raw = JSON.stringify({ choices: ['no'], deviceId: deviceId() });
      await srv.db.query(`INSERT INTO idempotency_keys (site_id, key, request_hash, state) VALUES ($1, 'key-running', $2, 'running')`, [a.id, requestHash('POST', path, raw)]);
      assertProblem(await call(base, path, { key: a.publishableKey, raw, idempotencyKey: 'key-running' }), 409, 'idempotency-key-in-use');
      // A failed request releases its key: fixing the problem and retrying with the same key works.
      const bad = await call(base, path, { key: a.publishableKey, body: { choices: ['yes'] }, idempotencyKey: 'key-fail-001' });
      assert.equal(bad.status, 422);
      const rows = await srv.db.query(`SELECT 1 FROM idempotency_keys WHERE site_id = $1 AND key = 'key-fail-001'`, [a.id]);
      assert.equal(rows.length, 0);
      const total = await call(base, `/v1/polls/${poll.id}/results`, { key: a.publishableKey });
      assert.equal(total.json.totalVotes, 1);
    });

    test(t('results visibility: after_vote needs a receipt, after_close waits for the close'), async () => {
      const av = await createPoll(base, a, { kind: 'yes_no', question: { ko: '투표 후 공개' }, resultsVisibility: 'after_vote', threshold: { optionId: 'yes', count: 100 } });
      const v = await call(base, `/v1/polls/${av.id}/votes`, { key: a.publishableKey, body: { choices: ['yes'], deviceId: deviceId() } });
      assert.equal(v.json.results.visible, true, 'the voter sees results in the receipt');
      const hidden = await call(base, `/v1/polls/${av.id}/results`, { key: a.publishableKey });
      assert.deepEqual([hidden.json.visible, hidden.json.totalVotes, hidden.json.options, hidden.json.threshold.current], [false, null, [], null]);
      const shown = await call(base, `/v1/polls/${av.id}/results?receipt=${v.json.receiptId}`, { key: a.publishableKey });
      assert.deepEqual([shown.json.visible, shown.json.totalVotes], [true, 1]);
      const wrong = await call(base, `/v1/polls/${av.id}/results?receipt=rcpt_notarealreceipt0000`, { key: a.publishableKey });
      assert.equal(wrong.json.visible, false);

      const ac = await createPoll(base, a, { kind: 'yes_no', question: { ko: '마감 후 공개' }, resultsVisibility: 'after_close' });
      const v2 = await call(base, `/v1/polls/${ac.id}/votes`, { key: a.publishableKey, body: { choices: ['no'], deviceId: deviceId() } });
      assert.equal(v2.json.results.visible, false, 'not even the voter before the close');
      const admin = await call(base, `/v1/polls/${ac.id}/results`, { key: a.secretKey });
      assert.deepEqual([admin.json.visible, admin.json.totalVotes], [true, 1], 'the site itself always sees the counts');
      await call(base, `/v1/polls/${ac.id}`, { method: 'PATCH', key: a.secretKey, body: { status: 'closed' } });
      const after = await call(base, `/v1/polls/${ac.id}/results`, { key: a.publishableKey });
      assert.deepEqual([after.json.visible, after.json.totalVotes, after.json.status], [true, 1, 'closed']);
    });

    test(t('live results: the stream sends current results at once, then each change'), async () => {
      const poll = await createPoll(base, a, { kind: 'yes_no', question: { ko: '실시간' } });
      const s = await openStream(`${base}/v1/polls/${poll.id}/results/stream?key=${a.publishableKey}`, { Origin: ORIGIN });
      try {
        assert.equal(s.status, 200);
        assert.match(s.headers.get('content-type') ?? '', /text\/event-stream/);
        assert.equal(s.headers.get('access-control-allow-origin'), ORIGIN);
        assert.equal((await s.next()).totalVotes, 0);
        await call(base, `/v1/polls/${poll.id}/votes`, { key: a.publishableKey, body: { choices: ['no'], deviceId: deviceId() } });
        const update = await s.until((r) => r.totalVotes === 1);
        assert.deepEqual(update.options, [{ id: 'yes', votes: 0 }, { id: 'no', votes: 1 }]);
      } finally {
        s.close();
      }
      const sk = await openStream(`${base}/v1/polls/${poll.id}/results/stream?key=${a.secretKey}`);
      assert.equal(sk.status, 401, 'secret keys never travel in URLs');
      const nokey = await openStream(`${base}/v1/polls/${poll.id}/results/stream`);
      assert.equal(nokey.status, 401);
    });

    test(t('the widget bundle is served at a versioned path with long-lived cache headers'), async () => {
      const dir = mkdtempSync(join(tmpdir(), 'madang-cdn-'));
      writeFileSync(join(dir, 'madang.js'), 'export {};\n');
      const s2 = await startTestServer(engine, { widgetsDir: dir });
      try {
        const ok = await fetch(`${s2.url}/widgets/0.1.0/madang.js`);
        assert.equal(ok.status, 200);
        assert.match(ok.headers.get('cache-control') ?? '', /immutable/);
        assert.match(ok.headers.get('content-type') ?? '', /javascript/);
        assert.equal(ok.headers.get('access-control-allow-origin'), '*');
        assert.equal((await fetch(`${s2.url}/widgets/9.9.9/madang.js`)).status, 404);
        assert.equal((await fetch(`${s2.url}/widgets/0.1.0/..%2f..%2fetc%2fpasswd`)).status, 404);
      } finally {
        await s2.close();
      }
    });
  });

  describe(t('rate limits'), () => {
    test(t('per-IP limits are announced and refused with 429 + Retry-After'), async () => {
      const srv = await startTestServer(engine, { rateLimit: { perIpPerMinute: 5, votesPerIpPerMinute: 2, perSitePerMinute: 1000 } });
      try {
        const site = await srv.ops.createSite({ name: 'RL', origins: [] });
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 6; i++) {
          last = await call(srv.url, '/v1/polls/poll_doesnotexist00', { key: site.publishableKey });
          statuses.push(last.status);
        }
        assert.deepEqual(statuses, [404, 404, 404, 404, 404, 429]);
        assertProblem(last!, 429, 'rate-limited');
        assert.ok(Number(last!.headers.get('retry-after')) > 0);
        assert.match(last!.headers.get('ratelimit-policy') ?? '', /"ip";q=5;w=60/);
        assert.match(last!.headers.get('ratelimit') ?? '', /"ip";r=0;t=\d+/);
      } finally {
        await srv.close();
      }
    });
  });
}
