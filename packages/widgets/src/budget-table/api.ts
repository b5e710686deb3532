/**
 * The API half of <madang-budget-table>, imported (with the SDK's HTTP client, ky and the
 * contracts' schemas) only when the table reads a dataset from the Madang API; a table of static
 * data never downloads it. All traffic goes through the SDK's budgets client.
 */
import type { BudgetComparisonQuery, BudgetDataset, BudgetLine, BudgetPhase, BudgetQuery, BudgetRow, BudgetView } from '@madang/contracts';
import { createBudgetsClient } from '@madang/sdk';
import { MadangBudgetDataError } from './errors.js';

/** The flat view over the API fetches raw lines, 1,000 per request, up to this many. */
export const MAX_API_LINES = 50_000;

export type ApiSource = Awaited<ReturnType<typeof openDataset>>;

/** The dataset's description, and its views. */
export async function openDataset(baseUrl: string, siteKey: string, id: string, signal: AbortSignal) {
  const c = createBudgetsClient({ baseUrl, siteKey });
  const ds: BudgetDataset = await c.get(id, { signal });
  return {
    ds,
    /** A whole level (every page of the view, 10,000 rows per request). */
    async level(query: BudgetQuery, signal: AbortSignal): Promise<{ rows: BudgetRow[]; view: BudgetView }> {
      const rows: BudgetRow[] = [];
      let view: BudgetView;
      do {
        view = await c.view(id, { ...query, offset: rows.length, limit: 10_000 }, { signal });
        rows.push(...view.rows);
      } while (rows.length < view.rowCount && view.rows.length);
      return { rows, view };
    },
    /** Every raw line of a year and phase, for the flat view. */
    async lines(year: number, phase: BudgetPhase, signal: AbortSignal): Promise<BudgetLine[]> {
      const all: BudgetLine[] = [];
      for (let total = Infinity; all.length < total; ) {
        const page = await c.lines(id, { year, phase, offset: all.length, limit: 1000 }, { signal });
        total = page.total;
        if (total > MAX_API_LINES) throw new MadangBudgetDataError(413, [{ line: total, column: null, reason: 'too many lines' }]);
        if (!page.items.length) break;
        all.push(...page.items);
      }
      return all;
    },
    comparison: (query: BudgetComparisonQuery, signal: AbortSignal) => c.comparison(id, query, { signal }),
  };
}

export * from './view.js';
