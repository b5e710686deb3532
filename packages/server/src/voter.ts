/**
 * Who is voting. `verified` polls take a JWT signed by the host site's own login (HS256 with
 * the site's voter-token secret, or ES256 from the site's JWKS URL); `anonymous` polls take the
 * widget's random device id, which is weak by design (documented in docs/voters.md).
 * The stored voter key is an HMAC under the site's secret: unique per person per site, but
 * not the subject itself.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
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
}

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
    return { kind: 'verified', key: 'sub:' + hmac(site.voterTokenSecret, payload.sub) };
  } catch (e) {
    if (e instanceof HttpProblem) throw e;
    throw fieldProblem('invalid-voter-token', 'voterToken', reason(e));
  }
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
