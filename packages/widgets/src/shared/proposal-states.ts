/**
 * The state names both proposal widgets show (<madang-proposal-form>'s tracking view and every
 * item of <madang-proposal-list>). The public state history is in ./proposal-history.ts, which
 * both import on demand.
 */
import type { ProposalState } from '@madang/contracts';
import type { Lang } from './lang.js';

export const stateLabels: Record<Lang, Record<ProposalState, string>> = {
  ko: {
    submitted: '접수',
    under_review: '검토 중',
    published: '공개 (공감 받는 중)',
    accepted: '채택',
    rejected: '불채택',
    forwarded: '위원회 회부',
    implemented: '실행 완료',
  },
  en: {
    submitted: 'Submitted',
    under_review: 'Under review',
    published: 'Published (open for support)',
    accepted: 'Accepted',
    rejected: 'Not accepted',
    forwarded: 'Forwarded to the committee',
    implemented: 'Implemented',
  },
};
