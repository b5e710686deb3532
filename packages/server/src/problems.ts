/** RFC 9457 problem details: the only error shape the API emits. */
import { PROBLEM_TYPES, problemType, type Problem, type ProblemFieldError, type ProblemSlug } from '@madang/contracts';

export class HttpProblem extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(
    readonly slug: ProblemSlug,
    readonly detail?: string,
    readonly extra: {
      errors?: ProblemFieldError[];
      headers?: Record<string, string>;
      receiptId?: string;
      /** On `already-submitted`: the proposal this form token already filed. */
      receiptNumber?: string;
      trackingCode?: string;
      /** On `invalid-budget-file`: how many cells could not be read (errors lists the first ones). */
      errorCount?: number;
    } = {},
  ) {
    super(detail ?? PROBLEM_TYPES[slug].title);
    this.status = PROBLEM_TYPES[slug].status;
    this.headers = extra.headers ?? {};
  }

  body(instance?: string): Problem {
    const errors = this.extra.errors;
    return {
      type: problemType(this.slug),
      title: PROBLEM_TYPES[this.slug].title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(errors?.length ? { errors, field: errors[0].field } : {}),
      ...(this.extra.receiptId ? { receiptId: this.extra.receiptId } : {}),
      ...(this.extra.receiptNumber ? { receiptNumber: this.extra.receiptNumber } : {}),
      ...(this.extra.trackingCode ? { trackingCode: this.extra.trackingCode } : {}),
      ...(this.extra.errorCount !== undefined ? { errorCount: this.extra.errorCount } : {}),
    };
  }
}

/** A problem about one field, e.g. `fieldProblem('validation', 'choices', 'not an option of this poll')`. */
export function fieldProblem(slug: ProblemSlug, field: string, detail: string, extra: { headers?: Record<string, string> } = {}) {
  return new HttpProblem(slug, `${field}: ${detail}`, { ...extra, errors: [fieldError(field.split('.'), detail)] });
}

export function fieldError(path: PropertyKey[], detail: string): ProblemFieldError {
  const parts = path.map(String);
  return {
    field: parts.join('.') || '(body)',
    pointer: '/' + parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/'),
    detail,
  };
}

interface ZodLikeIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  values?: unknown[];
  keys?: string[];
  format?: string;
}

/** zod/mini ships no messages; say what is wrong in plain English, per field. */
function describe(i: ZodLikeIssue): string {
  switch (i.code) {
    case 'invalid_type':
      return i.message !== 'Invalid input' ? i.message : i.expected === 'undefined' ? 'not allowed here' : `must be ${article(i.expected ?? 'value')}`;
    case 'too_small':
      return i.origin === 'string' ? `must be at least ${i.minimum} characters` : i.origin === 'array' ? `must have at least ${i.minimum} items` : `must be at least ${i.minimum}`;
    case 'too_big':
      return i.origin === 'string' ? `must be at most ${i.maximum} characters` : i.origin === 'array' ? `must have at most ${i.maximum} items` : `must be at most ${i.maximum}`;
    case 'invalid_value':
      return `must be one of ${(i.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return i.format === 'datetime' ? 'must be an ISO 8601 date-time with a time zone' : i.format === 'regex' ? 'has an invalid format' : `must be a valid ${i.format}`;
    case 'unrecognized_keys':
      return `unknown field(s): ${(i.keys ?? []).join(', ')}`;
    default:
      return i.message && i.message !== 'Invalid input' ? i.message : 'is invalid';
  }
}

const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

export function validationProblem(issues: readonly ZodLikeIssue[]) {
  const errors = issues.map((i) => fieldError(i.path, describe(i)));
  const detail = errors.map((e) => `${e.field}: ${e.detail}`).join('; ');
  return new HttpProblem('validation', detail, { errors });
}

type Schema<T> = { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: readonly ZodLikeIssue[] } } };

/**
 * The path of the first string (or object key) in `value` that is not well-formed Unicode: an
 * unpaired surrogate, which JSON can carry as `\\ud800` but PostgreSQL's jsonb refuses (a 500
 * before this check, found by the schema fuzz test).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

export function illFormedAt(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value === 'string') return wellFormed(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedAt(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!wellFormed(k)) return [...path, k];
      const found = illFormedAt(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Throws the 422 naming the first string with an unpaired surrogate (see `illFormedAt`). */
export function assertWellFormed(value: unknown, prefix: PropertyKey[] = []) {
  const at = illFormedAt(value);
  if (at) throw validationProblem([{ code: 'custom', path: [...prefix, ...at], message: 'must not contain unpaired surrogate characters (not valid Unicode)' }]);
}

/** Parses with a contract schema, or throws the 422 problem naming each bad field. */
export function validate<T>(schema: Schema<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw validationProblem(r.error.issues);
  assertWellFormed(r.data);
  return r.data;
}
