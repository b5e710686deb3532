/**
 * Citizen proposals: what the public (publishable key) reads. Nothing here carries personal
 * data; the author's contact lives only in `AdminProposal` (proposal-input.ts, secret key).
 */
import * as z from 'zod/mini';

import { LocalizedText, Timestamp } from './common.js';
import { VoterPolicy } from './poll.js';

export const ProposalId = z.string().check(z.regex(/^prop_[A-Za-z0-9]{8,40}$/));
/** What the author keeps: `<year>-<6-digit sequence per site and year>`, e.g. `2026-000123`. */
export const ReceiptNumber = z.string().check(z.regex(/^\d{4}-\d{6,}$/));
/** Shown once with the receipt; with the receipt number it opens the author's own proposal in any state. */
export const TrackingCode = z.string().check(z.regex(/^[A-Za-z0-9]{12,40}$/));
export const CategoryId = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,31}$/));

// Field limits and the supportable states live in a zod-free module the widgets can import alone.
export { PROPOSAL_LIMITS, SUPPORTABLE } from './proposal-limits.js';

export const ProposalState = z.enum(['submitted', 'under_review', 'published', 'accepted', 'rejected', 'forwarded', 'implemented']);
export type ProposalState = z.infer<typeof ProposalState>;

/**
 * The lifecycle. `forwarded` from `published` is also taken automatically (actor `system`) when
 * public support reaches the site's threshold. `accepted` and `rejected` need a public answer.
 * Anything not listed is refused with 409 `invalid-transition`.
 */
export const PROPOSAL_TRANSITIONS: Record<ProposalState, readonly ProposalState[]> = {
  submitted: ['under_review', 'rejected'],
  under_review: ['published', 'rejected'],
  published: ['accepted', 'rejected', 'forwarded'],
  accepted: ['forwarded'],
  forwarded: ['implemented'],
  rejected: [],
  implemented: [],
};
/** Transitions whose public note (the answer to the citizen) is required. */
export const ANSWER_REQUIRED: readonly ProposalState[] = ['accepted', 'rejected'];

export const ProposalActor = z.enum(['author', 'site', 'system']);
export type ProposalActor = z.infer<typeof ProposalActor>;

export const ProposalStateEvent = z.object({
  state: ProposalState,
  at: Timestamp,
  /** Who made the change: the author (submission), the site's staff, or the system (threshold). */
  actor: ProposalActor,
  note: z.nullable(LocalizedText),
});
export type ProposalStateEvent = z.infer<typeof ProposalStateEvent>;

export const ProposalCategory = z.object({ id: CategoryId, label: LocalizedText });
export type ProposalCategory = z.infer<typeof ProposalCategory>;

export const ContactPolicy = z.enum(['none', 'optional', 'required']);
export type ContactPolicy = z.infer<typeof ContactPolicy>;
export const ContactItem = z.enum(['name', 'email', 'phone']);
export type ContactItem = z.infer<typeof ContactItem>;

/** A site's proposal settings as the form and list widgets read them (publishable key). */
export const ProposalSettings = z.object({
  categories: z.array(ProposalCategory),
  /** Regions to choose from; empty = the form asks for no region. */
  regions: z.array(ProposalCategory),
  /** `required`: a name and an email or phone; `optional`: each item may be left out; `none`: no contact asked. */
  contact: ContactPolicy,
  /** Supports at which a published proposal is forwarded to the committee; null = never automatically. */
  supportThreshold: z.nullable(z.int().check(z.gte(1))),
  voterPolicy: VoterPolicy,
  /** Days the author's contact is kept after submission; then it is deleted (`madang proposals purge-expired`). */
  retentionDays: z.int().check(z.gte(1)),
  /** Seconds between loading the form (its form token) and submitting, below which a submit is refused. */
  minFillSeconds: z.int().check(z.gte(0)),
  /** Whether a submit must carry a solved proof-of-work challenge (ALTCHA). */
  proofOfWork: z.boolean(),
  /** PIPA notice (개인정보 보호법 제15조 제2항): version stored with each consent; site texts override the widget's defaults. */
  consent: z.object({
    version: z.string(),
    purpose: z.nullable(LocalizedText),
    /** Anything else the site must say (e.g. a contact for privacy questions). */
    extra: z.nullable(LocalizedText),
  }),
});
export type ProposalSettings = z.infer<typeof ProposalSettings>;

export const ProposalSupportProgress = z.object({
  count: z.int(),
  current: z.int(),
  forwardedAt: z.nullable(Timestamp),
});

/** A proposal as anyone may see it: no author data. */
export const Proposal = z.object({
  id: ProposalId,
  receiptNumber: ReceiptNumber,
  title: z.string(),
  body: z.string(),
  category: CategoryId,
  region: z.nullable(CategoryId),
  state: ProposalState,
  supportCount: z.int().check(z.gte(0)),
  /** The site's threshold with this proposal's progress; null when the site has none. */
  threshold: z.nullable(ProposalSupportProgress),
  /** The public answer of the latest `accepted` or `rejected` transition. */
  answer: z.nullable(LocalizedText),
  history: z.array(ProposalStateEvent),
  submittedAt: Timestamp,
  publishedAt: z.nullable(Timestamp),
  updatedAt: Timestamp,
});
export type Proposal = z.infer<typeof Proposal>;

export const ProposalSort = z.enum(['newest', 'support']);
export type ProposalSort = z.infer<typeof ProposalSort>;

export const ProposalPage = z.object({
  items: z.array(Proposal),
  total: z.int().check(z.gte(0)),
  /** 1-based. */
  page: z.int().check(z.gte(1)),
  pageSize: z.int().check(z.gte(1)),
});
export type ProposalPage = z.infer<typeof ProposalPage>;

/** What the author gets back from a submit. */
export const ProposalReceipt = z.object({
  id: ProposalId,
  receiptNumber: ReceiptNumber,
  trackingCode: TrackingCode,
  state: ProposalState,
  submittedAt: Timestamp,
});
export type ProposalReceipt = z.infer<typeof ProposalReceipt>;

/** The anti-spam material a form needs before it submits (publishable key, GET, never cached). */
export const ProposalChallenge = z.object({
  /** Signed issue time; send it back as `antiSpam.formToken`. Valid for 24 hours. */
  formToken: z.string(),
  minFillSeconds: z.int(),
  /** An ALTCHA challenge (SHA-256 proof of work) when the site turned it on, else null. */
  altcha: z.nullable(
    z.object({
      algorithm: z.string(),
      challenge: z.string(),
      maxnumber: z.optional(z.int()),
      salt: z.string(),
      signature: z.string(),
    }),
  ),
});
export type ProposalChallenge = z.infer<typeof ProposalChallenge>;

export const SupportReceipt = z.object({
  proposalId: ProposalId,
  supportedAt: Timestamp,
  supportCount: z.int(),
  state: ProposalState,
});
export type SupportReceipt = z.infer<typeof SupportReceipt>;
