/**
 * Schema migrations, applied in order at start on both engines. Append new ones; never edit
 * one that has shipped. An advisory lock keeps two processes starting together from racing.
 */
import type { Db } from './db.js';

export const MIGRATIONS: { id: number; name: string; sql: string }[] = [
  {
    id: 1,
    name: 'sites, polls, votes, idempotency',
    sql: `
CREATE TABLE sites (
  id                 text PRIMARY KEY,
  name               text NOT NULL,
  origins            text[] NOT NULL DEFAULT '{}',
  publishable_key    text NOT NULL UNIQUE,
  voter_token_secret text NOT NULL,
  jwks_url           text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

-- Secret keys are stored as SHA-256 hashes: a leaked database does not leak working keys.
CREATE TABLE site_secret_keys (
  key_hash   text PRIMARY KEY,
  site_id    text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  hint       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE polls (
  id                 text PRIMARY KEY,
  site_id            text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind               text NOT NULL CHECK (kind IN ('yes_no', 'single', 'multiple')),
  question           jsonb NOT NULL,
  description        jsonb,
  options            jsonb NOT NULL,
  min_choices        int NOT NULL,
  max_choices        int NOT NULL,
  opens_at           timestamptz,
  closes_at          timestamptz,
  closed_at          timestamptz,
  results_visibility text NOT NULL CHECK (results_visibility IN ('always', 'after_vote', 'after_close')),
  voter_policy       text NOT NULL CHECK (voter_policy IN ('verified', 'anonymous')),
  threshold_option   text,
  threshold_count    int CHECK (threshold_count > 0),
  forwarded_at       timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX polls_site ON polls (site_id);

-- Counters are spread over COUNTER_SHARDS rows per option (and for the voter total), each
-- vote bumping one shard at random: concurrent votes on one popular poll do not queue on one
-- row lock. Reads sum the shards.
CREATE TABLE poll_option_counts (
  poll_id   text NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  option_id text NOT NULL,
  shard     smallint NOT NULL,
  votes     int NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, option_id, shard)
);

CREATE TABLE poll_vote_totals (
  poll_id text NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  shard   smallint NOT NULL,
  votes   int NOT NULL DEFAULT 0,
  PRIMARY KEY (poll_id, shard)
);

-- One vote per voter, enforced here and nowhere else. voter_key is an HMAC of the token
-- subject or device id under the site's secret, never the raw identifier.
CREATE TABLE votes (
  receipt_id text PRIMARY KEY,
  poll_id    text NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  voter_key  text NOT NULL,
  voter_kind text NOT NULL CHECK (voter_kind IN ('verified', 'anonymous')),
  choices    text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT votes_one_per_voter UNIQUE (poll_id, voter_key)
);

CREATE TABLE poll_events (
  id      bigserial PRIMARY KEY,
  poll_id text NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  state   text NOT NULL CHECK (state IN ('created', 'forwarded', 'closed')),
  note    jsonb,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX poll_events_poll ON poll_events (poll_id, id);
-- A poll is forwarded to the committee at most once, whatever the application does.
CREATE UNIQUE INDEX poll_events_forwarded_once ON poll_events (poll_id) WHERE state = 'forwarded';

CREATE TABLE idempotency_keys (
  site_id         text NOT NULL,
  key             text NOT NULL,
  request_hash    text NOT NULL,
  state           text NOT NULL CHECK (state IN ('running', 'done')),
  response_status int,
  response_body   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
`,
  },
];

export async function migrate(db: Db): Promise<void> {
  await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(726175)');
    await q.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await q.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const stmt of m.sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await q.query(stmt);
      await q.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
    }
  });
}
