/**
 * One schema per API resource. The server validates requests with them, the SDK parses
 * responses with them, and `openapi.ts` turns them into the OpenAPI 3.1 document.
 *
 * Written with `zod/mini` because the widgets ship these schemas to browsers: the functional
 * API tree-shakes, the chained one does not (measured by `pnpm size`).
 */
import './zod-config.js';
import * as z from 'zod/mini';

export { z };

// ---------------------------------------------------------------- building blocks

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** Korean is required (the service's first language); English is optional but recommended. */
export const LocalizedText = z.object({
  ko: text(2000),
  en: z.optional(text(2000)),
});
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Timestamp = z.iso.datetime({ offset: true });

export const SiteId = z.string().check(z.regex(/^site_[A-Za-z0-9]{8,40}$/));
export const PollId = z.string().check(z.regex(/^poll_[A-Za-z0-9]{8,40}$/));
export const OptionId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/));

// ---------------------------------------------------------------- Site

export const Site = z.object({
  id: SiteId,
  name: z.string(),
  origins: z.array(z.string()),
  publishableKey: z.string(),
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
});
export type SiteCreate = z.infer<typeof SiteCreate>;

// ---------------------------------------------------------------- Poll

export const PollKind = z.enum(['yes_no', 'single', 'multiple']);
export type PollKind = z.infer<typeof PollKind>;
export const ResultsVisibility = z.enum(['always', 'after_vote', 'after_close']);
export type ResultsVisibility = z.infer<typeof ResultsVisibility>;
export const VoterPolicy = z.enum(['verified', 'anonymous']);
export type VoterPolicy = z.infer<typeof VoterPolicy>;
export const PollStatus = z.enum(['scheduled', 'open', 'closed']);
export type PollStatus = z.infer<typeof PollStatus>;

export const PollOption = z.object({
  id: OptionId,
  label: LocalizedText,
});
export type PollOption = z.infer<typeof PollOption>;

export const Threshold = z.object({
  /** The option whose votes count towards the threshold (`yes` for yes/no polls). */
  optionId: OptionId,
  count: z.int().check(z.gte(1), z.lte(100_000_000)),
});
export type Threshold = z.infer<typeof Threshold>;

export const PollStateEvent = z.object({
  state: z.enum(['created', 'forwarded', 'closed']),
  at: Timestamp,
  note: z.nullable(LocalizedText),
});
export type PollStateEvent = z.infer<typeof PollStateEvent>;

export const Poll = z.object({
  id: PollId,
  kind: PollKind,
  question: LocalizedText,
  description: z.nullable(LocalizedText),
  options: z.array(PollOption),
  minChoices: z.int(),
  maxChoices: z.int(),
  opensAt: z.nullable(Timestamp),
  closesAt: z.nullable(Timestamp),
  status: PollStatus,
  resultsVisibility: ResultsVisibility,
  voterPolicy: VoterPolicy,
  threshold: z.nullable(Threshold),
  forwardedAt: z.nullable(Timestamp),
  history: z.array(PollStateEvent),
  createdAt: Timestamp,
});
export type Poll = z.infer<typeof Poll>;

/** Options of a yes/no poll when the creator gives none. */
export const YES_NO_OPTIONS: PollOption[] = [
  { id: 'yes', label: { ko: '찬성', en: 'Yes' } },
  { id: 'no', label: { ko: '반대', en: 'No' } },
];

export const PollCreate = z
  .object({
    kind: PollKind,
    question: LocalizedText,
    description: z.optional(LocalizedText),
    options: z.optional(z.array(PollOption).check(z.minLength(2), z.maxLength(50))),
    minChoices: z.optional(z.int().check(z.gte(1), z.lte(50))),
    maxChoices: z.optional(z.int().check(z.gte(1), z.lte(50))),
    opensAt: z.optional(Timestamp),
    closesAt: z.optional(Timestamp),
    resultsVisibility: z.optional(ResultsVisibility),
    voterPolicy: z.optional(VoterPolicy),
    threshold: z.optional(Threshold),
  })
  .check(
    z.superRefine((p, ctx) => {
      const options = p.options ?? (p.kind === 'yes_no' ? YES_NO_OPTIONS : undefined);
      if (!options) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'options are required for single and multiple polls' });
        return;
      }
      if (p.kind === 'yes_no' && options.length !== 2) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: 'a yes_no poll has exactly two options' });
      }
      const ids = new Set<string>();
      options.forEach((o, i) => {
        if (ids.has(o.id)) ctx.addIssue({ code: 'custom', path: ['options', i, 'id'], message: `duplicate option id "${o.id}"` });
        ids.add(o.id);
      });
      if (p.kind !== 'multiple' && (p.minChoices ?? 1) !== 1) {
        ctx.addIssue({ code: 'custom', path: ['minChoices'], message: 'only multiple polls take minChoices' });
      }
      if (p.kind !== 'multiple' && (p.maxChoices ?? 1) !== 1) {
        ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: 'only multiple polls take maxChoices' });
      }
      const min = p.minChoices ?? 1;
      const max = p.maxChoices ?? (p.kind === 'multiple' ? options.length : 1);
      if (min > max) ctx.addIssue({ code: 'custom', path: ['minChoices'], message: 'minChoices must not exceed maxChoices' });
      if (max > options.length) ctx.addIssue({ code: 'custom', path: ['maxChoices'], message: 'maxChoices must not exceed the number of options' });
      if (p.threshold && !ids.has(p.threshold.optionId)) {
        ctx.addIssue({ code: 'custom', path: ['threshold', 'optionId'], message: 'threshold.optionId must be one of the options' });
      }
      if (p.opensAt && p.closesAt && Date.parse(p.closesAt) <= Date.parse(p.opensAt)) {
        ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'closesAt must be after opensAt' });
      }
    }),
  );
export type PollCreate = z.infer<typeof PollCreate>;

export const PollUpdate = z
  .object({
    status: z.optional(z.literal('closed')),
    question: z.optional(LocalizedText),
    description: z.optional(z.nullable(LocalizedText)),
    opensAt: z.optional(z.nullable(Timestamp)),
    closesAt: z.optional(z.nullable(Timestamp)),
    note: z.optional(LocalizedText),
  })
  .check(
    z.refine((u) => Object.keys(u).some((k) => k !== 'note'), {
      message: 'nothing to update: give status, question, description, opensAt or closesAt',
    }),
  );
export type PollUpdate = z.infer<typeof PollUpdate>;

// ---------------------------------------------------------------- Votes and results

export const VoteRequest = z.object({
  choices: z.array(OptionId).check(
    z.minLength(1),
    z.maxLength(50),
    z.refine((c) => new Set(c).size === c.length, 'choices must not repeat an option'),
  ),
  /** Signed voter token (JWT) from the host site's login, for `verified` polls. */
  voterToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
  /** Random device id kept by the widget, for `anonymous` polls. */
  deviceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{16,128}$/))),
});
export type VoteRequest = z.infer<typeof VoteRequest>;

export const OptionResult = z.object({
  id: OptionId,
  votes: z.int().check(z.gte(0)),
});
export type OptionResult = z.infer<typeof OptionResult>;

export const ThresholdProgress = z.object({
  optionId: OptionId,
  count: z.int(),
  /** Votes for `optionId` so far; null while results are hidden. */
  current: z.nullable(z.int()),
  forwardedAt: z.nullable(Timestamp),
});
export type ThresholdProgress = z.infer<typeof ThresholdProgress>;

export const PollResults = z.object({
  pollId: PollId,
  status: PollStatus,
  /** False while the poll's resultsVisibility hides the counts from this caller. */
  visible: z.boolean(),
  totalVotes: z.nullable(z.int().check(z.gte(0))),
  options: z.array(OptionResult),
  threshold: z.nullable(ThresholdProgress),
  updatedAt: Timestamp,
});
export type PollResults = z.infer<typeof PollResults>;

export const VoteReceipt = z.object({
  /** Proof of voting; pass it as `receipt` to read `after_vote` results. */
  receiptId: z.string().check(z.regex(/^rcpt_[A-Za-z0-9]{16,64}$/)),
  pollId: PollId,
  choices: z.array(OptionId),
  votedAt: Timestamp,
  results: PollResults,
});
export type VoteReceipt = z.infer<typeof VoteReceipt>;

export const Health = z.object({
  status: z.literal('ok'),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
});
export type Health = z.infer<typeof Health>;

// ---------------------------------------------------------------- Problems (RFC 9457)

/** Every problem type the API emits; `type` is `/problems/<slug>`. */
export const PROBLEM_TYPES = {
  'malformed-request': { status: 400, title: 'The request body is not valid JSON' },
  validation: { status: 422, title: 'The request has invalid fields' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This key may not do that' },
  'origin-not-allowed': { status: 403, title: 'This origin is not on the site’s allowlist' },
  'not-found': { status: 404, title: 'Not found' },
  'poll-not-open': { status: 409, title: 'The poll is not open yet' },
  'poll-closed': { status: 409, title: 'The poll is closed' },
  'already-voted': { status: 409, title: 'This voter has already voted in this poll' },
  'voter-token-required': { status: 401, title: 'This poll needs a signed voter token' },
  'invalid-voter-token': { status: 401, title: 'The voter token is invalid or expired' },
  'device-id-required': { status: 422, title: 'An anonymous poll needs a device id' },
  'idempotency-key-required': { status: 400, title: 'Writes need an Idempotency-Key header' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'idempotency-key-in-use': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Send application/json' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Something went wrong on our side' },
  unavailable: { status: 503, title: 'The service is starting or overloaded' },
} as const;
export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export const ProblemFieldError = z.object({
  /** Dotted path of the offending field, e.g. `choices.0` or `question.ko`. */
  field: z.string(),
  /** JSON Pointer (RFC 6901) to the same field. */
  pointer: z.string(),
  detail: z.string(),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(ProblemFieldError)),
  /** The first offending field, for clients that show one message. */
  field: z.optional(z.string()),
});
export type Problem = z.infer<typeof Problem>;

export const problemType = (slug: ProblemSlug) => `/problems/${slug}`;
/** The slug of a problem's `type`, or undefined for types this version does not know. */
export function problemSlug(type: string): ProblemSlug | undefined {
  const slug = type.replace(/^.*\/problems\//, '');
  return slug in PROBLEM_TYPES ? (slug as ProblemSlug) : undefined;
}

// ---------------------------------------------------------------- Routes

/**
 * The API surface: the server mounts these paths, the SDK calls them, the OpenAPI document
 * describes them. Paths use OpenAPI `{param}` syntax; `toHonoPath` converts.
 */
export const routes = {
  health: { method: 'get', path: '/v1/health', auth: 'none', response: Health, status: 200, summary: 'Liveness and database engine' },
  createPoll: { method: 'post', path: '/v1/polls', auth: 'secret', body: PollCreate, response: Poll, status: 201, summary: 'Create a poll' },
  getPoll: { method: 'get', path: '/v1/polls/{id}', auth: 'publishable', response: Poll, status: 200, summary: 'Read a poll' },
  updatePoll: { method: 'patch', path: '/v1/polls/{id}', auth: 'secret', body: PollUpdate, response: Poll, status: 200, summary: 'Update or close a poll' },
  vote: { method: 'post', path: '/v1/polls/{id}/votes', auth: 'publishable', body: VoteRequest, response: VoteReceipt, status: 201, summary: 'Cast a vote (idempotent)' },
  results: { method: 'get', path: '/v1/polls/{id}/results', auth: 'publishable', response: PollResults, status: 200, summary: 'Read results' },
  resultsStream: { method: 'get', path: '/v1/polls/{id}/results/stream', auth: 'publishable', response: PollResults, status: 200, summary: 'Live results (server-sent events)', stream: true },
} as const;
export type RouteName = keyof typeof routes;

export const toHonoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');
export const fillPath = (path: string, params: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));

/** Server-sent event names on the results stream. */
export const STREAM_EVENTS = { results: 'results' } as const;
