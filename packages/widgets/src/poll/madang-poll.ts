/**
 * <madang-poll>: a citizen poll (yes/no, single or multiple choice) embedded in a ministry or
 * local-government page with one script tag. All API traffic goes through @madang/sdk.
 *
 * This module defines the class and registers nothing: `./define.ts` (`@madang/widgets/poll`)
 * registers it as <madang-poll>.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type { MadangClient } from '@madang/sdk';
import type { Poll, PollResults, VoteReceipt } from '@madang/contracts';
import { cssProps } from '../shared/css-props.js';
import { MadangElement, formatsByLang, idempotencyKey, lazyEnglish } from '../shared/element.js';
import { checkSite, errorText, fixedByAuthor, isApiError, slugOf, WidgetConfigError, type ConfigReason } from '../shared/errors.js';
import { deviceId, forgetReceipt, readReceipt, receiptKey, writeReceipt } from '../shared/storage.js';
import { errorBox, submitButton } from '../shared/templates.js';
import { ko, type PollMessages } from './messages.js';
import { pollStyles } from './styles.js';

export const POLL_TAG = 'madang-poll';

/** Korean strings in this bundle; English imported the first time an element is in English. */
const strings = lazyEnglish<PollMessages>(ko, () => import('./messages-en.js'));

/**
 * What the widget shows, also reflected as `data-state` on the host:
 * - `loading`: fetching the poll (space reserved);
 * - `open`: the ballot, voting possible;
 * - `forwarded`: like `open` (the poll still takes votes) but the threshold was reached and the
 *   poll went to the committee; a notice with the date is shown with the results;
 * - `submitting`: a vote is on its way;
 * - `voted`: this browser voted (now, earlier, or the server said `already-voted`); results;
 * - `closed`: the poll is closed; results or "results after closing" notice;
 * - `scheduled`: the poll has not opened yet;
 * - `error`: loading or voting failed, or the attributes are wrong; a readable message, and a
 *   retry button unless the attributes themselves must be fixed.
 */
export type PollState = 'loading' | 'open' | 'forwarded' | 'submitting' | 'voted' | 'closed' | 'scheduled' | 'error';

export interface MadangVoteDetail {
  pollId: string;
  /** Option ids voted for, in the poll's option order. */
  choices: string[];
  /** The server's receipt (its `results` are the counts right after this vote). */
  receipt: VoteReceipt;
}

export interface MadangErrorDetail {
  /** A MadangError from @madang/sdk (MadangApiError, MadangNetworkError, …) or a MadangPollConfigError. */
  error: unknown;
  /** The `poll` attribute ('' when missing). */
  pollId: string;
}

/** Fired after a vote was recorded. Bubbles and crosses shadow roots. */
export class MadangVoteEvent extends CustomEvent<MadangVoteDetail> {
  static readonly eventName = 'madang-vote' as const;
  constructor(detail: MadangVoteDetail) {
    super(MadangVoteEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** Fired when loading or voting fails or the attributes are wrong. Bubbles and crosses shadow roots. */
export class MadangErrorEvent extends CustomEvent<MadangErrorDetail> {
  static readonly eventName = 'madang-error' as const;
  constructor(detail: MadangErrorDetail) {
    super(MadangErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** A missing or invalid attribute; shown to the visitor and sent with `madang-error`. */
export class MadangPollConfigError extends WidgetConfigError<'api' | 'site-key' | 'poll'> {
  constructor(attribute: 'api' | 'site-key' | 'poll', reason: ConfigReason) {
    super('madang-poll', attribute, reason);
    this.name = 'MadangPollConfigError';
  }
}

const POLL_ID = /^poll_[A-Za-z0-9]{8,40}$/;
/** Live-results announcements for screen readers are at least this far apart. */
const ANNOUNCE_INTERVAL_MS = 5_000;

function checkConfig(api: string | undefined, siteKey: string | undefined, poll: string | undefined): MadangPollConfigError | undefined {
  const problem = checkSite(api, siteKey, MadangPollConfigError);
  if (problem) return problem;
  if (!poll) return new MadangPollConfigError('poll', 'missing');
  if (!POLL_ID.test(poll)) return new MadangPollConfigError('poll', 'invalid');
  return undefined;
}

const formatsFor = formatsByLang((locale) => ({
  number: new Intl.NumberFormat(locale),
  percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
}));

/**
 * A citizen poll: loads the poll, lets the visitor vote (keyboard, touch, screen reader), shows
 * live results and the committee threshold.
 *
 * @summary Embeddable citizen poll (yes/no, single or multiple choice) with live results and a committee threshold.
 *
 * @attr api - Base URL of the Madang API, e.g. `https://api.madang.go.kr`.
 * @attr site-key - The site's publishable key (`pk_…`). A secret key is refused.
 * @attr poll - The poll id (`poll_…`).
 * @attr voter-token - Signed voter token from the host site's login, for `verified` polls (also settable as the `voterToken` property).
 * @attr lang - UI language (`ko` default, `en`); without it the nearest ancestor's `lang` decides.
 * @attr data-state - Reflects the current state (read only): loading, open, forwarded, submitting, voted, closed, scheduled, error.
 *
 * @fires {MadangVoteEvent} madang-vote - A vote was recorded. detail: `{ pollId, choices, receipt }`.
 * @fires {MadangErrorEvent} madang-error - Loading or voting failed, or an attribute is wrong. detail: `{ error, pollId }`.
 *
 * @csspart base - The widget's box.
 * @csspart question - The question (the fieldset legend while voting).
 * @csspart option - One choice (label around a native radio or checkbox).
 * @csspart submit - The vote button.
 * @csspart results - The results area.
 * @csspart bar - The filled bar of one option's share.
 * @csspart threshold - The committee-threshold progress (text and progress bar).
 * @csspart message - A notice or error message.
 * @csspart retry - The retry button shown with errors.
 *
 * @cssprop [--madang-color-brand=var(--krds-light-color-button-primary-fill, #256ef4)] - Button and bar colour.
 * @cssprop [--madang-color-on-brand=var(--krds-light-color-text-basic-inverse, #ffffff)] - Text on the brand colour.
 * @cssprop [--madang-font-family=var(--krds-typo-font-type, "Pretendard GOV", "Pretendard", system-ui, sans-serif)] - Font family.
 * @cssprop [--madang-radius=var(--krds-radius-medium2, 6px)] - Corner radius.
 * @cssprop [--madang-space=var(--krds-gap-2, 4px)] - Spacing unit (gaps and paddings are multiples of it).
 */
export class MadangPoll extends MadangElement {
  static override styles = pollStyles;

  static override properties = {
    api: { type: String },
    siteKey: { type: String, attribute: 'site-key' },
    poll: { type: String },
    voterToken: { type: String, attribute: 'voter-token' },
    _poll: { state: true, attribute: false },
    _results: { state: true, attribute: false },
    _loadError: { state: true, attribute: false },
    _voteError: { state: true, attribute: false },
    _submitting: { state: true, attribute: false },
    _voted: { state: true, attribute: false },
    _selected: { state: true, attribute: false },
    _formError: { state: true, attribute: false },
    _liveText: { state: true, attribute: false },
  };

  /** Base URL of the Madang API. */
  declare api: string | undefined;
  /** The site's publishable key (`pk_…`). */
  declare siteKey: string | undefined;
  /** The poll id (`poll_…`). */
  declare poll: string | undefined;
  /** Signed voter token from the host site's login (verified polls). */
  declare voterToken: string | undefined;

  declare private _poll: Poll | undefined;
  declare private _results: PollResults | undefined;
  /** Loading failed or the attributes are wrong: nothing else can be shown. */
  declare private _loadError: unknown;
  /** The last vote failed: the ballot stays, with the error and a retry button. */
  declare private _voteError: unknown;
  declare private _submitting: boolean;
  /** 'now': voted in this page view; 'stored': a receipt from an earlier visit; 'already': the server said already-voted. */
  declare private _voted: 'no' | 'now' | 'stored' | 'already';
  declare private _selected: string[];
  declare private _formError: string | undefined;
  declare private _liveText: string;

  private client?: MadangClient;
  private receiptId?: string;
  private myChoices?: string[];
  /** Kept from the first attempt of a vote until it succeeds, so a retry can never count twice. */
  private pendingKey?: string;
  private unsubscribe?: () => void;
  private needsLoad = true;
  private lastAnnounceAt = -Infinity;
  private announceTimer?: ReturnType<typeof setTimeout>;
  /** Fires when the poll opens or closes by its own clock (see scheduleClock). */
  private clockTimer?: ReturnType<typeof setTimeout>;
  private announcedTotal: number | null = null;

  constructor() {
    super();
    this._submitting = false;
    this._voted = 'no';
    this._selected = [];
    this._liveText = '';
  }

  /** The current state (see `PollState`); also reflected as the `data-state` attribute. */
  get state(): PollState {
    if (this.noEnglish) return 'loading';
    if (this._loadError) return 'error';
    const poll = this._poll;
    if (!poll) return 'loading';
    if (this._submitting) return 'submitting';
    if (this._voteError) return 'error';
    if (poll.status === 'closed') return 'closed';
    if (this._voted !== 'no') return 'voted';
    if (poll.status === 'scheduled') return 'scheduled';
    if (poll.forwardedAt) return 'forwarded';
    return 'open';
  }

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener(MadangVoteEvent.eventName, this.onPeerVote);
    window.addEventListener('storage', this.onStorage);
    // Re-attached after a move in the DOM: resume live results (or load what changed meanwhile).
    if (this.needsLoad && this.hasUpdated) this.requestUpdate();
    else if (this._poll && !this.unsubscribe) {
      this.subscribe();
      this.scheduleClock();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener(MadangVoteEvent.eventName, this.onPeerVote);
    window.removeEventListener('storage', this.onStorage);
    // Removed while loading: load again if it comes back.
    if (this.dropLoad()) this.needsLoad = true;
    this.stopLive();
  }

  /** Stops everything that runs on its own: the results stream, the announcement and clock timers. */
  private stopLive() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
    clearTimeout(this.clockTimer);
    this.clockTimer = undefined;
  }

  protected override configure(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('siteKey') || changed.has('poll')) this.needsLoad = true;
    if (this.needsLoad && this.isConnected) {
      this.needsLoad = false;
      void this.load();
    }
  }

  // ------------------------------------------------------------------ data

  protected override get formats() {
    return formatsFor(this.uiLang);
  }

  private get m(): PollMessages {
    return strings.get(this.uiLang, this.englishArrived) ?? ko;
  }

  /** English wanted but its strings not here yet: shown as loading (no Korean flash) until they are. */
  private get noEnglish(): boolean {
    return !strings.get(this.uiLang, this.englishArrived);
  }

  private englishArrived = () => this.requestUpdate();

  private pct(share: number): string {
    return this.formats.percent.format(share);
  }

  private reset() {
    this.loadAbort?.abort();
    this.loadAbort = undefined;
    this.stopLive();
    this._poll = undefined;
    this._results = undefined;
    this._loadError = undefined;
    this._voteError = undefined;
    this._submitting = false;
    this._voted = 'no';
    this._selected = [];
    this._formError = undefined;
    this._liveText = '';
    this.receiptId = undefined;
    this.myChoices = undefined;
    this.pendingKey = undefined;
    this.announcedTotal = null;
  }

  private async load() {
    const generation = ++this.loadGeneration;
    this.reset();
    const pollId = this.poll ?? '';
    // Set before the SDK client is loaded, so removing the element meanwhile drops this load.
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    const client = await this.connect(checkConfig(this.api, this.siteKey, this.poll), (e) => this.fail('load', e), undefined, generation);
    if (!client) {
      if (this.loadAbort === abort) this.loadAbort = undefined;
      return;
    }
    this.client = client;
    let receipt = readReceipt(pollId);
    try {
      const [poll, results] = await Promise.all([
        this.client.polls.get(pollId, { signal }),
        this.client.polls.results(pollId, { receipt, signal }),
      ]);
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      if (receipt && poll.resultsVisibility === 'after_vote' && poll.status !== 'closed' && !results.visible) {
        // The server does not know this receipt (another database, or tampered storage).
        forgetReceipt(pollId);
        receipt = undefined;
      }
      this.receiptId = receipt;
      this._voted = receipt ? 'stored' : 'no';
      this._poll = poll;
      this._results = results;
      this.announcedTotal = results.totalVotes;
      if (this.isConnected) {
        this.subscribe();
        this.scheduleClock();
      }
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this.fail('load', e);
    }
  }

  private fail(phase: 'load' | 'vote', error: unknown, show = true) {
    if (!show) {
      // reported through the event only
    } else if (phase === 'load') this._loadError = error;
    else this._voteError = error;
    if (error instanceof MadangPollConfigError) console.warn(error.message);
    this.dispatchEvent(new MadangErrorEvent({ error, pollId: this.poll ?? '' }));
  }

  private subscribe() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const poll = this._poll;
    if (!poll || !this.client || poll.status === 'closed') return;
    this.unsubscribe = this.client.polls.subscribe(poll.id, (r) => this.applyResults(r, true), {
      receipt: this.receiptId,
      // The SDK reconnects by itself; a subscription it gives up on only stops live updates.
      onError: () => {},
    });
  }

  /**
   * A page left open follows the poll's clock: when a scheduled poll opens, or an open one
   * reaches its closing time, the widget loads it again (the server decides; this only asks).
   */
  private scheduleClock() {
    clearTimeout(this.clockTimer);
    this.clockTimer = undefined;
    const poll = this._poll;
    if (!poll || !this.isConnected) return;
    const at = poll.status === 'scheduled' ? poll.opensAt : poll.status === 'closed' ? null : poll.closesAt;
    if (!at) return;
    const due = Date.parse(at) + 500;
    // setTimeout holds at most ~24.8 days: a longer wait re-arms itself.
    this.clockTimer = setTimeout(() => {
      if (Date.now() < due) return this.scheduleClock();
      this.needsLoad = true;
      this.requestUpdate();
    }, Math.min(Math.max(0, due - Date.now()), 2 ** 31 - 1));
  }

  /** Takes newer results (from a vote receipt or the live stream) and updates the poll's status. */
  private applyResults(r: PollResults, fromStream: boolean) {
    const poll = this._poll;
    const prev = this._results;
    if (!poll || r.pollId !== poll.id) return;
    // An older answer is stale, unless it shows counts where the newer one hid them: the server
    // pushes a vote to the live streams as it commits, so a stream opened before voting can
    // deliver its hidden (after_vote) counts just before the vote's own receipt arrives.
    if (prev && Date.parse(r.updatedAt) < Date.parse(prev.updatedAt) && !(r.visible && !prev.visible)) return;
    // Counts never become hidden again; a late event from a stream opened before voting is stale.
    if (prev?.visible && !r.visible && r.status === prev.status) return;
    this._results = r;
    const forwardedAt = r.threshold?.forwardedAt ?? poll.forwardedAt;
    if (r.status !== poll.status || forwardedAt !== poll.forwardedAt) {
      this._poll = { ...poll, status: r.status, forwardedAt };
    }
    if (r.status === 'closed') {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
    if (fromStream && r.visible && r.totalVotes !== this.announcedTotal) this.queueAnnouncement();
  }

  /** Screen-reader summary of live results, at most one every ANNOUNCE_INTERVAL_MS (the latest counts). */
  private queueAnnouncement() {
    if (this.announceTimer !== undefined) return;
    const wait = this.lastAnnounceAt + ANNOUNCE_INTERVAL_MS - Date.now();
    if (wait <= 0) this.announce();
    else this.announceTimer = setTimeout(() => this.announce(), wait);
  }

  private announce() {
    this.announceTimer = undefined;
    const r = this._results;
    const poll = this._poll;
    if (!r?.visible || !poll || !this.isConnected) return;
    this.lastAnnounceAt = Date.now();
    this.announcedTotal = r.totalVotes;
    const parts = poll.options.map((o) => ({
      label: this.text(o.label).value,
      votes: this.fmt(r.options.find((x) => x.id === o.id)?.votes ?? 0),
    }));
    this._liveText = this.m.liveSummary(parts);
  }

  // ------------------------------------------------------------------ voting

  /**
   * Another <madang-poll> on this page recorded a vote on the same poll (same browser, same
   * voter): show this copy as voted too. Its counts still come from its own live stream.
   */
  private onPeerVote = (e: MadangVoteEvent) => {
    if (e.target !== this && e.detail.pollId === this._poll?.id) this.adoptReceipt(e.detail.receipt.receiptId);
  };

  /** Another tab of this browser voted in this poll (it wrote the receipt to localStorage). */
  private onStorage = (e: StorageEvent) => {
    const poll = this._poll;
    if (!poll || e.key !== receiptKey(poll.id) || !e.newValue) return;
    const receipt = readReceipt(poll.id);
    if (receipt) this.adoptReceipt(receipt);
  };

  /** This browser voted elsewhere (another copy on the page, or another tab): show it as voted. */
  private adoptReceipt(receiptId: string) {
    const poll = this._poll;
    if (!poll || this._voted !== 'no' || this._submitting) return;
    this.receiptId = receiptId;
    this.pendingKey = undefined;
    this._voteError = undefined;
    this._formError = undefined;
    this._voted = 'stored';
    if (poll.resultsVisibility === 'after_vote') this.subscribe();
  }

  private onChoice(e: Event) {
    const input = e.target as HTMLInputElement;
    const poll = this._poll;
    if (!poll) return;
    this._formError = undefined;
    if (input.type === 'radio') {
      this._selected = [input.value];
      return;
    }
    if (input.checked) {
      if (this._selected.length >= poll.maxChoices) {
        input.checked = false;
        this._formError = this.m.tooMany(this.fmt(poll.maxChoices));
        return;
      }
      this._selected = [...this._selected, input.value];
    } else {
      this._selected = this._selected.filter((id) => id !== input.value);
    }
  }

  private onSubmit(e: Event) {
    e.preventDefault();
    void this.vote();
  }

  private async vote(allowNewKey = true): Promise<void> {
    const poll = this._poll;
    const client = this.client;
    if (!poll || !client || this._submitting) return;
    const choices = poll.options.map((o) => o.id).filter((id) => this._selected.includes(id));
    const m = this.m;
    let formError: string | undefined;
    if (choices.length < poll.minChoices) {
      formError = poll.kind === 'multiple' ? m.tooFew(this.fmt(poll.minChoices)) : m.chooseOne;
    } else if (choices.length > poll.maxChoices) {
      formError = m.tooMany(this.fmt(poll.maxChoices));
    } else if (poll.voterPolicy === 'verified' && !this.voterToken) {
      formError = m.loginRequired;
    }
    if (formError) {
      this._voteError = undefined;
      this._formError = formError;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    this._formError = undefined;
    this._voteError = undefined;
    this._submitting = true;
    this.pendingKey ??= idempotencyKey();
    try {
      const receipt = await client.polls.vote(
        poll.id,
        poll.voterPolicy === 'verified' ? { choices, voterToken: this.voterToken } : { choices, deviceId: deviceId() },
        { idempotencyKey: this.pendingKey },
      );
      if (this._poll !== poll && this._poll?.id !== poll.id) return;
      this.pendingKey = undefined;
      this.receiptId = receipt.receiptId;
      this.myChoices = receipt.choices;
      writeReceipt(poll.id, receipt.receiptId);
      this._submitting = false;
      this._voted = 'now';
      this.announcedTotal = receipt.results.totalVotes;
      this.applyResults(receipt.results, false);
      // A stream opened before voting hides after_vote counts from this visitor: reopen it with the receipt.
      if (poll.resultsVisibility === 'after_vote') this.subscribe();
      this.dispatchEvent(new MadangVoteEvent({ pollId: poll.id, choices: receipt.choices, receipt }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
    } catch (e) {
      this._submitting = false;
      const slug = slugOf(e);
      if (slug === 'idempotency-key-reused' && allowNewKey) {
        // The first attempt with this key was recorded with other choices or another token:
        // a fresh key lets the server answer what is true now (usually already-voted).
        this.pendingKey = undefined;
        return this.vote(false);
      }
      if (slug === 'already-voted') {
        this.pendingKey = undefined;
        this._voted = 'already';
        // The server hands this voter their own earlier receipt: after_vote counts become visible.
        const earlier = isApiError(e) ? e.problem.receiptId : undefined;
        if (earlier) {
          this.receiptId = earlier;
          writeReceipt(poll.id, earlier);
          if (poll.resultsVisibility === 'after_vote') this.subscribe();
        }
        await this.refreshResults(poll.id);
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
        return;
      }
      if (slug === 'poll-closed') {
        // Closed while the ballot was open: show the closed poll (its notice says why), no retry.
        this.pendingKey = undefined;
        this._poll = { ...poll, status: 'closed' };
        this.unsubscribe?.();
        this.unsubscribe = undefined;
        this.fail('vote', e, false);
        await this.refreshResults(poll.id);
        return;
      }
      this.fail('vote', e);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="retry"]')?.focus();
    }
  }

  private async refreshResults(pollId: string) {
    try {
      const r = await this.client!.polls.results(pollId, { receipt: this.receiptId });
      this.applyResults(r, false);
    } catch {
      // Keep the counts we have; the live stream catches up.
    }
  }

  private retry() {
    if (this._voteError && this._poll?.status === 'open') {
      void this.vote();
    } else {
      void this.load();
    }
  }

  // ------------------------------------------------------------------ rendering

  private errorText(e: unknown): string {
    const m = this.m.errors;
    return errorText(e, m, {
      'not-found': m.notFound,
      'poll-closed': m.pollClosed,
      'poll-not-open': m.pollNotOpen,
      'voter-token-required': m.voterTokenRequired,
      'invalid-voter-token': m.invalidVoterToken,
      validation: m.validation,
      'device-id-required': m.validation,
    });
  }

  override render() {
    if (this.noEnglish) return html`<div part="base" class="base" data-state="loading" lang="en" aria-busy="true"></div>`;
    const state = this.state;
    return html`
      <div part="base" class="base" data-state=${state} lang=${this.uiLang} aria-busy=${state === 'loading' ? 'true' : 'false'}>
        ${state === 'loading' ? this.renderLoading() : nothing}
        ${this._loadError ? this.renderError(this._loadError) : nothing}
        ${this._poll && !this._loadError ? this.renderPoll(state) : nothing}
      </div>
      <div class="sr-only" aria-live="polite" aria-atomic="true">${this._liveText}</div>
    `;
  }

  private renderLoading(): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
      <p class="meta" role="status">${this.m.loading}</p>
    `;
  }

  /** With a retry button unless the page's author must fix something, or the poll closed. */
  private renderError(e: unknown): TemplateResult {
    const retryable = !fixedByAuthor(e) && slugOf(e) !== 'poll-closed';
    return errorBox(this.errorText(e), retryable ? this.retry : undefined, this.m.retry);
  }

  private renderPoll(state: PollState): TemplateResult {
    const poll = this._poll!;
    const m = this.m;
    const votingOpen = poll.status === 'open' && this._voted === 'no';
    const question = this.text(poll.question);
    const description = this.text(poll.description);
    const meta = html`
      ${description.value ? html`<p class="description" lang=${ifDefined(description.lang)}>${description.value}</p>` : nothing}
      ${poll.status === 'open' && poll.closesAt ? html`<p class="meta">${m.closesAt(this.date(poll.closesAt))}</p>` : nothing}
    `;
    return html`
      ${votingOpen
        ? this.renderForm(poll, state, question, meta)
        : html`<p part="question" class="question" lang=${ifDefined(question.lang)}>${question.value}</p>${meta}`}
      ${this._voteError ? this.renderError(this._voteError) : nothing}
      ${this.renderNotices(poll)}
      ${poll.status === 'scheduled' ? nothing : this.renderResults(poll)}
    `;
  }

  private renderForm(poll: Poll, state: PollState, question: { value: string; lang?: string }, meta: TemplateResult): TemplateResult {
    const m = this.m;
    const multiple = poll.kind === 'multiple';
    const submitting = state === 'submitting';
    const n = (x: number) => this.fmt(x);
    const hint = !multiple
      ? undefined
      : poll.minChoices === poll.maxChoices
        ? m.chooseExactly(n(poll.minChoices))
        : poll.minChoices <= 1
          ? m.chooseUpTo(n(poll.maxChoices))
          : m.chooseRange(n(poll.minChoices), n(poll.maxChoices));
    const describedBy = [hint ? 'hint' : '', this._formError ? 'form-error' : ''].filter(Boolean).join(' ');
    const needsLogin = poll.voterPolicy === 'verified' && !this.voterToken;
    return html`
      <form @submit=${this.onSubmit} novalidate>
        <fieldset aria-describedby=${ifDefined(describedBy || undefined)}>
          <legend part="question" class="question" lang=${ifDefined(question.lang)}>${question.value}</legend>
          <div class="fields">
            ${meta} ${hint ? html`<p id="hint" class="hint">${hint}</p>` : nothing}
            <div class="options" @click=${(e: Event) => submitting && e.preventDefault()}>
              ${poll.options.map((o) => {
                const label = this.text(o.label);
                return html`
                  <label part="option" class="choice">
                    <input
                      type=${multiple ? 'checkbox' : 'radio'}
                      name="choice"
                      value=${o.id}
                      .checked=${live(this._selected.includes(o.id))}
                      @change=${this.onChoice}
                    />
                    <span lang=${ifDefined(label.lang)}>${label.value}</span>
                  </label>
                `;
              })}
            </div>
            ${this._formError ? html`<p id="form-error" class="form-error" role="alert">${this._formError}</p>` : nothing}
            ${needsLogin ? html`<p part="message" class="message">${m.loginRequired}</p>` : nothing}
          </div>
        </fieldset>
        ${submitButton(submitting, m.submit, m.submitting)}
      </form>
    `;
  }

  private renderNotices(poll: Poll): TemplateResult {
    const m = this.m;
    const voted = this._voted;
    return html`
      ${poll.forwardedAt ? html`<p part="message" class="message">${m.forwarded(this.date(poll.forwardedAt))}</p>` : nothing}
      ${poll.status === 'closed' ? html`<p part="message" class="message">${m.closed}</p>` : nothing}
      ${poll.status === 'scheduled' && poll.opensAt ? html`<p part="message" class="message">${m.opensAt(this.date(poll.opensAt))}</p>` : nothing}
      ${voted !== 'no'
        ? html`<p part="message" class="message" tabindex="-1" data-focus>
            ${voted === 'now' ? m.voted : voted === 'already' ? m.alreadyVoted : m.votedBefore}
          </p>`
        : nothing}
    `;
  }

  private renderResults(poll: Poll): TemplateResult {
    const m = this.m;
    const r = this._results;
    const visible = !!r?.visible;
    const total = r?.totalVotes ?? 0;
    const hiddenText = poll.resultsVisibility === 'after_vote' && poll.status !== 'closed' ? m.resultsAfterVote : m.resultsAfterClose;
    return html`
      <div part="results" class="results">
        <p class="results-title">${m.results}</p>
        ${visible
          ? html`
              <ul class="bars">
                ${poll.options.map((o) => {
                  const votes = r!.options.find((x) => x.id === o.id)?.votes ?? 0;
                  const share = total > 0 ? votes / total : 0;
                  const label = this.text(o.label);
                  return html`
                    <li class="result" data-option=${o.id}>
                      <span class="row">
                        <span class="label" lang=${ifDefined(label.lang)}
                          >${label.value}${this.myChoices?.includes(o.id) ? html`<span class="mine">(${m.myChoice})</span>` : nothing}</span
                        >
                        <span class="count">${m.optionResult(this.fmt(votes), this.pct(share))}</span>
                      </span>
                      <span class="track" aria-hidden="true"
                        ><span part="bar" class="bar" ${cssProps({ 'inline-size': `${(share * 100).toFixed(2)}%` })}></span
                      ></span>
                    </li>
                  `;
                })}
              </ul>
              <p class="meta">${m.total(this.fmt(total))}</p>
            `
          : html`<p class="hint">${hiddenText}</p>`}
        ${this.renderThreshold(poll, r)}
      </div>
    `;
  }

  private renderThreshold(poll: Poll, r: PollResults | undefined): TemplateResult | typeof nothing {
    const t = r?.threshold ?? (poll.threshold ? { ...poll.threshold, current: null, forwardedAt: poll.forwardedAt } : null);
    if (!t) return nothing;
    const m = this.m;
    const count = this.fmt(t.count);
    const option = poll.options.find((o) => o.id === t.optionId);
    const optionLabel = this.text(option?.label).value || t.optionId;
    if (t.current == null || !r?.visible) {
      return html`<div part="threshold" class="threshold"><p class="threshold-label">${m.thresholdHidden(count)}</p></div>`;
    }
    const current = this.fmt(t.current);
    const reached = t.current >= t.count || !!t.forwardedAt;
    return html`
      <div part="threshold" class="threshold">
        <p class="meta">${m.thresholdLabel(optionLabel)}</p>
        <p id="threshold-label" class="threshold-label">${reached ? m.thresholdReached(current, count) : m.threshold(current, count)}</p>
        <progress max=${t.count} .value=${Math.min(t.current, t.count)} aria-labelledby="threshold-label"></progress>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementEventMap {
    'madang-vote': MadangVoteEvent;
    'madang-error': MadangErrorEvent;
  }
  /** The events bubble and are composed, so pages can listen once on document or window. */
  interface DocumentEventMap {
    'madang-vote': MadangVoteEvent;
    'madang-error': MadangErrorEvent;
  }
  interface WindowEventMap {
    'madang-vote': MadangVoteEvent;
    'madang-error': MadangErrorEvent;
  }
}
