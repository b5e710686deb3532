/**
 * The static-data half of <madang-budget-table>, imported on first use (like the SDK's file
 * parsers, which it loads in turn): the SDK's in-memory engine (tree and comparison views), the
 * one-row-per-line selection (flat view), and reading a static file through the SDK. A table fed by the API
 * never downloads it.
 */
import type { BudgetLine, LocalizedText } from '@madang/contracts';
import { loadBudgetParsers } from '@madang/sdk/budget';
import { MadangBudgetDataError } from './errors.js';

export { createBudgetEngine } from '@madang/sdk/budget';
export { columnsToLines, Lines } from './lines.js';

export interface SourceMeta {
  title?: LocalizedText;
  source?: { name: LocalizedText; url: string | null };
  asOf?: string;
}

/** A static budget file (CSV or Fiscal Data Package), fetched and parsed by the SDK. */
export async function readSource(url: URL, signal: AbortSignal): Promise<{ lines: BudgetLine[]; meta?: SourceMeta }> {
  const read = await (await loadBudgetParsers()).readBudgetFile(url, { signal });
  if ('errors' in read) throw new MadangBudgetDataError(read.status, read.errors);
  return read;
}
export * from './view.js';
