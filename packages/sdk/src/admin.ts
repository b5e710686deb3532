/**
 * @madang/sdk/admin: the server-side client for a site's back office (create, update and close
 * polls; full results). It holds the site's secret key, so it refuses to run in a browser.
 * Never imported by the browser entry (index.ts).
 */
import {
  routes,
  type AdminProposal,
  type AdminProposalPage,
  type LocalizedText,
  type Poll,
  type PollCreate,
  type PollResults,
  type PollUpdate,
  type ProposalSettings,
  type ProposalSettingsUpdate,
  type ProposalState,
} from '@madang/contracts';
import { MadangError } from './errors.js';
import { createTransport, newIdempotencyKey, type RetryOptions } from './http.js';

export { MadangApiError, MadangError, MadangNetworkError, MadangResponseError } from './errors.js';
export { newIdempotencyKey } from './http.js';
export type { RetryOptions } from './http.js';
export type {
  AdminProposal,
  AdminProposalPage,
  LocalizedText,
  Poll,
  PollCreate,
  PollResults,
  PollUpdate,
  Problem,
  ProblemSlug,
  ProposalSettings,
  ProposalSettingsUpdate,
  ProposalState,
} from '@madang/contracts';

export interface AdminClientOptions {
  baseUrl: string;
  /** The site's secret key (`sk_…`). Keep it on your server. */
  secretKey: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  timeoutMs?: number;
}

export interface MadangAdminClient {
  polls: {
    create(body: PollCreate, opts?: { idempotencyKey?: string; signal?: AbortSignal }): Promise<Poll>;
    update(id: string, body: PollUpdate, opts?: { signal?: AbortSignal }): Promise<Poll>;
    /** Closes the poll now; `note` is shown in its history (a string is taken as Korean). */
    close(id: string, note?: LocalizedText | string, opts?: { signal?: AbortSignal }): Promise<Poll>;
    get(id: string, opts?: { signal?: AbortSignal }): Promise<Poll>;
    /** Results as the server shows them to the secret key (see the server's visibility rules). */
    results(id: string, opts?: { signal?: AbortSignal }): Promise<PollResults>;
  };
  proposals: {
    /** Replaces the settings given (the rest stay as they are). */
    updateSettings(body: ProposalSettingsUpdate, opts?: { signal?: AbortSignal }): Promise<ProposalSettings>;
    /** The review queue (`state: 'submitted'`) or any state; with the authors' contact. */
    list(opts?: { state?: ProposalState; page?: number; pageSize?: number; signal?: AbortSignal }): Promise<AdminProposalPage>;
    get(id: string, opts?: { signal?: AbortSignal }): Promise<AdminProposal>;
    /** Moves a proposal on; `note` is public (a string is taken as Korean) and required for accepted/rejected. */
    transition(
      id: string,
      to: ProposalState,
      note?: LocalizedText | string,
      opts?: { idempotencyKey?: string; signal?: AbortSignal },
    ): Promise<AdminProposal>;
  };
}

export function createAdminClient(opts: AdminClientOptions): MadangAdminClient {
  if (typeof window !== 'undefined' && typeof document !== 'undefined') {
    throw new MadangError('createAdminClient is for servers only: a secret key must never reach a browser');
  }
  if (typeof opts.secretKey !== 'string' || !opts.secretKey.startsWith('sk_')) {
    throw new MadangError('createAdminClient needs the site’s secret key (sk_…); publishable keys (pk_…) belong to createClient');
  }
  const t = createTransport({ baseUrl: opts.baseUrl, key: opts.secretKey, fetch: opts.fetch, retry: opts.retry, timeoutMs: opts.timeoutMs });
  const update = (id: string, body: PollUpdate, o: { signal?: AbortSignal } = {}) =>
    t.call(routes.updatePoll, { params: { id }, json: body, signal: o.signal });
  return {
    polls: {
      create: (body, o = {}) =>
        t.call(routes.createPoll, { json: body, idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(), signal: o.signal }),
      update,
      close: (id, note, o) =>
        update(id, { status: 'closed', ...(note ? { note: typeof note === 'string' ? { ko: note } : note } : {}) }, o),
      get: (id, o = {}) => t.call(routes.getPoll, { params: { id }, signal: o.signal }),
      results: (id, o = {}) => t.call(routes.results, { params: { id }, signal: o.signal }),
    },
    proposals: {
      updateSettings: (body, o = {}) => t.call(routes.updateProposalSettings, { json: body, signal: o.signal }),
      list: (o = {}) =>
        t.call(routes.adminListProposals, {
          query: {
            state: o.state,
            page: o.page === undefined ? undefined : String(o.page),
            pageSize: o.pageSize === undefined ? undefined : String(o.pageSize),
          },
          signal: o.signal,
        }),
      get: (id, o = {}) => t.call(routes.adminGetProposal, { params: { id }, signal: o.signal }),
      transition: (id, to, note, o = {}) =>
        t.call(routes.transitionProposal, {
          params: { id },
          json: { to, ...(note ? { note: typeof note === 'string' ? { ko: note } : note } : {}) },
          idempotencyKey: o.idempotencyKey ?? newIdempotencyKey(),
          signal: o.signal,
        }),
    },
  };
}
