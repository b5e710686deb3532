/**
 * <madang-spending-explainer>: how taxpayer money is spent, in plain language — the year's
 * spending by field as a treemap (d3-hierarchy, squarified) or a table, a generated "of every
 * ₩1,000" summary, spending per person per day, the change against the previous year and what
 * the National Assembly changed, and a personal tax receipt computed in the browser only (the
 * income never leaves the page: no request, no URL, no storage, no event carries it).
 *
 * Sources as for <madang-budget-table>: a dataset of the Madang API (`api`, `site-key`,
 * `dataset`), a static CSV or data package (`src`) or `data` (BudgetLine[]); optionally a second
 * source for total expenditure (`totals-dataset`, `totals-src` or `totals`). The SDK's HTTP
 * client, the parsers, the engine, the treemap layout and the field texts are imported on first
 * use, and so is the explainer's arithmetic (@madang/sdk/explainer, re-exported by source.ts:
 * every figure is computed once data is there): the entry holds the element and its Korean strings.
 *
 * This module defines the class and registers nothing: `./define.ts` (`@madang/widgets/spending-explainer`)
 * registers it as <madang-spending-explainer>.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { BudgetLine, BudgetPhase, LocalizedText } from '@madang/contracts';
import { formatBudgetAmount, formatBudgetRatio } from '@madang/sdk/budget';
import type { Allocation, TaxReceiptBase } from '@madang/sdk/explainer';
import { cssProps } from '../shared/css-props.js';
import { formatsByLang, MadangBaseElement } from '../shared/element-base.js';
import { checkSite, errorText, fixedByAuthor } from '../shared/errors.js';
import { errorBox } from '../shared/templates.js';
import { MadangSpendingExplainerConfigError, type ExplainerConfigAttribute } from './errors.js';
import { ko, type ExplainerMessages } from './messages.js';
import type { Source, SourceMeta, SourceSpec } from './source.js';
import { explainerStyles } from './styles.js';

export { MadangSpendingExplainerConfigError };
export const SPENDING_EXPLAINER_TAG = 'madang-spending-explainer';

/** `loading` (reading the data), `ready`, or `error` (a readable message; retry unless an attribute is wrong). */
export type SpendingExplainerState = 'loading' | 'ready' | 'error';
/** How the big picture is shown: `treemap` (default) or `table`. Print always shows the table. */
export type SpendingExplainerView = 'treemap' | 'table';

export interface MadangSpendingExplainerErrorDetail {
  /** A MadangError from @madang/sdk, a MadangSpendingExplainerConfigError, or a MadangExplainerDataError (a static file: `status`, `reason`). */
  error: unknown;
}

/** `madang-error` of this element. Bubbles and crosses shadow roots. */
export class MadangSpendingExplainerErrorEvent extends CustomEvent<MadangSpendingExplainerErrorDetail> {
  static readonly eventName = 'madang-error' as const;
  constructor(detail: MadangSpendingExplainerErrorDetail) {
    super(MadangSpendingExplainerErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

const DATASET = /^bds_[A-Za-z0-9]{8,40}$/;
const PHASES: readonly BudgetPhase[] = ['proposed', 'approved', 'adjusted', 'executed'];
const NO_FIELDS = 'no-fields';
/** Cells that show their name; the others get a number and their name in the list beside. */
const PALETTE = 8;

let en: ExplainerMessages | undefined;
let enLoading: Promise<unknown> | undefined;

const formatsFor = formatsByLang((locale) => ({
  number: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
}));

interface Row {
  key: string;
  name: string;
  amount: number;
  share: number;
  per1000: number;
  previous: number | null;
  change: number | null;
  /** Approved − proposed for this field, when the data has both phases of the year. */
  assembly: number | null;
}

interface Model {
  lib: typeof import('./source.js');
  year: number;
  phase: BudgetPhase;
  rows: Row[];
  sum: number;
  total: number | null;
  overlap: boolean;
  totalPrev: number | null;
  totalChange: number | null;
  asm: { proposed: number; approved: number } | null;
  fieldsAsm: boolean;
  fieldsPrev: boolean;
  main: Source;
  totals: Source | null;
}

interface Receipt {
  base: TaxReceiptBase;
  parts: Allocation[];
  perDay: Allocation[];
  perDayTotal: number;
}

type FormErrors = Partial<Record<'tax' | 'local' | 'income', string>>;

const safeUrl = (u: string | null | undefined) => (u && /^https?:/i.test(u) ? u : undefined);

/**
 * How taxpayer money is spent, in plain language, with a personal tax receipt.
 *
 * @summary Embeddable spending explainer: treemap and table by field, "of every ₩1,000", per person per day, Assembly changes, a private tax receipt.
 *
 * @attr api - Base URL of the Madang API (with `site-key` and `dataset`).
 * @attr site-key - The site's publishable key (`pk_…`). A secret key is refused.
 * @attr dataset - A budget dataset id (`bds_…`) whose top level (분야) is shown.
 * @attr src - Instead of the API: a budget CSV or a Fiscal Data Package `datapackage.json`.
 * @attr totals-dataset - Optional: a dataset of total expenditure (총지출) for the overlap note, per person per day, the previous year and the Assembly's change.
 * @attr totals-src - Optional: the same as a static CSV or data package.
 * @attr year - Fiscal year (default: the latest in the data).
 * @attr phase - `proposed`, `approved`, `adjusted` or `executed` (default: `approved` when the year has it, else its first phase).
 * @attr view - `treemap` (default) or `table`; the visitor can switch.
 * @attr population - Population for "per person per day" (a whole number; no default: without it that figure is not shown).
 * @attr population-source - Where the population comes from (shown with it).
 * @attr table-href - Link to the full budget table.
 * @attr as-of - "As of" date (YYYY-MM-DD) of a static file or `data`; a dataset's or data package's own date wins.
 * @attr totals-as-of - The same for the total-expenditure source.
 * @attr lang - UI language (`ko` default, `en`); without it the nearest ancestor's `lang` decides.
 * @attr data-state - Reflects the current state (read only): loading, ready, error.
 *
 * @fires {MadangSpendingExplainerErrorEvent} madang-error - Loading failed or an attribute is wrong. detail: `{ error }`.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The title.
 * @csspart total - The total expenditure (or the sum of the fields) line.
 * @csspart summary - The "of every ₩1,000" sentence.
 * @csspart note - The note on overlapping fields.
 * @csspart toggle - The treemap/table switch.
 * @csspart treemap - The treemap (a list of cells).
 * @csspart cell - A treemap cell (a button: name and amount).
 * @csspart legend - The list of fields whose cells are too small for their names.
 * @csspart detail - The chosen field's description and figures.
 * @csspart table - The table of fields.
 * @csspart citizen - Per person per day, previous year, the Assembly's change.
 * @csspart receipt - The tax receipt section.
 * @csspart input - A number input of the receipt.
 * @csspart error - An inline input error.
 * @csspart submit - The "calculate" button.
 * @csspart result - The receipt's result.
 * @csspart receipt-table - The receipt's table of amounts by field (also `table`).
 * @csspart privacy - The note that the income stays in the browser.
 * @csspart sources - Sources and "as of" dates.
 * @csspart table-link - The link to the full budget table.
 * @csspart message - A notice or error message.
 * @csspart retry - The retry button shown with loading errors.
 *
 * @cssprop [--madang-color-brand=var(--krds-light-color-button-primary-fill, #256ef4)] - Button and link colour.
 * @cssprop [--madang-color-on-brand=var(--krds-light-color-text-basic-inverse, #ffffff)] - Text on the brand colour.
 * @cssprop [--madang-font-family=var(--krds-typo-font-type, "Pretendard GOV", "Pretendard", system-ui, sans-serif)] - Font family.
 * @cssprop [--madang-radius=var(--krds-radius-medium2, 6px)] - Corner radius.
 * @cssprop [--madang-space=var(--krds-gap-2, 4px)] - Spacing unit.
 */
export class MadangSpendingExplainer extends MadangBaseElement {
  static override styles = explainerStyles;

  static override properties = {
    api: {},
    siteKey: { attribute: 'site-key' },
    datasetId: { attribute: 'dataset' },
    src: {},
    data: { attribute: false },
    totalsDatasetId: { attribute: 'totals-dataset' },
    totalsSrc: { attribute: 'totals-src' },
    totals: { attribute: false },
    year: { type: Number },
    phase: {},
    view: {},
    population: {},
    populationSource: { attribute: 'population-source' },
    tableHref: { attribute: 'table-href' },
    asOf: { attribute: 'as-of' },
    totalsAsOf: { attribute: 'totals-as-of' },
    descriptions: { attribute: false },
    _model: { state: true, attribute: false },
    _err: { state: true, attribute: false },
    _sel: { state: true, attribute: false },
    _w: { state: true, attribute: false },
    _mode: { state: true, attribute: false },
    _fe: { state: true, attribute: false },
    _r: { state: true, attribute: false },
    _live: { state: true, attribute: false },
  };

  declare api: string | undefined;
  declare siteKey: string | undefined;
  /** Budget dataset id (`bds_…`): the `dataset` attribute. */
  declare datasetId: string | undefined;
  declare src: string | undefined;
  /** Budget lines instead of `dataset` or `src`. */
  declare data: readonly BudgetLine[] | undefined;
  declare totalsDatasetId: string | undefined;
  declare totalsSrc: string | undefined;
  /** Total-expenditure lines instead of `totals-dataset` or `totals-src`. */
  declare totals: readonly BudgetLine[] | undefined;
  declare year: number | undefined;
  declare phase: BudgetPhase | undefined;
  declare view: SpendingExplainerView | undefined;
  /** Population (a whole number, as a string attribute; commas allowed). */
  declare population: string | undefined;
  declare populationSource: string | undefined;
  declare tableHref: string | undefined;
  /** "As of" date (YYYY-MM-DD) of a static file or `data` (a dataset's or data package's own date wins). */
  declare asOf: string | undefined;
  declare totalsAsOf: string | undefined;
  /**
   * The sites's own descriptions of fields, by field key (code, else name) or name: a string
   * (any language) or `{ ko, en }`. They replace the built-in ones.
   */
  declare descriptions: Record<string, string | LocalizedText> | undefined;

  declare private _model: Model | undefined;
  declare private _err: unknown;
  declare private _sel: string | undefined;
  declare private _w: number;
  declare private _mode: 'paid' | 'income';
  declare private _fe: FormErrors;
  declare private _r: Receipt | undefined;
  declare private _live: string;
  #needsLoad = true;
  #observer?: ResizeObserver;
  #observed?: Element;

  constructor() {
    super();
    this._w = 0;
    this._mode = 'paid';
    this._fe = {};
    this._live = '';
  }

  get state(): SpendingExplainerState {
    if (this.#noEnglish) return 'loading';
    return this._err ? 'error' : this._model ? 'ready' : 'loading';
  }

  protected override get formats() {
    return formatsFor(this.uiLang);
  }

  get #m(): ExplainerMessages {
    return (this.uiLang === 'en' && en) || ko;
  }

  get #noEnglish(): boolean {
    if (this.uiLang !== 'en' || en) return false;
    enLoading ??= import('./messages-en.js').then((x) => (en = x.en));
    void enLoading.then(() => this.requestUpdate());
    return true;
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated && !this._model) {
      this.#needsLoad = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = this.#observed = undefined;
    this.dropLoad();
  }

  protected override configure(changed: PropertyValues<this>) {
    for (const k of ['api', 'siteKey', 'datasetId', 'src', 'data', 'totalsDatasetId', 'totalsSrc', 'totals', 'year', 'phase', 'population', 'tableHref'] as const)
      if (changed.has(k)) this.#needsLoad = true;
    // The visitor's switch only re-renders; a wrong value from the page shows the configuration message.
    if (changed.has('view') && (this.view || this._err) && this.view !== 'treemap' && this.view !== 'table') this.#needsLoad = true;
    if (changed.has('view') && this._err instanceof MadangSpendingExplainerConfigError && this._err.attribute === 'view') this.#needsLoad = true;
    if (this.#needsLoad && this.isConnected) {
      this.#needsLoad = false;
      void this.#load();
    }
  }

  protected override updated() {
    const box = this.renderRoot.querySelector('.tm');
    if (box && box !== this.#observed) {
      // Re-laid out in the next frame (never inside the observer's callback: no resize loop). Narrower
      // means more cells too small for their names, so the list beside never flips back and forth.
      this.#observer ??= new ResizeObserver(([e]) => {
        const w = Math.round(e!.contentRect.width / 8) * 8;
        if (w && w !== this._w) requestAnimationFrame(() => (this._w = w));
      });
      this.#observer.disconnect();
      this.#observer.observe(box);
      this.#observed = box;
    }
  }

  // ------------------------------------------------------------------ loading

  /** Where the figures (or, `totals`, total expenditure) come from; config errors thrown. */
  #spec(totals: boolean): SourceSpec | null {
    const cfg = (a: ExplainerConfigAttribute, r: 'missing' | 'invalid' = 'invalid') => new MadangSpendingExplainerConfigError(a, r);
    const data = totals ? this.totals : this.data;
    const dataset = totals ? this.totalsDatasetId : this.datasetId;
    const src = totals ? this.totalsSrc : this.src;
    if (data !== undefined && data !== null) {
      if (!Array.isArray(data)) throw cfg('data');
      return { lines: data };
    }
    if (dataset || (!totals && !src && (this.api || this.siteKey))) {
      const problem = checkSite(this.api, this.siteKey, MadangSpendingExplainerConfigError);
      if (problem) throw problem;
      if (!DATASET.test(dataset ?? '')) throw cfg(totals ? 'totals-dataset' : 'dataset', dataset ? 'invalid' : 'missing');
      return { api: this.api!, siteKey: this.siteKey!, dataset: dataset! };
    }
    if (src) {
      try {
        return { src: new URL(src, document.baseURI) };
      } catch {
        throw cfg(totals ? 'totals-src' : 'src');
      }
    }
    if (totals) return null;
    throw cfg('src', 'missing');
  }

  #check() {
    const bad = (a: ExplainerConfigAttribute) => new MadangSpendingExplainerConfigError(a, 'invalid');
    const { year, phase, view, tableHref } = this;
    if (year !== undefined && year !== null && !(Number.isInteger(year) && year >= 1948 && year <= 2100)) throw bad('year');
    if (phase && !PHASES.includes(phase)) throw bad('phase');
    if (view && view !== 'treemap' && view !== 'table') throw bad('view');
    if (this.population && this.#population === null) throw bad('population');
    if (tableHref) {
      let ok = false;
      try {
        ok = /^https?:$/.test(new URL(tableHref, document.baseURI).protocol);
      } catch {
        /* invalid */
      }
      if (!ok) throw bad('table-href');
    }
  }

  get #population(): number | null {
    const t = (this.population ?? '').replace(/[\s,]/g, '');
    const n = /^\d{1,16}$/.test(t) ? Number(t) : NaN;
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }

  async #load() {
    this.loadAbort?.abort();
    const generation = ++this.loadGeneration;
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    this._model = undefined;
    this._err = undefined;
    this._r = undefined;
    this._fe = {};
    try {
      this.#check();
      const spec = this.#spec(false)!;
      const totalsSpec = this.#spec(true);
      // The SDK client or parsers, the engine, the layout and the field texts: only now.
      const lib = await import('./source.js');
      const [main, totals] = await Promise.all([lib.openSource(spec, signal), totalsSpec ? lib.openSource(totalsSpec, signal) : null]);
      const year = this.year ?? main.years[main.years.length - 1];
      if (year === undefined) throw NO_FIELDS;
      const ph = main.phasesOf(year);
      const phase = this.phase || (ph.includes('approved') ? 'approved' : (ph[0] ?? 'approved'));
      const other = phase === 'approved' && ph.includes('proposed') ? 'proposed' : phase === 'proposed' && ph.includes('approved') ? 'approved' : null;
      const tph = totals?.phasesOf(year) ?? [];
      const tv = (p: BudgetPhase) => (totals && tph.includes(p) ? totals.view(year, p) : null);
      const [v, alt, t, tp, ta] = await Promise.all([main.view(year, phase), other && main.view(year, other), tv(phase), tv('proposed'), tv('approved')]);
      if (generation !== this.loadGeneration) return;
      const fields = v.rows.filter((r) => r.amount > 0).sort((a, b) => b.amount - a.amount);
      if (!fields.length) throw NO_FIELDS;
      const total = t?.rows.length ? t.total.amount : null;
      const big = lib.spendingBreakdown(fields, { total: total !== null && total >= 0 ? total : null });
      const per = lib.perThousandWon(big.shares);
      const altBy = new Map(alt?.rows.map((r) => [r.key, r.amount]));
      this._model = {
        lib,
        year,
        phase,
        main,
        totals,
        rows: fields.map((r, i) => ({
          key: r.key,
          name: r.name,
          amount: r.amount,
          share: big.shares[i]!.share,
          per1000: per[i]!.amount,
          previous: r.previousAmount,
          change: r.change,
          assembly: alt && altBy.has(r.key) ? (phase === 'approved' ? r.amount - altBy.get(r.key)! : altBy.get(r.key)! - r.amount) : null,
        })),
        sum: big.sumOfFields,
        total: big.total,
        overlap: big.overlap,
        totalPrev: t?.rows.length ? t.total.previousAmount : null,
        totalChange: t?.rows.length ? t.total.change : null,
        asm: tp?.rows.length && ta?.rows.length ? { proposed: tp.total.amount, approved: ta.total.amount } : null,
        fieldsAsm: !!alt,
        fieldsPrev: fields.some((r) => r.previousAmount !== null),
      };
      this.loadAbort = undefined;
    } catch (e) {
      if (generation !== this.loadGeneration || signal.aborted) return;
      this.loadAbort = undefined;
      this._err = e;
      if (e instanceof MadangSpendingExplainerConfigError) console.warn(e.message);
      this.dispatchEvent(new MadangSpendingExplainerErrorEvent({ error: e }));
    }
  }

  #retry() {
    this.#needsLoad = true;
    this.requestUpdate();
  }

  // ------------------------------------------------------------------ formatting

  #won(n: number): string {
    return this.#m.won(this.fmt(n));
  }

  /** Compact (조/억/만, T/B/M) on screen, the exact won for screen readers. */
  #amount(v: number, signed = false): TemplateResult {
    const lang = this.uiLang;
    const sign = signed && v > 0 ? '+' : '';
    return html`<span aria-hidden="true">${sign}${formatBudgetAmount(v, lang, { compact: true })}</span><span class="sr-only">${sign}${formatBudgetAmount(v, lang)}</span>`;
  }

  #compact(v: number, signed = false): string {
    return (signed && v > 0 ? '+' : '') + formatBudgetAmount(v, this.uiLang, { compact: true });
  }

  /** A field's name in the UI language (the built-in English name of the 12 fields), with the lang of the text shown. */
  #name(r: Row): { value: string; lang?: string } {
    const known = this._model!.lib.FIELDS.get(this._model!.lib.fieldKey(r.name));
    if (this.uiLang === 'en') return known ? { value: known.name.en! } : { value: r.name, lang: 'ko' };
    return { value: r.name };
  }

  #description(r: Row): { value: string; lang?: string } | null {
    const own = this.descriptions && (Object.prototype.hasOwnProperty.call(this.descriptions, r.key) ? this.descriptions[r.key] : Object.prototype.hasOwnProperty.call(this.descriptions, r.name) ? this.descriptions[r.name] : undefined);
    if (typeof own === 'string') return { value: own };
    if (own && typeof own === 'object' && typeof own.ko === 'string') return this.text(own);
    const known = this._model!.lib.FIELDS.get(this._model!.lib.fieldKey(r.name));
    return known ? this.text(known.description) : null;
  }

  #metaText(s: Source, fallbackDate: string | undefined): TemplateResult {
    const m = this.#m;
    const meta: SourceMeta = { asOf: fallbackDate, ...s.meta };
    const name = meta.source ? this.text(meta.source.name).value : s.lineSource;
    const url = safeUrl(meta.source?.url);
    const asOf = meta.asOf && /^\d{4}-\d{2}-\d{2}$/.test(meta.asOf) ? meta.asOf : null;
    return html`${name ? (url ? html`<a href=${url} rel="noopener" target="_blank" dir="auto">${name}</a>` : html`<span dir="auto">${name}</span>`) : m.noSource}
    · ${m.asOf} ${asOf ? html`<time datetime=${asOf}>${this.date(asOf)}</time>` : m.noSource}`;
  }

  // ------------------------------------------------------------------ the receipt

  #setMode(e: Event) {
    this._mode = (e.target as HTMLInputElement).value === 'income' ? 'income' : 'paid';
    this._fe = {};
  }

  /** Everything is computed here, synchronously, from what is typed: nothing is sent, stored or put in the URL. */
  #submit(e: Event) {
    e.preventDefault();
    const model = this._model;
    if (!model) return;
    const m = this.#m;
    const input = (id: string) => this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>('#' + id);
    const read = (id: string, required: boolean): number | string | null => {
      const t = (input(id)?.value ?? '').replace(/[\s,원₩]/g, '');
      if (!t) return required ? m.errEmpty : null;
      if (!/^\d+$/.test(t)) return m.errDigits;
      const n = Number(t);
      return Number.isSafeInteger(n) && n <= 1e14 ? n : m.errLarge;
    };
    const { allocate, daysInYear, INCOME_TAX_YEARS, taxReceiptBase } = model.lib;
    const fe: FormErrors = {};
    let base: TaxReceiptBase | undefined;
    if (this._mode === 'paid') {
      const tax = read('tax', true);
      const local = read('local', false);
      if (typeof tax === 'string') fe.tax = tax;
      if (typeof local === 'string') fe.local = local;
      if (typeof tax === 'number' && typeof local !== 'string') base = taxReceiptBase({ kind: 'paid', nationalTax: tax, localTax: local });
    } else {
      const income = read('income', true);
      if (typeof income === 'string') fe.income = income;
      else base = taxReceiptBase({ kind: 'income', taxableIncome: income!, year: Number(input('iy')?.value) || INCOME_TAX_YEARS.to });
    }
    this._fe = fe;
    if (!base) {
      this._r = undefined;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const weights = model.rows.map((r) => ({ key: r.key, weight: r.amount }));
    const days = daysInYear(model.year);
    const perDayTotal = Math.round(base.nationalTax / days);
    const parts = allocate(base.nationalTax, weights);
    this._r = { base, parts, perDay: allocate(perDayTotal, weights), perDayTotal };
    let top = 0;
    parts.forEach((p, i) => p.amount > parts[top]!.amount && (top = i));
    this._live = '';
    const msg = m.announced(this.fmt(base.nationalTax), this.#name(model.rows[top]!).value, this.fmt(parts[top]!.amount));
    requestAnimationFrame(() => (this._live = msg));
  }

  // ------------------------------------------------------------------ rendering

  protected override render() {
    const m = this.#m;
    const wait = this.#noEnglish;
    const err = !wait && this._err;
    const model = this._model;
    return html`<div part="base" class="base" data-view=${this.view ?? 'treemap'}>
      ${err
        ? errorBox(this.#errText(err), fixedByAuthor(err) || err === NO_FIELDS ? undefined : () => this.#retry(), m.retry)
        : !model || wait
          ? html`<div class="skeleton" aria-hidden="true"><span></span><span></span><span></span></div>
              <p role="status">${wait ? '' : m.loading}</p>`
          : this.#ready(model)}
      <p class="sr-only" aria-live="polite">${this._live}</p>
    </div>`;
  }

  #errText(e: unknown): string {
    const m = this.#m.errors;
    if (e === NO_FIELDS) return m.noFields;
    if (e instanceof Error && e.name === 'MadangExplainerDataError') {
      const d = e as Error & { status: number | null; reason: string };
      return d.status ? m.file(String(d.status)) : `${m.data} ${d.reason}`.trim();
    }
    if (e instanceof MadangSpendingExplainerConfigError && e.attribute === 'src' && e.reason === 'missing') return m.config(m.noSource);
    return errorText(e, m, { 'not-found': m.notFound, validation: m.validation });
  }

  #ready(d: Model): TemplateResult {
    const m = this.#m;
    const view = this.view === 'table' ? 'table' : 'treemap';
    const phase = m.phases[d.phase];
    const top = d.rows.slice(0, 3);
    const rest = d.rows.slice(3);
    const restWon = rest.reduce((s, r) => s + r.per1000, 0);
    const summary = m.summary(
      top.map((r) => m.summaryPart(this.fmt(r.per1000), this.#name(r).value)).join(', '),
      rest.length ? m.summaryRest(this.fmt(rest.length), this.fmt(restWon)) : '',
    );
    const toggle = (v: SpendingExplainerView, label: string) =>
      html`<button type="button" class="secondary" aria-pressed=${String(view === v)} @click=${() => {
        this.view = v;
      }}>${label}</button>`;
    return html`
      <h2 part="heading" class="heading">${m.title(String(d.year), phase)}</h2>
      <p part="total" class="total">
        ${d.total !== null ? m.totalLine(this.#compact(d.total)) : m.sumLine(this.#compact(d.sum), this.fmt(d.rows.length))}
      </p>
      <p part="summary" class="summary">${summary}</p>
      <p part="note" class="message note">${d.overlap && d.total !== null ? m.overlap(this.#compact(d.sum), this.#compact(d.total)) : m.normalised}</p>
      <section class="picture" aria-labelledby="bp">
        <div class="bar">
          <h3 id="bp" class="sub">${m.bigPicture}</h3>
          <div part="toggle" class="toggle" role="group" aria-label=${m.show}>${toggle('treemap', m.treemap)}${toggle('table', m.table)}</div>
        </div>
        ${view === 'treemap' ? this.#treemap(d) : nothing}
        <div class="tbl" ?hidden=${view !== 'table'}>${this.#table(d)}</div>
      </section>
      ${this.#citizen(d)} ${this.#receipt(d)} ${this.#sources(d)}
    `;
  }

  #treemap(d: Model): TemplateResult {
    const m = this.#m;
    const W = this._w || 640;
    const ratio = W >= 520 ? 0.56 : 1.3;
    const H = W * ratio;
    const cells = d.lib.layout(
      d.rows.map((r) => r.amount),
      W,
      H,
    );
    const en = this.uiLang === 'en';
    const small: number[] = [];
    const pct = (v: number) => `${(v * 100).toFixed(4)}%`;
    const items = d.rows.map((r, i) => {
      const c = cells[i]!;
      const name = this.#name(r);
      const w = c.w * W;
      const h = c.h * H;
      // Text at 14 px: about 15 px per Hangul syllable, 8.5 px per Latin letter; the amount line
      // ("242.8조원 · 36.7%") is up to about 120 px wide and wraps as often as the cell needs.
      // Better a name in the list beside than a clipped one in the cell.
      const perLine = Math.floor((w - 14) / (en ? 8.5 : 15));
      const amountLines = Math.ceil(120 / Math.max(1, w - 14));
      const fits = perLine >= 3 && (Math.ceil(name.value.length / perLine) + amountLines) * 19 + 10 <= h;
      if (!fits) small.push(i);
      const full = `${name.value}, ${formatBudgetAmount(r.amount, this.uiLang, { compact: true })}, ${formatBudgetRatio(r.share, this.uiLang)}`;
      return html`<li class="cell c${i % PALETTE}" ${cssProps({ left: pct(c.x), top: pct(c.y), width: pct(c.w), height: pct(c.h) })}>
        <button part="cell" type="button" aria-pressed=${String(this._sel === r.key)} data-key=${r.key} @click=${() => (this._sel = this._sel === r.key ? undefined : r.key)}>
          ${fits
            ? html`<span class="nm" lang=${name.lang ?? nothing} dir="auto">${name.value}</span><span class="am">${formatBudgetAmount(r.amount, this.uiLang, { compact: true })} · ${formatBudgetRatio(r.share, this.uiLang)}</span>`
            : html`<span class="no" aria-hidden="true">${i + 1}</span><span class="sr-only" lang=${name.lang ?? nothing}>${full}</span>`}
        </button>
      </li>`;
    });
    const sel = d.rows.find((r) => r.key === this._sel);
    return html`<div class="tmw">
        <ul part="treemap" class="tm" aria-label=${m.treemapLabel} ${cssProps({ 'aspect-ratio': `${W} / ${H.toFixed(1)}` })}>
          ${items}
        </ul>
        ${small.length
          ? html`<div part="legend" class="legend">
              <p id="sl" class="hint">${m.smallList}</p>
              <ul aria-labelledby="sl">
                ${small.map((i) => {
                  const r = d.rows[i]!;
                  const name = this.#name(r);
                  return html`<li><span class="no c${i % PALETTE}" aria-hidden="true">${i + 1}</span> <span lang=${name.lang ?? nothing} dir="auto">${name.value}</span> ${this.#amount(r.amount)}
                    (${formatBudgetRatio(r.share, this.uiLang)})</li>`;
                })}
              </ul>
            </div>`
          : nothing}
      </div>
      ${sel ? this.#detail(d, sel) : nothing}`;
  }

  #detail(d: Model, r: Row): TemplateResult {
    const m = this.#m;
    const name = this.#name(r);
    const desc = this.#description(r);
    return html`<div part="detail" class="detail message">
      <h4 class="sub" lang=${name.lang ?? nothing} dir="auto">${name.value}</h4>
      <p>${this.#amount(r.amount)} · ${m.share} ${formatBudgetRatio(r.share, this.uiLang)} · ${m.per1000} ${this.#won(r.per1000)}</p>
      ${r.previous !== null ? html`<p>${m.yoy(String(d.year - 1), this.#compact(r.amount - r.previous, true), formatBudgetRatio(r.change, this.uiLang, { signed: true }))}</p>` : nothing}
      ${r.assembly !== null ? html`<p>${m.assembly}: ${this.#compact(r.assembly, true)}</p>` : nothing}
      ${desc ? html`<p lang=${desc.lang ?? nothing} dir="auto">${desc.value}</p>` : nothing}
    </div>`;
  }

  #table(d: Model): TemplateResult {
    const m = this.#m;
    const lang = this.uiLang;
    const none = html`<span aria-hidden="true">–</span><span class="sr-only">${m.none}</span>`;
    return html`<div class="scroll" role="region" aria-labelledby="cap" tabindex="0">
      <table part="table">
        <caption id="cap">${m.caption(String(d.year), m.phases[d.phase])}</caption>
        <thead>
          <tr>
            <th scope="col">${m.field}</th>
            <th scope="col" class="num">${m.amount}</th>
            <th scope="col" class="num">${m.share}</th>
            <th scope="col" class="num">${m.per1000}</th>
            ${d.fieldsPrev ? html`<th scope="col" class="num">${m.change(String(d.year - 1))}</th>` : nothing}
            ${d.fieldsAsm ? html`<th scope="col" class="num">${m.assembly}</th>` : nothing}
            <th scope="col">${m.about}</th>
          </tr>
        </thead>
        <tbody>
          ${d.rows.map((r) => {
            const name = this.#name(r);
            const desc = this.#description(r);
            return html`<tr>
              <th scope="row" lang=${name.lang ?? nothing} dir="auto">${name.value}</th>
              <td class="num">${this.#amount(r.amount)}</td>
              <td class="num">${formatBudgetRatio(r.share, lang)}</td>
              <td class="num">${this.#won(r.per1000)}</td>
              ${d.fieldsPrev ? html`<td class="num">${r.change === null ? none : formatBudgetRatio(r.change, lang, { signed: true })}</td>` : nothing}
              ${d.fieldsAsm ? html`<td class="num">${r.assembly === null ? none : this.#amount(r.assembly, true)}</td>` : nothing}
              <td class="desc" lang=${desc?.lang ?? nothing} dir="auto">${desc?.value ?? ''}</td>
            </tr>`;
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${m.total}</th>
            <td class="num">${this.#amount(d.sum)}</td>
            <td class="num">${formatBudgetRatio(1, lang)}</td>
            <td class="num">${this.#won(1000)}</td>
            ${d.fieldsPrev ? html`<td></td>` : nothing} ${d.fieldsAsm ? html`<td></td>` : nothing}
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  #citizen(d: Model): TemplateResult | typeof nothing {
    const m = this.#m;
    const pop = this.#population;
    const { daysInYear, perCitizenPerDay } = d.lib;
    const days = daysInYear(d.year);
    const base = d.total ?? d.sum;
    const parts: TemplateResult[] = [];
    if (pop !== null) {
      const perDay = Math.round(perCitizenPerDay(base, pop, { year: d.year }));
      parts.push(html`<div class="fig">
        <h4 class="sub">${m.perCitizen}</h4>
        <p class="big">${this.#won(perDay)}</p>
        <p>${m.perCitizenText(this.fmt(perDay))}</p>
        <p class="hint">
          ${m.perCitizenBasis(this.#compact(base), this.fmt(pop), this.fmt(days), this.populationSource || m.noSource)} ${d.total === null ? m.perCitizenSum : ''}
        </p>
      </div>`);
    }
    if (d.total !== null && d.totalPrev !== null) {
      parts.push(html`<div class="fig">
        <h4 class="sub">${m.yoyTitle}</h4>
        <p>${m.totalLine(this.#compact(d.total))}: ${m.yoy(String(d.year - 1), this.#compact(d.total - d.totalPrev, true), formatBudgetRatio(d.totalChange, this.uiLang, { signed: true }))}</p>
      </div>`);
    }
    if (d.asm) {
      const diff = d.asm.approved - d.asm.proposed;
      parts.push(html`<div class="fig">
        <h4 class="sub">${m.assemblyTitle}</h4>
        <p>${m.assemblyTotal(this.#compact(d.asm.proposed), this.#compact(d.asm.approved), `${this.#compact(diff, true)} ${diff > 0 ? m.up : diff < 0 ? m.down : m.same}`)}</p>
      </div>`);
    }
    return parts.length ? html`<section part="citizen" class="citizen" aria-label=${m.perCitizen}>${parts}</section>` : nothing;
  }

  #receipt(d: Model): TemplateResult {
    const m = this.#m;
    const fe = this._fe;
    const field = (id: 'tax' | 'local' | 'income', label: string, hint: string, required: boolean) =>
      html`<div class="field">
        <label for=${id}>${label}</label>
        <span id=${'h-' + id} class="hint">${hint}</span>
        <input
          part="input"
          id=${id}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          spellcheck="false"
          maxlength="24"
          ?required=${required}
          aria-invalid=${fe[id] ? 'true' : 'false'}
          aria-describedby=${'h-' + id + (fe[id] ? ' e-' + id : '')}
        />
        ${fe[id] ? html`<p part="error" id=${'e-' + id} class="err">${fe[id]}</p>` : nothing}
      </div>`;
    const { INCOME_TAX_YEARS } = d.lib;
    const years: number[] = [];
    for (let y = INCOME_TAX_YEARS.from; y <= INCOME_TAX_YEARS.to; y++) years.push(y);
    const defYear = Math.min(INCOME_TAX_YEARS.to, Math.max(INCOME_TAX_YEARS.from, d.year));
    const mode = this._mode;
    return html`<section part="receipt" class="receipt" aria-labelledby="rh">
      <h3 id="rh" class="sub">${m.receipt}</h3>
      <p part="privacy" class="message privacy">${m.privacy}</p>
      <form novalidate autocomplete="off" @submit=${this.#submit}>
        <fieldset>
          <legend>${m.how}</legend>
          <label class="choice"><input type="radio" name="mode" value="paid" .checked=${mode === 'paid'} @change=${this.#setMode} />${m.paidMode}</label>
          <label class="choice"><input type="radio" name="mode" value="income" .checked=${mode === 'income'} @change=${this.#setMode} />${m.incomeMode}</label>
        </fieldset>
        ${mode === 'paid'
          ? html`${field('tax', m.taxPaid, m.taxPaidHint, true)}${field('local', m.localPaid, m.localPaidHint, false)}`
          : html`${field('income', m.income, m.incomeHint(String(INCOME_TAX_YEARS.from)), true)}
              <div class="field">
                <label for="iy">${m.incomeYear}</label>
                <select id="iy">${years.map((y) => html`<option value=${y} ?selected=${y === defYear}>${y}</option>`)}</select>
              </div>`}
        <button part="submit" class="primary" type="submit">${m.calc}</button>
      </form>
      ${this._r ? this.#result(d, this._r) : nothing}
      <p class="hint">${m.leftOut}</p>
    </section>`;
  }

  #result(d: Model, r: Receipt): TemplateResult {
    const m = this.#m;
    const b = r.base;
    const est = b.estimate;
    return html`<div part="result" class="result">
      <h4 class="sub">${m.resultTitle}</h4>
      <dl class="totals">
        <div>
          <dt>${m.national}</dt>
          <dd>
            <strong>${this.#won(b.nationalTax)}</strong>
            <span class="hint">${est ? m.estimated(this.fmt(est.taxableIncome), formatBudgetRatio(est.marginalRate, this.uiLang), String(est.year)) : m.fromPaid}</span>
          </dd>
        </div>
        <div>
          <dt>${m.local}</dt>
          <dd>${this.#won(b.localTax)} ${b.localTaxComputed ? html`<span class="hint">${m.computedLocal}</span>` : nothing}</dd>
        </div>
      </dl>
      <p class="hint">${m.localNote}</p>
      <p>${m.perDayText(this.fmt(r.perDayTotal))}</p>
      <div class="scroll" role="region" aria-labelledby="rcap" tabindex="0">
        <table part="table receipt-table">
          <caption id="rcap">${m.resultTitle}</caption>
          <thead>
            <tr>
              <th scope="col">${m.field}</th>
              <th scope="col" class="num">${m.myTax}</th>
              <th scope="col" class="num">${m.perDay}</th>
            </tr>
          </thead>
          <tbody>
            ${d.rows.map((row, i) => {
              const name = this.#name(row);
              return html`<tr>
                <th scope="row" lang=${name.lang ?? nothing} dir="auto">${name.value}</th>
                <td class="num">${this.#won(r.parts[i]!.amount)}</td>
                <td class="num">${this.#won(r.perDay[i]!.amount)}</td>
              </tr>`;
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">${m.total}</th>
              <td class="num">${this.#won(b.nationalTax)}</td>
              <td class="num">${this.#won(r.perDayTotal)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>`;
  }

  #sources(d: Model): TemplateResult {
    const m = this.#m;
    const href = this.tableHref;
    return html`<footer class="foot">
      <h3 class="sub">${m.sources}</h3>
      <dl part="sources" class="sources">
        <div><dt>${m.fieldsSource}</dt><dd>${this.#metaText(d.main, this.asOf)}</dd></div>
        ${d.totals ? html`<div><dt>${m.totalSource}</dt><dd>${this.#metaText(d.totals, this.totalsAsOf)}</dd></div>` : nothing}
        ${this.#population !== null ? html`<div><dt>${m.populationSource}</dt><dd dir="auto">${this.populationSource || m.noSource}</dd></div>` : nothing}
        <div><dt>${m.taxSource}</dt><dd>${m.taxLaw}</dd></div>
      </dl>
      ${href ? html`<a part="table-link" class="more" href=${href}>${m.fullTable}</a>` : nothing}
    </footer>`;
  }
}
