/**
 * Allocation (largest remainder) and the big picture (`@madang/sdk/explainer`) on hand-checked
 * cases, the 12 fields of the background facts, and the real dataset the demo loads
 * (examples/data: the 2024 proposal by field in 억원, overlapping: 660.73조 against 656.9조).
 *
 *   node --import tsx --test packages/sdk/test/explainer-spending.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBudgetEngine } from '../src/budget/index.js';
import { parseBudgetCsv } from '../src/budget/csv.js';
import { allocate, daysInYear, perCitizenPerDay, perThousandWon, spendingBreakdown, type AllocationWeight } from '../src/explainer/index.js';

const amounts = (a: { amount: number }[]) => a.map((x) => x.amount);
const w = (...weights: number[]): AllocationWeight[] => weights.map((weight, i) => ({ key: String.fromCharCode(97 + i), weight }));

/** context.md, "Korean budget structure": the 2024 proposal by field, 조원 (Yonhap, 2023-08-29). */
const FIELDS_2024: [string, number][] = [
  ['보건·복지·고용', 242.8],
  ['교육', 89.6],
  ['문화·체육·관광', 8.73],
  ['환경', 12.5],
  ['연구개발(R&D)', 25.9],
  ['산업·중소기업·에너지', 27.2],
  ['사회간접자본(SOC)', 26.1],
  ['농림·수산·식품', 25.3],
  ['국방', 59.5],
  ['외교·통일', 7.6],
  ['공공질서·안전', 24.3],
  ['일반·지방행정', 111.2],
];
/** Of every ₩1,000, by field in the order above: hand-checked largest remainder (quotas 367.47, 135.61, 13.21, 18.92 …). */
const PER_1000_2024 = [367, 136, 13, 19, 39, 41, 40, 38, 90, 12, 37, 168];

describe('allocate', () => {
  test('sums exactly; equal remainders and weights go in the order given', () => {
    assert.deepEqual(allocate(10, w(1, 1, 1)), [
      { key: 'a', amount: 4 },
      { key: 'b', amount: 3 },
      { key: 'c', amount: 3 },
    ]);
    assert.deepEqual(amounts(allocate(1, w(2, 2))), [1, 0]);
    assert.deepEqual(amounts(allocate(1, [{ key: 'b', weight: 2 }, { key: 'a', weight: 2 }])), [1, 0]);
  });

  test('tie-break: larger remainder first, then larger weight, then order', () => {
    // quotas 0.25, 0.75: the larger remainder wins whatever the order.
    assert.deepEqual(amounts(allocate(1, w(1, 3))), [0, 1]);
    assert.deepEqual(amounts(allocate(1, w(3, 1))), [1, 0]);
    // quotas 0.5, 1.5: equal remainders, the larger weight wins.
    assert.deepEqual(amounts(allocate(2, w(1, 3))), [0, 2]);
    assert.deepEqual(amounts(allocate(2, w(3, 1))), [2, 0]);
    // quotas 1/3 each … 7 over 3: floors 2, one left, equal everything → first.
    assert.deepEqual(amounts(allocate(7, w(5, 5, 5))), [3, 2, 2]);
  });

  test('weight 0 gets 0; amount 0 gives zeros', () => {
    assert.deepEqual(amounts(allocate(5, w(0, 1, 0))), [0, 5, 0]);
    assert.deepEqual(amounts(allocate(0, w(1, 2, 3))), [0, 0, 0]);
    assert.deepEqual(amounts(allocate(3, w(0, -0, 1e-300))), [0, 0, 3]);
  });

  test('exact with fractional, tiny and huge weights', () => {
    assert.deepEqual(amounts(allocate(100, w(0.1, 0.2, 0.7))), [10, 20, 70]);
    assert.deepEqual(amounts(allocate(1000, w(5e-324, 1))), [0, 1000]);
    assert.deepEqual(amounts(allocate(1000, w(5e-324, 1e-323))), [333, 667]);
    assert.deepEqual(amounts(allocate(3, w(Number.MAX_VALUE, Number.MAX_VALUE))), [2, 1]);
    // 2^53 − 1 over 3 equal weights: exact quotas 3,002,399,751,580,330.33…
    assert.deepEqual(amounts(allocate(Number.MAX_SAFE_INTEGER, w(7, 7, 7))), [3_002_399_751_580_331, 3_002_399_751_580_330, 3_002_399_751_580_330]);
  });

  test('a tax receipt over the 2024 fields (won weights): sums to the tax', () => {
    const weights = FIELDS_2024.map(([key, tr]) => ({ key, weight: Math.round(tr * 1e4) * 1e8 }));
    const parts = allocate(12_280_000, weights);
    assert.equal(amounts(parts).reduce((s, a) => s + a, 0), 12_280_000);
    // Checked with exact fractions (Python's fractions.Fraction): quotas 4,512,560.35, 1,665,261.15,
    // 162,251.45, 232,318.80, 481,364.55, 505,525.71, 485,081.65, 470,213.25, 1,105,837.48,
    // 141,249.83, 451,627.75, 2,066,708.04; the floors leave 6 won, which go to the six largest
    // remainders (.83, .80, .75, .71, .65, .55).
    assert.deepEqual(amounts(parts), [
      4_512_560, 1_665_261, 162_251, 232_319, 481_365, 505_526, 485_082, 470_213, 1_105_837, 141_250, 451_628, 2_066_708,
    ]);
  });

  test('RangeError: bad amount, bad weight, no positive weight, repeated key', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, 2 ** 53]) assert.throws(() => allocate(bad, w(1)), /allocate: amount/);
    for (const bad of [-1, Number.NaN, Infinity, -Infinity, '1' as unknown as number]) assert.throws(() => allocate(1, w(1, bad)), /allocate: the weight of "b"/);
    assert.throws(() => allocate(1, []), /at least one weight must be positive/);
    assert.throws(() => allocate(1, w(0, 0)), /at least one weight must be positive/);
    assert.throws(() => allocate(1, [{ key: 'a', weight: 1 }, { key: 'a', weight: 2 }]), /distinct/);
    assert.throws(() => allocate(1, w(0, 0)), RangeError);
  });
});

describe('spendingBreakdown: overlapping fields', () => {
  test('the 12 fields of context.md (조원): shares of their sum, exactly 100%, overlap flagged against 656.9', () => {
    const rows = FIELDS_2024.map(([name, amount]) => ({ key: name, name, amount }));
    const b = spendingBreakdown(rows, { total: 656.9 });
    assert.ok(Math.abs(b.sumOfFields - 660.73) < 1e-9);
    assert.equal(b.total, 656.9);
    assert.equal(b.overlap, true);
    assert.ok(Math.abs(b.difference! - 3.83) < 1e-9);
    assert.equal(b.shares.reduce((s, r) => s + r.share, 0), 1);
    for (const [i, r] of b.shares.entries()) {
      assert.ok(r.share >= 0 && r.share <= 1);
      assert.ok(Math.abs(r.share - FIELDS_2024[i]![1] / 660.73) < 1e-12);
      assert.equal(r.name, FIELDS_2024[i]![0]);
    }
    // Against the total instead, they would add to 100.58%: what must never be shown.
    assert.ok(b.sumOfFields / 656.9 > 1.0058);
    assert.deepEqual(amounts(perThousandWon(b.shares)), PER_1000_2024);
  });

  test('the real dataset of the demo (examples/data, 억원 → won) through the budget engine', () => {
    const read = (f: string) => {
      const r = parseBudgetCsv(readFileSync(new URL(`../../../examples/data/${f}`, import.meta.url)));
      assert.ok('lines' in r, JSON.stringify(r));
      return r.lines;
    };
    const view = createBudgetEngine(read('budget-2024-proposal-by-field.csv')).view({ year: 2024, phase: 'proposed', sort: 'name' });
    const total = createBudgetEngine(read('total-expenditure-2024-2025.csv')).view({ year: 2024, phase: 'proposed' }).total.amount;
    assert.equal(total, 656_900_000_000_000);
    assert.equal(view.rows.length, 12);

    const b = spendingBreakdown(view.rows, { total });
    assert.equal(b.sumOfFields, 660_730_000_000_000);
    assert.equal(b.sumOfFields, view.total.amount);
    assert.equal(b.overlap, true);
    assert.equal(b.difference, 3_830_000_000_000);
    assert.equal(b.shares.reduce((s, r) => s + r.share, 0), 1);
    const byName = new Map(b.shares.map((s) => [s.name, s]));
    assert.equal(byName.get('보건·복지·고용')!.amount, 242_800_000_000_000);
    const per1000 = new Map(perThousandWon(b.shares).map((a) => [a.key, a.amount]));
    assert.deepEqual(
      FIELDS_2024.map(([name]) => per1000.get(view.rows.find((r) => r.name === name)!.key)),
      PER_1000_2024,
    );
  });

  test('without a total: no overlap claim; with fewer fields than the total: negative difference', () => {
    const rows = [
      { key: 'a', name: 'A', amount: 30 },
      { key: 'b', name: 'B', amount: 10 },
    ];
    assert.deepEqual(spendingBreakdown(rows), {
      shares: [
        { key: 'a', name: 'A', amount: 30, share: 0.75 },
        { key: 'b', name: 'B', amount: 10, share: 0.25 },
      ],
      sumOfFields: 40,
      total: null,
      overlap: false,
      difference: null,
    });
    const partial = spendingBreakdown(rows, { total: 100 });
    assert.equal(partial.overlap, false);
    assert.equal(partial.difference, -60);
    assert.deepEqual(
      partial.shares.map((s) => s.share),
      [0.75, 0.25],
    );
    assert.equal(spendingBreakdown(rows, { total: 40 }).overlap, false); // equal is no overlap
  });

  test('no rows, or all zero: shares 0 (and no "of every ₩1,000")', () => {
    assert.deepEqual(spendingBreakdown([]), { shares: [], sumOfFields: 0, total: null, overlap: false, difference: null });
    const zero = spendingBreakdown([{ key: 'a', name: 'A', amount: 0 }], { total: 0 });
    assert.deepEqual(zero.shares.map((s) => s.share), [0]);
    assert.throws(() => perThousandWon(zero.shares), RangeError);
  });

  test('RangeError: negative or non-finite amounts or total, repeated keys', () => {
    for (const bad of [-1, Number.NaN, Infinity]) {
      assert.throws(() => spendingBreakdown([{ key: 'a', name: 'A', amount: bad }]), /spendingBreakdown: the amount of "a"/);
      assert.throws(() => spendingBreakdown([{ key: 'a', name: 'A', amount: 1 }], { total: bad }), /spendingBreakdown: total/);
    }
    assert.throws(() => spendingBreakdown([{ key: 'a', name: 'A', amount: 1 }, { key: 'a', name: 'B', amount: 1 }]), /distinct/);
  });
});

describe('per citizen per day', () => {
  test('total ÷ population ÷ 365 by default; 366 for a leap year given; or days', () => {
    assert.equal(perCitizenPerDay(365_000, 1), 1000);
    assert.equal(perCitizenPerDay(730_000_000, 1000), 2000);
    assert.equal(perCitizenPerDay(366_000, 1, { year: 2024 }), 1000);
    assert.equal(perCitizenPerDay(365_000, 1, { year: 2025 }), 1000);
    assert.equal(perCitizenPerDay(360_000, 2, { days: 360 }), 500);
    // 656.9조 for an illustrative 50,000,000 people: ₩35,994.52… a day.
    assert.ok(Math.abs(perCitizenPerDay(656.9e12, 50_000_000) - 35_994.520547945) < 1e-6);
  });

  test('the Gregorian leap-year rule', () => {
    assert.deepEqual([2023, 2024, 2025, 1900, 2000, 2100].map(daysInYear), [365, 366, 365, 365, 366, 365]);
  });

  test('RangeError: bad total, population, days, or both days and year', () => {
    assert.throws(() => perCitizenPerDay(-1, 1), /total/);
    assert.throws(() => perCitizenPerDay(Number.NaN, 1), /total/);
    for (const bad of [0, -5, 1.5, Number.NaN]) assert.throws(() => perCitizenPerDay(1, bad), /population/);
    for (const bad of [0, 1.5, -1]) assert.throws(() => perCitizenPerDay(1, 1, { days: bad }), /days/);
    assert.throws(() => perCitizenPerDay(1, 1, { days: 365, year: 2024 }), /not both/);
    assert.throws(() => perCitizenPerDay(1, 1, { year: 2024.5 }), RangeError);
  });
});
