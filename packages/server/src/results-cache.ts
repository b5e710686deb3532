/**
 * In-process cache of each poll's record and raw tally, so that `GET /v1/polls/{id}/results`
 * and the live hub's pushes do not re-read the poll and re-sum its counters for every request.
 *
 * What is cached is the tally BEFORE any visibility rule: callers still apply `visibleTo` per
 * request (secret key, receipt, resultsVisibility), so one entry serves every caller.
 *
 * Invalidation:
 * - every committed change to a poll or its counts NOTIFYs `madang_results` (votes, PATCH/close,
 *   the forward), and every server process LISTENs (LiveHub passes each notification here), so
 *   entries are dropped in every process, on PostgreSQL as on PGlite;
 * - the process that committed also invalidates at once (`invalidate` after the commit), so a
 *   client that reads right after its own 2xx vote sees it without waiting for the NOTIFY;
 * - a read that started before an invalidation does not store its (possibly older) answer:
 *   a counter is bumped by every `invalidate`, and a fill stores its answer only if its poll was
 *   not invalidated (nor the cache cleared) after the fill began;
 * - an entry expires at the poll's next opensAt/closesAt boundary (status is derived from the
 *   clock, not from a write), and after `maxAgeMs` in any case as a safety net against a
 *   notification lost while the listening connection was down (LiveHub also clears the whole
 *   cache when that connection is re-established).
 */
import type { PollResults } from '@madang/contracts';
import type { Queryable } from './db.js';
import { getPoll, tally, type PollRecord } from './polls.js';

export interface CachedResults {
  poll: PollRecord;
  /** Counts before any visibility rule. */
  tally: PollResults;
}

interface Entry extends CachedResults {
  expiresAt: number;
}

export interface ResultsCacheOptions {
  /** false: every read goes to the database (what the benchmark compares against). */
  enabled?: boolean;
  /** Upper bound on an entry's age. Default 60 s. */
  maxAgeMs?: number;
  /** Polls kept at most; the least recently filled are dropped first. Default 10,000. */
  maxEntries?: number;
}

export class ResultsCache {
  readonly enabled: boolean;
  private entries = new Map<string, Entry>();
  /** The counter's value at each poll's last invalidation, and at the last clear (for all). */
  private invalidatedAt = new Map<string, number>();
  private clearedAt = 0;
  private generation = 0;
  private inflight = new Map<string, Promise<CachedResults>>();
  private maxAgeMs: number;
  private maxEntries: number;
  /** Reads answered from memory / from the database (for tests and the benchmark). */
  hits = 0;
  misses = 0;

  constructor(private db: Queryable, opts: ResultsCacheOptions = {}) {
    this.enabled = opts.enabled ?? true;
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
  }

  /** The poll (without history) and its raw tally; throws not-found for a poll of another site. */
  async get(siteId: string, pollId: string): Promise<CachedResults> {
    if (!this.enabled) return this.load(siteId, pollId);
    const hit = this.entries.get(pollId);
    if (hit && hit.expiresAt > Date.now() && hit.poll.siteId === siteId) {
      this.hits++;
      return hit;
    }
    // Concurrent misses for one poll share one database read.
    const key = `${siteId}\n${pollId}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const started = this.generation;
    const startedAt = Date.now();
    const p: Promise<CachedResults> = this.load(siteId, pollId)
      .then((got) => {
        if (Math.max(this.invalidatedAt.get(pollId) ?? 0, this.clearedAt) <= started) this.store(pollId, got, startedAt);
        return got;
      })
      .finally(() => {
        if (this.inflight.get(key) === p) this.inflight.delete(key);
      });
    this.inflight.set(key, p);
    return p;
  }

  /** Drops the poll's entry and makes any read already under way not store its answer. */
  invalidate(pollId: string) {
    this.invalidatedAt.set(pollId, ++this.generation);
    this.entries.delete(pollId);
    // A read under way started before this change: later callers must not join it.
    for (const key of this.inflight.keys()) if (key.endsWith(`\n${pollId}`)) this.inflight.delete(key);
    // Forgetting per-poll marks is safe once they are folded into clearedAt (fills that began
    // before now will not store; the next ones will).
    if (this.invalidatedAt.size > this.maxEntries) {
      this.invalidatedAt.clear();
      this.clearedAt = this.generation;
    }
  }

  /** Drops everything (the listening connection was down: notifications may have been lost). */
  clear() {
    this.clearedAt = ++this.generation;
    this.invalidatedAt.clear();
    this.entries.clear();
    this.inflight.clear();
  }

  get size() {
    return this.entries.size;
  }

  private async load(siteId: string, pollId: string): Promise<CachedResults> {
    this.misses++;
    const poll = await getPoll(this.db, siteId, pollId, { history: false });
    return { poll, tally: await tally(this.db, poll) };
  }

  /** `loadedAt`: when the read began, the moment the poll's status was derived for. */
  private store(pollId: string, got: CachedResults, loadedAt: number) {
    let expiresAt = loadedAt + this.maxAgeMs;
    // A boundary passed during the read leaves the entry already expired, as it should.
    for (const at of [got.poll.opensAt, got.poll.closesAt]) {
      const t = at ? Date.parse(at) : NaN;
      if (t > loadedAt && t < expiresAt) expiresAt = t;
    }
    this.entries.delete(pollId);
    this.entries.set(pollId, { ...got, expiresAt });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
