/**
 * Plain constants of the proposal contracts, in a module without zod: the widgets import them
 * (through the package entry, which re-exports them from proposal.ts) without pulling the
 * proposal schemas, and zod with them, into their static bundles (measured by `pnpm size`).
 */
import type { ProposalState } from './proposal.js';

/** Field limits, shared by the server's validation and the form widget's counters. */
export const PROPOSAL_LIMITS = {
  title: 100,
  body: 5000,
  name: 50,
  email: 254,
  phone: 20,
  note: 2000,
} as const;

/** States in which a proposal takes public support. */
export const SUPPORTABLE: readonly ProposalState[] = ['published'];
