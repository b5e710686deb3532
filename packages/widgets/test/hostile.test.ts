/**
 * The five widgets on pages that fight them, in Chromium (puppeteer-core), against the real API
 * (PGlite, the demo site's polls, proposals and budgets, and an imported multi-level budget CSV),
 * with the built CDN bundle served from the page's own origin:
 *
 *  - every page is served with `Content-Security-Policy: script-src 'self'; style-src 'self';
 *    require-trusted-types-for 'script'` (exactly), and must report no violation, page error or
 *    console error (Trusted Types failures are both);
 *  - a clean page and a hostile one (`* { all: revert }`, `button { display: none }`,
 *    `html { font-size: 62.5% }`, `table { border-collapse: separate }`, a Bootstrap-like reset,
 *    and every inherited property a page can set on body) show each widget in its main states
 *    with the same computed styles and boxes inside the shadow roots, and the host laid out the
 *    same; the hostile page is then worked with keyboard and mouse;
 *  - two versions of the bundle on one page (in both orders), widgets inside `dir="rtl"` at
 *    320 px, and `<html lang="en">` against `lang="ko"`.
 *
 * What the strict-CSP page of embed.test.ts already covers (a cross-origin bundle, two script
 * tags of the SAME file, a 62.5% root, one widget) is not repeated here.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type BrowserContext, type ElementHandle, type Page } from 'puppeteer-core';
import { watchPage, type PageWatch } from './page-watch.js';
import { startTestServer } from '../../server/dist/testing.js';
import type { MadangServer } from '../../server/dist/index.js';

const CDN = fileURLToPath(new URL('../dist/cdn/', import.meta.url));
const BUDGET_CSV = fileURLToPath(new URL('../src/budget-table/fixtures/budget-utf8-bom.csv', import.meta.url));
const CSP = "script-src 'self'; style-src 'self'; require-trusted-types-for 'script'";
/** The second version's poll button: the copy's only difference, so the page shows which copy rendered. */
const V2_SUBMIT = '투표하기 v2';

/** The webmaster's page stylesheet (both pages): fixed-width slots, so the widgets get the same width. */
const PAGE_CSS = `.slot { width: 720px; margin-block: 24px; }`;

/**
 * Everything a hostile or careless host page does: the rules the issue names, a Bootstrap-like
 * reset, and every inherited property set on body (they cross the shadow boundary).
 */
const HOSTILE_CSS = `
* { all: revert; }
button { display: none; }
html { font-size: 62.5%; }
table { border-collapse: separate; border-spacing: 9px; }
*, *::before, *::after { box-sizing: border-box; margin: 0; padding: 0; line-height: 3; }
body {
  font-family: Georgia, serif; font-size: 1.3rem; font-weight: 700; font-style: italic; font-variant: small-caps;
  color: #c00000; background: #ffffe0; letter-spacing: 0.2em; word-spacing: 0.5em; text-align: center;
  text-indent: 3em; text-transform: uppercase; white-space: nowrap; text-shadow: 1px 1px 0 #00f;
  cursor: crosshair; list-style: square inside; hyphens: auto; word-break: break-all; tab-size: 20;
  font-kerning: none; text-rendering: optimizeSpeed; -webkit-text-stroke: 1px #0a0; visibility: visible;
  border-collapse: separate; border-spacing: 11px; caption-side: bottom; empty-cells: hide; quotes: '<' '>';
}
h1, h2, h3, h4, h5, h6, p, ul, ol, dl, li, fieldset, legend, label { margin: 0 0 1rem; font-size: 3rem; }
button, input, select, textarea { margin: 0; font: inherit; line-height: inherit; border-radius: 0; text-transform: none; }
a { color: red; text-decoration: underline wavy; }
div { display: flex; gap: 13px; }
img, svg { vertical-align: middle; display: block; }
[hidden] { display: none !important; }
:focus { outline: 5px dotted magenta; }
`;

const WIDGETS = ['madang-poll', 'madang-proposal-form', 'madang-proposal-list', 'madang-budget-table', 'madang-spending-explainer'] as const;
const READY: Record<string, string> = {
  'madang-poll': 'open',
  'madang-proposal-form': 'form',
  'madang-proposal-list': 'ready',
  'madang-budget-table': 'ready',
  'madang-spending-explainer': 'ready',
};

let api: MadangServer;
let host: Server;
let origin: string;
let browser: Browser;
let v2Dir: string;
let demo: Awaited<ReturnType<MadangServer['ops']['demo']>>;
let treeDataset: string;
const pages = new Map<string, string>();
const contexts: BrowserContext[] = [];

/** The five widgets, each in a `div.slot`, against the demo site. */
function widgets(attrs = '') {
  const site = `api="${api.url}" site-key="${demo.site.publishableKey}" ${attrs}`;
  return `
<section class="slot"><madang-poll id="poll" ${site} poll="${demo.polls.yesNo}"></madang-poll></section>
<section class="slot"><madang-proposal-form id="form" ${site}></madang-proposal-form></section>
<section class="slot"><madang-proposal-list id="list" ${site} page-size="3"></madang-proposal-list></section>
<section class="slot"><madang-budget-table id="table" ${site} dataset="${treeDataset}"></madang-budget-table></section>
<section class="slot"><madang-spending-explainer id="explainer" ${site} dataset="${demo.budgets.fields2024}" totals-dataset="${demo.budgets.totals}"
  population="51217221" population-source="행정안전부 주민등록인구 (2024-12-31)"></madang-spending-explainer></section>`;
}

function servePage(name: string, o: { lang?: string; css?: string[]; scripts?: string[]; body: string }) {
  const css = (o.css ?? []).map((c) => `<link rel="stylesheet" href="${c}">`).join('');
  const scripts = (o.scripts ?? ['/cdn/madang.js']).map((s) => `<script type="module" src="${s}"></script>`).join('\n');
  pages.set(`/${name}`, `<!doctype html><html lang="${o.lang ?? 'ko'}"><head><meta charset="utf-8"><title>${name}</title>${css}\n${scripts}</head><body>${o.body}</body></html>`);
  return `${origin}/${name}`;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.css': 'text/css; charset=utf-8' };

function serveFile(root: string, rel: string, res: import('node:http').ServerResponse) {
  const file = normalize(join(root, rel));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
}

/** A fresh browser context (its own storage, so its own voter) and a watched page in it. */
async function open(url: string, width = 1000): Promise<{ page: Page; watch: PageWatch }> {
  const ctx = await browser.createBrowserContext();
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.setViewport({ width, height: 900 });
  // tsx names the functions puppeteer serialises with esbuild's __name helper: give the page one.
  await page.evaluateOnNewDocument('globalThis.__name = (f) => f');
  const watch = await watchPage(page, { warnings: true });
  await page.goto(url, { waitUntil: 'load' });
  return { page, watch };
}

const stateOf = (page: Page, sel: string) => page.$eval(sel, (el) => el.getAttribute('data-state'));

async function waitStates(page: Page, want: Record<string, string>, what: string) {
  await page
    .waitForFunction((w: Record<string, string>) => Object.entries(w).every(([sel, s]) => document.querySelector(sel)?.getAttribute('data-state') === s), { timeout: 30_000 }, want)
    .catch(async (e) => {
      const now = await page.evaluate((w: Record<string, string>) => Object.keys(w).map((sel) => `${sel}:${document.querySelector(sel)?.getAttribute('data-state')}`), want);
      throw new Error(`${what}: expected ${JSON.stringify(want)}, got ${now.join(', ')} (${(e as Error).message})`);
    });
}

/** An element inside a widget's shadow root. */
async function inShadow(page: Page, hostSel: string, sel: string): Promise<ElementHandle<Element>> {
  const h = await page.evaluateHandle((hs, s) => document.querySelector(hs)?.shadowRoot?.querySelector(s) ?? null, hostSel, sel);
  const el = h.asElement();
  assert.ok(el, `${hostSel} has no ${sel}`);
  return el as ElementHandle<Element>;
}

const shadowText = (page: Page, hostSel: string, sel: string) =>
  page.evaluate((hs, s) => (document.querySelector(hs)?.shadowRoot?.querySelector(s)?.textContent ?? '').replace(/\s+/g, ' ').trim(), hostSel, sel);

/** Computed styles compared inside the shadow root (every element), and on the host. */
const SHADOW_PROPS = [
  'display', 'position', 'visibility', 'opacity', 'box-sizing', 'float',
  'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-caps', 'font-kerning', 'line-height',
  'letter-spacing', 'word-spacing', 'text-align', 'text-indent', 'text-transform', 'text-shadow', 'white-space', 'word-break',
  'overflow-wrap', 'hyphens', 'tab-size', 'direction', 'cursor', 'list-style-type', 'list-style-position', 'quotes',
  '-webkit-text-stroke-width', 'color', 'background-color', 'border-collapse', 'border-spacing', 'caption-side', 'empty-cells',
  'border-top-width', 'border-top-style', 'border-top-color', 'border-left-width', 'border-left-style', 'border-left-color',
  'border-top-left-radius', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'gap', 'flex-direction', 'align-items', 'justify-content',
  'text-decoration-line', 'outline-style', 'vertical-align', 'accent-color',
];
/**
 * The host's own inherited values are the page's business; how it is laid out is not. Its
 * `display` is not compared: `* { all: revert }` makes the host inline (page rules beat
 * `:host { display: block }`), which lays out the same (its box is compared), and an
 * `!important` there would stop pages from hiding a widget with `display: none`.
 */
const HOST_PROPS = ['visibility', 'position', 'float', 'padding-top', 'padding-left', 'border-top-width', 'margin-left', 'overflow-x'];

interface Snapshot {
  state: string;
  rows: { key: string; values: string[]; box: number[]; text: string }[];
}

function snapshot(page: Page, sel: string): Promise<Snapshot> {
  return page.$eval(
    sel,
    (el, shadowProps, hostProps) => {
      const origin = el.getBoundingClientRect();
      const box = (n: Element) => {
        const r = n.getBoundingClientRect();
        return [r.left - origin.left, r.top - origin.top, r.width, r.height].map((v) => Math.round(v * 2) / 2);
      };
      const values = (n: Element, props: string[]) => {
        const s = getComputedStyle(n);
        return props.map((p) => s.getPropertyValue(p));
      };
      const rows = [{ key: `host <${el.localName}>`, values: values(el, hostProps), box: box(el).slice(2), text: '' }];
      let i = 0;
      for (const n of el.shadowRoot!.querySelectorAll('*')) {
        if (n.localName === 'style') continue;
        const part = n.getAttribute('part');
        const own = [...n.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent!.trim()).join(' ').slice(0, 30);
        rows.push({ key: `#${i++} <${n.localName}${part ? ` part="${part}"` : ''}${n.id ? ` id="${n.id}"` : ''}${n.className && typeof n.className === 'string' ? ` class="${n.className}"` : ''}>`, values: values(n, shadowProps), box: box(n), text: own });
      }
      return { state: el.getAttribute('data-state') ?? '', rows };
    },
    SHADOW_PROPS,
    HOST_PROPS,
  );
}

/** What differs between the clean and the hostile rendering of one widget (same structure expected). */
function differences(clean: Snapshot, hostile: Snapshot): string[] {
  const out: string[] = [];
  if (clean.state !== hostile.state) out.push(`state ${clean.state} ≠ ${hostile.state}`);
  if (clean.rows.length !== hostile.rows.length) out.push(`${clean.rows.length} elements ≠ ${hostile.rows.length}`);
  for (let i = 0; i < Math.min(clean.rows.length, hostile.rows.length); i++) {
    const a = clean.rows[i]!;
    const b = hostile.rows[i]!;
    const props = i === 0 ? HOST_PROPS : SHADOW_PROPS;
    if (a.key !== b.key) out.push(`${a.key} ≠ ${b.key}`);
    a.values.forEach((v, j) => {
      if (v !== b.values[j]) out.push(`${a.key} ${props[j]}: ${v} → ${b.values[j]}`);
    });
    // Screen-reader-only text is a clipped 1 px box: where it sits does not show.
    // Boxes of what is not rendered (closed <option>s: 0×0 at the page origin) say nothing either.
    const shown = a.box[2]! + a.box[3]! + b.box[2]! + b.box[3]! > 0;
    if (shown && !a.key.includes('sr-only') && a.box.some((v, j) => Math.abs(v - b.box[j]!) > 1)) out.push(`${a.key} "${a.text}" box [${a.box}] → [${b.box}]`);
  }
  return out;
}

async function expectSame(clean: Page, hostile: Page, sel: string, what: string) {
  const [a, b] = await Promise.all([snapshot(clean, sel), snapshot(hostile, sel)]);
  assert.ok(a.rows.length > 5, `${what}: ${sel} rendered something`);
  const diff = differences(a, b);
  assert.deepEqual(diff.slice(0, 25), [], `${what}: ${sel} differs on the hostile page (${diff.length} differences)`);
}

async function noProblems(page: Page, watch: PageWatch, what: string) {
  assert.deepEqual(await watch.cspViolations(), [], `${what}: no CSP violation`);
  assert.deepEqual(watch.problems, [], `${what}: no page error, console error or warning`);
}

before(async () => {
  assert.ok(existsSync(join(CDN, 'madang.js')), 'run the build first (pnpm exec tsc -b && pnpm exec rollup -c)');
  // The second version: a copy of the bundle whose poll button says so.
  v2Dir = mkdtempSync(join(tmpdir(), 'madang-v2-'));
  cpSync(CDN, v2Dir, { recursive: true });
  let changed = 0;
  for (const f of readdirSync(v2Dir, { recursive: true }).map(String).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(v2Dir, f), 'utf8');
    if (code.includes('"투표하기"')) {
      writeFileSync(join(v2Dir, f), code.replaceAll('"투표하기"', JSON.stringify(V2_SUBMIT)));
      changed++;
    }
  }
  assert.ok(changed > 0, 'the poll’s submit label is in the bundle');

  host = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/cdn/')) return serveFile(CDN, path.slice(5), res);
    if (path.startsWith('/v2/')) return serveFile(v2Dir + sep, path.slice(4), res);
    if (path === '/page.css') return res.writeHead(200, { 'Content-Type': 'text/css' }).end(PAGE_CSS);
    if (path === '/hostile.css') return res.writeHead(200, { 'Content-Type': 'text/css' }).end(HOSTILE_CSS);
    const html = pages.get(path);
    if (!html) return res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' }).end(html);
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;

  api = await startTestServer({ name: 'pglite' });
  demo = await api.ops.demo({ origins: [origin] });
  await api.ops.proposalSettings({ siteKey: demo.site.secretKey!, settings: { minFillSeconds: 0 } });
  // A multi-level budget (분야 → 부문 → 프로그램 …), imported through the API as a webmaster would.
  const meta = { title: { ko: '보건복지부 예산 (시험)', en: 'Health and welfare budget (test)' }, source: { name: { ko: '시험 출처', en: 'Test source' }, url: null }, asOf: '2025-03-31' };
  const res = await fetch(`${api.url}/v1/budgets?meta=${encodeURIComponent(JSON.stringify(meta))}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demo.site.secretKey}`, 'Content-Type': 'text/csv', 'Idempotency-Key': crypto.randomUUID() },
    body: readFileSync(BUDGET_CSV),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  treeDataset = body.id;

  const { CHROMIUM_PATH, CHROMIUM_FLAGS } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as { CHROMIUM_PATH: string; CHROMIUM_FLAGS: string[] };
  browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await api?.close();
  if (v2Dir) rmSync(v2Dir, { recursive: true, force: true });
});

describe('[pglite] hostile host pages', () => {
  test('[pglite] a hostile stylesheet changes nothing inside the widgets, and they work there; every page is under script-src/style-src \'self\' and Trusted Types with no violation', async () => {
    // The five widgets in <section> slots, and one more poll in a <div> (a flex container on the hostile page).
    const flex = `<div class="slot"><madang-poll id="poll-flex" api="${api.url}" site-key="${demo.site.publishableKey}" poll="${demo.polls.yesNo}"></madang-poll></div>`;
    const cleanUrl = servePage('clean', { css: ['/page.css'], body: widgets() + flex });
    const hostileUrl = servePage('hostile', { css: ['/page.css', '/hostile.css'], body: widgets() + flex });
    const [c, h] = await Promise.all([open(cleanUrl), open(hostileUrl)]);
    const both = [c.page, h.page];
    const ready = Object.fromEntries(WIDGETS.map((w) => [w, READY[w]!]));
    await Promise.all(both.map((p, i) => waitStates(p, ready, ['clean', 'hostile'][i]!)));

    // The hostile stylesheet is really applied to the page around the widgets.
    const pageLook = await h.page.evaluate(() => {
      const slot = getComputedStyle(document.querySelector('div.slot')!);
      return { root: getComputedStyle(document.documentElement).fontSize, body: getComputedStyle(document.body).letterSpacing, slot: slot.display };
    });
    assert.deepEqual(pageLook, { root: '10px', body: '2.6px', slot: 'flex' });

    // 1. As loaded: the poll open with its options and live results, the form, the list with
    //    items, the budget table's top level, the explainer's treemap.
    assert.ok((await h.page.$eval('#list', (el) => el.shadowRoot!.querySelectorAll('[part~="item"]').length)) > 0, 'the list has items');
    for (const w of WIDGETS) await expectSame(c.page, h.page, w, 'as loaded');

    // 2. The form's validation error (empty submit), by mouse on the clean page, keyboard on the hostile one.
    await (await inShadow(c.page, '#form', '[part~="submit"]')).click();
    await (await inShadow(h.page, '#form', '[part~="submit"]')).focus();
    await h.page.keyboard.press('Enter');
    for (const p of both) await p.waitForFunction(() => document.querySelector('#form')!.shadowRoot!.querySelector('[part~="error-summary"]'), { timeout: 10_000 });
    for (const p of both) await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expectSame(c.page, h.page, '#form', 'a validation error');

    // 3. Budget drill-down (mouse on one page, keyboard Enter on the other), one level down.
    const firstField = await h.page.$eval('#table', (el) => [...el.shadowRoot!.querySelector('tbody .drill')!.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim());
    await (await inShadow(c.page, '#table', 'tbody .drill')).click();
    await (await inShadow(h.page, '#table', 'tbody .drill')).focus();
    await h.page.keyboard.press('Enter');
    for (const p of both) {
      await p.waitForFunction(() => document.querySelector('#table')!.shadowRoot!.querySelectorAll('[part~="breadcrumb"] button').length > 0, { timeout: 10_000 });
    }
    const crumbs = await shadowText(h.page, '#table', '[part~="breadcrumb"]');
    assert.ok(firstField.length > 1 && crumbs.includes(firstField), `the hostile page drilled into ${firstField}: ${crumbs}`);
    for (const p of both) await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expectSame(c.page, h.page, '#table', 'drilled down');

    // 4. The explainer's personal tax receipt.
    for (const p of both) {
      const input = await inShadow(p, '#explainer', '#tax');
      await input.type('1234567');
      await p.keyboard.press('Enter');
      await p.waitForFunction(() => document.querySelector('#explainer')!.shadowRoot!.querySelector('[part~="result"]'), { timeout: 10_000 });
      await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    }
    const receiptSum = await h.page.$eval('#explainer', (el) =>
      [...el.shadowRoot!.querySelectorAll('[part~="receipt-table"] tbody tr')].reduce((s, r) => s + Number(r.children[1]!.textContent!.replace(/[^\d]/g, '')), 0),
    );
    assert.equal(receiptSum, 1_234_567, 'the receipt on the hostile page sums to the tax entered');
    await expectSame(c.page, h.page, '#explainer', 'the tax receipt');

    // 5. Vote: mouse on the clean page; keyboard on the hostile one (Space on the option, Tab, Enter).
    await (await inShadow(c.page, '#poll', 'input[value="yes"]')).click();
    await (await inShadow(c.page, '#poll', '[part~="submit"]')).click();
    await waitStates(c.page, { '#poll': 'voted' }, 'clean vote');
    await (await inShadow(h.page, '#poll', 'input[value="yes"]')).focus();
    await h.page.keyboard.press('Space');
    await h.page.keyboard.press('Tab');
    assert.equal(await h.page.evaluate(() => document.querySelector('#poll')!.shadowRoot!.activeElement?.getAttribute('part')), 'submit', 'Tab reaches the vote button');
    await h.page.keyboard.press('Enter');
    await waitStates(h.page, { '#poll': 'voted' }, 'hostile vote');
    // Both see both votes (live updates), then look the same.
    for (const p of both) await p.waitForFunction(() => /\b2\b/.test(document.querySelector('#poll')!.shadowRoot!.querySelector('[part~="results"]')?.textContent ?? ''), { timeout: 15_000 });
    for (const p of both) await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expectSame(c.page, h.page, '#poll', 'after voting');
    // The poll inside the flex <div> works too: it shows the votes, and its host is as wide as its content.
    const inFlex = await h.page.$eval('#poll-flex', (el) => ({
      results: /\b2\b/.test(el.shadowRoot!.querySelector('[part~="results"]')?.textContent ?? ''),
      fits: el.shadowRoot!.querySelector('[part~="base"]')!.scrollWidth <= el.getBoundingClientRect().width + 1,
      wide: el.getBoundingClientRect().width > 300,
    }));
    assert.deepEqual(inFlex, { results: true, fits: true, wide: true }, 'the poll in a flex container');

    // 6. A proposal sent from the hostile page (typed, keyboard only), received by the API.
    const title = '하천변 산책로에 가로등을 더 달아 주세요';
    await (await inShadow(h.page, '#form', '#title')).type(title);
    await (await inShadow(h.page, '#form', '#body')).type('밤에 산책로가 너무 어두워 위험합니다. 가로등을 50미터마다 설치해 주세요.');
    await h.page.evaluate(() => {
      const select = document.querySelector('#form')!.shadowRoot!.querySelector<HTMLSelectElement>('#category')!;
      select.value = select.options[select.options.length - 1]!.value;
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
      select.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    });
    await (await inShadow(h.page, '#form', '[part~="submit"]')).focus();
    await h.page.keyboard.press('Enter');
    await waitStates(h.page, { '#form': 'submitted' }, 'hostile proposal');
    const receipt = await shadowText(h.page, '#form', '[part~="receipt-number"]');
    assert.ok(receipt.length > 4, `a receipt number is shown: "${receipt}"`);
    const listed = await api.ops.listProposals({ siteKey: demo.site.secretKey!, pageSize: 100 });
    assert.ok(JSON.stringify(listed).includes(title), 'the API received the proposal');

    // What the page keeps: hiding a widget (display: none on it, visibility: hidden around it), and
    // the theming properties and ::part() (a constructed stylesheet: CSSOM, allowed by style-src 'self').
    const kept = await h.page.evaluate(() => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(`.d-none { display: none !important; } .invisible { visibility: hidden; }
        madang-proposal-list { --madang-color-brand: rgb(120, 0, 0); } madang-proposal-list::part(base) { padding: 3px; }`);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      const poll = document.querySelector('#poll')!;
      const list = document.querySelector('#list')!;
      const base = list.shadowRoot!.querySelector('[part~="base"]')!;
      poll.classList.add('d-none');
      list.parentElement!.classList.add('invisible');
      const r = {
        pollHeight: poll.getBoundingClientRect().height,
        listVisibility: getComputedStyle(base).visibility,
        brand: getComputedStyle(base).getPropertyValue('--_brand').trim(),
        padding: getComputedStyle(base).paddingTop,
      };
      poll.classList.remove('d-none');
      list.parentElement!.classList.remove('invisible');
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      return r;
    });
    assert.deepEqual(kept, { pollHeight: 0, listVisibility: 'hidden', brand: 'rgb(120, 0, 0)', padding: '3px' });

    await noProblems(c.page, c.watch, 'clean page');
    await noProblems(h.page, h.watch, 'hostile page');
    // The policy is live: a plain string into innerHTML is refused and reported.
    const refused = await c.page.evaluate(() => {
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>x</b>');
        return 'assigned';
      } catch (e) {
        return (e as Error).name;
      }
    });
    assert.equal(refused, 'TypeError');
    assert.ok((await c.watch.cspViolations()).some((v) => v.startsWith('require-trusted-types-for')), 'Trusted Types violations would be reported');
  });

  test('[pglite] two versions of the bundle on one page, in both orders: no error, the first one defines the elements, they work, and the console names both copies', async () => {
    for (const [first, second, expected] of [
      ['/cdn/madang.js', '/v2/madang.js', '투표하기'],
      ['/v2/madang.js', '/cdn/madang.js', V2_SUBMIT],
    ] as const) {
      const url = servePage(`two-${first.split('/')[1]}-first`, { css: ['/page.css'], scripts: [first, second], body: widgets() });
      const { page, watch } = await open(url);
      await waitStates(page, Object.fromEntries(WIDGETS.map((w) => [w, READY[w]!])), `${first} then ${second}`);
      assert.equal(await shadowText(page, '#poll', '[part~="submit"]'), expected, `${first} (loaded first) renders`);
      await (await inShadow(page, '#poll', 'input[value="no"]')).click();
      await (await inShadow(page, '#poll', '[part~="submit"]')).click();
      await waitStates(page, { '#poll': 'voted' }, 'vote');
      await (await inShadow(page, '#table', 'tbody .drill')).click();
      await page.waitForFunction(() => document.querySelector('#table')!.shadowRoot!.querySelectorAll('[part~="breadcrumb"] button').length > 0, { timeout: 10_000 });
      // Both scripts ran to the end (the second one's guarded define did not throw).
      // madang.js is an on-demand loader; each copy's poll entry (which it imported) holds the class.
      const loaded = await page.evaluate(async (a, b) => {
        const [x, y] = await Promise.all([a, b].map((u) => import(u.replace(/madang\.js$/, 'madang-poll.js'))));
        return [typeof x.MadangPoll, typeof y.MadangPoll, x.MadangPoll === customElements.get('madang-poll'), y.MadangPoll === customElements.get('madang-poll')];
      }, first, second);
      assert.deepEqual(loaded, ['function', 'function', true, false], 'two module instances; the first registered');
      // One console warning per element, naming where the copy in use and the unused one came from.
      const [a, b] = [first, second].map((s) => `${origin}${s.slice(0, s.lastIndexOf('/') + 1)}`);
      const copies = watch.problems.filter((p) => p.includes('another copy of the Madang widgets'));
      assert.deepEqual(
        copies.map((p) => /^console\.warn: <([a-z-]+)>: another copy of the Madang widgets \((\S+)\) defined this element first; this copy \((\S+)\) is not used/.exec(p)?.slice(1).map((u, i) => (i === 0 ? u : u.startsWith(a) ? 'first' : u.startsWith(b) ? 'second' : u))).sort(),
        [...WIDGETS].sort().map((t) => [t, 'first', 'second']),
        copies.join('\n'),
      );
      watch.problems.splice(0, watch.problems.length, ...watch.problems.filter((p) => !copies.includes(p)));
      await noProblems(page, watch, `${first} then ${second}`);
    }
  });

  test('[pglite] inside dir="rtl" at 320 px: mirrored, no horizontal overflow, no error', async () => {
    const url = servePage('rtl', { body: `<div dir="rtl" id="rtl">${widgets()}</div>` });
    const { page, watch } = await open(url, 320);
    await waitStates(page, Object.fromEntries(WIDGETS.map((w) => [w, READY[w]!])), 'rtl');
    const layout = await page.evaluate((tags) => {
      const doc = document.documentElement;
      return {
        page: doc.scrollWidth <= doc.clientWidth ? 'fits' : `overflows ${doc.scrollWidth} > ${doc.clientWidth}`,
        widgets: tags.map((t) => {
          const el = document.querySelector(t)!;
          const base = el.shadowRoot!.querySelector('[part~="base"]')!;
          const r = el.getBoundingClientRect();
          const over = [...el.shadowRoot!.querySelectorAll('*')].filter((n) => {
            // Wide tables scroll inside their own scroller, by design.
            if (n.closest('[part~="scroller"]') || n.closest('.sr-only')) return false;
            const b = n.getBoundingClientRect();
            return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1);
          });
          return `${t} ${getComputedStyle(base).direction} ${base.scrollWidth <= base.clientWidth ? 'fits' : 'overflows'} ${over.length ? 'sticks out: ' + over.slice(0, 3).map((n) => n.localName + '.' + n.className).join(',') : 'inside'}`;
        }),
      };
    }, [...WIDGETS]);
    assert.deepEqual(layout, { page: 'fits', widgets: WIDGETS.map((t) => `${t} rtl fits inside`) });
    // Mirrored: the radio sits right of its label text; the vote button starts at the right edge.
    const poll = await page.$eval('#poll', (el) => {
      const option = el.shadowRoot!.querySelector('[part~="option"]')!;
      const radio = option.querySelector('input')!.getBoundingClientRect();
      const label = option.querySelector('span')!.getBoundingClientRect();
      const base = el.shadowRoot!.querySelector('[part~="base"]')!.getBoundingClientRect();
      const button = el.shadowRoot!.querySelector('[part~="submit"]')!.getBoundingClientRect();
      return { radioRightOfLabel: radio.left > label.right - 1, buttonAtRight: base.right - button.right < 40 && button.left - base.left > 40 };
    });
    assert.deepEqual(poll, { radioRightOfLabel: true, buttonAtRight: true });
    await (await inShadow(page, '#poll', 'input[value="yes"]')).click();
    await (await inShadow(page, '#poll', '[part~="submit"]')).click();
    await waitStates(page, { '#poll': 'voted' }, 'rtl vote');
    await noProblems(page, watch, 'rtl page');
  });

  test('[pglite] <html lang="en"> and no lang on the elements: English; lang="ko": Korean', async () => {
    const texts = async (page: Page) => ({
      poll: await shadowText(page, '#poll', '[part~="submit"]'),
      form: await shadowText(page, '#form', '[part~="heading"]'),
      list: await shadowText(page, '#list', '[part~="heading"]'),
      table: await shadowText(page, '#table', '[part~="download"]'),
      explainer: await shadowText(page, '#explainer', '[part~="total"]'),
    });
    const en = await open(servePage('lang-en', { lang: 'en', body: widgets() }));
    const ko = await open(servePage('lang-ko', { lang: 'ko', body: widgets() }));
    for (const p of [en, ko]) await waitStates(p.page, Object.fromEntries(WIDGETS.map((w) => [w, READY[w]!])), 'lang');
    assert.equal(await en.page.$eval('#poll', (el) => el.hasAttribute('lang')), false);
    const [e, k] = [await texts(en.page), await texts(ko.page)];
    assert.deepEqual({ ...e, explainer: e.explainer.replace(/[\d.,₩T\s]+$/, '') }, { poll: 'Vote', form: 'Make a policy proposal', list: 'Citizen proposals', table: 'Download CSV', explainer: 'Total expenditure' });
    assert.deepEqual({ ...k, explainer: k.explainer.replace(/[\d.,조원\s]+$/, '') }, { poll: '투표하기', form: '정책 제안하기', list: '시민 제안', table: 'CSV 내려받기', explainer: '총지출' });
    await noProblems(en.page, en.watch, 'lang="en" page');
    await noProblems(ko.page, ko.watch, 'lang="ko" page');
  });
});
