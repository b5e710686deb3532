/**
 * Voter tokens (packages/server/src/voter.ts): every way a token can be wrong is refused with a
 * 4xx problem naming the field `voterToken` and counts nothing; and the per-site single-use
 * rule (`voterTokenSingleUse`): a token needs a `jti`, is spent in the vote's (or support's)
 * transaction, a replay is refused, an idempotent retry replays, a failed vote spends nothing,
 * and of two concurrent uses exactly one wins.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { SiteCreated } from '@madang/contracts';
import { engines, freshPostgresDatabase, startTestServer } from '../src/testing.js';
import { startServer, type MadangServer } from '../src/index.js';
import { IAT_MAX_SKEW_S, purgeSpentVoterTokens } from '../src/voter.js';
import { call, createPoll, proposalIn, putSettings, type Answer } from './helpers.js';
import { assertProblem, hmacJwt, now, unsigned } from './security-helpers.js';

const BIN = fileURLToPath(new URL('../bin/madang.js', import.meta.url));
const run = promisify(execFile);

/** The claims of a good token for `site`; `extra` overrides (undefined deletes). */
function claims(site: SiteCreated, extra: Record<string, unknown> = {}) {
  const c: Record<string, unknown> = { sub: `citizen-${randomUUID()}`, aud: site.voterTokenAudience, iat: now(), exp: now() + 600, ...extra };
  for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
  return c;
}
const hs256 = (site: SiteCreated, extra: Record<string, unknown> = {}) => hmacJwt({ alg: 'HS256', typ: 'JWT' }, claims(site, extra), site.voterTokenSecret);

for (const engine of engines()) {
  const t = (name: string) => `[${engine.name}] ${name}`;

  describe(t('voter tokens'), () => {
    let srv: MadangServer;
    let base: string;
    let plain: SiteCreated; // HS256, tokens reusable until exp (the default)
    let once: SiteCreated; // HS256, single use (turned on with updateSite)
    let once2: SiteCreated; // HS256, single use from creation
    let jwksSite: SiteCreated; // ES256 through its JWKS, single use
    let other: SiteCreated;
    let jwks: Server;
    let es: { privateKey: CryptoKey; publicJwk: Record<string, unknown> };
    let rs: { privateKey: CryptoKey };
    let esStranger: CryptoKey;

    const verifiedPoll = async (site: SiteCreated, extra: Record<string, unknown> = {}) =>
      (await createPoll(base, site, { kind: 'yes_no', question: { ko: `본인 확인 ${randomUUID()}` }, voterPolicy: 'verified', ...extra })).id;
    const vote = (site: SiteCreated, pollId: string, voterToken: unknown, opts: { choices?: string[]; idempotencyKey?: string } = {}) =>
      call(base, `/v1/polls/${pollId}/votes`, { key: site.publishableKey, body: { choices: opts.choices ?? ['yes'], voterToken }, idempotencyKey: opts.idempotencyKey });
    const total = async (site: SiteCreated, pollId: string) => (await call(base, `/v1/polls/${pollId}/results`, { key: site.secretKey })).json.totalVotes as number;
    const spent = async (site: SiteCreated) =>
      (await srv.db.query<{ jti: string }>('SELECT jti FROM used_voter_tokens WHERE site_id = $1 ORDER BY jti', [site.id])).map((r) => r.jti);
    const refused = (r: Answer, detail?: RegExp) => {
      assertProblem(r, 401, 'invalid-voter-token', 'voterToken');
      if (detail) assert.match(r.json.detail, detail);
    };

    before(async () => {
      srv = await startTestServer(engine);
      base = srv.url;
      const esPair = await generateKeyPair('ES256');
      es = { privateKey: esPair.privateKey, publicJwk: { ...(await exportJWK(esPair.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' } };
      const rsPair = await generateKeyPair('RS256');
      rs = { privateKey: rsPair.privateKey };
      esStranger = (await generateKeyPair('ES256')).privateKey;
      // The JWKS publishes the ES256 key and an RS256 one: an RS256 token must still be refused.
      const keys = [es.publicJwk, { ...(await exportJWK(rsPair.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' }];
      jwks = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys })));
      await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
      plain = await srv.ops.createSite({ name: 'plain', origins: [] });
      once = await srv.ops.createSite({ name: 'once', origins: [] });
      const updated = await srv.ops.updateSite({ siteId: once.id, voterTokenSingleUse: true });
      assert.equal(updated.voterTokenSingleUse, true);
      once2 = await srv.ops.createSite({ name: 'once2', origins: [], voterTokenSingleUse: true });
      assert.equal(once2.voterTokenSingleUse, true);
      assert.equal(plain.voterTokenSingleUse, false, 'off unless asked for');
      jwksSite = await srv.ops.createSite({ name: 'jwks', origins: [], jwksUrl, voterTokenSingleUse: true });
      other = await srv.ops.createSite({ name: 'other', origins: [] });
    });
    after(async () => {
      jwks?.close();
      await srv?.close();
    });

    test(t('every malformed, forged, misaddressed or mistimed HS256 token is refused, naming voterToken, and counts nothing'), async () => {
      const poll = await verifiedPoll(plain);
      const secret = plain.voterTokenSecret;
      const good = claims(plain);
      const signed = hs256(plain, good);
      const [h, , s] = signed.split('.');
      const cases: [name: string, token: string | (() => Promise<string>), detail?: RegExp][] = [
        ['alg none', unsigned('none', claims(plain))],
        ['alg None', unsigned('None', claims(plain))],
        ['alg NONE', unsigned('NONE', claims(plain))],
        ['alg none with a signature', `${unsigned('none', claims(plain))}${s}`],
        ['HS384 with the site secret', hmacJwt({ alg: 'HS384' }, claims(plain), secret, 'sha384'), /algorithm/],
        ['HS512 with the site secret', hmacJwt({ alg: 'HS512' }, claims(plain), secret, 'sha512'), /algorithm/],
        ['HS256 header, HMAC-SHA512 signature', hmacJwt({ alg: 'HS256' }, claims(plain), secret, 'sha512'), /signature/],
        ['RS256', () => new SignJWT(claims(plain)).setProtectedHeader({ alg: 'RS256' }).sign(rs.privateKey), /algorithm/],
        ['ES256 to an HS256 site', () => new SignJWT(claims(plain)).setProtectedHeader({ alg: 'ES256' }).sign(es.privateKey), /algorithm/],
        ['signed with another site’s secret', hmacJwt({ alg: 'HS256' }, claims(plain), other.voterTokenSecret), /signature/],
        ['signed with the secret base64url-decoded', hmacJwt({ alg: 'HS256' }, claims(plain), Buffer.from(secret, 'base64url')), /signature/],
        ['payload changed after signing', `${h}.${Buffer.from(JSON.stringify({ ...good, sub: 'someone-else' })).toString('base64url')}.${s}`, /signature/],
        ['another site’s audience', hs256(plain, { aud: other.voterTokenAudience }), /"aud"/],
        ['no audience', hs256(plain, { aud: undefined }), /"aud"/],
        ['an audience list without this site', hs256(plain, { aud: [other.voterTokenAudience, 'madang:site_x'] }), /"aud"/],
        ['expired a minute ago', hs256(plain, { exp: now() - 60 }), /expired/],
        ['expiring this second', hs256(plain, { exp: now() }), /expired/],
        ['exp as a string', hs256(plain, { exp: String(now() + 600) }), /"exp"/],
        ['no exp', hs256(plain, { exp: undefined }), /"exp"/],
        ['not valid before ten minutes from now (nbf)', hs256(plain, { nbf: now() + 600 }), /"nbf"/],
        ['issued an hour in the future (iat)', hs256(plain, { iat: now() + 3600 }), /"iat"/],
        ['iat as a string', hs256(plain, { iat: String(now()) }), /"iat"/],
        ['no sub', hs256(plain, { sub: undefined }), /"sub"/],
        ['empty sub', hs256(plain, { sub: '' }), /"sub"/],
        ['numeric sub', hs256(plain, { sub: 42 }), /"sub"/],
        ['not a JWT', 'not.a.jwt'],
        ['five parts (a JWE shape)', 'a.b.c.d.e'],
        ['a JSON array as the payload', hmacJwt({ alg: 'HS256' }, [] as unknown as Record<string, unknown>, secret)],
        ['a header that is not JSON', `${Buffer.from('{alg').toString('base64url')}.${signed.split('.')[1]}.${s}`],
      ];
      for (const [name, token, detail] of cases) {
        const r = await vote(plain, poll, typeof token === 'function' ? await token() : token);
        try {
          refused(r, detail);
        } catch (e) {
          throw new Error(`${name}: ${(e as Error).message}`);
        }
      }
      // Wrong type or size: refused by the request schema, naming the same field.
      for (const bad of ['', 'x'.repeat(8193), 42, { alg: 'none' }]) assertProblem(await vote(plain, poll, bad), 422, 'validation', 'voterToken');
      assert.equal(await total(plain, poll), 0, 'no refused token counted');

      // The controls: the same rules accept what they should, so the refusals above are not blanket ones.
      assert.equal((await vote(plain, poll, signed)).status, 201);
      assert.equal((await vote(plain, poll, hs256(plain, { iat: now() + IAT_MAX_SKEW_S - 20 }))).status, 201, 'a host clock a little ahead is tolerated');
      assert.equal((await vote(plain, poll, hs256(plain, { nbf: now() - 5, aud: [other.voterTokenAudience, plain.voterTokenAudience] }))).status, 201);
      assert.equal((await vote(plain, poll, hs256(plain, { iat: undefined }))).status, 201, 'iat is optional');
      assert.equal(await total(plain, poll), 4);
    });

    test(t('a JWKS site takes ES256 from its JWKS only: HS256 (even keyed with its public key), RS256 and unknown keys are refused'), async () => {
      const poll = await verifiedPoll(jwksSite);
      const es256 = (extra: Record<string, unknown> = {}, key = es.privateKey, kid = 'es-1') =>
        new SignJWT(claims(jwksSite, { jti: randomUUID(), ...extra })).setProtectedHeader({ alg: 'ES256', kid }).sign(key);
      refused(await vote(jwksSite, poll, hs256(jwksSite, { jti: randomUUID() })), /algorithm/);
      // The algorithm-confusion attack: HMAC keyed with the public key the JWKS publishes.
      refused(await vote(jwksSite, poll, hmacJwt({ alg: 'HS256', kid: 'es-1' }, claims(jwksSite, { jti: randomUUID() }), JSON.stringify(es.publicJwk))), /algorithm/);
      const rs256 = await new SignJWT(claims(jwksSite, { jti: randomUUID() })).setProtectedHeader({ alg: 'RS256', kid: 'rs-1' }).sign(rs.privateKey);
      refused(await vote(jwksSite, poll, rs256), /algorithm/);
      refused(await vote(jwksSite, poll, await es256({}, esStranger, 'es-1')), /signature/);
      refused(await vote(jwksSite, poll, await es256({}, esStranger, 'unknown-kid')), /JWKS/);
      refused(await vote(jwksSite, poll, await es256({ aud: other.voterTokenAudience })), /"aud"/);
      refused(await vote(jwksSite, poll, await es256({ exp: now() - 1 })), /expired/);
      refused(await vote(jwksSite, poll, await es256({ jti: undefined })), /jti/);
      assert.equal(await total(jwksSite, poll), 0);
      const token = await es256();
      assert.equal((await vote(jwksSite, poll, token)).status, 201);
      refused(await vote(jwksSite, await verifiedPoll(jwksSite), token), /already used/);
    });

    test(t('single use: a jti is required and well formed; a replay on another poll is refused; the jti is per site'), async () => {
      const [p1, p2] = [await verifiedPoll(once), await verifiedPoll(once)];
      refused(await vote(once, p1, hs256(once)), /needs a "jti"/);
      for (const jti of ['', 'x'.repeat(256), 'with space', '줄', 42]) refused(await vote(once, p1, hs256(once, { jti })), /"jti"/);
      const jti = `jti-${randomUUID()}`;
      const token = hs256(once, { jti });
      const first = await vote(once, p1, token);
      assert.equal(first.status, 201, first.text);
      refused(await vote(once, p2, token), /already used/);
      // A fresh token (another sub, even) that reuses the jti is the same spent token.
      refused(await vote(once, p2, hs256(once, { jti })), /already used/);
      assert.deepEqual([await total(once, p1), await total(once, p2)], [1, 0]);
      // Each site has its own list: once2 never saw this jti.
      assert.equal((await vote(once2, await verifiedPoll(once2), hs256(once2, { jti }))).status, 201);
      // Without the setting, a token is reusable until it expires (each sub still votes once per poll).
      const reusable = hs256(plain, { jti });
      assert.equal((await vote(plain, await verifiedPoll(plain), reusable)).status, 201);
      assert.equal((await vote(plain, await verifiedPoll(plain), reusable)).status, 201);
      assert.deepEqual(await spent(plain), [], 'nothing recorded for a site without single use');
      const [row] = await srv.db.query('SELECT exp FROM used_voter_tokens WHERE site_id = $1 AND jti = $2', [once.id, jti]);
      assert.ok(row, 'the spent jti is stored');
      assert.ok(Math.abs(new Date(row.exp).getTime() / 1000 - (now() + 600)) < 30, 'with the token’s own exp');
    });

    test(t('single use: a retry with the same Idempotency-Key replays the vote instead of refusing the spent token'), async () => {
      const poll = await verifiedPoll(once);
      const token = hs256(once, { jti: randomUUID() });
      const key = randomUUID();
      const first = await vote(once, poll, token, { idempotencyKey: key });
      assert.equal(first.status, 201, first.text);
      const retry = await vote(once, poll, token, { idempotencyKey: key });
      assert.equal(retry.status, 201, retry.text);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(retry.json, first.json);
      // A new key is a new request. On the same poll the citizen has voted: 409 with their own
      // receipt (what a retry after a lost answer needs); on another poll the token is spent.
      const again = await vote(once, poll, token, { idempotencyKey: randomUUID() });
      assertProblem(again, 409, 'already-voted');
      assert.equal(again.json.receiptId, first.json.receiptId);
      refused(await vote(once, await verifiedPoll(once), token, { idempotencyKey: randomUUID() }), /already used/);
      assert.equal(await total(once, poll), 1);
    });

    test(t('single use: a vote that fails spends nothing — closed poll, bad choice, already voted — and the token works afterwards'), async () => {
      const closed = await verifiedPoll(once);
      assert.equal((await call(base, `/v1/polls/${closed}`, { method: 'PATCH', key: once.secretKey, body: { status: 'closed' } })).status, 200);
      const open = await verifiedPoll(once);
      const jti = randomUUID();
      const token = hs256(once, { jti });
      assertProblem(await vote(once, closed, token), 409, 'poll-closed');
      assertProblem(await vote(once, open, token, { choices: ['maybe'] }), 422, 'validation', 'choices.0');
      assert.ok(!(await spent(once)).includes(jti), 'not spent by the failures');
      assert.equal((await vote(once, open, token)).status, 201, 'the token still works');

      // Already voted: the second token of the same citizen is not spent by the refusal.
      const sub = `citizen-${randomUUID()}`;
      assert.equal((await vote(once, open, hs256(once, { sub, jti: randomUUID() }))).status, 201);
      const second = hs256(once, { sub, jti: randomUUID() });
      assertProblem(await vote(once, open, second), 409, 'already-voted');
      assert.equal((await vote(once, await verifiedPoll(once), second)).status, 201, 'usable on another poll');
    });

    test(t('single use: two simultaneous votes with one jti on two polls — exactly one counts'), async () => {
      for (let round = 0; round < 8; round++) {
        const [p1, p2] = [await verifiedPoll(once), await verifiedPoll(once)];
        const token = hs256(once, { jti: randomUUID() });
        const answers = await Promise.all([vote(once, p1, token), vote(once, p2, token)]);
        const statuses = answers.map((r) => r.status).sort();
        assert.deepEqual(statuses, [201, 401], `round ${round}: ${answers.map((r) => r.text).join(' | ')}`);
        refused(answers.find((r) => r.status === 401)!, /already used/);
        assert.equal((await total(once, p1)) + (await total(once, p2)), 1);
      }
    });

    test(t('single use covers supports: a token spent on a support is refused on the next one'), async () => {
      await putSettings(base, once, { minFillSeconds: 0, voterPolicy: 'verified', categories: [{ id: 'welfare', label: { ko: '복지' } }] });
      const { receipt: x } = await proposalIn(base, once, [{ to: 'under_review' }, { to: 'published' }]);
      const { receipt: y } = await proposalIn(base, once, [{ to: 'under_review' }, { to: 'published' }]);
      const support = (id: string, voterToken: string) => call(base, `/v1/proposals/${id}/supports`, { key: once.publishableKey, body: { voterToken } });
      refused(await support(x.id, hs256(once)), /jti/);
      const token = hs256(once, { jti: randomUUID() });
      assert.equal((await support(x.id, token)).status, 201);
      refused(await support(y.id, token), /already used/);
      refused(await vote(once, await verifiedPoll(once), token), /already used/);
      assert.equal((await support(y.id, hs256(once, { jti: randomUUID() }))).status, 201);
    });

    test(t('spent tokens are forgotten once expired; unexpired ones are kept'), async () => {
      const site = await srv.ops.createSite({ name: 'purge', origins: [], voterTokenSingleUse: true });
      const live = randomUUID();
      assert.equal((await vote(site, await verifiedPoll(site), hs256(site, { jti: live }))).status, 201);
      await srv.db.query(`INSERT INTO used_voter_tokens (site_id, jti, exp) VALUES ($1, 'old', now() - interval '1 hour'), ($1, 'just-expired', now() - interval '1 minute')`, [site.id]);
      const n = await purgeSpentVoterTokens(srv.db);
      assert.ok(n >= 1, `purged ${n}`);
      // 'just-expired' is kept a few minutes more (a margin over clock skew); the expired one goes.
      assert.deepEqual(await spent(site), [live, 'just-expired'].sort());
      // An exp far beyond any timestamp is stored clamped, not refused with a 500.
      const far = await vote(site, await verifiedPoll(site), hs256(site, { jti: randomUUID(), exp: 1e20 }));
      assert.equal(far.status, 201, far.text);
    });

    test(t('the site settings: updateSite refuses unknown fields and unknown sites'), async () => {
      await assert.rejects(srv.ops.updateSite({ siteId: once.id, voterTokenSingleUse: 'yes' }), (e: any) => e.status === 422 && /voterTokenSingleUse/.test(e.message));
      await assert.rejects(srv.ops.updateSite({ siteId: once.id, origins: [] }), (e: any) => e.status === 422);
      await assert.rejects(srv.ops.updateSite({ siteId: 'site_nope', voterTokenSingleUse: true }), (e: any) => e.status === 404);
      const off = await srv.ops.updateSite({ siteId: once2.id, voterTokenSingleUse: false });
      assert.equal(off.voterTokenSingleUse, false);
      // The server forgets its cached site on a change: no jti needed any more, at once.
      const poll = await verifiedPoll(once2);
      assert.equal((await vote(once2, poll, hs256(once2))).status, 201);
    });
  });
}

/** `madang sites update --site … --voter-token-single-use on|off`, through a running server (PGlite) or on the database (PostgreSQL). */
async function cliCase(env: Record<string, string | undefined>, dataDir: string, server: MadangServer) {
  const madang = (args: string[]) => run(process.execPath, [BIN, ...args, '--data-dir', dataDir], { env: { ...process.env, DATABASE_URL: undefined, ...env } });
  const site = JSON.parse((await madang(['sites', 'create', '--name', 'CLI site', '--json'])).stdout) as SiteCreated;
  assert.equal(site.voterTokenSingleUse, false);
  const on = await madang(['sites', 'update', '--site', site.id, '--voter-token-single-use', 'on']);
  assert.match(on.stdout, /single-use voter tokens \(jti\): on/);
  const poll = (await createPoll(server.url, site, { kind: 'yes_no', question: { ko: 'CLI' }, voterPolicy: 'verified' })).id;
  const r = await call(server.url, `/v1/polls/${poll}/votes`, { key: site.publishableKey, body: { choices: ['yes'], voterToken: hs256(site) } });
  assertProblem(r, 401, 'invalid-voter-token', 'voterToken');
  const off = JSON.parse((await madang(['sites', 'update', '--site', site.id, '--voter-token-single-use', 'off', '--json'])).stdout);
  assert.equal(off.voterTokenSingleUse, false);
  await assert.rejects(madang(['sites', 'update', '--site', site.id, '--voter-token-single-use', 'maybe']), /takes on or off/);
  await assert.rejects(madang(['sites', 'update', '--site', site.id]), /needs a setting/);
  const created = JSON.parse((await madang(['sites', 'create', '--name', 'CLI once', '--voter-token-single-use', 'on', '--json'])).stdout);
  assert.equal(created.voterTokenSingleUse, true);
}

describe('[pglite] madang sites update', () => {
  test('[pglite] --voter-token-single-use on|off through the server that holds the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'madang-sites-'));
    const server = await startServer({ port: 0, dataDir: dir });
    try {
      await cliCase({}, dir, server);
    } finally {
      await server.close();
    }
  });
});

if (process.env.DATABASE_URL) {
  describe('[postgres] madang sites update', () => {
    test('[postgres] --voter-token-single-use on|off on the database, seen by a running server', async () => {
      const database = await freshPostgresDatabase();
      const server = await startServer({ port: 0, databaseUrl: database.url });
      try {
        await cliCase({ DATABASE_URL: database.url }, mkdtempSync(join(tmpdir(), 'madang-sites-pg-')), server);
      } finally {
        await server.close();
        await database.drop();
      }
    });
  });
}
