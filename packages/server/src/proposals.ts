/**
 * Citizen proposals: settings, the anti-spam form token, submission with its receipt number
 * and tracking code, the public list, support (one per voter, with the automatic forward at
 * the site's threshold), the site's transitions, and the retention purge of authors' contacts.
 *
 * Personal data: the author's contact is stored only in proposal_contacts and read only by the
 * admin views (`toAdmin`); every public shape is built by `toPublic`, which never sees it.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createChallenge, extractParams, verifySolution } from 'altcha-lib/v1';
import {
  ANSWER_REQUIRED,
  CategoryId,
  PROPOSAL_TRANSITIONS,
  ProposalId,
  ProposalSort,
  ProposalState,
  ReceiptNumber,
  type AdminProposal,
  type AdminProposalPage,
  type ContactItem,
  type LocalizedText,
  type Proposal,
  type ProposalChallenge,
  type ProposalPage,
  type ProposalReceipt,
  type ProposalSettings,
  type ProposalSettingsUpdate,
  type ProposalSubmit,
  type ProposalTransition,
  type SupportReceipt,
  type SupportRequest,
} from '@madang/contracts';
import type { Db, Queryable, Row } from './db.js';
import { fieldProblem, HttpProblem } from './problems.js';
import { iso, randomId, sha256, type SiteRecord } from './sites.js';
import { identifyVoter, spendVoterToken } from './voter.js';

/** What a site that never saved proposal settings gets. */
export const DEFAULT_PROPOSAL_SETTINGS: ProposalSettings = {
  categories: [{ id: 'general', label: { ko: '일반', en: 'General' } }],
  regions: [],
  contact: 'optional',
  supportThreshold: null,
  voterPolicy: 'anonymous',
  retentionDays: 365,
  minFillSeconds: 3,
  proofOfWork: false,
  consent: { version: '2026-11-01', purpose: null, extra: null },
};

/** A form token is valid this long after it was issued. */
export const FORM_TOKEN_TTL_MS = 24 * 3_600_000;
/** Upper bound of the ALTCHA number: about a second of SHA-256 on a phone. */
export const POW_MAX_NUMBER = 100_000;
export const PAGE_SIZE = { public: { default: 20, max: 50 }, admin: { default: 20, max: 100 } } as const;

// ---------------------------------------------------------------------------- settings

function merge(current: ProposalSettings, u: ProposalSettingsUpdate): ProposalSettings {
  return {
    categories: u.categories ?? current.categories,
    regions: u.regions ?? current.regions,
    contact: u.contact ?? current.contact,
    supportThreshold: u.supportThreshold !== undefined ? u.supportThreshold : current.supportThreshold,
    voterPolicy: u.voterPolicy ?? current.voterPolicy,
    retentionDays: u.retentionDays ?? current.retentionDays,
    minFillSeconds: u.minFillSeconds ?? current.minFillSeconds,
    proofOfWork: u.proofOfWork ?? current.proofOfWork,
    consent: u.consent
      ? {
          version: u.consent.version,
          purpose: u.consent.purpose !== undefined ? u.consent.purpose : current.consent.purpose,
          extra: u.consent.extra !== undefined ? u.consent.extra : current.consent.extra,
        }
      : current.consent,
  };
}

export async function getSettings(q: Queryable, siteId: string): Promise<ProposalSettings> {
  const [row] = await q.query('SELECT settings FROM proposal_settings WHERE site_id = $1', [siteId]);
  // Stored settings are complete; merging over the defaults also fills fields a later version adds.
  return row ? { ...DEFAULT_PROPOSAL_SETTINGS, ...(row.settings as ProposalSettings) } : DEFAULT_PROPOSAL_SETTINGS;
}

function noDuplicateIds(list: { id: string }[] | undefined, field: string) {
  const seen = new Set<string>();
  list?.forEach((c, i) => {
    if (seen.has(c.id)) throw fieldProblem('validation', `${field}.${i}.id`, `"${c.id}" is listed twice`);
    seen.add(c.id);
  });
}

export async function updateSettings(db: Db, siteId: string, u: ProposalSettingsUpdate): Promise<ProposalSettings> {
  noDuplicateIds(u.categories, 'categories');
  noDuplicateIds(u.regions, 'regions');
  return db.tx(async (q) => {
    // Serialises concurrent updates of one site (read-modify-write).
    await q.query(
      `INSERT INTO proposal_settings (site_id, settings) VALUES ($1, $2) ON CONFLICT (site_id) DO NOTHING`,
      [siteId, JSON.stringify(DEFAULT_PROPOSAL_SETTINGS)],
    );
    const [row] = await q.query('SELECT settings FROM proposal_settings WHERE site_id = $1 FOR UPDATE', [siteId]);
    const next = merge({ ...DEFAULT_PROPOSAL_SETTINGS, ...(row.settings as ProposalSettings) }, u);
    await q.query('UPDATE proposal_settings SET settings = $2, updated_at = now() WHERE site_id = $1', [siteId, JSON.stringify(next)]);
    return next;
  });
}

// ---------------------------------------------------------------------------- form token and proof of work

/** Keys derived from the site's secret, one per purpose (never the secret itself). */
const derive = (site: SiteRecord, purpose: string) => createHmac('sha256', site.voterTokenSecret).update(`madang/${purpose}`).digest('base64url');
const sign = (key: string, value: string) => createHmac('sha256', key).update(value).digest('base64url');

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/**
 * The tracking code of the proposal filed with a form token: derived from the token's nonce
 * under the site's secret, so only its hash is stored and an `already-submitted` answer can
 * still give the author (who holds the token) their code back.
 */
function trackingCodeFor(site: SiteRecord, nonce: string): string {
  const mac = createHmac('sha256', derive(site, 'tracking-code')).update(nonce).digest();
  let out = '';
  for (let i = 0; i < 20; i++) out += BASE62[mac[i] % 62];
  return out;
}
const nonceKey = (nonce: string) => sha256(`form-nonce:${nonce}`);
const codeHash = (code: string) => sha256(`tracking-code:${code}`);

export function issueFormToken(site: SiteRecord, now = Date.now()) {
  const nonce = randomBytes(18).toString('base64url');
  const issued = String(now);
  const payload = `${nonce}.${issued}`;
  return { nonce, issued: now, token: `${payload}.${sign(derive(site, 'form-token'), `${site.id}.${payload}`)}` };
}

/** The nonce and issue time of a token this site signed, or null. Expiry is checked apart. */
export function readFormToken(site: SiteRecord, token: string): { nonce: string; issued: number } | null {
  const m = /^([A-Za-z0-9_-]{24})\.(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const want = Buffer.from(sign(derive(site, 'form-token'), `${site.id}.${m[1]}.${m[2]}`));
  const got = Buffer.from(m[3]);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return { nonce: m[1], issued: Number(m[2]) };
}

export async function issueChallenge(site: SiteRecord, settings: ProposalSettings): Promise<ProposalChallenge> {
  const { nonce, issued, token } = issueFormToken(site);
  const altcha = settings.proofOfWork
    ? await createChallenge({
        hmacKey: derive(site, 'altcha'),
        algorithm: 'SHA-256',
        maxnumber: POW_MAX_NUMBER,
        expires: new Date(issued + FORM_TOKEN_TTL_MS),
        // Binds the work to this form token: a solution cannot be reused with another token.
        params: { form: nonce },
      })
    : null;
  return { formToken: token, minFillSeconds: settings.minFillSeconds, altcha };
}

async function powSolved(site: SiteRecord, payload: string | undefined, nonce: string): Promise<boolean> {
  if (!payload) return false;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || parsed.algorithm !== 'SHA-256' || typeof parsed.salt !== 'string') return false;
    if (typeof parsed.number !== 'number' || !Number.isInteger(parsed.number) || parsed.number < 0 || parsed.number > POW_MAX_NUMBER) return false;
    if (extractParams(parsed).form !== nonce) return false;
    return await verifySolution(parsed, derive(site, 'altcha'), true);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------- reading

/** Korean time has no daylight saving: the year of a receipt is the year in Seoul. */
const koreanYear = (now = Date.now()) => new Date(now + 9 * 3_600_000).getUTCFullYear();

interface Loaded {
  row: Row;
  history: Row[];
  contact?: Row | null;
}

function toPublic(l: Loaded, settings: ProposalSettings): Proposal {
  const r = l.row;
  return {
    id: r.id,
    receiptNumber: r.receipt_number,
    title: r.title,
    body: r.body,
    category: r.category,
    region: r.region ?? null,
    state: r.state,
    supportCount: r.support_count,
    threshold:
      settings.supportThreshold === null
        ? null
        : { count: settings.supportThreshold, current: r.support_count, forwardedAt: iso(r.forwarded_at) },
    answer: r.answer ?? null,
    history: l.history.map((h) => ({ state: h.state, at: iso(h.at)!, actor: h.actor, note: h.note ?? null })),
    submittedAt: iso(r.submitted_at)!,
    publishedAt: iso(r.published_at),
    updatedAt: iso(r.updated_at)!,
  };
}

function toAdmin(l: Loaded, settings: ProposalSettings): AdminProposal {
  const c = l.contact;
  return {
    ...toPublic(l, settings),
    contact: c && (c.name !== null || c.email !== null || c.phone !== null) ? { name: c.name, email: c.email, phone: c.phone } : null,
    consent: c ? { version: c.consent_version, items: c.consent_items as ContactItem[], agreedAt: iso(c.consented_at)! } : null,
    personalDataPurgedAt: iso(l.row.personal_data_purged_at),
  };
}

async function load(q: Queryable, rows: Row[], withContact: boolean): Promise<Loaded[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const events = await q.query('SELECT proposal_id, state, actor, note, at FROM proposal_events WHERE proposal_id = ANY($1) ORDER BY id', [ids]);
  const contacts = withContact ? await q.query('SELECT * FROM proposal_contacts WHERE proposal_id = ANY($1)', [ids]) : [];
  return rows.map((row) => ({
    row,
    history: events.filter((e) => e.proposal_id === row.id),
    contact: withContact ? (contacts.find((c) => c.proposal_id === row.id) ?? null) : undefined,
  }));
}

const notFound = (what: string) => new HttpProblem('not-found', `no ${what} on this site`);

/** A published proposal (any state after publication); others are indistinguishable from missing ones. */
export async function getPublicProposal(q: Queryable, siteId: string, id: string): Promise<Proposal> {
  const [row] = ProposalId.safeParse(id).success
    ? await q.query('SELECT * FROM proposals WHERE id = $1 AND site_id = $2 AND published_at IS NOT NULL', [id, siteId])
    : [];
  if (!row) throw notFound(`published proposal ${id}`);
  const [l] = await load(q, [row], false);
  return toPublic(l, await getSettings(q, siteId));
}

/**
 * By receipt number: a published proposal; with the tracking code, the author's own in any
 * state. A wrong code is a 404 like a missing receipt (nothing tells the two apart).
 */
export async function trackProposal(q: Queryable, siteId: string, receiptNumber: string, code: string | undefined): Promise<Proposal> {
  const valid = ReceiptNumber.safeParse(receiptNumber).success && (code === undefined || /^[A-Za-z0-9]{12,40}$/.test(code));
  const [row] = valid
    ? await q.query(
        `SELECT * FROM proposals WHERE site_id = $1 AND receipt_number = $2
           AND (CASE WHEN $3::text IS NULL THEN published_at IS NOT NULL ELSE tracking_code_hash = $3 END)`,
        [siteId, receiptNumber, code === undefined ? null : codeHash(code)],
      )
    : [];
  if (!row) throw notFound(`proposal with receipt number ${receiptNumber}${code === undefined ? ' that is published' : ' and this tracking code'}`);
  const [l] = await load(q, [row], false);
  return toPublic(l, await getSettings(q, siteId));
}

async function adminRow(q: Queryable, siteId: string, id: string, lock = false): Promise<Row> {
  const [row] = ProposalId.safeParse(id).success
    ? await q.query(`SELECT * FROM proposals WHERE id = $1 AND site_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, siteId])
    : [];
  if (!row) throw notFound(`proposal ${id}`);
  return row;
}

export async function getAdminProposal(q: Queryable, siteId: string, id: string): Promise<AdminProposal> {
  const [l] = await load(q, [await adminRow(q, siteId, id)], true);
  return toAdmin(l, await getSettings(q, siteId));
}

type Query = Record<string, string | undefined>;

function intParam(query: Query, name: string, dflt: number, max: number): number {
  const v = query[name];
  if (v === undefined || v === '') return dflt;
  if (!/^\d{1,9}$/.test(v) || Number(v) < 1) throw fieldProblem('validation', name, 'must be a whole number of at least 1');
  if (Number(v) > max) throw fieldProblem('validation', name, `must be at most ${max}`);
  return Number(v);
}

/** Parses the public list's query: sort=newest|support, page (1-based), pageSize ≤ 50, category. */
export function listQuery(query: Query) {
  const sort = query.sort === undefined || query.sort === '' ? 'newest' : query.sort;
  if (!ProposalSort.safeParse(sort).success) throw fieldProblem('validation', 'sort', 'must be one of "newest", "support"');
  const category = query.category || undefined;
  if (category !== undefined && !CategoryId.safeParse(category).success) throw fieldProblem('validation', 'category', 'has an invalid format');
  return {
    sort: sort as ProposalSort,
    page: intParam(query, 'page', 1, 1_000_000),
    pageSize: intParam(query, 'pageSize', PAGE_SIZE.public.default, PAGE_SIZE.public.max),
    category,
  };
}

export async function listProposals(q: Queryable, siteId: string, o: ReturnType<typeof listQuery>): Promise<ProposalPage> {
  const order = o.sort === 'support' ? 'support_count DESC, published_at DESC, id DESC' : 'published_at DESC, id DESC';
  const where = 'site_id = $1 AND published_at IS NOT NULL AND ($2::text IS NULL OR category = $2)';
  const params = [siteId, o.category ?? null];
  const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM proposals WHERE ${where}`, params);
  const rows = await q.query(`SELECT * FROM proposals WHERE ${where} ORDER BY ${order} LIMIT $3 OFFSET $4`, [
    ...params,
    o.pageSize,
    (o.page - 1) * o.pageSize,
  ]);
  const settings = await getSettings(q, siteId);
  return { items: (await load(q, rows, false)).map((l) => toPublic(l, settings)), total: n, page: o.page, pageSize: o.pageSize };
}

/** Parses the admin list's query: state, page, pageSize ≤ 100. */
export function adminListQuery(query: Query) {
  const state = query.state || undefined;
  if (state !== undefined && !ProposalState.safeParse(state).success) {
    throw fieldProblem('validation', 'state', `must be one of ${ProposalState.options.map((s) => `"${s}"`).join(', ')}`);
  }
  return {
    state: state as ProposalState | undefined,
    page: intParam(query, 'page', 1, 1_000_000),
    pageSize: intParam(query, 'pageSize', PAGE_SIZE.admin.default, PAGE_SIZE.admin.max),
  };
}

/** Every proposal of the site (or those in one state), newest submission first, with contacts. */
export async function adminListProposals(q: Queryable, siteId: string, o: ReturnType<typeof adminListQuery>): Promise<AdminProposalPage> {
  const where = 'site_id = $1 AND ($2::text IS NULL OR state = $2)';
  const params = [siteId, o.state ?? null];
  const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM proposals WHERE ${where}`, params);
  const rows = await q.query(`SELECT * FROM proposals WHERE ${where} ORDER BY submitted_at DESC, receipt_number DESC LIMIT $3 OFFSET $4`, [
    ...params,
    o.pageSize,
    (o.page - 1) * o.pageSize,
  ]);
  const settings = await getSettings(q, siteId);
  return { items: (await load(q, rows, true)).map((l) => toAdmin(l, settings)), total: n, page: o.page, pageSize: o.pageSize };
}

// ---------------------------------------------------------------------------- submitting

function checkAgainstSettings(p: ProposalSubmit, s: ProposalSettings) {
  if (!s.categories.some((c) => c.id === p.category)) {
    throw fieldProblem('validation', 'category', `must be one of ${s.categories.map((c) => `"${c.id}"`).join(', ')}`);
  }
  if (p.region !== undefined) {
    if (!s.regions.length) throw fieldProblem('validation', 'region', 'this site asks for no region');
    if (!s.regions.some((r) => r.id === p.region)) {
      throw fieldProblem('validation', 'region', `must be one of ${s.regions.map((r) => `"${r.id}"`).join(', ')}`);
    }
  }
  const c = p.contact ?? {};
  const given = c.name !== undefined || c.email !== undefined || c.phone !== undefined;
  if (s.contact === 'none' && (given || p.consent)) {
    throw fieldProblem('validation', p.contact ? 'contact' : 'consent', 'this site collects no contact details; leave them out');
  }
  if (s.contact === 'required') {
    if (c.name === undefined) throw fieldProblem('validation', 'contact.name', 'this site needs the author’s name');
    if (c.email === undefined && c.phone === undefined) {
      throw fieldProblem('validation', 'contact.email', 'this site needs an email address or a phone number');
    }
  }
}

/**
 * Files a proposal. Checks in this order (the idempotent replay came before): the form token's
 * signature, whether it already filed a proposal (409 with that proposal's receipt), its age,
 * the minimum fill time, the honeypot, the proof of work; then the fields against the site's
 * settings. The receipt number, the proposal, its first history event, the contact and the
 * idempotent response are written in one transaction.
 */
export async function submitProposal(
  db: Db,
  site: SiteRecord,
  p: ProposalSubmit,
  onCommitting: (q: Queryable, receipt: ProposalReceipt) => Promise<void>,
): Promise<ProposalReceipt> {
  const token = readFormToken(site, p.antiSpam.formToken);
  if (!token) throw fieldProblem('form-token-invalid', 'antiSpam.formToken', 'not a form token of this site; fetch a new challenge');
  const nonce = nonceKey(token.nonce);
  const alreadyFiled = async (q: Queryable) => {
    const [row] = await q.query('SELECT receipt_number FROM proposals WHERE site_id = $1 AND form_nonce = $2', [site.id, nonce]);
    return row
      ? new HttpProblem('already-submitted', `this form already filed proposal ${row.receipt_number}`, {
          receiptNumber: row.receipt_number,
          trackingCode: trackingCodeFor(site, token.nonce),
        })
      : null;
  };
  const filed = await alreadyFiled(db);
  if (filed) throw filed;
  const age = Date.now() - token.issued;
  if (age > FORM_TOKEN_TTL_MS || age < -60_000) {
    throw fieldProblem('form-token-invalid', 'antiSpam.formToken', 'the form token has expired; fetch a new challenge');
  }
  const settings = await getSettings(db, site.id);
  const wait = settings.minFillSeconds * 1000 - age;
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw fieldProblem('submitted-too-fast', 'antiSpam.formToken', `submitted faster than a person fills in the form; retry in ${seconds} s`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
  if (p.antiSpam.website) throw fieldProblem('spam-suspected', 'antiSpam.website', 'this field must stay empty');
  if (settings.proofOfWork && !(await powSolved(site, p.antiSpam.altcha, token.nonce))) {
    throw fieldProblem('proof-of-work-required', 'antiSpam.altcha', 'send the solved proof-of-work challenge of this form token');
  }
  checkAgainstSettings(p, settings);

  const id = `prop_${randomId(16)}`;
  const trackingCode = trackingCodeFor(site, token.nonce);
  const year = koreanYear();
  try {
    return await db.tx(async (q) => {
      const [{ last }] = await q.query(
        `INSERT INTO proposal_receipt_counters (site_id, year, last) VALUES ($1, $2, 1)
         ON CONFLICT (site_id, year) DO UPDATE SET last = proposal_receipt_counters.last + 1 RETURNING last`,
        [site.id, year],
      );
      const receiptNumber = `${year}-${String(last).padStart(6, '0')}`;
      const [row] = await q.query(
        `INSERT INTO proposals (id, site_id, receipt_number, tracking_code_hash, form_nonce, title, body, category, region)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (site_id, form_nonce) DO NOTHING RETURNING submitted_at`,
        [id, site.id, receiptNumber, codeHash(trackingCode), nonce, p.title, p.body, p.category, p.region ?? null],
      );
      if (!row) {
        // A concurrent submit with the same token committed first (the insert waited for it).
        throw (await alreadyFiled(q)) ?? new HttpProblem('already-submitted', 'this form already filed a proposal');
      }
      await q.query(`INSERT INTO proposal_events (proposal_id, state, actor, at) VALUES ($1, 'submitted', 'author', $2)`, [id, row.submitted_at]);
      const c = p.contact;
      if (c && (c.name !== undefined || c.email !== undefined || c.phone !== undefined)) {
        await q.query(
          `INSERT INTO proposal_contacts (proposal_id, name, email, phone, consent_version, consent_items, consented_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, c.name ?? null, c.email ?? null, c.phone ?? null, p.consent!.version, [...new Set(p.consent!.items)], p.consent!.agreedAt],
        );
      }
      const receipt: ProposalReceipt = { id, receiptNumber, trackingCode, state: 'submitted', submittedAt: iso(row.submitted_at)! };
      await onCommitting(q, receipt);
      return receipt;
    });
  } catch (e) {
    // The transaction aborted on the unique form nonce: the other submit won.
    if (uniqueViolation(e, 'proposals_one_per_form_token')) throw (await alreadyFiled(db)) ?? e;
    throw e;
  }
}

const uniqueViolation = (e: unknown, constraint: string) =>
  !!e && typeof e === 'object' && (e as { code?: string }).code === '23505' && String((e as { constraint?: string; message?: string }).constraint ?? (e as Error).message).includes(constraint);

// ---------------------------------------------------------------------------- supporting

const forwardNote = (n: number): LocalizedText => ({
  ko: `공감 ${n.toLocaleString('ko-KR')}명에 도달하여 위원회에 회부되었습니다.`,
  en: `Reached ${n.toLocaleString('en-US')} supports and was forwarded to the committee.`,
});

/**
 * One support, in one transaction: the support row (its primary key refuses a second support
 * by the same voter), then the count, bumped only while the proposal is `published` (the row
 * lock of that UPDATE serialises supports of one proposal, so the count is exact). The support
 * that reaches the threshold moves the proposal to `forwarded` (actor `system`) in the same
 * transaction; supports waiting behind it then find it no longer published and are refused
 * with `proposal-not-open` (their support row is rolled back). Exactly once, under any load.
 */
export async function supportProposal(
  db: Db,
  site: SiteRecord,
  id: string,
  body: SupportRequest,
  onCommitting: (q: Queryable, receipt: SupportReceipt) => Promise<void>,
): Promise<SupportReceipt> {
  if (!ProposalId.safeParse(id).success) throw notFound(`published proposal ${id}`);
  const settings = await getSettings(db, site.id);
  const voter = await identifyVoter(site, settings.voterPolicy, body);
  return db.tx(async (q) => {
    const inserted = await q.query(
      `INSERT INTO proposal_supports (proposal_id, voter_key, voter_kind)
       SELECT id, $3, $4 FROM proposals WHERE id = $1 AND site_id = $2 AND published_at IS NOT NULL
       ON CONFLICT (proposal_id, voter_key) DO NOTHING RETURNING created_at`,
      [id, site.id, voter.key, voter.kind],
    );
    if (!inserted.length) {
      const [p] = await q.query('SELECT state FROM proposals WHERE id = $1 AND site_id = $2 AND published_at IS NOT NULL', [id, site.id]);
      if (!p) throw notFound(`published proposal ${id}`);
      throw new HttpProblem('already-supported', 'each voter supports a proposal once');
    }
    // A single-use voter token is spent with the support, in this transaction (voter.ts).
    await spendVoterToken(q, site.id, voter);
    const [bumped] = await q.query(
      `UPDATE proposals SET support_count = support_count + 1, updated_at = now()
       WHERE id = $1 AND state = 'published' RETURNING support_count`,
      [id],
    );
    if (!bumped) {
      const [p] = await q.query('SELECT state FROM proposals WHERE id = $1', [id]);
      throw new HttpProblem('proposal-not-open', `this proposal is ${p?.state ?? 'gone'} and no longer takes support`);
    }
    let state: SupportReceipt['state'] = 'published';
    const threshold = settings.supportThreshold;
    if (threshold !== null && bumped.support_count >= threshold) {
      await q.query(`UPDATE proposals SET state = 'forwarded', forwarded_at = now() WHERE id = $1`, [id]);
      await q.query(`INSERT INTO proposal_events (proposal_id, state, actor, note) VALUES ($1, 'forwarded', 'system', $2)`, [
        id,
        JSON.stringify(forwardNote(threshold)),
      ]);
      state = 'forwarded';
    }
    const receipt: SupportReceipt = { proposalId: id, supportedAt: iso(inserted[0].created_at)!, supportCount: bumped.support_count, state };
    await onCommitting(q, receipt);
    return receipt;
  });
}

// ---------------------------------------------------------------------------- the site's transitions

/**
 * Moves a proposal along PROPOSAL_TRANSITIONS under a row lock (two concurrent transitions
 * cannot both apply: the second sees the first's state). `published` sets publishedAt (once);
 * accepted/rejected need the public note, which becomes the proposal's `answer`.
 */
export async function transitionProposal(
  db: Db,
  siteId: string,
  id: string,
  t: ProposalTransition,
  onCommitting: (q: Queryable, p: AdminProposal) => Promise<void>,
  actor: 'site' | 'system' = 'site',
): Promise<AdminProposal> {
  return db.tx(async (q) => {
    const row = await adminRow(q, siteId, id, true);
    const from = row.state as ProposalState;
    const allowed = PROPOSAL_TRANSITIONS[from];
    if (!allowed.includes(t.to)) {
      throw new HttpProblem(
        'invalid-transition',
        `a proposal cannot go from "${from}" to "${t.to}"; from "${from}" it may go to ${allowed.length ? allowed.map((s) => `"${s}"`).join(', ') : 'no other state'}`,
      );
    }
    if (ANSWER_REQUIRED.includes(t.to) && !t.note) {
      throw fieldProblem('validation', 'note', `"${t.to}" needs the public answer to the citizen (note.ko, and note.en when you can)`);
    }
    const note = t.note ? JSON.stringify(t.note) : null;
    await q.query(
      `UPDATE proposals SET state = $2, updated_at = now(),
              published_at = CASE WHEN $2 = 'published' THEN coalesce(published_at, now()) ELSE published_at END,
              forwarded_at = CASE WHEN $2 = 'forwarded' THEN coalesce(forwarded_at, now()) ELSE forwarded_at END,
              answer = CASE WHEN $2 IN ('accepted', 'rejected') THEN $3::jsonb ELSE answer END
       WHERE id = $1`,
      [id, t.to, note],
    );
    await q.query('INSERT INTO proposal_events (proposal_id, state, actor, note) VALUES ($1, $2, $3, $4)', [id, t.to, actor, note]);
    const out = await getAdminProposal(q, siteId, id);
    await onCommitting(q, out);
    return out;
  });
}

// ---------------------------------------------------------------------------- retention

/**
 * Deletes the contact (and consent record) of every proposal whose site's retention period
 * after submission has passed, and stamps personal_data_purged_at; one statement, so running
 * it twice (or from two crons at once) deletes each contact once. Returns how many were deleted.
 */
export async function purgeExpiredContacts(q: Queryable): Promise<{ deleted: number; proposals: string[] }> {
  const rows = await q.query(
    `WITH gone AS (
       DELETE FROM proposal_contacts c
       USING proposals p LEFT JOIN proposal_settings s ON s.site_id = p.site_id
       WHERE c.proposal_id = p.id
         AND p.submitted_at < now() - make_interval(days => coalesce((s.settings->>'retentionDays')::int, $1))
       RETURNING c.proposal_id
     )
     UPDATE proposals SET personal_data_purged_at = now() WHERE id IN (SELECT proposal_id FROM gone) RETURNING id`,
    [DEFAULT_PROPOSAL_SETTINGS.retentionDays],
  );
  return { deleted: rows.length, proposals: rows.map((r) => r.id) };
}
