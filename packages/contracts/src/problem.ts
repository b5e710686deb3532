import * as z from 'zod/mini';



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
  'invalid-transition': { status: 409, title: 'This state change is not allowed' },
  'proposal-not-open': { status: 409, title: 'This proposal does not take support in its current state' },
  'already-supported': { status: 409, title: 'This voter already supports this proposal' },
  'already-submitted': { status: 409, title: 'A proposal was already filed from this form' },
  'spam-suspected': { status: 422, title: 'The submission looks automated' },
  'form-token-invalid': { status: 422, title: 'The form token is missing, invalid or expired; fetch a new challenge' },
  'submitted-too-fast': { status: 422, title: 'The form was submitted faster than a person fills it in' },
  'proof-of-work-required': { status: 422, title: 'This site requires a solved proof-of-work challenge' },
  'voter-token-required': { status: 401, title: 'This poll needs a signed voter token' },
  'invalid-voter-token': { status: 401, title: 'The voter token is invalid or expired' },
  'device-id-required': { status: 422, title: 'An anonymous poll needs a device id' },
  'idempotency-key-required': { status: 400, title: 'Writes need an Idempotency-Key header' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'idempotency-key-in-use': { status: 409, title: 'A request with this Idempotency-Key is still running' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'This route does not take a body of this media type' },
  'headers-too-large': { status: 431, title: 'The request line or headers are too large' },
  'invalid-budget-file': { status: 422, title: 'The budget file has cells that cannot be read; nothing was imported' },
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
  /** On `invalid-budget-file`: the 1-based line of the file (the header is line 1). */
  line: z.optional(z.int()),
  /** On `invalid-budget-file`: the column's header as written in the file; null for a whole line. */
  column: z.optional(z.nullable(z.string())),
  /** On `invalid-budget-file` for a Fiscal Data Package: the resource's path. */
  resource: z.optional(z.string()),
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
  /** On `already-voted`: the caller's own earlier receipt, so it can read `after_vote` results. */
  receiptId: z.optional(z.string()),
  /** On `already-submitted`: the proposal this form already filed (the form token is the author's own). */
  receiptNumber: z.optional(z.string()),
  trackingCode: z.optional(z.string()),
  /** On `invalid-budget-file`: how many cells could not be read (`errors` lists the first 100). */
  errorCount: z.optional(z.int()),
});
export type Problem = z.infer<typeof Problem>;

export const problemType = (slug: ProblemSlug) => `/problems/${slug}`;
/** The slug of a problem's `type`, or undefined for types this version does not know. */
export function problemSlug(type: string): ProblemSlug | undefined {
  const slug = type.replace(/^.*\/problems\//, '');
  return slug in PROBLEM_TYPES ? (slug as ProblemSlug) : undefined;
}

