/**
 * The base of every Madang element, without the SDK's HTTP client (element.ts adds it), so an
 * element that loads the client lazily (<madang-budget-table>) keeps it out of its static
 * bundle. It keeps what every element does the same way:
 * - the UI language: the element's own `lang`, else the nearest ancestor's, followed live
 *   (shared/lang.ts), resolved before every render;
 * - `data-state`: the element's `state`, reflected before every render;
 * - the load in flight (a generation counter and its AbortController), dropped on removal;
 * - localized site texts and number and date formatting.
 * Each element keeps its own attributes (declared on it, so custom-elements.json lists them),
 * states, events and rendering.
 */
import { LitElement, type PropertyValues } from 'lit';
import type { LocalizedText } from '@madang/contracts';
import { resolveLang, watchLang, type Lang } from './lang.js';
import { locales } from './messages.js';

/** The formatters every element has; each element adds its own (percent, date and time, …). */
export interface Formats {
  number: Intl.NumberFormat;
  date: Intl.DateTimeFormat;
}

/** An element's Intl formatters per UI language, made on first use and shared by its instances. */
export function formatsByLang<F extends Formats>(make: (locale: string) => F): (lang: Lang) => F {
  const made: Partial<Record<Lang, F>> = {};
  return (lang) => (made[lang] ??= make(locales[lang]));
}

/**
 * An element's strings: Korean in its static bundle (the default), English imported the first
 * time an element on the page is in English. `get` returns undefined while English is on its
 * way and calls `arrived` when it is here; if the import fails the element stays in Korean.
 */
export function lazyEnglish<M>(ko: M, importEn: () => Promise<{ en: M }>) {
  let en: M | undefined;
  let loading: Promise<unknown> | undefined;
  return {
    ko,
    get(lang: Lang, arrived: () => void): M | undefined {
      if (lang !== 'en') return ko;
      if (en) return en;
      loading ??= importEn().then(
        (x) => (en = x.en),
        (e: unknown) => {
          console.error('Madang: the English strings could not be loaded', e);
          en = ko;
        },
      );
      void loading.then(arrived);
      return undefined;
    },
  };
}

export abstract class MadangBaseElement extends LitElement {
  /** Base URL of the Madang API (each element declares the attribute). */
  declare api: string | undefined;
  /** The site's publishable key (each element declares the attribute). */
  declare siteKey: string | undefined;

  /** The current state; also reflected as the `data-state` attribute. */
  abstract get state(): string;

  /** The UI language, refreshed before every render (see willUpdate). */
  protected uiLang: Lang = 'ko';
  /** The element's formatters in the UI language. */
  protected abstract get formats(): Formats;
  /** Bumped by every load: an answer for an older generation is dropped. */
  protected loadGeneration = 0;
  protected loadAbort?: AbortController;
  private unwatchLang?: () => void;

  /** `lang` is a global attribute: observed (not a Lit property) so the native accessor stays. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null) {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback() {
    super.connectedCallback();
    this.unwatchLang = watchLang({ langChanged: () => this.requestUpdate() });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.unwatchLang?.();
    this.unwatchLang = undefined;
  }

  /**
   * Before every render: the UI language, then `configure` (the element starts what changed
   * attributes ask for; starting here folds its synchronous reset into this same render), then
   * `data-state`.
   */
  protected override willUpdate(changed: PropertyValues<this>) {
    this.uiLang = resolveLang(this);
    this.configure(changed);
    const state = this.state;
    if (this.getAttribute('data-state') !== state) this.setAttribute('data-state', state);
  }

  protected abstract configure(changed: PropertyValues<this>): void;

  /** Removed while loading: drops the requests (and their answers). True when a load was in flight. */
  protected dropLoad(): boolean {
    if (!this.loadAbort) return false;
    this.loadGeneration++;
    this.loadAbort.abort();
    this.loadAbort = undefined;
    return true;
  }

  protected fmt(n: number): string {
    return this.formats.number.format(n);
  }

  protected date(iso: string): string {
    return this.formats.date.format(new Date(iso));
  }

  /** A localized text in the UI language, with the `lang` of the text actually shown. */
  protected text(t: LocalizedText | null | undefined): { value: string; lang?: string } {
    if (!t) return { value: '' };
    if (this.uiLang === 'en') return t.en ? { value: t.en } : { value: t.ko, lang: 'ko' };
    return { value: t.ko };
  }
}
