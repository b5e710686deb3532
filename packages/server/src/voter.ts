/**
 * Who is voting. `verified` polls take a JWT signed by the host site's own login (HS256 with
 * the site's voter-token secret, or ES256 from the site's JWKS URL); `anonymous` polls take the
 * widget's random device id, which is weak by design (documented in docs/voters.md).
 * The stored voter key is an HMAC under the site's secret: unique per person per site, but
 * not the subject itself.
 *
 * A site may require single-use tokens (`voterTokenSingleUse`): each token then carries a `jti`,
 * spent by `spendVoterToken` in the transaction of the vote or support it allows, so a token is
 * accepted once, a failed vote spends nothing, and of two concurrent uses one wins (primary key).
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Queryable } from './db.js';
import { fieldProblem, HttpProblem } from './problems.js';
import { voterTokenAudience, type SiteRecord } from './sites.js';

const jwksCache = new Map<string, JWTVerifyGetKey>();
function jwksFor(url: string) {
  let set = jwksCache.get(url);
  if (!set) jwksCache.set(url, (set = createRemoteJWKSet(new URL(url), { timeoutDuration: 3_000, cooldownDuration: 30_000 })));
  return set;
}

export interface Voter {
  key: string;
  kind: 'verified' | 'anonymous';
  /** On a site that requires single-use tokens: the token to spend with the vote. */
  token?: { jti: string; exp: number };
}

/** How far in the future `iat` may be (the host's clock may run ahead a little); beyond it, refused. */
export const IAT_MAX_SKEW_S = 60;
/** What a `jti` may be on a single-use site: it is stored, and kept until the token's exp. */
const JTI = /^[\x21-\x7e]{1,255}$/;
/** Latest expiry stored for a spent token (a larger `exp` is legal JSON but no timestamp). */
const MAX_EXP_S = 253_402_300_799; // 9999-12-31T23:59:59Z

const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

/** HS256 keys, imported once per site secret rather than on every vote. */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string) {
  let key = secretKeys.get(secret);
  if (!key) {
    if (secretKeys.size > 10_000) secretKeys.clear();
    secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  }
  return key;
}

export async function identifyVoter(
  site: SiteRecord,
  policy: 'verified' | 'anonymous',
  body: { voterToken?: string; deviceId?: string },
): Promise<Voter> {
  if (policy === 'anonymous') {
    if (!body.deviceId) throw fieldProblem('device-id-required', 'deviceId', 'an anonymous poll needs the widget’s device id');
    return { kind: 'anonymous', key: 'dev:' + hmac(site.voterTokenSecret, body.deviceId) };
  }
  if (!body.voterToken) {
    throw fieldProblem('voter-token-required', 'voterToken', 'sign in on the host site first; it passes a voter token');
  }
  const audience = voterTokenAudience(site.id);
  try {
    const { payload } = site.jwksUrl
      ? await jwtVerify(body.voterToken, jwksFor(site.jwksUrl), { algorithms: ['ES256'], audience, requiredClaims: ['sub', 'exp'] })
      : await jwtVerify(body.voterToken, secretKey(site.voterTokenSecret), {
          algorithms: ['HS256'],
          audience,
          requiredClaims: ['sub', 'exp'],
        });
    if (typeof payload.sub !== 'string' || !payload.sub) throw new joseErrors.JWTClaimValidationFailed('missing sub', payload, 'sub');
    // jose checks iat's type only (without maxTokenAge): a token "issued" in the future is a
    // forged or badly clocked one.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + IAT_MAX_SKEW_S) {
      throw new joseErrors.JWTClaimValidationFailed('iat in the future', payload, 'iat');
    }
    const voter: Voter = { kind: 'verified', key: 'sub:' + hmac(site.voterTokenSecret, payload.sub) };
    if (site.voterTokenSingleUse) {
      if (payload.jti === undefined) {
        throw fieldProblem('invalid-voter-token', 'voterToken', 'this site accepts each voter token once: the token needs a "jti" claim (a unique id such as a UUID)');
      }
      if (typeof payload.jti !== 'string' || !JTI.test(payload.jti)) {
        throw fieldProblem('invalid-voter-token', 'voterToken', 'claim "jti" must be 1–255 visible ASCII characters');
      }
      voter.token = { jti: payload.jti, exp: payload.exp! };
    }
    return voter;
  } catch (e) {
    if (e instanceof HttpProblem) throw e;
    throw fieldProblem('invalid-voter-token', 'voterToken', reason(e));
  }
}

/**
 * Spends a single-use token: call inside the transaction that records the vote or support, so
 * the token is spent exactly when that commits. A second use — or a concurrent one that loses
 * the race on the primary key — is refused. No-op for a site without single-use tokens.
 */
export async function spendVoterToken(q: Queryable, siteId: string, voter: Voter): Promise<void> {
  if (!voter.token) return;
  const exp = new Date(Math.min(voter.token.exp, MAX_EXP_S) * 1000).toISOString();
  const spent = await q.query(
    `INSERT INTO used_voter_tokens (site_id, jti, exp) VALUES ($1, $2, $3) ON CONFLICT (site_id, jti) DO NOTHING RETURNING jti`,
    [siteId, voter.token.jti, exp],
  );
  if (!spent.length) {
    throw fieldProblem('invalid-voter-token', 'voterToken', 'this voter token was already used, and the site accepts each token once: sign a new one');
  }
}

/** Forgets spent tokens whose expiry has passed (they are refused as expired anyway). */
export async function purgeSpentVoterTokens(q: Queryable): Promise<number> {
  const [{ n }] = await q.query(`WITH gone AS (DELETE FROM used_voter_tokens WHERE exp < now() - interval '5 minutes' RETURNING 1) SELECT count(*)::int AS n FROM gone`);
  return n;
}

function reason(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return 'the token’s algorithm is not allowed';
  if (e instanceof joseErrors.JWTClaimValidationFailed) return `claim "${e.claim}" is missing or wrong`;
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no key in the site’s JWKS matches the token';
  if (e instanceof joseErrors.JWKSTimeout) return 'the site’s JWKS could not be fetched in time';
  return 'the token is not a valid signed JWT';
}
