/**
 * Korean personal income tax for the spending explainer's tax receipt: national income tax
 * (종합소득세 산출세액) from taxable income (과세표준) with the rates of 소득세법 §55①, and local
 * income tax (개인지방소득세) at 10% of it. Pure and synchronous: the income never leaves the
 * caller (no I/O here at all).
 *
 * The table: §55① as amended on 2022-12-31, which applies to income earned from 2023-01-01
 * (the amendment that moved the 6% band's top from 12 to 14 million and the 15% band's top from
 * 46 to 50 million won) and is still the text in force on 2025-01-01 (the project's background
 * facts). So income years 2023 to 2025 are supported; any other year is a RangeError, never a
 * guess. Before 2023 the bands were different and are not carried here. A later year can be added
 * only after checking the statute in force for it.
 *
 * The statute states each band as "the tax at the band's floor + rate × the excess", e.g.
 * "1,400만원 초과 5,000만원 이하: 84만원 + (1,400만원을 초과하는 금액의 100분의 15)"; the
 * familiar "income × rate − 누진공제" form is the same function. Both are here (`base` and
 * `deduction` of each bracket) and the tests check they agree everywhere and at every boundary.
 *
 * Rounding, stated once: amounts are whole won. National tax = floor(statute formula) — the
 * fraction of a won that rate × income leaves (at 14,000,001: 840,000 + 1 × 15% = 840,000.15) is dropped, as
 * tax authorities truncate below the won, never round up against the taxpayer. Local income tax
 * = floor(national tax × 10%), which equals the tax of 지방세법's own table (the same bands at a
 * tenth of the rates and deductions) because every deduction is a multiple of 10 won. What is
 * actually collected may further drop amounts below 10 won; an estimate shows the computed tax.
 * All arithmetic is exact on integers below 2^53 (no floating-point products).
 */

/** One band of §55①. Income in (over, upTo] is taxed at `base + (income − over) × rate`. */
export interface IncomeTaxBracket {
  /** 1 … 8, from the lowest band. */
  index: number;
  /** Lower bound, exclusive (0 for the first band, which also holds an income of 0). Won. */
  over: number;
  /** Upper bound, inclusive; null for the top band. Won. */
  upTo: number | null;
  /** The rate as a fraction: 0.06 … 0.45. */
  rate: number;
  /** The statute's tax at `over` (84만원, 624만원 …). Won. */
  base: number;
  /** 누진공제: tax = income × rate − deduction. Won. */
  deduction: number;
}

/** Income years whose brackets this module carries (inclusive). */
export const INCOME_TAX_YEARS = { from: 2023, to: 2025 } as const;

// [over, rate in percent, the statute's base at `over`] — 소득세법 §55① (2023-01-01 onward).
const TABLE: readonly (readonly [number, number, number])[] = [
  [0, 6, 0],
  [14_000_000, 15, 840_000],
  [50_000_000, 24, 6_240_000],
  [88_000_000, 35, 15_360_000],
  [150_000_000, 38, 37_060_000],
  [300_000_000, 40, 94_060_000],
  [500_000_000, 42, 174_060_000],
  [1_000_000_000, 45, 384_060_000],
];

/** The eight bands of §55① for income years 2023–2025 (frozen: estimates share these objects). */
export const INCOME_TAX_BRACKETS: readonly Readonly<IncomeTaxBracket>[] = Object.freeze(
  TABLE.map(([over, pct, base], i) =>
    Object.freeze({ index: i + 1, over, upTo: TABLE[i + 1]?.[0] ?? null, rate: pct / 100, base, deduction: (over / 100) * pct - base }),
  ),
);

/** `x × pct / 100`, floored, exact for integers 0 ≤ x < 2^53 (x × pct itself may not be). */
function percentOf(x: number, pct: number): number {
  const cents = x % 100;
  return ((x - cents) / 100) * pct + Math.floor((cents * pct) / 100);
}

function wholeWon(value: number, what: string, fn: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${fn}: ${what} must be a whole number of won, 0 or more and below 2^53; got ${String(value)}`);
  return value + 0; // -0 → 0
}

export interface IncomeTaxEstimate {
  /** The income year asked for. */
  year: number;
  /** The first income year the brackets apply to (2023): what "brackets of year …" shows. */
  bracketsYear: number;
  /** 과세표준, won. */
  taxableIncome: number;
  /** National income tax (산출세액), won, floored. */
  nationalTax: number;
  /** Local income tax (지방소득세) = floor(nationalTax / 10), won. */
  localTax: number;
  /** nationalTax + localTax. */
  total: number;
  /** The statutory rate of the income's band (national tax only): 0.06 … 0.45. */
  marginalRate: number;
  /** nationalTax / taxableIncome (0 for an income of 0). Never above `marginalRate`. */
  effectiveRate: number;
  bracket: Readonly<IncomeTaxBracket>;
}

/** The bracket holding a taxable income (in (over, upTo]; 0 is in the first). */
export function incomeTaxBracket(taxableIncome: number): Readonly<IncomeTaxBracket> {
  const income = wholeWon(taxableIncome, 'taxableIncome', 'incomeTaxBracket');
  let i = TABLE.length - 1;
  while (i > 0 && income <= TABLE[i]![0]) i--;
  return INCOME_TAX_BRACKETS[i]!;
}

/**
 * National and local income tax on a taxable income (과세표준, whole won) for an income year
 * (2023–2025). Left out, by design: deductions before 과세표준, tax credits (세액공제) and
 * reductions, which turn 산출세액 into 결정세액 — for the tax actually paid use
 * `taxReceiptBase({ kind: 'paid', … })`. Throws RangeError for an income that is not a whole,
 * non-negative, safe number of won, or a year outside `INCOME_TAX_YEARS`.
 */
export function estimateIncomeTax(taxableIncome: number, { year }: { year: number }): IncomeTaxEstimate {
  const income = wholeWon(taxableIncome, 'taxableIncome', 'estimateIncomeTax');
  if (!Number.isInteger(year) || year < INCOME_TAX_YEARS.from || year > INCOME_TAX_YEARS.to)
    throw new RangeError(
      `estimateIncomeTax: income year ${String(year)} is not supported; the brackets of 소득세법 §55① carried here apply to income years ${INCOME_TAX_YEARS.from}–${INCOME_TAX_YEARS.to}`,
    );
  const bracket = incomeTaxBracket(income);
  const nationalTax = bracket.base + percentOf(income - bracket.over, bracket.rate * 100);
  const localTax = localIncomeTax(nationalTax);
  return {
    year,
    bracketsYear: INCOME_TAX_YEARS.from,
    taxableIncome: income,
    nationalTax,
    localTax,
    total: nationalTax + localTax,
    marginalRate: bracket.rate,
    effectiveRate: income === 0 ? 0 : nationalTax / income,
    bracket,
  };
}

/** Local income tax (지방소득세) on a national income tax: floor(10%), won. RangeError unless whole won ≥ 0. */
export function localIncomeTax(nationalTax: number): number {
  const tax = wholeWon(nationalTax, 'nationalTax', 'localIncomeTax');
  return (tax - (tax % 10)) / 10;
}

/**
 * What the receipt starts from. `paid`: the 결정세액 of the year-end settlement (the accurate
 * way); `localTax` when the citizen enters it too, else computed as 10% of `nationalTax`.
 * `income`: an estimate from 과세표준 with `estimateIncomeTax`.
 */
export type TaxReceiptInput =
  | { kind: 'paid'; nationalTax: number; localTax?: number | null }
  | { kind: 'income'; taxableIncome: number; year: number };

export interface TaxReceiptBase {
  kind: 'paid' | 'income';
  /**
   * National income tax, won. This is the part that goes to the national treasury, so it is
   * the amount to spread over the national budget's fields: `allocate(base.nationalTax, …)`.
   */
  nationalTax: number;
  /**
   * Local income tax, won. It funds the citizen's local government, not the national budget:
   * show it beside the national receipt rather than spreading it over national fields.
   */
  localTax: number;
  /** nationalTax + localTax. */
  total: number;
  /** True when `localTax` was computed (10% of nationalTax), false when the citizen entered it. */
  localTaxComputed: boolean;
  /** The estimate's details for `kind: 'income'`, else null. */
  estimate: IncomeTaxEstimate | null;
}

/** The receipt's amounts from either input; RangeError on a bad amount or year, or a total of 2^53 won or more. */
export function taxReceiptBase(input: TaxReceiptInput): TaxReceiptBase {
  if (input.kind === 'income') {
    const estimate = estimateIncomeTax(input.taxableIncome, { year: input.year });
    const { nationalTax, localTax, total } = estimate;
    return { kind: 'income', nationalTax, localTax, total, localTaxComputed: true, estimate };
  }
  if (input.kind !== 'paid') throw new RangeError(`taxReceiptBase: kind must be 'paid' or 'income'; got ${String((input as { kind: unknown }).kind)}`);
  const nationalTax = wholeWon(input.nationalTax, 'nationalTax', 'taxReceiptBase');
  const entered = input.localTax !== undefined && input.localTax !== null;
  const localTax = entered ? wholeWon(input.localTax!, 'localTax', 'taxReceiptBase') : localIncomeTax(nationalTax);
  const total = nationalTax + localTax;
  if (!Number.isSafeInteger(total)) throw new RangeError(`taxReceiptBase: nationalTax + localTax must be below 2^53 won; got ${total}`);
  return { kind: 'paid', nationalTax, localTax, total, localTaxComputed: !entered, estimate: null };
}

/** Shorthand for `taxReceiptBase({ kind: 'paid', nationalTax: decidedTax, localTax })`. */
export function fromTaxPaid(decidedTax: number, localTax?: number | null): TaxReceiptBase {
  return taxReceiptBase({ kind: 'paid', nationalTax: decidedTax, localTax });
}
