/**
 * The one request path shared by the browser client (index.ts) and the admin client (admin.ts):
 * URL building from the contract's routes, auth header, retries (ky), response parsing with the
 * contract schemas, and the mapping of every failure onto the SDK's error classes.
 */
import ky, { isHTTPError, isTimeoutError, type HTTPError, type KyInstance } from 'ky';
import { fillPath, Problem, problemSlug, type z } from '@madang/contracts';
import { MadangApiError, MadangError, MadangNetworkError, MadangResponseError } from './errors.js';

export interface RetryOptions {
  /** Retries after the first attempt (default 3); 0 disables retrying. */
  limit?: number;
  /** Upper bound of one wait between attempts, also capping the server's Retry-After (default 10 000 ms). */
  backoffLimitMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  key: string;
  fetch?: typeof fetch;
  retry?: RetryOptions;
  /** Per attempt, until the response headers arrive and again for reading the body (default 10 000 ms). */
  timeoutMs?: number;
}

/** An entry of the contract's `routes` table. */
export interface Route {
  method: string;
  path: string;
  response: z.ZodMiniType;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  json?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface Transport {
  call<R extends Route>(route: R, opts?: CallOptions): Promise<z.output<R['response']>>;
  /** Absolute URL of a route path (with `{param}`s filled) plus query parameters. */
  url(path: string, query?: Record<string, string | undefined>): string;
  /** The fetch in use; resolves `globalThis.fetch` at call time when none was given. */
  fetch: typeof fetch;
  authorization: string;
}

/** Every 5xx, 429, and 409 (only retried when the problem is `idempotency-key-in-use`, see shouldRetry). */
const RETRY_STATUS = [409, 429, ...Array.from({ length: 100 }, (_, i) => 500 + i)];

/** A random UUID (v4) for the Idempotency-Key header; works outside secure contexts too. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function checkBaseUrl(baseUrl: string): string {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new MadangError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new MadangError(`baseUrl must use http or https, got ${u.protocol}`);
  return baseUrl.replace(/\/+$/, '');
}

/** The problem of an error response: the body when it is a Problem, otherwise one synthesized from the status. */
export function toApiError(status: number, statusText: string, body: unknown): MadangApiError {
  const parsed = Problem.safeParse(body);
  if (parsed.success) return new MadangApiError(status, parsed.data);
  const detail = typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined;
  return new MadangApiError(status, {
    type: 'about:blank',
    title: statusText || `HTTP ${status}`,
    status,
    ...(detail ? { detail } : {}),
  });
}

/**
 * Reads a body as text within `ms`. ky 1 times out only the wait for the response headers, so the
 * body gets its own deadline; when it passes, the body is cancelled (dropping the connection) and
 * the read rejects with a TimeoutError.
 */
async function readText(res: Response, ms: number): Promise<string> {
  const reader = res.body?.getReader();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    reader?.cancel().catch(() => {});
  }, ms);
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (let r; reader && !(r = await reader.read()).done; ) text += decoder.decode(r.value, { stream: true });
  } catch (e) {
    if (!late) throw e;
  } finally {
    clearTimeout(timer);
  }
  if (late) throw new DOMException(`the response body took longer than ${ms} ms`, 'TimeoutError');
  return text + decoder.decode();
}

/** JSON.parse, or `fallback` when the text is not JSON (or missing). */
function parseJson(text: string | undefined, fallback: unknown): unknown {
  try {
    return JSON.parse(text!);
  } catch {
    return fallback;
  }
}

/** Reads an error response's body (problem+json or anything else) into a MadangApiError. */
export async function apiErrorFrom(res: Response): Promise<MadangApiError> {
  const text = await res.text().catch(() => undefined);
  return toApiError(res.status, res.statusText, parseJson(text, text));
}

/** Parses a response body against its contract schema. */
export function parseBody<S extends z.ZodMiniType>(schema: S, text: string, what: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MadangResponseError(`${what}: the response body is not JSON`);
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues;
    const first = issues[0];
    const where = first?.path.length ? first.path.join('.') : '(body)';
    throw new MadangResponseError(`${what}: the response does not match the contract (${where}: ${first?.code ?? 'invalid'})`, issues);
  }
  return r.data;
}

/** ky 1's HTTPError, with its body as the beforeError hook read it (ky 2 had this built in). */
type HTTPErrorWithData = HTTPError & { data?: unknown };

function toMadangError(e: unknown, signal: AbortSignal | undefined, what: string): unknown {
  if (signal?.aborted) return signal.reason;
  if (e instanceof MadangError) return e;
  if (isHTTPError(e)) return toApiError(e.response.status, e.response.statusText, (e as HTTPErrorWithData).data);
  if (isTimeoutError(e)) return new MadangNetworkError(`${what}: timed out`, e);
  // fetch rejects with a TypeError when the network fails (ky 1 passes it on unwrapped), and a
  // dropped connection while reading the body surfaces as TypeError or AbortError too.
  if (isNetworkError(e) || (e instanceof Error && e.name === 'AbortError')) {
    return new MadangNetworkError(`${what}: network error (${describe(e)})`, e);
  }
  return e;
}

/** What fetch throws when the request could not be made or the connection failed (an abort is a DOMException, not a TypeError). */
const isNetworkError = (e: unknown): e is TypeError => e instanceof Error && e.name === 'TypeError';

function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const inner = (e as { cause?: unknown }).cause;
  return inner instanceof Error ? `${e.message}: ${inner.message}` : e.message;
}

export function createTransport(opts: TransportOptions): Transport {
  const base = checkBaseUrl(opts.baseUrl);
  const authorization = `Bearer ${opts.key}`;
  // Looked up at call time, so a fetch installed (or replaced) after createClient is used.
  const doFetch: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const backoffLimit = opts.retry?.backoffLimitMs ?? 10_000;
  const timeout = opts.timeoutMs ?? 10_000;

  const api: KyInstance = ky.create({
    fetch: doFetch,
    timeout,
    headers: { authorization, accept: 'application/json' },
    retry: {
      limit: opts.retry?.limit ?? 3,
      // POSTs are safe to retry: each carries one Idempotency-Key across all its attempts.
      // PATCHes and PUTs set absolute values, so repeating one changes nothing.
      methods: ['get', 'post', 'patch', 'put'],
      statusCodes: RETRY_STATUS,
      afterStatusCodes: RETRY_STATUS,
      backoffLimit,
      maxRetryAfter: backoffLimit,
      jitter: true,
      retryOnTimeout: true,
      shouldRetry: ({ error }) => {
        if (isHTTPError(error)) {
          // A 409 is final, except "the first request with this key is still running" (it sends Retry-After).
          if (error.response.status !== 409) return undefined;
          const type = ((error as HTTPErrorWithData).data as { type?: unknown } | undefined)?.type;
          return typeof type === 'string' && problemSlug(type) === 'idempotency-key-in-use' ? undefined : false;
        }
        // ky 1 would retry any error: keep to timeouts and network failures (not aborts, not bugs).
        return isTimeoutError(error) || isNetworkError(error) ? undefined : false;
      },
    },
    hooks: {
      // Runs before every HTTPError is thrown, so before shouldRetry sees it. Reading the body
      // also releases the connection of a response that is about to be retried.
      beforeError: [
        async (error) => {
          const text = await readText(error.response, timeout).catch(() => undefined);
          // As ky 2 did: parsed when the content type is JSON (undefined if it does not parse), else the text.
          const json = /^[^;]*\/([^;]*[.+-])?json\s*(;|$)/i.test(error.response.headers.get('content-type') ?? '');
          (error as HTTPErrorWithData).data = json ? parseJson(text, undefined) : text;
          return error;
        },
      ],
    },
  });

  const url = (path: string, query?: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) q.set(k, v);
    const s = q.toString();
    return base + path + (s ? `?${s}` : '');
  };

  return {
    url,
    fetch: doFetch,
    authorization,
    async call<R extends Route>(route: R, o: CallOptions = {}): Promise<z.output<R['response']>> {
      const path = fillPath(route.path, o.params ?? {});
      const target = url(path, o.query);
      const what = `${route.method.toUpperCase()} ${path}`;
      let text: string;
      try {
        const res = await api(target, {
          method: route.method,
          json: o.json,
          headers: o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {},
          signal: o.signal,
        });
        text = await readText(res, timeout);
      } catch (e) {
        throw toMadangError(e, o.signal, what);
      }
      return parseBody<R['response']>(route.response, text, what);
    },
  };
}
