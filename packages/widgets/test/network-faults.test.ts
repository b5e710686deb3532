/**
 * Network faults injected in the browser: every widget of the built bundle, embedded cross-origin
 * on a host page, against the real server (PGlite), in Debian Chromium driven by puppeteer-core.
 * The faults are made by Chromium itself, not by patching fetch in the page:
 * - offline: DevTools offline mode (`page.setOfflineMode`), so requests, lazy chunks and the
 *   results stream fail as on a train in a tunnel;
 * - 500/503: request interception answers problem+json (every attempt: the SDK's own retries fail too);
 * - slow: request interception holds the request before letting it through;
 * - a response that fails the schema: valid JSON of the wrong shape, an HTML error page with
 *   200, or the real answer cut in half (truncated JSON).
 * For each of the five widgets and each fault: a readable Korean message in an alert (or a
 * status while slow), the widget's own retry path, and the success state after the fault is
 * gone; no uncaught page error. For the three that send something (vote, proposal, support) the
 * fault also hits the send, after the server has committed it where that matters (the request
 * is forwarded to the real server from Node with the same Idempotency-Key, and the browser gets
 * the failure): the retry carries the same key and the server counts exactly one vote, support
 * or proposal; a draft survives the failure and a reload; while a slow send is on its way the
 * button is busy and a double click sends once. Also: the same messages in English, and a fault
 * after a widget loaded (the budget table's flat view fetching its lines).
 *
 * What the widgets' browser tests (web-test-runner, src/<widget>/madang-<widget>.test.ts)
 * already cover, with fetch patched inside the page, and is not repeated here:
 * - poll: a dead API (network message + retry), a vote whose response is lost, retried with the
 *   same key; busy submit button and double click (a held request);
 * - proposal form: a lost response (same key, one proposal, also after a reload and after an
 *   edited text), a plain network failure on submit, a dead API and back, busy submit;
 * - proposal list: a dead API and retry, an error while paging, a support with a network
 *   failure retried with the same key, a double click;
 * - budget table and spending explainer: a missing static file (HTTP 404) and malformed CSV.
 * The SDK's node tests cover its retry policy (retry.test.ts: 5xx, 429, Retry-After, one key
 * across attempts), timeouts (client.test.ts) and bodies that fail the contract (contract.test.ts).
 * None of the browser tests answers 5xx, goes offline in the browser or answers with a body that
 * fails the contract, and slow answers appear there only as a held request for the busy button;
 * none drives the CDN bundle with its lazy chunks. This file does, for all five widgets in one place.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type BrowserContext, type HTTPRequest, type Page } from 'puppeteer-core';
import { watchPage, type PageWatch } from './page-watch.js';
import { startTestServer } from '../../server/dist/testing.js';
import type { MadangServer } from '../../server/dist/index.js';

const CDN = fileURLToPath(new URL('../dist/cdn/madang.js', import.meta.url));

// What the visitor reads (Korean, the default language).
const KO = {
  network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.',
  server: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.',
  formNotSent:
    '제안이 아직 접수되지 않았습니다. 입력한 내용은 그대로 남아 있고 이 기기에 저장되어 있습니다. 인터넷 연결을 확인한 뒤 다시 보내 주세요. 다시 보내도 두 번 접수되지 않습니다.',
  formServerNotSent: '제안이 아직 접수되지 않았습니다. 서버에 일시적인 문제가 있습니다. 입력한 내용은 그대로 남아 있으니 잠시 후 다시 보내 주세요.',
  supportNetwork: '공감을 보내지 못했습니다. 인터넷 연결을 확인한 뒤 다시 눌러 주세요. 같은 공감이 두 번 세어지지는 않습니다.',
  voting: '투표를 보내는 중입니다…',
  submitting: '제안을 보내는 중입니다…',
  supporting: '공감을 보내는 중입니다…',
};

const EN = {
  network: 'Cannot reach the server. Check your internet connection and try again.',
  server: 'Something went wrong on our side. Please try again in a moment.',
  retry: 'Try again',
};

/** The five widgets: their tag, id on the host page, and the state they end in when all is well. */
const WIDGETS = [
  { id: 'poll', tag: 'madang-poll', ready: 'open' },
  { id: 'form', tag: 'madang-proposal-form', ready: 'form' },
  { id: 'list', tag: 'madang-proposal-list', ready: 'ready' },
  { id: 'table', tag: 'madang-budget-table', ready: 'ready' },
  { id: 'explainer', tag: 'madang-spending-explainer', ready: 'ready' },
] as const;
type WidgetId = (typeof WIDGETS)[number]['id'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let api: MadangServer;
let host: Server;
let hostUrl: string;
let browser: Browser;
let pk: string;
let sk: string;
let pollId: string;
let budgets: { fields2024: string; totals: string };

/** An API call from Node (as the site's staff or another citizen would make it). */
async function call<T>(method: string, path: string, key: string, body?: unknown): Promise<T> {
  const res = await fetch(api.url + path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', origin: hostUrl, 'idempotency-key': crypto.randomUUID() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json as T;
}

/** A published proposal nobody supports yet (the list shows newest first). */
async function publishedProposal(title: string): Promise<string> {
  const { formToken } = await call<{ formToken: string }>('GET', '/v1/proposals/challenge', pk);
  const r = await call<{ id: string }>('POST', '/v1/proposals', pk, { title, body: `${title}: 네트워크 장애 시험용 제안입니다.`, category: 'welfare', antiSpam: { formToken } });
  for (const to of ['under_review', 'published']) await api.ops.transitionProposal({ siteKey: sk, id: r.id, to });
  return r.id;
}

const totalVotes = async () => (await call<{ totalVotes: number }>('GET', `/v1/polls/${pollId}/results`, pk)).totalVotes;
const supportCount = async (id: string) => (await call<{ supportCount: number }>('GET', `/v1/proposals/${id}`, pk)).supportCount;
const proposalsTitled = async (title: string) => (await api.ops.listProposals({ siteKey: sk, pageSize: 100 })).items.filter((p) => p.title === title);

/** The widgets' tags with the demo site's poll and datasets. */
function markup(ids: readonly WidgetId[]): string {
  const site = `api="${api.url}" site-key="${pk}"`;
  const html: Record<WidgetId, string> = {
    poll: `<madang-poll id="poll" ${site} poll="${pollId}"></madang-poll>`,
    form: `<madang-proposal-form id="form" ${site}></madang-proposal-form>`,
    list: `<madang-proposal-list id="list" ${site} page-size="3"></madang-proposal-list>`,
    table: `<madang-budget-table id="table" ${site} dataset="${budgets.fields2024}"></madang-budget-table>`,
    explainer: `<madang-spending-explainer id="explainer" ${site} dataset="${budgets.fields2024}" totals-dataset="${budgets.totals}" population="51217221"></madang-spending-explainer>`,
  };
  return ids.map((id) => html[id]).join('\n');
}

// ------------------------------------------------------------------ the page and its faults

/** How the browser answers an API request while a fault is on; false: let it through. */
type Rule = (req: HTTPRequest) => Promise<boolean>;

interface Harness {
  page: Page;
  watch: PageWatch;
  /** Every API request the page made (method and path), in order. */
  requests: string[];
  /** The fault in force for requests that `match` (default: every /v1/ request); undefined: none. */
  fault(rule: Rule | undefined, match?: (req: HTTPRequest) => boolean): void;
  /** Puts the widgets on the page (the bundle is loaded by then), inside an element of `lang` if given. */
  mount(ids: readonly WidgetId[], lang?: string): Promise<void>;
  close(): Promise<void>;
}

const isApiCall = (req: HTTPRequest) => req.url().startsWith(`${api.url}/v1/`);
const pathOf = (req: HTTPRequest) => new URL(req.url()).pathname;
const cors = () => ({ 'access-control-allow-origin': hostUrl, 'access-control-expose-headers': '*' });

/** A page of its own browser context (empty storage: a new device id, no receipts or drafts). */
async function openPage(): Promise<Harness> {
  const context: BrowserContext = await browser.createBrowserContext();
  const page = await context.newPage();
  const watch = await watchPage(page, { ignoreConsole: /Failed to load resource/ });
  const requests: string[] = [];
  let rule: Rule | undefined;
  let match: (req: HTTPRequest) => boolean = isApiCall;
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.isInterceptResolutionHandled()) return;
    void (async () => {
      if (isApiCall(req) && req.method() !== 'OPTIONS') requests.push(`${req.method()} ${pathOf(req)}`);
      if (rule && req.method() !== 'OPTIONS' && match(req) && (await rule(req))) return;
      await req.continue();
    })().catch((e: Error) => {
      // A broken fault is the test's own failure (not the widget's): reported with the page's problems.
      if (!/closed|detached|Target/i.test(e.message)) watch.problems.push(`fault injection: ${e.message}`);
      if (!req.isInterceptResolutionHandled()) void req.abort('failed').catch(() => {});
    });
  });
  const h: Harness = {
    page,
    watch,
    requests,
    fault(r, m = isApiCall) {
      rule = r;
      match = m;
    },
    async mount(ids, lang) {
      const html = markup(ids);
      await page.evaluate((inner) => {
        document.querySelector('main')!.innerHTML = inner;
      }, lang ? `<div lang="${lang}">${html}</div>` : html);
      // madang.js loads an element's entry once its tag is on the page.
      const tags = WIDGETS.filter((w) => ids.includes(w.id)).map((w) => w.tag);
      await page.waitForFunction((t) => t.every((x) => customElements.get(x)), { timeout: 15_000 }, tags);
    },
    close: () => context.close(),
  };
  await page.goto(hostUrl, { waitUntil: 'load' });
  // madang.js is an on-demand loader: the element entries are fetched once their tags are on the
  // page. Fetched here, before any fault is injected, so the faults meet what they met when
  // madang.js held every element (the on-demand chunks, such as the SDK client, still meet them).
  await page.evaluate(async (tags) => {
    const loader = document.querySelector<HTMLScriptElement>('script[src$="/madang.js"]')!.src;
    await Promise.all(tags.map((t) => import(new URL(`${t}.js`, loader).href)));
  }, WIDGETS.map((w) => w.tag));
  return h;
}

// The faults.
const problem = (status: number) => JSON.stringify({ type: 'about:blank', title: status === 503 ? 'Service Unavailable' : 'Internal Server Error', status });
const answer5xx =
  (status = 500): Rule =>
  async (req) => {
    await req.respond({ status, headers: { ...cors(), ...(status === 503 ? { 'retry-after': '0' } : {}) }, contentType: 'application/problem+json', body: problem(status) });
    return true;
  };
/**
 * A slow answer: let through no sooner than `ms` after the request, and not before `release()`
 * (so that what the page shows meanwhile is checked however slow the machine is).
 */
function slow(ms: number): { rule: Rule; release(): void } {
  let open!: () => void;
  const released = new Promise<void>((r) => (open = r));
  return {
    rule: async (req) => {
      await Promise.all([sleep(ms), released]);
      await req.continue();
      return true;
    },
    release: () => open(),
  };
}
type Malformed = 'wrong-shape' | 'html' | 'truncated';
const malformed =
  (kind: Malformed): Rule =>
  async (req) => {
    if (kind === 'wrong-shape') {
      await req.respond({ status: 200, headers: cors(), contentType: 'application/json', body: JSON.stringify({ data: [{ unexpected: true }], ok: 1 }) });
    } else if (kind === 'html') {
      await req.respond({ status: 200, headers: cors(), contentType: 'text/html; charset=utf-8', body: '<!doctype html><html><body><h1>Gateway error</h1><p>The upstream server is not responding.</p></body></html>' });
    } else {
      const real = await forward(req);
      const text = await real.text();
      await req.respond({ status: 200, headers: cors(), contentType: 'application/json', body: text.slice(0, Math.floor(text.length / 2)) });
    }
    return true;
  };

/** The browser's request, sent to the real server from Node (same method, body, key and Idempotency-Key). */
async function forward(req: HTTPRequest): Promise<Response> {
  const h = req.headers();
  const headers: Record<string, string> = { origin: hostUrl };
  for (const name of ['authorization', 'content-type', 'accept', 'idempotency-key']) if (h[name]) headers[name] = h[name];
  const body = req.hasPostData() ? (req.postData() ?? (await req.fetchPostData())) : undefined;
  return fetch(req.url(), { method: req.method(), headers, body });
}

/** The request reaches the real server (which commits it); the browser gets `then` instead. */
const committedThen =
  (then: Rule, log: string[]): Rule =>
  async (req) => {
    log.push(req.headers()['idempotency-key'] ?? '(none)');
    const res = await forward(req);
    const text = await res.text();
    if (!res.ok) throw new Error(`forwarding ${req.method()} ${pathOf(req)} to the server: ${res.status} ${text}`);
    return then(req);
  };

// ------------------------------------------------------------------ reading the widgets

const stateOf = (page: Page, id: WidgetId) => page.$eval(`#${id}`, (el) => el.getAttribute('data-state'));

async function waitState(h: Harness, id: WidgetId, state: string, timeout = 20_000) {
  await h.page.waitForFunction((i, s) => document.getElementById(i)?.getAttribute('data-state') === s, { timeout, polling: 50 }, id, state).catch(async () => {
    const shown = await h.page.$eval(`#${id}`, (el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300));
    throw new Error(`#${id}: expected data-state ${state}, it is ${await stateOf(h.page, id)}: "${shown}"; ${h.watch.problems.join('; ')}`);
  });
}

/** The widget's alert (role=alert, in its shadow root) and whether a retry button goes with it. */
const alertOf = (page: Page, id: WidgetId) =>
  page.$eval(`#${id}`, (el) => {
    const alerts = [...el.shadowRoot!.querySelectorAll('[role="alert"]')].map((a) => (a.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean);
    const retry = el.shadowRoot!.querySelector('[part~="retry"]');
    const base = el.shadowRoot!.querySelector('[part~="base"]')!.getBoundingClientRect();
    return { alerts, retry: retry ? (retry.textContent ?? '').trim() : null, height: base.height };
  });

/** In `error`, saying `message` in an alert, with the retry button; not a blank box. */
async function expectError(h: Harness, id: WidgetId, message: string, retryLabel = '다시 시도') {
  await waitState(h, id, 'error');
  const a = await alertOf(h.page, id);
  assert.deepEqual(a.alerts, [message], `#${id} announces what went wrong`);
  assert.equal(a.retry, retryLabel, `#${id} offers to retry`);
  assert.ok(a.height >= 60, `#${id} is not a blank box (${a.height}px)`);
}

const clickIn = (page: Page, id: WidgetId, selector: string) =>
  page.$eval(`#${id}`, (el, sel) => (el.shadowRoot!.querySelector(sel) as HTMLElement).click(), selector);

const retry = (h: Harness, id: WidgetId) => clickIn(h.page, id, '[part~="retry"]');

/** Lets requests through, noting each one's Idempotency-Key. */
const noteKey =
  (log: string[]): Rule =>
  async (req) => {
    log.push(req.headers()['idempotency-key'] ?? '(none)');
    return false;
  };

/** Every attempt (the first, the SDK's own retries, the widget's retry) carried one and the same key. */
function expectOneKey(keys: string[]) {
  assert.ok(keys.length >= 2, `a first attempt and a retry (${keys.length})`);
  assert.equal(new Set(keys).size, 1, `one Idempotency-Key: ${[...new Set(keys)].join(', ')}`);
  assert.match(keys[0]!, /^[0-9a-f-]{36}$/);
}

/** Sets a form control as typing would (one input or change event). */
const setField = (page: Page, id: string, value: string) =>
  page.$eval(
    '#form',
    (el, i, v) => {
      const c = el.shadowRoot!.getElementById(i) as HTMLInputElement | HTMLSelectElement;
      c.value = v;
      c.dispatchEvent(new Event(c instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
    },
    id,
    value,
  );
const fieldValue = (page: Page, id: string) => page.$eval('#form', (el, i) => (el.shadowRoot!.getElementById(i) as HTMLInputElement).value, id);

/** The send button of a widget: its text, aria-busy and aria-disabled. */
const sendButton = (page: Page, id: WidgetId, selector: string) =>
  page.$eval(
    `#${id}`,
    (el, sel) => {
      const b = el.shadowRoot!.querySelector(sel)!;
      return { text: (b.textContent ?? '').trim(), busy: b.getAttribute('aria-busy'), disabled: b.getAttribute('aria-disabled') };
    },
    selector,
  );

/**
 * The faults of a send (vote, proposal, support), each with the message the widget shows.
 * 503 and the bad body reach the real server first: it commits, only the answer is lost.
 */
interface SendFault {
  name: string;
  /** Turns the fault on for requests that `match`; `keys` collects their Idempotency-Keys. */
  apply(h: Harness, match: (req: HTTPRequest) => boolean, keys: string[]): Promise<void>;
  lift(h: Harness, match: (req: HTTPRequest) => boolean, keys: string[]): Promise<void>;
  /** Whether the server received (and committed) the failed attempt. */
  committed: boolean;
}
const SEND_FAULTS: SendFault[] = [
  {
    name: 'offline',
    apply: (h) => h.page.setOfflineMode(true),
    lift: async (h, match, keys) => {
      await h.page.setOfflineMode(false);
      h.fault(noteKey(keys), match);
    },
    committed: false,
  },
  {
    name: '503 after the server committed it (every attempt)',
    apply: async (h, match, keys) => h.fault(committedThen(answer5xx(503), keys), match),
    lift: async (h, match, keys) => h.fault(noteKey(keys), match),
    committed: true,
  },
  {
    name: 'a 200 whose body fails the schema, after the server committed it',
    apply: async (h, match, keys) => h.fault(committedThen(malformed('wrong-shape'), keys), match),
    lift: async (h, match, keys) => h.fault(noteKey(keys), match),
    committed: true,
  },
];

// ------------------------------------------------------------------ the tests

describe('[pglite] network faults injected in Chromium: every widget shows a clear state, recovers, and loses no vote or draft', () => {
  before(async () => {
    assert.ok(existsSync(CDN), 'run the build first (pnpm build)');
    host = createServer();
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    hostUrl = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
    api = await startTestServer({ name: 'pglite' });
    const demo = await api.ops.demo({ origins: [hostUrl] });
    pk = demo.site.publishableKey;
    sk = demo.site.secretKey!;
    pollId = demo.polls.yesNo;
    budgets = demo.budgets;
    await api.ops.proposalSettings({ siteKey: sk, settings: { minFillSeconds: 0 } });
    host.on('request', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>장애 시험</title>
<script type="module" src="${api.url}/widgets/0.1.0/madang.js"></script></head><body><main></main></body></html>`);
    });
    const { CHROMIUM_FLAGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as { CHROMIUM_FLAGS: string[]; CHROMIUM_PATH: string };
    browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
  });

  after(async () => {
    await browser?.close();
    host?.close();
    await api?.close();
  });

  // ---------------------------------------------------------------- loading

  const loadFaults: { name: string; apply(h: Harness): Promise<void>; lift(h: Harness): Promise<void>; message: (id: WidgetId) => string }[] = [
    {
      name: 'offline',
      apply: (h) => h.page.setOfflineMode(true),
      lift: (h) => h.page.setOfflineMode(false),
      message: () => KO.network,
    },
    {
      name: '500 on every request (and every retry)',
      apply: async (h) => h.fault(answer5xx(500)),
      lift: async (h) => h.fault(undefined),
      message: () => KO.server,
    },
    ...(['wrong-shape', 'html', 'truncated'] as const).map((kind) => ({
      name: `a 200 whose body fails the schema (${kind})`,
      apply: async (h: Harness) => h.fault(malformed(kind)),
      lift: async (h: Harness) => h.fault(undefined),
      message: () => KO.server,
    })),
  ];

  for (const f of loadFaults) {
    test(`[pglite] loading, ${f.name}: all five say so in an alert with a retry button; retry after the fault loads them`, async () => {
      const h = await openPage();
      try {
        await f.apply(h);
        await h.mount(WIDGETS.map((w) => w.id));
        for (const w of WIDGETS) await expectError(h, w.id, f.message(w.id));
        await f.lift(h);
        for (const w of WIDGETS) await retry(h, w.id);
        for (const w of WIDGETS) await waitState(h, w.id, w.ready);
        assert.deepEqual(h.watch.problems, [], 'no uncaught error in the page');
      } finally {
        await h.close();
      }
    });
  }

  test('[pglite] loading, slow answers (1.5 s each): all five say they are loading, then show their content', async () => {
    const h = await openPage();
    try {
      const answers = slow(1_500);
      h.fault(answers.rule);
      await h.mount(WIDGETS.map((w) => w.id));
      await sleep(300);
      for (const w of WIDGETS) {
        assert.equal(await stateOf(h.page, w.id), 'loading', `#${w.id} is loading`);
        const status = await h.page.$eval(`#${w.id}`, (el) => (el.shadowRoot!.querySelector('[role="status"]')?.textContent ?? '').trim());
        assert.match(status, /불러오는 중입니다…$/, `#${w.id} says it is loading`);
        const height = await h.page.$eval(`#${w.id}`, (el) => el.shadowRoot!.querySelector('[part~="base"]')!.getBoundingClientRect().height);
        assert.ok(height >= 100, `#${w.id} keeps its space while loading (${height}px)`);
      }
      answers.release();
      for (const w of WIDGETS) await waitState(h, w.id, w.ready);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  test('[pglite] loading, offline and then a body that fails the schema, in English (lang="en" on the page): the English messages, then recovery', async () => {
    const h = await openPage();
    try {
      // The English strings are imported the first time an element is in English: fetched here
      // (the API answering 500 meanwhile), before the page goes offline.
      h.fault(answer5xx(500));
      await h.mount(WIDGETS.map((w) => w.id), 'en');
      for (const w of WIDGETS) await expectError(h, w.id, EN.server, EN.retry);
      h.fault(undefined);
      await h.mount([]);
      await h.page.setOfflineMode(true);
      await h.mount(WIDGETS.map((w) => w.id), 'en');
      for (const w of WIDGETS) await expectError(h, w.id, EN.network, EN.retry);
      await h.page.setOfflineMode(false);
      h.fault(malformed('html'));
      for (const w of WIDGETS) await retry(h, w.id);
      // The retry fails again, differently: the message changes with it.
      for (const w of WIDGETS) {
        await h.page.waitForFunction(
          (i, t) => [...document.getElementById(i)!.shadowRoot!.querySelectorAll('[role="alert"]')].some((a) => a.textContent!.trim() === t),
          { timeout: 20_000 },
          w.id,
          EN.server,
        );
        await expectError(h, w.id, EN.server, EN.retry);
      }
      h.fault(undefined);
      for (const w of WIDGETS) await retry(h, w.id);
      for (const w of WIDGETS) await waitState(h, w.id, w.ready);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  test('[pglite] budget table, a fault after it loaded (the flat view fetches its lines: 500): the alert, and retry shows the flat view', async () => {
    const h = await openPage();
    try {
      await h.mount(['table']);
      await waitState(h, 'table', 'ready');
      h.fault(answer5xx(500), (req) => isApiCall(req) && /\/lines$/.test(pathOf(req)));
      await h.page.$eval('#table', (el) => el.setAttribute('view', 'flat'));
      await expectError(h, 'table', KO.server);
      h.fault(undefined);
      await retry(h, 'table');
      await waitState(h, 'table', 'ready');
      const rows = await h.page.$eval('#table', (el) => el.shadowRoot!.querySelectorAll('tbody tr').length);
      assert.ok(rows >= 12, `the flat view lists the lines (${rows} rows)`);
      assert.ok(h.requests.filter((r) => /\/lines$/.test(r)).length >= 2, 'the lines were asked for again');
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  // ---------------------------------------------------------------- sending: the poll

  const isVote = (req: HTTPRequest) => req.method() === 'POST' && pathOf(req) === `/v1/polls/${pollId}/votes`;

  async function openPoll(): Promise<Harness> {
    const h = await openPage();
    await h.mount(['poll']);
    await waitState(h, 'poll', 'open');
    await clickIn(h.page, 'poll', 'input[value="yes"]');
    return h;
  }

  for (const f of SEND_FAULTS) {
    test(`[pglite] poll, a vote meets ${f.name}: the error with the choice kept; retry counts exactly one vote with the same key`, async () => {
      const before = await totalVotes();
      const h = await openPoll();
      const keys: string[] = [];
      try {
        await f.apply(h, isVote, keys);
        await clickIn(h.page, 'poll', '[part~="submit"]');
        await expectError(h, 'poll', f.name === 'offline' ? KO.network : KO.server);
        assert.equal(await h.page.$eval('#poll', (el) => (el.shadowRoot!.querySelector('input[value="yes"]') as HTMLInputElement).checked), true, 'the choice stays');
        assert.equal(await totalVotes(), before + (f.committed ? 1 : 0), f.committed ? 'the server counted the first attempt' : 'nothing reached the server');
        await f.lift(h, isVote, keys);
        await retry(h, 'poll');
        await waitState(h, 'poll', 'voted');
        assert.equal(await totalVotes(), before + 1, 'exactly one vote counted');
        if (f.committed) expectOneKey(keys);
        else assert.equal(keys.length, 1, 'one attempt once back online');
        assert.deepEqual(h.watch.problems, []);
      } finally {
        await h.close();
      }
    });
  }

  test('[pglite] poll, a slow vote (1.5 s): the button is busy and says so, a double click sends one vote', async () => {
    const before = await totalVotes();
    const h = await openPoll();
    try {
      const answer = slow(1_500);
      h.fault(answer.rule, isVote);
      await clickIn(h.page, 'poll', '[part~="submit"]');
      await sleep(300);
      assert.equal(await stateOf(h.page, 'poll'), 'submitting');
      assert.deepEqual(await sendButton(h.page, 'poll', '[part~="submit"]'), { text: KO.voting, busy: 'true', disabled: 'true' });
      await clickIn(h.page, 'poll', '[part~="submit"]');
      await clickIn(h.page, 'poll', '[part~="submit"]');
      answer.release();
      await waitState(h, 'poll', 'voted');
      assert.equal(h.requests.filter((r) => r === `POST /v1/polls/${pollId}/votes`).length, 1, 'one request');
      assert.equal(await totalVotes(), before + 1);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  // ---------------------------------------------------------------- sending: the proposal form

  const isSubmit = (req: HTTPRequest) => req.method() === 'POST' && pathOf(req) === '/v1/proposals';
  const unique = (s: string) => `${s} ${Math.random().toString(36).slice(2, 8)}`;

  async function openForm(title: string): Promise<Harness> {
    const h = await openPage();
    await h.mount(['form']);
    await waitState(h, 'form', 'form');
    await setField(h.page, 'title', title);
    await setField(h.page, 'body', '지하철역 엘리베이터가 자주 멈춥니다. 점검 주기를 늘려 주세요.');
    await setField(h.page, 'category', 'transport');
    return h;
  }

  for (const f of SEND_FAULTS) {
    test(`[pglite] proposal form, a submit meets ${f.name}: every value stays (also in storage); retry files exactly one proposal`, async () => {
      const title = unique('엘리베이터 점검');
      const h = await openForm(title);
      const keys: string[] = [];
      try {
        await f.apply(h, isSubmit, keys);
        await clickIn(h.page, 'form', '[part~="submit"]');
        await expectError(h, 'form', f.name === 'offline' ? KO.formNotSent : KO.formServerNotSent, '다시 보내기');
        assert.equal(await fieldValue(h.page, 'title'), title);
        assert.equal(await fieldValue(h.page, 'category'), 'transport');
        const draft = await h.page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('madang:proposal-draft:'))?.[1]);
        assert.equal(JSON.parse(draft!).title, title, 'the draft is in storage');
        assert.equal((await proposalsTitled(title)).length, f.committed ? 1 : 0);
        await f.lift(h, isSubmit, keys);
        await retry(h, 'form');
        await waitState(h, 'form', 'submitted');
        const filed = await proposalsTitled(title);
        assert.equal(filed.length, 1, 'exactly one proposal');
        const shown = await h.page.$eval('#form', (el) => el.shadowRoot!.querySelector('[part~="receipt-number"]')!.textContent!.trim());
        assert.equal(shown, filed[0]!.receiptNumber);
        if (f.committed) expectOneKey(keys);
        assert.deepEqual(h.watch.problems, []);
      } finally {
        await h.close();
      }
    });
  }

  test('[pglite] proposal form, offline then a reload: the draft comes back and is filed once', async () => {
    const title = unique('새로 고침 뒤에도 남는 제안');
    const h = await openForm(title);
    try {
      await h.page.setOfflineMode(true);
      await clickIn(h.page, 'form', '[part~="submit"]');
      await expectError(h, 'form', KO.formNotSent, '다시 보내기');
      await h.page.setOfflineMode(false);
      await h.page.reload({ waitUntil: 'load' });
      await h.mount(['form']);
      await waitState(h, 'form', 'form');
      assert.equal(await fieldValue(h.page, 'title'), title, 'the title came back');
      assert.equal(await fieldValue(h.page, 'body'), '지하철역 엘리베이터가 자주 멈춥니다. 점검 주기를 늘려 주세요.');
      await clickIn(h.page, 'form', '[part~="submit"]');
      await waitState(h, 'form', 'submitted');
      assert.equal((await proposalsTitled(title)).length, 1);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  test('[pglite] proposal form, a slow submit (1.5 s): the button is busy and says so, a double click files one proposal', async () => {
    const title = unique('천천히 가는 제안');
    const h = await openForm(title);
    try {
      const answer = slow(1_500);
      h.fault(answer.rule, isSubmit);
      await clickIn(h.page, 'form', '[part~="submit"]');
      await sleep(300);
      assert.equal(await stateOf(h.page, 'form'), 'submitting');
      assert.deepEqual(await sendButton(h.page, 'form', '[part~="submit"]'), { text: KO.submitting, busy: 'true', disabled: 'true' });
      await clickIn(h.page, 'form', '[part~="submit"]');
      await clickIn(h.page, 'form', '[part~="submit"]');
      answer.release();
      await waitState(h, 'form', 'submitted');
      assert.equal(h.requests.filter((r) => r === 'POST /v1/proposals').length, 1, 'one request');
      assert.equal((await proposalsTitled(title)).length, 1);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });

  // ---------------------------------------------------------------- sending: support in the list

  const isSupport = (id: string) => (req: HTTPRequest) => req.method() === 'POST' && pathOf(req) === `/v1/proposals/${id}/supports`;

  async function openList(id: string): Promise<Harness> {
    const h = await openPage();
    await h.mount(['list']);
    await waitState(h, 'list', 'ready');
    await h.page.waitForFunction((i) => document.getElementById('list')!.shadowRoot!.querySelector(`li[data-proposal="${i}"] [part~="support"]`), {}, id);
    return h;
  }
  const supportIn = (id: string) => `li[data-proposal="${id}"] [part~="support"]`;
  const itemAlert = (h: Harness, id: string) =>
    h.page.$eval('#list', (el, i) => [...el.shadowRoot!.querySelectorAll(`li[data-proposal="${i}"] [role="alert"]`)].map((a) => a.textContent!.trim()), id);
  const supported = (h: Harness, id: string) =>
    h.page.waitForFunction((i) => document.getElementById('list')!.shadowRoot!.querySelector(`li[data-proposal="${i}"] [part~="supported"]`), { timeout: 20_000 }, id);

  for (const f of SEND_FAULTS) {
    test(`[pglite] proposal list, a support meets ${f.name}: the error on that proposal; the same button again counts exactly one support`, async () => {
      const id = await publishedProposal(unique('공감 장애 시험'));
      const h = await openList(id);
      const keys: string[] = [];
      try {
        await f.apply(h, isSupport(id), keys);
        await clickIn(h.page, 'list', supportIn(id));
        await h.page.waitForFunction((i) => document.getElementById('list')!.shadowRoot!.querySelector(`li[data-proposal="${i}"] [role="alert"]`), { timeout: 20_000 }, id);
        assert.deepEqual(await itemAlert(h, id), [f.name === 'offline' ? KO.supportNetwork : KO.server]);
        assert.equal(await stateOf(h.page, 'list'), 'ready', 'the list stays');
        assert.equal(await supportCount(id), f.committed ? 1 : 0);
        await f.lift(h, isSupport(id), keys);
        await clickIn(h.page, 'list', supportIn(id));
        await supported(h, id);
        assert.equal(await supportCount(id), 1, 'exactly one support');
        if (f.committed) expectOneKey(keys);
        assert.deepEqual(h.watch.problems, []);
      } finally {
        await h.close();
      }
    });
  }

  test('[pglite] proposal list, a slow support (1.5 s): the button is busy and says so, a double click counts one support', async () => {
    const id = await publishedProposal(unique('천천히 가는 공감'));
    const h = await openList(id);
    try {
      const answer = slow(1_500);
      h.fault(answer.rule, isSupport(id));
      await clickIn(h.page, 'list', supportIn(id));
      await sleep(300);
      assert.deepEqual(await sendButton(h.page, 'list', supportIn(id)), { text: KO.supporting, busy: 'true', disabled: 'true' });
      await clickIn(h.page, 'list', supportIn(id));
      await clickIn(h.page, 'list', supportIn(id));
      answer.release();
      await supported(h, id);
      assert.equal(h.requests.filter((r) => r === `POST /v1/proposals/${id}/supports`).length, 1, 'one request');
      assert.equal(await supportCount(id), 1);
      assert.deepEqual(h.watch.problems, []);
    } finally {
      await h.close();
    }
  });
});
