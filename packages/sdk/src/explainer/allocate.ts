/**
 * Splitting a whole number of won over weighted keys so the parts add up to it exactly: the
 * largest-remainder (Hamilton) method, computed exactly.
 *
 * Each key's exact quota is amount × weight / Σ weights. Every key first gets the quota's floor;
 * the won left over (fewer than the number of keys) go one each to the keys with the largest
 * remainders. Ties, deterministically: larger remainder, then larger weight, then the order the
 * keys were given. So each part is the floor or the ceiling of its quota (within 1 won of it), a
 * key of weight 0 gets 0, and the parts sum to the amount.
 *
 * Exact: weights are finite doubles, i.e. integers times powers of two, so they are scaled to a
 * common power of two and the quotas and remainders are computed with BigInt — no rounding
 * error decides who gets a won, even for amounts and weights of hundreds of trillions of won.
 */

export interface AllocationWeight {
  key: string;
  /** Finite, ≥ 0; only proportions matter (won, shares, anything). */
  weight: number;
}

export interface Allocation {
  key: string;
  /** Whole won (or whatever unit `amount` was in). */
  amount: number;
}

const view = new DataView(new ArrayBuffer(8));

/** A finite double > 0 as mantissa × 2^exponent, both exact. */
function dyadic(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  const mantissa = (BigInt((hi & 0xfffff) + (biased ? 0x100000 : 0)) << 32n) | BigInt(view.getUint32(4));
  return [mantissa, (biased || 1) - 1075];
}

/**
 * `amount` (a whole number ≥ 0, below 2^53) split over `breakdown` in proportion to the weights,
 * in the order given. RangeError when the amount is not such a number, a weight is negative or
 * not finite, no weight is positive, or a key repeats.
 */
export function allocate(amount: number, breakdown: readonly AllocationWeight[]): Allocation[] {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`allocate: amount must be a whole number, 0 or more and below 2^53; got ${String(amount)}`);
  const keys = new Set<string>();
  const parts: [bigint, number][] = [];
  let minExp = Infinity;
  for (const { key, weight } of breakdown) {
    if (typeof key !== 'string' || keys.has(key)) throw new RangeError(`allocate: keys must be distinct strings; "${String(key)}" is not`);
    keys.add(key);
    if (typeof weight !== 'number' || !(weight >= 0) || weight === Infinity)
      throw new RangeError(`allocate: the weight of "${key}" must be a finite number ≥ 0; got ${String(weight)}`);
    const part: [bigint, number] = weight > 0 ? dyadic(weight) : [0n, 0];
    if (weight > 0 && part[1] < minExp) minExp = part[1];
    parts.push(part);
  }
  if (minExp === Infinity) throw new RangeError('allocate: at least one weight must be positive');

  const weights = parts.map(([m, e]) => (m === 0n ? 0n : m << BigInt(e - minExp)));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const total = BigInt(amount);
  let left = amount;
  const amounts: number[] = [];
  const remainders: bigint[] = [];
  for (const w of weights) {
    const p = total * w;
    const q = p / sum;
    amounts.push(Number(q));
    remainders.push(p - q * sum);
    left -= Number(q);
  }
  if (left > 0) {
    const order = weights.map((_, i) => i);
    order.sort((a, b) =>
      remainders[a] !== remainders[b]
        ? remainders[a]! > remainders[b]!
          ? -1
          : 1
        : weights[a] !== weights[b]
          ? weights[a]! > weights[b]!
            ? -1
            : 1
          : a - b,
    );
    for (let k = 0; k < left; k++) amounts[order[k]!]!++;
  }
  return breakdown.map(({ key }, i) => ({ key, amount: amounts[i]! }));
}
