/**
 * Reading the explainer's figures, imported on first use (with the layout and the field texts):
 * a dataset of the Madang API through the SDK's budgets client, a static CSV or data package
 * through the budget table's reader (the SDK's parsers), or BudgetLine[] — the last two through
 * the SDK's in-memory engine, which answers the same top-level view as the API.
 */
import type { BudgetFigures, BudgetLine, BudgetPhase, BudgetRow, LocalizedText } from '@madang/contracts';
import { createBudgetsClient } from '@madang/sdk';
import { createBudgetEngine, loadBudgetParsers } from '@madang/sdk/budget';
import { MadangExplainerDataError } from './errors.js';

export { layout } from './treemap.js';
export { FIELDS, fieldKey } from './fields.js';
/** The explainer's arithmetic: only needed once there are figures (the shares on load, the receipt on submit). */
export { allocate, daysInYear, INCOME_TAX_YEARS, perCitizenPerDay, perThousandWon, spendingBreakdown, taxReceiptBase } from '@madang/sdk/explainer';

export interface SourceMeta {
  title?: LocalizedText | null;
  description?: LocalizedText | null;
  source?: { name: LocalizedText; url: string | null } | null;
  asOf?: string | null;
}

export type SourceSpec = { api: string; siteKey: string; dataset: string } | { src: URL } | { lines: readonly BudgetLine[] };

export interface Source {
  years: number[];
  phasesOf(year: number): BudgetPhase[];
  meta: SourceMeta;
  /** One line's own source (a CSV's 출처 column), when the data has no source of its own. */
  lineSource?: string | null;
  /** The top level (fields) of a year and phase, with the previous year's amounts. */
  view(year: number, phase: BudgetPhase): Promise<{ rows: BudgetRow[]; total: BudgetFigures }>;
}

function local(lines: readonly BudgetLine[], meta: SourceMeta): Source {
  const e = createBudgetEngine(lines as BudgetLine[], {});
  return {
    years: e.years,
    phasesOf: (y) => e.phasesOf(y),
    meta,
    lineSource: lines.find((l) => l.source)?.source,
    view: async (year, phase) => e.view({ year, phase, limit: 10_000 }),
  };
}

/** A budget CSV or a Fiscal Data Package, fetched and parsed by the SDK (as the budget table reads it). */
async function readSource(url: URL, signal: AbortSignal): Promise<{ lines: BudgetLine[]; meta?: SourceMeta }> {
  const read = await (await loadBudgetParsers()).readBudgetFile(url, { signal });
  if ('errors' in read) throw new MadangExplainerDataError(read.status, read.errors.slice(0, 3).map((x) => `${x.line}: ${x.reason}`).join(' / '));
  return read;
}

export async function openSource(spec: SourceSpec, signal: AbortSignal): Promise<Source> {
  if ('lines' in spec) return local(spec.lines, {});
  if ('src' in spec) {
    const { lines, meta } = await readSource(spec.src, signal);
    return local(lines, meta ?? {});
  }
  const c = createBudgetsClient({ baseUrl: spec.api, siteKey: spec.siteKey });
  const ds = await c.get(spec.dataset, { signal });
  return {
    years: ds.years,
    phasesOf: () => ds.phases,
    meta: ds,
    view: (year, phase) => c.view(spec.dataset, { year, phase, limit: 10_000 }, { signal }),
  };
}
