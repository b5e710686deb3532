/**
 * Every string <madang-proposal-form> shows or announces. Korean is the default and the source
 * of the key set; `en` is typed as `ProposalFormMessages`, so a key missing from it fails the
 * build. Numbers and dates arrive already formatted (Intl) in the widget's locale.
 *
 * The PIPA notice (개인정보 보호법 제15조 제2항, 제22조) has defaults here; a site's own
 * `settings.consent.purpose` replaces the purpose and `settings.consent.extra` is added below.
 */

import type { Lang } from '../shared/lang.js';
import { commonErrors, retry } from '../shared/messages.js';

export type { Lang };

/** The fields the form validates; also the ids of their controls. */
export type FieldId =
  | 'title'
  | 'body'
  | 'category'
  | 'region'
  | 'consent-name'
  | 'contact-name'
  | 'consent-email'
  | 'contact-email'
  | 'consent-phone'
  | 'contact-phone';

export type ContactKey = 'name' | 'email' | 'phone';

const ko = {
  loading: '제안 양식을 불러오는 중입니다…',
  loadingTracking: '제안 처리 상황을 불러오는 중입니다…',
  heading: '정책 제안하기',
  intro: '* 표시는 꼭 입력해야 하는 항목입니다.',
  required: '필수',
  optional: '선택',
  draftRestored: '저장된 초안을 불러왔습니다.',
  discardDraft: '초안 지우기',
  draftDiscarded: '초안을 지웠습니다.',
  draftHint: '작성 중인 제목·내용·분야·지역은 이 기기에 자동으로 저장되어, 창을 닫았다가 다시 열어도 남아 있습니다. 연락처는 저장하지 않습니다.',
  labels: {
    title: '제목',
    body: '제안 내용',
    category: '분야',
    region: '지역',
    name: '이름',
    email: '이메일',
    phone: '전화번호',
  } as Record<'title' | 'body' | 'category' | 'region' | ContactKey, string>,
  titleHint: (max: string) => `무엇을 바꾸자는 제안인지 한 줄로 써 주세요. ${max}자 이내.`,
  bodyHint: (max: string) => `현재 어떤 문제가 있고 어떻게 바꾸면 좋을지 써 주세요. ${max}자 이내, 글자만 입력할 수 있습니다.`,
  categoryPlaceholder: '분야를 고르세요',
  regionHint: '제안이 특정 지역에 관한 것이면 골라 주세요.',
  regionNone: '지역 없음 (전국)',
  emailHint: '예: hong@example.kr',
  phoneHint: '예: 010-1234-5678',
  /** The visible counter under a field. */
  count: (n: string, max: string) => `${n} / ${max}자`,
  countOver: (over: string) => `${over}자 초과`,
  /** Polite announcements after a pause in typing (only near or over the limit). */
  countLeft: (label: string, left: string) => `${label}: ${left}자 남았습니다.`,
  countOverLive: (label: string, over: string) => `${label}: 최대 글자 수보다 ${over}자 많습니다.`,
  contact: {
    headingOptional: '연락처 (선택)',
    headingRequired: '연락처 (필수)',
    introOptional: '처리 결과를 연락처로 안내받고 싶으면 아래에서 항목별로 동의한 뒤 입력해 주세요. 동의하지 않아도 제안할 수 있습니다.',
    introRequired: '이 기관은 제안자에게 연락할 수 있어야 제안을 접수합니다. 이름과, 이메일 또는 전화번호 중 하나가 필요합니다.',
    noticeTitle: '개인정보 수집·이용 안내',
    purposeTerm: '수집·이용 목적',
    purpose: '제안 처리 결과 안내, 제안 내용에 관한 문의와 확인',
    itemsTerm: '수집 항목',
    itemsOptional: '이름, 이메일, 전화번호 (항목마다 선택)',
    itemsRequired: '이름(필수), 이메일 또는 전화번호 중 하나 이상(필수)',
    retentionTerm: '보유·이용 기간',
    retention: (days: string) => `제안 접수일로부터 ${days}일. 기간이 끝나면 지체 없이 파기합니다.`,
    refuseTerm: '동의를 거부할 권리와 거부할 때의 불이익',
    refuseOptional:
      '동의를 거부할 수 있으며, 거부해도 제안을 낼 수 있습니다. 다만 처리 결과를 연락처로 안내받을 수 없고, 접수번호와 확인 코드로만 확인할 수 있습니다.',
    refuseRequired: '동의를 거부할 수 있습니다. 다만 이 기관은 연락처가 있어야 제안을 접수하므로, 동의하지 않으면 제안을 접수할 수 없습니다.',
    minors: '만 14세 미만은 연락처를 입력하기 전에 법정대리인(부모 등 보호자)의 동의를 받아야 합니다.',
    notStored: '연락처는 이 기기에 저장되지 않고, 제안을 보낼 때 한 번만 전송됩니다. 공개되는 제안에는 연락처가 나타나지 않습니다.',
    consentLegend: (item: string, requirement: string) => `${item} 수집·이용에 동의하십니까? (${requirement})`,
    requiredOneOf: '이메일·전화번호 중 하나 필수',
    agree: '동의합니다',
    disagree: '동의하지 않습니다',
  },
  honeypot: '이 칸은 비워 두세요',
  submit: '제안 보내기',
  submitting: '제안을 보내는 중입니다…',
  solving: (percent: string) => `자동 입력 방지 확인을 계산하는 중입니다… (${percent})`,
  waiting: (seconds: string) => `자동 입력 방지를 위해 잠시 기다렸다가 보냅니다. ${seconds}초 남았습니다.`,
  retrySubmit: '다시 보내기',
  retry: retry.ko,
  errorSummaryTitle: '문제가 있습니다',
  errorPrefix: '오류:',
  errors: {
    ...commonErrors.ko,
    titleMissing: '제목을 입력해 주세요.',
    titleTooLong: (max: string, n: string) => `제목은 ${max}자 이내로 써 주세요. 지금 ${n}자입니다.`,
    bodyMissing: '제안 내용을 입력해 주세요.',
    bodyTooLong: (max: string, n: string) => `제안 내용은 ${max}자 이내로 써 주세요. 지금 ${n}자입니다.`,
    nul: (label: string) => `${label}에 입력할 수 없는 문자가 들어 있습니다. 그 문자를 지워 주세요.`,
    categoryMissing: '분야를 골라 주세요.',
    consentMissing: (item: string) => `${item} 수집·이용에 동의하는지 골라 주세요.`,
    consentRequired: (item: string) => `${item} 수집·이용에 동의해야 제안을 접수할 수 있습니다.`,
    oneOfRequired: '이메일이나 전화번호 중 하나는 동의하고 입력해야 제안을 접수할 수 있습니다.',
    nameMissing: '이름을 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    nameTooLong: (max: string) => `이름은 ${max}자 이내로 써 주세요.`,
    emailMissing: '이메일 주소를 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    emailInvalid: '이메일 주소 형식이 올바르지 않습니다. 예: hong@example.kr',
    phoneMissing: '전화번호를 입력해 주세요. 알리고 싶지 않으면 ‘동의하지 않습니다’를 고르세요.',
    phoneInvalid: '전화번호 형식이 올바르지 않습니다. 숫자와 - 로 써 주세요. 예: 010-1234-5678',
    nameMissingPlain: '이름을 입력해 주세요.',
    emailMissingPlain: '이메일 주소를 입력해 주세요.',
    phoneMissingPlain: '전화번호를 입력해 주세요.',
    /** The server refused a field the form had accepted. */
    serverField: (label: string) => `${label}: 서버가 이 값을 받아들이지 않았습니다. 고친 뒤 다시 보내 주세요.`,
    serverOther: '보낸 내용 중 처리할 수 없는 부분이 있습니다. 내용을 확인한 뒤 다시 보내 주세요.',
    serverNotSent: '제안이 아직 접수되지 않았습니다. 서버에 일시적인 문제가 있습니다. 입력한 내용은 그대로 남아 있으니 잠시 후 다시 보내 주세요.',
    notSent:
      '제안이 아직 접수되지 않았습니다. 입력한 내용은 그대로 남아 있고 이 기기에 저장되어 있습니다. 인터넷 연결을 확인한 뒤 다시 보내 주세요. 다시 보내도 두 번 접수되지 않습니다.',
    config: (detail: string) => `제안 양식을 표시할 수 없습니다. 누리집 관리자에게 알려 주세요. (설정 오류: ${detail})`,
    originNotAllowed: '이 누리집 주소에서는 제안을 받을 수 없도록 설정되어 있습니다',
    trackNotFound: '제안을 찾을 수 없습니다. 접수번호와 확인 코드를 확인해 주세요. 확인 코드 없이는 공개된 제안만 볼 수 있습니다.',
    spam: '자동으로 입력된 것으로 보여 접수하지 않았습니다. 브라우저의 자동 채우기를 끄고 다시 보내 주세요.',
    tooFast: '너무 빨리 보내져 접수하지 않았습니다. 잠시 뒤 다시 보내 주세요.',
    formToken: '양식의 유효 시간이 지났습니다. 다시 보내 주세요.',
    proofOfWork: '자동 입력 방지 확인을 마치지 못했습니다. 다시 보내 주세요.',
    noCrypto: '이 브라우저에서는 자동 입력 방지 확인을 계산할 수 없습니다. 최신 브라우저에서 https 주소로 접속해 주세요.',
    rateLimited: '짧은 시간에 너무 많이 보냈습니다. 잠시 후 다시 보내 주세요.',
    busy: '앞서 보낸 제안을 처리하고 있습니다. 잠시 후 다시 보내 주세요.',
  },
  submitted: {
    heading: '제안이 접수되었습니다',
    receiptNumber: '접수번호',
    trackingCode: '확인 코드',
    keep: '접수번호와 확인 코드를 적어 두거나 화면을 저장해 두세요. 두 가지가 있으면 공개 전에도 처리 상황을 볼 수 있습니다. 확인 코드는 다시 보여 드릴 수 없습니다.',
    track: '이 제안의 처리 상황 보기',
    another: '새 제안 쓰기',
  },
  tracking: {
    heading: '제안 처리 상황',
    receiptNumber: '접수번호',
    title: '제목',
    body: '제안 내용',
    state: '현재 상태',
    category: '분야',
    submittedAt: '접수일',
    answer: '기관 답변',
    support: '공감',
    supports: (n: string) => `공감 ${n}명`,
  },
};

export type ProposalFormMessages = typeof ko;

const en: ProposalFormMessages = {
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
  contact: {
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
    retention: (days) => `${days} ${days === '1' ? 'day' : 'days'} from the day the proposal is received, then deleted without delay.`,
    refuseTerm: 'Your right to refuse, and what refusing means',
    refuseOptional:
      'You may refuse. You can still make your proposal, but we cannot tell you the outcome; you can follow it with your receipt number and tracking code.',
    refuseRequired: 'You may refuse. This ministry needs contact details to accept a proposal, so if you refuse, your proposal cannot be filed.',
    minors: 'If you are under 14, a parent or legal guardian must agree before you give contact details.',
    notStored:
      'Contact details are not saved on this device and are sent only once, with your proposal. They never appear in the published proposal.',
    consentLegend: (item, requirement) => `Do you agree to give your ${item.toLowerCase()}? (${requirement})`,
    requiredOneOf: 'email or phone required',
    agree: 'Yes, I agree',
    disagree: 'No, I do not agree',
  },
  honeypot: 'Leave this field empty',
  submit: 'Send proposal',
  submitting: 'Sending your proposal…',
  solving: (percent) => `Working out the anti-spam check… (${percent})`,
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
    consentMissing: (item) => `Choose whether you agree to give your ${item.toLowerCase()}.`,
    consentRequired: (item) => `You need to agree to give your ${item.toLowerCase()} for the proposal to be filed.`,
    oneOfRequired: 'Agree to give an email address or a phone number, and fill it in, for the proposal to be filed.',
    nameMissing: 'Enter your name, or choose “No, I do not agree” if you do not want to give it.',
    nameTooLong: (max) => `Your name must be ${max} characters or fewer.`,
    emailMissing: 'Enter your email address, or choose “No, I do not agree” if you do not want to give it.',
    emailInvalid: 'Enter an email address in the correct format, like hong@example.kr',
    phoneInvalid: 'Enter a phone number using digits and hyphens, like 010-1234-5678',
    phoneMissing: 'Enter your phone number, or choose “No, I do not agree” if you do not want to give it.',
    nameMissingPlain: 'Enter your name.',
    emailMissingPlain: 'Enter your email address.',
    phoneMissingPlain: 'Enter your phone number.',
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
    supports: (n) => (n === '1' ? '1 supporter' : `${n} supporters`),
  },
};

export const messages: Record<Lang, ProposalFormMessages> = { ko, en };
