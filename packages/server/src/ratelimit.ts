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
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  perIpPerMinute: 600,
  votesPerIpPerMinute: 60,
  perSitePerMinute: 120_000,
  proposalsPerIpPerMinute: 5,
  proposalsPerSitePerMinute: 300,
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

  check(siteId: string, ip: string, kind?: RateLimitKind): Verdict {
    const now = Date.now();
    const start = now - (now % WINDOW_MS);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const reset = Math.ceil((start + WINDOW_MS - now) / 1000);
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
