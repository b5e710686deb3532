/**
 * The SDK's error classes. Every failure the SDK reports is a MadangError, except a caller's own
 * abort: when the caller's AbortSignal fires, the signal's reason is thrown unchanged (as fetch does).
 */
import { problemSlug, type Problem, type ProblemSlug, type z } from '@madang/contracts';

export class MadangError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MadangError';
  }
}

/** The API answered with an error status. `problem` is its RFC 9457 body (or one synthesized from the status). */
export class MadangApiError extends MadangError {
  readonly status: number;
  readonly problem: Problem;
  /** The problem type's slug (`validation`, `not-found`, …); undefined for types this SDK version does not know. */
  readonly slug: ProblemSlug | undefined;
  /** The first offending field (`choices.0`, `deviceId`, …) when the problem names one. */
  readonly field: string | undefined;

  constructor(status: number, problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'MadangApiError';
    this.status = status;
    this.problem = problem;
    this.slug = problemSlug(problem.type);
    this.field = problem.field ?? problem.errors?.[0]?.field;
  }
}

/** No usable response: the connection failed or dropped, or the request timed out. `cause` holds the underlying error. */
export class MadangNetworkError extends MadangError {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'MadangNetworkError';
  }
}

/** The API answered, but the body does not match the contract (not JSON, or `issues` from the contract schema). */
export class MadangResponseError extends MadangError {
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(message: string, issues: readonly z.core.$ZodIssue[] = []) {
    super(message);
    this.name = 'MadangResponseError';
    this.issues = issues;
  }
}
