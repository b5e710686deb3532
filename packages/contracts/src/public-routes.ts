import { Health } from './health.js';
import { paths } from './paths.js';
import { Poll } from './poll.js';
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
} as const;
