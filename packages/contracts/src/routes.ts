import { paths } from './paths.js';
import { Poll } from './poll.js';
import { PollCreate, PollUpdate } from './poll-input.js';
import { publicRoutes } from './public-routes.js';
import { VoteRequest } from './vote-input.js';

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
} as const;
export type RouteName = keyof typeof routes;
