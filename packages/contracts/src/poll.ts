import * as z from 'zod/mini';

import { LocalizedText, OptionId, PollId, Timestamp } from './common.js';



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

