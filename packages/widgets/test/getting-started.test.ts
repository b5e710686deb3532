/**
 * The webmaster's getting-started guides (docs/getting-started.ko.md and .en.md): every fenced
 * code block is extracted and run against the demo (scripts/demo-server.mjs, on free ports and a
 * temporary PGlite directory), with the guides' placeholders replaced by the demo's values.
 *
 * Block kinds (anything else, or a block without a language tag, fails):
 *  - `html`  served as a page, with the guide's `http` headers, by a small page server of this
 *            test on http://localhost:<port>, an origin the operator adds to the demo site as the
 *            guides say (`madang demo --origin …`, through the running demo's admin API; CORS is
 *            not relaxed), and opened in Chromium:
 *            every madang-* element of the snippet must reach a data-state other than `loading`
 *            and `error`, with no page error, console error or CSP violation;
 *  - `http`  response headers (the guide's Content-Security-Policy): sent with every html page of
 *            the guide, so the policy the guide recommends is the one the widgets are tested under;
 *  - `sh`    run with bash (`set -e -o pipefail`) from the repository root, DATABASE_URL unset and
 *            MADANG_DATA_DIR the running demo's directory (so the CLI goes through its admin
 *            API); a block that starts a server (`npm start`) runs on a fresh directory and free
 *            ports until it prints that it is ready, and the page it names must answer; every
 *            other block must exit 0.
 * Driven in Chromium with puppeteer-core, against the built bundle.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { watchPage, type PageWatch } from './page-watch.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CDN = join(ROOT, 'packages/widgets/dist/cdn/madang.js');
const GUIDES = ['docs/getting-started.ko.md', 'docs/getting-started.en.md'] as const;
const KINDS = ['html', 'http', 'sh'] as const;
type Kind = (typeof KINDS)[number];
const WIDGETS = ['madang-poll', 'madang-proposal-form', 'madang-proposal-list', 'madang-budget-table', 'madang-spending-explainer'];

interface Block {
  guide: string;
  lang: 'ko' | 'en';
  line: number;
  kind: string;
  code: string;
}

/** Fenced blocks (``` or ~~~, also indented inside list items), with the fence's indentation removed. */
function extract(guide: string): Block[] {
  const lines = readFileSync(join(ROOT, guide), 'utf8').split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !new RegExp(`^ *${fence![0]}{${fence!.length},}\\s*$`).test(lines[j]!); j++) {
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!.trimStart());
    }
    assert.ok(j < lines.length, `${guide}:${i + 1}: a code fence is never closed`);
    blocks.push({ guide, lang: guide.includes('.ko.') ? 'ko' : 'en', line: i + 1, kind: info!.trim().split(/\s+/)[0] ?? '', code: body.join('\n') });
    i = j;
  }
  return blocks;
}

const blocks = GUIDES.flatMap(extract);
const run = new Set<Block>();
const label = (b: Block) => `${b.guide.replace('docs/', '')}:${b.line} ${b.kind || '(no language tag)'}`;
const elementsOf = (html: string) => [...html.matchAll(/<(madang-[a-z-]+)[\s>]/g)].map((m) => m[1]!);

interface Demo {
  pageUrl: string;
  apiUrl: string;
  demo: { site: { publishableKey: string; secretKey?: string }; polls: { yesNo: string }; budgets: { fields2024: string } };
  close(): Promise<void>;
}
let demo: Demo;
let dataDir: string;
let browser: Browser;
let pages: Server;
const served = new Map<string, { body: string; headers: Record<string, string> }>();
let origin: string; // this test's page server as http://localhost:<port>: added to the demo site's origins
let notAllowed: string; // the same server as http://127.0.0.1:<port>: not an origin of the site
let staging: string; // the demo's own page server: allowed too

before(async () => {
  assert.ok(existsSync(CDN), 'run the build first (pnpm build)');
  const { startDemo } = (await import(new URL('../../../scripts/demo-server.mjs', import.meta.url).href)) as {
    startDemo(o: { apiPort: number; pagePort: number; dataDir: string }): Promise<Demo>;
  };
  const { CHROMIUM_PATH, CHROMIUM_FLAGS } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as { CHROMIUM_PATH: string; CHROMIUM_FLAGS: string[] };
  dataDir = mkdtempSync(join(tmpdir(), 'madang-getting-started-'));
  demo = await startDemo({ apiPort: 0, pagePort: 0, dataDir });
  staging = new URL(demo.pageUrl).origin;
  assert.ok(demo.demo.site.secretKey, 'a fresh demo site comes with its secret key');
  pages = createServer((req, res) => {
    const page = served.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!page) return res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { ...page.headers, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(page.body);
  });
  const port = await new Promise<number>((r) => pages.listen(0, '127.0.0.1', () => r((pages.address() as { port: number }).port)));
  origin = `http://localhost:${port}`;
  notAllowed = `http://127.0.0.1:${port}`;
  // The operator adds the page's origin to the (demo) site, as an operator would for a new address.
  const env: NodeJS.ProcessEnv = { ...process.env, MADANG_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const added = await sh(`node packages/server/bin/madang.js demo --origin ${origin} --json`, env);
  assert.equal(added.code, 0, `madang demo --origin: ${added.stderr}`);
  assert.ok((JSON.parse(added.stdout) as { site: { origins: string[] } }).site.origins.includes(origin), added.stdout);
  browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
});

after(async () => {
  await browser?.close();
  await demo?.close();
  await new Promise((r) => pages?.close(r));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  const html = blocks.filter((b) => b.kind === 'html').length;
  const sh = blocks.filter((b) => b.kind === 'sh').length;
  const http = blocks.filter((b) => b.kind === 'http').length;
  console.log(`getting-started guides: ${blocks.length} snippets found (${html} html, ${sh} sh, ${http} http), ${run.size} run`);
});

/**
 * The guides' placeholders and what stands in for them. The site's addresses become the demo
 * page server's two origins, which the demo site allows.
 */
function fill(code: string): string {
  const d = demo.demo;
  const out = code
    .replaceAll('https://API-HOST', demo.apiUrl)
    .replaceAll('pk_…', d.site.publishableKey)
    .replaceAll('sk_…', d.site.secretKey!)
    .replaceAll('poll_…', d.polls.yesNo)
    .replaceAll('bds_…', d.budgets.fields2024)
    .replaceAll('https://www.example.go.kr', origin)
    .replaceAll('https://staging.example.go.kr', staging);
  const left = /…|API-HOST|example\.go\.kr/.exec(out);
  assert.equal(left, null, `a placeholder the test does not know is left in:\n${out}`);
  return out;
}

/** The guide's `http` blocks as response headers. */
function headersOf(guide: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const b of blocks.filter((x) => x.guide === guide && x.kind === 'http')) {
    for (const line of fill(b.code).split('\n').filter((l) => l.trim())) {
      const m = /^([A-Za-z-]+):\s*(.+)$/.exec(line);
      assert.ok(m, `${label(b)}: not a header line: ${line}`);
      headers[m[1]!] = m[2]!;
    }
  }
  return headers;
}

/** Serves `body` at `url` (this test's page server) and opens it. */
async function open(url: string, body: string, lang: string, headers: Record<string, string>): Promise<{ page: Page } & PageWatch> {
  served.set(new URL(url).pathname, { headers, body: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>getting started</title></head><body>\n${body}\n</body></html>` });
  const page = await browser.newPage();
  const watch = await watchPage(page);
  await page.goto(url, { waitUntil: 'load' });
  return { page, ...watch };
}

const states = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('*')]
      .filter((e) => e.localName.startsWith('madang-'))
      .map((e) => ({ tag: e.localName, defined: !!customElements.get(e.localName), state: e.getAttribute('data-state'), text: (e.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) })),
  );

for (const b of blocks) {
  const known = (KINDS as readonly string[]).includes(b.kind);
  if (!known) {
    test(`[pglite] ${label(b)}: every block has a known language tag`, () => {
      assert.fail(`${label(b)}: ${b.kind ? `"${b.kind}" is not one of ${KINDS.join(', ')}` : 'a code block needs a language tag'} (allowed: ${KINDS.join(', ')})`);
    });
    continue;
  }
}

// html first (both guides), then http, then sh: `npm start` rebuilds the bundle the pages load.
for (const kind of ['html', 'http', 'sh'] as Kind[]) {
  for (const b of blocks.filter((x) => x.kind === kind)) {
    if (kind === 'html') {
      test(`[pglite] ${label(b)}: every madang-* element gets ready, no error or CSP violation`, { timeout: 60_000 }, async () => {
        const html = fill(b.code);
        const expected = elementsOf(html);
        assert.ok(expected.length > 0 || /<script\b/.test(html), `${label(b)}: an html block with neither a widget nor the script`);
        const { page, problems, cspViolations } = await open(`${origin}/getting-started/${b.lang}-${b.line}.html`, html, b.lang, headersOf(b.guide));
        try {
          await page
            .waitForFunction(
              () => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('madang-')).every((e) => customElements.get(e.localName) && !['loading', null].includes(e.getAttribute('data-state'))),
              { timeout: 30_000 },
            )
            .catch(async (e) => {
              throw new Error(`${label(b)}: widgets did not get ready: ${JSON.stringify(await states(page))} (${(e as Error).message}); ${problems.join('; ')}`);
            });
          await new Promise((r) => setTimeout(r, 300)); // lazily loaded parts, the live stream
          const got = await states(page);
          assert.deepEqual(got.map((s) => s.tag), expected, `${label(b)}: the snippet's elements are on the page`);
          for (const s of got) assert.notEqual(s.state, 'error', `${label(b)}: <${s.tag}> shows an error: ${s.text}`);
          assert.deepEqual(await cspViolations(), [], `${label(b)}: no CSP violations`);
          assert.deepEqual(problems, [], `${label(b)}: no page or console errors`);
          run.add(b);
        } finally {
          await page.close();
        }
      });
    } else if (kind === 'http') {
      test(`[pglite] ${label(b)}: the headers every html snippet of the guide was served with`, () => {
        const headers = headersOf(b.guide);
        assert.ok(Object.keys(headers).length > 0);
        const pages = blocks.filter((x) => x.guide === b.guide && x.kind === 'html');
        assert.ok(pages.length > 0 && pages.every((p) => run.has(p)), `${label(b)}: every html snippet of ${b.guide} passed under these headers`);
        run.add(b);
      });
    } else {
      test(`[pglite] ${label(b)}: runs and exits 0`, { timeout: 180_000 }, async () => {
        const script = fill(b.code);
        const server = /^\s*(npm start|pnpm start|pnpm madang serve)\b/m.test(script);
        const env: NodeJS.ProcessEnv = { ...process.env, MADANG_DATA_DIR: dataDir, PORT: '0', DEMO_PORT: '0' };
        delete env.DATABASE_URL;
        let fresh: string | undefined;
        if (server) env.MADANG_DATA_DIR = fresh = mkdtempSync(join(tmpdir(), 'madang-getting-started-sh-'));
        try {
          const r = await sh(script, env, server ? /Madang demo is running|listening on/ : undefined);
          const out = `${label(b)}\n$ ${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
          if (server) {
            assert.ok(r.ready, `the server did not say it was ready (exit ${r.code})\n${out}`);
            const printed = /Example page\s+(http\S+)/.exec(r.stdout)?.[1];
            if (printed) assert.equal(r.pageStatus, 200, `the page it prints answers\n${out}`);
          } else {
            assert.equal(r.code, 0, `exit code\n${out}`);
            if (/sites create .*--json/.test(script)) assert.match(r.stdout, /"publishableKey": "pk_/, out);
          }
          run.add(b);
        } finally {
          if (fresh) rmSync(fresh, { recursive: true, force: true });
        }
      });
    }
  }
}

/**
 * Runs `script` with bash in its own process group. With `ready`, waits for that line on stdout,
 * fetches the example page it prints, then stops the group (SIGTERM, then SIGKILL).
 */
function sh(script: string, env: NodeJS.ProcessEnv, ready?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string; ready: boolean; pageStatus?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let isReady = false;
    let pageStatus: number | undefined;
    const stop = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => stop('SIGKILL'), 170_000);
    child.stdout.on('data', async (d) => {
      stdout += d;
      if (ready && !isReady && ready.test(stdout)) {
        isReady = true;
        const url = /Example page\s+(http\S+)/.exec(stdout)?.[1];
        if (url) pageStatus = await fetch(url).then((r) => r.status, () => -1);
        stop('SIGTERM');
        setTimeout(() => stop('SIGKILL'), 10_000).unref();
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ready: isReady, pageStatus });
    });
  });
}

test('[pglite] a page on an origin the site does not allow: what the guides say happens', { timeout: 60_000 }, async () => {
  const snippet = blocks.find((b) => b.kind === 'html' && elementsOf(b.code).join() === 'madang-poll')!;
  assert.ok(snippet, 'the guides have a poll snippet');
  const { page, problems } = await open(`${notAllowed}/not-allowed/poll.html`, fill(snippet.code), 'ko', {});
  try {
    await page.waitForFunction(() => document.querySelector('madang-poll')?.getAttribute('data-state') === 'error', { timeout: 30_000 });
    const text = await page.$eval('madang-poll', (e) => e.shadowRoot!.textContent!.replace(/\s+/g, ' '));
    assert.match(text, /서버에 연결할 수 없습니다\. 인터넷 연결을 확인한 뒤 다시 시도해 주세요\./, `the Korean guide quotes this message; the widget says: ${text}`);
    assert.ok(problems.some((p) => /blocked by CORS policy: .*No 'Access-Control-Allow-Origin' header is present/.test(p)), `the console shows the CORS error the guides quote: ${problems.join('; ')}`);
  } finally {
    await page.close();
  }
  for (const g of GUIDES) {
    const text = readFileSync(join(ROOT, g), 'utf8');
    assert.ok(text.includes("blocked by CORS policy: … No 'Access-Control-Allow-Origin' header is present"), `${g} quotes the console`);
    assert.match(text, g.includes('.ko.') ? /서버에 연결할 수 없습니다\.\s*인터넷 연결을 확인한 뒤 다시 시도해 주세요\./ : /Cannot\s+reach the server\. Check your internet connection and try again\./, `${g} quotes the widget`);
  }
});

test('[pglite] the guides: a snippet for every widget, the same snippets in Korean and English, and every snippet run', () => {
  const per = (g: string) => blocks.filter((b) => b.guide === g);
  const [ko, en] = GUIDES.map(per);
  for (const [g, bs] of [[GUIDES[0], ko!], [GUIDES[1], en!]] as const) {
    const shown = new Set(bs.filter((b) => b.kind === 'html').flatMap((b) => elementsOf(b.code)));
    for (const w of WIDGETS) assert.ok(shown.has(w), `${g} has a snippet with <${w}>`);
    for (const k of KINDS) assert.ok(bs.some((b) => b.kind === k), `${g} has a ${k} block`);
  }
  assert.deepEqual(en!.map((b) => b.kind), ko!.map((b) => b.kind), 'the English guide has the same blocks in the same order');
  const shape = (b: Block) => (b.kind === 'html' ? [...b.code.matchAll(/<(madang-[a-z-]+)([^>]*)>/g)].map((m) => `${m[1]} ${[...m[2]!.matchAll(/\s([a-z-]+)=/g)].map((a) => a[1]).join(' ')}`) : b.kind === 'sh' ? b.code.replace(/--name "[^"]*"/, '--name …') : b.code);
  assert.deepEqual(en!.map(shape), ko!.map(shape), 'same elements, attributes and commands');
  const missed = blocks.filter((b) => !run.has(b)).map(label);
  assert.deepEqual(missed, [], `snippets not run: ${blocks.length} found, ${run.size} run`);
});
