/**
 * The English strings of <madang-proposal-form> (messages.ts has the Korean and the key set; typed as
 * `ProposalFormMessages`, so a missing key fails the build), imported the first time an element is in English.
 */
import { commonErrors, retry } from '../shared/messages-en.js';
import type { ProposalFormMessages } from './messages.js';
import type { NoticeTexts } from './notice.js';
import type { ReceiptTexts } from './receipt.js';

/** The English messages, and the English texts of the on-demand notice and receipt modules (which hold only Korean). */
export type ProposalFormMessagesEn = ProposalFormMessages & { notice: NoticeTexts; receipt: ReceiptTexts };

export const en: ProposalFormMessagesEn = {
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
  notice: {
  headingOptional: 'Contact details (optional)',
  headingRequired: 'Contact details (required)',
  introOptional:
    'If you want to hear about the outcome, agree to each item below and fill it in. You can make a proposal without agreeing.',
  introRequired: 'This ministry only accepts proposals it can reply to: it needs your name and an email address or a phone number.',
  noticeTitle: 'How we collect and use your personal information',
  purposeTerm: 'Purpose',
  purpose: 'To tell you the outcome of your proposal and to contact you with questions about it',
  itemsTerm: 'Items collected',
  itemsOptional: 'Name, email, phone number (each optional)',
  itemsRequired: 'Name (required); email or phone number, at least one (required)',
  retentionTerm: 'How long we keep them',
  retention: (days: string) => `${days} ${days === '1' ? 'day' : 'days'} from the day the proposal is received, then deleted without delay.`,
  refuseTerm: 'Your right to refuse, and what refusing means',
  refuseOptional:
    'You may refuse. You can still make your proposal, but we cannot tell you the outcome; you can follow it with your receipt number and tracking code.',
  refuseRequired: 'You may refuse. This ministry needs contact details to accept a proposal, so if you refuse, your proposal cannot be filed.',
  minors: 'If you are under 14, a parent or legal guardian must agree before you give contact details.',
  notStored:
    'Contact details are not saved on this device and are sent only once, with your proposal. They never appear in the published proposal.',
  consentLegend: (item: string, requirement: string) => `Do you agree to give your ${item.toLowerCase()}? (${requirement})`,
  requiredOneOf: 'email or phone required',
  agree: 'Yes, I agree',
  disagree: 'No, I do not agree',
  errors: {
    consentMissing: (item: string) => `Choose whether you agree to give your ${item.toLowerCase()}.`,
    consentRequired: (item: string) => `You need to agree to give your ${item.toLowerCase()} for the proposal to be filed.`,
    oneOfRequired: 'Agree to give an email address or a phone number, and fill it in, for the proposal to be filed.',
    nameMissing: 'Enter your name, or choose “No, I do not agree” if you do not want to give it.',
    nameTooLong: (max: string) => `Your name must be ${max} characters or fewer.`,
    emailMissing: 'Enter your email address, or choose “No, I do not agree” if you do not want to give it.',
    emailInvalid: 'Enter an email address in the correct format, like hong@example.kr',
    phoneInvalid: 'Enter a phone number using digits and hyphens, like 010-1234-5678',
    phoneMissing: 'Enter your phone number, or choose “No, I do not agree” if you do not want to give it.',
    nameMissingPlain: 'Enter your name.',
    emailMissingPlain: 'Enter your email address.',
    phoneMissingPlain: 'Enter your phone number.',
  },
  },
  receipt: {
  submitted: {
    heading: 'Your proposal has been received',
    receiptNumber: 'Receipt number',
    trackingCode: 'Tracking code',
    keep: 'Write down your receipt number and tracking code, or save this screen. With both you can follow your proposal even before it is published. The tracking code cannot be shown again.',
    track: 'Follow this proposal',
    another: 'Write another proposal',
  },
  tracking: {
    heading: 'Proposal progress',
    receiptNumber: 'Receipt number',
    title: 'Title',
    body: 'Proposal',
    state: 'Current state',
    category: 'Topic',
    submittedAt: 'Received',
    answer: 'Ministry’s answer',
    support: 'Support',
    supports: (n: string) => (n === '1' ? '1 supporter' : `${n} supporters`),
  },
  },
};
