/**
 * The texts of <madang-proposal-form>'s contact section: the PIPA notice (개인정보 보호법 제15조
 * 제2항, 제22조: purpose, items, retention, the right to refuse and what refusing costs) and the
 * per-item consent questions and the errors of the contact items, in both languages. Only sites that ask for contact details
 * (settings.contact `optional` or `required`) show them, so the element imports this module on
 * demand with those settings (before the form is shown); a site without contact details never
 * fetches it. A site's own `settings.consent.purpose` replaces the purpose and
 * `settings.consent.extra` is added below.
 */
import type { Lang } from '../shared/lang.js';

const ko = {
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
  /** What is wrong with a contact item or its consent (validated only on sites that ask for them). */
  errors: {
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
  },
};

export type NoticeTexts = typeof ko;

export const noticeTexts: Record<Lang, NoticeTexts> = {
  ko,
  en: {
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
};
