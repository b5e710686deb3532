import * as z from 'zod/mini';

import { SiteId, Timestamp, text } from './common.js';



export const Site = z.object({
  id: SiteId,
  name: z.string(),
  origins: z.array(z.string()),
  publishableKey: z.string(),
  /** Voter tokens must carry a `jti` and are accepted once each (`madang sites update --voter-token-single-use on`). */
  voterTokenSingleUse: z.boolean(),
  createdAt: Timestamp,
});
export type Site = z.infer<typeof Site>;

/** Returned once, when a site is created: the only time its secrets are shown. */
export const SiteCreated = z.object({
  ...Site.shape,
  secretKey: z.string(),
  /** HS256 secret the site's own login uses to sign voter tokens (base64url). */
  voterTokenSecret: z.string(),
  /** Audience (`aud`) that voter tokens for this site must carry. */
  voterTokenAudience: z.string(),
});
export type SiteCreated = z.infer<typeof SiteCreated>;

const OriginString = z.string().check(
  z.refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin such as https://www.example.go.kr (scheme, host and optional port only)'),
);

export const SiteCreate = z.object({
  name: text(200),
  origins: z.array(OriginString).check(z.maxLength(50)),
  jwksUrl: z.optional(z.url({ protocol: /^https?$/ })),
  voterTokenSingleUse: z.optional(z.boolean()),
});
export type SiteCreate = z.infer<typeof SiteCreate>;

/** What `madang sites update` changes (the fields given; the rest stay). */
export const SiteUpdate = z.strictObject({
  voterTokenSingleUse: z.optional(z.boolean()),
});
export type SiteUpdate = z.infer<typeof SiteUpdate>;

