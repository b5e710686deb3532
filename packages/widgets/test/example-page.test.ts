/**
 * The plain-HTML example page as `npm start` serves it (scripts/demo-server.mjs): the demo
 * site's polls and proposals, every widget live, cross-origin under the page's strict CSP.
 * Driven in Chromium with puppeteer-core, against the built bundle.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import puppeteer, { type Browser } from 'puppeteer-core';

const CDN = fileURLToPath(new URL('../dist/cdn/madang.js', import.meta.url));
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';

interface Demo {
  pageUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

let demo: Demo;
let browser: Browser;

before(async () => {
  assert.ok(existsSync(CDN), 'run the build first (pnpm build)');
  const { startDemo } = (await import(new URL('../../../scripts/demo-server.mjs', import.meta.url).href)) as {
    startDemo(o: { apiPort: number; pagePort: number; dataDir: string }): Promise<Demo>;
  };
  demo = await startDemo({ apiPort: 0, pagePort: 0, dataDir: 'memory://' });
  browser = await puppeteer.launch({
    executablePath: CHROME,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

test('[pglite] the example page shows every widget live against the demo site, with no CSP violation or page error', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${(e as Error).message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.evaluateOnNewDocument(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(demo.pageUrl, { waitUntil: 'load' });
  const states = () =>
    page.$$eval('madang-poll, madang-proposal-form, madang-proposal-list', (els) => els.map((e) => `${e.localName}:${e.getAttribute('data-state')}`));
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('madang-poll')].every((e) => ['open', 'voted', 'forwarded'].includes(e.getAttribute('data-state')!)) &&
        document.querySelector('madang-proposal-form')?.getAttribute('data-state') === 'form' &&
        [...document.querySelectorAll('madang-proposal-list')].every((e) => e.getAttribute('data-state') === 'ready'),
      { timeout: 30_000 },
    )
    .catch(async (e) => {
      throw new Error(`widgets did not get ready: ${(await states()).join(', ')} (${(e as Error).message}); ${problems.join('; ')}`);
    });
  assert.equal((await states()).length, 6, 'three polls, a form and two lists');

  // The demo's published proposals are listed, with their public answers; no personal data.
  const listText = await page.$eval('madang-proposal-list', (el) => el.shadowRoot!.textContent ?? '');
  assert.ok(listText.length > 100, 'the list shows proposals');
  const englishList = await page.$eval('.english madang-proposal-list', (el) => el.shadowRoot!.textContent ?? '');
  assert.match(englishList, /support/i, 'the list inside lang="en" speaks English');

  assert.deepEqual(await page.evaluate(() => (window as any).__csp), [], 'no CSP violations');
  assert.deepEqual(problems, [], 'no page errors');
  await page.close();
});
