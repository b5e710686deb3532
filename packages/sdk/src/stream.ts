/**
 * Live results over server-sent events, read with fetch streaming and eventsource-parser rather
 * than EventSource: it runs on Node 20 (which has no EventSource), sends the key in the
 * Authorization header instead of the URL, and lets the SDK choose when to reconnect.
 */
import { createParser } from 'eventsource-parser';
import { fillPath, PollResults, publicRoutes as routes, STREAM_EVENTS } from '@madang/contracts';
import { MadangResponseError, type MadangError } from './errors.js';
import { apiErrorFrom, parseBody, type Transport } from './http.js';

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SubscribeOptions {
  /** Receipt of the caller's vote, so `after_vote` polls stream visible counts. */
  receipt?: string;
  /**
   * Called when the subscription gives up (a 4xx such as 404/401/403, or a response that is not
   * an event stream; status then turns `closed`) and for an event whose data breaks the contract
   * (skipped; the stream goes on). Transient failures are retried and show as `reconnecting`.
   */
  onError?: (e: MadangError) => void;
  onStatus?: (s: StreamStatus) => void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
/** The server sends `: ping` every 20 s; silence this long means a dead connection. */
const IDLE_MS = 45_000;
/** A Retry-After longer than this is treated as this. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Exceptions thrown by the caller's callbacks are reported (uncaught), never taken for stream failures. */
function safely<A>(fn: ((a: A) => void) | undefined, a: A) {
  try {
    fn?.(a);
  } catch (e) {
    queueMicrotask(() => {
      throw e;
    });
  }
}

function retryAfterMs(value: string | null): number {
  if (!value) return 0;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS) : 0;
}

export function subscribeResults(
  t: Transport,
  id: string,
  onResults: (r: PollResults) => void,
  opts: SubscribeOptions = {},
): () => void {
  const path = fillPath(routes.resultsStream.path, { id });
  const url = t.url(path, { receipt: opts.receipt });
  const what = `GET ${path}`;
  let stopped = false;
  let current: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Failed attempts since the last stream that delivered results; drives the backoff. */
  let failures = 0;
  let everOpened = false;
  let last: StreamStatus | undefined;

  const status = (s: StreamStatus) => {
    if (s === last) return;
    last = s;
    safely(opts.onStatus, s);
  };

  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    current?.abort();
    current = undefined;
    status('closed');
  };

  const giveUp = (e: MadangError) => {
    if (stopped) return;
    stop();
    safely(opts.onError, e);
  };

  const retryLater = (minMs = 0) => {
    if (stopped) return;
    status('reconnecting');
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** failures);
    failures++;
    // "Equal jitter": between half and all of the ceiling, so clients spread out but never hammer.
    const delay = Math.max(minMs, ceiling / 2 + (Math.random() * ceiling) / 2);
    timer = setTimeout(() => void connect(), delay);
  };

  async function connect() {
    timer = undefined;
    if (stopped) return;
    status(everOpened || failures ? 'reconnecting' : 'connecting');
    const ctrl = (current = new AbortController());
    let idle: ReturnType<typeof setTimeout> | undefined;
    const alive = () => {
      if (idle !== undefined) clearTimeout(idle);
      idle = setTimeout(() => ctrl.abort(), IDLE_MS);
    };
    let minDelay = 0;
    try {
      alive();
      const res = await t.fetch(url, {
        headers: { authorization: t.authorization, accept: 'text/event-stream' },
        cache: 'no-store',
        signal: ctrl.signal,
      });
      if (!res.ok) {
        const err = await apiErrorFrom(res);
        if (res.status === 429 || res.status >= 500) {
          minDelay = retryAfterMs(res.headers.get('retry-after'));
          return;
        }
        return giveUp(err);
      }
      const type = res.headers.get('content-type') ?? '';
      if (!res.body || !/^text\/event-stream\b/i.test(type)) {
        void res.body?.cancel().catch(() => {});
        return giveUp(new MadangResponseError(`${what}: expected text/event-stream, got ${type || 'no body'}`));
      }
      everOpened = true;
      status('open');
      const parser = createParser({
        onEvent(ev) {
          if (ev.event !== STREAM_EVENTS.results || stopped) return;
          let results: PollResults;
          try {
            results = parseBody(PollResults, ev.data, what);
          } catch (e) {
            safely(opts.onError, e as MadangError);
            return;
          }
          failures = 0;
          safely(onResults, results);
        },
      });
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done || stopped) break;
        alive();
        parser.feed(decoder.decode(value, { stream: true }));
      }
      // The server ended the stream (deploy, restart, proxy timeout): reconnect below.
    } catch {
      // Network failure, dropped connection or idle timeout: reconnect below (unless stopped).
    } finally {
      if (idle !== undefined) clearTimeout(idle);
      if (current === ctrl) current = undefined;
      ctrl.abort();
      retryLater(minDelay);
    }
  }

  void connect();
  return () => {
    if (!stopped) stop();
  };
}
