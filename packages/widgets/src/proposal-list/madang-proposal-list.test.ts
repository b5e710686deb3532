/**
 * <madang-proposal-list> in Chromium against the real Madang server (started by
 * web-test-runner.config.mjs, which also serves the /__madang/* fixture routes used here).
 * Every test that needs proposals makes its own site (POST /__madang/sites), so counts and
 * orders are deterministic; every state is checked with axe.
 *
 * Note: the server limits proposal submissions to 5 per minute per (site, IP) by default, so no
 * test files more than 5 proposals on one site.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LocalizedText, Proposal, ProposalSettingsUpdate, ProposalState, SupportReceipt } from '@madang/contracts';
import { HOSTILE_STRINGS } from '../../../server/test/hostile-strings.js';
import {
  active,
  cfg,
  createSite,
  expectBrandTheming,
  expectBusyWhileHeld,
  expectConfigError,
  expectDarkMode,
  expectErrorWithRetry,
  expectFocusRing,
  expectLoading,
  expectNoInlineStyles,
  expectOneKey,
  expectReadableOnKrdsPage,
  holdRequests,
  intercept,
  liveRegion,
  loseFirstResponse,
  mountElement,
  post,
  q,
  qa,
  siteAttributes,
  type SiteOptions,
  text,
  until as untilState,
  useFixtureServer,
  withForcedColors,
  withoutLocalStorage,
} from '../../test/helpers.js';
import {
  MadangProposalList,
  MadangProposalListConfigError,
  MadangProposalListErrorEvent,
  MadangSupportEvent,
  type ProposalListState,
} from './define.js';
import { proposalListStyles } from './styles.js';

useFixtureServer();

// ------------------------------------------------------------------ helpers

const CATEGORIES = [
  { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
  { id: 'transport', label: { ko: '교통', en: 'Transport' } },
  // No English label: the Korean one is shown in English mode, marked lang="ko".
  { id: 'housing', label: { ko: '주거' } },
];

/** A fresh site of its own (minFillSeconds 0, so the fixture can submit right after the challenge). */
const newSite = (settings: ProposalSettingsUpdate = {}) => createSite({ minFillSeconds: 0, categories: CATEGORIES, ...settings });

type Step = { to: ProposalState; note?: LocalizedText };
const PUBLISH: Step[] = [{ to: 'under_review' }, { to: 'published' }];

async function addProposal(
  siteKey: string,
  o: { title: string; body?: string; category?: string; path?: Step[]; supports?: number },
): Promise<Proposal> {
  return post<Proposal>('/__madang/proposals', {
    siteKey,
    proposal: { title: o.title, body: o.body ?? `${o.title}에 대한 제안 본문입니다.`, category: o.category ?? 'welfare' },
    path: o.path ?? PUBLISH,
    supports: o.supports ?? 0,
  });
}

const transition = (siteKey: string, id: string, to: ProposalState, note?: LocalizedText) =>
  post('/__madang/proposal-transition', { siteKey, id, to, ...(note ? { note } : {}) });

interface MountOptions extends SiteOptions {
  sort?: string;
  pageSize?: string;
  category?: string;
  voterToken?: string;
  width?: number;
}

const mount = (o: MountOptions = {}) =>
  mountElement<MadangProposalList>(
    'madang-proposal-list',
    { ...siteAttributes(o), sort: o.sort, 'page-size': o.pageSize, category: o.category, 'voter-token': o.voterToken },
    o,
  );

/** After the pending update (a changed attribute starts loading there), waits for `state`. */
async function until(el: MadangProposalList, state: ProposalListState, timeout?: number) {
  await el.updateComplete;
  await untilState(el, state, timeout);
}

/** The text without aria-hidden decorations (arrows, check marks). */
const label = (node: Element | null | undefined) => {
  if (!node) return '';
  const copy = node.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return text(copy);
};
const item = (el: Element, id: string) => q(el, `li[data-proposal="${id}"]`)!;
const inItem = <T extends Element = HTMLElement>(el: Element, id: string, sel: string) => item(el, id)?.querySelector<T>(sel) ?? null;
/** The <dd> of one fact (category, dates, …) of a proposal, by its <dt> label. */
const fact = (el: Element, id: string, label: string) =>
  [...item(el, id).querySelectorAll('.facts > div')].find((d) => text(d.querySelector('dt')) === label)?.querySelector('dd') ?? null;
const titles = (el: Element) => qa(el, '[part~="title"]').map(text);
const supportButton = (el: Element, id: string) => inItem<HTMLButtonElement>(el, id, '[part~="support"]');
const countText = (el: Element, id: string) => text(inItem(el, id, '.count'));
const pageButton = (el: Element, dir: 'previous' | 'next') => q<HTMLButtonElement>(el, `[part~="page-button"][data-dir="${dir}"]`)!;
/** Waits until proposal `id` shows "You support this", and for the render after. */
async function supported(el: MadangProposalList, id: string, what = 'supported') {
  await waitUntil(() => inItem(el, id, '[part~="supported"]'), what, { timeout: 10_000 });
  await el.updateComplete;
}

const isSupportPost = (req: Request) => req.method === 'POST' && /\/v1\/proposals\/[^/]+\/supports$/.test(new URL(req.url).pathname);
const isListGet = (req: Request) => req.method === 'GET' && new URL(req.url).pathname === '/v1/proposals';

// ------------------------------------------------------------------ states

describe('<madang-proposal-list> states', () => {
  it('loading: reserves its space, says so, exposes data-state and passes axe', async () => {
    const el = await mount({ api: cfg.hangApi });
    await expectLoading(el, 250, '제안을 불러오는 중입니다…');
  });

  it('ready: published, accepted, rejected and forwarded proposals with state, category, dates, answer and threshold; axe', async () => {
    const siteKey = await newSite({ supportThreshold: 3 });
    const published = await addProposal(siteKey, { title: '버스 정류장에 그늘막을 설치해 주세요', category: 'transport', supports: 1 });
    const accepted = await addProposal(siteKey, {
      title: '공공 도서관 야간 개방',
      path: [...PUBLISH, { to: 'accepted', note: { ko: '내년 예산에 반영하겠습니다.', en: 'We will fund it next year.' } }],
    });
    const rejected = await addProposal(siteKey, {
      title: '모든 도로를 무료로',
      category: 'transport',
      path: [...PUBLISH, { to: 'rejected', note: { ko: '법령상 어렵습니다.', en: 'The law does not allow it.' } }],
    });
    const forwarded = await addProposal(siteKey, { title: '어린이 통학로 안전 강화', supports: 3 });
    expect(forwarded.state).to.equal('forwarded');

    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(el.getAttribute('data-state')).to.equal('ready');
    expect(text(q(el, 'h2'))).to.equal('시민 제안');
    expect(text(q(el, '.total'))).to.equal('총 4건');
    // Newest first by default.
    expect(titles(el)).to.deep.equal([forwarded.title, rejected.title, accepted.title, published.title]);
    expect(qa(el, 'h3[part~="title"]')).to.have.length(4);
    for (const h of qa(el, '[part~="title"]')) expect(h.getAttribute('dir')).to.equal('auto');

    // State labels from shared/proposal-states.ts.
    expect(text(inItem(el, published.id, '[part~="state"]'))).to.equal('공개 (공감 받는 중)');
    expect(text(inItem(el, accepted.id, '[part~="state"]'))).to.equal('채택');
    expect(text(inItem(el, rejected.id, '[part~="state"]'))).to.equal('불채택');
    expect(text(inItem(el, forwarded.id, '[part~="state"]'))).to.equal('위원회 회부');

    // Category labels come from the site's settings; dates are formatted.
    expect(text(fact(el, published.id, '분야'))).to.equal('교통');
    expect(text(fact(el, accepted.id, '분야'))).to.equal('복지');
    expect(text(fact(el, published.id, '상태'))).to.equal('공개 (공감 받는 중)');
    const fmt = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'long' });
    const times = [...item(el, published.id).querySelectorAll('.facts time')];
    expect(times.map((t) => t.getAttribute('datetime'))).to.deep.equal([published.submittedAt, published.publishedAt]);
    expect(text(times[1])).to.equal(fmt.format(new Date(published.publishedAt!)));

    // Public answers, labelled, for accepted and rejected ones only.
    expect(text(inItem(el, accepted.id, '[part~="answer"] h4'))).to.equal('기관 답변');
    expect(text(inItem(el, accepted.id, '[part~="answer"] p'))).to.equal('내년 예산에 반영하겠습니다.');
    expect(text(inItem(el, rejected.id, '[part~="answer"] p'))).to.equal('법령상 어렵습니다.');
    expect(inItem(el, published.id, '[part~="answer"]')).to.equal(null);
    expect(inItem(el, forwarded.id, '[part~="answer"]')).to.equal(null);

    // Support progress toward the threshold, as text and as a native <progress>.
    expect(countText(el, published.id)).to.equal('1 / 3 — 3명이 공감하면 위원회에 회부됩니다');
    const bar = inItem<HTMLProgressElement>(el, published.id, 'progress')!;
    expect([bar.value, bar.max]).to.deep.equal([1, 3]);
    expect(bar.getAttribute('aria-labelledby')).to.equal(inItem(el, published.id, '.count')!.id);
    expect(countText(el, forwarded.id)).to.equal('3 / 3 — 공감 기준에 도달했습니다');
    const forwardedAt = forwarded.threshold?.forwardedAt ?? forwarded.history.at(-1)!.at;
    expect(text(inItem(el, forwarded.id, '.forwarded'))).to.equal(`${fmt.format(new Date(forwardedAt))}에 위원회에 회부되었습니다.`);

    // The support button only where support is taken.
    expect(text(supportButton(el, published.id))).to.equal('공감합니다');
    for (const p of [accepted, rejected, forwarded]) expect(supportButton(el, p.id)).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('unpublished proposals (submitted, under review) never appear', async () => {
    const siteKey = await newSite();
    await addProposal(siteKey, { title: '막 접수된 제안', path: [] });
    await addProposal(siteKey, { title: '검토 중인 제안', path: [{ to: 'under_review' }] });
    await addProposal(siteKey, { title: '접수 후 바로 불채택', path: [{ to: 'rejected', note: { ko: '중복 제안입니다.' } }] });
    const visible = await addProposal(siteKey, { title: '공개된 제안' });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal([visible.title]);
    expect(text(q(el, '.total'))).to.equal('총 1건');
    expect(text(q(el, '[part~="base"]'))).not.to.contain('막 접수된 제안');
    expect(text(q(el, '[part~="base"]'))).not.to.contain('검토 중인 제안');
    expect(text(q(el, '[part~="base"]'))).not.to.contain('접수 후 바로 불채택');
  });

  it('expanded item: "더 보기" discloses the full text and the state history (aria-expanded); "접기" collapses; axe', async () => {
    const siteKey = await newSite();
    const long = Array.from({ length: 30 }, (_, i) => `${i + 1}번째 줄: 지하철 막차 시간을 30분 늦춰 주세요.`).join('\n');
    const p = await addProposal(siteKey, {
      title: '지하철 막차 연장',
      body: long,
      path: [...PUBLISH, { to: 'accepted', note: { ko: '시범 운행을 시작합니다.', en: 'A trial starts.' } }],
    });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    const more = inItem<HTMLButtonElement>(el, p.id, '[part~="more"]')!;
    const body = inItem(el, p.id, '[part~="body"]')!;
    expect(text(more)).to.equal('더 보기');
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(more.getAttribute('aria-controls')).to.equal(inItem(el, p.id, '.content')!.id);
    expect(body.getAttribute('dir')).to.equal('auto');
    // The full text is there as text; only its box is clamped to a few lines.
    expect(body.textContent).to.equal(long);
    const collapsed = body.getBoundingClientRect().height;
    expect(collapsed).to.be.below(200);
    expect(inItem(el, p.id, '[part~="history"]')).to.equal(null);

    more.click();
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('true');
    expect(text(more)).to.equal('접기');
    expect(body.getBoundingClientRect().height).to.be.above(collapsed * 3);
    // The history module is imported on the first expansion.
    await waitUntil(() => inItem(el, p.id, '[part~="history"]'), 'history shown');
    const history = inItem(el, p.id, '[part~="history"]')!;
    expect(text(history.querySelector('h4'))).to.equal('처리 경과');
    expect([...history.querySelectorAll('li')].map((li) => li.getAttribute('data-state'))).to.deep.equal([
      'submitted',
      'under_review',
      'published',
      'accepted',
    ]);
    expect(text(history)).to.contain('시범 운행을 시작합니다.');
    await expect(el).to.be.accessible();

    more.click();
    await el.updateComplete;
    expect(more.getAttribute('aria-expanded')).to.equal('false');
    expect(inItem(el, p.id, '[part~="history"]')).to.equal(null);
  });

  it('empty: a readable notice (also for an empty category); axe', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'empty');
    expect(el.getAttribute('data-state')).to.equal('empty');
    expect(text(q(el, '.empty'))).to.equal('아직 공개된 제안이 없습니다.');
    expect(q(el, 'ol')).to.equal(null);
    expect(q(el, '[part~="pagination"]')).to.equal(null);
    await expect(el).to.be.accessible();

    await addProposal(siteKey, { title: '복지 제안', category: 'welfare' });
    const filtered = await mount({ siteKey, category: 'transport' });
    await until(filtered, 'empty');
    expect(text(q(filtered, '.empty'))).to.equal('‘교통’ 분야에 공개된 제안이 아직 없습니다.');
  });

  it('category filter: only that category', async () => {
    const siteKey = await newSite();
    await addProposal(siteKey, { title: '복지 제안', category: 'welfare' });
    const bus = await addProposal(siteKey, { title: '교통 제안', category: 'transport' });
    const el = await mount({ siteKey, category: 'transport' });
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal([bus.title]);
  });

  it('error: a server that is down shows the network message and a retry button; retry loads again; axe', async () => {
    const errors: MadangProposalListErrorEvent[] = [];
    const onError = (e: MadangProposalListErrorEvent) => errors.push(e);
    document.addEventListener('madang-error', onError as EventListener);
    try {
      const el = await mount({ api: cfg.deadApi });
      await until(el, 'error');
      await expectErrorWithRetry(el, '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
      expect(errors).to.have.length(1);
      expect(errors[0].bubbles && errors[0].composed).to.equal(true);
      expect((errors[0].detail.error as Error).name).to.equal('MadangNetworkError');

      // Back online: the same element loads when retried.
      const siteKey = await newSite();
      await addProposal(siteKey, { title: '다시 연결된 뒤 보이는 제안' });
      el.setAttribute('site-key', siteKey);
      el.setAttribute('api', cfg.api);
      await until(el, 'ready');
      expect(titles(el)).to.deep.equal(['다시 연결된 뒤 보이는 제안']);
    } finally {
      document.removeEventListener('madang-error', onError as EventListener);
    }
  });

  it('error while changing page: keeps the sort control, shows the error, retry loads that page', async () => {
    const siteKey = await newSite();
    const [a, b] = [await addProposal(siteKey, { title: '첫 제안' }), await addProposal(siteKey, { title: '둘째 제안' })];
    const el = await mount({ siteKey, pageSize: '1' });
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal([b.title]);
    let offline = true;
    const restore = intercept(isListGet, async (_req, forward) => {
      if (offline) throw new TypeError('Failed to fetch');
      return forward();
    });
    try {
      pageButton(el, 'next').click();
      await until(el, 'error', 20_000);
      expect(text(q(el, '[part~="message"]'))).to.equal('서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
      expect(q(el, '[part~="sort"]')).to.exist;
      await expect(el).to.be.accessible();
      offline = false;
      q<HTMLButtonElement>(el, '[part~="retry"]')!.click();
      await until(el, 'ready');
      expect(titles(el)).to.deep.equal([a.title]);
      expect(el.page).to.equal(2);
    } finally {
      restore();
    }
  });

  describe('bad attributes show a readable error (no retry) and fire madang-error', () => {
    const cases: [string, MountOptions, string, string][] = [
      ['missing api', { api: undefined }, 'api', 'api 속성이 없습니다'],
      ['api not a URL', { api: 'not a url' }, 'api', 'api 속성 값이 올바르지 않습니다'],
      ['secret key', { siteKey: 'sk_ThisIsASecretKeyThatMustNotBeHere00' }, 'site-key', '비밀 키(sk_…)'],
      ['missing site-key', { siteKey: undefined }, 'site-key', 'site-key 속성이 없습니다'],
      ['malformed site-key', { siteKey: 'pk_x' }, 'site-key', 'site-key 속성 값이 올바르지 않습니다'],
      ['unknown sort', { sort: 'oldest' }, 'sort', 'sort 속성 값이 올바르지 않습니다'],
      ['page-size 0', { pageSize: '0' }, 'page-size', 'page-size 속성 값이 올바르지 않습니다'],
      ['page-size above 50', { pageSize: '51' }, 'page-size', 'page-size 속성 값이 올바르지 않습니다'],
      ['page-size not a number', { pageSize: 'ten' }, 'page-size', 'page-size 속성 값이 올바르지 않습니다'],
      ['malformed category', { category: 'Not A Category!' }, 'category', 'category 속성 값이 올바르지 않습니다'],
    ];
    for (const [name, opts, attribute, snippet] of cases) {
      it(name, () =>
        expectConfigError(() => mount(opts), { cannotShow: '제안 목록을 표시할 수 없습니다', snippet, ConfigError: MadangProposalListConfigError, attribute }),
      );
    }

    it('fixing the attribute loads the list', async () => {
      const siteKey = await newSite();
      await addProposal(siteKey, { title: '고친 뒤 보이는 제안' });
      const el = await mount({ siteKey, pageSize: '500' });
      await until(el, 'error');
      el.setAttribute('page-size', '50');
      await until(el, 'ready');
      expect(titles(el)).to.deep.equal(['고친 뒤 보이는 제안']);
    });
  });
});

// ------------------------------------------------------------------ sorting and paging

describe('<madang-proposal-list> sorting and paging', () => {
  it('newest vs most supported: the order is right; switching keeps focus on the control and announces it', async () => {
    const siteKey = await newSite();
    const a = await addProposal(siteKey, { title: 'A 공감 1', supports: 1 });
    const b = await addProposal(siteKey, { title: 'B 공감 3', supports: 3 });
    const c = await addProposal(siteKey, { title: 'C 공감 2', supports: 2 });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal([c.title, b.title, a.title]);
    const select = q<HTMLSelectElement>(el, 'select[part~="sort"]')!;
    expect(select.value).to.equal('newest');
    expect(text(q(el, `label[for="${select.id}"]`))).to.equal('정렬');
    expect([...select.options].map((o) => text(o))).to.deep.equal(['최신순', '공감 많은 순']);

    select.focus();
    select.value = 'support';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    expect(active(el)).to.equal(select);
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal([b.title, c.title, a.title]);
    expect(active(el)).to.equal(select);
    await waitUntil(() => text(liveRegion(el)) === '공감 많은 순으로 정렬했습니다.', 'sort announced');

    // The attribute sets the starting order.
    const bySupport = await mount({ siteKey, sort: 'support' });
    await until(bySupport, 'ready');
    expect(titles(bySupport)).to.deep.equal([b.title, c.title, a.title]);
    expect(q<HTMLSelectElement>(bySupport, 'select')!.value).to.equal('support');
  });

  it('paging keeps focus sensible: heading focused, "n쪽 / 총 m쪽" announced, loading keeps the layout', async () => {
    const siteKey = await newSite();
    for (let i = 1; i <= 5; i++) await addProposal(siteKey, { title: `제안 ${i}` });
    const el = await mount({ siteKey, pageSize: '2' });
    await until(el, 'ready');
    expect(titles(el)).to.deep.equal(['제안 5', '제안 4']);
    const nav = q(el, 'nav[part~="pagination"]')!;
    expect(nav.getAttribute('aria-label')).to.equal('제안 목록 쪽 이동');
    expect(text(nav.querySelector('.page-of'))).to.equal('1 / 3쪽');
    expect(text(q(el, '.total'))).to.equal('총 5건');
    expect(pageButton(el, 'previous').getAttribute('aria-disabled')).to.equal('true');
    expect(pageButton(el, 'next').getAttribute('aria-disabled')).to.equal('false');
    expect([label(pageButton(el, 'previous')), label(pageButton(el, 'next'))]).to.deep.equal(['이전 쪽', '다음 쪽']);

    // Hold page 2 on its way: the old items stay, dimmed and busy; the box does not collapse.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const restore = intercept(isListGet, async (_req, forward) => {
      await gate;
      return forward();
    });
    try {
      const before = q(el, '[part~="base"]')!.getBoundingClientRect().height;
      pageButton(el, 'next').click();
      await el.updateComplete;
      expect(el.state).to.equal('loading');
      expect(el.getAttribute('data-state')).to.equal('loading');
      expect(titles(el)).to.deep.equal(['제안 5', '제안 4']);
      expect(q(el, 'ol[part~="list"]')!.getAttribute('aria-busy')).to.equal('true');
      expect(text(q(el, '.loading-note'))).to.equal('목록을 불러오는 중입니다…');
      expect(q(el, '[part~="base"]')!.getBoundingClientRect().height).to.be.at.least(before - 1);
      expect(q(el, '.skeleton')).to.equal(null);
      await expect(el).to.be.accessible();
      release();
      await until(el, 'ready');
    } finally {
      restore();
    }
    expect(titles(el)).to.deep.equal(['제안 3', '제안 2']);
    expect(el.page).to.equal(2);
    await waitUntil(() => active(el) === q(el, 'h2[part~="heading"]'), 'the heading takes focus');
    await waitUntil(() => text(liveRegion(el)) === '2쪽 / 총 3쪽', 'page change announced');
    expect(text(q(el, '.page-of'))).to.equal('2 / 3쪽');
    expect(text(q(el, '.loading-note'))).to.equal('');

    // Keyboard: Enter on "다음 쪽".
    pageButton(el, 'next').focus();
    await sendKeys({ press: 'Enter' });
    await until(el, 'ready');
    await waitUntil(() => titles(el)[0] === '제안 1', 'page 3 shown');
    expect(titles(el)).to.deep.equal(['제안 1']);
    await waitUntil(() => active(el) === q(el, 'h2[part~="heading"]'), 'the heading takes focus');
    await waitUntil(() => text(liveRegion(el)) === '3쪽 / 총 3쪽');
    expect(pageButton(el, 'next').getAttribute('aria-disabled')).to.equal('true');
    pageButton(el, 'next').click();
    await el.updateComplete;
    expect(el.state).to.equal('ready');
    expect(el.page).to.equal(3);

    pageButton(el, 'previous').click();
    await until(el, 'ready');
    await waitUntil(() => el.page === 2 && titles(el)[0] === '제안 3');
    await waitUntil(() => active(el) === q(el, 'h2[part~="heading"]'), 'the heading takes focus');
    await expect(el).to.be.accessible();
  });
});

// ------------------------------------------------------------------ support

describe('<madang-proposal-list> support', () => {
  it('a click supports: the count updates, the button becomes "공감했습니다", it is announced and remembered; axe', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '공원에 음수대를', supports: 2 });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(countText(el, p.id)).to.equal('공감 2명');
    const events: MadangSupportEvent[] = [];
    const onSupport = (e: MadangSupportEvent) => events.push(e);
    document.addEventListener('madang-support', onSupport);
    try {
      supportButton(el, p.id)!.click();
      await supported(el, p.id);
    } finally {
      document.removeEventListener('madang-support', onSupport);
    }
    await el.updateComplete;
    expect(countText(el, p.id)).to.equal('공감 3명');
    expect(supportButton(el, p.id)).to.equal(null);
    const done = inItem(el, p.id, '[part~="supported"]')!;
    expect(text(done)).to.equal('✓ 공감했습니다');
    expect(active(el)).to.equal(done);
    await waitUntil(() => text(liveRegion(el)) === '‘공원에 음수대를’ 제안에 공감했습니다. 지금 공감 3명입니다.', 'announced');
    expect(events).to.have.length(1);
    expect(events[0].detail.proposalId).to.equal(p.id);
    expect(events[0].detail.receipt.supportCount).to.equal(3);
    expect(events[0].bubbles && events[0].composed).to.equal(true);
    expect(localStorage.getItem(`madang:support:${p.id}`)).to.be.a('string');
    await expect(el).to.be.accessible();

    // Remembered: a new element (a reload) shows the supported state and the server's count.
    const again = await mount({ siteKey });
    await until(again, 'ready');
    expect(text(inItem(again, p.id, '[part~="supported"]'))).to.equal('✓ 공감했습니다');
    expect(supportButton(again, p.id)).to.equal(null);
    expect(countText(again, p.id)).to.equal('공감 3명');
  });

  it('supporting at threshold − 1 forwards the proposal, and the widget shows it', async () => {
    const siteKey = await newSite({ supportThreshold: 3 });
    const p = await addProposal(siteKey, { title: '마을버스 증차', supports: 2 });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(countText(el, p.id)).to.equal('2 / 3 — 3명이 공감하면 위원회에 회부됩니다');
    supportButton(el, p.id)!.click();
    await supported(el, p.id);
    expect(item(el, p.id).getAttribute('data-state')).to.equal('forwarded');
    expect(text(inItem(el, p.id, '[part~="state"]'))).to.equal('위원회 회부');
    expect(countText(el, p.id)).to.equal('3 / 3 — 공감 기준에 도달했습니다');
    expect(inItem<HTMLProgressElement>(el, p.id, 'progress')!.value).to.equal(3);
    expect(text(inItem(el, p.id, '.forwarded'))).to.match(/에 위원회에 회부되었습니다\.$/);
    await waitUntil(() => text(liveRegion(el)).endsWith('공감 기준에 도달하여 위원회에 회부되었습니다.'), 'forwarding announced');
    expect(text(liveRegion(el))).to.contain('지금 공감 3명입니다.');

    // The history (from the server) shows the automatic step.
    inItem<HTMLButtonElement>(el, p.id, '[part~="more"]')!.click();
    await waitUntil(() => inItem(el, p.id, '[part~="history"] li[data-state="forwarded"]'), 'forwarded in the history');
    expect(text(inItem(el, p.id, '[part~="history"] li[data-state="forwarded"]'))).to.contain('자동 (공감 기준 도달)');
    await expect(el).to.be.accessible();
  });

  it('keyboard only: Tab to the support button, Enter supports, focus lands on the confirmation', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '자전거 도로 정비', supports: 4 });
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <button id="before">before</button>
        <madang-proposal-list api=${cfg.api} site-key=${siteKey}></madang-proposal-list>
      </div>
    `);
    const el = wrapper.querySelector('madang-proposal-list')!;
    await until(el, 'ready');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(q(el, 'select[part~="sort"]'));
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(inItem(el, p.id, '[part~="more"]'));
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(supportButton(el, p.id));
    await sendKeys({ press: 'Enter' });
    await supported(el, p.id);
    expect(countText(el, p.id)).to.equal('공감 5명');
    expect(active(el)).to.equal(inItem(el, p.id, '[part~="supported"]'));
  });

  it('already supported (409, e.g. storage cleared): shows the supported state without counting twice', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '경로당 냉방비 지원', supports: 1 });
    const first = await mount({ siteKey });
    await until(first, 'ready');
    supportButton(first, p.id)!.click();
    await supported(first, p.id);
    // Forget the remembered support, keep the device id: the server still knows this browser.
    localStorage.removeItem(`madang:support:${p.id}`);
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(countText(el, p.id)).to.equal('공감 2명');
    supportButton(el, p.id)!.click();
    await supported(el, p.id, 'supported after 409');
    expect(text(item(el, p.id))).to.contain('이미 공감하신 제안입니다.');
    expect(countText(el, p.id)).to.equal('공감 2명');
    expect(active(el)).to.equal(inItem(el, p.id, '[part~="supported"]'));
    await expect(el).to.be.accessible();
  });

  it('proposal no longer open (409): a message, and the item shows its new state', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '청년 월세 지원 확대' });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    await transition(siteKey, p.id, 'accepted', { ko: '하반기부터 시행합니다.', en: 'From the second half.' });
    supportButton(el, p.id)!.click();
    await waitUntil(() => text(item(el, p.id)).includes('이 제안은 지금 공감을 받지 않습니다.'), 'not-open message', { timeout: 10_000 });
    await waitUntil(() => item(el, p.id).getAttribute('data-state') === 'accepted', 'item refreshed');
    expect(supportButton(el, p.id)).to.equal(null);
    expect(text(inItem(el, p.id, '[part~="answer"] p'))).to.equal('하반기부터 시행합니다.');
    expect(countText(el, p.id)).to.equal('공감 0명');
    expect(active(el)?.hasAttribute('data-notice')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('network failure: a message, nothing lost, and a retry with the SAME idempotency key counts once', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '횡단보도 신호 시간 연장', supports: 1 });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    const net = loseFirstResponse(isSupportPost);
    try {
      supportButton(el, p.id)!.click();
      await waitUntil(() => inItem(el, p.id, '.message.error'), 'error shown', { timeout: 20_000 });
      await el.updateComplete;
      const message = inItem(el, p.id, '.message.error')!;
      expect(text(message)).to.equal('공감을 보내지 못했습니다. 인터넷 연결을 확인한 뒤 다시 눌러 주세요. 같은 공감이 두 번 세어지지는 않습니다.');
      expect(message.getAttribute('role')).to.equal('alert');
      const button = supportButton(el, p.id)!;
      expect(text(button)).to.equal('공감합니다');
      expect(button.getAttribute('aria-describedby')).to.contain(message.id);
      expect(active(el)).to.equal(button);
      expect(el.state).to.equal('ready');
      expect(countText(el, p.id)).to.equal('공감 1명');
      await expect(el).to.be.accessible();

      net.offline = false;
      button.click();
      await supported(el, p.id, 'supported after retry');
      // A new key would have met "already supported"; the same key replays the recorded support.
      expect(text(item(el, p.id))).not.to.contain('이미 공감하신 제안입니다.');
      expect(countText(el, p.id)).to.equal('공감 2명');
      expectOneKey(net.keys);
    } finally {
      net.restore();
    }
    const last = await post<SupportReceipt>('/__madang/supports', { siteKey, id: p.id, n: 1 });
    expect(last.supportCount).to.equal(3);
  });

  it('a double click sends one support (the button is busy while sending)', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '공공 와이파이 확대' });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    const held = holdRequests(isSupportPost);
    try {
      supportButton(el, p.id)!.click();
      await el.updateComplete;
      await expectBusyWhileHeld(el, supportButton(el, p.id)!, '공감을 보내는 중입니다…', held, () => supported(el, p.id));
    } finally {
      held.restore();
    }
  });

  it('verified sites: without a voter token the button explains that login is needed; an invalid token is explained; axe', async () => {
    const siteKey = await newSite({ voterPolicy: 'verified' });
    const p = await addProposal(siteKey, { title: '주민센터 주말 운영' });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    const hint = inItem(el, p.id, '[data-notice]')!;
    expect(text(hint)).to.equal('이 제안에 공감하려면 누리집에 로그인해 주세요.');
    const button = supportButton(el, p.id)!;
    expect(button.getAttribute('aria-describedby')).to.equal(hint.id);
    let requests = 0;
    const restore = intercept(isSupportPost, async (_req, forward) => {
      requests++;
      return forward();
    });
    try {
      button.click();
      await waitUntil(() => active(el) === hint, 'the hint takes focus');
      await waitUntil(() => text(liveRegion(el)) === '이 제안에 공감하려면 누리집에 로그인해 주세요.');
      expect(requests).to.equal(0);
      await expect(el).to.be.accessible();

      el.setAttribute('voter-token', 'not.a.valid-token');
      await el.updateComplete;
      expect(inItem(el, p.id, '[data-notice]')).to.equal(null);
      supportButton(el, p.id)!.click();
      await waitUntil(() => inItem(el, p.id, '.message.error'), 'error shown', { timeout: 10_000 });
      expect(text(inItem(el, p.id, '.message.error'))).to.equal('로그인 정보가 만료되었거나 올바르지 않습니다. 다시 로그인한 뒤 다시 시도해 주세요.');
      expect(requests).to.equal(1);
      expect(supportButton(el, p.id)).to.exist;

      // A token signed by the host's login counts: once per citizen, whatever the device.
      const { token } = await post<{ token: string }>('/__madang/voter-token', { sub: `citizen-${Math.random()}`, siteKey });
      el.voterToken = token;
      await el.updateComplete;
      supportButton(el, p.id)!.click();
      await waitUntil(() => inItem(el, p.id, '[part~="supported"]'), 'supported with a valid token', { timeout: 10_000 });
      expect(requests).to.equal(2);
      expect(countText(el, p.id)).to.equal('공감 1명');
      await expect(el).to.be.accessible();
    } finally {
      restore();
    }
  });

  it('works when localStorage is unavailable (the device id and the supported state live in memory)', async () => {
    const siteKey = await newSite();
    const p = await addProposal(siteKey, { title: '보건소 야간 진료' });
    await withoutLocalStorage(async () => {
      const el = await mount({ siteKey });
      await until(el, 'ready');
      supportButton(el, p.id)!.click();
      await supported(el, p.id);
      expect(countText(el, p.id)).to.equal('공감 1명');
    });
  });
});

// ------------------------------------------------------------------ hostile text

describe('<madang-proposal-list> hostile text', () => {
  it('the hostile corpus in titles, bodies and answers is shown as text and never breaks the layout', async () => {
    const siteKey = await newSite();
    // Every string as a title or a body (at most 5 proposals per site and minute).
    const titleStrings = HOSTILE_STRINGS.filter((s) => s.fits === 'title').map((s) => s.value);
    const bodyStrings = HOSTILE_STRINGS.filter((s) => s.fits === 'body').map((s) => s.value);
    const pairs: { title: string; body: string }[] = [];
    while (titleStrings.length) {
      const title = titleStrings.shift()!;
      pairs.push({ title, body: bodyStrings.shift() ?? titleStrings.shift() ?? '평범한 본문' });
    }
    for (const body of bodyStrings) pairs.push({ title: '긴 본문', body });
    expect(pairs.length).to.be.at.most(5);
    const made: Proposal[] = [];
    for (const [i, pair] of pairs.entries()) {
      made.push(
        await addProposal(siteKey, {
          ...pair,
          // One of them answered with hostile text too.
          path: i === 0 ? [...PUBLISH, { to: 'accepted', note: { ko: '<img src=x onerror=alert(1)>', en: '<script>alert(2)</script>' } }] : PUBLISH,
        }),
      );
    }
    // A narrow container: nothing may widen it.
    const el = await mount({ siteKey, width: 320, pageSize: '50' });
    await until(el, 'ready');
    for (const more of qa<HTMLButtonElement>(el, '[part~="more"]')) more.click();
    await el.updateComplete;
    await waitUntil(() => qa(el, '[part~="history"]').length === qa(el, '[part~="more"]').length, 'every history shown');

    const root = el.shadowRoot!;
    expect(root.querySelectorAll('script, img, iframe, object, embed, a, b, i, svg')).to.have.length(0);
    const all = root.textContent ?? '';
    for (const s of HOSTILE_STRINGS) expect(all, s.name).to.contain(s.value);
    expect(all).to.contain('<img src=x onerror=alert(1)>');
    for (const p of made) {
      const title = inItem(el, p.id, '[part~="title"]')!;
      expect(title.textContent).to.equal(p.title);
      expect(title.getAttribute('dir')).to.equal('auto');
      const body = inItem(el, p.id, '[part~="body"]')!;
      expect(body.textContent).to.equal(p.body);
      expect(body.getAttribute('dir')).to.equal('auto');
    }
    expect(el.getBoundingClientRect().width).to.be.at.most(320);
    expect(el.scrollWidth).to.be.at.most(el.clientWidth);
    const base = q(el, '[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
    for (const card of qa(el, '[part~="item"]')) expect(card.scrollWidth).to.be.at.most(card.clientWidth);

    // Supporting one with a hostile title announces the title as text too.
    const target = made[1];
    supportButton(el, target.id)!.click();
    await waitUntil(() => text(liveRegion(el)).includes('공감했습니다'), 'announced', { timeout: 10_000 });
    expect(liveRegion(el).textContent).to.contain(target.title);
    expect(root.querySelectorAll('script, img, a')).to.have.length(0);
  });
});

// ------------------------------------------------------------------ language

describe('<madang-proposal-list> language', () => {
  it('English from an ancestor lang="en": UI, states, labels, numbers and dates; Korean fallback is marked lang="ko"; axe', async () => {
    const siteKey = await newSite({ supportThreshold: 1000 });
    const a = await addProposal(siteKey, { title: 'Night buses', category: 'transport', supports: 2 });
    const b = await addProposal(siteKey, {
      title: 'Rent support',
      category: 'housing',
      path: [...PUBLISH, { to: 'accepted', note: { ko: '내년부터 지원합니다.' } }],
    });
    const wrapper = await fixture<HTMLDivElement>(html`
      <div lang="en"><madang-proposal-list api=${cfg.api} site-key=${siteKey} page-size="1"></madang-proposal-list></div>
    `);
    const el = wrapper.querySelector('madang-proposal-list')!;
    await until(el, 'ready');
    expect(text(q(el, 'h2'))).to.equal('Citizen proposals');
    expect(text(q(el, '.total'))).to.equal('2 proposals');
    expect(text(q(el, 'label[for="sort"]'))).to.equal('Sort by');
    expect(qa(el, 'select option').map(text)).to.deep.equal(['Newest first', 'Most supported']);
    expect(text(q(el, '.page-of'))).to.equal('Page 1 of 2');
    expect(label(pageButton(el, 'previous'))).to.equal('Previous page');
    expect(label(pageButton(el, 'next'))).to.equal('Next page');
    expect(q(el, 'nav')!.getAttribute('aria-label')).to.equal('Proposal pages');
    // b (newest): accepted, housing (Korean-only label), answer in Korean only.
    expect(text(inItem(el, b.id, '[part~="state"]'))).to.equal('Accepted');
    expect(text(fact(el, b.id, 'Category'))).to.equal('주거');
    expect(fact(el, b.id, 'Category')!.getAttribute('lang')).to.equal('ko');
    expect(text(inItem(el, b.id, '[part~="answer"] h4'))).to.equal('Ministry’s answer');
    expect(inItem(el, b.id, '[part~="answer"] p')!.getAttribute('lang')).to.equal('ko');
    expect(text(inItem(el, b.id, '[part~="more"]'))).to.equal('Show more');
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date(b.submittedAt));
    expect(text(fact(el, b.id, 'Submitted'))).to.equal(date);
    expect(fact(el, b.id, 'Published')).to.exist;
    inItem<HTMLButtonElement>(el, b.id, '[part~="more"]')!.click();
    await waitUntil(() => inItem(el, b.id, '[part~="history"] h4'), 'history shown');
    expect(text(inItem(el, b.id, '[part~="history"] h4'))).to.equal('State history');
    expect(text(inItem(el, b.id, '[part~="more"]'))).to.equal('Show less');
    await expect(el).to.be.accessible();

    pageButton(el, 'next').click();
    await until(el, 'ready');
    await waitUntil(() => !!item(el, a.id));
    await waitUntil(() => text(liveRegion(el)) === 'Page 2 of 2');
    expect(text(inItem(el, a.id, '[part~="state"]'))).to.equal('Published (open for support)');
    expect(text(fact(el, a.id, 'Category'))).to.equal('Transport');
    expect(fact(el, a.id, 'Category')!.hasAttribute('lang')).to.equal(false);
    expect(countText(el, a.id)).to.equal('2 / 1,000 — at 1,000 supporters this goes to the committee');
    expect(text(supportButton(el, a.id))).to.equal('I support this');
    supportButton(el, a.id)!.click();
    await waitUntil(() => inItem(el, a.id, '[part~="supported"]'), 'supported', { timeout: 10_000 });
    expect(text(inItem(el, a.id, '[part~="supported"]'))).to.equal('✓ You support this');
    await waitUntil(() => text(liveRegion(el)) === 'You support “Night buses”. It now has 3 supporters.');
    await expect(el).to.be.accessible();
  });

  it('English errors and empty state', async () => {
    const bad = await mount({ lang: 'en', siteKey: 'sk_ThisIsASecretKeyThatMustNotBeHere00' });
    await until(bad, 'error');
    expect(text(q(bad, '[part~="message"]'))).to.equal(
      'The proposals cannot be shown. Please tell the website’s administrator. (Configuration error: site-key holds a secret key (sk_…). Use the publishable key (pk_…) and revoke the secret key now)',
    );
    const down = await mount({ lang: 'en', api: cfg.deadApi });
    await until(down, 'error');
    expect(text(q(down, '[part~="message"]'))).to.equal('Cannot reach the server. Check your internet connection and try again.');
    expect(text(q(down, '[part~="retry"]'))).to.equal('Try again');
    const empty = await mount({ lang: 'en', siteKey: await newSite() });
    await until(empty, 'empty');
    expect(text(q(empty, '.empty'))).to.equal('No proposals have been published yet.');
    await expect(empty).to.be.accessible();
  });

  it('switching the page language re-renders in place', async () => {
    const siteKey = await newSite();
    await addProposal(siteKey, { title: '언어 전환' });
    const el = await mount({ siteKey });
    await until(el, 'ready');
    expect(text(q(el, 'h2'))).to.equal('시민 제안');
    el.setAttribute('lang', 'en');
    await el.updateComplete;
    expect(text(q(el, 'h2'))).to.equal('Citizen proposals');
  });
});

// ------------------------------------------------------------------ theming and embedding

describe('<madang-proposal-list> theming and embedding', () => {
  async function sample() {
    const siteKey = await newSite({ supportThreshold: 10 });
    await addProposal(siteKey, { title: '두 번째 쪽의 제안' });
    const p = await addProposal(siteKey, { title: '테마 확인용 제안', supports: 3 });
    const el = await mount({ siteKey, pageSize: '1' });
    await until(el, 'ready');
    return { el, siteKey, p };
  }

  it('uses no rem (KRDS pages set html { font-size: 62.5% }) and keeps a readable size there', async () => {
    const { el } = await sample();
    expectReadableOnKrdsPage(proposalListStyles, el, () => qa(el, 'button'));
  });

  it('touch targets: every button and the sort select are at least 44 px tall and wide', async () => {
    const { el } = await sample();
    const targets = [...qa(el, 'button'), q(el, 'select')!];
    expect(targets.length).to.be.at.least(5);
    for (const t of targets) {
      const r = t.getBoundingClientRect();
      expect(r.height, t.className).to.be.at.least(44);
      expect(r.width, t.className).to.be.at.least(44);
    }
  });

  it('brand colour: default, then the KRDS token, then --madang-color-brand wins', async () => {
    const { el } = await sample();
    expectBrandTheming(el, qa(el, '[part~="support"]')[0]);
  });

  it('dark mode: dark surface, still passes axe (contrast)', async () => {
    const { el } = await sample();
    await expectDarkMode(el);
  });

  it('forced colours: the progress bar keeps a system colour and an outline', async () => {
    const { el } = await sample();
    await withForcedColors(async () => {
      const bar = q(el, 'progress')!;
      const s = getComputedStyle(bar);
      expect(s.forcedColorAdjust).to.equal('none');
      expect(s.borderTopWidth).to.equal('1px');
      expect(bar.getBoundingClientRect().width).to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });
  });

  it('keyboard focus is visible', async () => {
    const { el } = await sample();
    const more = q<HTMLButtonElement>(el, '[part~="more"]')!;
    q<HTMLSelectElement>(el, 'select')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(more);
    expectFocusRing(more);
  });

  it('templates use no inline style attributes or <style> elements', async () => {
    const { el } = await sample();
    expectNoInlineStyles(el);
  });

  it('removed while loading, then attached again: loads the page it was on', async () => {
    const siteKey = await newSite();
    await addProposal(siteKey, { title: '첫 쪽' });
    await addProposal(siteKey, { title: '둘째 쪽' });
    const el = await mount({ siteKey, pageSize: '1' });
    await until(el, 'ready');
    let hold = true;
    const restore = intercept(isListGet, async (req, forward) => {
      if (hold) await new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)));
      return forward();
    });
    try {
      pageButton(el, 'next').click();
      await el.updateComplete;
      expect(el.state).to.equal('loading');
      const parent = el.parentElement!;
      el.remove();
      hold = false;
      parent.append(el);
      await until(el, 'ready');
      await waitUntil(() => titles(el)[0] === '첫 쪽', 'page 2 loaded');
      expect(el.page).to.equal(2);
    } finally {
      restore();
    }
  });

  it('moving the element keeps it working; another list on the page follows a support', async () => {
    const { el, siteKey, p } = await sample();
    const other = document.createElement('madang-proposal-list');
    other.setAttribute('api', cfg.api);
    other.setAttribute('site-key', siteKey);
    other.setAttribute('page-size', '1');
    el.parentElement!.append(other);
    await until(other, 'ready');
    const target = document.createElement('div');
    el.parentElement!.append(target);
    target.append(el);
    await until(el, 'ready');
    supportButton(el, p.id)!.click();
    await supported(other, p.id, 'the other list shows it');
    expect(countText(other, p.id)).to.equal('4 / 10 — 10명이 공감하면 위원회에 회부됩니다');
    other.remove();
  });
});
