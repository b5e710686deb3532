/**
 * Every string <madang-proposal-list> shows or announces. Korean is the default and the source
 * of the key set; English (messages-en.ts, imported on demand) is typed as `ProposalListMessages`, so a key missing from it fails the
 * build. Numbers and dates arrive already formatted (Intl) in the widget's locale. State names
 * and the history come from shared/proposal-states.ts (shared with <madang-proposal-form>).
 */

import type { Lang } from '../shared/lang.js';
import { commonErrors, retry } from '../shared/messages.js';

export type { Lang };

export const ko = {
  heading: '시민 제안',
  loading: '제안을 불러오는 중입니다…',
  loadingPage: '목록을 불러오는 중입니다…',
  retry: retry.ko,
  total: (n: string) => `총 ${n}건`,
  empty: '아직 공개된 제안이 없습니다.',
  emptyCategory: (category: string) => `‘${category}’ 분야에 공개된 제안이 아직 없습니다.`,
  sortLabel: '정렬',
  sortNewest: '최신순',
  sortSupport: '공감 많은 순',
  sortedBy: (sort: string) => `${sort}으로 정렬했습니다.`,
  category: '분야',
  region: '지역',
  state: '상태',
  submittedAt: '제출일',
  publishedAt: '공개일',
  showMore: '더 보기',
  showLess: '접기',
  answer: '기관 답변',
  supportCount: (n: string) => `공감 ${n}명`,
  threshold: (current: string, count: string) => `${current} / ${count} — ${count}명이 공감하면 위원회에 회부됩니다`,
  thresholdReached: (current: string, count: string) => `${current} / ${count} — 공감 기준에 도달했습니다`,
  thresholdLabel: '위원회 회부 기준',
  forwarded: (date: string) => `${date}에 위원회에 회부되었습니다.`,
  support: '공감합니다',
  supporting: '공감을 보내는 중입니다…',
  supported: '공감했습니다',
  alreadySupported: '이미 공감하신 제안입니다.',
  loginRequired: '이 제안에 공감하려면 누리집에 로그인해 주세요.',
  /** Announced (polite) after a support was recorded. */
  supportedLive: (title: string, count: string) => `‘${title}’ 제안에 공감했습니다. 지금 공감 ${count}명입니다.`,
  forwardedLive: '공감 기준에 도달하여 위원회에 회부되었습니다.',
  pagination: '제안 목록 쪽 이동',
  previous: '이전 쪽',
  next: '다음 쪽',
  pageOf: (page: string, pages: string) => `${page} / ${pages}쪽`,
  /** Announced (polite) after the page changed. */
  pageAnnounce: (page: string, pages: string) => `${page}쪽 / 총 ${pages}쪽`,
  errors: {
    ...commonErrors.ko,
    config: (detail: string) => `제안 목록을 표시할 수 없습니다. 누리집 관리자에게 알려 주세요. (설정 오류: ${detail})`,
    originNotAllowed: '이 누리집 주소는 제안 목록을 불러오도록 허용되지 않았습니다',
    supportNetwork: '공감을 보내지 못했습니다. 인터넷 연결을 확인한 뒤 다시 눌러 주세요. 같은 공감이 두 번 세어지지는 않습니다.',
    notFound: '제안을 찾을 수 없습니다. 삭제되었거나 비공개로 바뀌었을 수 있습니다.',
    proposalNotOpen: '이 제안은 지금 공감을 받지 않습니다.',
    voterTokenRequired: '이 제안에 공감하려면 누리집에 로그인해 주세요. 로그인한 뒤 다시 시도해 주세요.',
    invalidVoterToken: '로그인 정보가 만료되었거나 올바르지 않습니다. 다시 로그인한 뒤 다시 시도해 주세요.',
    rateLimited: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    validation: '요청을 처리할 수 없습니다. 잠시 후 다시 시도해 주세요.',
    busy: '앞서 보낸 공감을 처리하고 있습니다. 잠시 후 다시 시도해 주세요.',
  },
};

export type ProposalListMessages = typeof ko;
