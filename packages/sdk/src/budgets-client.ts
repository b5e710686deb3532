/**
 * Budget datasets over HTTP, with the publishable key: the site's datasets, the aggregated view,
 * the organisation comparison and the raw lines, each response parsed with the contracts.
 *
 * Its own module: `createClient().budgets` loads it on first use (a dynamic import), so a bundle
 * without budgets (the poll widget) does not carry the budget schemas; a budget widget imports
 * `createBudgetsClient` directly.
 */
import {
  budgetRoutes,
  type BudgetComparison,
  type BudgetComparisonQuery,
  type BudgetDataset,
  type BudgetDatasetList,
  type BudgetLinePage,
  type BudgetPhase,
  type BudgetQuery,
  type BudgetView,
} from '@madang/contracts';
import { MadangError } from './errors.js';
import { createTransport, type RetryOptions, type Transport } from './http.js';

/** Query of `lines`: optional year and phase, paging (limit ≤ 1,000, default 100). */
export interface BudgetLinesQuery {
  year?: number;
  phase?: BudgetPhase;
  offset?: number;
  limit?: number;
}

type Signal = { signal?: AbortSignal };

export interface BudgetsClient {
  /** The site's datasets, newest first. */
  list(opts?: Signal): Promise<BudgetDatasetList>;
  get(id: string, opts?: Signal): Promise<BudgetDataset>;
  /** The children of `query.path` (the top level without it) for one year and phase, with totals. */
  view(id: string, query?: BudgetQuery, opts?: Signal): Promise<BudgetView>;
  /** One economic item (or all) compared across organisations. */
  comparison(id: string, query?: BudgetComparisonQuery, opts?: Signal): Promise<BudgetComparison>;
  /** Raw lines in import order. */
  lines(id: string, query?: BudgetLinesQuery, opts?: Signal): Promise<BudgetLinePage>;
}

const str = (v: number | string | undefined) => (v === undefined ? undefined : String(v));

/** A BudgetQuery as query parameters (`path` joined with `>`). */
export function budgetQueryParams(q: BudgetQuery = {}): Record<string, string | undefined> {
  if (q.path?.some((k) => k.includes('>'))) {
    throw new MadangError('a path key containing ">" cannot be sent as a query parameter (keys are joined with ">")');
  }
  return {
    year: str(q.year),
    phase: q.phase,
    path: q.path?.length ? q.path.join('>') : undefined,
    organization: q.organization,
    q: q.q,
    sort: q.sort,
    order: q.order,
    offset: str(q.offset),
    limit: str(q.limit),
  };
}

export function budgetsClient(t: Transport): BudgetsClient {
  return {
    list: (o = {}) => t.call(budgetRoutes.listBudgets, { signal: o.signal }),
    get: (id, o = {}) => t.call(budgetRoutes.getBudget, { params: { id }, signal: o.signal }),
    view: (id, q = {}, o = {}) => t.call(budgetRoutes.budgetView, { params: { id }, query: budgetQueryParams(q), signal: o.signal }),
    comparison: (id, q = {}, o = {}) =>
      t.call(budgetRoutes.budgetComparison, {
        params: { id },
        query: { year: str(q.year), phase: q.phase, item: q.item, sort: q.sort, order: q.order },
        signal: o.signal,
      }),
    lines: (id, q = {}, o = {}) =>
      t.call(budgetRoutes.budgetLines, {
        params: { id },
        query: { year: str(q.year), phase: q.phase, offset: str(q.offset), limit: str(q.limit) },
        signal: o.signal,
      }),
  };
}

/** A budgets-only client (what a budget widget needs, without the poll and proposal code). */
export function createBudgetsClient(opts: { baseUrl: string; siteKey: string; fetch?: typeof fetch; retry?: RetryOptions; timeoutMs?: number }): BudgetsClient {
  if (!opts.siteKey) throw new MadangError('createBudgetsClient needs the site’s publishable key (siteKey: pk_…)');
  if (opts.siteKey.startsWith('sk_') && typeof window !== 'undefined' && typeof document !== 'undefined') {
    throw new MadangError('a secret key (sk_…) must never be used in a browser; use the publishable key (pk_…) and rotate this one');
  }
  return budgetsClient(createTransport({ baseUrl: opts.baseUrl, key: opts.siteKey, fetch: opts.fetch, retry: opts.retry, timeoutMs: opts.timeoutMs }));
}
