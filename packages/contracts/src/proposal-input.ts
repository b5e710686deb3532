/** Request bodies of the proposal routes, and the admin (secret key) views with the author's contact. */
import * as z from 'zod/mini';

import { LocalizedText, Timestamp, text } from './common.js';
import { VoterPolicy } from './poll.js';
import {
  CategoryId,
  ContactItem,
  ContactPolicy,
  Proposal,
  PROPOSAL_LIMITS as L,
  ProposalCategory,
  ProposalState,
} from './proposal.js';

export const ProposalSubmit = z
  .object({
    title: text(L.title),
    body: text(L.body),
    category: CategoryId,
    region: z.optional(CategoryId),
    /** The author's contact: each item needs its own consent (`consent.items`). */
    contact: z.optional(
      z.object({
        name: z.optional(text(L.name)),
        email: z.optional(z.email().check(z.maxLength(L.email))),
        phone: z.optional(
          z.string().check(
            z.trim(),
            z.regex(/^\+?[0-9][0-9 ()-]{6,18}[0-9]$/, 'must be a phone number such as 010-1234-5678'),
            z.maxLength(L.phone),
          ),
        ),
      }),
    ),
    /** PIPA consent: which contact items the author agreed to give, to which notice version, and when. */
    consent: z.optional(
      z.object({
        version: text(100),
        items: z.array(ContactItem).check(z.maxLength(3)),
        agreedAt: Timestamp,
      }),
    ),
    antiSpam: z.object({
      /** Signed form token from GET /v1/proposals/challenge. */
      formToken: z.string().check(z.minLength(1), z.maxLength(500)),
      /** The honeypot: a field people never see; anything in it marks the submit as automated. */
      website: z.optional(z.string().check(z.maxLength(500))),
      /** The solved ALTCHA payload (base64 JSON), when the site requires proof of work. */
      altcha: z.optional(z.string().check(z.maxLength(4000))),
    }),
  })
  .check(
    z.superRefine((p, ctx) => {
      const given = (['name', 'email', 'phone'] as const).filter((k) => p.contact?.[k] !== undefined);
      if (!given.length) return;
      if (!p.consent) {
        ctx.addIssue({ code: 'custom', path: ['consent'], message: 'contact details need the author’s consent' });
        return;
      }
      for (const k of given) {
        if (!p.consent.items.includes(k)) ctx.addIssue({ code: 'custom', path: ['consent', 'items'], message: `no consent given for "${k}"` });
      }
    }),
  );
export type ProposalSubmit = z.infer<typeof ProposalSubmit>;

export const SupportRequest = z.object({
  /** Signed voter token (JWT) from the host site's login, when the site's voter policy is `verified`. */
  voterToken: z.optional(z.string().check(z.minLength(1), z.maxLength(8192))),
  /** Random device id kept by the widget, when the voter policy is `anonymous`. */
  deviceId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{16,128}$/))),
});
export type SupportRequest = z.infer<typeof SupportRequest>;

export const ProposalTransition = z.object({
  to: ProposalState,
  /** The public note of this step; required (the answer) for `accepted` and `rejected`. */
  note: z.optional(LocalizedText),
});
export type ProposalTransition = z.infer<typeof ProposalTransition>;

/** Every field optional: what is sent replaces the current value (defaults in docs/api.md). */
export const ProposalSettingsUpdate = z.object({
  categories: z.optional(z.array(ProposalCategory).check(z.minLength(1), z.maxLength(50))),
  regions: z.optional(z.array(ProposalCategory).check(z.maxLength(300))),
  contact: z.optional(ContactPolicy),
  supportThreshold: z.optional(z.nullable(z.int().check(z.gte(1), z.lte(100_000_000)))),
  voterPolicy: z.optional(VoterPolicy),
  retentionDays: z.optional(z.int().check(z.gte(1), z.lte(3650))),
  minFillSeconds: z.optional(z.int().check(z.gte(0), z.lte(600))),
  proofOfWork: z.optional(z.boolean()),
  consent: z.optional(
    z.object({
      version: text(100),
      purpose: z.optional(z.nullable(LocalizedText)),
      extra: z.optional(z.nullable(LocalizedText)),
    }),
  ),
});
export type ProposalSettingsUpdate = z.infer<typeof ProposalSettingsUpdate>;

/** A proposal with what only the site may see: the author's contact and consent (null once purged). */
export const AdminProposal = z.object({
  ...Proposal.shape,
  contact: z.nullable(
    z.object({
      name: z.nullable(z.string()),
      email: z.nullable(z.string()),
      phone: z.nullable(z.string()),
    }),
  ),
  consent: z.nullable(z.object({ version: z.string(), items: z.array(ContactItem), agreedAt: Timestamp })),
  /** When the contact was deleted at the end of the retention period; null while kept (or never given). */
  personalDataPurgedAt: z.nullable(Timestamp),
});
export type AdminProposal = z.infer<typeof AdminProposal>;

export const AdminProposalPage = z.object({
  items: z.array(AdminProposal),
  total: z.int().check(z.gte(0)),
  page: z.int().check(z.gte(1)),
  pageSize: z.int().check(z.gte(1)),
});
export type AdminProposalPage = z.infer<typeof AdminProposalPage>;
