/**
 * Every string <madang-poll> shows or announces. Korean is the default and the source of the
 * key set; English (messages-en.ts, imported on demand) is typed as `PollMessages`, so a key missing from it fails the build.
 * Numbers and dates arrive already formatted (Intl) in the widget's locale.
 */

import type { Lang } from '../shared/lang.js';
import { commonErrors, retry } from '../shared/messages.js';

export type { Lang };

export const ko = {
  loading: '투표를 불러오는 중입니다…',
  submit: '투표하기',
  submitting: '투표를 보내는 중입니다…',
  retry: retry.ko,
  results: '투표 결과',
  votes: (n: string) => `${n}표`,
  optionResult: (votes: string, percent: string) => `${votes}표 (${percent})`,
  myChoice: '내 선택',
  total: (n: string) => `총 ${n}명 참여`,
  closesAt: (date: string) => `마감: ${date}`,
  opensAt: (date: string) => `투표는 ${date}에 시작됩니다.`,
  closed: '투표가 마감되었습니다.',
  voted: '투표가 접수되었습니다. 참여해 주셔서 감사합니다.',
  votedBefore: '이 기기에서 이미 투표하셨습니다.',
  alreadyVoted: '이미 투표하셨습니다.',
  forwarded: (date: string) => `위원회에 회부됨 (${date})`,
  threshold: (current: string, count: string) => `${current} / ${count} — ${count}표가 되면 위원회에 회부됩니다`,
  thresholdReached: (current: string, count: string) => `${current} / ${count} — 기준에 도달하여 위원회에 회부되었습니다`,
  thresholdHidden: (count: string) => `${count}표가 되면 위원회에 회부됩니다`,
  thresholdLabel: (option: string) => `위원회 회부 기준 (${option})`,
  resultsAfterClose: '결과는 마감 후 공개됩니다.',
  resultsAfterVote: '결과는 투표 후 공개됩니다.',
  chooseOne: '하나를 선택해 주세요.',
  chooseExactly: (n: string) => `${n}개를 선택해 주세요.`,
  chooseUpTo: (max: string) => `최대 ${max}개까지 선택할 수 있습니다.`,
  chooseRange: (min: string, max: string) => `${min}개 이상 ${max}개 이하로 선택해 주세요.`,
  tooFew: (min: string) => `${min}개 이상 선택해 주세요.`,
  tooMany: (max: string) => `${max}개까지만 선택할 수 있습니다.`,
  loginRequired: '이 투표는 누리집에 로그인한 뒤 참여할 수 있습니다.',
  /** Screen-reader summary of live results, e.g. "찬성 1,234표, 반대 567표". */
  liveSummary: (parts: { label: string; votes: string }[]) => parts.map((p) => `${p.label} ${p.votes}표`).join(', '),
  errors: {
    ...commonErrors.ko,
    config: (detail: string) => `투표를 표시할 수 없습니다. 누리집 관리자에게 알려 주세요. (설정 오류: ${detail})`,
    originNotAllowed: '이 누리집 주소는 투표 참여가 허용되지 않았습니다',
    notFound: '투표를 찾을 수 없습니다. 주소가 바뀌었거나 삭제되었을 수 있습니다.',
    pollClosed: '투표가 마감되어 투표할 수 없습니다.',
    pollNotOpen: '아직 투표가 시작되지 않았습니다.',
    voterTokenRequired: '이 투표는 누리집에 로그인한 뒤 참여할 수 있습니다. 로그인한 뒤 다시 시도해 주세요.',
    invalidVoterToken: '로그인 정보가 만료되었거나 올바르지 않습니다. 다시 로그인한 뒤 다시 시도해 주세요.',
    rateLimited: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    validation: '선택한 내용을 처리할 수 없습니다. 선택을 확인한 뒤 다시 시도해 주세요.',
    busy: '앞서 보낸 투표를 처리하고 있습니다. 잠시 후 다시 시도해 주세요.',
  },
};

export type PollMessages = typeof ko;
