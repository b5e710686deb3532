/**
 * The tax receipt's arithmetic (`@madang/sdk/explainer`): 소득세법 §55① for income years
 * 2023–2025 and local income tax at 10%. Every expected figure is written out literally,
 * computed by hand from the statute's wording ("84만원 + 1,400만원을 초과하는 금액의 15%" …) and
 * floored to the won, so the module's table is checked against figures it did not produce.
 *
 *   node --import tsx --test packages/sdk/test/explainer-tax.test.ts
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INCOME_TAX_BRACKETS,
  INCOME_TAX_YEARS,
  estimateIncomeTax,
  fromTaxPaid,
  incomeTaxBracket,
  localIncomeTax,
  taxReceiptBase,
} from '../src/explainer/index.js';

const tax = (income: number, year = 2025) => estimateIncomeTax(income, { year });

/** The table of the project's background facts (context.md), as printed there. */
const CONTEXT_TABLE = [
  // upTo (inclusive), rate, 누진공제
  [14_000_000, 0.06, 0],
  [50_000_000, 0.15, 1_260_000],
  [88_000_000, 0.24, 5_760_000],
  [150_000_000, 0.35, 15_440_000],
  [300_000_000, 0.38, 19_940_000],
  [500_000_000, 0.4, 25_940_000],
  [1_000_000_000, 0.42, 35_940_000],
  [null, 0.45, 65_940_000],
] as const;

describe('the §55① table', () => {
  test('eight bands with the bounds, rates and 누진공제 of the statute', () => {
    assert.equal(INCOME_TAX_BRACKETS.length, 8);
    INCOME_TAX_BRACKETS.forEach((b, i) => {
      const [upTo, rate, deduction] = CONTEXT_TABLE[i]!;
      assert.equal(b.index, i + 1);
      assert.equal(b.over, i === 0 ? 0 : CONTEXT_TABLE[i - 1]![0]);
      assert.equal(b.upTo, upTo);
      assert.equal(b.rate, rate);
      assert.equal(b.deduction, deduction, `누진공제 of band ${i + 1}`);
    });
  });

  test("the statute's cumulative amounts at the bands' floors", () => {
    assert.deepEqual(
      INCOME_TAX_BRACKETS.map((b) => b.base),
      [0, 840_000, 6_240_000, 15_360_000, 37_060_000, 94_060_000, 174_060_000, 384_060_000],
    );
  });

  test('supported income years: 2023–2025', () => {
    assert.deepEqual(INCOME_TAX_YEARS, { from: 2023, to: 2025 });
  });
});

describe('estimateIncomeTax: cumulative amounts at the tops of the bands (the statute)', () => {
  const cases: [number, number, string][] = [
    [14_000_000, 840_000, '84만'],
    [50_000_000, 6_240_000, '624만'],
    [88_000_000, 15_360_000, '1,536만'],
    [150_000_000, 37_060_000, '3,706만'],
    [300_000_000, 94_060_000, '9,406만'],
    [500_000_000, 174_060_000, '1억 7,406만'],
    [1_000_000_000, 384_060_000, '3억 8,406만'],
  ];
  for (const [income, national, label] of cases)
    test(`${income.toLocaleString('en')} → ${label} (${national.toLocaleString('en')})`, () => {
      assert.equal(tax(income).nationalTax, national);
    });
});

describe('estimateIncomeTax: every band boundary (B − 1, B, B + 1)', () => {
  // [income, national tax (floored), band]; the fractions dropped are shown in comments.
  const cases: [number, number, number][] = [
    [0, 0, 1],
    [1, 0, 1], // 0.06
    [16, 0, 1], // 0.96
    [17, 1, 1], // 1.02
    [13_999_999, 839_999, 1], // 839,999.94
    [14_000_000, 840_000, 1],
    [14_000_001, 840_000, 2], // 840,000.15
    [14_000_007, 840_001, 2], // 840,001.05
    [49_999_999, 6_239_999, 2], // 6,239,999.85
    [50_000_000, 6_240_000, 2],
    [50_000_001, 6_240_000, 3], // 6,240,000.24
    [87_999_999, 15_359_999, 3], // 15,359,999.76
    [88_000_000, 15_360_000, 3],
    [88_000_001, 15_360_000, 4], // 15,360,000.35
    [149_999_999, 37_059_999, 4], // 37,059,999.65
    [150_000_000, 37_060_000, 4],
    [150_000_001, 37_060_000, 5], // 37,060,000.38
    [299_999_999, 94_059_999, 5], // 94,059,999.62
    [300_000_000, 94_060_000, 5],
    [300_000_001, 94_060_000, 6], // 94,060,000.40
    [499_999_999, 174_059_999, 6], // 174,059,999.60
    [500_000_000, 174_060_000, 6],
    [500_000_001, 174_060_000, 7], // 174,060,000.42
    [999_999_999, 384_059_999, 7], // 384,059,999.58
    [1_000_000_000, 384_060_000, 7],
    [1_000_000_001, 384_060_000, 8], // 384,060,000.45
    [1_000_000_003, 384_060_001, 8], // 384,060,001.35
    [2_000_000_000, 834_060_000, 8],
  ];
  for (const [income, national, band] of cases)
    test(`${income.toLocaleString('en')} → ${national.toLocaleString('en')} in band ${band}`, () => {
      const t = tax(income);
      assert.equal(t.nationalTax, national);
      assert.equal(t.bracket.index, band);
      assert.equal(incomeTaxBracket(income).index, band);
      assert.equal(t.marginalRate, CONTEXT_TABLE[band - 1]![1]);
      assert.equal(t.localTax, Math.floor(national / 10));
      assert.equal(t.total, national + t.localTax);
    });
});

describe('continuity: the formulas of adjacent bands agree at their boundary', () => {
  for (let i = 0; i < 7; i++) {
    const lo = INCOME_TAX_BRACKETS[i]!;
    const hi = INCOME_TAX_BRACKETS[i + 1]!;
    const B = hi.over;
    test(`at ${B.toLocaleString('en')} (bands ${i + 1} and ${i + 2})`, () => {
      assert.equal(lo.upTo, B);
      // 누진공제 form, with the context table's literals: income × rate − deduction (exact: B is a multiple of 10⁶).
      const [, rLo, dLo] = CONTEXT_TABLE[i]!;
      const [, rHi, dHi] = CONTEXT_TABLE[i + 1]!;
      assert.equal(Math.round(B * rLo) - dLo, Math.round(B * rHi) - dHi);
      // Statute form: base + rate × excess.
      assert.equal(lo.base + Math.round((B - lo.over) * lo.rate), hi.base);
      assert.equal(hi.base + Math.round((B - hi.over) * hi.rate), hi.base);
      assert.equal(tax(B).nationalTax, hi.base);
    });
  }
});

describe('rounding: floor to the won, stated', () => {
  test('national tax drops the fraction of a won, even above .5', () => {
    assert.equal(tax(13_999_999).nationalTax, 839_999); // 839,999.94, not 840,000
    assert.equal(tax(999_999_999).nationalTax, 384_059_999); // .58
    assert.equal(tax(14_000_003).nationalTax, 840_000); // .45
  });
  test('local income tax = floor(10%) of the national tax', () => {
    assert.equal(localIncomeTax(839_999), 83_999); // 83,999.9
    assert.equal(localIncomeTax(9), 0);
    assert.equal(localIncomeTax(10), 1);
    assert.equal(localIncomeTax(0), 0);
    assert.equal(tax(13_999_999).localTax, 83_999);
    assert.equal(tax(13_999_999).total, 923_998);
  });
  test('exact near 2^53 (no floating-point product)', () => {
    const income = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991
    // 384,060,000 + floor(9,007,198,254,740,991 × 0.45) = 384,060,000 + 4,053,239,214,633,445 (…445.95)
    assert.equal(tax(income).nationalTax, 4_053_239_598_693_445);
    assert.equal(localIncomeTax(Number.MAX_SAFE_INTEGER), 900_719_925_474_099);
  });
});

describe('the worked example and the receipt base', () => {
  test('PwC: income tax 12,280,000 → local income tax 1,228,000', () => {
    assert.equal(localIncomeTax(12_280_000), 1_228_000);
  });

  test('paid (결정세액), national only: local computed at 10%, total = × 1.1', () => {
    const expected = { kind: 'paid', nationalTax: 12_280_000, localTax: 1_228_000, total: 13_508_000, localTaxComputed: true, estimate: null };
    assert.deepEqual(taxReceiptBase({ kind: 'paid', nationalTax: 12_280_000 }), expected);
    assert.deepEqual(fromTaxPaid(12_280_000), expected);
    assert.deepEqual(fromTaxPaid(12_280_000, null), expected);
  });

  test('paid, with the local tax entered: kept as entered', () => {
    const expected = { kind: 'paid', nationalTax: 12_280_000, localTax: 1_230_000, total: 13_510_000, localTaxComputed: false, estimate: null };
    assert.deepEqual(taxReceiptBase({ kind: 'paid', nationalTax: 12_280_000, localTax: 1_230_000 }), expected);
    assert.deepEqual(fromTaxPaid(12_280_000, 1_230_000), expected);
    assert.equal(fromTaxPaid(0, 0).total, 0);
  });

  test('income (과세표준): the estimate', () => {
    const base = taxReceiptBase({ kind: 'income', taxableIncome: 42_000_000, year: 2024 });
    // 840,000 + 28,000,000 × 15% = 5,040,000; local 504,000.
    assert.deepEqual(
      { ...base, estimate: null },
      { kind: 'income', nationalTax: 5_040_000, localTax: 504_000, total: 5_544_000, localTaxComputed: true, estimate: null },
    );
    assert.deepEqual(base.estimate, tax(42_000_000, 2024));
    assert.deepEqual(tax(42_000_000, 2024), {
      year: 2024,
      bracketsYear: 2023,
      taxableIncome: 42_000_000,
      nationalTax: 5_040_000,
      localTax: 504_000,
      total: 5_544_000,
      marginalRate: 0.15,
      effectiveRate: 0.12,
      bracket: { index: 2, over: 14_000_000, upTo: 50_000_000, rate: 0.15, base: 840_000, deduction: 1_260_000 },
    });
  });

  test('effective rate: 0 at 0, national tax / income otherwise', () => {
    assert.equal(tax(0).effectiveRate, 0);
    assert.equal(tax(50_000_000).effectiveRate, 6_240_000 / 50_000_000);
  });
});

describe('years and inputs', () => {
  test('2023, 2024 and 2025 give the same tax; the year is echoed', () => {
    for (const year of [2023, 2024, 2025]) {
      const t = estimateIncomeTax(88_000_000, { year });
      assert.equal(t.year, year);
      assert.equal(t.bracketsYear, 2023);
      assert.equal(t.nationalTax, 15_360_000);
    }
  });

  test('a year outside 2023–2025 is a RangeError naming the supported range', () => {
    for (const year of [2022, 2026, 1999, 2024.5, Number.NaN])
      assert.throws(() => estimateIncomeTax(1_000_000, { year }), (e: unknown) => e instanceof RangeError && /2023–2025/.test(e.message));
    assert.throws(() => taxReceiptBase({ kind: 'income', taxableIncome: 1, year: 2026 }), RangeError);
  });

  test('income must be whole won, finite, ≥ 0 and safe', () => {
    for (const bad of [-1, 1.5, Number.NaN, Infinity, -Infinity, 2 ** 53, '1000' as unknown as number])
      assert.throws(() => tax(bad), (e: unknown) => e instanceof RangeError && /taxableIncome/.test(e.message), String(bad));
    assert.equal(tax(-0).taxableIncome, 0);
    assert.ok(Object.is(tax(-0).taxableIncome, 0));
  });

  test('tax amounts must be whole won ≥ 0', () => {
    for (const bad of [-1, 0.5, Number.NaN, Infinity]) {
      assert.throws(() => localIncomeTax(bad), RangeError);
      assert.throws(() => fromTaxPaid(bad), RangeError);
      assert.throws(() => fromTaxPaid(1, bad), RangeError);
    }
    assert.throws(() => taxReceiptBase({ kind: 'other' } as never), RangeError);
  });
});
