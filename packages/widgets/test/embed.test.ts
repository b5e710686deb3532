/**
 * The built bundle embedded as a webmaster embeds it: served by the real API at its versioned
 * path, on a host page from another origin that sets `html { font-size: 62.5% }` (as KRDS pages
 * do) and a strict Content-Security-Policy (`script-src 'self' <api>; style-src 'self'`), with
 * the bundle's script tag twice. Driven in Chromium with puppeteer-core.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';
import { watchPage } from './page-watch.js';
import { startTestServer } from '../../server/dist/testing.js';
import type { MadangServer } from '../../server/dist/index.js';

const CDN = fileURLToPath(new URL('../dist/cdn/', import.meta.url));
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

function hostPage(api: string, pk: string, pollId: string) {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>KRDS host</title>
<link rel="stylesheet" href="/host.css">
<script type="module" src="${api}/widgets/0.1.0/madang.js"></script>
<script type="module" src="${api}/widgets/0.1.0/madang.js?copy=2"></script>
</head><body><main>
<madang-poll id="one" api="${api}" site-key="${pk}" poll="${pollId}"></madang-poll>
<madang-poll id="two" api="${api}" site-key="${pk}" poll="${pollId}"></madang-poll>
<madang-poll id="bad" api="not a url" site-key="" poll=""></madang-poll>
</main></body></html>`;
}

describe('[pglite] embedding the built bundle', () => {
  let api: MadangServer;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  let site: Awaited<ReturnType<MadangServer['ops']['createSite']>>;
  let pollId: string;

  before(async () => {
    assert.ok(existsSync(join(CDN, 'madang.js')), 'run the build first (pnpm build)');
    host = createServer();
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    hostUrl = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
    api = await startTestServer({ name: 'pglite' });
    site = await api.ops.createSite({ name: 'KRDS host', origins: [hostUrl] });
    const res = await fetch(`${api.url}/v1/polls`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${site.secretKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify({ kind: 'yes_no', question: { ko: '공공 와이파이를 확대하는 데 찬성하십니까?' }, threshold: { optionId: 'yes', count: 100 } }),
    });
    pollId = (await res.json()).id;
    host.on('request', (req, res) => {
      if (req.url === '/host.css') {
        res.writeHead(200, { 'Content-Type': 'text/css' }).end('html { font-size: 62.5%; } body { font-size: 1.6rem; }');
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': `default-src 'self'; script-src 'self' ${api.url}; style-src 'self'; connect-src 'self' ${api.url}`,
      });
      res.end(hostPage(api.url, site.publishableKey, pollId));
    });
    browser = await puppeteer.launch({
      executablePath: CHROME,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    host?.close();
    await api?.close();
  });

  test('[pglite] works under a strict CSP, loaded twice, on a 62.5% page; a vote updates the other copy live', async () => {
    const page = await browser.newPage();
    // Warnings too: the same bundle twice is one copy, so no "another copy" warning either.
    const { problems, cspViolations } = await watchPage(page, { warnings: true, ignoreConsole: /Failed to load resource|the api attribute is not valid/ });
    await page.goto(hostUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('#one')?.getAttribute('data-state') === 'open' && document.querySelector('#two')?.getAttribute('data-state') === 'open', { timeout: 15_000 });

    // Bad attributes give a readable error inside the widget, not an exception.
    await page.waitForFunction(() => document.querySelector('#bad')?.getAttribute('data-state') === 'error', { timeout: 10_000 });
    const badText = await page.$eval('#bad', (el) => el.shadowRoot!.textContent!.trim());
    assert.ok(badText.length > 5, `an error message is shown: "${badText}"`);

    // Sizes come out in px on a page whose rem is 10 px.
    const fontSize = await page.$eval('#one', (el) => parseFloat(getComputedStyle(el.shadowRoot!.querySelector('[part~="question"]')!).fontSize));
    assert.ok(fontSize >= 16, `question font-size ${fontSize}px is not shrunk by the host's 62.5% root`);

    // Vote in the first copy with the keyboard-free path (click), see it in the second copy.
    await page.$eval('#one', (el) => (el.shadowRoot!.querySelector('input[value="yes"]') as HTMLInputElement).click());
    await page.$eval('#one', (el) => (el.shadowRoot!.querySelector('[part~="submit"]') as HTMLButtonElement).click());
    await page.waitForFunction(() => document.querySelector('#one')?.getAttribute('data-state') === 'voted', { timeout: 10_000 });
    await page.waitForFunction(() => /1/.test(document.querySelector('#two')?.shadowRoot?.querySelector('[part~="results"]')?.textContent ?? ''), { timeout: 10_000 });

    const csp = await cspViolations();
    assert.deepEqual(csp, [], 'no CSP violations');
    assert.deepEqual(problems, [], 'no page errors');
    const defined = await page.evaluate(() =>
      ['madang-poll', 'madang-proposal-form', 'madang-proposal-list'].map((t) => `${t}:${!!customElements.get(t)}`),
    );
    // madang.js is an on-demand loader: it registers the elements on the page, and only those.
    assert.deepEqual(defined, ['madang-poll:true', 'madang-proposal-form:false', 'madang-proposal-list:false'], 'the loader registers the element on the page (and no other), twice without error');
    await page.close();
  });

  test('[pglite] the browser bundle carries no secret-key code and no server-side input schemas', () => {
    const files = readdirSync(CDN, { recursive: true }).map(String).filter((f) => f.endsWith('.js'));
    assert.ok(files.length > 0);
    const code = files.map((f) => readFileSync(join(CDN, f), 'utf8')).join('\n');
    assert.doesNotMatch(code, /createAdminClient|\/admin\/ops/);
    assert.doesNotMatch(code, /options are required for single and multiple polls|must be an origin such as|contact details need the author|no consent given for/);
    assert.doesNotMatch(code, /new Function|eval\(/);
  });
});
