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
  honeypot: '이 칸은 비워 두세요',
  submit: '제안 보내기',
  submitting: '제안을 보내는 중입니다…',
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
};

export type ProposalFormMessages = typeof ko;
