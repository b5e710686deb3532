/**
 * Budget disclosure: datasets of budget and execution lines, and the views the budget table
 * and the spending explainer read. Public data only (no personal data exists here).
 *
 * One query shape (`BudgetQuery` → `BudgetView`) has two engines: the server's SQL (for the
 * API) and the SDK's in-memory engine (`@madang/sdk/budget`, for static files in the browser).
 * Both are tested against the same dataset and must agree row for row.
 */
import * as z from 'zod/mini';

import { LocalizedText, Timestamp, text } from './common.js';
import { BUDGET_LEVELS, BUDGET_PHASES, MAX_BUDGET_AMOUNT } from './budget-rules.js';

export const BudgetDatasetId = z.string().check(z.regex(/^bds_[A-Za-z0-9]{8,40}$/));

/**
 * Budget phases, as in the Fiscal Data Package: 정부안 (proposed), 국회 확정 (approved),
 * 추경 (adjusted, a supplementary budget), 결산 (executed, the settled accounts).
 */
export const BudgetPhase = z.enum(BUDGET_PHASES);
export type BudgetPhase = z.infer<typeof BudgetPhase>;
/** A node of a classification (or an organisation, or an economic item): optional code, name. */
export const BudgetNode = z.object({
  code: z.nullable(z.string().check(z.regex(/^[^\u0000]{1,40}$/))),
  name: text(200),
});
export type BudgetNode = z.infer<typeof BudgetNode>;

export const FiscalYear = z.int().check(z.gte(1948), z.lte(2100));

/** One budget line: an amount in won for one organisation, classification path, phase and year. */
export const BudgetLine = z.object({
  year: FiscalYear,
  phase: BudgetPhase,
  /** 소관 (the ministry or agency that owns the budget). */
  organization: BudgetNode,
  /** 분야 › 부문 › 프로그램 › 단위사업 › 세부사업, from the top; one to five levels. */
  path: z.array(BudgetNode).check(z.minLength(1), z.maxLength(BUDGET_LEVELS)),
  /** 목 (economic item), e.g. 업무추진비 or 국외업무여비. */
  item: z.nullable(BudgetNode),
  /** Won, exact (negative for a reduction line). */
  amount: z.int().check(z.gte(-MAX_BUDGET_AMOUNT), z.lte(MAX_BUDGET_AMOUNT)),
  /** Staff of the organisation, for per-staff comparisons. */
  headcount: z.nullable(z.int().check(z.gte(0))),
  /** Where this figure comes from, when it differs from the dataset's source. */
  source: z.nullable(text(500)),
});
export type BudgetLine = z.infer<typeof BudgetLine>;

export const BudgetSource = z.object({
  name: LocalizedText,
  url: z.nullable(z.url({ protocol: /^https?$/ })),
});
export type BudgetSource = z.infer<typeof BudgetSource>;

/** What a dataset is, without its lines. */
export const BudgetDataset = z.object({
  id: BudgetDatasetId,
  title: LocalizedText,
  description: z.nullable(LocalizedText),
  currency: z.literal('KRW'),
  source: BudgetSource,
  /** The date the figures are as of (YYYY-MM-DD). */
  asOf: z.iso.date(),
  years: z.array(FiscalYear),
  phases: z.array(BudgetPhase),
  lineCount: z.int().check(z.gte(0)),
  /** SHA-256 of the imported content (hex): the same file imported twice is the same dataset. */
  contentHash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  createdAt: Timestamp,
});
export type BudgetDataset = z.infer<typeof BudgetDataset>;

export const BudgetDatasetList = z.object({ items: z.array(BudgetDataset) });
export type BudgetDatasetList = z.infer<typeof BudgetDatasetList>;

/** Sort keys of a view. `change` is the change against the previous year; `execution` the execution rate. */
export const BudgetSortKey = z.enum(['amount', 'name', 'code', 'change', 'execution']);
export type BudgetSortKey = z.infer<typeof BudgetSortKey>;

/**
 * A view: the children of one node (or the top level), aggregated for one year and phase, with
 * the previous year's amount in the same phase and the executed amount of the same year.
 * As query parameters: `year`, `phase`, `path` (node keys joined with `>`), `organization`
 * (an organisation key), `q`, `sort`, `order`, `offset`, `limit`.
 */
export const BudgetQuery = z.object({
  /** Default: the dataset's latest year. */
  year: z.optional(FiscalYear),
  /** Default: `approved` when the year has it, else the year's first phase in the order above. */
  phase: z.optional(BudgetPhase),
  /** Node keys from the top: the view lists the children of this node. Empty = the top level. */
  path: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(BUDGET_LEVELS - 1))),
  /** Only this organisation's lines. */
  organization: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Rows whose name or code contains this text (case-insensitive, after Unicode NFC). */
  q: z.optional(z.string().check(z.maxLength(200))),
  sort: z.optional(BudgetSortKey),
  order: z.optional(z.enum(['asc', 'desc'])),
  offset: z.optional(z.int().check(z.gte(0))),
  /** Default 100, at most 10,000. */
  limit: z.optional(z.int().check(z.gte(1), z.lte(10_000))),
});
export type BudgetQuery = z.infer<typeof BudgetQuery>;

/** Amounts of a row or of a total. Ratios are null when their base is zero or missing. */
export const BudgetFigures = z.object({
  amount: z.number(),
  /** Same phase, previous year; null when the dataset has no such lines. */
  previousAmount: z.nullable(z.number()),
  /** (amount − previousAmount) / |previousAmount|. */
  change: z.nullable(z.number()),
  /** The executed (결산) amount of the same year; null when the dataset has no executed lines. */
  executedAmount: z.nullable(z.number()),
  /** executedAmount / amount. */
  executionRate: z.nullable(z.number()),
});
export type BudgetFigures = z.infer<typeof BudgetFigures>;

export const BudgetRow = z.extend(BudgetFigures, {
  /** `budgetNodeKey` of the node. */
  key: z.string(),
  code: z.nullable(z.string()),
  name: z.string(),
  /** 1 = 분야 … 5 = 세부사업. */
  level: z.int().check(z.gte(1), z.lte(BUDGET_LEVELS)),
  /** Whether the node has children (the table can expand it). */
  hasChildren: z.boolean(),
  lineCount: z.int().check(z.gte(0)),
});
export type BudgetRow = z.infer<typeof BudgetRow>;

export const BudgetView = z.object({
  dataset: BudgetDatasetId,
  year: FiscalYear,
  phase: BudgetPhase,
  /** The nodes from the top to the one whose children are listed (the breadcrumb). */
  path: z.array(BudgetNode),
  /** Totals over every row matching the query (not only this page). */
  total: BudgetFigures,
  rows: z.array(BudgetRow),
  /** Rows matching the query, all pages. */
  rowCount: z.int().check(z.gte(0)),
  offset: z.int().check(z.gte(0)),
});
export type BudgetView = z.infer<typeof BudgetView>;

/**
 * Organisation comparison for one economic item (or all items): per organisation the item's
 * amount, per staff, and its share of the organisation's whole budget in that year and phase.
 * As query parameters: `year`, `phase`, `item` (an item key), `sort` (`amount`, `perStaff`,
 * `share`, `name`), `order`.
 */
export const BudgetComparisonQuery = z.object({
  year: z.optional(FiscalYear),
  phase: z.optional(BudgetPhase),
  item: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  sort: z.optional(z.enum(['amount', 'perStaff', 'share', 'name'])),
  order: z.optional(z.enum(['asc', 'desc'])),
});
export type BudgetComparisonQuery = z.infer<typeof BudgetComparisonQuery>;

export const BudgetComparisonRow = z.object({
  key: z.string(),
  code: z.nullable(z.string()),
  name: z.string(),
  amount: z.number(),
  headcount: z.nullable(z.int()),
  /** amount / headcount; null without a headcount. */
  perStaff: z.nullable(z.number()),
  /** amount / the organisation's total budget (all items) in the same year and phase. */
  share: z.nullable(z.number()),
});
export type BudgetComparisonRow = z.infer<typeof BudgetComparisonRow>;

export const BudgetComparison = z.object({
  dataset: BudgetDatasetId,
  year: FiscalYear,
  phase: BudgetPhase,
  /** The item compared; null = all items. */
  item: z.nullable(BudgetNode),
  /** Every economic item of that year and phase, to choose from. */
  items: z.array(BudgetNode),
  rows: z.array(BudgetComparisonRow),
});
export type BudgetComparison = z.infer<typeof BudgetComparison>;

/** Raw lines, paged (query: year, phase, offset, limit ≤ 1,000). */
export const BudgetLinePage = z.object({
  items: z.array(BudgetLine),
  total: z.int().check(z.gte(0)),
  offset: z.int().check(z.gte(0)),
});
export type BudgetLinePage = z.infer<typeof BudgetLinePage>;
