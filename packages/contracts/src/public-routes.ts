import { Health } from './health.js';
import { paths } from './paths.js';
import { Poll } from './poll.js';
import { Proposal, ProposalChallenge, ProposalPage, ProposalReceipt, ProposalSettings, SupportReceipt } from './proposal.js';
import { PollResults, VoteReceipt } from './results.js';

/**
 * The routes a browser calls with a publishable key, with their response schemas only. Kept
 * apart from `routes` (which adds the request-body schemas) so a widget bundle does not carry
 * the server's input validation.
 */
export const publicRoutes = {
  health: { method: 'get', path: paths.health, auth: 'none', response: Health, status: 200, summary: 'Liveness and database engine' },
  getPoll: { method: 'get', path: paths.poll, auth: 'publishable', response: Poll, status: 200, summary: 'Read a poll' },
  vote: { method: 'post', path: paths.votes, auth: 'publishable', response: VoteReceipt, status: 201, summary: 'Cast a vote (idempotent)' },
  results: { method: 'get', path: paths.results, auth: 'publishable', response: PollResults, status: 200, summary: 'Read results' },
  resultsStream: { method: 'get', path: paths.resultsStream, auth: 'publishable', response: PollResults, status: 200, summary: 'Live results (server-sent events)', stream: true },
  getProposalSettings: { method: 'get', path: paths.proposalSettings, auth: 'publishable', response: ProposalSettings, status: 200, summary: 'Read the site’s proposal settings (categories, contact policy, consent notice)' },
  proposalChallenge: { method: 'get', path: paths.proposalChallenge, auth: 'publishable', response: ProposalChallenge, status: 200, summary: 'Get a form token (and a proof-of-work challenge when the site requires one)' },
  submitProposal: { method: 'post', path: paths.proposals, auth: 'publishable', response: ProposalReceipt, status: 201, summary: 'Submit a proposal (idempotent)' },
  listProposals: { method: 'get', path: paths.proposals, auth: 'publishable', response: ProposalPage, status: 200, summary: 'List published proposals (query: sort=newest|support, page, pageSize, category)' },
  getProposal: { method: 'get', path: paths.proposal, auth: 'publishable', response: Proposal, status: 200, summary: 'Read a published proposal' },
  trackProposal: { method: 'get', path: paths.proposalByReceipt, auth: 'publishable', response: Proposal, status: 200, summary: 'Follow a proposal by its receipt number (query: code, the tracking code, for one not yet published)' },
  supportProposal: { method: 'post', path: paths.proposalSupports, auth: 'publishable', response: SupportReceipt, status: 201, summary: 'Support a published proposal (one per voter, idempotent)' },
} as const;
