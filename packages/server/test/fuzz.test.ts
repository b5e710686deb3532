/**
 * Schema fuzzing: requests generated with fast-check from the contracts (the `routes` table and
 * the OpenAPI document's schemas), sent over HTTP to a real server on each engine, for every
 * route: valid bodies, queries and path parameters, and broken ones (missing, extra and wrong-typed
 * fields, boundary lengths, huge strings, odd Unicode, deep nesting, invalid JSON, wrong or no
 * Content-Type, bodies over 64 KiB, no/unknown/wrong-kind keys, missing Idempotency-Keys).
 *
 * Every answer must be: below 500; a status the OpenAPI document lists for the operation; for a
 * 4xx, RFC 9457 problem+json whose `type` the document lists under that status, with `status`
 * equal to the HTTP status, a title and a detail; a validation problem names its fields. Where
 * the generator knows what the server must answer (a bad key, a body its zod schema rejects, a
 * missing Idempotency-Key …) the exact status, type and field are checked; a request the
 * contract accepts must get the route's documented 2xx or one of the outcomes of its own rules
 * (`SEMANTIC`), and every route must have answered at least one generated request with its 2xx.
 *
 * A fixed seed here (FUZZ_SEED, FUZZ_RUNS override it); `pnpm bench:fuzz` runs longer with a
 * random seed (scripts/bench-fuzz.mjs). A failure prints the seed and path to replay it.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { PROBLEM_TYPES, routes, type ProblemSlug, type RouteName, type SiteCreated } from '@madang/contracts';
import { openApiDocument } from '@madang/contracts/openapi';
import { engines, startTestServer } from '../src/testing.js';
import type { MadangServer } from '../src/index.js';
import { illFormedAt } from '../src/problems.js';
import { challenge, createPoll, proposalIn, putSettings, readResponse } from './helpers.js';
import { importCsv, META } from './budget-helpers.js';
import { SchemaArbitraries, rawBodies, text, type JsonSchema } from './fuzz-arbitraries.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
/** Generated requests per route and engine. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);

const doc = openApiDocument() as any;
const gen = new SchemaArbitraries(doc.components.schemas);
const operation = (name: RouteName) => doc.paths[routes[name].path][routes[name].method];

/** Outcomes of a route's own rules that a request its contract accepts may still get. */
const SEMANTIC: Record<RouteName, ProblemSlug[]> = {
  health: [],
  createPoll: ['validation'], // e.g. a threshold on an option the poll does not have
  getPoll: [],
  updatePoll: ['validation'], // closesAt before opensAt
  vote: ['validation', 'already-voted', 'poll-closed', 'poll-not-open', 'device-id-required', 'voter-token-required', 'invalid-voter-token'],
  results: [],
  resultsStream: [],
  getProposalSettings: [],
  updateProposalSettings: ['validation'], // a category listed twice
  proposalChallenge: [],
  submitProposal: ['validation', 'form-token-invalid', 'submitted-too-fast', 'spam-suspected', 'proof-of-work-required', 'already-submitted'],
  listProposals: [],
  getProposal: [],
  trackProposal: ['not-found'], // a generated tracking code is not the proposal's
  supportProposal: ['already-supported', 'proposal-not-open', 'device-id-required', 'voter-token-required', 'invalid-voter-token'],
  transitionProposal: ['invalid-transition', 'validation'], // some states need a note
  adminListProposals: [],
  adminGetProposal: [],
  listBudgets: [],
  getBudget: [],
  budgetView: ['not-found'], // a generated path or organisation the dataset does not have
  budgetComparison: ['not-found'],
  budgetLines: [],
  importBudget: ['validation', 'invalid-budget-file'],
  deleteBudget: ['not-found'], // deleted by an earlier run
};

/** The 2xx statuses the document lists for the operation. */
const successes = (name: RouteName) => Object.keys(operation(name).responses).map(Number).filter((s) => s < 300);

// ---------------------------------------------------------------------------- what a request is

interface FuzzRequest {
  route: RouteName;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was done to it, for the failure message. */
  notes: string[];
  /** The answer the server must give, when the generator knows it; otherwise `semantic` rules apply. */
  expect?: { status: number; slugs: ProblemSlug[]; field?: string };
  /** Query parameters were fuzzed: a 422 naming one of these is also right. */
  fuzzedQuery?: string[];
}

type KeyVariant = 'right' | 'none' | 'unknown' | 'publishable' | 'secret' | 'secret-from-browser' | 'secret-in-url';

interface Seeded {
  main: SiteCreated;
  settings: SiteCreated;
  deletions: SiteCreated;
  other: SiteCreated;
  /** Valid values of each path parameter, per route (resources that exist on the route's site). */
  params: Partial<Record<RouteName, Record<string, string[]>>>;
  /** Ids of resources elsewhere: another site's, or another kind's. */
  foreignIds: string[];
  pollOptions: Record<string, string[]>;
  categories: string[];
}

const siteOf = (name: RouteName, s: Seeded) =>
  name === 'updateProposalSettings' ? s.settings : name === 'deleteBudget' ? s.deletions : s.main;

// ---------------------------------------------------------------------------- arbitraries per request part

const keyVariant = (name: RouteName): fc.Arbitrary<KeyVariant> => {
  const r = routes[name];
  if (r.auth === 'none') return fc.constant('right');
  return fc.oneof(
    { arbitrary: fc.constant<KeyVariant>('right'), weight: 12 },
    { arbitrary: fc.constantFrom<KeyVariant>('none', 'unknown', 'secret-from-browser', 'secret-in-url'), weight: 3 },
    { arbitrary: fc.constant<KeyVariant>(r.auth === 'secret' ? 'publishable' : 'secret'), weight: 1 },
  );
};

/** A path parameter: an id that exists, or anything else (wrong shape, huge, Unicode, dot segments, raw escapes). */
const pathParam = (valid: string[], foreign: string[]): fc.Arbitrary<{ raw: string; valid: boolean; note: string }> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid).map((v) => ({ raw: encodeURIComponent(v), valid: true, note: '' })), weight: 6 },
    {
      arbitrary: fc
        .oneof(
          fc.constantFrom(...foreign.filter((f) => !valid.includes(f))),
          text(1, 40),
          fc.stringMatching(/^(poll|prop|bds)_[A-Za-z0-9]{8,40}$/),
          fc.constantFrom('x'.repeat(5_000), '0', '-1', 'null', 'undefined', '9'.repeat(40), '2026-000001', ' ', 'é', '😀'),
        )
        .filter((v) => !valid.includes(v.toWellFormed()))
        .map((v) => ({ raw: encodeURIComponent(v.toWellFormed()), valid: false, note: `path parameter ${JSON.stringify(v.slice(0, 60))}` })),
      weight: 3,
    },
    {
      arbitrary: fc.constantFrom('%00', '%ED%A0%80', '%FF%FE', '%', '%zz', '%2e%2e', '..', '..%2F..%2Fetc', '%E2%80%AE', 'a%0d%0aX-Injected:%201').map((raw) => ({
        raw,
        valid: false,
        note: `raw path parameter ${raw}`,
      })),
      weight: 1,
    },
  );

/** A query string from the operation's documented parameters: valid values, fuzzed ones, unknown and repeated ones. */
function queryString(name: RouteName): fc.Arbitrary<{ qs: string; fuzzed: string[]; notes: string[] }> {
  const params = (operation(name).parameters as any[]).filter((p) => p.in === 'query' && p.name !== 'key' && p.name !== 'meta');
  if (!params.length) return fc.constant({ qs: '', fuzzed: [], notes: [] });
  const one = (p: any) =>
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: gen.valid(p.schema).map((v) => ({ value: String(v), fuzzed: false })), weight: 4 },
      {
        arbitrary: fc
          .oneof(text(0, 30), fc.constantFrom('-1', '0', '1.5', '1e3', '99999999999999999999', 'NaN', 'true', '[]', '%00', '\u0000', 'x'.repeat(3_000)))
          .map((value) => ({ value, fuzzed: true })),
        weight: 2,
      },
    );
  return fc
    .tuple(
      fc.tuple(...params.map(one)),
      fc.option(fc.tuple(text(1, 12), text(0, 12)), { freq: 4 }),
      fc.boolean(),
    )
    .map(([values, extra, repeat]) => {
      const sp = new URLSearchParams();
      const fuzzed: string[] = [];
      const notes: string[] = [];
      values.forEach((v, i) => {
        if (!v) return;
        sp.append(params[i].name, v.value);
        if (repeat && i === 0) sp.append(params[i].name, v.value);
        if (v.fuzzed) {
          fuzzed.push(params[i].name);
          notes.push(`query ${params[i].name}=${JSON.stringify(v.value.slice(0, 60))}`);
        }
      });
      if (extra) {
        sp.append(extra[0], extra[1]);
        fuzzed.push(extra[0].toWellFormed()); // an unpaired surrogate travels as U+FFFD
        notes.push(`unknown query ${JSON.stringify(extra[0])}`);
      }
      if (repeat) notes.push('first parameter repeated');
      const qs = sp.toString();
      return { qs: qs ? `?${qs}` : '', fuzzed, notes };
    });
}

type BodyCase =
  | { kind: 'schema'; value: unknown; mutation?: string }
  | { kind: 'raw'; raw: string; mutation: string; expect: 'malformed' | 'too-large' | 'validation' | 'deep' };

/** Drops optional fields the contract's cross-field rules reject, a few times over (see `withoutOptionalOn`). */
function withinRules(name: RouteName, value: unknown): unknown {
  const schema: JsonSchema = operation(name).requestBody.content['application/json'].schema;
  const body = (routes[name] as { body?: { safeParse(v: unknown): any } }).body!;
  let v = value;
  for (let i = 0; i < 6; i++) {
    const r = body.safeParse(v);
    if (r.success) return v;
    const next = gen.withoutOptionalOn(schema, v, r.error.issues[0].path);
    if (next === undefined) return v;
    v = next;
  }
  return v;
}

function bodyCase(name: RouteName, validOnly = false): fc.Arbitrary<BodyCase> {
  const schema: JsonSchema = operation(name).requestBody.content['application/json'].schema;
  const body = (routes[name] as { body?: { safeParse(v: unknown): { success: boolean } } }).body!;
  const repaired = gen.valid(schema).map((value) => withinRules(name, value));
  const accepted = repaired.filter((v) => body.safeParse(v).success);
  const valid = (validOnly ? accepted : fc.oneof({ arbitrary: accepted, weight: 3 }, { arbitrary: repaired, weight: 1 })).map((value) => ({
    kind: 'schema' as const,
    value,
  }));
  if (validOnly) return valid;
  return fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: gen.mutated(schema).map(({ value, mutation }) => ({ kind: 'schema' as const, value, mutation })), weight: 6 },
    {
      arbitrary: rawBodies.map(({ raw, mutation, expect }) => ({ kind: 'raw' as const, raw, mutation, expect: mutation.includes('nested') ? ('deep' as const) : expect })),
      weight: 2,
    },
  );
}

const contentTypes = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 10 },
  { arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/merge-patch+json', 'APPLICATION/JSON'), weight: 1 },
  { arbitrary: fc.constantFrom(null, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/csv', 'application/jsonx', 'json', ''), weight: 2 },
);
const jsonType = (t: string | null) => t !== null && /^application\/([\w.+-]+\+)?json\b/i.test(t);

const idempotencyKeys = fc.oneof(
  { arbitrary: fc.constant('fresh'), weight: 12 },
  { arbitrary: fc.constantFrom(null, 'short', 'k'.repeat(256), 'has space inside', 'clé-clé-clé-clé'), weight: 1 },
);

// ---------------------------------------------------------------------------- one request per route

/** The zod schema's verdict on a body, as the server words its first issue. */
function verdict(name: RouteName, value: unknown): { ok: true } | { ok: false; field: string } {
  const schema = (routes[name] as { body?: { safeParse(v: unknown): any } }).body!;
  const r = schema.safeParse(value);
  // The server also refuses unpaired surrogates the contracts let through (see problems.ts).
  const illFormed = r.success ? illFormedAt(r.data) : undefined;
  if (r.success && !illFormed) return { ok: true };
  const path = (illFormed ?? r.error.issues[0].path as PropertyKey[]).map(String);
  return { ok: false, field: path.join('.') || '(body)' };
}

function requestFor(name: RouteName, s: Seeded): fc.Arbitrary<Omit<FuzzRequest, 'headers'> & { keyVariant: KeyVariant; ct: string | null; idem: string | null; params: { raw: string; valid: boolean; note: string }[] }> {
  const r = routes[name] as (typeof routes)[RouteName] & { body?: unknown };
  const paramNames = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const paramArbs = paramNames.map((p) => pathParam(s.params[name]?.[p] ?? ['missing'], s.foreignIds));
  return fc
    .record({
      keyVariant: keyVariant(name),
      params: paramArbs.length ? fc.tuple(...paramArbs) : fc.constant([]),
      query: queryString(name),
      body: r.body ? bodyCase(name) : fc.constant(undefined),
      ct: r.body ? contentTypes : fc.constant(null),
      idem: r.method === 'post' ? idempotencyKeys : fc.constant(null),
      // One request in three is valid in every part but the body's own values, so valid requests reach the 2xx often.
      clean: fc.nat(2).map((n) => n === 0),
      cleanParams: fc.tuple(...paramNames.map((p) => fc.constantFrom(...(s.params[name]?.[p] ?? ['missing'])))),
      cleanBody: r.body ? bodyCase(name, true) : fc.constant(undefined),
    })
    .map(({ clean, cleanParams, cleanBody, ...parts }) =>
      clean
        ? {
            ...parts,
            keyVariant: 'right' as KeyVariant,
            params: cleanParams.map((v) => ({ raw: encodeURIComponent(v), valid: true, note: '' })),
            query: { qs: '', fuzzed: [], notes: ['clean'] },
            body: cleanBody,
            ct: r.body ? 'application/json' : null,
            idem: r.method === 'post' ? 'fresh' : null,
          }
        : parts,
    )
    .map(({ keyVariant, params, query, body, ct, idem }) => {
      let i = 0;
      const path = r.path.replace(/\{\w+\}/g, () => params[i++].raw) + query.qs;
      const notes = [`key: ${keyVariant}`, ...params.map((p) => p.note).filter(Boolean), ...query.notes];
      let raw: string | undefined;
      if (body?.kind === 'schema') raw = JSON.stringify(body.value);
      if (body?.kind === 'raw') raw = body.raw;
      if (body?.mutation) notes.push(`body: ${body.mutation}`);
      if (r.body) notes.push(`Content-Type: ${ct}`);
      if (r.method === 'post') notes.push(`Idempotency-Key: ${idem}`);
      return { route: name, method: r.method.toUpperCase(), path, body: raw, notes, keyVariant, ct, idem, params, fuzzedQuery: query.fuzzed, bodyCase: body } as any;
    });
}

/** What the server must answer, following its order of checks; undefined when the route's own rules decide. */
function expected(name: RouteName, q: any): FuzzRequest['expect'] {
  const r = routes[name] as (typeof routes)[RouteName] & { body?: unknown };
  const problem = (slug: ProblemSlug, field?: string, also: ProblemSlug[] = []) => ({ status: PROBLEM_TYPES[slug].status, slugs: [slug, ...also], field });
  // Node's HTTP parser refuses a request line and headers over 16 KiB before the app sees them.
  if (q.path.length > 16 * 1024) return problem('headers-too-large');
  switch (q.keyVariant as KeyVariant) {
    case 'none':
    case 'unknown':
    case 'secret-in-url':
      return problem('unauthorized');
    case 'secret-from-browser':
      // A write from an origin the site does not allow is refused before the key's kind is looked at.
      return problem('forbidden', undefined, ['origin-not-allowed']);
  }
  // fetch resolves dot segments (`%2e%2e` too): the URL names another path, which no route has.
  if (q.params.some((p: { raw: string }) => /^(\.|%2e){2}$/i.test(p.raw))) return problem('not-found');
  if (q.keyVariant === 'publishable') return problem('forbidden');
  if (r.body) {
    if (!jsonType(q.ct)) return problem('unsupported-media-type');
    const b = q.bodyCase as BodyCase;
    if (b.kind === 'raw') {
      if (b.expect === 'too-large') return problem('payload-too-large');
      // Parsed as the server parses it (the same V8: a depth it cannot parse fails here too);
      // what parses is the contract's to judge (objects drop unknown fields, so `{"a":{…}}` may pass).
      let parsed: unknown;
      try {
        parsed = JSON.parse(b.raw.replace(/^\uFEFF/, '')); // the server's UTF-8 decoding drops a BOM
      } catch {
        return problem('malformed-request');
      }
      const v = verdict(name, parsed);
      if (!v.ok) return problem('validation', v.field);
    } else {
      if (Buffer.byteLength(q.body) > 64 * 1024) return problem('payload-too-large');
      const v = verdict(name, b.value);
      if (!v.ok) return problem('validation', v.field);
    }
  }
  if (r.method === 'post' && r.body && q.idem !== 'fresh') return problem('idempotency-key-required');
  if (q.params.some((p: { valid: boolean }) => !p.valid) && !q.fuzzedQuery.length) {
    // Support identifies the voter before it looks the proposal up (votes look the poll up first).
    if (name === 'supportProposal') return { status: 0, slugs: ['not-found', 'device-id-required', 'voter-token-required', 'invalid-voter-token'] };
    return problem('not-found');
  }
  return undefined;
}

// ---------------------------------------------------------------------------- checking an answer

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

function checkAnswer(q: FuzzRequest, a: Answer, stats: Stats) {
  const op = operation(q.route);
  const where = `${q.method} ${q.path.slice(0, 200)} [${q.notes.join('; ')}] → ${a.status} ${a.text.slice(0, 400)}`;
  assert.ok(a.status < 500, `a 5xx: ${where}`);
  assert.ok(String(a.status) in op.responses, `status ${a.status} is not documented for ${q.route}: ${where}`);
  if (a.status >= 400) {
    assert.match(a.contentType, /^application\/problem\+json/, `not problem+json: ${where}`);
    const p = a.json;
    assert.ok(p && typeof p === 'object', `problem body is not JSON: ${where}`);
    assert.equal(p.status, a.status, `problem status: ${where}`);
    assert.equal(typeof p.title, 'string', `problem title: ${where}`);
    assert.ok(p.title.length > 0, `problem title: ${where}`);
    assert.equal(typeof p.detail, 'string', `problem detail: ${where}`);
    assert.ok(p.detail.length > 0, `problem detail: ${where}`);
    assert.ok(op.responses[a.status]['x-problem-types'].includes(p.type), `problem type ${p.type} is not documented under ${a.status} for ${q.route}: ${where}`);
    assert.doesNotMatch(a.text, /\bat .*\.(ts|js):\d+/, `a stack trace: ${where}`);
    if (p.type === '/problems/validation') {
      assert.ok(Array.isArray(p.errors) && p.errors.length > 0, `validation without errors: ${where}`);
      for (const e of p.errors) {
        assert.equal(typeof e.field, 'string', where);
        assert.ok(e.field.length > 0, where);
        assert.match(e.pointer, /^\//, where);
        assert.equal(typeof e.detail, 'string', where);
      }
      assert.equal(p.field, p.errors[0].field, `field is the first error's: ${where}`);
    }
    stats.slugs.set(p.type, (stats.slugs.get(p.type) ?? 0) + 1);
  } else {
    assert.match(a.contentType, q.route === 'resultsStream' ? /^(text\/event-stream|application\/json)/ : /^application\/json/, `2xx content type: ${where}`);
  }
  stats.statuses.set(a.status, (stats.statuses.get(a.status) ?? 0) + 1);

  const slug = a.json?.type?.replace('/problems/', '');
  // Near Node's 16 KiB limit the request line and headers together decide: refused before the app.
  if (slug === 'headers-too-large' && q.path.length > 15_000) return;
  if (q.expect) {
    const e = q.expect;
    if (e.status) assert.equal(a.status, e.status, `expected ${e.status} ${e.slugs.join('|')}: ${where}`);
    assert.ok(e.slugs.includes(slug), `expected ${e.slugs.join('|')}: ${where}`);
    if (e.field) assert.ok(a.json.errors.some((x: { field: string }) => x.field === e.field), `expected an error naming ${e.field}: ${where}`);
    return;
  }
  if (a.status < 300) {
    assert.ok(successes(q.route).includes(a.status), `undocumented success: ${where}`);
    stats.successes.set(q.route, (stats.successes.get(q.route) ?? 0) + 1);
    return;
  }
  // A request the contract accepts: the route's own rules, or a fuzzed path parameter or query.
  const queryField = slug === 'validation' && q.fuzzedQuery?.includes(a.json.field);
  const fuzzedParam = slug === 'not-found' && q.notes.some((n) => n.includes('path parameter'));
  assert.ok(SEMANTIC[q.route].includes(slug) || queryField || fuzzedParam, `unexpected ${slug} for a request the contract accepts: ${where}`);
}

interface Stats {
  requests: number;
  statuses: Map<number, number>;
  slugs: Map<string, number>;
  successes: Map<RouteName, number>;
}
const newStats = (): Stats => ({ requests: 0, statuses: new Map(), slugs: new Map(), successes: new Map() });

async function send(base: string, q: FuzzRequest, stream: boolean): Promise<Answer> {
  const ac = new AbortController();
  const res = await fetch(base + q.path, { method: q.method, headers: q.headers, body: q.body, signal: ac.signal, redirect: 'manual' });
  const contentType = res.headers.get('content-type') ?? '';
  if (stream && contentType.startsWith('text/event-stream')) {
    ac.abort();
    return { status: res.status, contentType, text: '', json: undefined };
  }
  const { status, text, json } = await readResponse(res);
  return { status, contentType, text, json };
}

// ---------------------------------------------------------------------------- making valid requests meaningful

/**
 * Generated bodies the contract accepts mostly fail the route's own rules (a random option id,
 * a random form token): with a coin flip, fill in what only the server's state knows, so valid
 * requests also reach the 2xx.
 */
async function meaningful(name: RouteName, body: any, s: Seeded, base: string, params: string[]): Promise<any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  if (name === 'vote') {
    let id = '';
    try {
      id = decodeURIComponent(params[0] ?? '');
    } catch {
      // a raw broken escape: no poll of ours
    }
    const options = s.pollOptions[id];
    if (options && Array.isArray(body.choices)) return { ...body, choices: [options[0]], deviceId: randomUUID().replace(/-/g, '') };
  }
  if (name === 'submitProposal' && body.antiSpam && typeof body.antiSpam === 'object') {
    const token = (await challenge(base, s.main)).formToken;
    const { website: _, altcha: __, ...antiSpam } = body.antiSpam;
    const { contact: ___, consent: ____, ...rest } = body;
    return { ...rest, category: s.categories[0], region: undefined, antiSpam: { ...antiSpam, formToken: token } };
  }
  if (name === 'supportProposal') return { ...body, deviceId: randomUUID().replace(/-/g, ''), voterToken: undefined };
  if (name === 'createPoll' && body.kind) return { kind: 'yes_no', question: body.question };
  if (name === 'transitionProposal') return { ...body, note: { ko: '안내' } };
  if (name === 'updateProposalSettings' && Array.isArray(body.categories)) {
    return { ...body, categories: body.categories.map((c: any, i: number) => ({ ...c, id: `c${i}` })), regions: undefined };
  }
  return body;
}

// ---------------------------------------------------------------------------- the upload route

/** POST /v1/budgets: a CSV or multipart body, or something else; metadata valid, broken or missing. */
function uploadRequest(s: Seeded): fc.Arbitrary<FuzzRequest & { uploadOk: boolean }> {
  const metaSchema = doc.components.schemas.BudgetImportMeta;
  const header = '회계연도,소관명,분야명,부문명,프로그램명,목명,예산액';
  const cell = fc.oneof(text(0, 12), fc.constantFrom('2025', '1,000', '(100)', '-', '', '"', '"a,b"', '1e400', '\u0000'));
  const csv = fc.oneof(
    fc.array(fc.tuple(fc.integer({ min: 1990, max: 2030 }), text(1, 8), text(1, 8), fc.integer({ min: 0, max: 1e9 })), { minLength: 1, maxLength: 5 }).map(
      (rows) => [header, ...rows.map(([y, org, field, n]) => [y, `"${org.replace(/"/g, '')}"`, `"${field.replace(/"/g, '')}"`, '부문', '프로그램', '목', n].join(','))].join('\n'),
    ),
    fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 5 }).map((rows) => [header, ...rows.map((r) => r.join(','))].join('\n')),
    text(0, 200),
    // A file the importer takes: 201 the first time, 200 (the same content) after.
    fc.integer({ min: 2000, max: 2030 }).map((y) => CSV.replaceAll('2025', String(y))),
  );
  const meta = fc.oneof(
    { arbitrary: gen.valid(metaSchema).map((m) => ({ qs: `?meta=${encodeURIComponent(JSON.stringify(m))}`, ok: true })), weight: 4 },
    { arbitrary: fc.constant({ qs: `?meta=${encodeURIComponent(JSON.stringify(META))}`, ok: true }), weight: 2 },
    { arbitrary: gen.mutated(metaSchema).map(({ value }) => ({ qs: `?meta=${encodeURIComponent(JSON.stringify(value))}`, ok: false })), weight: 2 },
    { arbitrary: fc.constantFrom('', '?meta=', '?meta=%7B', '?meta=%00', '?meta=null').map((qs) => ({ qs, ok: false })), weight: 1 },
  );
  return fc
    .record({
      keyVariant: keyVariant('importBudget'),
      ct: fc.oneof({ arbitrary: fc.constant('text/csv'), weight: 6 }, fc.constantFrom('text/csv; charset=utf-8', 'application/json', 'text/plain', 'multipart/form-data; boundary=zzz', 'multipart/form-data')),
      csv,
      meta,
      idem: idempotencyKeys,
      clean: fc.nat(2).map((n) => n === 0),
      year: fc.integer({ min: 2000, max: 2030 }),
    })
    .map(({ clean, year, ...parts }) =>
      // One in three: a file and metadata the importer takes (the metadata's own values still generated).
      clean
        ? { ...parts, keyVariant: 'right' as KeyVariant, ct: 'text/csv', idem: 'fresh', csv: CSV.replaceAll('2025', String(year)), meta: { qs: `?meta=${encodeURIComponent(JSON.stringify(META))}`, ok: true } }
        : parts,
    )
    .map(({ keyVariant, ct, csv, meta, idem }) => {
      const notes = [`key: ${keyVariant}`, `Content-Type: ${ct}`, `meta: ${meta.qs.slice(0, 120)}`, `Idempotency-Key: ${idem}`, `csv: ${JSON.stringify(csv.slice(0, 120))}`];
      const q: any = { route: 'importBudget', method: 'POST', path: `/v1/budgets${meta.qs}`, body: csv, notes, keyVariant, ct, idem, params: [], fuzzedQuery: ['meta'] };
      // The handler's order: the key, then the Idempotency-Key, then the media type.
      const expect =
        expected('importBudget', q) ??
        (idem !== 'fresh'
          ? { status: 400, slugs: ['idempotency-key-required' as const] }
          : !/^(text\/csv|multipart\/form-data)\b/.test(ct)
            ? { status: 415, slugs: ['unsupported-media-type' as const] }
            : undefined);
      return { ...q, expect, uploadOk: meta.ok && /^text\/csv/.test(ct) && idem === 'fresh', headers: {} };
    });
}

// ---------------------------------------------------------------------------- seeding

const CSV = `회계연도,소관코드,소관명,분야코드,분야명,부문코드,부문명,프로그램명,목코드,목명,정원,예산액(백만원),결산액(백만원)
2024,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,210-01,업무추진비,100,"1,000",900
2025,A,행정안전부,010,일반행정,011,입법및선거관리,선거관리,210-01,업무추진비,100,"1,200",
2025,B,보건복지부,080,사회복지,081,기초생활보장,생계급여,210-01,업무추진비,50,"6,000",
`;

async function seed(srv: MadangServer): Promise<Seeded> {
  const base = srv.url;
  const main = await srv.ops.createSite({ name: 'fuzz main', origins: ['https://allowed.example.kr'] });
  const settings = await srv.ops.createSite({ name: 'fuzz settings', origins: [] });
  const deletions = await srv.ops.createSite({ name: 'fuzz deletions', origins: [] });
  const other = await srv.ops.createSite({ name: 'fuzz other', origins: [] });
  const categories = ['welfare', 'transport'];
  await putSettings(base, main, { minFillSeconds: 0, contact: 'optional', categories: categories.map((id) => ({ id, label: { ko: id } })) });
  const yesNo = await createPoll(base, main, { kind: 'yes_no', question: { ko: '찬성하십니까?' } });
  const multi = await createPoll(base, main, {
    kind: 'multiple',
    question: { ko: '고르세요' },
    options: ['a', 'b', 'c'].map((id) => ({ id, label: { ko: id } })),
    minChoices: 1,
    maxChoices: 2,
  });
  const updatable = await createPoll(base, main, { kind: 'yes_no', question: { ko: '바뀌는 투표' } });
  const foreignPoll = await createPoll(base, other, { kind: 'yes_no', question: { ko: '다른 사이트' } });
  const published = await proposalIn(base, main, [{ to: 'under_review' }, { to: 'published' }], { category: 'welfare' });
  const submitted = await proposalIn(base, main, [], { category: 'welfare' });
  const dataset = await importCsv(base, main.secretKey, CSV);
  assert.equal(dataset.status, 201, dataset.text);
  const doomed: string[] = [];
  for (const year of [2020, 2021, 2022]) {
    const d = await importCsv(base, deletions.secretKey, CSV.replaceAll('2024', String(year)));
    assert.equal(d.status, 201, d.text);
    doomed.push(d.json.id);
  }
  const pollIds = [yesNo.id, multi.id];
  const ds = [dataset.json.id as string];
  return {
    main,
    settings,
    deletions,
    other,
    categories,
    pollOptions: { [yesNo.id]: ['yes', 'no'], [multi.id]: ['a', 'b', 'c'] },
    foreignIds: [foreignPoll.id, published.receipt.id, dataset.json.id, published.receipt.receiptNumber, doomed[0]],
    params: {
      getPoll: { id: pollIds },
      updatePoll: { id: [updatable.id] },
      vote: { id: pollIds },
      results: { id: pollIds },
      resultsStream: { id: pollIds },
      getProposal: { id: [published.receipt.id] },
      trackProposal: { receiptNumber: [published.receipt.receiptNumber] },
      supportProposal: { id: [published.receipt.id] },
      transitionProposal: { id: [submitted.receipt.id, published.receipt.id] },
      adminGetProposal: { id: [submitted.receipt.id, published.receipt.id] },
      getBudget: { id: ds },
      budgetView: { id: ds },
      budgetComparison: { id: ds },
      budgetLines: { id: ds },
      deleteBudget: { id: doomed },
    },
  };
}

// ---------------------------------------------------------------------------- running

function headersFor(name: RouteName, q: any, s: Seeded): Record<string, string> {
  const site = siteOf(name, s);
  const h: Record<string, string> = {};
  const r = routes[name];
  switch (q.keyVariant as KeyVariant) {
    case 'right':
      if (r.auth !== 'none') h.Authorization = `Bearer ${r.auth === 'secret' ? site.secretKey : site.publishableKey}`;
      break;
    case 'unknown':
      h.Authorization = `Bearer pk_${'0'.repeat(32)}`;
      break;
    case 'publishable':
      h.Authorization = `Bearer ${site.publishableKey}`;
      break;
    case 'secret':
      h.Authorization = `Bearer ${site.secretKey}`;
      break;
    case 'secret-from-browser':
      h.Authorization = `Bearer ${site.secretKey}`;
      h.Origin = 'https://allowed.example.kr';
      break;
    case 'secret-in-url':
      q.path += (q.path.includes('?') ? '&' : '?') + `key=${site.secretKey}`;
      break;
  }
  if (q.ct !== null && q.ct !== undefined) h['Content-Type'] = q.ct;
  if (q.idem === 'fresh') h['Idempotency-Key'] = randomUUID();
  else if (q.idem) h['Idempotency-Key'] = q.idem;
  return h;
}

/** Runs the fuzz of one route: `runs` generated requests, each checked. */
async function fuzzRoute(name: RouteName, srv: MadangServer, s: Seeded, stats: Stats, opts: { seed: number; runs: number }) {
  const base = srv.url;
  const arb = name === 'importBudget' ? uploadRequest(s) : requestFor(name, s);
  const out = await fc.check(
    fc.asyncProperty(arb, async (gen: any) => {
      const q: any = { ...gen, notes: [...gen.notes], params: gen.params };
      if (name !== 'importBudget') {
        if (q.bodyCase?.kind === 'schema' && !q.bodyCase.mutation && q.keyVariant === 'right') {
          const rawParams = q.params.map((p: { raw: string }) => p.raw);
          // Two in three, by the body's length: the choice is the run's own (not fast-check's), but a function of the body: replays stay equal.
          if (JSON.stringify(q.bodyCase.value).length % 3 !== 0) {
            const value = await meaningful(name, q.bodyCase.value, s, base, rawParams);
            q.bodyCase = { kind: 'schema', value };
            q.body = JSON.stringify(value);
            q.notes.push('made meaningful');
          }
        }
        q.expect = expected(name, q);
      }
      q.headers = headersFor(name, q, s);
      const a = await send(base, q, name === 'resultsStream');
      stats.requests++;
      checkAnswer(q, a, stats);
    }),
    { seed: opts.seed, numRuns: opts.runs, endOnFailure: true },
  );
  if (out.failed) {
    // The assertion's own message first (fast-check's report hides it in `cause`), then how to replay.
    const e = out.errorInstance as Error | undefined;
    throw new Error(`${e?.message ?? out.error}\nreplay: FUZZ_SEED=${out.seed} (fast-check path "${out.counterexamplePath}", run ${out.numRuns} of ${name})`);
  }
}

/** Routes in the order they are fuzzed: deletions last, so the others keep their resources. */
const ROUTE_ORDER = (Object.keys(routes) as RouteName[]).sort((a, b) => Number(a === 'deleteBudget') - Number(b === 'deleteBudget'));

test('the fuzz table covers every route, and the document lists statuses for each', () => {
  assert.deepEqual(Object.keys(SEMANTIC).sort(), Object.keys(routes).sort());
  assert.deepEqual([...ROUTE_ORDER].sort(), Object.keys(routes).sort());
  for (const name of ROUTE_ORDER) {
    assert.ok(successes(name).length > 0, `${name} documents a 2xx`);
    for (const slug of SEMANTIC[name]) {
      assert.ok(operation(name).responses[PROBLEM_TYPES[slug].status]?.['x-problem-types'].includes(`/problems/${slug}`), `${name}: ${slug} is documented`);
    }
  }
});

test('generated valid bodies are what the contracts accept, and mutations mostly are not', () => {
  for (const name of ROUTE_ORDER) {
    const body = (routes[name] as { body?: { safeParse(v: unknown): { success: boolean } } }).body;
    if (!body) continue;
    const schema = operation(name).requestBody.content['application/json'].schema;
    const valid = fc.sample(gen.valid(schema).map((v) => withinRules(name, v)), { seed: SEED, numRuns: 50 });
    const accepted = valid.filter((v) => body.safeParse(v).success).length;
    // JSON Schema cannot say every cross-field rule (e.g. consent for each contact item): the
    // test keeps those the contract accepts, which must not be rare (a filter that rarely passes is slow).
    assert.ok(accepted >= 10, `${name}: only ${accepted}/50 generated valid bodies pass the contract`);
    const broken = fc.sample(gen.mutated(schema), { seed: SEED, numRuns: 50 });
    const rejected = broken.filter((m) => !body.safeParse(m.value).success).length;
    assert.ok(rejected >= 25, `${name}: only ${rejected}/50 mutations are rejected by the contract`);
  }
});

for (const engine of engines()) {
  describe(`[${engine.name}] schema fuzzing (seed ${SEED}, ${RUNS} runs per route)`, () => {
    let srv: MadangServer;
    let s: Seeded;
    const stats = newStats();
    let started = 0;
    before(async () => {
      srv = await startTestServer(engine);
      s = await seed(srv);
      started = performance.now();
    });
    after(async () => {
      await srv.close();
      // scripts/bench-fuzz.mjs reads these figures.
      if (process.env.FUZZ_STATS_FILE) {
        const line = {
          engine: engine.name,
          seed: SEED,
          runsPerRoute: RUNS,
          routes: ROUTE_ORDER.length,
          requests: stats.requests,
          ms: Math.round(performance.now() - started),
          statuses: Object.fromEntries([...stats.statuses].sort(([a], [b]) => a - b)),
          problems: Object.fromEntries([...stats.slugs].sort(([, a], [, b]) => b - a)),
          successes: Object.fromEntries(stats.successes),
        };
        appendFileSync(process.env.FUZZ_STATS_FILE, JSON.stringify(line) + '\n');
      }
    });

    for (const name of ROUTE_ORDER) {
      test(`[${engine.name}] ${name}: ${routes[name].method.toUpperCase()} ${routes[name].path}`, async () => {
        await fuzzRoute(name, srv, s, stats, { seed: SEED, runs: RUNS });
      });
    }

    // Bugs the fuzzing found, kept as plain cases.
    test(`[${engine.name}] regression: an unpaired surrogate in stored text is a 422 naming the field, not a 500 from jsonb`, async () => {
      const lone = JSON.stringify({ question: { ko: '질문\ud800' } }); // JSON.stringify writes the escape \ud800
      const patch = await fetch(`${srv.url}/v1/polls/${s.params.updatePoll!.id[0]}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${s.main.secretKey}`, 'Content-Type': 'application/json' },
        body: lone,
      });
      assert.equal(patch.status, 422);
      assert.match(patch.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const p = await patch.json();
      assert.equal(p.type, '/problems/validation');
      assert.equal(p.field, 'question.ko');
      const settings = await fetch(`${srv.url}/v1/proposal-settings`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${s.settings.secretKey}`, 'Content-Type': 'application/json' },
        body: '{"categories":[{"id":"a","label":{"ko":"x","en":"\\udc00y"}}]}',
      });
      assert.equal(settings.status, 422);
      assert.equal((await settings.json()).field, 'categories.0.label.en');
      const meta = { ...META, title: { ko: '예산\ud83d' } };
      const imported = await importCsv(srv.url, s.main.secretKey, CSV, meta);
      assert.equal(imported.status, 422, imported.text);
      assert.equal(imported.json.field, 'meta.title.ko');
      // A well-formed pair (an emoji) is text like any other.
      const emoji = await fetch(`${srv.url}/v1/polls/${s.params.updatePoll!.id[0]}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${s.main.secretKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: { ko: '질문 🗳️' } }),
      });
      assert.equal(emoji.status, 200);
      assert.equal((await emoji.json()).question.ko, '질문 🗳️');
    });

    test(`[${engine.name}] regression: a quote inside an unquoted CSV field is a 422 naming the line, not a 500`, async () => {
      const csv = '회계연도,소관명,분야명,부문명,프로그램명,목명,예산액\n2025,행정안전부,일반행정,부문,프로그램,목,100\n2025,보건"복지부,사회복지,부문,프로그램,목,200\n';
      const r = await importCsv(srv.url, s.main.secretKey, csv);
      assert.equal(r.status, 422, r.text);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(r.json.type, '/problems/invalid-budget-file');
      assert.equal(r.json.errors[0].line, 3);
      assert.match(r.json.errors[0].detail, /not readable as CSV/);
    });

    test(`[${engine.name}] regression: a chunked body over 64 KiB is a 413 even when its characters are fewer`, async () => {
      const body = JSON.stringify({ kind: 'yes_no', question: { ko: '가'.repeat(1_990) }, extra: '다'.repeat(22_000) });
      assert.ok(body.length < 64 * 1024 && Buffer.byteLength(body) > 64 * 1024);
      const bytes = new TextEncoder().encode(body);
      const r = await fetch(`${srv.url}/v1/polls`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${s.main.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }), // no Content-Length
        duplex: 'half',
      } as RequestInit);
      assert.equal(r.status, 413);
      assert.equal((await r.json()).type, '/problems/payload-too-large');
    });

    test(`[${engine.name}] regression: a request line over 16 KiB is a 431 problem, not Node's bare 431`, async () => {
      const r = await fetch(`${srv.url}/v1/budgets?meta=${'x'.repeat(20_000)}`, { headers: { Authorization: `Bearer ${s.main.publishableKey}` } });
      assert.equal(r.status, 431);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const p = await r.json();
      assert.deepEqual([p.type, p.status, p.title], ['/problems/headers-too-large', 431, PROBLEM_TYPES['headers-too-large'].title]);
      assert.match(p.detail, /16 KiB/);
      // The server goes on answering.
      assert.equal((await fetch(`${srv.url}/v1/health`)).status, 200);
    });

    test(`[${engine.name}] every route answered a generated request with its documented 2xx`, () => {
      assert.ok(stats.requests >= ROUTE_ORDER.length * RUNS);
      // One request in three is clean, so 10 runs per route miss a 2xx only by a rare draw.
      if (RUNS < 10) return;
      const missing = ROUTE_ORDER.filter((n) => !stats.successes.get(n));
      assert.deepEqual(missing, [], `no 2xx for ${missing.join(', ')} in ${stats.requests} requests`);
    });
  });
}
