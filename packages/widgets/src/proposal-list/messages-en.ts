/**
 * The English strings of <madang-proposal-list> (messages.ts has the Korean and the key set; typed as
 * `ProposalListMessages`, so a missing key fails the build), imported the first time an element is in English.
 */
import { commonErrors, retry } from '../shared/messages-en.js';
import type { ProposalListMessages } from './messages.js';

const supporters = (n: string) => (n === '1' ? '1 supporter' : `${n} supporters`);

export const en: ProposalListMessages = {
  heading: 'Citizen proposals',
  loading: 'Loading proposals…',
  loadingPage: 'Loading the list…',
  retry: retry.en,
  total: (n) => (n === '1' ? '1 proposal' : `${n} proposals`),
  empty: 'No proposals have been published yet.',
  emptyCategory: (category) => `No proposals have been published in “${category}” yet.`,
  sortLabel: 'Sort by',
  sortNewest: 'Newest first',
  sortSupport: 'Most supported',
  sortedBy: (sort) => `Sorted: ${sort}.`,
  category: 'Category',
  region: 'Region',
  state: 'Status',
  submittedAt: 'Submitted',
  publishedAt: 'Published',
  showMore: 'Show more',
  showLess: 'Show less',
  answer: 'Ministry’s answer',
  supportCount: supporters,
  threshold: (current, count) => `${current} / ${count} — at ${count} supporters this goes to the committee`,
  thresholdReached: (current, count) => `${current} / ${count} — support threshold reached`,
  thresholdLabel: 'Committee threshold',
  forwarded: (date) => `Forwarded to the committee on ${date}.`,
  support: 'I support this',
  supporting: 'Sending your support…',
  supported: 'You support this',
  alreadySupported: 'You already support this proposal.',
  loginRequired: 'Sign in on this website to support this proposal.',
  supportedLive: (title, count) => `You support “${title}”. It now has ${supporters(count)}.`,
  forwardedLive: 'The support threshold was reached; the proposal has been forwarded to the committee.',
  pagination: 'Proposal pages',
  previous: 'Previous page',
  next: 'Next page',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  pageAnnounce: (page, pages) => `Page ${page} of ${pages}`,
  errors: {
    ...commonErrors.en,
    config: (detail) => `The proposals cannot be shown. Please tell the website’s administrator. (Configuration error: ${detail})`,
    originNotAllowed: 'this website’s address is not allowed to load proposals',
    supportNetwork: 'Your support could not be sent. Check your internet connection and press the button again; it will not be counted twice.',
    notFound: 'This proposal was not found. It may have been removed or made private.',
    proposalNotOpen: 'This proposal is not taking support at the moment.',
    voterTokenRequired: 'Sign in on this website to support this proposal, then try again.',
    invalidVoterToken: 'Your sign-in has expired or is not valid. Sign in again, then try again.',
    rateLimited: 'Too many requests. Please wait a moment and try again.',
    validation: 'The request could not be processed. Please try again in a moment.',
    busy: 'Your earlier support is still being processed. Please try again in a moment.',
  },
};
