/**
 * @madang/sdk: the typed client of the Madang API for browsers and Node >= 20, used by the
 * widgets. Every response is parsed with the contract schemas of @madang/contracts.
 * Browser-safe: server-only code (secret keys) lives in `@madang/sdk/admin`.
 */
import {
  publicRoutes as routes,
  type BudgetComparison,
  type BudgetComparisonQuery,
  type BudgetDataset,
  type BudgetDatasetList,
  type BudgetLinePage,
  type BudgetQuery,
  type BudgetView,
  type Poll,
  type PollResults,
  type Proposal,
  type ProposalChallenge,
  type ProposalPage,
  type ProposalReceipt,
  type ProposalSettings,
  type ProposalSort,
  type ProposalSubmit,
  type SupportReceipt,
  type SupportRequest,
  type VoteReceipt,
  type VoteRequest,
} from '@madang/contracts';
import { MadangError } from './errors.js';
import { createTransport, newIdempotencyKey, type RetryOptions } from './http.js';
import { subscribeResults, type SubscribeOptions } from './stream.js';
import type { BudgetLinesQuery, BudgetsClient } from './budgets-client.js';

export { MadangApiError, MadangError, MadangNetworkError, MadangResponseError } from './errors.js';
export { newIdempotencyKey } from './http.js';
export type { RetryOptions } from './http.js';
export type { StreamStatus, SubscribeOptions } from './stream.js';
export { budgetQueryParams, createBudgetsClient } from './budgets-client.js';
export type { BudgetLinesQuery, BudgetsClient } from './budgets-client.js';
export type {
  BudgetComparison,
  BudgetComparisonQuery,
  BudgetComparisonRow,
  BudgetDataset,
  BudgetDatasetList,
  BudgetFigures,
  BudgetLine,
  BudgetLinePage,
  BudgetNode,
  BudgetPhase,
  BudgetQuery,
  BudgetRow,
  BudgetView,
  Poll,
  PollResults,
  Problem,
  ProblemSlug,
  Proposal,
  ProposalChallenge,
  ProposalPage,
  ProposalReceipt,
  ProposalSettings,
  ProposalSort,
  ProposalState,
  ProposalStateEvent,
  ProposalSubmit,
  SupportReceipt,
  SupportRequest,
  VoteReceipt,
  VoteRequest,
} from '@madang/contracts';

export interface ClientOptions {
  /** Origin (and optional path prefix) of the Madang API, e.g. `https://api.madang.go.kr`. */
  baseUrl: string;
  /** The site's publishable key (`pk_…`). */
  siteKey: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Per attempt (default 10 000 ms). */
  timeoutMs?: number;
}

export interface VoteOptions {
  /** Defaults to a new key per `vote()` call, reused by every retry of that call. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface MadangClient {
  polls: {
    get(id: string, opts?: { signal?: AbortSignal }): Promise<Poll>;
    vote(id: string, body: VoteRequest, opts?: VoteOptions): Promise<VoteReceipt>;
    results(id: string, opts?: { receipt?: string; signal?: AbortSignal }): Promise<PollResults>;
    /** Live results; the first call of `onResults` comes right after connecting. Returns unsubscribe. */
    subscribe(id: string, onResults: (r: PollResults) => void, opts?: SubscribeOptions): () => void;
  };
  proposals: {
    /** The site's categories, regions, contact policy, consent notice and anti-spam settings. */
    settings(opts?: { signal?: AbortSignal }): Promise<ProposalSettings>;
    /** A fresh form token (and proof-of-work challenge when the site requires one) for `submit`. */
    challenge(opts?: { signal?: AbortSignal }): Promise<ProposalChallenge>;
    /** Submits a proposal; retries reuse one Idempotency-Key, so a retried submit never files twice. */
    submit(body: ProposalSubmit, opts?: VoteOptions): Promise<ProposalReceipt>;
    /** Published proposals, newest or most supported first. `page` is 1-based. */
    list(opts?: { sort?: ProposalSort; page?: number; pageSize?: number; category?: string; signal?: AbortSignal }): Promise<ProposalPage>;
    get(id: string, opts?: { signal?: AbortSignal }): Promise<Proposal>;
    /** Follows a proposal by its receipt number; with the tracking code also before it is published. */
    track(receiptNumber: string, opts?: { code?: string; signal?: AbortSignal }): Promise<Proposal>;
    /** "I support this": one per voter (voter token or device id, per the site's policy). */
    support(id: string, body: SupportRequest, opts?: VoteOptions): Promise<SupportReceipt>;
  };
  /** Budget datasets (loaded on first use; `createBudgetsClient` gives the same without polls and proposals). */
  budgets: {
    list(opts?: { signal?: AbortSignal }): Promise<BudgetDatasetList>;
    get(id: string, opts?: { signal?: AbortSignal }): Promise<BudgetDataset>;
    view(id: string, query?: BudgetQuery, opts?: { signal?: AbortSignal }): Promise<BudgetView>;
    comparison(id: string, query?: BudgetComparisonQuery, opts?: { signal?: AbortSignal }): Promise<BudgetComparison>;
    lines(id: string, query?: BudgetLinesQuery, opts?: { signal?: AbortSignal }): Promise<BudgetLinePage>;
  };
}

const inBrowser = () => typeof window !== 'undefined' && typeof document !== 'undefined';

export function createClient(opts: ClientOptions): MadangClient {
  if (!opts.siteKey) throw new MadangError('createClient needs the site’s publishable key (siteKey: pk_…)');
  if (opts.siteKey.startsWith('sk_') && inBrowser()) {
    throw new MadangError('a secret key (sk_…) must never be used in a browser; use the publishable key (pk_…) and rotate this one');
  }
  const t = createTransport({ baseUrl: opts.baseUrl, key: opts.siteKey, fetch: opts.fetch, retry: opts.retry, timeoutMs: opts.timeoutMs });
  // A dynamic import: bundles that never call budgets keep the budget schemas out.
  let loaded: Promise<BudgetsClient> | undefined;
  const budgets = () => (loaded ??= import('./budgets-client.js').then((m) => m.budgetsClient(t)));
  return {
    budgets: {
      list: async (o) => (await budgets()).list(o),
      get: async (id, o) => (await budgets()).get(id, o),
      view: async (id, q, o) => (await budgets()).view(id, q, o),
      comparison: async (id, q, o) => (await budgets()).comparison(id, q, o),
      lines: async (id, q, o) => (await budgets()).lines(id, q, o),
    },
    polls: {
      get: (id, o = {}) => t.call(routes.getPoll, { params: { id }, signal: o.signal }),
      vote: (id, body, o = {}) =>
        t.call(routes.vote, { params: { id }, json: body, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), signal: o.signal }),
      results: (id, o = {}) => t.call(routes.results, { params: { id }, query: { receipt: o.receipt }, signal: o.signal }),
      subscribe: (id, onResults, o) => subscribeResults(t, id, onResults, o),
    },
    proposals: {
      settings: (o = {}) => t.call(routes.getProposalSettings, { signal: o.signal }),
      challenge: (o = {}) => t.call(routes.proposalChallenge, { signal: o.signal }),
      submit: (body, o = {}) =>
        t.call(routes.submitProposal, { json: body, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), signal: o.signal }),
      list: (o = {}) =>
        t.call(routes.listProposals, {
          query: {
            sort: o.sort,
            page: o.page === undefined ? undefined : String(o.page),
            pageSize: o.pageSize === undefined ? undefined : String(o.pageSize),
            category: o.category,
          },
          signal: o.signal,
        }),
      get: (id, o = {}) => t.call(routes.getProposal, { params: { id }, signal: o.signal }),
      track: (receiptNumber, o = {}) => t.call(routes.trackProposal, { params: { receiptNumber }, query: { code: o.code }, signal: o.signal }),
      support: (id, body, o = {}) =>
        t.call(routes.supportProposal, { params: { id }, json: body, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), signal: o.signal }),
    },
  };
}
