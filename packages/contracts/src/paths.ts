/**
 * API paths as plain strings, in OpenAPI `{param}` syntax. Kept apart from `routes` (which
 * carries the request schemas) so that a browser bundle calling the API pulls in the paths
 * without the server-side input schemas.
 */
export const paths = {
  health: '/v1/health',
  polls: '/v1/polls',
  poll: '/v1/polls/{id}',
  votes: '/v1/polls/{id}/votes',
  results: '/v1/polls/{id}/results',
  resultsStream: '/v1/polls/{id}/results/stream',
  proposalSettings: '/v1/proposal-settings',
  proposalChallenge: '/v1/proposals/challenge',
  proposals: '/v1/proposals',
  proposal: '/v1/proposals/{id}',
  proposalByReceipt: '/v1/proposal-receipts/{receiptNumber}',
  proposalSupports: '/v1/proposals/{id}/supports',
  proposalTransitions: '/v1/proposals/{id}/transitions',
  adminProposals: '/v1/admin/proposals',
  adminProposal: '/v1/admin/proposals/{id}',
  budgets: '/v1/budgets',
  budget: '/v1/budgets/{id}',
  budgetView: '/v1/budgets/{id}/view',
  budgetComparison: '/v1/budgets/{id}/comparison',
  budgetLines: '/v1/budgets/{id}/lines',
} as const;

export const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
export const fillPath = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));

/** Server-sent event names on the results stream. */
export const STREAM_EVENTS = { results: 'results' } as const;
