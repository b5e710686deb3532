/**
 * The plain-HTML example page as `npm start` serves it (scripts/demo-server.mjs): the demo
 * site's polls, proposals and budget datasets, every widget live, cross-origin under the page's
 * strict CSP.
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
    page.$$eval('madang-poll, madang-proposal-form, madang-proposal-list, madang-budget-table', (els) => els.map((e) => `${e.localName}:${e.getAttribute('data-state')}`));
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('madang-poll')].every((e) => ['open', 'voted', 'forwarded'].includes(e.getAttribute('data-state')!)) &&
        document.querySelector('madang-proposal-form')?.getAttribute('data-state') === 'form' &&
        [...document.querySelectorAll('madang-proposal-list')].every((e) => e.getAttribute('data-state') === 'ready') &&
        [...document.querySelectorAll('madang-budget-table')].every((e) => e.getAttribute('data-state') === 'ready'),
      { timeout: 30_000 },
    )
    .catch(async (e) => {
      throw new Error(`widgets did not get ready: ${(await states()).join(', ')} (${(e as Error).message}); ${problems.join('; ')}`);
    });
  assert.equal((await states()).length, 9, 'three polls, a form, two lists and three budget tables');

  // The demo's published proposals are listed, with their public answers; no personal data.
  const listText = await page.$eval('madang-proposal-list', (el) => el.shadowRoot!.textContent ?? '');
  assert.ok(listText.length > 100, 'the list shows proposals');
  const englishList = await page.$eval('.english madang-proposal-list', (el) => el.shadowRoot!.textContent ?? '');
  assert.match(englishList, /support/i, 'the list inside lang="en" speaks English');

  // The budget tables: the 12 fields of the 2024 proposal with their source, total expenditure
  // against the previous year, and the English one (the Ministry of Health and Welfare's data package).
  const budget = (sel: string) =>
    page.$eval(sel, (el) => ({
      rows: [...el.shadowRoot!.querySelectorAll('tbody tr[aria-rowindex]')].map((r) => r.querySelector('th')!.textContent!.replace(/\s+/g, ' ').trim()),
      heads: [...el.shadowRoot!.querySelectorAll('thead th')].map((h) => h.textContent!.replace(/\s+/g, ' ').trim()),
      source: el.shadowRoot!.querySelector('[part~="source"]')!.textContent!.replace(/\s+/g, ' ').trim(),
      note: el.shadowRoot!.querySelector('[part~="description"]')?.textContent ?? '',
    }));
  const fields = await budget('madang-budget-table');
  assert.equal(fields.rows.length, 12, 'the 12 allocation fields');
  assert.match(fields.note, /12대 분야는 서로 겹칩니다/, 'the table says the fields overlap (their total is not total expenditure)');
  assert.match(fields.source, /^출처: 연합뉴스 2023-08-29 .* · 기준일: 2023년 8월 29일$/);
  const totals = await budget('madang-budget-table:nth-of-type(2)');
  assert.deepEqual(totals.heads.slice(0, 3).map((h) => h.replace(/[↕▲▼]/g, '').trim()), ['분야', '금액', '전년도(2024)']);
  const english = await budget('.english madang-budget-table');
  assert.deepEqual(english.rows, ['사회복지', '보건'], 'names are the data’s own');
  assert.equal(english.heads[0]!.replace(/[↕▲▼]/g, '').trim(), 'Field');
  assert.match(english.source, /^Source: Medical Times · As of: December 10, 2024$/);

  assert.deepEqual(await page.evaluate(() => (window as any).__csp), [], 'no CSP violations');
  assert.deepEqual(problems, [], 'no page errors');
  await page.close();
});
