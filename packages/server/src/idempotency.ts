/**
 * Idempotency-Key handling for every POST:
 * - same key, same request → the stored response, replayed;
 * - same key, different request → 422;
 * - same key while the first request is still running → 409.
 * The stored response is written in the SAME transaction as the write it describes, so a
 * replay can never describe something that was not committed. Failed requests release their
 * key, so the client may retry them. Keys are kept for 48 hours (at least 24 h promised).
 *
 * A running key names its process (db.ts INSTANCE_ID). A key whose process is gone — killed
 * in the middle of the request — is taken over by the next retry at once; a key of a live
 * process only once it is STALE_RUNNING_MS old. A takeover can never run a request twice:
 * `complete` only completes a key that is still running, in the write's transaction, so of two
 * executions only the first to commit keeps its write (the other rolls back with a 409, and
 * its retry replays the first one's response).
 */
import { INSTANCE_ID, type Db, type Queryable } from './db.js';
import { HttpProblem } from './problems.js';
import { sha256 } from './sites.js';

export const IDEMPOTENCY_TTL_HOURS = 48;
/** A 'running' key older than this belongs to a crashed request and may be taken over. */
const STALE_RUNNING_MS = 60_000;
/** The same for a streamed upload (a large budget import runs for minutes). */
const STALE_STREAMED_MS = 30 * 60_000;

export type Begin = { replay: { status: number; body: string } } | { replay: null };

export function requestHash(method: string, path: string, body: string) {
  return sha256(`${method} ${path}\n${body}`);
}

export function checkKey(key: string | undefined): string {
  if (!key) throw new HttpProblem('idempotency-key-required', 'send an Idempotency-Key header (e.g. a UUID) with every POST');
  if (key.length < 8 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpProblem('idempotency-key-required', 'Idempotency-Key must be 8–255 visible ASCII characters');
  }
  return key;
}

export async function begin(db: Db, siteId: string, key: string, hash: string): Promise<Begin> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (site_id, key, request_hash, state, owner) VALUES ($1, $2, $3, 'running', $4)
     ON CONFLICT (site_id, key) DO NOTHING RETURNING key`,
    [siteId, key, hash, INSTANCE_ID],
  );
  if (inserted.length) return { replay: null };
  const [row] = await db.query(
    `SELECT request_hash, state, response_status, response_body, created_at, created_at::text AS stamp, owner FROM idempotency_keys WHERE site_id = $1 AND key = $2`,
    [siteId, key],
  );
  if (!row) return begin(db, siteId, key, hash); // released between our two statements
  if (row.request_hash !== hash) {
    throw new HttpProblem('idempotency-key-reused', 'this Idempotency-Key was already used with a different request; use a new key for a new request');
  }
  if (row.state === 'done') return { replay: { status: row.response_status, body: row.response_body } };
  const age = Date.now() - new Date(row.created_at).getTime();
  // The takeover matches the key's exact created_at, as text: a JS Date has milliseconds only,
  // and would never equal a timestamptz with microseconds (no takeover would ever succeed).
  if (age > STALE_RUNNING_MS || (row.owner && !(await db.instanceAlive(row.owner)))) {
    const took = await db.query(
      `UPDATE idempotency_keys SET created_at = now(), owner = $4
       WHERE site_id = $1 AND key = $2 AND state = 'running' AND created_at = $3::timestamptz RETURNING key`,
      [siteId, key, row.stamp, INSTANCE_ID],
    );
    if (took.length) return { replay: null };
  }
  throw new HttpProblem('idempotency-key-in-use', 'the first request with this key is still running; retry in a moment', {
    headers: { 'Retry-After': '1' },
  });
}

/**
 * Call inside the write's transaction. Completes the key only while it is still running: if
 * another execution of the same request (after a takeover) committed first, this one throws,
 * which rolls its write back.
 */
export async function complete(q: Queryable, siteId: string, key: string, status: number, body: string) {
  const done = await q.query(
    `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4
     WHERE site_id = $1 AND key = $2 AND state = 'running' RETURNING key`,
    [siteId, key, status, body],
  );
  if (!done.length) {
    throw new HttpProblem('idempotency-key-in-use', 'another request with this key finished first; retry to get its response', {
      headers: { 'Retry-After': '1' },
    });
  }
}

/**
 * Frees the key of a request that failed, so the client may retry it. Only this process's own
 * running key: if another process took the key over meanwhile (it had gone stale), its run goes on.
 */
export async function release(db: Db, siteId: string, key: string) {
  await db.query(
    `DELETE FROM idempotency_keys WHERE site_id = $1 AND key = $2 AND state = 'running' AND (owner = $3 OR owner IS NULL)`,
    [siteId, key, INSTANCE_ID],
  );
}

export async function purgeExpired(db: Db) {
  await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_TTL_HOURS]);
}

/**
 * For a streamed upload, whose request hash is known only once its body was read: takes the key
 * (state `running`, hash not yet known), or returns the completed request that holds it (the
 * caller hashes its body and compares with `requestHash`). A key still running is 409 as usual.
 */
export async function beginStreamed(
  db: Db,
  siteId: string,
  key: string,
): Promise<{ done: null } | { done: { requestHash: string; status: number; body: string } }> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (site_id, key, request_hash, state) VALUES ($1, $2, 'streaming', 'running')
     ON CONFLICT (site_id, key) DO NOTHING RETURNING key`,
    [siteId, key],
  );
  if (inserted.length) return { done: null };
  const [row] = await db.query(
    `SELECT request_hash, state, response_status, response_body, created_at, created_at::text AS stamp FROM idempotency_keys WHERE site_id = $1 AND key = $2`,
    [siteId, key],
  );
  if (!row) return beginStreamed(db, siteId, key);
  if (row.state === 'done') return { done: { requestHash: row.request_hash, status: row.response_status, body: row.response_body } };
  const age = Date.now() - new Date(row.created_at).getTime();
  if (age > STALE_STREAMED_MS && row.request_hash === 'streaming') {
    const took = await db.query(
      `UPDATE idempotency_keys SET created_at = now() WHERE site_id = $1 AND key = $2 AND state = 'running' AND created_at = $3::timestamptz RETURNING key`,
      [siteId, key, row.stamp],
    );
    if (took.length) return { done: null };
  }
  if (row.request_hash !== 'streaming') {
    throw new HttpProblem('idempotency-key-reused', 'this Idempotency-Key was already used with a different request; use a new key for a new request');
  }
  throw new HttpProblem('idempotency-key-in-use', 'the first request with this key is still running; retry in a moment', {
    headers: { 'Retry-After': '1' },
  });
}

/** Completes a streamed upload's key with its request hash, now known (inside the write's transaction when there is one). */
export async function completeStreamed(q: Queryable, siteId: string, key: string, requestHash: string, status: number, body: string) {
  await q.query(
    `UPDATE idempotency_keys SET state = 'done', request_hash = $3, response_status = $4, response_body = $5 WHERE site_id = $1 AND key = $2`,
    [siteId, key, requestHash, status, body],
  );
}
