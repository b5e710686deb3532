import * as z from 'zod/mini';
import { BudgetDataset, BudgetDatasetId } from './budget.js';
import { paths } from './paths.js';
import { Poll } from './poll.js';
import { PollCreate, PollUpdate } from './poll-input.js';
import { budgetRoutes } from './budget-routes.js';
import { publicRoutes } from './public-routes.js';
import { VoteRequest } from './vote-input.js';
import { ProposalSettings } from './proposal.js';
import { AdminProposal, AdminProposalPage, ProposalSettingsUpdate, ProposalSubmit, ProposalTransition, SupportRequest } from './proposal-input.js';

/** The answer to `DELETE /v1/budgets/{id}`. */
export const BudgetDatasetDeleted = z.object({ id: BudgetDatasetId, deleted: z.literal(true) });
export type BudgetDatasetDeleted = z.infer<typeof BudgetDatasetDeleted>;

/**
 * The whole API surface with request and response schemas: the server mounts these routes,
 * the OpenAPI document describes them, the SDKs call them (the browser SDK through
 * `publicRoutes`, which has the same entries without request bodies).
 */
export const routes = {
  health: publicRoutes.health,
  createPoll: { method: 'post', path: paths.polls, auth: 'secret', body: PollCreate, response: Poll, status: 201, summary: 'Create a poll' },
  getPoll: publicRoutes.getPoll,
  updatePoll: { method: 'patch', path: paths.poll, auth: 'secret', body: PollUpdate, response: Poll, status: 200, summary: 'Update or close a poll' },
  vote: { ...publicRoutes.vote, body: VoteRequest },
  results: publicRoutes.results,
  resultsStream: publicRoutes.resultsStream,
  getProposalSettings: publicRoutes.getProposalSettings,
  updateProposalSettings: { method: 'put', path: paths.proposalSettings, auth: 'secret', body: ProposalSettingsUpdate, response: ProposalSettings, status: 200, summary: 'Change the site’s proposal settings' },
  proposalChallenge: publicRoutes.proposalChallenge,
  submitProposal: { ...publicRoutes.submitProposal, body: ProposalSubmit },
  listProposals: publicRoutes.listProposals,
  getProposal: publicRoutes.getProposal,
  trackProposal: publicRoutes.trackProposal,
  supportProposal: { ...publicRoutes.supportProposal, body: SupportRequest },
  transitionProposal: { method: 'post', path: paths.proposalTransitions, auth: 'secret', body: ProposalTransition, response: AdminProposal, status: 201, summary: 'Move a proposal to another state with a public note (idempotent)' },
  adminListProposals: { method: 'get', path: paths.adminProposals, auth: 'secret', response: AdminProposalPage, status: 200, summary: 'The review queue and every proposal, with contact (query: state, page, pageSize)' },
  adminGetProposal: { method: 'get', path: paths.adminProposal, auth: 'secret', response: AdminProposal, status: 200, summary: 'One proposal with the author’s contact' },
  ...budgetRoutes,
  /**
   * Streams a CSV file (`text/csv`, metadata in the `meta` query parameter) or a Fiscal Data
   * Package (`multipart/form-data`): 201 with a new dataset, 200 with the existing one when the
   * same content was imported before. The body is not JSON, so it has no `body` schema here.
   */
  importBudget: { method: 'post', path: paths.budgets, auth: 'secret', response: BudgetDataset, status: 201, upload: true, summary: 'Import a budget dataset from CSV or a Fiscal Data Package (streamed; idempotent)' },
  deleteBudget: { method: 'delete', path: paths.budget, auth: 'secret', response: BudgetDatasetDeleted, status: 200, summary: 'Delete a budget dataset and its lines' },
} as const;
export type RouteName = keyof typeof routes;
