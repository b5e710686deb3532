/**
 * Limits and headers: the 64 KiB request-body limit (with and without Content-Length, enforced
 * while the body arrives), rate limits per (site, IP), per site and per IP for votes, the
 * security headers on every response (every route of @madang/contracts, the documents, the
 * widget bundle, 404s, problems, preflights; the /reference page checked in Chromium under its
 * CSP), and CORS answered only for a site's allowed origins.
 *
 * The body, rate-limit and header checks are HTTP only (rate-limit counters live in the
 * process): they run once, on PGlite, without an engine prefix. CORS reads the sites' origins
 * from the database: it runs on both engines.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import puppeteer from 'puppeteer-core';
import { fillPath, routes, type RouteName, type SiteCreated } from '@madang/contracts';
import { engines, startTestServer } from '../src/testing.js';
import { VERSION, type MadangServer } from '../src/index.js';
import { API_CSP, MAX_BODY } from '../src/app.js';
import { REFERENCE_CSP } from '../src/reference.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../../scripts/chromium.mjs';
import { call, createPoll, deviceId, proposalIn, putSettings, readResponse, submit, type Answer } from './helpers.js';
import { importCsv } from './budget-helpers.js';
import { assertProblem } from './security-helpers.js';

const ORIGIN = 'https://www.a.example.go.kr';
const PGLITE = { name: 'pglite' } as const;

/** A vote body of `bytes` bytes of JSON — exactly with ASCII padding, at least with a multi-byte `char` (the padding is a field the schema ignores). */
function voteBody(bytes: number, char = 'x') {
  const base = { choices: ['yes'], deviceId: deviceId(), pad: '' };
  const empty = Buffer.byteLength(JSON.stringify(base));
  const body = JSON.stringify({ ...base, pad: char.repeat(Math.ceil((bytes - empty) / Buffer.byteLength(char))) });
  if (char.length === Buffer.byteLength(char)) assert.equal(Buffer.byteLength(body), bytes);
  else assert.ok(Buffer.byteLength(body) > MAX_BODY && body.length < MAX_BODY, 'over the limit in bytes, under it in characters');
  return body;
}

/** A body sent chunked (no Content-Length), in pieces of `size` bytes. */
function chunkedStream(body: string, size = 8192): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(body);
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.subarray(at, (at += size)));
    },
  });
}

async function post(base: string, path: string, key: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return readResponse(res);
}

/** Rate-limit windows are whole minutes: start a sequence with at least 8 s of its minute left. */
async function freshWindow() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await sleep(left + 100);
}

// ---------------------------------------------------------------------------- request bodies

describe('request body limit (64 KiB)', () => {
  let srv: MadangServer;
  let site: SiteCreated;
  let poll: string;
  before(async () => {
    srv = await startTestServer(PGLITE);
    site = await srv.ops.createSite({ name: 'body', origins: [] });
    poll = (await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '본문 크기' } })).id;
  });
  after(() => srv.close());

  test('exactly 64 KiB is taken; one byte more is 413 problem+json, with and without Content-Length', async () => {
    const votes = `/v1/polls/${poll}/votes`;
    const ok = await post(srv.url, votes, site.publishableKey, voteBody(MAX_BODY));
    assert.equal(ok.status, 201, ok.text);
    const okChunked = await post(srv.url, votes, site.publishableKey, chunkedStream(voteBody(MAX_BODY)));
    assert.equal(okChunked.status, 201, okChunked.text);
    assertProblem(await post(srv.url, votes, site.publishableKey, voteBody(MAX_BODY + 1)), 413, 'payload-too-large');
    assertProblem(await post(srv.url, votes, site.publishableKey, chunkedStream(voteBody(MAX_BODY + 1))), 413, 'payload-too-large');
    // Counted in bytes, not characters: ~21,850 Hangul syllables are over 64 KiB.
    assertProblem(await post(srv.url, votes, site.publishableKey, chunkedStream(voteBody(MAX_BODY + 1, '가'))), 413, 'payload-too-large');
    // Every JSON route, whatever its method.
    const big = JSON.stringify({ question: { ko: 'x'.repeat(MAX_BODY) } });
    for (const [method, path] of [
      ['POST', '/v1/polls'],
      ['PATCH', `/v1/polls/${poll}`],
      ['PUT', '/v1/proposal-settings'],
      ['POST', '/v1/proposals'],
    ]) {
      const r = await fetch(srv.url + path, { method, headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }, body: big });
      assertProblem(await readResponse(r), 413, 'payload-too-large');
    }
    assert.equal((await call(srv.url, `/v1/polls/${poll}/results`, { key: site.secretKey })).json.totalVotes, 2, 'only the two bodies within the limit voted');
  });

  test('a chunked body is refused as it arrives: the answer comes after about 64 KiB, not at the end of an endless upload', async () => {
    const url = new URL(`${srv.url}/v1/polls/${poll}/votes`);
    const chunk = Buffer.alloc(16 * 1024, 'x');
    let written = 0;
    let stop = false;
    const answer = await new Promise<{ status: number; body: string; written: number; connection?: string }>((resolve, reject) => {
      const req = request(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${site.publishableKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'Transfer-Encoding': 'chunked' },
      });
      req.on('response', (res) => {
        stop = true;
        const at = written;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, written: at, connection: res.headers.connection }));
      });
      req.on('error', (e) => (stop ? undefined : reject(e)));
      req.write('{"choices":["yes"],"pad":"');
      (async () => {
        // Up to 64 MiB if nobody stops us; the server must answer long before.
        while (!stop && written < 64 * 1024 * 1024) {
          if (!req.write(chunk)) await new Promise((r) => req.once('drain', r).once('close', r));
          written += chunk.length;
          await sleep(1);
        }
        req.destroy();
      })().catch(() => {});
    });
    assert.equal(answer.status, 413, answer.body);
    assert.equal(JSON.parse(answer.body).type, '/problems/payload-too-large');
    assert.ok(answer.written < 4 * 1024 * 1024, `answered after ${answer.written} bytes were sent (socket buffers aside, ~64 KiB were read)`);
    assert.equal(answer.connection, 'close', 'the connection is closed, so the rest of the upload is not read');
  });

  test('budget imports stream past 64 KiB (their own limit is 200 MB)', async () => {
    const rows = Array.from({ length: 8000 }, (_, i) => `2024,분야${i % 50},${i + 1}`).join('\n');
    const csv = `회계연도,분야명,예산액\n${rows}\n`;
    assert.ok(Buffer.byteLength(csv) > MAX_BODY * 1.5);
    const r = await importCsv(srv.url, site.secretKey, chunkedStream(csv));
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.lineCount, 8000);
  });
});

// ---------------------------------------------------------------------------- rate limits

describe('rate limits', () => {
  test('per (site, IP): announced on every answer, 429 problem + Retry-After past the quota; other IPs and other sites unaffected', async () => {
    const srv = await startTestServer(PGLITE, { trustProxy: true, rateLimit: { perIpPerMinute: 3, perSitePerMinute: 1000 } });
    try {
      const a = await srv.ops.createSite({ name: 'A', origins: [ORIGIN] });
      const b = await srv.ops.createSite({ name: 'B', origins: [] });
      await freshWindow();
      const get = (key: string, ip: string, origin?: string) => call(srv.url, '/v1/proposal-settings', { key, origin, headers: { 'X-Forwarded-For': ip } });
      const seen: Answer[] = [];
      for (let i = 0; i < 4; i++) seen.push(await get(a.publishableKey, '203.0.113.7', ORIGIN));
      assert.deepEqual(seen.map((r) => r.status), [200, 200, 200, 429]);
      assert.deepEqual(seen.slice(0, 3).map((r) => r.headers.get('ratelimit')?.replace(/t=\d+/, 't=_')), ['"ip";r=2;t=_', '"ip";r=1;t=_', '"ip";r=0;t=_']);
      for (const r of seen) assert.match(r.headers.get('ratelimit-policy') ?? '', /^"ip";q=3;w=60, "site";q=1000;w=60$/);
      const limited = seen[3]!;
      assertProblem(limited, 429, 'rate-limited');
      const retry = Number(limited.headers.get('retry-after'));
      assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
      assert.equal(limited.headers.get('ratelimit'), `"ip";r=0;t=${retry}`);
      // A browser on the allowed origin may read all of this.
      assert.equal(limited.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(limited.headers.get('access-control-expose-headers') ?? '', /RateLimit, RateLimit-Policy, Retry-After/);
      assert.equal((await get(a.publishableKey, '203.0.113.8')).status, 200, 'another IP');
      assert.equal((await get(b.publishableKey, '203.0.113.7')).status, 200, 'another site, same IP');
      assert.equal((await get(a.secretKey, '203.0.113.7')).status, 429, 'the secret key of the same site shares the quota');
    } finally {
      await srv.close();
    }
  });

  test('per site: all clients together; 429 names the site rule', async () => {
    const srv = await startTestServer(PGLITE, { trustProxy: true, rateLimit: { perIpPerMinute: 100, perSitePerMinute: 4 } });
    try {
      const a = await srv.ops.createSite({ name: 'A', origins: [] });
      const b = await srv.ops.createSite({ name: 'B', origins: [] });
      await freshWindow();
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(srv.url, '/v1/budgets', { key: a.publishableKey, headers: { 'X-Forwarded-For': `198.51.100.${i + 1}` } })).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
      const r = await call(srv.url, '/v1/budgets', { key: a.publishableKey, headers: { 'X-Forwarded-For': '198.51.100.99' } });
      assertProblem(r, 429, 'rate-limited');
      assert.match(r.headers.get('ratelimit') ?? '', /^"site";r=0;t=\d+$/);
      assert.ok(Number(r.headers.get('retry-after')) > 0);
      assert.equal((await call(srv.url, '/v1/budgets', { key: b.publishableKey, headers: { 'X-Forwarded-For': '198.51.100.99' } })).status, 200, 'another site');
    } finally {
      await srv.close();
    }
  });

  test('votes per IP have their own, smaller quota; a refused vote counts nothing; reads go on', async () => {
    const srv = await startTestServer(PGLITE, { trustProxy: true, rateLimit: { perIpPerMinute: 100, votesPerIpPerMinute: 2 } });
    try {
      const a = await srv.ops.createSite({ name: 'A', origins: [] });
      const poll = (await createPoll(srv.url, a, { kind: 'yes_no', question: { ko: '투표 제한' } })).id;
      await freshWindow();
      const vote = (ip: string) => call(srv.url, `/v1/polls/${poll}/votes`, { key: a.publishableKey, body: { choices: ['yes'], deviceId: deviceId() }, headers: { 'X-Forwarded-For': ip } });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await vote('192.0.2.1')).status);
      assert.deepEqual(statuses, [201, 201, 429]);
      const r = await vote('192.0.2.1');
      assertProblem(r, 429, 'rate-limited');
      assert.match(r.headers.get('ratelimit-policy') ?? '', /"vote-ip";q=2;w=60/);
      assert.match(r.headers.get('ratelimit') ?? '', /^"vote-ip";r=0;t=\d+$/);
      assert.equal((await vote('192.0.2.2')).status, 201, 'another IP votes');
      const read = await call(srv.url, `/v1/polls/${poll}/results`, { key: a.publishableKey, headers: { 'X-Forwarded-For': '192.0.2.1' } });
      assert.equal(read.status, 200, 'reads are not votes');
      assert.equal(read.json.totalVotes, 3);
    } finally {
      await srv.close();
    }
  });

  test('requests without a valid key are limited per IP, before any lookup; a cached valid key still works', async () => {
    const srv = await startTestServer(PGLITE, { trustProxy: true, rateLimit: { keylessPerIpPerMinute: 3 } });
    try {
      const a = await srv.ops.createSite({ name: 'A', origins: [] });
      const b = await srv.ops.createSite({ name: 'B', origins: [] });
      const ip = { 'X-Forwarded-For': '203.0.113.50' };
      assert.equal((await call(srv.url, '/v1/budgets', { key: a.publishableKey, headers: ip })).status, 200, 'A’s key is now cached');
      await freshWindow();
      const answers = [
        await call(srv.url, '/v1/budgets', { key: 'pk_guess0000000000000000001', headers: ip }),
        await call(srv.url, '/v1/budgets', { headers: ip }),
        await call(srv.url, '/v1/budgets', { key: 'sk_guess0000000000000000002', headers: ip }),
        await call(srv.url, '/v1/budgets', { key: 'pk_guess0000000000000000003', headers: ip }),
      ];
      assert.deepEqual(answers.map((r) => r.status), [401, 401, 401, 429]);
      assertProblem(answers[0]!, 401, 'unauthorized');
      assert.equal(answers[2]!.headers.get('ratelimit')?.replace(/t=\d+/, 't=_'), '"keyless-ip";r=0;t=_');
      assertProblem(answers[3]!, 429, 'rate-limited');
      assert.ok(Number(answers[3]!.headers.get('retry-after')) > 0);
      assert.match(answers[3]!.headers.get('ratelimit-policy') ?? '', /^"keyless-ip";q=3;w=60$/);
      assert.equal((await call(srv.url, '/v1/budgets', { key: a.publishableKey, headers: ip })).status, 200, 'a cached valid key is not held up');
      // The price of not querying: from this IP, a valid key not yet cached waits for the next window.
      assert.equal((await call(srv.url, '/v1/budgets', { key: b.publishableKey, headers: ip })).status, 429);
      assert.equal((await call(srv.url, '/v1/budgets', { key: 'pk_guess0000000000000000004', headers: { 'X-Forwarded-For': '203.0.113.51' } })).status, 401, 'another IP');
    } finally {
      await srv.close();
    }
  });

  test('X-Forwarded-For is ignored unless the server is told it sits behind a proxy', async () => {
    const srv = await startTestServer(PGLITE, { rateLimit: { perIpPerMinute: 2, perSitePerMinute: 1000 } });
    try {
      const a = await srv.ops.createSite({ name: 'A', origins: [] });
      await freshWindow();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(srv.url, '/v1/budgets', { key: a.publishableKey, headers: { 'X-Forwarded-For': `10.0.0.${i}` } })).status);
      assert.deepEqual(statuses, [200, 200, 429], 'a client cannot choose a fresh identity with the header');
    } finally {
      await srv.close();
    }
  });
});

// ---------------------------------------------------------------------------- security headers

/** The headers every answer carries; `kind` picks the CSP and CORP. */
function assertSecurityHeaders(r: { status: number; headers: Headers }, where: string, kind: 'api' | 'html' | 'bundle' = 'api') {
  const h = (n: string) => r.headers.get(n);
  const at = `${where} (${r.status})`;
  assert.equal(h('x-content-type-options'), 'nosniff', at);
  assert.equal(h('referrer-policy'), 'no-referrer', at);
  assert.equal(h('x-frame-options'), 'DENY', at);
  assert.equal(h('content-security-policy'), kind === 'html' ? REFERENCE_CSP : API_CSP, at);
  assert.match(h('content-security-policy') ?? '', /frame-ancestors 'none'/, at);
  assert.equal(h('cross-origin-resource-policy'), kind === 'bundle' ? 'cross-origin' : 'same-origin', at);
  assert.equal(h('strict-transport-security'), null, `${at}: HSTS is the TLS proxy's`);
  assert.equal(h('x-powered-by'), null, at);
}

describe('security headers', () => {
  let srv: MadangServer;
  let site: SiteCreated;
  let ids: Record<string, string>;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-cdn-'));
    writeFileSync(join(dir, 'madang.js'), 'export {};\n');
    srv = await startTestServer(PGLITE, { widgetsDir: dir });
    site = await srv.ops.createSite({ name: 'headers', origins: [ORIGIN] });
    await putSettings(srv.url, site, { minFillSeconds: 0, categories: [{ id: 'welfare', label: { ko: '복지' } }] });
    const poll = (await createPoll(srv.url, site, { kind: 'yes_no', question: { ko: '헤더' } })).id;
    const { receipt } = await proposalIn(srv.url, site, [{ to: 'under_review' }, { to: 'published' }], { category: 'welfare' });
    const ds = (await importCsv(srv.url, site.secretKey, '회계연도,분야명,목코드,목명,예산액\n2024,가,210-01,업무추진비,1\n')).json.id;
    ids = { poll, proposal: receipt.id, receiptNumber: receipt.receiptNumber, dataset: ds };
  });
  after(() => srv.close());

  /** Concrete path params for a route, from the fixture. */
  const params = (name: RouteName): Record<string, string> => {
    const path = routes[name].path;
    if (path.startsWith('/v1/polls/')) return { id: ids.poll! };
    if (path.startsWith('/v1/proposal-receipts/')) return { receiptNumber: ids.receiptNumber! };
    if (path.includes('/proposals/')) return { id: ids.proposal! };
    if (path.startsWith('/v1/budgets/')) return { id: ids.dataset! };
    return {};
  };

  /** One request to a route; a stream is closed once its headers arrived. */
  async function hit(name: RouteName, key: string | undefined, body?: string) {
    const route = routes[name];
    const ac = new AbortController();
    const stream = 'stream' in route && route.stream;
    const url = srv.url + fillPath(route.path, params(name)) + (stream && key?.startsWith('pk_') ? `?key=${key}` : '');
    const headers: Record<string, string> = { 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' };
    if (key && !stream) headers.Authorization = `Bearer ${key}`;
    const res = await fetch(url, { method: route.method.toUpperCase(), headers, body: route.method === 'get' ? undefined : (body ?? '{}'), signal: ac.signal });
    ac.abort();
    return res;
  }

  test('every route of @madang/contracts, answered or refused, carries them', async () => {
    const names = Object.keys(routes) as RouteName[];
    assert.ok(names.length >= 25);
    // Deletion last: the dataset is used by the others.
    const order = [...names.filter((n) => n !== 'deleteBudget'), 'deleteBudget' as const];
    const statuses = new Set<number>();
    for (const name of order) {
      const key = routes[name].auth === 'secret' ? site.secretKey : site.publishableKey;
      for (const [what, res] of [
        ['with its key', await hit(name, key)],
        ['without a key', await hit(name, undefined)],
        ['with an unknown key', await hit(name, 'pk_unknownunknownunknown')],
        ['with a body over the limit', await hit(name, key, JSON.stringify({ pad: 'x'.repeat(MAX_BODY) }))],
      ] as const) {
        statuses.add(res.status);
        assertSecurityHeaders(res, `${name} ${what}`);
      }
    }
    // The loop saw successes, refusals and failures alike.
    for (const s of [200, 401, 413, 422]) assert.ok(statuses.has(s), `a ${s} among ${[...statuses].sort()}`);
  });

  test('the documents, the bundle, 404s, preflights, the admin API and problems carry them too', async () => {
    const get = (path: string, init: RequestInit = {}) => fetch(srv.url + path, init);
    const html = await get('/reference');
    assert.match(html.headers.get('content-type') ?? '', /^text\/html/);
    assertSecurityHeaders(html, '/reference', 'html');
    for (const path of ['/openapi.json', '/reference/init.js', '/reference/pre.js', '/reference/scalar.js', '/nope', '/v1/nope', '/widgets/9.9.9/madang.js', '/widgets/latest/none.js']) {
      assertSecurityHeaders(await get(path), path);
    }
    for (const path of [`/widgets/${VERSION}/madang.js`, '/widgets/latest/madang.js']) {
      const r = await get(path);
      assert.equal(r.status, 200, path);
      assertSecurityHeaders(r, path, 'bundle');
    }
    assertSecurityHeaders(await get('/v1/polls', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } }), 'preflight, allowed origin');
    assertSecurityHeaders(await get('/v1/polls', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } }), 'preflight, other origin');
    assertSecurityHeaders(await get('/admin/ops/createSite', { method: 'POST', body: '{}' }), 'admin API without its token');
    assertSecurityHeaders(await get('/v1/health', { method: 'HEAD' }), 'HEAD');
    assertSecurityHeaders(await get(`/v1/polls/${ids.poll}`, { method: 'DELETE', headers: { Authorization: `Bearer ${site.secretKey}` } }), 'a method the route lacks');
    const bad = await get(`/v1/polls/${ids.poll}/votes`, { method: 'POST', headers: { Authorization: `Bearer ${site.publishableKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() }, body: '{"choices": [' });
    assert.equal(bad.status, 400);
    assertSecurityHeaders(bad, 'malformed JSON');
  });

  test('Chromium renders /reference under its CSP with no violation and no error', async () => {
    const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
      page.on('console', (m) => m.type() === 'error' && !/favicon/.test(m.location().url ?? '') && problems.push(`console: ${m.text()} ${m.location().url ?? ''}`));
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
      await page.evaluateOnNewDocument(() => {
        (window as any).__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
      });
      const res = await page.goto(`${srv.url}/reference`, { waitUntil: 'networkidle0' });
      assert.equal(res?.headers()['content-security-policy'], REFERENCE_CSP);
      // Scalar fetched /openapi.json and rendered it, styles included.
      await page.waitForFunction(() => document.body.innerText.includes('Create a poll'), { timeout: 30_000 });
      const styled = await page.evaluate(() => {
        const h1 = [...document.querySelectorAll('h1')].find((e) => e.textContent?.includes('Madang API'));
        return h1 ? getComputedStyle(h1).fontWeight : null;
      });
      assert.ok(styled && Number(styled) >= 600, `the title is styled (font-weight ${styled})`);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await sleep(500);
      assert.deepEqual(await page.evaluate(() => (window as any).__csp), [], 'CSP violations');
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
    }
  });
});

// ---------------------------------------------------------------------------- CORS

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('CORS'), () => {
    let srv: MadangServer;
    let a: SiteCreated;
    let b: SiteCreated;
    let poll: string;
    let proposal: string;
    const OTHER = 'https://www.b.example.go.kr';
    before(async () => {
      srv = await startTestServer(engine);
      a = await srv.ops.createSite({ name: 'A', origins: [ORIGIN] });
      b = await srv.ops.createSite({ name: 'B', origins: [OTHER] });
      await putSettings(srv.url, a, { minFillSeconds: 0, categories: [{ id: 'welfare', label: { ko: '복지' } }] });
      poll = (await createPoll(srv.url, a, { kind: 'yes_no', question: { ko: 'CORS' } })).id;
      proposal = (await proposalIn(srv.url, a, [{ to: 'under_review' }, { to: 'published' }], { category: 'welfare' })).receipt.id;
    });
    after(() => srv.close());

    /** Origins that are not A's: another site's, look-alikes, the opaque "null". */
    const foreign = ['https://evil.example', OTHER, 'http://www.a.example.go.kr', 'https://www.a.example.go.kr:8443', 'https://www.a.example.go.kr.evil.example', 'https://a.example.go.kr', 'null'];

    test(t('preflights: answered for an allowed origin, with Vary: Origin; nothing for any other'), async () => {
      const pre = (origin: string) =>
        fetch(`${srv.url}/v1/polls/${poll}/votes`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' },
        });
      const ok = await pre(ORIGIN);
      assert.equal(ok.status, 204);
      assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
      assert.match(ok.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.match(ok.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      assert.match(ok.headers.get('vary') ?? '', /Origin/);
      assert.equal(ok.headers.get('access-control-allow-credentials'), null, 'no cookies, ever');
      for (const origin of foreign.filter((o) => o !== OTHER)) {
        const r = await pre(origin);
        assert.equal(r.headers.get('access-control-allow-origin'), null, origin);
        assert.equal(r.headers.get('access-control-allow-methods'), null, origin);
        assert.match(r.headers.get('vary') ?? '', /Origin/, origin);
      }
    });

    test(t('reads: the allowed origin gets its echo, Vary and the exposed headers; any other origin gets no ACAO'), async () => {
      for (const path of [`/v1/polls/${poll}`, `/v1/polls/${poll}/results`, '/v1/proposals', `/v1/proposals/${proposal}`, '/v1/budgets', '/v1/proposal-settings']) {
        const own = await call(srv.url, path, { key: a.publishableKey, origin: ORIGIN });
        assert.equal(own.status, 200, path);
        assert.equal(own.headers.get('access-control-allow-origin'), ORIGIN, path);
        assert.match(own.headers.get('vary') ?? '', /Origin/, path);
        assert.match(own.headers.get('access-control-expose-headers') ?? '', /RateLimit/, path);
        for (const origin of foreign) {
          const r = await call(srv.url, path, { key: a.publishableKey, origin });
          assert.equal(r.headers.get('access-control-allow-origin'), null, `${path} from ${origin}`);
          assert.equal(r.headers.get('access-control-expose-headers'), null, `${path} from ${origin}`);
          assert.match(r.headers.get('vary') ?? '', /Origin/, path);
        }
      }
      // The stream too (EventSource sends Origin).
      const ac = new AbortController();
      const s = await fetch(`${srv.url}/v1/polls/${poll}/results/stream?key=${a.publishableKey}`, { headers: { Origin: 'https://evil.example' }, signal: ac.signal });
      assert.equal(s.headers.get('access-control-allow-origin'), null);
      ac.abort();
      // Refusals answer the allowed origin readably, and nobody else.
      const refused = await call(srv.url, '/v1/polls/poll_doesnotexist00', { key: a.publishableKey, origin: ORIGIN });
      assert.equal(refused.status, 404);
      assert.equal(refused.headers.get('access-control-allow-origin'), ORIGIN);
    });

    test(t('writes from any origin but the site’s own are refused and change nothing'), async () => {
      const before = (await call(srv.url, `/v1/polls/${poll}/results`, { key: a.secretKey })).json.totalVotes;
      for (const origin of foreign) {
        assertProblem(await call(srv.url, `/v1/polls/${poll}/votes`, { key: a.publishableKey, origin, body: { choices: ['yes'], deviceId: deviceId() } }), 403, 'origin-not-allowed');
        assertProblem(await call(srv.url, `/v1/proposals/${proposal}/supports`, { key: a.publishableKey, origin, body: { deviceId: deviceId() } }), 403, 'origin-not-allowed');
        assertProblem(await submit(srv.url, a, { category: 'welfare' }, { origin }), 403, 'origin-not-allowed');
      }
      assert.equal((await call(srv.url, `/v1/polls/${poll}/results`, { key: a.secretKey })).json.totalVotes, before);
      assert.equal((await call(srv.url, '/v1/admin/proposals', { key: a.secretKey })).json.total, 1, 'no proposal filed');
      const ok = await call(srv.url, `/v1/polls/${poll}/votes`, { key: a.publishableKey, origin: ORIGIN, body: { choices: ['yes'], deviceId: deviceId() } });
      assert.equal(ok.status, 201);
      assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
      // B's own origin with B's key is fine, with A's key it is a foreign origin.
      const bPoll = (await createPoll(srv.url, b, { kind: 'yes_no', question: { ko: 'B' } })).id;
      assert.equal((await call(srv.url, `/v1/polls/${bPoll}/votes`, { key: b.publishableKey, origin: OTHER, body: { choices: ['no'], deviceId: deviceId() } })).status, 201);
      // A secret key from a browser, even from the allowed origin, is refused.
      assertProblem(await call(srv.url, `/v1/polls/${poll}`, { key: a.secretKey, origin: ORIGIN }), 403, 'forbidden');
    });
  });
}
