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
  {
    id: 2,
    name: 'citizen proposals: settings, proposals, history, supports, contacts, receipt counters',
    sql: `
-- A site's proposal settings (ProposalSettings as JSON, complete: defaults merged in when first written).
CREATE TABLE proposal_settings (
  site_id    text PRIMARY KEY REFERENCES sites(id) ON DELETE CASCADE,
  settings   jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Receipt numbers YYYY-NNNNNN: one gapless sequence per site and (Korean) year.
CREATE TABLE proposal_receipt_counters (
  site_id text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  year    int NOT NULL,
  last    int NOT NULL,
  PRIMARY KEY (site_id, year)
);

-- No personal data here: the author's contact lives in proposal_contacts (deleted after retention).
-- form_nonce is a hash of the form token's nonce: one proposal per form token, enforced here.
-- answer is the note of the latest accepted/rejected transition (kept with the row for listing).
CREATE TABLE proposals (
  id                      text PRIMARY KEY,
  site_id                 text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  receipt_number          text NOT NULL,
  tracking_code_hash      text NOT NULL,
  form_nonce              text NOT NULL,
  title                   text NOT NULL,
  body                    text NOT NULL,
  category                text NOT NULL,
  region                  text,
  state                   text NOT NULL DEFAULT 'submitted'
                          CHECK (state IN ('submitted', 'under_review', 'published', 'accepted', 'rejected', 'forwarded', 'implemented')),
  support_count           int NOT NULL DEFAULT 0 CHECK (support_count >= 0),
  answer                  jsonb,
  submitted_at            timestamptz NOT NULL DEFAULT now(),
  published_at            timestamptz,
  forwarded_at            timestamptz,
  updated_at              timestamptz NOT NULL DEFAULT now(),
  personal_data_purged_at timestamptz,
  CONSTRAINT proposals_receipt_per_site UNIQUE (site_id, receipt_number),
  CONSTRAINT proposals_one_per_form_token UNIQUE (site_id, form_nonce)
);
CREATE INDEX proposals_public_newest ON proposals (site_id, published_at DESC, id DESC) WHERE published_at IS NOT NULL;
CREATE INDEX proposals_public_support ON proposals (site_id, support_count DESC, published_at DESC) WHERE published_at IS NOT NULL;
CREATE INDEX proposals_site_state ON proposals (site_id, state, submitted_at DESC);
CREATE INDEX proposals_submitted ON proposals (submitted_at);

CREATE TABLE proposal_events (
  id          bigserial PRIMARY KEY,
  proposal_id text NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
  state       text NOT NULL
              CHECK (state IN ('submitted', 'under_review', 'published', 'accepted', 'rejected', 'forwarded', 'implemented')),
  actor       text NOT NULL CHECK (actor IN ('author', 'site', 'system')),
  note        jsonb,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proposal_events_proposal ON proposal_events (proposal_id, id);
-- Forwarded to the committee at most once (by the threshold or by the site), whatever the application does.
CREATE UNIQUE INDEX proposal_events_forwarded_once ON proposal_events (proposal_id) WHERE state = 'forwarded';

-- One support per voter, enforced here. voter_key is an HMAC (see voter.ts), never the raw identifier.
CREATE TABLE proposal_supports (
  proposal_id text NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
  voter_key   text NOT NULL,
  voter_kind  text NOT NULL CHECK (voter_kind IN ('verified', 'anonymous')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT proposal_supports_one_per_voter PRIMARY KEY (proposal_id, voter_key)
);

-- The author's contact and PIPA consent, apart from the proposal; the row is deleted when the
-- site's retention period after submission ends (madang proposals purge-expired).
CREATE TABLE proposal_contacts (
  proposal_id     text PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
  name            text,
  email           text,
  phone           text,
  consent_version text NOT NULL,
  consent_items   text[] NOT NULL,
  consented_at    timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: 3,
    name: 'budget datasets: lines on the five-level program hierarchy, and the nodes named by their first line',
    sql: `
-- A dataset is one import (a CSV file or a Fiscal Data Package) of one site. content_hash is the
-- SHA-256 of the metadata and the file bytes: importing the same content again finds this row.
-- periods lists [year, phase, line count] for each year and phase the lines have.
CREATE TABLE budget_datasets (
  id           text PRIMARY KEY,
  site_id      text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  title        jsonb NOT NULL,
  description  jsonb,
  source       jsonb NOT NULL,
  as_of        date NOT NULL,
  content_hash text NOT NULL,
  years        int[] NOT NULL DEFAULT '{}',
  phases       text[] NOT NULL DEFAULT '{}',
  periods      jsonb NOT NULL DEFAULT '[]',
  line_count   int NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT budget_datasets_content_per_site UNIQUE (site_id, content_hash)
);
CREATE INDEX budget_datasets_site ON budget_datasets (site_id, created_at DESC);

-- One row per BudgetLine, in import order (line_no). Amounts are exact won (bigint). The path is
-- five code/name pairs (c1/n1 = 분야 … c5/n5 = 세부사업; depth says how many are set); k1 … k5,
-- org_key and item_key are the node keys (code, else name) the views group and filter by.
CREATE TABLE budget_lines (
  dataset_id text NOT NULL REFERENCES budget_datasets(id) ON DELETE CASCADE,
  line_no    int NOT NULL,
  year       smallint NOT NULL,
  phase      text NOT NULL CHECK (phase IN ('proposed', 'approved', 'adjusted', 'executed')),
  org_code   text,
  org_name   text NOT NULL,
  org_key    text GENERATED ALWAYS AS (coalesce(org_code, org_name)) STORED,
  depth      smallint NOT NULL CHECK (depth BETWEEN 1 AND 5),
  c1 text, n1 text NOT NULL, k1 text GENERATED ALWAYS AS (coalesce(c1, n1)) STORED,
  c2 text, n2 text,          k2 text GENERATED ALWAYS AS (coalesce(c2, n2)) STORED,
  c3 text, n3 text,          k3 text GENERATED ALWAYS AS (coalesce(c3, n3)) STORED,
  c4 text, n4 text,          k4 text GENERATED ALWAYS AS (coalesce(c4, n4)) STORED,
  c5 text, n5 text,          k5 text GENERATED ALWAYS AS (coalesce(c5, n5)) STORED,
  item_code  text,
  item_name  text,
  item_key   text GENERATED ALWAYS AS (coalesce(item_code, item_name)) STORED,
  amount     bigint NOT NULL,
  headcount  int CHECK (headcount >= 0),
  source     text,
  PRIMARY KEY (dataset_id, line_no)
);
-- The view (one year and phase, and the previous year, under a path prefix) and the
-- organisation comparison (one year and phase).
CREATE INDEX budget_lines_view ON budget_lines (dataset_id, year, phase, k1, k2, k3, k4);

-- Every node of a dataset (classification nodes under their parent's keys, organisations,
-- economic items) with the code and name of the first line (in import order) that has it: the
-- name a view shows for a key, whatever year or phase is viewed. Written at the end of an import.
CREATE TABLE budget_nodes (
  dataset_id text NOT NULL REFERENCES budget_datasets(id) ON DELETE CASCADE,
  kind       text NOT NULL CHECK (kind IN ('path', 'organization', 'item')),
  parent     text[] NOT NULL,
  key        text NOT NULL,
  code       text,
  name       text NOT NULL,
  first_line int NOT NULL,
  PRIMARY KEY (dataset_id, kind, parent, key)
);
`,
  },
  {
    id: 4,
    name: 'single-use voter tokens: a per-site setting and the jti each token spent',
    sql: `
-- When on, a voter token must carry a jti and is accepted once (see voter.ts, spendVoterToken).
ALTER TABLE sites ADD COLUMN voter_token_single_use boolean NOT NULL DEFAULT false;

-- One row per spent token, written in the same transaction as the vote or support it allowed
-- (a failed vote spends nothing). exp is the token's own expiry: after it the token is refused
-- anyway, so the row is purged (server housekeeping, hourly).
CREATE TABLE used_voter_tokens (
  site_id text NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  jti     text NOT NULL,
  exp     timestamptz NOT NULL,
  used_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT used_voter_tokens_once PRIMARY KEY (site_id, jti)
);
CREATE INDEX used_voter_tokens_exp ON used_voter_tokens (exp);
`,
  },
  {
    id: 5,
    name: 'idempotency keys name the process running their request',
    sql: `
-- The process (db.ts INSTANCE_ID) that holds a running key: when it is gone (killed, crashed),
-- a retry takes the key over at once instead of waiting for the key to go stale.
ALTER TABLE idempotency_keys ADD COLUMN owner text;
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
