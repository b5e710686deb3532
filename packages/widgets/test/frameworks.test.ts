/**
 * The React 19 and Vue 3 examples (examples/react, examples/vue), built with Vite and driven in
 * Chromium against the API with the demo site: in each app, a vote in <madang-poll> reaches the
 * app's own state through the `madang-vote` event (the app renders it), with no page error.
 * Also: the framework typings' lists of properties and events (src/element-types.ts) match
 * custom-elements.json.
 *
 * The apps are served from one origin, which the demo site allows: the API is started as
 * scripts/demo-server.mjs starts it (startServer, then ops.demo), but with this origin — startDemo
 * serves the plain-HTML page itself and allows only that page's origin.
 * Needs the build (pnpm build) and Chromium ($CHROME_PATH or /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { watchPage } from './page-watch.js';
import { MADANG_ELEMENT_EVENTS, MADANG_ELEMENT_PROPERTIES } from '../src/element-types.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = join(root, 'packages/server/dist/index.js');
const APPS = ['react', 'vue'] as const;
type App = (typeof APPS)[number];

interface Api {
  port: number;
  close(): Promise<void>;
  ops: { demo(a: { origins: string[] }): Promise<{ site: { publishableKey: string }; polls: { yesNo: string }; budgets: { fields2024: string } }> };
}

const out = mkdtempSync(join(tmpdir(), 'madang-frameworks-'));
let api: Api | undefined;
let pages: Server | undefined;
let origin = '';
let browser: Browser | undefined;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves out/<app>/ at /<app>/. */
function serveApps(): Promise<number> {
  pages = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(out, path.endsWith('/') ? `${path}index.html` : path));
    if (path === '/favicon.ico') return res.writeHead(204).end();
    if (!file.startsWith(out + sep)) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    pages!.once('error', reject);
    pages!.listen(0, '127.0.0.1', () => resolve((pages!.address() as { port: number }).port));
  });
}

/** `vite build` of examples/<app> into out/<app>, with the API's address and ids in its env. */
function build(app: App, env: Record<string, string>): Promise<void> {
  const dir = join(root, 'examples', app);
  const vite = join(dir, 'node_modules/vite/bin/vite.js');
  assert.ok(existsSync(vite), `examples/${app} has no vite: run pnpm install`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--outDir', join(out, app), '--emptyOutDir', '--logLevel', 'error'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build of examples/${app} exited with ${code}:\n${log}`))));
  });
}

before(async () => {
  assert.ok(existsSync(SERVER) && existsSync(fileURLToPath(new URL('../dist/jsx.js', import.meta.url))), 'run the build first (pnpm build)');
  const port = await serveApps();
  origin = `http://localhost:${port}`;
  const { startServer } = (await import(SERVER)) as { startServer(o: object): Promise<Api> };
  api = await startServer({ port: 0, host: '127.0.0.1', dataDir: 'memory://' });
  const demo = await api.ops.demo({ origins: [origin, `http://127.0.0.1:${port}`] });
  const env = {
    VITE_MADANG_API: `http://localhost:${api.port}`,
    VITE_MADANG_SITE_KEY: demo.site.publishableKey,
    VITE_MADANG_POLL: demo.polls.yesNo,
    VITE_MADANG_DATASET: demo.budgets.fields2024,
  };
  const { CHROMIUM_FLAGS, CHROMIUM_PATH } = (await import(new URL('../../../scripts/chromium.mjs', import.meta.url).href)) as {
    CHROMIUM_FLAGS: readonly string[];
    CHROMIUM_PATH: string;
  };
  [browser] = await Promise.all([puppeteer.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] }), ...APPS.map((app) => build(app, env))]);
});

after(async () => {
  await browser?.close();
  await api?.close();
  if (pages) await new Promise((r) => pages!.close(r));
  rmSync(out, { recursive: true, force: true });
});

for (const [app, framework] of [
  ['react', 'React'],
  ['vue', 'Vue'],
] as const) {
  test(`[pglite] the ${framework} example: a vote in <madang-poll> reaches the app's state through madang-vote, with no page error`, async () => {
    // A fresh profile per app: both are on one origin, and the poll remembers a vote in localStorage.
    const context = await browser!.createBrowserContext();
    const page = await context.newPage();
    const { problems } = await watchPage(page, { warnings: true });
    await page.goto(`${origin}/${app}/`, { waitUntil: 'load' });
    assert.equal(await page.$eval('h1', (h) => h.textContent), `Madang in ${framework}`);
    const states = () => page.$$eval('madang-poll, madang-proposal-list, madang-budget-table', (els) => els.map((e) => `${e.localName}:${e.getAttribute('data-state')}`));
    await page
      .waitForFunction(
        () =>
          document.querySelector('madang-poll')?.getAttribute('data-state') === 'open' &&
          document.querySelector('madang-proposal-list')?.getAttribute('data-state') === 'ready' &&
          document.querySelector('madang-budget-table')?.getAttribute('data-state') === 'ready',
        { timeout: 20_000 },
      )
      .catch(async (e) => {
        throw new Error(`widgets did not get ready: ${(await states()).join(', ')} (${(e as Error).message}); ${problems.join('; ')}`);
      });
    // Properties set by the framework took effect: page-size 3 (a number), sort by support.
    const list = await page.$eval('madang-proposal-list', (el) => ({ pageSize: el.pageSize, sort: el.sort, items: el.shadowRoot!.querySelectorAll('[part~="item"]').length }));
    assert.deepEqual(list, { pageSize: 3, sort: 'support', items: 3 });
    assert.equal(await page.$eval('#vote', (p) => p.textContent!.trim()), 'No vote yet.');

    await page.$eval('madang-poll', (el) => (el.shadowRoot!.querySelector('input[value="yes"]') as HTMLInputElement).click());
    await page.$eval('madang-poll', (el) => (el.shadowRoot!.querySelector('[part~="submit"]') as HTMLButtonElement).click());
    await page.waitForFunction(() => /madang-vote/.test(document.querySelector('#vote')?.textContent ?? ''), { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`the app did not receive madang-vote: ${(await states()).join(', ')} (${(e as Error).message}); ${problems.join('; ')}`);
    });
    const shown = await page.$eval('#vote', (p) => p.textContent!.trim());
    assert.match(shown, new RegExp(`^${framework} received madang-vote: yes \\(rcpt_[A-Za-z0-9]{16,64}\\)$`));
    assert.equal(await page.$eval('madang-poll', (el) => el.getAttribute('data-state')), 'voted');
    assert.equal(await page.$('#errors'), null, 'no madang-error reached the app');
    assert.deepEqual(problems, [], 'no page errors or console errors');
    await context.close();
  });
}

test('the framework typings list every public property and event of each element (custom-elements.json)', () => {
  const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../dist/custom-elements.json', import.meta.url)), 'utf8')) as {
    modules: { declarations?: { tagName?: string; members?: { kind: string; name: string; static?: boolean; readonly?: boolean; privacy?: string }[]; events?: { name: string }[] }[] }[];
  };
  const fromManifest: Record<string, { properties: string[]; events: string[] }> = {};
  for (const d of manifest.modules.flatMap((m) => m.declarations ?? [])) {
    if (!d.tagName) continue;
    fromManifest[d.tagName] = {
      properties: (d.members ?? [])
        .filter((m) => m.kind === 'field' && !m.static && !m.readonly && !m.name.startsWith('_') && m.privacy !== 'private' && m.privacy !== 'protected')
        .map((m) => m.name)
        .sort(),
      events: (d.events ?? []).map((e) => e.name).sort(),
    };
  }
  const typed = Object.fromEntries(
    Object.entries(MADANG_ELEMENT_PROPERTIES).map(([tag, properties]) => [
      tag,
      { properties: [...properties].sort(), events: [...MADANG_ELEMENT_EVENTS[tag as keyof typeof MADANG_ELEMENT_EVENTS]].sort() },
    ]),
  );
  assert.deepEqual(typed, fromManifest);
});
