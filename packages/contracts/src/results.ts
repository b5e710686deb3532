/** Results and the vote receipt. */
import * as z from 'zod/mini';

import { OptionId, PollId, Timestamp } from './common.js';
import { PollStatus } from './poll.js';

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

