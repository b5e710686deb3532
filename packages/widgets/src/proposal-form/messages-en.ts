/**
 * The English strings of <madang-proposal-form> (messages.ts has the Korean and the key set; typed as
 * `ProposalFormMessages`, so a missing key fails the build), imported the first time an element is in English.
 */
import { commonErrors, retry } from '../shared/messages-en.js';
import type { ProposalFormMessages } from './messages.js';

export const en: ProposalFormMessages = {
  loading: 'Loading the proposal form…',
  loadingTracking: 'Loading the proposal’s progress…',
  heading: 'Make a policy proposal',
  intro: 'Fields marked * are required.',
  required: 'required',
  optional: 'optional',
  draftRestored: 'Your saved draft has been restored.',
  discardDraft: 'Discard draft',
  draftDiscarded: 'The draft has been discarded.',
  draftHint:
    'Your title, proposal, topic and region are saved on this device as you type, so they are still here if you close the window. Contact details are never saved.',
  labels: {
    title: 'Title',
    body: 'Your proposal',
    category: 'Topic',
    region: 'Region',
    name: 'Name',
    email: 'Email',
    phone: 'Phone number',
  },
  titleHint: (max) => `Say in one line what you propose to change. Up to ${max} characters.`,
  bodyHint: (max) => `Describe the problem and how it could be improved. Up to ${max} characters, plain text only.`,
  categoryPlaceholder: 'Choose a topic',
  regionHint: 'Choose one if your proposal is about a particular region.',
  regionNone: 'No region (nationwide)',
  emailHint: 'For example: hong@example.kr',
  phoneHint: 'For example: 010-1234-5678',
  count: (n, max) => `${n} of ${max} characters`,
  countOver: (over) => `${over} ${over === '1' ? 'character' : 'characters'} too many`,
  countLeft: (label, left) => `${label}: ${left} ${left === '1' ? 'character' : 'characters'} left.`,
  countOverLive: (label, over) => `${label}: ${over} ${over === '1' ? 'character' : 'characters'} too many.`,
  honeypot: 'Leave this field empty',
  submit: 'Send proposal',
  submitting: 'Sending your proposal…',
  waiting: (seconds) => `To stop automated spam, your proposal is sent after a short wait: ${seconds} ${seconds === '1' ? 'second' : 'seconds'} left.`,
  retrySubmit: 'Send again',
  retry: retry.en,
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error:',
  errors: {
    ...commonErrors.en,
    titleMissing: 'Enter a title.',
    titleTooLong: (max, n) => `The title must be ${max} characters or fewer. It has ${n} now.`,
    bodyMissing: 'Enter your proposal.',
    bodyTooLong: (max, n) => `Your proposal must be ${max} characters or fewer. It has ${n} now.`,
    nul: (label) => `${label} contains a character that cannot be sent. Remove it.`,
    categoryMissing: 'Choose a topic.',
    serverField: (label) => `${label}: the server did not accept this value. Correct it and send again.`,
    serverOther: 'Part of what you sent could not be processed. Check your proposal and send it again.',
    serverNotSent:
      'Your proposal has NOT been sent yet: something went wrong on our side. Nothing you wrote is lost; please send it again in a moment.',
    notSent:
      'Your proposal has NOT been sent yet. Nothing you wrote is lost: it is still here and saved on this device. Check your internet connection and send it again. Sending again never files it twice.',
    config: (detail) => `The proposal form cannot be shown. Please tell the website’s administrator. (Configuration error: ${detail})`,
    originNotAllowed: 'this website’s address is not allowed to take proposals',
    trackNotFound:
      'This proposal was not found. Check the receipt number and tracking code. Without the tracking code only published proposals can be shown.',
    spam: 'This looked automated, so it was not accepted. Turn off your browser’s autofill and send it again.',
    tooFast: 'This was sent too quickly to be accepted. Wait a moment and send it again.',
    formToken: 'The form has expired. Send it again.',
    proofOfWork: 'The anti-spam check could not be completed. Send it again.',
    noCrypto: 'This browser cannot work out the anti-spam check. Use an up-to-date browser and the site’s https address.',
    rateLimited: 'Too many proposals in a short time. Wait a moment and send it again.',
    busy: 'Your earlier proposal is still being processed. Try again in a moment.',
  },
};
