/**
 * The big picture: shares of spending by field, per citizen per day, and "of every ₩1,000".
 *
 * Overlapping fields: the 12 fields of a Korean budget (12대 분야) are not a partition — in the
 * 2024 proposal they add to 660.7조 against a total expenditure of 656.9조. So shares are always
 * of the sum of the fields displayed (they add up to exactly 100%, never more), and
 * `spendingBreakdown` says when that sum exceeds the total it is given (`overlap`), for the
 * note the widget must show.
 */
import { allocate, type Allocation } from './allocate.js';

export interface SpendingRow {
  key: string;
  name: string;
  /** Won (finite, ≥ 0). */
  amount: number;
}

export interface SpendingShare extends SpendingRow {
  /**
   * amount / sumOfFields, in [0, 1]. The shares are multiples of 2^-52 given out by largest
   * remainder (`allocate`), so they add up to exactly 1 in floating point in any order (0 each
   * when every amount is 0), and each is within 2^-52 of the exact ratio.
   */
  share: number;
}

export interface SpendingBreakdown {
  /** The rows in the order given, each with its share of `sumOfFields`. */
  shares: SpendingShare[];
  /** Σ amount of the rows: the base of the shares. */
  sumOfFields: number;
  /** The total expenditure given (`opts.total`), or null. */
  total: number | null;
  /**
   * True when a total was given and the fields add up to more than it: the fields overlap (they
   * are not a partition of the total), so the shares are of the fields' sum, not of the total.
   */
  overlap: boolean;
  /** sumOfFields − total (positive when overlapping, negative when fields are missing); null without a total. */
  difference: number | null;
}

const SCALE = 2 ** 52;

/** Shares of each row in the sum of the rows, and whether the rows overlap against `opts.total`. RangeError on a negative or non-finite amount or total, or a repeated key. */
export function spendingBreakdown(rows: readonly SpendingRow[], opts: { total?: number | null } = {}): SpendingBreakdown {
  let sumOfFields = 0;
  const keys = new Set<string>();
  for (const r of rows) {
    if (keys.has(r.key)) throw new RangeError(`spendingBreakdown: keys must be distinct; "${r.key}" repeats`);
    keys.add(r.key);
    if (typeof r.amount !== 'number' || !(r.amount >= 0) || r.amount === Infinity)
      throw new RangeError(`spendingBreakdown: the amount of "${r.key}" must be a finite number ≥ 0; got ${String(r.amount)}`);
    sumOfFields += r.amount;
  }
  const total = opts.total ?? null;
  if (total !== null && (typeof total !== 'number' || !(total >= 0) || total === Infinity))
    throw new RangeError(`spendingBreakdown: total must be a finite number ≥ 0; got ${String(total)}`);
  const units =
    sumOfFields > 0 ? allocate(SCALE, rows.map((r) => ({ key: r.key, weight: r.amount }))).map((a) => a.amount) : rows.map(() => 0);
  return {
    shares: rows.map((r, i) => ({ key: r.key, name: r.name, amount: r.amount, share: units[i]! / SCALE })),
    sumOfFields,
    total,
    overlap: total !== null && sumOfFields > total,
    difference: total === null ? null : sumOfFields - total,
  };
}

/**
 * "Of every ₩1,000 …": 1,000 won split over the shares by largest remainder (`allocate`), so the
 * figures add up to exactly 1,000 (and, read as ‰, give percentages with one decimal that add
 * up to exactly 100.0%). RangeError when no share is positive.
 */
export function perThousandWon(shares: readonly { key: string; share: number }[]): Allocation[] {
  return allocate(1000, shares.map((s) => ({ key: s.key, weight: s.share })));
}

/** Days in a calendar year (= a Korean fiscal year), Gregorian rule: 366 in leap years. */
export function daysInYear(year: number): number {
  if (!Number.isInteger(year)) throw new RangeError(`daysInYear: year must be an integer; got ${String(year)}`);
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/**
 * Spending per person per day: total ÷ population ÷ days, unrounded (round when displaying).
 * Days: `opts.days` when given, else `daysInYear(opts.year)` when a year is given (366 for a
 * leap year such as 2024), else 365 (the usual convention, as in "Where Does My Money Go?").
 * RangeError on a negative or non-finite total, a population or days that is not a positive
 * integer, or both `days` and `year`.
 */
export function perCitizenPerDay(total: number, population: number, opts: { days?: number; year?: number } = {}): number {
  if (typeof total !== 'number' || !(total >= 0) || total === Infinity)
    throw new RangeError(`perCitizenPerDay: total must be a finite number ≥ 0; got ${String(total)}`);
  if (!Number.isSafeInteger(population) || population <= 0)
    throw new RangeError(`perCitizenPerDay: population must be a positive integer; got ${String(population)}`);
  if (opts.days !== undefined && opts.year !== undefined) throw new RangeError('perCitizenPerDay: give days or year, not both');
  const days = opts.days ?? (opts.year === undefined ? 365 : daysInYear(opts.year));
  if (!Number.isSafeInteger(days) || days <= 0) throw new RangeError(`perCitizenPerDay: days must be a positive integer; got ${String(days)}`);
  return total / population / days;
}
