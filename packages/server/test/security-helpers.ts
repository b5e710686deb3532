/** Shared by isolation.test.ts, voter-tokens.test.ts and limits.test.ts. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import type { Answer } from './helpers.js';

/** A 4xx (or the given status) RFC 9457 problem+json with this slug, never a stack trace; `field` when given. */
export function assertProblem(r: Answer, status: number, slug: string, field?: string) {
  assert.equal(r.status, status, `expected ${status} ${slug}, got ${r.status}: ${r.text}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.json?.type, `/problems/${slug}`, r.text);
  assert.equal(r.json.status, status);
  assert.ok(r.json.title);
  assert.doesNotMatch(r.text, /\bat .*\.(ts|js):\d+/, 'no stack trace');
  if (field) assert.equal(r.json.field, field, `field in ${r.text}`);
}

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/**
 * A JWT signed by hand with HMAC (any `alg` in the header, any hash), so a test can send what
 * jose would refuse to produce: HS512 with a short key, a header that lies about the algorithm,
 * claims of the wrong type.
 */
export function hmacJwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | Uint8Array, hash: 'sha256' | 'sha384' | 'sha512' = 'sha256') {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** An unsigned token with this `alg` spelling and an empty signature. */
export const unsigned = (alg: string, payload: Record<string, unknown>) => `${b64({ alg, typ: 'JWT' })}.${b64(payload)}.`;

export const now = () => Math.floor(Date.now() / 1000);
