/**
 * Signing a Madang voter token, as a ministry's login server does after it has verified who the
 * citizen is. This is the whole of it: HS256 over the site's voter-token secret, with
 *   sub  the citizen's stable id at the host site (Madang stores only an HMAC of it),
 *   aud  the site's voter-token audience, `madang:<site id>`,
 *   exp  required; keep it short (Madang accepts any future exp: the lifetime is yours to limit).
 *
 * Both values come from `madang sites create` (printed once):
 *   voter token secret (HS256):  → secret     (use the string as printed: do not base64-decode it)
 *   voter token audience (aud):  → audience
 */
import { SignJWT } from 'jose';

/**
 * @param {{ subject: string, secret: string, audience: string, expiresIn?: string | number }} opts
 *   expiresIn: a jose duration ('10m', '2h') or seconds; default 10 minutes.
 * @returns {Promise<string>} the compact JWT to hand to <madang-poll> (`voterToken` property or `voter-token` attribute)
 */
export async function signVoterToken({ subject, secret, audience, expiresIn = '10m' }) {
  if (!subject) throw new TypeError('signVoterToken: subject (the citizen’s stable id) is required');
  if (!secret) throw new TypeError('signVoterToken: secret (the site’s voter-token secret) is required');
  if (!audience) throw new TypeError('signVoterToken: audience (madang:<site id>) is required');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
    .sign(new TextEncoder().encode(secret));
}
