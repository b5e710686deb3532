/**
 * <madang-spending-explainer> in Chromium: the real datasets of examples/data (the 12 fields of
 * the 2024 proposal, which overlap, and total expenditure 2024–2025) read as static files and
 * through the real Madang server; a fixture with two years and both phases; the tax receipt with
 * the network watched; keyboard-only use; axe in every state.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import type { BudgetLine } from '@madang/contracts';
import { estimateIncomeTax } from '@madang/sdk/explainer';
import { HOSTILE_STRINGS } from '../../../server/test/hostile-strings.js';
import {
  active,
  cfg,
  expectConfigError,
  expectDarkMode,
  expectErrorWithRetry,
  expectNoInlineStyles,
  expectReadableOnKrdsPage,
  inStrictCspFrame,
  liveRegion,
  mountElement,
  post,
  q,
  qa,
  text,
  until,
  useFixtureServer,
  withForcedColors,
} from '../../test/helpers.js';
import { MadangSpendingExplainer, MadangSpendingExplainerConfigError, SPENDING_EXPLAINER_TAG } from './define.js';
import { ko } from './messages.js';
import { explainerStyles } from './styles.js';

useFixtureServer();

const FIELDS = '/examples/data/budget-2024-proposal-by-field.csv';
const TOTALS = '/examples/data/total-expenditure-2024-2025.csv';
const TWO_YEARS = '/packages/widgets/src/spending-explainer/fixtures/fields-two-years.csv';
const POP = '51217221';

type El = MadangSpendingExplainer;
const mount = (attrs: Record<string, string | undefined>, width?: number) => mountElement<El>(SPENDING_EXPLAINER_TAG, attrs, { width });
const real = async (attrs: Record<string, string | undefined> = {}, width?: number) => {
  const el = await mount({ src: FIELDS, 'totals-src': TOTALS, population: POP, 'population-source': '행정안전부 주민등록인구 2024-12-31', 'as-of': '2023-08-29', 'totals-as-of': '2024-12-10', ...attrs }, width);
  await until(el, 'ready');
  return el;
};
const pct = (s: string) => Number(s.replace(/[^\d.]/g, ''));
const digits = (s: string) => Number(s.replace(/[^\d]/g, ''));

/** Types into an input as a person would (real key presses). */
async function type(el: El, id: string, value: string) {
  const input = q<HTMLInputElement>(el, '#' + id)!;
  input.focus();
  input.value = '';
  await sendKeys({ type: value });
}

describe('<madang-spending-explainer>', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('the big picture of the real 2024 proposal: 12 cells, shares of the fields’ sum (never above 100%), the overlap note with total expenditure, ₩1,000 exactly; axe passes', async () => {
    const el = await real();
    expect(el.getAttribute('data-state')).to.equal('ready');
    expect(text(q(el, '[part~="heading"]'))).to.equal('2024년 나라 살림, 한눈에 보기 (정부안)');
    expect(text(q(el, '[part~="total"]'))).to.equal('총지출 656.9조원');
    const note = text(q(el, '[part~="note"]'));
    expect(note).to.contain('분야는 서로 겹칩니다');
    expect(note).to.contain('660.7조원');
    expect(note).to.contain('총지출 656.9조원');
    const cells = qa<HTMLButtonElement>(el, '[part~="cell"]');
    expect(cells).to.have.length(12);
    // The table (rendered for print and screen readers): shares sum to 100%, none above it, ₩1,000 exactly.
    const rows = qa(el, '[part~="table"] tbody tr');
    expect(rows).to.have.length(12);
    const shares = rows.map((r) => pct(text(r.children[2]!)));
    for (const s of shares) expect(s).to.be.within(0, 100);
    expect(shares.reduce((a, b) => a + b, 0)).to.be.closeTo(100, 0.6);
    const per1000 = rows.map((r) => digits(text(r.children[3]!)));
    expect(per1000.reduce((a, b) => a + b, 0)).to.equal(1000);
    expect(text(rows[0]!.children[0]!)).to.equal('보건·복지·고용');
    expect(per1000[0]).to.equal(367); // 242.8 / 660.7 of ₩1,000
    const summary = text(q(el, '[part~="summary"]'));
    expect(summary).to.match(/^정부가 쓰는 1,000원 가운데 367원은 보건·복지·고용에, /);
    expect(summary).to.contain('나머지 9개 분야에');
    // Per person per day: 656.9조 ÷ 51,217,221 ÷ 366 (2024 is a leap year) ≈ 35,043원.
    const citizen = text(q(el, '[part~="citizen"]'));
    expect(citizen).to.contain(`${Math.round(656.9e12 / 51_217_221 / 366).toLocaleString('ko-KR')}원`);
    expect(citizen).to.contain('행정안전부 주민등록인구 2024-12-31');
    // The Assembly's change of the year's total (656.9 → 656.6).
    expect(citizen).to.contain('정부안 656.9조원 → 국회 확정 656.6조원: -3,000억원 줄었습니다');
    // Sources and dates of every figure.
    const sources = text(q(el, '[part~="sources"]'));
    expect(sources).to.contain('연합뉴스 2023-08-29');
    expect(sources).to.contain('2023년 8월 29일');
    expect(sources).to.contain('소득세법 제55조 제1항');
    // Treemap cells: placed through the CSSOM within the box.
    for (const c of cells) {
      const li = c.parentElement!;
      expect(li.style.left).to.match(/%$/);
      const box = q(el, '[part~="treemap"]')!.getBoundingClientRect();
      const r = li.getBoundingClientRect();
      expect(r.right).to.be.at.most(box.right + 1);
      expect(r.bottom).to.be.at.most(box.bottom + 1);
    }
    expectNoInlineStyles(el, true);
    await expect(el).to.be.accessible();
  });

  it('keyboard only: every treemap cell is reachable with its name and amount, Enter shows its description; the toggle switches to the table; axe passes in the table view', async () => {
    const el = await real();
    const cells = qa<HTMLButtonElement>(el, '[part~="cell"]');
    const toggle = qa<HTMLButtonElement>(el, '[part~="toggle"] button');
    toggle[1]!.focus();
    // Tab from the toggle walks through the 12 cells in order (largest first).
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      await sendKeys({ press: 'Tab' });
      seen.push(active(el)!.textContent!.replace(/\s+/g, ' ').trim());
      expect(active(el)).to.equal(cells[i]);
    }
    expect(seen[0]).to.contain('보건·복지·고용');
    expect(seen[0]).to.contain('242.8조원');
    for (const s of seen) expect(s).to.match(/(조원|억원)/);
    cells[0]!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(cells[0]!.getAttribute('aria-pressed')).to.equal('true');
    expect(text(q(el, '[part~="detail"]'))).to.contain('기초연금');
    await expect(el).to.be.accessible();
    // The toggle, by keyboard.
    toggle[1]!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(q(el, '[part~="base"]')!.dataset.view).to.equal('table');
    expect(q(el, '[part~="treemap"]')).to.equal(null);
    expect(q(el, '.tbl')!.hidden).to.equal(false);
    expect(qa(el, '[part~="toggle"] button')[1]!.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('the tax receipt from the tax paid: exact won that sum to the tax, per day, local tax kept apart; no request carries it, nothing stored or in the URL; axe passes', async () => {
    const el = await real();
    // Watch the network: fetch, XHR, sendBeacon, WebSocket, image loads and the resource timing list.
    const sent: string[] = [];
    const orig = { fetch: window.fetch, open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send, beacon: navigator.sendBeacon, WS: window.WebSocket };
    const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, 'src')!;
    window.fetch = (i: RequestInfo | URL, init?: RequestInit) => (sent.push(`fetch ${String(i instanceof Request ? i.url : i)} ${String(init?.body ?? '')}`), orig.fetch(i, init));
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, m: string, u: string | URL, ...rest: unknown[]) {
      sent.push(`xhr ${m} ${String(u)}`);
      return (orig.open as (...a: unknown[]) => void).call(this, m, u, ...rest);
    } as typeof XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, b?: Document | XMLHttpRequestBodyInit | null) {
      sent.push(`xhr body ${String(b)}`);
      return orig.send.call(this, b);
    };
    navigator.sendBeacon = (u: string | URL, d?: BodyInit | null) => (sent.push(`beacon ${String(u)} ${String(d)}`), true);
    window.WebSocket = function (u: string | URL) {
      sent.push(`ws ${String(u)}`);
      throw new Error('no sockets');
    } as unknown as typeof WebSocket;
    Object.defineProperty(HTMLImageElement.prototype, 'src', { configurable: true, get: src.get, set(v: string) { sent.push(`img ${v}`); src.set!.call(this, v); } });
    const before = performance.getEntriesByType('resource').length;
    const url = location.href;
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage });
    try {
      await type(el, 'tax', '1,228,000');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      await waitUntil(() => q(el, '[part~="result"]'), 'the result shows');
      await aTimeout(300);
      const rows = qa(el, '[part~="receipt-table"] tbody tr');
      expect(rows).to.have.length(12);
      const parts = rows.map((r) => digits(text(r.children[1]!)));
      expect(parts.reduce((a, b) => a + b, 0)).to.equal(1_228_000);
      expect(parts[0]).to.be.within(451_000, 451_400); // 242.8 / 660.7 of it
      expect(text(q(el, '[part~="receipt-table"] tfoot'))).to.contain('1,228,000원');
      const perDay = rows.map((r) => digits(text(r.children[2]!)));
      expect(perDay.reduce((a, b) => a + b, 0)).to.equal(Math.round(1_228_000 / 366));
      const result = text(q(el, '[part~="result"]'));
      expect(result).to.contain('지방소득세 122,800원');
      expect(result).to.contain('지방자치단체');
      await waitUntil(() => text(liveRegion(el)).includes('1,228,000'), 'announced politely');
      expect(text(q(el, '[part~="privacy"]'))).to.contain('어디에도 보내거나 저장하지 않으며');
      expect(text(q(el, '[part~="receipt"]'))).to.contain('부가가치세');
      // Nothing left the page: no request at all after the widget was ready, none with the amount.
      expect(sent, sent.join('\n')).to.deep.equal([]);
      const entries = performance.getEntriesByType('resource').slice(before).map((e) => e.name);
      expect(entries.filter((n) => /1228000|1,228,000|1%2C228%2C000/.test(n))).to.deep.equal([]);
      expect(entries).to.deep.equal([]);
      expect(location.href).to.equal(url);
      expect(JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })).to.equal(stored);
      expect(el.outerHTML).not.to.contain('1228000');
      await expect(el).to.be.accessible();
    } finally {
      window.fetch = orig.fetch;
      XMLHttpRequest.prototype.open = orig.open;
      XMLHttpRequest.prototype.send = orig.send;
      navigator.sendBeacon = orig.beacon;
      window.WebSocket = orig.WS;
      Object.defineProperty(HTMLImageElement.prototype, 'src', src);
    }
  });

  it('the estimate from taxable income: §55① brackets of the chosen income year, submitted with Enter, allocations sum exactly', async () => {
    const el = await real();
    const income = qa<HTMLInputElement>(el, 'input[type="radio"]')[1]!;
    income.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(q(el, '#income')).to.exist;
    const input = q<HTMLInputElement>(el, '#income')!;
    expect(input.getAttribute('inputmode')).to.equal('numeric');
    expect(input.labels![0]!.textContent).to.contain('과세표준');
    await type(el, 'income', '42000000');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[part~="result"]'));
    const tax = estimateIncomeTax(42_000_000, { year: 2024 }).nationalTax;
    expect(tax).to.equal(5_040_000);
    const result = text(q(el, '[part~="result"]'));
    expect(result).to.contain('5,040,000원');
    expect(result).to.contain('한계세율 15.0%');
    expect(result).to.contain('2024년 귀속');
    const parts = qa(el, '[part~="receipt-table"] tbody tr').map((r) => digits(text(r.children[1]!)));
    expect(parts.reduce((a, b) => a + b, 0)).to.equal(tax);
    await expect(el).to.be.accessible();
  });

  it('input errors: inline, tied to the input with aria-describedby, focus moves to it; axe passes', async () => {
    const el = await real();
    q<HTMLButtonElement>(el, '[part~="submit"]')!.click();
    await el.updateComplete;
    await aTimeout(0);
    const tax = q<HTMLInputElement>(el, '#tax')!;
    expect(tax.getAttribute('aria-invalid')).to.equal('true');
    expect(tax.getAttribute('aria-describedby')).to.equal('h-tax e-tax');
    expect(text(q(el, '#e-tax'))).to.equal(ko.errEmpty);
    expect(active(el)).to.equal(tax);
    await expect(el).to.be.accessible();
    await type(el, 'tax', '12만원');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(text(q(el, '#e-tax'))).to.equal(ko.errDigits);
    expect(q(el, '[part~="result"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('previous year and the Assembly’s change per field when the data has them', async () => {
    const el = await mount({ src: TWO_YEARS, year: '2024', phase: 'approved' });
    await until(el, 'ready');
    const heads = qa(el, '[part~="table"] thead th').map(text);
    expect(heads).to.deep.equal(['분야', '금액', '비중', '1,000원 중', '2023년 대비', '국회 증감', '무엇에 쓰나']);
    const edu = qa(el, '[part~="table"] tbody tr')[0]!;
    expect(text(edu.children[0]!)).to.equal('교육');
    expect(text(edu.children[4]!)).to.equal('+11.3%'); // 89 / 80
    expect(text(edu.children[5]!)).to.contain('-6,000억원'); // 89.0 − 89.6
    expect(text(q(el, '[part~="note"]'))).to.equal(ko.normalised);
    expect(text(q(el, '[part~="total"]'))).to.equal('표시한 3개 분야 합계 161조원');
    expect(q(el, '[part~="citizen"]')).to.equal(null); // no population, no totals
    await expect(el).to.be.accessible();
  });

  it('from the Madang API: the fields and total-expenditure datasets through the SDK client (2025: the Assembly cut 4.1조)', async () => {
    const csv = async (p: string) => (await fetch(p)).text();
    const fields = await post<{ id: string }>('/__madang/budgets', { csv: await csv(TWO_YEARS) });
    const totals = await post<{ id: string }>('/__madang/budgets', { csv: await csv(TOTALS) });
    const el = await mount({ api: cfg.api, 'site-key': cfg.siteKey, dataset: fields.id, 'totals-dataset': totals.id, year: '2024', phase: 'proposed', population: POP, 'table-href': '/budget' });
    await until(el, 'ready');
    expect(qa(el, '[part~="cell"]')).to.have.length(3);
    expect(text(q(el, '[part~="total"]'))).to.equal('총지출 656.9조원');
    expect(text(q(el, '[part~="citizen"]'))).to.contain('656.9조원 → 국회 확정 656.6조원');
    expect(q<HTMLAnchorElement>(el, '[part~="table-link"]')!.getAttribute('href')).to.equal('/budget');
    el.year = 2025;
    el.datasetId = totals.id;
    await until(el, 'loading');
    await until(el, 'ready');
    expect(text(q(el, '[part~="citizen"]'))).to.contain('정부안 677.4조원 → 국회 확정 673.3조원: -4.1조원 줄었습니다');
    await expect(el).to.be.accessible();
  });

  it('errors: a missing file shows a message and retry; wrong attributes a configuration message without retry; axe passes', async () => {
    const el = await mount({ src: '/examples/data/nope.csv' });
    await until(el, 'error');
    await expectErrorWithRetry(el, ko.errors.file('404'));
    await expectConfigError(() => mount({}), { cannotShow: '설정 오류', snippet: ko.errors.noSource, ConfigError: MadangSpendingExplainerConfigError, attribute: 'src' });
    await expectConfigError(() => mount({ src: FIELDS, population: '오천만' }), { cannotShow: '설정 오류', snippet: 'population', ConfigError: MadangSpendingExplainerConfigError, attribute: 'population' });
    await expectConfigError(() => mount({ src: FIELDS, 'table-href': 'javascript:alert(1)' }), { cannotShow: '설정 오류', snippet: 'table-href', ConfigError: MadangSpendingExplainerConfigError, attribute: 'table-href' });
    await expectConfigError(() => mount({ src: FIELDS, view: 'pie' }), { cannotShow: '설정 오류', snippet: 'view', ConfigError: MadangSpendingExplainerConfigError, attribute: 'view' });
    await expectConfigError(() => mount({ dataset: 'bds_x', api: cfg.api, 'site-key': 'sk_live_123456789' }), { cannotShow: '설정 오류', snippet: '비밀 키', ConfigError: MadangSpendingExplainerConfigError, attribute: 'site-key' });
  });

  it('in English: T/B units, the fields’ English names and descriptions, an English receipt; axe passes', async () => {
    const el = await real({ lang: 'en' });
    expect(text(q(el, '[part~="total"]'))).to.equal('Total expenditure ₩656.9T');
    expect(text(q(el, '[part~="summary"]'))).to.match(/^Of every ₩1,000 the government spends, ₩367 goes to Health, welfare and employment, /);
    expect(text(qa(el, '[part~="cell"]')[0])).to.contain('₩242.8T');
    expect(text(q(el, '[part~="note"]'))).to.contain('The fields overlap');
    expect(text(qa(el, '[part~="table"] tbody td.desc')[0])).to.contain('Public pensions');
    await type(el, 'tax', '1000000');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => q(el, '[part~="result"]'));
    expect(text(q(el, '[part~="result"]'))).to.contain('₩1,000,000');
    await expect(el).to.be.accessible();
  });

  it('names from the data render as text, never markup; a site’s own descriptions replace the built-in ones', async () => {
    const lines: BudgetLine[] = HOSTILE_STRINGS.filter((h) => h.fits === 'title').map((h, i) => ({
      year: 2025,
      phase: 'approved',
      organization: { code: null, name: '정부' },
      path: [{ code: null, name: h.value }],
      item: null,
      amount: (i + 1) * 1e12,
      headcount: null,
      source: h.value,
    }));
    const el = (await fixture(html`<madang-spending-explainer .data=${lines} .descriptions=${{ [HOSTILE_STRINGS[1]!.value]: { ko: '<b>설명</b>', en: 'x' } }}></madang-spending-explainer>`)) as El;
    await until(el, 'ready');
    expect(qa(el, 'img, script, b:not(.x)').filter((n) => !n.closest('.cell'))).to.have.length(0);
    expect(qa(el, 'script, img')).to.have.length(0);
    const names = qa(el, '[part~="table"] tbody th').map((t) => t.textContent);
    for (const h of HOSTILE_STRINGS.filter((x) => x.fits === 'title')) expect(names).to.include(h.value);
    expect(qa(el, '[part~="table"] tbody td.desc').map((t) => t.textContent)).to.include('<b>설명</b>');
    await expect(el).to.be.accessible();
  });

  it('reflows at 320 px: nothing wider than the widget, small cells’ names in the list beside; print shows the table, not the treemap', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await real({}, 320);
    await aTimeout(100);
    await el.updateComplete;
    const base = q(el, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
    expect(base.getBoundingClientRect().width).to.be.at.most(320);
    expect(document.documentElement.scrollWidth).to.be.at.most(330); // the 320 px wrapper and the body's margin
    const legend = qa(el, '[part~="legend"] li');
    expect(legend.length).to.be.greaterThan(0);
    expect(legend.length + qa(el, '[part~="cell"] .nm').length).to.equal(12);
    for (const c of qa(el, '[part~="cell"]')) expect(c.textContent!.trim()).to.not.equal('');
    await expect(el).to.be.accessible();
    await emulateMedia({ media: 'print' });
    try {
      expect(getComputedStyle(q(el, '.tbl')!).display).to.equal('block');
      expect(getComputedStyle(q(el, '.tmw')!).display).to.equal('none');
    } finally {
      await emulateMedia({ media: 'screen' });
    }
  });

  it('theming, dark mode and forced colours: no rem, KRDS fallbacks, 44 px targets, axe passes', async () => {
    const el = await real();
    expectReadableOnKrdsPage(explainerStyles, el, () => [q(el, '[part~="submit"]')!, ...qa(el, '[part~="toggle"] button'), q(el, '#tax')!]);
    expect(getComputedStyle(q(el, '[part~="submit"]')!).backgroundColor).to.equal('rgb(37, 110, 244)');
    el.style.setProperty('--madang-color-brand', 'rgb(120, 0, 0)');
    expect(getComputedStyle(q(el, '[part~="submit"]')!).backgroundColor).to.equal('rgb(120, 0, 0)');
    el.style.removeProperty('--madang-color-brand');
    await expectDarkMode(el);
    await withForcedColors(async () => {
      expect(getComputedStyle(qa(el, '[part~="cell"]')[0]!).borderTopStyle).to.equal('solid');
      await expect(el).to.be.accessible();
    });
  });

  it('the built bundle under a strict CSP (no inline styles): cells positioned through the CSSOM, no violation', async () => {
    const lines: BudgetLine[] = ['교육', '국방', '환경'].map((name, i) => ({
      year: 2024,
      phase: 'proposed',
      organization: { code: null, name: '정부' },
      path: [{ code: null, name }],
      item: null,
      amount: (3 - i) * 1e13,
      headcount: null,
      source: null,
    }));
    await inStrictCspFrame('madang-spending-explainer.js', async (doc, violations) => {
      const el = doc.createElement('madang-spending-explainer') as El;
      el.data = lines;
      doc.body.append(el);
      await waitUntil(() => el.getAttribute('data-state') === 'ready', `iframe widget: ${el.getAttribute('data-state')}`, { timeout: 15_000 });
      await waitUntil(() => (el.shadowRoot!.querySelector('.cell') as HTMLElement | null)?.style.width, 'positioned');
      const cell = el.shadowRoot!.querySelector('.cell')!;
      expect(doc.defaultView!.getComputedStyle(cell).position).to.equal('absolute');
      expect(cell.getBoundingClientRect().width).to.be.greaterThan(50);
      expect(violations).to.deep.equal([]);
    });
  });
});
