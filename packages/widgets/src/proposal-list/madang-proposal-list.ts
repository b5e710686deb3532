/**
 * <madang-proposal-list>: the published citizen proposals of a site, newest or most supported
 * first, with their state, the public answer, the state history, the committee threshold and an
 * "I support this" button. All API traffic goes through @madang/sdk.
 *
 * This module defines the class and registers nothing: `./define.ts` (`@madang/widgets/proposal-list`)
 * registers it as <madang-proposal-list>.
 */
import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import type { MadangClient } from '@madang/sdk';
import { SUPPORTABLE, type Proposal, type ProposalPage, type ProposalSettings, type ProposalSort, type SupportReceipt } from '@madang/contracts';
import { MadangElement, formatsByLang, idempotencyKey, lazyEnglish } from '../shared/element.js';
import { checkSite, errorText, fixedByAuthor, slugOf, WidgetConfigError, type ConfigReason } from '../shared/errors.js';
import type { Lang } from '../shared/lang.js';
import { stateLabels } from '../shared/proposal-states.js';
import { deviceId, readItem, writeItem } from '../shared/storage.js';
import { errorBox } from '../shared/templates.js';
import { ko, type ProposalListMessages } from './messages.js';
import { proposalListStyles } from './styles.js';

export const PROPOSAL_LIST_TAG = 'madang-proposal-list';

/** Korean strings in this bundle; English imported the first time an element is in English. */
const strings = lazyEnglish<ProposalListMessages>(ko, () => import('./messages-en.js'));

/**
 * What the widget shows, also reflected as `data-state` on the host:
 * - `loading`: fetching the first page (space reserved), or another page / sort order (the
 *   current items stay in place, marked busy, so the layout does not collapse);
 * - `ready`: a page of proposals;
 * - `empty`: the site (or the chosen category) has no published proposal yet;
 * - `error`: loading failed, or the attributes are wrong; a readable message, and a retry
 *   button unless the attributes themselves must be fixed.
 * A failed support is shown on its proposal only; the list stays `ready`.
 */
export type ProposalListState = 'loading' | 'ready' | 'empty' | 'error';

export interface MadangSupportDetail {
  proposalId: string;
  /** The server's receipt: the new support count and the proposal's state after this support. */
  receipt: SupportReceipt;
}

export interface MadangProposalListErrorDetail {
  /** A MadangError from @madang/sdk (MadangApiError, MadangNetworkError, …) or a MadangProposalListConfigError. */
  error: unknown;
  /** The proposal a failed support was for; undefined when loading failed. */
  proposalId?: string;
}

/** Fired after a support was recorded. Bubbles and crosses shadow roots. */
export class MadangSupportEvent extends CustomEvent<MadangSupportDetail> {
  static readonly eventName = 'madang-support' as const;
  constructor(detail: MadangSupportDetail) {
    super(MadangSupportEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** `madang-error` of this element: loading or supporting failed, or the attributes are wrong. Bubbles and crosses shadow roots. */
export class MadangProposalListErrorEvent extends CustomEvent<MadangProposalListErrorDetail> {
  static readonly eventName = 'madang-error' as const;
  constructor(detail: MadangProposalListErrorDetail) {
    super(MadangProposalListErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

type ConfigAttribute = 'api' | 'site-key' | 'sort' | 'page-size' | 'category';

/** A missing or invalid attribute; shown to the visitor and sent with `madang-error`. */
export class MadangProposalListConfigError extends WidgetConfigError<ConfigAttribute> {
  constructor(attribute: ConfigAttribute, reason: ConfigReason) {
    super('madang-proposal-list', attribute, reason);
    this.name = 'MadangProposalListConfigError';
  }
}

const CATEGORY = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

function checkConfig(el: MadangProposalList): MadangProposalListConfigError | undefined {
  const { api, siteKey, sort, pageSize, category } = el;
  const problem = checkSite(api, siteKey, MadangProposalListConfigError);
  if (problem) return problem;
  if (sort && sort !== 'newest' && sort !== 'support') return new MadangProposalListConfigError('sort', 'invalid');
  if (pageSize !== undefined && pageSize !== null && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    return new MadangProposalListConfigError('page-size', 'invalid');
  }
  if (category && !CATEGORY.test(category)) return new MadangProposalListConfigError('category', 'invalid');
  return undefined;
}

const formatsFor = formatsByLang((locale) => ({
  number: new Intl.NumberFormat(locale),
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long' }),
  dateTime: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
}));

/** Where "this browser supports proposal X" is remembered (shared/storage.ts: never throws). */
export const supportKey = (proposalId: string) => `madang:support:${proposalId}`;

/** A short, non-reversible tag of a voter-token subject (FNV-1a), so a shared computer tells its users apart. */
function voterTag(token: string): string {
  let sub = token;
  const payload = token.split('.')[1];
  if (payload) {
    try {
      const b64 = payload.replace(/-/g, '+').replace(/_/g, '/');
      const claims = JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '='))) as { sub?: unknown };
      if (typeof claims.sub === 'string') sub = claims.sub;
    } catch {
      // not a JWT we can read: the whole token is the tag's input
    }
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < sub.length; i++) {
    h ^= sub.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `v:${(h >>> 0).toString(36)}`;
}

/** One proposal's support in this page view. */
interface SupportStatus {
  phase: 'idle' | 'sending' | 'error';
  /** Kept from the first attempt until it succeeds, so a retry can never count twice. */
  key?: string;
  error?: unknown;
  /** Shown under the control: the server already had this support, or the proposal no longer takes support. */
  notice?: 'already' | 'not-open';
}

/**
 * The published proposals of a site, with support and paging.
 *
 * @summary Embeddable list of published citizen proposals: state, public answer, history, committee threshold and support.
 *
 * @attr api - Base URL of the Madang API, e.g. `https://api.madang.go.kr`.
 * @attr site-key - The site's publishable key (`pk_…`). A secret key is refused.
 * @attr sort - `newest` (default) or `support` (most supported first); the visitor can switch it.
 * @attr page-size - Proposals per page, 1–50 (default 10).
 * @attr category - Only this category (a category id of the site's proposal settings).
 * @attr voter-token - Signed voter token from the host site's login, for sites whose voter policy is `verified` (also settable as the `voterToken` property).
 * @attr lang - UI language (`ko` default, `en`); without it the nearest ancestor's `lang` decides.
 * @attr data-state - Reflects the current state (read only): loading, ready, empty, error.
 *
 * @fires {MadangSupportEvent} madang-support - A support was recorded. detail: `{ proposalId, receipt }`.
 * @fires {MadangProposalListErrorEvent} madang-error - Loading or supporting failed, or an attribute is wrong. detail: `{ error, proposalId? }`.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The list heading (focused after a page change).
 * @csspart sort - The sort-order select.
 * @csspart list - The list of proposals.
 * @csspart item - One proposal (an article).
 * @csspart title - A proposal's title (its heading).
 * @csspart state - A proposal's state badge.
 * @csspart body - A proposal's text (a few lines until expanded).
 * @csspart more - The "Show more / Show less" disclosure button.
 * @csspart answer - The ministry's public answer (accepted or not accepted proposals).
 * @csspart history - The state history (inside the disclosure).
 * @csspart threshold - Support count and committee-threshold progress (text and progress bar).
 * @csspart support - The "I support this" button.
 * @csspart supported - The "You support this" confirmation that replaces the button.
 * @csspart pagination - The page navigation.
 * @csspart page-button - The previous and next page buttons.
 * @csspart message - A notice or error message.
 * @csspart retry - The retry button shown with loading errors.
 *
 * @cssprop [--madang-color-brand=var(--krds-light-color-button-primary-fill, #256ef4)] - Button and bar colour.
 * @cssprop [--madang-color-on-brand=var(--krds-light-color-text-basic-inverse, #ffffff)] - Text on the brand colour.
 * @cssprop [--madang-font-family=var(--krds-typo-font-type, "Pretendard GOV", "Pretendard", system-ui, sans-serif)] - Font family.
 * @cssprop [--madang-radius=var(--krds-radius-medium2, 6px)] - Corner radius.
 * @cssprop [--madang-space=var(--krds-gap-2, 4px)] - Spacing unit (gaps and paddings are multiples of it).
 */
export class MadangProposalList extends MadangElement {
  static override styles = proposalListStyles;

  static override properties = {
    api: { type: String },
    siteKey: { type: String, attribute: 'site-key' },
    sort: { type: String },
    pageSize: { type: Number, attribute: 'page-size' },
    category: { type: String },
    voterToken: { type: String, attribute: 'voter-token' },
    _settings: { state: true, attribute: false },
    _page: { state: true, attribute: false },
    _items: { state: true, attribute: false },
    _loading: { state: true, attribute: false },
    _loadError: { state: true, attribute: false },
    _expanded: { state: true, attribute: false },
    _support: { state: true, attribute: false },
    _liveText: { state: true, attribute: false },
  };

  /** Base URL of the Madang API. */
  declare api: string | undefined;
  /** The site's publishable key (`pk_…`). */
  declare siteKey: string | undefined;
  /** `newest` (default) or `support`. */
  declare sort: string | undefined;
  /** Proposals per page, 1–50 (default 10). */
  declare pageSize: number | undefined;
  /** Only this category. */
  declare category: string | undefined;
  /** Signed voter token from the host site's login (verified sites). */
  declare voterToken: string | undefined;

  declare private _settings: ProposalSettings | undefined;
  /** The last page loaded (total, page number, page size). */
  declare private _page: ProposalPage | undefined;
  /** That page's proposals, updated in place by supports. */
  declare private _items: Proposal[];
  declare private _loading: boolean;
  declare private _loadError: unknown;
  declare private _expanded: ReadonlySet<string>;
  declare private _support: ReadonlyMap<string, SupportStatus>;
  declare private _liveText: string;

  private client?: MadangClient;
  /** The page being shown or loaded (1-based). */
  private pageNumber = 1;
  /**
   * 'all': config changed (client and settings anew); 'list': sort, size or category changed
   * (page 1); 'resume': removed while loading and attached again (the same page).
   */
  private needsLoad: 'all' | 'list' | 'resume' | false = 'all';
  /** What to do once the page in flight arrives: move focus to the heading, announce a text. */
  private afterLoad?: { focusHeading: boolean; announce?: (pages: number) => string };

  constructor() {
    super();
    this._items = [];
    this._loading = false;
    this._expanded = new Set();
    this._support = new Map();
    this._liveText = '';
  }

  /** The current state (see `ProposalListState`); also reflected as the `data-state` attribute. */
  get state(): ProposalListState {
    if (this.noEnglish) return 'loading';
    if (this._loadError) return 'error';
    if (this._loading || !this._page) return 'loading';
    return this._items.length ? 'ready' : 'empty';
  }

  /** The 1-based page shown (or being loaded). */
  get page(): number {
    return this.pageNumber;
  }

  override connectedCallback() {
    super.connectedCallback();
    document.addEventListener(MadangSupportEvent.eventName, this.onPeerSupport);
    window.addEventListener('storage', this.onStorage);
    if (this.needsLoad && this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener(MadangSupportEvent.eventName, this.onPeerSupport);
    window.removeEventListener('storage', this.onStorage);
    if (this.dropLoad()) {
      // Removed while loading: load again if it comes back.
      this._loading = false;
      this.needsLoad ||= 'resume';
    }
  }

  protected override configure(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('siteKey')) this.needsLoad = 'all';
    else if ((changed.has('sort') || changed.has('pageSize') || changed.has('category')) && this.needsLoad !== 'all') this.needsLoad = 'list';
    if (this.needsLoad && this.isConnected) {
      const mode = this.needsLoad === 'all' || !this._settings || !this.client ? 'all' : this.needsLoad;
      this.needsLoad = false;
      if (mode === 'all') this.reset();
      else if (mode === 'list') this.pageNumber = 1;
      void this.load(this.pageNumber);
    }
  }

  // ------------------------------------------------------------------ data

  protected override get formats() {
    return formatsFor(this.uiLang);
  }

  private get m(): ProposalListMessages {
    return strings.get(this.uiLang, this.englishArrived) ?? ko;
  }

  /** English wanted but its strings not here yet: shown as loading (no Korean flash) until they are. */
  private get noEnglish(): boolean {
    return !strings.get(this.uiLang, this.englishArrived);
  }

  private englishArrived = () => this.requestUpdate();

  private get currentSort(): ProposalSort {
    return this.sort === 'support' ? 'support' : 'newest';
  }

  private get currentPageSize(): number {
    return this.pageSize ?? DEFAULT_PAGE_SIZE;
  }

  private get pageCount(): number {
    const p = this._page;
    return p ? Math.max(1, Math.ceil(p.total / p.pageSize)) : 1;
  }

  private reset() {
    this.loadAbort?.abort();
    this.loadAbort = undefined;
    this.client = undefined;
    this.pageNumber = 1;
    this._settings = undefined;
    this._page = undefined;
    this._items = [];
    this._loading = false;
    this._loadError = undefined;
    this._expanded = new Set();
    this._support = new Map();
    this._liveText = '';
    this.afterLoad = undefined;
  }

  private async load(page: number): Promise<void> {
    const generation = ++this.loadGeneration;
    this.loadAbort?.abort();
    this.loadAbort = undefined;
    this.pageNumber = page;
    this._loadError = undefined;
    // Set before the SDK client is loaded, so removing the element meanwhile drops this load.
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    this._loading = true;
    const client = await this.connect(
      checkConfig(this),
      (e) => {
        this._loading = false;
        this.fail(e);
      },
      this.client,
      generation,
    );
    if (!client) {
      if (this.loadAbort === abort) this.loadAbort = undefined;
      return;
    }
    this.client = client;
    try {
      const [settings, result] = await Promise.all([
        this._settings ?? client.proposals.settings({ signal }),
        client.proposals.list({
          sort: this.currentSort,
          page,
          pageSize: this.currentPageSize,
          category: this.category || undefined,
          signal,
        }),
      ]);
      if (generation !== this.loadGeneration) return;
      // Proposals were withdrawn meanwhile and this page is past the end: show the last one instead.
      if (!result.items.length && result.total > 0 && page > 1) {
        const last = Math.max(1, Math.ceil(result.total / result.pageSize));
        if (last < page) {
          this._settings = settings;
          return this.load(last);
        }
      }
      this.loadAbort = undefined;
      this._settings = settings;
      this._page = result;
      this._items = result.items;
      this.pageNumber = result.page;
      this._loading = false;
      const after = this.afterLoad;
      this.afterLoad = undefined;
      if (after) {
        await this.updateComplete;
        if (after.focusHeading) this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
        if (after.announce) void this.announce(after.announce(this.pageCount));
      }
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this._loading = false;
      this.fail(e);
    }
  }

  private fail(error: unknown, proposalId?: string) {
    if (proposalId === undefined) this._loadError = error;
    if (error instanceof MadangProposalListConfigError) console.warn(error.message);
    this.dispatchEvent(new MadangProposalListErrorEvent(proposalId === undefined ? { error } : { error, proposalId }));
  }

  /** Polite announcement; cleared first so the same text twice is announced twice. */
  private async announce(text: string) {
    this._liveText = '';
    await this.updateComplete;
    this._liveText = text;
  }

  // ------------------------------------------------------------------ paging and sorting

  private goTo(page: number) {
    if (!this._page || page < 1 || page > this.pageCount || page === this.pageNumber) return;
    const m = this.m;
    const fmt = (n: number) => this.fmt(n);
    this.afterLoad = { focusHeading: true, announce: (pages) => m.pageAnnounce(fmt(this.pageNumber), fmt(pages)) };
    void this.load(page);
  }

  private onSort(e: Event) {
    const value = (e.target as HTMLSelectElement).value === 'support' ? 'support' : 'newest';
    if (value === this.currentSort) return;
    const m = this.m;
    // Focus stays on the select; the new order is announced once it arrives.
    this.afterLoad = { focusHeading: false, announce: () => m.sortedBy(value === 'support' ? m.sortSupport : m.sortNewest) };
    this.sort = value;
  }

  private toggle(id: string) {
    const next = new Set(this._expanded);
    if (next.has(id)) next.delete(id);
    else {
      next.add(id);
      this.loadHistory(id);
    }
    this._expanded = next;
  }

  /** The state history (shared/proposal-history.ts), imported when an item is first expanded. */
  private history?: typeof import('../shared/proposal-history.js');
  private historyLoad?: Promise<void>;
  /** The history could not be fetched (offline since the page loaded): shown with a retry. */
  private historyError?: unknown;

  private loadHistory(id: string) {
    if (this.history) return;
    this.historyLoad ??= import('../shared/proposal-history.js').then(
      (h) => {
        this.history = h;
        this.historyError = undefined;
        adoptStyles(this.renderRoot as ShadowRoot, [...MadangProposalList.elementStyles, h.historyStyles]);
        this.requestUpdate();
      },
      (e: unknown) => {
        this.historyLoad = undefined;
        this.historyError = e;
        this.fail(e, id);
        this.requestUpdate();
      },
    );
  }

  private renderHistory(p: Proposal, lang: Lang): TemplateResult | typeof nothing {
    if (this.history) return this.history.historyTemplate(p.history, lang, this.formats.dateTime, 4);
    if (this.historyError) return errorBox(this.errorText(this.historyError), () => this.loadHistory(p.id), this.m.retry);
    return nothing;
  }

  private retry() {
    void this.load(this.pageNumber);
  }

  // ------------------------------------------------------------------ support

  /** Who this browser supports as: the device (anonymous sites) or the signed-in voter (verified sites). */
  private voterIdentity(): string | undefined {
    if (this._settings?.voterPolicy === 'verified') return this.voterToken ? voterTag(this.voterToken) : undefined;
    return 'device';
  }

  private isSupported(id: string): boolean {
    const who = this.voterIdentity();
    if (!who) return false;
    const raw = readItem(supportKey(id));
    if (!raw) return false;
    try {
      const v = JSON.parse(raw) as { voters?: unknown };
      return Array.isArray(v.voters) && v.voters.includes(who);
    } catch {
      return false;
    }
  }

  private remember(id: string) {
    const who = this.voterIdentity();
    if (!who) return;
    let voters: string[] = [];
    try {
      const v = JSON.parse(readItem(supportKey(id)) ?? '{}') as { voters?: unknown };
      if (Array.isArray(v.voters)) voters = v.voters.filter((x): x is string => typeof x === 'string').slice(-20);
    } catch {
      // start over
    }
    if (!voters.includes(who)) voters.push(who);
    writeItem(supportKey(id), JSON.stringify({ voters }));
  }

  /** Another <madang-proposal-list> on this page recorded a support: show it here too. */
  private onPeerSupport = (e: MadangSupportEvent) => {
    if (e.target === this) return;
    const receipt = e.detail.receipt;
    if (this._items.some((p) => p.id === receipt.proposalId)) this.applyReceipt(receipt);
  };

  /** Another tab of this browser supported a proposal (it wrote to localStorage). */
  private onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith('madang:support:')) this.requestUpdate();
  };

  private setSupport(id: string, status: SupportStatus | undefined) {
    const next = new Map(this._support);
    if (status) next.set(id, status);
    else next.delete(id);
    this._support = next;
  }

  private replaceItem(p: Proposal) {
    if (this._items.some((x) => x.id === p.id)) this._items = this._items.map((x) => (x.id === p.id ? p : x));
  }

  /** Takes the count and state of a support receipt (newer counts only). */
  private applyReceipt(r: SupportReceipt) {
    const p = this._items.find((x) => x.id === r.proposalId);
    if (!p || r.supportCount < p.supportCount) return;
    const forwarded = r.state === 'forwarded' && p.state !== 'forwarded';
    this.replaceItem({
      ...p,
      state: r.state,
      supportCount: r.supportCount,
      threshold: p.threshold
        ? { ...p.threshold, current: r.supportCount, forwardedAt: p.threshold.forwardedAt ?? (forwarded ? r.supportedAt : null) }
        : null,
      history: forwarded ? [...p.history, { state: 'forwarded', at: r.supportedAt, actor: 'system', note: null }] : p.history,
    });
  }

  /** Reads one proposal again (after its state changed under us); keeps what we have on failure. */
  private async refreshItem(id: string) {
    try {
      const fresh = await this.client!.proposals.get(id);
      this.replaceItem(fresh);
    } catch {
      // keep the item as it is
    }
  }

  private async focusIn(id: string, selector: string) {
    await this.updateComplete;
    const item = this.renderRoot.querySelector(`li[data-proposal="${id}"]`);
    item?.querySelector<HTMLElement>(selector)?.focus();
  }

  private async supportProposal(p: Proposal, allowNewKey = true): Promise<void> {
    const client = this.client;
    const settings = this._settings;
    const current = this._support.get(p.id);
    if (!client || !settings || current?.phase === 'sending') return;
    const verified = settings.voterPolicy === 'verified';
    if (verified && !this.voterToken) {
      // The hint under the button says it already; focus and announce it for those who missed it.
      void this.announce(this.m.loginRequired);
      await this.focusIn(p.id, '[data-notice]');
      return;
    }
    const key = current?.key ?? idempotencyKey();
    this.setSupport(p.id, { phase: 'sending', key });
    try {
      const receipt = await client.proposals.support(p.id, verified ? { voterToken: this.voterToken } : { deviceId: deviceId() }, {
        idempotencyKey: key,
      });
      this.remember(p.id);
      this.setSupport(p.id, undefined);
      this.applyReceipt(receipt);
      this.dispatchEvent(new MadangSupportEvent({ proposalId: p.id, receipt }));
      const m = this.m;
      const forwarded = receipt.state === 'forwarded' && p.state !== 'forwarded';
      void this.announce(`${m.supportedLive(p.title, this.fmt(receipt.supportCount))}${forwarded ? ` ${m.forwardedLive}` : ''}`);
      await this.focusIn(p.id, '[part~="supported"]');
      // The exact forwarding time and history entry come from the server.
      if (receipt.state !== p.state) void this.refreshItem(p.id);
    } catch (e) {
      const slug = slugOf(e);
      if (slug === 'idempotency-key-reused' && allowNewKey) {
        // The key was first used with another body (another voter token): a fresh key lets the
        // server answer what is true now (usually already-supported).
        this.setSupport(p.id, { phase: 'idle' });
        return this.supportProposal(p, false);
      }
      if (slug === 'already-supported') {
        this.remember(p.id);
        this.setSupport(p.id, { phase: 'idle', notice: 'already' });
        void this.refreshItem(p.id);
        await this.focusIn(p.id, '[part~="supported"]');
        return;
      }
      if (slug === 'proposal-not-open') {
        this.setSupport(p.id, { phase: 'idle', notice: 'not-open' });
        this.fail(e, p.id);
        await this.refreshItem(p.id);
        await this.focusIn(p.id, '[data-notice]');
        return;
      }
      // Anything else: the message and the same button again, with the same key.
      this.setSupport(p.id, { phase: 'error', key, error: e });
      this.fail(e, p.id);
      await this.focusIn(p.id, '[part~="support"]');
    }
  }

  // ------------------------------------------------------------------ rendering

  private errorText(e: unknown, supporting = false): string {
    const m = this.m.errors;
    return errorText(
      e,
      m,
      {
        'not-found': m.notFound,
        'proposal-not-open': m.proposalNotOpen,
        'voter-token-required': m.voterTokenRequired,
        'invalid-voter-token': m.invalidVoterToken,
        validation: m.validation,
        'device-id-required': m.validation,
      },
      supporting ? m.supportNetwork : m.network,
    );
  }

  /** Wrong attributes (or keys, or ones the SDK refused) are fixed by the page's author, not by retrying. */
  private retryable(e: unknown): boolean {
    return !fixedByAuthor(e) && !(e instanceof Error && e.name === 'MadangError');
  }

  override render() {
    if (this.noEnglish) return html`<div part="base" class="base" data-state="loading" lang="en" aria-busy="true"></div>`;
    const state = this.state;
    const m = this.m;
    const configError = this._loadError !== undefined && !this.retryable(this._loadError);
    const showList = !!this._page && !this._loadError;
    return html`
      <div part="base" class="base" data-state=${state} lang=${this.uiLang}>
        <h2 id="heading" part="heading" class="heading" tabindex="-1">${m.heading}</h2>
        ${this._settings && !configError ? this.renderToolbar(state) : nothing}
        ${state === 'loading' && !this._page ? this.renderLoading() : nothing}
        ${this._loadError ? this.renderError(this._loadError) : nothing}
        ${showList && this._items.length === 0 && state !== 'loading' ? this.renderEmpty() : nothing}
        ${showList && this._items.length ? this.renderItems(state) : nothing}
        ${showList && this._page!.total > 0 ? this.renderPager(state) : nothing}
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

  private renderError(e: unknown): TemplateResult {
    return errorBox(this.errorText(e), this.retryable(e) ? this.retry : undefined, this.m.retry);
  }

  private renderToolbar(state: ProposalListState): TemplateResult {
    const m = this.m;
    const sort = this.currentSort;
    const busy = state === 'loading' && !!this._page;
    return html`
      <div class="toolbar">
        <p class="meta total">${this._page && !this._loadError ? m.total(this.fmt(this._page.total)) : nothing}</p>
        <p class="meta loading-note" role="status">${busy ? m.loadingPage : nothing}</p>
        <span class="sort">
          <label for="sort">${m.sortLabel}</label>
          <select id="sort" part="sort" .value=${live(sort)} @change=${this.onSort}>
            <option value="newest" ?selected=${sort === 'newest'}>${m.sortNewest}</option>
            <option value="support" ?selected=${sort === 'support'}>${m.sortSupport}</option>
          </select>
        </span>
      </div>
    `;
  }

  private renderEmpty(): TemplateResult {
    const m = this.m;
    const category = this.category ? this._settings?.categories.find((c) => c.id === this.category) : undefined;
    return html`<p part="message" class="message empty">
      ${this.category ? m.emptyCategory(this.text(category?.label).value || this.category) : m.empty}
    </p>`;
  }

  private renderItems(state: ProposalListState): TemplateResult {
    const busy = state === 'loading';
    return html`
      <ol part="list" class=${busy ? 'items busy' : 'items'} aria-busy=${busy ? 'true' : 'false'} aria-labelledby="heading">
        ${repeat(
          this._items,
          (p) => p.id,
          (p) => this.renderItem(p),
        )}
      </ol>
    `;
  }

  private renderItem(p: Proposal): TemplateResult {
    const m = this.m;
    const lang = this.uiLang;
    const id = p.id;
    const expanded = this._expanded.has(id);
    const settings = this._settings;
    const category = this.text(settings?.categories.find((c) => c.id === p.category)?.label);
    const region = p.region ? this.text(settings?.regions.find((r) => r.id === p.region)?.label) : undefined;
    const answer = this.text(p.answer);
    return html`
      <li class="item" data-proposal=${id} data-state=${p.state}>
        <article part="item" class="card" aria-labelledby="t-${id}">
          <h3 id="t-${id}" part="title" class="title" dir="auto">${p.title}</h3>
          <dl class="facts">
            <div>
              <dt>${m.state}</dt>
              <dd><span part="state" class="state" data-state=${p.state}>${stateLabels[lang][p.state]}</span></dd>
            </div>
            <div>
              <dt>${m.category}</dt>
              <dd lang=${ifDefined(category.lang)}>${category.value || p.category}</dd>
            </div>
            ${region
              ? html`<div>
                  <dt>${m.region}</dt>
                  <dd lang=${ifDefined(region.lang)}>${region.value || p.region}</dd>
                </div>`
              : nothing}
            <div>
              <dt>${m.submittedAt}</dt>
              <dd><time datetime=${p.submittedAt}>${this.date(p.submittedAt)}</time></dd>
            </div>
            ${p.publishedAt
              ? html`<div>
                  <dt>${m.publishedAt}</dt>
                  <dd><time datetime=${p.publishedAt}>${this.date(p.publishedAt)}</time></dd>
                </div>`
              : nothing}
          </dl>
          <div id="c-${id}" class="content">
            <p part="body" class=${expanded ? 'body' : 'body clamped'} dir="auto">${p.body}</p>
            ${expanded ? this.renderHistory(p, lang) : nothing}
          </div>
          <button
            part="more"
            class="secondary"
            type="button"
            aria-expanded=${expanded ? 'true' : 'false'}
            aria-controls="c-${id}"
            aria-describedby="t-${id}"
            @click=${() => this.toggle(id)}
          >
            ${expanded ? m.showLess : m.showMore}
          </button>
          ${p.answer
            ? html`<div part="answer" class="answer">
                <h4>${m.answer}</h4>
                <p dir="auto" lang=${ifDefined(answer.lang)}>${answer.value}</p>
              </div>`
            : nothing}
          ${this.renderSupport(p)}
        </article>
      </li>
    `;
  }

  private renderSupport(p: Proposal): TemplateResult {
    const m = this.m;
    const id = p.id;
    const t = p.threshold;
    const forwardedAt = t?.forwardedAt ?? [...p.history].reverse().find((e) => e.state === 'forwarded')?.at ?? null;
    const count = this.fmt(p.supportCount);
    let progress: TemplateResult;
    if (t) {
      const current = Math.max(t.current, p.supportCount);
      const reached = current >= t.count || !!t.forwardedAt;
      const text = reached ? m.thresholdReached(this.fmt(current), this.fmt(t.count)) : m.threshold(this.fmt(current), this.fmt(t.count));
      progress = html`
        <p class="meta">${m.thresholdLabel}</p>
        <p id="s-${id}" class="count">${text}</p>
        <progress max=${t.count} .value=${Math.min(current, t.count)} aria-labelledby="s-${id}"></progress>
      `;
    } else {
      progress = html`<p id="s-${id}" class="count">${m.supportCount(count)}</p>`;
    }
    return html`
      <div class="support-area">
        <div part="threshold" class="threshold">${progress}</div>
        ${forwardedAt ? html`<p part="message" class="message forwarded">${m.forwarded(this.date(forwardedAt))}</p>` : nothing}
        ${this.renderSupportControl(p)}
      </div>
    `;
  }

  private renderSupportControl(p: Proposal): TemplateResult | typeof nothing {
    const m = this.m;
    const id = p.id;
    const status = this._support.get(id);
    if (this.isSupported(id)) {
      return html`
        <p part="supported" class="supported" tabindex="-1"><span aria-hidden="true">✓ </span>${m.supported}</p>
        ${status?.notice === 'already' ? html`<p class="hint">${m.alreadySupported}</p>` : nothing}
      `;
    }
    const notOpen =
      status?.notice === 'not-open'
        ? html`<p part="message" class="message" role="status" tabindex="-1" data-notice>${m.errors.proposalNotOpen}</p>`
        : nothing;
    if (!SUPPORTABLE.includes(p.state)) return notOpen;
    const sending = status?.phase === 'sending';
    const needsLogin = this._settings?.voterPolicy === 'verified' && !this.voterToken;
    const error = status?.phase === 'error' ? status.error : undefined;
    const describedBy = [needsLogin ? `h-${id}` : '', error ? `e-${id}` : ''].filter(Boolean).join(' ');
    return html`
      <button
        part="support"
        class="primary"
        type="button"
        aria-disabled=${sending ? 'true' : 'false'}
        aria-busy=${sending ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy || undefined)}
        @click=${() => void this.supportProposal(p)}
      >
        ${sending ? m.supporting : m.support}
      </button>
      ${needsLogin ? html`<p id="h-${id}" part="message" class="message login" tabindex="-1" data-notice>${m.loginRequired}</p>` : nothing}
      ${error ? html`<p id="e-${id}" part="message" class="message error" role="alert">${this.errorText(error, true)}</p>` : nothing}
      ${notOpen}
    `;
  }

  private renderPager(state: ProposalListState): TemplateResult | typeof nothing {
    const pages = this.pageCount;
    if (pages <= 1) return nothing;
    const m = this.m;
    const page = this.pageNumber;
    const busy = state === 'loading';
    const button = (dir: 'previous' | 'next', to: number, end: boolean, label: TemplateResult) => html`
      <button
        part="page-button"
        class="secondary page-button"
        type="button"
        data-dir=${dir}
        aria-disabled=${end || busy ? 'true' : 'false'}
        @click=${() => !busy && this.goTo(to)}
      >
        ${label}
      </button>
    `;
    return html`
      <nav part="pagination" class="pager" aria-label=${m.pagination}>
        ${button('previous', page - 1, page <= 1, html`<span aria-hidden="true">‹ </span>${m.previous}`)}
        <p class="page-of">${m.pageOf(this.fmt(page), this.fmt(pages))}</p>
        ${button('next', page + 1, page >= pages, html`${m.next}<span aria-hidden="true"> ›</span>`)}
      </nav>
    `;
  }
}

declare global {
  interface HTMLElementEventMap {
    'madang-support': MadangSupportEvent;
  }
  /** The events bubble and are composed, so pages can listen once on document or window. */
  interface DocumentEventMap {
    'madang-support': MadangSupportEvent;
  }
  interface WindowEventMap {
    'madang-support': MadangSupportEvent;
  }
}
