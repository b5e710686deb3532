/**
 * <madang-budget-table>: a budget (and its execution) as a real table — drill down the program
 * hierarchy (분야 › 부문 › 프로그램 › 단위사업 › 세부사업) in a treegrid, a flat list of every line,
 * or organisations compared on one economic item — for one year and phase, with previous-year
 * change and execution rate where the data has them, totals, a CSV of exactly what is shown,
 * and the source and "as of" date always visible.
 *
 * Sources: the Madang API (`api`, `site-key`, `dataset`; the SDK's HTTP client is imported on
 * first use, so it is not part of this entry's bundle), a static file (`src`: a budget CSV in
 * UTF-8 or CP949, or a Fiscal Data Package's datapackage.json, read by the SDK's parsers, also
 * imported on first use), or the `data` property (BudgetLine[] or the engine's columns). Static
 * data goes through the SDK's in-memory engine (tree and comparison) and lines.ts (flat).
 *
 * Rows are virtualised: only the visible window (and the focused row) is in the DOM, between
 * spacer rows, with aria-rowcount / aria-rowindex for the whole table.
 *
 * This module defines the class and registers nothing: `./define.ts` (`@madang/widgets/budget-table`)
 * registers it as <madang-budget-table>.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type {
  BudgetComparisonRow,
  BudgetDataset,
  BudgetFigures,
  BudgetLine,
  BudgetNode,
  BudgetPhase,
  BudgetRow,
  BudgetView,
  LocalizedText,
} from '@madang/contracts';
import {
  formatBudgetAmount,
  formatBudgetRatio,
  type BudgetColumns,
  type BudgetEngine,
  type BudgetSelection,
  type CsvCell,
  type CsvColumn,
} from '@madang/sdk/budget';
import { formatsByLang, MadangBaseElement } from '../shared/element-base.js';
import { checkSite, errorText, fixedByAuthor } from '../shared/errors.js';
import type { ApiSource } from './api.js';
import { MadangBudgetDataError, MadangBudgetTableConfigError, type ConfigAttribute } from './errors.js';
import { errorBox } from '../shared/templates.js';
import { BUDGET_PHASES, leaf, LINE_SORTS, type LineSort } from './fields.js';
import type { Lines } from './lines.js';
import { ko, type BudgetTableMessages } from './messages.js';
import { budgetTableStyles } from './styles.js';
import type { Block, Col, Common, CompRes, FlatRes, Res, Sel, TreeItem, TreeRes } from './view.js';

export const BUDGET_TABLE_TAG = 'madang-budget-table';

/**
 * What the widget shows, also reflected as `data-state` on the host:
 * - `loading`: reading the data (space reserved);
 * - `ready`: the table;
 * - `empty`: no row for this year, phase, filter or level (said so; the controls stay);
 * - `error`: loading failed or an attribute is wrong: a readable message, and a retry button
 *   unless the page's author must fix it.
 */
export type BudgetTableState = 'loading' | 'ready' | 'empty' | 'error';
export type BudgetTableView = 'tree' | 'flat' | 'comparison';
export const BUDGET_TABLE_VIEWS: readonly BudgetTableView[] = ['tree', 'flat', 'comparison'];
/** Sort keys of each view (`previous` and `executed` of the tree, and the comparison's, are sorted in the browser). */
export const BUDGET_TABLE_SORTS: Record<BudgetTableView, readonly string[]> = {
  tree: ['name', 'code', 'amount', 'previous', 'change', 'executed', 'execution'],
  flat: LINE_SORTS,
  comparison: ['name', 'amount', 'headcount', 'perStaff', 'share'],
};
const TEXT_SORTS = new Set(['name', 'code', 'organization', 'path', 'item']);

/** What the visitor chose; the same as the element's properties of those names. */
export interface MadangBudgetChangeDetail {
  view: BudgetTableView;
  year: number;
  phase: BudgetPhase;
  path: string[];
  sort: string | undefined;
  order: 'asc' | 'desc' | undefined;
  q: string;
  item: string | undefined;
  rowCount: number;
}

export interface MadangBudgetTableErrorDetail {
  /** A MadangError from @madang/sdk, a MadangBudgetTableConfigError, or a MadangBudgetDataError. */
  error: unknown;
}

/** Fired when the visitor changes the view, year, phase, level, sort, filter or item. Bubbles and crosses shadow roots. */
export class MadangBudgetChangeEvent extends CustomEvent<MadangBudgetChangeDetail> {
  static readonly eventName = 'madang-budget-change' as const;
  constructor(detail: MadangBudgetChangeDetail) {
    super(MadangBudgetChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** `madang-error` of this element: loading failed, or an attribute is wrong. Bubbles and crosses shadow roots. */
export class MadangBudgetTableErrorEvent extends CustomEvent<MadangBudgetTableErrorDetail> {
  static readonly eventName = 'madang-error' as const;
  constructor(detail: MadangBudgetTableErrorDetail) {
    super(MadangBudgetTableErrorEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

export { MadangBudgetDataError, MadangBudgetTableConfigError };

const DATASET = /^bds_[A-Za-z0-9]{8,40}$/;
const OVERSCAN = 5;
const SEP = '\u0000';
const pid = (keys: readonly string[]) => keys.join(SEP);

/** The English strings, imported the first time an element is in English (messages-en.ts). */
let en: BudgetTableMessages | undefined;
let enLoading: Promise<unknown> | undefined;

const formatsFor = formatsByLang((locale) => ({
  number: new Intl.NumberFormat(locale),
  date: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
}));

/** Prepares a flat view's filter index and sort code once the page is idle (lines.ts `warm`). */
function idle(set: Lines): Lines {
  (globalThis.requestIdleCallback ?? setTimeout)(() => set.warm());
  return set;
}

/** The distinct `source` of some lines, found once per array. */
const lineSources = new WeakMap<readonly BudgetLine[], Set<string>>();

let collator: Intl.Collator | undefined;
/** A stable copy of `rows` by `get` (numbers or text by Korean collation), nulls last in either order. */
function sortRows<R>(rows: R[], get: (r: R) => number | string | null, desc: boolean): R[] {
  const c = (collator ??= new Intl.Collator('ko'));
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const d = typeof x === 'number' ? x - (y as number) : c.compare(x, y as string);
    return desc ? -d : d;
  });
}

// ------------------------------------------------------------------ the rows of a view (types in view.ts)

const fromRows = (rows: BudgetRow[], v: Omit<Sel, 'n' | 'at'>): Sel => ({ ...v, n: rows.length, at: (i) => rows[i]! });
const fromSelection = (s: BudgetSelection): Sel => ({ n: s.rowCount, at: s.row, total: s.total, path: s.path, year: s.year, phase: s.phase });

interface Meta {
  title?: LocalizedText | string;
  /** The dataset's own note, e.g. that the 12 fields overlap and their total exceeds total expenditure. */
  description?: LocalizedText | null;
  source?: { name: LocalizedText | string; url: string | null } | null;
  asOf?: string | null;
}

function pathFromAttribute(v: string | null): string[] | undefined {
  return v ? v.split('>') : undefined;
}

/**
 * Budget and execution disclosure as an accessible, virtualised table.
 *
 * @summary Embeddable budget table: drill-down treegrid, flat list, organisation comparison, CSV download.
 *
 * @attr api - Base URL of the Madang API (with `site-key` and `dataset`).
 * @attr site-key - The site's publishable key (`pk_…`). A secret key is refused.
 * @attr dataset - A budget dataset id (`bds_…`) of that site.
 * @attr src - A static file instead of the API: a budget CSV (UTF-8 with or without BOM, or CP949) or a Fiscal Data Package `datapackage.json`.
 * @attr view - `tree` (default: the classification, expandable rows and drill-down), `flat` (one row per budget line) or `comparison` (organisations on one economic item).
 * @attr year - Fiscal year (default: the latest in the data); the visitor can switch it.
 * @attr phase - `proposed` (정부안), `approved` (국회 확정), `adjusted` (추경) or `executed` (결산); default `approved` when the year has it.
 * @attr sort - Sort key of the view (tree: name, code, amount, previous, change, executed, execution; flat: name, code, organization, path, item, amount; comparison: name, amount, headcount, perStaff, share). Default: amount (flat: the order given).
 * @attr order - `asc` or `desc` (default: desc for figures, asc for text).
 * @attr q - Text filter: rows whose name or code contains it (any case).
 * @attr path - Tree view: the level shown, as node keys from the top joined with `>` (e.g. `010>011`); also the `path` property (string[]).
 * @attr item - Comparison view: the economic item's key (default: all items).
 * @attr organization - Only this organisation's lines (an organisation key), in the tree and flat views.
 * @attr heading - Title for a static file or `data` (the API's dataset and a data package have their own).
 * @attr source - Source of a static file or `data`; a data package's or dataset's own source wins.
 * @attr source-url - Link for `source`.
 * @attr as-of - "As of" date (YYYY-MM-DD) of a static file or `data`.
 * @attr lang - UI language (`ko` default, `en`); without it the nearest ancestor's `lang` decides.
 * @attr data-state - Reflects the current state (read only): loading, ready, empty, error.
 *
 * @fires {MadangBudgetChangeEvent} madang-budget-change - The visitor changed the view, year, phase, level, sort, filter or item. detail: the new values and the row count.
 * @fires {MadangBudgetTableErrorEvent} madang-error - Loading failed or an attribute is wrong. detail: `{ error }`.
 *
 * @csspart base - The widget's box.
 * @csspart heading - The title above the table.
 * @csspart description - The dataset's own note (e.g. that its fields overlap), when it has one.
 * @csspart controls - The view, year, phase, item and filter controls.
 * @csspart filter - The text filter input.
 * @csspart breadcrumb - Where the tree view is (a nav of buttons).
 * @csspart scroller - The table's scroll box.
 * @csspart table - The table.
 * @csspart header - The header row group (its buttons sort).
 * @csspart row - A data row.
 * @csspart cell - A data cell (the name cell is also `name`).
 * @csspart name - The row's name cell (the row header; also `cell`).
 * @csspart total - The totals row.
 * @csspart download - The "Download CSV" button.
 * @csspart source - The source and "as of" line.
 * @csspart message - A notice or error message.
 * @csspart retry - The retry button shown with loading errors.
 *
 * @cssprop [--madang-color-brand=var(--krds-light-color-button-primary-fill, #256ef4)] - Link and button colour.
 * @cssprop [--madang-color-on-brand=var(--krds-light-color-text-basic-inverse, #ffffff)] - Text on the brand colour.
 * @cssprop [--madang-font-family=var(--krds-typo-font-type, "Pretendard GOV", "Pretendard", system-ui, sans-serif)] - Font family.
 * @cssprop [--madang-radius=var(--krds-radius-medium2, 6px)] - Corner radius.
 * @cssprop [--madang-space=var(--krds-gap-2, 4px)] - Spacing unit.
 */
export class MadangBudgetTable extends MadangBaseElement {
  static override styles = budgetTableStyles;

  static override properties = {
    api: {},
    siteKey: { attribute: 'site-key' },
    datasetId: { attribute: 'dataset' },
    src: {},
    data: { attribute: false },
    view: {},
    year: { type: Number },
    phase: {},
    sort: {},
    order: {},
    q: {},
    path: { converter: { fromAttribute: pathFromAttribute } },
    item: {},
    organization: {},
    heading: {},
    source: {},
    sourceUrl: { attribute: 'source-url' },
    asOf: { attribute: 'as-of' },
    _res: { state: true, attribute: false },
    _err: { state: true, attribute: false },
    _busy: { state: true, attribute: false },
    _live: { state: true, attribute: false },
    _top: { state: true, attribute: false },
    _fi: { state: true, attribute: false },
    _fc: { state: true, attribute: false },
  };

  /** Base URL of the Madang API. */
  declare api: string | undefined;
  /** The site's publishable key (`pk_…`). */
  declare siteKey: string | undefined;
  /** Budget dataset id (`bds_…`): the `dataset` attribute (`dataset` itself is HTMLElement's data-* map). */
  declare datasetId: string | undefined;
  /** URL of a budget CSV or datapackage.json. */
  declare src: string | undefined;
  /** Budget lines (BudgetLine[]) or the engine's columns; the element does not change them. */
  declare data: readonly BudgetLine[] | BudgetColumns | undefined;
  /** `tree` (default), `flat` or `comparison`. */
  declare view: BudgetTableView | undefined;
  /** Fiscal year shown (undefined: the latest). */
  declare year: number | undefined;
  /** Phase shown (undefined: approved when present). */
  declare phase: BudgetPhase | undefined;
  /** Sort key (see the `sort` attribute). */
  declare sort: string | undefined;
  declare order: 'asc' | 'desc' | undefined;
  /** Text filter. */
  declare q: string | undefined;
  /** Tree view: node keys from the top to the node whose children are listed. */
  declare path: string[] | undefined;
  /** Comparison view: economic item key. */
  declare item: string | undefined;
  /** Only this organisation's lines (tree and flat views). */
  declare organization: string | undefined;
  declare heading: string | undefined;
  declare source: string | undefined;
  declare sourceUrl: string | undefined;
  declare asOf: string | undefined;

  declare private _res: Res | undefined;
  declare private _err: unknown;
  declare private _busy: boolean;
  declare private _live: string;
  /** First row drawn (a multiple of 4). */
  declare private _top: number;
  /**
   * Height of the scroll box and of a row (px), measured after layout; until then a guess that
   * covers the box (36em at most) with rows of 2.75em at 16 px. A measurement re-renders
   * only when the rows drawn no longer cover the box or the row height differs.
   */
  #vh = 600;
  #rh = 44;
  /** How many rows the last render drew from its first (the window without the focused row). */
  #drawn = 0;
  #all = false;
  /** The roving focus: row, and column (-1: the row itself, tree only). */
  declare private _fi: number;
  declare private _fc: number;

  // Data: static (input; engine and lines made on first use) or the API (client and dataset).
  #input?: readonly BudgetLine[] | BudgetColumns;
  /** data.ts (the engine and the flat view), imported when first needed. */
  #lib?: typeof import('./data.js');
  /** view.ts (columns, keyboard, data error text), re-exported by data.ts and api.ts: here once either is. */
  #v?: typeof import('./view.js');
  #engine?: BudgetEngine;
  #lineSet?: Lines;
  /** The API (api.ts, imported with the SDK client when first needed). */
  #api?: ApiSource;
  #ds?: BudgetDataset;
  #meta: Meta = {};
  /** API flat view: the lines of (year, phase), by `${year}|${phase}`. */
  #apiLines = new Map<string, Lines | 'loading'>();
  /** Tree levels of the current query, by path id ('loading' while the API answers). */
  #levels = new Map<string, Sel | 'loading'>();
  #levelsQuery = '';
  #expanded = new Set<string>();
  #needsLoad = true;
  #needsView = false;
  #viewGen = 0;
  /** The view's API requests (levels, lines, comparison): aborted on removal and on a new source. */
  #reqAbort?: AbortController;
  #liveTimer?: ReturnType<typeof setTimeout>;
  #typeTimer?: ReturnType<typeof setTimeout>;
  /** What the visitor has typed into the filter, until it becomes `q`. */
  #typed?: string;
  #focusIn = false;
  #pendingFocus = false;
  /** After a drill-down: the key of the row to focus in the new level ('' = the first row). */
  #focusKey?: string;
  #observer?: ResizeObserver;
  #observed?: Element;
  #measured = false;

  constructor() {
    super();
    this._busy = false;
    this._live = '';
    this._top = 0;
    this._fi = 0;
    this._fc = -1;
  }

  /** The current state (see `BudgetTableState`); also reflected as the `data-state` attribute. */
  get state(): BudgetTableState {
    if (this.#noEnglish) return 'loading';
    if (this._err) return 'error';
    if (!this._res) return 'loading';
    return this._res.n ? 'ready' : 'empty';
  }

  /** Rows of the current view (after filtering, with expanded children), all of them, not only the drawn ones. */
  get rowCount(): number {
    return this._res?.n ?? 0;
  }

  /** The current view as CSV (UTF-8 text with a BOM), every row of it: what "Download CSV" saves. */
  async toCsv(): Promise<string> {
    const res = this._res;
    const { csvOf } = await import('./csv.js');
    if (!res) return csvOf(0, () => null, []);
    const m = this.#m;
    const head: CsvColumn<unknown>[] = [
      { header: m.year, value: () => res.year },
      { header: m.phase, value: () => m.phases[res.phase] },
    ];
    if (res.kind === 'tree') head.push({ header: m.parents, value: (t) => [...res.path.map((n) => n.name), ...(t as TreeItem).up].join(' › ') });
    return csvOf(res.n, this.#getter(res), [...head, ...(this.#columns(res) as Col<unknown>[]).map((c) => ({ header: c.won ? m.won(c.label) : c.label, value: c.csv }))]);
  }

  override connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated) {
      // Back on the page: load again if it was removed while loading; else recompute (requests cut off by the removal run again).
      if (!this.#input && !this.#ds) this.#needsLoad = true;
      else this.#needsView = true;
      this.requestUpdate();
    }
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#observer?.disconnect();
    this.#observer = this.#observed = undefined;
    clearTimeout(this.#liveTimer);
    clearTimeout(this.#typeTimer);
    this.dropLoad();
    this.#reqAbort?.abort();
    this.#reqAbort = undefined;
  }

  protected override configure(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('siteKey') || changed.has('datasetId') || changed.has('src') || changed.has('data')) this.#needsLoad = true;
    if (changed.has('q')) this.#typed = undefined;
    for (const k of ['view', 'year', 'phase', 'sort', 'order', 'q', 'path', 'item', 'organization'] as const) if (changed.has(k)) this.#needsView = true;
    if (!this.isConnected) return;
    if (this.#needsLoad) {
      this.#needsLoad = this.#needsView = false;
      void this.#load();
    } else if (this.#needsView) {
      this.#needsView = false;
      this.#compute(true);
    }
  }

  protected override get formats() {
    return formatsFor(this.uiLang);
  }

  get #m(): BudgetTableMessages {
    return (this.uiLang === 'en' && en) || ko;
  }

  /** English wanted but its strings not here yet: shown as loading (no Korean flash) until they are. */
  get #noEnglish(): boolean {
    if (this.uiLang !== 'en' || en) return false;
    enLoading ??= import('./messages-en.js').then((x) => (en = x.en));
    void enLoading.then(() => this.requestUpdate());
    return true;
  }

  get #kind(): BudgetTableView {
    return this.view ?? 'tree';
  }

  // ------------------------------------------------------------------ loading

  #reset() {
    this.loadAbort?.abort();
    this.loadAbort = undefined;
    this.#reqAbort?.abort();
    this.#reqAbort = undefined;
    this.#input = this.#engine = this.#lineSet = this.#api = this.#ds = undefined;
    this.#meta = {};
    this.#apiLines.clear();
    this.#levels.clear();
    this.#expanded.clear();
    this._res = undefined;
    this._err = undefined;
    this._busy = false;
    this._top = this._fi = 0;
  }

  async #load() {
    this.#reset();
    const generation = ++this.loadGeneration;
    const abort = (this.loadAbort = new AbortController());
    const { signal } = abort;
    try {
      const { data, src, datasetId: dataset } = this;
      if (data !== undefined && data !== null) {
        if (!Array.isArray(data) && !(data && typeof data === 'object' && 'amount' in data)) throw new MadangBudgetTableConfigError('data', 'invalid');
        this.#v = this.#lib = await import('./data.js');
        this.#input = data;
      } else if (dataset || (!src && (this.api || this.siteKey))) {
        const problem = checkSite(this.api, this.siteKey, MadangBudgetTableConfigError) ?? (DATASET.test(dataset ?? '') ? undefined : new MadangBudgetTableConfigError('dataset', dataset ? 'invalid' : 'missing'));
        if (problem) throw problem;
        // The HTTP client (ky, the contracts' schemas) only now: a table of static data never loads it.
        const apiLib = (this.#v = await import('./api.js'));
        const api = await apiLib.openDataset(this.api!, this.siteKey!, dataset!, signal);
        if (generation !== this.loadGeneration) return;
        this.#api = api;
        this.#ds = api.ds;
        this.#meta = api.ds;
      } else if (src) {
        let url: URL;
        try {
          url = new URL(src, document.baseURI);
        } catch {
          throw new MadangBudgetTableConfigError('src', 'invalid');
        }
        const lib = (this.#v = this.#lib = await import('./data.js'));
        const { lines, meta } = await lib.readSource(url, signal);
        if (generation !== this.loadGeneration) return;
        this.#meta = meta ?? {};
        this.#input = lines;
      } else throw new MadangBudgetTableConfigError('src', 'missing');
      if (generation !== this.loadGeneration) return;
      this.loadAbort = undefined;
      this.#compute(false);
    } catch (e) {
      if (generation !== this.loadGeneration || signal.aborted) return;
      this.loadAbort = undefined;
      this.#fail(e);
    }
  }

  #fail(error: unknown) {
    this._err = error;
    this._busy = false;
    if (error instanceof MadangBudgetTableConfigError) console.warn(error.message);
    this.dispatchEvent(new MadangBudgetTableErrorEvent({ error }));
  }

  #retry() {
    this.#needsLoad = true;
    this.requestUpdate();
  }

  // ------------------------------------------------------------------ the view

  #checkView(): MadangBudgetTableConfigError | undefined {
    const { year, phase, sort, order, q, path } = this;
    const bad = (a: ConfigAttribute) => new MadangBudgetTableConfigError(a, 'invalid');
    if (!BUDGET_TABLE_VIEWS.includes(this.#kind)) return bad('view');
    if (year !== undefined && year !== null && !(Number.isInteger(year) && year >= 1948 && year <= 2100)) return bad('year');
    if (phase && !BUDGET_PHASES.includes(phase)) return bad('phase');
    if (sort && !BUDGET_TABLE_SORTS[this.#kind].includes(sort)) return bad('sort');
    if (order && order !== 'asc' && order !== 'desc') return bad('order');
    if (q && q.length > 200) return bad('q');
    if (path && (!Array.isArray(path) || path.length > 4 || path.some((k) => typeof k !== 'string' || !k || k.length > 200))) return bad('path');
    return undefined;
  }

  /** The effective sort and order (the tree and comparison default to amount, the flat list to the order given). */
  get #sorting(): { sort?: string; order?: 'asc' | 'desc' } {
    const sort = this.sort || (this.#kind === 'flat' ? undefined : 'amount');
    return { sort, order: sort ? this.order || (TEXT_SORTS.has(sort) ? 'asc' : 'desc') : undefined };
  }

  get #yearPhase() {
    return { year: this.year ?? undefined, phase: this.phase || undefined };
  }

  /**
   * Computes the view for the current properties: synchronously from static data, or through the
   * API (the current rows stay, marked busy, until the answer). `announce`: say the result.
   */
  #compute(announce: boolean) {
    if (!this.#input && !this.#ds) return;
    const problem = this.#checkView();
    if (problem) return this.#fail(problem);
    this._err = undefined;
    const gen = ++this.#viewGen;
    const done = (res: Res | undefined) => {
      if (gen !== this.#viewGen || !res) return;
      const first = !this._res;
      this._res = res;
      this._busy = false;
      if (this._fi >= res.n) this._fi = Math.max(0, res.n - 1);
      const key = this.#focusKey;
      if (key !== undefined && res.kind === 'tree') {
        this.#focusKey = undefined;
        let i = 0;
        for (let k = 0; key && k < res.root.sel.n; k++) if (res.root.sel.at(k).key === key) i = k;
        this.#focusAt(i, -1);
      }
      if (announce && !first) this.#announce();
    };
    try {
      if (this.#kind === 'tree') {
        const q = JSON.stringify([this.#yearPhase, this.#sorting, this.organization, this.q, this.path]);
        if (q !== this.#levelsQuery) {
          this.#levelsQuery = q;
          this.#levels.clear();
        }
        done(this.#buildTree());
      } else if (this.#kind === 'flat') done(this.#flat());
      else {
        const { year, phase } = this.#yearPhase;
        const query = { year, phase, item: this.item || undefined };
        if (this.#input) done(this.#comparison(this.#local().comparison(query)));
        else
          this.#remote(
            (signal) => this.#api!.comparison(query, signal),
            (c) => gen === this.#viewGen && done(this.#comparison(c)),
            () => {},
          );
      }
    } catch (e) {
      this.#fail(e instanceof RangeError || e instanceof TypeError ? new MadangBudgetDataError(null, [{ line: 0, column: null, reason: e.message }]) : e);
    }
  }

  /**
   * An API request of the view: `done` gets the answer; on failure `undo` drops what was marked
   * as loading (so the next compute asks again) and the error is shown, unless the element was
   * removed meanwhile.
   */
  #remote<T>(run: (signal: AbortSignal) => Promise<T>, done: (r: T) => void, undo: () => void) {
    this._busy = true;
    const { signal } = (this.#reqAbort ??= new AbortController());
    run(signal).then(
      (r) => !signal.aborted && done(r),
      (e) => {
        undo();
        if (!signal.aborted) this.#fail(e);
      },
    );
  }

  #local(): BudgetEngine {
    return (this.#engine ??= this.#lib!.createBudgetEngine(this.#input as BudgetLine[], {}));
  }

  #periods(): { years: number[]; phasesOf: (y: number) => BudgetPhase[] } {
    if (this.#ds) {
      const ds = this.#ds;
      return { years: ds.years, phasesOf: () => ds.phases };
    }
    const src = this.#kind === 'flat' ? this.#lines()! : this.#local();
    return { years: src.years, phasesOf: (y) => src.phasesOf(y) };
  }

  #common(year: number, phase: BudgetPhase, n: number): Common {
    const p = this.#periods();
    return { year, phase, years: p.years, phases: p.phasesOf(year), n };
  }

  /** Static data as Lines (the flat view), made on first use. */
  #lines(): Lines | undefined {
    const lib = this.#lib!;
    if (this.#input && !this.#lineSet) this.#lineSet = idle(new lib.Lines(Array.isArray(this.#input) ? this.#input : lib.columnsToLines(this.#input as BudgetColumns)));
    return this.#lineSet;
  }

  #flat(): FlatRes | undefined {
    let set = this.#lines();
    const { sort, order } = this.#sorting;
    const query = { ...this.#yearPhase, sort: sort as LineSort | undefined, order, q: this.q || undefined, organization: this.organization || undefined };
    if (!set) {
      // The API: the lines of that year and phase, 1,000 per request, into a Lines of their own.
      const ds = this.#ds!;
      const year = query.year ?? (ds.years.length ? Math.max(...ds.years) : new Date().getFullYear());
      const phase = query.phase ?? (ds.phases.includes('approved') ? 'approved' : ds.phases[0]!);
      const id = `${year}|${phase}`;
      const got = this.#apiLines.get(id);
      if (got === 'loading') return undefined;
      if (!got) {
        this.#apiLines.set(id, 'loading');
        this.#remote(
          async (signal) => {
            const all = await this.#api!.lines(year, phase, signal);
            this.#lib ??= await import('./data.js');
            return all;
          },
          (all) => {
            this.#apiLines.set(id, idle(new this.#lib!.Lines(all)));
            this.#compute(false);
          },
          () => this.#apiLines.delete(id),
        );
        return undefined;
      }
      set = got;
      query.year = year;
      query.phase = phase;
    }
    const sel = set.select(query);
    const lines = set.lines;
    // Optional columns, decided on the first lines (so they do not come and go with the filter).
    const scan = (f: (l: BudgetLine) => unknown) => lines.slice(0, 200).some(f);
    return {
      kind: 'flat',
      ...this.#common(sel.year, sel.phase, sel.order.length),
      lines,
      sel,
      code: scan((l) => leaf(l).code),
      item: scan((l) => l.item),
    };
  }

  #comparison(c: { year: number; phase: BudgetPhase; items: BudgetNode[]; item: BudgetNode | null; rows: BudgetComparisonRow[] }): CompRes {
    const { sort, order } = this.#sorting;
    const rows = sortRows(c.rows, (r) => (sort === 'name' ? r.name : (r[sort as 'amount'] ?? null)), order === 'desc');
    return { kind: 'comparison', ...this.#common(c.year, c.phase, rows.length), rows, items: c.items, item: c.item };
  }

  /** A level of the tree: computed (static data) or fetched whole (the API); undefined while it loads. */
  #level(keys: string[]): Sel | undefined {
    const id = pid(keys);
    const hit = this.#levels.get(id);
    if (hit) return hit === 'loading' ? undefined : hit;
    const { sort, order } = this.#sorting;
    const native = sort === 'previous' || sort === 'executed' ? undefined : (sort as BudgetSelection['sort']);
    const top = keys.length === (this.path?.length ?? 0);
    const query = { ...this.#yearPhase, path: keys, sort: native, order: native ? order : undefined, organization: this.organization || undefined, q: top ? this.q || undefined : undefined };
    const finish = (sel: Sel): Sel => {
      if (native) return sel;
      const key = sort === 'previous' ? 'previousAmount' : 'executedAmount';
      const rows = sortRows(
        Array.from({ length: sel.n }, (_, i) => sel.at(i)),
        (r) => r[key],
        order === 'desc',
      );
      return fromRows(rows, sel);
    };
    if (this.#input) {
      const sel = finish(fromSelection(this.#local().select(query)));
      this.#levels.set(id, sel);
      return sel;
    }
    this.#levels.set(id, 'loading');
    const asked = this.#levelsQuery;
    this.#remote(
      async (signal) => {
        const { rows, view } = await this.#api!.level(query, signal);
        return finish(fromRows(rows, view));
      },
      (sel) => {
        if (asked !== this.#levelsQuery) return;
        this.#levels.set(id, sel);
        this.#compute(false);
      },
      () => asked === this.#levelsQuery && this.#levels.delete(id),
    );
    return undefined;
  }

  #block(keys: string[], names: string[], depth: number): Block | undefined {
    const sel = this.#level(keys);
    if (!sel) return undefined;
    const b: Block = { sel, keys, names, depth, kids: [], size: sel.n };
    const under = pid(keys) + SEP;
    if ([...this.#expanded].some((x) => x.startsWith(under) || (!keys.length && x))) {
      for (let j = 0; j < sel.n; j++) {
        const r = sel.at(j);
        const k = [...keys, r.key];
        if (r.hasChildren && this.#expanded.has(pid(k))) {
          const kid = this.#block(k, [...names, r.name], depth + 1);
          if (kid) {
            b.kids.push([j, kid]);
            b.size += kid.size;
          }
        }
      }
    }
    return b;
  }

  #buildTree(): TreeRes | undefined {
    const root = this.#block(this.path ?? [], [], 0);
    if (!root) return undefined;
    const sel = root.sel;
    let code = false;
    for (let i = 0; i < sel.n && i < 200 && !code; i++) code = sel.at(i).code !== null;
    return {
      kind: 'tree',
      ...this.#common(sel.year, sel.phase, root.size),
      root,
      total: sel.total,
      path: sel.path,
      prev: sel.total.previousAmount !== null,
      exec: sel.total.executedAmount !== null && sel.phase !== 'executed',
      code,
    };
  }

  // ------------------------------------------------------------------ what the visitor does

  /** Sets properties for the visitor, then tells the page (`madang-budget-change`) once the view is computed. */
  #choose(props: Partial<Pick<MadangBudgetTable, 'view' | 'year' | 'phase' | 'sort' | 'order' | 'q' | 'path' | 'item'>>) {
    if ('view' in props || 'year' in props || 'phase' in props || 'path' in props || 'q' in props || 'sort' in props) this.#toTop();
    Object.assign(this, props);
    void this.updateComplete.then(() => {
      const res = this._res;
      this.dispatchEvent(
        new MadangBudgetChangeEvent({
          view: this.#kind,
          year: res?.year ?? this.year!,
          phase: res?.phase ?? this.phase!,
          path: this.path ?? [],
          sort: this.sort,
          order: this.order,
          q: this.q ?? '',
          item: this.item,
          rowCount: res?.n ?? 0,
        }),
      );
    });
  }

  #toTop() {
    this._top = 0;
    this._fi = 0;
    const s = this.#scroller;
    if (s) s.scrollTop = 0;
  }

  #onSort(e: Event) {
    const key = (e.currentTarget as HTMLElement).dataset.sort!;
    const { sort, order } = this.#sorting;
    this.#choose({ sort: key, order: key === sort ? (order === 'asc' ? 'desc' : 'asc') : TEXT_SORTS.has(key) ? 'asc' : 'desc' });
  }

  #onSelect(e: Event) {
    const t = e.target as HTMLSelectElement;
    const v = t.value;
    const k = t.dataset.k;
    if (k === 'view') {
      this.#choose({ view: v as BudgetTableView, sort: undefined, order: undefined });
    } else if (k === 'year') this.#choose({ year: Number(v), phase: undefined });
    else if (k === 'phase') this.#choose({ phase: v as BudgetPhase });
    else this.#choose({ item: v || undefined });
  }

  #onInput(e: Event) {
    const v = (e.target as HTMLInputElement).value;
    this.#typed = v;
    clearTimeout(this.#typeTimer);
    // Typing only stores the text: the filter runs once the visitor pauses.
    this.#typeTimer = setTimeout(() => v !== (this.q ?? '') && this.#choose({ q: v }), this.#ds ? 300 : 150);
  }

  #drill(keys: string[]) {
    const old = this.path ?? [];
    this.#expanded.clear();
    // Once the level is there (now, or when the API answers): focus the row we came from going up, the first row going down.
    this.#focusKey = old.length > keys.length ? old[keys.length]! : '';
    this.#choose({ path: keys });
  }

  #toggle(t: TreeItem) {
    const id = pid(t.keys);
    if (!this.#expanded.delete(id)) this.#expanded.add(id);
    this.#compute(false);
  }

  #announce() {
    clearTimeout(this.#liveTimer);
    this.#liveTimer = setTimeout(() => {
      const res = this._res;
      if (!res) return;
      const m = this.#m;
      const { sort, order } = this.#sorting;
      const col = sort && this.#columns(res).find((c) => c.id === sort);
      const at = res.kind === 'tree' && res.path.length ? m.at(res.path[res.path.length - 1]!.name) + ', ' : '';
      this._live = '';
      void this.updateComplete.then(() => {
        this._live = at + m.count(this.fmt(res.n)) + (col ? ', ' + m.sortedBy(col.label, order === 'desc') : '');
      });
    }, 400);
  }

  async #download() {
    const res = this._res!;
    const [text, { save }] = await Promise.all([this.toCsv(), import('./csv.js')]);
    save(this.renderRoot, text, `${this.#titleText().value}-${res.year}-${this.#m.phases[res.phase]}.csv`);
  }


  // ------------------------------------------------------------------ keyboard (APG treegrid / grid)

  get #scroller(): HTMLElement | null {
    return this.renderRoot.querySelector('.scroll');
  }

  #getter(res: Res): (i: number) => unknown {
    if (res.kind === 'tree') return (i) => this.#v!.locate(res.root, i);
    if (res.kind === 'flat') return (i) => res.lines[res.sel.order[i]!];
    return (i) => res.rows[i];
  }

  #onKey(e: KeyboardEvent) {
    const res = this._res;
    if (!res || e.altKey || e.metaKey) return;
    const to = this.#v!.keyMove(e, res, this._fi, this._fc, this.#columns(res).length - 1, Math.max(1, Math.floor(this.#vh / this.#rh) - 2), (t) => this.#expanded.has(pid(t.keys)));
    if (!to) return;
    e.preventDefault();
    if ('toggle' in to) this.#toggle(to.toggle);
    else this.#focusAt(to.i, to.c);
  }

  /** Moves the roving focus to row `i`, column `c`, scrolling it into view first. */
  #focusAt(i: number, c: number) {
    const s = this.#scroller;
    const rh = this.#rh;
    if (s) {
      const head = s.querySelector('thead')!.offsetHeight;
      const foot = s.querySelector('tfoot')!.offsetHeight;
      let top = s.scrollTop;
      if (i * rh < top) top = i * rh;
      else if (head + (i + 1) * rh > top + s.clientHeight - foot) top = head + (i + 1) * rh - s.clientHeight + foot;
      if (top !== s.scrollTop) {
        s.scrollTop = top;
        this.#scrolled(top);
      }
    }
    this._fi = i;
    this._fc = c;
    this.#pendingFocus = true;
    this.requestUpdate();
  }

  #onFocusIn(e: FocusEvent) {
    this.#focusIn = true;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-i]');
    if (!row) return;
    this._fi = Number(row.dataset.i);
    this._fc = target === row ? -1 : Number(target.dataset.c ?? 0);
  }

  #onFocusOut(e: FocusEvent) {
    if (!(e.currentTarget as Element).contains(e.relatedTarget as Node)) this.#focusIn = false;
  }

  #onClick(e: Event) {
    const res = this._res;
    const el = e.target as HTMLElement;
    const row = el.closest<HTMLElement>('tr[data-i]');
    if (res?.kind !== 'tree' || !row) return;
    const t = this.#v!.locate(res.root, Number(row.dataset.i));
    if (el.closest('[data-drill]')) this.#drill(t.keys);
    else if (el.closest('.tw') && t.r.hasChildren) this.#toggle(t);
  }

  #onScroll(e: Event) {
    this.#scrolled((e.currentTarget as HTMLElement).scrollTop);
  }

  #scrolled(top: number) {
    const first = Math.floor(top / this.#rh);
    const next = Math.max(0, (Math.floor((first - OVERSCAN) / 4) * 4) | 0);
    if (next !== this._top) this._top = next;
  }

  protected override updated() {
    // Spacer rows' heights and the table's minimum width (wide enough to scroll sideways on a
    // small screen) go through the CSSOM: a style attribute would need 'unsafe-inline'.
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('[data-h]')) el.style[el.localName === 'tr' ? 'blockSize' : 'minInlineSize'] = el.dataset.h!;
    const s = this.#scroller;
    if (s !== (this.#observed ?? null)) {
      this.#observer?.disconnect();
      this.#observed = s ?? undefined;
      if (s) {
        this.#observer ??= new ResizeObserver(() => this.#measure());
        this.#observer.observe(s);
      }
    }
    if (s && !this.#measured) this.#measure();
    if (this.#pendingFocus) {
      this.#pendingFocus = false;
      const row = this.renderRoot.querySelector<HTMLElement>(`tbody tr[data-i="${this._fi}"]`);
      const target = this._fc < 0 ? row : row?.querySelector<HTMLElement>(`[data-c="${this._fc}"]`);
      (target ?? row)?.focus({ preventScroll: true });
    }
  }

  /** The scroll box's height and a row's, after layout (ResizeObserver, first render). */
  #measure() {
    const s = this.#observed as HTMLElement | undefined;
    if (!s) return;
    const row = s.querySelector<HTMLElement>('tbody tr[data-i]');
    const rh = row?.getBoundingClientRect().height;
    if (!rh) return;
    this.#measured = true;
    const vh = s.clientHeight;
    const redraw = Math.abs(rh - this.#rh) > 0.5 || (Math.ceil(vh / rh) + 1 + OVERSCAN > this.#drawn && !this.#all);
    this.#rh = rh;
    this.#vh = vh;
    if (redraw) this.requestUpdate();
  }

  // ------------------------------------------------------------------ rendering

  /** The page's `heading`, else the data's own title, else "예산". */
  #titleText(): { value: string; lang?: string } {
    const t = this.#meta.title;
    if (this.heading) return { value: this.heading };
    if (typeof t === 'object' && t) return this.text(t);
    return { value: t || this.#m.title };
  }

  /** An amount: compact (조/억/만, T/B/M) on screen; the exact won for screen readers, and on hover and focus. */
  #amount(v: number | null): TemplateResult {
    const lang = this.uiLang;
    if (v === null) return this.#ratio(null) as TemplateResult;
    return html`<span aria-hidden="true">${formatBudgetAmount(v, lang, { compact: true })}</span><span class="sr-only x">${formatBudgetAmount(v, lang)}</span>`;
  }

  #ratio(v: number | null, signed = false) {
    return v === null ? html`<span aria-hidden="true">–</span><span class="sr-only">${this.#m.none}</span>` : formatBudgetRatio(v, this.uiLang, { signed });
  }



  /** The columns of a view (view.ts); the first is the row header (its cell is drawn by the row). */
  #columns(res: Res): Col<never>[] {
    return this.#v!.columns(res, this.#m, { amount: (v) => this.#amount(v), ratio: (v, signed) => this.#ratio(v, signed), fmt: (n) => this.fmt(n) });
  }

  protected override render() {
    const m = this.#m;
    const state = this.state;
    const res = this._res;
    const title = this.#titleText();
    const wait = this.#noEnglish;
    const err = !wait && this._err;
    const errText = (e: unknown) =>
      e instanceof MadangBudgetDataError
        ? this.#v!.dataErrorText(e, m, (n) => this.fmt(n))
        : e instanceof MadangBudgetTableConfigError && e.attribute === 'src' && e.reason === 'missing'
          ? m.errors.config(m.errors.noSource)
          : errorText(e, m.errors, { 'not-found': m.errors.notFound, validation: m.errors.validation });
    return html`
      <div part="base" class="base" data-state=${state} data-view=${this.#kind}>
        ${err
          ? errorBox(errText(err), fixedByAuthor(err) || (err instanceof MadangBudgetDataError && !!err.errors.length) ? undefined : () => this.#retry(), m.retry)
          : !res || wait
            ? html`<div class="skeleton" aria-hidden="true"><span></span><span></span><span></span><span></span></div>
                <p role="status">${wait ? '' : m.loading}</p>`
            : this.#renderView(res, title)}
        <p class="sr-only" aria-live="polite">${this._live}</p>
      </div>
    `;
  }

  /** What the data says about itself (e.g. overlapping fields), shown with every view of it. */
  #description() {
    const d = this.#meta.description;
    if (!d) return nothing;
    const t = this.text(d);
    return html`<p part="description" class="meta" lang=${t.lang ?? nothing} dir="auto">${t.value}</p>`;
  }

  #renderView(res: Res, title: { value: string; lang?: string }): TemplateResult {
    const m = this.#m;
    const kind = res.kind;
    const captionMeta = (kind === 'comparison' ? m.comparisonCaption(res.item?.name ?? m.allItems) + ' · ' : '') + m.captionMeta(String(res.year), m.phases[res.phase]);
    const option = (value: string, label: string, selected: boolean) => html`<option value=${value} ?selected=${selected}>${label}</option>`;
    const field = (label: string, k: string, options: unknown) => html`<label class="field"><span>${label}</span><select data-k=${k} @change=${this.#onSelect}>${options}</select></label>`;
    return html`
      <h2 part="heading" class="heading" lang=${title.lang ?? nothing} dir="auto">${title.value}</h2>
      <p class="meta">${captionMeta}</p>
      ${this.#description()}
      <div part="controls" class="controls" role="group" aria-label=${m.controls}>
        ${field(
          m.view,
          'view',
          BUDGET_TABLE_VIEWS.map((v) => option(v, m.views[v], v === kind)),
        )}
        ${field(
          m.year,
          'year',
          (res.years.includes(res.year) ? res.years : [...res.years, res.year].sort((a, b) => a - b)).map((y) => option(String(y), m.yearOption(String(y)), y === res.year)),
        )}
        ${field(
          m.phase,
          'phase',
          (res.phases.includes(res.phase) ? res.phases : [res.phase, ...res.phases]).map((p) => option(p, m.phases[p], p === res.phase)),
        )}
        ${kind === 'comparison'
          ? field(m.item, 'item', [option('', m.allItems, !res.item), ...res.items.map((it) => option(it.code ?? it.name, it.name, !!res.item && (it.code ?? it.name) === (res.item.code ?? res.item.name)))])
          : html`<label class="field grow"
              ><span>${m.filter}</span
              ><input part="filter" type="search" maxlength="200" autocomplete="off" .value=${this.#typed ?? this.q ?? ''} @input=${this.#onInput}
            /></label>`}
      </div>
      ${kind === 'tree' ? this.#renderCrumbs(res) : nothing}
      ${res.n
        ? this.#renderTable(res, title.value, captionMeta)
        : html`<p part="message" class="message">${this.q && kind !== 'comparison' ? m.emptyQuery(this.q) : m.empty}</p>`}
      <div class="foot">
        ${res.n
          ? html`<button part="download" class="secondary" type="button" aria-describedby="dl" @click=${this.#download}>${m.download}</button>
              <span id="dl" class="hint">${m.downloadHint(this.fmt(res.n))}</span>`
          : nothing}
        ${this.#renderSource()}
      </div>
    `;
  }

  #renderCrumbs(res: TreeRes): TemplateResult {
    const m = this.#m;
    const keys = this.path ?? [];
    const crumbs = [m.root, ...res.path.map((n) => n.name)];
    return html`<nav part="breadcrumb" aria-label=${m.breadcrumb}>
      <ol>
        ${crumbs.map((c, d) =>
          d === crumbs.length - 1
            ? html`<li aria-current="location" dir="auto">${c}</li>`
            : html`<li><button type="button" dir="auto" @click=${() => this.#drill(keys.slice(0, d))}>${c}</button></li>`,
        )}
      </ol>
    </nav>`;
  }

  #renderSource(): TemplateResult {
    const m = this.#m;
    const meta = this.#meta;
    let name: string | undefined;
    let url: string | null | undefined;
    let extra = 0;
    if (meta.source) {
      name = typeof meta.source.name === 'object' ? this.text(meta.source.name).value : meta.source.name;
      url = meta.source.url;
    } else if (this.source) {
      name = this.source;
      url = this.sourceUrl;
    } else {
      // Sources of the lines themselves (a CSV's 출처 column): the first, and how many others.
      const res = this._res;
      const lines = res?.kind === 'flat' ? res.lines : Array.isArray(this.#input) ? (this.#input as BudgetLine[]) : [];
      let seen = lineSources.get(lines);
      if (!seen) lineSources.set(lines, (seen = new Set(lines.map((l) => l.source!).filter(Boolean))));
      [name] = seen;
      extra = seen.size - 1;
    }
    const asOf = meta.asOf ?? this.asOf;
    const safe = url && /^https?:/i.test(url) ? url : undefined;
    return html`<p part="source" class="source">
      ${m.source}: ${name ? (safe ? html`<a href=${safe} rel="noopener" target="_blank" dir="auto">${name}</a>` : html`<span dir="auto">${name}</span>`) : m.noSource}${extra > 0 ? m.moreSources(this.fmt(extra)) : ''}
      · ${m.asOf}: ${asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? html`<time datetime=${asOf}>${this.date(asOf)}</time>` : m.noSource}
    </p>`;
  }

  #renderTable(res: Res, title: string, captionMeta: string): TemplateResult {
    const m = this.#m;
    const cols = this.#columns(res) as Col<unknown>[];
    const get = this.#getter(res);
    const n = res.n;
    const tree = res.kind === 'tree';
    const { sort, order } = this.#sorting;
    const rh = this.#rh;
    // The window: the rows the scroll box shows (+ overscan), and the focused row wherever it is.
    const per = Math.ceil(this.#vh / rh) + 1;
    const start = Math.max(0, Math.min(this._top, n - per - OVERSCAN));
    const end = Math.min(n, start + per + 2 * OVERSCAN);
    this.#drawn = end - start;
    this.#all = !start && end === n;
    const idx: number[] = [];
    const fi = Math.min(this._fi, n - 1);
    if (this.#focusIn && fi < start) idx.push(fi);
    for (let i = start; i < end; i++) idx.push(i);
    if (this.#focusIn && fi >= end) idx.push(fi);
    const items: { k: string; i: number; h?: number }[] = [];
    let next = 0;
    for (const i of idx) {
      if (i > next) items.push({ k: 's' + items.length, i: -1, h: (i - next) * rh });
      items.push({ k: String(i), i });
      next = i + 1;
    }
    if (next < n) items.push({ k: 'end', i: -1, h: (n - next) * rh });
    const fc = tree ? this._fc : Math.max(0, this._fc);
    const tab = (i: number, c: number) => (i === fi && c === fc ? 0 : -1);
    // The totals, as a row the columns can draw: the tree's figures (amount, previous year, change,
    // executed, rate), else the sum of the amounts.
    const total = tree ? { r: res.total } : { amount: res.kind === 'flat' ? res.sel.total : res.rows.reduce((s, r) => s + r.amount, 0) };
    const row = (i: number) => {
      const r = get(i);
      const t = tree ? (r as TreeItem) : undefined;
      const kids = !!t?.r.hasChildren;
      const open = kids && this.#expanded.has(pid(t!.keys));
      const name = t ? t.r.name : res.kind === 'flat' ? leaf(r as BudgetLine).name : (r as BudgetComparisonRow).name;
      return html`<tr
        part="row"
        data-i=${i}
        aria-rowindex=${i + 2}
        aria-level=${t ? t.depth + 1 : nothing}
        aria-posinset=${t ? t.pos : nothing}
        aria-setsize=${t ? t.size : nothing}
        aria-expanded=${kids ? String(open) : nothing}
        aria-busy=${open && this.#levels.get(pid(t!.keys)) === 'loading' ? 'true' : nothing}
        data-depth=${t?.depth ?? nothing}
        tabindex=${tree ? tab(i, -1) : nothing}
      >
        <th scope="row" part="cell name" data-c=${kids ? nothing : 0} tabindex=${kids ? nothing : tab(i, 0)}>
          <span class="nm"
            >${tree ? html`<span class="tw" aria-hidden="true">${kids ? (open ? '▾' : '▸') : ''}</span>` : nothing}${kids
              ? html`<button type="button" class="drill" data-drill data-c="0" tabindex=${tab(i, 0)} dir="auto">${name}<span class="sr-only"> (${m.drillHint})</span></button>`
              : html`<span class="txt" dir="auto">${name}</span>`}</span
          >
        </th>
        ${cols.slice(1).map((c, k) => html`<td part="cell" class=${c.num ? 'num amt' : ''} data-c=${k + 1} tabindex=${tab(i, k + 1)}>${c.cell(r)}</td>`)}
      </tr>`;
    };
    return html`<div class="scroll" part="scroller" @scroll=${this.#onScroll}>
      <table part="table" role=${tree ? 'treegrid' : 'grid'} aria-labelledby="cap" aria-rowcount=${n + 2} aria-busy=${this._busy ? 'true' : 'false'} data-h=${14 + cols.length * 8 - 8 + 'em'}>
        <caption id="cap" class="sr-only">${title} — ${captionMeta}</caption>
        <thead part="header">
          <tr aria-rowindex="1">
            ${cols.map((c) => {
              const on = c.id === sort;
              return html`<th scope="col" class=${c.num ? 'num' : ''} aria-sort=${on ? (order === 'asc' ? 'ascending' : 'descending') : nothing}>
                <button type="button" class="sort" data-sort=${c.id} @click=${this.#onSort}>
                  <span>${c.label}</span><span class="arrow" aria-hidden="true">${on ? (order === 'asc' ? '▲' : '▼') : '↕'}</span>
                </button>
              </th>`;
            })}
          </tr>
        </thead>
        <tbody @keydown=${this.#onKey} @click=${this.#onClick} @focusin=${this.#onFocusIn} @focusout=${this.#onFocusOut}>
          ${repeat(
            items,
            (it) => it.k,
            (it) =>
              it.h === undefined
                ? row(it.i)
                : html`<tr class="sp" aria-hidden="true" data-h=${it.h + 'px'}><td colspan=${cols.length}></td></tr>`,
          )}
        </tbody>
        <tfoot>
          <tr part="total" data-total aria-rowindex=${n + 2}>
            <th scope="row">${m.total}</th>
            ${cols.slice(1).map((c) => html`<td class=${c.num ? 'num amt' : ''}>${c.num && (tree || c.id === 'amount') ? c.cell(total) : ''}</td>`)}
          </tr>
        </tfoot>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'madang-budget-change': MadangBudgetChangeEvent;
  }
  interface DocumentEventMap {
    'madang-budget-change': MadangBudgetChangeEvent;
  }
  interface WindowEventMap {
    'madang-budget-change': MadangBudgetChangeEvent;
  }
}
