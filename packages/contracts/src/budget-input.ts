/**
 * Budget import: the metadata sent with a file and the column mapping. The mapping's defaults
 * and the record reader are in budget-rules.ts (no zod, so browsers can read files cheaply).
 */
import * as z from 'zod/mini';

import { LocalizedText } from './common.js';
import { BudgetPhase, BudgetSource, FiscalYear } from './budget.js';
import { BUDGET_FIELDS } from './budget-rules.js';

/** An explicit mapping: field → header as it appears in the file. Unmapped fields use the defaults. */
export const BudgetColumnMapping = z.partialRecord(z.enum(BUDGET_FIELDS), z.string().check(z.minLength(1), z.maxLength(200)));
export type BudgetColumnMapping = z.infer<typeof BudgetColumnMapping>;

/** What comes with an import besides the file. */
export const BudgetImportMeta = z.object({
  title: LocalizedText,
  description: z.optional(z.nullable(LocalizedText)),
  source: BudgetSource,
  asOf: z.iso.date(),
  /** `auto` (default): UTF-8 (with or without BOM) when the bytes are valid UTF-8, else CP949. */
  encoding: z.optional(z.enum(['auto', 'utf-8', 'cp949'])),
  /** Unit of amount columns whose header names none (default `won`). */
  unit: z.optional(z.enum(['won', 'thousand', 'million', 'hundredMillion'])),
  columns: z.optional(BudgetColumnMapping),
  /** For files without a year or phase column. */
  year: z.optional(FiscalYear),
  phase: z.optional(BudgetPhase),
});
export type BudgetImportMeta = z.infer<typeof BudgetImportMeta>;

/** A Frictionless Fiscal Data Package import: the descriptor and its resources' CSV text, by path. */
export const BudgetDataPackageImport = z.object({
  meta: z.optional(z.partial(BudgetImportMeta)),
  descriptor: z.record(z.string(), z.unknown()),
});
export type BudgetDataPackageImport = z.infer<typeof BudgetDataPackageImport>;

