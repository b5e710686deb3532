import { createHash, randomBytes } from 'node:crypto';
import type { Site, SiteCreate, SiteCreated, SiteUpdate } from '@madang/contracts';
import type { Db, Queryable, Row } from './db.js';
import { HttpProblem } from './problems.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random base62 string; `n` characters carry n × 5.95 bits. */
export function randomId(n: number): string {
  const bytes = randomBytes(n * 2);
  let out = '';
  for (let i = 0; out.length < n && i < bytes.length; i++) if (bytes[i] < 248) out += ALPHABET[bytes[i] % 62];
  return out.length === n ? out : out + randomId(n - out.length);
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SiteRecord {
  id: string;
  name: string;
  origins: string[];
  publishableKey: string;
  voterTokenSecret: string;
  jwksUrl: string | null;
  /** Voter tokens must carry a jti and are spent on first use (voter.ts, spendVoterToken). */
  voterTokenSingleUse: boolean;
  createdAt: string;
}

export const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d == null ? null : new Date(String(d)).toISOString());

function toRecord(r: Row): SiteRecord {
  return {
    id: r.id,
    name: r.name,
    origins: r.origins ?? [],
    publishableKey: r.publishable_key,
    voterTokenSecret: r.voter_token_secret,
    jwksUrl: r.jwks_url ?? null,
    voterTokenSingleUse: r.voter_token_single_use === true,
    createdAt: iso(r.created_at)!,
  };
}

export const publicSite = (s: SiteRecord): Site => ({
  id: s.id,
  name: s.name,
  origins: s.origins,
  publishableKey: s.publishableKey,
  voterTokenSingleUse: s.voterTokenSingleUse,
  createdAt: s.createdAt,
});

export const voterTokenAudience = (siteId: string) => `madang:${siteId}`;

export async function createSite(db: Queryable & Pick<Db, 'tx'>, input: SiteCreate): Promise<SiteCreated> {
  const id = `site_${randomId(16)}`;
  const publishableKey = `pk_${randomId(32)}`;
  const secretKey = newSecretKey();
  const voterTokenSecret = randomBytes(32).toString('base64url');
  const origins = [...new Set(input.origins.map((o) => new URL(o).origin))];
  const rows = await db.tx(async (q) => {
    const r = await q.query(
      `INSERT INTO sites (id, name, origins, publishable_key, voter_token_secret, jwks_url, voter_token_single_use)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [id, input.name, origins, publishableKey, voterTokenSecret, input.jwksUrl ?? null, input.voterTokenSingleUse ?? false],
    );
    await insertSecretKey(q, id, secretKey);
    return r;
  });
  const site = toRecord(rows[0]);
  return { ...publicSite(site), secretKey, voterTokenSecret, voterTokenAudience: voterTokenAudience(id) };
}

/** Changes a site's settings (the fields given); answers the site as it now is. */
export async function updateSite(q: Queryable, siteId: string, u: SiteUpdate): Promise<Site> {
  const [row] = await q.query(
    `UPDATE sites SET voter_token_single_use = coalesce($2, voter_token_single_use) WHERE id = $1 RETURNING *`,
    [siteId, u.voterTokenSingleUse ?? null],
  );
  if (!row) throw new HttpProblem('not-found', `no site ${siteId}`);
  return publicSite(toRecord(row));
}

const newSecretKey = () => `sk_${randomId(40)}`;
const hint = (key: string) => key.slice(0, 7) + '…' + key.slice(-4);

async function insertSecretKey(q: Queryable, siteId: string, key: string) {
  await q.query('INSERT INTO site_secret_keys (key_hash, site_id, hint) VALUES ($1, $2, $3)', [sha256(key), siteId, hint(key)]);
}

/** Another secret key for a site (rotation: create the new one, deploy it, revoke the old). */
export async function addSecretKey(q: Queryable, siteId: string): Promise<{ siteId: string; secretKey: string }> {
  const [site] = await q.query('SELECT id FROM sites WHERE id = $1', [siteId]);
  if (!site) throw new HttpProblem('not-found', `no site ${siteId}`);
  const secretKey = newSecretKey();
  await insertSecretKey(q, siteId, secretKey);
  return { siteId, secretKey };
}

/** Revokes a secret key; the site must keep at least one. */
export async function revokeSecretKey(db: Pick<Db, 'tx'>, secretKey: string): Promise<{ siteId: string; revoked: string }> {
  return db.tx(async (q) => {
    const [k] = await q.query('SELECT site_id FROM site_secret_keys WHERE key_hash = $1 AND revoked_at IS NULL', [sha256(secretKey)]);
    if (!k) throw new HttpProblem('not-found', 'no such active secret key');
    const [{ n }] = await q.query('SELECT count(*)::int AS n FROM site_secret_keys WHERE site_id = $1 AND revoked_at IS NULL', [k.site_id]);
    if (n < 2) throw new HttpProblem('forbidden', 'this is the site’s last secret key: create another before revoking it');
    await q.query('UPDATE site_secret_keys SET revoked_at = now() WHERE key_hash = $1', [sha256(secretKey)]);
    return { siteId: k.site_id, revoked: hint(secretKey) };
  });
}

/** Resolves an API key to its site and the key's kind, with a short cache (keys rarely change). */
export class SiteDirectory {
  private cache = new Map<string, { at: number; value: { site: SiteRecord; kind: 'publishable' | 'secret' } | null }>();
  private originCache = new Map<string, { at: number; allowed: boolean }>();
  constructor(private db: Queryable, private ttlMs = 5_000) {}

  /** The cached answer for a key, without a query: undefined when not cached (or stale). */
  peek(key: string): { site: SiteRecord; kind: 'publishable' | 'secret' } | null | undefined {
    const hit = this.cache.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.value : undefined;
  }

  async byKey(key: string): Promise<{ site: SiteRecord; kind: 'publishable' | 'secret' } | null> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    let value: { site: SiteRecord; kind: 'publishable' | 'secret' } | null = null;
    if (!/^(pk|sk)_[A-Za-z0-9]{1,128}$/.test(key)) return null; // not a key we issue: no query
    if (key.startsWith('pk_')) {
      const rows = await this.db.query('SELECT * FROM sites WHERE publishable_key = $1', [key]);
      if (rows[0]) value = { site: toRecord(rows[0]), kind: 'publishable' };
    } else if (key.startsWith('sk_')) {
      const rows = await this.db.query(
        `SELECT s.* FROM site_secret_keys k JOIN sites s ON s.id = k.site_id
         WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
        [sha256(key)],
      );
      if (rows[0]) value = { site: toRecord(rows[0]), kind: 'secret' };
    }
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { at: Date.now(), value });
    return value;
  }

  /** Whether any site allows this origin: answers CORS preflights, which carry no key. */
  async anySiteAllows(origin: string): Promise<boolean> {
    const hit = this.originCache.get(origin);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.allowed;
    const rows = await this.db.query('SELECT 1 FROM sites WHERE $1 = ANY(origins) LIMIT 1', [origin]);
    if (this.originCache.size > 10_000) this.originCache.clear();
    this.originCache.set(origin, { at: Date.now(), allowed: rows.length > 0 });
    return rows.length > 0;
  }

  forget() {
    this.cache.clear();
    this.originCache.clear();
  }
}
