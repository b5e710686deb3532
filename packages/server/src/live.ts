/**
 * Live results fan-out. Every committed vote NOTIFYs `madang_results` with the poll id; every
 * server process LISTENs once, and pushes fresh results to its own stream subscribers. Bursts
 * are coalesced: one tally per poll per interval (default 250 ms, so at most 4 updates a
 * second), however many votes arrive in it.
 */
import type { PollResults } from '@madang/contracts';
import type { Db } from './db.js';
import { RESULTS_CHANNEL, visibleTo } from './polls.js';
import { ResultsCache } from './results-cache.js';

export interface Subscriber {
  siteId: string;
  /** Whether this subscriber proved it voted (after_vote polls show it the counts), or is the site itself. */
  hasVoted: boolean | 'admin';
  send(results: PollResults): void;
}

export class LiveHub {
  private subs = new Map<string, Set<Subscriber>>();
  private pending = new Map<string, NodeJS.Timeout>();
  private lastFlush = new Map<string, number>();
  /** Polls whose tally is being read now: a change arriving meanwhile needs one more flush. */
  private flushing = new Set<string>();
  private dirty = new Set<string>();
  /** What was last pushed per poll (without its timestamp): an unchanged tally is not pushed again. */
  private lastPushed = new Map<string, string>();
  private stopListening?: () => Promise<void>;

  readonly cache: ResultsCache;

  constructor(private db: Db, private intervalMs = 250, cache?: ResultsCache) {
    this.cache = cache ?? new ResultsCache(db);
  }

  async start() {
    this.stopListening = await this.db.listen(
      RESULTS_CHANNEL,
      (pollId) => this.committed(pollId),
      // Votes may have committed while the listening connection was down: refresh everyone.
      () => {
        this.cache.clear();
        for (const pollId of this.subs.keys()) this.changed(pollId);
      },
    );
  }

  /**
   * A change to the poll has committed: drop its cached results and schedule a push. Called
   * for every NOTIFY, and directly by the request that committed it (before it answers), so
   * that this process does not depend on the notification's arrival for read-your-writes.
   */
  committed(pollId: string) {
    this.cache.invalidate(pollId);
    this.changed(pollId);
  }

  async stop() {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    await this.stopListening?.();
  }

  subscribe(pollId: string, sub: Subscriber): () => void {
    let set = this.subs.get(pollId);
    if (!set) this.subs.set(pollId, (set = new Set()));
    set.add(sub);
    return () => {
      set!.delete(sub);
      if (!set!.size && this.subs.get(pollId) === set) {
        this.subs.delete(pollId);
        this.lastPushed.delete(pollId);
      }
    };
  }

  get subscriberCount() {
    let n = 0;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  private changed(pollId: string) {
    if (!this.subs.has(pollId)) return;
    if (this.flushing.has(pollId)) {
      this.dirty.add(pollId);
      return;
    }
    if (this.pending.has(pollId)) return;
    const wait = Math.max(0, (this.lastFlush.get(pollId) ?? 0) + this.intervalMs - Date.now());
    this.pending.set(pollId, setTimeout(() => void this.flush(pollId), wait));
  }

  private async flush(pollId: string) {
    this.lastFlush.set(pollId, Date.now());
    this.flushing.add(pollId);
    const subs = this.subs.get(pollId);
    try {
      if (!subs?.size) return;
      const siteId = subs.values().next().value!.siteId;
      const { poll, tally: full } = await this.cache.get(siteId, pollId);
      // The process that took a vote pushes at once and then hears its own NOTIFY: the second
      // push would repeat the same counts to every subscriber.
      const { updatedAt: _at, ...counts } = full;
      const fingerprint = JSON.stringify(counts);
      if (this.lastPushed.get(pollId) === fingerprint) return;
      this.lastPushed.set(pollId, fingerprint);
      const hidden = visibleTo(full, poll, false);
      for (const s of subs) s.send(s.hasVoted ? visibleTo(full, poll, s.hasVoted) : hidden);
    } catch {
      // The next notification retries; a failed tally must not take the process down.
    } finally {
      this.pending.delete(pollId);
      this.flushing.delete(pollId);
      if (this.dirty.delete(pollId)) this.changed(pollId);
    }
  }
}
