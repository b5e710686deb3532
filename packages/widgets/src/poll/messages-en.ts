/**
 * The English strings of <madang-poll> (messages.ts has the Korean and the key set; typed as
 * `PollMessages`, so a missing key fails the build), imported the first time an element is in English.
 */
import { commonErrors, retry } from '../shared/messages-en.js';
import type { PollMessages } from './messages.js';

export const en: PollMessages = {
  loading: 'Loading the poll…',
  submit: 'Vote',
  submitting: 'Sending your vote…',
  retry: retry.en,
  results: 'Results',
  votes: (n) => (n === '1' ? '1 vote' : `${n} votes`),
  optionResult: (votes, percent) => `${votes === '1' ? '1 vote' : `${votes} votes`} (${percent})`,
  myChoice: 'Your choice',
  total: (n) => (n === '1' ? '1 participant' : `${n} participants`),
  closesAt: (date) => `Closes ${date}`,
  opensAt: (date) => `Voting opens ${date}.`,
  closed: 'This poll is closed.',
  voted: 'Your vote has been recorded. Thank you for taking part.',
  votedBefore: 'You have already voted on this device.',
  alreadyVoted: 'You have already voted.',
  forwarded: (date) => `Forwarded to the committee (${date})`,
  threshold: (current, count) => `${current} / ${count} — at ${count} votes this goes to the committee`,
  thresholdReached: (current, count) => `${current} / ${count} — threshold reached; forwarded to the committee`,
  thresholdHidden: (count) => `At ${count} votes this goes to the committee`,
  thresholdLabel: (option) => `Committee threshold (${option})`,
  resultsAfterClose: 'Results will be published when the poll closes.',
  resultsAfterVote: 'Results are shown after you vote.',
  chooseOne: 'Choose one option.',
  chooseExactly: (n) => `Choose ${n} options.`,
  chooseUpTo: (max) => `Choose up to ${max} options.`,
  chooseRange: (min, max) => `Choose between ${min} and ${max} options.`,
  tooFew: (min) => (min === '1' ? 'Choose at least one option.' : `Choose at least ${min} options.`),
  tooMany: (max) => `You can choose at most ${max} options.`,
  loginRequired: 'Sign in on this website to take part in this poll.',
  liveSummary: (parts) => parts.map((p) => `${p.label} ${p.votes === '1' ? '1 vote' : `${p.votes} votes`}`).join(', '),
  errors: {
    ...commonErrors.en,
    config: (detail) => `The poll cannot be shown. Please tell the website’s administrator. (Configuration error: ${detail})`,
    originNotAllowed: 'this website’s address is not allowed to take votes',
    notFound: 'This poll was not found. It may have moved or been removed.',
    pollClosed: 'This poll has closed; votes are no longer accepted.',
    pollNotOpen: 'This poll has not opened yet.',
    voterTokenRequired: 'Sign in on this website to take part in this poll, then try again.',
    invalidVoterToken: 'Your sign-in has expired or is not valid. Sign in again, then try again.',
    rateLimited: 'Too many requests. Please wait a moment and try again.',
    validation: 'Your choice could not be processed. Check it and try again.',
    busy: 'Your earlier vote is still being processed. Please try again in a moment.',
  },
};
