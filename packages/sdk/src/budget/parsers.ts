/**
 * The static-file readers, as one module the budget entry loads with a dynamic import (see
 * `loadBudgetParsers`): CSV (UTF-8 / CP949) and Frictionless Fiscal Data Package, and reading
 * either from a URL.
 */
export { decodeBudgetText, parseBudgetCsv, parseBudgetRecords, tokenizeCsv } from './csv.js';
export type { BudgetCsvInput, BudgetEncoding, BudgetParseResult, ParseBudgetCsvOptions } from './csv.js';
export { parseBudgetDataPackage, planBudgetDataPackage } from './datapackage.js';
export { readBudgetFile, type BudgetFileResult } from './file.js';
export type { BudgetDataPackageMeta, BudgetResourcePlan } from './datapackage.js';
