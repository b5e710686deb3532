/**
 * Browser tests of the widgets (Chromium, @web/test-runner), against the REAL Madang server:
 * a throwaway in-memory server starts with the test run, its test site allows this dev
 * server's origin, and the tests create the polls they need through /__madang/* routes below
 * (which use the site's secret key on the Node side; the browser only ever sees the pk_).
 *
 *   pnpm exec tsc -b && pnpm exec rollup -c    # the tests also load the built CDN bundle
 *   pnpm exec wtr                             # this file is the default config
 *
 * Routes for the tests (dev server, same origin as the test page):
 *   GET  /__madang/config        { api, siteKey, deadApi, hangApi }
 *   POST /__madang/polls         { poll: PollCreate, close?, votes?: string[][] } → Poll (after those votes)
 *   POST /__madang/votes         { pollId, choices } → VoteReceipt (a vote by "another citizen")
 *   POST /__madang/voter-token   { sub, expiresIn?, siteKey? } → { token } (HS256, that site's voter-token secret)
 *   GET  /__madang/hang/…        never answers (until the client gives up): keeps a widget loading
 *   POST /__madang/sites         { settings?: ProposalSettingsUpdate } → { siteId, siteKey } (a fresh site, own settings)
 *   POST /__madang/proposals     { siteKey?, proposal: {title, body, category, region?, contact?, consent?},
 *                                  path?: [{ to, note? }], supports?: n } → Proposal (public view, after those steps)
 *   POST /__madang/proposal-transition { siteKey?, id, to, note? } → AdminProposal
 *   POST /__madang/admin-proposals { siteKey?, state? } → AdminProposalPage (what the site's staff see)
 *   POST /__madang/supports      { siteKey?, id, n } → SupportReceipt of the last of n supports by other citizens
 *   POST /__madang/budgets       { siteKey?, csv, meta? } → BudgetDataset (the CSV imported through POST /v1/budgets
 *                                  with the site's secret key; meta: BudgetImportMeta, a test title and source by default)
 * Static fixture files (budget CSVs in UTF-8 and CP949, a Fiscal Data Package) are served as they are from
 * packages/widgets/src/budget-table/fixtures/ (the dev server serves the repository root).
 * `siteKey` defaults to the shared test site (proposal settings: minFillSeconds 0, categories welfare/transport).
 * Writes { passed, failed, failures } to $MADANG_WTR_SUMMARY when set (scripts/test.mjs).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

const PORT = Number(process.env.MADANG_WTR_PORT || 8765);
const ORIGINS = [`http://localhost:${PORT}`, `http://127.0.0.1:${PORT}`];

/** A port nothing listens on: the "server is down" API address. */
async function deadPort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const b64url = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function signHs256(payload, secret) {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

async function readJson(ctx) {
  const chunks = [];
  for await (const c of ctx.req) chunks.push(c);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function madangServer() {
  let srv;
  let site;
  let dead;
  /** publishable key → secret key of every site the tests made. */
  const secrets = new Map();
  /** publishable key → { secret, audience } for voter tokens of every site the tests made. */
  const voterKeys = new Map();
  const hanging = new Set();

  async function api(method, path, body, key = site.secretKey) {
    const res = await fetch(srv.url + path, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return null;
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
  const sk = (siteKey) => (siteKey ? secrets.get(siteKey) : site.secretKey);
  const pk = (siteKey) => siteKey ?? site.publishableKey;
  const newDevice = () => randomBytes(24).toString('base64url');
  async function submitProposal(siteKey, proposal) {
    const challenge = await api('GET', '/v1/proposals/challenge', undefined, pk(siteKey));
    return api('POST', '/v1/proposals', { ...proposal, antiSpam: { formToken: challenge.formToken } }, pk(siteKey));
  }
  const voteAsSomeoneElse = (pollId, choices) =>
    api('POST', `/v1/polls/${pollId}/votes`, { choices, deviceId: randomBytes(24).toString('base64url') }, site.publishableKey);

  const routes = {
    'GET /__madang/config': async () => ({
      api: srv.url,
      siteKey: site.publishableKey,
      deadApi: `http://127.0.0.1:${dead}`,
      hangApi: `http://localhost:${PORT}/__madang/hang`,
    }),
    'POST /__madang/polls': async (body) => {
      const poll = await api('POST', '/v1/polls', body.poll);
      for (const choices of body.votes ?? []) await voteAsSomeoneElse(poll.id, choices);
      if (body.close) await api('PATCH', `/v1/polls/${poll.id}`, { status: 'closed' });
      return api('GET', `/v1/polls/${poll.id}`);
    },
    'POST /__madang/votes': async (body) => voteAsSomeoneElse(body.pollId, body.choices),
    'POST /__madang/sites': async (body) => {
      const created = await srv.ops.createSite({ name: `wtr ${randomUUID()}`, origins: ORIGINS });
      secrets.set(created.publishableKey, created.secretKey);
      voterKeys.set(created.publishableKey, { secret: created.voterTokenSecret, audience: created.voterTokenAudience });
      if (body.settings) await api('PUT', '/v1/proposal-settings', body.settings, created.secretKey);
      return { siteId: created.id, siteKey: created.publishableKey };
    },
    'POST /__madang/proposals': async (body) => {
      const receipt = await submitProposal(body.siteKey, body.proposal);
      for (const step of body.path ?? []) {
        await api('POST', `/v1/proposals/${receipt.id}/transitions`, step, sk(body.siteKey));
      }
      for (let i = 0; i < (body.supports ?? 0); i++) {
        await api('POST', `/v1/proposals/${receipt.id}/supports`, { deviceId: newDevice() }, pk(body.siteKey));
      }
      return api('GET', `/v1/admin/proposals/${receipt.id}`, undefined, sk(body.siteKey)).then(({ contact: _c, consent: _k, personalDataPurgedAt: _p, ...pub }) => ({
        ...pub,
        trackingCode: receipt.trackingCode,
      }));
    },
    'POST /__madang/proposal-transition': async (body) =>
      api('POST', `/v1/proposals/${body.id}/transitions`, { to: body.to, ...(body.note ? { note: body.note } : {}) }, sk(body.siteKey)),
    'POST /__madang/admin-proposals': async (body) =>
      api('GET', `/v1/admin/proposals?pageSize=100${body.state ? `&state=${body.state}` : ''}`, undefined, sk(body.siteKey)),
    'POST /__madang/supports': async (body) => {
      let last;
      for (let i = 0; i < body.n; i++) last = await api('POST', `/v1/proposals/${body.id}/supports`, { deviceId: newDevice() }, pk(body.siteKey));
      return last;
    },
    'POST /__madang/budgets': async (body) => {
      const meta = body.meta ?? { title: { ko: '시험 예산', en: 'Test budget' }, source: { name: { ko: '시험 출처', en: 'Test source' }, url: null }, asOf: '2025-03-31' };
      const res = await fetch(`${srv.url}/v1/budgets?meta=${encodeURIComponent(JSON.stringify(meta))}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sk(body.siteKey)}`, 'content-type': 'text/csv', 'idempotency-key': randomUUID() },
        body: body.csv,
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`POST /v1/budgets → ${res.status} ${JSON.stringify(json)}`);
      return json;
    },
    'POST /__madang/voter-token': async (body) => {
      const { secret, audience } = body.siteKey
        ? voterKeys.get(body.siteKey)
        : { secret: site.voterTokenSecret, audience: site.voterTokenAudience };
      return { token: signHs256({ sub: body.sub, aud: audience, exp: Math.floor(Date.now() / 1000) + (body.expiresIn ?? 600) }, secret) };
    },
  };

  return {
    name: 'madang-server',
    async serverStart() {
      // Built by `tsc -b` (the lead's @madang/server); imported by path so the root needs no dependency on it.
      const { startServer } = await import('./packages/server/dist/index.js');
      srv = await startServer({
        port: 0,
        dataDir: 'memory://',
        rateLimit: {
          perIpPerMinute: 100_000,
          perSitePerMinute: 100_000,
          votesPerIpPerMinute: 100_000,
          proposalsPerIpPerMinute: 100_000,
          proposalsPerSitePerMinute: 100_000,
          keylessPerIpPerMinute: 100_000,
        },
      });
      site = await srv.ops.createSite({ name: 'wtr', origins: ORIGINS });
      await api('PUT', '/v1/proposal-settings', {
        minFillSeconds: 0,
        categories: [
          { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
          { id: 'transport', label: { ko: '교통', en: 'Transport' } },
        ],
      });
      dead = await deadPort();
    },
    async serverStop() {
      for (const end of hanging) end();
      await srv?.close();
    },
    /** Dev-server middleware (added to the config's `middleware` below). */
    middleware: async (ctx, next) => {
      if (!ctx.path.startsWith('/__madang/')) return next();
      if (ctx.path.startsWith('/__madang/hang/')) {
        // Answer nothing until the browser aborts (the widget was removed) or 20 s pass.
        await new Promise((resolve) => {
          const end = () => {
            hanging.delete(end);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(end, 20_000);
          hanging.add(end);
          ctx.req.once('close', end);
        });
        ctx.status = 503;
        ctx.body = '';
        return;
      }
      const route = routes[`${ctx.method} ${ctx.path}`];
      if (!route) return next();
      try {
        ctx.body = await route(ctx.method === 'POST' ? await readJson(ctx) : undefined);
        ctx.type = 'application/json';
      } catch (e) {
        ctx.status = 500;
        ctx.type = 'text/plain';
        ctx.body = String(e?.stack ?? e);
      }
    },
  };
}

/** Media emulation the stock emulateMedia command lacks on Chromium/puppeteer: forced colours. */
function emulateMediaFeatures() {
  return {
    name: 'madang-emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command !== 'madang-emulate-media-features') return undefined;
      const page = session.browser.getPage(session.id);
      // No features (null) resets every emulated feature.
      await page.emulateMediaFeatures(payload?.features ?? undefined);
      return true;
    },
  };
}

/** Writes pass/fail counts for scripts/test.mjs (its closing "N passed, N failed" line). */
function summaryFile() {
  const count = (suite, acc, path = []) => {
    if (!suite) return acc;
    const here = suite.name ? [...path, suite.name] : path;
    for (const t of suite.tests) {
      if (t.skipped) continue;
      if (t.passed) acc.passed++;
      else {
        acc.failed++;
        acc.failures.push(`[browser] ${[...here, t.name].join(' › ')}`);
      }
    }
    for (const s of suite.suites) count(s, acc, here);
    return acc;
  };
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, failures: [] };
      for (const s of sessions) {
        count(s.testResults, acc);
        if (s.errors?.length) {
          acc.failed++;
          acc.failures.push(`[browser] ${s.testFile}: ${s.errors[0].message}`);
        }
      }
      if (process.env.MADANG_WTR_SUMMARY) writeFileSync(process.env.MADANG_WTR_SUMMARY, JSON.stringify(acc));
      console.log(`browser tests: ${acc.passed} passed, ${acc.failed} failed`);
    },
  };
}

const madang = madangServer();

export default {
  files: ['packages/widgets/src/**/*.test.ts'],
  nodeResolve: true,
  port: PORT,
  hostname: 'localhost',
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_FLAGS],
      },
    }),
  ],
  testFramework: { config: { timeout: 20_000 } },
  testsFinishTimeout: 300_000,
  browserStartTimeout: 60_000,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), madang, emulateMediaFeatures()],
  middleware: [madang.middleware],
  reporters: [defaultReporter(), summaryFile()],
  // Expected noise: Lit's dev-mode notice, and the widget's own console.warn for bad attributes (tested on purpose).
  filterBrowserLogs: ({ args }) => !args.some((a) => typeof a === 'string' && (/Lit is in dev mode/.test(a) || /^<madang-(poll|proposal-form|proposal-list|budget-table|spending-explainer)>:/.test(a))),
};
