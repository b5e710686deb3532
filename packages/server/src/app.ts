import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  PollCreate,
  PollUpdate,
  ProposalSettingsUpdate,
  ProposalSubmit,
  ProposalTransition,
  STREAM_EVENTS,
  SupportRequest,
  VoteRequest,
  routes,
  toHonoPath,
  type PollResults,
  type Health,
} from '@madang/contracts';
import { openApiDocument } from '@madang/contracts/openapi';
import type { Db, Queryable } from './db.js';
import * as idem from './idempotency.js';
import type { LiveHub } from './live.js';
import { castVote, checkChoices, createPoll, getPoll, hasReceipt, publicPoll, updatePoll, visibleTo, assertOpen } from './polls.js';
import { HttpProblem, validate } from './problems.js';
import * as proposals from './proposals.js';
import * as budgets from './budgets.js';
import { importBudgetRequest } from './budget-http.js';
import type { RateLimiter } from './ratelimit.js';
import type { SiteDirectory, SiteRecord } from './sites.js';
import { identifyVoter, spendVoterToken } from './voter.js';
import { REFERENCE_CSP, referenceHtml, REFERENCE_INIT_JS, REFERENCE_PRE_JS, scalarBundlePath } from './reference.js';

export interface AppDeps {
  db: Db;
  sites: SiteDirectory;
  hub: LiveHub;
  limiter: RateLimiter;
  version: string;
  /** Directory of the built widget bundle (packages/widgets/dist/cdn), served at /widgets/<version>/. */
  widgetsDir?: string;
  widgetsVersion?: string;
  /** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
  trustProxy?: boolean;
  /** Streams to end when the server closes. */
  streams: Set<() => void>;
  /** Mounted admin routes (the CLI's way in while the server holds the data directory). */
  admin?: (app: Hono<Env>) => void;
}

type Env = { Variables: { site: SiteRecord; keyKind: 'publishable' | 'secret' } };

/** Largest JSON request body, in bytes (budget imports stream up to 200 MB and are exempt). */
export const MAX_BODY = 64 * 1024;
/** What an API (non-HTML) response may do when a browser renders it: nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const EXPOSED = 'RateLimit, RateLimit-Policy, Retry-After, Idempotent-Replayed';

export function problemResponse(c: Context, p: HttpProblem) {
  return c.body(JSON.stringify(p.body(c.req.path)), p.status as 400, {
    'Content-Type': 'application/problem+json',
    ...p.headers,
  });
}

function clientIp(c: Context, trustProxy: boolean) {
  if (trustProxy) {
    const xff = c.req.header('X-Forwarded-For')?.split(',')[0]?.trim();
    if (xff) return xff;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function readBody<T>(c: Context, schema: Parameters<typeof validate<T>>[0]) {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpProblem('unsupported-media-type', 'send the body as JSON with Content-Type: application/json');
  }
  // The limit itself is enforced while the body is read (the bodyLimit middleware); this is a second guard.
  if (Number(c.req.header('Content-Length') ?? 0) > MAX_BODY) throw tooLarge();
  const raw = await c.req.text();
  // Bytes, not UTF-16 units: a chunked body (no Content-Length) of 72 KB of Hangul was let through.
  if (Buffer.byteLength(raw) > MAX_BODY) throw tooLarge();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new HttpProblem('malformed-request', `the body is not valid JSON (${(e as Error).message})`);
  }
  return { raw, data: validate(schema, value) };
}

// Connection: close, so a client streaming an oversized body is cut off instead of being read to its end.
const tooLarge = () => new HttpProblem('payload-too-large', `at most ${MAX_BODY} bytes`, { headers: { Connection: 'close' } });

export function createApp(deps: AppDeps) {
  const { db, sites, hub, limiter } = deps;
  const app = new Hono<Env>();

  // ---------------------------------------------------------------- security headers
  // On every response, problems and 404s included. A handler's own value wins (overwrite:
  // false): the /reference page sets its own CSP, widget bundles their cross-origin CORP.
  // No HSTS: TLS ends at the operator's proxy, which sets it (docs/self-hosting.md).
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: false,
      xContentTypeOptions: 'nosniff',
      xFrameOptions: 'DENY',
      overwrite: false,
    }),
  );

  app.onError((err, c) => {
    if (err instanceof HttpProblem) return problemResponse(c, err);
    // Never a stack trace to the client; the operator's log gets it.
    console.error(`[madang] ${c.req.method} ${c.req.path}:`, err);
    return problemResponse(c, new HttpProblem('internal', 'the error was logged; retrying later may help'));
  });
  app.notFound((c) => problemResponse(c, new HttpProblem('not-found', `no route ${c.req.method} ${c.req.path}`)));

  // ---------------------------------------------------------------- CORS, keys, rate limits
  app.use('/v1/*', async (c, next) => {
    c.header('Vary', 'Origin');
    const origin = c.req.header('Origin');
    if (c.req.method === 'OPTIONS') {
      // Preflights carry no key, so the answer is "some site allows this origin"; the actual
      // request is then checked against its own site's list.
      if (origin && (await sites.anySiteAllows(origin))) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Allow-Methods', 'GET, POST, PATCH, PUT');
        c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key');
        c.header('Access-Control-Max-Age', '600');
      }
      return c.body(null, 204);
    }
    if (c.req.path === routes.health.path) {
      c.header('Access-Control-Allow-Origin', '*');
      return next();
    }
    const isStream = c.req.path.endsWith('/results/stream');
    const auth = c.req.header('Authorization');
    let key = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const queryKey = c.req.query('key');
    if (!key && queryKey) {
      if (!queryKey.startsWith('pk_')) {
        throw new HttpProblem('unauthorized', 'only publishable keys may travel in a URL; send secret keys in the Authorization header');
      }
      if (!isStream) throw new HttpProblem('unauthorized', 'the key query parameter is only accepted on the results stream');
      key = queryKey;
    }
    const ip = clientIp(c, !!deps.trustProxy);
    // Requests without a valid key count per IP; past the quota, a key not already cached is
    // not even looked up (guessing keys must not cost a query each).
    const keyless = (detail: string) => {
      const verdict = limiter.keyless(ip, true);
      if (!verdict.ok) return new HttpProblem('rate-limited', `too many requests without a valid key; retry in ${verdict.headers['Retry-After']} s`, { headers: verdict.headers });
      return new HttpProblem('unauthorized', detail, { headers: verdict.headers });
    };
    if (!key) throw keyless('send Authorization: Bearer pk_… (publishable) or sk_… (secret)');
    let found = sites.peek(key);
    if (found === undefined) {
      const gate = limiter.keyless(ip, false);
      if (!gate.ok) throw new HttpProblem('rate-limited', `too many requests without a valid key; retry in ${gate.headers['Retry-After']} s`, { headers: gate.headers });
      found = await sites.byKey(key);
    }
    if (!found) throw keyless('this API key is unknown or revoked');
    const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (origin) {
      if (found.site.origins.includes(origin)) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Access-Control-Expose-Headers', EXPOSED);
      } else if (write) {
        throw new HttpProblem('origin-not-allowed', `${origin} is not an allowed origin of this site`);
      }
      if (found.kind === 'secret') {
        throw new HttpProblem('forbidden', 'secret keys are for servers; a browser sent this one (rotate it)');
      }
    }
    const kind = !write ? undefined : c.req.path.endsWith('/votes') ? 'vote' : c.req.method === 'POST' && c.req.path === routes.submitProposal.path ? 'proposal-submit' : undefined;
    const verdict = limiter.check(found.site.id, ip, kind);
    for (const [k, v] of Object.entries(verdict.headers)) c.header(k, v);
    if (!verdict.ok) throw new HttpProblem('rate-limited', `slow down; retry in ${verdict.headers['Retry-After']} s`, { headers: verdict.headers });
    c.set('site', found.site);
    c.set('keyKind', found.kind);
    await next();
  });

  // Request bodies: at most MAX_BODY bytes, counted as they arrive (a chunked body without
  // Content-Length is never buffered past the limit). Budget imports stream their own limit.
  const limitBody = bodyLimit({ maxSize: MAX_BODY, onError: () => Promise.reject(tooLarge()) });
  app.use('/v1/*', (c, next) => (c.req.method === 'POST' && c.req.path === routes.importBudget.path ? next() : limitBody(c, next)));

  const requireSecret = (c: Context<Env>) => {
    if (c.get('keyKind') !== 'secret') throw new HttpProblem('forbidden', 'this needs the site’s secret key (sk_…)');
  };

  /** Runs a POST at most once per Idempotency-Key; the stored response is committed with the write. */
  async function idempotent<T>(
    c: Context<Env>,
    raw: string,
    status: number,
    work: (commit: (q: Queryable, value: T) => Promise<void>) => Promise<T>,
  ) {
    const siteId = c.get('site').id;
    const key = idem.checkKey(c.req.header('Idempotency-Key'));
    const started = await idem.begin(db, siteId, key, idem.requestHash(c.req.method, c.req.path, raw));
    if (started.replay) {
      return c.body(started.replay.body, started.replay.status as 201, {
        'Content-Type': 'application/json',
        'Idempotent-Replayed': 'true',
      });
    }
    try {
      const value = await work((q, v) => idem.complete(q, siteId, key, status, JSON.stringify(v)));
      return c.json(value as object, status as 201);
    } catch (e) {
      await idem.release(db, siteId, key).catch(() => {});
      throw e;
    }
  }

  // ---------------------------------------------------------------- routes
  app.get(routes.health.path, (c) => c.json({ status: 'ok', version: deps.version, database: db.engine } satisfies Health));

  app.post(routes.createPoll.path, async (c) => {
    requireSecret(c);
    const { raw, data } = await readBody(c, PollCreate);
    return idempotent(c, raw, 201, (commit) => createPoll(db, c.get('site').id, data, commit));
  });

  app.get(toHonoPath(routes.getPoll.path), async (c) => c.json(publicPoll(await getPoll(db, c.get('site').id, c.req.param('id')!))));

  app.patch(toHonoPath(routes.updatePoll.path), async (c) => {
    requireSecret(c);
    const { data } = await readBody(c, PollUpdate);
    const poll = await updatePoll(db, c.get('site').id, c.req.param('id')!, data);
    hub.committed(poll.id);
    return c.json(publicPoll(poll));
  });

  app.post(toHonoPath(routes.vote.path), async (c) => {
    const site = c.get('site');
    const { raw, data } = await readBody(c, VoteRequest);
    return idempotent(c, raw, 201, async (commit) => {
      const poll = await getPoll(db, site.id, c.req.param('id')!, { history: false });
      assertOpen(poll);
      checkChoices(poll, data.choices);
      const voter = await identifyVoter(site, poll.voterPolicy, data);
      // A single-use token is spent in the vote's transaction: only if the vote commits.
      const receipt = await castVote(db, poll, data.choices, voter, async (q, r) => {
        await spendVoterToken(q, site.id, voter);
        await commit(q, r);
      });
      hub.committed(poll.id); // read-your-write: do not wait for the NOTIFY to reach this process
      return receipt;
    });
  });

  // The poll and its raw tally come from the results cache (see results-cache.ts); who may see
  // the counts is decided here, per request, from the key and the receipt.
  const resultsFor = async (c: Context<Env>) => {
    const { poll, tally } = await hub.cache.get(c.get('site').id, c.req.param('id')!);
    // The site itself (secret key) sees counts whatever the visibility; citizens per the poll's
    // rule. A receipt only matters on after_vote polls: elsewhere it is not looked up.
    const voted =
      c.get('keyKind') === 'secret'
        ? ('admin' as const)
        : poll.resultsVisibility === 'after_vote' && (await hasReceipt(db, poll.id, c.req.query('receipt')));
    return { poll, voted, results: visibleTo(tally, poll, voted) };
  };

  app.get(toHonoPath(routes.results.path), async (c) => {
    // Not cacheable by a shared cache: the answer depends on the key (a secret key sees hidden
    // counts) and the receipt, and must show the caller's own vote right after it is cast.
    c.header('Cache-Control', 'private, no-cache');
    c.header('Vary', 'Authorization', { append: true });
    return c.json((await resultsFor(c)).results);
  });

  app.get(toHonoPath(routes.resultsStream.path), async (c) => {
    const { poll, voted, results } = await resultsFor(c);
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let chain = Promise.resolve();
      const send = (r: PollResults) => {
        chain = chain.then(() => stream.writeSSE({ event: STREAM_EVENTS.results, data: JSON.stringify(r) })).catch(() => {});
      };
      send(results);
      const unsubscribe = hub.subscribe(poll.id, { siteId: poll.siteId, hasVoted: voted, send });
      const ping = setInterval(() => {
        chain = chain.then(() => stream.write(': ping\n\n')).then(() => {}).catch(() => {});
      }, 20_000);
      await new Promise<void>((resolve) => {
        const end = () => resolve();
        deps.streams.add(end);
        stream.onAbort(() => {
          deps.streams.delete(end);
          resolve();
        });
      });
      clearInterval(ping);
      unsubscribe();
    });
  });

  // ---------------------------------------------------------------- proposals
  app.get(routes.getProposalSettings.path, async (c) => c.json(await proposals.getSettings(db, c.get('site').id)));

  app.put(routes.updateProposalSettings.path, async (c) => {
    requireSecret(c);
    const { data } = await readBody(c, ProposalSettingsUpdate);
    return c.json(await proposals.updateSettings(db, c.get('site').id, data));
  });

  // Before /v1/proposals/:id, which would otherwise take "challenge" for an id.
  app.get(routes.proposalChallenge.path, async (c) => {
    const site = c.get('site');
    c.header('Cache-Control', 'no-store');
    return c.json(await proposals.issueChallenge(site, await proposals.getSettings(db, site.id)));
  });

  app.post(routes.submitProposal.path, async (c) => {
    const { raw, data } = await readBody(c, ProposalSubmit);
    return idempotent(c, raw, 201, (commit) => proposals.submitProposal(db, c.get('site'), data, commit));
  });

  app.get(routes.listProposals.path, async (c) =>
    c.json(await proposals.listProposals(db, c.get('site').id, proposals.listQuery(c.req.query()))),
  );

  app.get(toHonoPath(routes.getProposal.path), async (c) => c.json(await proposals.getPublicProposal(db, c.get('site').id, c.req.param('id')!)));

  app.get(toHonoPath(routes.trackProposal.path), async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await proposals.trackProposal(db, c.get('site').id, c.req.param('receiptNumber')!, c.req.query('code') || undefined));
  });

  app.post(toHonoPath(routes.supportProposal.path), async (c) => {
    const { raw, data } = await readBody(c, SupportRequest);
    return idempotent(c, raw, 201, (commit) => proposals.supportProposal(db, c.get('site'), c.req.param('id')!, data, commit));
  });

  app.post(toHonoPath(routes.transitionProposal.path), async (c) => {
    requireSecret(c);
    const { raw, data } = await readBody(c, ProposalTransition);
    return idempotent(c, raw, 201, (commit) => proposals.transitionProposal(db, c.get('site').id, c.req.param('id')!, data, commit));
  });

  app.get(routes.adminListProposals.path, async (c) => {
    requireSecret(c);
    c.header('Cache-Control', 'no-store');
    return c.json(await proposals.adminListProposals(db, c.get('site').id, proposals.adminListQuery(c.req.query())));
  });

  app.get(toHonoPath(routes.adminGetProposal.path), async (c) => {
    requireSecret(c);
    c.header('Cache-Control', 'no-store');
    return c.json(await proposals.getAdminProposal(db, c.get('site').id, c.req.param('id')!));
  });

  // ---------------------------------------------------------------- budgets
  app.get(routes.listBudgets.path, async (c) => c.json(await budgets.listDatasets(db, c.get('site').id)));

  // Streamed: the body is never read into memory (see budget-http.ts); at most 200 MB.
  app.post(routes.importBudget.path, async (c) => {
    requireSecret(c);
    return importBudgetRequest(c, db, c.get('site').id);
  });

  app.get(toHonoPath(routes.getBudget.path), async (c) => c.json(await budgets.getDataset(db, c.get('site').id, c.req.param('id')!)));

  app.delete(toHonoPath(routes.deleteBudget.path), async (c) => {
    requireSecret(c);
    return c.json(await budgets.deleteDataset(db, c.get('site').id, c.req.param('id')!));
  });

  app.get(toHonoPath(routes.budgetView.path), async (c) =>
    c.json(await budgets.budgetView(db, c.get('site').id, c.req.param('id')!, budgets.viewQuery(c.req.query()))),
  );

  app.get(toHonoPath(routes.budgetComparison.path), async (c) =>
    c.json(await budgets.budgetComparison(db, c.get('site').id, c.req.param('id')!, budgets.comparisonQuery(c.req.query()))),
  );

  app.get(toHonoPath(routes.budgetLines.path), async (c) =>
    c.json(await budgets.budgetLines(db, c.get('site').id, c.req.param('id')!, budgets.linesQuery(c.req.query()))),
  );

  // ---------------------------------------------------------------- documents and bundle
  const openapi = JSON.stringify(openApiDocument({ version: deps.version }));
  app.get('/openapi.json', (c) => c.body(openapi, 200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }));
  app.get('/reference', (c) => c.html(referenceHtml(), 200, { 'Content-Security-Policy': REFERENCE_CSP }));
  app.get('/reference/pre.js', (c) => c.body(REFERENCE_PRE_JS, 200, { 'Content-Type': 'text/javascript' }));
  app.get('/reference/init.js', (c) => c.body(REFERENCE_INIT_JS, 200, { 'Content-Type': 'text/javascript' }));
  app.get('/reference/scalar.js', (c) => {
    const file = scalarBundlePath();
    if (!file) throw new HttpProblem('not-found', 'the API reference bundle is not installed');
    return c.body(readFileSync(file), 200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'public, max-age=86400' });
  });

  app.get('/widgets/:version/*', (c) => {
    const version = c.req.param('version');
    const dir = deps.widgetsDir;
    if (!dir || !existsSync(dir)) throw new HttpProblem('not-found', 'the widget bundle is not built on this server (run pnpm build)');
    const latest = version === 'latest';
    if (!latest && version !== deps.widgetsVersion) throw new HttpProblem('not-found', `widget version ${version} is not served here; this server has ${deps.widgetsVersion}`);
    const rel = c.req.path.slice(`/widgets/${version}/`.length);
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !/\.(js|map|json)$/.test(file) || !existsSync(file)) throw new HttpProblem('not-found', `no file ${rel}`);
    return c.body(readFileSync(file), 200, {
      'Content-Type': file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'application/json',
      // Versioned files never change (as Stripe serves js.stripe.com/v3); `latest` is short-lived.
      'Cache-Control': latest ? 'public, max-age=300' : 'public, max-age=31536000, immutable',
      // Module scripts loaded cross-origin need CORS.
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  deps.admin?.(app);
  return app;
}
