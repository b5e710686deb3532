/**
 * One schema per API resource. The server validates requests with them, the SDK parses
 * responses with them, and `openapi.ts` turns them into the OpenAPI 3.1 document.
 *
 * Written with `zod/mini` because the widgets ship these schemas to browsers: the functional
 * API tree-shakes, the chained one does not (measured by `pnpm size`). One module per group
 * and `sideEffects` in package.json let a bundle keep only the schemas it uses.
 */
import * as z from 'zod/mini';

export { z };
export * from './common.js';
export * from './site.js';
export * from './poll.js';
export * from './poll-input.js';
export * from './vote-input.js';
export * from './results.js';
export * from './proposal.js';
export * from './proposal-input.js';
export * from './budget-rules.js';
export * from './budget-datapackage.js';
export * from './budget.js';
export * from './budget-input.js';
export * from './health.js';
export * from './problem.js';
export * from './paths.js';
export * from './public-routes.js';
export * from './budget-routes.js';
export * from './routes.js';
