import {
  PollId,
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
/** Rows each counter is spread over (see migrations: poll_option_counts, poll_vote_totals). */
export const COUNTER_SHARDS = 16;

export interface PollRecord extends Poll {
  siteId: string;
  closedAt: string | null;
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
  };
}

/** The public shape: drops the server-side fields. */
export function publicPoll(p: PollRecord): Poll {
  const { siteId: _s, closedAt: _c, ...poll } = p;
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
    const history = await q.query(`INSERT INTO poll_events (poll_id, state) VALUES ($1, 'created') RETURNING *`, [id]);
    const poll = publicPoll(toPoll(row, history));
    await afterInsert?.(q, poll);
    return poll;
  });
}

export async function getPoll(q: Queryable, siteId: string, id: string, opts: { history?: boolean } = {}): Promise<PollRecord> {
  const [row] = PollId.safeParse(id).success ? await q.query('SELECT * FROM polls WHERE id = $1 AND site_id = $2', [id, siteId]) : [];
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

/** Sums the counter shards: votes per option and voters in all. */
async function counts(q: Queryable, pollId: string) {
  const [row] = await q.query<{ options: [string, number][] | null; total: number; now: Date }>(
    `SELECT (SELECT json_agg(json_build_array(option_id, n)) FROM (
               SELECT option_id, sum(votes)::int AS n FROM poll_option_counts WHERE poll_id = $1 GROUP BY option_id) o) AS options,
            (SELECT coalesce(sum(votes), 0)::int FROM poll_vote_totals WHERE poll_id = $1) AS total,
            clock_timestamp() AS now`,
    [pollId],
  );
  return { byId: new Map(row.options ?? []), total: row.total, at: iso(row.now)! };
}

function resultsOf(poll: Poll, c: Awaited<ReturnType<typeof counts>>, forwardedAt: string | null): PollResults {
  return {
    pollId: poll.id,
    status: poll.status,
    visible: true,
    totalVotes: c.total,
    options: poll.options.map((o) => ({ id: o.id, votes: c.byId.get(o.id) ?? 0 })),
    threshold: poll.threshold ? { ...poll.threshold, current: c.byId.get(poll.threshold.optionId) ?? 0, forwardedAt } : null,
    updatedAt: c.at,
  };
}

/** Counts for a poll, before any visibility rule is applied. */
export async function tally(q: Queryable, poll: PollRecord): Promise<PollResults> {
  return resultsOf(poll, await counts(q, poll.id), poll.forwardedAt);
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
  if (!receipt || !/^rcpt_[A-Za-z0-9]{16,64}$/.test(receipt)) return false;
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
 * Records one vote in one transaction, taking no lock that other voters wait for: the ballot
 * row (whose unique constraint refuses a second vote from the same voter; the insert also
 * re-checks that the poll is open), then one random shard of each counter. The idempotent
 * response is stored in the same transaction, and the NOTIFY is delivered on commit.
 * After the commit, `forwardIfReached` records the threshold transition.
 */
export async function castVote(
  db: Db,
  poll: PollRecord,
  choices: string[],
  voter: Voter,
  onCommitting: (q: Queryable, receipt: VoteReceipt) => Promise<void>,
): Promise<VoteReceipt> {
  const sorted = [...choices].sort();
  const shard = Math.floor(Math.random() * COUNTER_SHARDS);
  const receipt = await db.tx(async (q) => {
    const receiptId = `rcpt_${randomId(24)}`;
    const inserted = await q.query(
      `INSERT INTO votes (receipt_id, poll_id, voter_key, voter_kind, choices)
       SELECT $1, $2, $3, $4, $5 FROM polls
       WHERE id = $2 AND closed_at IS NULL AND (closes_at IS NULL OR closes_at > now()) AND (opens_at IS NULL OR opens_at <= now())
       ON CONFLICT (poll_id, voter_key) DO NOTHING RETURNING created_at`,
      [receiptId, poll.id, voter.key, voter.kind, sorted],
    );
    if (!inserted.length) {
      const [again] = await q.query('SELECT * FROM polls WHERE id = $1', [poll.id]);
      if (status(again) !== 'open') assertOpen({ ...poll, status: status(again) });
      // The voter proved who they are (token or device id): they may have their own receipt back.
      const [mine] = await q.query('SELECT receipt_id FROM votes WHERE poll_id = $1 AND voter_key = $2', [poll.id, voter.key]);
      throw new HttpProblem('already-voted', 'each voter has one vote in this poll', { receiptId: mine?.receipt_id });
    }
    await q.query(
      `WITH total AS (
         INSERT INTO poll_vote_totals (poll_id, shard, votes) VALUES ($1, $3, 1)
         ON CONFLICT (poll_id, shard) DO UPDATE SET votes = poll_vote_totals.votes + 1
       )
       INSERT INTO poll_option_counts (poll_id, option_id, shard, votes) SELECT $1, unnest($2::text[]), $3, 1
       ON CONFLICT (poll_id, option_id, shard) DO UPDATE SET votes = poll_option_counts.votes + 1`,
      [poll.id, sorted, shard],
    );
    const results = resultsOf(poll, await counts(q, poll.id), poll.forwardedAt);
    const r: VoteReceipt = {
      receiptId,
      pollId: poll.id,
      choices: sorted,
      votedAt: iso(inserted[0].created_at)!,
      results: visibleTo(results, poll, true),
    };
    await onCommitting(q, r);
    // Delivered to every LISTENing server process when (and only if) this transaction commits.
    await q.query('SELECT pg_notify($1, $2)', [RESULTS_CHANNEL, poll.id]);
    return r;
  });
  if (poll.threshold && !poll.forwardedAt) await forwardIfReached(db, poll.id);
  return receipt;
}

/**
 * Records `forwarded` the first time the threshold option's votes reach the count — exactly
 * once: the UPDATE only matches while forwarded_at is null (the row lock makes a concurrent
 * second attempt re-check and match nothing), and a partial unique index on poll_events backs
 * it. Runs after every committed vote on a poll with a threshold; the last vote to commit
 * always sees every committed vote, so the crossing is never missed. Also run as a sweep at
 * start, in case a process died between a vote's commit and this check.
 */
export async function forwardIfReached(db: Queryable, pollId?: string): Promise<number> {
  const rows = await db.query(
    `WITH due AS (
       UPDATE polls p SET forwarded_at = now()
       WHERE ($1::text IS NULL OR p.id = $1) AND p.forwarded_at IS NULL AND p.threshold_option IS NOT NULL
         AND p.threshold_count <= (SELECT coalesce(sum(c.votes), 0) FROM poll_option_counts c
                                   WHERE c.poll_id = p.id AND c.option_id = p.threshold_option)
       RETURNING p.id, p.threshold_count
     ), events AS (
       INSERT INTO poll_events (poll_id, state, note)
       SELECT id, 'forwarded', json_build_object(
         'ko', to_char(threshold_count, 'FM999,999,999') || '표 기준에 도달하여 위원회에 회부되었습니다.',
         'en', 'Reached ' || to_char(threshold_count, 'FM999,999,999') || ' votes and was forwarded to the committee.')::jsonb
       FROM due RETURNING poll_id
     )
     SELECT poll_id, pg_notify($2, poll_id) FROM events`,
    [pollId ?? null, RESULTS_CHANNEL],
  );
  return rows.length;
}
