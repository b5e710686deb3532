import { BudgetComparison, BudgetDataset, BudgetDatasetList, BudgetLinePage, BudgetView } from './budget.js';
import { paths } from './paths.js';

/**
 * The budget routes a browser calls with a publishable key. A module of their own (not in
 * `publicRoutes`): a bundler splits by module, so a bundle without budgets (the poll widget) does
 * not carry the budget schemas, and the SDK's budget client loads them on demand.
 */
export const budgetRoutes = {
  listBudgets: { method: 'get', path: paths.budgets, auth: 'publishable', response: BudgetDatasetList, status: 200, summary: 'List the site’s budget datasets, newest first' },
  getBudget: { method: 'get', path: paths.budget, auth: 'publishable', response: BudgetDataset, status: 200, summary: 'Read a budget dataset (without its lines)' },
  budgetView: { method: 'get', path: paths.budgetView, auth: 'publishable', response: BudgetView, status: 200, summary: 'Aggregated view: the children of one classification node for a year and phase, with previous-year change and execution rate' },
  budgetComparison: { method: 'get', path: paths.budgetComparison, auth: 'publishable', response: BudgetComparison, status: 200, summary: 'Organisation comparison for one economic item (total, per staff, share of the organisation’s budget)' },
  budgetLines: { method: 'get', path: paths.budgetLines, auth: 'publishable', response: BudgetLinePage, status: 200, summary: 'Raw budget lines in import order, paged (limit ≤ 1,000)' },
} as const;
