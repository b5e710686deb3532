/**
 * @madang/sdk/budget: budget data without the server. The in-memory engine answers the same
 * queries as the API (`view`, `comparison`, `lines`, plus `flat` and unpaged `select` for a
 * virtualised table), amounts are formatted the Korean way (조/억/만) or the English way
 * (T/B/M), and a view exports to CSV. Reading static files (CSV in UTF-8 or CP949, Fiscal Data
 * Packages) lives in a separate chunk: `const { parseBudgetCsv } = await loadBudgetParsers()`.
 */
export { BUDGET_PHASES, BudgetQueryError, createBudgetEngine } from './engine.js';
export type {
  BudgetColumns,
  BudgetEngine,
  BudgetEngineMeta,
  BudgetFlatRow,
  BudgetFlatView,
  BudgetLinesQuery,
  BudgetSelectQuery,
  BudgetSelection,
} from './engine.js';
export { compareCodeUnits } from './order.js';
/** The engine's primitives, for views built beside it (the budget table's one-row-per-line view). */
export { radixSortBy, ranks } from './order.js';
export { fold as foldBudgetText } from './engine.js';
export { formatBudgetAmount, formatBudgetRatio } from './format.js';
export type { FormatAmountOptions } from './format.js';
export { budgetRowCsvColumns, toCsv } from './to-csv.js';
export type { CsvCell, CsvColumn } from './to-csv.js';
export type { BudgetCsvInput, BudgetEncoding, BudgetParseResult, ParseBudgetCsvOptions } from './csv.js';
export type { BudgetDataPackageMeta, BudgetResourcePlan } from './datapackage.js';

/** The CSV and Data Package readers, fetched on first use (a separate chunk in a bundle). */
export const loadBudgetParsers = (): Promise<typeof import('./parsers.js')> => import('./parsers.js');
