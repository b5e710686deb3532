/**
 * Amounts as people read them, shared by the budget table and the spending explainer.
 *
 * Korean compact uses 조/억/만 (Intl compact notation, `ko`): 673,300,000,000,000 → "673.3조원",
 * 125,490,900,000,000 → "125.5조원", 1,234,567,890 → "12.3억원", −300,000,000,000 → "-3,000억원"
 * (grouped inside the unit: compact notation alone would print "3000억"). One fraction digit: the figures
 * ministries publish are quoted that way ("673.3조원"); the exact figure goes next to it (hover,
 * focus, CSV). Below 10,000 won the compact form would say "1.2천원", which nobody writes, so
 * the exact figure is used. Node 20 (ICU 74+) and Chromium print the same strings.
 * English: "₩673.3T", "₩1.2B", "₩12.3K"; exact "₩673,300,000,000,000".
 */

export interface FormatAmountOptions {
  /** 조/억/만 (ko) or T/B/M/K (en) with one fraction digit. Default false: the exact figure. */
  compact?: boolean;
  /** ko only: append 원 (default true). */
  unit?: boolean;
}

const formats = new Map<string, Intl.NumberFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = locale + JSON.stringify(opts);
  let f = formats.get(id);
  if (!f) formats.set(id, (f = new Intl.NumberFormat(locale, opts)));
  return f;
}

const isKo = (lang: string) => lang.toLowerCase().startsWith('ko');

/** An amount in won: `formatBudgetAmount(673.3e12, 'ko', { compact: true })` → "673.3조원". */
export function formatBudgetAmount(won: number, lang = 'ko', opts: FormatAmountOptions = {}): string {
  if (!Number.isFinite(won)) return '';
  if (isKo(lang)) {
    const text =
      opts.compact && Math.abs(won) >= 10_000
        ? nf('ko-KR', { notation: 'compact', maximumFractionDigits: 1, useGrouping: true }).format(won)
        : nf('ko-KR', { maximumFractionDigits: 0 }).format(won);
    return opts.unit === false ? text : `${text}원`;
  }
  return opts.compact
    ? nf('en-US', { style: 'currency', currency: 'KRW', notation: 'compact', maximumFractionDigits: 1 }).format(won)
    : nf('en-US', { style: 'currency', currency: 'KRW', maximumFractionDigits: 0 }).format(won);
}

/**
 * A ratio as a percentage with one fraction digit: change (`signed`: "+12.3%", "−4.1%") or an
 * execution rate ("87.5%"). Null (no base) → "–".
 */
export function formatBudgetRatio(ratio: number | null, lang = 'ko', opts: { signed?: boolean } = {}): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  return nf(isKo(lang) ? 'ko-KR' : 'en-US', {
    style: 'percent',
    maximumFractionDigits: 1,
    minimumFractionDigits: 1,
    signDisplay: opts.signed ? 'exceptZero' : 'auto',
  }).format(ratio);
}
