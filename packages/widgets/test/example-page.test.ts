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
import { watchPage } from './page-watch.js';

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
  const { problems, cspViolations } = await watchPage(page);
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

  // The spending explainer: the 12 fields against total expenditure (the overlap note), per person per day, in Korean and English.
  await page.waitForFunction(() => [...document.querySelectorAll('madang-spending-explainer')].every((e) => e.getAttribute('data-state') === 'ready'), { timeout: 30_000 }).catch(async (e) => {
    throw new Error(`explainers: ${(await page.$$eval('madang-spending-explainer', (els) => els.map((x) => x.getAttribute('data-state') + ' ' + (x.shadowRoot?.textContent ?? '').slice(0, 200)))).join(' | ')} (${(e as Error).message})`);
  });
  const explainer = (sel: string) =>
    page.$eval(sel, (el) => {
      const [total, summary, note, citizen, sources] = ['total', 'summary', 'note', 'citizen', 'sources'].map((p) => (el.shadowRoot!.querySelector(`[part~="${p}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim());
      return { total, summary, note, citizen, sources, cells: el.shadowRoot!.querySelectorAll('[part~="cell"]').length };
    });
  const ex = await explainer('madang-spending-explainer');
  assert.equal(ex.cells, 12, 'the 12 fields as treemap cells');
  assert.equal(ex.total, '총지출 656.9조원');
  assert.match(ex.summary, /^정부가 쓰는 1,000원 가운데 367원은 보건·복지·고용에/);
  assert.match(ex.note, /분야는 서로 겹칩니다.*660\.7조원.*656\.9조원/);
  assert.match(ex.citizen, /하루 35,043원/);
  assert.match(ex.citizen, /정부안 656\.9조원 → 국회 확정 656\.6조원/);
  assert.match(ex.sources, /연합뉴스 2023-08-29.*기준일 2023년 8월 29일/);
  const exEn = await explainer('.english madang-spending-explainer');
  assert.equal(exEn.total, 'Total expenditure ₩656.9T');
  assert.match(exEn.summary, /^Of every ₩1,000 the government spends, ₩367 goes to Health, welfare and employment/);
  // The receipt, typed on the live page: computed in the page, the API never hears of it.
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url() + ' ' + (r.postData() ?? '')));
  const host = await page.$('madang-spending-explainer');
  const input = await page.evaluateHandle((el) => el!.shadowRoot!.querySelector('#tax'), host);
  await (input as any).type('1234567');
  await page.keyboard.press('Enter');
  await page.waitForFunction((el) => el!.shadowRoot!.querySelector('[part~="result"]'), {}, host);
  const sum = await page.$eval('madang-spending-explainer', (el) =>
    [...el.shadowRoot!.querySelectorAll('[part~="receipt-table"] tbody tr')].reduce((s, r) => s + Number(r.children[1]!.textContent!.replace(/[^\d]/g, '')), 0),
  );
  assert.equal(sum, 1_234_567, 'the receipt sums to the tax entered');
  assert.deepEqual(requests.filter((r) => /1234567|1,234,567/.test(r)), [], 'no request carries the tax');
  assert.deepEqual(await cspViolations(), [], 'no CSP violations');
  assert.deepEqual(problems, [], 'no page errors');
  await page.close();
});
