/**
 * @madang/sdk/explainer: the arithmetic of the spending explainer, pure and dependency-free (no
 * zod, no I/O), so a citizen's income is computed on in the page and nowhere else.
 *
 *   const base = taxReceiptBase({ kind: 'income', taxableIncome: 42_000_000, year: 2024 });
 *   const big = spendingBreakdown(fields, { total: 656.9e12 });   // big.overlap → say so
 *   const receipt = allocate(base.nationalTax, big.shares.map((s) => ({ key: s.key, weight: s.amount })));
 *   const ofEvery1000 = perThousandWon(big.shares);                // sums to exactly 1,000
 *
 * - Tax (`estimateIncomeTax`, `localIncomeTax`, `taxReceiptBase`, `fromTaxPaid`): 소득세법 §55①
 *   for income years 2023–2025, floored to the won; local income tax = floor(10%).
 * - `allocate`: largest remainder, exact, ties by remainder, then weight, then order given.
 * - `spendingBreakdown`: shares of the sum of the fields shown (exactly 100% in total), with
 *   `overlap` when the fields add up to more than the total; `perCitizenPerDay`; `perThousandWon`.
 */
export {
  INCOME_TAX_BRACKETS,
  INCOME_TAX_YEARS,
  estimateIncomeTax,
  fromTaxPaid,
  incomeTaxBracket,
  localIncomeTax,
  taxReceiptBase,
} from './tax.js';
export type { IncomeTaxBracket, IncomeTaxEstimate, TaxReceiptBase, TaxReceiptInput } from './tax.js';
export { allocate } from './allocate.js';
export type { Allocation, AllocationWeight } from './allocate.js';
export { daysInYear, perCitizenPerDay, perThousandWon, spendingBreakdown } from './spending.js';
export type { SpendingBreakdown, SpendingRow, SpendingShare } from './spending.js';
