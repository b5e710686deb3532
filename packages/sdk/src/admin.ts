/**
 * @madang/sdk/admin: the server-side client for a site's back office (create, update and close
 * polls; full results). It holds the site's secret key, so it refuses to run in a browser.
 * Never imported by the browser entry (index.ts).
 */
import { routes, type LocalizedText, type Poll, type PollCreate, type PollResults, type PollUpdate } from '@madang/contracts';
import { MadangError } from './errors.js';
import { createTransport, newIdempotencyKey, type RetryOptions } from './http.js';

export { MadangApiError, MadangError, MadangNetworkError, MadangResponseError } from './errors.js';
export { newIdempotencyKey } from './http.js';
export type { RetryOptions } from './http.js';
export type { LocalizedText, Poll, PollCreate, PollResults, PollUpdate, Problem, ProblemSlug } from '@madang/contracts';

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
  };
}
