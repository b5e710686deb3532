/**
 * The static-data half of <madang-budget-table>, imported on first use (like the SDK's file
 * parsers, which it loads in turn): the SDK's in-memory engine (tree and comparison views), the
 * one-row-per-line selection (flat view), and reading a static file. A table fed by the API
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

/**
 * A budget CSV (UTF-8 with or without BOM, or CP949) or a Fiscal Data Package descriptor (by a
 * `.json` path or a JSON content type, its resources relative to it), parsed by the SDK. A plain
 * fetch: the SDK has no helper for static files.
 */
export async function readSource(url: URL, signal: AbortSignal): Promise<{ lines: BudgetLine[]; meta?: SourceMeta }> {
  const get = async (u: URL) => {
    const res = await fetch(u, { signal });
    if (!res.ok) throw new MadangBudgetDataError(res.status);
    return res;
  };
  const [res, parsers] = await Promise.all([get(url), loadBudgetParsers()]);
  let parsed;
  try {
    parsed =
      /\.json$/i.test(url.pathname) || /json/i.test(res.headers.get('content-type') ?? '')
        ? await parsers.parseBudgetDataPackage(await res.json(), async (p) => (await get(new URL(p, res.url || url))).arrayBuffer())
        : parsers.parseBudgetCsv(await res.arrayBuffer());
  } catch (e) {
    if (e instanceof SyntaxError) throw new MadangBudgetDataError(null, [{ line: 1, column: null, reason: e.message }]);
    throw e;
  }
  if ('errors' in parsed) throw new MadangBudgetDataError(null, parsed.errors);
  return parsed;
}
