/** Request bodies for creating and updating polls (server side and admin SDK only). */
import * as z from 'zod/mini';

import { LocalizedText, Timestamp } from './common.js';
import { PollKind, PollOption, ResultsVisibility, Threshold, VoterPolicy, YES_NO_OPTIONS } from './poll.js';

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

