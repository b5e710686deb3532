/**
 * Fixed-window rate limits per site and per (site, client IP), announced with the IETF
 * `RateLimit-Policy` / `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers) and refused
 * with 429 + `Retry-After`. Counters live in this process: with several processes behind a
 * load balancer each enforces its own share (documented in docs/operations.md).
 */
export interface RateLimitOptions {
  /** Requests per minute from one IP to one site (all methods). */
  perIpPerMinute: number;
  /** Votes per minute from one IP to one site: the weak guard of anonymous polls. */
  votesPerIpPerMinute: number;
  /** Requests per minute to one site, all clients together. */
  perSitePerMinute: number;
  /** Proposal submissions (POST /v1/proposals) per minute from one IP to one site. */
  proposalsPerIpPerMinute: number;
  /** Proposal submissions per minute to one site, all clients together. */
  proposalsPerSitePerMinute: number;
  /**
   * Requests per minute from one IP without a valid key (none, unknown or revoked), all sites
   * together. Past it, such requests are refused before the key is looked up, so guessing keys
   * cannot turn into one database query per request.
   */
  keylessPerIpPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  perIpPerMinute: 600,
  votesPerIpPerMinute: 60,
  perSitePerMinute: 120_000,
  proposalsPerIpPerMinute: 5,
  proposalsPerSitePerMinute: 300,
  keylessPerIpPerMinute: 120,
};

/** Which extra rule a request falls under, besides the per-IP and per-site ones every request counts against. */
export type RateLimitKind = 'vote' | 'proposal-submit' | undefined;

const WINDOW_MS = 60_000;

export interface Verdict {
  ok: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();
  constructor(private opts: RateLimitOptions) {}

  private window() {
    const now = Date.now();
    const start = now - (now % WINDOW_MS);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    return Math.ceil((start + WINDOW_MS - now) / 1000);
  }

  /**
   * Requests without a valid key, per IP: `count` records one (a request that turned out to
   * have no valid key); without it, only whether this IP is already over the quota.
   */
  keyless(ip: string, count: boolean): Verdict {
    const reset = this.window();
    const key = `keyless|${ip}`;
    const used = (this.counts.get(key) ?? 0) + (count ? 1 : 0);
    if (count) this.counts.set(key, used);
    const quota = this.opts.keylessPerIpPerMinute;
    const ok = count ? used <= quota : used < quota;
    const headers: Record<string, string> = {
      'RateLimit-Policy': `"keyless-ip";q=${quota};w=${WINDOW_MS / 1000}`,
      RateLimit: `"keyless-ip";r=${Math.max(0, quota - used)};t=${reset}`,
    };
    if (!ok) headers['Retry-After'] = String(reset);
    return { ok, headers };
  }

  check(siteId: string, ip: string, kind?: RateLimitKind): Verdict {
    const reset = this.window();
    const rules: [name: string, key: string, quota: number][] = [
      ['ip', `ip|${siteId}|${ip}`, this.opts.perIpPerMinute],
      ['site', `site|${siteId}`, this.opts.perSitePerMinute],
    ];
    if (kind === 'vote') rules.push(['vote-ip', `vote|${siteId}|${ip}`, this.opts.votesPerIpPerMinute]);
    if (kind === 'proposal-submit') {
      rules.push(
        ['proposal-ip', `proposal|${siteId}|${ip}`, this.opts.proposalsPerIpPerMinute],
        ['proposal-site', `proposal-site|${siteId}`, this.opts.proposalsPerSitePerMinute],
      );
    }
    let tightest = { name: '', remaining: Infinity, quota: 0 };
    let ok = true;
    for (const [name, key, quota] of rules) {
      const used = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, used);
      const remaining = Math.max(0, quota - used);
      if (used > quota) ok = false;
      if (remaining < tightest.remaining) tightest = { name, remaining, quota };
    }
    const headers: Record<string, string> = {
      'RateLimit-Policy': rules.map(([name, , quota]) => `"${name}";q=${quota};w=${WINDOW_MS / 1000}`).join(', '),
      RateLimit: `"${tightest.name}";r=${tightest.remaining};t=${reset}`,
    };
    if (!ok) headers['Retry-After'] = String(reset);
    return { ok, headers };
  }
}
