/**
 * <madang-poll> in Chromium against the real Madang server (started by web-test-runner.config.mjs,
 * which also serves the /__madang/* fixture routes used here). Every state is checked with axe.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Poll, PollCreate, VoteReceipt } from '@madang/contracts';
import {
  cfg,
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
  withoutLocalStorage,
} from '../../test/helpers.js';
import { MadangErrorEvent, MadangPoll, MadangPollConfigError, MadangVoteEvent } from './define.js';
import { pollStyles } from './styles.js';

useFixtureServer();

// ------------------------------------------------------------------ helpers

type NewPoll = Partial<PollCreate> & Pick<PollCreate, 'kind'>;
const newPoll = (poll: NewPoll, extra: { close?: boolean; votes?: string[][] } = {}) =>
  post<Poll>('/__madang/polls', {
    poll: { question: { ko: '질문', en: 'Question' }, voterPolicy: 'anonymous', resultsVisibility: 'always', ...poll },
    ...extra,
  });

const yesNo = (poll: Partial<PollCreate> = {}, extra: { close?: boolean; votes?: string[][] } = {}) =>
  newPoll(
    {
      kind: 'yes_no',
      question: {
        ko: '공공기관 민원 서류를 모두 온라인으로 발급받을 수 있게 하는 혁신 과제에 찬성하십니까?',
        en: 'Do you support letting citizens get every public-agency document online?',
      },
      description: { ko: '찬성이 기준 수에 이르면 위원회에 회부됩니다.', en: 'At the threshold the task goes to the committee.' },
      threshold: { optionId: 'yes', count: 10_000 },
      ...poll,
    },
    extra,
  );

const facilities = (poll: Partial<PollCreate> = {}) =>
  newPoll({
    kind: 'multiple',
    question: { ko: '우리 동네에 가장 필요한 시설을 두 개까지 골라 주세요.', en: 'Pick up to two facilities.' },
    options: [
      { id: 'library', label: { ko: '작은 도서관', en: 'Small library' } },
      { id: 'park', label: { ko: '공원과 산책로', en: 'Park and walking trails' } },
      { id: 'childcare', label: { ko: '국공립 어린이집', en: 'Public childcare centre' } },
      // No English label: the Korean one is shown, marked lang="ko".
      { id: 'parking', label: { ko: '공영 주차장' } },
    ],
    minChoices: 1,
    maxChoices: 2,
    ...poll,
  });

const voteElsewhere = (pollId: string, choices: string[]) => post<VoteReceipt>('/__madang/votes', { pollId, choices });

type MountOptions = SiteOptions & { voterToken?: string };

const mount = (pollId: string | undefined, o: MountOptions = {}) =>
  mountElement<MadangPoll>('madang-poll', { ...siteAttributes(o), poll: pollId, 'voter-token': o.voterToken });

const inputs = (el: Element) => qa<HTMLInputElement>(el, 'input[name="choice"]');
const input = (el: Element, value: string) => q<HTMLInputElement>(el, `input[value="${value}"]`)!;
const submit = (el: Element) => q<HTMLButtonElement>(el, '[part~="submit"]')!;
const resultText = (el: Element, optionId: string) => text(q(el, `li[data-option="${optionId}"] .count`));

async function choose(el: MadangPoll, ...values: string[]) {
  for (const v of values) input(el, v).click();
  await el.updateComplete;
}

async function vote(el: MadangPoll, ...values: string[]) {
  await choose(el, ...values);
  submit(el).click();
}

const isVotePost = (req: Request) => req.method === 'POST' && /\/v1\/polls\/[^/]+\/votes$/.test(new URL(req.url).pathname);

// ------------------------------------------------------------------ states

describe('<madang-poll> states', () => {
  it('loading: reserves its space, says so, exposes data-state and passes axe', async () => {
    const el = await mount('poll_AAAAAAAAAAAAAAAA', { api: cfg.hangApi });
    expect(q(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expectLoading(el, 200, '투표를 불러오는 중입니다…');
  });

  it('open (yes/no): native radios in a fieldset whose legend is the question, results and threshold; axe', async () => {
    const poll = await yesNo();
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(el.getAttribute('data-state')).to.equal('open');
    const legend = q(el, 'fieldset > legend')!;
    expect(legend.getAttribute('part')).to.equal('question');
    expect(text(legend)).to.equal(poll.question.ko);
    expect(inputs(el).map((i) => [i.type, i.value])).to.deep.equal([
      ['radio', 'yes'],
      ['radio', 'no'],
    ]);
    expect(qa(el, '[part~="option"]').map(text)).to.deep.equal(['찬성', '반대']);
    expect(text(submit(el))).to.equal('투표하기');
    expect(text(q(el, '[part~="threshold"]'))).to.contain('0 / 10,000 — 10,000표가 되면 위원회에 회부됩니다');
    await expect(el).to.be.accessible();
  });

  it('touch targets: options and the button are at least 44 px tall', async () => {
    const el = await mount((await yesNo()).id);
    await until(el, 'open');
    for (const target of [...qa(el, '[part~="option"]'), submit(el)]) {
      expect(target.getBoundingClientRect().height).to.be.at.least(44);
    }
  });

  it('keyboard only: Tab into the radios, Space, arrow keys, Tab to the button, Enter votes', async () => {
    const poll = await yesNo();
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <button id="before">before</button>
        <madang-poll api=${cfg.api} site-key=${cfg.siteKey} poll=${poll.id}></madang-poll>
      </div>
    `);
    const el = wrapper.querySelector('madang-poll')!;
    await until(el, 'open');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();

    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(input(el, 'yes'));
    await sendKeys({ press: 'Space' });
    expect(input(el, 'yes').checked).to.equal(true);
    await sendKeys({ press: 'ArrowDown' });
    expect(el.shadowRoot!.activeElement).to.equal(input(el, 'no'));
    expect(input(el, 'no').checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(submit(el));

    const voted = new Promise<MadangVoteEvent>((r) => el.addEventListener('madang-vote', r, { once: true }));
    await sendKeys({ press: 'Enter' });
    const event = await voted;
    await until(el, 'voted');
    expect(event.detail.choices).to.deep.equal(['no']);
    expect(resultText(el, 'no')).to.equal('1표 (100%)');
    expect(resultText(el, 'yes')).to.equal('0표 (0%)');
    // Focus lands on the confirmation, not on <body>.
    expect(el.shadowRoot!.activeElement?.hasAttribute('data-focus')).to.equal(true);
  });

  it('submitting: the button is disabled (aria-disabled) and busy with progress text; a second click sends nothing; axe', async () => {
    const poll = await yesNo();
    const el = await mount(poll.id);
    await until(el, 'open');
    const held = holdRequests(isVotePost);
    try {
      await vote(el, 'yes');
      await until(el, 'submitting');
      await expectBusyWhileHeld(el, submit(el), '투표를 보내는 중입니다…', held, () => until(el, 'voted'));
    } finally {
      held.restore();
    }
  });

  it('voted: bars with counts and percentages, the threshold as a progress bar, receipt kept for reloads; axe', async () => {
    const poll = await yesNo({}, { votes: [['yes'], ['yes'], ['no']] });
    const el = await mount(poll.id);
    await until(el, 'open');
    const events: MadangVoteEvent[] = [];
    const onVote = (e: MadangVoteEvent) => events.push(e);
    document.addEventListener('madang-vote', onVote);
    try {
      await vote(el, 'yes');
      await until(el, 'voted');
    } finally {
      document.removeEventListener('madang-vote', onVote);
    }
    expect(el.getAttribute('data-state')).to.equal('voted');
    expect(text(q(el, '[data-focus]'))).to.equal('투표가 접수되었습니다. 참여해 주셔서 감사합니다.');
    expect(resultText(el, 'yes')).to.equal('3표 (75%)');
    expect(resultText(el, 'no')).to.equal('1표 (25%)');
    expect(text(q(el, 'li[data-option="yes"] .label'))).to.contain('내 선택');
    const bars = qa(el, '[part~="bar"]');
    expect(bars).to.have.length(2);
    // Widths come from the CSSOM (no style attribute in the template): 75% of the track.
    const track = bars[0].parentElement!.getBoundingClientRect().width;
    const ratio = () => bars[0].getBoundingClientRect().width / track;
    await waitUntil(() => Math.abs(ratio() - 0.75) < 0.02, 'bar at 75% after its transition', { timeout: 2_000 });
    const progress = q<HTMLProgressElement>(el, '[part~="threshold"] progress')!;
    expect(progress.max).to.equal(10_000);
    expect(progress.value).to.equal(3);
    expect(text(q(el, '#threshold-label'))).to.equal('3 / 10,000 — 10,000표가 되면 위원회에 회부됩니다');
    expect(text(q(el, '[part~="results"]'))).to.contain('총 4명 참여');
    expect(qa(el, 'input')).to.have.length(0);

    // The event: typed, bubbling, composed, with the receipt.
    expect(events).to.have.length(1);
    const [e] = events;
    expect(e).to.be.instanceOf(MadangVoteEvent);
    expect(e.bubbles && e.composed).to.equal(true);
    expect(e.detail.pollId).to.equal(poll.id);
    expect(e.detail.choices).to.deep.equal(['yes']);
    expect(e.detail.receipt.receiptId).to.match(/^rcpt_/);
    expect(JSON.parse(localStorage.getItem(`madang:receipt:${poll.id}`)!)).to.deep.equal({ receiptId: e.detail.receipt.receiptId });
    expect(localStorage.getItem('madang:device-id')).to.match(/^[A-Za-z0-9_-]{32}$/);
    await expect(el).to.be.accessible();

    // A reload shows the results, not the ballot.
    const again = await mount(poll.id);
    await until(again, 'voted');
    expect(text(q(again, '[data-focus]'))).to.equal('이 기기에서 이미 투표하셨습니다.');
    expect(resultText(again, 'yes')).to.equal('3표 (75%)');
  });

  it('multiple choice: checkboxes with a min/max hint; too few and too many are refused; axe', async () => {
    const poll = await facilities();
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(inputs(el).every((i) => i.type === 'checkbox')).to.equal(true);
    expect(text(q(el, '#hint'))).to.equal('최대 2개까지 선택할 수 있습니다.');
    expect(q(el, 'fieldset')!.getAttribute('aria-describedby')).to.equal('hint');

    submit(el).click();
    await el.updateComplete;
    await waitUntil(() => q(el, '#form-error'));
    expect(text(q(el, '#form-error'))).to.equal('1개 이상 선택해 주세요.');
    expect(q(el, '#form-error')!.getAttribute('role')).to.equal('alert');
    expect(q(el, 'fieldset')!.getAttribute('aria-describedby')).to.equal('hint form-error');
    expect(el.state).to.equal('open');
    await expect(el).to.be.accessible();

    await choose(el, 'library', 'park', 'childcare');
    expect(input(el, 'childcare').checked).to.equal(false);
    expect(text(q(el, '#form-error'))).to.equal('2개까지만 선택할 수 있습니다.');
    submit(el).click();
    await until(el, 'voted');
    expect(resultText(el, 'library')).to.equal('1표 (100%)');
    expect(resultText(el, 'park')).to.equal('1표 (100%)');
    expect(resultText(el, 'childcare')).to.equal('0표 (0%)');
    await expect(el).to.be.accessible();
  });

  it('single choice: one radio per option', async () => {
    const poll = await newPoll({
      kind: 'single',
      options: [
        { id: 'bus', label: { ko: '버스', en: 'Bus' } },
        { id: 'subway', label: { ko: '지하철', en: 'Subway' } },
        { id: 'bike', label: { ko: '자전거', en: 'Bicycle' } },
      ],
    });
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(inputs(el).map((i) => i.type)).to.deep.equal(['radio', 'radio', 'radio']);
    submit(el).click();
    await waitUntil(() => q(el, '#form-error'));
    expect(text(q(el, '#form-error'))).to.equal('하나를 선택해 주세요.');
    expect(el.shadowRoot!.activeElement).to.equal(input(el, 'bus'));
    await vote(el, 'subway');
    await until(el, 'voted');
    expect(resultText(el, 'subway')).to.equal('1표 (100%)');
  });

  it('scheduled: the opening date, no ballot, no counts; axe', async () => {
    const opensAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const poll = await yesNo({ opensAt });
    expect(poll.status).to.equal('scheduled');
    const el = await mount(poll.id);
    await until(el, 'scheduled');
    const date = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(opensAt));
    expect(qa(el, '[part~="message"]').map(text)).to.include(`투표는 ${date}에 시작됩니다.`);
    expect(qa(el, 'input')).to.have.length(0);
    expect(q(el, '[part~="results"]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('a page left open follows the poll’s clock: scheduled → open at opensAt, open → closed at closesAt', async () => {
    const now = Date.now();
    const poll = await yesNo({ opensAt: new Date(now + 2_000).toISOString(), closesAt: new Date(now + 5_000).toISOString() });
    const el = await mount(poll.id);
    await until(el, 'scheduled');
    await until(el, 'open', 8_000);
    expect(qa(el, 'input')).to.have.length(2);
    await until(el, 'closed', 8_000);
    expect(qa(el, 'input')).to.have.length(0);
  });

  it('another tab of this browser votes: this tab switches to voted (storage event) and shows after_vote counts', async () => {
    const poll = await yesNo({ resultsVisibility: 'after_vote' });
    const el = await mount(poll.id);
    await until(el, 'open');
    // The other tab voted and stored its receipt; the browser tells this tab with a storage event.
    const receipt = await voteElsewhere(poll.id, ['yes']);
    const key = `madang:receipt:${poll.id}`;
    const value = JSON.stringify({ receiptId: receipt.receiptId });
    localStorage.setItem(key, value);
    window.dispatchEvent(new StorageEvent('storage', { key, newValue: value }));
    await until(el, 'voted');
    await waitUntil(() => resultText(el, 'yes') === '1표 (100%)', 'after_vote counts shown with the adopted receipt', { timeout: 10_000 });
    await expect(el).to.be.accessible();
  });

  it('closed: results and a closed notice, no ballot; axe', async () => {
    const poll = await yesNo({}, { votes: [['yes'], ['no'], ['yes']], close: true });
    const el = await mount(poll.id);
    await until(el, 'closed');
    expect(qa(el, 'input')).to.have.length(0);
    expect(q(el, '[part~="question"]')!.tagName).to.equal('P');
    expect(qa(el, '[part~="message"]').map(text)).to.include('투표가 마감되었습니다.');
    expect(resultText(el, 'yes')).to.equal('2표 (66.7%)');
    await expect(el).to.be.accessible();
  });

  it('after_close: counts stay hidden while open (also after voting) and show once closed', async () => {
    const poll = await yesNo({ resultsVisibility: 'after_close' }, { votes: [['yes']] });
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(qa(el, '[part~="bar"]')).to.have.length(0);
    expect(text(q(el, '[part~="results"]'))).to.contain('결과는 마감 후 공개됩니다.');
    expect(text(q(el, '[part~="threshold"]'))).to.equal('10,000표가 되면 위원회에 회부됩니다');
    expect(text(q(el, '[part~="results"]'))).not.to.contain('1표');
    await expect(el).to.be.accessible();
    await vote(el, 'no');
    await until(el, 'voted');
    expect(qa(el, '[part~="bar"]')).to.have.length(0);
    expect(text(q(el, '[part~="results"]'))).to.contain('결과는 마감 후 공개됩니다.');

    const closed = await yesNo({ resultsVisibility: 'after_close' }, { votes: [['yes']], close: true });
    const el2 = await mount(closed.id);
    await until(el2, 'closed');
    expect(resultText(el2, 'yes')).to.equal('1표 (100%)');
    await expect(el2).to.be.accessible();
  });

  it('after_vote: hidden before voting, shown after, and after a reload (receipt passed to the API)', async () => {
    const poll = await yesNo({ resultsVisibility: 'after_vote' }, { votes: [['no']] });
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(text(q(el, '[part~="results"]'))).to.contain('결과는 투표 후 공개됩니다.');
    expect(qa(el, '[part~="bar"]')).to.have.length(0);
    await vote(el, 'yes');
    await until(el, 'voted');
    expect(resultText(el, 'yes')).to.equal('1표 (50%)');
    const again = await mount(poll.id);
    await until(again, 'voted');
    expect(resultText(again, 'no')).to.equal('1표 (50%)');
    // Live updates reach it too (its stream carries the receipt).
    await voteElsewhere(poll.id, ['no']);
    await waitUntil(() => resultText(again, 'no') === '2표 (66.7%)', `live after_vote: ${resultText(again, 'no')}`, { timeout: 10_000 });
  });

  it('forwarded: notice with the date, results, and voting still open; axe', async () => {
    const poll = await yesNo({ threshold: { optionId: 'yes', count: 1 } }, { votes: [['yes']] });
    expect(poll.forwardedAt).to.be.a('string');
    const el = await mount(poll.id);
    await until(el, 'forwarded');
    expect(el.getAttribute('data-state')).to.equal('forwarded');
    const date = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(poll.forwardedAt!));
    expect(qa(el, '[part~="message"]').map(text)).to.include(`위원회에 회부됨 (${date})`);
    expect(text(q(el, '#threshold-label'))).to.equal('1 / 1 — 기준에 도달하여 위원회에 회부되었습니다');
    expect(inputs(el)).to.have.length(2);
    await expect(el).to.be.accessible();
    await vote(el, 'no');
    await until(el, 'voted');
    expect(qa(el, '[part~="message"]').map(text)).to.include(`위원회에 회부됨 (${date})`);
  });

  it('forwarded live: reaching the threshold while open shows the notice without a reload', async () => {
    const poll = await yesNo({ threshold: { optionId: 'yes', count: 2 } }, { votes: [['yes']] });
    const el = await mount(poll.id);
    await until(el, 'open');
    await voteElsewhere(poll.id, ['yes']);
    await until(el, 'forwarded', 10_000);
    expect(qa(el, '[part~="message"]').map(text).some((t) => t.startsWith('위원회에 회부됨 ('))).to.equal(true);
  });

  it('already voted (409): results with "이미 투표하셨습니다"', async () => {
    const poll = await yesNo();
    const first = await mount(poll.id);
    await until(first, 'open');
    await vote(first, 'yes');
    await until(first, 'voted');
    // Same device, receipt lost (other tab, cleared storage): the server still knows this voter.
    localStorage.removeItem(`madang:receipt:${poll.id}`);
    const el = await mount(poll.id);
    await until(el, 'open');
    await vote(el, 'no');
    await until(el, 'voted');
    expect(text(q(el, '[data-focus]'))).to.equal('이미 투표하셨습니다.');
    expect(resultText(el, 'yes')).to.equal('1표 (100%)');
    await expect(el).to.be.accessible();
  });

  it('already voted on an after_vote poll: the server returns this voter’s receipt, so the counts show', async () => {
    const poll = await yesNo({ resultsVisibility: 'after_vote' });
    const first = await mount(poll.id);
    await until(first, 'open');
    await vote(first, 'yes');
    await until(first, 'voted');
    localStorage.removeItem(`madang:receipt:${poll.id}`);
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(q(el, '[part~="results"]')?.textContent ?? '').to.not.include('1표');
    await vote(el, 'no');
    await until(el, 'voted');
    expect(text(q(el, '[data-focus]'))).to.equal('이미 투표하셨습니다.');
    await waitUntil(() => resultText(el, 'yes') === '1표 (100%)', 'after_vote counts are visible with the returned receipt', { timeout: 10_000 });
    expect(localStorage.getItem(`madang:receipt:${poll.id}`)).to.include('rcpt_');
  });

  it('error: an unknown poll shows a readable message and a retry button; axe', async () => {
    const errors: MadangErrorEvent[] = [];
    const onError = (e: MadangErrorEvent) => errors.push(e);
    document.addEventListener('madang-error', onError);
    try {
      const el = await mount('poll_DoesNotExist0000');
      await until(el, 'error');
      const retry = await expectErrorWithRetry(el, '투표를 찾을 수 없습니다. 주소가 바뀌었거나 삭제되었을 수 있습니다.');
      retry.click();
      await waitUntil(() => errors.length === 2, 'retry loads again', { timeout: 10_000 });
      await until(el, 'error');
      expect(errors[0]).to.be.instanceOf(MadangErrorEvent);
      expect(errors[0].bubbles && errors[0].composed).to.equal(true);
      expect(errors[0].detail.pollId).to.equal('poll_DoesNotExist0000');
      expect((errors[0].detail.error as { slug?: string }).slug).to.equal('not-found');
    } finally {
      document.removeEventListener('madang-error', onError);
    }
  });

  it('error: a server that is down shows the network message and a retry button; axe', async () => {
    const el = await mount('poll_AAAAAAAAAAAAAAAA', { api: cfg.deadApi });
    await until(el, 'error');
    expect(text(q(el, '[part~="message"]'))).to.equal('서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
    expect(q(el, '[part~="retry"]')).to.exist;
    await expect(el).to.be.accessible();
  });

  describe('bad attributes show a readable error (no retry) and fire madang-error', () => {
    const cases: [string, () => MountOptions & { poll?: string }, string, string][] = [
      ['missing poll', () => ({ poll: undefined }), 'poll', 'poll 속성이 없습니다'],
      ['malformed poll', () => ({ poll: 'bogus' }), 'poll', 'poll 속성 값이 올바르지 않습니다'],
      ['api not a URL', () => ({ api: 'not a url' }), 'api', 'api 속성 값이 올바르지 않습니다'],
      ['secret key', () => ({ siteKey: 'sk_ThisIsASecretKeyThatMustNotBeHere00' }), 'site-key', '비밀 키(sk_…)'],
      ['missing site-key', () => ({ siteKey: '' }), 'site-key', 'site-key 속성이 없습니다'],
    ];
    for (const [name, opts, attribute, snippet] of cases) {
      const mountWith = (o: MountOptions & { poll?: string }) => mount('poll' in o ? o.poll : 'poll_AAAAAAAAAAAAAAAA', o);
      it(name, () => expectConfigError(() => mountWith(opts()), { cannotShow: '투표를 표시할 수 없습니다', snippet, ConfigError: MadangPollConfigError, attribute }));
    }

    it('fixing the attribute loads the poll', async () => {
      const poll = await yesNo();
      const el = await mount(undefined);
      await until(el, 'error');
      el.setAttribute('poll', poll.id);
      await until(el, 'open');
    });
  });
});

// ------------------------------------------------------------------ failures and retries

describe('<madang-poll> failed votes', () => {
  it('keeps the choice, shows the error with retry, and retries with the SAME idempotency key', async () => {
    const poll = await yesNo();
    const el = await mount(poll.id);
    await until(el, 'open');
    const net = loseFirstResponse(isVotePost);
    try {
      await vote(el, 'yes');
      await until(el, 'error');
      expect(text(q(el, '[part~="message"]'))).to.equal('서버에 연결할 수 없습니다. 인터넷 연결을 확인한 뒤 다시 시도해 주세요.');
      expect(input(el, 'yes').checked).to.equal(true);
      const retry = q<HTMLButtonElement>(el, '[part~="retry"]')!;
      expect(el.shadowRoot!.activeElement).to.equal(retry);
      await expect(el).to.be.accessible();

      net.offline = false;
      retry.click();
      await until(el, 'voted');
      // A new key would have met "already voted"; the same key replays the recorded vote.
      expect(text(q(el, '[data-focus]'))).to.equal('투표가 접수되었습니다. 참여해 주셔서 감사합니다.');
      expectOneKey(net.keys);
      expect(resultText(el, 'yes')).to.equal('1표 (100%)');
      expect(text(q(el, '[part~="results"]'))).to.contain('총 1명 참여');
    } finally {
      net.restore();
    }
  });

  it('a new vote after success uses a new key (the key lives until success only)', async () => {
    const [a, b] = await Promise.all([yesNo(), yesNo()]);
    const keys: (string | null)[] = [];
    const restore = intercept(isVotePost, async (req, forward) => {
      keys.push(req.headers.get('idempotency-key'));
      return forward();
    });
    try {
      for (const p of [a, b]) {
        const el = await mount(p.id);
        await until(el, 'open');
        await vote(el, 'yes');
        await until(el, 'voted');
      }
    } finally {
      restore();
    }
    expect(keys).to.have.length(2);
    expect(keys[0]).not.to.equal(keys[1]);
  });

  it('verified polls: asks to sign in without a token, explains an invalid token, votes with a valid one', async () => {
    const poll = await yesNo({ voterPolicy: 'verified' });
    const el = await mount(poll.id);
    await until(el, 'open');
    expect(qa(el, '[part~="message"]').map(text)).to.include('이 투표는 누리집에 로그인한 뒤 참여할 수 있습니다.');
    await vote(el, 'yes');
    await waitUntil(() => q(el, '#form-error'));
    expect(text(q(el, '#form-error'))).to.equal('이 투표는 누리집에 로그인한 뒤 참여할 수 있습니다.');
    await expect(el).to.be.accessible();

    const expired = await post<{ token: string }>('/__madang/voter-token', { sub: 'citizen-1', expiresIn: -60 });
    el.setAttribute('voter-token', expired.token);
    await el.updateComplete;
    submit(el).click();
    await until(el, 'error');
    expect(text(q(el, '[part~="message"]'))).to.equal('로그인 정보가 만료되었거나 올바르지 않습니다. 다시 로그인한 뒤 다시 시도해 주세요.');
    expect(input(el, 'yes').checked).to.equal(true);

    const valid = await post<{ token: string }>('/__madang/voter-token', { sub: 'citizen-1' });
    el.voterToken = valid.token; // the property works as well as the attribute
    q<HTMLButtonElement>(el, '[part~="retry"]')!.click();
    await until(el, 'voted');
    expect(resultText(el, 'yes')).to.equal('1표 (100%)');
  });

  it('works when localStorage is unavailable (votes; the device id lives in memory)', async () => {
    const poll = await yesNo();
    await withoutLocalStorage(async () => {
      const el = await mount(poll.id);
      await until(el, 'open');
      await vote(el, 'no');
      await until(el, 'voted');
      expect(resultText(el, 'no')).to.equal('1표 (100%)');
    });
  });
});

// ------------------------------------------------------------------ live results

describe('<madang-poll> live results', () => {
  it('end to end: a vote in one widget updates another widget on the page through the stream', async () => {
    const poll = await yesNo();
    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <madang-poll id="a" api=${cfg.api} site-key=${cfg.siteKey} poll=${poll.id}></madang-poll>
        <div lang="en"><madang-poll id="b" api=${cfg.api} site-key=${cfg.siteKey} poll=${poll.id}></madang-poll></div>
      </div>
    `);
    const a = wrapper.querySelector<MadangPoll>('#a')!;
    const b = wrapper.querySelector<MadangPoll>('#b')!;
    await until(a, 'open');
    await until(b, 'open');
    expect(resultText(b, 'yes')).to.equal('0 votes (0%)');
    await aTimeout(300); // let b's stream connect
    await vote(a, 'yes');
    await until(a, 'voted');
    await waitUntil(() => resultText(b, 'yes') === '1 vote (100%)', `b: ${resultText(b, 'yes')}`, { timeout: 10_000 });
    await waitUntil(() => text(liveRegion(b)) === 'Yes 1 vote, No 0 votes', `b live: ${text(liveRegion(b))}`, { timeout: 10_000 });
    // The same voter on the same page: b shows "voted" too.
    await until(b, 'voted');
    const bar = q(b, 'li[data-option="yes"] [part~="bar"]')!;
    await waitUntil(() => bar.getBoundingClientRect().width > 0, 'bar grows', { timeout: 2_000 });
  });

  it('announces a summary politely, at most once every 5 seconds (not on every tick)', async () => {
    const poll = await yesNo();
    const el = await mount(poll.id);
    await until(el, 'open');
    const region = liveRegion(el);
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(text(region)).to.equal('');
    await aTimeout(300);
    await voteElsewhere(poll.id, ['yes']);
    await waitUntil(() => text(region) === '찬성 1표, 반대 0표', `first: ${text(region)}`, { timeout: 10_000 });
    const firstAt = performance.now();
    await voteElsewhere(poll.id, ['yes']);
    await voteElsewhere(poll.id, ['no']);
    // Bars follow every update...
    await waitUntil(() => resultText(el, 'no') === '1표 (33.3%)', `bars: ${resultText(el, 'no')}`, { timeout: 4_000 });
    // ...the announcement does not.
    expect(text(region)).to.equal('찬성 1표, 반대 0표');
    await waitUntil(() => text(region) !== '찬성 1표, 반대 0표', 'second announcement', { timeout: 10_000, interval: 50 });
    expect(performance.now() - firstAt).to.be.at.least(4_900);
    expect(text(region)).to.equal('찬성 2표, 반대 1표');
  });
});

// ------------------------------------------------------------------ language

describe('<madang-poll> language', () => {
  it('English from an ancestor lang="en": UI, labels, numbers and dates; Korean fallback is marked lang="ko"; axe', async () => {
    const poll = await facilities();
    await voteElsewhere(poll.id, ['parking']);
    const wrapper = await fixture<HTMLDivElement>(html`
      <section lang="en-GB"><madang-poll api=${cfg.api} site-key=${cfg.siteKey} poll=${poll.id}></madang-poll></section>
    `);
    const el = wrapper.querySelector('madang-poll')!;
    await until(el, 'open');
    expect(text(q(el, 'legend'))).to.equal('Pick up to two facilities.');
    expect(text(submit(el))).to.equal('Vote');
    expect(text(q(el, '#hint'))).to.equal('Choose up to 2 options.');
    const labels = qa(el, '[part~="option"] span');
    expect(labels.map(text)).to.deep.equal(['Small library', 'Park and walking trails', 'Public childcare centre', '공영 주차장']);
    expect(labels[3].getAttribute('lang')).to.equal('ko');
    expect(q(el, '[part~="base"]')!.getAttribute('lang')).to.equal('en');
    expect(resultText(el, 'parking')).to.equal('1 vote (100%)');
    await expect(el).to.be.accessible();

    // Switching the page language re-renders.
    wrapper.setAttribute('lang', 'ko');
    await waitUntil(() => text(submit(el)) === '투표하기', 'back to Korean');
  });

  it('English threshold, forwarded notice and thousands separators', async () => {
    const poll = await yesNo({ threshold: { optionId: 'yes', count: 1 } }, { votes: [['yes']] });
    const el = await mount(poll.id, { lang: 'en' });
    await until(el, 'forwarded');
    const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeStyle: 'short' }).format(new Date(poll.forwardedAt!));
    expect(qa(el, '[part~="message"]').map(text)).to.include(`Forwarded to the committee (${date})`);
    expect(text(q(el, '#threshold-label'))).to.equal('1 / 1 — threshold reached; forwarded to the committee');

    const big = await yesNo({ threshold: { optionId: 'yes', count: 1_234_567 } });
    const el2 = await mount(big.id, { lang: 'en' });
    await until(el2, 'open');
    expect(text(q(el2, '#threshold-label'))).to.equal('0 / 1,234,567 — at 1,234,567 votes this goes to the committee');
    expect(text(q(el2, '[part~="threshold"] .meta'))).to.equal('Committee threshold (Yes)');
  });

  it('English errors', async () => {
    const el = await mount('poll_DoesNotExist0000', { lang: 'en' });
    await until(el, 'error');
    expect(text(q(el, '[part~="message"]'))).to.equal('This poll was not found. It may have moved or been removed.');
    expect(text(q(el, '[part~="retry"]'))).to.equal('Try again');
  });
});

// ------------------------------------------------------------------ theming and embedding

describe('<madang-poll> theming and embedding', () => {
  it('brand colour: default, then the KRDS token, then --madang-color-brand wins', async () => {
    const el = await mount((await yesNo()).id);
    await until(el, 'open');
    expectBrandTheming(el, submit(el));
  });

  it('uses no rem (KRDS pages set html { font-size: 62.5% }) and keeps a readable size there', async () => {
    const el = await mount((await yesNo()).id);
    await until(el, 'open');
    expectReadableOnKrdsPage(pollStyles, el, () => [submit(el)]);
  });

  it('dark mode: dark surface, still passes axe (contrast)', async () => {
    const el = await mount((await yesNo({}, { votes: [['yes']] })).id);
    await until(el, 'open');
    await expectDarkMode(el);
  });

  it('forced colours: bars keep a system colour and the track an outline', async () => {
    const el = await mount((await yesNo({}, { votes: [['yes']] })).id);
    await until(el, 'open');
    await withForcedColors(async () => {
      const bar = q(el, 'li[data-option="yes"] [part~="bar"]')!;
      const s = getComputedStyle(bar);
      expect(s.forcedColorAdjust).to.equal('none');
      expect(s.backgroundColor).not.to.equal('rgba(0, 0, 0, 0)');
      expect(bar.getBoundingClientRect().width).to.be.greaterThan(0);
      expect(getComputedStyle(bar.parentElement!).borderTopWidth).to.equal('1px');
    });
  });

  it('keyboard focus is visible', async () => {
    const el = await mount((await yesNo()).id);
    await until(el, 'open');
    await expectKeyboardFocusRing(el, submit(el));
  });

  it('templates use no inline style attributes or <style> elements', async () => {
    const el = await mount((await yesNo({}, { votes: [['yes']] })).id);
    await until(el, 'open');
    expectNoInlineStyles(el, true);
  });

  it('the built bundle runs under a strict CSP (no unsafe-inline, no unsafe-eval): no violations, bars sized', async () => {
    const poll = await yesNo({}, { votes: [['yes']] });
    await inStrictCspFrame('madang.js', async (doc, violations) => {
      const el = doc.createElement('madang-poll');
      el.setAttribute('api', cfg.api);
      el.setAttribute('site-key', cfg.siteKey);
      el.setAttribute('poll', poll.id);
      doc.body.append(el);
      await waitUntil(() => el.getAttribute('data-state') === 'open', `iframe widget: ${el.getAttribute('data-state')}`, { timeout: 15_000 });
      const bar = el.shadowRoot!.querySelector('li[data-option="yes"] [part~="bar"]')!;
      await waitUntil(() => bar.getBoundingClientRect().width > 0, 'bar width set via CSSOM', { timeout: 2_000 });
      expect(violations).to.deep.equal([]);
    });
  });

  it('loading the built bundle twice does not throw (guarded registration)', async () => {
    const base = '/packages/widgets/dist/cdn/';
    const load = (p: string) => import(/* @vite-ignore */ `${base}${p}`);
    // madang.js is the on-demand loader (it exports discover(), no classes); twice is harmless.
    const first = await load('madang.js');
    const again = await load('madang.js?v=2');
    expect(first.discover).to.be.a('function');
    expect(again.discover).to.be.a('function');
    expect(again.discover).not.to.equal(first.discover);
    await again.discover(document);
    // A second copy of the element code itself (new module instance) registers nothing and throws nothing.
    const copy = await load('madang-poll.js?v=3');
    expect(copy.MadangPoll).to.be.a('function');
    expect(copy.MadangPoll).not.to.equal(first.MadangPoll);
    expect(customElements.get('madang-poll')).to.equal(MadangPoll);
  });

  it('moving the element keeps it working; removing it stops the live stream', async () => {
    const poll = await yesNo();
    const wrapper = await fixture<HTMLDivElement>(html`<div><div id="one"></div><div id="two"></div></div>`);
    const el = document.createElement('madang-poll');
    el.setAttribute('api', cfg.api);
    el.setAttribute('site-key', cfg.siteKey);
    el.setAttribute('poll', poll.id);
    wrapper.querySelector('#one')!.append(el);
    await until(el, 'open');
    wrapper.querySelector('#two')!.append(el);
    await aTimeout(300);
    await voteElsewhere(poll.id, ['no']);
    await waitUntil(() => resultText(el, 'no') === '1표 (100%)', `after move: ${resultText(el, 'no')}`, { timeout: 10_000 });
    el.remove();
    await voteElsewhere(poll.id, ['no']);
    await aTimeout(800);
    expect(resultText(el, 'no')).to.equal('1표 (100%)');
  });
});
