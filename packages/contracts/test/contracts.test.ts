import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as z from 'zod/mini';
import { Poll, PollCreate, Problem, PROBLEM_TYPES, problemSlug, routes, VoteRequest, fillPath, toHonoPath, type RouteName } from '../src/index.js';
import { openApiDocument, problemsOf } from '../src/openapi.js';

test('zod runs jitless, so no eval is needed under a strict CSP', () => {
  assert.equal(z.config().jitless, true);
});

test('PollCreate names the offending field', () => {
  const r = PollCreate.safeParse({ kind: 'multiple', question: { ko: '질문' }, options: [{ id: 'a', label: { ko: 'A' } }, { id: 'b', label: { ko: 'B' } }], minChoices: 2, maxChoices: 3 });
  assert.equal(r.success, false);
  assert.deepEqual(r.error!.issues.map((i) => i.path.join('.')), ['maxChoices']);
  assert.equal(PollCreate.safeParse({ kind: 'yes_no', question: { ko: '  ' } }).success, false, 'blank Korean text is refused');
  assert.equal(PollCreate.safeParse({ kind: 'yes_no', question: { ko: '질문' }, threshold: { optionId: 'yes', count: 10 } }).success, true);
});

test('VoteRequest refuses repeated choices and odd device ids', () => {
  assert.equal(VoteRequest.safeParse({ choices: ['a', 'a'] }).success, false);
  assert.equal(VoteRequest.safeParse({ choices: ['a'], deviceId: 'short' }).success, false);
  assert.equal(VoteRequest.safeParse({ choices: ['a'], deviceId: 'a'.repeat(32) }).success, true);
});

test('parsing tolerates fields a newer server adds', () => {
  const poll = {
    id: 'poll_abcdefgh12', kind: 'yes_no', question: { ko: 'q' }, description: null, options: [], minChoices: 1, maxChoices: 1,
    opensAt: null, closesAt: null, status: 'open', resultsVisibility: 'always', voterPolicy: 'anonymous', threshold: null,
    forwardedAt: null, history: [], createdAt: '2026-11-22T00:00:00.000Z', somethingNew: 1,
  };
  assert.equal(Poll.safeParse(poll).success, true);
});

test('problem slugs round-trip', () => {
  for (const slug of Object.keys(PROBLEM_TYPES)) assert.equal(problemSlug(`/problems/${slug}`), slug);
  assert.equal(problemSlug('https://example.com/unknown'), undefined);
  assert.equal(Problem.safeParse({ type: '/problems/validation', title: 't', status: 422, errors: [{ field: 'a', pointer: '/a', detail: 'x' }] }).success, true);
});

test('every operation lists each problem status it may answer with, and its problem types', () => {
  const doc = openApiDocument();
  for (const [name, r] of Object.entries(routes)) {
    const responses = (doc.paths as any)[r.path][r.method].responses as Record<string, any>;
    assert.equal(responses['4XX'], undefined, `${name}: statuses are listed one by one`);
    for (const slug of problemsOf(name as RouteName)) {
      const status = String(PROBLEM_TYPES[slug].status);
      assert.ok(responses[status]?.['x-problem-types']?.includes(`/problems/${slug}`), `${name}: ${status} ${slug}`);
      assert.match(responses[status].description, new RegExp(`/problems/${slug}\\b`));
    }
    for (const [status, res] of Object.entries(responses)) {
      if (Number(status) < 400) continue;
      assert.ok(Object.keys(res.content).includes('application/problem+json'), `${name} ${status}`);
      for (const t of res['x-problem-types']) assert.equal(String(PROBLEM_TYPES[t.replace('/problems/', '') as keyof typeof PROBLEM_TYPES].status), status);
    }
  }
  const vote = (doc.paths as any)['/v1/polls/{id}/votes'].post.responses;
  assert.deepEqual(Object.keys(vote), ['201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '431', '500']);
  assert.deepEqual(vote['409']['x-problem-types'], ['/problems/idempotency-key-in-use', '/problems/poll-not-open', '/problems/poll-closed', '/problems/already-voted']);
  const health = (doc.paths as any)['/v1/health'].get.responses;
  assert.deepEqual(Object.keys(health), ['200', '431', '500'], 'no key, no body: only headers over the limit or a bug answer otherwise');
  const lines = (doc.paths as any)['/v1/budgets/{id}/lines'].get.responses;
  assert.deepEqual(lines['422']['x-problem-types'], ['/problems/validation'], 'the query is checked');
  assert.equal((doc.paths as any)['/v1/polls/{id}/results'].get.responses['422'], undefined, 'results take any receipt');
});

test('paths convert for Hono and fill for clients', () => {
  assert.equal(toHonoPath(routes.vote.path), '/v1/polls/:id/votes');
  assert.equal(fillPath(routes.vote.path, { id: 'poll_a/b' }), '/v1/polls/poll_a%2Fb/votes');
});

test('the OpenAPI 3.1 document covers every route and every $ref resolves', () => {
  const doc = openApiDocument();
  assert.equal(doc.openapi, '3.1.0');
  for (const r of Object.values(routes)) assert.ok((doc.paths as any)[r.path]?.[r.method], `${r.method} ${r.path}`);
  const refs = JSON.stringify(doc).match(/"\$ref":"#\/components\/schemas\/(\w+)"/g) ?? [];
  assert.ok(refs.length > 10);
  for (const ref of refs) {
    const name = ref.split('/').pop()!.replace('"', '');
    assert.ok((doc.components.schemas as any)[name], `unresolved ${ref}`);
  }
  assert.equal((doc.paths as any)['/v1/polls/{id}/votes'].post.parameters.find((p: any) => p.name === 'Idempotency-Key').required, true);
});
