/**
 * Every string <madang-proposal-form> shows or announces. Korean is the default and the source
 * of the key set; English (messages-en.ts, imported on demand) is typed as `ProposalFormMessages`, so a key missing from it fails the
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

export const ko = {
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
