import { Health } from './health.js';
import { paths } from './paths.js';
import { Poll } from './poll.js';
import { PollCreate, PollUpdate } from './poll-input.js';
import { PollResults, VoteReceipt } from './results.js';
import { VoteRequest } from './vote-input.js';

/**
 * The API surface with its schemas: the server mounts these routes, the OpenAPI document
 * describes them, the SDK calls their `paths`.
 */
export const routes = {
  health: { method: 'get', path: paths.health, auth: 'none', response: Health, status: 200, summary: 'Liveness and database engine' },
  createPoll: { method: 'post', path: paths.polls, auth: 'secret', body: PollCreate, response: Poll, status: 201, summary: 'Create a poll' },
  getPoll: { method: 'get', path: paths.poll, auth: 'publishable', response: Poll, status: 200, summary: 'Read a poll' },
  updatePoll: { method: 'patch', path: paths.poll, auth: 'secret', body: PollUpdate, response: Poll, status: 200, summary: 'Update or close a poll' },
  vote: { method: 'post', path: paths.votes, auth: 'publishable', body: VoteRequest, response: VoteReceipt, status: 201, summary: 'Cast a vote (idempotent)' },
  results: { method: 'get', path: paths.results, auth: 'publishable', response: PollResults, status: 200, summary: 'Read results' },
  resultsStream: { method: 'get', path: paths.resultsStream, auth: 'publishable', response: PollResults, status: 200, summary: 'Live results (server-sent events)', stream: true },
} as const;
export type RouteName = keyof typeof routes;
