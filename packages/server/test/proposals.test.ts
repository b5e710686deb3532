import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib/v1';
import { ANSWER_REQUIRED, PROPOSAL_TRANSITIONS, ProposalState, type SiteCreated } from '@madang/contracts';
import { engines, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { issueFormToken, transitionProposal } from '../src/proposals.js';
import { SiteDirectory } from '../src/sites.js';
import { call, challenge, consentFor, deviceId, proposalIn, putSettings, submit, voterToken } from './helpers.js';
import { HOSTILE_STRINGS } from './hostile-strings.js';

const STATES = ProposalState.options;
const CATEGORIES = [
  { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
  { id: 'transport', label: { ko: '교통', en: 'Transport' } },
];

function assertProblem(r: Awaited<ReturnType<typeof call>>, status: number, slug: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${slug}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.json.type, `/problems/${slug}`, r.text);
  if (field) assert.equal(r.json.field, field, `field in ${r.text}`);
}

/** The shortest path of transitions from `submitted` to each state. */
function pathsToStates(): Record<ProposalState, ProposalState[]> {
  const out = { submitted: [] } as unknown as Record<ProposalState, ProposalState[]>;
  const queue: ProposalState[] = ['submitted'];
  while (queue.length) {
    const s = queue.shift()!;
    for (const next of PROPOSAL_TRANSITIONS[s]) {
      if (out[next]) continue;
      out[next] = [...out[s], next];
      queue.push(next);
    }
  }
  return out;
}
const note = (to: string) => ({ ko: `${to} 단계 안내`, en: `Note for ${to}` });
const step = (to: string) => ({ to, ...(ANSWER_REQUIRED.includes(to as ProposalState) ? { note: note(to) } : {}) });

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('proposals'), () => {
    let srv: MadangServer;
    let base: string;
    let a: SiteCreated;
    let b: SiteCreated;

    const newSite = async (settings: Record<string, unknown> = {}) => {
      const site = await srv.ops.createSite({ name: `site ${randomUUID()}`, origins: [] });
      await putSettings(base, site, { minFillSeconds: 0, categories: CATEGORIES, ...settings });
      return site;
    };
    const siteRecord = async (site: SiteCreated) => (await new SiteDirectory(srv.db, 0).byKey(site.publishableKey))!.site;

    before(async () => {
      srv = await startTestServer(engine);
      base = srv.url;
      a = await newSite();
      b = await newSite();
    });
    after(() => srv.close());

    test(t('settings: defaults for a site that never set them, partial updates, secret key only'), async () => {
      const fresh = await srv.ops.createSite({ name: 'fresh', origins: [] });
      const d = await call(base, '/v1/proposal-settings', { key: fresh.publishableKey });
      assert.equal(d.status, 200);
      assert.deepEqual(d.json, {
        categories: [{ id: 'general', label: { ko: '일반', en: 'General' } }],
        regions: [],
        contact: 'optional',
        supportThreshold: null,
        voterPolicy: 'anonymous',
        retentionDays: 365,
        minFillSeconds: 3,
        proofOfWork: false,
        consent: { version: '2026-11-01', purpose: null, extra: null },
      });
      assertProblem(await call(base, '/v1/proposal-settings', { method: 'PUT', key: fresh.publishableKey, body: { contact: 'none' } }), 403, 'forbidden');
      const u1 = await putSettings(base, fresh, { contact: 'required', consent: { version: 'v2', purpose: { ko: '회신' } } });
      const u2 = await putSettings(base, fresh, { supportThreshold: 10 });
      assert.equal(u2.contact, 'required', 'what was not sent stays');
      assert.equal(u2.supportThreshold, 10);
      assert.deepEqual(u2.consent, u1.consent);
      assert.deepEqual(u2.consent, { version: 'v2', purpose: { ko: '회신' }, extra: null });
      const read = await call(base, '/v1/proposal-settings', { key: fresh.publishableKey });
      assert.deepEqual(read.json, u2);
      assertProblem(
        await call(base, '/v1/proposal-settings', { method: 'PUT', key: fresh.secretKey, body: { categories: [CATEGORIES[0], CATEGORIES[0]] } }),
        422,
        'validation',
        'categories.1.id',
      );
      assertProblem(await call(base, '/v1/proposal-settings', { method: 'PUT', key: fresh.secretKey, body: { retentionDays: 0 } }), 422, 'validation', 'retentionDays');
    });

    test(t('the OpenAPI document has every proposal route, with its query parameters'), async () => {
      const doc = (await call(base, '/openapi.json')).json;
      const params = (path: string, method: string) => doc.paths[path][method].parameters.map((p: any) => `${p.in}:${p.name}`);
      assert.deepEqual(params('/v1/proposals', 'get'), ['query:sort', 'query:page', 'query:pageSize', 'query:category']);
      assert.deepEqual(params('/v1/admin/proposals', 'get'), ['query:state', 'query:page', 'query:pageSize']);
      assert.deepEqual(params('/v1/proposal-receipts/{receiptNumber}', 'get'), ['path:receiptNumber', 'query:code']);
      assert.ok(params('/v1/proposals', 'post').includes('header:Idempotency-Key'));
      assert.equal(doc.paths['/v1/admin/proposals'].get.parameters.find((p: any) => p.name === 'pageSize').schema.maximum, 100);
      for (const path of ['/v1/proposal-settings', '/v1/proposals/challenge', '/v1/proposals/{id}', '/v1/proposals/{id}/supports', '/v1/proposals/{id}/transitions', '/v1/admin/proposals/{id}']) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths['/v1/proposal-settings'].put);
    });

    test(t('receipt numbers: YYYY-NNNNNN in sequence per site and year; tracking codes are random base62'), async () => {
      const site = await newSite();
      const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();
      const receipts = [];
      for (let i = 0; i < 3; i++) {
        const r = await submit(base, site);
        assert.equal(r.status, 201, r.text);
        receipts.push(r.json);
      }
      assert.deepEqual(receipts.map((r) => r.receiptNumber), [1, 2, 3].map((n) => `${year}-00000${n}`));
      for (const r of receipts) {
        assert.match(r.trackingCode, /^[A-Za-z0-9]{16,24}$/);
        assert.match(r.id, /^prop_[A-Za-z0-9]{8,40}$/);
        assert.equal(r.state, 'submitted');
      }
      assert.equal(new Set(receipts.map((r) => r.trackingCode)).size, 3);
      const other = await newSite();
      const first = await submit(base, other);
      assert.equal(first.json.receiptNumber, `${year}-000001`, 'each site counts on its own');
      // 20 concurrent submits: no number twice, no gap.
      const many = await Promise.all(Array.from({ length: 20 }, () => submit(base, other)));
      const numbers = many.map((r) => Number(r.json.receiptNumber.split('-')[1])).sort((x, y) => x - y);
      assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i + 2));
    });

    test(t('every transition of PROPOSAL_TRANSITIONS is allowed, every other one refused with 409 naming from and to'), async () => {
      const paths = pathsToStates();
      assert.deepEqual(Object.keys(paths).sort(), [...STATES].sort(), 'every state is reachable');
      let allowedChecked = 0;
      let refusedChecked = 0;
      for (const from of STATES) {
        // One proposal in `from` for all refused targets (a refused transition changes nothing).
        const { receipt } = await proposalIn(base, a, paths[from].map(step));
        for (const to of STATES) {
          if (PROPOSAL_TRANSITIONS[from].includes(to)) continue;
          const r = await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to, note: note(to) } });
          assertProblem(r, 409, 'invalid-transition');
          assert.ok(r.json.detail.includes(`"${from}"`) && r.json.detail.includes(`"${to}"`), r.json.detail);
          refusedChecked++;
        }
        const still = await call(base, `/v1/admin/proposals/${receipt.id}`, { key: a.secretKey });
        assert.equal(still.json.state, from);
        assert.equal(still.json.history.length, paths[from].length + 1, 'refused transitions leave no history');
        // A fresh proposal in `from` for each allowed target.
        for (const to of PROPOSAL_TRANSITIONS[from]) {
          const { receipt: p } = await proposalIn(base, a, paths[from].map(step));
          if (ANSWER_REQUIRED.includes(to)) {
            assertProblem(await call(base, `/v1/proposals/${p.id}/transitions`, { key: a.secretKey, body: { to } }), 422, 'validation', 'note');
          }
          const r = await call(base, `/v1/proposals/${p.id}/transitions`, { key: a.secretKey, body: step(to) });
          assert.equal(r.status, 201, `${from} → ${to}: ${r.text}`);
          assert.equal(r.json.state, to);
          const last = r.json.history.at(-1);
          assert.equal(last.state, to);
          assert.equal(last.actor, 'site');
          if (ANSWER_REQUIRED.includes(to)) {
            assert.deepEqual(last.note, note(to));
            assert.deepEqual(r.json.answer, note(to), 'the answer is the note of accepted/rejected');
          }
          allowedChecked++;
        }
      }
      const allowedTotal = STATES.reduce((n, s) => n + PROPOSAL_TRANSITIONS[s].length, 0);
      assert.equal(allowedChecked, allowedTotal);
      assert.equal(refusedChecked, STATES.length * STATES.length - allowedTotal);
    });

    test(t('publishing sets publishedAt once; the answer is the latest accepted/rejected note; transitions need the secret key'), async () => {
      const { receipt, admin } = await proposalIn(base, a, [{ to: 'under_review' }]);
      assert.equal(admin.publishedAt, null);
      assertProblem(await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.publishableKey, body: { to: 'published' } }), 403, 'forbidden');
      assertProblem(await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: b.secretKey, body: { to: 'published' } }), 404, 'not-found');
      const pub = await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to: 'published', note: { ko: '공개' } } });
      assert.ok(pub.json.publishedAt);
      const acc = await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: step('accepted') });
      assert.equal(acc.json.publishedAt, pub.json.publishedAt);
      assert.deepEqual(acc.json.answer, note('accepted'));
      const fwd = await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to: 'forwarded', note: { ko: '회부' } } });
      assert.deepEqual(fwd.json.answer, note('accepted'), 'a later note without an answer keeps the answer');
      assert.deepEqual(fwd.json.history.map((h: any) => [h.state, h.actor]), [
        ['submitted', 'author'],
        ['under_review', 'site'],
        ['published', 'site'],
        ['accepted', 'site'],
        ['forwarded', 'site'],
      ]);
      const pubView = await call(base, `/v1/proposals/${receipt.id}`, { key: a.publishableKey });
      assert.deepEqual(pubView.json.answer, note('accepted'));
      assertProblem(await call(base, `/v1/proposals/prop_doesnotexist0/transitions`, { key: a.secretKey, body: { to: 'published' } }), 404, 'not-found');
      assertProblem(await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to: 'closed' } }), 422, 'validation', 'to');
    });

    test(t('concurrent transitions of one proposal: the row lock lets exactly one apply'), async () => {
      const { receipt } = await proposalIn(base, a, [{ to: 'under_review' }]);
      const rs = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(base, `/v1/proposals/${receipt.id}/transitions`, {
            key: a.secretKey,
            // under_review → published once; published → published is not a transition.
            body: { to: 'published', note: { ko: `공개 ${i}` } },
          }),
        ),
      );
      assert.equal(rs.filter((r) => r.status === 201).length, 1, rs.map((r) => r.status).join(','));
      for (const r of rs.filter((x) => x.status !== 201)) assertProblem(r, 409, 'invalid-transition');
      const events = await srv.db.query('SELECT state FROM proposal_events WHERE proposal_id = $1 ORDER BY id', [receipt.id]);
      assert.equal(events.length, 3);
      // The same race without HTTP in between, so that every transaction starts at once.
      const { receipt: p2 } = await proposalIn(base, a, [{ to: 'under_review' }]);
      const settled = await Promise.allSettled(
        Array.from({ length: 16 }, () => transitionProposal(srv.db, a.id, p2.id, { to: 'published' }, async () => {})),
      );
      assert.equal(settled.filter((x) => x.status === 'fulfilled').length, 1);
      for (const x of settled) if (x.status === 'rejected') assert.equal((x.reason as { slug?: string }).slug, 'invalid-transition');
      const [{ n }] = await srv.db.query(`SELECT count(*)::int AS n FROM proposal_events WHERE proposal_id = $1 AND state = 'published'`, [p2.id]);
      assert.equal(n, 1);
    });

    test(t('visibility: unpublished proposals are not public; tracking with the code shows any state; other sites see nothing'), async () => {
      const { receipt } = await proposalIn(base, a, [{ to: 'under_review' }]);
      const pk = a.publishableKey;
      assertProblem(await call(base, `/v1/proposals/${receipt.id}`, { key: pk }), 404, 'not-found');
      const list = await call(base, '/v1/proposals?pageSize=50', { key: pk });
      assert.ok(!list.json.items.some((p: any) => p.id === receipt.id));
      const byReceipt = `/v1/proposal-receipts/${receipt.receiptNumber}`;
      const noCode = await call(base, byReceipt, { key: pk });
      assertProblem(noCode, 404, 'not-found');
      const wrong = await call(base, `${byReceipt}?code=${'x'.repeat(20)}`, { key: pk });
      assertProblem(wrong, 404, 'not-found');
      assert.equal(wrong.json.title, noCode.json.title);
      assertProblem(await call(base, `${byReceipt}?code=${receipt.trackingCode}`, { key: b.publishableKey }), 404, 'not-found');
      const mine = await call(base, `${byReceipt}?code=${receipt.trackingCode}`, { key: pk });
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.json.state, 'under_review');
      assert.equal(mine.headers.get('cache-control'), 'no-store');
      assertProblem(await call(base, `/v1/proposal-receipts/not-a-receipt`, { key: pk }), 404, 'not-found');
      await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to: 'published' } });
      assert.equal((await call(base, byReceipt, { key: pk })).json.id, receipt.id, 'published: the receipt number alone is enough');
      assert.equal((await call(base, `/v1/proposals/${receipt.id}`, { key: pk })).status, 200);
      assertProblem(await call(base, `/v1/proposals/${receipt.id}`, { key: b.publishableKey }), 404, 'not-found');
      assertProblem(await call(base, `/v1/admin/proposals/${receipt.id}`, { key: pk }), 403, 'forbidden');
      assertProblem(await call(base, `/v1/admin/proposals`, { key: pk }), 403, 'forbidden');
      assertProblem(await call(base, `/v1/admin/proposals/${receipt.id}`, { key: b.secretKey }), 404, 'not-found');
      assertProblem(await call(base, `/v1/proposals/challenge-not-an-id`, { key: pk }), 404, 'not-found');
    });

    test(t('list: newest or most supported first, paged, filtered by category; bad queries name the parameter'), async () => {
      const site = await newSite();
      const made = [];
      for (let i = 0; i < 5; i++) {
        const { receipt } = await proposalIn(base, site, [{ to: 'under_review' }, { to: 'published' }], {
          title: `제안 ${i}`,
          category: i % 2 ? 'transport' : 'welfare',
        });
        for (let s = 0; s < [1, 3, 0, 2, 4][i]; s++) {
          const r = await call(base, `/v1/proposals/${receipt.id}/supports`, { key: site.publishableKey, body: { deviceId: deviceId() } });
          assert.equal(r.status, 201, r.text);
        }
        made.push(receipt.id);
      }
      await proposalIn(base, site, [{ to: 'under_review' }]); // not public
      const pk = site.publishableKey;
      const newest = await call(base, '/v1/proposals', { key: pk });
      assert.equal(newest.json.total, 5);
      assert.deepEqual(newest.json.items.map((p: any) => p.id), [...made].reverse());
      assert.equal(newest.json.page, 1);
      assert.equal(newest.json.pageSize, 20);
      const bySupport = await call(base, '/v1/proposals?sort=support', { key: pk });
      assert.deepEqual(bySupport.json.items.map((p: any) => p.supportCount), [4, 3, 2, 1, 0]);
      const page2 = await call(base, '/v1/proposals?sort=support&page=2&pageSize=2', { key: pk });
      assert.deepEqual(page2.json.items.map((p: any) => p.supportCount), [2, 1]);
      assert.equal(page2.json.total, 5);
      const beyond = await call(base, '/v1/proposals?page=9&pageSize=2', { key: pk });
      assert.deepEqual(beyond.json.items, []);
      const transport = await call(base, '/v1/proposals?category=transport', { key: pk });
      assert.equal(transport.json.total, 2);
      assert.ok(transport.json.items.every((p: any) => p.category === 'transport'));
      assertProblem(await call(base, '/v1/proposals?sort=oldest', { key: pk }), 422, 'validation', 'sort');
      assertProblem(await call(base, '/v1/proposals?pageSize=51', { key: pk }), 422, 'validation', 'pageSize');
      assertProblem(await call(base, '/v1/proposals?page=0', { key: pk }), 422, 'validation', 'page');
      assertProblem(await call(base, '/v1/proposals?page=abc', { key: pk }), 422, 'validation', 'page');
      assertProblem(await call(base, '/v1/proposals?category=%3Cx%3E', { key: pk }), 422, 'validation', 'category');
      const admin = await call(base, '/v1/admin/proposals?state=under_review', { key: site.secretKey });
      assert.equal(admin.json.total, 1);
      const all = await call(base, '/v1/admin/proposals?pageSize=100', { key: site.secretKey });
      assert.equal(all.json.total, 6);
      assertProblem(await call(base, '/v1/admin/proposals?pageSize=101', { key: site.secretKey }), 422, 'validation', 'pageSize');
      assertProblem(await call(base, '/v1/admin/proposals?state=open', { key: site.secretKey }), 422, 'validation', 'state');
    });

    test(t('supports: one per voter, only while published; verified policy takes voter tokens'), async () => {
      const { receipt } = await proposalIn(base, a, [{ to: 'under_review' }]);
      const path = `/v1/proposals/${receipt.id}/supports`;
      const d = deviceId();
      assertProblem(await call(base, path, { key: a.publishableKey, body: { deviceId: d } }), 404, 'not-found');
      await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: { to: 'published' } });
      assertProblem(await call(base, path, { key: a.publishableKey, body: {} }), 422, 'device-id-required', 'deviceId');
      const first = await call(base, path, { key: a.publishableKey, body: { deviceId: d } });
      assert.equal(first.status, 201, first.text);
      assert.deepEqual({ ...first.json, supportedAt: undefined }, { proposalId: receipt.id, supportCount: 1, state: 'published', supportedAt: undefined });
      assertProblem(await call(base, path, { key: a.publishableKey, body: { deviceId: d } }), 409, 'already-supported');
      const key = randomUUID();
      const body = { deviceId: deviceId() };
      const second = await call(base, path, { key: a.publishableKey, body, idempotencyKey: key });
      assert.equal(second.json.supportCount, 2);
      const replay = await call(base, path, { key: a.publishableKey, body, idempotencyKey: key });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(replay.json, second.json);
      assertProblem(await call(base, path, { key: a.publishableKey, body: { deviceId: deviceId() }, idempotencyKey: key }), 422, 'idempotency-key-reused');
      await call(base, `/v1/proposals/${receipt.id}/transitions`, { key: a.secretKey, body: step('rejected') });
      assertProblem(await call(base, path, { key: a.publishableKey, body: { deviceId: deviceId() } }), 409, 'proposal-not-open');
      const [{ n }] = await srv.db.query('SELECT count(*)::int AS n FROM proposal_supports WHERE proposal_id = $1', [receipt.id]);
      assert.equal(n, 2);

      const verified = await newSite({ voterPolicy: 'verified' });
      const { receipt: v } = await proposalIn(base, verified, [{ to: 'under_review' }, { to: 'published' }]);
      const vpath = `/v1/proposals/${v.id}/supports`;
      assertProblem(await call(base, vpath, { key: verified.publishableKey, body: { deviceId: deviceId() } }), 401, 'voter-token-required', 'voterToken');
      const ok = await call(base, vpath, { key: verified.publishableKey, body: { voterToken: await voterToken(verified, 'citizen-1') } });
      assert.equal(ok.status, 201, ok.text);
      assertProblem(await call(base, vpath, { key: verified.publishableKey, body: { voterToken: await voterToken(verified, 'citizen-1') } }), 409, 'already-supported');
      assertProblem(await call(base, vpath, { key: verified.publishableKey, body: { voterToken: await voterToken(a, 'citizen-2') } }), 401, 'invalid-voter-token');
      const stored = await srv.db.query('SELECT voter_key FROM proposal_supports WHERE proposal_id = $1', [v.id]);
      assert.ok(stored.every((s) => !String(s.voter_key).includes('citizen')), 'voter keys are HMACs, never the subject');
    });

    test(t('concurrent supports at the threshold: exactly 50 counted, forwarded once by the system, then refused'), async () => {
      const THRESHOLD = 50;
      const site = await newSite({ supportThreshold: THRESHOLD });
      const { receipt } = await proposalIn(base, site, [{ to: 'under_review' }, { to: 'published' }]);
      const path = `/v1/proposals/${receipt.id}/supports`;
      const voters = Array.from({ length: 120 }, () => deviceId());
      const requests = [...voters.map((d) => ({ d, repeat: false })), ...voters.slice(0, 30).map((d) => ({ d, repeat: true }))];
      const responses = await Promise.all(
        requests.map(async ({ d, repeat }) => {
          const r = await call(base, path, { key: site.publishableKey, body: { deviceId: d } });
          return { d, repeat, status: r.status, slug: r.json?.type?.replace('/problems/', ''), json: r.json };
        }),
      );
      for (const r of responses) {
        assert.ok(r.status === 201 || (r.status === 409 && ['proposal-not-open', 'already-supported'].includes(r.slug)), JSON.stringify(r));
      }
      const counted = responses.filter((r) => r.status === 201);
      assert.equal(counted.length, THRESHOLD);
      assert.equal(new Set(counted.map((r) => r.d)).size, THRESHOLD, 'no voter counted twice');
      assert.deepEqual(counted.map((r) => r.json.supportCount).sort((x, y) => x - y), Array.from({ length: THRESHOLD }, (_, i) => i + 1));
      assert.equal(counted.filter((r) => r.json.state === 'forwarded').length, 1, 'one support crossed the threshold');
      const [{ n }] = await srv.db.query('SELECT count(*)::int AS n FROM proposal_supports WHERE proposal_id = $1', [receipt.id]);
      const [row] = await srv.db.query('SELECT support_count, state FROM proposals WHERE id = $1', [receipt.id]);
      assert.equal(n, THRESHOLD);
      assert.equal(row.support_count, THRESHOLD);
      assert.equal(row.state, 'forwarded');
      const forwarded = await srv.db.query(`SELECT actor, note FROM proposal_events WHERE proposal_id = $1 AND state = 'forwarded'`, [receipt.id]);
      assert.equal(forwarded.length, 1);
      assert.equal(forwarded[0].actor, 'system');
      assert.match(forwarded[0].note.ko, /50명/);
      assert.match(forwarded[0].note.en, /50 supports/);
      const p = await call(base, `/v1/proposals/${receipt.id}`, { key: site.publishableKey });
      assert.equal(p.json.state, 'forwarded');
      assert.deepEqual({ ...p.json.threshold, forwardedAt: !!p.json.threshold.forwardedAt }, { count: THRESHOLD, current: THRESHOLD, forwardedAt: true });
      // After the fact every repeat is refused.
      for (const d of voters.slice(0, 30)) {
        const r = await call(base, path, { key: site.publishableKey, body: { deviceId: d } });
        assert.equal(r.status, 409);
      }
      assertProblem(await call(base, path, { key: site.publishableKey, body: { deviceId: deviceId() } }), 409, 'proposal-not-open');
    });

    test(t('no public response contains the author’s name, email or phone'), async () => {
      const site = await newSite({ supportThreshold: 100 });
      const contact = { name: '김비밀작성자', email: 'secret.author.8841@example.kr', phone: '010-8841-7731' };
      const secrets = [contact.name, contact.email, contact.phone, '8841', 'secret.author'];
      const s = await submit(base, site, { title: '개인정보 검사', contact, consent: consentFor(['name', 'email', 'phone']) });
      assert.equal(s.status, 201, s.text);
      const bodies: [string, string][] = [['submit receipt', s.text]];
      const pk = site.publishableKey;
      bodies.push(['track (code, submitted)', (await call(base, `/v1/proposal-receipts/${s.json.receiptNumber}?code=${s.json.trackingCode}`, { key: pk })).text]);
      for (const to of ['under_review', 'published']) {
        await call(base, `/v1/proposals/${s.json.id}/transitions`, { key: site.secretKey, body: { to } });
      }
      const support = await call(base, `/v1/proposals/${s.json.id}/supports`, { key: pk, body: { deviceId: deviceId() } });
      assert.equal(support.status, 201);
      bodies.push(['support receipt', support.text]);
      const again = await submit(base, site, { title: '두 번째', antiSpam: { formToken: (await challenge(base, site)).formToken } });
      bodies.push(['second submit', again.text]);
      const urls = [
        '/v1/proposals',
        '/v1/proposals?sort=support',
        '/v1/proposals?sort=newest&category=welfare',
        `/v1/proposals/${s.json.id}`,
        `/v1/proposal-receipts/${s.json.receiptNumber}`,
        `/v1/proposal-receipts/${s.json.receiptNumber}?code=${s.json.trackingCode}`,
        '/v1/proposal-settings',
        '/v1/proposals/challenge',
      ];
      for (const u of urls) {
        const r = await call(base, u, { key: pk });
        assert.equal(r.status, 200, `${u}: ${r.text}`);
        bodies.push([u, r.text]);
      }
      assert.ok(bodies.find(([u]) => u === '/v1/proposals')![1].includes('개인정보 검사'), 'the proposal itself is listed');
      for (const [where, text] of bodies) {
        for (const secret of secrets) assert.ok(!text.includes(secret), `${where} leaks ${secret}: ${text.slice(0, 300)}`);
        assert.doesNotMatch(text, /"email"|"phone"|"personalDataPurgedAt"/, where);
      }
      // The site's own view has it.
      const admin = await call(base, `/v1/admin/proposals/${s.json.id}`, { key: site.secretKey });
      assert.deepEqual(admin.json.contact, contact);
      assert.deepEqual(admin.json.consent.items, ['name', 'email', 'phone']);
      assert.equal(admin.json.personalDataPurgedAt, null);
    });

    test(t('contact policy: required needs a name and an email or phone; none takes no contact; consent per item'), async () => {
      const required = await newSite({ contact: 'required' });
      assertProblem(await submit(base, required), 422, 'validation', 'contact.name');
      assertProblem(await submit(base, required, { contact: { name: '홍길동' }, consent: consentFor(['name']) }), 422, 'validation', 'contact.email');
      assertProblem(await submit(base, required, { contact: { email: 'a@example.kr' }, consent: consentFor(['email']) }), 422, 'validation', 'contact.name');
      const ok = await submit(base, required, { contact: { name: '홍길동', phone: '010-1234-5678' }, consent: consentFor(['name', 'phone']) });
      assert.equal(ok.status, 201, ok.text);
      const admin = await call(base, `/v1/admin/proposals/${ok.json.id}`, { key: required.secretKey });
      assert.deepEqual(admin.json.contact, { name: '홍길동', email: null, phone: '010-1234-5678' });
      assert.equal(admin.json.consent.version, '2026-11-01');
      assertProblem(await submit(base, required, { contact: { name: '홍길동', phone: '010-1234-5678' }, consent: consentFor(['name']) }), 422, 'validation', 'consent.items');
      assertProblem(await submit(base, required, { contact: { name: '홍길동', phone: '010-1234-5678' } }), 422, 'validation', 'consent');

      const none = await newSite({ contact: 'none' });
      assertProblem(await submit(base, none, { contact: { name: '홍길동' }, consent: consentFor(['name']) }), 422, 'validation', 'contact');
      assert.equal((await submit(base, none)).status, 201);

      const optional = await newSite({ contact: 'optional', regions: [{ id: 'seoul', label: { ko: '서울' } }] });
      const anon = await submit(base, optional, { region: 'seoul' });
      assert.equal(anon.status, 201, anon.text);
      const anonAdmin = await call(base, `/v1/admin/proposals/${anon.json.id}`, { key: optional.secretKey });
      assert.equal(anonAdmin.json.contact, null);
      assert.equal(anonAdmin.json.consent, null);
      assert.equal(anonAdmin.json.region, 'seoul');
      assertProblem(await submit(base, optional, { region: 'busan' }), 422, 'validation', 'region');
      assertProblem(await submit(base, optional, { category: 'unknown' }), 422, 'validation', 'category');
      assertProblem(await submit(base, a, { region: 'seoul' }), 422, 'validation', 'region');
    });

    test(t('retention: contacts older than retentionDays are deleted, newer kept, proposals stay; the purge is idempotent'), async () => {
      const site = await newSite({ retentionDays: 30 });
      const other = await newSite(); // default 365 days
      const withContact = (s: SiteCreated, title: string) =>
        submit(base, s, { title, contact: { name: '보관 테스트', email: 'keep@example.kr' }, consent: consentFor(['name', 'email']) });
      const old = (await withContact(site, '오래된 제안')).json;
      const fresh = (await withContact(site, '새 제안')).json;
      const noContact = (await submit(base, site, { title: '연락처 없음' })).json;
      const otherOld = (await withContact(other, '다른 사이트')).json;
      const backdate = (id: string, days: number) =>
        srv.db.query(`UPDATE proposals SET submitted_at = now() - make_interval(days => $2) WHERE id = $1`, [id, days]);
      await backdate(old.id, 31);
      await backdate(fresh.id, 29);
      await backdate(noContact.id, 400);
      await backdate(otherOld.id, 100);
      await call(base, `/v1/proposals/${old.id}/transitions`, { key: site.secretKey, body: { to: 'under_review' } });
      await call(base, `/v1/proposals/${old.id}/transitions`, { key: site.secretKey, body: { to: 'published' } });

      // Other suites' data in this database may be purged too; count only ours.
      const first = await srv.ops.purgeExpiredProposals();
      assert.ok(first.proposals.includes(old.id));
      for (const id of [fresh.id, noContact.id, otherOld.id]) assert.ok(!first.proposals.includes(id), id);
      const second = await srv.ops.purgeExpiredProposals();
      assert.equal(second.deleted, 0, 'a second run deletes nothing');

      const oldAdmin = (await call(base, `/v1/admin/proposals/${old.id}`, { key: site.secretKey })).json;
      assert.equal(oldAdmin.contact, null);
      assert.equal(oldAdmin.consent, null);
      assert.ok(oldAdmin.personalDataPurgedAt);
      assert.equal(oldAdmin.title, '오래된 제안', 'the proposal stays');
      assert.equal((await call(base, `/v1/proposals/${old.id}`, { key: site.publishableKey })).json.title, '오래된 제안');
      const freshAdmin = (await call(base, `/v1/admin/proposals/${fresh.id}`, { key: site.secretKey })).json;
      assert.deepEqual(freshAdmin.contact, { name: '보관 테스트', email: 'keep@example.kr', phone: null });
      assert.equal(freshAdmin.personalDataPurgedAt, null);
      assert.equal((await call(base, `/v1/admin/proposals/${noContact.id}`, { key: site.secretKey })).json.personalDataPurgedAt, null);
      assert.ok((await call(base, `/v1/admin/proposals/${otherOld.id}`, { key: other.secretKey })).json.contact, '365 days on the other site');
      const [{ n }] = await srv.db.query('SELECT count(*)::int AS n FROM proposal_contacts WHERE proposal_id = $1', [old.id]);
      assert.equal(n, 0, 'the row is gone, not blanked');
    });

    test(t('anti-spam: bad or foreign or expired token, too fast, honeypot, and the order of the checks'), async () => {
      const rec = await siteRecord(a);
      assertProblem(await submit(base, a, { antiSpam: { formToken: 'garbage' } }), 422, 'form-token-invalid', 'antiSpam.formToken');
      const foreign = (await challenge(base, b)).formToken;
      assertProblem(await submit(base, a, { antiSpam: { formToken: foreign } }), 422, 'form-token-invalid');
      const good = (await challenge(base, a)).formToken;
      const tampered = good.replace(/\.(\d+)\./, (_, d) => `.${Number(d) - 100_000}.`);
      assertProblem(await submit(base, a, { antiSpam: { formToken: tampered } }), 422, 'form-token-invalid');
      const expired = issueFormToken(rec, Date.now() - 25 * 3_600_000).token;
      assertProblem(await submit(base, a, { antiSpam: { formToken: expired } }), 422, 'form-token-invalid');
      assertProblem(await submit(base, a, { antiSpam: { website: 'http://spam.example' } }), 422, 'spam-suspected', 'antiSpam.website');
      assert.equal((await submit(base, a, { antiSpam: { website: '' } })).status, 201, 'an empty honeypot is fine');

      const slow = await newSite({ minFillSeconds: 60 });
      const ch = await challenge(base, slow);
      assert.equal(ch.minFillSeconds, 60);
      const fast = await submit(base, slow, { antiSpam: { formToken: ch.formToken } });
      assertProblem(fast, 422, 'submitted-too-fast');
      assert.ok(Number(fast.headers.get('retry-after')) > 50);
      const aged = issueFormToken(await siteRecord(slow), Date.now() - 61_000).token;
      assert.equal((await submit(base, slow, { antiSpam: { formToken: aged } })).status, 201);

      // Order: signature, then already-submitted, then age/min-fill/honeypot/PoW.
      const token = (await challenge(base, a)).formToken;
      const filed = await submit(base, a, { title: '한 번만', antiSpam: { formToken: token } });
      assert.equal(filed.status, 201);
      const dup = await submit(base, a, { title: '두 번째 시도', antiSpam: { formToken: token, website: 'filled' } });
      assertProblem(dup, 409, 'already-submitted');
      assert.equal(dup.json.receiptNumber, filed.json.receiptNumber);
      assert.equal(dup.json.trackingCode, filed.json.trackingCode);
      const track = await call(base, `/v1/proposal-receipts/${dup.json.receiptNumber}?code=${dup.json.trackingCode}`, { key: a.publishableKey });
      assert.equal(track.json.title, '한 번만');
      // A token that expired after it filed its proposal still answers already-submitted.
      const nearlyExpired = issueFormToken(rec, Date.now() - 24 * 3_600_000 + 1_500).token;
      const late = await submit(base, a, { title: '만료 직전', antiSpam: { formToken: nearlyExpired } });
      assert.equal(late.status, 201, late.text);
      await new Promise((r) => setTimeout(r, 2_000));
      assertProblem(await submit(base, a, { antiSpam: { formToken: nearlyExpired } }), 409, 'already-submitted');
      assertProblem(await submit(base, a, { antiSpam: { formToken: issueFormToken(rec, Date.now() - 24 * 3_600_000 - 1).token } }), 422, 'form-token-invalid');
      const [{ n }] = await srv.db.query(`SELECT count(*)::int AS n FROM proposals WHERE site_id = $1 AND title = '두 번째 시도'`, [a.id]);
      assert.equal(n, 0);
      // Concurrent submits with one token: one proposal, the others get its receipt.
      const shared = (await challenge(base, a)).formToken;
      const racing = await Promise.all(Array.from({ length: 8 }, (_, i) => submit(base, a, { title: `경쟁 ${i}`, antiSpam: { formToken: shared } })));
      const won = racing.filter((r) => r.status === 201);
      assert.equal(won.length, 1, racing.map((r) => `${r.status} ${r.json?.type ?? ''}`).join(', '));
      for (const r of racing.filter((x) => x.status !== 201)) {
        assertProblem(r, 409, 'already-submitted');
        assert.equal(r.json.receiptNumber, won[0].json.receiptNumber);
        assert.equal(r.json.trackingCode, won[0].json.trackingCode);
      }
    });

    test(t('proof of work: required when the site turns it on, solved with altcha-lib, bound to its form token'), async () => {
      const site = await newSite({ proofOfWork: true });
      const plain = await challenge(base, a);
      assert.equal(plain.altcha, null);
      const ch = await challenge(base, site);
      assert.ok(ch.altcha);
      assert.equal(ch.altcha.algorithm, 'SHA-256');
      assert.ok(ch.altcha.maxnumber <= 100_000);
      assertProblem(await submit(base, site, { antiSpam: { formToken: ch.formToken } }), 422, 'proof-of-work-required', 'antiSpam.altcha');
      const solution = await solveChallenge(ch.altcha.challenge, ch.altcha.salt, ch.altcha.algorithm, ch.altcha.maxnumber).promise;
      assert.ok(solution);
      const payload = (number: number, c = ch.altcha!) =>
        Buffer.from(JSON.stringify({ algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature })).toString('base64');
      assertProblem(
        await submit(base, site, { antiSpam: { formToken: ch.formToken, altcha: payload((solution.number + 1) % 100_000) } }),
        422,
        'proof-of-work-required',
      );
      assertProblem(await submit(base, site, { antiSpam: { formToken: ch.formToken, altcha: 'not base64 json' } }), 422, 'proof-of-work-required');
      // A solution belongs to its own form token.
      const other = await challenge(base, site);
      assertProblem(await submit(base, site, { antiSpam: { formToken: other.formToken, altcha: payload(solution.number) } }), 422, 'proof-of-work-required');
      const ok = await submit(base, site, { antiSpam: { formToken: ch.formToken, altcha: payload(solution.number) } });
      assert.equal(ok.status, 201, ok.text);
    });

    test(t('idempotent submit: the same key twice files one proposal; the second answer is the replay'), async () => {
      const site = await newSite();
      const key = randomUUID();
      const body = { title: '재시도', body: '네트워크 재시도', category: 'welfare', antiSpam: { formToken: (await challenge(base, site)).formToken } };
      const first = await call(base, '/v1/proposals', { key: site.publishableKey, body, idempotencyKey: key });
      const second = await call(base, '/v1/proposals', { key: site.publishableKey, body, idempotencyKey: key });
      assert.equal(first.status, 201);
      assert.equal(second.status, 201);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.equal(first.headers.get('idempotent-replayed'), null);
      assert.deepEqual(second.json, first.json);
      const [{ n }] = await srv.db.query('SELECT count(*)::int AS n FROM proposals WHERE site_id = $1', [site.id]);
      assert.equal(n, 1);
      assertProblem(await call(base, '/v1/proposals', { key: site.publishableKey, body: { ...body, title: '바꿈' }, idempotencyKey: key }), 422, 'idempotency-key-reused');
      assertProblem(await call(base, '/v1/proposals', { key: site.publishableKey, body, idempotencyKey: null }), 400, 'idempotency-key-required');
    });

    test(t('hostile strings are stored byte for byte and returned unchanged in JSON'), async () => {
      const site = await newSite();
      for (const h of HOSTILE_STRINGS) {
        assert.ok(h.fits === 'title' ? h.value.length <= 100 : h.value.length <= 5000, h.name);
        const title = h.fits === 'title' ? h.value : `긴 본문: ${h.name}`;
        const r = await submit(base, site, { title, body: h.value, contact: { name: h.fits === 'title' ? h.value.slice(0, 50) : '이름' }, consent: consentFor(['name']) });
        assert.equal(r.status, 201, `${h.name}: ${r.text}`);
        for (const to of ['under_review', 'published']) await call(base, `/v1/proposals/${r.json.id}/transitions`, { key: site.secretKey, body: { to } });
        const note = { ko: h.value.slice(0, 2000) };
        const acc = await call(base, `/v1/proposals/${r.json.id}/transitions`, { key: site.secretKey, body: { to: 'accepted', note } });
        assert.equal(acc.status, 201, acc.text);
        const got = await call(base, `/v1/proposals/${r.json.id}`, { key: site.publishableKey });
        assert.match(got.headers.get('content-type') ?? '', /^application\/json/);
        assert.equal(got.json.title, title, h.name);
        assert.equal(got.json.body, h.value, h.name);
        assert.deepEqual(got.json.answer, note, h.name);
        const [row] = await srv.db.query('SELECT title, body FROM proposals WHERE id = $1', [r.json.id]);
        assert.equal(Buffer.compare(Buffer.from(row.body, 'utf8'), Buffer.from(h.value, 'utf8')), 0, `${h.name} stored byte for byte`);
        const admin = await call(base, `/v1/admin/proposals/${r.json.id}`, { key: site.secretKey });
        if (h.fits === 'title') assert.equal(admin.json.contact.name, h.value.slice(0, 50));
      }
      const listed = await call(base, '/v1/proposals?pageSize=50', { key: site.publishableKey });
      for (const h of HOSTILE_STRINGS) assert.ok(listed.json.items.some((p: any) => p.body === h.value), h.name);
    });
  });

  describe(t('proposal rate limits'), () => {
    test(t('POST /v1/proposals is limited per (site, IP), announced in the RateLimit headers; other routes are not'), async () => {
      const srv = await startTestServer(engine, { rateLimit: { proposalsPerIpPerMinute: 2, proposalsPerSitePerMinute: 300 } });
      try {
        const site = await srv.ops.createSite({ name: 'limits', origins: [] });
        await putSettings(srv.url, site, { minFillSeconds: 0, categories: CATEGORIES });
        const other = await srv.ops.createSite({ name: 'limits 2', origins: [] });
        await putSettings(srv.url, other, { minFillSeconds: 0, categories: CATEGORIES });
        const r1 = await submit(srv.url, site);
        assert.equal(r1.status, 201);
        assert.match(r1.headers.get('ratelimit-policy') ?? '', /"proposal-ip";q=2;w=60/);
        assert.match(r1.headers.get('ratelimit-policy') ?? '', /"proposal-site";q=300;w=60/);
        assert.match(r1.headers.get('ratelimit') ?? '', /"proposal-ip";r=1;t=\d+/);
        assert.equal((await submit(srv.url, site)).status, 201);
        const limited = await submit(srv.url, site);
        assertProblem(limited, 429, 'rate-limited');
        assert.ok(Number(limited.headers.get('retry-after')) >= 1);
        // Reading, challenges and supports go on; another site has its own quota.
        assert.equal((await call(srv.url, '/v1/proposals', { key: site.publishableKey })).status, 200);
        assert.equal((await call(srv.url, '/v1/proposals/challenge', { key: site.publishableKey })).status, 200);
        const list = await call(srv.url, '/v1/proposals', { key: site.publishableKey });
        assert.doesNotMatch(list.headers.get('ratelimit-policy') ?? '', /proposal/);
        assert.equal((await submit(srv.url, other)).status, 201);
      } finally {
        await srv.close();
      }
    });
  });
}
