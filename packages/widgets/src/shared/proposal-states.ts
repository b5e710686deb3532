/**
 * What both proposal widgets say about a proposal's state: the state names, who made a change,
 * and the public state history (<madang-proposal-form>'s tracking mode and
 * <madang-proposal-list>'s detail both render it). All user and staff text is rendered as text.
 */
import { html, nothing } from 'lit';
import type { LocalizedText, ProposalActor, ProposalState, ProposalStateEvent } from '@madang/contracts';
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

export const actorLabels: Record<Lang, Record<ProposalActor, string>> = {
  ko: { author: '제안자', site: '담당 기관', system: '자동 (공감 기준 도달)' },
  en: { author: 'Proposer', site: 'Ministry staff', system: 'Automatic (support threshold reached)' },
};

const historyHeading: Record<Lang, string> = { ko: '처리 경과', en: 'State history' };

/** The text of a LocalizedText in `lang`, falling back to Korean. */
export const localized = (t: LocalizedText | null | undefined, lang: Lang) => (t ? (lang === 'en' && t.en) || t.ko : '');

/**
 * The public state history as an ordered list, oldest first. `headingLevel` keeps the host
 * page's outline: the widgets pass the level below their own heading.
 */
export function historyTemplate(history: readonly ProposalStateEvent[], lang: Lang, date: Intl.DateTimeFormat, headingLevel: 3 | 4 = 3) {
  const heading = historyHeading[lang];
  return html`<section part="history" class="history" aria-label=${heading}>
    ${headingLevel === 3 ? html`<h3>${heading}</h3>` : html`<h4>${heading}</h4>`}
    <ol>
      ${history.map(
        (e) => html`<li data-state=${e.state}>
          <span class="history-state">${stateLabels[lang][e.state]}</span>
          <time datetime=${e.at}>${date.format(new Date(e.at))}</time>
          <span class="history-actor">${actorLabels[lang][e.actor]}</span>
          ${e.note ? html`<p class="history-note" dir="auto">${localized(e.note, lang)}</p>` : nothing}
        </li>`,
      )}
    </ol>
  </section>`;
}
