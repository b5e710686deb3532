import {
  YES_NO_OPTIONS,
  type Poll,
  type PollCreate,
  type PollOption,
  type PollResults,
  type PollStatus,
  type PollUpdate,
  type VoteReceipt,
} from '@madang/contracts';
import type { Db, Queryable, Row } from './db.js';
import { fieldProblem, HttpProblem } from './problems.js';
import { iso, randomId } from './sites.js';
import type { Voter } from './voter.js';

export const RESULTS_CHANNEL = 'madang_results';

export interface PollRecord extends Poll {
  siteId: string;
  closedAt: string | null;
  totalVotes: number;
}

function status(r: Row, now = Date.now()): PollStatus {
  if (r.closed_at || (r.closes_at && new Date(r.closes_at).getTime() <= now)) return 'closed';
  if (r.opens_at && new Date(r.opens_at).getTime() > now) return 'scheduled';
  return 'open';
}

function toPoll(r: Row, history: Row[]): PollRecord {
  return {
    id: r.id,
    siteId: r.site_id,
    kind: r.kind,
    question: r.question,
    description: r.description ?? null,
    options: r.options,
    minChoices: r.min_choices,
    maxChoices: r.max_choices,
    opensAt: iso(r.opens_at),
    closesAt: iso(r.closes_at),
    closedAt: iso(r.closed_at),
    status: status(r),
    resultsVisibility: r.results_visibility,
    voterPolicy: r.voter_policy,
    threshold: r.threshold_option ? { optionId: r.threshold_option, count: r.threshold_count } : null,
    forwardedAt: iso(r.forwarded_at),
    history: history.map((h) => ({ state: h.state, at: iso(h.at)!, note: h.note ?? null })),
    createdAt: iso(r.created_at)!,
    totalVotes: r.total_votes,
  };
}

/** The public shape: drops the server-side fields. */
export function publicPoll(p: PollRecord): Poll {
  const { siteId: _s, closedAt: _c, totalVotes: _t, ...poll } = p;
  return poll;
}

export async function createPoll(db: Db, siteId: string, input: PollCreate, afterInsert?: (q: Queryable, poll: Poll) => Promise<void>) {
  const options: PollOption[] = input.options ?? YES_NO_OPTIONS;
  const min = input.minChoices ?? 1;
  const max = input.maxChoices ?? (input.kind === 'multiple' ? options.length : 1);
  const id = `poll_${randomId(16)}`;
  return db.tx(async (q) => {
    const [row] = await q.query(
      `INSERT INTO polls (id, site_id, kind, question, description, options, min_choices, max_choices, opens_at, closes_at,
                          results_visibility, voter_policy, threshold_option, threshold_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      [
        id,
        siteId,
        input.kind,
        JSON.stringify(input.question),
        input.description ? JSON.stringify(input.description) : null,
        JSON.stringify(options),
        min,
        max,
        input.opensAt ?? null,
        input.closesAt ?? null,
        input.resultsVisibility ?? 'always',
        input.voterPolicy ?? 'anonymous',
        input.threshold?.optionId ?? null,
        input.threshold?.count ?? null,
      ],
    );
    await q.query(
      `INSERT INTO poll_option_counts (poll_id, option_id) SELECT $1, unnest($2::text[])`,
      [id, options.map((o) => o.id)],
    );
    const history = await q.query(`INSERT INTO poll_events (poll_id, state) VALUES ($1, 'created') RETURNING *`, [id]);
    const poll = publicPoll(toPoll(row, history));
    await afterInsert?.(q, poll);
    return poll;
  });
}

export async function getPoll(q: Queryable, siteId: string, id: string, opts: { history?: boolean } = {}): Promise<PollRecord> {
  const [row] = await q.query('SELECT * FROM polls WHERE id = $1 AND site_id = $2', [id, siteId]);
  // A poll of another site is indistinguishable from one that does not exist.
  if (!row) throw new HttpProblem('not-found', `no poll ${id} on this site`);
  const history = opts.history === false ? [] : await q.query('SELECT state, note, at FROM poll_events WHERE poll_id = $1 ORDER BY id', [id]);
  return toPoll(row, history);
}

export async function updatePoll(db: Db, siteId: string, id: string, u: PollUpdate): Promise<PollRecord> {
  return db.tx(async (q) => {
    const current = await getPoll(q, siteId, id);
    const opensAt = u.opensAt !== undefined ? u.opensAt : current.opensAt;
    const closesAt = u.closesAt !== undefined ? u.closesAt : current.closesAt;
    if (opensAt && closesAt && Date.parse(closesAt) <= Date.parse(opensAt)) {
      throw fieldProblem('validation', 'closesAt', 'must be after opensAt');
    }
    const closing = u.status === 'closed' && !current.closedAt;
    await q.query(
      `UPDATE polls SET question = $3, description = $4, opens_at = $5, closes_at = $6,
              closed_at = CASE WHEN $7::boolean THEN now() ELSE closed_at END, updated_at = now()
       WHERE id = $1 AND site_id = $2`,
      [
        id,
        siteId,
        JSON.stringify(u.question ?? current.question),
        u.description !== undefined ? (u.description ? JSON.stringify(u.description) : null) : current.description ? JSON.stringify(current.description) : null,
        opensAt,
        closesAt,
        closing,
      ],
    );
    if (closing) {
      await q.query(`INSERT INTO poll_events (poll_id, state, note) VALUES ($1, 'closed', $2)`, [id, u.note ? JSON.stringify(u.note) : null]);
    }
    await q.query('SELECT pg_notify($1, $2)', [RESULTS_CHANNEL, id]);
    return getPoll(q, siteId, id);
  });
}

/** Counts for a poll, before any visibility rule is applied. */
export async function tally(q: Queryable, poll: PollRecord): Promise<PollResults> {
  const rows = await q.query<{ option_id: string; votes: number }>(
    'SELECT option_id, votes FROM poll_option_counts WHERE poll_id = $1',
    [poll.id],
  );
  const [p] = await q.query('SELECT total_votes, forwarded_at, updated_at FROM polls WHERE id = $1', [poll.id]);
  const byId = new Map(rows.map((r) => [r.option_id, r.votes]));
  const options = poll.options.map((o) => ({ id: o.id, votes: byId.get(o.id) ?? 0 }));
  return {
    pollId: poll.id,
    status: poll.status,
    visible: true,
    totalVotes: p.total_votes,
    options,
    threshold: poll.threshold
      ? { ...poll.threshold, current: byId.get(poll.threshold.optionId) ?? 0, forwardedAt: iso(p.forwarded_at) }
      : null,
    updatedAt: iso(p.updated_at)!,
  };
}

/**
 * Applies the poll's resultsVisibility for a caller who has (or has not) voted; `true` for
 * `hasVoted` is also what the site's own secret key gets, and `'admin'` sees everything.
 */
export function visibleTo(results: PollResults, poll: Pick<Poll, 'resultsVisibility' | 'status'>, hasVoted: boolean | 'admin'): PollResults {
  const visible =
    hasVoted === 'admin' ||
    poll.resultsVisibility === 'always' ||
    poll.status === 'closed' ||
    (poll.resultsVisibility === 'after_vote' && hasVoted);
  if (visible) return results;
  return {
    ...results,
    visible: false,
    totalVotes: null,
    options: [],
    threshold: results.threshold ? { ...results.threshold, current: null } : null,
  };
}

export async function hasReceipt(q: Queryable, pollId: string, receipt: string | undefined) {
  if (!receipt) return false;
  const rows = await q.query('SELECT 1 FROM votes WHERE poll_id = $1 AND receipt_id = $2', [pollId, receipt]);
  return rows.length > 0;
}

/** Checks a ballot against the poll; names the field on failure. */
export function checkChoices(poll: Poll, choices: string[]) {
  const ids = new Set(poll.options.map((o) => o.id));
  choices.forEach((c, i) => {
    if (!ids.has(c)) throw fieldProblem('validation', `choices.${i}`, `"${c}" is not an option of this poll`);
  });
  if (choices.length < poll.minChoices) throw fieldProblem('validation', 'choices', `choose at least ${poll.minChoices}`);
  if (choices.length > poll.maxChoices) throw fieldProblem('validation', 'choices', `choose at most ${poll.maxChoices}`);
}

export function assertOpen(poll: PollRecord) {
  if (poll.status === 'scheduled') throw new HttpProblem('poll-not-open', `voting opens at ${poll.opensAt}`);
  if (poll.status === 'closed') throw new HttpProblem('poll-closed', 'this poll no longer takes votes');
}

/**
 * Records one vote in one transaction. The ballot goes in first: the unique constraint
 * refuses a second one from the same voter without touching any shared row. Only then are
 * the hot rows taken — the poll row (re-checking at commit time that the poll is open), then
 * its counters — so the poll lock is held for four round trips (poll, counters, idempotency
 * record and notify, COMMIT), not the whole transaction. Every vote takes the poll row before
 * the counters, so multi-choice votes never deadlock and the threshold transition happens
 * exactly once. `onCommitting` runs inside the transaction (the idempotent response).
 */
export async function castVote(
  db: Db,
  poll: PollRecord,
  choices: string[],
  voter: Voter,
  onCommitting: (q: Queryable, receipt: VoteReceipt) => Promise<void>,
): Promise<VoteReceipt> {
  const sorted = [...choices].sort();
  return db.tx(async (q) => {
    const receiptId = `rcpt_${randomId(24)}`;
    const inserted = await q.query(
      `INSERT INTO votes (receipt_id, poll_id, voter_key, voter_kind, choices) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (poll_id, voter_key) DO NOTHING RETURNING created_at`,
      [receiptId, poll.id, voter.key, voter.kind, sorted],
    );
    if (!inserted.length) throw new HttpProblem('already-voted', 'each voter has one vote in this poll');
    const locked = await q.query(
      `UPDATE polls SET total_votes = total_votes + 1, updated_at = now()
       WHERE id = $1 AND closed_at IS NULL AND (closes_at IS NULL OR closes_at > now()) AND (opens_at IS NULL OR opens_at <= now())
       RETURNING total_votes, threshold_option, threshold_count, forwarded_at, updated_at, closes_at`,
      [poll.id],
    );
    if (!locked.length) assertOpen({ ...poll, status: poll.status === 'scheduled' ? 'scheduled' : 'closed' });
    // Bump the chosen counters and read the others, in one statement.
    const counts = await q.query<{ option_id: string; votes: number; chosen: boolean }>(
      `WITH bumped AS (
         UPDATE poll_option_counts SET votes = votes + 1 WHERE poll_id = $1 AND option_id = ANY($2::text[]) RETURNING option_id, votes
       )
       SELECT option_id, votes, true AS chosen FROM bumped
       UNION ALL
       SELECT option_id, votes, false FROM poll_option_counts WHERE poll_id = $1 AND NOT (option_id = ANY($2::text[]))`,
      [poll.id, sorted],
    );
    const p = locked[0];
    const byId = new Map(counts.map((c) => [c.option_id, c.votes]));
    let forwardedAt = iso(p.forwarded_at);
    if (p.threshold_option && !forwardedAt && (byId.get(p.threshold_option) ?? 0) >= p.threshold_count) {
      const [f] = await q.query(`UPDATE polls SET forwarded_at = now() WHERE id = $1 RETURNING forwarded_at`, [poll.id]);
      forwardedAt = iso(f.forwarded_at);
      await q.query(`INSERT INTO poll_events (poll_id, state, note) VALUES ($1, 'forwarded', $2)`, [
        poll.id,
        JSON.stringify({
          ko: `${p.threshold_count.toLocaleString('ko-KR')}표 기준에 도달하여 위원회에 회부되었습니다.`,
          en: `Reached ${p.threshold_count.toLocaleString('en')} votes and was forwarded to the committee.`,
        }),
      ]);
    }
    const full: PollResults = {
      pollId: poll.id,
      status: 'open',
      visible: true,
      totalVotes: p.total_votes,
      options: poll.options.map((o) => ({ id: o.id, votes: byId.get(o.id) ?? 0 })),
      threshold: poll.threshold ? { ...poll.threshold, current: byId.get(poll.threshold.optionId) ?? 0, forwardedAt } : null,
      updatedAt: iso(p.updated_at)!,
    };
    const receipt: VoteReceipt = {
      receiptId,
      pollId: poll.id,
      choices: sorted,
      votedAt: iso(inserted[0].created_at)!,
      results: visibleTo(full, { resultsVisibility: poll.resultsVisibility, status: 'open' }, true),
    };
    await onCommitting(q, receipt);
    // Delivered to every LISTENing server process when (and only if) this transaction commits.
    await q.query('SELECT pg_notify($1, $2)', [RESULTS_CHANNEL, poll.id]);
    return receipt;
  });
}
