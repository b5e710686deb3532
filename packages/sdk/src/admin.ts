/**
 * @madang/sdk/admin: the server-side client for a site's back office (create, update and close
 * polls; full results). It holds the site's secret key, so it refuses to run in a browser.
 * Never imported by the browser entry (index.ts).
 */
import {
  BudgetDataset,
  routes,
  type BudgetDatasetDeleted,
  type BudgetDatasetList,
  type BudgetImportMeta,
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
import { MadangError, MadangNetworkError } from './errors.js';
import { createTransport, newIdempotencyKey, parseBody, toApiError, type RetryOptions, type Transport } from './http.js';

export { MadangApiError, MadangError, MadangNetworkError, MadangResponseError } from './errors.js';
export { newIdempotencyKey } from './http.js';
export type { RetryOptions } from './http.js';
export type {
  BudgetDataset,
  BudgetDatasetDeleted,
  BudgetDatasetList,
  BudgetImportMeta,
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

/** A file's bytes for an import: text (sent as UTF-8), bytes as they are (UTF-8 or CP949), a stream or a Blob. */
export type BudgetFileBody = string | Uint8Array | ReadableStream<Uint8Array> | Blob;

export interface BudgetImportOptions {
  /** Defaults to a new key per call. Uploads are not retried automatically (a stream cannot be sent twice): retry with the same key. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The dataset, and whether this call created it (false: the same content was imported before). */
export interface BudgetImportResult {
  dataset: BudgetDataset;
  created: boolean;
}

export interface MadangAdminClient {
  budgets: {
    /** Imports one CSV file (streamed as it is read). Same content as before → that dataset, `created: false`. */
    import(meta: BudgetImportMeta, csv: BudgetFileBody, opts?: BudgetImportOptions): Promise<BudgetImportResult>;
    /**
     * Imports a Fiscal Data Package: the descriptor (datapackage.json) and each CSV resource's
     * bytes by its `path`; `meta` (partial) overrides what the descriptor says.
     */
    importDataPackage(
      descriptor: Record<string, unknown>,
      files: Record<string, BudgetFileBody>,
      meta?: Partial<BudgetImportMeta>,
      opts?: BudgetImportOptions,
    ): Promise<BudgetImportResult>;
    list(opts?: { signal?: AbortSignal }): Promise<BudgetDatasetList>;
    get(id: string, opts?: { signal?: AbortSignal }): Promise<BudgetDataset>;
    /** Deletes the dataset and its lines. */
    delete(id: string, opts?: { signal?: AbortSignal }): Promise<BudgetDatasetDeleted>;
  };
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
    budgets: {
      import: (meta, csv, o = {}) =>
        upload(t, t.url(routes.importBudget.path, { meta: JSON.stringify(meta) }), { 'content-type': 'text/csv' }, csv, o),
      importDataPackage: async (descriptor, files, meta, o = {}) => {
        const form = new FormData();
        if (meta) form.append('meta', JSON.stringify(meta));
        form.append('datapackage', JSON.stringify(descriptor));
        const resources = Array.isArray(descriptor.resources) ? (descriptor.resources as { path?: unknown }[]) : [];
        for (const r of resources) {
          const path = typeof r?.path === 'string' ? r.path : undefined;
          if (path === undefined || !(path in files)) throw new MadangError(`importDataPackage: no file for the resource ${String(path)}`);
          const body = files[path]!;
          if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
            throw new MadangError('importDataPackage takes the resources as strings, bytes or Blobs (a multipart body is assembled from them)');
          }
          form.append(path, body instanceof Blob ? body : new Blob([body as string | Uint8Array<ArrayBuffer>], { type: 'text/csv' }), path);
        }
        return upload(t, t.url(routes.importBudget.path), {}, form, o);
      },
      list: (o = {}) => t.call(routes.listBudgets, { signal: o.signal }),
      get: (id, o = {}) => t.call(routes.getBudget, { params: { id }, signal: o.signal }),
      delete: (id, o = {}) => t.call(routes.deleteBudget, { params: { id }, signal: o.signal }),
    },
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

/** POST /v1/budgets with a body that is not JSON (a CSV stream, or a multipart form), once. */
async function upload(
  t: Transport,
  url: string,
  headers: Record<string, string>,
  body: BudgetFileBody | FormData,
  o: BudgetImportOptions,
): Promise<BudgetImportResult> {
  const stream = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
  let res: Response;
  try {
    res = await t.fetch(url, {
      method: 'POST',
      headers: { authorization: t.authorization, accept: 'application/json', 'idempotency-key': o.idempotencyKey ?? newIdempotencyKey(), ...headers },
      body: body as BodyInit,
      signal: o.signal,
      // A streamed request body (Node and Chromium need this).
      ...(stream ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (e) {
    if (o.signal?.aborted) throw o.signal.reason;
    throw new MadangNetworkError(`POST /v1/budgets: network error (${(e as Error).message})`, e);
  }
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) {
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    throw toApiError(res.status, res.statusText, parsed);
  }
  return { dataset: parseBody(BudgetDataset, text, 'POST /v1/budgets'), created: res.status === 201 };
}
