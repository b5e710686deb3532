/**
 * <madang-budget-table> in Chromium: static data (the `data` property, `src` CSV in UTF-8 with a
 * BOM and in CP949, a Fiscal Data Package) and the real Madang server (a dataset imported through
 * POST /v1/budgets by the /__madang/budgets fixture route). Every state is checked with axe;
 * keyboard use goes through real key presses (sendKeys).
 *
 * Fixture files: ./fixtures/ (budget-utf8-bom.csv and budget-cp949.csv hold the same 36 lines:
 * 2024 approved and executed, 2025 approved; two ministries with headcounts and economic items).
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { BudgetLine, BudgetPhase } from '@madang/contracts';
import { BUDGET_LEVEL_LABELS, BUDGET_PHASE_LABELS } from '@madang/contracts/budget-rules';
import { formatBudgetAmount, loadBudgetParsers } from '@madang/sdk/budget';
import { HOSTILE_STRINGS } from '../../../server/test/hostile-strings.js';
import {
  active,
  cfg,
  expectConfigError,
  expectDarkMode,
  expectErrorWithRetry,
  expectFocusRing,
  expectLoading,
  expectNoInlineStyles,
  expectReadableOnKrdsPage,
  inStrictCspFrame,
  listen,
  liveRegion,
  post,
  q,
  qa,
  text,
  until as untilState,
  useFixtureServer,
  withForcedColors,
} from '../../test/helpers.js';
import {
  BUDGET_TABLE_TAG,
  MadangBudgetChangeEvent,
  MadangBudgetDataError,
  MadangBudgetTable,
  MadangBudgetTableConfigError,
  type BudgetTableState,
} from './define.js';
import { ko } from './messages.js';
import { en } from './messages-en.js';
import { budgetTableStyles } from './styles.js';
// @ts-expect-error: a plain JS module of the benchmark (no types), the same lines the benchmark uses
import { generateLines } from '../../../../bench/table/dataset.js';

useFixtureServer();

// ------------------------------------------------------------------ helpers

const FIXTURES = '/packages/widgets/src/budget-table/fixtures/';

let fixtureLines: BudgetLine[];
/** The fixture CSV's lines, parsed by the SDK (as the widget does for `src`). */
async function lines(): Promise<BudgetLine[]> {
  if (!fixtureLines) {
    const { parseBudgetCsv } = await loadBudgetParsers();
    const r = parseBudgetCsv(await (await fetch(FIXTURES + 'budget-utf8-bom.csv')).arrayBuffer());
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    fixtureLines = r.lines;
  }
  return fixtureLines;
}

const bench = (n: number): BudgetLine[] => generateLines(n);

interface MountOptions {
  attrs?: Record<string, string | undefined>;
  data?: MadangBudgetTable['data'];
  width?: number;
  /** The host's height (px, set through the CSSOM). */
  height?: number;
  into?: HTMLElement;
}

/** A new table with these attributes and data, in a fresh fixture div (`width` px wide), after its first update. */
async function mount(o: MountOptions = {}): Promise<MadangBudgetTable> {
  const el = document.createElement(BUDGET_TABLE_TAG) as MadangBudgetTable;
  for (const [k, v] of Object.entries(o.attrs ?? {})) if (v !== undefined) el.setAttribute(k, v);
  if (o.data) el.data = o.data;
  if (o.height) el.style.blockSize = `${o.height}px`;
  const wrapper = o.into ?? (await fixture<HTMLDivElement>(html`<div></div>`));
  if (o.width) wrapper.style.inlineSize = `${o.width}px`;
  wrapper.append(el);
  await el.updateComplete;
  return el;
}

async function until(el: MadangBudgetTable, state: BudgetTableState, timeout?: number) {
  await el.updateComplete;
  await untilState(el, state, timeout);
}

/** Mounts a table of `data` and waits until it is ready. */
async function table(data: MadangBudgetTable['data'], attrs: Record<string, string | undefined> = {}, o: Omit<MountOptions, 'attrs' | 'data'> = {}) {
  const el = await mount({ ...o, attrs, data });
  await until(el, 'ready');
  return el;
}

const rows = (el: Element) => qa<HTMLTableRowElement>(el, 'tbody tr[aria-rowindex]');
/** A row's name as shown (without the screen-reader hint of a drill-down link). */
const nameOf = (r: Element) => {
  const copy = r.querySelector('th .drill, th .txt')!.cloneNode(true) as Element;
  copy.querySelector('.sr-only')?.remove();
  return text(copy);
};
const names = (el: Element) => rows(el).map(nameOf);
const rowByName = (el: Element, name: string) => rows(el).find((r) => nameOf(r) === name)!;
const header = (el: Element, id: string) => q<HTMLButtonElement>(el, `thead button[data-sort="${id}"]`)!;
const tableEl = (el: Element) => q<HTMLTableElement>(el, 'table')!;
const crumbs = (el: Element) => qa(el, '[part~="breadcrumb"] li').map(text);
/** The text screen readers get for a cell: aria-hidden parts left out. */
const spoken = (node: Element | null | undefined) => {
  if (!node) return '';
  const copy = node.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return text(copy);
};
/** Focus inside the element's shadow root. */
const focused = (el: Element) => active(el) as HTMLElement | null;
/** Presses keys one after the other; `Control+End` holds Control. */
const keys = async (...press: string[]) => {
  for (const p of press) {
    const [mod, key] = p.includes('+') ? p.split('+') : [undefined, p];
    if (mod) await sendKeys({ down: mod });
    await sendKeys({ press: key! });
    if (mod) await sendKeys({ up: mod });
  }
};
async function settle(el: MadangBudgetTable) {
  await el.updateComplete;
  await aTimeout(0);
  await el.updateComplete;
}

/** The CSV the download button saves: the Blob given to URL.createObjectURL, and the link's file name. */
async function download(el: MadangBudgetTable): Promise<{ bytes: Uint8Array; text: string; name: string; href: string }> {
  const blobs: Blob[] = [];
  const create = URL.createObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  let link: HTMLAnchorElement | undefined;
  URL.createObjectURL = (b: Blob | MediaSource) => {
    blobs.push(b as Blob);
    return create.call(URL, b);
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    link = this;
  };
  try {
    q<HTMLButtonElement>(el, '[part~="download"]')!.click();
    await waitUntil(() => link, 'the download link was clicked', { timeout: 5000 });
  } finally {
    URL.createObjectURL = create;
    HTMLAnchorElement.prototype.click = click;
  }
  const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
  expect(blobs[0]!.type).to.equal('text/csv;charset=utf-8');
  expect(link!.href).to.match(/^blob:/);
  return { bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), name: link!.download, href: link!.href };
}

/** CSV text → records (the widget's CSV quotes fields with commas, quotes or line breaks). */
function parseCsv(csv: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(cell);
      out.push(row);
      (row = []), (cell = '');
      i++;
    } else cell += c;
  }
  return out;
}

// ------------------------------------------------------------------ states

describe('<madang-budget-table> states', () => {
  it('loading: reserves its space, says so, exposes data-state and passes axe', async () => {
    const el = await mount({ attrs: { api: cfg.hangApi, 'site-key': cfg.siteKey, dataset: 'bds_aaaaaaaaaaaa' } });
    await expectLoading(el, 300, '예산 자료를 불러오는 중입니다…');
  });

  it('ready, tree view: caption, sorted column headers, row headers, treegrid rows, totals, source and as-of; axe', async () => {
    const el = await table(await lines(), { heading: '시험 예산', source: '열린재정', 'source-url': 'https://www.openfiscaldata.go.kr/', 'as-of': '2025-03-31' });
    expect(el.getAttribute('data-state')).to.equal('ready');
    expect(text(q(el, 'h2[part~="heading"]'))).to.equal('시험 예산');
    // Latest year, approved; three fields sorted by amount, largest first.
    const t = tableEl(el);
    expect(t.getAttribute('role')).to.equal('treegrid');
    expect(text(t.querySelector('caption'))).to.equal('시험 예산 — 2025년 · 국회 확정 · 단위: 원 (조·억·만으로 줄여 표시, 정확한 금액은 셀에 포커스)');
    expect(t.getAttribute('aria-rowcount')).to.equal('5');
    expect(names(el)).to.deep.equal(['일반·지방행정', '사회복지', '보건']);
    const heads = qa(el, 'thead th');
    expect(heads.map((h) => h.getAttribute('scope'))).to.deep.equal(['col', 'col', 'col', 'col', 'col']);
    expect(heads.map((h) => spoken(h))).to.deep.equal(['분야', '코드', '금액', '전년도(2024)', '증감률']);
    expect(heads.map((h) => h.getAttribute('aria-sort'))).to.deep.equal([null, null, 'descending', null, null]);
    // Rows: treegrid attributes, a row header per row, exact amounts for screen readers.
    const first = rows(el)[0]!;
    expect([first.getAttribute('aria-rowindex'), first.getAttribute('aria-level'), first.getAttribute('aria-posinset'), first.getAttribute('aria-setsize'), first.getAttribute('aria-expanded')]).to.deep.equal(['2', '1', '1', '3', 'false']);
    expect(first.querySelector('th')!.getAttribute('scope')).to.equal('row');
    const cells = [...first.querySelectorAll('td')];
    expect(spoken(cells[0])).to.equal('010');
    expect(spoken(cells[1])).to.equal('62,018,500,000,000원');
    expect(text(cells[1]!.querySelector('[aria-hidden="true"]'))).to.equal('62조원');
    expect(spoken(cells[2])).to.equal('60,015,400,000,000원');
    expect(spoken(cells[3])).to.equal('+3.3%');
    // Totals in <tfoot>, data-total, last aria-rowindex.
    const total = q(el, 'tfoot tr[data-total]')!;
    expect(total.getAttribute('aria-rowindex')).to.equal('5');
    expect(spoken(total.querySelector('th'))).to.equal('합계');
    expect(spoken(total.querySelectorAll('td')[1])).to.equal('94,004,200,000,000원');
    // No execution columns: 2025 has no 결산 yet.
    expect(header(el, 'executed')).to.equal(null);
    // Source and as-of are always shown.
    const source = q(el, '[part~="source"]')!;
    expect(text(source)).to.equal('출처: 열린재정 · 기준일: 2025년 3월 31일');
    expect(source.querySelector('a')!.getAttribute('href')).to.equal('https://www.openfiscaldata.go.kr/');
    expect(crumbs(el)).to.deep.equal(['전체']);
    await expect(el).to.be.accessible();
  });

  it('a year with settled accounts adds executed and execution-rate columns; phases are labelled as the contracts label them', async () => {
    const el = await table(await lines(), { year: '2024' });
    expect(qa(el, 'thead th').map((h) => spoken(h))).to.deep.equal(['분야', '코드', '금액', '결산액', '집행률']);
    const welfare = rowByName(el, '사회복지');
    expect(spoken(welfare.querySelectorAll('td')[3])).to.equal('98.8%');
    const phase = q<HTMLSelectElement>(el, 'select[data-k="phase"]')!;
    expect([...phase.options].map((o) => o.textContent)).to.deep.equal(['국회 확정', '결산']);
    for (const p of Object.keys(BUDGET_PHASE_LABELS) as BudgetPhase[]) {
      expect(ko.phases[p]).to.equal(BUDGET_PHASE_LABELS[p].ko);
      expect(en.phases[p]).to.equal(BUDGET_PHASE_LABELS[p].en);
    }
    expect(ko.levels).to.deep.equal(BUDGET_LEVEL_LABELS.map((l) => l.ko));
    expect(en.levels).to.deep.equal(BUDGET_LEVEL_LABELS.map((l) => l.en));
    // Switching the phase to 결산 (by the select) shows the executed amounts.
    phase.value = 'executed';
    phase.dispatchEvent(new Event('change'));
    await settle(el);
    expect(el.phase).to.equal('executed');
    expect(text(q(el, '.meta'))).to.contain('2024년 · 결산');
    await expect(el).to.be.accessible();
  });

  it('expanded rows: children inline with aria-level, aria-posinset and aria-setsize; axe', async () => {
    const el = await table(await lines());
    const welfare = rowByName(el, '사회복지');
    welfare.querySelector<HTMLElement>('.tw')!.click();
    await settle(el);
    expect(rowByName(el, '사회복지').getAttribute('aria-expanded')).to.equal('true');
    expect(names(el)).to.deep.equal(['일반·지방행정', '사회복지', '노인', '기초생활보장', '보건']);
    const old = rowByName(el, '노인');
    expect([old.getAttribute('aria-level'), old.getAttribute('aria-posinset'), old.getAttribute('aria-setsize'), old.getAttribute('aria-rowindex')]).to.deep.equal(['2', '1', '2', '4']);
    expect(tableEl(el).getAttribute('aria-rowcount')).to.equal('7');
    await expect(el).to.be.accessible();
  });

  it('flat view: one row per line of the year and phase, in the order given; a grid; axe', async () => {
    const data = await lines();
    const el = await table(data, { view: 'flat' });
    const t = tableEl(el);
    expect(t.getAttribute('role')).to.equal('grid');
    const approved2025 = data.filter((l) => l.year === 2025 && l.phase === 'approved');
    expect(t.getAttribute('aria-rowcount')).to.equal(String(approved2025.length + 2));
    expect(names(el)).to.deep.equal(approved2025.map((l) => l.path.at(-1)!.name));
    expect(qa(el, 'thead th').map((h) => spoken(h))).to.deep.equal(['사업명', '소관', '상위 분류', '목 (비목)', '금액']);
    expect(qa(el, 'thead th[aria-sort]')).to.have.length(0);
    expect(spoken(rows(el)[0]!.querySelectorAll('td')[1])).to.equal('사회복지 › 기초생활보장 › 생계급여 › 생계급여 지원');
    await expect(el).to.be.accessible();
  });

  it('organisation comparison: amount, staff, per staff and share for an economic item; axe', async () => {
    const el = await table(await lines(), { view: 'comparison' });
    expect(tableEl(el).getAttribute('role')).to.equal('grid');
    expect(qa(el, 'thead th').map((h) => spoken(h))).to.deep.equal(['소관', '금액', '정원', '1인당', '기관 예산 중 비중']);
    expect(names(el)).to.deep.equal(['행정안전부', '보건복지부']);
    const select = q<HTMLSelectElement>(el, 'select[data-k="item"]')!;
    expect([...select.options].map((o) => o.textContent)).to.include.members(['모든 목', '업무추진비', '국외업무여비']);
    select.value = '업무추진비';
    select.dispatchEvent(new Event('change'));
    await settle(el);
    expect(el.item).to.equal('업무추진비');
    const mois = rowByName(el, '행정안전부');
    const cells = [...mois.querySelectorAll('td')].map(spoken);
    expect(cells[0]).to.equal('2,300,000,000원');
    expect(cells[1]).to.equal('4,200');
    expect(cells[2]).to.equal('547,619원');
    expect(cells[3]).to.equal('0.0%');
    expect(text(q(el, '.meta'))).to.contain('기관별 비교: 업무추진비');
    await expect(el).to.be.accessible();
  });

  it('data as columns (the engine’s compact input) reads like the same lines', async () => {
    const data = await lines();
    const col = <T>(f: (l: BudgetLine) => T) => data.map(f);
    const columns = {
      year: col((l) => l.year),
      phase: col((l) => l.phase),
      amount: col((l) => l.amount),
      organizationName: col((l) => l.organization.name),
      headcount: col((l) => l.headcount),
      itemName: col((l) => l.item?.name ?? null),
      ...Object.fromEntries(
        [1, 2, 3, 4, 5].flatMap((n) => [
          [`path${n}Code`, col((l) => l.path[n - 1]?.code ?? null)],
          [`path${n}Name`, col((l) => l.path[n - 1]?.name ?? null)],
        ]),
      ),
    } as unknown as MadangBudgetTable['data'];
    const fromLines = await table(data);
    const fromColumns = await table(columns);
    const summary = (el: Element) => rows(el).map((r) => `${nameOf(r)} ${spoken(r.querySelectorAll('td')[1])}`);
    expect(summary(fromColumns)).to.deep.equal(summary(fromLines));
    fromColumns.view = 'flat';
    fromLines.view = 'flat';
    await settle(fromColumns);
    await settle(fromLines);
    expect(names(fromColumns)).to.deep.equal(names(fromLines));
  });

  it('organization: the tree and the flat list of one organisation only', async () => {
    const el = await table(await lines(), { organization: '행정안전부' });
    expect(names(el)).to.deep.equal(['일반·지방행정']);
    el.view = 'flat';
    await settle(el);
    expect(rows(el).map((r) => spoken(r.querySelectorAll('td')[0]))).to.deep.equal(['행정안전부', '행정안전부', '행정안전부', '행정안전부']);
  });

  it('empty: a filter with no match says so, keeps the controls, and passes axe', async () => {
    const el = await mount({ attrs: { q: '존재하지않는사업' }, data: await lines() });
    await until(el, 'empty');
    expect(text(q(el, '[part~="message"]'))).to.equal('‘존재하지않는사업’와(과) 일치하는 항목이 없습니다.');
    expect(q(el, 'table')).to.equal(null);
    expect(q(el, '[part~="download"]')).to.equal(null);
    expect(q<HTMLInputElement>(el, '[part~="filter"]')!.value).to.equal('존재하지않는사업');
    expect(text(q(el, '[part~="source"]'))).to.contain('출처:');
    await expect(el).to.be.accessible();
    el.q = '';
    await until(el, 'ready');
  });

  it('error: a missing file shows a readable message and a retry button; axe', async () => {
    const el = await mount({ attrs: { src: FIXTURES + 'missing.csv' } });
    await until(el, 'error');
    await expectErrorWithRetry(el, '예산 파일을 불러오지 못했습니다 (404).');
  });

  it('error: a malformed CSV names the line and column, without retry; axe', async () => {
    const csv = '회계연도,소관명,분야명,예산액(백만원)\r\n2025,행정안전부,일반행정,12\r\n2025,행정안전부,일반행정,열두\r\n';
    const restore = (() => {
      const original = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) =>
        String(input).endsWith('/bad.csv') ? Promise.resolve(new Response(csv, { headers: { 'content-type': 'text/csv' } })) : original(input, init);
      return () => (window.fetch = original);
    })();
    const errors = listen<CustomEvent<{ error: unknown }>>('madang-error');
    try {
      const el = await mount({ attrs: { src: '/bad.csv' } });
      await until(el, 'error');
      expect(text(q(el, '[part~="message"]'))).to.match(/^예산 파일을 읽을 수 없습니다: 3번째 줄 ‘예산액\(백만원\)’ 열: /);
      expect(q(el, '[part~="retry"]')).to.equal(null);
      expect(errors.events.at(-1)!.detail.error).to.be.instanceOf(MadangBudgetDataError);
      await expect(el).to.be.accessible();
    } finally {
      restore();
      errors.stop();
    }
  });

  it('error: no source at all is a configuration message without retry', async () => {
    await expectConfigError(() => mount(), { cannotShow: '예산 표를 표시할 수 없습니다', snippet: 'dataset, src 속성이나 data 속성 중 하나가 필요합니다', ConfigError: MadangBudgetTableConfigError, attribute: 'src' });
  });

  it('error: wrong attributes (secret key, bad dataset id, bad view, sort or year) are configuration messages, never a throw', async () => {
    await expectConfigError(() => mount({ attrs: { api: cfg.api, 'site-key': 'sk_live_abcdefghijkl', dataset: 'bds_aaaaaaaaaaaa' } }), {
      cannotShow: '예산 표를 표시할 수 없습니다',
      snippet: '비밀 키',
      ConfigError: MadangBudgetTableConfigError,
      attribute: 'site-key',
    });
    await expectConfigError(() => mount({ attrs: { api: cfg.api, 'site-key': cfg.siteKey, dataset: 'nope' } }), {
      cannotShow: '예산 표를 표시할 수 없습니다',
      snippet: 'dataset 속성 값이 올바르지 않습니다',
      ConfigError: MadangBudgetTableConfigError,
      attribute: 'dataset',
    });
    const data = await lines();
    for (const [attr, value] of [
      ['view', 'pivot'],
      ['sort', 'perStaff'],
      ['year', '20x5'],
      ['phase', 'final'],
      ['order', 'up'],
    ] as const) {
      await expectConfigError(() => mount({ attrs: { [attr]: value }, data }), {
        cannotShow: '예산 표를 표시할 수 없습니다',
        snippet: `${attr} 속성 값이 올바르지 않습니다`,
        ConfigError: MadangBudgetTableConfigError,
        attribute: attr,
      });
    }
    // Fixing the attribute shows the table.
    const el = await mount({ attrs: { sort: 'perStaff' }, data });
    await until(el, 'error');
    el.sort = 'name';
    await until(el, 'ready');
    expect(names(el)).to.deep.equal(['보건', '사회복지', '일반·지방행정']);
  });

  it('English: labels, T/B/M amounts, exact won for screen readers, dates; axe', async () => {
    const el = await table(await lines(), { lang: 'en', 'as-of': '2025-03-31' });
    expect(qa(el, 'thead th').map((h) => spoken(h))).to.deep.equal(['Field', 'Code', 'Amount', 'Previous year (2024)', 'Change']);
    expect(text(q(el, '.meta'))).to.equal('2025 · Approved by the National Assembly · in won (abbreviated as T/B/M; focus a cell for the exact amount)');
    const cell = rows(el)[0]!.querySelectorAll('td')[1]!;
    expect(text(cell.querySelector('[aria-hidden="true"]'))).to.equal('₩62T');
    expect(spoken(cell)).to.equal('₩62,018,500,000,000');
    expect(text(q(el, '[part~="source"]'))).to.equal('Source: 시험용 예산 자료 · As of: March 31, 2025');
    expect(text(q(el, '[part~="download"]'))).to.equal('Download CSV');
    await expect(el).to.be.accessible();
  });
});

// ------------------------------------------------------------------ keyboard

describe('<madang-budget-table> keyboard', () => {
  it('treegrid: one tab stop; arrows move between rows, Right/Left expand, collapse and reach the parent, Home/End', async () => {
    const el = await table(await lines());
    expect(qa(el, 'tbody [tabindex="0"]')).to.have.length(1);
    rows(el)[0]!.focus();
    await settle(el);
    expect(focused(el)).to.equal(rows(el)[0]);
    expectFocusRing(rows(el)[0]!);
    await keys('ArrowDown');
    await settle(el);
    expect(focused(el)?.getAttribute('aria-rowindex')).to.equal('3');
    // Right expands the collapsed row (focus stays), Down goes to its first child.
    await keys('ArrowRight');
    await settle(el);
    expect(rowByName(el, '사회복지').getAttribute('aria-expanded')).to.equal('true');
    expect(focused(el)).to.equal(rowByName(el, '사회복지'));
    await keys('ArrowDown');
    await settle(el);
    expect(focused(el)).to.equal(rowByName(el, '노인'));
    // Left on a collapsed child goes to its parent; Left again collapses it.
    await keys('ArrowLeft');
    await settle(el);
    expect(focused(el)).to.equal(rowByName(el, '사회복지'));
    await keys('ArrowLeft');
    await settle(el);
    expect(rowByName(el, '사회복지').getAttribute('aria-expanded')).to.equal('false');
    await keys('End');
    await settle(el);
    expect(focused(el)).to.equal(rowByName(el, '보건'));
    await keys('Home');
    await settle(el);
    expect(focused(el)).to.equal(rowByName(el, '일반·지방행정'));
    // Enter and Space expand and collapse too.
    await keys('Enter');
    await settle(el);
    expect(rowByName(el, '일반·지방행정').getAttribute('aria-expanded')).to.equal('true');
    await keys(' ');
    await settle(el);
    expect(rowByName(el, '일반·지방행정').getAttribute('aria-expanded')).to.equal('false');
    // Right on a row with focus then moves into its cells; Right/Left between cells; Left from the first cell back to the row.
    await keys('ArrowRight', 'ArrowRight');
    await settle(el);
    expect(focused(el)?.getAttribute('data-c')).to.equal('0');
    await keys('ArrowRight');
    await settle(el);
    expect(focused(el)?.getAttribute('data-c')).to.equal('1');
    expect(qa(el, 'tbody [tabindex="0"]')).to.deep.equal([focused(el)]);
    await keys('ArrowLeft', 'ArrowLeft');
    await settle(el);
    expect(focused(el)).to.equal(rowByName(el, '일반·지방행정'));
  });

  it('drill-down: arrows and Enter on a name show its children; the breadcrumb goes back and focus returns to the row', async () => {
    const el = await table(await lines());
    const changes = listen<MadangBudgetChangeEvent>('madang-budget-change');
    try {
      rows(el)[0]!.focus();
      await keys('ArrowDown', 'ArrowRight', 'ArrowRight');
      await settle(el);
      expect(text(focused(el))).to.contain('사회복지');
      await keys('Enter');
      await settle(el);
      expect(el.path).to.deep.equal(['080']);
      expect(names(el)).to.deep.equal(['노인', '기초생활보장']);
      expect(crumbs(el)).to.deep.equal(['전체', '사회복지']);
      expect(q(el, '[part~="breadcrumb"] [aria-current="location"]')!.textContent).to.equal('사회복지');
      expect(q(el, '[part~="breadcrumb"]')!.getAttribute('aria-label')).to.equal('예산 분류 위치');
      expect(spoken(q(el, 'thead th'))).to.equal('부문');
      expect(focused(el)).to.equal(rows(el)[0]);
      await waitUntil(() => changes.events.length > 0);
      expect(changes.events.at(-1)!.detail).to.include({ view: 'tree', year: 2025, phase: 'approved', rowCount: 2 });
      await waitUntil(() => text(liveRegion(el)) === '사회복지 하위 항목, 2개 항목, 금액 내림차순', 'announced', { timeout: 3000 });
      // Back with the breadcrumb, by keyboard.
      const back = q<HTMLButtonElement>(el, '[part~="breadcrumb"] button')!;
      back.focus();
      await keys('Enter');
      await settle(el);
      expect(el.path).to.deep.equal([]);
      expect(crumbs(el)).to.deep.equal(['전체']);
      expect(focused(el)).to.equal(rowByName(el, '사회복지'));
      await expect(el).to.be.accessible();
    } finally {
      changes.stop();
    }
  });

  it('sort: Enter and Space on a column header sort and toggle the order, announced politely', async () => {
    const el = await table(await lines());
    const name = header(el, 'name');
    name.focus();
    await keys('Enter');
    await settle(el);
    expect(el.sort).to.equal('name');
    expect(el.order).to.equal('asc');
    expect(name.closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
    expect(header(el, 'amount').closest('th')!.hasAttribute('aria-sort')).to.equal(false);
    expect(names(el)).to.deep.equal(['보건', '사회복지', '일반·지방행정']);
    expect(focused(el)).to.equal(name);
    await waitUntil(() => text(liveRegion(el)) === '3개 항목, 분야 오름차순', 'announced', { timeout: 3000 });
    await keys(' ');
    await settle(el);
    expect(el.order).to.equal('desc');
    expect(name.closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    expect(names(el)).to.deep.equal(['일반·지방행정', '사회복지', '보건']);
    // Change %, sorted in the browser where needed (previous year).
    header(el, 'previous').click();
    await settle(el);
    expect(names(el)).to.deep.equal(['일반·지방행정', '사회복지', '보건']);
    header(el, 'change').click();
    await settle(el);
    expect(names(el)).to.deep.equal(['보건', '사회복지', '일반·지방행정']);
  });

  it('flat grid: cells only (no focusable rows), arrows, Home/End and Ctrl+Home/End', async () => {
    const el = await table(await lines(), { view: 'flat' });
    const first = rows(el)[0]!.querySelector<HTMLElement>('th')!;
    expect(first.getAttribute('tabindex')).to.equal('0');
    expect(rows(el)[0]!.hasAttribute('tabindex')).to.equal(false);
    first.focus();
    await keys('ArrowRight', 'ArrowRight');
    await settle(el);
    expect(focused(el)?.getAttribute('data-c')).to.equal('2');
    await keys('End');
    await settle(el);
    expect(focused(el)?.getAttribute('data-c')).to.equal('4');
    await keys('Control+End');
    await settle(el);
    expect(focused(el)?.closest('tr')!.getAttribute('aria-rowindex')).to.equal('13');
    await keys('Home', 'Control+Home');
    await settle(el);
    expect(focused(el)).to.equal(rows(el)[0]!.querySelector('th'));
  });
});

// ------------------------------------------------------------------ filter, CSV

describe('<madang-budget-table> filter and CSV', () => {
  it('filter: typing waits for a pause, matches Korean and English names and codes, and announces the count', async () => {
    const data = (await lines()).map((l, i) => (i === 0 ? { ...l, path: [...l.path.slice(0, 4), { code: 'ABC-9', name: 'Smart Farm Valley' }] } : l));
    const el = await table(data, { view: 'flat', year: '2024' });
    const input = q<HTMLInputElement>(el, '[part~="filter"]')!;
    input.focus();
    await sendKeys({ type: 'smart' });
    expect(el.q ?? '').to.equal('');
    await waitUntil(() => el.q === 'smart', 'q set after a pause', { timeout: 2000 });
    await settle(el);
    expect(names(el)).to.deep.equal(['Smart Farm Valley']);
    await waitUntil(() => text(liveRegion(el)) === '1개 항목', 'announced', { timeout: 3000 });
    input.value = 'abc-9';
    input.dispatchEvent(new Event('input'));
    await waitUntil(() => el.q === 'abc-9', 'code filter', { timeout: 2000 });
    await settle(el);
    expect(names(el)).to.deep.equal(['Smart Farm Valley']);
    el.q = '노인';
    await settle(el);
    expect(input.value).to.equal('노인');
    expect(names(el)).to.deep.equal(['노인일자리 운영']);
  });

  it('CSV: UTF-8 with a BOM, exactly the rows of the filtered, sorted view — all of them, not only the drawn ones', async () => {
    const data = bench(3000);
    const el = await table(data, { view: 'flat', q: '지원', sort: 'amount', order: 'desc' }, { height: 500 });
    const expected = data
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => l.path.at(-1)!.name.includes('지원') || (l.path.at(-1)!.code ?? '').includes('지원'))
      .sort((a, b) => b.l.amount - a.l.amount || a.i - b.i)
      .map(({ l }) => l);
    expect(expected.length).to.be.greaterThan(200);
    expect(el.rowCount).to.equal(expected.length);
    expect(rows(el).length).to.be.lessThan(60);
    const { bytes, text: csv, name } = await download(el);
    expect([...bytes.slice(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    expect(name).to.equal('예산-2025-국회_확정.csv');
    const records = parseCsv(csv.slice(1));
    expect(records[0]).to.deep.equal(['회계연도', '단계', '사업명', '코드', '소관', '상위 분류', '목 (비목)', '금액(원)']);
    const body = records.slice(1);
    expect(body).to.have.length(expected.length);
    expect(body.map((r) => r[2])).to.deep.equal(expected.map((l) => l.path.at(-1)!.name));
    expect(body.map((r) => Number(r[7]))).to.deep.equal(expected.map((l) => l.amount));
    expect(body[0]!.slice(0, 2)).to.deep.equal(['2025', '국회 확정']);
    expect(await el.toCsv()).to.equal(csv);
  });

  it('CSV of the tree: the rows shown with their level, expanded children included, exact won', async () => {
    const el = await table(await lines());
    rowByName(el, '사회복지').querySelector<HTMLElement>('.tw')!.click();
    await settle(el);
    const records = parseCsv((await el.toCsv()).slice(1));
    expect(records[0]).to.deep.equal(['회계연도', '단계', '상위 분류', '분야', '코드', '금액(원)', '전년도(2024)(원)', '증감률']);
    expect(records.slice(1).map((r) => [r[2], r[3], r[5]])).to.deep.equal([
      ['', '일반·지방행정', '62018500000000'],
      ['', '사회복지', '31653100000000'],
      ['사회복지', '노인', '24001100000000'],
      ['사회복지', '기초생활보장', '7652000000000'],
      ['', '보건', '332600000000'],
    ]);
  });

  it('CSV download works in a page with a strict CSP (script-src and style-src self), from the built bundle', async () => {
    const data = await lines();
    await inStrictCspFrame('madang-budget-table.js', async (doc, violations) => {
      const el = doc.createElement('madang-budget-table') as MadangBudgetTable;
      el.data = data;
      doc.body.append(el);
      await waitUntil(() => el.getAttribute('data-state') === 'ready', `iframe widget: ${el.getAttribute('data-state')}`, { timeout: 15_000 });
      const win = doc.defaultView as Window & typeof globalThis;
      let blob: Blob | undefined;
      const create = win.URL.createObjectURL;
      win.URL.createObjectURL = (b: Blob | MediaSource) => {
        blob = b as Blob;
        return create.call(win.URL, b);
      };
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="download"]')!.click();
      await waitUntil(() => blob, 'a CSV blob', { timeout: 5000 });
      expect(new Uint8Array(await blob!.arrayBuffer()).slice(0, 3)).to.deep.equal(new Uint8Array([0xef, 0xbb, 0xbf]));
      // Spacer rows and the table's width were set through the CSSOM, without a blocked style.
      await aTimeout(100);
      expect(violations).to.deep.equal([]);
    });
  });
});

// ------------------------------------------------------------------ virtualisation

describe('<madang-budget-table> virtualisation', () => {
  it('20,000 lines: a window of rows in the DOM, aria-rowcount for all; scrolling moves aria-rowindex; focus survives', async () => {
    const data = bench(20_000);
    const el = await table(data, { view: 'flat' }, { height: 600 });
    const t = tableEl(el);
    expect(t.getAttribute('aria-rowcount')).to.equal('20002');
    const drawn = rows(el);
    expect(drawn.length).to.be.within(10, 60);
    expect(drawn[0]!.getAttribute('aria-rowindex')).to.equal('2');
    // Spacers: no aria-rowindex, hidden, sized through the CSSOM.
    const spacers = qa(el, 'tbody tr.sp');
    expect(spacers.every((s) => !s.hasAttribute('aria-rowindex') && s.getAttribute('aria-hidden') === 'true')).to.equal(true);
    const rowHeight = drawn[0]!.getBoundingClientRect().height;
    expect(Math.round(q(el, '.scroll')!.scrollHeight / rowHeight)).to.be.within(20_000, 20_006);
    // Focus a cell of the first row, then scroll far away: the row stays in the DOM, focused.
    const cell = drawn[0]!.querySelectorAll('td')[0]!;
    cell.focus();
    await settle(el);
    const scroller = q(el, '.scroll')!;
    scroller.scrollTop = rowHeight * 10_000;
    scroller.dispatchEvent(new Event('scroll'));
    await settle(el);
    const indices = rows(el).map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(indices[0]).to.equal(2);
    expect(indices.slice(1).every((i) => i > 9_000 && i < 10_100)).to.equal(true);
    expect(focused(el)).to.equal(cell);
    expect(cell.isConnected).to.equal(true);
    // The keyboard brings the focused row back into view.
    await keys('ArrowDown');
    await settle(el);
    expect(focused(el)?.closest('tr')!.getAttribute('aria-rowindex')).to.equal('3');
    expect(scroller.scrollTop).to.be.lessThan(rowHeight * 2);
    // PageDown and Ctrl+End scroll with the focus.
    await keys('Control+End');
    await settle(el);
    expect(focused(el)?.closest('tr')!.getAttribute('aria-rowindex')).to.equal('20001');
    const last = focused(el)!.closest('tr')!.getBoundingClientRect();
    const box = scroller.getBoundingClientRect();
    expect(last.bottom).to.be.at.most(box.bottom + 1);
    await expect(el).to.be.accessible();
  });
});

// ------------------------------------------------------------------ static files and the API

describe('<madang-budget-table> sources', () => {
  const summary = (el: Element) => rows(el).map((r) => `${nameOf(r)} ${spoken(r.querySelectorAll('td')[1])}`);

  it('src: a UTF-8 CSV with a BOM and the same file in CP949 read alike', async () => {
    const utf8 = await table(undefined, { src: FIXTURES + 'budget-utf8-bom.csv' });
    const cp949 = await table(undefined, { src: FIXTURES + 'budget-cp949.csv', view: 'flat', q: '똠방' });
    expect(names(cp949)).to.deep.equal(['똠방 지원사업']);
    cp949.view = 'tree';
    cp949.q = '';
    await settle(cp949);
    expect(summary(cp949)).to.deep.equal(summary(utf8));
    expect(text(q(utf8, '[part~="source"]'))).to.equal('출처: 시험용 예산 자료 · 기준일: 제공되지 않음');
  });

  it('src: a Fiscal Data Package (datapackage.json and its CSV), with its title, source and as-of date', async () => {
    const el = await table(undefined, { src: FIXTURES + 'datapackage.json' });
    expect(text(q(el, '[part~="heading"]'))).to.equal('보건복지부 2025년 예산 (시험)');
    expect(names(el)).to.deep.equal(['사회복지', '보건']);
    expect(spoken(rows(el)[0]!.querySelectorAll('td')[0])).to.equal('107,186,800,000,000원');
    expect(text(q(el, '[part~="source"]'))).to.equal('출처: 메디칼타임즈 · 기준일: 2024년 12월 10일');
    await expect(el).to.be.accessible();
  });

  describe('the API', () => {
    let dataset: string;
    before(async () => {
      const csv = await (await fetch(FIXTURES + 'budget-utf8-bom.csv')).text();
      ({ id: dataset } = await post<{ id: string }>('/__madang/budgets', { csv }));
    });
    const api = (attrs: Record<string, string> = {}) => table(undefined, { api: cfg.api, 'site-key': cfg.siteKey, dataset, ...attrs });

    it('tree, drill-down and expanded rows through the SDK, the same as the static file; axe', async () => {
      const el = await api();
      const local = await table(await lines());
      expect(summary(el)).to.deep.equal(summary(local));
      expect(text(q(el, '[part~="heading"]'))).to.equal('시험 예산');
      expect(text(q(el, '[part~="source"]'))).to.equal('출처: 시험 출처 · 기준일: 2025년 3월 31일');
      rowByName(el, '사회복지').querySelector<HTMLButtonElement>('.drill')!.click();
      await waitUntil(() => names(el).join() === '노인,기초생활보장', 'drilled', { timeout: 10_000 });
      rowByName(el, '노인').querySelector<HTMLElement>('.tw')!.click();
      await waitUntil(() => names(el).length === 4, 'expanded', { timeout: 10_000 });
      expect(names(el)).to.deep.equal(['노인', '기초연금', '노인일자리', '기초생활보장']);
      expect(rowByName(el, '기초연금').getAttribute('aria-level')).to.equal('2');
      await expect(el).to.be.accessible();
    });

    it('year, phase, comparison and flat views, sorting and filtering on the server, and the CSV', async () => {
      const el = await api({ year: '2024', phase: 'executed' });
      expect(names(el)).to.deep.equal(['일반·지방행정', '사회복지', '보건']);
      expect(spoken(rowByName(el, '사회복지').querySelectorAll('td')[1])).to.equal('28,898,900,000,000원');
      el.q = '보건';
      await waitUntil(() => names(el).join() === '보건', 'filtered', { timeout: 10_000 });
      el.q = '';
      el.view = 'comparison';
      el.item = '국외업무여비';
      await waitUntil(() => el.state === 'ready' && !!q(el, 'select[data-k="item"]'), 'comparison', { timeout: 10_000 });
      await waitUntil(() => names(el).join() === '행정안전부,보건복지부', 'compared', { timeout: 10_000 });
      expect(spoken(rowByName(el, '보건복지부').querySelectorAll('td')[0])).to.equal('700,000,000원');
      el.view = 'flat';
      el.item = undefined;
      el.sort = 'amount';
      el.order = 'asc';
      // The smallest settled amounts first: 국제협력 (보건복지부, 7억), then 똠방 지원사업 (9억).
      await waitUntil(() => tableEl(el)?.getAttribute('role') === 'grid' && names(el).slice(0, 2).join() === '국제협력,똠방 지원사업', 'flat', { timeout: 10_000 });
      expect(tableEl(el).getAttribute('aria-rowcount')).to.equal('14');
      const records = parseCsv((await el.toCsv()).slice(1));
      expect(records).to.have.length(13);
      expect(records[1]!.slice(0, 3)).to.deep.equal(['2024', '결산', '국제협력']);
      expect(records.slice(1).map((r) => Number(r.at(-1)))).to.deep.equal(records.slice(1).map((r) => Number(r.at(-1))).sort((a, b) => a - b));
      await expect(el).to.be.accessible();
    });

    it('an unknown dataset is a readable error with retry', async () => {
      const el = await mount({ attrs: { api: cfg.api, 'site-key': cfg.siteKey, dataset: 'bds_doesnotexist1' } });
      await until(el, 'error');
      await expectErrorWithRetry(el, '예산 데이터셋을 찾을 수 없습니다. 삭제되었을 수 있습니다.');
    });

    it('keeps the SDK client out until needed: a table of static data makes no API request', async () => {
      const requests: string[] = [];
      const original = window.fetch;
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(String(input instanceof Request ? input.url : input));
        return original(input, init);
      };
      try {
        await table(await lines());
      } finally {
        window.fetch = original;
      }
      expect(requests.filter((u) => u.includes('/v1/'))).to.deep.equal([]);
    });
  });
});

// ------------------------------------------------------------------ text, numbers, layout, theming

describe('<madang-budget-table> text, numbers, layout and theming', () => {
  it('hostile names render as text', async () => {
    const base = (await lines())[0]!;
    const data = HOSTILE_STRINGS.map((s, i) => ({ ...base, amount: 1000 * (i + 1), path: [{ code: null, name: s.value }], organization: { code: null, name: s.value } }));
    const el = await table(data);
    expect(qa(el, 'script, img, b, i')).to.have.length(0);
    const shown = rows(el).map(nameOf);
    for (const s of HOSTILE_STRINGS) expect(shown, s.name).to.include(s.value);
    el.view = 'flat';
    await settle(el);
    expect(qa(el, 'script, img, b, i')).to.have.length(0);
    // A 5,000-character word stays inside the table's own scroll box.
    expect(q(el, '[part~="base"]')!.scrollWidth).to.be.at.most(q(el, '[part~="base"]')!.clientWidth + 1);
    await expect(el).to.be.accessible();
  });

  it('amounts: 조/억/만 in Korean and T/B/M in English, with the exact figure on hover and focus', async () => {
    const base = (await lines())[0]!;
    const amounts = [673_300_000_000_000, 1_234_567_890, 56_780_000, 9_999];
    const data = amounts.map((amount, i) => ({ ...base, amount, path: [{ code: String(i), name: `항목${i}` }] }));
    const el = await table(data, { sort: 'amount' }, { width: 800 });
    const shown = () => rows(el).map((r) => text(r.querySelector('td.amt [aria-hidden="true"]')));
    expect(shown()).to.deep.equal(['673.3조원', '12.3억원', '5,678만원', '9,999원']);
    expect(rows(el).map((r) => spoken(r.querySelector('td.amt')))).to.deep.equal(amounts.map((a) => formatBudgetAmount(a, 'ko')));
    // The exact figure shows (as a tooltip) when the cell has focus; hidden otherwise.
    const cell = rows(el)[1]!.querySelector<HTMLElement>('td.amt')!;
    const exact = cell.querySelector<HTMLElement>('.x')!;
    expect(exact.getBoundingClientRect().width).to.be.at.most(1);
    cell.focus();
    expect(exact.getBoundingClientRect().width).to.be.greaterThan(40);
    expect(text(exact)).to.equal('1,234,567,890원');
    el.setAttribute('lang', 'en');
    await until(el, 'ready');
    await settle(el);
    expect(shown()).to.deep.equal(['₩673.3T', '₩1.2B', '₩56.8M', '₩10K']);
  });

  it('320 px: no sideways scroll outside the table, a sticky name column; 200% zoom alike', async () => {
    const el = await table(await lines(), { year: '2024' }, { width: 320 });
    const base = q(el, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    const scroller = q(el, '.scroll')!;
    expect(scroller.scrollWidth).to.be.greaterThan(scroller.clientWidth);
    const name = rows(el)[0]!.querySelector('th')!;
    const before = name.getBoundingClientRect().left;
    scroller.scrollLeft = 200;
    await aTimeout(50);
    expect(Math.abs(name.getBoundingClientRect().left - before)).to.be.below(1);
    expect(getComputedStyle(name).position).to.equal('sticky');
    // 200% zoom: the same widget in a 640 px viewport is 320 CSS px wide at twice the size.
    await setViewport({ width: 640, height: 800 });
    try {
      el.style.fontSize = '200%';
      await settle(el);
      expect(base.scrollWidth).to.be.at.most(base.clientWidth + 1);
    } finally {
      el.style.fontSize = '';
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('theming: KRDS page sizes, brand colour, dark mode, forced colours; styles only from adopted sheets and the CSSOM', async () => {
    const el = await table(await lines());
    expectReadableOnKrdsPage(budgetTableStyles, el, () => [q(el, '[part~="download"]')!, ...qa(el, 'select'), q(el, '[part~="filter"]')!]);
    // Links in the table (drill-down names) take the brand colour: default, KRDS token, then --madang-color-brand.
    const drill = q(el, '.drill')!;
    const color = () => getComputedStyle(drill).color;
    expect(color()).to.equal('rgb(37, 110, 244)');
    el.style.setProperty('--krds-light-color-button-primary-fill', 'rgb(0, 100, 0)');
    expect(color()).to.equal('rgb(0, 100, 0)');
    el.style.setProperty('--madang-color-brand', 'rgb(120, 0, 0)');
    expect(color()).to.equal('rgb(120, 0, 0)');
    el.style.setProperty('--madang-radius', '0px');
    expect(getComputedStyle(q(el, '[part~="download"]')!).borderTopLeftRadius).to.equal('0px');
    for (const p of ['--krds-light-color-button-primary-fill', '--madang-color-brand', '--madang-radius']) el.style.removeProperty(p);
    expectNoInlineStyles(el, true);
    for (const styled of qa(el, '[style]')) expect(['TR', 'TABLE']).to.include(styled.tagName);
    await expectDarkMode(el);
    await withForcedColors(async () => {
      await expect(el).to.be.accessible();
    });
  });
});
