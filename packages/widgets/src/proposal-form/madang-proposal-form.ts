/**
 * <madang-proposal-form>: the citizen proposal form (제안하기) embedded in a ministry or
 * local-government page with one script tag, and the author's view of a proposal's progress.
 * All API traffic goes through @madang/sdk.
 *
 * Nothing a citizen writes is lost: the draft (never the contact details) autosaves to
 * localStorage, together with the form token and the Idempotency-Key of a submit whose outcome
 * is unknown, so a retry, even after a reload, can never file the proposal twice.
 *
 * This module defines the class and registers nothing: `./define.ts` (`@madang/widgets/proposal-form`)
 * registers it as <madang-proposal-form>.
 */
import { adoptStyles, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import type {
  MadangApiError,
  MadangClient,
  Proposal,
  ProposalChallenge,
  ProposalReceipt,
  ProposalSettings,
  ProposalSubmit,
} from '@madang/sdk';
import { PROPOSAL_LIMITS } from '@madang/contracts';
import { MadangElement, formatsByLang, idempotencyKey, lazyEnglish } from '../shared/element.js';
import { checkSite, errorText, fixedByAuthor, isApiError, WidgetConfigError, type ConfigReason } from '../shared/errors.js';
import { readItem, removeItem, writeItem } from '../shared/storage.js';
import { errorBox, submitButton } from '../shared/templates.js';
import { ko, type ContactKey, type FieldId, type ProposalFormMessages } from './messages.js';
import type { ProposalFormMessagesEn } from './messages-en.js';
import { proposalFormStyles } from './styles.js';
import type { AltchaChallenge } from './altcha.js';

export const PROPOSAL_FORM_TAG = 'madang-proposal-form';

/** Korean strings in this bundle; English imported the first time an element is in English. */
const strings = lazyEnglish<ProposalFormMessages>(ko, () => import('./messages-en.js'));

/**
 * What the widget shows, also reflected as `data-state` on the host:
 * - `loading`: fetching the site's settings and a form token (or, in tracking mode, the proposal);
 * - `form`: the form (possibly with validation errors and their summary);
 * - `submitting`: the proposal is on its way (including the proof-of-work and minimum-fill waits);
 * - `submitted`: the receipt number and tracking code;
 * - `tracking`: a proposal's state and public history;
 * - `error`: loading failed, the attributes are wrong, or a submit failed (the form and its
 *   values stay, with a message and a retry button).
 */
export type ProposalFormState = 'loading' | 'form' | 'submitting' | 'submitted' | 'tracking' | 'error';

/**
 * What a submit gives back. When the form had already filed this proposal (a retry after a lost
 * response) the server names it by number and code; the widget then looks up the rest, which
 * may be missing if that lookup fails.
 */
export type SubmittedReceipt = Pick<ProposalReceipt, 'receiptNumber' | 'trackingCode'> & Partial<ProposalReceipt>;

export interface MadangProposalSubmittedDetail {
  receipt: SubmittedReceipt;
}

export interface MadangProposalFormErrorDetail {
  /** A MadangError from @madang/sdk (MadangApiError, MadangNetworkError, …), a MadangProposalFormConfigError, or a MadangProofOfWorkError. */
  error: unknown;
  /** What failed: loading the form, submitting it, or loading a proposal to track. */
  phase: 'load' | 'submit' | 'track';
}

/** Fired once the server confirmed the proposal. Bubbles and crosses shadow roots. */
export class MadangProposalSubmittedEvent extends CustomEvent<MadangProposalSubmittedDetail> {
  static readonly eventName = 'madang-proposal-submitted' as const;
  constructor(detail: MadangProposalSubmittedDetail) {
    super(MadangProposalSubmittedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** Fired when loading, submitting or tracking fails, or the attributes are wrong. Bubbles and crosses shadow roots. */
export class MadangProposalFormErrorEvent extends CustomEvent<MadangProposalFormErrorDetail> {
  static readonly eventName = 'madang-error' as const;
  constructor(detail: MadangProposalFormErrorDetail) {
    super(MadangProposalFormErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** A missing or invalid attribute; shown to the visitor and sent with `madang-error`. */
export class MadangProposalFormConfigError extends WidgetConfigError<'api' | 'site-key' | 'receipt' | 'code'> {
  constructor(attribute: 'api' | 'site-key' | 'receipt' | 'code', reason: ConfigReason) {
    super('madang-proposal-form', attribute, reason);
    this.name = 'MadangProposalFormConfigError';
  }
}

/** The site requires proof of work and this browser could not produce it. */
export class MadangProofOfWorkError extends Error {
  constructor(readonly reason: 'unsupported' | 'unsolved') {
    super(reason === 'unsupported' ? 'crypto.subtle is not available (an https page is needed)' : 'no solution found for the proof-of-work challenge');
    this.name = 'MadangProofOfWorkError';
  }
}

const RECEIPT = /^\d{4}-\d{6,}$/;
const CODE = /^[A-Za-z0-9]{12,40}$/;
/** Mirrors the contract: zod's email pattern, the phone pattern of ProposalSubmit. */
const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ()-]{6,18}[0-9]$/;
const CONTACT_KEYS: readonly ContactKey[] = ['name', 'email', 'phone'];
const L = PROPOSAL_LIMITS;
/** Draft autosave delay after the last keystroke. */
const SAVE_DELAY_MS = 300;
/** Counter announcements wait for a pause in typing this long. */
const COUNT_PAUSE_MS = 1_000;
/** Counters are announced from this share of the limit on. */
const COUNT_ANNOUNCE_FROM = 0.8;

type Fields = { title: string; body: string; category: string; region: string };
type Consent = Partial<Record<ContactKey, 'yes' | 'no'>>;
type StoredChallenge = ProposalChallenge & { receivedAt: number };
type Errors = Partial<Record<FieldId, string>>;

/** What survives a reload: the text of the proposal, never the author's contact details. */
interface Draft {
  v: 1;
  title: string;
  body: string;
  category: string;
  region: string;
  /** The form token in use (one proposal per token: a retry can never file twice). */
  challenge?: StoredChallenge;
  /** The Idempotency-Key of the last submitted body (hash without contact values). */
  idem?: { hash: string; key: string };
}

const EMPTY_FIELDS: Fields = { title: '', body: '', category: '', region: '' };
const EMPTY_CONTACT: Record<ContactKey, string> = { name: '', email: '', phone: '' };

function checkConfig(
  api: string | undefined,
  siteKey: string | undefined,
  receipt: string | undefined,
  code: string | undefined,
): MadangProposalFormConfigError | undefined {
  const problem = checkSite(api, siteKey, MadangProposalFormConfigError);
  if (problem) return problem;
  if (code && !receipt) return new MadangProposalFormConfigError('receipt', 'missing');
  if (receipt && !RECEIPT.test(receipt)) return new MadangProposalFormConfigError('receipt', 'invalid');
  if (code && !CODE.test(code)) return new MadangProposalFormConfigError('code', 'invalid');
  return undefined;
}

const formatsFor = formatsByLang((locale) => ({
  number: new Intl.NumberFormat(locale),
  percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }),
}));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A 53-bit string hash (cyrb53): tells this browser's own submits apart, nothing more. */
function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

function readDraft(key: string): Draft | undefined {
  const raw = readItem(key);
  if (!raw) return undefined;
  try {
    const d = JSON.parse(raw) as Partial<Draft> | null;
    if (!d || d.v !== 1) return undefined;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const c = d.challenge;
    const challenge =
      c && typeof c.formToken === 'string' && typeof c.receivedAt === 'number'
        ? { formToken: c.formToken, minFillSeconds: Number(c.minFillSeconds) || 0, altcha: c.altcha ?? null, receivedAt: c.receivedAt }
        : undefined;
    const idem = d.idem && typeof d.idem.hash === 'string' && typeof d.idem.key === 'string' ? { hash: d.idem.hash, key: d.idem.key } : undefined;
    return { v: 1, title: str(d.title), body: str(d.body), category: str(d.category), region: str(d.region), challenge, idem };
  } catch {
    return undefined;
  }
}

/**
 * The citizen proposal form: title, proposal text, topic, region and (per the site's policy)
 * contact details with a separate PIPA consent per item; autosaved drafts, anti-spam (form
 * token, honeypot, optional ALTCHA proof of work), duplicate-proof retries, a receipt number
 * and tracking code on success, and a tracking view of the proposal's public history.
 *
 * @summary Embeddable citizen proposal form with PIPA consent, autosaved drafts and progress tracking.
 *
 * @attr api - Base URL of the Madang API, e.g. `https://api.madang.go.kr`.
 * @attr site-key - The site's publishable key (`pk_…`). A secret key is refused.
 * @attr receipt - A receipt number (`2026-000123`): show that proposal's progress instead of the form.
 * @attr code - The tracking code that goes with `receipt`; without it only published proposals are shown.
 * @attr lang - UI language (`ko` default, `en`); without it the nearest ancestor's `lang` decides.
 * @attr data-state - Reflects the current state (read only): loading, form, submitting, submitted, tracking, error.
 *
 * @fires {MadangProposalSubmittedEvent} madang-proposal-submitted - The server confirmed the proposal. detail: `{ receipt }`.
 * @fires {MadangProposalFormErrorEvent} madang-error - Loading, submitting or tracking failed, or an attribute is wrong. detail: `{ error, phase }`.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The heading of the form, the receipt or the tracking view.
 * @csspart form - The `<form>` element (while filling in the proposal).
 * @csspart field - One field: label, hint, error, control and counter.
 * @csspart label - A field's visible label.
 * @csspart hint - A field's hint.
 * @csspart input - A native input, textarea or select.
 * @csspart counter - A field's character counter.
 * @csspart error - A field's inline error message.
 * @csspart error-summary - The box listing every problem after a failed submit.
 * @csspart consent - The contact section with the personal-information notice and the consent choices.
 * @csspart submit - The send button.
 * @csspart progress - Progress of the anti-spam check or wait while sending.
 * @csspart message - A notice or error message.
 * @csspart retry - The retry button shown with errors.
 * @csspart discard - The button that discards a restored draft.
 * @csspart receipt - The receipt number and tracking code (or, when tracking, the proposal's facts).
 * @csspart receipt-number - The receipt number.
 * @csspart tracking-code - The tracking code.
 * @csspart track - The button that shows the proposal's progress.
 * @csspart another - The button that starts a new proposal.
 * @csspart title - The proposal's title (tracking view).
 * @csspart body - The proposal's text (tracking view).
 * @csspart state - The proposal's current state (tracking view).
 * @csspart answer - The ministry's public answer (tracking view).
 * @csspart history - The public state history (tracking view).
 *
 * @cssprop [--madang-color-brand=var(--krds-light-color-button-primary-fill, #256ef4)] - Button colour.
 * @cssprop [--madang-color-on-brand=var(--krds-light-color-text-basic-inverse, #ffffff)] - Text on the brand colour.
 * @cssprop [--madang-font-family=var(--krds-typo-font-type, "Pretendard GOV", "Pretendard", system-ui, sans-serif)] - Font family.
 * @cssprop [--madang-radius=var(--krds-radius-medium2, 6px)] - Corner radius.
 * @cssprop [--madang-space=var(--krds-gap-2, 4px)] - Spacing unit (gaps and paddings are multiples of it).
 */
export class MadangProposalForm extends MadangElement {
  static override styles = proposalFormStyles;

  static override properties = {
    api: { type: String },
    siteKey: { type: String, attribute: 'site-key' },
    receipt: { type: String },
    code: { type: String },
    _view: { state: true, attribute: false },
    _settings: { state: true, attribute: false },
    _loadError: { state: true, attribute: false },
    _submitError: { state: true, attribute: false },
    _submitting: { state: true, attribute: false },
    _progress: { state: true, attribute: false },
    _fields: { state: true, attribute: false },
    _contact: { state: true, attribute: false },
    _consent: { state: true, attribute: false },
    _errors: { state: true, attribute: false },
    _otherErrors: { state: true, attribute: false },
    _draftRestored: { state: true, attribute: false },
    _liveText: { state: true, attribute: false },
    _receipt: { state: true, attribute: false },
    _tracked: { state: true, attribute: false },
  };

  /** Base URL of the Madang API. */
  declare api: string | undefined;
  /** The site's publishable key (`pk_…`). */
  declare siteKey: string | undefined;
  /** Receipt number of a proposal to track instead of showing the form. */
  declare receipt: string | undefined;
  /** Tracking code that goes with `receipt`. */
  declare code: string | undefined;

  declare private _view: 'loading' | 'form' | 'submitted' | 'tracking';
  declare private _settings: ProposalSettings | undefined;
  /** Loading (or tracking) failed, or the attributes are wrong: nothing else can be shown. */
  declare private _loadError: unknown;
  /** The last submit failed: the form stays with its values, with the error and a retry button. */
  declare private _submitError: unknown;
  declare private _submitting: boolean;
  declare private _progress: { text: string; value?: number } | undefined;
  declare private _fields: Fields;
  declare private _contact: Record<ContactKey, string>;
  declare private _consent: Consent;
  declare private _errors: Errors;
  /** Problems the server named that belong to no field (shown in the summary without a link). */
  declare private _otherErrors: string[];
  declare private _draftRestored: boolean;
  declare private _liveText: string;
  declare private _receipt: SubmittedReceipt | undefined;
  declare private _tracked: Proposal | undefined;

  private client?: MadangClient;
  private challenge?: StoredChallenge;
  private challengeRequest?: Promise<StoredChallenge>;
  private idem?: { hash: string; key: string };
  /** When the author last agreed to give a contact item (sent as consent.agreedAt). */
  private consentAt?: number;
  private solved?: { challenge: string; payload: string };
  private website = '';
  /** Tracking opened from the receipt (offers "write another"), or the receipt attribute. */
  private trackingTarget?: { receiptNumber: string; code?: string; fromSubmit: boolean };
  /** The receipt and tracking views (./receipt.ts), imported before the first submit or tracking. */
  private views?: typeof import('./receipt.js');
  /** The PIPA notice's texts (./notice.ts), imported with settings that ask for contact details. */
  private notice?: typeof import('./notice.js');
  private draftKey?: string;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private countTimer?: ReturnType<typeof setTimeout>;
  private needsLoad = true;

  constructor() {
    super();
    this.reset();
  }

  /** The current state (see `ProposalFormState`); also reflected as the `data-state` attribute. */
  get state(): ProposalFormState {
    if (this.noEnglish) return 'loading';
    if (this._loadError) return 'error';
    switch (this._view) {
      case 'loading':
        return 'loading';
      case 'tracking':
        return this._tracked ? 'tracking' : 'loading';
      case 'submitted':
        return 'submitted';
      default:
        return this._submitting ? 'submitting' : this._submitError ? 'error' : 'form';
    }
  }

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('pagehide', this.flushSave);
    if (this.needsLoad && this.hasUpdated) this.requestUpdate();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.flushSave);
    this.flushSave();
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    // Removed while loading: load again if it comes back.
    if (this.dropLoad()) this.needsLoad = true;
  }

  protected override configure(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('siteKey') || changed.has('receipt') || changed.has('code')) this.needsLoad = true;
    if (this.needsLoad && this.isConnected) {
      this.needsLoad = false;
      void this.load();
    }
  }

  // ------------------------------------------------------------------ data

  protected override get formats() {
    return formatsFor(this.uiLang);
  }

  private get m(): ProposalFormMessages {
    return strings.get(this.uiLang, this.englishArrived) ?? ko;
  }

  /** English wanted but its strings not here yet: shown as loading (no Korean flash) until they are. */
  private get noEnglish(): boolean {
    return !strings.get(this.uiLang, this.englishArrived);
  }

  private englishArrived = () => this.requestUpdate();
  /** The PIPA notice's texts: Korean from ./notice.ts, English with the English messages. */
  private get noticeTexts(): import('./notice.js').NoticeTexts {
    return this.uiLang === 'en' ? (this.m as ProposalFormMessagesEn).notice : this.notice!.noticeKo;
  }

  private reset() {
    this.loadAbort?.abort();
    this.loadAbort = undefined;
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    this._view = 'loading';
    this._settings = undefined;
    this._loadError = undefined;
    this._submitError = undefined;
    this._submitting = false;
    this._progress = undefined;
    this._fields = { ...EMPTY_FIELDS };
    this._contact = { ...EMPTY_CONTACT };
    this._consent = {};
    this._errors = {};
    this._otherErrors = [];
    this._draftRestored = false;
    this._liveText = '';
    this._receipt = undefined;
    this._tracked = undefined;
    this.challenge = undefined;
    this.challengeRequest = undefined;
    this.idem = undefined;
    this.consentAt = undefined;
    this.solved = undefined;
    this.website = '';
    this.trackingTarget = undefined;
    this.draftKey = undefined;
  }

  private async load() {
    // Whatever was typed for the previous configuration is saved under its own key first.
    this.flushSave();
    const generation = ++this.loadGeneration;
    this.reset();
    // Set before the SDK client is loaded, so removing the element meanwhile drops this load.
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    const client = await this.connect(checkConfig(this.api, this.siteKey, this.receipt, this.code), (e) => this.fail('load', e), undefined, generation);
    if (this.loadAbort === abort) this.loadAbort = undefined;
    if (!client) return;
    this.client = client;
    if (this.receipt) {
      this.trackingTarget = { receiptNumber: this.receipt, code: this.code || undefined, fromSubmit: false };
      await this.openTracking(generation);
      return;
    }
    const key = `madang:proposal-draft:${this.api!.replace(/\/+$/, '')}|${this.siteKey}`;
    const draft = readDraft(key);
    this.loadAbort = abort;
    try {
      const [settings, challenge] = await Promise.all([
        this.client.proposals.settings({ signal }),
        draft?.challenge ?? this.client.proposals.challenge({ signal }).then((c) => ({ ...c, receivedAt: Date.now() })),
      ]);
      if (generation !== this.loadGeneration) return;
      if (settings.contact !== 'none' && !this.notice) {
        this.notice = await import('./notice.js');
        if (generation !== this.loadGeneration) return;
      }
      this.loadAbort = undefined;
      this.draftKey = key;
      this._settings = settings;
      this.challenge = challenge;
      if (draft) {
        const known = (list: ProposalSettings['categories'], id: string) => (list.some((c) => c.id === id) ? id : '');
        this._fields = {
          title: draft.title,
          body: draft.body,
          category: known(settings.categories, draft.category),
          region: known(settings.regions, draft.region),
        };
        this.idem = draft.idem;
        this._draftRestored = !!(draft.title || draft.body || draft.category || draft.region);
        if (this._draftRestored) this._liveText = this.m.draftRestored;
      }
      this._view = 'form';
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this.fail('load', e);
    }
  }

  private fail(phase: MadangProposalFormErrorDetail['phase'], error: unknown) {
    if (phase === 'submit') this._submitError = error;
    else this._loadError = error;
    if (error instanceof MadangProposalFormConfigError) console.warn(error.message);
    this.dispatchEvent(new MadangProposalFormErrorEvent({ error, phase }));
  }

  private retryLoad() {
    if (this.trackingTarget && this.client && !(this._loadError instanceof MadangProposalFormConfigError)) {
      void this.openTracking(this.loadGeneration);
    } else {
      void this.load();
    }
  }

  // ------------------------------------------------------------------ draft

  private scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveDraft();
    }, SAVE_DELAY_MS);
  }

  /** Writes a pending autosave now (input blur, pagehide, removal, reconfiguration). */
  private flushSave = () => {
    if (this.saveTimer === undefined) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saveDraft();
  };

  private saveDraft() {
    const key = this.draftKey;
    if (!key || this._view !== 'form') return;
    const f = this._fields;
    if (!(f.title || f.body || f.category || f.region || this.idem)) {
      removeItem(key);
      return;
    }
    const draft: Draft = { v: 1, ...f, challenge: this.challenge, idem: this.idem };
    writeItem(key, JSON.stringify(draft));
  }

  private async discardDraft() {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (this.draftKey) removeItem(this.draftKey);
    if (this.idem) {
      // A submit of the discarded text may have gone through: a new text gets a new form token.
      this.idem = undefined;
      this.challenge = undefined;
      void this.ensureChallenge().catch(() => {});
    }
    this._fields = { ...EMPTY_FIELDS };
    this._errors = {};
    this._otherErrors = [];
    this._submitError = undefined;
    this._draftRestored = false;
    this._liveText = this.m.draftDiscarded;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  // ------------------------------------------------------------------ input

  private onField(e: Event) {
    const t = e.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
    const name = t.name as keyof Fields;
    this._fields = { ...this._fields, [name]: t.value };
    this.scheduleSave();
    if (name === 'title' || name === 'body') {
      clearTimeout(this.countTimer);
      this.countTimer = setTimeout(() => this.announceCount(name), COUNT_PAUSE_MS);
    }
  }

  /** After a pause in typing, near or over the limit: one polite announcement of what is left. */
  private announceCount(field: 'title' | 'body') {
    this.countTimer = undefined;
    const max = L[field];
    const n = this._fields[field].trim().length;
    if (n < max * COUNT_ANNOUNCE_FROM) return;
    const label = this.m.labels[field];
    this._liveText = n > max ? this.m.countOverLive(label, this.fmt(n - max)) : this.m.countLeft(label, this.fmt(max - n));
  }

  private onContact(e: Event) {
    const t = e.target as HTMLInputElement;
    const key = t.name.replace(/^contact-/, '') as ContactKey;
    this._contact = { ...this._contact, [key]: t.value };
  }

  private onConsent(e: Event) {
    const t = e.target as HTMLInputElement;
    const key = t.name.replace(/^consent-/, '') as ContactKey;
    const value = t.value === 'yes' ? 'yes' : 'no';
    this._consent = { ...this._consent, [key]: value };
    if (value === 'yes') this.consentAt = Date.now();
    // Refused: whatever was typed is dropped, never sent.
    else this._contact = { ...this._contact, [key]: '' };
  }

  private onHoneypot(e: Event) {
    this.website = (e.target as HTMLInputElement).value;
  }

  /** The topic sent: the chosen one, or the only one when the site has a single topic. */
  private category(): string {
    const cats = this._settings?.categories ?? [];
    return this._fields.category || (cats.length === 1 ? cats[0].id : '');
  }

  // ------------------------------------------------------------------ validation

  /** Mirrors ProposalSubmit (the widget does not ship the schemas): trimmed, bounded, no NUL. */
  private validate(): Errors {
    const s = this._settings!;
    const m = this.m;
    const e: Errors = {};
    const n = (x: number) => this.fmt(x);
    const title = this._fields.title.trim();
    if (!title) e.title = m.errors.titleMissing;
    else if (title.length > L.title) e.title = m.errors.titleTooLong(n(L.title), n(title.length));
    else if (title.includes('\u0000')) e.title = m.errors.nul(m.labels.title);
    const body = this._fields.body.trim();
    if (!body) e.body = m.errors.bodyMissing;
    else if (body.length > L.body) e.body = m.errors.bodyTooLong(n(L.body), n(body.length));
    else if (body.includes('\u0000')) e.body = m.errors.nul(m.labels.body);
    const category = this.category();
    if (!category || !s.categories.some((c) => c.id === category)) e.category = m.errors.categoryMissing;
    if (s.contact === 'none') return e;
    const ce = this.noticeTexts.errors;

    const required = s.contact === 'required';
    for (const k of CONTACT_KEYS) {
      if (this._consent[k] !== 'yes') continue;
      const v = this._contact[k].trim();
      const field = `contact-${k}` as FieldId;
      if (!v) {
        e[field] = required
          ? k === 'name'
            ? ce.nameMissingPlain
            : k === 'email'
              ? ce.emailMissingPlain
              : ce.phoneMissingPlain
          : k === 'name'
            ? ce.nameMissing
            : k === 'email'
              ? ce.emailMissing
              : ce.phoneMissing;
      } else if (k === 'name') {
        if (v.length > L.name) e[field] = ce.nameTooLong(n(L.name));
        else if (v.includes('\u0000')) e[field] = m.errors.nul(m.labels.name);
      } else if (k === 'email') {
        if (v.length > L.email || !EMAIL.test(v)) e[field] = ce.emailInvalid;
      } else if (v.length > L.phone || !PHONE.test(v)) {
        e[field] = ce.phoneInvalid;
      }
    }
    if (required) {
      if (this._consent.name !== 'yes') e['consent-name'] = ce.consentRequired(m.labels.name);
      const reachable = (['email', 'phone'] as const).some((k) => this._consent[k] === 'yes');
      if (!reachable) e['consent-email'] = ce.oneOfRequired;
    }
    return e;
  }

  /** Focus order of the fields (and of the error summary's links). */
  private static readonly ORDER: readonly FieldId[] = [
    'title',
    'body',
    'category',
    'region',
    'consent-name',
    'contact-name',
    'consent-email',
    'contact-email',
    'consent-phone',
    'contact-phone',
  ];

  private async showErrors(errors: Errors, other: string[] = []) {
    this._errors = errors;
    this._otherErrors = other;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-summary]')?.focus();
  }

  /** The error summary's links: fragments do not cross shadow roots, so focus the control here. */
  private focusField(e: Event, id: FieldId) {
    e.preventDefault();
    const target = this.controlOf(id);
    target?.focus();
    target?.scrollIntoView({ block: 'center' });
  }

  /** The control a field id names (for a consent group: its checked radio, else the first). */
  private controlOf(id: FieldId): HTMLElement | null {
    if (id.startsWith('consent-')) {
      return (
        this.renderRoot.querySelector<HTMLElement>(`input[name="${id}"]:checked`) ?? this.renderRoot.querySelector<HTMLElement>(`input[name="${id}"]`)
      );
    }
    return this.renderRoot.querySelector<HTMLElement>(`#${id}`);
  }

  // ------------------------------------------------------------------ submitting

  private onSubmit(e: Event) {
    e.preventDefault();
    void this.submit();
  }

  private async submit(): Promise<void> {
    if (this._submitting || !this._settings || !this.client || this._view !== 'form') return;
    const errors = this.validate();
    if (Object.keys(errors).length) {
      this._submitError = undefined;
      await this.showErrors(errors);
      return;
    }
    this._errors = {};
    this._otherErrors = [];
    this._submitError = undefined;
    this._submitting = true;
    this._progress = undefined;
    this._liveText = this.m.submitting;
    const generation = this.loadGeneration;
    this.flushSave();
    try {
      // The receipt view first: once the server has the proposal, the receipt can always be shown.
      await this.loadViews();
      if (generation !== this.loadGeneration) return;
      const receipt = await this.send(generation);
      if (generation !== this.loadGeneration) return;
      await this.succeed(receipt);
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this._submitting = false;
      this._progress = undefined;
      if (isApiError(e) && e.slug === 'validation') {
        const { fields, other } = this.serverErrors(e);
        if (Object.keys(fields).length) {
          this.dispatchEvent(new MadangProposalFormErrorEvent({ error: e, phase: 'submit' }));
          await this.showErrors(fields, other);
          return;
        }
      }
      this.fail('submit', e);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="retry"]')?.focus();
    }
  }

  /** A 422's `errors[]` mapped onto the form's fields; the rest is listed without a link. */
  private serverErrors(e: MadangApiError): { fields: Errors; other: string[] } {
    const m = this.m;
    const fields: Errors = {};
    let unmapped = false;
    const list = e.problem.errors?.length ? e.problem.errors : e.field ? [{ field: e.field }] : [];
    for (const { field } of list) {
      const id = this.fieldOf(field);
      if (id && this.controlOf(id)) {
        const label = id.startsWith('contact-') ? m.labels[id.slice(8) as ContactKey] : m.labels[id as 'title' | 'body' | 'category' | 'region'];
        fields[id] ??= m.errors.serverField(label);
      } else {
        unmapped = true;
      }
    }
    return { fields, other: unmapped ? [m.errors.serverOther] : [] };
  }

  private fieldOf(path: string): FieldId | undefined {
    const [head, sub] = path.split('.');
    if (head === 'title' || head === 'body' || head === 'category' || head === 'region') return head;
    if (head === 'contact' && (sub === 'name' || sub === 'email' || sub === 'phone')) return `contact-${sub}`;
    return undefined;
  }

  /** A form token (and proof-of-work challenge): the one in use, or a new one from the API. */
  private ensureChallenge(): Promise<StoredChallenge> {
    if (this.challenge) return Promise.resolve(this.challenge);
    const client = this.client!;
    this.challengeRequest ??= client.proposals
      .challenge()
      .then((c) => {
        const stored = { ...c, receivedAt: Date.now() };
        if (this.client === client) this.challenge = stored;
        return stored;
      })
      .finally(() => {
        this.challengeRequest = undefined;
      });
    return this.challengeRequest;
  }

  /**
   * Sends the proposal, recovering by itself from what a person need not see: an expired form
   * token (a new one, once), a missing proof of work (solved again, once), a submit faster than
   * the site's minimum fill time (waits, then sends), and an Idempotency-Key that a changed body
   * may not reuse. "Already submitted" with this form token means an earlier attempt got
   * through: that proposal is the receipt.
   */
  private async send(generation: number): Promise<SubmittedReceipt> {
    const client = this.client!;
    let renewedToken = false;
    let renewedPow = false;
    let renewedKey = false;
    let waits = 0;
    for (;;) {
      // Reconfigured meanwhile (attributes changed): the caller drops the outcome; send nothing more.
      if (generation !== this.loadGeneration) throw new Error('superseded');
      const challenge = await this.ensureChallenge();
      if (generation !== this.loadGeneration) throw new Error('superseded');
      const altcha = challenge.altcha ? await this.solve(challenge.altcha, generation) : undefined;
      const body = this.buildBody(challenge.formToken, altcha);
      const idempotencyKey = this.keyFor(body);
      // The token and key reach storage before the request leaves: a reload retries with them.
      this.saveDraft();
      try {
        return await client.proposals.submit(body, { idempotencyKey });
      } catch (e) {
        if (!isApiError(e) || generation !== this.loadGeneration) throw e;
        const slug = e.slug;
        if (slug === 'already-submitted') {
          const { receiptNumber, trackingCode } = e.problem;
          if (receiptNumber && trackingCode) return this.completeReceipt(receiptNumber, trackingCode);
        } else if (slug === 'form-token-invalid' && !renewedToken) {
          renewedToken = true;
          this.challenge = undefined;
          continue;
        } else if (slug === 'proof-of-work-required' && !renewedPow) {
          renewedPow = true;
          this.challenge = undefined;
          this.solved = undefined;
          continue;
        } else if (slug === 'submitted-too-fast' && waits < 3) {
          waits++;
          await this.waitForFill(challenge, generation);
          continue;
        } else if (slug === 'idempotency-key-reused' && !renewedKey) {
          renewedKey = true;
          this.idem = undefined;
          continue;
        }
        throw e;
      }
    }
  }

  /** The request body; contact items only with their consent, and only when given. */
  private buildBody(formToken: string, altcha: string | undefined): ProposalSubmit {
    const s = this._settings!;
    const body: ProposalSubmit = {
      title: this._fields.title.trim(),
      body: this._fields.body.trim(),
      category: this.category(),
      antiSpam: { formToken },
    };
    if (this._fields.region && s.regions.some((r) => r.id === this._fields.region)) body.region = this._fields.region;
    const given = s.contact === 'none' ? [] : CONTACT_KEYS.filter((k) => this._consent[k] === 'yes' && this._contact[k].trim());
    if (given.length) {
      const contact: NonNullable<ProposalSubmit['contact']> = {};
      for (const k of given) contact[k] = this._contact[k].trim();
      body.contact = contact;
      this.consentAt ??= Date.now();
      body.consent = { version: s.consent.version, items: given, agreedAt: new Date(this.consentAt).toISOString() };
    }
    if (this.website) body.antiSpam.website = this.website;
    if (altcha) body.antiSpam.altcha = altcha;
    return body;
  }

  /**
   * One Idempotency-Key per (form token, body): an unchanged body reuses it, also after a
   * reload (it is kept in the draft). The hash leaves the contact values out, so nothing
   * derived from personal data is stored; a changed contact with the same key is answered
   * `idempotency-key-reused`, and send() then takes a new key.
   */
  private keyFor(body: ProposalSubmit): string {
    const redacted = body.contact ? { ...body, contact: Object.fromEntries(Object.keys(body.contact).map((k) => [k, '*'])) } : body;
    const hash = hash53(JSON.stringify(redacted));
    if (this.idem?.hash !== hash) this.idem = { hash, key: idempotencyKey() };
    return this.idem.key;
  }

  private async completeReceipt(receiptNumber: string, trackingCode: string): Promise<SubmittedReceipt> {
    try {
      const p = await this.client!.proposals.track(receiptNumber, { code: trackingCode });
      return { id: p.id, receiptNumber, trackingCode, state: p.state, submittedAt: p.submittedAt };
    } catch {
      return { receiptNumber, trackingCode };
    }
  }

  /** Waits out the site's minimum fill time (counted from when the form token arrived). */
  private async waitForFill(challenge: StoredChallenge, generation: number) {
    const minFill = Math.max(challenge.minFillSeconds, 0) * 1000;
    const until = Date.now() + Math.min(Math.max(minFill - (Date.now() - challenge.receivedAt), 0) + 300, minFill + 1_000);
    this._liveText = this.m.waiting(this.fmt(Math.max(1, Math.ceil((until - Date.now()) / 1000))));
    while (Date.now() < until && generation === this.loadGeneration) {
      this._progress = { text: this.m.waiting(this.fmt(Math.max(1, Math.ceil((until - Date.now()) / 1000)))) };
      await sleep(Math.min(1_000, until - Date.now()));
    }
    this._progress = undefined;
  }

  /** The ALTCHA proof of work (./altcha.ts, imported only when the site's challenge asks for one). */
  private async solve(a: AltchaChallenge, generation: number): Promise<string> {
    if (this.solved?.challenge === a.challenge) return this.solved.payload;
    const { solveAltcha, solvingText } = await import('./altcha.js');
    const percent = (x: number) => this.formats.percent.format(x);
    const result = await solveAltcha(
      a,
      () => generation !== this.loadGeneration,
      (share) => (this._progress = { text: solvingText[this.uiLang](percent(share)), value: share }),
    );
    this._progress = undefined;
    if ('fail' in result) throw new MadangProofOfWorkError(result.fail);
    this.solved = { challenge: a.challenge, payload: result.payload };
    return result.payload;
  }

  private async succeed(receipt: SubmittedReceipt) {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    clearTimeout(this.countTimer);
    this.countTimer = undefined;
    // Only now, with the server's confirmation, is the draft gone.
    if (this.draftKey) removeItem(this.draftKey);
    this.challenge = undefined;
    this.idem = undefined;
    this.solved = undefined;
    this.consentAt = undefined;
    this.website = '';
    this._fields = { ...EMPTY_FIELDS };
    this._contact = { ...EMPTY_CONTACT };
    this._consent = {};
    this._draftRestored = false;
    this._submitting = false;
    this._progress = undefined;
    this._liveText = '';
    this._receipt = receipt;
    this._view = 'submitted';
    this.dispatchEvent(new MadangProposalSubmittedEvent({ receipt }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
  }

  private retrySubmit() {
    void this.submit();
  }

  /** After a receipt: a fresh form (and form token) for another proposal. */
  private async another() {
    this._receipt = undefined;
    this._tracked = undefined;
    this._loadError = undefined;
    this.trackingTarget = undefined;
    this._view = 'form';
    void this.ensureChallenge().catch(() => {});
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  // ------------------------------------------------------------------ tracking

  private trackSubmitted() {
    const r = this._receipt;
    if (!r) return;
    this.trackingTarget = { receiptNumber: r.receiptNumber, code: r.trackingCode, fromSubmit: true };
    void this.openTracking(this.loadGeneration);
  }

  /** ./receipt.ts, its styles adopted after the element's own. */
  private async loadViews(): Promise<typeof import('./receipt.js')> {
    if (this.views) return this.views;
    const views = await import('./receipt.js');
    if (!this.views) {
      this.views = views;
      adoptStyles(this.renderRoot as ShadowRoot, [...MadangProposalForm.elementStyles, ...views.receiptStyles]);
    }
    return views;
  }

  private async openTracking(generation: number) {
    const target = this.trackingTarget!;
    const client = this.client!;
    this._loadError = undefined;
    this._tracked = undefined;
    this._view = 'tracking';
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    try {
      const [proposal, settings] = await Promise.all([
        client.proposals.track(target.receiptNumber, { code: target.code, signal }),
        // Topic labels; the proposal shows without them (its topic id) if this fails.
        this._settings ?? client.proposals.settings({ signal }).catch(() => undefined),
        // The view itself: a chunk that cannot be fetched fails like the request (retry offered).
        this.loadViews(),
      ]);
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this._settings ??= settings;
      this._tracked = proposal;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[data-focus]')?.focus();
    } catch (e) {
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this.fail('track', e);
    }
  }

  // ------------------------------------------------------------------ rendering

  /** A failed submit says that the proposal was not sent yet (and nothing typed is lost). */
  private errorText(e: unknown, phase: MadangProposalFormErrorDetail['phase']): string {
    const m = this.m.errors;
    if (e instanceof MadangProofOfWorkError) return e.reason === 'unsupported' ? m.noCrypto : m.proofOfWork;
    const submit = phase === 'submit';
    return errorText(
      e,
      m,
      {
        'not-found': phase === 'track' ? m.trackNotFound : m.unknown,
        'spam-suspected': m.spam,
        'submitted-too-fast': m.tooFast,
        'form-token-invalid': m.formToken,
        'proof-of-work-required': m.proofOfWork,
        validation: m.serverOther,
      },
      submit ? m.notSent : m.network,
      submit ? m.serverNotSent : m.server,
    );
  }

  override render() {
    if (this.noEnglish) return html`<div part="base" class="base" data-state="loading" lang="en" aria-busy="true"></div>`;
    const state = this.state;
    const ready = !this._loadError;
    return html`
      <div part="base" class="base" data-state=${state} lang=${this.uiLang} aria-busy=${state === 'loading' ? 'true' : 'false'}>
        ${state === 'loading' ? this.renderLoading() : nothing}
        ${this._loadError
          ? this.renderError(this._loadError, this._view === 'tracking' ? 'track' : 'load', this.retryLoad, this.m.retry)
          : nothing}
        ${ready && this._view === 'form' && this._settings && (this._settings.contact === 'none' || this.notice) ? this.renderForm(state) : nothing}
        ${ready && this._view === 'submitted' && this._receipt && this.views ? this.views.submittedTemplate(this._receipt, this.viewContext()) : nothing}
        ${ready && this._view === 'tracking' && this._tracked && this.views ? this.views.trackingTemplate(this._tracked, this.viewContext()) : nothing}
      </div>
      <div class="sr-only" aria-live="polite" aria-atomic="true">${this._liveText}</div>
    `;
  }

  private renderLoading(): TemplateResult {
    return html`
      <div class="skeleton" aria-hidden="true"><span></span><span></span><span></span><span></span></div>
      <p class="meta" role="status">${this._view === 'tracking' ? this.m.loadingTracking : this.m.loading}</p>
    `;
  }

  /** An error with a retry button, unless the page's author must fix something. */
  private renderError(e: unknown, phase: MadangProposalFormErrorDetail['phase'], retry: () => void, retryLabel: string): TemplateResult {
    return errorBox(this.errorText(e, phase), fixedByAuthor(e) ? undefined : retry, retryLabel);
  }

  private describedBy(...ids: (string | false | undefined)[]): string {
    return ids.filter(Boolean).join(' ');
  }

  private fieldError(id: FieldId): TemplateResult | typeof nothing {
    const err = this._errors[id];
    if (!err) return nothing;
    return html`<p id="${id}-error" part="error" class="field-error"><span class="sr-only">${this.m.errorPrefix} </span>${err}</p>`;
  }

  private renderSummary(): TemplateResult | typeof nothing {
    const order = MadangProposalForm.ORDER;
    const entries = order.filter((id) => this._errors[id]).map((id) => [id, this._errors[id]!] as const);
    if (!entries.length && !this._otherErrors.length) return nothing;
    return html`
      <div part="error-summary" class="error-summary" tabindex="-1" data-summary>
        <div role="alert">
          <h3 class="summary-title">${this.m.errorSummaryTitle}</h3>
          <ul>
            ${entries.map(([id, msg]) => html`<li><a href="#${id}" @click=${(e: Event) => this.focusField(e, id)}>${msg}</a></li>`)}
            ${this._otherErrors.map((msg) => html`<li>${msg}</li>`)}
          </ul>
        </div>
      </div>
    `;
  }

  private renderCounter(field: 'title' | 'body'): TemplateResult {
    const max = L[field];
    const n = this._fields[field].trim().length;
    const over = n > max;
    return html`<p id="${field}-count" part="counter" class="counter" data-over=${over ? 'true' : 'false'}>
      ${this.m.count(this.fmt(n), this.fmt(max))}${over ? html` — ${this.m.countOver(this.fmt(n - max))}` : nothing}
    </p>`;
  }

  /** The title or the proposal text: label, hint, error, the control and its character counter. */
  private renderTextField(field: 'title' | 'body', star: TemplateResult): TemplateResult {
    const m = this.m;
    const invalid = this._errors[field] ? 'true' : 'false';
    const describedBy = this.describedBy(`${field}-hint`, !!this._errors[field] && `${field}-error`, `${field}-count`);
    const value = live(this._fields[field]);
    return html`
      <div part="field" class="field" data-field=${field}>
        <label part="label" for=${field}>${m.labels[field]} ${star}</label>
        <p id="${field}-hint" part="hint" class="hint">${field === 'title' ? m.titleHint(this.fmt(L.title)) : m.bodyHint(this.fmt(L.body))}</p>
        ${this.fieldError(field)}
        ${field === 'title'
          ? html`<input id="title" name="title" part="input" type="text" autocomplete="off" spellcheck="true" aria-required="true"
              aria-invalid=${invalid} aria-describedby=${describedBy} .value=${value} @input=${this.onField} />`
          : html`<textarea id="body" name="body" part="input" rows="8" spellcheck="true" aria-required="true"
              aria-invalid=${invalid} aria-describedby=${describedBy} .value=${value} @input=${this.onField}></textarea>`}
        ${this.renderCounter(field)}
      </div>
    `;
  }

  private renderForm(state: ProposalFormState): TemplateResult {
    const s = this._settings!;
    const m = this.m;
    const f = this._fields;
    const e = this._errors;
    const submitting = state === 'submitting';
    const category = this.category();
    const star = html`<span class="required" aria-hidden="true">*</span>`;
    return html`
      <form part="form" class="form" novalidate @submit=${this.onSubmit} @focusout=${this.flushSave} aria-labelledby="form-heading">
        <h2 id="form-heading" part="heading" class="heading">${m.heading}</h2>
        ${this._draftRestored
          ? html`<div part="message" class="message draft-notice">
              <p>${m.draftRestored}</p>
              <button part="discard" class="secondary" type="button" @click=${this.discardDraft}>${m.discardDraft}</button>
            </div>`
          : nothing}
        ${this.renderSummary()}
        <p class="hint">${m.intro} ${m.draftHint}</p>

        ${this.renderTextField('title', star)} ${this.renderTextField('body', star)}

        <div part="field" class="field" data-field="category">
          <label part="label" for="category">${m.labels.category} ${star}</label>
          ${this.fieldError('category')}
          <select
            id="category"
            name="category"
            part="input"
            aria-required="true"
            aria-invalid=${e.category ? 'true' : 'false'}
            aria-describedby=${ifDefined(e.category ? 'category-error' : undefined)}
            @change=${this.onField}
          >
            ${s.categories.length > 1 ? html`<option value="" .selected=${live(!category)}>${m.categoryPlaceholder}</option>` : nothing}
            ${s.categories.map((c) => {
              const label = this.text(c.label);
              return html`<option value=${c.id} lang=${ifDefined(label.lang)} .selected=${live(c.id === category)}>${label.value}</option>`;
            })}
          </select>
        </div>

        ${s.regions.length
          ? html`<div part="field" class="field" data-field="region">
              <label part="label" for="region">${m.labels.region} <span class="optional">(${m.optional})</span></label>
              <p id="region-hint" part="hint" class="hint">${m.regionHint}</p>
              ${this.fieldError('region')}
              <select
                id="region"
                name="region"
                part="input"
                aria-invalid=${e.region ? 'true' : 'false'}
                aria-describedby=${this.describedBy('region-hint', e.region && 'region-error')}
                @change=${this.onField}
              >
                <option value="" .selected=${live(!f.region)}>${m.regionNone}</option>
                ${s.regions.map((r) => {
                  const label = this.text(r.label);
                  return html`<option value=${r.id} lang=${ifDefined(label.lang)} .selected=${live(r.id === f.region)}>${label.value}</option>`;
                })}
              </select>
            </div>`
          : nothing}
        ${s.contact === 'none' ? nothing : this.renderContact(s)}

        <div class="hp" aria-hidden="true">
          <label for="website">${m.honeypot}</label>
          <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" @input=${this.onHoneypot} />
        </div>

        ${this._submitError ? this.renderError(this._submitError, 'submit', this.retrySubmit, m.retrySubmit) : nothing}
        ${submitting && this._progress
          ? html`<div part="progress" class="progress">
              <p id="progress-text" class="meta">${this._progress.text}</p>
              ${this._progress.value !== undefined
                ? html`<progress max="1" .value=${this._progress.value} aria-labelledby="progress-text"></progress>`
                : nothing}
            </div>`
          : nothing}
        ${submitButton(submitting, m.submit, m.submitting)}
      </form>
    `;
  }

  private renderContact(s: ProposalSettings): TemplateResult {
    const m = this.m;
    const c = this.noticeTexts;
    const required = s.contact === 'required';
    const purpose = s.consent.purpose ? this.text(s.consent.purpose) : { value: c.purpose };
    const extra = this.text(s.consent.extra);
    return html`
      <section part="consent" class="consent" aria-labelledby="contact-heading">
        <h3 id="contact-heading" class="subheading">${required ? c.headingRequired : c.headingOptional}</h3>
        <p>${required ? c.introRequired : c.introOptional}</p>
        <div class="notice-box">
          <h4 class="notice-title">${c.noticeTitle}</h4>
          <dl class="notice">
            <dt>${c.purposeTerm}</dt>
            <dd lang=${ifDefined(purpose.lang)}>${purpose.value}</dd>
            <dt>${c.itemsTerm}</dt>
            <dd>${required ? c.itemsRequired : c.itemsOptional}</dd>
            <dt>${c.retentionTerm}</dt>
            <dd>${c.retention(this.fmt(s.retentionDays))}</dd>
            <dt>${c.refuseTerm}</dt>
            <dd>${required ? c.refuseRequired : c.refuseOptional}</dd>
          </dl>
          <p>${c.minors}</p>
          ${extra.value ? html`<p class="extra" lang=${ifDefined(extra.lang)}>${extra.value}</p>` : nothing}
          <p class="hint">${c.notStored}</p>
        </div>
        ${CONTACT_KEYS.map((k) => this.renderConsentItem(k, required))}
      </section>
    `;
  }

  private renderConsentItem(k: ContactKey, required: boolean): TemplateResult {
    const m = this.m;
    const c = this.noticeTexts;
    const groupId = `consent-${k}` as FieldId;
    const inputId = `contact-${k}` as FieldId;
    const requirement = !required ? m.optional : k === 'name' ? m.required : c.requiredOneOf;
    const choice = this._consent[k];
    const groupError = this._errors[groupId];
    const inputError = this._errors[inputId];
    const type = k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text';
    const autocomplete = k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'name';
    const hint = k === 'email' ? m.emailHint : k === 'phone' ? m.phoneHint : undefined;
    return html`
      <fieldset class="consent-item" data-item=${k} aria-describedby=${ifDefined(groupError ? `${groupId}-error` : undefined)}>
        <legend>${c.consentLegend(m.labels[k], requirement)}</legend>
        ${this.fieldError(groupId)}
        <div class="choices">
          ${(['yes', 'no'] as const).map(
            (v) => html`<label class="choice">
              <input
                type="radio"
                name=${groupId}
                value=${v}
                .checked=${live(choice === v)}
                @change=${this.onConsent}
              />
              <span>${v === 'yes' ? c.agree : c.disagree}</span>
            </label>`,
          )}
        </div>
        ${choice === 'yes'
          ? html`<div part="field" class="field" data-field=${inputId}>
              <label part="label" for=${inputId}>${m.labels[k]}</label>
              ${hint ? html`<p id="${inputId}-hint" part="hint" class="hint">${hint}</p>` : nothing}
              ${this.fieldError(inputId)}
              <input
                id=${inputId}
                name=${inputId}
                part="input"
                type=${type}
                autocomplete=${autocomplete}
                inputmode=${ifDefined(k === 'phone' ? 'tel' : k === 'email' ? 'email' : undefined)}
                aria-invalid=${inputError ? 'true' : 'false'}
                aria-describedby=${ifDefined(this.describedBy(hint && `${inputId}-hint`, inputError && `${inputId}-error`) || undefined)}
                .value=${live(this._contact[k])}
                @input=${this.onContact}
              />
            </div>`
          : nothing}
      </fieldset>
    `;
  }

  private viewContext(): import('./receipt.js').ReceiptContext {
    return {
      lang: this.uiLang,
      texts: this.uiLang === 'en' ? (this.m as ProposalFormMessagesEn).receipt : this.views!.receiptKo,
      settings: this._settings,
      dateFormat: this.formats.date,
      text: (t) => this.text(t),
      date: (iso) => this.date(iso),
      fmt: (n) => this.fmt(n),
      track: () => this.trackSubmitted(),
      another: this._view === 'submitted' || this.trackingTarget?.fromSubmit ? () => void this.another() : undefined,
    };
  }

}

declare global {
  interface HTMLElementEventMap {
    'madang-proposal-submitted': MadangProposalSubmittedEvent;
  }
  /** The events bubble and are composed, so pages can listen once on document or window. */
  interface DocumentEventMap {
    'madang-proposal-submitted': MadangProposalSubmittedEvent;
  }
  interface WindowEventMap {
    'madang-proposal-submitted': MadangProposalSubmittedEvent;
  }
}
