/**
 * <madang-proposal-form> in Chromium against the real Madang server (started by
 * web-test-runner.config.mjs, which also serves the /__madang/* fixture routes used here).
 * Every state is checked with axe. Tests that count proposals use a site of their own.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { AdminProposalPage, Proposal, ProposalSettingsUpdate } from '@madang/contracts';
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
  expectKeyboardFocusRing,
  expectLoading,
  expectNoInlineStyles,
  expectOneKey,
  expectReadableOnKrdsPage,
  holdRequests,
  inStrictCspFrame,
  intercept,
  listen,
  liveRegion,
  loseFirstResponse,
  mountElement,
  post,
  q,
  qa,
  siteAttributes,
  type SiteOptions,
  text,
  until,
  useFixtureServer,
  withForcedColors,
} from '../../test/helpers.js';
import {
  MadangProposalForm,
  MadangProposalFormConfigError,
  MadangProposalFormErrorEvent,
  MadangProposalSubmittedEvent,
} from './define.js';
import { proposalFormStyles } from './styles.js';

useFixtureServer();

// ------------------------------------------------------------------ helpers

const CATEGORIES = [
  { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
  { id: 'transport', label: { ko: '교통', en: 'Transport' } },
];

/** A site of its own (counts are exact), filled in fast by default like the shared site. */
const newSite = (settings: ProposalSettingsUpdate = {}) => createSite({ minFillSeconds: 0, categories: CATEGORIES, ...settings });

const adminProposals = async (siteKey: string) => (await post<AdminProposalPage>('/__madang/admin-proposals', { siteKey })).items;

interface MountOptions extends SiteOptions {
  receipt?: string;
  code?: string;
  /** Where to put it (default: a fresh fixture div). */
  into?: HTMLElement;
}

const mount = (o: MountOptions = {}) =>
  mountElement<MadangProposalForm>('madang-proposal-form', { ...siteAttributes(o), receipt: o.receipt, code: o.code }, o);

const control = <T extends HTMLElement = HTMLInputElement>(el: Element, id: string) => q<T>(el, `#${id}`)!;
const submitButton = (el: Element) => q<HTMLButtonElement>(el, '[part~="submit"]')!;
const draftKey = (siteKey = cfg.siteKey, api = cfg.api) => `madang:proposal-draft:${api.replace(/\/+$/, '')}|${siteKey}`;

/** Sets a field as typing would (one input/change event), for tests that are not about the keyboard. */
async function setField(el: MadangProposalForm, id: string, value: string) {
  const c = control<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(el, id);
  c.value = value;
  c.dispatchEvent(new Event(c instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function consent(el: MadangProposalForm, item: 'name' | 'email' | 'phone', answer: 'yes' | 'no') {
  q<HTMLInputElement>(el, `input[name="consent-${item}"][value="${answer}"]`)!.click();
  await el.updateComplete;
}

async function fill(el: MadangProposalForm, p: { title: string; body: string; category?: string }) {
  await setField(el, 'title', p.title);
  await setField(el, 'body', p.body);
  await setField(el, 'category', p.category ?? 'welfare');
}

const unique = (s: string) => `${s} ${Math.random().toString(36).slice(2, 8)}`;

const isSubmit = (req: Request) => req.method === 'POST' && new URL(req.url).pathname === '/v1/proposals';
/** Routes the SDK's submit requests (POST /v1/proposals) through `handler`. */
const interceptSubmits = (handler: (req: Request, forward: (r?: Request) => Promise<Response>) => Promise<Response>) => intercept(isSubmit, handler);

async function submitAndWait(el: MadangProposalForm) {
  submitButton(el).click();
  await until(el, 'submitted');
}

// ------------------------------------------------------------------ states

describe('<madang-proposal-form> states', () => {
  it('loading: reserves its space, says so, exposes data-state and passes axe', async () => {
    const el = await mount({ api: cfg.hangApi });
    expect(q(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expectLoading(el, 300, '제안 양식을 불러오는 중입니다…');
  });

  it('form: native controls with visible labels, hints, counters, categories from the settings; axe', async () => {
    const el = await mount();
    await until(el, 'form');
    expect(el.getAttribute('data-state')).to.equal('form');
    expect(text(q(el, '[part~="heading"]'))).to.equal('정책 제안하기');
    const title = control(el, 'title');
    const body = control<HTMLTextAreaElement>(el, 'body');
    const category = control<HTMLSelectElement>(el, 'category');
    expect([title.tagName, body.tagName, category.tagName]).to.deep.equal(['INPUT', 'TEXTAREA', 'SELECT']);
    expect(text(q(el, 'label[for="title"]'))).to.contain('제목');
    expect(text(q(el, 'label[for="body"]'))).to.contain('제안 내용');
    expect(text(q(el, 'label[for="category"]'))).to.contain('분야');
    expect(title.getAttribute('aria-describedby')).to.equal('title-hint title-count');
    expect(text(q(el, '#title-hint'))).to.contain('100자 이내');
    expect(text(q(el, '#body-hint'))).to.contain('5,000자 이내');
    expect(text(q(el, '#title-count'))).to.equal('0 / 100자');
    expect(text(q(el, '#body-count'))).to.equal('0 / 5,000자');
    expect([...category.options].map((o) => [o.value, o.textContent])).to.deep.equal([
      ['', '분야를 고르세요'],
      ['welfare', '복지'],
      ['transport', '교통'],
    ]);
    // The shared site has no regions: no region field.
    expect(q(el, '#region')).to.equal(null);
    // Its contact policy is the default, optional: the consent section with one yes/no per item.
    expect(text(q(el, '#contact-heading'))).to.equal('연락처 (선택)');
    expect(qa<HTMLInputElement>(el, 'input[type="radio"]').map((r) => `${r.name}=${r.value}`)).to.deep.equal([
      'consent-name=yes',
      'consent-name=no',
      'consent-email=yes',
      'consent-email=no',
      'consent-phone=yes',
      'consent-phone=no',
    ]);
    // Contact inputs appear only after "yes".
    expect(q(el, '#contact-name')).to.equal(null);
    // The draft hint says contact details stay off the device.
    expect(text(q(el, 'form'))).to.contain('연락처는 저장하지 않습니다');
    await expect(el).to.be.accessible();
  });

  it('the honeypot: named website, out of sight, aria-hidden, not tabbable, no autofill; not sent when empty', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const hp = control(el, 'website');
    expect(hp.name).to.equal('website');
    expect(hp.tabIndex).to.equal(-1);
    expect(hp.getAttribute('autocomplete')).to.equal('off');
    expect(hp.closest('[aria-hidden="true"]')).to.not.equal(null);
    const box = hp.getBoundingClientRect();
    expect(box.right <= 0 || box.width <= 1).to.equal(true);
    const bodies: Record<string, unknown>[] = [];
    const restore = interceptSubmits(async (req, forward) => {
      bodies.push(await req.clone().json());
      return forward();
    });
    try {
      await fill(el, { title: unique('꿀단지'), body: '내용' });
      await submitAndWait(el);
    } finally {
      restore();
    }
    expect(bodies).to.have.length(1);
    expect(bodies[0].antiSpam).to.have.keys(['formToken']);
  });

  it('a filled honeypot is sent and refused as spam: a readable message, the values stay', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    await fill(el, { title: '봇', body: '봇이 쓴 글' });
    await setField(el, 'website', 'https://spam.example');
    submitButton(el).click();
    await until(el, 'error');
    expect(text(q(el, '[part~="message"][role="alert"]'))).to.equal(
      '자동으로 입력된 것으로 보여 접수하지 않았습니다. 브라우저의 자동 채우기를 끄고 다시 보내 주세요.',
    );
    expect(control(el, 'title').value).to.equal('봇');
    expect(await adminProposals(siteKey)).to.have.length(0);
  });

  it('form with errors: a focused summary "문제가 있습니다" linking every field, inline errors tied by aria-describedby; axe', async () => {
    const el = await mount();
    await until(el, 'form');
    submitButton(el).click();
    await waitUntil(() => q(el, '[part~="error-summary"]'), 'summary shown');
    await el.updateComplete;
    expect(el.state).to.equal('form');
    const summary = q(el, '[part~="error-summary"]')!;
    expect(active(el)).to.equal(summary);
    expect(text(summary.querySelector('h3'))).to.equal('문제가 있습니다');
    expect(summary.querySelector('[role="alert"]')).to.not.equal(null);
    const links = [...summary.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['#title', '#body', '#category']);
    expect(links.map(text)).to.deep.equal(['제목을 입력해 주세요.', '제안 내용을 입력해 주세요.', '분야를 골라 주세요.']);
    for (const id of ['title', 'body', 'category']) {
      const c = control(el, id);
      expect(c.getAttribute('aria-invalid'), id).to.equal('true');
      expect(c.getAttribute('aria-describedby')!.split(' '), id).to.include(`${id}-error`);
      expect(text(q(el, `#${id}-error`))).to.contain(links.find((a) => a.getAttribute('href') === `#${id}`)!.textContent!.trim());
    }
    await expect(el).to.be.accessible();

    // A link's activation focuses its field (fragments do not cross the shadow root).
    links[1].click();
    expect(active(el)).to.equal(control(el, 'body'));
    links[2].click();
    expect(active(el)).to.equal(control(el, 'category'));
    expect(location.hash).to.equal('');
  });

  it('the summary by keyboard: focus lands on it, Tab reaches the first link, Enter focuses the title field', async () => {
    const el = await mount();
    await until(el, 'form');
    await setField(el, 'title', '제목만');
    submitButton(el).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => active(el) === q(el, '[part~="error-summary"]'), 'summary focused');
    await sendKeys({ press: 'Tab' });
    expect(text(active(el))).to.equal('제안 내용을 입력해 주세요.');
    await sendKeys({ press: 'Enter' });
    expect(active(el)).to.equal(control(el, 'body'));
    // Errors only for what is wrong: the title is fine.
    expect(control(el, 'title').getAttribute('aria-invalid')).to.equal('false');
  });

  it('submitting: the button is aria-disabled and busy; a second click sends nothing; axe', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const held = holdRequests(isSubmit);
    try {
      await fill(el, { title: '보내는 중', body: '내용' });
      submitButton(el).click();
      await until(el, 'submitting');
      await expectBusyWhileHeld(el, submitButton(el), '제안을 보내는 중입니다…', held, () => until(el, 'submitted'));
    } finally {
      held.restore();
    }
    expect(await adminProposals(siteKey)).to.have.length(1);
  });

  it('submitted: receipt number and tracking code, focus on the heading, the event, the draft gone; tracking view; axe', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('버스 정류장에 그늘막을 설치해 주세요');
    await fill(el, { title, body: '여름마다 정류장에서 기다리기 힘듭니다.\n그늘막이 있으면 좋겠습니다.', category: 'transport' });
    await aTimeout(400);
    expect(localStorage.getItem(draftKey(siteKey))).to.contain(title);
    const submitted = listen<MadangProposalSubmittedEvent>('madang-proposal-submitted');
    try {
      await submitAndWait(el);
    } finally {
      submitted.stop();
    }
    expect(el.getAttribute('data-state')).to.equal('submitted');
    const heading = q(el, '[part~="heading"]')!;
    expect(text(heading)).to.equal('제안이 접수되었습니다');
    expect(active(el)).to.equal(heading);
    const receiptNumber = text(q(el, '[part~="receipt-number"]'));
    const trackingCode = text(q(el, '[part~="tracking-code"]'));
    expect(receiptNumber).to.match(/^\d{4}-\d{6}$/);
    expect(trackingCode).to.match(/^[A-Za-z0-9]{12,40}$/);
    expect(submitted.events).to.have.length(1);
    const [e] = submitted.events;
    expect(e).to.be.instanceOf(MadangProposalSubmittedEvent);
    expect(e.bubbles && e.composed).to.equal(true);
    expect(e.detail.receipt.receiptNumber).to.equal(receiptNumber);
    expect(e.detail.receipt.trackingCode).to.equal(trackingCode);
    expect(e.detail.receipt.id).to.match(/^prop_/);
    expect(localStorage.getItem(draftKey(siteKey))).to.equal(null);
    const [stored] = await adminProposals(siteKey);
    expect(stored.receiptNumber).to.equal(receiptNumber);
    expect(stored.title).to.equal(title);
    expect(stored.category).to.equal('transport');
    await expect(el).to.be.accessible();

    q<HTMLButtonElement>(el, '[part~="track"]')!.click();
    await until(el, 'tracking');
    expect(active(el)).to.equal(q(el, '[part~="heading"]'));
    expect(text(q(el, '[part~="heading"]'))).to.equal('제안 처리 상황');
    expect(text(q(el, '[part~="state"]'))).to.equal('접수');
    expect(q(el, '[part~="title"]')!.textContent).to.equal(title);
    expect(q(el, '[part~="body"]')!.textContent).to.equal('여름마다 정류장에서 기다리기 힘듭니다.\n그늘막이 있으면 좋겠습니다.');
    expect(text(q(el, '[part~="receipt"]'))).to.contain('교통');
    const history = qa(el, '[part~="history"] li');
    expect(history.map((li) => li.dataset.state)).to.deep.equal(['submitted']);
    expect(text(history[0])).to.contain('제안자');
    await expect(el).to.be.accessible();

    // "Write another" gives an empty form again.
    q<HTMLButtonElement>(el, '[part~="another"]')!.click();
    await until(el, 'form');
    expect(control(el, 'title').value).to.equal('');
    expect(active(el)).to.equal(control(el, 'title'));
  });

  it('tracking mode (receipt + code attributes): state, the public answer and the history; axe', async () => {
    const p = await post<Proposal & { trackingCode: string }>('/__madang/proposals', {
      proposal: { title: '공공 와이파이 확대', body: '도서관과 주민센터에 와이파이를 늘려 주세요.', category: 'welfare' },
      path: [
        { to: 'under_review' },
        { to: 'published' },
        { to: 'accepted', note: { ko: '내년 예산에 반영하겠습니다.', en: 'It will be in next year’s budget.' } },
      ],
    });
    const el = await mount({ receipt: p.receiptNumber, code: p.trackingCode });
    await until(el, 'tracking');
    expect(el.getAttribute('data-state')).to.equal('tracking');
    expect(q(el, 'form')).to.equal(null);
    expect(text(q(el, '[part~="state"]'))).to.equal('채택');
    expect(text(q(el, '[part~="answer"]'))).to.contain('기관 답변');
    expect(text(q(el, '[part~="answer"]'))).to.contain('내년 예산에 반영하겠습니다.');
    expect(qa(el, '[part~="history"] li').map((li) => li.dataset.state)).to.deep.equal(['submitted', 'under_review', 'published', 'accepted']);
    expect(text(q(el, '[part~="history"] h3'))).to.equal('처리 경과');
    // Opened by attribute: no "write another" button.
    expect(q(el, '[part~="another"]')).to.equal(null);
    await expect(el).to.be.accessible();

    // A published proposal is found by its receipt number alone.
    const open = await mount({ receipt: p.receiptNumber });
    await until(open, 'tracking');
    expect(text(q(open, '[part~="state"]'))).to.equal('채택');
  });

  it('tracking an unpublished proposal without its code: not found (same as a wrong number), retry offered; axe', async () => {
    const p = await post<Proposal & { trackingCode: string }>('/__madang/proposals', {
      proposal: { title: '아직 검토 전', body: '내용', category: 'welfare' },
    });
    const errors = listen<MadangProposalFormErrorEvent>('madang-error');
    try {
      const el = await mount({ receipt: p.receiptNumber });
      await until(el, 'error');
      expect(text(q(el, '[part~="message"]'))).to.equal(
        '제안을 찾을 수 없습니다. 접수번호와 확인 코드를 확인해 주세요. 확인 코드 없이는 공개된 제안만 볼 수 있습니다.',
      );
      expect(q(el, '[part~="retry"]')).to.not.equal(null);
      await expect(el).to.be.accessible();
      expect(errors.events.at(-1)!.detail.phase).to.equal('track');
      expect((errors.events.at(-1)!.detail.error as { slug?: string }).slug).to.equal('not-found');
      // With the code it shows.
      el.setAttribute('code', p.trackingCode);
      await until(el, 'tracking');
      expect(text(q(el, '[part~="state"]'))).to.equal('접수');
    } finally {
      errors.stop();
    }
  });

  it('error: a server that is down shows the network message and a retry button; axe', async () => {
    const errors = listen<MadangProposalFormErrorEvent>('madang-error');
    try {
      const el = await mount({ api: cfg.deadApi });
      await until(el, 'error');
      const retry = await expectErrorWithRetry(el, '서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
      expect(errors.events[0]).to.be.instanceOf(MadangProposalFormErrorEvent);
      expect(errors.events[0].bubbles && errors.events[0].composed).to.equal(true);
      expect(errors.events[0].detail.phase).to.equal('load');
      retry.click();
      await waitUntil(() => errors.events.length === 2, 'retry loads again', { timeout: 10_000 });
    } finally {
      errors.stop();
    }
  });

  describe('bad attributes show a readable error (no retry) and fire madang-error', () => {
    const cases: [string, () => MountOptions, string, string][] = [
      ['missing api', () => ({ api: undefined }), 'api', 'api 속성이 없습니다'],
      ['api not a URL', () => ({ api: 'not a url' }), 'api', 'api 속성 값이 올바르지 않습니다'],
      ['secret key', () => ({ siteKey: 'sk_ThisIsASecretKeyThatMustNotBeHere00' }), 'site-key', '비밀 키(sk_…)'],
      ['missing site-key', () => ({ siteKey: undefined }), 'site-key', 'site-key 속성이 없습니다'],
      ['malformed site-key', () => ({ siteKey: 'pk_' }), 'site-key', 'site-key 속성 값이 올바르지 않습니다'],
      ['malformed receipt', () => ({ receipt: '<script>' }), 'receipt', 'receipt 속성 값이 올바르지 않습니다'],
      ['code without receipt', () => ({ code: 'AbCdEfGhIjKlMnOp' }), 'receipt', 'receipt 속성이 없습니다'],
      ['malformed code', () => ({ receipt: '2026-000001', code: 'x' }), 'code', 'code 속성 값이 올바르지 않습니다'],
    ];
    for (const [name, opts, attribute, snippet] of cases) {
      it(name, () =>
        expectConfigError(() => mount(opts()), { cannotShow: '제안 양식을 표시할 수 없습니다', snippet, ConfigError: MadangProposalFormConfigError, attribute }),
      );
    }

    it('fixing the attribute loads the form', async () => {
      const el = await mount({ siteKey: undefined });
      await until(el, 'error');
      el.setAttribute('site-key', cfg.siteKey);
      await until(el, 'form');
    });
  });
});

// ------------------------------------------------------------------ keyboard and counters

describe('<madang-proposal-form> keyboard and screen readers', () => {
  it('keyboard only: Tab, typing, arrow keys and Space fill it in, Enter sends it', async () => {
    const siteKey = await newSite();
    const wrapper = await fixture<HTMLDivElement>(html`<div><button id="before">before</button></div>`);
    const el = await mount({ siteKey, into: wrapper });
    await until(el, 'form');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    const title = unique('키보드로 쓴 제안');

    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(control(el, 'title'));
    await sendKeys({ type: title });
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(control(el, 'body'));
    await sendKeys({ type: '마우스 없이 씁니다.' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(control(el, 'category'));
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    expect(control<HTMLSelectElement>(el, 'category').value).to.equal('transport');
    // Name: Tab into the group (first radio, "yes"), Space agrees; the name field appears next.
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(q(el, 'input[name="consent-name"][value="yes"]'));
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(control(el, 'contact-name'));
    await sendKeys({ type: '홍길동' });
    // Email: the arrow key moves to "no" and chooses it.
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(q(el, 'input[name="consent-email"][value="yes"]'));
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(q<HTMLInputElement>(el, 'input[name="consent-email"][value="no"]')!.checked).to.equal(true);
    // Phone: left unanswered (optional); Tab passes the group, skips the honeypot, reaches the button.
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(active(el)).to.equal(submitButton(el));

    const submitted = new Promise<MadangProposalSubmittedEvent>((r) => el.addEventListener('madang-proposal-submitted', r, { once: true }));
    await sendKeys({ press: 'Enter' });
    await submitted;
    await until(el, 'submitted');
    expect(active(el)).to.equal(q(el, '[part~="heading"]'));
    const [p] = await adminProposals(siteKey);
    expect(p.title).to.equal(title);
    expect(p.body).to.equal('마우스 없이 씁니다.');
    expect(p.category).to.equal('transport');
    expect(p.contact).to.deep.equal({ name: '홍길동', email: null, phone: null });
    expect(p.consent!.items).to.deep.equal(['name']);
  });

  it('character counters: visible count, announced politely only after a pause and near the limit', async () => {
    const el = await mount();
    await until(el, 'form');
    const region = liveRegion(el);
    expect(region.getAttribute('aria-live')).to.equal('polite');
    control(el, 'title').focus();
    // Far from the limit: counted, not announced.
    await sendKeys({ type: '짧은 제목' });
    expect(text(q(el, '#title-count'))).to.equal('5 / 100자');
    await aTimeout(1_300);
    expect(text(region)).to.equal('');

    // Near the limit: nothing while typing, one announcement after the pause.
    await setField(el, 'title', 'ㄱ'.repeat(80));
    await sendKeys({ type: '가나다라마' });
    expect(text(q(el, '#title-count'))).to.equal('85 / 100자');
    expect(text(region)).to.equal('');
    await waitUntil(() => text(region) !== '', 'announced after the pause', { timeout: 3_000 });
    expect(text(region)).to.equal('제목: 15자 남았습니다.');

    // Over the limit: the counter says by how much, the field is refused on submit.
    await setField(el, 'title', 'ㄴ'.repeat(103));
    const counter = q(el, '#title-count')!;
    expect(counter.dataset.over).to.equal('true');
    expect(text(counter)).to.equal('103 / 100자 — 3자 초과');
    await waitUntil(() => text(region) === '제목: 최대 글자 수보다 3자 많습니다.', `over: ${text(region)}`, { timeout: 3_000 });
    await setField(el, 'body', '내용');
    submitButton(el).click();
    await waitUntil(() => q(el, '#title-error'));
    expect(text(q(el, '#title-error'))).to.equal('오류: 제목은 100자 이내로 써 주세요. 지금 103자입니다.');
  });
});

// ------------------------------------------------------------------ drafts

describe('<madang-proposal-form> drafts: nothing lost', () => {
  it('a draft survives a reload (not the contact details) and is gone after success', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('초안 제목');
    await fill(el, { title, body: '쓰다 만 내용\n둘째 줄', category: 'transport' });
    await consent(el, 'email', 'yes');
    await setField(el, 'contact-email', 'secret-person@example.kr');
    await aTimeout(450);
    const raw = localStorage.getItem(draftKey(siteKey))!;
    expect(JSON.parse(raw)).to.include({ title, body: '쓰다 만 내용\n둘째 줄', category: 'transport' });
    expect(raw).not.to.contain('secret-person');
    el.remove();

    const again = await mount({ siteKey });
    await until(again, 'form');
    expect(control(again, 'title').value).to.equal(title);
    expect(control<HTMLTextAreaElement>(again, 'body').value).to.equal('쓰다 만 내용\n둘째 줄');
    expect(control<HTMLSelectElement>(again, 'category').value).to.equal('transport');
    expect(text(q(again, '[part~="message"]'))).to.contain('저장된 초안을 불러왔습니다.');
    expect(text(liveRegion(again))).to.equal('저장된 초안을 불러왔습니다.');
    expect(q(again, 'input[name="consent-email"]:checked')).to.equal(null);
    expect(q(again, '#contact-email')).to.equal(null);
    await expect(again).to.be.accessible();

    await submitAndWait(again);
    expect(localStorage.getItem(draftKey(siteKey))).to.equal(null);
    const third = await mount({ siteKey });
    await until(third, 'form');
    expect(control(third, 'title').value).to.equal('');
    expect(q(third, '[part~="discard"]')).to.equal(null);
    expect(await adminProposals(siteKey)).to.have.length(1);
  });

  it('saves at once on pagehide and on leaving a field, not only after the debounce', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    await setField(el, 'title', '급히 닫은 창');
    expect(localStorage.getItem(draftKey(siteKey))).to.equal(null);
    window.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(localStorage.getItem(draftKey(siteKey))!).title).to.equal('급히 닫은 창');

    await setField(el, 'body', '다른 칸으로 옮김');
    control<HTMLTextAreaElement>(el, 'body').focus();
    control(el, 'title').focus();
    expect(JSON.parse(localStorage.getItem(draftKey(siteKey))!).body).to.equal('다른 칸으로 옮김');
  });

  it('a restored draft can be discarded', async () => {
    const siteKey = await newSite();
    localStorage.setItem(draftKey(siteKey), JSON.stringify({ v: 1, title: '지울 초안', body: '지울 내용', category: 'welfare', region: '' }));
    const el = await mount({ siteKey });
    await until(el, 'form');
    expect(control(el, 'title').value).to.equal('지울 초안');
    q<HTMLButtonElement>(el, '[part~="discard"]')!.click();
    await el.updateComplete;
    expect(control(el, 'title').value).to.equal('');
    expect(control<HTMLTextAreaElement>(el, 'body').value).to.equal('');
    expect(localStorage.getItem(draftKey(siteKey))).to.equal(null);
    expect(active(el)).to.equal(control(el, 'title'));
    expect(text(liveRegion(el))).to.equal('초안을 지웠습니다.');
    await aTimeout(400);
    expect(localStorage.getItem(draftKey(siteKey))).to.equal(null);
  });

  it('a response lost after the server committed: nothing lost, "not sent yet", retry files it once (same key)', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('응답이 사라진 제안');
    await fill(el, { title, body: '서버는 받았지만 응답이 오지 않았습니다.' });
    await consent(el, 'name', 'yes');
    await setField(el, 'contact-name', '김민원');
    const net = loseFirstResponse(isSubmit);
    try {
      submitButton(el).click();
      await until(el, 'error');
      expect(text(q(el, '[part~="message"][role="alert"]'))).to.equal(
        '제안이 아직 접수되지 않았습니다. 입력한 내용은 그대로 남아 있고 이 기기에 저장되어 있습니다. 인터넷 연결을 확인한 뒤 다시 보내 주세요. 다시 보내도 두 번 접수되지 않습니다.',
      );
      expect(control(el, 'title').value).to.equal(title);
      expect(control(el, 'contact-name').value).to.equal('김민원');
      const retry = q<HTMLButtonElement>(el, '[part~="retry"]')!;
      expect(text(retry)).to.equal('다시 보내기');
      expect(active(el)).to.equal(retry);
      const draft = JSON.parse(localStorage.getItem(draftKey(siteKey))!);
      expect(draft.title).to.equal(title);
      expect(draft.challenge.formToken).to.be.a('string');
      expect(draft.idem.key).to.equal(net.keys[0]);
      await expect(el).to.be.accessible();

      net.offline = false;
      retry.click();
      await until(el, 'submitted');
    } finally {
      net.restore();
    }
    expectOneKey(net.keys);
    const all = await adminProposals(siteKey);
    expect(all.filter((p) => p.title === title)).to.have.length(1);
    expect(text(q(el, '[part~="receipt-number"]'))).to.equal(all[0].receiptNumber);
    expect(all[0].contact!.name).to.equal('김민원');
  });

  it('a lost response, then a reload and a retry of the unchanged draft: the same key replays, one proposal', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('새로 고침 뒤 다시 보냄');
    await fill(el, { title, body: '창을 닫았다 열었습니다.' });
    const net = loseFirstResponse(isSubmit);
    try {
      submitButton(el).click();
      await until(el, 'error');
      el.remove();
      net.offline = false;
      const again = await mount({ siteKey });
      await until(again, 'form');
      expect(control(again, 'title').value).to.equal(title);
      await submitAndWait(again);
      expect(text(q(again, '[part~="receipt-number"]'))).to.match(/^\d{4}-\d{6}$/);
    } finally {
      net.restore();
    }
    expect(new Set(net.keys).size).to.equal(1);
    expect((await adminProposals(siteKey)).filter((p) => p.title === title)).to.have.length(1);
  });

  it('a lost response, then an edited text: the form token already filed a proposal (409), shown as the receipt', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('처음 보낸 제목');
    await fill(el, { title, body: '처음 내용' });
    const net = loseFirstResponse(isSubmit);
    const submitted = listen<MadangProposalSubmittedEvent>('madang-proposal-submitted');
    try {
      submitButton(el).click();
      await until(el, 'error');
      net.offline = false;
      await setField(el, 'title', `${title} (고침)`);
      submitButton(el).click();
      await until(el, 'submitted');
    } finally {
      net.restore();
      submitted.stop();
    }
    expect(net.statuses).to.deep.equal([409]);
    const all = await adminProposals(siteKey);
    expect(all).to.have.length(1);
    expect(all[0].title).to.equal(title);
    expect(text(q(el, '[part~="receipt-number"]'))).to.equal(all[0].receiptNumber);
    expect(submitted.events[0].detail.receipt.receiptNumber).to.equal(all[0].receiptNumber);
    expect(submitted.events[0].detail.receipt.id).to.equal(all[0].id);
  });

  it('a plain network failure on submit: nothing reached the server, every value stays, retry sends it', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('연결이 끊긴 제안');
    await fill(el, { title, body: '지하철에서 썼습니다.', category: 'transport' });
    await consent(el, 'phone', 'yes');
    await setField(el, 'contact-phone', '010-1234-5678');
    let offline = true;
    const restore = interceptSubmits(async (_req, forward) => {
      if (offline) throw new TypeError('Failed to fetch');
      return forward();
    });
    try {
      submitButton(el).click();
      await until(el, 'error');
      expect(await adminProposals(siteKey)).to.have.length(0);
      expect(control(el, 'title').value).to.equal(title);
      expect(control<HTMLTextAreaElement>(el, 'body').value).to.equal('지하철에서 썼습니다.');
      expect(control<HTMLSelectElement>(el, 'category').value).to.equal('transport');
      expect(control(el, 'contact-phone').value).to.equal('010-1234-5678');
      expect(JSON.parse(localStorage.getItem(draftKey(siteKey))!).title).to.equal(title);
      offline = false;
      q<HTMLButtonElement>(el, '[part~="retry"]')!.click();
      await until(el, 'submitted');
    } finally {
      restore();
    }
    const all = await adminProposals(siteKey);
    expect(all).to.have.length(1);
    expect(all[0].contact).to.deep.equal({ name: null, email: null, phone: '010-1234-5678' });
  });

  it('the api pointing at a dead server, then back: the draft and its values come back', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    const title = unique('서버가 잠시 죽음');
    await fill(el, { title, body: '값이 남아 있어야 합니다.', category: 'transport' });
    el.setAttribute('api', cfg.deadApi);
    await until(el, 'error');
    expect(text(q(el, '[part~="message"]'))).to.equal('서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
    expect(JSON.parse(localStorage.getItem(draftKey(siteKey))!).title).to.equal(title);
    el.setAttribute('api', cfg.api);
    await until(el, 'form');
    expect(control(el, 'title').value).to.equal(title);
    expect(control<HTMLTextAreaElement>(el, 'body').value).to.equal('값이 남아 있어야 합니다.');
    expect(control<HTMLSelectElement>(el, 'category').value).to.equal('transport');
    await submitAndWait(el);
    expect(await adminProposals(siteKey)).to.have.length(1);
  });
});

// ------------------------------------------------------------------ anti-spam

describe('<madang-proposal-form> anti-spam', () => {
  it('submitted too fast: waits out the site’s minimum fill time with a countdown, then sends by itself', async () => {
    const siteKey = await newSite({ minFillSeconds: 2 });
    const el = await mount({ siteKey });
    await until(el, 'form');
    await fill(el, { title: '빨리 쓴 제안', body: '금방 썼습니다.' });
    const started = performance.now();
    submitButton(el).click();
    await waitUntil(() => /초 남았습니다/.test(text(q(el, '[part~="progress"]'))), 'countdown shown', { timeout: 5_000 });
    expect(el.state).to.equal('submitting');
    await expect(el).to.be.accessible();
    await until(el, 'submitted', 10_000);
    expect(performance.now() - started).to.be.at.least(1_000);
    expect(await adminProposals(siteKey)).to.have.length(1);
  });

  it('proof of work: solves the ALTCHA challenge with SHA-256 in the browser, with a progress bar', async () => {
    const siteKey = await newSite({ proofOfWork: true });
    const el = await mount({ siteKey });
    await until(el, 'form');
    await fill(el, { title: '작업 증명', body: '브라우저가 계산합니다.' });
    const sent: { altcha?: string }[] = [];
    let sawProgress = false;
    const observer = new MutationObserver(() => {
      if (q(el, '[part~="progress"] progress')) sawProgress = true;
    });
    observer.observe(el.shadowRoot!, { childList: true, subtree: true });
    const restore = interceptSubmits(async (req, forward) => {
      sent.push((await req.clone().json()).antiSpam);
      return forward();
    });
    try {
      submitButton(el).click();
      await until(el, 'submitted', 30_000);
    } finally {
      restore();
      observer.disconnect();
    }
    expect(sawProgress).to.equal(true);
    expect(sent).to.have.length(1);
    const payload = JSON.parse(atob(sent[0].altcha!));
    expect(payload).to.have.keys(['algorithm', 'challenge', 'number', 'salt', 'signature']);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload.salt + payload.number)));
    expect(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')).to.equal(payload.challenge);
    expect(await adminProposals(siteKey)).to.have.length(1);
  });

  it('an invalid or expired form token in the draft: a new challenge is fetched and the proposal sent once', async () => {
    const siteKey = await newSite();
    localStorage.setItem(
      draftKey(siteKey),
      JSON.stringify({
        v: 1,
        title: '오래된 초안',
        body: '토큰이 만료되었습니다.',
        category: 'welfare',
        region: '',
        challenge: { formToken: 'expired-or-forged', minFillSeconds: 0, altcha: null, receivedAt: Date.now() - 3 * 86_400_000 },
      }),
    );
    const el = await mount({ siteKey });
    await until(el, 'form');
    const statuses: number[] = [];
    const restore = interceptSubmits(async (_req, forward) => {
      const res = await forward();
      statuses.push(res.status);
      return res;
    });
    try {
      await submitAndWait(el);
    } finally {
      restore();
    }
    expect(statuses).to.deep.equal([422, 201]);
    const all = await adminProposals(siteKey);
    expect(all.map((p) => p.title)).to.deep.equal(['오래된 초안']);
  });
});

// ------------------------------------------------------------------ consent and contact

describe('<madang-proposal-form> PIPA consent', () => {
  it('optional policy: the notice (purpose, items, retention, right to refuse, under-14s); refusing still submits, no contact sent; axe', async () => {
    const siteKey = await newSite({ contact: 'optional', retentionDays: 180 });
    const el = await mount({ siteKey });
    await until(el, 'form');
    const notice = text(q(el, '[part~="consent"]'));
    expect(notice).to.contain('개인정보 수집·이용 안내');
    expect(notice).to.contain('수집·이용 목적');
    expect(notice).to.contain('제안 처리 결과 안내');
    expect(notice).to.contain('이름, 이메일, 전화번호 (항목마다 선택)');
    expect(notice).to.contain('제안 접수일로부터 180일');
    expect(notice).to.contain('동의를 거부할 수 있으며, 거부해도 제안을 낼 수 있습니다.');
    expect(notice).to.contain('만 14세 미만은 연락처를 입력하기 전에 법정대리인');
    expect(notice).to.contain('연락처는 이 기기에 저장되지 않고');
    expect(qa(el, '[part~="consent"] fieldset legend').map(text)).to.deep.equal([
      '이름 수집·이용에 동의하십니까? (선택)',
      '이메일 수집·이용에 동의하십니까? (선택)',
      '전화번호 수집·이용에 동의하십니까? (선택)',
    ]);
    await expect(el).to.be.accessible();

    // Agreeing shows the field; refusing afterwards clears and hides it.
    await consent(el, 'email', 'yes');
    await setField(el, 'contact-email', 'changed-mind@example.kr');
    await expect(el).to.be.accessible();
    await consent(el, 'email', 'no');
    expect(q(el, '#contact-email')).to.equal(null);
    await consent(el, 'email', 'yes');
    expect(control(el, 'contact-email').value).to.equal('');
    for (const item of ['name', 'email', 'phone'] as const) await consent(el, item, 'no');

    const bodies: Record<string, unknown>[] = [];
    const restore = interceptSubmits(async (req, forward) => {
      bodies.push(await req.clone().json());
      return forward();
    });
    try {
      await fill(el, { title: '연락처 없이', body: '알리고 싶지 않습니다.' });
      await submitAndWait(el);
    } finally {
      restore();
    }
    expect(bodies[0]).not.to.have.property('contact');
    expect(bodies[0]).not.to.have.property('consent');
    const [p] = await adminProposals(siteKey);
    expect(p.contact).to.equal(null);
    expect(p.consent).to.equal(null);
  });

  it('optional policy: consent is sent per given item with the notice version and time', async () => {
    const siteKey = await newSite({ contact: 'optional', consent: { version: '2027-01-15' } });
    const el = await mount({ siteKey });
    await until(el, 'form');
    await fill(el, { title: '답변을 받고 싶습니다', body: '이메일로 알려 주세요.' });
    await consent(el, 'email', 'yes');
    await setField(el, 'contact-email', 'citizen@example.kr');
    // Agreeing without filling in is a mistake worth pointing out.
    await consent(el, 'phone', 'yes');
    submitButton(el).click();
    await waitUntil(() => q(el, '#contact-phone-error'));
    expect(text(q(el, '#contact-phone-error'))).to.contain('전화번호를 입력해 주세요. 알리고 싶지 않으면');
    expect(control(el, 'contact-phone').getAttribute('aria-invalid')).to.equal('true');
    await consent(el, 'phone', 'no');
    const before = Date.now();
    await submitAndWait(el);
    const [p] = await adminProposals(siteKey);
    expect(p.contact).to.deep.equal({ name: null, email: 'citizen@example.kr', phone: null });
    expect(p.consent!.version).to.equal('2027-01-15');
    expect(p.consent!.items).to.deep.equal(['email']);
    expect(Date.parse(p.consent!.agreedAt)).to.be.at.most(before + 1_000);
  });

  it('required policy: the site’s own texts, refusing means it cannot be filed, name and email or phone needed; axe', async () => {
    const siteKey = await newSite({
      contact: 'required',
      regions: [
        { id: 'seoul', label: { ko: '서울특별시', en: 'Seoul' } },
        { id: 'busan', label: { ko: '부산광역시' } },
      ],
      consent: {
        version: '2026-12-01',
        purpose: { ko: '민원 답변 회신과 본인 확인', en: 'Replying to you and confirming who you are' },
        extra: { ko: '개인정보 문의: 개인정보보호 담당관 (02-000-0000)', en: 'Privacy questions: the privacy officer (02-000-0000)' },
      },
    });
    const el = await mount({ siteKey });
    await until(el, 'form');
    const notice = text(q(el, '[part~="consent"]'));
    expect(text(q(el, '#contact-heading'))).to.equal('연락처 (필수)');
    expect(notice).to.contain('민원 답변 회신과 본인 확인');
    expect(notice).not.to.contain('제안 처리 결과 안내');
    expect(notice).to.contain('개인정보 문의: 개인정보보호 담당관 (02-000-0000)');
    expect(notice).to.contain('이름(필수), 이메일 또는 전화번호 중 하나 이상(필수)');
    expect(notice).to.contain('동의하지 않으면 제안을 접수할 수 없습니다.');
    // The region field appears with the site's regions and is optional.
    const region = control<HTMLSelectElement>(el, 'region');
    expect([...region.options].map((o) => o.value)).to.deep.equal(['', 'seoul', 'busan']);
    await expect(el).to.be.accessible();

    await fill(el, { title: '연락처 필수 기관', body: '내용' });
    await setField(el, 'region', 'busan');
    await consent(el, 'name', 'no');
    submitButton(el).click();
    await waitUntil(() => q(el, '[part~="error-summary"]'));
    const links = qa(el, '[part~="error-summary"] a');
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal(['#consent-name', '#consent-email']);
    expect(text(links[0])).to.equal('이름 수집·이용에 동의해야 제안을 접수할 수 있습니다.');
    expect(text(links[1])).to.equal('이메일이나 전화번호 중 하나는 동의하고 입력해야 제안을 접수할 수 있습니다.');
    await expect(el).to.be.accessible();
    links[0].click();
    expect(active(el)).to.equal(q(el, 'input[name="consent-name"]:checked'));
    expect(await adminProposals(siteKey)).to.have.length(0);

    await consent(el, 'name', 'yes');
    await setField(el, 'contact-name', '이순신');
    await consent(el, 'phone', 'yes');
    await setField(el, 'contact-phone', '02-123-4567');
    await submitAndWait(el);
    const [p] = await adminProposals(siteKey);
    expect(p.region).to.equal('busan');
    expect(p.contact).to.deep.equal({ name: '이순신', email: null, phone: '02-123-4567' });
    expect(p.consent!.items).to.deep.equal(['name', 'phone']);
    expect(p.consent!.version).to.equal('2026-12-01');
  });

  it('contact policy none: no contact section, nothing personal asked', async () => {
    const siteKey = await newSite({ contact: 'none' });
    const el = await mount({ siteKey });
    await until(el, 'form');
    expect(q(el, '[part~="consent"]')).to.equal(null);
    expect(qa(el, 'input[type="radio"]')).to.have.length(0);
    await fill(el, { title: '익명 제안', body: '내용' });
    await submitAndWait(el);
    expect((await adminProposals(siteKey))[0].contact).to.equal(null);
  });

  it('422 from the server maps onto the fields: inline errors, summary with links, madang-error', async () => {
    const siteKey = await newSite();
    const el = await mount({ siteKey });
    await until(el, 'form');
    await fill(el, { title: '서버가 거절할 제안', body: '내용' });
    // The form validates like the server; tamper with the request so the real server refuses it.
    const restore = interceptSubmits(async (req, forward) => {
      const body = await req.clone().json();
      const headers = new Headers(req.headers);
      return forward(new Request(req.url, { method: 'POST', headers, body: JSON.stringify({ ...body, category: 'no-such-topic' }) }));
    });
    const errors = listen<MadangProposalFormErrorEvent>('madang-error');
    try {
      submitButton(el).click();
      await waitUntil(() => q(el, '[part~="error-summary"]'), 'summary after the 422', { timeout: 10_000 });
      await el.updateComplete;
    } finally {
      restore();
      errors.stop();
    }
    expect(el.state).to.equal('form');
    expect(active(el)).to.equal(q(el, '[part~="error-summary"]'));
    expect(qa(el, '[part~="error-summary"] a').map((a) => a.getAttribute('href'))).to.deep.equal(['#category']);
    expect(text(q(el, '#category-error'))).to.equal('오류: 분야: 서버가 이 값을 받아들이지 않았습니다. 고친 뒤 다시 보내 주세요.');
    expect(control(el, 'category').getAttribute('aria-invalid')).to.equal('true');
    expect((errors.events[0].detail.error as { slug?: string }).slug).to.equal('validation');
    expect(await adminProposals(siteKey)).to.have.length(0);
  });
});

// ------------------------------------------------------------------ hostile text

describe('<madang-proposal-form> hostile text', () => {
  for (const s of HOSTILE_STRINGS) {
    it(`${s.name}: sent through the form and shown in tracking as text, inside its container`, async () => {
      const alerts: unknown[] = [];
      const originalAlert = window.alert;
      window.alert = (m?: unknown) => void alerts.push(m);
      try {
        const siteKey = await newSite();
        const box = await fixture<HTMLDivElement>(html`<div></div>`);
        box.style.width = '320px';
        const el = await mount({ siteKey, into: box });
        await until(el, 'form');
        const title = s.fits === 'title' ? s.value : '아주 긴 단어';
        const body = s.value;
        await fill(el, { title, body });
        expect(el.getBoundingClientRect().width).to.be.at.most(320.5);
        await submitAndWait(el);
        q<HTMLButtonElement>(el, '[part~="track"]')!.click();
        await until(el, 'tracking');
        expect(q(el, '[part~="title"]')!.textContent).to.equal(title);
        expect(q(el, '[part~="body"]')!.textContent).to.equal(body);
        expect(qa(el, 'script, img, iframe, object, embed, a[href^="javascript"], b, i')).to.have.length(0);
        expect(el.getBoundingClientRect().width).to.be.at.most(320.5);
        const base = q(el, '[part~="base"]')!;
        expect(base.scrollWidth).to.be.at.most(base.clientWidth);
        expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
        await aTimeout(50);
        expect(alerts).to.deep.equal([]);
      } finally {
        window.alert = originalAlert;
      }
    });
  }
});

// ------------------------------------------------------------------ language

describe('<madang-proposal-form> English', () => {
  it('everything in English: form, notice, errors, receipt and tracking; Korean-only labels marked lang="ko"; axe', async () => {
    const siteKey = await newSite({
      contact: 'required',
      categories: [
        { id: 'welfare', label: { ko: '복지', en: 'Welfare' } },
        { id: 'culture', label: { ko: '문화' } },
      ],
      retentionDays: 1,
    });
    const wrapper = await fixture<HTMLDivElement>(html`<section lang="en-GB"></section>`);
    const el = await mount({ siteKey, into: wrapper });
    await until(el, 'form');
    expect(q(el, '[part~="base"]')!.getAttribute('lang')).to.equal('en');
    expect(text(q(el, '[part~="heading"]'))).to.equal('Make a policy proposal');
    expect(text(q(el, 'label[for="title"]'))).to.equal('Title *');
    expect(text(q(el, '#title-count'))).to.equal('0 of 100 characters');
    expect(text(q(el, '#body-hint'))).to.contain('Up to 5,000 characters');
    const options = [...control<HTMLSelectElement>(el, 'category').options];
    expect(options.map((o) => o.textContent)).to.deep.equal(['Choose a topic', 'Welfare', '문화']);
    expect(options[2].getAttribute('lang')).to.equal('ko');
    const notice = text(q(el, '[part~="consent"]'));
    expect(notice).to.contain('Contact details (required)');
    expect(notice).to.contain('1 day from the day the proposal is received');
    expect(notice).to.contain('if you refuse, your proposal cannot be filed');
    expect(notice).to.contain('If you are under 14, a parent or legal guardian must agree');
    expect(text(submitButton(el))).to.equal('Send proposal');
    await expect(el).to.be.accessible();

    submitButton(el).click();
    await waitUntil(() => q(el, '[part~="error-summary"]'));
    expect(text(q(el, '[part~="error-summary"] h3'))).to.equal('There is a problem');
    expect(qa(el, '[part~="error-summary"] a').map(text)).to.deep.equal([
      'Enter a title.',
      'Enter your proposal.',
      'Choose a topic.',
      'You need to agree to give your name for the proposal to be filed.',
      'Agree to give an email address or a phone number, and fill it in, for the proposal to be filed.',
    ]);
    expect(text(q(el, '#title-error'))).to.equal('Error: Enter a title.');
    await expect(el).to.be.accessible();

    await fill(el, { title: 'Shade at bus stops', body: 'Please.', category: 'culture' });
    await consent(el, 'name', 'yes');
    await setField(el, 'contact-name', 'Jane Citizen');
    await consent(el, 'email', 'yes');
    await setField(el, 'contact-email', 'jane@example.org');
    await submitAndWait(el);
    expect(text(q(el, '[part~="heading"]'))).to.equal('Your proposal has been received');
    expect(text(q(el, '[part~="receipt"]'))).to.contain('Receipt number');
    expect(text(q(el, '[part~="receipt"]'))).to.contain('Tracking code');
    await expect(el).to.be.accessible();
    q<HTMLButtonElement>(el, '[part~="track"]')!.click();
    await until(el, 'tracking');
    expect(text(q(el, '[part~="heading"]'))).to.equal('Proposal progress');
    expect(text(q(el, '[part~="state"]'))).to.equal('Submitted');
    expect(text(q(el, '[part~="history"] h3'))).to.equal('State history');
    expect(text(q(el, '[part~="history"] li'))).to.contain('Proposer');
    expect(text(q(el, '[part~="receipt"]'))).to.contain('문화');
    await expect(el).to.be.accessible();

    // Switching the page language re-renders.
    wrapper.setAttribute('lang', 'ko');
    await waitUntil(() => text(q(el, '[part~="heading"]')) === '제안 처리 상황', 'back to Korean');
  });

  it('English errors', async () => {
    const el = await mount({ api: cfg.deadApi, lang: 'en' });
    await until(el, 'error');
    expect(text(q(el, '[part~="message"]'))).to.equal('Cannot reach the server. Check your internet connection and try again.');
    expect(text(q(el, '[part~="retry"]'))).to.equal('Try again');
    const bad = await mount({ siteKey: 'sk_ThisIsASecretKeyThatMustNotBeHere00', lang: 'en' });
    await until(bad, 'error');
    expect(text(q(bad, '[part~="message"]'))).to.contain('The proposal form cannot be shown');
  });
});

// ------------------------------------------------------------------ theming and embedding

describe('<madang-proposal-form> theming and embedding', () => {
  it('uses no rem (KRDS pages set html { font-size: 62.5% }); text stays readable and targets 44 px there', async () => {
    const el = await mount();
    await until(el, 'form');
    await consent(el, 'name', 'yes');
    expectReadableOnKrdsPage(proposalFormStyles, el, () => [
      submitButton(el),
      control(el, 'title'),
      control(el, 'category'),
      control(el, 'contact-name'),
      ...qa(el, '.choice'),
    ]);
  });

  it('brand colour: default, then the KRDS token, then --madang-color-brand wins', async () => {
    const el = await mount();
    await until(el, 'form');
    expectBrandTheming(el, submitButton(el));
  });

  it('dark mode: dark surface, still passes axe with errors shown (contrast)', async () => {
    const el = await mount();
    await until(el, 'form');
    submitButton(el).click();
    await waitUntil(() => q(el, '[part~="error-summary"]'));
    await expectDarkMode(el);
  });

  it('forced colours: boxes and choices keep system-colour outlines', async () => {
    const el = await mount();
    await until(el, 'form');
    await withForcedColors(async () => {
      const choice = q(el, '.choice')!;
      expect(getComputedStyle(choice).borderTopStyle).to.equal('solid');
      expect(getComputedStyle(submitButton(el)).borderTopWidth).to.equal('1px');
    });
  });

  it('keyboard focus is visible', async () => {
    const el = await mount();
    await until(el, 'form');
    await expectKeyboardFocusRing(el, submitButton(el));
    // A text field reached by keyboard: a thick outline.
    control(el, 'body').focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(active(el)).to.equal(control(el, 'title'));
    const t = getComputedStyle(control(el, 'title'));
    expect(t.outlineStyle).to.equal('solid');
    expect(parseFloat(t.outlineWidth)).to.be.at.least(2);
  });

  it('the built bundle runs under a strict CSP (no unsafe-inline, no unsafe-eval): no violations, the form works', async () => {
    await inStrictCspFrame('madang-proposal-form.js', async (doc, violations) => {
      const el = doc.createElement('madang-proposal-form');
      el.setAttribute('api', cfg.api);
      el.setAttribute('site-key', cfg.siteKey);
      doc.body.append(el);
      await waitUntil(() => el.getAttribute('data-state') === 'form', `iframe widget: ${el.getAttribute('data-state')}`, { timeout: 15_000 });
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="error-summary"]'), 'summary in the iframe');
      expect(violations).to.deep.equal([]);
    });
  });

  it('templates use no inline style attributes or <style> elements', async () => {
    const el = await mount();
    await until(el, 'form');
    await consent(el, 'name', 'yes');
    expectNoInlineStyles(el);
  });
});
