/**
 * Tenant isolation, route by route: site A's publishable and secret keys against site B's
 * resources (polls, receipts, proposals by id and by receipt number, settings, budget datasets
 * and their views, comparison and lines; and B's Idempotency-Keys and form tokens) get 404 or
 * 403 — or, on routes without an id, A's own data — never B's. Every answer is checked for
 * B's ids, keys, receipt numbers, tracking codes and a marker written into all of B's texts.
 *
 * The matrix is keyed by the `routes` export of @madang/contracts: a route added without an
 * entry here fails the first test (and does not type-check).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { routes, type RouteName, type SiteCreated } from '@madang/contracts';
import { engines, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { call, challenge, createPoll, deviceId, proposalIn, putSettings, readResponse, submit, type Answer } from './helpers.js';
import { importCsv, META } from './budget-helpers.js';
import { assertProblem } from './security-helpers.js';

const ORIGIN_A = 'https://www.a.example.go.kr';
const ORIGIN_B = 'https://www.b.example.go.kr';

interface Probe {
  /** What the probe tries, for the failure message. */
  what: string;
  key: 'pk' | 'sk';
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** A raw body with its content type (budget CSV uploads). */
  raw?: { type: string; body: string };
  idempotencyKey?: string;
  /** The key travels in ?key= (the results stream) instead of the Authorization header. */
  keyInQuery?: boolean;
  status: number;
  slug?: string;
  check?: (r: Answer) => void | Promise<void>;
}

/** Everything of B's fixture that must never reach A. */
interface Fixture {
  a: SiteCreated;
  b: SiteCreated;
  mark: string;
  pollA: string;
  pollB: string;
  pollBCreate: { body: unknown; key: string };
  receiptB: string;
  voteB: { body: unknown; key: string };
  propA: { pub: string; sub: string; pubReceipt: string };
  propB: { pub: string; sub: string; subReceipt: string; subCode: string; submit: { body: unknown; key: string }; pubFormToken: string };
  bOnlyReceiptNumbers: string[];
  dsA: string;
  dsA2: string;
  dsB: string;
  importB: { csv: string; meta: unknown; key: string };
  forbidden: string[];
}

type Matrix = Record<RouteName, (f: Fixture) => Probe[]>;

/** The routes' table. Each entry has probes with A's publishable and with A's secret key. */
const MATRIX: Matrix = {
  health: () => [
    { what: 'health with A’s pk', key: 'pk', method: 'GET', path: '/v1/health', status: 200 },
    { what: 'health with A’s sk', key: 'sk', method: 'GET', path: '/v1/health', status: 200 },
  ],
  createPoll: (f) => [
    { what: 'create with A’s pk', key: 'pk', method: 'POST', path: '/v1/polls', body: { kind: 'yes_no', question: { ko: 'A' } }, status: 403, slug: 'forbidden' },
    {
      what: 'create with B’s Idempotency-Key and B’s exact body: a new poll of A, not B’s replayed poll',
      key: 'sk',
      method: 'POST',
      path: '/v1/polls',
      body: f.pollBCreate.body,
      idempotencyKey: f.pollBCreate.key,
      status: 201,
      check: async (r) => {
        assert.notEqual(r.json.id, f.pollB);
        assert.equal(r.headers.get('idempotent-replayed'), null);
        assertProblem(await call(baseOf(f), `/v1/polls/${r.json.id}`, { key: f.b.publishableKey }), 404, 'not-found');
      },
    },
  ],
  getPoll: (f) => [
    { what: 'B’s poll with A’s pk', key: 'pk', method: 'GET', path: `/v1/polls/${f.pollB}`, status: 404, slug: 'not-found' },
    { what: 'B’s poll with A’s sk', key: 'sk', method: 'GET', path: `/v1/polls/${f.pollB}`, status: 404, slug: 'not-found' },
    { what: 'A’s own poll (control)', key: 'pk', method: 'GET', path: `/v1/polls/${f.pollA}`, status: 200 },
  ],
  updatePoll: (f) => [
    { what: 'close B’s poll with A’s sk', key: 'sk', method: 'PATCH', path: `/v1/polls/${f.pollB}`, body: { status: 'closed' }, status: 404, slug: 'not-found' },
    { what: 'close B’s poll with A’s pk', key: 'pk', method: 'PATCH', path: `/v1/polls/${f.pollB}`, body: { status: 'closed' }, status: 403, slug: 'forbidden' },
    { what: 'A’s own poll (control)', key: 'sk', method: 'PATCH', path: `/v1/polls/${f.pollA}`, body: { question: { ko: 'A의 질문 (수정)' } }, status: 200 },
  ],
  vote: (f) => [
    { what: 'vote in B’s poll with A’s pk', key: 'pk', method: 'POST', path: `/v1/polls/${f.pollB}/votes`, body: { choices: ['yes'], deviceId: deviceId() }, status: 404, slug: 'not-found' },
    { what: 'vote in B’s poll with A’s sk', key: 'sk', method: 'POST', path: `/v1/polls/${f.pollB}/votes`, body: { choices: ['yes'], deviceId: deviceId() }, status: 404, slug: 'not-found' },
    {
      what: 'B’s voter’s Idempotency-Key and body with A’s pk: no replay of B’s receipt',
      key: 'pk',
      method: 'POST',
      path: `/v1/polls/${f.pollB}/votes`,
      body: f.voteB.body,
      idempotencyKey: f.voteB.key,
      status: 404,
      slug: 'not-found',
    },
    { what: 'A’s own poll (control)', key: 'pk', method: 'POST', path: `/v1/polls/${f.pollA}/votes`, body: { choices: ['no'], deviceId: deviceId() }, status: 201 },
  ],
  results: (f) => [
    { what: 'B’s results with A’s pk', key: 'pk', method: 'GET', path: `/v1/polls/${f.pollB}/results`, status: 404, slug: 'not-found' },
    { what: 'B’s results with A’s sk', key: 'sk', method: 'GET', path: `/v1/polls/${f.pollB}/results`, status: 404, slug: 'not-found' },
    { what: 'B’s results with B’s receipt, A’s pk', key: 'pk', method: 'GET', path: `/v1/polls/${f.pollB}/results?receipt=${f.receiptB}`, status: 404, slug: 'not-found' },
    {
      what: 'A’s after_vote poll with B’s receipt: still hidden',
      key: 'pk',
      method: 'GET',
      path: `/v1/polls/${f.pollA}/results?receipt=${f.receiptB}`,
      status: 200,
      check: (r) => assert.equal(r.json.visible, false),
    },
  ],
  resultsStream: (f) => [
    { what: 'B’s stream with A’s pk in ?key=', key: 'pk', keyInQuery: true, method: 'GET', path: `/v1/polls/${f.pollB}/results/stream`, status: 404, slug: 'not-found' },
    { what: 'B’s stream with A’s sk', key: 'sk', method: 'GET', path: `/v1/polls/${f.pollB}/results/stream`, status: 404, slug: 'not-found' },
    {
      what: 'A’s own stream (control)',
      key: 'pk',
      keyInQuery: true,
      method: 'GET',
      path: `/v1/polls/${f.pollA}/results/stream`,
      status: 200,
      check: (r) => assert.match(r.text, new RegExp(`"pollId":"${f.pollA}"`)),
    },
  ],
  getProposalSettings: (f) => [
    { what: 'settings with A’s pk: A’s', key: 'pk', method: 'GET', path: '/v1/proposal-settings', status: 200, check: (r) => assert.deepEqual(r.json.categories.map((c: any) => c.id), ['welfare']) },
    { what: 'settings with A’s sk: A’s', key: 'sk', method: 'GET', path: '/v1/proposal-settings', status: 200, check: (r) => assert.deepEqual(r.json.categories.map((c: any) => c.id), ['welfare']) },
  ],
  updateProposalSettings: () => [
    { what: 'settings with A’s pk', key: 'pk', method: 'PUT', path: '/v1/proposal-settings', body: { retentionDays: 1 }, status: 403, slug: 'forbidden' },
    { what: 'settings with A’s sk change A’s only', key: 'sk', method: 'PUT', path: '/v1/proposal-settings', body: { retentionDays: 30 }, status: 200, check: (r) => assert.equal(r.json.retentionDays, 30) },
  ],
  proposalChallenge: (f) => [
    { what: 'challenge with A’s pk', key: 'pk', method: 'GET', path: '/v1/proposals/challenge', status: 200, check: (r) => assert.ok(r.json.formToken) },
    {
      what: 'a form token of A does not file on B',
      key: 'sk',
      method: 'GET',
      path: '/v1/proposals/challenge',
      status: 200,
      check: async (r) => {
        const filed = await call(baseOf(f), '/v1/proposals', { key: f.b.publishableKey, body: { title: 't', body: 'b', category: 'bcat', antiSpam: { formToken: r.json.formToken } } });
        assertProblem(filed, 422, 'form-token-invalid', 'antiSpam.formToken');
      },
    },
  ],
  submitProposal: (f) => [
    {
      what: 'B’s Idempotency-Key and B’s exact body (B’s form token, which already filed): no replay, no receipt of B',
      key: 'pk',
      method: 'POST',
      path: '/v1/proposals',
      body: f.propB.submit.body,
      idempotencyKey: f.propB.submit.key,
      status: 422,
      slug: 'form-token-invalid',
    },
    {
      what: 'B’s used form token with A’s sk: not "already submitted" with B’s receipt',
      key: 'sk',
      method: 'POST',
      path: '/v1/proposals',
      body: { title: 'A', body: 'A', category: 'welfare', antiSpam: { formToken: f.propB.pubFormToken } },
      status: 422,
      slug: 'form-token-invalid',
    },
  ],
  listProposals: (f) => [
    { what: 'list with A’s pk: A’s only', key: 'pk', method: 'GET', path: '/v1/proposals', status: 200, check: (r) => assert.deepEqual(r.json.items.map((p: any) => p.id), [f.propA.pub]) },
    { what: 'list with A’s sk: A’s only', key: 'sk', method: 'GET', path: '/v1/proposals?sort=support', status: 200, check: (r) => assert.deepEqual(r.json.items.map((p: any) => p.id), [f.propA.pub]) },
    { what: 'B’s category with A’s pk', key: 'pk', method: 'GET', path: '/v1/proposals?category=bcat', status: 200, check: (r) => assert.deepEqual(r.json.items, []) },
  ],
  getProposal: (f) => [
    { what: 'B’s published proposal with A’s pk', key: 'pk', method: 'GET', path: `/v1/proposals/${f.propB.pub}`, status: 404, slug: 'not-found' },
    { what: 'B’s published proposal with A’s sk', key: 'sk', method: 'GET', path: `/v1/proposals/${f.propB.pub}`, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'GET', path: `/v1/proposals/${f.propA.pub}`, status: 200 },
  ],
  trackProposal: (f) => [
    {
      what: 'B’s receipt number and tracking code with A’s pk',
      key: 'pk',
      method: 'GET',
      path: `/v1/proposal-receipts/${f.propB.subReceipt}?code=${f.propB.subCode}`,
      status: 404,
      slug: 'not-found',
    },
    { what: 'B’s receipt number and tracking code with A’s sk', key: 'sk', method: 'GET', path: `/v1/proposal-receipts/${f.propB.subReceipt}?code=${f.propB.subCode}`, status: 404, slug: 'not-found' },
    ...f.bOnlyReceiptNumbers.map(
      (n): Probe => ({ what: `B’s receipt number ${n} (A has none such) with A’s pk`, key: 'pk', method: 'GET', path: `/v1/proposal-receipts/${n}`, status: 404, slug: 'not-found' }),
    ),
    {
      what: 'a receipt number both sites have: A’s own proposal',
      key: 'pk',
      method: 'GET',
      path: `/v1/proposal-receipts/${f.propA.pubReceipt}`,
      status: 200,
      check: (r) => assert.equal(r.json.id, f.propA.pub),
    },
  ],
  supportProposal: (f) => [
    { what: 'support B’s proposal with A’s pk', key: 'pk', method: 'POST', path: `/v1/proposals/${f.propB.pub}/supports`, body: { deviceId: deviceId() }, status: 404, slug: 'not-found' },
    { what: 'support B’s proposal with A’s sk', key: 'sk', method: 'POST', path: `/v1/proposals/${f.propB.pub}/supports`, body: { deviceId: deviceId() }, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'POST', path: `/v1/proposals/${f.propA.pub}/supports`, body: { deviceId: deviceId() }, status: 201 },
  ],
  transitionProposal: (f) => [
    { what: 'review B’s proposal with A’s sk', key: 'sk', method: 'POST', path: `/v1/proposals/${f.propB.sub}/transitions`, body: { to: 'under_review' }, status: 404, slug: 'not-found' },
    { what: 'review B’s proposal with A’s pk', key: 'pk', method: 'POST', path: `/v1/proposals/${f.propB.sub}/transitions`, body: { to: 'under_review' }, status: 403, slug: 'forbidden' },
    { what: 'A’s own (control)', key: 'sk', method: 'POST', path: `/v1/proposals/${f.propA.sub}/transitions`, body: { to: 'under_review' }, status: 201 },
  ],
  adminListProposals: (f) => [
    {
      what: 'the review queue with A’s sk: A’s only',
      key: 'sk',
      method: 'GET',
      path: '/v1/admin/proposals',
      status: 200,
      check: (r) => assert.deepEqual(r.json.items.map((p: any) => p.id).sort(), [f.propA.pub, f.propA.sub].sort()),
    },
    { what: 'the review queue with A’s pk', key: 'pk', method: 'GET', path: '/v1/admin/proposals?state=submitted', status: 403, slug: 'forbidden' },
  ],
  adminGetProposal: (f) => [
    { what: 'B’s proposal with contact, A’s sk', key: 'sk', method: 'GET', path: `/v1/admin/proposals/${f.propB.sub}`, status: 404, slug: 'not-found' },
    { what: 'B’s proposal with contact, A’s pk', key: 'pk', method: 'GET', path: `/v1/admin/proposals/${f.propB.sub}`, status: 403, slug: 'forbidden' },
    { what: 'A’s own (control)', key: 'sk', method: 'GET', path: `/v1/admin/proposals/${f.propA.sub}`, status: 200 },
  ],
  listBudgets: (f) => [
    { what: 'datasets with A’s pk: A’s only', key: 'pk', method: 'GET', path: '/v1/budgets', status: 200, check: (r) => assert.deepEqual(r.json.items.map((d: any) => d.id).sort(), [f.dsA, f.dsA2].sort()) },
    { what: 'datasets with A’s sk: A’s only', key: 'sk', method: 'GET', path: '/v1/budgets', status: 200, check: (r) => assert.deepEqual(r.json.items.map((d: any) => d.id).sort(), [f.dsA, f.dsA2].sort()) },
  ],
  getBudget: (f) => [
    { what: 'B’s dataset with A’s pk', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsB}`, status: 404, slug: 'not-found' },
    { what: 'B’s dataset with A’s sk', key: 'sk', method: 'GET', path: `/v1/budgets/${f.dsB}`, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsA}`, status: 200 },
  ],
  budgetView: (f) => [
    { what: 'B’s view with A’s pk', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsB}/view`, status: 404, slug: 'not-found' },
    { what: 'B’s view with A’s sk', key: 'sk', method: 'GET', path: `/v1/budgets/${f.dsB}/view?year=2024`, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsA}/view`, status: 200 },
  ],
  budgetComparison: (f) => [
    { what: 'B’s comparison with A’s pk', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsB}/comparison?item=210-01`, status: 404, slug: 'not-found' },
    { what: 'B’s comparison with A’s sk', key: 'sk', method: 'GET', path: `/v1/budgets/${f.dsB}/comparison`, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsA}/comparison?item=210-01`, status: 200 },
  ],
  budgetLines: (f) => [
    { what: 'B’s lines with A’s pk', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsB}/lines`, status: 404, slug: 'not-found' },
    { what: 'B’s lines with A’s sk', key: 'sk', method: 'GET', path: `/v1/budgets/${f.dsB}/lines?limit=1000`, status: 404, slug: 'not-found' },
    { what: 'A’s own (control)', key: 'pk', method: 'GET', path: `/v1/budgets/${f.dsA}/lines`, status: 200 },
  ],
  importBudget: (f) => [
    { what: 'import with A’s pk', key: 'pk', method: 'POST', path: '/v1/budgets', raw: { type: 'text/csv', body: 'x' }, status: 403, slug: 'forbidden' },
    {
      what: 'B’s file, metadata and Idempotency-Key with A’s sk: a dataset of A’s own, not B’s',
      key: 'sk',
      method: 'POST',
      path: `/v1/budgets?meta=${encodeURIComponent(JSON.stringify(f.importB.meta))}`,
      raw: { type: 'text/csv', body: f.importB.csv },
      idempotencyKey: f.importB.key,
      status: 201,
      check: (r) => {
        assert.notEqual(r.json.id, f.dsB);
        assert.equal(r.headers.get('idempotent-replayed'), null);
      },
    },
  ],
  deleteBudget: (f) => [
    { what: 'delete B’s dataset with A’s sk', key: 'sk', method: 'DELETE', path: `/v1/budgets/${f.dsB}`, status: 404, slug: 'not-found' },
    { what: 'delete B’s dataset with A’s pk', key: 'pk', method: 'DELETE', path: `/v1/budgets/${f.dsB}`, status: 403, slug: 'forbidden' },
    { what: 'A’s own (control)', key: 'sk', method: 'DELETE', path: `/v1/budgets/${f.dsA2}`, status: 200 },
  ],
};

const bases = new WeakMap<Fixture, string>();
const baseOf = (f: Fixture) => bases.get(f)!;

/** Whether a concrete path (query aside) is an instance of a route's `{param}` template. */
const matches = (template: string, path: string) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/?]+')}$`).test(path.split('?')[0]!);

/** Sends a probe; a stream is read up to its first event, then closed. */
async function send(base: string, f: Fixture, p: Probe): Promise<Answer> {
  const key = p.key === 'pk' ? f.a.publishableKey : f.a.secretKey;
  const headers: Record<string, string> = {};
  let url = base + p.path;
  if (p.keyInQuery) url += `${p.path.includes('?') ? '&' : '?'}key=${key}`;
  else headers.Authorization = `Bearer ${key}`;
  // The publishable key is sent as a browser would, from A's own allowed origin.
  if (p.key === 'pk') headers.Origin = ORIGIN_A;
  if (p.body !== undefined) headers['Content-Type'] = 'application/json';
  if (p.raw) headers['Content-Type'] = p.raw.type;
  if (p.method === 'POST') headers['Idempotency-Key'] = p.idempotencyKey ?? randomUUID();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 15_000);
  try {
    const res = await fetch(url, { method: p.method, headers, body: p.raw?.body ?? (p.body !== undefined ? JSON.stringify(p.body) : undefined), signal: ac.signal });
    if (!res.headers.get('content-type')?.startsWith('text/event-stream')) return await readResponse(res);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    ac.abort();
    return { status: res.status, headers: res.headers, json: undefined, text };
  } finally {
    clearTimeout(timer);
  }
}

test('the isolation matrix has an entry for every route of @madang/contracts, and none for a route that is gone', () => {
  assert.deepEqual(Object.keys(MATRIX).sort(), Object.keys(routes).sort(), 'a route without a tenant-isolation entry (or an entry for a route that is gone)');
});

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('tenant isolation'), () => {
    let srv: MadangServer;
    let base: string;
    let f: Fixture;

    before(async () => {
      srv = await startTestServer(engine);
      base = srv.url;
      const mark = `B-ONLY-${randomUUID().slice(0, 8)}`;
      const a = await srv.ops.createSite({ name: 'Site A', origins: [ORIGIN_A] });
      const b = await srv.ops.createSite({ name: `Site B ${mark}`, origins: [ORIGIN_B] });
      const ok = (r: Answer, status = 201) => {
        assert.equal(r.status, status, r.text);
        return r.json;
      };

      // --- B: a poll with one vote, settings, four proposals, a budget dataset; every text marked.
      const pollBCreate = { body: { kind: 'yes_no', question: { ko: `${mark} 질문`, en: `${mark} question` }, description: { ko: mark } }, key: randomUUID() };
      const pollB = ok(await call(base, '/v1/polls', { key: b.secretKey, body: pollBCreate.body, idempotencyKey: pollBCreate.key })).id;
      const voteB = { body: { choices: ['yes'], deviceId: deviceId() }, key: randomUUID() };
      const receiptB = ok(await call(base, `/v1/polls/${pollB}/votes`, { key: b.publishableKey, body: voteB.body, idempotencyKey: voteB.key })).receiptId;
      await putSettings(base, b, { minFillSeconds: 0, categories: [{ id: 'bcat', label: { ko: `${mark} 분류`, en: mark } }], consent: { version: mark.slice(0, 20), purpose: { ko: mark }, extra: null } });
      const formToken = (await challenge(base, b)).formToken;
      const submitB = {
        body: { title: `${mark} 제안`, body: `${mark} 본문`, category: 'bcat', contact: { name: `${mark} 이름`, email: 'b@example.kr' }, consent: { version: mark.slice(0, 20), items: ['name', 'email'], agreedAt: new Date().toISOString() }, antiSpam: { formToken } },
        key: randomUUID(),
      };
      const bPub = ok(await call(base, '/v1/proposals', { key: b.publishableKey, body: submitB.body, idempotencyKey: submitB.key }));
      for (const to of ['under_review', 'published']) ok(await call(base, `/v1/proposals/${bPub.id}/transitions`, { key: b.secretKey, body: { to, note: { ko: `${mark} 안내` } } }));
      const bMore = [];
      for (let i = 0; i < 3; i++) bMore.push(ok(await submit(base, b, { title: `${mark} 제안 ${i}`, body: mark, category: 'bcat' })));
      const bSub = bMore[2];
      const importB = { csv: `회계연도,소관명,분야명,목코드,목명,예산액\n2024,${mark}기관,${mark}분야,210-01,업무추진비,100\n`, meta: { ...META, title: { ko: `${mark} 예산` } }, key: randomUUID() };
      const dsB = ok(await importCsv(base, b.secretKey, importB.csv, importB.meta, { idempotencyKey: importB.key })).id;

      // --- A: its own of each, fewer proposals than B (so some of B's receipt numbers A does not have).
      const pollA = (await createPoll(base, a, { kind: 'yes_no', question: { ko: 'A의 질문' }, resultsVisibility: 'after_vote' })).id;
      await putSettings(base, a, { minFillSeconds: 0, categories: [{ id: 'welfare', label: { ko: '복지' } }] });
      const { receipt: aPub } = await proposalIn(base, a, [{ to: 'under_review' }, { to: 'published' }], { category: 'welfare' });
      const aSub = ok(await submit(base, a, { category: 'welfare' }));
      const dsA = ok(await importCsv(base, a.secretKey, '회계연도,소관명,분야명,목코드,목명,예산액\n2024,A기관,A분야,210-01,업무추진비,7\n')).id;
      const dsA2 = ok(await importCsv(base, a.secretKey, '회계연도,분야명,예산액\n2024,A둘,1\n')).id;

      const aReceipts = new Set([aPub.receiptNumber, aSub.receiptNumber]);
      const bReceipts = [bPub, ...bMore].map((p) => p.receiptNumber as string);
      const bOnlyReceiptNumbers = bReceipts.filter((n) => !aReceipts.has(n));
      assert.ok(bOnlyReceiptNumbers.length >= 2, 'the fixture gives B receipt numbers A does not have');
      f = {
        a,
        b,
        mark,
        pollA,
        pollB,
        pollBCreate,
        receiptB,
        voteB,
        propA: { pub: aPub.id, sub: aSub.id, pubReceipt: aPub.receiptNumber },
        propB: { pub: bPub.id, sub: bSub.id, subReceipt: bSub.receiptNumber, subCode: bSub.trackingCode, submit: submitB, pubFormToken: formToken },
        bOnlyReceiptNumbers,
        dsA,
        dsA2,
        dsB,
        importB,
        forbidden: [
          mark,
          b.id,
          b.publishableKey,
          b.secretKey,
          b.voterTokenSecret,
          ORIGIN_B,
          pollB,
          receiptB,
          dsB,
          ...[bPub, ...bMore].flatMap((p) => [p.id, p.trackingCode]),
          ...bOnlyReceiptNumbers,
          'b@example.kr',
        ],
      };
      bases.set(f, base);
    });
    after(() => srv.close());

    for (const name of Object.keys(MATRIX) as RouteName[]) {
      test(t(`${name} (${routes[name].method.toUpperCase()} ${routes[name].path}): A’s keys never reach B’s data`), async () => {
        const probes = MATRIX[name](f);
        assert.ok(probes.some((p) => p.key === 'pk') && probes.some((p) => p.key === 'sk'), 'probes with both of A’s keys');
        for (const p of probes) {
          const where = `${name}: ${p.what} (${p.method} ${p.path})`;
          assert.equal(p.method.toLowerCase(), routes[name].method, `${where}: the probe's method is the route's`);
          assert.ok(matches(routes[name].path, p.path), `${where}: the probe's path is an instance of ${routes[name].path}`);
          const r = await send(base, f, p);
          assert.equal(r.status, p.status, `${where}: expected ${p.status}, got ${r.status}: ${r.text.slice(0, 500)}`);
          if (p.slug) assertProblem(r, p.status, p.slug);
          // Nothing of B's, except what the probe itself sent (a 404 names the id it was asked for).
          const sent = `${p.path} ${p.idempotencyKey ?? ''} ${JSON.stringify(p.body ?? '')} ${p.raw?.body ?? ''}`;
          const leaked = f.forbidden.filter((s) => !sent.includes(s) && (r.text.includes(s) || [...r.headers.values()].some((v) => v.includes(s))));
          assert.deepEqual(leaked, [], `${where}: the answer carries B's data: ${r.text.slice(0, 500)}`);
          await p.check?.(r);
        }
      });
    }

    test(t('after every probe, B’s data is as B left it'), async () => {
      const pk = f.b.publishableKey;
      const sk = f.b.secretKey;
      const poll = await call(base, `/v1/polls/${f.pollB}`, { key: pk });
      assert.equal(poll.json.status, 'open');
      assert.equal(poll.json.question.ko, `${f.mark} 질문`);
      assert.equal((await call(base, `/v1/polls/${f.pollB}/results`, { key: sk })).json.totalVotes, 1);
      assert.deepEqual((await call(base, '/v1/proposal-settings', { key: pk })).json.categories.map((c: any) => c.id), ['bcat']);
      assert.equal((await call(base, '/v1/proposal-settings', { key: pk })).json.retentionDays, 365);
      assert.equal((await call(base, `/v1/admin/proposals/${f.propB.sub}`, { key: sk })).json.state, 'submitted');
      assert.equal((await call(base, `/v1/proposals/${f.propB.pub}`, { key: pk })).json.supportCount, 0);
      assert.equal((await call(base, '/v1/admin/proposals', { key: sk })).json.total, 4);
      assert.equal((await call(base, `/v1/budgets/${f.dsB}`, { key: pk })).status, 200);
      assert.deepEqual((await call(base, '/v1/budgets', { key: pk })).json.items.map((d: any) => d.id), [f.dsB]);
      // and A's own writes went to A: the support, the transition, the vote.
      assert.equal((await call(base, `/v1/proposals/${f.propA.pub}`, { key: f.a.publishableKey })).json.supportCount, 1);
      assert.equal((await call(base, `/v1/polls/${f.pollA}/results`, { key: f.a.secretKey })).json.totalVotes, 1);
    });
  });
}
