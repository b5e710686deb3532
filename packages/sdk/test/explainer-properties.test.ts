/**
 * Properties of the explainer's arithmetic (fast-check): allocations sum to the amount, each
 * within 1 of its exact quota and given out in the stated tie-break order (checked with exact
 * BigInt rationals, independently of the module's own scaling); shares never exceed 100% in
 * total and each lies in [0, 1]; tax is monotonic in income, its effective rate never above the
 * marginal rate, and the statute's form equals the "income × rate − 누진공제" form everywhere.
 *
 *   node --import tsx --test packages/sdk/test/explainer-properties.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, estimateIncomeTax, fromTaxPaid, localIncomeTax, perThousandWon, spendingBreakdown } from '../src/explainer/index.js';

const MAX = Number.MAX_SAFE_INTEGER;
const amountArb = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100_000_000 }), fc.maxSafeNat());
/** A weight as mantissa × 2^exponent, so the test knows its exact value. */
const exactWeightArb = fc.record({
  m: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 1_000_000 }), fc.maxSafeNat()),
  e: fc.oneof(fc.constant(0), fc.integer({ min: -60, max: 60 })),
});
const exactWeightsArb = fc.array(exactWeightArb, { minLength: 1, maxLength: 15 }).filter((ws) => ws.some((w) => w.m > 0));

/** allocate's contract, checked with exact rationals: the weights are m × 2^e. */
function checkAllocation(amount: number, ws: { m: number; e: number }[]) {
  const breakdown = ws.map((w, i) => ({ key: `k${i}`, weight: w.m * 2 ** w.e }));
  const parts = allocate(amount, breakdown);
  assert.deepEqual(
    parts.map((p) => p.key),
    breakdown.map((b) => b.key),
  );
  assert.equal(
    parts.reduce((s, p) => s + p.amount, 0),
    amount,
  );
  // Exact: scaled weights w'_i = m_i × 2^(e_i − min e), Σ = W; quota_i × W = A × w'_i.
  const minE = Math.min(...ws.map((w) => w.e));
  const scaled = ws.map((w) => BigInt(w.m) << BigInt(w.e - minE));
  const W = scaled.reduce((a, b) => a + b, 0n);
  const A = BigInt(amount);
  const extra: boolean[] = [];
  const rem: bigint[] = [];
  parts.forEach((p, i) => {
    const exact = A * scaled[i]!; // quota × W
    const got = BigInt(p.amount) * W;
    const diff = got - exact;
    assert.ok(diff > -W && diff < W, `part ${i} more than 1 from its quota`);
    assert.ok(Number.isSafeInteger(p.amount) && p.amount >= 0);
    rem.push(exact % W);
    extra.push(got - (exact - (exact % W)) === W); // floor + 1
    if (scaled[i] === 0n) assert.equal(p.amount, 0);
  });
  // Every key that got the extra won ranks before every key with a remainder that did not.
  const before = (i: number, j: number) =>
    rem[i]! !== rem[j]! ? rem[i]! > rem[j]! : scaled[i]! !== scaled[j]! ? scaled[i]! > scaled[j]! : i < j;
  for (let i = 0; i < parts.length; i++)
    for (let j = 0; j < parts.length; j++) if (extra[i] && !extra[j] && rem[j]! > 0n) assert.ok(before(i, j), `tie-break: ${i} before ${j}`);
}

describe('allocate: properties', () => {
  test('sums to the amount; each part is the floor or ceiling of its exact quota; the won left over go by remainder, weight, order', () => {
    fc.assert(fc.property(amountArb, exactWeightsArb, checkAllocation), { numRuns: 1000 });
  });

  test('the same, on small amounts and small integer weights (many ties of remainder and weight)', () => {
    const small = fc.array(fc.record({ m: fc.integer({ min: 0, max: 6 }), e: fc.constant(0) }), { minLength: 1, maxLength: 8 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), small.filter((ws) => ws.some((w) => w.m > 0)), checkAllocation), { numRuns: 2000 });
  });

  test('any finite weights (doubles): sums to the amount, each within 1 of the quota', () => {
    const weightArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.array(weightArb, { minLength: 1, maxLength: 12 }).filter((ws) => ws.some((w) => w > 0)), (amount, ws) => {
        const parts = allocate(amount, ws.map((weight, i) => ({ key: `k${i}`, weight })));
        assert.equal(
          parts.reduce((s, p) => s + p.amount, 0),
          amount,
        );
        const max = Math.max(...ws);
        const sum = ws.reduce((s, w) => s + w / max, 0); // scaled to avoid overflow
        parts.forEach((p, i) => assert.ok(Math.abs(p.amount - (amount * (ws[i]! / max)) / sum) <= 1 + amount * 1e-12));
      }),
      { numRuns: 500 },
    );
  });

  test('the same input gives the same output (deterministic)', () => {
    fc.assert(
      fc.property(amountArb, exactWeightsArb, (amount, ws) => {
        const breakdown = ws.map((w, i) => ({ key: `k${i}`, weight: w.m * 2 ** w.e }));
        assert.deepEqual(allocate(amount, breakdown), allocate(amount, breakdown.map((b) => ({ ...b }))));
      }),
      { numRuns: 200 },
    );
  });
});

describe('spendingBreakdown: properties', () => {
  const rowsArb = fc.array(
    fc.oneof(fc.integer({ min: 0, max: 1e15 }), fc.double({ min: 0, max: 1e15, noNaN: true }), fc.constant(0)),
    { maxLength: 20 },
  );
  test('shares never exceed 100% in total (exactly 100% unless all zero), each in [0, 1] and ≈ amount / sum; overlap iff sum > total', () => {
    fc.assert(
      fc.property(rowsArb, fc.option(fc.integer({ min: 0, max: 2e16 }), { nil: undefined }), (amounts, total) => {
        const rows = amounts.map((amount, i) => ({ key: `f${i}`, name: `F${i}`, amount }));
        const b = spendingBreakdown(rows, { total });
        const sum = amounts.reduce((s, a) => s + a, 0);
        assert.equal(b.sumOfFields, sum);
        let shareSum = 0;
        for (const [i, s] of b.shares.entries()) {
          assert.ok(s.share >= 0 && s.share <= 1, `share ${s.share}`);
          assert.equal(s.amount, amounts[i]);
          if (sum > 0) assert.ok(Math.abs(s.share - amounts[i]! / sum) < 1e-12);
          shareSum += s.share;
        }
        // Any order of addition: the shares are multiples of 2^-52 adding up to 1.
        const reversed = [...b.shares].reverse().reduce((t, s) => t + s.share, 0);
        assert.ok(shareSum <= 1 && reversed <= 1);
        assert.equal(shareSum, sum > 0 ? 1 : 0);
        assert.equal(reversed, shareSum);
        assert.equal(b.overlap, total !== undefined && sum > total);
        assert.equal(b.total, total ?? null);
        if (sum > 0) {
          const per1000 = perThousandWon(b.shares);
          assert.equal(
            per1000.reduce((t, p) => t + p.amount, 0),
            1000,
          );
          per1000.forEach((p, i) => assert.ok(Math.abs(p.amount - (1000 * amounts[i]!) / sum) < 1 + 1e-9));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('income tax: properties', () => {
  const incomeArb = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 2_000_000_000 }), fc.maxSafeNat());
  const yearArb = fc.integer({ min: 2023, max: 2025 });
  const CONTEXT = [
    [0, 6n, 0n],
    [14_000_000, 15n, 1_260_000n],
    [50_000_000, 24n, 5_760_000n],
    [88_000_000, 35n, 15_440_000n],
    [150_000_000, 38n, 19_940_000n],
    [300_000_000, 40n, 25_940_000n],
    [500_000_000, 42n, 35_940_000n],
    [1_000_000_000, 45n, 65_940_000n],
  ] as const;

  test('monotonic non-decreasing in income (national, local, total)', () => {
    fc.assert(
      fc.property(incomeArb, incomeArb, yearArb, (x, y, year) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = estimateIncomeTax(lo, { year });
        const b = estimateIncomeTax(hi, { year });
        assert.ok(a.nationalTax <= b.nationalTax && a.localTax <= b.localTax && a.total <= b.total);
      }),
      { numRuns: 2000 },
    );
  });

  test('one more won of income adds 0 or 1 won of national tax (every marginal rate < 100%)', () => {
    fc.assert(
      fc.property(incomeArb.filter((x) => x < MAX), (x) => {
        const d = estimateIncomeTax(x + 1, { year: 2025 }).nationalTax - estimateIncomeTax(x, { year: 2025 }).nationalTax;
        assert.ok(d === 0 || d === 1, `${x}: ${d}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('effective rate ≤ marginal rate; 0 ≤ tax ≤ income; the bracket holds the income', () => {
    fc.assert(
      fc.property(incomeArb, (x) => {
        const t = estimateIncomeTax(x, { year: 2024 });
        assert.ok(t.effectiveRate >= 0 && t.effectiveRate <= t.marginalRate);
        assert.ok(t.nationalTax >= 0 && t.nationalTax <= x);
        assert.ok((x === 0 || x > t.bracket.over) && (t.bracket.upTo === null || x <= t.bracket.upTo));
        assert.equal(t.total, t.nationalTax + t.localTax);
        assert.equal(t.localTax, localIncomeTax(t.nationalTax));
      }),
      { numRuns: 2000 },
    );
  });

  test('statute form = floor(income × rate) − 누진공제 with the context table (BigInt reference)', () => {
    fc.assert(
      fc.property(incomeArb, (x) => {
        const [, pct, deduction] = [...CONTEXT].reverse().find(([over]) => x > over) ?? CONTEXT[0];
        const expected = (BigInt(x) * pct) / 100n - deduction;
        assert.equal(BigInt(estimateIncomeTax(x, { year: 2023 }).nationalTax), expected);
        assert.equal(BigInt(estimateIncomeTax(x, { year: 2023 }).localTax), expected / 10n);
      }),
      { numRuns: 3000 },
    );
  });

  test('tax paid: total = national + floor(10%) = floor(national × 1.1)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 100_000_000 }), fc.maxSafeNat()), (n) => {
        const expected = (BigInt(n) * 11n) / 10n;
        if (expected > BigInt(MAX)) return void assert.throws(() => fromTaxPaid(n), /below 2\^53/);
        const r = fromTaxPaid(n);
        assert.equal(BigInt(r.total), expected);
        assert.equal(r.localTax, Math.floor(n / 10));
      }),
      { numRuns: 1000 },
    );
  });
});
